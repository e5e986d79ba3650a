package jgpt.finetune.classify;

import java.util.Arrays;
import java.util.Comparator;
import java.util.Random;
import java.util.stream.IntStream;
import jgpt.tensor.Tensor;

/**
 * Batches of encoded examples, each padded with padId to its own longest row. The training order is a
 * seeded shuffle per epoch (the same for a given seed and epoch, on any machine). Evaluation goes
 * through the examples shortest first, so that each batch holds rows of similar length and little
 * padding; its results do not depend on the order. Like the book, training drops a last partial batch
 * and evaluation keeps it.
 */
final class ClassificationBatches {
    private final EncodedExamples examples;
    private final int batchSize;
    private final boolean shuffle;
    private final long seed;
    private final int padId;
    private int orderEpoch = -1;
    private int[] order;

    /** One batch: ids (B, T) padded, the real length of each row, and the class of each row as a tensor and an array. */
    record Batch(Tensor ids, int[] lengths, Tensor labels, int[] classes) {
        int size() {
            return classes.length;
        }
    }

    ClassificationBatches(EncodedExamples examples, int batchSize, boolean shuffle, long seed, int padId) {
        if (batchSize < 1) throw new IllegalArgumentException("the batch size must be 1 or more, got " + batchSize);
        this.examples = examples;
        this.batchSize = batchSize;
        this.shuffle = shuffle;
        this.seed = seed;
        this.padId = padId;
    }

    int batchesPerEpoch() {
        int n = examples.size();
        return shuffle ? n / batchSize : (n + batchSize - 1) / batchSize;
    }

    Batch batch(int epoch, int index) {
        int[] order = order(epoch);
        int from = index * batchSize, to = Math.min(order.length, from + batchSize);
        int rows = to - from, width = 0;
        for (int i = from; i < to; i++) width = Math.max(width, examples.ids().get(order[i]).length);
        int[] ids = new int[rows * width], lengths = new int[rows], classes = new int[rows];
        Arrays.fill(ids, padId);
        for (int r = 0; r < rows; r++) {
            int[] tokens = examples.ids().get(order[from + r]);
            System.arraycopy(tokens, 0, ids, r * width, tokens.length);
            lengths[r] = tokens.length;
            classes[r] = examples.labels()[order[from + r]];
        }
        return new Batch(Tensor.ofInts(ids, rows, width), lengths, Tensor.ofInts(classes, rows), classes);
    }

    private int[] order(int epoch) {
        if (epoch != orderEpoch) {
            order = shuffle ? shuffled(examples.size(), new Random(seed * 1_000_003L + epoch)) : shortestFirst();
            orderEpoch = epoch;
        }
        return order;
    }

    private static int[] shuffled(int n, Random rng) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int tmp = order[i];
            order[i] = order[j];
            order[j] = tmp;
        }
        return order;
    }

    private int[] shortestFirst() {
        return IntStream.range(0, examples.size()).boxed()
                .sorted(Comparator.comparingInt(i -> examples.ids().get(i).length)).mapToInt(Integer::intValue).toArray();
    }
}

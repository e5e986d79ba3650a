package jgpt.finetune.instruct;

import jgpt.data.Batch;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Batches of encoded examples in a seeded order, like the book's DataLoader: each epoch's shuffle depends
 * on (seed, epoch) alone; training drops a final short batch, evaluation keeps it.
 */
public final class InstructionBatches {
    private final List<EncodedExample> examples;
    private final int batchSize;
    private final boolean shuffle;
    private final long seed;
    private final InstructionCollator collator;
    private final int batchesPerEpoch;

    public InstructionBatches(List<EncodedExample> examples, int batchSize, boolean shuffle, long seed, boolean dropLast,
                              InstructionCollator collator) {
        if (batchSize < 1) throw new IllegalArgumentException("The batch size must be at least 1, got " + batchSize + ".");
        this.examples = List.copyOf(examples);
        this.batchSize = batchSize;
        this.shuffle = shuffle;
        this.seed = seed;
        this.collator = collator;
        int n = examples.size();
        this.batchesPerEpoch = dropLast ? n / batchSize : (n + batchSize - 1) / batchSize;
    }

    public int batchesPerEpoch() {
        return batchesPerEpoch;
    }

    /** Batch index of an epoch (the same batch on every call). */
    public Batch batch(long epoch, int index) {
        if (index < 0 || index >= batchesPerEpoch) throw new IndexOutOfBoundsException("batch " + index + " of " + batchesPerEpoch);
        int[] order = order(epoch);
        int first = index * batchSize, count = Math.min(batchSize, order.length - first);
        List<EncodedExample> chosen = new ArrayList<>(count);
        for (int i = 0; i < count; i++) chosen.add(examples.get(order[first + i]));
        return collator.collate(chosen);
    }

    private int[] order(long epoch) {
        int[] order = new int[examples.size()];
        for (int i = 0; i < order.length; i++) order[i] = i;
        if (!shuffle) return order;
        Random rng = new Random(seed * 0x9E3779B97F4A7C15L + epoch);
        for (int i = order.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1), swap = order[i];
            order[i] = order[j];
            order[j] = swap;
        }
        return order;
    }
}

package jgpt.data;

import java.util.Random;
import jgpt.tensor.Tensor;

/**
 * Batches of windows in a seeded order, like a PyTorch DataLoader: each epoch's shuffle is a function of
 * (seed, epoch) alone, so a loader resumes exactly from its {@link Position}.
 */
public final class BatchLoader {
    private final SlidingWindowDataset dataset;
    private final int batchSize;
    private final boolean shuffle;
    private final long seed;
    private final int batchesPerEpoch;
    private int[] order;
    private long orderEpoch = -1;
    private Position position = new Position(0, 0);

    /** Where a loader is: the epoch and the index of the next batch within it. */
    public record Position(long epoch, int batch) {
    }

    /**
     * @param dropLast leave out a final batch smaller than batchSize (as for training); the batch size must
     *                 then not exceed the number of windows
     */
    public BatchLoader(SlidingWindowDataset dataset, int batchSize, boolean shuffle, long seed, boolean dropLast) {
        if (batchSize < 1) throw new IllegalArgumentException("the batch size must be at least 1, got " + batchSize);
        this.dataset = dataset;
        this.batchSize = batchSize;
        this.shuffle = shuffle;
        this.seed = seed;
        int n = dataset.size();
        this.batchesPerEpoch = dropLast ? n / batchSize : (n + batchSize - 1) / batchSize;
    }

    public int batchesPerEpoch() {
        return batchesPerEpoch;
    }

    public Position position() {
        return position;
    }

    /** Moves to a saved position. */
    public void seek(Position p) {
        if (p.epoch() < 0 || p.batch() < 0 || p.batch() > batchesPerEpoch) {
            throw new IllegalArgumentException("batch position " + p + " is outside a data set of " + batchesPerEpoch + " batches per epoch");
        }
        position = p;
    }

    /** The next batch, moving on to the next epoch after the last one. */
    public Batch next() {
        if (batchesPerEpoch == 0) throw new IllegalStateException("the data set has no batches");
        if (position.batch() >= batchesPerEpoch) position = new Position(position.epoch() + 1, 0);
        Batch b = batch(position.epoch(), position.batch());
        position = new Position(position.epoch(), position.batch() + 1);
        return b;
    }

    /** Batch index of the given epoch (the same batch on every call). */
    public Batch batch(long epoch, int index) {
        if (index < 0 || index >= batchesPerEpoch) throw new IndexOutOfBoundsException("batch " + index + " of " + batchesPerEpoch);
        int[] windows = order(epoch);
        int first = index * batchSize, count = Math.min(batchSize, windows.length - first), t = dataset.maxLength();
        int[] inputs = new int[count * t], targets = new int[count * t];
        for (int i = 0; i < count; i++) dataset.window(windows[first + i], inputs, targets, i * t);
        return new Batch(Tensor.ofInts(inputs, count, t), Tensor.ofInts(targets, count, t));
    }

    private int[] order(long epoch) {
        if (orderEpoch == epoch) return order;
        int[] o = new int[dataset.size()];
        for (int i = 0; i < o.length; i++) o[i] = i;
        if (shuffle) {
            Random rng = new Random(seed * 0x9E3779B97F4A7C15L + epoch);
            for (int i = o.length - 1; i > 0; i--) {
                int j = rng.nextInt(i + 1), tmp = o[i];
                o[i] = o[j];
                o[j] = tmp;
            }
        }
        order = o;
        orderEpoch = epoch;
        return o;
    }
}

package jgpt.generate;

import java.util.Arrays;
import java.util.Random;

/** Picks next tokens from logits as a {@link SamplingConfig} says, with its own seeded random generator. */
public final class Sampler {
    private final SamplingConfig config;
    private final Random rng;

    public Sampler(SamplingConfig config) {
        this.config = config;
        this.rng = new Random(config.seed());
    }

    public SamplingConfig config() {
        return config;
    }

    /** The next token for one row of logits (V). */
    public int next(float[] logits) {
        if (config.isGreedy()) return argmax(logits);
        float[] p = distribution(logits);
        double u = rng.nextDouble(), cumulative = 0;
        int last = 0;
        for (int i = 0; i < p.length; i++) {
            if (p[i] == 0) continue;
            cumulative += p[i];
            last = i;
            if (u < cumulative) return i;
        }
        return last;   // rounding left u just above the total
    }

    /** The index of the largest logit (the first, on ties; NaNs are passed over). */
    public static int argmax(float[] logits) {
        int best = 0;
        for (int i = 1; i < logits.length; i++) if (logits[i] > logits[best]) best = i;
        return best;
    }

    /**
     * The probabilities the sampler draws from: softmax(logits / temperature) restricted to the top-k and
     * then the top-p set and renormalised; zero outside. For temperature 0, all mass on the argmax.
     */
    public float[] distribution(float[] logits) {
        float[] p = new float[logits.length];
        if (config.isGreedy()) {
            p[argmax(logits)] = 1;
            return p;
        }
        int[] order = descendingOrder(logits);
        int keep = config.topK() == 0 ? order.length : Math.min(config.topK(), order.length);
        double max = logits[order[0]] / config.temperature(), total = 0;
        double[] weights = new double[keep];
        for (int r = 0; r < keep; r++) total += weights[r] = Math.exp(logits[order[r]] / config.temperature() - max);
        if (config.topP() < 1) keep = nucleusSize(weights, total, config.topP());
        double kept = 0;
        for (int r = 0; r < keep; r++) kept += weights[r];
        for (int r = 0; r < keep; r++) p[order[r]] = (float) (weights[r] / kept);
        return p;
    }

    // the smallest prefix of the descending weights whose share of total reaches topP
    private static int nucleusSize(double[] weights, double total, float topP) {
        double cumulative = 0;
        for (int r = 0; r < weights.length; r++) {
            cumulative += weights[r] / total;
            if (cumulative >= topP) return r + 1;
        }
        return weights.length;
    }

    // indices by logit, largest first, ties by index; sorts packed (value, index) longs to avoid boxing
    private static int[] descendingOrder(float[] logits) {
        long[] keys = new long[logits.length];
        for (int i = 0; i < logits.length; i++) {
            int bits = Float.floatToIntBits(logits[i]);
            int ascending = bits < 0 ? ~bits : bits | Integer.MIN_VALUE;   // as unsigned ints, ordered like the floats
            long descending = ~ascending & 0xFFFFFFFFL;
            keys[i] = ((descending << 32) | i) ^ Long.MIN_VALUE;   // the flipped sign bit makes signed order unsigned
        }
        Arrays.sort(keys);
        int[] order = new int[logits.length];
        for (int i = 0; i < order.length; i++) order[i] = (int) keys[i];
        return order;
    }
}

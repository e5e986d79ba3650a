package jgpt.nn;

import jgpt.tensor.AttentionDropout;
import jgpt.tensor.Functional;
import jgpt.tensor.Tensor;

/**
 * Inverted dropout, active only in training mode. Each call draws a fresh mask from (seed, call count),
 * so a run is reproducible and can be resumed from the count alone.
 */
public final class Dropout extends Module implements Layer {
    private final float p;
    private final long seed;
    private long calls;

    public Dropout(float p, long seed) {
        if (p < 0 || p >= 1) throw new IllegalArgumentException("dropout rate must be in [0, 1), got " + p);
        this.p = p;
        this.seed = seed;
    }

    @Override
    public Tensor forward(Tensor x) {
        if (!isTraining() || p == 0) return x;
        return Functional.dropout(x, p, nextSeed());
    }

    /**
     * This call's dropout for a fused attention kernel, which drops attention weights it never holds as this layer's
     * forward would drop them as a tensor: this layer's rate and next mask, or none outside training.
     */
    public AttentionDropout forAttention() {
        if (!isTraining() || p == 0) return AttentionDropout.NONE;
        return new AttentionDropout(p, nextSeed());
    }

    private long nextSeed() {
        return seed * 0x9E3779B97F4A7C15L + calls++;
    }

    /** How many masks this layer has drawn (part of a training run's RNG state). */
    public long calls() {
        return calls;
    }

    public void setCalls(long calls) {
        this.calls = calls;
    }
}

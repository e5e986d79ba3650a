package jgpt.tensor;

/**
 * Dropout on the attention weights inside a fused attention kernel. Weight (g, i, j) of the (G, T, T) weights (head g,
 * query i, key j) is dropped exactly where {@link Functional#dropout} with this seed drops element (g T + i) T + j of
 * those weights as a tensor, so the kernel drops the same weights as the book's explicit path, which never exists here.
 * Kept weights are scaled by 1 / (1 - p); the softmax's normalisation (and its log-sum-exp) is that of the weights
 * before dropout.
 *
 * @param p    the probability of dropping each weight, in [0, 1)
 * @param seed the mask's seed
 */
public record AttentionDropout(float p, long seed) {
    /** No dropout (inference, and training with a drop rate of 0). */
    public static final AttentionDropout NONE = new AttentionDropout(0f, 0L);

    public AttentionDropout {
        if (!(p >= 0 && p < 1)) throw new IllegalArgumentException("attention dropout: probability must be in [0, 1), got " + p);
    }

    /** Whether any weight can be dropped. */
    public boolean active() {
        return p > 0;
    }

    /** The factor a kept weight is scaled by. */
    public float keepScale() {
        return 1f / (1f - p);
    }
}

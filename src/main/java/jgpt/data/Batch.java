package jgpt.data;

import jgpt.tensor.Tensor;

/** One batch of windows: inputs and targets, both int32 (B, T). */
public record Batch(Tensor inputs, Tensor targets) {
    public int size() {
        return inputs.dim(0);
    }

    /** Number of target tokens, B * T. */
    public int tokens() {
        return inputs.size();
    }
}

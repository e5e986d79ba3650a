package jgpt.nn;

import jgpt.tensor.Tensor;

/** A trainable tensor under its dotted name in the module tree, e.g. {@code blocks.0.attn.qkv.weight}. */
public record Parameter(String name, Tensor tensor) {
    /** True for matrices and embeddings; false for biases and LayerNorm scales, which usually skip weight decay. */
    public boolean isMatrix() {
        return tensor.rank() >= 2;
    }
}

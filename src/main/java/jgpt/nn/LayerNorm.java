package jgpt.nn;

import jgpt.tensor.Functional;
import jgpt.tensor.Tensor;

/** Normalises the last axis to zero mean and unit variance, then scales and shifts (weight 1, bias 0 at start). */
public final class LayerNorm extends Module implements Layer {
    private final Tensor weight;
    private final Tensor bias;
    private final float eps;

    public LayerNorm(int dim, float eps) {
        this.weight = parameter("weight", Tensor.full(1f, dim));
        this.bias = parameter("bias", Tensor.zeros(dim));
        this.eps = eps;
    }

    public LayerNorm(int dim) {
        this(dim, 1e-5f);
    }

    // x (..., C) -> (..., C)
    @Override
    public Tensor forward(Tensor x) {
        return Functional.layerNorm(x, weight, bias, eps);
    }
}

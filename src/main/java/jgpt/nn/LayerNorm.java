package jgpt.nn;

import jgpt.tensor.Functional;
import jgpt.tensor.Tensor;

/** Normalises the last axis to zero mean and unit variance, then scales and shifts (weight 1, bias 0 at start). */
public final class LayerNorm extends Module implements Layer {
    private final Tensor weight;
    private final Tensor bias;
    private final float eps;

    public LayerNorm(int dim, float eps) {
        this(Tensor.full(1f, dim), Tensor.zeros(dim), eps);
    }

    /** A LayerNorm over existing weight (C) and bias (C), e.g. made on a GPU. */
    public LayerNorm(Tensor weight, Tensor bias, float eps) {
        if (weight.rank() != 1 || !java.util.Arrays.equals(weight.shape(), bias.shape())) {
            throw new IllegalArgumentException("LayerNorm: needs weight (C) and bias (C), got " + weight + " and " + bias);
        }
        this.weight = parameter("weight", weight);
        this.bias = parameter("bias", bias);
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

package jgpt.nn;

import java.util.Random;
import jgpt.tensor.Functional;
import jgpt.tensor.Tensor;

/** y = x W^T + b with W (out, in), initialised like PyTorch: U(-1/sqrt(in), 1/sqrt(in)). */
public final class Linear extends Module implements Layer {
    private final Tensor weight;
    private final Tensor bias;

    public Linear(int in, int out, boolean bias, Random rng) {
        this(Tensor.uniform(rng, -bound(in), bound(in), out, in), bias ? Tensor.uniform(rng, -bound(in), bound(in), out) : null);
    }

    private static float bound(int in) {
        return (float) (1.0 / Math.sqrt(in));
    }

    /**
     * A layer over existing tensors: weight (out, in) and bias (out) or null. Passing another module's
     * tensor ties the two (a GPT output head sharing the token embedding).
     */
    public Linear(Tensor weight, Tensor bias) {
        if (weight.rank() != 2 || (bias != null && (bias.rank() != 1 || bias.dim(0) != weight.dim(0)))) {
            throw new IllegalArgumentException("Linear: needs weight (out, in) and bias (out), got " + weight + " and " + bias);
        }
        this.weight = parameter("weight", weight);
        this.bias = bias == null ? null : parameter("bias", bias);
    }

    // x (..., in) -> (..., out)
    @Override
    public Tensor forward(Tensor x) {
        return Functional.linear(x, weight, bias);
    }

    public Tensor weight() {
        return weight;
    }

    /** The bias, or null when the layer has none. */
    public Tensor bias() {
        return bias;
    }
}

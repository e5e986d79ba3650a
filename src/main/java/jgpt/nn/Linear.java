package jgpt.nn;

import java.util.Random;
import jgpt.tensor.Functional;
import jgpt.tensor.Tensor;

/** y = x W^T + b with W (out, in), initialised like PyTorch: U(-1/sqrt(in), 1/sqrt(in)). */
public final class Linear extends Module implements Layer {
    private final Tensor weight;
    private final Tensor bias;

    public Linear(int in, int out, boolean bias, Random rng) {
        float bound = (float) (1.0 / Math.sqrt(in));
        this.weight = parameter("weight", Tensor.uniform(rng, -bound, bound, out, in));
        this.bias = bias ? parameter("bias", Tensor.uniform(rng, -bound, bound, out)) : null;
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

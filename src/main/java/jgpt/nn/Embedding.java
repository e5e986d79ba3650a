package jgpt.nn;

import java.util.Random;
import jgpt.tensor.Functional;
import jgpt.tensor.Tensor;

/** A lookup table of rows, initialised N(0, 1) like PyTorch. */
public final class Embedding extends Module implements Layer {
    private final Tensor weight;

    public Embedding(int count, int dim, Random rng) {
        this.weight = parameter("weight", Tensor.randn(rng, 1f, count, dim));
    }

    // ids int32 (...) -> (..., dim)
    @Override
    public Tensor forward(Tensor ids) {
        return Functional.embedding(ids, weight);
    }

    public Tensor weight() {
        return weight;
    }
}

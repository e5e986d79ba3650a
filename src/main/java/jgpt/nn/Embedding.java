package jgpt.nn;

import java.util.Random;
import jgpt.tensor.Functional;
import jgpt.tensor.Tensor;

/** A lookup table of rows, initialised N(0, 1) like PyTorch. */
public final class Embedding extends Module implements Layer {
    private final Tensor weight;

    public Embedding(int count, int dim, Random rng) {
        this(Tensor.randn(rng, 1f, count, dim));
    }

    /** A table over an existing weight (count, dim), like torch's Embedding.from_pretrained. */
    public Embedding(Tensor weight) {
        if (weight.rank() != 2) throw new IllegalArgumentException("Embedding: needs a weight (count, dim), got " + weight);
        this.weight = parameter("weight", weight);
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

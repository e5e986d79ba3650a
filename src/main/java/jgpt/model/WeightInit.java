package jgpt.model;

import java.util.Random;
import jgpt.nn.Embedding;
import jgpt.nn.Linear;
import jgpt.tensor.Tensor;

/**
 * Makes the model's layers with GPT-2's initialisation (as OpenAI's code and Hugging Face transformers do):
 * weights and embeddings N(0, 0.02^2), the two projections that feed each residual stream N(0, (0.02 /
 * sqrt(2 nLayers))^2), biases 0 (LayerNorm starts at weight 1, bias 0). Draws come from one seeded Random
 * in construction order, so a seed fixes the model. The zeros variant skips the draws for a model whose
 * weights a checkpoint will overwrite.
 */
final class WeightInit {
    private static final float STD = 0.02f;

    private final Random rng;
    private final float residualStd;
    private final long seed;
    private long dropoutLayers;

    private WeightInit(Random rng, int nLayers, long seed) {
        this.rng = rng;
        this.residualStd = (float) (STD / Math.sqrt(2.0 * nLayers));
        this.seed = seed;
    }

    static WeightInit gpt2(GPTConfig config, long seed) {
        return new WeightInit(new Random(seed), config.nLayers(), seed);
    }

    static WeightInit zeros(GPTConfig config, long seed) {
        return new WeightInit(null, config.nLayers(), seed);
    }

    Embedding embedding(int count, int dim) {
        return new Embedding(normal(STD, count, dim));
    }

    Linear linear(int in, int out, boolean bias) {
        return new Linear(normal(STD, out, in), bias ? Tensor.zeros(out) : null);
    }

    /** A projection whose output is added to the residual stream (attention's and the feed-forward's last). */
    Linear residualProjection(int in, int out) {
        return new Linear(normal(residualStd, out, in), Tensor.zeros(out));
    }

    /** A distinct seed for each dropout layer, derived from the model's seed. */
    long dropoutSeed() {
        return seed * 1_000_003L + dropoutLayers++;
    }

    private Tensor normal(float std, int... shape) {
        return rng == null ? Tensor.zeros(shape) : Tensor.randn(rng, std, shape);
    }
}

package jgpt.model;

import java.util.Random;
import jgpt.nn.Embedding;
import jgpt.nn.LayerNorm;
import jgpt.nn.Linear;
import jgpt.tensor.Device;
import jgpt.tensor.Tensor;

/**
 * Makes the model's layers with GPT-2's initialisation (as OpenAI's code and Hugging Face transformers do):
 * weights and embeddings N(0, 0.02^2), the two projections that feed each residual stream N(0, (0.02 /
 * sqrt(2 nLayers))^2), biases 0 (LayerNorm starts at weight 1, bias 0). Draws come from one seeded Random
 * in construction order, so a seed fixes the model on every device. The PyTorch variant draws torch's module
 * defaults instead ({@link Initialization#PYTORCH}); the zeros variant skips the draws for a model whose
 * weights a checkpoint will overwrite.
 */
final class WeightInit {
    private static final float STD = 0.02f;

    private final Random rng;
    private final boolean pytorch;
    private final float residualStd;
    private final long seed;
    private final Device device;
    private long dropoutLayers;

    private WeightInit(Random rng, boolean pytorch, int nLayers, long seed, Device device) {
        this.rng = rng;
        this.pytorch = pytorch;
        this.residualStd = (float) (STD / Math.sqrt(2.0 * nLayers));
        this.seed = seed;
        this.device = device;
    }

    static WeightInit of(Initialization scheme, GPTConfig config, long seed, Device device) {
        return new WeightInit(new Random(seed), scheme == Initialization.PYTORCH, config.nLayers(), seed, device);
    }

    static WeightInit zeros(GPTConfig config, long seed, Device device) {
        return new WeightInit(null, false, config.nLayers(), seed, device);
    }

    Embedding embedding(int count, int dim) {
        return new Embedding(normal(pytorch ? 1f : STD, count, dim));
    }

    Linear linear(int in, int out, boolean bias) {
        if (pytorch) return pytorchLinear(in, out, bias);
        return new Linear(normal(STD, out, in), bias ? Tensor.zeros(out).to(device) : null);
    }

    // torch.nn.Linear's reset_parameters: weight and bias U(-1/sqrt(in), 1/sqrt(in))
    private Linear pytorchLinear(int in, int out, boolean bias) {
        float bound = (float) (1 / Math.sqrt(in));
        return new Linear(uniform(bound, out, in), bias ? uniform(bound, out) : null);
    }

    LayerNorm layerNorm(int dim) {
        return new LayerNorm(Tensor.full(1f, dim).to(device), Tensor.zeros(dim).to(device), GPTConfig.LAYER_NORM_EPS);
    }

    /** A projection whose output is added to the residual stream (attention's and the feed-forward's last). */
    Linear residualProjection(int in, int out) {
        if (pytorch) return pytorchLinear(in, out, true);
        return new Linear(normal(residualStd, out, in), Tensor.zeros(out).to(device));
    }

    /** A distinct seed for each dropout layer, derived from the model's seed. */
    long dropoutSeed() {
        return seed * 1_000_003L + dropoutLayers++;
    }

    private Tensor normal(float std, int... shape) {
        return (rng == null ? Tensor.zeros(shape) : Tensor.randn(rng, std, shape)).to(device);
    }

    private Tensor uniform(float bound, int... shape) {
        return (rng == null ? Tensor.zeros(shape) : Tensor.uniform(rng, -bound, bound, shape)).to(device);
    }
}

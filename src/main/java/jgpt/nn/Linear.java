package jgpt.nn;

import java.util.Random;
import jgpt.tensor.Functional;
import jgpt.tensor.InPlace;
import jgpt.tensor.PackedWeight;
import jgpt.tensor.Tensor;
import jgpt.tensor.WeightFormat;

/**
 * y = x W^T + b with W (out, in), initialised like PyTorch: U(-1/sqrt(in), 1/sqrt(in)).
 *
 * <p>A layer may carry a {@link LowRankAdapter} (LoRA): y = x W^T + b + adapter(x). The adapter is the child
 * {@code lora}, so its parameters are listed as {@code <layer>.lora.A} and {@code <layer>.lora.B}.
 */
public final class Linear extends Module implements Layer {
    private static final String ADAPTER = "lora";
    private final Tensor weight;
    private final Tensor bias;
    private LowRankAdapter adapter;
    private PackedWeight packed;

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
        Tensor y = packed == null ? Functional.linear(x, weight, bias) : Functional.packedLinear(x, packed, bias);
        return adapter == null ? y : y.add(adapter.forward(x));
    }

    /**
     * gelu(forward(x)) with the tanh GELU: one fused op ({@link Functional#linearGelu}) for a plain float32 layer, the
     * separate ops when an adapter or packed inference weights are attached.
     */
    public Tensor forwardGelu(Tensor x) {
        if (packed == null && adapter == null) return Functional.linearGelu(x, weight, bias);
        return Functional.gelu(forward(x));
    }

    /** Adds a low-rank adapter to this layer; it must fit the weight's (out, in) and the layer must have none yet. */
    public void attach(LowRankAdapter lora) {
        if (adapter != null) throw new IllegalStateException("Linear: this layer already has a LoRA adapter");
        if (lora.inFeatures() != weight.dim(1) || lora.outFeatures() != weight.dim(0)) {
            throw new IllegalArgumentException("Linear: a LoRA adapter for " + lora.inFeatures() + " -> " + lora.outFeatures()
                    + " features does not fit a layer of weight " + weight);
        }
        adapter = child(ADAPTER, lora);
    }

    /** The attached adapter, or null. */
    public LowRankAdapter adapter() {
        return adapter;
    }

    /** Adds the adapter's update into the weight and removes the adapter: the same outputs, one GEMM. */
    public void mergeAdapter() {
        if (adapter == null) return;
        try (var noGrad = Tensor.noGrad()) {
            InPlace.axpy(1f, adapter.delta(), weight);
        }
        removeChild(ADAPTER);
        adapter = null;
    }

    /**
     * Makes forward read a copy of the weight in format (bf16, int8) instead of the float32 weight, for
     * inference on the CPU: fewer bytes per token when decoding. FP32 goes back to the float32 weight. The
     * copy is taken now; later changes to the weight do not reach it, and forward records no gradients.
     */
    public void packForInference(WeightFormat format) {
        if (format == WeightFormat.FP32) {
            packed = null;
            return;
        }
        packed = Functional.packWeight(weight, format);
    }

    public Tensor weight() {
        return weight;
    }

    /** The bias, or null when the layer has none. */
    public Tensor bias() {
        return bias;
    }
}

package jgpt.backend.cuda;

import java.util.Locale;

/**
 * How the CUDA backend multiplies matrices, like PyTorch's autocast: storages, master weights, optimizer
 * state and every non-matrix kernel stay float32 in all modes; only the matrix units' inputs change.
 */
public enum Precision {
    /** Float32 on the CUDA cores; matches the CPU backend to about 1e-6. */
    FP32,
    /** GEMM inputs rounded to tf32 (10-bit mantissa) on the tensor cores, float32 accumulation. */
    TF32,
    /**
     * GEMM and attention inputs rounded to bfloat16 on the tensor cores, float32 accumulation and outputs;
     * causal attention with head size 64 runs a tensor-core flash-attention kernel.
     */
    BF16;

    /** The mode named by text ("fp32", "tf32", "bf16"); one sentence naming the choices otherwise. */
    public static Precision parse(String text) {
        try {
            return valueOf(text.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("precision must be fp32, tf32 or bf16, got '" + text + "'");
        }
    }
}

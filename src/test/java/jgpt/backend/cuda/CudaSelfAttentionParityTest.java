package jgpt.backend.cuda;

import java.util.Random;
import jgpt.tensor.Functional;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static jgpt.backend.cuda.DeviceParity.checkWithin;

/**
 * Causal self-attention on the packed (B, T, 3C) projection, output and dqkv, on the GPU against the CPU backend:
 * the float32 row kernels (any head size) within 1e-4, the bf16 tensor-core kernels (head size 64) within 1e-2.
 */
@ExtendWith(GpuAtFloat32.class)
class CudaSelfAttentionParityTest {
    private static final double BF16_TOLERANCE = 1e-2;

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 63, 64, 65, 200})
    void float32RowKernels(int t) {
        Random rng = new Random(t);
        for (int d : new int[] {16, 64, 80}) {
            for (int heads = 1; heads <= 12; heads++) check(DeviceParity.TOLERANCE, "fp32", rng, 1 + heads % 2, t, heads, d);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 63, 64, 65, 200})
    void bf16TensorCoreKernels(int t) {
        CudaBackend.get().setPrecision(Precision.BF16);
        Random rng = new Random(100 + t);
        for (int heads = 1; heads <= 12; heads++) check(BF16_TOLERANCE, "bf16", rng, 1 + heads % 2, t, heads, 64);
    }

    private static void check(double tolerance, String mode, Random rng, int b, int t, int heads, int d) {
        checkWithin(tolerance, mode + " causalSelfAttention B=" + b + " T=" + t + " H=" + heads + " D=" + d, rng,
                x -> Functional.causalSelfAttention(x[0], heads), new int[] {b, t, 3 * heads * d});
    }
}

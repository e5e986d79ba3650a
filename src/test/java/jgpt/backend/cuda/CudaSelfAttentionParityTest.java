package jgpt.backend.cuda;

import java.util.Random;
import jgpt.tensor.AttentionDropout;
import jgpt.tensor.Functional;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static jgpt.backend.cuda.DeviceParity.checkWithin;

/**
 * Causal self-attention on the packed (B, T, 3C) projection, output and dqkv, on the GPU against the CPU backend:
 * float32 heads in float32 precision through GEMMs (GemmAttention) within 1e-4 and in tf32 within 1e-2, float32 heads
 * in bf16 precision on the row kernels (any head size) within 1e-4, bf16 heads on the tensor-core kernels (head size
 * 64) within 1e-2; and each of these routes with dropout on the attention weights, whose masks the CPU draws too.
 */
@ExtendWith(GpuAtFloat32.class)
class CudaSelfAttentionParityTest {
    private static final double REDUCED_TOLERANCE = 1e-2;

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 63, 64, 65, 200})
    void float32ThroughGemms(int t) {
        Random rng = new Random(t);
        for (int d : new int[] {16, 64, 80}) {
            for (int heads = 1; heads <= 12; heads++) check(DeviceParity.TOLERANCE, "fp32", rng, 1 + heads % 2, t, heads, d);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 65, 200})
    void tf32ThroughGemms(int t) {
        CudaBackend.get().setPrecision(Precision.TF32);
        Random rng = new Random(200 + t);
        for (int heads = 1; heads <= 12; heads += 5) check(REDUCED_TOLERANCE, "tf32", rng, 2, t, heads, 64);
    }

    // bf16 precision sends float32 heads, and bf16 heads of sizes other than 64 as float32 copies, to the row kernels
    @ParameterizedTest
    @ValueSource(ints = {1, 2, 65, 200})
    void float32RowKernels(int t) {
        CudaBackend.get().setPrecision(Precision.BF16);
        Random rng = new Random(300 + t);
        for (int d : new int[] {16, 80}) {
            for (int heads = 1; heads <= 12; heads += 3) check(DeviceParity.TOLERANCE, "rows", rng, 1 + heads % 2, t, heads, d);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 63, 64, 65, 200})
    void bf16TensorCoreKernels(int t) {
        CudaBackend.get().setPrecision(Precision.BF16);
        Random rng = new Random(100 + t);
        for (int heads = 1; heads <= 12; heads++) check(REDUCED_TOLERANCE, "bf16", rng, 1 + heads % 2, t, heads, 64);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 65, 200})
    void dropoutOnEveryRoute(int t) {
        Random rng = new Random(500 + t);
        var dropout = new AttentionDropout(0.25f, 1000L + t);
        check(DeviceParity.TOLERANCE, "fp32", rng, 2, t, 3, 16, dropout);
        CudaBackend.get().setPrecision(Precision.TF32);
        check(REDUCED_TOLERANCE, "tf32", rng, 2, t, 3, 64, dropout);
        CudaBackend.get().setPrecision(Precision.BF16);
        check(DeviceParity.TOLERANCE, "rows", rng, 2, t, 5, 16, dropout);
        check(REDUCED_TOLERANCE, "bf16", rng, 2, t, 12, 64, dropout);
    }

    private static void check(double tolerance, String mode, Random rng, int b, int t, int heads, int d) {
        check(tolerance, mode, rng, b, t, heads, d, AttentionDropout.NONE);
    }

    private static void check(double tolerance, String mode, Random rng, int b, int t, int heads, int d, AttentionDropout dropout) {
        checkWithin(tolerance, mode + " causalSelfAttention B=" + b + " T=" + t + " H=" + heads + " D=" + d + " " + dropout, rng,
                x -> Functional.causalSelfAttention(x[0], heads, dropout), new int[] {b, t, 3 * heads * d});
    }
}

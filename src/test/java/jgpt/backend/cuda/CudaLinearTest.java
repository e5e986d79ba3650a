package jgpt.backend.cuda;

import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import jgpt.tensor.Device;
import jgpt.tensor.Functional;
import jgpt.tensor.Tensor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static jgpt.backend.cuda.DeviceParity.assertClose;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Functional.linear and linearGelu on the GPU (LinearKernels: cuBLASLt bias, GELU and bias-gradient epilogues, or a
 * GEMM and separate kernels where those cannot run) against the CPU backend: forward with and without gradients
 * recorded, and the gradients of x, W and b, in every engine and precision, with epilogues on and off, and padded.
 */
class CudaLinearTest {
    private static final double FP32_TOLERANCE = 1e-4, REDUCED_TOLERANCE = 1e-2;

    /** x of xShape (..., in) through a layer of out features, with or without a bias. */
    record Case(String name, int[] xShape, int out, boolean bias) {
        int in() {
            return xShape[xShape.length - 1];
        }

        @Override
        public String toString() {
            return name;
        }
    }

    private record Setup(CublasGemm.Engine engine, Precision precision, GemmPadding padding, boolean epilogues) {
        double tolerance() {
            return precision == Precision.FP32 ? FP32_TOLERANCE : REDUCED_TOLERANCE;
        }
    }

    /** What a layer gives: forward with and without the tape, and the three gradients (db empty without a bias). */
    private record Result(float[] y, float[] yWithoutGrad, float[] dx, float[] dw, float[] db) {
    }

    private static final GemmPadding DEFAULT_PADDING = new GemmPadding(64, 1e10), PAD_ALL_TO_64 = new GemmPadding(64, 0);
    private static final List<Setup> SETUPS = List.of(
            new Setup(CublasGemm.Engine.LT, Precision.FP32, DEFAULT_PADDING, true),
            new Setup(CublasGemm.Engine.LT, Precision.FP32, DEFAULT_PADDING, false),
            new Setup(CublasGemm.Engine.LT, Precision.TF32, DEFAULT_PADDING, true),
            new Setup(CublasGemm.Engine.LT, Precision.BF16, DEFAULT_PADDING, true),
            new Setup(CublasGemm.Engine.LT, Precision.BF16, DEFAULT_PADDING, false),
            new Setup(CublasGemm.Engine.LT, Precision.BF16, PAD_ALL_TO_64, true),
            new Setup(CublasGemm.Engine.CUBLAS, Precision.FP32, DEFAULT_PADDING, true),
            new Setup(CublasGemm.Engine.CUBLAS, Precision.BF16, DEFAULT_PADDING, true));

    @BeforeAll
    static void requireGpu() {
        DeviceParity.assumeGpu();
    }

    @AfterEach
    void backToDefaults() {
        apply(new Setup(CublasGemm.Engine.fromEnvironment(), Precision.FP32, GemmPadding.fromEnvironment(),
                CublasGemm.epiloguesFromEnvironment()));
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("odd: n 21, in 37, out 19", new int[] {3, 7, 37}, 19, true),
                new Case("n 65, out 256", new int[] {5, 13, 64}, 256, true),
                new Case("GPT-2 MLP expansion: n 512, 768 -> 3072", new int[] {4, 128, 768}, 3072, true),
                new Case("GPT-2 MLP projection: n 128, 3072 -> 768", new int[] {2, 64, 3072}, 768, true),
                new Case("output head: n 128, V 50257, no bias", new int[] {2, 64, 64}, 50257, false),
                new Case("head-like with a bias: n 66, V 50257", new int[] {2, 33, 64}, 50257, true),
                new Case("odd without a bias: n 9, in 37, out 24", new int[] {9, 37}, 24, false),
                new Case("one row, as in decoding: n 1, 64 -> 256", new int[] {1, 1, 64}, 256, true));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void linearAndLinearGeluMatchTheCpuInEverySetup(Case c) {
        Random rng = new Random(c.name().hashCode());
        int n = DeviceParity.numel(c.xShape()) / c.in();
        float[] x = DeviceParity.normal(rng, n * c.in()), w = scaled(DeviceParity.normal(rng, c.out() * c.in()), c.in());
        float[] b = DeviceParity.normal(rng, c.out()), gradWeights = DeviceParity.normal(rng, n * c.out());
        for (boolean gelu : new boolean[] {false, true}) {
            Result expected = run(Device.CPU, c, gelu, x, w, b, gradWeights);
            for (Setup setup : SETUPS) {
                apply(setup);
                String what = (gelu ? "linearGelu " : "linear ") + c + " " + setup;
                Result actual = run(Device.CUDA, c, gelu, x, w, b, gradWeights);
                double tolerance = setup.tolerance();
                assertClose(what + " forward", actual.y(), expected.y(), tolerance);
                assertClose(what + " forward without gradients", actual.yWithoutGrad(), expected.y(), tolerance);
                assertClose(what + " dx", actual.dx(), expected.dx(), tolerance);
                assertClose(what + " dW", actual.dw(), expected.dw(), tolerance);
                assertClose(what + " db", actual.db(), expected.db(), tolerance);
            }
        }
    }

    /**
     * Where cuBLASLt has an algorithm, bf16 linear layers of aligned widths (GPT-2's) run their bias and GELU in the
     * forward GEMM and their bias gradient in the weight-gradient GEMM, and with epilogues off none do. Prints what
     * each precision did, so a run shows which fell back.
     */
    @Test
    void alignedBf16LayersRunTheirEpiloguesInCublasLt() {
        Case c = new Case("GPT-2 MLP expansion, n 512", new int[] {4, 128, 768}, 3072, true);
        Random rng = new Random(1);
        float[] x = DeviceParity.normal(rng, 512 * 768), w = scaled(DeviceParity.normal(rng, 3072 * 768), 768);
        float[] b = DeviceParity.normal(rng, 3072), gradWeights = DeviceParity.normal(rng, 512 * 3072);
        LinearKernels linear = CudaBackend.get().linear();
        for (Precision precision : Precision.values()) {
            for (boolean on : new boolean[] {true, false}) {
                apply(new Setup(CublasGemm.Engine.LT, precision, DEFAULT_PADDING, on));
                long[] before = linear.epilogueCounts();
                run(Device.CUDA, c, true, x, w, b, gradWeights);
                long[] after = linear.epilogueCounts();
                long fused = after[0] - before[0], separate = after[1] - before[1];
                System.out.printf("linearGelu 512 x 768 -> 3072, %s, epilogues %s: %d GEMM epilogues in cuBLASLt, %d as separate kernels%n",
                        precision, on ? "on" : "off", fused, separate);
                if (precision == Precision.BF16 || !on) {
                    // forward with and without the tape (GELU_AUX_BIAS, GELU_BIAS) and the weight gradient's BGRADB
                    assertThat(new long[] {fused, separate}).as(precision + ", epilogues " + (on ? "on" : "off"))
                            .containsExactly(on ? 3 : 0, on ? 0 : 3);
                }
            }
        }
    }

    private static Result run(Device device, Case c, boolean gelu, float[] xValues, float[] wValues, float[] bValues, float[] gradWeights) {
        Tensor x = Tensor.of(xValues, c.xShape()).to(device).requiresGrad(true);
        Tensor w = Tensor.of(wValues, c.out(), c.in()).to(device).requiresGrad(true);
        Tensor b = c.bias() ? Tensor.of(bValues, c.out()).to(device).requiresGrad(true) : null;
        float[] withoutGrad;
        try (var noGrad = Tensor.noGrad()) {
            withoutGrad = layer(gelu, x, w, b).toFloatArray();
        }
        Tensor y = layer(gelu, x, w, b);
        float[] forward = y.toFloatArray();
        y.mul(Tensor.of(gradWeights, y.shape()).to(device)).sum().backward();
        return new Result(forward, withoutGrad, x.grad().toFloatArray(), w.grad().toFloatArray(), b == null ? new float[0] : b.grad().toFloatArray());
    }

    private static Tensor layer(boolean gelu, Tensor x, Tensor w, Tensor b) {
        return gelu ? Functional.linearGelu(x, w, b) : Functional.linear(x, w, b);
    }

    // N(0, 1) weights scaled by 1/sqrt(in), so that pre-activations are O(1) and GELU's curve matters
    private static float[] scaled(float[] w, int in) {
        float s = (float) (1 / Math.sqrt(in));
        for (int i = 0; i < w.length; i++) w[i] *= s;
        return w;
    }

    private static void apply(Setup setup) {
        CublasGemm gemm = CudaBackend.get().gemm();
        gemm.setEngine(setup.engine());
        gemm.setPrecision(setup.precision());
        gemm.setPadding(setup.padding());
        gemm.setEpilogues(setup.epilogues());
    }
}

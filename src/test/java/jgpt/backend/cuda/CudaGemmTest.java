package jgpt.backend.cuda;

import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import jgpt.backend.cpu.CpuBackend;
import jgpt.tensor.Backend;
import jgpt.tensor.Storage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static jgpt.backend.cuda.DeviceParity.assertClose;

/**
 * Backend.matmul on the GPU against the CPU backend, through cuBLASLt (autotuned) and classic cuBLAS, in float32,
 * tf32 and bf16, with and without padded operands: odd sizes, every transpose, batches with a shared operand,
 * accumulation, C at a misaligned offset with gaps between its rows (which must stay untouched), and the output
 * head's shapes at a vocabulary that is not a multiple of 8.
 */
class CudaGemmTest {
    private static final double FP32_TOLERANCE = 1e-4, REDUCED_TOLERANCE = 1e-2;

    /** One Backend.matmul call; every matrix lies at an offset, with row strides of at least its width. */
    record Case(String name, boolean transA, boolean transB, int batch, int m, int n, int k, int pad, boolean sharedB,
                int cOffset, boolean accumulate) {
        int rowsA() { return transA ? k : m; }
        int colsA() { return transA ? m : k; }
        int rowsB() { return transB ? n : k; }
        int colsB() { return transB ? k : n; }
        int lda() { return colsA() + pad; }
        int ldb() { return colsB() + pad; }
        int ldc() { return n + pad; }
        int strideA() { return rowsA() * lda(); }
        int strideB() { return sharedB ? 0 : rowsB() * ldb(); }
        int strideC() { return m * ldc(); }

        @Override
        public String toString() {
            return name;
        }
    }

    /** An engine, a precision and a padding policy to run a case under. */
    private record Setup(CublasGemm.Engine engine, Precision precision, GemmPadding padding) {
        double tolerance() {
            return precision == Precision.FP32 ? FP32_TOLERANCE : REDUCED_TOLERANCE;
        }
    }

    private static final GemmPadding NO_PADDING = new GemmPadding(0, 0), PAD_ALL_TO_8 = new GemmPadding(8, 0),
            PAD_ALL_TO_64 = new GemmPadding(64, 0);
    private static final List<Setup> SETUPS = List.of(
            new Setup(CublasGemm.Engine.LT, Precision.FP32, NO_PADDING), new Setup(CublasGemm.Engine.CUBLAS, Precision.FP32, NO_PADDING),
            new Setup(CublasGemm.Engine.LT, Precision.TF32, NO_PADDING),
            new Setup(CublasGemm.Engine.LT, Precision.BF16, NO_PADDING), new Setup(CublasGemm.Engine.CUBLAS, Precision.BF16, NO_PADDING),
            new Setup(CublasGemm.Engine.LT, Precision.BF16, PAD_ALL_TO_8), new Setup(CublasGemm.Engine.LT, Precision.BF16, PAD_ALL_TO_64),
            new Setup(CublasGemm.Engine.CUBLAS, Precision.BF16, PAD_ALL_TO_64));

    @BeforeAll
    static void requireGpu() {
        DeviceParity.assumeGpu();
    }

    @AfterEach
    void backToDefaults() {
        CublasGemm gemm = CudaBackend.get().gemm();
        gemm.setPrecision(Precision.FP32);
        gemm.setEngine(CublasGemm.Engine.fromEnvironment());
        gemm.setPadding(GemmPadding.fromEnvironment());
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("NN 37x29x13", false, false, 1, 37, 29, 13, 0, false, 0, false),
                new Case("NT odd output width, accumulate", false, true, 1, 40, 131, 96, 0, false, 0, true),
                new Case("TN batch 3, C misaligned with gaps, accumulate", true, false, 3, 33, 21, 17, 3, false, 1, true),
                new Case("TT batch 2, shared B", true, true, 2, 19, 23, 31, 5, true, 0, false),
                new Case("NT autotuned, C misaligned, accumulate", false, true, 1, 512, 1000, 257, 0, false, 3, true),
                new Case("NN autotuned batch 4, shared B", false, false, 4, 256, 192, 320, 0, true, 0, false),
                new Case("head forward, V 50257", false, true, 1, 256, 50257, 64, 0, false, 0, false),
                new Case("head input gradient, k 50257", false, false, 1, 256, 64, 50257, 0, false, 0, false),
                new Case("head weight gradient, m 50257, accumulate", true, false, 1, 50257, 64, 256, 0, false, 0, true));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void matmulMatchesTheCpuInEveryEngineAndPrecision(Case c) {
        Random rng = new Random(c.hashCode());
        float[] a = DeviceParity.normal(rng, c.cOffset() + c.batch() * c.strideA());
        float[] b = DeviceParity.normal(rng, c.cOffset() + (c.sharedB() ? 1 : c.batch()) * c.rowsB() * c.ldb());
        float[] c0 = DeviceParity.normal(rng, c.cOffset() + c.batch() * c.strideC());
        float[] expected = product(CpuBackend.get(), c, a, b, c0);
        CublasGemm gemm = CudaBackend.get().gemm();
        for (Setup setup : SETUPS) {
            gemm.setEngine(setup.engine());
            gemm.setPrecision(setup.precision());
            gemm.setPadding(setup.padding());
            float[] actual = product(CudaBackend.get(), c, a, b, c0);
            assertClose(c + " " + setup, actual, expected, setup.tolerance());
            // the second call of a shape runs the algorithm its first call chose
            assertClose(c + " " + setup + ", tuned", product(CudaBackend.get(), c, a, b, c0), expected, setup.tolerance());
        }
    }

    /** The whole of C's storage after the call, gaps and offset included. */
    private static float[] product(Backend backend, Case c, float[] a, float[] b, float[] c0) {
        Storage sa = backend.upload(a), sb = backend.upload(b), sc = backend.upload(c0);
        backend.matmul(c.transA(), c.transB(), c.batch(), c.m(), c.n(), c.k(), sa, c.cOffset(), c.lda(), c.strideA(),
                sb, c.cOffset(), c.ldb(), c.strideB(), sc, c.cOffset(), c.ldc(), c.strideC(), c.accumulate());
        return backend.downloadFloats(sc, 0, c0.length);
    }
}

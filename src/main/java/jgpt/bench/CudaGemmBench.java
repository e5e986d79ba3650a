package jgpt.bench;

import java.io.PrintWriter;
import java.util.Objects;
import java.util.Random;
import jgpt.backend.cuda.CudaBackend;
import jgpt.backend.cuda.Precision;
import jgpt.tensor.DType;
import jgpt.tensor.Storage;

/**
 * Times single GEMMs through the CUDA backend's matmul as a model calls it (float32 operands, packed to bf16 in
 * that precision, float32 output), at given row-major shapes, so that each of a training step's products can be
 * set beside torch.matmul's time for the same shape (scripts/device/gemm_peak.py). The environment variables
 * JGPT_GEMM (lt or cublas) and JGPT_GEMM_PAD choose the library and the padding, so that runs side by side compare them.
 */
final class CudaGemmBench {
    /** Random rows tiled over each operand: generating gigabytes of random floats on the host would take minutes. */
    private static final int TILE_ROWS = 64;
    /** Each timed round repeats the product until it does about this many flops. */
    private static final double FLOPS_PER_ROUND = 2e11;

    private CudaGemmBench() {
    }

    static void run(GemmBench.Options options, PrintWriter out) {
        CudaBackend gpu = CudaBackend.get();
        out.println("device   " + gpu.deviceName() + ", precision " + gpu.precision().name().toLowerCase(java.util.Locale.ROOT)
                + ", JGPT_GEMM=" + Objects.requireNonNullElse(System.getenv("JGPT_GEMM"), "(default lt)")
                + ", JGPT_GEMM_PAD=" + Objects.requireNonNullElse(System.getenv("JGPT_GEMM_PAD"), "(default 64)"));
        out.printf("timing   best of %d rounds after %d warm-up calls (the first call of a shape autotunes), op(A) op(B) = %s%n",
                options.iters(), options.warmup(), options.trans());
        out.printf("%-20s %10s %10s%n", "shape (MxKxN)", "ms/call", "TFLOP/s");
        for (GemmBench.Shape shape : options.shapes()) {
            double seconds = measure(gpu, shape, options.trans(), options.warmup(), options.iters());
            out.printf("%-20s %10.3f %10.1f%n", shape + " " + options.trans(), seconds * 1e3, shape.flops() / seconds / 1e12);
            out.flush();
        }
    }

    /** Best seconds per call. */
    private static double measure(CudaBackend gpu, GemmBench.Shape s, String trans, int warmup, int iters) {
        boolean transA = trans.charAt(0) == 'T', transB = trans.charAt(1) == 'T';
        Random rng = new Random(1);
        int rowsA = transA ? s.k() : s.m(), colsA = transA ? s.m() : s.k(), rowsB = transB ? s.n() : s.k(), colsB = transB ? s.k() : s.n();
        Storage a = randomMatrix(gpu, rng, rowsA, colsA), b = randomMatrix(gpu, rng, rowsB, colsB);
        Storage c = gpu.allocateUninitialized(DType.FLOAT32, s.m() * s.n());
        Runnable product = () -> gpu.matmul(transA, transB, 1, s.m(), s.n(), s.k(), a, 0, colsA, 0, b, 0, colsB, 0, c, 0, s.n(), 0, false);
        for (int i = 0; i < Math.max(1, warmup); i++) product.run();
        int reps = (int) Math.clamp(FLOPS_PER_ROUND / s.flops(), 1, 1000);
        long best = Long.MAX_VALUE;
        for (int i = 0; i < iters; i++) {
            gpu.synchronize();
            long start = System.nanoTime();
            for (int r = 0; r < reps; r++) product.run();
            gpu.synchronize();
            best = Math.min(best, System.nanoTime() - start);
        }
        return best * 1e-9 / reps;
    }

    /** A (rows, cols) matrix (with up to 63 spare rows) whose rows repeat a block of random N(0, 1) rows. */
    private static Storage randomMatrix(CudaBackend gpu, Random rng, int rows, int cols) {
        float[] tile = new float[TILE_ROWS * cols];
        for (int i = 0; i < tile.length; i++) tile[i] = (float) rng.nextGaussian();
        int tiles = Math.ceilDiv(rows, TILE_ROWS);
        Storage block = gpu.upload(tile), matrix = gpu.allocateUninitialized(DType.FLOAT32, tiles * TILE_ROWS * cols);
        gpu.copyStrided(block, 0, new int[] {0, cols, 1}, matrix, 0, new int[] {TILE_ROWS * cols, cols, 1}, new int[] {tiles, TILE_ROWS, cols});
        return matrix;
    }
}

package jgpt.backend.cpu;

import static jgpt.backend.cpu.GemmKernel.MR;
import static jgpt.backend.cpu.GemmKernel.NR;

import java.util.Arrays;

/**
 * Float32 matrix multiplication on the CPU: cache-blocked, register-tiled Vector API kernels
 * ({@link GemmKernel}) run on a {@link ThreadPool}; one-row or one-column products take the
 * memory-bound matrix-vector path ({@link Gemv}).
 */
public final class Gemm {
    /** Below this many flops a product runs on the calling thread: a hand-off costs more than it saves. */
    private static final long PARALLEL_FLOPS = 1L << 21;
    /** A batch member below this many flops is too small to split across threads on its own. */
    private static final long LARGE_MATRIX_FLOPS = 1L << 26;
    private static final ThreadPool CALLER_ONLY = new ThreadPool(1);

    private Gemm() {}

    /** Row-major C(m x n) = op(A)(m x k) * op(B)(k x n), or C += that when accumulate.
        op(A) = A or A^T: A is stored (m x k) with row stride lda, or (k x m) with row stride lda when transA.
        Same for B: (k x n) with ldb, or (n x k) with ldb when transB. */
    public static void sgemm(ThreadPool pool, boolean transA, boolean transB, int m, int n, int k,
                             float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                             float[] c, int cOff, int ldc, boolean accumulate) {
        sgemmBatched(pool, transA, transB, 1, m, n, k, a, aOff, lda, 0, b, bOff, ldb, 0, c, cOff, ldc, 0, accumulate);
    }

    /** The same over `batch` independent matrices at element strides strideA/strideB/strideC;
        parallelises across the batch when the matrices are small, within each matrix when large. */
    public static void sgemmBatched(ThreadPool pool, boolean transA, boolean transB, int batch, int m, int n, int k,
                             float[] a, int aOff, int lda, int strideA, float[] b, int bOff, int ldb, int strideB,
                             float[] c, int cOff, int ldc, int strideC, boolean accumulate) {
        var g = new GemmCall(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
        GemmArguments.check(g, batch, strideA, strideB, strideC);
        if (batch == 0 || m == 0 || n == 0) return;
        long flops = g.flops();
        if (batch > 1 && (flops < LARGE_MATRIX_FLOPS || batch >= 4 * pool.threads())) {
            int grain = (int) Math.max(1, PARALLEL_FLOPS / Math.max(1, flops));
            pool.parallelFor(batch, grain, (start, end) -> {
                for (int i = start; i < end; i++) {
                    multiply(CALLER_ONLY, g.at(aOff + i * strideA, bOff + i * strideB, cOff + i * strideC));
                }
            });
        } else {
            for (int i = 0; i < batch; i++) multiply(pool, g.at(aOff + i * strideA, bOff + i * strideB, cOff + i * strideC));
        }
    }

    private static void multiply(ThreadPool pool, GemmCall g) {
        if (g.k() == 0) {
            if (!g.accumulate()) clear(g);
        } else if (g.m() == 1 || g.n() == 1) {
            Gemv.multiply(pool, g);
        } else {
            multiplyBlocked(g.flops() < PARALLEL_FLOPS ? CALLER_ONLY : pool, g);
        }
    }

    /** Splits C into one rectangle per thread (see {@link #rowBlocksFor}); each packs its own panels. */
    private static void multiplyBlocked(ThreadPool pool, GemmCall g) {
        int threads = pool.threads();
        int rowBlocks = rowBlocksFor(g.m(), g.n(), g.k(), threads), colBlocks = threads / rowBlocks;
        int rowsEach = GemmWorkspace.roundUp(ceilDiv(g.m(), rowBlocks), MR);
        int colsEach = GemmWorkspace.roundUp(ceilDiv(g.n(), colBlocks), NR);
        pool.parallelFor(threads, (start, end) -> {
            for (int t = start; t < end; t++) {
                int i0 = Math.min(g.m(), (t / colBlocks) * rowsEach), j0 = Math.min(g.n(), (t % colBlocks) * colsEach);
                int i1 = Math.min(g.m(), i0 + rowsEach), j1 = Math.min(g.n(), j0 + colsEach);
                if (i0 < i1 && j0 < j1) GemmKernel.multiplyBlock(g, i0, i1, j0, j1);
            }
        });
    }

    /**
     * How many bands of rows to cut C into, the rest of the threads cutting columns: the split whose
     * slowest rectangle costs least, counting its padded tiles and the packing it repeats.
     */
    static int rowBlocksFor(int m, int n, int k, int threads) {
        int best = 1;
        double bestCost = Double.MAX_VALUE;
        for (int rows = 1; rows <= threads; rows++) {
            if (threads % rows != 0) continue;
            long h = GemmWorkspace.roundUp(ceilDiv(m, rows), MR), w = GemmWorkspace.roundUp(ceilDiv(n, threads / rows), NR);
            double cost = (double) h * w * k + 8.0 * k * (h + w);
            if (cost < bestCost) {
                bestCost = cost;
                best = rows;
            }
        }
        return best;
    }

    private static void clear(GemmCall g) {
        for (int i = 0; i < g.m(); i++) {
            int row = g.cOff() + i * g.ldc();
            Arrays.fill(g.c(), row, row + g.n(), 0f);
        }
    }

    private static int ceilDiv(int x, int y) {
        return (x + y - 1) / y;
    }
}

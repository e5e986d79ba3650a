package jgpt.backend.cpu;

import static jgpt.backend.cpu.GemmKernel.LANES;
import static jgpt.backend.cpu.GemmKernel.SPECIES;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

/**
 * Products with one row or one column of C, as y (1 x cols) (=|+=) x (1 x depth) * M (depth x cols).
 * They read every element of M once, so they are bound by memory bandwidth: M is streamed once,
 * in SIMD, with the columns of y split across threads.
 */
final class Gemv {
    /** Columns of y one thread accumulates in L1 while it streams the matching slice of each row of M. */
    static final int STRIP = 2048;
    /** Fewest elements of M worth handing to another thread. */
    private static final int GRAIN_ELEMENTS = 1 << 16;

    private Gemv() {}

    /**
     * The vector x, at x[xOff + p * incX]; the matrix M, stored (depth x cols) with row stride ldm, or
     * (cols x depth) when transM; the result y at y[yOff + j * incY].
     */
    private record Product(int depth, int cols, float[] x, int xOff, int incX,
                           float[] mat, int mOff, int ldm, boolean transM,
                           float[] y, int yOff, int incY, boolean accumulate) {}

    /** C (1 x n) = op(A) (1 x k) * op(B), or C^T (1 x m) = op(B)^T (1 x k) * op(A)^T when n == 1. */
    static void multiply(ThreadPool pool, GemmCall g) {
        Product product = g.m() == 1
                ? new Product(g.k(), g.n(), g.a(), g.aOff(), g.transA() ? g.lda() : 1,
                        g.b(), g.bOff(), g.ldb(), g.transB(), g.c(), g.cOff(), 1, g.accumulate())
                : new Product(g.k(), g.m(), g.b(), g.bOff(), g.transB() ? 1 : g.ldb(),
                        g.a(), g.aOff(), g.lda(), !g.transA(), g.c(), g.cOff(), g.ldc(), g.accumulate());
        run(pool, product);
    }

    private static void run(ThreadPool pool, Product pr) {
        float[] x = contiguousX(pr);
        int units = (pr.cols() + LANES - 1) / LANES;
        int grain = Math.max(1, GRAIN_ELEMENTS / (pr.depth() * LANES));
        pool.parallelFor(units, grain, (start, end) -> {
            int j0 = start * LANES, j1 = Math.min(pr.cols(), end * LANES);
            if (pr.transM()) {
                dotRows(pr, x, j0, j1);
            } else {
                for (int j = j0; j < j1; j += STRIP) sumRowsStrip(pr, x, j, Math.min(STRIP, j1 - j));
            }
        });
    }

    /** x gathered into this thread's workspace, contiguous from index 0 (depth floats, cheap next to M). */
    private static float[] contiguousX(Product pr) {
        float[] dst = GemmWorkspace.current().vector(pr.depth());
        for (int p = 0; p < pr.depth(); p++) dst[p] = pr.x()[pr.xOff() + p * pr.incX()];
        return dst;
    }

    /** M stored (cols x depth): y[j] = dot(x, M row j) for j in [j0, j1), four rows at a time. */
    private static void dotRows(Product pr, float[] x, int j0, int j1) {
        int depth = pr.depth(), vecEnd = SPECIES.loopBound(depth);
        int j = j0;
        for (; j + 4 <= j1; j += 4) {
            int r0 = pr.mOff() + j * pr.ldm(), r1 = r0 + pr.ldm(), r2 = r1 + pr.ldm(), r3 = r2 + pr.ldm();
            FloatVector s0 = FloatVector.zero(SPECIES), s1 = s0, s2 = s0, s3 = s0;
            for (int p = 0; p < vecEnd; p += LANES) {
                FloatVector xv = FloatVector.fromArray(SPECIES, x, p);
                s0 = FloatVector.fromArray(SPECIES, pr.mat(), r0 + p).fma(xv, s0);
                s1 = FloatVector.fromArray(SPECIES, pr.mat(), r1 + p).fma(xv, s1);
                s2 = FloatVector.fromArray(SPECIES, pr.mat(), r2 + p).fma(xv, s2);
                s3 = FloatVector.fromArray(SPECIES, pr.mat(), r3 + p).fma(xv, s3);
            }
            store(pr, j, VectorMath.sumLanes(s0) + dotTail(pr.mat(), r0, x, vecEnd, depth));
            store(pr, j + 1, VectorMath.sumLanes(s1) + dotTail(pr.mat(), r1, x, vecEnd, depth));
            store(pr, j + 2, VectorMath.sumLanes(s2) + dotTail(pr.mat(), r2, x, vecEnd, depth));
            store(pr, j + 3, VectorMath.sumLanes(s3) + dotTail(pr.mat(), r3, x, vecEnd, depth));
        }
        for (; j < j1; j++) {
            int r = pr.mOff() + j * pr.ldm();
            FloatVector s = FloatVector.zero(SPECIES);
            for (int p = 0; p < vecEnd; p += LANES) {
                s = FloatVector.fromArray(SPECIES, pr.mat(), r + p).fma(FloatVector.fromArray(SPECIES, x, p), s);
            }
            store(pr, j, VectorMath.sumLanes(s) + dotTail(pr.mat(), r, x, vecEnd, depth));
        }
    }

    private static float dotTail(float[] mat, int row, float[] x, int from, int to) {
        float sum = 0f;
        for (int p = from; p < to; p++) sum += mat[row + p] * x[p];
        return sum;
    }

    /**
     * M stored (depth x cols): y[j0:j0+width] = sum over p of x[p] * M[p, j0:j0+width], four rows of M
     * per pass over a strip of y kept in L1, so each row slice streams contiguously from memory.
     */
    private static void sumRowsStrip(Product pr, float[] x, int j0, int width) {
        float[] acc = GemmWorkspace.current().strip;
        Arrays.fill(acc, 0, width, 0f);
        int depth = pr.depth(), ldm = pr.ldm(), vecEnd = SPECIES.loopBound(width);
        float[] mat = pr.mat();
        int p = 0;
        for (; p + 4 <= depth; p += 4) {
            int r0 = pr.mOff() + p * ldm + j0, r1 = r0 + ldm, r2 = r1 + ldm, r3 = r2 + ldm;
            var x0 = FloatVector.broadcast(SPECIES, x[p]);
            var x1 = FloatVector.broadcast(SPECIES, x[p + 1]);
            var x2 = FloatVector.broadcast(SPECIES, x[p + 2]);
            var x3 = FloatVector.broadcast(SPECIES, x[p + 3]);
            for (int j = 0; j < vecEnd; j += LANES) {
                FloatVector s = FloatVector.fromArray(SPECIES, acc, j);
                s = FloatVector.fromArray(SPECIES, mat, r0 + j).fma(x0, s);
                s = FloatVector.fromArray(SPECIES, mat, r1 + j).fma(x1, s);
                s = FloatVector.fromArray(SPECIES, mat, r2 + j).fma(x2, s);
                s = FloatVector.fromArray(SPECIES, mat, r3 + j).fma(x3, s);
                s.intoArray(acc, j);
            }
            for (int j = vecEnd; j < width; j++) {
                acc[j] += mat[r0 + j] * x[p] + mat[r1 + j] * x[p + 1] + mat[r2 + j] * x[p + 2] + mat[r3 + j] * x[p + 3];
            }
        }
        for (; p < depth; p++) {
            int r = pr.mOff() + p * ldm + j0;
            for (int j = 0; j < width; j++) acc[j] += mat[r + j] * x[p];
        }
        for (int j = 0; j < width; j++) store(pr, j0 + j, acc[j]);
    }

    private static void store(Product pr, int j, float value) {
        int idx = pr.yOff() + j * pr.incY();
        pr.y()[idx] = pr.accumulate() ? pr.y()[idx] + value : value;
    }
}

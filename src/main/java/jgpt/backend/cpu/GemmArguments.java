package jgpt.backend.cpu;

/** Rejects GEMM arguments that would read or write outside the arrays, with one clear sentence. */
final class GemmArguments {
    private GemmArguments() {}

    static void check(GemmCall g, int batch, int strideA, int strideB, int strideC) {
        if (g.m() < 0 || g.n() < 0 || g.k() < 0 || batch < 0) {
            throw new IllegalArgumentException("sgemm sizes must not be negative, got batch=" + batch
                    + " m=" + g.m() + " n=" + g.n() + " k=" + g.k());
        }
        if (batch == 0) return;
        int aRows = g.transA() ? g.k() : g.m(), aCols = g.transA() ? g.m() : g.k();
        int bRows = g.transB() ? g.n() : g.k(), bCols = g.transB() ? g.k() : g.n();
        checkMatrix("A", g.a(), g.aOff(), aRows, aCols, g.lda(), batch, strideA);
        checkMatrix("B", g.b(), g.bOff(), bRows, bCols, g.ldb(), batch, strideB);
        checkMatrix("C", g.c(), g.cOff(), g.m(), g.n(), g.ldc(), batch, strideC);
        long cSpan = g.m() == 0 || g.n() == 0 ? 0 : (long) (g.m() - 1) * g.ldc() + g.n();
        if (batch > 1 && Math.abs((long) strideC) < cSpan) {
            // Members are computed in parallel: overlapping outputs would race.
            throw new IllegalArgumentException("sgemm: the batch's C matrices overlap: strideC " + strideC
                    + " is less than the " + cSpan + " elements one C spans.");
        }
    }

    private static void checkMatrix(String name, float[] data, int offset, int rows, int cols, int ld,
                                    int batch, int stride) {
        if (rows == 0 || cols == 0) return;
        if (ld < cols) {
            throw new IllegalArgumentException("sgemm: " + name + " has " + cols
                    + " columns but its row stride is only " + ld + ".");
        }
        long first = offset + Math.min(0L, (long) (batch - 1) * stride);
        long last = offset + Math.max(0L, (long) (batch - 1) * stride) + (long) (rows - 1) * ld + cols - 1;
        if (first < 0 || last >= data.length) {
            throw new IllegalArgumentException("sgemm: " + name + " (" + batch + " x " + rows + " x " + cols
                    + ", row stride " + ld + ", offset " + offset + ") needs elements " + first + ".." + last
                    + " but its array holds " + data.length + ".");
        }
    }
}

package jgpt.backend.cpu;

/**
 * The arguments of one GEMM: C (m x n, row stride ldc) (=|+=) op(A) (m x k) * op(B) (k x n).
 * A is stored (m x k), or (k x m) when transA, with row stride lda; B is stored (k x n), or
 * (n x k) when transB, with row stride ldb.
 */
record GemmCall(boolean transA, boolean transB, int m, int n, int k,
                float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                float[] c, int cOff, int ldc, boolean accumulate) {

    /** Index in {@code a} of op(A)[i][p]. */
    int aIndex(int i, int p) {
        return transA ? aOff + p * lda + i : aOff + i * lda + p;
    }

    /** Index in {@code b} of op(B)[p][j]. */
    int bIndex(int p, int j) {
        return transB ? bOff + j * ldb + p : bOff + p * ldb + j;
    }

    /** The same call on the matrices at the given offsets (one member of a batch). */
    GemmCall at(int aOffset, int bOffset, int cOffset) {
        return new GemmCall(transA, transB, m, n, k, a, aOffset, lda, b, bOffset, ldb, c, cOffset, ldc, accumulate);
    }

    long flops() {
        return 2L * m * n * k;
    }
}

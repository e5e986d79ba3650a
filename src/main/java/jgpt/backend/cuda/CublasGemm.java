package jgpt.backend.cuda;

/**
 * Row-major batched GEMM through column-major cuBLAS: a row-major (r, c) matrix with row stride ld is the
 * column-major (c, r) matrix with leading dimension ld, so C = op(A) op(B) is computed as
 * C^T = op(B)^T op(A)^T, i.e. cuBLAS is called with B and A swapped and m and n swapped.
 */
final class CublasGemm {
    private final Cublas cublas;

    CublasGemm(Cublas cublas) {
        this.cublas = cublas;
    }

    void matmul(boolean transA, boolean transB, int batch, int m, int n, int k,
                long a, int lda, int strideA, long b, int ldb, int strideB, long c, int ldc, int strideC, boolean accumulate) {
        if (batch == 0 || m == 0 || n == 0) return;
        // a single row's stride is never stepped, but cuBLAS still checks it
        int storedA = transA ? m : k, storedB = transB ? k : n;
        int safeLda = Math.max(lda, Math.max(1, storedA)), safeLdb = Math.max(ldb, Math.max(1, storedB));
        int safeLdc = Math.max(ldc, Math.max(1, n));
        cublas.sgemmStridedBatched(transB ? Cublas.OP_T : Cublas.OP_N, transA ? Cublas.OP_T : Cublas.OP_N, n, m, k, 1f,
                b, safeLdb, strideB, a, safeLda, strideA, accumulate ? 1f : 0f, c, safeLdc, strideC, batch);
    }
}

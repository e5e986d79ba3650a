package jgpt.backend.cpu;

/** Placeholder row-major GEMM (naive); replaced by the blocked Vector API kernel. */
public final class Gemm {
    private Gemm() {
    }

    public static void sgemm(ThreadPool pool, boolean transA, boolean transB, int m, int n, int k,
                             float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                             float[] c, int cOff, int ldc, boolean accumulate) {
        pool.parallelFor(m, 1, (r0, r1) -> {
            for (int i = r0; i < r1; i++) {
                for (int j = 0; j < n; j++) {
                    float s = 0;
                    for (int p = 0; p < k; p++) {
                        float av = transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
                        float bv = transB ? b[bOff + j * ldb + p] : b[bOff + p * ldb + j];
                        s += av * bv;
                    }
                    c[cOff + i * ldc + j] = accumulate ? c[cOff + i * ldc + j] + s : s;
                }
            }
        });
    }

    public static void sgemmBatched(ThreadPool pool, boolean transA, boolean transB, int batch, int m, int n, int k,
                                    float[] a, int aOff, int lda, int strideA, float[] b, int bOff, int ldb, int strideB,
                                    float[] c, int cOff, int ldc, int strideC, boolean accumulate) {
        for (int i = 0; i < batch; i++) {
            sgemm(pool, transA, transB, m, n, k, a, aOff + i * strideA, lda, b, bOff + i * strideB, ldb,
                    c, cOff + i * strideC, ldc, accumulate);
        }
    }
}

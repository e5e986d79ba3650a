package jgpt.backend.cpu;

/** Row gather from an embedding table and its scatter-add backward. */
final class EmbeddingKernels {
    private final ThreadPool pool;

    EmbeddingKernels(ThreadPool pool) {
        this.pool = pool;
    }

    // weight (V, C), ids (N) -> out (N, C)
    void forward(float[] weight, int[] ids, int idsOff, int n, int c, float[] out) {
        int vocab = weight.length / Math.max(1, c);
        pool.parallelFor(n, Math.max(1, 4096 / Math.max(1, c)), (r0, r1) -> {
            for (int r = r0; r < r1; r++) {
                int id = ids[idsOff + r];
                if (id < 0 || id >= vocab) {
                    throw new IllegalArgumentException("embedding: token id " + id + " is outside the vocabulary of " + vocab);
                }
                System.arraycopy(weight, id * c, out, r * c, c);
            }
        });
    }

    // dout (N, C), ids (N) -> dweight (V, C), accumulated; split by channel so threads never share a row
    void backward(float[] dout, int[] ids, int idsOff, int n, int c, float[] dweight) {
        pool.parallelFor(c, Math.max(1, c / Math.max(1, pool.threads())), (c0, c1) -> {
            for (int r = 0; r < n; r++) {
                int row = ids[idsOff + r] * c, src = r * c;
                for (int j = c0; j < c1; j++) dweight[row + j] += dout[src + j];
            }
        });
    }
}

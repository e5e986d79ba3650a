package jgpt.backend.cpu;

/** Row softmax and cross-entropy fused with log-softmax, forward and backward. */
final class SoftmaxKernels {
    private final ThreadPool pool;

    SoftmaxKernels(ThreadPool pool) {
        this.pool = pool;
    }

    // x (N, K) -> out (N, K)
    void softmaxForward(float[] x, float[] out, int rows, int cols) {
        pool.parallelFor(rows, grain(cols), (r0, r1) -> {
            for (int r = r0; r < r1; r++) {
                int o = r * cols;
                float max = VectorMath.max(x, o, cols);
                double total = VectorMath.expShifted(x, o, max, out, o, cols);
                VectorMath.scaleInPlace(out, o, cols, (float) (1.0 / total));
            }
        });
    }

    // dout, y (N, K) -> dx (N, K): dx = y * (dout - sum(dout * y))
    void softmaxBackward(float[] dout, float[] y, float[] dx, int rows, int cols) {
        pool.parallelFor(rows, grain(cols), (r0, r1) -> {
            for (int r = r0; r < r1; r++) {
                int o = r * cols;
                float dot = VectorMath.dot(dout, o, y, o, cols);
                for (int j = 0; j < cols; j++) dx[o + j] = y[o + j] * (dout[o + j] - dot);
            }
        });
    }

    // logits (N, V), targets (N) -> losses (N), logSumExp (N)
    void crossEntropyForward(float[] logits, int[] targets, int tOff, int rows, int vocab, int ignore, float[] losses, float[] lse) {
        pool.parallelFor(rows, grain(vocab), (r0, r1) -> {
            float[] scratch = new float[vocab];
            for (int r = r0; r < r1; r++) {
                int o = r * vocab, target = targets[tOff + r];
                float max = VectorMath.max(logits, o, vocab);
                lse[r] = max + (float) Math.log(VectorMath.expShifted(logits, o, max, scratch, 0, vocab));
                if (target == ignore) {
                    losses[r] = 0;
                } else {
                    checkTarget(target, vocab);
                    losses[r] = lse[r] - logits[o + target];
                }
            }
        });
    }

    // dlogits (N, V) = scale * (softmax - onehot(target)); zero rows for ignored targets
    void crossEntropyBackward(float[] logits, int[] targets, int tOff, float[] lse, int rows, int vocab, int ignore,
                              float scale, float[] dlogits) {
        pool.parallelFor(rows, grain(vocab), (r0, r1) -> {
            for (int r = r0; r < r1; r++) {
                int o = r * vocab, target = targets[tOff + r];
                if (target == ignore) continue;
                VectorMath.expShifted(logits, o, lse[r], dlogits, o, vocab);
                VectorMath.scaleInPlace(dlogits, o, vocab, scale);
                dlogits[o + target] -= scale;
            }
        });
    }

    private static void checkTarget(int target, int vocab) {
        if (target < 0 || target >= vocab) {
            throw new IllegalArgumentException("crossEntropy: target id " + target + " is outside the vocabulary of " + vocab);
        }
    }

    private static int grain(int cols) {
        return Math.max(1, 8192 / Math.max(1, cols));
    }
}

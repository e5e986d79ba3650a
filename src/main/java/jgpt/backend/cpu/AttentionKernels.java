package jgpt.backend.cpu;

import java.util.Arrays;

/**
 * Causal attention a row at a time, flash-style: a query row's scores live in one length-T buffer and the
 * backward pass recomputes probabilities from the saved log-sum-exp, so no T x T matrix is ever held.
 */
final class AttentionKernels {
    private final ThreadPool pool;

    AttentionKernels(ThreadPool pool) {
        this.pool = pool;
    }

    // q (G, Tq, D), k and v (G, Tk, D) with head stride kvStride -> out (G, Tq, D), lse (G, Tq)
    void forward(float[] q, float[] k, float[] v, int heads, int tq, int tk, int d, int kvStride, float scale,
                 float[] out, float[] lse) {
        pool.parallelFor(heads * tq, Math.max(1, 32768 / Math.max(1, tk * d)), (r0, r1) -> {
            float[] scores = new float[tk];
            for (int row = r0; row < r1; row++) {
                int h = row / tq, pos = tk - tq + row % tq;
                int qo = row * d, kv = h * kvStride;
                for (int j = 0; j <= pos; j++) scores[j] = scale * VectorMath.dot(q, qo, k, kv + j * d, d);
                float max = VectorMath.max(scores, 0, pos + 1);
                double total = VectorMath.expShifted(scores, 0, max, scores, 0, pos + 1);
                float inv = (float) (1.0 / total);
                Arrays.fill(out, qo, qo + d, 0f);
                for (int j = 0; j <= pos; j++) VectorMath.axpy(scores[j] * inv, v, kv + j * d, out, qo, d);
                lse[row] = max + (float) Math.log(total);
            }
        });
    }

    // dout, q, k, v, out (G, T, D), lse (G, T) -> dq, dk, dv (G, T, D); one head per task
    void backward(float[] dout, float[] q, float[] k, float[] v, float[] out, float[] lse, int heads, int t, int d,
                  float scale, float[] dq, float[] dk, float[] dv) {
        pool.parallelFor(heads, 1, (h0, h1) -> {
            for (int h = h0; h < h1; h++) {
                int base = h * t * d;
                for (int i = 0; i < t; i++) backwardRow(dout, q, k, v, out, lse[h * t + i], base, i, d, scale, dq, dk, dv);
            }
        });
    }

    private static void backwardRow(float[] dout, float[] q, float[] k, float[] v, float[] out, float lse, int base, int i,
                                    int d, float scale, float[] dq, float[] dk, float[] dv) {
        int qi = base + i * d;
        float rowDot = VectorMath.dot(dout, qi, out, qi, d);
        for (int j = 0; j <= i; j++) {
            int kj = base + j * d;
            float p = (float) Math.exp(scale * VectorMath.dot(q, qi, k, kj, d) - lse);
            VectorMath.axpy(p, dout, qi, dv, kj, d);
            float ds = p * (VectorMath.dot(dout, qi, v, kj, d) - rowDot) * scale;
            VectorMath.axpy(ds, k, kj, dq, qi, d);
            VectorMath.axpy(ds, q, qi, dk, kj, d);
        }
    }
}

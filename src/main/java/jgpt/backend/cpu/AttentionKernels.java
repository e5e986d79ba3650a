package jgpt.backend.cpu;

import java.util.Arrays;
import jgpt.tensor.AttentionDropout;

/**
 * Causal attention a row at a time, flash-style: a query row's scores live in one length-T buffer and the
 * backward pass recomputes probabilities from the saved log-sum-exp, so no T x T matrix is ever held. Dropout on
 * the weights draws each one's factor from {@link DropoutHash} at its index in the (G, T, T) weights.
 */
final class AttentionKernels {
    private final ThreadPool pool;

    AttentionKernels(ThreadPool pool) {
        this.pool = pool;
    }

    // q (G, Tq, D), k and v (G, Tk, D) with head stride kvStride -> out (G, Tq, D), lse (G, Tq)
    void forward(float[] q, float[] k, float[] v, int heads, int tq, int tk, int d, int kvStride, float scale, AttentionDropout dropout,
                 float[] out, float[] lse) {
        if (dropout.active() && tq != tk) throw new IllegalArgumentException("attention dropout needs as many queries as keys");
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
                for (int j = 0; j <= pos; j++) {
                    float weight = scores[j] * inv * factor(dropout, (long) row * tk + j);
                    if (weight != 0f) VectorMath.axpy(weight, v, kv + j * d, out, qo, d);
                }
                lse[row] = max + (float) Math.log(total);
            }
        });
    }

    // dout, q, k, v, out (G, T, D), lse (G, T) -> dq, dk, dv (G, T, D); one head per task
    void backward(float[] dout, float[] q, float[] k, float[] v, float[] out, float[] lse, int heads, int t, int d,
                  float scale, AttentionDropout dropout, float[] dq, float[] dk, float[] dv) {
        pool.parallelFor(heads, 1, (h0, h1) -> {
            for (int h = h0; h < h1; h++) {
                int base = h * t * d;
                for (int i = 0; i < t; i++) {
                    backwardRow(dout, q, k, v, out, lse[h * t + i], base, i, d, scale, dropout, (long) (h * t + i) * t, dq, dk, dv);
                }
            }
        });
    }

    // query row i of a head at base; its weights start at index weight0 of the (G, T, T) weights. With z_ij the dropout
    // factor: dv_j += z p_ij dout_i, ds_ij = p_ij (z dout_i.v_j - dout_i.out_i) (dout_i.out_i = sum_j z p_ij dout_i.v_j)
    private static void backwardRow(float[] dout, float[] q, float[] k, float[] v, float[] out, float lse, int base, int i,
                                    int d, float scale, AttentionDropout dropout, long weight0, float[] dq, float[] dk, float[] dv) {
        int qi = base + i * d;
        float rowDot = VectorMath.dot(dout, qi, out, qi, d);
        for (int j = 0; j <= i; j++) {
            int kj = base + j * d;
            float p = (float) Math.exp(scale * VectorMath.dot(q, qi, k, kj, d) - lse), z = factor(dropout, weight0 + j);
            if (z != 0f) VectorMath.axpy(z * p, dout, qi, dv, kj, d);
            float ds = p * (z * VectorMath.dot(dout, qi, v, kj, d) - rowDot) * scale;
            VectorMath.axpy(ds, k, kj, dq, qi, d);
            VectorMath.axpy(ds, q, qi, dk, kj, d);
        }
    }

    // the factor of weight `index` under dropout: 0 where dropped, 1 / (1 - p) where kept, 1 without dropout
    private static float factor(AttentionDropout dropout, long index) {
        if (!dropout.active()) return 1f;
        return DropoutHash.uniform(dropout.seed(), index) < dropout.p() ? 0f : dropout.keepScale();
    }
}

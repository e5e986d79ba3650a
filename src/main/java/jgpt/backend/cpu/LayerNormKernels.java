package jgpt.backend.cpu;

/** LayerNorm over the last axis, forward and backward, parallel over rows. */
final class LayerNormKernels {
    private final ThreadPool pool;

    LayerNormKernels(ThreadPool pool) {
        this.pool = pool;
    }

    // x (N, C), gamma (C), beta (C) -> out (N, C), mean (N), rstd (N)
    void forward(float[] x, float[] gamma, float[] beta, int rows, int c, float eps, float[] out, float[] mean, float[] rstd) {
        pool.parallelFor(rows, Math.max(1, 4096 / Math.max(1, c)), (r0, r1) -> {
            for (int r = r0; r < r1; r++) {
                int o = r * c;
                float mu = VectorMath.sum(x, o, c) / c;
                double var = 0;
                for (int j = 0; j < c; j++) {
                    float d = x[o + j] - mu;
                    var += d * d;
                }
                float rs = (float) (1.0 / Math.sqrt(var / c + eps));
                for (int j = 0; j < c; j++) out[o + j] = (x[o + j] - mu) * rs * gamma[j] + beta[j];
                mean[r] = mu;
                rstd[r] = rs;
            }
        });
    }

    // dout (N, C) -> dx (N, C); dgamma (C), dbeta (C) accumulate
    void backward(float[] dout, float[] x, float[] gamma, float[] mean, float[] rstd, int rows, int c,
                  float[] dx, float[] dgamma, float[] dbeta) {
        int chunks = Math.min(pool.threads(), Math.max(1, rows));
        float[][] partialGamma = new float[chunks][c], partialBeta = new float[chunks][c];
        pool.parallelFor(chunks, 1, (c0, c1) -> {
            for (int chunk = c0; chunk < c1; chunk++) {
                int r0 = (int) ((long) rows * chunk / chunks), r1 = (int) ((long) rows * (chunk + 1) / chunks);
                float[] norm = new float[c];
                for (int r = r0; r < r1; r++) backwardRow(dout, x, gamma, mean[r], rstd[r], r * c, c, norm, dx,
                        partialGamma[chunk], partialBeta[chunk]);
            }
        });
        for (int chunk = 0; chunk < chunks; chunk++) {
            VectorMath.axpy(1f, partialGamma[chunk], 0, dgamma, 0, c);
            VectorMath.axpy(1f, partialBeta[chunk], 0, dbeta, 0, c);
        }
    }

    private static void backwardRow(float[] dout, float[] x, float[] gamma, float mu, float rs, int o, int c, float[] norm,
                                    float[] dx, float[] dgamma, float[] dbeta) {
        float meanDnorm = 0, meanDnormNorm = 0;
        for (int j = 0; j < c; j++) {
            norm[j] = (x[o + j] - mu) * rs;
            float dn = dout[o + j] * gamma[j];
            meanDnorm += dn;
            meanDnormNorm += dn * norm[j];
            dgamma[j] += dout[o + j] * norm[j];
            dbeta[j] += dout[o + j];
        }
        meanDnorm /= c;
        meanDnormNorm /= c;
        for (int j = 0; j < c; j++) {
            float dn = dout[o + j] * gamma[j];
            dx[o + j] = rs * (dn - meanDnorm - norm[j] * meanDnormNorm);
        }
    }
}

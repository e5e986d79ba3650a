package jgpt.tensor;

/** Plain double-precision implementations of the ops: the spec the kernels are tested against. */
final class Reference {
    private Reference() {
    }

    static int[] unravel(int flat, int[] shape) {
        int[] idx = new int[shape.length];
        for (int d = shape.length - 1; d >= 0; d--) {
            idx[d] = flat % shape[d];
            flat /= shape[d];
        }
        return idx;
    }

    /** Index into a tensor of shape `shape` broadcast to `target` (right-aligned, size-1 axes repeat). */
    static int broadcastIndex(int[] targetIdx, int[] shape) {
        int lead = targetIdx.length - shape.length, flat = 0;
        for (int d = 0; d < shape.length; d++) flat = flat * shape[d] + (shape[d] == 1 ? 0 : targetIdx[lead + d]);
        return flat;
    }

    static double[] binary(BinaryOp op, double[] a, int[] as, double[] b, int[] bs, int[] outShape) {
        double[] out = new double[Shapes.numel(outShape)];
        for (int i = 0; i < out.length; i++) {
            int[] idx = unravel(i, outShape);
            double x = a[broadcastIndex(idx, as)], y = b[broadcastIndex(idx, bs)];
            out[i] = switch (op) {
                case ADD -> x + y;
                case SUB -> x - y;
                case MUL -> x * y;
                case DIV -> x / y;
            };
        }
        return out;
    }

    /** a (batch, m, k) or its transpose (batch, k, m) times b likewise; batchB 1 repeats b. */
    static double[] matmul(double[] a, double[] b, int batch, int m, int n, int k, boolean transA, boolean transB, boolean sharedB) {
        double[] c = new double[batch * m * n];
        for (int z = 0; z < batch; z++) {
            int ao = z * m * k, bo = sharedB ? 0 : z * k * n;
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    double s = 0;
                    for (int p = 0; p < k; p++) {
                        s += (transA ? a[ao + p * m + i] : a[ao + i * k + p]) * (transB ? b[bo + j * k + p] : b[bo + p * n + j]);
                    }
                    c[z * m * n + i * n + j] = s;
                }
            }
        }
        return c;
    }

    static double[] layerNorm(double[] x, double[] gamma, double[] beta, int c, double eps) {
        double[] out = new double[x.length];
        for (int r = 0; r < x.length / c; r++) {
            double mean = 0, var = 0;
            for (int j = 0; j < c; j++) mean += x[r * c + j] / c;
            for (int j = 0; j < c; j++) var += (x[r * c + j] - mean) * (x[r * c + j] - mean) / c;
            for (int j = 0; j < c; j++) out[r * c + j] = (x[r * c + j] - mean) / Math.sqrt(var + eps) * gamma[j] + beta[j];
        }
        return out;
    }

    static double[] gelu(double[] x) {
        double[] out = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            double v = x[i];
            out[i] = 0.5 * v * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (v + 0.044715 * v * v * v)));
        }
        return out;
    }

    static double[] softmax(double[] x, int cols) {
        double[] out = new double[x.length];
        for (int r = 0; r < x.length / cols; r++) {
            double max = Double.NEGATIVE_INFINITY, sum = 0;
            for (int j = 0; j < cols; j++) max = Math.max(max, x[r * cols + j]);
            for (int j = 0; j < cols; j++) sum += Math.exp(x[r * cols + j] - max);
            for (int j = 0; j < cols; j++) out[r * cols + j] = Math.exp(x[r * cols + j] - max) / sum;
        }
        return out;
    }

    /** Mean over non-ignored rows of -log softmax(logits)[target]. */
    static double crossEntropy(double[] logits, int[] targets, int vocab, int ignore) {
        double total = 0;
        int counted = 0;
        double[] p = softmax(logits, vocab);
        for (int r = 0; r < targets.length; r++) {
            if (targets[r] == ignore) continue;
            total -= Math.log(p[r * vocab + targets[r]]);
            counted++;
        }
        return total / Math.max(1, counted);
    }

    /** qkv (B, T, 3C) -> (B, T, C): each head's q, k, v cut from its columns, attended, and put back at columns h*D. */
    static double[] causalSelfAttention(double[] qkv, int batch, int t, int heads, int d) {
        int c = heads * d, n = batch * t * c;
        double[][] parts = new double[3][n];   // q, k, v as (B*H, T, D)
        for (int b = 0; b < batch; b++) {
            for (int h = 0; h < heads; h++) {
                for (int i = 0; i < t; i++) {
                    for (int e = 0; e < d; e++) {
                        for (int part = 0; part < 3; part++) {
                            parts[part][((b * heads + h) * t + i) * d + e] = qkv[(b * t + i) * 3 * c + part * c + h * d + e];
                        }
                    }
                }
            }
        }
        double[] attended = causalAttention(parts[0], parts[1], parts[2], batch * heads, t, d), out = new double[n];
        for (int b = 0; b < batch; b++) {
            for (int h = 0; h < heads; h++) {
                for (int i = 0; i < t; i++) {
                    for (int e = 0; e < d; e++) out[(b * t + i) * c + h * d + e] = attended[((b * heads + h) * t + i) * d + e];
                }
            }
        }
        return out;
    }

    /** Causal attention with the full T x T score matrix, written the textbook way. q, k, v (G, T, D). */
    static double[] causalAttention(double[] q, double[] k, double[] v, int heads, int t, int d) {
        double[] out = new double[q.length];
        double scale = 1 / Math.sqrt(d);
        for (int h = 0; h < heads; h++) {
            int base = h * t * d;
            for (int i = 0; i < t; i++) {
                double[] scores = new double[t];
                double max = Double.NEGATIVE_INFINITY;
                for (int j = 0; j <= i; j++) {
                    for (int c = 0; c < d; c++) scores[j] += q[base + i * d + c] * k[base + j * d + c] * scale;
                    max = Math.max(max, scores[j]);
                }
                double sum = 0;
                for (int j = 0; j <= i; j++) sum += scores[j] = Math.exp(scores[j] - max);
                for (int j = 0; j <= i; j++) {
                    for (int c = 0; c < d; c++) out[base + i * d + c] += scores[j] / sum * v[base + j * d + c];
                }
            }
        }
        return out;
    }
}

package jgpt.testing;

import java.util.Map;

/**
 * GPT-2's forward pass written plainly in double precision over flat row-major arrays, one sequence at a
 * time: the oracle the model's float32 code is tested against. Parameters are looked up by jgpt's names.
 */
public final class NaiveGpt {
    private NaiveGpt() {
    }

    /** Logits (T, V) of ids, for a model of width c, nHeads heads and nLayers layers with the given parameters. */
    public static double[] logits(Map<String, float[]> p, int c, int nHeads, int nLayers, int[] ids) {
        int t = ids.length;
        float[] tok = p.get("tok_emb.weight"), pos = p.get("pos_emb.weight");
        double[] x = new double[t * c];
        for (int i = 0; i < t; i++) {
            for (int j = 0; j < c; j++) x[i * c + j] = (double) tok[ids[i] * c + j] + pos[i * c + j];
        }
        for (int l = 0; l < nLayers; l++) {
            String b = "blocks." + l + ".";
            double[] h = layerNorm(x, p.get(b + "norm1.weight"), p.get(b + "norm1.bias"), c);
            double[] qkv = linear(h, p.get(b + "attn.qkv.weight"), p.get(b + "attn.qkv.bias"), c, 3 * c);
            x = add(x, linear(attention(qkv, t, c, nHeads), p.get(b + "attn.proj.weight"), p.get(b + "attn.proj.bias"), c, c));
            h = layerNorm(x, p.get(b + "norm2.weight"), p.get(b + "norm2.bias"), c);
            h = gelu(linear(h, p.get(b + "ff.fc.weight"), p.get(b + "ff.fc.bias"), c, 4 * c));
            x = add(x, linear(h, p.get(b + "ff.proj.weight"), p.get(b + "ff.proj.bias"), 4 * c, c));
        }
        x = layerNorm(x, p.get("final_norm.weight"), p.get("final_norm.bias"), c);
        float[] head = p.getOrDefault("out_head.weight", tok);
        return linear(x, head, null, c, head.length / c);
    }

    /** x (N, in) times weight (out, in) transposed, plus bias (out) when not null. */
    public static double[] linear(double[] x, float[] weight, float[] bias, int in, int out) {
        int n = x.length / in;
        double[] y = new double[n * out];
        for (int r = 0; r < n; r++) {
            for (int o = 0; o < out; o++) {
                double s = bias == null ? 0 : bias[o];
                for (int i = 0; i < in; i++) s += x[r * in + i] * weight[o * in + i];
                y[r * out + o] = s;
            }
        }
        return y;
    }

    /**
     * Causal self-attention of one sequence: qkv (T, 3C) holding q, k, v side by side -> (T, C), heads of size
     * C / nHeads. When dropMask (H, T, T) is not null, it multiplies the attention weights.
     */
    public static double[] attention(double[] qkv, int t, int c, int nHeads, double[] dropMask) {
        int d = c / nHeads;
        double[] out = new double[t * c];
        for (int h = 0; h < nHeads; h++) {
            for (int i = 0; i < t; i++) {
                double[] w = new double[i + 1];
                double max = Double.NEGATIVE_INFINITY, sum = 0;
                for (int j = 0; j <= i; j++) {
                    for (int e = 0; e < d; e++) w[j] += qkv[i * 3 * c + h * d + e] * qkv[j * 3 * c + c + h * d + e];
                    w[j] /= Math.sqrt(d);
                    max = Math.max(max, w[j]);
                }
                for (int j = 0; j <= i; j++) sum += w[j] = Math.exp(w[j] - max);
                for (int j = 0; j <= i; j++) {
                    double weight = w[j] / sum * (dropMask == null ? 1 : dropMask[(h * t + i) * t + j]);
                    for (int e = 0; e < d; e++) out[i * c + h * d + e] += weight * qkv[j * 3 * c + 2 * c + h * d + e];
                }
            }
        }
        return out;
    }

    public static double[] attention(double[] qkv, int t, int c, int nHeads) {
        return attention(qkv, t, c, nHeads, null);
    }

    public static double[] layerNorm(double[] x, float[] gamma, float[] beta, int c) {
        double[] out = new double[x.length];
        for (int r = 0; r < x.length / c; r++) {
            double mean = 0, var = 0;
            for (int j = 0; j < c; j++) mean += x[r * c + j] / c;
            for (int j = 0; j < c; j++) var += (x[r * c + j] - mean) * (x[r * c + j] - mean) / c;
            for (int j = 0; j < c; j++) out[r * c + j] = (x[r * c + j] - mean) / Math.sqrt(var + 1e-5) * gamma[j] + beta[j];
        }
        return out;
    }

    /** GELU, tanh approximation (GPT-2's gelu_new). */
    public static double[] gelu(double[] x) {
        double[] out = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            double v = x[i];
            out[i] = 0.5 * v * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (v + 0.044715 * v * v * v)));
        }
        return out;
    }

    private static double[] add(double[] a, double[] b) {
        double[] out = new double[a.length];
        for (int i = 0; i < a.length; i++) out[i] = a[i] + b[i];
        return out;
    }

    /** The largest |actual - expected|. */
    public static double maxAbsDiff(float[] actual, double[] expected) {
        double max = 0;
        for (int i = 0; i < actual.length; i++) max = Math.max(max, Math.abs(actual[i] - expected[i]));
        return max;
    }
}

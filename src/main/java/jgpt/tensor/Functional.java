package jgpt.tensor;

import java.util.List;

/**
 * The fused neural-network ops, named like torch.nn.functional. Each runs one forward kernel and records
 * its backward kernel; shapes use the letters of {@link jgpt.tensor}.
 */
public final class Functional {
    /** Targets equal to this are skipped by {@link #crossEntropy}, like PyTorch's default ignore_index. */
    public static final int IGNORE_INDEX = -100;

    private Functional() {
    }

    /** x (..., Cin) @ weight (Cout, Cin)^T + bias (Cout) -> (..., Cout); bias may be null. One GEMM, bias fused where the backend can. */
    public static Tensor linear(Tensor x, Tensor weight, Tensor bias) {
        return FusedLinear.apply(x, weight, bias, Activation.NONE);
    }

    /**
     * gelu(linear(x, weight, bias)) as one op, GPT-2's feed-forward expansion with the tanh GELU ("gelu_new"): bias and
     * GELU fused into the product where the backend can, and the values before the GELU kept for the backward pass.
     */
    public static Tensor linearGelu(Tensor x, Tensor weight, Tensor bias) {
        return FusedLinear.apply(x, weight, bias, Activation.GELU);
    }

    /** A copy of weight (out, in) in format (BF16 or INT8) for {@link #packedLinear}; the copy does not follow later changes. */
    public static PackedWeight packWeight(Tensor weight, WeightFormat format) {
        weight.requireDType("packWeight", DType.FLOAT32);
        if (weight.rank() != 2) throw new IllegalArgumentException("packWeight: weight must be (out, in), got " + Shapes.str(weight.shape()));
        Tensor w = Views.dense(weight);
        return w.backend().packWeight(w.storage(), w.dim(0), w.dim(1), format);
    }

    /** x (..., in) @ packed weight (out, in)^T + bias (out) -> (..., out); bias may be null. Inference only. */
    public static Tensor packedLinear(Tensor x, PackedWeight weight, Tensor bias) {
        if (GradMode.enabled() && x.requiresGrad()) {
            throw new IllegalStateException("packedLinear: packed inference weights record no gradients; run under Tensor.noGrad()");
        }
        if (x.dim(-1) != weight.cols()) {
            throw new IllegalArgumentException("packedLinear: input " + Shapes.str(x.shape()) + " does not fit a weight of " + weight.cols() + " inputs");
        }
        Tensor in = Views.dense(Casts.float32(x)), b = bias == null ? null : Views.dense(bias);
        int[] shape = x.shape();
        shape[shape.length - 1] = weight.rows();
        Tensor out = Tensor.empty(x.device(), DType.FLOAT32, shape);
        in.backend().packedLinear(weight, in.storage(), in.size() / weight.cols(), b == null ? null : b.storage(), out.storage());
        return out;
    }

    /** weight (V, C), ids int32 (...) -> (..., C). */
    public static Tensor embedding(Tensor ids, Tensor weight) {
        ids.requireDType("embedding ids", DType.INT32);
        weight.requireDType("embedding weight", DType.FLOAT32);
        if (weight.rank() != 2) throw new IllegalArgumentException("embedding: weight must be (V, C), got " + Shapes.str(weight.shape()));
        Tensor idx = ids.contiguous();
        Tensor w = Views.dense(weight);
        int n = idx.size(), channels = w.dim(1);
        int[] shape = append(ids.shape(), channels);
        Tensor out = Tensor.empty(w.device(), DType.FLOAT32, shape);
        w.backend().embeddingForward(w.storage(), idx.storage(), idx.offset(), n, channels, out.storage());
        return Autograd.record(out, "embedding", g -> {
            Tensor dw = Tensor.zeros(w.device(), DType.FLOAT32, w.shape());
            w.backend().embeddingBackward(Views.dense(g).storage(), idx.storage(), idx.offset(), n, channels, dw.storage());
            return new Tensor[] {null, dw};
        }, ids, weight);
    }

    /** x (..., C), gamma (C), beta (C) -> (..., C) of the backend's activation type, normalised over the last axis. */
    public static Tensor layerNorm(Tensor input, Tensor gamma, Tensor beta, float eps) {
        Tensor x = Casts.float32(input);
        int channels = x.dim(-1);
        if (gamma.size() != channels || beta.size() != channels) {
            throw new IllegalArgumentException("layerNorm: input " + Shapes.str(x.shape()) + " needs weight and bias of size "
                    + channels + ", got " + Shapes.str(gamma.shape()) + " and " + Shapes.str(beta.shape()));
        }
        Tensor in = Views.dense(x), gm = Views.dense(gamma), bt = Views.dense(beta);
        int rows = in.size() / Math.max(1, channels);
        Backend be = in.backend();
        Tensor out = Tensor.empty(x.device(), be.activationType(), x.shape());
        Tensor mean = Tensor.empty(x.device(), DType.FLOAT32, rows), rstd = Tensor.empty(x.device(), DType.FLOAT32, rows);
        be.layerNormForward(in.storage(), gm.storage(), bt.storage(), rows, channels, eps, out.storage(), mean.storage(), rstd.storage());
        return Autograd.record(out, "layerNorm", g -> {
            Tensor dx = Tensor.empty(x.device(), DType.FLOAT32, x.shape());
            Tensor dgamma = Tensor.zeros(x.device(), DType.FLOAT32, gamma.shape());
            Tensor dbeta = Tensor.zeros(x.device(), DType.FLOAT32, beta.shape());
            be.layerNormBackward(Views.dense(g).storage(), in.storage(), gm.storage(), mean.storage(), rstd.storage(), rows, channels,
                    dx.storage(), dgamma.storage(), dbeta.storage());
            return new Tensor[] {dx, dgamma, dbeta};
        }, x, gamma, beta);
    }

    /** GELU with the tanh approximation (GPT-2's "gelu_new"). */
    public static Tensor gelu(Tensor input) {
        Tensor x = Casts.float32(input);
        Tensor in = Views.dense(x);
        Tensor out = Tensor.empty(x.device(), DType.FLOAT32, x.shape());
        in.backend().geluForward(in.storage(), out.storage(), out.size());
        return Autograd.record(out, "gelu", g -> {
            Tensor dx = Tensor.empty(x.device(), DType.FLOAT32, x.shape());
            in.backend().geluBackward(Views.dense(g).storage(), in.storage(), dx.storage(), dx.size());
            return new Tensor[] {dx};
        }, x);
    }

    /** Softmax over the last axis. */
    public static Tensor softmax(Tensor input) {
        Tensor x = Casts.float32(input);
        Tensor in = Views.dense(x);
        int cols = x.dim(-1), rows = x.size() / Math.max(1, cols);
        Tensor out = Tensor.empty(x.device(), DType.FLOAT32, x.shape());
        in.backend().softmaxForward(in.storage(), out.storage(), rows, cols);
        return Autograd.record(out, "softmax", g -> {
            Tensor dx = Tensor.empty(x.device(), DType.FLOAT32, x.shape());
            in.backend().softmaxBackward(Views.dense(g).storage(), out.storage(), dx.storage(), rows, cols);
            return new Tensor[] {dx};
        }, x);
    }

    /**
     * Inverted dropout with probability p; the mask is a function of seed alone, so the backward pass draws it again
     * for the gradient rather than keeping it. Identity when p is 0. The result, and the gradient it passes back, are
     * of the input's type (float32, or bf16 on a GPU in bf16 precision).
     */
    public static Tensor dropout(Tensor x, float p, long seed) {
        if (p < 0 || p >= 1) throw new IllegalArgumentException("dropout: probability must be in [0, 1), got " + p);
        if (p == 0) return x;
        return Autograd.record(masked(x, x.dtype(), p, seed), "dropout", g -> new Tensor[] {masked(g, x.dtype(), p, seed)}, x);
    }

    // x times dropout's mask of (p, seed) as type, not recorded
    private static Tensor masked(Tensor x, DType type, float p, long seed) {
        Tensor in = Views.dense(x);
        Tensor out = Tensor.empty(x.device(), type, x.shape());
        in.backend().dropout(in.storage(), out.storage(), out.size(), p, seed);
        return out;
    }

    /**
     * Causal scaled-dot-product attention: q, k, v (B, H, T, D) -> (B, H, T, D), each position attending to
     * itself and earlier ones, with scores scaled by 1/sqrt(D). Never holds a T x T matrix.
     */
    public static Tensor causalAttention(Tensor q, Tensor k, Tensor v) {
        if (q.rank() != 4 || !java.util.Arrays.equals(q.shape(), k.shape()) || !java.util.Arrays.equals(q.shape(), v.shape())) {
            throw new IllegalArgumentException("causalAttention: q, k and v must share one (B, H, T, D) shape, got "
                    + Shapes.str(q.shape()) + ", " + Shapes.str(k.shape()) + " and " + Shapes.str(v.shape()));
        }
        return denseAttention(Casts.float32(q), Casts.float32(k), Casts.float32(v));
    }

    private static Tensor denseAttention(Tensor q, Tensor k, Tensor v) {
        Tensor qd = Views.dense(q), kd = Views.dense(k), vd = Views.dense(v);
        int heads = q.dim(0) * q.dim(1), t = q.dim(2), d = q.dim(3);
        float scale = (float) (1.0 / Math.sqrt(d));
        Backend be = qd.backend();
        Tensor out = Tensor.empty(q.device(), DType.FLOAT32, q.shape());
        Tensor lse = Tensor.empty(q.device(), DType.FLOAT32, heads, t);
        be.attentionForward(qd.storage(), kd.storage(), vd.storage(), heads, t, t, d, t * d, scale, AttentionDropout.NONE, out.storage(),
                lse.storage());
        return Autograd.record(out, "causalAttention", g -> {
            Tensor dq = Tensor.empty(q.device(), DType.FLOAT32, q.shape());
            Tensor dk = Tensor.empty(q.device(), DType.FLOAT32, q.shape());
            Tensor dv = Tensor.empty(q.device(), DType.FLOAT32, q.shape());
            be.attentionBackward(Views.dense(g).storage(), qd.storage(), kd.storage(), vd.storage(), out.storage(), lse.storage(),
                    heads, t, d, scale, AttentionDropout.NONE, dq.storage(), dk.storage(), dv.storage());
            return new Tensor[] {dq, dk, dv};
        }, q, k, v);
    }

    /**
     * Causal self-attention straight from the packed projection qkv (B, T, 3C) -> (B, T, C), C = heads * D: at each
     * position head h's query, key and value are columns h*D, C + h*D and 2C + h*D of qkv, and its output columns h*D
     * of the result (the heads already joined). One node whose backward writes dqkv (B, T, 3C) in one buffer. The
     * result and dqkv are of qkv's type (float32, or bf16 on a GPU in bf16 precision).
     */
    public static Tensor causalSelfAttention(Tensor qkv, int heads) {
        return causalSelfAttention(qkv, heads, AttentionDropout.NONE);
    }

    /**
     * {@link #causalSelfAttention(Tensor, int)} with dropout on the (B, heads, T, T) attention weights, which the kernels
     * drop as {@link #dropout} would drop them if they were a tensor (see {@link AttentionDropout}).
     */
    public static Tensor causalSelfAttention(Tensor qkv, int heads, AttentionDropout dropout) {
        if (qkv.rank() != 3 || heads <= 0 || qkv.dim(2) % (3 * heads) != 0) {
            throw new IllegalArgumentException("causalSelfAttention: qkv must be (B, T, 3C) with C a multiple of " + heads
                    + " heads, got " + Shapes.str(qkv.shape()));
        }
        Tensor in = Views.dense(qkv);
        int b = qkv.dim(0), t = qkv.dim(1), c = qkv.dim(2) / 3, d = c / heads;
        float scale = (float) (1.0 / Math.sqrt(d));
        Backend be = in.backend();
        Tensor out = Tensor.empty(qkv.device(), qkv.dtype(), b, t, c);
        Tensor lse = Tensor.empty(qkv.device(), DType.FLOAT32, b * heads, t);
        be.causalSelfAttentionForward(in.storage(), b, t, heads, d, scale, dropout, out.storage(), lse.storage());
        return Autograd.record(out, "causalSelfAttention", g -> {
            Tensor dqkv = Tensor.empty(qkv.device(), qkv.dtype(), qkv.shape());
            be.causalSelfAttentionBackward(Views.dense(g).storage(), in.storage(), out.storage(), lse.storage(), b, t, heads, d, scale,
                    dropout, dqkv.storage());
            return new Tensor[] {dqkv};
        }, qkv);
    }

    /**
     * Causal attention of new queries over a KV cache, for incremental decoding: q (B, H, Tq, D) holds the
     * queries of positions length - Tq .. length - 1, and keys and values (B, H, Tmax, D) hold every position
     * so far in their first length rows (the new ones included). Returns (B, H, Tq, D). Inference only: it
     * records nothing on the tape, so it refuses queries that need gradients.
     */
    public static Tensor cachedAttention(Tensor q, Tensor keys, Tensor values, int length) {
        int[] cacheShape = keys.shape();
        if (q.rank() != 4 || keys.rank() != 4 || !java.util.Arrays.equals(cacheShape, values.shape())
                || q.dim(0) != keys.dim(0) || q.dim(1) != keys.dim(1) || q.dim(3) != keys.dim(3)
                || length < q.dim(2) || length > keys.dim(2)) {
            throw new IllegalArgumentException("cachedAttention: queries " + Shapes.str(q.shape()) + " do not fit a cache "
                    + Shapes.str(cacheShape) + " holding " + length + " positions");
        }
        if (GradMode.enabled() && q.requiresGrad()) {
            throw new IllegalStateException("cachedAttention is for inference only; run it under Tensor.noGrad()");
        }
        if (!keys.isDense() || !values.isDense()) throw new IllegalArgumentException("cachedAttention: the cache tensors must be dense");
        Tensor qd = Views.dense(Casts.float32(q));
        int heads = q.dim(0) * q.dim(1), tq = q.dim(2), d = q.dim(3);
        Tensor out = Tensor.empty(q.device(), DType.FLOAT32, q.shape());
        Tensor lse = Tensor.empty(q.device(), DType.FLOAT32, heads, tq);
        qd.backend().attentionForward(qd.storage(), keys.storage(), values.storage(), heads, tq, length, d, keys.dim(2) * d,
                (float) (1.0 / Math.sqrt(d)), AttentionDropout.NONE, out.storage(), lse.storage());
        return out;
    }

    /**
     * Mean cross-entropy of logits (N, V) against int32 targets (N), fused with log-softmax; targets equal
     * to {@link #IGNORE_INDEX} are left out of the mean. Leading axes of both are flattened. Logits may be bf16; their
     * gradient is of their type.
     */
    public static Tensor crossEntropy(Tensor logits, Tensor targets) {
        targets.requireDType("crossEntropy targets", DType.INT32);
        int vocab = logits.dim(-1), rows = logits.size() / Math.max(1, vocab);
        if (targets.size() != rows) {
            throw new IllegalArgumentException("crossEntropy: logits " + Shapes.str(logits.shape()) + " need " + rows
                    + " targets, got shape " + Shapes.str(targets.shape()));
        }
        Tensor x = Views.dense(logits), tg = targets.contiguous();
        Backend be = x.backend();
        Tensor losses = Tensor.zeros(x.device(), DType.FLOAT32, rows), lse = Tensor.zeros(x.device(), DType.FLOAT32, rows);
        be.crossEntropyForward(x.storage(), tg.storage(), tg.offset(), rows, vocab, IGNORE_INDEX, losses.storage(), lse.storage());
        // the count of the targets that are not ignored stays on the device: reading it would make the host wait
        Tensor divisor = Tensor.empty(x.device(), DType.FLOAT32, 2);
        be.crossEntropyDivisor(tg.storage(), tg.offset(), rows, IGNORE_INDEX, divisor.storage());
        Tensor out = losses.sum().mul(divisor.slice(0, 1, 2).reshape());
        return Autograd.record(out, "crossEntropy", g -> {
            Tensor dlogits = Tensor.empty(x.device(), x.dtype(), logits.shape());
            Tensor scale = Views.dense(g.div(divisor.slice(0, 0, 1).reshape()));
            be.crossEntropyBackward(x.storage(), tg.storage(), tg.offset(), lse.storage(), rows, vocab, IGNORE_INDEX, scale.storage(),
                    dlogits.storage());
            return new Tensor[] {dlogits, null};
        }, logits, targets);
    }


    /** Joins tensors along an axis. */
    public static Tensor concat(List<Tensor> parts, int axis) {
        return Views.concat(parts, axis);
    }

    /** Splits x along an axis into consecutive views of the given sizes. */
    public static List<Tensor> split(Tensor x, int axis, int... sizes) {
        int a = Shapes.axis("split", axis, x.rank()), total = 0;
        for (int s : sizes) total += s;
        if (total != x.dim(a)) {
            throw new IllegalArgumentException("split: sizes add up to " + total + " but axis " + axis + " of "
                    + Shapes.str(x.shape()) + " has " + x.dim(a));
        }
        Tensor[] parts = new Tensor[sizes.length];
        for (int i = 0, at = 0; i < sizes.length; at += sizes[i++]) parts[i] = x.slice(a, at, at + sizes[i]);
        return List.of(parts);
    }

    private static int[] append(int[] shape, int last) {
        int[] out = java.util.Arrays.copyOf(shape, shape.length + 1);
        out[shape.length] = last;
        return out;
    }
}

package jgpt.nn;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import jgpt.tensor.Device;
import jgpt.tensor.Functional;
import jgpt.tensor.Tensor;

/**
 * Causal multi-head self-attention, as in the book's chapter 3: each position attends to itself and the
 * positions before it, in nHeads heads of size D = C / nHeads, whose outputs are joined and projected.
 *
 * <p>One Linear {@code qkv} (C -> 3C) computes queries, keys and values in one GEMM: its weight is the
 * book's W_query, W_key and W_value stacked row-wise (rows 0..C-1 give q, C..2C-1 k, 2C..3C-1 v).
 *
 * <p>Inference and training without dropout run the fused kernel {@link Functional#causalSelfAttention}
 * straight on the (B, T, 3C) projection, which never holds the T x T weights nor copies the heads apart.
 * Dropout on the attention weights needs those weights, so training with a drop rate above 0 takes the
 * book's explicit path instead: scores, causal mask, softmax, dropout, weighted sum of values.
 */
public final class MultiHeadAttention extends Module implements Layer {
    private static final Map<Device, Tensor> MASKS = new ConcurrentHashMap<>();   // see causalMask(t, device)
    private final Linear qkv;
    private final Linear proj;
    private final Dropout weightDropout;
    private final float dropRate;
    private final int nHeads;
    private final int embDim;

    /**
     * @param qkv      the stacked query, key and value projection, weight (3C, C)
     * @param proj     the output projection, weight (C, C)
     * @param dropRate dropout probability on the attention weights while training
     * @param dropoutSeed seed of that dropout's masks
     */
    public MultiHeadAttention(Linear qkv, Linear proj, int nHeads, float dropRate, long dropoutSeed) {
        this.embDim = proj.weight().dim(0);
        if (nHeads <= 0 || embDim % nHeads != 0) {
            throw new IllegalArgumentException("MultiHeadAttention: " + embDim + " channels do not split into " + nHeads + " heads");
        }
        if (qkv.weight().dim(0) != 3 * embDim || qkv.weight().dim(1) != embDim || proj.weight().dim(1) != embDim) {
            throw new IllegalArgumentException("MultiHeadAttention: qkv weight must be (3C, C) and proj weight (C, C), got "
                    + qkv.weight() + " and " + proj.weight());
        }
        this.qkv = child("qkv", qkv);
        this.proj = child("proj", proj);
        this.weightDropout = child("weight_dropout", new Dropout(dropRate, dropoutSeed));
        this.dropRate = dropRate;
        this.nHeads = nHeads;
    }

    // x (B, T, C) -> (B, T, C)
    @Override
    public Tensor forward(Tensor x) {
        Tensor projected = qkv.forward(x);                                                        // (B, T, 3C)
        Tensor context = isTraining() && dropRate > 0
                ? attentionWithDropout(projected)
                : Functional.causalSelfAttention(projected, nHeads);                              // (B, T, C)
        return proj.forward(context);                                                             // (B, T, C)
    }

    // qkv (B, T, 3C) -> (B, T, C) through the explicit path, whose attention weights weightDropout drops
    private Tensor attentionWithDropout(Tensor projected) {
        int b = projected.dim(0), t = projected.dim(1);
        List<Tensor> qkvParts = Functional.split(projected, -1, embDim, embDim, embDim);         // 3 x (B, T, C)
        Tensor context = maskedAttention(splitHeads(qkvParts.get(0)), splitHeads(qkvParts.get(1)), splitHeads(qkvParts.get(2)),
                weightDropout);                                                                   // (B, H, T, D)
        return context.transpose(1, 2).reshape(b, t, embDim);
    }

    /**
     * Incremental decoding: x (B, Tq, C) holds the next Tq positions after those in cache; their keys and
     * values are appended to cache and each query attends to every cached position up to its own.
     * Inference only (no dropout, nothing recorded on the tape).
     */
    public Tensor forward(Tensor x, AttentionCache cache) {
        int b = x.dim(0), t = x.dim(1);
        List<Tensor> qkvParts = Functional.split(qkv.forward(x), -1, embDim, embDim, embDim);   // 3 x (B, Tq, C)
        cache.append(splitHeads(qkvParts.get(1)), splitHeads(qkvParts.get(2)));
        Tensor context = Functional.cachedAttention(splitHeads(qkvParts.get(0)), cache.keys(), cache.values(), cache.length());
        return proj.forward(context.transpose(1, 2).reshape(b, t, embDim));                      // (B, Tq, C)
    }

    /** A cache for this layer's keys and values: batch rows, up to capacity positions. */
    public AttentionCache newCache(int batch, int capacity) {
        return new AttentionCache(batch, nHeads, capacity, embDim / nHeads, proj.weight().device());
    }

    // x (B, T, C) -> (B, H, T, D)
    private Tensor splitHeads(Tensor x) {
        return x.reshape(x.dim(0), x.dim(1), nHeads, embDim / nHeads).transpose(1, 2);
    }

    /**
     * The book's explicit attention: q, k, v (B, H, T, D) -> (B, H, T, D). Holds the (B, H, T, T) weights so
     * that weightDropout can drop some of them.
     */
    static Tensor maskedAttention(Tensor q, Tensor k, Tensor v, Layer weightDropout) {
        int t = q.dim(2);
        Tensor scores = q.matmul(k.transpose(-1, -2)).scale((float) (1.0 / Math.sqrt(q.dim(3))));   // (B, H, T, T)
        Tensor weights = Functional.softmax(scores.add(causalMask(t, q.device())));
        return weightDropout.forward(weights).matmul(v);
    }

    /**
     * causalMask(t) on device, as a view of the largest mask made there so far: made once per device and length, not
     * once per call, because an upload to the GPU from pageable memory makes the host wait for all queued work.
     */
    private static Tensor causalMask(int t, Device device) {
        Tensor mask = MASKS.compute(device, (d, made) -> made != null && made.dim(0) >= t ? made : causalMask(t).to(d));
        return mask.slice(0, 0, t).slice(1, 0, t);
    }

    /** (T, T): 0 on and below the diagonal, -infinity above it, so softmax gives future positions weight 0. */
    private static Tensor causalMask(int t) {
        float[] mask = new float[t * t];
        for (int i = 0; i < t; i++) Arrays.fill(mask, i * t + i + 1, (i + 1) * t, Float.NEGATIVE_INFINITY);
        return Tensor.of(mask, t, t);
    }
}

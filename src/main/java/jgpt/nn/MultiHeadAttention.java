package jgpt.nn;

import java.util.List;
import jgpt.tensor.Functional;
import jgpt.tensor.Tensor;

/**
 * Causal multi-head self-attention, as in the book's chapter 3: each position attends to itself and the
 * positions before it, in nHeads heads of size D = C / nHeads, whose outputs are joined and projected.
 *
 * <p>One Linear {@code qkv} (C -> 3C) computes queries, keys and values in one GEMM: its weight is the
 * book's W_query, W_key and W_value stacked row-wise (rows 0..C-1 give q, C..2C-1 k, 2C..3C-1 v).
 *
 * <p>Attention runs as the fused kernel {@link Functional#causalSelfAttention} straight on the (B, T, 3C)
 * projection, which never holds the T x T weights nor copies the heads apart. While training, the kernel drops
 * attention weights as the book's explicit path (scores, causal mask, softmax, dropout, weighted sum of values)
 * would with weightDropout's mask: the same weights, chosen by their index in the (B, H, T, T) weights.
 */
public final class MultiHeadAttention extends Module implements Layer {
    private final Linear qkv;
    private final Linear proj;
    private final Dropout weightDropout;
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
        this.nHeads = nHeads;
    }

    // x (B, T, C) -> (B, T, C)
    @Override
    public Tensor forward(Tensor x) {
        Tensor projected = qkv.forward(x);                                                        // (B, T, 3C)
        Tensor context = Functional.causalSelfAttention(projected, nHeads, weightDropout.forAttention());   // (B, T, C)
        return proj.forward(context);                                                             // (B, T, C)
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
}

package jgpt.model;

import jgpt.nn.AttentionCache;
import jgpt.nn.Dropout;
import jgpt.nn.Layer;
import jgpt.nn.LayerNorm;
import jgpt.nn.Module;
import jgpt.nn.MultiHeadAttention;
import jgpt.tensor.Tensor;

/**
 * The book's TransformerBlock (pre-LayerNorm, as GPT-2): LayerNorm, causal multi-head attention, dropout,
 * shortcut; then LayerNorm, feed-forward, dropout, shortcut.
 */
public final class TransformerBlock extends Module implements Layer {
    private final LayerNorm norm1;
    private final MultiHeadAttention attn;
    private final LayerNorm norm2;
    private final FeedForward ff;
    private final Dropout dropShortcut;

    TransformerBlock(GPTConfig config, WeightInit init) {
        int c = config.embDim();
        this.norm1 = child("norm1", init.layerNorm(c));
        this.attn = child("attn", new MultiHeadAttention(init.linear(c, 3 * c, config.qkvBias()), init.residualProjection(c, c),
                config.nHeads(), config.dropRate(), init.dropoutSeed()));
        this.norm2 = child("norm2", init.layerNorm(c));
        this.ff = child("ff", new FeedForward(config, init));
        this.dropShortcut = child("drop_shortcut", new Dropout(config.dropRate(), init.dropoutSeed()));
    }

    // x (B, T, C) -> (B, T, C)
    @Override
    public Tensor forward(Tensor x) {
        Tensor shortcut = x;
        x = dropShortcut.forward(attn.forward(norm1.forward(x)));
        x = x.add(shortcut);

        shortcut = x;
        x = dropShortcut.forward(ff.forward(norm2.forward(x)));
        return x.add(shortcut);
    }

    // x (B, Tq, C) -> (B, Tq, C): the next Tq positions after those in cache (inference)
    Tensor forward(Tensor x, AttentionCache cache) {
        x = attn.forward(norm1.forward(x), cache).add(x);
        return ff.forward(norm2.forward(x)).add(x);
    }

    AttentionCache newCache(int batch, int capacity) {
        return attn.newCache(batch, capacity);
    }
}

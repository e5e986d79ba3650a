package jgpt.model;

import java.util.List;
import jgpt.nn.AttentionCache;

/**
 * The keys and values of every transformer block for incremental decoding ({@link GPTModel#forward(jgpt.tensor.Tensor,
 * KVCache)}): each new token then costs one position's work instead of a pass over the whole context.
 */
public final class KVCache {
    private final List<AttentionCache> layers;

    KVCache(List<AttentionCache> layers) {
        this.layers = List.copyOf(layers);
    }

    /** Positions held so far. */
    public int length() {
        return layers.getFirst().length();
    }

    /** The most positions it can hold: the model's context length. */
    public int capacity() {
        return layers.getFirst().capacity();
    }

    /** Forgets every position, keeping the buffers. */
    public void clear() {
        layers.forEach(AttentionCache::clear);
    }

    /** Counts positions that a fused decoding step wrote into every layer's buffers; see {@link AttentionCache#extend}. */
    public void extend(int positions) {
        layers.forEach(layer -> layer.extend(positions));
    }

    /** Block index's keys and values. */
    public AttentionCache layer(int index) {
        return layers.get(index);
    }
}

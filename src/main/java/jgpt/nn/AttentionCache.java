package jgpt.nn;

import jgpt.tensor.DType;
import jgpt.tensor.Device;
import jgpt.tensor.InPlace;
import jgpt.tensor.Tensor;

/**
 * One attention layer's keys and values for incremental decoding: (B, H, Tmax, D) buffers whose first
 * {@link #length()} rows hold the positions seen so far.
 */
public final class AttentionCache {
    private final Tensor keys;
    private final Tensor values;
    private int length;

    public AttentionCache(int batch, int heads, int capacity, int headDim, Device device) {
        this.keys = Tensor.zeros(device, DType.FLOAT32, batch, heads, capacity, headDim);
        this.values = Tensor.zeros(device, DType.FLOAT32, batch, heads, capacity, headDim);
    }

    /** Appends the keys and values (B, H, Tq, D) of Tq new positions. */
    void append(Tensor k, Tensor v) {
        int tq = k.dim(2);
        if (length + tq > capacity()) {
            throw new IllegalStateException("the KV cache holds " + length + " of " + capacity() + " positions and cannot take " + tq + " more");
        }
        InPlace.assign(keys.slice(2, length, length + tq), k);
        InPlace.assign(values.slice(2, length, length + tq), v);
        length += tq;
    }

    /**
     * Counts positions whose keys and values were written into the buffers directly (by a fused decoding step)
     * rather than through {@link #append}.
     */
    public void extend(int positions) {
        if (positions < 0 || length + positions > capacity()) {
            throw new IllegalStateException("the KV cache holds " + length + " of " + capacity() + " positions and cannot take " + positions + " more");
        }
        length += positions;
    }

    public Tensor keys() {
        return keys;
    }

    public Tensor values() {
        return values;
    }

    public int length() {
        return length;
    }

    public int capacity() {
        return keys.dim(2);
    }

    /** Forgets every position (the buffers are reused). */
    public void clear() {
        length = 0;
    }
}

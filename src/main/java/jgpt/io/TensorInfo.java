package jgpt.io;

import java.util.Arrays;

/**
 * One tensor's entry in a safetensors header.
 *
 * @param name  the tensor's name, e.g. {@code transformer.h.0.attn.c_attn.weight}
 * @param dtype its element type
 * @param shape its dimensions, outermost first (row-major); empty for a scalar
 * @param begin first byte of its data, counted from the start of the data section
 * @param end   one past its last byte, counted likewise
 */
public record TensorInfo(String name, SafeDType dtype, int[] shape, long begin, long end) {

    public TensorInfo {
        shape = shape.clone();
    }

    @Override
    public int[] shape() {
        return shape.clone();
    }

    /** The number of elements: the product of the shape (1 for a scalar). */
    public long elementCount() {
        return elementCount(shape);
    }

    /** The number of data bytes, {@code end - begin}. */
    public long byteSize() {
        return end - begin;
    }

    static long elementCount(int[] shape) {
        long n = 1;
        for (int d : shape) {
            n = Math.multiplyExact(n, d);
        }
        return n;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TensorInfo t && name.equals(t.name) && dtype == t.dtype
                && Arrays.equals(shape, t.shape) && begin == t.begin && end == t.end;
    }

    @Override
    public int hashCode() {
        return 31 * name.hashCode() + Arrays.hashCode(shape);
    }

    @Override
    public String toString() {
        return name + " " + dtype + " " + Arrays.toString(shape) + " bytes [" + begin + ", " + end + ")";
    }
}

package jgpt.backend.cuda;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;

/**
 * A shape and the strides of two views over it, simplified for the kernels' {@code Layout} struct: axes of
 * size 1 are dropped and neighbouring axes that both views step through contiguously are merged, which keeps
 * the row-major order of elements. At most {@value #MAX_RANK} axes may remain.
 */
record StridedLayout(int[] shape, int[] stridesA, int[] stridesB) {
    static final int MAX_RANK = 8;

    static StridedLayout of(String op, int[] shape, int[] stridesA, int[] stridesB) {
        List<int[]> axes = new ArrayList<>();  // {size, strideA, strideB}, outermost first
        for (int d = 0; d < shape.length; d++) {
            if (shape[d] == 1) continue;
            int[] axis = {shape[d], stridesA[d], stridesB[d]};
            int[] outer = axes.isEmpty() ? null : axes.getLast();
            if (outer != null && outer[1] == axis[1] * axis[0] && outer[2] == axis[2] * axis[0]) {
                axis[0] *= outer[0];
                axes.set(axes.size() - 1, axis);
            } else {
                axes.add(axis);
            }
        }
        if (axes.size() > MAX_RANK) {
            throw new IllegalArgumentException(op + ": strided views need " + axes.size() + " axes on cuda, more than "
                    + MAX_RANK + " (make the tensor contiguous first)");
        }
        int rank = axes.size();
        int[] s = new int[rank], a = new int[rank], b = new int[rank];
        for (int d = 0; d < rank; d++) {
            s[d] = axes.get(d)[0];
            a[d] = axes.get(d)[1];
            b[d] = axes.get(d)[2];
        }
        return new StridedLayout(s, a, b);
    }

    int rank() {
        return shape.length;
    }

    /**
     * Whether the kernels may move four elements at a time (a float4, or 8 bytes of bf16) through views at device
     * addresses a and b of elements of aBytes and bBytes: the innermost axis is contiguous in both and a multiple of 4
     * long, every other stride is a multiple of 4, and each address is aligned to four of its elements.
     */
    boolean inFours(long a, int aBytes, long b, int bBytes) {
        int last = rank() - 1;
        if (last < 0 || shape[last] % 4 != 0 || stridesA[last] != 1 || stridesB[last] != 1) return false;
        if (a % (4L * aBytes) != 0 || b % (4L * bBytes) != 0) return false;
        for (int d = 0; d < last; d++) if (stridesA[d] % 4 != 0 || stridesB[d] % 4 != 0) return false;
        return true;
    }

    /** The struct {int rank; int shape[8]; int strideA[8]; int strideB[8];} as bytes. */
    MemorySegment struct() {
        int[] words = new int[1 + 3 * MAX_RANK];
        words[0] = rank();
        System.arraycopy(shape, 0, words, 1, rank());
        System.arraycopy(stridesA, 0, words, 1 + MAX_RANK, rank());
        System.arraycopy(stridesB, 0, words, 1 + 2 * MAX_RANK, rank());
        return MemorySegment.ofArray(words);
    }
}

package jgpt.tensor;

import java.util.Arrays;

/** Small helpers over int[] shapes and strides. */
final class Shapes {
    private Shapes() {
    }

    static int numel(int[] shape) {
        long n = 1;
        for (int d : shape) n *= d;
        if (n > Integer.MAX_VALUE) throw new IllegalArgumentException("tensor of shape " + str(shape) + " has more than 2^31 elements");
        return (int) n;
    }

    static int[] contiguousStrides(int[] shape) {
        int[] strides = new int[shape.length];
        int s = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            strides[i] = s;
            s *= shape[i];
        }
        return strides;
    }

    /**
     * Strides that show the elements of a (shape, strides) view in newShape without moving them, or null when
     * the layout does not allow it (NumPy's no-copy reshape): each group of old axes that merges or splits
     * into new axes must be laid out contiguously within itself. Size-1 axes take any stride.
     */
    static int[] viewStrides(int[] shape, int[] strides, int[] newShape) {
        int[] oldShape = new int[shape.length], oldStrides = new int[shape.length];
        int n = 0;
        for (int i = 0; i < shape.length; i++) {
            if (shape[i] == 1) continue;
            oldShape[n] = shape[i];
            oldStrides[n++] = strides[i];
        }
        int[] out = new int[newShape.length];
        java.util.Arrays.fill(out, 1);
        int oi = 0, ni = 0;
        while (oi < n && ni < newShape.length) {
            int oj = oi + 1, nj = ni + 1;
            long oldSize = oldShape[oi], newSize = newShape[ni];
            while (oldSize != newSize) {
                if (newSize < oldSize) newSize *= newShape[nj++];
                else oldSize *= oldShape[oj++];
            }
            for (int k = oi; k < oj - 1; k++) if (oldStrides[k] != oldShape[k + 1] * oldStrides[k + 1]) return null;
            out[nj - 1] = oldStrides[oj - 1];
            for (int k = nj - 1; k > ni; k--) out[k - 1] = out[k] * newShape[k];
            oi = oj;
            ni = nj;
        }
        return out;
    }

    static String str(int[] shape) {
        return Arrays.toString(shape).replace(" ", "");
    }

    static void checkValid(int[] shape) {
        for (int d : shape) {
            if (d < 0) throw new IllegalArgumentException("shape " + str(shape) + " has a negative dimension");
        }
    }

    /** The broadcast shape of a and b (NumPy rules), or an exception naming the op and both shapes. */
    static int[] broadcast(String op, int[] a, int[] b) {
        int rank = Math.max(a.length, b.length);
        int[] out = new int[rank];
        for (int i = 0; i < rank; i++) {
            int da = i < rank - a.length ? 1 : a[i - (rank - a.length)];
            int db = i < rank - b.length ? 1 : b[i - (rank - b.length)];
            if (da != db && da != 1 && db != 1) {
                throw new IllegalArgumentException(op + ": shapes " + str(a) + " and " + str(b) + " cannot be broadcast together");
            }
            out[i] = da == 1 ? db : da;
        }
        return out;
    }

    /** Strides that read a tensor (shape, strides) as if it had the broadcast shape: 0 on repeated axes. */
    static int[] broadcastStrides(int[] shape, int[] strides, int[] target) {
        int[] out = new int[target.length];
        int lead = target.length - shape.length;
        for (int i = 0; i < shape.length; i++) {
            out[lead + i] = shape[i] == 1 && target[lead + i] != 1 ? 0 : strides[i];
        }
        return out;
    }

    /** Normalises a possibly negative axis against a rank. */
    static int axis(String op, int axis, int rank) {
        int a = axis < 0 ? axis + rank : axis;
        if (a < 0 || a >= rank) throw new IllegalArgumentException(op + ": axis " + axis + " is out of range for rank " + rank);
        return a;
    }
}

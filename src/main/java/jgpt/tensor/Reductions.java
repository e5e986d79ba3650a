package jgpt.tensor;

import java.util.Arrays;

/** Sums and means over axes, and the reduction of a broadcast gradient back to its input's shape. */
final class Reductions {
    private Reductions() {
    }

    static Tensor sum(Tensor x, int[] axes) {
        x = Casts.float32(x);
        x.requireDType("sum", DType.FLOAT32);
        boolean[] reduce = axesMask("sum", x.rank(), axes);
        Tensor out = sumKeepDims(x, reduce);
        int[] inShape = x.shape();
        Tensor result = Autograd.record(out, "sum", g -> new Tensor[] {
                Views.expand(g.reshape(keptShape(inShape, reduce)), inShape)}, x);
        return result.reshape(removedShape(inShape, reduce));
    }

    static Tensor mean(Tensor x, int[] axes) {
        boolean[] reduce = axesMask("mean", x.rank(), axes);
        long count = 1;
        for (int i = 0; i < reduce.length; i++) if (reduce[i]) count *= x.dim(i);
        return sum(x, axes).scale(1f / count);
    }

    /** Sums a gradient of a broadcast shape down to shape (the backward of broadcasting). */
    static Tensor sumTo(Tensor g, int[] shape) {
        if (Arrays.equals(g.shape(), shape)) return g;
        g = Casts.float32(g);
        int lead = g.rank() - shape.length;
        boolean[] reduce = new boolean[g.rank()];
        for (int i = 0; i < g.rank(); i++) reduce[i] = i < lead || (shape[i - lead] == 1 && g.dim(i) != 1);
        return sumKeepDims(g, reduce).reshape(shape);
    }

    /** Sums over the marked axes, keeping them with size 1; one kernel call per run of adjacent marked axes. */
    private static Tensor sumKeepDims(Tensor x, boolean[] reduce) {
        Tensor cur = Views.dense(x);
        int[] shape = cur.shape();
        for (int i = 0; i < shape.length; ) {
            if (!reduce[i] || shape[i] == 1) {
                i++;
                continue;
            }
            int j = i;
            while (j < shape.length && reduce[j]) j++;
            int outer = prod(shape, 0, i), mid = prod(shape, i, j), inner = prod(shape, j, shape.length);
            Tensor next = Tensor.empty(x.device(), DType.FLOAT32, outer * inner);
            cur.backend().sumMiddle(cur.storage(), outer, mid, inner, next.storage());
            for (int k = i; k < j; k++) shape[k] = 1;
            cur = Tensor.dense(next.storage(), shape.clone());
            i = j;
        }
        return cur == x ? Views.copy(x) : cur;
    }

    private static boolean[] axesMask(String op, int rank, int[] axes) {
        boolean[] mask = new boolean[rank];
        if (axes.length == 0) Arrays.fill(mask, true);
        for (int a : axes) mask[Shapes.axis(op, a, rank)] = true;
        return mask;
    }

    private static int[] keptShape(int[] shape, boolean[] reduce) {
        int[] out = shape.clone();
        for (int i = 0; i < out.length; i++) if (reduce[i]) out[i] = 1;
        return out;
    }

    private static int[] removedShape(int[] shape, boolean[] reduce) {
        return java.util.stream.IntStream.range(0, shape.length).filter(i -> !reduce[i]).map(i -> shape[i]).toArray();
    }

    private static int prod(int[] shape, int from, int to) {
        int p = 1;
        for (int i = from; i < to; i++) p *= shape[i];
        return p;
    }
}

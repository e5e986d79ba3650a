package jgpt.tensor;

import java.util.List;

/** Shape-changing ops: reshape, transpose, slice, copies, concat, broadcast expansion. */
final class Views {
    private Views() {
    }

    static Tensor reshape(Tensor t, int[] requested) {
        int[] shape = resolveShape(t, requested);
        int[] strides = t.isContiguous() || t.size() == 0 ? Shapes.contiguousStrides(shape) : Shapes.viewStrides(t.shape(), t.strides(), shape);
        if (strides == null) {
            t = copy(t);
            strides = Shapes.contiguousStrides(shape);
        }
        int[] oldShape = t.shape();
        Tensor out = new Tensor(t.storage(), shape, strides, t.offset());
        return Autograd.record(out, "reshape", g -> new Tensor[] {g.reshape(oldShape)}, t);
    }

    private static int[] resolveShape(Tensor t, int[] requested) {
        int[] shape = requested.clone();
        int inferred = -1;
        long known = 1;
        for (int i = 0; i < shape.length; i++) {
            if (shape[i] == -1 && inferred < 0) inferred = i;
            else if (shape[i] < 0) throw new IllegalArgumentException("reshape: invalid target shape " + Shapes.str(requested));
            else known *= shape[i];
        }
        if (inferred >= 0 && known > 0 && t.size() % known == 0) shape[inferred] = (int) (t.size() / known);
        if (Shapes.numel(shape) != t.size() || (inferred >= 0 && known == 0)) {
            throw new IllegalArgumentException("reshape: cannot view shape " + Shapes.str(t.shape()) + " (" + t.size()
                    + " elements) as " + Shapes.str(requested));
        }
        return shape;
    }

    static Tensor transpose(Tensor t, int axisA, int axisB) {
        int a = Shapes.axis("transpose", axisA, t.rank()), b = Shapes.axis("transpose", axisB, t.rank());
        int[] shape = t.shape(), strides = t.strides().clone();
        swap(shape, a, b);
        swap(strides, a, b);
        Tensor out = new Tensor(t.storage(), shape, strides, t.offset());
        return Autograd.record(out, "transpose", g -> new Tensor[] {g.transpose(a, b)}, t);
    }

    private static void swap(int[] v, int i, int j) {
        int tmp = v[i];
        v[i] = v[j];
        v[j] = tmp;
    }

    static Tensor slice(Tensor t, int axis, int start, int end) {
        int a = Shapes.axis("slice", axis, t.rank());
        if (start < 0 || end > t.dim(a) || start > end) {
            throw new IllegalArgumentException("slice: range [" + start + ", " + end + ") is outside axis " + axis
                    + " of shape " + Shapes.str(t.shape()));
        }
        int[] shape = t.shape();
        shape[a] = end - start;
        Tensor out = new Tensor(t.storage(), shape, t.strides(), t.offset() + start * t.strides()[a]);
        int[] inShape = t.shape();
        return Autograd.record(out, "slice", g -> {
            Tensor full = Tensor.zeros(g.device(), DType.FLOAT32, inShape);
            copyInto(g, full.slice(a, start, start + g.dim(a)));
            return new Tensor[] {full};
        }, t);
    }

    /** A contiguous copy at offset 0 (tracked: its gradient passes straight through). */
    static Tensor copy(Tensor t) {
        Tensor out = Tensor.empty(t.device(), t.dtype(), t.shape());
        copyInto(t, out);
        return Autograd.record(out, "copy", g -> new Tensor[] {g}, t);
    }

    /** t itself when contiguous from element 0, else a copy; what most kernels take. */
    static Tensor dense(Tensor t) {
        return t.offset() == 0 && t.isContiguous() ? t : copy(t);
    }

    /** Writes src's values into the (possibly strided) view dst of the same shape; not tracked. */
    static void copyInto(Tensor src, Tensor dst) {
        src.backend().copyStrided(src.storage(), src.offset(), src.strides(), dst.storage(), dst.offset(), dst.strides(), src.shape());
    }

    /** Materialises t broadcast to shape (NumPy rules). */
    static Tensor expand(Tensor t, int[] shape) {
        Tensor out = Tensor.empty(t.device(), t.dtype(), shape);
        int[] strides = Shapes.broadcastStrides(t.shape(), t.strides(), shape);
        t.backend().copyStrided(t.storage(), t.offset(), strides, out.storage(), 0, out.strides(), shape);
        return Autograd.record(out, "expand", g -> new Tensor[] {Reductions.sumTo(g, t.shape())}, t);
    }

    static Tensor concat(List<Tensor> parts, int axis) {
        if (parts.isEmpty()) throw new IllegalArgumentException("concat: no tensors given");
        Tensor first = parts.getFirst();
        int a = Shapes.axis("concat", axis, first.rank());
        int[] shape = first.shape();
        shape[a] = 0;
        for (Tensor p : parts) {
            int[] s = p.shape();
            s[a] = 0;
            int[] expected = first.shape();
            expected[a] = 0;
            if (!java.util.Arrays.equals(s, expected) || p.dtype() != first.dtype()) {
                throw new IllegalArgumentException("concat: shapes " + Shapes.str(first.shape()) + " and " + Shapes.str(p.shape())
                        + " differ outside axis " + axis);
            }
            shape[a] += p.dim(a);
        }
        Tensor out = Tensor.empty(first.device(), first.dtype(), shape);
        int[] starts = new int[parts.size()];
        int at = 0;
        for (int i = 0; i < parts.size(); i++) {
            starts[i] = at;
            copyInto(parts.get(i), out.slice(a, at, at + parts.get(i).dim(a)));
            at += parts.get(i).dim(a);
        }
        return Autograd.record(out, "concat", g -> {
            Tensor[] grads = new Tensor[parts.size()];
            for (int i = 0; i < grads.length; i++) grads[i] = copy(g.slice(a, starts[i], starts[i] + parts.get(i).dim(a)));
            return grads;
        }, parts.toArray(new Tensor[0]));
    }
}

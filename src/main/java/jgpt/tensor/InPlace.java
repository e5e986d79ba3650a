package jgpt.tensor;

import java.util.ArrayList;
import java.util.List;

/**
 * The few ops that overwrite a tensor's values, for optimizers and weight loading. They are never recorded
 * on the tape; each requires dense float32 operands of equal size.
 */
public final class InPlace {
    private InPlace() {
    }

    /** dst = src, values copied (shapes must match); a bf16 src (a GPU's activations) is widened. */
    public static void assign(Tensor dst, Tensor src) {
        equalShapes("assign", dst, src);
        dst.requireDType("assign", DType.FLOAT32);
        if (src.dtype() != DType.BFLOAT16) src.requireDType("assign", DType.FLOAT32);
        Views.copyInto(src.to(dst.device()), dst);
    }

    /** y += alpha * x. */
    public static void axpy(float alpha, Tensor x, Tensor y) {
        sameShape("axpy", y, x);
        Tensor xd = Views.dense(x);
        requireDense("axpy", y);
        y.backend().axpy(alpha, xd.storage(), 0, y.storage(), 0, y.size());
    }

    /** x *= alpha. */
    public static void scale(Tensor x, float alpha) {
        requireDense("scale", x);
        x.backend().scale(x.storage(), alpha, x.storage(), x.size());
    }

    public static void fill(Tensor x, float value) {
        requireDense("fill", x);
        x.backend().fill(x.storage(), 0, x.size(), value);
    }

    /** The sum of squares of x's elements, in double precision. */
    public static double sumOfSquares(Tensor x) {
        Tensor d = Views.dense(x);
        return d.backend().sumOfSquares(d.storage(), d.size());
    }

    /** The sum of squares of the elements of every tensor of xs, all on one device, in double precision (one read on a GPU). */
    public static double sumOfSquares(List<Tensor> xs) {
        if (xs.isEmpty()) return 0;
        Backend backend = xs.getFirst().backend();
        List<Storage> storages = new ArrayList<>(xs.size());
        int[] counts = new int[xs.size()];
        for (int i = 0; i < xs.size(); i++) {
            Tensor d = Views.dense(xs.get(i));
            if (d.backend() != backend) throw new IllegalArgumentException("sumOfSquares: every tensor must be on one device, got " + d);
            storages.add(d.storage());
            counts[i] = d.size();
        }
        return backend.sumOfSquares(storages, counts);
    }

    /** A parameter with its gradient, AdamW moments and weight decay, for {@link #adamw}. */
    public record AdamWState(Tensor param, Tensor grad, Tensor m, Tensor v, float weightDecay) {
    }

    /**
     * One fused AdamW update of every parameter with its gradient and moment buffers, all on one device (see
     * {@link Backend#adamwSteps}: on the GPU one kernel for all of them).
     */
    public static void adamw(List<AdamWState> states, Backend.AdamWHyper hyper) {
        if (states.isEmpty()) return;
        Backend backend = states.getFirst().param().backend();
        List<Backend.AdamWBuffers> buffers = new ArrayList<>(states.size());
        for (AdamWState s : states) {
            for (Tensor t : new Tensor[] {s.param(), s.grad(), s.m(), s.v()}) {
                sameShape("adamw", s.param(), t);
                requireDense("adamw", t);
                if (t.backend() != backend) throw new IllegalArgumentException("adamw: every parameter must be on one device, got " + t);
            }
            buffers.add(new Backend.AdamWBuffers(s.param().storage(), s.grad().storage(), s.m().storage(), s.v().storage(), s.param().size(),
                    s.weightDecay()));
        }
        backend.adamwSteps(buffers, hyper);
    }

    private static void sameShape(String op, Tensor a, Tensor b) {
        equalShapes(op, a, b);
        a.requireDType(op, DType.FLOAT32);
        b.requireDType(op, DType.FLOAT32);
    }

    private static void equalShapes(String op, Tensor a, Tensor b) {
        if (!java.util.Arrays.equals(a.shape(), b.shape())) {
            throw new IllegalArgumentException(op + ": shapes " + Shapes.str(a.shape()) + " and " + Shapes.str(b.shape()) + " differ");
        }
    }

    private static void requireDense(String op, Tensor t) {
        if (t.offset() != 0 || !t.isContiguous()) {
            throw new IllegalArgumentException(op + ": tensor of shape " + Shapes.str(t.shape()) + " must be dense to be updated in place");
        }
    }
}

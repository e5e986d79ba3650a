package jgpt.tensor;

import java.util.ArrayList;
import java.util.List;

/**
 * The few ops that overwrite a tensor's values, for optimizers, weight loading and gradient clipping, and the global
 * norm that clipping reads. They are never recorded on the tape and take float32 operands; those they overwrite must
 * be dense.
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

    /**
     * The L2 norm of the elements of every tensor of xs taken together (float32, all on one device): a float32 scalar on
     * that device, left there (see {@link Backend#globalNorm}), so that computing it does not make the host wait.
     */
    public static Tensor globalNorm(List<Tensor> xs) {
        Buffers buffers = Buffers.of("globalNorm", xs, false);
        Tensor norm = Tensor.empty(xs.getFirst().device(), DType.FLOAT32);
        buffers.backend().globalNorm(buffers.storages(), buffers.counts(), norm.storage());
        return norm;
    }

    /**
     * Multiplies every tensor of xs by maxNorm / (norm + 1e-6) when that is below 1, where norm is {@link #globalNorm}'s
     * scalar on the same device; the device decides, so the host does not wait (see {@link Backend#clipByGlobalNorm}).
     */
    public static void clipByGlobalNorm(List<Tensor> xs, Tensor norm, double maxNorm) {
        Buffers buffers = Buffers.of("clipByGlobalNorm", xs, true);
        norm.requireDType("clipByGlobalNorm", DType.FLOAT32);
        if (norm.size() != 1 || norm.backend() != buffers.backend()) {
            throw new IllegalArgumentException("clipByGlobalNorm: the norm must be one value on the tensors' device, got " + norm);
        }
        buffers.backend().clipByGlobalNorm(buffers.storages(), buffers.counts(), Views.dense(norm).storage(), maxNorm);
    }

    // the dense float32 storages of tensors on one device, with their element counts
    private record Buffers(Backend backend, List<Storage> storages, int[] counts) {
        static Buffers of(String op, List<Tensor> xs, boolean updated) {
            if (xs.isEmpty()) throw new IllegalArgumentException(op + ": no tensors given");
            Backend backend = xs.getFirst().backend();
            List<Storage> storages = new ArrayList<>(xs.size());
            int[] counts = new int[xs.size()];
            for (int i = 0; i < xs.size(); i++) {
                Tensor x = xs.get(i);
                x.requireDType(op, DType.FLOAT32);
                if (x.backend() != backend) throw new IllegalArgumentException(op + ": every tensor must be on one device, got " + x);
                if (updated) requireDense(op, x);
                Tensor d = Views.dense(x);
                storages.add(d.storage());
                counts[i] = d.size();
            }
            return new Buffers(backend, storages, counts);
        }
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

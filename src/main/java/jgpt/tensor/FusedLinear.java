package jgpt.tensor;

/**
 * A linear layer as one op: x (..., in) @ weight (out, in)^T + bias (out), then an activation, recorded as one node
 * whose backward computes every gradient through {@link Backend#linearBackward}. The backend may fuse the bias and
 * the activation into its GEMM (cuBLASLt epilogues on the GPU). Inputs its kernels cannot read as dense matrices (x a
 * strided or offset view, a transposed weight) go through the unfused ops, which take such views without copies.
 * The output (and GELU's input) is of the backend's {@link Backend#activationType}; x's gradient is of x's type.
 */
final class FusedLinear {
    private FusedLinear() {
    }

    static Tensor apply(Tensor x, Tensor weight, Tensor bias, Activation act) {
        if (!fits(x, weight, bias)) return unfused(x, weight, bias, act);
        int in = weight.dim(1), out = weight.dim(0), n = x.size() / in;
        int[] shape = x.shape();
        shape[shape.length - 1] = out;
        boolean recorded = GradMode.enabled() && (x.requiresGrad() || weight.requiresGrad() || (bias != null && bias.requiresGrad()));
        Backend be = x.backend();
        Tensor y = Tensor.empty(x.device(), be.activationType(), shape);
        Tensor pre = act == Activation.GELU && recorded ? Tensor.empty(x.device(), be.activationType(), shape) : null;
        Backend.LinearCopies kept = be.linearForward(x.storage(), n, in, out, weight.storage(), storage(bias), act, storage(pre),
                y.storage(), recorded && weight.requiresGrad(), recorded && x.requiresGrad());
        return Autograd.record(y, act == Activation.NONE ? "linear" : "linearGelu", g -> {
            Tensor dx = x.requiresGrad() ? Tensor.empty(x.device(), x.dtype(), x.shape()) : null;
            Tensor dw = weight.requiresGrad() ? Tensor.empty(x.device(), DType.FLOAT32, weight.shape()) : null;
            Tensor db = bias != null && bias.requiresGrad() ? Tensor.empty(x.device(), DType.FLOAT32, bias.shape()) : null;
            be.linearBackward(Views.dense(g).storage(), x.storage(), weight.storage(), kept, act, storage(pre), n, in, out,
                    storage(dx), storage(dw), storage(db));
            return new Tensor[] {dx, dw, db};
        }, x, weight, bias);
    }

    /** Whether the kernels can take the operands as they are: on one device, x (N, in) float32 or bf16 and W (out, in) float32 dense. */
    private static boolean fits(Tensor x, Tensor weight, Tensor bias) {
        if (weight.rank() != 2 || x.rank() < 2 || x.dim(-1) != weight.dim(1) || x.size() == 0 || weight.size() == 0) return false;
        if (bias != null && (bias.rank() != 1 || bias.dim(0) != weight.dim(0) || !sameKind(x, bias) || !denseFromStart(bias))) return false;
        return sameKind(x, weight) && denseFromStart(x) && denseFromStart(weight);
    }

    private static boolean sameKind(Tensor x, Tensor other) {
        return Casts.isFloat(x) && other.dtype() == DType.FLOAT32 && x.device() == other.device();
    }

    private static boolean denseFromStart(Tensor t) {
        return t.offset() == 0 && t.isContiguous();
    }

    // the op set's composition, which takes views and reports shape, type and device mismatches
    private static Tensor unfused(Tensor x, Tensor weight, Tensor bias, Activation act) {
        Tensor y = x.matmul(weight.transpose(0, 1));
        if (bias != null) y = y.add(bias);
        return act == Activation.GELU ? Functional.gelu(y) : y;
    }

    private static Storage storage(Tensor t) {
        return t == null ? null : t.storage();
    }
}

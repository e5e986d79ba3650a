package jgpt.tensor;

/**
 * Conversions between the floating-point types. Activations may be bf16 on a GPU in bf16 precision
 * ({@link Backend#activationType}); ops without bf16 kernels convert such inputs to float32 first, as autocast does.
 * A float32 tensor's gradient is always float32; a bf16 tensor's may be either.
 */
final class Casts {
    private Casts() {
    }

    /** t converted to type, FLOAT32 or BFLOAT16 (t itself when it is of that type already). */
    static Tensor to(Tensor t, DType type) {
        if (t.dtype() == type) return t;
        if (t.dtype() == DType.INT32 || type == DType.INT32) {
            throw new IllegalArgumentException("to: converts between float32 and bfloat16, not " + t.dtype().name().toLowerCase()
                    + " to " + type.name().toLowerCase());
        }
        Tensor out = Tensor.empty(t.device(), type, t.shape());
        Views.copyInto(t, out);
        DType from = t.dtype();
        return Autograd.record(out, "to", g -> new Tensor[] {from == DType.FLOAT32 ? float32(g) : g}, t);
    }

    /** t as float32: itself unless it is bf16. */
    static Tensor float32(Tensor t) {
        return t.dtype() == DType.BFLOAT16 ? to(t, DType.FLOAT32) : t;
    }

    static boolean isFloat(Tensor t) {
        return t.dtype() == DType.FLOAT32 || t.dtype() == DType.BFLOAT16;
    }
}

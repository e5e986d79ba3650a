package jgpt.tensor;

/** Elementwise arithmetic with NumPy broadcasting, and scaling. */
final class Arithmetic {
    private Arithmetic() {
    }

    static Tensor binary(BinaryOp op, Tensor a, Tensor b) {
        String name = op.name().toLowerCase();
        checkOperands(name, a, b);
        int[] shape = Shapes.broadcast(name, a.shape(), b.shape());
        // a bf16 result only from bf16 operands, as type promotion has it
        DType type = a.dtype() == DType.BFLOAT16 && b.dtype() == DType.BFLOAT16 ? DType.BFLOAT16 : DType.FLOAT32;
        Tensor out = Tensor.empty(a.device(), type, shape);
        a.backend().binary(op, a.storage(), a.offset(), Shapes.broadcastStrides(a.shape(), a.strides(), shape),
                b.storage(), b.offset(), Shapes.broadcastStrides(b.shape(), b.strides(), shape), out.storage(), shape);
        return Autograd.record(out, name, g -> binaryBackward(op, a, b, g), a, b);
    }

    private static Tensor[] binaryBackward(BinaryOp op, Tensor a, Tensor b, Tensor g) {
        Tensor ga = null, gb = null;
        boolean needA = a.requiresGrad(), needB = b.requiresGrad();
        switch (op) {
            case ADD -> {
                if (needA) ga = g;
                if (needB) gb = g;
            }
            case SUB -> {
                if (needA) ga = g;
                if (needB) gb = g.scale(-1f);
            }
            case MUL -> {
                if (needA) ga = g.mul(b);
                if (needB) gb = g.mul(a);
            }
            case DIV -> {
                if (needA) ga = g.div(b);
                if (needB) gb = g.mul(a).div(b.mul(b)).scale(-1f);
            }
        }
        return new Tensor[] {
                ga == null ? null : Reductions.sumTo(ga, a.shape()),
                gb == null ? null : Reductions.sumTo(gb, b.shape())};
    }

    static Tensor scale(Tensor x, float alpha) {
        x = Casts.float32(x);
        x.requireDType("scale", DType.FLOAT32);
        Tensor in = Views.dense(x);
        Tensor out = Tensor.empty(x.device(), DType.FLOAT32, x.shape());
        x.backend().scale(in.storage(), alpha, out.storage(), out.size());
        return Autograd.record(out, "scale", g -> new Tensor[] {g.scale(alpha)}, x);
    }

    static void checkOperands(String op, Tensor a, Tensor b) {
        if (!Casts.isFloat(a) || !Casts.isFloat(b)) {
            throw new IllegalArgumentException(op + ": needs float operands, got " + a.dtype().name().toLowerCase()
                    + " " + Shapes.str(a.shape()) + " and " + b.dtype().name().toLowerCase() + " " + Shapes.str(b.shape()));
        }
        if (a.device() != b.device()) {
            throw new IllegalArgumentException(op + ": operands are on different devices (" + a.device() + " and " + b.device() + ")");
        }
    }
}

package jgpt.tensor;

/**
 * Batched matrix products. Operands may be transposed views: a matrix whose last two strides are (1, ld)
 * goes to the kernel as a transposed operand instead of being copied.
 */
final class MatMul {
    private MatMul() {
    }

    /** a (..., M, K) @ b (..., K, N) -> (..., M, N); a 2-D b is shared by every matrix of a. */
    static Tensor matmul(Tensor a, Tensor b) {
        Arithmetic.checkOperands("matmul", a, b);
        if (a.dtype() != DType.FLOAT32 || b.dtype() != DType.FLOAT32) return matmul(Casts.float32(a), Casts.float32(b));
        if (a.rank() < 2 || b.rank() < 2 || a.dim(-1) != b.dim(-2) || (b.rank() > 2 && !sameBatch(a, b))) {
            throw new IllegalArgumentException("matmul: shapes " + Shapes.str(a.shape()) + " and " + Shapes.str(b.shape())
                    + " do not align (need (..., M, K) @ (..., K, N) with equal leading axes, or a 2-D right operand)");
        }
        if (b.rank() == 2 && a.rank() > 2) {
            int[] outShape = a.shape();
            outShape[outShape.length - 1] = b.dim(1);
            return matmul(a.reshape(-1, a.dim(-1)), b).reshape(outShape);
        }
        Tensor out = product(a, b);
        return Autograd.record(out, "matmul", g -> new Tensor[] {
                a.requiresGrad() ? g.matmul(b.transpose(-1, -2)) : null,
                b.requiresGrad() ? rightGradient(a, b, g) : null}, a, b);
    }

    /**
     * dB = A^T G. When B is a transposed view of a stored matrix (a Linear layer's W^T), it is computed as
     * (G^T A)^T: the product lands in W's own layout, and W's gradient needs no transposing copy.
     */
    private static Tensor rightGradient(Tensor a, Tensor b, Tensor g) {
        if (b.rank() == 2 && a.rank() == 2 && transposed(b)) return g.transpose(-1, -2).matmul(a).transpose(-1, -2);
        return a.transpose(-1, -2).matmul(g);
    }

    private static boolean sameBatch(Tensor a, Tensor b) {
        if (a.rank() != b.rank()) return false;
        for (int i = 0; i < a.rank() - 2; i++) if (a.dim(i) != b.dim(i)) return false;
        return true;
    }

    private static Tensor product(Tensor a, Tensor b) {
        a = asMatrices(a);
        b = asMatrices(b);
        int m = a.dim(-2), k = a.dim(-1), n = b.dim(-1);
        int batch = a.size() / Math.max(1, m * k);
        int[] shape = a.shape();
        shape[shape.length - 1] = n;
        // k = 0 gives zeros, which the GEMM writes only when it has something to multiply
        Tensor c = k == 0 ? Tensor.zeros(a.device(), DType.FLOAT32, shape) : Tensor.empty(a.device(), DType.FLOAT32, shape);
        if (c.size() == 0) return c;
        a.backend().matmul(transposed(a), transposed(b), batch, m, n, k,
                a.storage(), a.offset(), leadingDim(a), batchStride(a),
                b.storage(), b.offset(), leadingDim(b), b.rank() == 2 ? 0 : batchStride(b),
                c.storage(), 0, n, m * n, false);
        return c;
    }

    /** The operand itself when its matrices are row- or column-major with one batch stride, else a copy. */
    private static Tensor asMatrices(Tensor t) {
        int r = t.rank();
        int[] s = t.strides();
        boolean rowMajor = s[r - 1] == 1 && s[r - 2] >= Math.max(1, t.dim(-1));
        boolean colMajor = s[r - 2] == 1 && s[r - 1] >= Math.max(1, t.dim(-2)) && t.dim(-1) > 1;
        boolean batchCollapses = true;
        for (int i = 0; i < r - 3; i++) batchCollapses &= s[i] == s[i + 1] * t.dim(i + 1);
        return (rowMajor || colMajor) && batchCollapses ? t : Views.copy(t);
    }

    private static boolean transposed(Tensor t) {
        int r = t.rank();
        return t.strides()[r - 1] != 1;
    }

    private static int leadingDim(Tensor t) {
        int r = t.rank();
        return transposed(t) ? t.strides()[r - 1] : t.strides()[r - 2];
    }

    private static int batchStride(Tensor t) {
        return t.rank() > 2 ? t.strides()[t.rank() - 3] : 0;
    }
}

package jgpt.backend.cuda;

/**
 * One column-major strided-batched GEMM as cuBLAS sees it, C_i = alpha op(A_i) op(B_i) + beta C_i for i < batch,
 * without its pointers: the key under which cuBLASLt's descriptors and the autotuned algorithm are cached.
 * Leading dimensions and strides count elements of each operand's type (abType for A and B, cType for C).
 * The alignments (bytes, a power of two up to 256) are those of the pointers: cuBLASLt's algorithms may need
 * more than an operand at an offset has, so they are part of what an algorithm was chosen for. The epilogue (a
 * cublasLtEpilogue_t value, {@link Epilogue}) is part of the key too: the same shape with a bias or GELU epilogue is
 * another descriptor, with its own algorithms.
 */
record GemmKey(int opA, int opB, int m, int n, int k,
               int lda, long strideA, int ldb, long strideB, int ldc, long strideC, int batch,
               int abType, int cType, int computeType, int alignA, int alignB, int alignC, int epilogue) {
    /** cuBLASLt's default and largest alignment requirement. */
    static final int MAX_ALIGNMENT = 256;

    /** The largest power of two up to 256 bytes that divides address (256 for a null pointer). */
    static int alignment(long address) {
        return address == 0 ? MAX_ALIGNMENT : (int) Math.min(MAX_ALIGNMENT, Long.lowestOneBit(address));
    }

    /** This GEMM with another epilogue. */
    GemmKey withEpilogue(int kind) {
        return new GemmKey(opA, opB, m, n, k, lda, strideA, ldb, strideB, ldc, strideC, batch, abType, cType, computeType,
                alignA, alignB, alignC, kind);
    }

    /** Multiply-adds times two. */
    double flops() {
        return 2.0 * m * n * k * batch;
    }

    /** Rows of A as stored (column-major): m for op N, k for op T. */
    int rowsA() {
        return opA == Cublas.OP_N ? m : k;
    }

    int colsA() {
        return opA == Cublas.OP_N ? k : m;
    }

    int rowsB() {
        return opB == Cublas.OP_N ? k : n;
    }

    int colsB() {
        return opB == Cublas.OP_N ? n : k;
    }

    /** Elements from C's first to one past its last, over the whole batch: the size of a scratch copy of C. */
    long extentC() {
        return (batch - 1L) * strideC + (n - 1L) * ldc + m;
    }

    /** For profiles: "m x n x k", with the batch when there is one. */
    String shape() {
        return m + "x" + n + "x" + k + (batch > 1 ? " x" + batch : "");
    }
}

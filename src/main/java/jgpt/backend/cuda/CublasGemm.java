package jgpt.backend.cuda;

import java.lang.foreign.MemorySegment;

/**
 * Row-major batched GEMM through column-major cuBLAS: a row-major (r, c) matrix with row stride ld is the
 * column-major (c, r) matrix with leading dimension ld, so C = op(A) op(B) is computed as
 * C^T = op(B)^T op(A)^T, i.e. cuBLAS is called with B and A swapped and m and n swapped.
 *
 * <p>In {@link Precision#BF16} the float32 operands are first packed into bf16 scratch blocks (one pass each,
 * kernels in CublasGemm.cu; rows padded to a multiple of 8 elements, 16 bytes, as the tensor-core kernels
 * want) and multiplied with float32 accumulation into the float32 C, as autocast does. Letting cuBLAS round
 * the float32 operands itself (COMPUTE_32F_FAST_16BF) measured slower: 96.6 against 83.2 ms per GPT-2 124M
 * training step. TF32 does let cuBLAS round the float32 inputs (to tf32).
 */
final class CublasGemm {
    private static final int THREADS = 256, MAX_BLOCKS = 8192, ROW_ALIGN = 8;

    private final CudaContext context;
    private final DeviceAllocator allocator;
    private final Cublas cublas;
    private final MemorySegment packBf16, packBf16Dense4;
    private volatile Precision precision = Precision.FP32;

    CublasGemm(CudaContext context, DeviceAllocator allocator, KernelModule module) {
        this.context = context;
        this.allocator = allocator;
        this.cublas = new Cublas(context.stream());
        packBf16 = module.function("pack_bf16");
        packBf16Dense4 = module.function("pack_bf16_dense4");
    }

    void setPrecision(Precision precision) {
        this.precision = precision;
    }

    Precision precision() {
        return precision;
    }

    void matmul(boolean transA, boolean transB, int batch, int m, int n, int k,
                long a, int lda, int strideA, long b, int ldb, int strideB, long c, int ldc, int strideC, boolean accumulate) {
        if (batch == 0 || m == 0 || n == 0) return;
        // a single row's stride is never stepped, but cuBLAS still checks it
        int storedA = transA ? m : k, storedB = transB ? k : n;
        int safeLda = Math.max(lda, Math.max(1, storedA)), safeLdb = Math.max(ldb, Math.max(1, storedB));
        int safeLdc = Math.max(ldc, Math.max(1, n));
        int opA = transA ? Cublas.OP_T : Cublas.OP_N, opB = transB ? Cublas.OP_T : Cublas.OP_N;
        float beta = accumulate ? 1f : 0f;
        String shape = KernelProfile.ENABLED ? m + "x" + n + "x" + k + (batch > 1 ? " x" + batch : "") : null;
        switch (precision) {
            case FP32 -> KernelProfile.time(context, "gemm fp32 " + shape, () -> cublas.sgemmStridedBatched(opB, opA, n, m, k, 1f,
                    b, safeLdb, strideB, a, safeLda, strideA, beta, c, safeLdc, strideC, batch));
            case TF32 -> KernelProfile.time(context, "gemm tf32 " + shape, () -> cublas.gemmStridedBatchedEx(opB, opA, n, m, k, 1f,
                    Cublas.R_32F, b, safeLdb, strideB, a, safeLda, strideA, beta, Cublas.R_32F, c, safeLdc, strideC, batch,
                    Cublas.COMPUTE_32F_FAST_TF32));
            case BF16 -> {
                int rowsA = transA ? k : m, rowsB = transB ? n : k;
                long packedA = pack(a, safeLda, strideA, rowsA, storedA, batch), packedB = pack(b, safeLdb, strideB, rowsB, storedB, batch);
                long packedStrideA = strideA == 0 ? 0 : (long) rowsA * padded(storedA);
                long packedStrideB = strideB == 0 ? 0 : (long) rowsB * padded(storedB);
                try {
                    KernelProfile.time(context, "gemm bf16 " + shape, () -> cublas.gemmStridedBatchedEx(opB, opA, n, m, k, 1f,
                            Cublas.R_16BF, packedB, padded(storedB), packedStrideB, packedA, padded(storedA), packedStrideA,
                            beta, Cublas.R_32F, c, safeLdc, strideC, batch, Cublas.COMPUTE_32F));
                } finally {
                    // stream order: the GEMM reads the blocks before any later work can reuse them
                    allocator.release(packedA, packedBytes(rowsA, storedA, strideA, batch));
                    allocator.release(packedB, packedBytes(rowsB, storedB, strideB, batch));
                }
            }
        }
    }

    // batch matrices (rows, cols) with row stride ld, matrix i at i * stride (0: one shared matrix)
    // -> bf16 block of the matrices one after another, rows padded(cols) apart
    private long pack(long src, int ld, int stride, int rows, int cols, int batch) {
        int matrices = stride == 0 ? 1 : batch;
        long n = (long) matrices * rows * cols;
        long dst = allocator.allocate(packedBytes(rows, cols, stride, batch));
        boolean dense = ld == cols && padded(cols) == cols && (matrices == 1 || stride == rows * cols);
        if (dense && src % 16 == 0) {
            context.launch(packBf16Dense4, blocks(n / 4), 1, THREADS, 1, 0, src, n / 4, dst);
        } else {
            context.launch(packBf16, blocks(n), 1, THREADS, 1, 0, src, (long) ld, (long) stride, rows, cols, n, padded(cols), dst);
        }
        return dst;
    }

    private static int padded(int cols) {
        return Math.ceilDiv(cols, ROW_ALIGN) * ROW_ALIGN;
    }

    private static long packedBytes(int rows, int cols, int stride, int batch) {
        return 2L * (stride == 0 ? 1 : batch) * rows * padded(cols);
    }

    private static int blocks(long n) {
        return (int) Math.max(1, Math.min(MAX_BLOCKS, Math.ceilDiv(n, THREADS)));
    }
}

package jgpt.backend.cuda;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/** cuBLAS (libcublas.so.13): one handle bound to a stream, and the column-major GEMMs jgpt uses. */
final class Cublas {
    static final int OP_N = 0, OP_T = 1;
    /** cudaDataType_t: element types of GemmEx operands. */
    static final int R_32F = 0, R_16BF = 14;
    /** cublasComputeType_t: float accumulation; FAST_TF32 lets cuBLAS round float32 inputs to tf32 on the fly. */
    static final int COMPUTE_32F = 68, COMPUTE_32F_FAST_TF32 = 77;
    private static final int GEMM_DEFAULT = -1;

    private final MethodHandle cublasGetStatusName, cublasGetStatusString, cublasSgemmStridedBatched, cublasGemmStridedBatchedEx;
    private final MemorySegment handle;

    /** A handle whose work runs on stream. */
    Cublas(MemorySegment stream) {
        NativeLibrary lib = NativeLibrary.open("libcublas.so.13");
        cublasGetStatusName = lib.function("cublasGetStatusName", ADDRESS, JAVA_INT);
        cublasGetStatusString = lib.function("cublasGetStatusString", ADDRESS, JAVA_INT);
        cublasSgemmStridedBatched = lib.function("cublasSgemmStridedBatched", JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT,
                JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_INT, JAVA_LONG,
                ADDRESS, JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_INT);
        cublasGemmStridedBatchedEx = lib.function("cublasGemmStridedBatchedEx", JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT,
                JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_INT, JAVA_INT,
                JAVA_LONG, ADDRESS, JAVA_LONG, JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_INT, JAVA_INT, JAVA_INT);
        MethodHandle create = lib.function("cublasCreate_v2", JAVA_INT, ADDRESS);
        MethodHandle setStream = lib.function("cublasSetStream_v2", JAVA_INT, ADDRESS, ADDRESS);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(ADDRESS);
            check("cublasCreate", NativeLibrary.status(() -> (int) create.invokeExact(out)));
            handle = out.get(ADDRESS, 0);
        }
        check("cublasSetStream", NativeLibrary.status(() -> (int) setStream.invokeExact(handle, stream)));
    }

    private void check(String call, int status) {
        if (status != 0) {
            String name = NativeLibrary.string(NativeLibrary.address(() -> (MemorySegment) cublasGetStatusName.invokeExact(status)));
            String text = NativeLibrary.string(NativeLibrary.address(() -> (MemorySegment) cublasGetStatusString.invokeExact(status)));
            throw new CudaException(call + " failed: " + name + " (" + text + ")");
        }
    }

    /** Column-major C_i = alpha op(A_i) op(B_i) + beta C_i for i < batch, with pointers and strides in elements of 4 bytes. */
    void sgemmStridedBatched(int opA, int opB, int m, int n, int k, float alpha,
                             long a, int lda, long strideA, long b, int ldb, long strideB,
                             float beta, long c, int ldc, long strideC, int batch) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment alphaPtr = arena.allocateFrom(JAVA_FLOAT, alpha), betaPtr = arena.allocateFrom(JAVA_FLOAT, beta);
            check("cublasSgemmStridedBatched", NativeLibrary.status(() -> (int) cublasSgemmStridedBatched.invokeExact(handle,
                    opA, opB, m, n, k, alphaPtr, a, lda, strideA, b, ldb, strideB, betaPtr, c, ldc, strideC, batch)));
        }
    }

    /**
     * Column-major C_i = alpha op(A_i) op(B_i) + beta C_i with operand types ab (for A and B) and c, accumulated
     * as computeType; strides in elements of each operand's type.
     */
    void gemmStridedBatchedEx(int opA, int opB, int m, int n, int k, float alpha, int abType,
                              long a, int lda, long strideA, long b, int ldb, long strideB,
                              float beta, int cType, long c, int ldc, long strideC, int batch, int computeType) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment alphaPtr = arena.allocateFrom(JAVA_FLOAT, alpha), betaPtr = arena.allocateFrom(JAVA_FLOAT, beta);
            check("cublasGemmStridedBatchedEx", NativeLibrary.status(() -> (int) cublasGemmStridedBatchedEx.invokeExact(handle,
                    opA, opB, m, n, k, alphaPtr, a, abType, lda, strideA, b, abType, ldb, strideB, betaPtr, c, cType, ldc, strideC,
                    batch, computeType, GEMM_DEFAULT)));
        }
    }
}

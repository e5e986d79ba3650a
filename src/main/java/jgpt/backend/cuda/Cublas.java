package jgpt.backend.cuda;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/** cuBLAS (libcublas.so.13): one handle bound to a stream, and the column-major strided-batched GEMM. */
final class Cublas {
    static final int OP_N = 0, OP_T = 1;
    /** cudaDataType_t: element types of GemmEx operands. */
    static final int R_32F = 0, R_16BF = 14;
    /** cublasComputeType_t: float accumulation; FAST_TF32 lets cuBLAS round float32 inputs to tf32 on the fly. */
    static final int COMPUTE_32F = 68, COMPUTE_32F_FAST_TF32 = 77;
    /** cublasStatus_t: the library has no implementation for the request. */
    static final int STATUS_NOT_SUPPORTED = 15;
    private static final int GEMM_DEFAULT = -1;

    private final MethodHandle cublasGetStatusName, cublasGetStatusString, cublasGemmStridedBatchedEx;
    private final MemorySegment handle;

    /** A handle whose work runs on stream. */
    Cublas(MemorySegment stream) {
        NativeLibrary lib = NativeLibrary.open("libcublas.so.13");
        cublasGetStatusName = lib.function("cublasGetStatusName", ADDRESS, JAVA_INT);
        cublasGetStatusString = lib.function("cublasGetStatusString", ADDRESS, JAVA_INT);
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

    /** Column-major C = op(A) op(B) (+ C when accumulate) as key describes it, with cuBLAS's default algorithm. */
    void gemm(GemmKey key, long a, long b, boolean accumulate, long c) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment alpha = arena.allocateFrom(JAVA_FLOAT, 1f), beta = arena.allocateFrom(JAVA_FLOAT, accumulate ? 1f : 0f);
            check("cublasGemmStridedBatchedEx(" + key.shape() + ")", NativeLibrary.status(() -> (int) cublasGemmStridedBatchedEx.invokeExact(handle,
                    key.opA(), key.opB(), key.m(), key.n(), key.k(), alpha, a, key.abType(), key.lda(), key.strideA(),
                    b, key.abType(), key.ldb(), key.strideB(), beta, c, key.cType(), key.ldc(), key.strideC(),
                    key.batch(), key.computeType(), GEMM_DEFAULT)));
        }
    }
}

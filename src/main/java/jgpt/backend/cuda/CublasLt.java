package jgpt.backend.cuda;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.util.ArrayList;
import java.util.List;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * cuBLASLt (libcublasLt.so.13): matmul descriptors (with their epilogue) and matrix layouts for a {@link GemmKey}, the
 * algorithms its heuristic offers, and cublasLtMatmul on a stream. Enum values and the heuristic result's layout are those of
 * cublasLt.h (unchanged from CUDA 11 to 13).
 */
final class CublasLt {
    // cublasLtMatmulDescAttributes_t, cublasLtMatrixLayoutAttribute_t, cublasLtMatmulPreferenceAttributes_t
    private static final int DESC_TRANSA = 3, DESC_TRANSB = 4;
    // more of cublasLtMatmulDescAttributes_t, checked in cublasLt.h of CUDA 13 (cuBLAS 13.1): EPILOGUE (uint32_t),
    // BIAS_POINTER (void*), EPILOGUE_AUX_POINTER (void*), EPILOGUE_AUX_LD (int64_t), BIAS_DATA_TYPE (int32_t, a cudaDataType)
    private static final int DESC_EPILOGUE = 7, DESC_BIAS_POINTER = 8, DESC_EPILOGUE_AUX_POINTER = 11, DESC_EPILOGUE_AUX_LD = 12,
            DESC_BIAS_DATA_TYPE = 26;
    private static final int LAYOUT_BATCH_COUNT = 5, LAYOUT_STRIDED_BATCH_OFFSET = 6;
    private static final int PREF_MAX_WORKSPACE_BYTES = 1, PREF_MIN_ALIGNMENT_A_BYTES = 5, PREF_MIN_ALIGNMENT_B_BYTES = 6,
            PREF_MIN_ALIGNMENT_C_BYTES = 7, PREF_MIN_ALIGNMENT_D_BYTES = 8;
    /** cublasLtMatmulHeuristicResult_t: cublasLtMatmulAlgo_t algo (uint64_t[8]), size_t workspaceSize, int state, ... */
    private static final long RESULT_BYTES = 96, ALGO_BYTES = 64, RESULT_WORKSPACE = 64, RESULT_STATE = 72;
    private static final MemorySegment ONE = Arena.global().allocateFrom(JAVA_FLOAT, 1f), ZERO = Arena.global().allocateFrom(JAVA_FLOAT, 0f);

    private final MethodHandle statusName, statusString, descCreate, descSet, descDestroy, layoutCreate, layoutSet, layoutDestroy;
    private final MethodHandle prefCreate, prefSet, prefDestroy, heuristic, matmul;
    private final MemorySegment handle;

    /** The descriptors of one GEMM; C's layout serves for D as well. */
    record Plan(GemmKey key, MemorySegment desc, MemorySegment layoutA, MemorySegment layoutB, MemorySegment layoutC) {
    }

    /** One algorithm the heuristic offered: its 64-byte descriptor and the workspace it needs. */
    record Algorithm(MemorySegment algo, long workspaceBytes) {
    }

    CublasLt() {
        NativeLibrary lib = NativeLibrary.open("libcublasLt.so.13");
        statusName = lib.function("cublasLtGetStatusName", ADDRESS, JAVA_INT);
        statusString = lib.function("cublasLtGetStatusString", ADDRESS, JAVA_INT);
        descCreate = lib.function("cublasLtMatmulDescCreate", JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT);
        descSet = lib.function("cublasLtMatmulDescSetAttribute", JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, JAVA_LONG);
        descDestroy = lib.function("cublasLtMatmulDescDestroy", JAVA_INT, ADDRESS);
        layoutCreate = lib.function("cublasLtMatrixLayoutCreate", JAVA_INT, ADDRESS, JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_LONG);
        layoutSet = lib.function("cublasLtMatrixLayoutSetAttribute", JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, JAVA_LONG);
        layoutDestroy = lib.function("cublasLtMatrixLayoutDestroy", JAVA_INT, ADDRESS);
        prefCreate = lib.function("cublasLtMatmulPreferenceCreate", JAVA_INT, ADDRESS);
        prefSet = lib.function("cublasLtMatmulPreferenceSetAttribute", JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, JAVA_LONG);
        prefDestroy = lib.function("cublasLtMatmulPreferenceDestroy", JAVA_INT, ADDRESS);
        heuristic = lib.function("cublasLtMatmulAlgoGetHeuristic", JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS,
                ADDRESS, JAVA_INT, ADDRESS, ADDRESS);
        matmul = lib.function("cublasLtMatmul", JAVA_INT, ADDRESS, ADDRESS, ADDRESS, JAVA_LONG, ADDRESS, JAVA_LONG, ADDRESS,
                ADDRESS, JAVA_LONG, ADDRESS, JAVA_LONG, ADDRESS, ADDRESS, JAVA_LONG, JAVA_LONG, ADDRESS);
        MethodHandle create = lib.function("cublasLtCreate", JAVA_INT, ADDRESS);
        handle = handleOut("cublasLtCreate", out -> (int) create.invokeExact(out));
    }

    private void check(String call, int status) {
        if (status != 0) throw new CudaException(call + " failed: " + describe(status));
    }

    private String describe(int status) {
        String name = NativeLibrary.string(NativeLibrary.address(() -> (MemorySegment) statusName.invokeExact(status)));
        String text = NativeLibrary.string(NativeLibrary.address(() -> (MemorySegment) statusString.invokeExact(status)));
        return name + " (" + text + ")";
    }

    /**
     * Descriptors for key: float32 scaling, key's compute type, transposes, each operand's batch stride, and its epilogue
     * (vectors of C's type: cuBLASLt takes no float32 bias for a bf16 D; GELU's input matrix dense, leading dimension m).
     * The epilogue's pointers are set per call ({@link #setVectors}). The aux matrix's type is left to its default, D's.
     */
    Plan plan(GemmKey key) {
        MemorySegment desc = handleOut("cublasLtMatmulDescCreate",
                out -> (int) descCreate.invokeExact(out, key.computeType(), Cublas.R_32F));
        setInt(descSet, "cublasLtMatmulDescSetAttribute(TRANSA)", desc, DESC_TRANSA, key.opA());
        setInt(descSet, "cublasLtMatmulDescSetAttribute(TRANSB)", desc, DESC_TRANSB, key.opB());
        if (key.epilogue() != Epilogue.DEFAULT) {
            setInt(descSet, "cublasLtMatmulDescSetAttribute(EPILOGUE)", desc, DESC_EPILOGUE, key.epilogue());
            if ((key.epilogue() & (Epilogue.BIAS | Epilogue.BGRADB)) != 0) {
                setInt(descSet, "cublasLtMatmulDescSetAttribute(BIAS_DATA_TYPE)", desc, DESC_BIAS_DATA_TYPE, key.cType());
            }
            if ((key.epilogue() & Epilogue.AUX) != 0) {
                setLong(descSet, "cublasLtMatmulDescSetAttribute(EPILOGUE_AUX_LD)", desc, DESC_EPILOGUE_AUX_LD, key.m());
            }
        }
        MemorySegment a = layout(key.abType(), key.rowsA(), key.colsA(), key.lda(), key.batch(), key.strideA());
        MemorySegment b = layout(key.abType(), key.rowsB(), key.colsB(), key.ldb(), key.batch(), key.strideB());
        MemorySegment c = layout(key.cType(), key.m(), key.n(), key.ldc(), key.batch(), key.strideC());
        return new Plan(key, desc, a, b, c);
    }

    private MemorySegment layout(int type, int rows, int cols, int ld, int batch, long stride) {
        MemorySegment layout = handleOut("cublasLtMatrixLayoutCreate",
                out -> (int) layoutCreate.invokeExact(out, type, (long) rows, (long) cols, (long) ld));
        if (batch > 1) {
            setInt(layoutSet, "cublasLtMatrixLayoutSetAttribute(BATCH_COUNT)", layout, LAYOUT_BATCH_COUNT, batch);
            setLong(layoutSet, "cublasLtMatrixLayoutSetAttribute(STRIDED_BATCH_OFFSET)", layout, LAYOUT_STRIDED_BATCH_OFFSET, stride);
        }
        return layout;
    }

    /**
     * Points plan's epilogue at this call's vectors; the heuristic reads their alignment, cublasLtMatmul the values at
     * the time it is queued, so a cached plan serves calls with other vectors.
     */
    void setVectors(Plan plan, Epilogue epilogue) {
        if ((epilogue.kind() & (Epilogue.BIAS | Epilogue.BGRADB)) != 0) {
            setLong(descSet, "cublasLtMatmulDescSetAttribute(BIAS_POINTER)", plan.desc(), DESC_BIAS_POINTER, epilogue.bias());
        }
        if ((epilogue.kind() & Epilogue.AUX) != 0) {
            setLong(descSet, "cublasLtMatmulDescSetAttribute(EPILOGUE_AUX_POINTER)", plan.desc(), DESC_EPILOGUE_AUX_POINTER, epilogue.aux());
        }
    }

    void destroy(Plan plan) {
        check("cublasLtMatrixLayoutDestroy", NativeLibrary.status(() -> (int) layoutDestroy.invokeExact(plan.layoutA())));
        check("cublasLtMatrixLayoutDestroy", NativeLibrary.status(() -> (int) layoutDestroy.invokeExact(plan.layoutB())));
        check("cublasLtMatrixLayoutDestroy", NativeLibrary.status(() -> (int) layoutDestroy.invokeExact(plan.layoutC())));
        check("cublasLtMatmulDescDestroy", NativeLibrary.status(() -> (int) descDestroy.invokeExact(plan.desc())));
    }

    /**
     * Up to max algorithms for plan, best first by the heuristic, each needing at most workspaceBytes and no more
     * alignment than the key's pointers have; empty when cuBLASLt supports none (e.g. an unsupported batch layout or
     * epilogue). A plan with an epilogue needs its vectors set first.
     */
    List<Algorithm> algorithms(Plan plan, int max, long workspaceBytes) {
        GemmKey key = plan.key();
        MemorySegment results = Arena.ofAuto().allocate(RESULT_BYTES * max, 8);
        int found;
        MemorySegment pref = handleOut("cublasLtMatmulPreferenceCreate", out -> (int) prefCreate.invokeExact(out));
        try (Arena arena = Arena.ofConfined()) {
            setLong(prefSet, "cublasLtMatmulPreferenceSetAttribute(MAX_WORKSPACE_BYTES)", pref, PREF_MAX_WORKSPACE_BYTES, workspaceBytes);
            setInt(prefSet, "cublasLtMatmulPreferenceSetAttribute(MIN_ALIGNMENT_A_BYTES)", pref, PREF_MIN_ALIGNMENT_A_BYTES, key.alignA());
            setInt(prefSet, "cublasLtMatmulPreferenceSetAttribute(MIN_ALIGNMENT_B_BYTES)", pref, PREF_MIN_ALIGNMENT_B_BYTES, key.alignB());
            setInt(prefSet, "cublasLtMatmulPreferenceSetAttribute(MIN_ALIGNMENT_C_BYTES)", pref, PREF_MIN_ALIGNMENT_C_BYTES, key.alignC());
            setInt(prefSet, "cublasLtMatmulPreferenceSetAttribute(MIN_ALIGNMENT_D_BYTES)", pref, PREF_MIN_ALIGNMENT_D_BYTES, key.alignC());
            MemorySegment count = arena.allocate(JAVA_INT);
            int status = NativeLibrary.status(() -> (int) heuristic.invokeExact(handle, plan.desc(), plan.layoutA(), plan.layoutB(),
                    plan.layoutC(), plan.layoutC(), pref, max, results, count));
            // an epilogue cuBLASLt rejects for these types or layouts (not supported, or an invalid value) falls back
            boolean refused = status == Cublas.STATUS_NOT_SUPPORTED || (status != 0 && key.epilogue() != Epilogue.DEFAULT);
            found = refused ? 0 : checked("cublasLtMatmulAlgoGetHeuristic", status, count);
        } finally {
            check("cublasLtMatmulPreferenceDestroy", NativeLibrary.status(() -> (int) prefDestroy.invokeExact(pref)));
        }
        List<Algorithm> algorithms = new ArrayList<>();
        for (int i = 0; i < found; i++) {
            MemorySegment result = results.asSlice(i * RESULT_BYTES, RESULT_BYTES);
            if (result.get(JAVA_INT, RESULT_STATE) == 0) {
                algorithms.add(new Algorithm(result.asSlice(0, ALGO_BYTES), result.get(JAVA_LONG, RESULT_WORKSPACE)));
            }
        }
        return algorithms;
    }

    private int checked(String call, int status, MemorySegment count) {
        check(call, status);
        return count.get(JAVA_INT, 0);
    }

    /**
     * Queues D = op(A) op(B) + (accumulate ? C : 0) on stream with algorithm; C and D share plan's C layout and may be
     * the same matrix. Returns cuBLASLt's status, which the caller checks (a tuning run may try an algorithm that fails).
     */
    int matmul(Plan plan, Algorithm algorithm, long a, long b, boolean accumulate, long c, long d,
               long workspace, MemorySegment stream) {
        MemorySegment beta = accumulate ? ONE : ZERO;
        return NativeLibrary.status(() -> (int) matmul.invokeExact(handle, plan.desc(), ONE, a, plan.layoutA(), b, plan.layoutB(),
                beta, c, plan.layoutC(), d, plan.layoutC(), algorithm.algo(), workspace, algorithm.workspaceBytes(), stream));
    }

    /** Throws the exception for a failed cublasLtMatmul. */
    void checkMatmul(int status, GemmKey key) {
        check("cublasLtMatmul(" + key.shape() + ")", status);
    }

    private void setInt(MethodHandle setter, String call, MemorySegment target, int attribute, int value) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buf = arena.allocateFrom(JAVA_INT, value);
            check(call, NativeLibrary.status(() -> (int) setter.invokeExact(target, attribute, buf, 4L)));
        }
    }

    private void setLong(MethodHandle setter, String call, MemorySegment target, int attribute, long value) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buf = arena.allocateFrom(JAVA_LONG, value);
            check(call, NativeLibrary.status(() -> (int) setter.invokeExact(target, attribute, buf, 8L)));
        }
    }

    private MemorySegment handleOut(String call, NativeLibrary.OutCall body) {
        return NativeLibrary.handleOut(call, this::check, body);
    }
}

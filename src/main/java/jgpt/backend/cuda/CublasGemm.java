package jgpt.backend.cuda;

import java.lang.foreign.MemorySegment;
import java.util.Locale;
import jgpt.tensor.DType;

/**
 * Row-major batched GEMM through column-major cuBLAS: a row-major (r, c) matrix with row stride ld is the
 * column-major (c, r) matrix with leading dimension ld, so C = op(A) op(B) is computed as
 * C^T = op(B)^T op(A)^T, i.e. cuBLAS is called with B and A swapped and m and n swapped.
 *
 * <p>The GEMM itself runs through cuBLASLt with an autotuned algorithm per shape ({@link LtGemm}), or through the
 * classic cublasGemmStridedBatchedEx when the environment variable JGPT_GEMM is "cublas" (default "lt"). A linear
 * layer's product may carry an {@link Epilogue} (bias, GELU, bias gradient) that cuBLASLt applies before storing;
 * JGPT_LT_EPILOGUE=0 turns those off.
 *
 * <p>In {@link Precision#BF16} the float32 operands are first packed into bf16 scratch blocks (one pass each,
 * kernels in CublasGemm.cu; rows padded to a multiple of 8 elements, 16 bytes, as the tensor-core kernels
 * want) and multiplied with float32 accumulation into C, float32 or bf16, as autocast does; bf16 operands are read
 * as they are, or packed only where a product pads them. Large products with a size that is not a multiple of 8 are
 * padded ({@link GemmPadding}). Only this precision takes bf16 operands or outputs. Letting cuBLAS round the float32 operands
 * itself (COMPUTE_32F_FAST_16BF) measured slower: 96.6 against 83.2 ms per GPT-2 124M training step. TF32 does
 * let cuBLAS round the float32 inputs (to tf32).
 */
final class CublasGemm {
    private static final int MAX_EPILOGUE_SIZE = 65535 * 32;

    /** Which library runs the GEMMs. */
    enum Engine {
        LT, CUBLAS;

        /** JGPT_GEMM: "lt" (default) or "cublas". */
        static Engine fromEnvironment() {
            String value = System.getenv("JGPT_GEMM");
            if (value == null || value.isBlank()) return LT;
            return switch (value.strip().toLowerCase(Locale.ROOT)) {
                case "lt" -> LT;
                case "cublas" -> CUBLAS;
                default -> throw new IllegalArgumentException("JGPT_GEMM must be lt or cublas, got '" + value + "'");
            };
        }
    }

    /**
     * A matrix operand: device pointer, row stride and batch stride in elements (stride 0: one matrix shared by the batch),
     * its element type (FLOAT32 or BFLOAT16), and a caller's bf16 copy of it ({@link Matrix}) or 0.
     */
    private record Operand(long pointer, int ld, long stride, DType type, long bf16) {
        Operand(long pointer, int ld, long stride, DType type) {
            this(pointer, ld, stride, type, 0L);
        }

        boolean isBf16() {
            return type == DType.BFLOAT16;
        }
    }

    /**
     * One row-major matrix (pointer, row stride, element type: FLOAT32 or BFLOAT16) and its dense bf16 copy from
     * {@link #copyToBf16}, or 0: a product in bf16 reads the copy instead of converting the matrix again.
     */
    record Matrix(long pointer, int ld, DType type, long bf16) {
        static Matrix of(long pointer, int ld) {
            return new Matrix(pointer, ld, DType.FLOAT32, 0L);
        }
    }

    private final CudaContext context;
    private final DeviceAllocator allocator;
    private final Cublas cublas;
    private final LtGemm lt;
    private final MemorySegment packBf16, packBf16FromBf16, packBf16Dense4, unpadF32, unpadBf16;
    private volatile Precision precision = Precision.FP32;
    private volatile Engine engine = Engine.fromEnvironment();
    private volatile GemmPadding padding = GemmPadding.fromEnvironment();
    private volatile boolean epilogues = epiloguesFromEnvironment();

    CublasGemm(CudaContext context, DeviceAllocator allocator, KernelModule module) {
        this.context = context;
        this.allocator = allocator;
        this.cublas = new Cublas(context.stream());
        this.lt = new LtGemm(context, allocator, cublas);
        packBf16 = module.function("pack_bf16");
        packBf16FromBf16 = module.function("pack_bf16_from_bf16");
        packBf16Dense4 = module.function("pack_bf16_dense4");
        unpadF32 = module.function("unpad_f32");
        unpadBf16 = module.function("unpad_bf16");
    }

    void setPrecision(Precision precision) {
        this.precision = precision;
    }

    Precision precision() {
        return precision;
    }

    /** For tests and studies: the library that runs the GEMMs from now on. */
    void setEngine(Engine engine) {
        this.engine = engine;
    }

    /** For tests and studies: which bf16 GEMMs are padded from now on. */
    void setPadding(GemmPadding padding) {
        this.padding = padding;
    }

    /** For tests and studies: whether linear layers' products may carry cuBLASLt epilogues from now on. */
    void setEpilogues(boolean on) {
        this.epilogues = on;
    }

    /** JGPT_LT_EPILOGUE: "1" (default) lets cuBLASLt fuse bias, GELU and bias gradients into GEMMs, "0" does not. */
    static boolean epiloguesFromEnvironment() {
        String value = System.getenv("JGPT_LT_EPILOGUE");
        if (value == null || value.isBlank()) return true;
        return switch (value.strip()) {
            case "1" -> true;
            case "0" -> false;
            default -> throw new IllegalArgumentException("JGPT_LT_EPILOGUE must be 0 or 1, got '" + value + "'");
        };
    }

    void matmul(boolean transA, boolean transB, int batch, int m, int n, int k,
                long a, int lda, int strideA, long b, int ldb, int strideB, long c, int ldc, int strideC, boolean accumulate) {
        product(transA, transB, batch, m, n, k, a, lda, strideA, b, ldb, strideB, c, ldc, strideC, accumulate, Epilogue.NONE);
    }

    /**
     * Row-major C (m, n) = op(A) op(B) for one matrix, then epilogue in the same cuBLASLt call where that can run (engine
     * cuBLASLt, epilogues on, vectors that fit, a bf16 product that is not padded, an algorithm). Returns whether it ran;
     * when not, C holds the bare product and the caller applies the epilogue itself. In cuBLAS's terms D is C^T and
     * A is its B, so a bias per row of D is one per column of C, and BGRADB sums op(A) over k, one sum per row of C.
     */
    boolean matmul(boolean transA, boolean transB, int m, int n, int k, Matrix a, Matrix b, long c, int ldc, Epilogue epilogue) {
        return matmul(transA, transB, m, n, k, a, b, c, DType.FLOAT32, ldc, epilogue);
    }

    /** {@link #matmul(boolean, boolean, int, int, int, Matrix, Matrix, long, int, Epilogue)} into a C of cType. */
    boolean matmul(boolean transA, boolean transB, int m, int n, int k, Matrix a, Matrix b, long c, DType cType, int ldc,
                   Epilogue epilogue) {
        // like PyTorch's addmm, leave degenerate (a single row or column) and huge sizes to the unfused path
        boolean sizesFit = Math.min(m, Math.min(n, k)) > 1 && Math.max(m, Math.max(n, k)) < MAX_EPILOGUE_SIZE;
        Epilogue wanted = engine == Engine.LT && epilogues && sizesFit && epilogue.fits(n) ? epilogue : Epilogue.NONE;
        Operand opA = operand(a.pointer(), a.ld(), 0, transA ? m : k, a.type(), a.bf16());
        Operand opB = operand(b.pointer(), b.ld(), 0, transB ? k : n, b.type(), b.bf16());
        Operand opC = operand(c, ldc, 0, n, cType, 0L);
        return product(transA, transB, 1, m, n, k, opA, opB, opC, false, wanted) && wanted.equals(epilogue);
    }

    /**
     * Whether products in the current precision read bf16 copies of a (rows, cols) operand made once by {@link #copyToBf16}:
     * in bf16, when rows is a multiple of 8 and cols is too or can be padded, so that every product can read the copy
     * as it would have packed the operand itself.
     */
    boolean keepsCopies(int rows, int cols) {
        return precision == Precision.BF16 && rows % GemmPadding.ALIGNED == 0 && (cols % GemmPadding.ALIGNED == 0 || padding.multiple() > 0);
    }

    /**
     * Columns of the bf16 copy of a matrix of cols columns: cols when a multiple of 8, else as large products pad it (a
     * vocabulary of 50257 to 50304), with zeros beyond cols. A padded product reads the zeros; any other reads cols columns.
     */
    int copyColumns(int cols) {
        return cols % GemmPadding.ALIGNED == 0 ? cols : padding.padded(cols);
    }

    /** src (rows, cols) dense float32 -> dst (rows, copyColumns(cols)) bf16, a {@link Matrix}'s copy; only where {@link #keepsCopies}. */
    void copyToBf16(long src, int rows, int cols, long dst) {
        copyToBf16(src, DType.FLOAT32, rows, cols, dst);
    }

    /** The same from a src of srcType, FLOAT32 or BFLOAT16 (whose rows then gain the padding). */
    void copyToBf16(long src, DType srcType, int rows, int cols, long dst) {
        packInto(new Operand(src, cols, 0, srcType), rows, cols, rows, copyColumns(cols), 1, dst);
    }

    // returns whether the epilogue ran
    private boolean product(boolean transA, boolean transB, int batch, int m, int n, int k, long a, int lda, int strideA,
                            long b, int ldb, int strideB, long c, int ldc, int strideC, boolean accumulate, Epilogue epilogue) {
        return product(transA, transB, batch, m, n, k, operand(a, lda, strideA, transA ? m : k, DType.FLOAT32, 0L),
                operand(b, ldb, strideB, transB ? k : n, DType.FLOAT32, 0L), operand(c, ldc, strideC, n, DType.FLOAT32, 0L),
                accumulate, epilogue);
    }

    // a single row's stride is never stepped, but cuBLAS still checks it
    private static Operand operand(long pointer, int ld, long stride, int storedCols, DType type, long bf16) {
        return new Operand(pointer, Math.max(ld, Math.max(1, storedCols)), stride, type, bf16);
    }

    private boolean product(boolean transA, boolean transB, int batch, int m, int n, int k, Operand opA, Operand opB,
                            Operand opC, boolean accumulate, Epilogue epilogue) {
        if (batch == 0 || m == 0 || n == 0) return epilogue.isNone();
        if (precision != Precision.BF16 && (opA.isBf16() || opB.isBf16() || opC.isBf16())) {
            throw new IllegalStateException("a product of bf16 matrices needs bf16 precision; this backend now runs in "
                    + precision.name().toLowerCase());
        }
        return switch (precision) {
            case FP32 -> run("gemm fp32 ", transA, transB, batch, m, n, k, Cublas.R_32F, Cublas.COMPUTE_32F, opA, opB, opC, accumulate, epilogue);
            case TF32 -> run("gemm tf32 ", transA, transB, batch, m, n, k, Cublas.R_32F, Cublas.COMPUTE_32F_FAST_TF32, opA, opB, opC,
                    accumulate, epilogue);
            case BF16 -> bf16(transA, transB, batch, m, n, k, opA, opB, opC, accumulate, epilogue);
        };
    }

    /** The row-major product as the column-major call C^T = op(B)^T op(A)^T; returns whether the epilogue ran. */
    private boolean run(String label, boolean transA, boolean transB, int batch, int m, int n, int k, int abType, int computeType,
                        Operand a, Operand b, Operand c, boolean accumulate, Epilogue epilogue) {
        GemmKey key = new GemmKey(transB ? Cublas.OP_T : Cublas.OP_N, transA ? Cublas.OP_T : Cublas.OP_N, n, m, k,
                b.ld(), b.stride(), a.ld(), a.stride(), c.ld(), c.stride(), batch, abType, c.isBf16() ? Cublas.R_16BF : Cublas.R_32F,
                computeType, GemmKey.alignment(b.pointer()), GemmKey.alignment(a.pointer()), GemmKey.alignment(c.pointer()), epilogue.kind());
        // k = 0: cuBLAS scales C by beta, which cuBLASLt's layouts cannot describe
        boolean viaLt = engine == Engine.LT && k > 0;
        String name = KernelProfile.ENABLED
                ? label + (viaLt ? "lt " : "cublas ") + key.shape() + (epilogue.isNone() ? "" : " epilogue " + epilogue.kind()) : null;
        boolean[] ran = {epilogue.isNone()};
        KernelProfile.time(context, name, () -> {
            if (!viaLt) {
                cublas.gemm(key, b.pointer(), a.pointer(), accumulate, c.pointer());
            } else if (lt.run(key, b.pointer(), a.pointer(), accumulate, c.pointer(), epilogue)) {
                ran[0] = true;
            } else {
                lt.run(key.withEpilogue(Epilogue.DEFAULT), b.pointer(), a.pointer(), accumulate, c.pointer(), Epilogue.NONE);
            }
        });
        return ran[0];
    }

    // returns whether the epilogue ran: a padded product runs without it
    private boolean bf16(boolean transA, boolean transB, int batch, int m, int n, int k, Operand a, Operand b, Operand c,
                         boolean accumulate, Epilogue epilogue) {
        GemmPadding.Dims dims = padding.of(m, n, k, batch);
        boolean unpadded = dims.equals(new GemmPadding.Dims(m, n, k));
        Epilogue fused = unpadded ? epilogue : Epilogue.NONE;
        // A is stored (m, k), or (k, m) when transposed; B (k, n), or (n, k)
        Packed packedA = a.bf16() != 0 ? Packed.copy(a, copyColumns(transA ? m : k))
                : a.isBf16() && unpadded ? Packed.asIs(a)
                : transA ? pack(a, k, m, dims.k(), dims.m(), batch) : pack(a, m, k, dims.m(), dims.k(), batch);
        Packed packedB = b.bf16() != 0 ? Packed.copy(b, copyColumns(transB ? k : n))
                : b.isBf16() && unpadded ? Packed.asIs(b)
                : transB ? pack(b, n, k, dims.n(), dims.k(), batch) : pack(b, k, n, dims.k(), dims.n(), batch);
        try {
            if (!dims.padsOutput(new GemmPadding.Dims(m, n, k))) {
                return run("gemm bf16 ", transA, transB, batch, m, n, dims.k(), Cublas.R_16BF, Cublas.COMPUTE_32F,
                        packedA.operand(), packedB.operand(), c, accumulate, fused) && fused.equals(epilogue);
            }
            long bytes = (long) c.type().bytes() * batch * dims.m() * dims.n();
            Operand padded = new Operand(allocator.allocate(bytes), dims.n(), (long) dims.m() * dims.n(), c.type());
            try {
                run("gemm bf16 padded ", transA, transB, batch, dims.m(), dims.n(), dims.k(), Cublas.R_16BF, Cublas.COMPUTE_32F,
                        packedA.operand(), packedB.operand(), padded, false, Epilogue.NONE);
                long rowCount = (long) batch * m;
                context.launchOverRows(c.isBf16() ? unpadBf16 : unpadF32, rowCount, padded.pointer(), (long) padded.ld(), padded.stride(),
                        m, n, rowCount, c.pointer(), (long) c.ld(), c.stride(), accumulate ? 1 : 0);
                return epilogue.isNone();
            } finally {
                allocator.release(padded.pointer(), bytes);
            }
        } finally {
            // stream order: the GEMM reads the blocks before any later work can reuse them; copies belong to the caller
            if (packedA.bytes() > 0) allocator.release(packedA.operand().pointer(), packedA.bytes());
            if (packedB.bytes() > 0) allocator.release(packedB.operand().pointer(), packedB.bytes());
        }
    }

    /** A bf16 copy of an operand and the bytes of its block, 0 for a caller's {@link Matrix} copy or a bf16 operand itself. */
    private record Packed(Operand operand, long bytes) {
        // the caller's copy of a single matrix, whose stored rows are ld elements apart
        static Packed copy(Operand source, int ld) {
            return new Packed(new Operand(source.bf16(), ld, 0, DType.BFLOAT16), 0);
        }

        static Packed asIs(Operand bf16) {
            return new Packed(bf16, 0);
        }
    }

    // batch matrices (rows, cols) -> bf16 block of the matrices one after another, each (padRows, padCols) with zeros
    // beyond (rows, cols), rows padded to a multiple of 8 elements
    private Packed pack(Operand src, int rows, int cols, int padRows, int padCols, int batch) {
        int ld = GemmPadding.rowLength(padCols);
        int matrices = src.stride() == 0 ? 1 : batch;
        long dst = allocator.allocate(2L * matrices * padRows * ld);
        packInto(src, rows, cols, padRows, ld, matrices, dst);
        return new Packed(new Operand(dst, ld, src.stride() == 0 ? 0 : (long) padRows * ld, DType.BFLOAT16), 2L * matrices * padRows * ld);
    }

    // src's matrices (rows, cols) -> dst, each (padRows, ld) bf16 with zeros beyond (rows, cols)
    private void packInto(Operand src, int rows, int cols, int padRows, int ld, int matrices, long dst) {
        long n = (long) matrices * padRows * ld;
        boolean dense = padRows == rows && ld == cols && src.ld() == cols && (matrices == 1 || src.stride() == (long) rows * cols);
        if (dense && src.pointer() % 16 == 0 && !src.isBf16()) {
            context.launchGridStride(packBf16Dense4, n / 4, src.pointer(), n / 4, dst);
        } else {
            long rowCount = (long) matrices * padRows;
            context.launchOverRows(src.isBf16() ? packBf16FromBf16 : packBf16, rowCount, src.pointer(), (long) src.ld(), src.stride(),
                    rows, cols, padRows, ld, rowCount, dst);
        }
    }

}

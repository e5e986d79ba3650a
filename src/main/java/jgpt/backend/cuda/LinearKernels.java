package jgpt.backend.cuda;

import java.lang.foreign.MemorySegment;
import java.util.concurrent.atomic.AtomicLong;
import jgpt.tensor.DType;

/**
 * Linear layers, y = act(x W^T + bias), and their gradients. The bias and GELU (forward) and the bias gradient (with
 * the weight gradient) ride on the GEMM as cuBLASLt epilogues where {@link CublasGemm} can run them; otherwise the
 * GEMM is followed by bias_activation (LinearKernels.cu) or a row sum. GELU's backward stays a separate elementwise
 * pass: cuBLASLt's DGELU would belong in the next layer's input-gradient GEMM, another node of the tape.
 *
 * <p>In bf16 precision activations are bf16 tensors: x, y, GELU's input and the gradients dy and dx may be bf16 (the
 * weight and bias, and their gradients, are float32). A bf16 operand whose rows the GEMMs can read as they are serves
 * as its own copy; a float32 operand that two GEMMs read is converted once ({@link CublasGemm#keepsCopies}): x's copy
 * from the forward GEMM is kept for the weight gradient's, and the output gradient's copy serves both backward GEMMs.
 */
final class LinearKernels {
    private final CudaContext context;
    private final DeviceAllocator allocator;
    private final CublasGemm gemm;
    private final ElementwiseKernels elementwise;
    private final MemorySegment biasActivation, biasActivationBf16;
    private final AtomicLong fused = new AtomicLong(), unfused = new AtomicLong();

    LinearKernels(CudaContext context, DeviceAllocator allocator, CublasGemm gemm, ElementwiseKernels elementwise, KernelModule module) {
        this.context = context;
        this.allocator = allocator;
        this.gemm = gemm;
        this.elementwise = elementwise;
        biasActivation = module.function("bias_activation");
        biasActivationBf16 = module.function("bias_activation_bf16");
    }

    // x (N, in) of xType, weight (out, in), bias (out) or 0 -> y (N, out) of yType = act(x W^T + bias); with gelu, pre
    // (N, out) of yType or 0 gets GELU's input; xCopy (N, in) and weightCopy (out, in) bf16, or 0, receive the bf16
    // copies of x and the weight that the GEMM reads
    void forward(long x, DType xType, long xCopy, int n, int in, int out, long weight, long weightCopy, long bias, boolean gelu,
                 long pre, long y, DType yType) {
        // cuBLASLt adds a bias of D's type: a bf16 output takes a bf16 copy of the bias, as autocast's addmm does
        long epilogueBias = bias != 0 && yType == DType.BFLOAT16 ? allocator.allocate(2L * out) : bias;
        try {
            if (epilogueBias != bias) {
                elementwise.copyStrided(bias, DType.FLOAT32, new int[] {1}, epilogueBias, DType.BFLOAT16, new int[] {1}, new int[] {out});
            }
            Epilogue epilogue = Epilogue.forward(epilogueBias, gelu, pre);
            if (xCopy != 0) gemm.copyToBf16(x, n, in, xCopy);
            if (weightCopy != 0) gemm.copyToBf16(weight, out, in, weightCopy);
            var a = xCopy != 0 ? new CublasGemm.Matrix(x, in, xType, xCopy) : readAsIs(x, xType, n, in);
            var w = new CublasGemm.Matrix(weight, in, DType.FLOAT32, weightCopy);
            if (count(epilogue, gemm.matmul(false, true, n, out, in, a, w, y, yType, out, epilogue))) return;
            long elements = (long) n * out;
            context.launchGridStride(yType == DType.BFLOAT16 ? biasActivationBf16 : biasActivation, elements, y, bias, elements, out,
                    gelu ? 1 : 0, pre);
        } finally {
            if (epilogueBias != bias) allocator.release(epilogueBias, 2L * out);  // stream order: read before any reuse
        }
    }

    // dy (N, out) of dyType -> dx (N, in) of x's type, dweight (out, in), dbias (out), each 0 when not wanted; with gelu,
    // pre (N, out) of preType is the forward's; xCopy and weightCopy are the forward's bf16 copies, or 0
    void backward(long dy, DType dyType, long x, DType xType, long xCopy, long weight, long weightCopy, boolean gelu, long pre,
                  DType preType, int n, int in, int out, long dx, long dweight, long dbias) {
        // in bf16 GELU's gradient is written in bf16 only: the GEMMs and the bias gradient read it as it is
        DType gType = !gelu ? dyType : gemm.precision() == Precision.BF16 ? DType.BFLOAT16 : DType.FLOAT32;
        long bytes = (long) gType.bytes() * n * out;
        long g = gelu ? allocator.allocate(bytes) : dy;
        boolean reused = dx != 0 && dweight != 0 && gemm.keepsCopies(n, out) && !readsAsIs(gType, n, out);
        long copyBytes = 2L * n * gemm.copyColumns(out);
        long gCopy = reused ? allocator.allocate(copyBytes) : 0;
        try {
            if (gelu) elementwise.geluBackward(dy, dyType, pre, preType, g, gType, n * out);
            if (gCopy != 0) gemm.copyToBf16(g, gType, n, out, gCopy);
            var gradient = gCopy != 0 ? new CublasGemm.Matrix(g, out, gType, gCopy) : readAsIs(g, gType, n, out);
            var w = new CublasGemm.Matrix(weight, in, DType.FLOAT32, weightCopy);
            if (dx != 0) gemm.matmul(false, false, n, in, out, gradient, w, dx, xType, in, Epilogue.NONE);
            boolean biasDone = dbias == 0;
            if (dweight != 0) {
                // dW (out, in) = g^T x; BGRADB adds up g's rows into the bias gradient in the same GEMM
                Epilogue epilogue = biasDone ? Epilogue.NONE : Epilogue.biasGradient(dbias);
                var input = xCopy != 0 ? new CublasGemm.Matrix(x, in, xType, xCopy) : readAsIs(x, xType, n, in);
                biasDone = count(epilogue, gemm.matmul(true, false, out, in, n, gradient, input, dweight, in, epilogue)) || biasDone;
            }
            if (!biasDone) elementwise.sumMiddle(g, gType, 1, n, out, dbias);
        } finally {
            if (gelu) allocator.release(g, bytes);
            if (gCopy != 0) allocator.release(gCopy, copyBytes);  // stream order: the GEMMs read it before any reuse
        }
    }

    // a matrix (rows, cols) of type for products that read it without a copy of their own: a bf16 matrix laid out as
    // a copy would be serves as its own copy; any other is converted (or padded) by each product that reads it
    private CublasGemm.Matrix readAsIs(long pointer, DType type, int rows, int cols) {
        return new CublasGemm.Matrix(pointer, cols, type, readsAsIs(type, rows, cols) ? pointer : 0L);
    }

    private boolean readsAsIs(DType type, int rows, int cols) {
        return type == DType.BFLOAT16 && gemm.keepsCopies(rows, cols) && gemm.copyColumns(cols) == cols;
    }

    private boolean count(Epilogue epilogue, boolean ran) {
        if (!epilogue.isNone()) (ran ? fused : unfused).incrementAndGet();
        return ran;
    }

    /** For tests: GEMMs whose epilogue ran in cuBLASLt, and GEMMs whose epilogue ran as separate kernels, so far. */
    long[] epilogueCounts() {
        return new long[] {fused.get(), unfused.get()};
    }
}

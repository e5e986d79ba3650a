package jgpt.backend.cuda;

import java.lang.foreign.MemorySegment;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Linear layers, y = act(x W^T + bias), and their gradients. The bias and GELU (forward) and the bias gradient (with
 * the weight gradient) ride on the GEMM as cuBLASLt epilogues where {@link CublasGemm} can run them; otherwise the
 * GEMM is followed by bias_activation (LinearKernels.cu) or a row sum. GELU's backward stays a separate elementwise
 * pass: cuBLASLt's DGELU would belong in the next layer's input-gradient GEMM, another node of the tape.
 *
 * <p>In bf16, operands that two GEMMs read are converted once ({@link CublasGemm#keepsCopies}): x's copy from the
 * forward GEMM is kept for the weight gradient's, and the output gradient's copy serves both backward GEMMs.
 */
final class LinearKernels {
    private final CudaContext context;
    private final DeviceAllocator allocator;
    private final CublasGemm gemm;
    private final ElementwiseKernels elementwise;
    private final MemorySegment biasActivation;
    private final AtomicLong fused = new AtomicLong(), unfused = new AtomicLong();

    LinearKernels(CudaContext context, DeviceAllocator allocator, CublasGemm gemm, ElementwiseKernels elementwise, KernelModule module) {
        this.context = context;
        this.allocator = allocator;
        this.gemm = gemm;
        this.elementwise = elementwise;
        biasActivation = module.function("bias_activation");
    }

    // x (N, in), weight (out, in), bias (out) or 0 -> y (N, out) = act(x W^T + bias); with gelu, pre (N, out) or 0 gets GELU's
    // input; xCopy (N, in) bf16, or 0, receives the bf16 copy of x that the GEMM reads
    void forward(long x, long xCopy, int n, int in, int out, long weight, long bias, boolean gelu, long pre, long y) {
        Epilogue epilogue = Epilogue.forward(bias, gelu, pre);
        if (xCopy != 0) gemm.copyToBf16(x, n, in, xCopy);
        var a = new CublasGemm.Matrix(x, in, xCopy);
        if (count(epilogue, gemm.matmul(false, true, n, out, in, a, CublasGemm.Matrix.of(weight, in), y, out, epilogue))) return;
        long elements = (long) n * out;
        context.launchGridStride(biasActivation, elements, y, bias, elements, out, gelu ? 1 : 0, pre);
    }

    // dy (N, out) -> dx (N, in), dweight (out, in), dbias (out), each 0 when not wanted; with gelu, pre (N, out) is the
    // forward's; xCopy is the forward's bf16 copy of x, or 0
    void backward(long dy, long x, long xCopy, long weight, boolean gelu, long pre, int n, int in, int out, long dx, long dweight,
                  long dbias) {
        long bytes = 4L * n * out, copyBytes = 2L * n * gemm.copyColumns(out);
        long g = gelu ? allocator.allocate(bytes) : dy;
        long gCopy = dx != 0 && dweight != 0 && gemm.keepsCopies(n, out) ? allocator.allocate(copyBytes) : 0;
        try {
            // GELU's backward writes the copy too where it is laid out as g is
            boolean copyInPass = gelu && gemm.copyColumns(out) == out;
            if (gelu) elementwise.geluBackward(dy, pre, g, n * out, copyInPass ? gCopy : 0L);
            if (gCopy != 0 && !copyInPass) gemm.copyToBf16(g, n, out, gCopy);
            var gradient = new CublasGemm.Matrix(g, out, gCopy);
            if (dx != 0) gemm.matmul(false, false, n, in, out, gradient, CublasGemm.Matrix.of(weight, in), dx, in, Epilogue.NONE);
            boolean biasDone = dbias == 0;
            if (dweight != 0) {
                // dW (out, in) = g^T x; BGRADB adds up g's rows into the bias gradient in the same GEMM
                Epilogue epilogue = biasDone ? Epilogue.NONE : Epilogue.biasGradient(dbias);
                var input = new CublasGemm.Matrix(x, in, xCopy);
                biasDone = count(epilogue, gemm.matmul(true, false, out, in, n, gradient, input, dweight, in, epilogue)) || biasDone;
            }
            if (!biasDone) elementwise.sumMiddle(g, 1, n, out, dbias);
        } finally {
            if (gelu) allocator.release(g, bytes);
            if (gCopy != 0) allocator.release(gCopy, copyBytes);  // stream order: the GEMMs read it before any reuse
        }
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

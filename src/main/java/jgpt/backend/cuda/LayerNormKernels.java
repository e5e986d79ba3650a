package jgpt.backend.cuda;

import java.lang.foreign.MemorySegment;
import jgpt.tensor.DType;

/**
 * LayerNorm over the last axis, forward and backward; kernels in LayerNormKernels.cu. Rows of up to 1024 floats in
 * whole float4 chunks per lane (GPT-2's 768 and 1024) take kernels that keep the row in registers. The output (forward)
 * and the output's gradient (backward) may be bf16; x, the parameters, their gradients and the statistics are float32.
 */
final class LayerNormKernels {
    private static final int ROWS_PER_BLOCK = 8;  // one warp per row
    /** The parameter gradients sum rows in up to this many chunks, each of at least MIN_CHUNK_ROWS rows. */
    private static final int MAX_CHUNKS = 64, MIN_CHUNK_ROWS = 128;
    /** Rows of C = 128 k floats with k at most this (MAX_CHUNKS in LayerNormKernels.cu) are held in registers. */
    private static final int MAX_REGISTER_CHUNKS = 8;

    private final CudaContext context;
    private final DeviceAllocator allocator;
    /** Index 0 float32, 1 with a bf16 output (forward) or output gradient (backward). */
    private final MemorySegment[] forward, forwardRows, backwardInput, backwardInputRows, backwardParams;
    private final MemorySegment accumulateParams;

    LayerNormKernels(CudaContext context, DeviceAllocator allocator, KernelModule module) {
        this.context = context;
        this.allocator = allocator;
        forward = floatAndBf16(module, "layernorm_forward");
        forwardRows = floatAndBf16(module, "layernorm_forward_rows");
        backwardInput = floatAndBf16(module, "layernorm_backward_input");
        backwardInputRows = floatAndBf16(module, "layernorm_backward_input_rows");
        backwardParams = floatAndBf16(module, "layernorm_backward_params");
        accumulateParams = module.function("layernorm_params_accumulate");
    }


    // x (N, C) float32, gamma, beta (C) float32 -> out (N, C) of outType (FLOAT32 or BFLOAT16), mean, rstd (N) float32
    void forward(long x, long gamma, long beta, int rows, int c, float eps, long out, DType outType, long mean, long rstd) {
        int bf16 = ElementTypes.isBf16("layerNorm", outType) ? 1 : 0;
        if (rows == 0) return;
        boolean rowsInRegisters = inRegisters(c, x, gamma, beta) && out % (4L * outType.bytes()) == 0;
        context.launch(rowsInRegisters ? forwardRows[bf16] : forward[bf16], Math.ceilDiv(rows, ROWS_PER_BLOCK), 1,
                32 * ROWS_PER_BLOCK, 1, 0, x, gamma, beta, rows, c, eps, out, mean, rstd);
    }


    // dout (N, C) of doutType (FLOAT32 or BFLOAT16) -> dx (N, C) float32; dgamma (C), dbeta (C) accumulate (float32)
    void backward(long dout, DType doutType, long x, long gamma, long mean, long rstd, int rows, int c, long dx, long dgamma,
                  long dbeta) {
        int bf16 = ElementTypes.isBf16("layerNormBackward", doutType) ? 1 : 0;
        if (rows == 0 || c == 0) return;
        boolean rowsInRegisters = inRegisters(c, x, gamma, dx) && dout % (4L * doutType.bytes()) == 0;
        context.launch(rowsInRegisters ? backwardInputRows[bf16] : backwardInput[bf16], Math.ceilDiv(rows, ROWS_PER_BLOCK), 1,
                32 * ROWS_PER_BLOCK, 1, 0, dout, x, gamma, mean, rstd, rows, c, dx);
        int chunks = Math.clamp(rows / MIN_CHUNK_ROWS, 1, MAX_CHUNKS);
        long bytes = 2L * chunks * c * Float.BYTES;
        long partials = allocator.allocate(bytes);
        try {
            context.launch(backwardParams[bf16], Math.ceilDiv(c, 32), chunks, 32, 32, 0, dout, x, mean, rstd, rows, c, partials);
            context.launch1d(accumulateParams, c, 256, partials, chunks, c, dgamma, dbeta);
        } finally {
            allocator.release(partials, bytes);  // later work on the one stream runs after these kernels
        }
    }

    // whether rows of c elements fit the register kernels, whose four-element loads need float rows 16-byte aligned
    // (and bf16 rows 8-byte aligned, which the callers check)
    private static boolean inRegisters(int c, long... floatRows) {
        if (c % 128 != 0 || c / 128 > MAX_REGISTER_CHUNKS) return false;
        for (long p : floatRows) if (p % 16 != 0) return false;
        return true;
    }

    private static MemorySegment[] floatAndBf16(KernelModule module, String name) {
        return new MemorySegment[] {module.function(name), module.function(name + "_bf16")};
    }
}

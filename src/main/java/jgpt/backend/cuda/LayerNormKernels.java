package jgpt.backend.cuda;

import java.lang.foreign.MemorySegment;

/**
 * LayerNorm over the last axis, forward and backward; kernels in LayerNormKernels.cu. Rows of up to 1024 floats in
 * whole float4 chunks per lane (GPT-2's 768 and 1024) take kernels that keep the row in registers.
 */
final class LayerNormKernels {
    private static final int ROWS_PER_BLOCK = 8;  // one warp per row
    /** The parameter gradients sum rows in up to this many chunks, each of at least MIN_CHUNK_ROWS rows. */
    private static final int MAX_CHUNKS = 64, MIN_CHUNK_ROWS = 128;
    /** Rows of C = 128 k floats with k at most this (MAX_CHUNKS in LayerNormKernels.cu) are held in registers. */
    private static final int MAX_REGISTER_CHUNKS = 8;

    private final CudaContext context;
    private final DeviceAllocator allocator;
    private final MemorySegment forward, forwardRows, backwardInput, backwardInputRows, backwardParams, accumulateParams;

    LayerNormKernels(CudaContext context, DeviceAllocator allocator, KernelModule module) {
        this.context = context;
        this.allocator = allocator;
        forward = module.function("layernorm_forward");
        forwardRows = module.function("layernorm_forward_rows");
        backwardInput = module.function("layernorm_backward_input");
        backwardInputRows = module.function("layernorm_backward_input_rows");
        backwardParams = module.function("layernorm_backward_params");
        accumulateParams = module.function("layernorm_params_accumulate");
    }

    // x (N, C), gamma (C), beta (C) -> out (N, C), mean (N), rstd (N)
    void forward(long x, long gamma, long beta, int rows, int c, float eps, long out, long mean, long rstd) {
        if (rows == 0) return;
        context.launch(inRegisters(c, x, gamma, beta, out) ? forwardRows : forward, Math.ceilDiv(rows, ROWS_PER_BLOCK), 1,
                32 * ROWS_PER_BLOCK, 1, 0, x, gamma, beta, rows, c, eps, out, mean, rstd);
    }

    // dout (N, C) -> dx (N, C); dgamma (C) and dbeta (C) accumulate
    void backward(long dout, long x, long gamma, long mean, long rstd, int rows, int c, long dx, long dgamma, long dbeta) {
        if (rows == 0 || c == 0) return;
        context.launch(inRegisters(c, dout, x, gamma, dx) ? backwardInputRows : backwardInput, Math.ceilDiv(rows, ROWS_PER_BLOCK), 1,
                32 * ROWS_PER_BLOCK, 1, 0, dout, x, gamma, mean, rstd, rows, c, dx);
        int chunks = Math.clamp(rows / MIN_CHUNK_ROWS, 1, MAX_CHUNKS);
        long bytes = 2L * chunks * c * Float.BYTES;
        long partials = allocator.allocate(bytes);
        try {
            context.launch(backwardParams, Math.ceilDiv(c, 32), chunks, 32, 32, 0, dout, x, mean, rstd, rows, c, partials);
            context.launch1d(accumulateParams, c, 256, partials, chunks, c, dgamma, dbeta);
        } finally {
            allocator.release(partials, bytes);  // later work on the one stream runs after these kernels
        }
    }

    // whether rows of c floats fit the register kernels, whose float4 loads need 16-byte aligned rows
    private static boolean inRegisters(int c, long... rowPointers) {
        if (c % 128 != 0 || c / 128 > MAX_REGISTER_CHUNKS) return false;
        for (long p : rowPointers) if (p % 16 != 0) return false;
        return true;
    }
}

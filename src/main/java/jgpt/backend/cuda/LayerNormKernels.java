package jgpt.backend.cuda;

import java.lang.foreign.MemorySegment;

/** LayerNorm over the last axis, forward and backward; kernels in LayerNormKernels.cu. */
final class LayerNormKernels {
    private static final int ROWS_PER_BLOCK = 8;  // one warp per row
    /** The parameter gradients sum rows in up to this many chunks, each of at least MIN_CHUNK_ROWS rows. */
    private static final int MAX_CHUNKS = 64, MIN_CHUNK_ROWS = 128;

    private final CudaContext context;
    private final DeviceAllocator allocator;
    private final MemorySegment forward, backwardInput, backwardParams, accumulateParams;

    LayerNormKernels(CudaContext context, DeviceAllocator allocator, KernelModule module) {
        this.context = context;
        this.allocator = allocator;
        forward = module.function("layernorm_forward");
        backwardInput = module.function("layernorm_backward_input");
        backwardParams = module.function("layernorm_backward_params");
        accumulateParams = module.function("layernorm_params_accumulate");
    }

    // x (N, C), gamma (C), beta (C) -> out (N, C), mean (N), rstd (N)
    void forward(long x, long gamma, long beta, int rows, int c, float eps, long out, long mean, long rstd) {
        if (rows == 0) return;
        context.launch(forward, Math.ceilDiv(rows, ROWS_PER_BLOCK), 1, 32 * ROWS_PER_BLOCK, 1, 0,
                x, gamma, beta, rows, c, eps, out, mean, rstd);
    }

    // dout (N, C) -> dx (N, C); dgamma (C) and dbeta (C) accumulate
    void backward(long dout, long x, long gamma, long mean, long rstd, int rows, int c, long dx, long dgamma, long dbeta) {
        if (rows == 0 || c == 0) return;
        context.launch(backwardInput, Math.ceilDiv(rows, ROWS_PER_BLOCK), 1, 32 * ROWS_PER_BLOCK, 1, 0,
                dout, x, gamma, mean, rstd, rows, c, dx);
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
}

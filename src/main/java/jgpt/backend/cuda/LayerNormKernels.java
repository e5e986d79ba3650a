package jgpt.backend.cuda;

import java.lang.foreign.MemorySegment;

/** LayerNorm over the last axis, forward and backward; kernels in LayerNormKernels.cu. */
final class LayerNormKernels {
    private static final int ROWS_PER_BLOCK = 8;  // one warp per row

    private final CudaContext context;
    private final MemorySegment forward, backwardInput, backwardParams;

    LayerNormKernels(CudaContext context, KernelModule module) {
        this.context = context;
        forward = module.function("layernorm_forward");
        backwardInput = module.function("layernorm_backward_input");
        backwardParams = module.function("layernorm_backward_params");
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
        context.launch(backwardParams, Math.ceilDiv(c, 32), 1, 32, 32, 0, dout, x, mean, rstd, rows, c, dgamma, dbeta);
    }
}

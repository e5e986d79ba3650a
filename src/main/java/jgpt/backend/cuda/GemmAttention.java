package jgpt.backend.cuda;

import java.lang.foreign.MemorySegment;
import jgpt.tensor.AttentionDropout;

/**
 * Causal self-attention on float32 heads through materialised scores, for float32 and tf32 precision: per batch row,
 * batched GEMMs over its H heads (cuBLAS, the precision's engine) and a row kernel on the (H, T, T) slab of scores
 * (AttentionKernels.cu, causal_softmax_*). The slab is 4 H T^2 bytes (50 MB for GPT-2 124M at T = 1024), reused by
 * every batch row; the backward recomputes it from the forward's log-sum-exps, as the row kernels do. The row kernels
 * (one block per query row, keys read from memory for each) are flash-style but reuse nothing across rows, which by
 * estimate made attention most of a float32 training step; GEMMs reuse every tile. Dropout acts in the row kernels: the
 * forward's P is the weights after dropout, and the backward's dS kernel turns the recomputed P into them for dV.
 */
final class GemmAttention {
    private static final int THREADS = 256;

    private final CudaContext context;
    private final DeviceAllocator allocator;
    private final CublasGemm gemm;
    private final MemorySegment softmax, recompute, softmaxBackward;

    GemmAttention(CudaContext context, DeviceAllocator allocator, CublasGemm gemm, KernelModule module) {
        this.context = context;
        this.allocator = allocator;
        this.gemm = gemm;
        softmax = module.function("causal_softmax_forward");
        recompute = module.function("causal_softmax_recompute");
        softmaxBackward = module.function("causal_softmax_backward");
    }

    // qkv (B, T, 3C) float32 -> out (B, T, C), lse (B H, T)
    void forward(long qkv, int batch, int t, int heads, int d, float scale, AttentionDropout dropout, long out, long lse) {
        int c = heads * d;
        long slabBytes = 4L * heads * t * t;
        long p = allocator.allocate(slabBytes);
        try {
            for (int b = 0; b < batch; b++) {
                long q = qkv + 4L * b * t * 3 * c, v = q + 8L * c;
                scores(q, t, heads, d, c, p);                                                             // S (H, T, T)
                context.launch(softmax, heads * t, 1, THREADS, 1, 0, p, t, scale, dropout.p(), dropout.keepScale(), dropout.seed(),
                        firstWeight(b, heads, t), lse + 4L * b * heads * t);                                      // P, dropped
                gemm.matmul(false, false, heads, t, d, t, p, t, t * t, v, 3 * c, d, out + 4L * b * t * c, c, d, false);  // P V
            }
        } finally {
            allocator.release(p, slabBytes);   // stream order: the last GEMM reads it before any reuse
        }
    }

    // dout (B, T, C), qkv (B, T, 3C), out (B, T, C), lse (B H, T), all float32 -> dqkv (B, T, 3C)
    void backward(long dout, long qkv, long out, long lse, int batch, int t, int heads, int d, float scale, AttentionDropout dropout,
                  long dqkv) {
        int c = heads * d;
        long slabBytes = 4L * heads * t * t;
        long p = allocator.allocate(slabBytes), dp = allocator.allocate(slabBytes);
        try {
            for (int b = 0; b < batch; b++) {
                long q = qkv + 4L * b * t * 3 * c, k = q + 4L * c, v = q + 8L * c;
                long dq = dqkv + 4L * b * t * 3 * c, dk = dq + 4L * c, dv = dq + 8L * c;
                long g = dout + 4L * b * t * c, o = out + 4L * b * t * c;
                scores(q, t, heads, d, c, p);
                context.launch(recompute, heads * t, 1, THREADS, 1, 0, p, t, scale, lse + 4L * b * heads * t);   // P
                gemm.matmul(false, true, heads, t, t, d, g, c, d, v, 3 * c, d, dp, t, t * t, false);            // dP = dO V^T
                context.launch(softmaxBackward, heads * t, 1, THREADS, 1, 0, p, dp, g, o, t, d, c, scale, dropout.p(),
                        dropout.keepScale(), dropout.seed(), firstWeight(b, heads, t));                           // dS; P dropped
                gemm.matmul(true, false, heads, t, d, t, p, t, t * t, g, c, d, dv, 3 * c, d, false);            // dV = P^T dO
                gemm.matmul(false, false, heads, t, d, t, dp, t, t * t, k, 3 * c, d, dq, 3 * c, d, false);      // dQ = dS K
                gemm.matmul(true, false, heads, t, d, t, dp, t, t * t, q, 3 * c, d, dk, 3 * c, d, false);       // dK = dS^T Q
            }
        } finally {
            allocator.release(p, slabBytes);
            allocator.release(dp, slabBytes);
        }
    }

    // the index of batch row b's first weight among the (B H, T, T) weights that dropout numbers
    private static long firstWeight(int b, int heads, int t) {
        return (long) b * heads * t * t;
    }

    // q of one batch row (its k C columns on) -> s (H, T, T) = Q_h K_h^T for each head h, unscaled
    private void scores(long q, int t, int heads, int d, int c, long s) {
        gemm.matmul(false, true, heads, t, t, d, q, 3 * c, d, q + 4L * c, 3 * c, d, s, t, t * t, false);
    }
}

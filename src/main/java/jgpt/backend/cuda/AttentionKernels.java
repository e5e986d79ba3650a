package jgpt.backend.cuda;

import java.lang.foreign.MemorySegment;

/**
 * Causal attention, flash-style (no T x T matrix): forward one block per query row with an online softmax;
 * backward one block per query row for dq and one per key row for dk and dv, so nothing is accumulated
 * across blocks. Kernels in AttentionKernels.cu.
 */
final class AttentionKernels {
    private static final int THREADS = 128, MAX_HEAD_DIM = 4 * THREADS, ROWS_PER_BLOCK = 8;

    private final CudaContext context;
    private final DeviceAllocator allocator;
    private final MemorySegment forward, rowDot, backwardQuery, backwardKey;

    AttentionKernels(CudaContext context, DeviceAllocator allocator, KernelModule module) {
        this.context = context;
        this.allocator = allocator;
        forward = module.function("attention_forward");
        rowDot = module.function("attention_row_dot");
        backwardQuery = module.function("attention_backward_query");
        backwardKey = module.function("attention_backward_key");
    }

    // q (G, Tq, D), k and v (G, Tk, D) with head stride kvStride -> out (G, Tq, D), lse (G, Tq)
    void forward(long q, long k, long v, int heads, int tq, int tk, int d, int kvStride, float scale, long out, long lse) {
        checkHeadDim(d);
        if (heads * tq == 0) return;
        context.launch(forward, heads * tq, 1, THREADS, 1, 4 * d, q, k, v, tq, tk, d, (long) kvStride, scale, out, lse);
    }

    // dout, q, k, v, out (G, T, D), lse (G, T) -> dq, dk, dv (G, T, D)
    void backward(long dout, long q, long k, long v, long out, long lse, int heads, int t, int d, float scale,
                  long dq, long dk, long dv) {
        checkHeadDim(d);
        int rows = heads * t;
        if (rows == 0) return;
        long dots = allocator.allocate(4L * rows);
        try {
            context.launch(rowDot, Math.ceilDiv(rows, ROWS_PER_BLOCK), 1, 32 * ROWS_PER_BLOCK, 1, 0, dout, out, rows, d, dots);
            context.launch(backwardQuery, rows, 1, THREADS, 1, 8 * d, dout, q, k, v, lse, dots, t, d, scale, dq);
            context.launch(backwardKey, rows, 1, THREADS, 1, 8 * d, dout, q, k, v, lse, dots, t, d, scale, dk, dv);
        } finally {
            allocator.release(dots, 4L * rows);  // later work on the one stream runs after these kernels
        }
    }

    private static void checkHeadDim(int d) {
        if (d > MAX_HEAD_DIM) {
            throw new IllegalArgumentException("causalAttention: head size " + d + " is larger than the " + MAX_HEAD_DIM + " the cuda kernel supports");
        }
    }
}

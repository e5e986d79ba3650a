package jgpt.backend.cuda;

import java.lang.foreign.MemorySegment;
import jgpt.tensor.AttentionDropout;

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

    // q (G, Tq, D), k and v (G, Tk, D) -> out (G, Tq, D), lse (G, Tq), heads placed by layout; k's and v's groups of
    // layout.heads() heads lie kvGroupStride apart
    void forward(long q, long k, long v, int groups, int tq, int tk, int d, long kvGroupStride, AttentionLayout layout,
                 float scale, AttentionDropout dropout, long out, long lse) {
        checkHeadDim(d);
        if (groups * tq == 0) return;
        context.launch(forward, groups * tq, 1, THREADS, 1, 4 * d, q, k, v, tq, tk, d, layout.heads(), layout.inStride(),
                layout.outStride(), kvGroupStride, scale, dropout.p(), dropout.keepScale(), dropout.seed(), out, lse);
    }

    // dout, q, k, v, out (G, T, D), lse (G, T) -> dq, dk, dv (G, T, D), heads placed by layout
    void backward(long dout, long q, long k, long v, long out, long lse, int groups, int t, int d, AttentionLayout layout,
                  float scale, AttentionDropout dropout, long dq, long dk, long dv) {
        checkHeadDim(d);
        int rows = groups * t, heads = layout.heads(), in = layout.inStride(), outStride = layout.outStride();
        if (rows == 0) return;
        long dots = allocator.allocate(4L * rows);
        try {
            context.launch(rowDot, Math.ceilDiv(rows, ROWS_PER_BLOCK), 1, 32 * ROWS_PER_BLOCK, 1, 0, dout, out, rows, t, d, heads,
                    outStride, dots);
            context.launch(backwardQuery, rows, 1, THREADS, 1, 8 * d, dout, q, k, v, lse, dots, t, d, heads, in, outStride, scale,
                    dropout.p(), dropout.keepScale(), dropout.seed(), dq);
            context.launch(backwardKey, rows, 1, THREADS, 1, 8 * d, dout, q, k, v, lse, dots, t, d, heads, in, outStride, scale,
                    dropout.p(), dropout.keepScale(), dropout.seed(), dk, dv);
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

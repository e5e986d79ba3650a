package jgpt.backend.cuda;

import java.lang.foreign.MemorySegment;

/**
 * Causal attention for head size 64 on the tensor cores (bf16 inputs, float32 accumulation), used in
 * {@link Precision#BF16}: tiles of 64 queries (or keys) per block share each tile of keys and values (or
 * queries and output gradients) through shared memory. Only Tq = Tk (training and prompts); the KV-cache case
 * stays on {@link AttentionKernels}. Kernels in TensorCoreAttention.cu.
 */
final class TensorCoreAttention {
    static final int HEAD_DIM = 64;
    private static final int TILE = 64, THREADS = 128;

    private final CudaContext context;
    private final DeviceAllocator allocator;
    private final MemorySegment forward, backwardQuery, backwardKey;

    TensorCoreAttention(CudaContext context, DeviceAllocator allocator, KernelModule module) {
        this.context = context;
        this.allocator = allocator;
        forward = module.function("flash_forward");
        backwardQuery = module.function("flash_backward_query");
        backwardKey = module.function("flash_backward_key");
    }

    // q, k, v (G, T, 64) -> out (G, T, 64), lse (G, T), heads placed by layout
    void forward(long q, long k, long v, int groups, int t, AttentionLayout layout, float scale, long out, long lse) {
        if (groups * t == 0) return;
        context.launch(forward, Math.ceilDiv(t, TILE), groups, THREADS, 1, 0, q, k, v, t, layout.heads(), layout.inStride(),
                layout.outStride(), scale, out, lse);
    }

    // dout, q, k, v, out (G, T, 64), lse (G, T) -> dq, dk, dv (G, T, 64), heads placed by layout
    void backward(long dout, long q, long k, long v, long out, long lse, int groups, int t, AttentionLayout layout, float scale,
                  long dq, long dk, long dv) {
        int rows = groups * t, heads = layout.heads(), in = layout.inStride(), outStride = layout.outStride();
        if (rows == 0) return;
        long rowDot = allocator.allocate(4L * rows);
        try {
            context.launch(backwardQuery, Math.ceilDiv(t, TILE), groups, THREADS, 1, 0, dout, q, k, v, out, lse, t, heads, in, outStride,
                    scale, dq, rowDot);
            context.launch(backwardKey, Math.ceilDiv(t, TILE), groups, THREADS, 1, 0, dout, q, k, v, lse, rowDot, t, heads, in, outStride,
                    scale, dk, dv);
        } finally {
            allocator.release(rowDot, 4L * rows);  // later work on the one stream runs after these kernels
        }
    }
}

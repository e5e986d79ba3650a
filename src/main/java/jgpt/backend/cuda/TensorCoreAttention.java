package jgpt.backend.cuda;

import java.lang.foreign.MemorySegment;
import jgpt.tensor.AttentionDropout;

/**
 * Causal attention for head size 64 on the tensor cores (bf16 inputs, float32 accumulation), used in
 * {@link Precision#BF16}: tiles of 64 queries (or keys) per block share each tile of keys and values (or
 * queries and output gradients) through shared memory. Heads are float32 (rounded to bf16 on the way in) or bf16;
 * log-sum-exps are float32 either way. Only Tq = Tk (training and prompts); the KV-cache case stays on
 * {@link AttentionKernels}. Kernels in TensorCoreAttention.cu.
 */
final class TensorCoreAttention {
    static final int HEAD_DIM = 64;
    private static final int TILE = 64, THREADS = 128;
    // the bf16 kernels copy rows 16 bytes (8 elements) at a time
    private static final int BF16_ALIGNMENT = 16, BF16_STRIDE_MULTIPLE = 8;

    /** The three kernels for one element type of the heads. */
    private record Kernels(MemorySegment forward, MemorySegment backwardQuery, MemorySegment backwardKey) {
        static Kernels of(KernelModule module, String suffix) {
            return new Kernels(module.function("flash_forward" + suffix), module.function("flash_backward_query" + suffix),
                    module.function("flash_backward_key" + suffix));
        }
    }

    private final CudaContext context;
    private final DeviceAllocator allocator;
    private final Kernels float32, bf16;

    TensorCoreAttention(CudaContext context, DeviceAllocator allocator, KernelModule module) {
        this.context = context;
        this.allocator = allocator;
        float32 = Kernels.of(module, "");
        bf16 = Kernels.of(module, "_bf16");
    }


    // q, k, v (G, T, 64) -> out (G, T, 64), lse (G, T); q, k, v and out bf16 when bf16, else float32
    void forward(long q, long k, long v, int groups, int t, AttentionLayout layout, float scale, AttentionDropout dropout, long out,
                 long lse, boolean bf16) {
        if (groups * t == 0) return;
        if (bf16) requireBf16Rows(layout, q, k, v, out);
        context.launch(kernels(bf16).forward(), Math.ceilDiv(t, TILE), groups, THREADS, 1, 0, q, k, v, t, layout.heads(),
                layout.inStride(), layout.outStride(), scale, dropout.p(), dropout.keepScale(), dropout.seed(), out, lse);
    }


    // dout, q, k, v, out and dq, dk, dv (G, T, 64) bf16 when bf16, else float32; lse (G, T) float32
    void backward(long dout, long q, long k, long v, long out, long lse, int groups, int t, AttentionLayout layout, float scale,
                  AttentionDropout dropout, long dq, long dk, long dv, boolean bf16) {
        int rows = groups * t, heads = layout.heads(), in = layout.inStride(), outStride = layout.outStride();
        if (rows == 0) return;
        if (bf16) requireBf16Rows(layout, dout, q, k, v, out, dq, dk, dv);
        Kernels kernels = kernels(bf16);
        long rowDot = allocator.allocate(4L * rows);
        try {
            context.launch(kernels.backwardQuery(), Math.ceilDiv(t, TILE), groups, THREADS, 1, 0, dout, q, k, v, out, lse, t, heads,
                    in, outStride, scale, dropout.p(), dropout.keepScale(), dropout.seed(), dq, rowDot);
            context.launch(kernels.backwardKey(), Math.ceilDiv(t, TILE), groups, THREADS, 1, 0, dout, q, k, v, lse, rowDot, t, heads,
                    in, outStride, scale, dropout.p(), dropout.keepScale(), dropout.seed(), dk, dv);
        } finally {
            allocator.release(rowDot, 4L * rows);  // later work on the one stream runs after these kernels
        }
    }

    private Kernels kernels(boolean bf16) {
        return bf16 ? this.bf16 : float32;
    }

    // every row of a bf16 head must start on 16 bytes: the kernels copy them in 16-byte pieces
    private static void requireBf16Rows(AttentionLayout layout, long... pointers) {
        boolean aligned = layout.inStride() % BF16_STRIDE_MULTIPLE == 0 && layout.outStride() % BF16_STRIDE_MULTIPLE == 0;
        for (long pointer : pointers) aligned &= pointer % BF16_ALIGNMENT == 0;
        if (!aligned) {
            throw new IllegalArgumentException("bf16 attention needs heads whose rows start on 16 bytes (strides multiples of 8), not "
                    + layout);
        }
    }
}

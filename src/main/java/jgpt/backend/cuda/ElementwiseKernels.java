package jgpt.backend.cuda;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import jgpt.tensor.BinaryOp;

import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;

/** Strided copies, broadcasting arithmetic, reductions, GELU and dropout; kernels in ElementwiseKernels.cu. */
final class ElementwiseKernels {
    private static final int THREADS = 256;
    private static final int SQUARES_BLOCKS = 1024;
    /** sumMiddle: fewer column blocks than this leave most multiprocessors idle; mid is then split in up to MAX_CHUNKS. */
    private static final int FEW_BLOCKS = 264, MAX_CHUNKS = 64;

    private final CudaContext context;
    private final DeviceAllocator allocator;
    private final MemorySegment copyStrided, copyStrided4, binary, binary4, scale, axpy, sumMiddle, sumRows, sumOfSquares;
    private final MemorySegment geluForward, geluBackward, dropoutForward;

    ElementwiseKernels(CudaContext context, DeviceAllocator allocator, KernelModule module) {
        this.context = context;
        this.allocator = allocator;
        copyStrided = module.function("copy_strided");
        copyStrided4 = module.function("copy_strided4");
        binary = module.function("binary");
        binary4 = module.function("binary4");
        scale = module.function("scale");
        axpy = module.function("axpy");
        sumMiddle = module.function("sum_middle");
        sumRows = module.function("sum_rows");
        sumOfSquares = module.function("sum_of_squares");
        geluForward = module.function("gelu_forward");
        geluBackward = module.function("gelu_backward");
        dropoutForward = module.function("dropout_forward");
    }

    // src view -> dst view of the same shape; 32-bit elements of either dtype
    void copyStrided(long src, int[] srcStrides, long dst, int[] dstStrides, int[] shape) {
        StridedLayout layout = StridedLayout.of("copyStrided", shape, srcStrides, dstStrides);
        if (layout.inFours(src, dst)) {
            context.launch1d(copyStrided4, numel(shape) / 4, THREADS, src, dst, layout.struct(), numel(shape) / 4);
        } else {
            context.launch1d(copyStrided, numel(shape), THREADS, src, dst, layout.struct(), numel(shape));
        }
    }

    // out (shape, dense) = a op b over strided views
    void binary(BinaryOp op, long a, int[] aStrides, long b, int[] bStrides, long out, int[] shape) {
        StridedLayout layout = StridedLayout.of(op.name().toLowerCase(), shape, aStrides, bStrides);
        if (layout.inFours(a, b) && out % 16 == 0) {
            context.launch1d(binary4, numel(shape) / 4, THREADS, a, b, out, layout.struct(), numel(shape) / 4, op.ordinal());
        } else {
            context.launch1d(binary, numel(shape), THREADS, a, b, out, layout.struct(), numel(shape), op.ordinal());
        }
    }

    // out (n) = alpha x (n)
    void scale(long x, float alpha, long out, int n) {
        context.launch1d(scale, n, THREADS, x, alpha, out, n);
    }

    // y (n) += alpha x (n)
    void axpy(float alpha, long x, long y, int n) {
        context.launch1d(axpy, n, THREADS, alpha, x, y, n);
    }

    // x (outer, mid, inner) -> out (outer, inner)
    void sumMiddle(long x, int outer, int mid, int inner, long out) {
        if (outer == 0 || inner == 0) return;
        int blocks = outer * Math.ceilDiv(inner, 32), chunks = Math.min(MAX_CHUNKS, Integer.lowestOneBit(Math.max(1, mid)));
        if (inner == 1) {
            context.launch(sumRows, outer, 1, THREADS, 1, 0, x, mid, out);
        } else if (blocks >= FEW_BLOCKS || mid < 16 * chunks) {
            context.launch(sumMiddle, blocks, 1, 32, 32, 0, x, outer, mid, inner, out);
        } else {
            // too few blocks to fill the GPU (a bias gradient: outer 1, mid B*T): sum chunks of mid into
            // partials (outer, chunks, inner) first, as (outer * chunks, mid / chunks, inner), then the chunks
            long partials = allocator.allocate(4L * outer * chunks * inner);
            try {
                context.launch(sumMiddle, blocks * chunks, 1, 32, 32, 0, x, outer * chunks, mid / chunks, inner, partials);
                context.launch(sumMiddle, blocks, 1, 32, 32, 0, partials, outer, chunks, inner, out);
            } finally {
                allocator.release(partials, 4L * outer * chunks * inner);
            }
        }
    }

    // x (n) -> sum of squares, in double; one block partial each, added on the host
    // the sum of squares of xs[i] (counts[i] elements each), in double: one block-partials kernel a buffer, then one
    // download of every partial
    double sumOfSquares(long[] xs, int[] counts) {
        int[] blocks = new int[xs.length];
        int total = 0;
        for (int i = 0; i < xs.length; i++) total += blocks[i] = Math.min(SQUARES_BLOCKS, Math.ceilDiv(counts[i], THREADS));
        if (total == 0) return 0;
        long partials = allocator.allocate(8L * total);
        try (Arena arena = Arena.ofConfined()) {
            for (int i = 0, at = 0; i < xs.length; at += blocks[i++]) {
                if (blocks[i] > 0) context.launch(sumOfSquares, blocks[i], 1, THREADS, 1, 0, xs[i], counts[i], partials + 8L * at);
            }
            MemorySegment host = arena.allocate(JAVA_DOUBLE, total);
            context.copyToHost(host, partials, 8L * total);
            double sum = 0;
            for (double p : host.toArray(JAVA_DOUBLE)) sum += p;
            return sum;
        } finally {
            allocator.release(partials, 8L * total);
        }
    }

    // x (n) -> out (n)
    void geluForward(long x, long out, int n) {
        context.launch1d(geluForward, n, THREADS, x, out, n);
    }

    // dout, x (n) -> dx (n)
    void geluBackward(long dout, long x, long dx, int n) {
        geluBackward(dout, x, dx, n, 0L);
    }

    // the same, also writing dx in bf16 to dxBf16 (n) unless it is 0
    void geluBackward(long dout, long x, long dx, int n, long dxBf16) {
        context.launch1d(geluBackward, n, THREADS, dout, x, dx, n, dxBf16);
    }

    // x (n) -> out, mask (n)
    void dropoutForward(long x, long out, long mask, int n, float p, long seed) {
        float keep = 1f / (1f - p);
        context.launch1d(dropoutForward, n, THREADS, x, out, mask, n, p, keep, seed);
    }

    private static int numel(int[] shape) {
        int n = 1;
        for (int s : shape) n *= s;
        return n;
    }
}

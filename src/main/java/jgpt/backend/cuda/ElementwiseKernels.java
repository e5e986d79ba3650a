package jgpt.backend.cuda;

import java.lang.foreign.MemorySegment;
import jgpt.tensor.BinaryOp;
import jgpt.tensor.DType;

/**
 * Strided copies, broadcasting arithmetic, reductions, GELU and dropout; kernels in ElementwiseKernels.cu. Copies,
 * arithmetic, sumMiddle, the GELU gradient and dropout also take bf16 buffers ({@link ElementTypes}), computing in
 * float32.
 */
final class ElementwiseKernels {
    private static final int THREADS = 256;
    /** sumMiddle: fewer column blocks than this leave most multiprocessors idle; mid is then split in up to MAX_CHUNKS. */
    private static final int FEW_BLOCKS = 264, MAX_CHUNKS = 64;

    private final CudaContext context;
    private final DeviceAllocator allocator;
    private final MemorySegment scale, axpy, sumMiddle, sumMiddleBf16, sumRows, sumRowsBf16, geluForward;
    /**
     * By {@link ElementTypes} combination: copies (src, dst), arithmetic (a, b, out), GELU gradient (dout, x, dx), dropout
     * (x, out).
     */
    private final MemorySegment[] copyStrided, copyStrided4, binary, binary4, geluBackward, geluBackward8, dropout;

    ElementwiseKernels(CudaContext context, DeviceAllocator allocator, KernelModule module) {
        this.context = context;
        this.allocator = allocator;
        copyStrided = ElementTypes.variants(module, "copy_strided", "copy_strided", 2);
        copyStrided4 = ElementTypes.variants(module, "copy_strided4", "copy_strided4", 2);
        binary = ElementTypes.variants(module, "binary", "binary", 3);
        binary4 = ElementTypes.variants(module, "binary4", "binary4", 3);
        scale = module.function("scale");
        axpy = module.function("axpy");
        sumMiddle = module.function("sum_middle");
        sumMiddleBf16 = module.function("sum_middle_b");
        sumRows = module.function("sum_rows");
        sumRowsBf16 = module.function("sum_rows_b");
        geluForward = module.function("gelu_forward");
        geluBackward = ElementTypes.variants(module, "gelu_backward", "gelu_backward", 3);
        geluBackward8 = ElementTypes.variants(module, null, "gelu_backward8", 3);
        dropout = ElementTypes.variants(module, "dropout", "dropout", 2);
    }


    // src view -> dst view of the same shape. Same dtype: a bit copy (4-byte or 2-byte elements); FLOAT32 <-> BFLOAT16
    // converts (round to nearest even towards bf16). INT32 only to INT32.
    void copyStrided(long src, DType srcType, int[] srcStrides, long dst, DType dstType, int[] dstStrides, int[] shape) {
        int types;
        if (srcType == DType.INT32 || dstType == DType.INT32) {
            if (srcType != dstType) {
                throw new IllegalArgumentException("copyStrided on cuda copies int32 only to int32, not "
                        + ElementTypes.names(srcType) + " to " + ElementTypes.names(dstType));
            }
            types = 0;  // 32-bit elements copied as bits, like float32
        } else {
            types = ElementTypes.combination("copyStrided", srcType, dstType);
        }
        StridedLayout layout = StridedLayout.of("copyStrided", shape, srcStrides, dstStrides);
        int n = numel(shape);
        if (layout.inFours(src, srcType.bytes(), dst, dstType.bytes())) {
            context.launch1d(copyStrided4[types], n / 4, THREADS, src, dst, layout.struct(), n / 4);
        } else {
            context.launch1d(copyStrided[types], n, THREADS, src, dst, layout.struct(), n);
        }
    }


    // out (shape, dense) = a op b over strided views; each of a, b, out FLOAT32 or BFLOAT16
    void binary(BinaryOp op, long a, DType aType, int[] aStrides, long b, DType bType, int[] bStrides, long out, DType outType, int[] shape) {
        String name = op.name().toLowerCase();
        int types = ElementTypes.combination(name, aType, bType, outType);
        StridedLayout layout = StridedLayout.of(name, shape, aStrides, bStrides);
        int n = numel(shape);
        if (layout.inFours(a, aType.bytes(), b, bType.bytes()) && out % (4L * outType.bytes()) == 0) {
            context.launch1d(binary4[types], n / 4, THREADS, a, b, out, layout.struct(), n / 4, op.ordinal());
        } else {
            context.launch1d(binary[types], n, THREADS, a, b, out, layout.struct(), n, op.ordinal());
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


    // x (outer, mid, inner) of xType -> out (outer, inner) float32
    void sumMiddle(long x, DType xType, int outer, int mid, int inner, long out) {
        boolean bf16 = ElementTypes.isBf16("sumMiddle", xType);
        if (outer == 0 || inner == 0) return;
        MemorySegment middle = bf16 ? sumMiddleBf16 : sumMiddle;
        int blocks = outer * Math.ceilDiv(inner, 32), chunks = Math.min(MAX_CHUNKS, Integer.lowestOneBit(Math.max(1, mid)));
        if (inner == 1) {
            context.launch(bf16 ? sumRowsBf16 : sumRows, outer, 1, THREADS, 1, 0, x, mid, out);
        } else if (blocks >= FEW_BLOCKS || mid < 16 * chunks) {
            context.launch(middle, blocks, 1, 32, 32, 0, x, outer, mid, inner, out);
        } else {
            // too few blocks to fill the GPU (a bias gradient: outer 1, mid B*T): sum chunks of mid into
            // partials (outer, chunks, inner) first, as (outer * chunks, mid / chunks, inner), then the chunks
            long partials = allocator.allocate(4L * outer * chunks * inner);
            try {
                context.launch(middle, blocks * chunks, 1, 32, 32, 0, x, outer * chunks, mid / chunks, inner, partials);
                context.launch(sumMiddle, blocks, 1, 32, 32, 0, partials, outer, chunks, inner, out);
            } finally {
                allocator.release(partials, 4L * outer * chunks * inner);
            }
        }
    }

    // x (n) -> out (n)
    void geluForward(long x, long out, int n) {
        context.launch1d(geluForward, n, THREADS, x, out, n);
    }


    // dout (doutType), x (xType: GELU's input) -> dx (dxType), each (n) FLOAT32 or BFLOAT16. Other than all float32,
    // eight elements a thread where every buffer is 16-byte aligned.
    void geluBackward(long dout, DType doutType, long x, DType xType, long dx, DType dxType, int n) {
        int types = ElementTypes.combination("geluBackward", doutType, xType, dxType);
        if (types != 0 && n % 8 == 0 && (dout | x | dx) % 16 == 0) {
            context.launch1d(geluBackward8[types], n / 8, THREADS, dout, x, dx, n / 8);
        } else {
            context.launch1d(geluBackward[types], n, THREADS, dout, x, dx, n);
        }
    }

    // x (n) -> out (n), each float32 or bf16
    void dropout(long x, DType xType, long out, DType outType, int n, float p, long seed) {
        float keep = 1f / (1f - p);
        context.launch1d(dropout[ElementTypes.combination("dropout", xType, outType)], n, THREADS, x, out, n, p, keep, seed);
    }

    private static int numel(int[] shape) {
        int n = 1;
        for (int s : shape) n *= s;
        return n;
    }
}

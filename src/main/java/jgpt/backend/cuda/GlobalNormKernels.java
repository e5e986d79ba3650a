package jgpt.backend.cuda;

import java.lang.foreign.MemorySegment;
import java.util.List;
import jgpt.backend.cuda.MultiTensorLists.Launch;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * The global L2 norm of many float32 buffers (a model's gradients) as a device scalar, and clipping by it; kernels in
 * GlobalNormKernels.cu. Nothing is read back, so the host does not wait. The reduction is deterministic: each block
 * writes the sum of squares of its elements to its own partial (in double), and one block adds the partials in a fixed
 * order; no atomics.
 *
 * <p>A launch takes up to {@value #LIST_CAPACITY} buffers as a struct among its arguments ({@link MultiTensorLists}),
 * (pointer, count, first block) each, so a GPT-2 step's 148 gradients cost one launch of each kernel.
 */
final class GlobalNormKernels {
    private static final int THREADS = 256, ELEMENTS_PER_BLOCK = 16 * THREADS, FINISH_THREADS = 1024;
    /** As GlobalNormKernels.cu's LIST_CAPACITY: entries of 16 bytes, within the 4 KiB of a kernel's arguments. */
    private static final int LIST_CAPACITY = 192, ENTRY_BYTES = 16;

    private final CudaContext context;
    private final DeviceAllocator allocator;
    private final MemorySegment partials, finish, clip;

    GlobalNormKernels(CudaContext context, DeviceAllocator allocator, KernelModule module) {
        this.context = context;
        this.allocator = allocator;
        partials = module.function("global_norm_partials");
        finish = module.function("global_norm_finish");
        clip = module.function("clip_by_global_norm");
    }

    // xs[i] (counts[i] each) -> norm[0] = the L2 norm of all their elements together, float32
    void norm(long[] xs, int[] counts, long norm) {
        List<Launch> launches = launches(xs, counts);
        int total = launches.stream().mapToInt(Launch::blocks).sum();
        if (total == 0) {
            context.fill32(norm, 0, 1);
            return;
        }
        long sums = allocator.allocate(8L * total);
        try {
            long at = sums;
            for (Launch launch : launches) {
                context.launch(partials, launch.blocks(), 1, THREADS, 1, 0, launch.list(), ELEMENTS_PER_BLOCK, at);
                at += 8L * launch.blocks();
            }
            context.launch(finish, 1, 1, FINISH_THREADS, 1, 0, sums, total, norm);
        } finally {
            allocator.release(sums, 8L * total);   // stream order: the finishing kernel reads them before any reuse
        }
    }

    // every xs[i] (counts[i]) *= maxNorm / (norm[0] + 1e-6) where that is below 1, decided on the device
    void clip(long[] xs, int[] counts, long norm, double maxNorm) {
        for (Launch launch : launches(xs, counts)) {
            context.launch(clip, launch.blocks(), 1, THREADS, 1, 0, launch.list(), ELEMENTS_PER_BLOCK, norm, maxNorm);
        }
    }

    // the non-empty buffers in lists of up to LIST_CAPACITY (the kernels' Buffer: pointer, count, first block)
    private static List<Launch> launches(long[] xs, int[] counts) {
        return MultiTensorLists.of(xs.length, LIST_CAPACITY, ENTRY_BYTES, i -> Math.ceilDiv(counts[i], ELEMENTS_PER_BLOCK),
                (list, at, i, firstBlock) -> {
                    list.set(JAVA_LONG, at, xs[i]);
                    list.set(JAVA_INT, at + 8, counts[i]);
                    list.set(JAVA_INT, at + 12, firstBlock);
                });
    }
}

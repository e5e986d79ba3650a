package jgpt.backend.cuda;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * The global L2 norm of many float32 buffers (a model's gradients) as a device scalar, and clipping by it; kernels in
 * GlobalNormKernels.cu. Nothing is read back, so the host does not wait. The reduction is deterministic: each block
 * writes the sum of squares of its elements to its own partial (in double), and one block adds the partials in a fixed
 * order; no atomics.
 *
 * <p>A launch takes up to {@value #LIST_CAPACITY} buffers as a struct among its arguments, (pointer, count, first block)
 * each, so a GPT-2 step's 148 gradients cost one launch of each kernel. They are not kept in a table on the device, as
 * {@link AdamWKernel} keeps its parameters: a gradient's buffer is a new one every step (the backward pass's own,
 * adopted), so such a table would be uploaded every step, and an upload from pageable memory makes the host wait.
 */
final class GlobalNormKernels {
    private static final int THREADS = 256, ELEMENTS_PER_BLOCK = 16 * THREADS, FINISH_THREADS = 1024;
    /** As GlobalNormKernels.cu's LIST_CAPACITY: entries of 16 bytes, then the count (padded to 8 bytes). */
    private static final int LIST_CAPACITY = 192, ENTRY_BYTES = 16, LIST_BYTES = LIST_CAPACITY * ENTRY_BYTES + 8;

    private final CudaContext context;
    private final DeviceAllocator allocator;
    private final MemorySegment partials, finish, clip;

    /** One launch's buffer list (the kernels' BufferList) and the blocks its grid has. */
    private record Launch(MemorySegment list, int blocks) {
    }

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

    // the non-empty buffers in lists of up to LIST_CAPACITY, each buffer's blocks numbered from 0 within its launch
    private static List<Launch> launches(long[] xs, int[] counts) {
        List<Launch> launches = new ArrayList<>();
        MemorySegment list = null;
        int entries = 0, blocks = 0;
        for (int i = 0; i < xs.length; i++) {
            if (counts[i] == 0) continue;
            if (list == null) list = MemorySegment.ofArray(new long[LIST_BYTES / 8]);
            list.set(JAVA_LONG, (long) ENTRY_BYTES * entries, xs[i]);
            list.set(JAVA_INT, (long) ENTRY_BYTES * entries + 8, counts[i]);
            list.set(JAVA_INT, (long) ENTRY_BYTES * entries + 12, blocks);
            blocks += Math.ceilDiv(counts[i], ELEMENTS_PER_BLOCK);
            if (++entries == LIST_CAPACITY) {
                launches.add(finished(list, entries, blocks));
                list = null;
                entries = blocks = 0;
            }
        }
        if (list != null) launches.add(finished(list, entries, blocks));
        return launches;
    }

    private static Launch finished(MemorySegment list, int entries, int blocks) {
        list.set(JAVA_INT, (long) ENTRY_BYTES * LIST_CAPACITY, entries);
        return new Launch(list, blocks);
    }
}

package jgpt.backend.cuda;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.List;
import jgpt.tensor.Backend.AdamWHyper;

import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * Fused AdamW updates; kernel in AdamWKernel.cu. {@link #steps} updates any number of parameters in one launch: a
 * table of (param, grad, m, v, n, first block, decay) per parameter goes to the device, and each block of the grid
 * finds its parameter in it, so a GPT-2 step's 148 parameters, with weight decay or without, cost one launch.
 */
final class AdamWKernel {
    private static final int THREADS = 256, ELEMENTS_PER_BLOCK = 16 * THREADS, SLOT_LONGS = 7;

    /** One parameter's device buffers, n elements each, and its weight decay. */
    record Buffers(long param, long grad, long m, long v, int n, float weightDecay) {
    }

    private final CudaContext context;
    private final DeviceAllocator allocator;
    private final MemorySegment steps;

    AdamWKernel(CudaContext context, DeviceAllocator allocator, KernelModule module) {
        this.context = context;
        this.allocator = allocator;
        steps = module.function("adamw_steps");
    }

    // every parameter of the list updated in place, in one launch; the scalars are folded here exactly as the CPU
    // kernel folds them
    void steps(List<Buffers> parameters, AdamWHyper h) {
        List<Buffers> nonEmpty = parameters.stream().filter(b -> b.n() > 0).toList();
        if (nonEmpty.isEmpty()) return;
        long tableBytes = 8L * SLOT_LONGS * nonEmpty.size();
        long table = allocator.allocate(tableBytes);
        long blocks = 0;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment host = arena.allocate(JAVA_LONG, (long) SLOT_LONGS * nonEmpty.size());
            for (int i = 0; i < nonEmpty.size(); i++) {
                Buffers b = nonEmpty.get(i);
                // the decay's float bits in the low half of the last slot: the struct's float and its padding
                long decay = Float.floatToRawIntBits(1f - h.lr() * b.weightDecay()) & 0xffffffffL;
                long[] slot = {b.param(), b.grad(), b.m(), b.v(), b.n(), blocks, decay};
                for (int j = 0; j < SLOT_LONGS; j++) host.setAtIndex(JAVA_LONG, (long) SLOT_LONGS * i + j, slot[j]);
                blocks += Math.ceilDiv(b.n(), ELEMENTS_PER_BLOCK);
            }
            context.copyToDevice(table, host, tableBytes);   // from pageable memory: staged before the call returns
        }
        context.launch(steps, Math.toIntExact(blocks), 1, THREADS, 1, 0, table, nonEmpty.size(), ELEMENTS_PER_BLOCK,
                stepSize(h), bc2Sqrt(h), 1f - h.beta1(), h.beta2(), 1f - h.beta2(), h.eps());
        allocator.release(table, tableBytes);   // stream order: the launch reads it before later work can reuse it
    }

    private static float stepSize(AdamWHyper h) {
        return h.lr() / h.biasCorrection1();
    }

    private static float bc2Sqrt(AdamWHyper h) {
        return (float) Math.sqrt(h.biasCorrection2());
    }
}

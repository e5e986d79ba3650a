package jgpt.backend.cuda;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.List;
import jgpt.tensor.Backend.AdamWHyper;

import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * Fused AdamW updates; kernel in AdamWKernel.cu. {@link #steps} updates any number of parameters in one launch: a
 * table of (param, grad, m, v, n, first block, weight decay) per parameter lies on the device, and each block of the
 * grid finds its parameter in it, so a GPT-2 step's 148 parameters, with weight decay or without, cost one launch.
 * The table is uploaded only when the parameter list changes (an upload from pageable memory makes the host wait for
 * the GPU); the step's scalars, the learning rate among them, are launch arguments.
 */
final class AdamWKernel {
    private static final int THREADS = 256, ELEMENTS_PER_BLOCK = 16 * THREADS, SLOT_LONGS = 7;

    /** One parameter's device buffers, n elements each, and its weight decay. */
    record Buffers(long param, long grad, long m, long v, int n, float weightDecay) {
    }

    private final CudaContext context;
    private final DeviceAllocator allocator;
    private final MemorySegment steps;
    private List<Buffers> tableOf = List.of();
    private long table, tableBytes;

    AdamWKernel(CudaContext context, DeviceAllocator allocator, KernelModule module) {
        this.context = context;
        this.allocator = allocator;
        steps = module.function("adamw_steps");
    }

    // every parameter of the list updated in place, in one launch; the scalars are folded here exactly as the CPU
    // kernel folds them
    synchronized void steps(List<Buffers> parameters, AdamWHyper h) {
        List<Buffers> nonEmpty = parameters.stream().filter(b -> b.n() > 0).toList();
        if (nonEmpty.isEmpty()) return;
        if (!nonEmpty.equals(tableOf)) upload(nonEmpty);
        long blocks = 0;
        for (Buffers b : nonEmpty) blocks += Math.ceilDiv(b.n(), ELEMENTS_PER_BLOCK);
        context.launch(steps, Math.toIntExact(blocks), 1, THREADS, 1, 0, table, nonEmpty.size(), ELEMENTS_PER_BLOCK, h.lr(),
                stepSize(h), bc2Sqrt(h), 1f - h.beta1(), h.beta2(), 1f - h.beta2(), h.eps());
    }

    // the table of parameters, replacing the last one (stream order: launches queued with it read it before any reuse)
    private void upload(List<Buffers> parameters) {
        if (table != 0) allocator.release(table, tableBytes);
        tableBytes = 8L * SLOT_LONGS * parameters.size();
        table = allocator.allocate(tableBytes);
        long blocks = 0;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment host = arena.allocate(JAVA_LONG, (long) SLOT_LONGS * parameters.size());
            for (int i = 0; i < parameters.size(); i++) {
                Buffers b = parameters.get(i);
                // the weight decay's float bits in the low half of the last slot: the struct's float and its padding
                long[] slot = {b.param(), b.grad(), b.m(), b.v(), b.n(), blocks, Float.floatToRawIntBits(b.weightDecay()) & 0xffffffffL};
                for (int j = 0; j < SLOT_LONGS; j++) host.setAtIndex(JAVA_LONG, (long) SLOT_LONGS * i + j, slot[j]);
                blocks += Math.ceilDiv(b.n(), ELEMENTS_PER_BLOCK);
            }
            context.copyToDevice(table, host, tableBytes);   // from pageable memory: staged before the call returns
        }
        tableOf = parameters;
    }

    private static float stepSize(AdamWHyper h) {
        return h.lr() / h.biasCorrection1();
    }

    private static float bc2Sqrt(AdamWHyper h) {
        return (float) Math.sqrt(h.biasCorrection2());
    }
}

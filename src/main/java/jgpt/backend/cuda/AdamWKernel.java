package jgpt.backend.cuda;

import java.lang.foreign.MemorySegment;
import java.util.List;
import jgpt.backend.cuda.MultiTensorLists.Launch;
import jgpt.tensor.Backend.AdamWHyper;

import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * Fused AdamW updates; kernel in AdamWKernel.cu. {@link #steps} updates up to {@value #LIST_CAPACITY} parameters a
 * launch: the launch's arguments carry (param, grad, m, v, n, first block, weight decay) for each
 * ({@link MultiTensorLists}), and each block of the grid finds its parameter among them, so every parameter of any
 * GPT-2 preset (148 to 580), with weight decay or without, is updated by one launch, with no upload.
 */
final class AdamWKernel {
    private static final int THREADS = 256, ELEMENTS_PER_BLOCK = 16 * THREADS;
    /**
     * As AdamWKernel.cu's LIST_CAPACITY: slots of 48 bytes, 30 KiB, within the 32,764 bytes of arguments a kernel may
     * take (CUDA 12.1 and later, compute capability 7.0 and later).
     */
    private static final int LIST_CAPACITY = 640, SLOT_BYTES = 48;

    /** One parameter's device buffers, n elements each, and its weight decay. */
    record Buffers(long param, long grad, long m, long v, int n, float weightDecay) {
    }

    private final CudaContext context;
    private final MemorySegment steps;

    AdamWKernel(CudaContext context, KernelModule module) {
        this.context = context;
        steps = module.function("adamw_steps");
    }

    // every parameter of the list updated in place; the scalars are folded here exactly as the CPU kernel folds them
    void steps(List<Buffers> parameters, AdamWHyper h) {
        List<Launch> launches = MultiTensorLists.of(parameters.size(), LIST_CAPACITY, SLOT_BYTES,
                i -> Math.ceilDiv(parameters.get(i).n(), ELEMENTS_PER_BLOCK), (list, at, i, firstBlock) -> {
                    Buffers b = parameters.get(i);
                    long[] pointers = {b.param(), b.grad(), b.m(), b.v()};
                    for (int j = 0; j < pointers.length; j++) list.set(JAVA_LONG, at + 8L * j, pointers[j]);
                    list.set(JAVA_INT, at + 32, b.n());
                    list.set(JAVA_INT, at + 36, firstBlock);
                    list.set(JAVA_FLOAT, at + 40, b.weightDecay());
                });
        for (Launch launch : launches) {
            context.launch(steps, launch.blocks(), 1, THREADS, 1, 0, launch.list(), ELEMENTS_PER_BLOCK, h.lr(), stepSize(h),
                    bc2Sqrt(h), 1f - h.beta1(), h.beta2(), 1f - h.beta2(), h.eps());
        }
    }

    private static float stepSize(AdamWHyper h) {
        return h.lr() / h.biasCorrection1();
    }

    private static float bc2Sqrt(AdamWHyper h) {
        return (float) Math.sqrt(h.biasCorrection2());
    }
}

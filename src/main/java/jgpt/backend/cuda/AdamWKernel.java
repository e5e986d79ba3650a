package jgpt.backend.cuda;

import java.lang.foreign.MemorySegment;
import jgpt.tensor.Backend.AdamWHyper;

/** One fused AdamW update over a parameter buffer; kernel in AdamWKernel.cu. */
final class AdamWKernel {
    private static final int THREADS = 256;

    private final CudaContext context;
    private final MemorySegment step;

    AdamWKernel(CudaContext context, KernelModule module) {
        this.context = context;
        step = module.function("adamw_step");
    }

    // param, grad, m, v (n) updated in place; the scalars are folded here exactly as the CPU kernel folds them
    void step(long p, long g, long m, long v, int n, AdamWHyper h) {
        float decay = 1f - h.lr() * h.weightDecay();
        float stepSize = h.lr() / h.biasCorrection1();
        float bc2Sqrt = (float) Math.sqrt(h.biasCorrection2());
        context.launch1d(step, n, THREADS, p, g, m, v, n, decay, stepSize, bc2Sqrt, 1f - h.beta1(), h.beta2(), 1f - h.beta2(), h.eps());
    }
}

package jgpt.backend.cuda;

import java.lang.foreign.MemorySegment;

/** Row softmax and cross-entropy fused with log-softmax, forward and backward; kernels in SoftmaxKernels.cu. */
final class SoftmaxKernels {
    private static final int THREADS = 256;

    private final CudaContext context;
    private final long errors;
    private final MemorySegment softmaxForward, softmaxBackward, crossEntropyForward, crossEntropyBackward;

    SoftmaxKernels(CudaContext context, DeviceErrors errors, KernelModule module) {
        this.context = context;
        this.errors = errors.address();
        softmaxForward = module.function("softmax_forward");
        softmaxBackward = module.function("softmax_backward");
        crossEntropyForward = module.function("cross_entropy_forward");
        crossEntropyBackward = module.function("cross_entropy_backward");
    }

    // x (N, K) -> out (N, K)
    void softmaxForward(long x, long out, int rows, int cols) {
        if (rows > 0) context.launch(softmaxForward, rows, 1, THREADS, 1, 0, x, out, cols);
    }

    // dout, y (N, K) -> dx (N, K)
    void softmaxBackward(long dout, long y, long dx, int rows, int cols) {
        if (rows > 0) context.launch(softmaxBackward, rows, 1, THREADS, 1, 0, dout, y, dx, cols);
    }

    // logits (N, V), targets (N) -> losses (N), logSumExp (N)
    void crossEntropyForward(long logits, long targets, int rows, int vocab, int ignore, long losses, long lse) {
        if (rows > 0) context.launch(crossEntropyForward, rows, 1, THREADS, 1, 0, logits, targets, vocab, ignore, losses, lse, errors);
    }

    // logits (N, V), targets, lse (N) -> dlogits (N, V)
    void crossEntropyBackward(long logits, long targets, long lse, int rows, int vocab, int ignore, float scale, long dlogits) {
        if (rows > 0) context.launch(crossEntropyBackward, rows, 1, THREADS, 1, 0, logits, targets, lse, vocab, ignore, scale, dlogits);
    }
}

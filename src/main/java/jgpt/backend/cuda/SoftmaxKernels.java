package jgpt.backend.cuda;

import java.lang.foreign.MemorySegment;
import jgpt.tensor.DType;

/**
 * Row softmax and cross-entropy fused with log-softmax, forward and backward; kernels in SoftmaxKernels.cu.
 * Cross-entropy also reads bf16 logits (and then writes bf16 dlogits); losses and log-sum-exps stay float32.
 */
final class SoftmaxKernels {
    private static final int THREADS = 256;

    private final CudaContext context;
    private final long errors;
    private final MemorySegment softmaxForward, softmaxBackward, crossEntropyForward, crossEntropyBackward;
    private final MemorySegment crossEntropyForwardBf16, crossEntropyBackwardBf16, crossEntropyDivisor;

    SoftmaxKernels(CudaContext context, DeviceErrors errors, KernelModule module) {
        this.context = context;
        this.errors = errors.address();
        softmaxForward = module.function("softmax_forward");
        softmaxBackward = module.function("softmax_backward");
        crossEntropyForward = module.function("cross_entropy_forward");
        crossEntropyBackward = module.function("cross_entropy_backward");
        crossEntropyForwardBf16 = module.function("cross_entropy_forward_bf16");
        crossEntropyBackwardBf16 = module.function("cross_entropy_backward_bf16");
        crossEntropyDivisor = module.function("cross_entropy_divisor");
    }

    // x (N, K) -> out (N, K)
    void softmaxForward(long x, long out, int rows, int cols) {
        if (rows > 0) context.launch(softmaxForward, rows, 1, THREADS, 1, 0, x, out, cols);
    }

    // dout, y (N, K) -> dx (N, K)
    void softmaxBackward(long dout, long y, long dx, int rows, int cols) {
        if (rows > 0) context.launch(softmaxBackward, rows, 1, THREADS, 1, 0, dout, y, dx, cols);
    }


    // logits (N, V) of logitsType, targets (N) -> losses, lse (N) float32
    void crossEntropyForward(long logits, DType logitsType, long targets, int rows, int vocab, int ignore, long losses, long lse) {
        MemorySegment kernel = ElementTypes.isBf16("crossEntropy", logitsType) ? crossEntropyForwardBf16 : crossEntropyForward;
        if (rows > 0) context.launch(kernel, rows, 1, THREADS, 1, 0, logits, targets, vocab, ignore, losses, lse, errors);
    }


    // targets (n) -> out (2) = {c, 1 / c}, c the number of targets that are not ignore, at least 1
    void divisor(long targets, int n, int ignore, long out) {
        context.launch(crossEntropyDivisor, 1, 1, THREADS, 1, 0, targets, n, ignore, out);
    }

    // logits (N, V) of logitsType, targets, lse (N), scale (1, on the device) -> dlogits (N, V) of logitsType
    void crossEntropyBackward(long logits, DType logitsType, long targets, long lse, int rows, int vocab, int ignore, long scale,
                              long dlogits) {
        boolean bf16 = ElementTypes.isBf16("crossEntropyBackward", logitsType);
        if (rows == 0) return;
        if (bf16) {
            // 16-byte stores of dlogits where its rows lie as the logits' rows do against 16-byte boundaries
            int vectors = (logits - dlogits) % 16 == 0 ? 1 : 0;
            context.launch(crossEntropyBackwardBf16, rows, 1, THREADS, 1, 0, logits, targets, lse, vocab, ignore, scale, dlogits, vectors);
        } else {
            context.launch(crossEntropyBackward, rows, 1, THREADS, 1, 0, logits, targets, lse, vocab, ignore, scale, dlogits);
        }
    }
}

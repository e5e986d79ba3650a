package jgpt.backend.cuda;

import java.lang.foreign.MemorySegment;

/** Row gather from an embedding table and its scatter-add backward; kernels in EmbeddingKernels.cu. */
final class EmbeddingKernels {
    private static final int THREADS = 128;

    private final CudaContext context;
    private final long errors;
    private final MemorySegment forward, backward;

    EmbeddingKernels(CudaContext context, DeviceErrors errors, KernelModule module) {
        this.context = context;
        this.errors = errors.address();
        forward = module.function("embedding_forward");
        backward = module.function("embedding_backward");
    }

    // weight (V, C), ids (N) -> out (N, C)
    void forward(long weight, int vocab, long ids, int n, int c, long out) {
        if (n > 0) context.launch(forward, n, 1, THREADS, 1, 0, weight, ids, c, vocab, out, errors);
    }

    // dout (N, C), ids (N) -> dweight (V, C), accumulated
    void backward(long dout, long ids, int n, int c, int vocab, long dweight) {
        if (n > 0) context.launch(backward, n, 1, THREADS, 1, 0, dout, ids, c, vocab, dweight);
    }
}

package jgpt.backend.cuda;

import java.lang.foreign.MemorySegment;
import java.lang.ref.Cleaner;
import java.util.ArrayList;
import java.util.List;
import jgpt.tensor.DType;
import jgpt.tensor.Device;
import jgpt.tensor.Storage;
import jgpt.tensor.Tensor;

import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * Batch-1 decoding of a GPT-2 style model (pre-LayerNorm blocks: causal self-attention, then a GELU MLP, each added
 * to the residual stream) one token at a time, with fused kernels (FusedDecoder.cu) queued once and replayed as a
 * CUDA graph: a token costs one graph launch, which uploads its id and position, runs 5 kernels per block (each
 * LayerNorm fused into the product that reads it; attention split over the positions so that every multiprocessor
 * works, its parts merged by the projection that reads them) and downloads the logits into page-locked memory, or,
 * for greedy decoding, only the index of the largest. Queued op by op through tensors, the same pass takes about
 * 200 launches, each with its host-side work, which held decoding near 500 tokens/s on an H200.
 *
 * <p>Keys and values go into the caller's KV-cache buffers (H, capacity, D), so a prompt can be fed through the
 * ordinary tensor path first and the decoder continue from there. Matrices are read in float32, or from bf16 copies
 * made here when the backend's precision is {@link Precision#BF16} (half the bytes streamed per token).
 */
public final class FusedDecoder {
    private static final int THREADS = 256, ROWS_PER_BLOCK = THREADS / 32, MAX_SHARED_BYTES = 48 * 1024;
    private static final int BLOCKS_PER_MULTIPROCESSOR = 2048 / THREADS, MAX_SPLITS = 16, ARGMAX_BLOCKS = 32;
    private static final int STORE = 0, STORE_GELU = 1, ADD = 2, QKV = 3;
    private static final boolean GRAPHS = !"0".equals(System.getenv("JGPT_CUDA_GRAPHS")) && !KernelProfile.ENABLED;
    private static final Cleaner CLEANER = Cleaner.create();

    /** A LayerNorm's gain and bias (C). */
    public record Norm(Tensor weight, Tensor bias) {
    }

    /** A linear layer: weight (out, in), bias (out) or null. */
    public record Projection(Tensor weight, Tensor bias) {
    }

    /** One transformer block's parameters and its KV-cache buffers, keys and values (1, H, capacity, D). */
    public record Block(Norm norm1, Projection qkv, Projection proj, Norm norm2, Projection fc, Projection fcProj,
                        Tensor keys, Tensor values) {
    }

    /** The whole model: embeddings (V, C) and (Tmax, C), blocks, the final LayerNorm, the head (V, C). */
    public record Weights(Tensor tokenEmbedding, Tensor positionEmbedding, List<Block> blocks, Norm finalNorm, Tensor head,
                          int heads, float eps) {
    }

    private record Matrix(long weight, long bias, int rows, int cols) {
    }

    private record LayerNormAt(long weight, long bias) {
        static final LayerNormAt NONE = new LayerNormAt(0L, 0L);
    }

    private record Layer(LayerNormAt norm1, Matrix qkv, Matrix proj, LayerNormAt norm2, Matrix fc, Matrix fcProj,
                         long keys, long values) {
    }

    private final CudaContext context;
    private final MemorySegment embed, multiplyF32, multiplyBf16, attend, argmax;
    private final boolean bf16;
    private final int channels, heads, headDim, vocab, capacity, splits, maxBlocks;
    private final float eps;
    private final long tokenEmbedding, positionEmbedding;
    private final LayerNormAt finalNorm;
    private final List<Layer> layers = new ArrayList<>();
    private final Matrix head;
    private final List<Storage> held = new ArrayList<>();   // buffers and bf16 copies, alive as long as the decoder
    private final long step, x, q, attentionParts, hidden, logits, argmaxParts, argmaxDone, best;
    private final HostResources host;

    /** Whether a model of this shape fits the kernels' limits (shared memory, one head per block). */
    public static boolean fits(int channels, int heads, int contextLength) {
        int headDim = channels / heads;
        return headDim <= THREADS && 4 * 4L * channels <= MAX_SHARED_BYTES
                && attentionSharedBytes(headDim, contextLength) <= MAX_SHARED_BYTES;
    }

    /** A decoder over weights, all float32 tensors on the GPU; the model's shape must {@link #fits}. */
    public FusedDecoder(Weights weights) {
        CudaBackend backend = CudaBackend.get();
        this.context = backend.context();
        KernelModule module = backend.lateModule(FusedDecoder.class);
        embed = module.function("embed_token");
        multiplyF32 = module.function("matrix_vector_f32");
        multiplyBf16 = module.function("matrix_vector_bf16");
        attend = module.function("attend_token");
        argmax = module.function("argmax_logits");
        bf16 = backend.precision() == Precision.BF16;
        channels = weights.tokenEmbedding().dim(1);
        heads = weights.heads();
        headDim = channels / heads;
        vocab = weights.head().dim(0);
        capacity = weights.blocks().getFirst().keys().dim(2);
        eps = weights.eps();
        splits = Math.clamp(context.multiprocessors / heads, 1, MAX_SPLITS);
        maxBlocks = context.multiprocessors * BLOCKS_PER_MULTIPROCESSOR;
        if (channels % heads != 0 || !fits(channels, heads, capacity)) {
            throw new IllegalArgumentException("fused decoding does not fit " + channels + " channels, " + heads + " heads, context " + capacity);
        }
        tokenEmbedding = address(weights.tokenEmbedding());
        positionEmbedding = address(weights.positionEmbedding());
        MemorySegment round = module.function("round_to_bf16");
        for (Block b : weights.blocks()) {
            layers.add(new Layer(layerNorm(b.norm1()), matrix(b.qkv(), round), matrix(b.proj(), round), layerNorm(b.norm2()),
                    matrix(b.fc(), round), matrix(b.fcProj(), round), address(b.keys()), address(b.values())));
        }
        finalNorm = layerNorm(weights.finalNorm());
        head = matrix(new Projection(weights.head(), null), round);
        step = buffer(2);
        x = buffer(channels);
        q = buffer(channels);
        attentionParts = buffer(heads * splits * (headDim + 2));
        hidden = buffer(4 * channels);
        logits = buffer(vocab);
        argmaxParts = buffer(2 * ARGMAX_BLOCKS);
        argmaxDone = counter();
        best = buffer(1);
        host = new HostResources(context, vocab);
        CLEANER.register(this, host);
    }

    /** Feeds token id at position (the cache holds positions before it) and returns the next token's logits (V). */
    public float[] step(int id, int position) {
        run(id, position, false);
        return host.logits.toArray(JAVA_FLOAT);
    }

    /** Feeds token id at position, like {@link #step}, and returns the index of the largest logit (the first on ties). */
    public int greedyStep(int id, int position) {
        run(id, position, true);
        return host.best.get(JAVA_INT, 0);
    }

    private void run(int id, int position, boolean greedy) {
        if (id < 0 || id >= vocab) throw new IllegalArgumentException("embedding: token id " + id + " is outside the vocabulary of " + vocab);
        if (position < 0 || position >= capacity) {
            throw new IllegalArgumentException("position " + position + " is outside the KV cache of " + capacity);
        }
        host.step.set(JAVA_INT, 0, id);
        host.step.set(JAVA_INT, 4, position);
        if (GRAPHS) {
            context.driver.launchGraph(host.graph(greedy, () -> queueStep(greedy)), context.stream());
        } else {
            queueStep(greedy);
        }
        context.synchronize();
    }

    // one token's forward pass, queued on the stream: inputs from host.step, logits to host.logits, or only the
    // largest one's index to host.best when greedy
    private void queueStep(boolean greedy) {
        context.copyPinnedToDevice(step, host.step, 8);
        context.launch(embed, Math.ceilDiv(channels, THREADS), 1, THREADS, 1, 0, tokenEmbedding, positionEmbedding, step, channels, x);
        float scale = (float) (1.0 / Math.sqrt(headDim));
        for (Layer layer : layers) {
            multiply(layer.norm1(), 0L, layer.qkv(), x, QKV, q, layer.keys(), layer.values());   // LN(x) (C) -> q, keys, values
            context.launch(attend, heads, splits, THREADS, 1, attentionSharedBytes(headDim, capacity), q, layer.keys(),
                    layer.values(), step, headDim, capacity, scale, attentionParts);            // -> parts (H, splits, D + 2)
            multiply(LayerNormAt.NONE, attentionParts, layer.proj(), 0L, ADD, x, 0L, 0L);      // x += proj(merged parts)
            multiply(layer.norm2(), 0L, layer.fc(), x, STORE_GELU, hidden, 0L, 0L);            // LN(x) -> hidden (4C)
            multiply(LayerNormAt.NONE, 0L, layer.fcProj(), hidden, ADD, x, 0L, 0L);            // x += proj(hidden)
        }
        multiply(finalNorm, 0L, head, x, STORE, logits, 0L, 0L);                               // LN(x) -> logits (V)
        if (greedy) {
            context.launch(argmax, ARGMAX_BLOCKS, 1, THREADS, 1, 0, logits, vocab, argmaxParts, argmaxDone, best);
            context.driver.copyToHost(host.best, best, 4, context.stream());
        } else {
            context.driver.copyToHost(host.logits, logits, 4L * vocab, context.stream());
        }
    }

    // out (rows) = m . norm(input) + bias, placed as mode says; the input is the merged attention parts instead when
    // parts is not 0
    private void multiply(LayerNormAt norm, long parts, Matrix m, long input, int mode, long out, long keys, long values) {
        int blocks = Math.min(Math.ceilDiv(m.rows(), ROWS_PER_BLOCK), maxBlocks);
        context.launch(bf16 ? multiplyBf16 : multiplyF32, blocks, 1, THREADS, 1, 4 * m.cols(), m.weight(), m.bias(), input,
                norm.weight(), norm.bias(), eps, parts, splits, m.rows(), m.cols(), mode, out, keys, values, step, channels,
                headDim, capacity);
    }

    private static LayerNormAt layerNorm(Norm norm) {
        return new LayerNormAt(address(norm.weight()), address(norm.bias()));
    }

    // q (D, padded to 4 floats), scores (capacity), partial sums (one per thread)
    private static int attentionSharedBytes(int headDim, int capacity) {
        return 4 * ((headDim + 3) / 4 * 4 + capacity + THREADS);
    }

    // the weight's address, or that of a bf16 copy when decoding in bf16
    private Matrix matrix(Projection p, MemorySegment round) {
        Tensor w = p.weight();
        long bias = p.bias() == null ? 0L : address(p.bias());
        if (!bf16) return new Matrix(address(w), bias, w.dim(0), w.dim(1));
        long n = (long) w.dim(0) * w.dim(1);
        long copy = buffer(Math.toIntExact((n + 1) / 2));
        context.launch(round, (int) Math.min(8192, Math.ceilDiv(n, THREADS)), 1, THREADS, 1, 0, address(w), n, copy);
        return new Matrix(copy, bias, w.dim(0), w.dim(1));
    }

    private long buffer(int floats) {
        return hold(CudaBackend.get().allocateUninitialized(DType.FLOAT32, floats));
    }

    // a zeroed counter, which the kernel that counts on it sets back to zero
    private long counter() {
        return hold(CudaBackend.get().allocate(DType.INT32, 1));
    }

    // keeps storage alive as long as the decoder; returns its address
    private long hold(Storage storage) {
        held.add(storage);
        return CudaStorage.address(storage);
    }

    private static long address(Tensor t) {
        if (t.device() != Device.CUDA || t.dtype() != DType.FLOAT32) {
            throw new IllegalArgumentException("fused decoding needs float32 tensors on the GPU, got " + t);
        }
        return CudaStorage.address(t.denseStorage());
    }

    /**
     * Page-locked memory for the step's inputs, logits and greedy pick, and the two captured graphs (ending in the
     * logits' download, or in the pick's); freed when the decoder is.
     */
    private static final class HostResources implements Runnable {
        private final CudaContext context;
        final MemorySegment step, logits, best;
        private final MemorySegment[] graphs = new MemorySegment[2];

        HostResources(CudaContext context, int vocab) {
            this.context = context;
            context.makeCurrent();
            this.step = context.driver.allocateHost(8);
            this.logits = context.driver.allocateHost(4L * vocab);
            this.best = context.driver.allocateHost(4);
        }

        // the graph of a greedy or a full step, captured from queue on first use
        MemorySegment graph(boolean greedy, Runnable queue) {
            int which = greedy ? 1 : 0;
            if (graphs[which] == null) graphs[which] = context.driver.captureGraph(context.stream(), queue);
            return graphs[which];
        }

        @Override
        public void run() {
            context.makeCurrent();   // runs on the Cleaner's thread
            for (MemorySegment graph : graphs) if (graph != null) context.driver.destroyGraph(graph);
            context.driver.freeHost(step);
            context.driver.freeHost(logits);
            context.driver.freeHost(best);
        }
    }
}

package jgpt.backend.cuda;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.ref.Reference;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import jgpt.tensor.Activation;
import jgpt.tensor.AttentionDropout;
import jgpt.tensor.Backend;
import jgpt.tensor.BinaryOp;
import jgpt.tensor.DType;
import jgpt.tensor.Device;
import jgpt.tensor.Storage;

import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;
import static jgpt.backend.cuda.CudaStorage.address;

/**
 * The CUDA backend: one GPU, one stream, kernels compiled by NVRTC at start-up, GEMMs through cuBLAS, device
 * memory from a caching allocator. Ops only queue work; the host waits only when it downloads a value.
 */
public final class CudaBackend implements Backend {
    private static final List<Class<?>> FAMILIES = List.of(ElementwiseKernels.class, LayerNormKernels.class,
            SoftmaxKernels.class, EmbeddingKernels.class, AttentionKernels.class, AdamWKernel.class, CublasGemm.class,
            TensorCoreAttention.class, LinearKernels.class, GlobalNormKernels.class);
    private static CudaBackend instance;

    private final CudaContext context;
    private final DeviceAllocator allocator;
    private final DeviceErrors errors;
    private final ElementwiseKernels elementwise;
    private final LayerNormKernels layerNorm;
    private final SoftmaxKernels softmax;
    private final EmbeddingKernels embedding;
    private final AdamWKernel adamw;
    private final CublasGemm gemm;
    private final CausalAttention causalAttention;
    private final LinearKernels linear;
    private final GlobalNormKernels globalNorm;
    private final PinnedUploads uploads;
    private final Map<Class<?>, KernelModule> lateModules = new ConcurrentHashMap<>();

    private CudaBackend(CudaContext context) {
        this.context = context;
        this.allocator = new DeviceAllocator(context);
        this.errors = new DeviceErrors(context);
        this.uploads = new PinnedUploads(context);
        Nvrtc nvrtc = Nvrtc.load();
        List<byte[]> cubins = FAMILIES.stream()
                .map(family -> KernelModule.compile(nvrtc, family, context.computeCapability)).toList();
        List<KernelModule> modules = cubins.stream().map(cubin -> KernelModule.load(context, cubin)).toList();
        this.elementwise = new ElementwiseKernels(context, allocator, modules.get(0));
        this.layerNorm = new LayerNormKernels(context, allocator, modules.get(1));
        this.softmax = new SoftmaxKernels(context, errors, modules.get(2));
        this.embedding = new EmbeddingKernels(context, errors, modules.get(3));
        this.adamw = new AdamWKernel(context, modules.get(5));
        this.gemm = new CublasGemm(context, allocator, modules.get(6));
        this.linear = new LinearKernels(context, allocator, gemm, elementwise, modules.get(8));
        this.globalNorm = new GlobalNormKernels(context, allocator, modules.get(9));
        this.causalAttention = new CausalAttention(this, gemm, new AttentionKernels(context, allocator, modules.get(4)),
                new TensorCoreAttention(context, allocator, modules.get(7)), new GemmAttention(context, allocator, gemm, modules.get(4)));
    }

    /** The backend of the first GPU, started on first use; fails with one sentence when CUDA cannot be used. */
    public static synchronized CudaBackend get() {
        if (instance == null) instance = new CudaBackend(CudaContext.open());
        return instance;
    }

    CudaContext context() {
        return context;
    }

    /** The kernels of a family that only some runs need (FusedDecoder's), compiled on first use. */
    KernelModule lateModule(Class<?> family) {
        return lateModules.computeIfAbsent(family,
                f -> KernelModule.load(context, KernelModule.compile(Nvrtc.load(), f, context.computeCapability)));
    }

    /** The GPU's name, e.g. "NVIDIA H100 80GB HBM3". */
    public String deviceName() {
        return context.name;
    }

    /** With JGPT_CUDA_PROFILE set, starts the kernel table afresh (warm-up and GEMM tuning left out); otherwise nothing. */
    public void restartProfile() {
        KernelProfile.restart();
    }

    /**
     * How many times the host has waited for the GPU so far (stream synchronisations, downloads, uploads from pageable
     * memory): a training step should wait only where it reads a value.
     */
    public long hostWaits() {
        return context.hostWaits();
    }

    /** Bytes held by live tensors, and bytes cached for reuse. */
    public long[] memoryUse() {
        return new long[] {allocator.liveBytes(), allocator.cachedBytes()};
    }

    /** How matrix products and attention run from now on (float32 by default); see {@link Precision}. */
    public void setPrecision(Precision precision) {
        gemm.setPrecision(precision);
    }

    public Precision precision() {
        return gemm.precision();
    }

    /** bf16 in {@link Precision#BF16}, as autocast's activations; float32 otherwise. */
    @Override
    public DType activationType() {
        return gemm.precision() == Precision.BF16 ? DType.BFLOAT16 : DType.FLOAT32;
    }

    /** The GEMM front end, for tests that switch its engine or padding. */
    CublasGemm gemm() {
        return gemm;
    }

    /** The linear layers' kernels, for tests that count their fused epilogues. */
    LinearKernels linear() {
        return linear;
    }

    /** Waits until all queued work has finished (for timing). */
    public void synchronize() {
        context.synchronize();
    }

    @Override
    public Device device() {
        return Device.CUDA;
    }

    @Override
    public Storage allocate(DType dtype, int size) {
        CudaStorage storage = new CudaStorage(this, allocator, dtype, size);
        context.fill32(storage.address(0), 0, Math.ceilDiv((long) size * dtype.bytes(), 4));
        return storage;
    }

    @Override
    public void release(Storage s) {
        ((CudaStorage) s).release();
    }

    @Override
    public Storage allocateUninitialized(DType dtype, int size) {
        return new CudaStorage(this, allocator, dtype, size);
    }

    @Override
    public Storage upload(float[] data) {
        CudaStorage storage = new CudaStorage(this, allocator, DType.FLOAT32, data.length);
        uploads.upload(storage.address(0), MemorySegment.ofArray(data));
        return storage;
    }

    @Override
    public Storage upload(int[] data) {
        CudaStorage storage = new CudaStorage(this, allocator, DType.INT32, data.length);
        uploads.upload(storage.address(0), MemorySegment.ofArray(data));
        return storage;
    }

    @Override
    public float[] downloadFloats(Storage src, int offset, int count) {
        if (src.dtype() == DType.BFLOAT16) return widen(download(src, offset, count, host -> host.toArray(JAVA_SHORT)));
        return download(src, offset, count, host -> host.toArray(JAVA_FLOAT));
    }

    // bf16 bits -> the floats they are the upper halves of
    private static float[] widen(short[] bits) {
        float[] values = new float[bits.length];
        for (int i = 0; i < bits.length; i++) values[i] = Float.intBitsToFloat(bits[i] << 16);
        return values;
    }

    @Override
    public int[] downloadInts(Storage src, int offset, int count) {
        return download(src, offset, count, host -> host.toArray(JAVA_INT));
    }

    // count elements from offset, copied to host memory (after all queued work), then read by toArray
    private <T> T download(Storage src, int offset, int count, Function<MemorySegment, T> toArray) {
        long bytes = (long) src.dtype().bytes() * count;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment host = arena.allocate(Math.max(4, bytes), 4);
            context.copyToHost(host, address(src, offset), bytes);
            errors.throwIfSet();
            return toArray.apply(host.asSlice(0, bytes));
        }
    }

    @Override
    public void copyStrided(Storage src, int srcOffset, int[] srcStrides, Storage dst, int dstOffset, int[] dstStrides, int[] shape) {
        elementwise.copyStrided(address(src, srcOffset), src.dtype(), srcStrides, address(dst, dstOffset), dst.dtype(), dstStrides, shape);
    }

    @Override
    public void fill(Storage dst, int offset, int count, float value) {
        context.fill32(address(dst, offset), Float.floatToRawIntBits(value), count);
    }

    @Override
    public void binary(BinaryOp op, Storage a, int aOffset, int[] aStrides, Storage b, int bOffset, int[] bStrides, Storage out, int[] shape) {
        elementwise.binary(op, address(a, aOffset), a.dtype(), aStrides, address(b, bOffset), b.dtype(), bStrides, address(out),
                out.dtype(), shape);
    }

    @Override
    public void scale(Storage x, float alpha, Storage out, int n) {
        elementwise.scale(address(x), alpha, address(out), n);
    }

    @Override
    public void axpy(float alpha, Storage x, int xOffset, Storage y, int yOffset, int n) {
        elementwise.axpy(alpha, address(x, xOffset), address(y, yOffset), n);
    }

    @Override
    public void sumMiddle(Storage x, int outer, int mid, int inner, Storage out) {
        elementwise.sumMiddle(address(x), x.dtype(), outer, mid, inner, address(out));
    }

    @Override
    public void globalNorm(List<Storage> xs, int[] counts, Storage norm) {
        globalNorm.norm(addresses(xs), counts, address(norm));
        Reference.reachabilityFence(xs);  // their blocks must not be reused for the partial sums
    }

    @Override
    public void clipByGlobalNorm(List<Storage> xs, int[] counts, Storage norm, double maxNorm) {
        globalNorm.clip(addresses(xs), counts, address(norm), maxNorm);
    }

    private static long[] addresses(List<Storage> xs) {
        return xs.stream().mapToLong(CudaStorage::address).toArray();
    }

    @Override
    public void matmul(boolean transA, boolean transB, int batch, int m, int n, int k,
                       Storage a, int aOffset, int lda, int strideA, Storage b, int bOffset, int ldb, int strideB,
                       Storage c, int cOffset, int ldc, int strideC, boolean accumulate) {
        gemm.matmul(transA, transB, batch, m, n, k, address(a, aOffset), lda, strideA, address(b, bOffset), ldb, strideB,
                address(c, cOffset), ldc, strideC, accumulate);
    }

    @Override
    public LinearCopies linearForward(Storage x, int n, int in, int out, Storage weight, Storage bias, Activation act,
                                      Storage preActivation, Storage y, boolean keepInput, boolean keepWeight) {
        // in bf16 the forward GEMM's copies of a float32 x and of the weight are kept for the backward's GEMMs, which
        // would otherwise make them again
        Storage input = keepInput ? bf16Copy(x, n, in) : null, matrix = keepWeight ? bf16Copy(weight, out, in) : null;
        linear.forward(address(x), x.dtype(), addressOrZero(input), n, in, out, address(weight), addressOrZero(matrix),
                addressOrZero(bias), act == Activation.GELU, addressOrZero(preActivation), address(y), y.dtype());
        Reference.reachabilityFence(x);  // the GEMM's packs allocate: x's and weight's blocks must not be reused meanwhile
        Reference.reachabilityFence(weight);
        return input == null && matrix == null ? LinearCopies.NONE : new LinearCopies(input, matrix);
    }

    // a block for the bf16 copy of a float32 (rows, cols) matrix that GEMMs read twice, or null where none is made
    private Storage bf16Copy(Storage matrix, int rows, int cols) {
        boolean made = matrix.dtype() == DType.FLOAT32 && gemm.keepsCopies(rows, cols);
        return made ? allocateUninitialized(DType.BFLOAT16, rows * gemm.copyColumns(cols)) : null;
    }

    @Override
    public void linearBackward(Storage dy, Storage x, Storage weight, LinearCopies copies, Activation act, Storage preActivation,
                               int n, int in, int out, Storage dx, Storage dweight, Storage dbias) {
        DType preType = preActivation == null ? DType.FLOAT32 : preActivation.dtype();
        linear.backward(address(dy), dy.dtype(), address(x), x.dtype(), addressOrZero(copies.input()), address(weight),
                addressOrZero(copies.weight()), act == Activation.GELU, addressOrZero(preActivation), preType, n, in, out,
                addressOrZero(dx), addressOrZero(dweight), addressOrZero(dbias));
        Reference.reachabilityFence(dy);  // the GELU gradient's scratch and the packs allocate while these are read
        Reference.reachabilityFence(x);
        Reference.reachabilityFence(copies);
        Reference.reachabilityFence(weight);
        Reference.reachabilityFence(preActivation);
    }

    private static long addressOrZero(Storage s) {
        return s == null ? 0 : address(s);
    }

    @Override
    public void embeddingForward(Storage weight, Storage ids, int idsOffset, int n, int channels, Storage out) {
        embedding.forward(address(weight), vocab(weight, channels), address(ids, idsOffset), n, channels, address(out));
    }

    @Override
    public void embeddingBackward(Storage dout, Storage ids, int idsOffset, int n, int channels, Storage dweight) {
        embedding.backward(address(dout), address(ids, idsOffset), n, channels, vocab(dweight, channels), address(dweight));
    }

    private static int vocab(Storage table, int channels) {
        return table.size() / Math.max(1, channels);
    }

    @Override
    public void layerNormForward(Storage x, Storage gamma, Storage beta, int rows, int channels, float eps,
                                 Storage out, Storage mean, Storage rstd) {
        layerNorm.forward(address(x), address(gamma), address(beta), rows, channels, eps, address(out), out.dtype(), address(mean),
                address(rstd));
    }

    @Override
    public void layerNormBackward(Storage dout, Storage x, Storage gamma, Storage mean, Storage rstd, int rows, int channels,
                                  Storage dx, Storage dgamma, Storage dbeta) {
        layerNorm.backward(address(dout), dout.dtype(), address(x), address(gamma), address(mean), address(rstd), rows, channels,
                address(dx), address(dgamma), address(dbeta));
    }

    @Override
    public void geluForward(Storage x, Storage out, int n) {
        elementwise.geluForward(address(x), address(out), n);
    }

    @Override
    public void geluBackward(Storage dout, Storage x, Storage dx, int n) {
        elementwise.geluBackward(address(dout), dout.dtype(), address(x), x.dtype(), address(dx), dx.dtype(), n);
    }

    @Override
    public void softmaxForward(Storage x, Storage out, int rows, int cols) {
        softmax.softmaxForward(address(x), address(out), rows, cols);
    }

    @Override
    public void softmaxBackward(Storage dout, Storage y, Storage dx, int rows, int cols) {
        softmax.softmaxBackward(address(dout), address(y), address(dx), rows, cols);
    }

    @Override
    public void dropout(Storage x, Storage out, int n, float p, long seed) {
        elementwise.dropout(address(x), x.dtype(), address(out), out.dtype(), n, p, seed);
    }

    @Override
    public void crossEntropyForward(Storage logits, Storage targets, int targetsOffset, int rows, int vocab, int ignoreIndex,
                                    Storage losses, Storage logSumExp) {
        softmax.crossEntropyForward(address(logits), logits.dtype(), address(targets, targetsOffset), rows, vocab, ignoreIndex,
                address(losses), address(logSumExp));
    }

    @Override
    public void crossEntropyDivisor(Storage targets, int targetsOffset, int rows, int ignoreIndex, Storage out) {
        softmax.divisor(address(targets, targetsOffset), rows, ignoreIndex, address(out));
    }

    @Override
    public void crossEntropyBackward(Storage logits, Storage targets, int targetsOffset, Storage logSumExp, int rows, int vocab,
                                     int ignoreIndex, Storage gradScale, Storage dlogits) {
        softmax.crossEntropyBackward(address(logits), logits.dtype(), address(targets, targetsOffset), address(logSumExp), rows, vocab,
                ignoreIndex, address(gradScale), address(dlogits));
    }

    @Override
    public void attentionForward(Storage q, Storage k, Storage v, int heads, int tq, int tk, int headDim, int kvHeadStride,
                                 float scale, AttentionDropout dropout, Storage out, Storage logSumExp) {
        causalAttention.forward(q, k, v, heads, tq, tk, headDim, kvHeadStride, scale, dropout, out, logSumExp);
    }

    @Override
    public void attentionBackward(Storage dout, Storage q, Storage k, Storage v, Storage out, Storage logSumExp,
                                  int heads, int t, int headDim, float scale, AttentionDropout dropout, Storage dq, Storage dk, Storage dv) {
        causalAttention.backward(dout, q, k, v, out, logSumExp, heads, t, headDim, scale, dropout, dq, dk, dv);
    }

    @Override
    public void causalSelfAttentionForward(Storage qkv, int batch, int t, int heads, int headDim, float scale, AttentionDropout dropout,
                                           Storage out, Storage logSumExp) {
        causalAttention.selfForward(qkv, batch, t, heads, headDim, scale, dropout, out, logSumExp);
    }

    @Override
    public void causalSelfAttentionBackward(Storage dout, Storage qkv, Storage out, Storage logSumExp, int batch, int t, int heads,
                                            int headDim, float scale, AttentionDropout dropout, Storage dqkv) {
        causalAttention.selfBackward(dout, qkv, out, logSumExp, batch, t, heads, headDim, scale, dropout, dqkv);
    }

    @Override
    public void adamwSteps(List<AdamWBuffers> parameters, AdamWHyper hyper) {
        adamw.steps(parameters.stream().map(b -> new AdamWKernel.Buffers(address(b.param()), address(b.grad()), address(b.m()),
                address(b.v()), b.n(), b.weightDecay())).toList(), hyper);
    }
}

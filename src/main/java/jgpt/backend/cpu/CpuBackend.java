package jgpt.backend.cpu;

import java.util.Arrays;
import java.util.List;
import jgpt.tensor.AttentionDropout;
import jgpt.tensor.Backend;
import jgpt.tensor.BinaryOp;
import jgpt.tensor.DType;
import jgpt.tensor.Device;
import jgpt.tensor.PackedWeight;
import jgpt.tensor.Storage;
import jgpt.tensor.WeightFormat;

import static jgpt.backend.cpu.CpuStorage.f;
import static jgpt.backend.cpu.CpuStorage.i;

/** The CPU backend: heap arrays, Vector API kernels, a fixed thread pool sized to the cores. */
public final class CpuBackend implements Backend {
    private static final CpuBackend INSTANCE = new CpuBackend(threadCount());

    private final ThreadPool pool;
    private final ElementwiseKernels elementwise;
    private final LayerNormKernels layerNorm;
    private final SoftmaxKernels softmax;
    private final EmbeddingKernels embedding;
    private final AttentionKernels attention;
    private final AdamWKernel adamw;

    private CpuBackend(int threads) {
        this.pool = new ThreadPool(threads);
        this.elementwise = new ElementwiseKernels(pool);
        this.layerNorm = new LayerNormKernels(pool);
        this.softmax = new SoftmaxKernels(pool);
        this.embedding = new EmbeddingKernels(pool);
        this.attention = new AttentionKernels(pool);
        this.adamw = new AdamWKernel(pool);
    }

    public static CpuBackend get() {
        return INSTANCE;
    }

    public int threads() {
        return pool.threads();
    }

    public ThreadPool pool() {
        return pool;
    }

    private static int threadCount() {
        String env = System.getenv("JGPT_THREADS");
        if (env == null) return Runtime.getRuntime().availableProcessors();
        try {
            return Math.max(1, Integer.parseInt(env.trim()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("JGPT_THREADS must be a whole number, got '" + env + "'");
        }
    }

    @Override
    public Device device() {
        return Device.CPU;
    }

    // the collector frees the array; the storage remembers, so that a use after release fails (a GPU would not notice)
    @Override
    public void release(Storage s) {
        ((CpuStorage) s).release();
    }

    @Override
    public Storage allocate(DType dtype, int size) {
        if (dtype == DType.BFLOAT16) throw new IllegalArgumentException("the CPU backend keeps no bfloat16 buffers");
        return dtype == DType.FLOAT32 ? CpuStorage.ofFloats(new float[size]) : CpuStorage.ofInts(new int[size]);
    }

    @Override
    public Storage upload(float[] data) {
        return CpuStorage.ofFloats(data.clone());
    }

    @Override
    public Storage upload(int[] data) {
        return CpuStorage.ofInts(data.clone());
    }

    @Override
    public float[] downloadFloats(Storage src, int offset, int count) {
        return Arrays.copyOfRange(f(src), offset, offset + count);
    }

    @Override
    public int[] downloadInts(Storage src, int offset, int count) {
        return Arrays.copyOfRange(i(src), offset, offset + count);
    }

    @Override
    public void copyStrided(Storage src, int srcOffset, int[] srcStrides, Storage dst, int dstOffset, int[] dstStrides, int[] shape) {
        elementwise.copyStrided(CpuStorage.live(src), srcOffset, srcStrides, CpuStorage.live(dst), dstOffset, dstStrides, shape);
    }

    @Override
    public void fill(Storage dst, int offset, int count, float value) {
        Arrays.fill(f(dst), offset, offset + count, value);
    }

    @Override
    public void binary(BinaryOp op, Storage a, int aOffset, int[] aStrides, Storage b, int bOffset, int[] bStrides, Storage out, int[] shape) {
        elementwise.binary(op, f(a), aOffset, aStrides, f(b), bOffset, bStrides, f(out), shape);
    }

    @Override
    public void scale(Storage x, float alpha, Storage out, int n) {
        elementwise.scale(f(x), alpha, f(out), n);
    }

    @Override
    public void axpy(float alpha, Storage x, int xOffset, Storage y, int yOffset, int n) {
        elementwise.axpy(alpha, f(x), xOffset, f(y), yOffset, n);
    }

    @Override
    public void sumMiddle(Storage x, int outer, int mid, int inner, Storage out) {
        elementwise.sumMiddle(f(x), outer, mid, inner, f(out));
    }

    @Override
    public void globalNorm(List<Storage> xs, int[] counts, Storage norm) {
        double sum = 0;
        for (int i = 0; i < xs.size(); i++) sum += elementwise.sumOfSquares(f(xs.get(i)), counts[i]);
        f(norm)[0] = (float) Math.sqrt(sum);
    }

    @Override
    public void clipByGlobalNorm(List<Storage> xs, int[] counts, Storage norm, double maxNorm) {
        double coef = maxNorm / (f(norm)[0] + 1e-6);
        if (!(coef < 1)) return;
        for (int i = 0; i < xs.size(); i++) elementwise.scale(f(xs.get(i)), (float) coef, f(xs.get(i)), counts[i]);
    }

    @Override
    public void matmul(boolean transA, boolean transB, int batch, int m, int n, int k,
                       Storage a, int aOffset, int lda, int strideA, Storage b, int bOffset, int ldb, int strideB,
                       Storage c, int cOffset, int ldc, int strideC, boolean accumulate) {
        Gemm.sgemmBatched(pool, transA, transB, batch, m, n, k, f(a), aOffset, lda, strideA, f(b), bOffset, ldb, strideB,
                f(c), cOffset, ldc, strideC, accumulate);
    }

    @Override
    public void embeddingForward(Storage weight, Storage ids, int idsOffset, int n, int channels, Storage out) {
        embedding.forward(f(weight), i(ids), idsOffset, n, channels, f(out));
    }

    @Override
    public void embeddingBackward(Storage dout, Storage ids, int idsOffset, int n, int channels, Storage dweight) {
        embedding.backward(f(dout), i(ids), idsOffset, n, channels, f(dweight));
    }

    @Override
    public void layerNormForward(Storage x, Storage gamma, Storage beta, int rows, int channels, float eps,
                                 Storage out, Storage mean, Storage rstd) {
        layerNorm.forward(f(x), f(gamma), f(beta), rows, channels, eps, f(out), f(mean), f(rstd));
    }

    @Override
    public void layerNormBackward(Storage dout, Storage x, Storage gamma, Storage mean, Storage rstd, int rows, int channels,
                                  Storage dx, Storage dgamma, Storage dbeta) {
        layerNorm.backward(f(dout), f(x), f(gamma), f(mean), f(rstd), rows, channels, f(dx), f(dgamma), f(dbeta));
    }

    @Override
    public void geluForward(Storage x, Storage out, int n) {
        elementwise.geluForward(f(x), f(out), n);
    }

    @Override
    public void geluBackward(Storage dout, Storage x, Storage dx, int n) {
        elementwise.geluBackward(f(dout), f(x), f(dx), n);
    }

    @Override
    public void softmaxForward(Storage x, Storage out, int rows, int cols) {
        softmax.softmaxForward(f(x), f(out), rows, cols);
    }

    @Override
    public void softmaxBackward(Storage dout, Storage y, Storage dx, int rows, int cols) {
        softmax.softmaxBackward(f(dout), f(y), f(dx), rows, cols);
    }

    @Override
    public void dropout(Storage x, Storage out, int n, float p, long seed) {
        elementwise.dropout(f(x), f(out), n, p, seed);
    }

    @Override
    public void crossEntropyForward(Storage logits, Storage targets, int targetsOffset, int rows, int vocab, int ignoreIndex,
                                    Storage losses, Storage logSumExp) {
        softmax.crossEntropyForward(f(logits), i(targets), targetsOffset, rows, vocab, ignoreIndex, f(losses), f(logSumExp));
    }

    @Override
    public void crossEntropyDivisor(Storage targets, int targetsOffset, int rows, int ignoreIndex, Storage out) {
        int[] t = i(targets);
        int counted = 0;
        for (int r = 0; r < rows; r++) if (t[targetsOffset + r] != ignoreIndex) counted++;
        float c = Math.max(1, counted);
        f(out)[0] = c;
        f(out)[1] = 1f / c;
    }

    @Override
    public void crossEntropyBackward(Storage logits, Storage targets, int targetsOffset, Storage logSumExp, int rows, int vocab,
                                     int ignoreIndex, Storage gradScale, Storage dlogits) {
        softmax.crossEntropyBackward(f(logits), i(targets), targetsOffset, f(logSumExp), rows, vocab, ignoreIndex, f(gradScale)[0],
                f(dlogits));
    }

    @Override
    public void attentionForward(Storage q, Storage k, Storage v, int heads, int tq, int tk, int headDim, int kvHeadStride,
                                 float scale, AttentionDropout dropout, Storage out, Storage logSumExp) {
        attention.forward(f(q), f(k), f(v), heads, tq, tk, headDim, kvHeadStride, scale, dropout, f(out), f(logSumExp));
    }

    @Override
    public void attentionBackward(Storage dout, Storage q, Storage k, Storage v, Storage out, Storage logSumExp,
                                  int heads, int t, int headDim, float scale, AttentionDropout dropout, Storage dq, Storage dk, Storage dv) {
        attention.backward(f(dout), f(q), f(k), f(v), f(out), f(logSumExp), heads, t, headDim, scale, dropout, f(dq), f(dk), f(dv));
    }

    @Override
    public PackedWeight packWeight(Storage weight, int rows, int cols, WeightFormat format) {
        return PackedWeights.pack(f(weight), rows, cols, format);
    }

    @Override
    public void packedLinear(PackedWeight weight, Storage x, int n, Storage bias, Storage out) {
        if (!(weight instanceof PackedWeights packed)) throw new IllegalArgumentException("packedLinear: the weight was packed by another backend");
        packed.multiply(pool, f(x), n, bias == null ? null : f(bias), f(out));
    }

    @Override
    public void adamwSteps(List<AdamWBuffers> parameters, AdamWHyper hyper) {
        for (AdamWBuffers b : parameters) adamw.step(f(b.param()), f(b.grad()), f(b.m()), f(b.v()), b.n(), b.weightDecay(), hyper);
    }
}

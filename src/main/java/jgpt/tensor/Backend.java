package jgpt.tensor;

import java.util.List;

/**
 * The closed set of kernels a device implements. Tensors call these; model code never does.
 *
 * <p>Conventions: buffers are row-major. Unless a parameter says otherwise, a buffer argument is dense
 * (contiguous, starting at element 0). Kernels named {@code ...Backward} write gradients; those whose
 * doc says "accumulates" add into their output instead of overwriting it.
 */
public interface Backend {

    Device device();

    /** A zero-filled buffer. */
    Storage allocate(DType dtype, int size);

    /** A buffer whose values are unspecified, for an output that a kernel writes in full (skips the zero fill). */
    default Storage allocateUninitialized(DType dtype, int size) {
        return allocate(dtype, size);
    }

    /**
     * The type ops write activations in: FLOAT32, or BFLOAT16 on a backend running in reduced precision (a GPU in bf16,
     * as autocast does). Linear layers, LayerNorm and attention then write bf16 outputs; parameters, their gradients
     * and the residual stream stay float32.
     */
    default DType activationType() {
        return DType.FLOAT32;
    }

    /**
     * Gives s's memory back now rather than when the collector finds s unreachable, for a buffer that nothing reads or
     * writes again (the autograd tape's spent gradients and, in backwardAndFree, activations). Work already queued on it
     * still sees it. Any later use of s is an error; releasing it again does nothing.
     */
    void release(Storage s);

    /** A buffer holding a copy of data. */
    Storage upload(float[] data);

    Storage upload(int[] data);

    /** Copies count elements starting at offset into a new array; bf16 values are widened. */
    float[] downloadFloats(Storage src, int offset, int count);

    int[] downloadInts(Storage src, int offset, int count);

    // ---- layout and elementwise -------------------------------------------------------------------

    /**
     * Copies the strided view (src, srcOffset, srcStrides) into the strided view (dst, ...), both of shape. Any dtype;
     * between float32 and bf16 it converts (to bf16 rounding to nearest even).
     */
    void copyStrided(Storage src, int srcOffset, int[] srcStrides, Storage dst, int dstOffset, int[] dstStrides, int[] shape);

    void fill(Storage dst, int offset, int count, float value);

    /** out (dense, shape) = a op b, where a and b are strided views (stride 0 on broadcast axes). */
    void binary(BinaryOp op, Storage a, int aOffset, int[] aStrides, Storage b, int bOffset, int[] bStrides,
                Storage out, int[] shape);

    /** out = alpha * x, n elements. */
    void scale(Storage x, float alpha, Storage out, int n);

    /** y[yOffset..] += alpha * x[xOffset..], n elements. */
    void axpy(float alpha, Storage x, int xOffset, Storage y, int yOffset, int n);

    /** x (outer, mid, inner) -> out (outer, inner): sums over the middle axis. */
    void sumMiddle(Storage x, int outer, int mid, int inner, Storage out);

    /**
     * norm[0] = the L2 norm of the first counts[i] elements of every xs[i] (float32) taken together, summed in double and
     * rounded to float32: a model's global gradient norm. It stays on the device; nothing is read back.
     */
    void globalNorm(List<Storage> xs, int[] counts, Storage norm);

    /**
     * Global-norm clipping, as torch.nn.utils.clip_grad_norm_ but deciding on the device: the first counts[i] elements of
     * every xs[i] are multiplied by (float) (maxNorm / (norm[0] + 1e-6)), computed in double, when that is below 1, and
     * left as they are when it is not. norm is {@link #globalNorm}'s output; the host does not read it.
     */
    void clipByGlobalNorm(List<Storage> xs, int[] counts, Storage norm, double maxNorm);

    // ---- linear algebra ---------------------------------------------------------------------------

    /**
     * Batched row-major C = op(A) op(B), or C += op(A) op(B) when accumulate. op(A) is (m, k): A is stored
     * (m, k) with row stride lda, or (k, m) when transA. op(B) is (k, n): B is (k, n), or (n, k) when transB.
     * Matrix i of a batch starts at offset + i * stride (stride 0 repeats one matrix).
     */
    void matmul(boolean transA, boolean transB, int batch, int m, int n, int k,
                Storage a, int aOffset, int lda, int strideA,
                Storage b, int bOffset, int ldb, int strideB,
                Storage c, int cOffset, int ldc, int strideC, boolean accumulate);

    // ---- linear layers --------------------------------------------------------------------------------

    /**
     * x (N, in) @ weight (out, in)^T + bias (out) -> y (N, out), then act; bias may be null. With GELU, preActivation
     * (N, out) receives the values before the activation for {@link #linearBackward}, or is null when no backward pass
     * needs them. A backend may fuse the bias and activation into the GEMM; this default composes the plain kernels.
     *
     * <p>The backend may keep its own copies of x (when keepInput: the weight gradient reads it) and of the weight (when
     * keepWeight: the input gradient reads it) in the form its GEMMs read (bf16 on the GPU in bf16 precision), which
     * {@link #linearBackward} then reads instead of converting them again. This default keeps none.
     */
    default LinearCopies linearForward(Storage x, int n, int in, int out, Storage weight, Storage bias, Activation act,
                                       Storage preActivation, Storage y, boolean keepInput, boolean keepWeight) {
        boolean gelu = act == Activation.GELU;
        Storage product = !gelu ? y : preActivation != null ? preActivation : allocateUninitialized(DType.FLOAT32, n * out);
        matmul(false, true, 1, n, out, in, x, 0, in, 0, weight, 0, in, 0, product, 0, out, 0, false);
        if (bias != null) {
            binary(BinaryOp.ADD, product, 0, new int[] {out, 1}, bias, 0, new int[] {0, 1}, product, new int[] {n, out});
        }
        if (gelu) geluForward(product, y, n * out);
        return LinearCopies.NONE;
    }

    /** A backend's copies of a linear layer's x and weight from {@link #linearForward}, each null when not kept. */
    record LinearCopies(Storage input, Storage weight) {
        public static final LinearCopies NONE = new LinearCopies(null, null);
    }

    /**
     * Gradients of {@link #linearForward} from dy (N, out), the gradient of y: dx (N, in) = g W, dweight (out, in) =
     * g^T x and dbias (out) = the sum of g's rows, where g is dy, or dy times GELU's derivative at preActivation. Each
     * output is overwritten, and may be null when it is not wanted. copies is what linearForward returned.
     */
    default void linearBackward(Storage dy, Storage x, Storage weight, LinearCopies copies, Activation act, Storage preActivation,
                                int n, int in, int out, Storage dx, Storage dweight, Storage dbias) {
        Storage g = dy;
        if (act == Activation.GELU) {
            g = allocateUninitialized(DType.FLOAT32, n * out);
            geluBackward(dy, preActivation, g, n * out);
        }
        if (dx != null) matmul(false, false, 1, n, in, out, g, 0, out, 0, weight, 0, in, 0, dx, 0, in, 0, false);
        if (dweight != null) matmul(true, false, 1, out, in, n, g, 0, out, 0, x, 0, in, 0, dweight, 0, in, 0, false);
        if (dbias != null) sumMiddle(g, 1, n, out, dbias);
    }

    // ---- fused neural-network kernels ---------------------------------------------------------------

    /** weight (V, C), ids (N) at idsOffset -> out (N, C). */
    void embeddingForward(Storage weight, Storage ids, int idsOffset, int n, int channels, Storage out);

    /** dout (N, C), ids (N) -> dweight (V, C); accumulates. */
    void embeddingBackward(Storage dout, Storage ids, int idsOffset, int n, int channels, Storage dweight);

    /** x (N, C), gamma (C), beta (C) -> out (N, C), mean (N), rstd (N). */
    void layerNormForward(Storage x, Storage gamma, Storage beta, int rows, int channels, float eps,
                          Storage out, Storage mean, Storage rstd);

    /** dout (N, C) -> dx (N, C); dgamma (C) and dbeta (C) accumulate. */
    void layerNormBackward(Storage dout, Storage x, Storage gamma, Storage mean, Storage rstd, int rows, int channels,
                           Storage dx, Storage dgamma, Storage dbeta);

    /** GELU, tanh approximation: out = 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3))). */
    void geluForward(Storage x, Storage out, int n);

    void geluBackward(Storage dout, Storage x, Storage dx, int n);

    /** x (N, K) -> out (N, K), softmax over each row. */
    void softmaxForward(Storage x, Storage out, int rows, int cols);

    /** y = softmax output (N, K), dout (N, K) -> dx (N, K). */
    void softmaxBackward(Storage dout, Storage y, Storage dx, int rows, int cols);

    /**
     * Inverted dropout: out[i] = x[i] * mask[i], mask[i] = 0 with probability p, else 1/(1-p). The mask is a
     * deterministic function of (seed, i), so the same seed gives the same mask on any backend, and the backward
     * pass (the same mask on the gradient) draws it again instead of keeping it. x and out are float32, or either may
     * be bf16 where the backend has bf16 activations.
     */
    void dropout(Storage x, Storage out, int n, float p, long seed);

    /**
     * logits (N, V), targets (N) at targetsOffset -> losses (N) (0 where the target is ignoreIndex) and
     * logSumExp (N) kept for the backward pass.
     */
    void crossEntropyForward(Storage logits, Storage targets, int targetsOffset, int rows, int vocab, int ignoreIndex,
                             Storage losses, Storage logSumExp);

    /**
     * targets (N) at targetsOffset -> out (2) = {c, 1 / c}, float32, with c the number of targets that are not
     * ignoreIndex, at least 1: a mean over the counted rows whose divisor the host never has to read.
     */
    void crossEntropyDivisor(Storage targets, int targetsOffset, int rows, int ignoreIndex, Storage out);

    /** dlogits (N, V) = gradScale[0] * (softmax(logits) - onehot(target)), zero rows where ignored. */
    void crossEntropyBackward(Storage logits, Storage targets, int targetsOffset, Storage logSumExp,
                              int rows, int vocab, int ignoreIndex, Storage gradScale, Storage dlogits);

    /**
     * Causal scaled-dot-product attention over G = B*H independent heads, without a T x T matrix.
     * q (G, Tq, D), k and v (G, Tk, D) with head i at i * kvHeadStride (a KV cache may hold more rows
     * than Tk), Tk >= Tq and query row r sits at position Tk - Tq + r. Writes out (G, Tq, D) and
     * logSumExp (G, Tq) of each row's scores (before dropout), which the backward pass reuses. Dropout needs Tq = Tk.
     */
    void attentionForward(Storage q, Storage k, Storage v, int heads, int tq, int tk, int headDim, int kvHeadStride,
                          float scale, AttentionDropout dropout, Storage out, Storage logSumExp);

    /** Gradients of {@link #attentionForward} (Tq = Tk = T, dense k and v, the same dropout): dq, dk, dv (G, T, D). */
    void attentionBackward(Storage dout, Storage q, Storage k, Storage v, Storage out, Storage logSumExp,
                           int heads, int t, int headDim, float scale, AttentionDropout dropout, Storage dq, Storage dk, Storage dv);

    /**
     * Causal self-attention straight from the packed projection: qkv (B, T, 3C), C = H*D, holds at each position the
     * query, key and value of head h in columns h*D, C + h*D and 2C + h*D. Writes out (B, T, C), head h in columns h*D,
     * and logSumExp (B*H, T); dropout acts on the (B*H, T, T) weights. The default gathers dense heads for
     * {@link #attentionForward} and scatters the result.
     */
    default void causalSelfAttentionForward(Storage qkv, int batch, int t, int heads, int headDim, float scale,
                                            AttentionDropout dropout, Storage out, Storage logSumExp) {
        PackedAttention.forward(this, qkv, batch, t, heads, headDim, scale, dropout, out, logSumExp);
    }

    /**
     * Gradients of {@link #causalSelfAttentionForward} (the same dropout): dout, out (B, T, C) -> dqkv (B, T, 3C), every
     * element written.
     */
    default void causalSelfAttentionBackward(Storage dout, Storage qkv, Storage out, Storage logSumExp, int batch, int t, int heads,
                                             int headDim, float scale, AttentionDropout dropout, Storage dqkv) {
        PackedAttention.backward(this, dout, qkv, out, logSumExp, batch, t, heads, headDim, scale, dropout, dqkv);
    }

    // ---- reduced-precision inference weights (optional) ----------------------------------------------

    /** weight (rows, cols), dense, copied into format (BF16 or INT8) for {@link #packedLinear}. */
    default PackedWeight packWeight(Storage weight, int rows, int cols, WeightFormat format) {
        throw new IllegalArgumentException(format.name().toLowerCase() + " inference weights are for the CPU; this weight is on "
                + device().name().toLowerCase());
    }

    /** x (N, cols) -> out (N, rows) = x W^T + bias, W packed by this backend; bias (rows) may be null. */
    default void packedLinear(PackedWeight weight, Storage x, int n, Storage bias, Storage out) {
        throw new IllegalArgumentException(weight.format().name().toLowerCase() + " inference weights are for the CPU; these inputs are on "
                + device().name().toLowerCase());
    }

    // ---- optimizer --------------------------------------------------------------------------------

    /**
     * One AdamW update of every parameter in place (the GPU runs them all as one kernel), in PyTorch's order: p *= 1 -
     * lr wd; m += (1-b1)(g - m); v = b2 v + (1-b2) g^2; p -= (lr / bc1) m / (sqrt(v) / sqrt(bc2) + eps), with bc = 1 -
     * beta^step and wd each parameter's weight decay.
     */
    void adamwSteps(List<AdamWBuffers> parameters, AdamWHyper hyper);

    /** One parameter for {@link #adamwSteps}: param, grad, m, v, each n dense elements, and its weight decay. */
    record AdamWBuffers(Storage param, Storage grad, Storage m, Storage v, int n, float weightDecay) {
    }

    /** The scalars an AdamW update shares across parameters. */
    record AdamWHyper(float lr, float beta1, float beta2, float eps, float biasCorrection1, float biasCorrection2) {
    }
}

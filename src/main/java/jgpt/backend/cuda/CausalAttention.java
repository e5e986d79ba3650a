package jgpt.backend.cuda;

import java.lang.ref.Reference;
import jgpt.tensor.AttentionDropout;
import jgpt.tensor.DType;
import jgpt.tensor.Storage;

import static jgpt.backend.cuda.CudaStorage.address;

/**
 * Causal attention for {@link CudaBackend}: dense heads (G, T, D) and the packed qkv projection of causal
 * self-attention, on the tensor-core kernels where they apply (bf16 precision, head size 64, Tq = Tk), float32
 * self-attention in float32 or tf32 precision through GEMMs ({@link GemmAttention}; JGPT_GEMM_ATTENTION=0 turns that
 * off), and on the row kernels otherwise. The packed kernels read q, k and v at columns 0, C and 2C of each row and
 * write dq, dk and dv there; bf16 heads of a size the tensor-core kernels do not take run the float32 kernels on
 * float32 copies. Every route drops attention weights as {@link AttentionDropout} says.
 */
final class CausalAttention {
    private static final boolean GEMM_ATTENTION = !"0".equals(System.getenv("JGPT_GEMM_ATTENTION"));
    private final CudaBackend backend;
    private final CublasGemm gemm;
    private final AttentionKernels rows;
    private final TensorCoreAttention tiles;
    private final GemmAttention products;

    CausalAttention(CudaBackend backend, CublasGemm gemm, AttentionKernels rows, TensorCoreAttention tiles, GemmAttention products) {
        this.backend = backend;
        this.gemm = gemm;
        this.rows = rows;
        this.tiles = tiles;
        this.products = products;
    }

    // q (G, Tq, D), k, v (G, Tk, D) float32 -> out (G, Tq, D), lse (G, Tq); see Backend.attentionForward
    void forward(Storage q, Storage k, Storage v, int heads, int tq, int tk, int headDim, int kvHeadStride, float scale,
                 AttentionDropout dropout, Storage out, Storage lse) {
        if (dropout.active() && tq != tk) throw new IllegalArgumentException("attention dropout needs as many queries as keys");
        attend(address(q), address(k), address(v), heads, tq, tk, headDim, kvHeadStride, AttentionLayout.dense(headDim), scale, dropout,
                address(out), address(lse), false);
    }

    // dout (G, T, D) float32 -> dq, dk, dv (G, T, D)
    void backward(Storage dout, Storage q, Storage k, Storage v, Storage out, Storage lse, int heads, int t, int headDim, float scale,
                  AttentionDropout dropout, Storage dq, Storage dk, Storage dv) {
        attendBackward(address(dout), address(q), address(k), address(v), address(out), address(lse), heads, t, headDim,
                AttentionLayout.dense(headDim), scale, dropout, address(dq), address(dk), address(dv), false);
    }

    // qkv (B, T, 3C) -> out (B, T, C) of qkv's type, lse (B*H, T)
    void selfForward(Storage qkv, int batch, int t, int heads, int headDim, float scale, AttentionDropout dropout, Storage out,
                     Storage lse) {
        boolean bf16 = qkv.dtype() == DType.BFLOAT16;
        if (bf16 && !onTensorCores(headDim)) {
            Storage qkv32 = as(qkv, DType.FLOAT32), out32 = backend.allocateUninitialized(DType.FLOAT32, out.size());
            selfForward(qkv32, batch, t, heads, headDim, scale, dropout, out32, lse);
            convert(out32, out);
            Reference.reachabilityFence(qkv32);  // the kernels allocate: the copies' blocks must not be reused meanwhile
            return;
        }
        if (onProducts(qkv)) {
            products.forward(address(qkv), batch, t, heads, headDim, scale, dropout, address(out), address(lse));
            return;
        }
        int c = heads * headDim;
        attend(address(qkv), address(qkv, c), address(qkv, 2 * c), batch * heads, t, t, headDim, 3L * t * c,
                AttentionLayout.packed(heads, headDim), scale, dropout, address(out), address(lse), bf16);
    }

    // dout (B, T, C) of either type -> dqkv (B, T, 3C) of qkv's type
    void selfBackward(Storage dout, Storage qkv, Storage out, Storage lse, int batch, int t, int heads, int headDim, float scale,
                      AttentionDropout dropout, Storage dqkv) {
        boolean bf16 = qkv.dtype() == DType.BFLOAT16;
        if (bf16 && !onTensorCores(headDim)) {
            Storage dout32 = as(dout, DType.FLOAT32), qkv32 = as(qkv, DType.FLOAT32), out32 = as(out, DType.FLOAT32);
            Storage dqkv32 = backend.allocateUninitialized(DType.FLOAT32, dqkv.size());
            selfBackward(dout32, qkv32, out32, lse, batch, t, heads, headDim, scale, dropout, dqkv32);
            convert(dqkv32, dqkv);
            Reference.reachabilityFence(dout32);
            Reference.reachabilityFence(qkv32);
            Reference.reachabilityFence(out32);
            return;
        }
        Storage g = as(dout, qkv.dtype());
        if (onProducts(qkv)) {
            products.backward(address(g), address(qkv), address(out), address(lse), batch, t, heads, headDim, scale, dropout,
                    address(dqkv));
            Reference.reachabilityFence(g);
            return;
        }
        int c = heads * headDim;
        attendBackward(address(g), address(qkv), address(qkv, c), address(qkv, 2 * c), address(out), address(lse),
                batch * heads, t, headDim, AttentionLayout.packed(heads, headDim), scale, dropout, address(dqkv), address(dqkv, c),
                address(dqkv, 2 * c), bf16);
        Reference.reachabilityFence(g);
    }

    private void attend(long q, long k, long v, int groups, int tq, int tk, int headDim, long kvGroupStride, AttentionLayout layout,
                        float scale, AttentionDropout dropout, long out, long lse, boolean bf16) {
        if (onTensorCores(headDim) && tq == tk && kvGroupStride == (long) tk * layout.inStride()) {
            tiles.forward(q, k, v, groups, tq, layout, scale, dropout, out, lse, bf16);
        } else {
            rows.forward(q, k, v, groups, tq, tk, headDim, kvGroupStride, layout, scale, dropout, out, lse);
        }
    }

    private void attendBackward(long dout, long q, long k, long v, long out, long lse, int groups, int t, int headDim,
                                AttentionLayout layout, float scale, AttentionDropout dropout, long dq, long dk, long dv, boolean bf16) {
        if (onTensorCores(headDim)) {
            tiles.backward(dout, q, k, v, out, lse, groups, t, layout, scale, dropout, dq, dk, dv, bf16);
        } else {
            rows.backward(dout, q, k, v, out, lse, groups, t, headDim, layout, scale, dropout, dq, dk, dv);
        }
    }

    // float32 self-attention in float32 or tf32 precision
    private boolean onProducts(Storage qkv) {
        return GEMM_ATTENTION && qkv.dtype() == DType.FLOAT32 && gemm.precision() != Precision.BF16;
    }

    private boolean onTensorCores(int headDim) {
        return gemm.precision() == Precision.BF16 && headDim == TensorCoreAttention.HEAD_DIM;
    }

    /** s itself when of type, else a converted copy (float32 and bf16). */
    private Storage as(Storage s, DType type) {
        if (s.dtype() == type) return s;
        Storage copy = backend.allocateUninitialized(type, s.size());
        convert(s, copy);
        return copy;
    }

    // src -> dst, both dense and of one size, converting between float32 and bf16
    private void convert(Storage src, Storage dst) {
        backend.copyStrided(src, 0, new int[] {1}, dst, 0, new int[] {1}, new int[] {src.size()});
    }
}

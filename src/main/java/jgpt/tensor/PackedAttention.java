package jgpt.tensor;

/**
 * {@link Backend}'s default causal self-attention over the packed projection qkv (B, T, 3C): the heads are copied
 * into dense (B*H, T, D) buffers for the backend's attention kernels, and the results copied back into place.
 */
final class PackedAttention {
    private PackedAttention() {
    }

    // qkv (B, T, 3C) -> out (B, T, C), lse (B*H, T)
    static void forward(Backend be, Storage qkv, int batch, int t, int heads, int d, float scale, AttentionDropout dropout, Storage out,
                        Storage lse) {
        int c = heads * d;
        Storage q = gather(be, qkv, 0, 3 * c, batch, t, heads, d), k = gather(be, qkv, c, 3 * c, batch, t, heads, d);
        Storage v = gather(be, qkv, 2 * c, 3 * c, batch, t, heads, d);
        Storage dense = be.allocateUninitialized(DType.FLOAT32, batch * c * t);
        be.attentionForward(q, k, v, batch * heads, t, t, d, t * d, scale, dropout, dense, lse);
        scatter(be, dense, out, 0, c, batch, t, heads, d);
    }

    // dout, out (B, T, C), qkv (B, T, 3C), lse (B*H, T) -> dqkv (B, T, 3C)
    static void backward(Backend be, Storage dout, Storage qkv, Storage out, Storage lse, int batch, int t, int heads, int d,
                         float scale, AttentionDropout dropout, Storage dqkv) {
        int c = heads * d, size = batch * c * t;
        Storage q = gather(be, qkv, 0, 3 * c, batch, t, heads, d), k = gather(be, qkv, c, 3 * c, batch, t, heads, d);
        Storage v = gather(be, qkv, 2 * c, 3 * c, batch, t, heads, d);
        Storage dq = be.allocateUninitialized(DType.FLOAT32, size), dk = be.allocateUninitialized(DType.FLOAT32, size);
        Storage dv = be.allocateUninitialized(DType.FLOAT32, size);
        be.attentionBackward(gather(be, dout, 0, c, batch, t, heads, d), q, k, v, gather(be, out, 0, c, batch, t, heads, d), lse,
                batch * heads, t, d, scale, dropout, dq, dk, dv);
        scatter(be, dq, dqkv, 0, 3 * c, batch, t, heads, d);
        scatter(be, dk, dqkv, c, 3 * c, batch, t, heads, d);
        scatter(be, dv, dqkv, 2 * c, 3 * c, batch, t, heads, d);
    }

    // the heads of a (B, T, rowStride) buffer whose head 0 starts at column `column` -> dense (B*H, T, D)
    private static Storage gather(Backend be, Storage src, int column, int rowStride, int batch, int t, int heads, int d) {
        Storage dense = be.allocateUninitialized(DType.FLOAT32, batch * heads * t * d);
        be.copyStrided(src, column, packedStrides(rowStride, t, d), dense, 0, denseStrides(heads, t, d), new int[] {batch, heads, t, d});
        return dense;
    }

    // dense (B*H, T, D) -> the heads of a (B, T, rowStride) buffer, head 0 at column `column`
    private static void scatter(Backend be, Storage dense, Storage dst, int column, int rowStride, int batch, int t, int heads, int d) {
        be.copyStrided(dense, 0, denseStrides(heads, t, d), dst, column, packedStrides(rowStride, t, d), new int[] {batch, heads, t, d});
    }

    // strides of the (B, H, T, D) view of a (B, T, rowStride) buffer
    private static int[] packedStrides(int rowStride, int t, int d) {
        return new int[] {t * rowStride, d, rowStride, 1};
    }

    private static int[] denseStrides(int heads, int t, int d) {
        return new int[] {heads * t * d, t * d, d, 1};
    }
}

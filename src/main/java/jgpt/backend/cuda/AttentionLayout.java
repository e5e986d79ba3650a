package jgpt.backend.cuda;

/**
 * Where the attention kernels find each head's rows: head g = b * heads + h of a (B, T, stride) buffer starts at
 * column h * D of row b * T, and its rows lie stride apart; queries, keys, values and their gradients use inStride,
 * the output and its gradient outStride (head_row in common.cuh).
 *
 * @param heads     heads side by side in one row of a buffer
 * @param inStride  row stride of q, k, v, dq, dk, dv
 * @param outStride row stride of out and dout
 */
record AttentionLayout(int heads, int inStride, int outStride) {

    /** Dense (G, T, D) heads. */
    static AttentionLayout dense(int headDim) {
        return new AttentionLayout(1, headDim, headDim);
    }

    /** The packed projection qkv (B, T, 3C) in, (B, T, C) out, C = heads * headDim. */
    static AttentionLayout packed(int heads, int headDim) {
        return new AttentionLayout(heads, 3 * heads * headDim, heads * headDim);
    }
}

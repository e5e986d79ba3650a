// Causal attention, flash-style: one block per query row (forward, dq) or key row (dk, dv), keys or queries
// taken a tile at a time with an online softmax, so no T x T matrix exists (jgpt.backend.cuda.AttentionKernels);
// at the end, the row kernels of the route through materialised scores (jgpt.backend.cuda.GemmAttention).
// Block of 128 threads = 4 warps; a warp computes one dot product over D, and thread t owns output dims
// t, t + 128, t + 256, t + 384 (D <= 512). Heads sit in their buffers as head_row (common.cuh) says: dense (G, T, D)
// heads, or the packed (B, T, 3C) projection of causal self-attention (q, k, v and their gradients rows inStride
// apart, out and dout rows outStride apart). Dropout on the weights (dropP > 0, Tq = Tk) multiplies weight (g, query i,
// key j) by common.cuh's dropout_factor at index (g T + i) T + j, recomputed wherever a kernel needs it; the
// log-sum-exps are of the weights before dropout.
#include "common.cuh"

#define THREADS 128
#define WARPS (THREADS / 32)
#define TILE 64
#define DIMS_PER_THREAD 4

// Dot product of a (in shared memory) and b (global) over d, by one warp; every lane gets it.
__device__ __forceinline__ float warp_dot(const float* a, const float* b, int d) {
    float s = 0.f;
    for (int i = threadIdx.x & 31; i < d; i += 32) s += a[i] * b[i];
    return warp_sum(s);
}

// q (G, Tq, D), k and v (G, Tk, D) -> out (G, Tq, D), lse (G, Tq); k's and v's groups of heads sit kvGroupStride
// apart (a KV cache holds more rows than Tk). Query row r of a head sits at position Tk - Tq + r.
// Dynamic shared memory: D floats.
extern "C" __global__ void attention_forward(const float* q, const float* k, const float* v, int tq, int tk, int d, int heads,
                                             int inStride, int outStride, long long kvGroupStride, float scale, float dropP,
                                             float keep, unsigned long long seed, float* out, float* lse) {
    extern __shared__ float qRow[];
    __shared__ float p[TILE];
    int row = blockIdx.x, head = row / tq, r = row % tq, pos = tk - tq + r;
    int t = threadIdx.x, warp = t >> 5, lane = t & 31;
    long long kvHead = (head / heads) * kvGroupStride + (long long) (head % heads) * d;
    const float* kh = k + kvHead;
    const float* vh = v + kvHead;
    const float* qr = q + head_row(head, r, tq, heads, d, inStride);
    for (int i = t; i < d; i += THREADS) qRow[i] = qr[i];
    __syncthreads();
    float m = NEG_INF, l = 0.f, acc[DIMS_PER_THREAD] = {0.f, 0.f, 0.f, 0.f};
    for (int j0 = 0; j0 <= pos; j0 += TILE) {
        int jn = min(TILE, pos + 1 - j0);
        for (int jj = warp; jj < jn; jj += WARPS) {
            float s = warp_dot(qRow, kh + (long long) (j0 + jj) * inStride, d);
            if (lane == 0) p[jj] = s * scale;
        }
        __syncthreads();
        float tileMax = NEG_INF;
        for (int jj = 0; jj < jn; jj++) tileMax = fmaxf(tileMax, p[jj]);
        float mNew = fmaxf(m, tileMax), correction = expf(m - mNew);
        __syncthreads();  // every thread has read the raw scores
        for (int jj = t; jj < jn; jj += THREADS) p[jj] = expf(p[jj] - mNew);
        __syncthreads();
        float tileSum = 0.f;
        for (int jj = 0; jj < jn; jj++) tileSum += p[jj];
        l = l * correction + tileSum;
        if (dropP > 0.f) {   // the same for the whole block, so are its barriers
            __syncthreads();  // every thread has summed the weights before dropout
            for (int jj = t; jj < jn; jj += THREADS) p[jj] *= dropout_factor(seed, (long long) row * tk + j0 + jj, dropP, keep);
            __syncthreads();
        }
#pragma unroll
        for (int u = 0; u < DIMS_PER_THREAD; u++) {
            int i = t + u * THREADS;
            if (i < d) {
                float a = acc[u] * correction;
                for (int jj = 0; jj < jn; jj++) a += p[jj] * vh[(long long) (j0 + jj) * inStride + i];
                acc[u] = a;
            }
        }
        m = mNew;
        __syncthreads();  // p is rewritten by the next tile
    }
    float* outRow = out + head_row(head, r, tq, heads, d, outStride);
#pragma unroll
    for (int u = 0; u < DIMS_PER_THREAD; u++) {
        int i = t + u * THREADS;
        if (i < d) outRow[i] = acc[u] / l;
    }
    if (t == 0) lse[row] = m + logf(l);
}

// dout, out (G, T, D) -> rowDot (G, T) = sum(dout * out) per row; one warp per row
extern "C" __global__ void attention_row_dot(const float* dout, const float* out, int rows, int t, int d, int heads,
                                             int outStride, float* rowDot) {
    int row = blockIdx.x * (blockDim.x >> 5) + (threadIdx.x >> 5);
    if (row >= rows) return;
    long long at = head_row(row / t, row % t, t, heads, d, outStride);
    float s = 0.f;
    for (int i = threadIdx.x & 31; i < d; i += 32) s += dout[at + i] * out[at + i];
    s = warp_sum(s);
    if ((threadIdx.x & 31) == 0) rowDot[row] = s;
}

// dq (G, T, D) for query row i: sum over j <= i of ds_ij k_j, with p_ij = exp(scale q_i.k_j - lse_i) and
// ds_ij = p_ij (z_ij dout_i.v_j - rowDot_i) scale, z_ij the weight's dropout factor (1 without). Dynamic shared memory:
// 2 D floats.
extern "C" __global__ void attention_backward_query(const float* dout, const float* q, const float* k, const float* v,
                                                    const float* lse, const float* rowDot, int t, int d, int heads,
                                                    int inStride, int outStride, float scale, float dropP, float keep,
                                                    unsigned long long seed, float* dq) {
    extern __shared__ float rows[];
    float* qRow = rows;
    float* doutRow = rows + d;
    __shared__ float ds[TILE];
    int row = blockIdx.x, g = row / t, i = row % t, tid = threadIdx.x, warp = tid >> 5, lane = tid & 31;
    long long head = head_row(g, 0, t, heads, d, inStride), qAt = head + (long long) i * inStride;
    long long doutAt = head_row(g, i, t, heads, d, outStride);
    for (int x = tid; x < d; x += THREADS) {
        qRow[x] = q[qAt + x];
        doutRow[x] = dout[doutAt + x];
    }
    __syncthreads();
    float rowLse = lse[row], dot = rowDot[row], acc[DIMS_PER_THREAD] = {0.f, 0.f, 0.f, 0.f};
    for (int j0 = 0; j0 <= i; j0 += TILE) {
        int jn = min(TILE, i + 1 - j0);
        for (int jj = warp; jj < jn; jj += WARPS) {
            long long at = head + (long long) (j0 + jj) * inStride;
            float s = warp_dot(qRow, k + at, d), dp = warp_dot(doutRow, v + at, d);
            if (lane == 0) {
                float z = dropP > 0.f ? dropout_factor(seed, (long long) row * t + j0 + jj, dropP, keep) : 1.f;
                ds[jj] = expf(scale * s - rowLse) * (z * dp - dot) * scale;
            }
        }
        __syncthreads();
#pragma unroll
        for (int u = 0; u < DIMS_PER_THREAD; u++) {
            int x = tid + u * THREADS;
            if (x < d) {
                float a = acc[u];
                for (int jj = 0; jj < jn; jj++) a += ds[jj] * k[head + (long long) (j0 + jj) * inStride + x];
                acc[u] = a;
            }
        }
        __syncthreads();
    }
#pragma unroll
    for (int u = 0; u < DIMS_PER_THREAD; u++) {
        int x = tid + u * THREADS;
        if (x < d) dq[qAt + x] = acc[u];
    }
}

// dk, dv (G, T, D) for key row j: dv_j = sum over i >= j of z_ij p_ij dout_i, dk_j = sum of ds_ij q_i (z_ij and ds_ij
// as in attention_backward_query). Dynamic shared memory: 2 D floats.
extern "C" __global__ void attention_backward_key(const float* dout, const float* q, const float* k, const float* v,
                                                  const float* lse, const float* rowDot, int t, int d, int heads,
                                                  int inStride, int outStride, float scale, float dropP, float keep,
                                                  unsigned long long seed, float* dk, float* dv) {
    extern __shared__ float rows[];
    float* kRow = rows;
    float* vRow = rows + d;
    __shared__ float p[TILE], ds[TILE];
    int row = blockIdx.x, g = row / t, j = row % t, tid = threadIdx.x, warp = tid >> 5, lane = tid & 31;
    int headRow = g * t;
    long long head = head_row(g, 0, t, heads, d, inStride), doutHead = head_row(g, 0, t, heads, d, outStride);
    long long kAt = head + (long long) j * inStride;
    for (int x = tid; x < d; x += THREADS) {
        kRow[x] = k[kAt + x];
        vRow[x] = v[kAt + x];
    }
    __syncthreads();
    float accK[DIMS_PER_THREAD] = {0.f, 0.f, 0.f, 0.f}, accV[DIMS_PER_THREAD] = {0.f, 0.f, 0.f, 0.f};
    for (int i0 = j; i0 < t; i0 += TILE) {
        int in = min(TILE, t - i0);
        for (int ii = warp; ii < in; ii += WARPS) {
            float s = warp_dot(kRow, q + head + (long long) (i0 + ii) * inStride, d);
            float dp = warp_dot(vRow, dout + doutHead + (long long) (i0 + ii) * outStride, d);
            if (lane == 0) {
                int query = headRow + i0 + ii;
                float prob = expf(scale * s - lse[query]);
                float z = dropP > 0.f ? dropout_factor(seed, (long long) query * t + j, dropP, keep) : 1.f;
                p[ii] = z * prob;
                ds[ii] = prob * (z * dp - rowDot[query]) * scale;
            }
        }
        __syncthreads();
#pragma unroll
        for (int u = 0; u < DIMS_PER_THREAD; u++) {
            int x = tid + u * THREADS;
            if (x < d) {
                float a = accK[u], b = accV[u];
                for (int ii = 0; ii < in; ii++) {
                    a += ds[ii] * q[head + (long long) (i0 + ii) * inStride + x];
                    b += p[ii] * dout[doutHead + (long long) (i0 + ii) * outStride + x];
                }
                accK[u] = a;
                accV[u] = b;
            }
        }
        __syncthreads();
    }
#pragma unroll
    for (int u = 0; u < DIMS_PER_THREAD; u++) {
        int x = tid + u * THREADS;
        if (x < d) {
            dk[kAt + x] = accK[u];
            dv[kAt + x] = accV[u];
        }
    }
}

// ---- Causal self-attention through materialised scores (jgpt.backend.cuda.GemmAttention) ----------------------
// The products are batched GEMMs over one batch row's H heads; these kernels work on a (H, T, T) slab of them, a
// block per row. Row r of a slab is query position i = r % T of head r / T.

// s (H T, T): raw scores q_i.k_j -> p = softmax over j <= i of scale s_ij, 0 for j > i, times each weight's dropout
// factor (weight0: the index of the slab's first weight among all heads' (G, T, T)); lse (H T) = the natural
// log-sum-exp of the scaled scores over j <= i, as attention_forward writes it
extern "C" __global__ void causal_softmax_forward(float* s, int t, float scale, float dropP, float keep, unsigned long long seed,
                                                  long long weight0, float* lse) {
    long long row = blockIdx.x;
    int i = (int) (row % t);
    float* r = s + row * t;
    float m = NEG_INF;
    for (int j = threadIdx.x; j <= i; j += blockDim.x) m = fmaxf(m, r[j] * scale);
    m = block_max(m);
    float sum = 0.f;
    for (int j = threadIdx.x; j <= i; j += blockDim.x) {
        float e = expf(r[j] * scale - m);
        r[j] = e;
        sum += e;
    }
    sum = block_sum(sum);   // each thread rescales below the entries it wrote above
    float inverse = 1.f / sum;
    for (int j = threadIdx.x; j < t; j += blockDim.x) {
        float z = dropP > 0.f && j <= i ? dropout_factor(seed, weight0 + row * t + j, dropP, keep) : 1.f;
        r[j] = j <= i ? r[j] * inverse * z : 0.f;
    }
    if (threadIdx.x == 0) lse[row] = m + logf(sum);
}

// s (H T, T): raw scores, lse (H T) from causal_softmax_forward -> p = exp(scale s_ij - lse_i) for j <= i, 0 after
extern "C" __global__ void causal_softmax_recompute(float* s, int t, float scale, const float* lse) {
    long long row = blockIdx.x;
    int i = (int) (row % t);
    float* r = s + row * t;
    float l = lse[row];
    for (int j = threadIdx.x; j < t; j += blockDim.x) r[j] = j <= i ? expf(r[j] * scale - l) : 0.f;
}

// p, dp (H T, T) with dp_ij = dout_i.v_j; dout and out: the batch row's (T, C), head h at columns h D -> dp becomes
// the raw scores' gradient, scale p_ij (z_ij dp_ij - dout_i.out_i) for j <= i, 0 after (dout_i.out_i = sum_j z_ij p_ij
// dp_ij), and p the weights after dropout, z_ij p_ij (z_ij: the dropout factor, as in causal_softmax_forward; 1 without)
extern "C" __global__ void causal_softmax_backward(float* p, float* dp, const float* dout, const float* out, int t, int d, int c,
                                                   float scale, float dropP, float keep, unsigned long long seed,
                                                   long long weight0) {
    long long row = blockIdx.x;
    int h = (int) (row / t), i = (int) (row % t);
    long long at = (long long) i * c + (long long) h * d;
    float dot = 0.f;
    for (int x = threadIdx.x; x < d; x += blockDim.x) dot += dout[at + x] * out[at + x];
    dot = block_sum(dot);
    float* pr = p + row * t;
    float* dr = dp + row * t;
    for (int j = threadIdx.x; j < t; j += blockDim.x) {
        if (j > i) {
            dr[j] = 0.f;
        } else if (dropP > 0.f) {
            float z = dropout_factor(seed, weight0 + row * t + j, dropP, keep);
            dr[j] = scale * pr[j] * (z * dr[j] - dot);
            pr[j] *= z;
        } else {
            dr[j] = scale * pr[j] * (dr[j] - dot);
        }
    }
}

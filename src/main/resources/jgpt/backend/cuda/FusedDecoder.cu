// One token's forward pass of a GPT-2 style decoder at batch 1 (jgpt.backend.cuda.FusedDecoder), queued once and
// replayed as a CUDA graph: an embedding kernel, five kernels per block (LayerNorms fused into the products that
// read them, the attention's splits merged by the projection that reads them), and the head. step[0] is the token id and step[1] its position; both are read from device memory, so
// one captured graph serves every position. Vectors are single rows: C channels, D = C / H per head.
#include "common.cuh"

// What a matrix-vector product does with each row's result s (bias included).
#define STORE 0     // out[row] = s
#define STORE_GELU 1  // out[row] = gelu(s)
#define ADD 2       // out[row] += s (the residual stream)
#define QKV 3       // rows [0, C) -> q; [C, 2C) and [2C, 3C) -> keys and values (H, capacity, D) at step[1]

// tokens (V, C), positions (Tmax, C), step -> x (C) = tokens[id] + positions[position]
extern "C" __global__ void embed_token(const float* tokens, const float* positions, const int* step, int channels, float* x) {
    const float* token = tokens + (long long) step[0] * channels;
    const float* position = positions + (long long) step[1] * channels;
    for (int c = blockIdx.x * blockDim.x + threadIdx.x; c < channels; c += gridDim.x * blockDim.x) x[c] = token[c] + position[c];
}

// Weight rows read 16 bytes at a time: four floats, or eight bf16
template <typename W> struct Row;

template <> struct Row<float> {
    typedef float4 Chunk;
    static const int WIDTH = 4;
    static __device__ __forceinline__ float dot(Chunk a, const float* x) {
        return a.x * x[0] + a.y * x[1] + a.z * x[2] + a.w * x[3];
    }
    static __device__ __forceinline__ float value(float w) { return w; }
};

template <> struct Row<unsigned short> {
    typedef uint4 Chunk;
    static const int WIDTH = 8;
    static __device__ __forceinline__ float dot(Chunk a, const float* x) {
        return bf16_lo(a.x) * x[0] + bf16_hi(a.x) * x[1] + bf16_lo(a.y) * x[2] + bf16_hi(a.y) * x[3]
             + bf16_lo(a.z) * x[4] + bf16_hi(a.z) * x[5] + bf16_lo(a.w) * x[6] + bf16_hi(a.w) * x[7];
    }
    static __device__ __forceinline__ float value(unsigned short w) { return bf16_lo(w); }
};

#define PREFETCH 8  // chunks per lane loaded before the input is staged

// The input of a product, into shared memory xs (k floats), by the whole block. From x (k), layer-normalised by
// (gamma, beta) unless gamma is null; or, when parts is not null, by merging the attention's partial results:
// parts (H, splits, D + 2) holding each split's running max, sum of exponentials and unnormalised output.
__device__ void stage_input(const float* x, const float* gamma, const float* beta, float eps, const float* parts,
                            int splits, int headDim, int k, float* xs) {
    if (parts) {
        for (int c = threadIdx.x; c < k; c += blockDim.x) {
            int head = c / headDim;
            const float* p = parts + (long long) head * splits * (headDim + 2);
            float max = NEG_INF;
            for (int s = 0; s < splits; s++) max = fmaxf(max, p[s * (headDim + 2)]);
            float sum = 0.f, out = 0.f;
            for (int s = 0; s < splits; s++) {
                const float* part = p + s * (headDim + 2);
                float w = part[1] > 0.f ? expf(part[0] - max) : 0.f;
                sum += w * part[1];
                out += w * part[2 + c - head * headDim];
            }
            xs[c] = out / sum;
        }
        __syncthreads();
        return;
    }
    float s = 0.f;
    for (int i = threadIdx.x; i < k; i += blockDim.x) {
        xs[i] = x[i];
        s += x[i];
    }
    if (!gamma) {
        __syncthreads();
        return;
    }
    float mean = block_sum(s) / k, v = 0.f;
    for (int i = threadIdx.x; i < k; i += blockDim.x) {
        float d = xs[i] - mean;
        v += d * d;
    }
    float rstd = rsqrtf(block_sum(v) / k + eps);
    for (int i = threadIdx.x; i < k; i += blockDim.x) xs[i] = (xs[i] - mean) * rstd * gamma[i] + beta[i];
    __syncthreads();
}

// Places one row's result s (bias included) as mode says
__device__ __forceinline__ void place(int mode, int row, float s, float* out, float* keys, float* values, const int* step,
                                      int channels, int headDim, int capacity) {
    if (mode == STORE) {
        out[row] = s;
    } else if (mode == STORE_GELU) {
        out[row] = gelu_tanh(s);
    } else if (mode == ADD) {
        out[row] += s;
    } else if (row < channels) {
        out[row] = s;
    } else {
        int r = row - channels;
        float* cache = r < channels ? keys : values;
        r = r < channels ? r : r - channels;
        int head = r / headDim;
        cache[((long long) head * capacity + step[1]) * headDim + (r - head * headDim)] = s;
    }
}

// w (rows, k) row-major, bias (rows) or null, the input staged as stage_input says -> one result per row, placed as
// mode says. A warp per row, rows strided over the grid; a warp's first row is requested before the input is staged,
// so that the latency of those loads and of the staging overlap.
template <typename W>
__device__ void matrix_vector(const W* w, const float* bias, const float* x, const float* gamma, const float* beta,
                              float eps, const float* parts, int splits, int rows, int k, int mode, float* out,
                              float* keys, float* values, const int* step, int channels, int headDim, int capacity) {
    typedef typename Row<W>::Chunk Chunk;
    extern __shared__ float xs[];
    int lane = threadIdx.x & 31, warps = blockDim.x >> 5;
    int row = blockIdx.x * warps + (threadIdx.x >> 5), rowStep = gridDim.x * warps;
    int chunks = k % Row<W>::WIDTH == 0 ? k / Row<W>::WIDTH : 0;
    Chunk ahead[PREFETCH];
    if (row < rows) {
        const Chunk* first = (const Chunk*) (w + (long long) row * k);
#pragma unroll
        for (int j = 0; j < PREFETCH; j++) {
            if (lane + 32 * j < chunks) ahead[j] = first[lane + 32 * j];
        }
    }
    stage_input(x, gamma, beta, eps, parts, splits, headDim, k, xs);
    for (bool prefetched = true; row < rows; row += rowStep, prefetched = false) {
        const W* wr = w + (long long) row * k;
        const Chunk* chunk = (const Chunk*) wr;
        float s = 0.f;
        int i = lane;
        if (prefetched) {
#pragma unroll
            for (int j = 0; j < PREFETCH; j++) {
                if (lane + 32 * j < chunks) s += Row<W>::dot(ahead[j], xs + (lane + 32 * j) * Row<W>::WIDTH);
            }
            i += 32 * PREFETCH;
        }
#pragma unroll 4
        for (; i < chunks; i += 32) s += Row<W>::dot(chunk[i], xs + i * Row<W>::WIDTH);
        if (chunks == 0) {
            for (int c = lane; c < k; c += 32) s += Row<W>::value(wr[c]) * xs[c];
        }
        s = warp_sum(s);
        if (lane == 0) place(mode, row, bias ? s + bias[row] : s, out, keys, values, step, channels, headDim, capacity);
    }
}

extern "C" __global__ void matrix_vector_f32(const float* w, const float* bias, const float* x, const float* gamma,
                                             const float* beta, float eps, const float* parts, int splits, int rows, int k,
                                             int mode, float* out, float* keys, float* values, const int* step,
                                             int channels, int headDim, int capacity) {
    matrix_vector(w, bias, x, gamma, beta, eps, parts, splits, rows, k, mode, out, keys, values, step, channels, headDim,
                  capacity);
}

extern "C" __global__ void matrix_vector_bf16(const unsigned short* w, const float* bias, const float* x,
                                              const float* gamma, const float* beta, float eps, const float* parts,
                                              int splits, int rows, int k, int mode, float* out, float* keys,
                                              float* values, const int* step, int channels, int headDim, int capacity) {
    matrix_vector(w, bias, x, gamma, beta, eps, parts, splits, rows, k, mode, out, keys, values, step, channels, headDim,
                  capacity);
}

// The score of one cached position: q . k over D, four channels per load when D is a multiple of 4
__device__ __forceinline__ float score(const float* q, const float* k, int headDim) {
    float s = 0.f;
    if ((headDim & 3) == 0) {
        const float4* q4 = (const float4*) q;
        const float4* k4 = (const float4*) k;
#pragma unroll 8
        for (int i = 0; i < (headDim >> 2); i++) {
            float4 a = q4[i], b = k4[i];
            s += a.x * b.x + a.y * b.y + a.z * b.z + a.w * b.w;
        }
    } else {
        for (int d = 0; d < headDim; d++) s += q[d] * k[d];
    }
    return s;
}

// q (H * D), keys and values (H, capacity, D) holding positions 0..step[1] -> parts (H, splits, D + 2): causal
// attention of the newest position, each head's positions cut into gridDim.y splits of one block each (a thread per
// position for the scores). A split writes its running max, its sum of exponentials and its unnormalised output,
// which the output projection merges (stage_input). headDim <= blockDim. Shared memory: q (D, padded to 4),
// scores (capacity), partial sums (blockDim).
extern "C" __global__ void attend_token(const float* q, const float* keys, const float* values, const int* step, int headDim,
                                        int capacity, float scale, float* parts) {
    extern __shared__ float shared[];
    float* qs = shared;
    float* scores = qs + ((headDim + 3) & ~3);
    float* partial = scores + capacity;
    int head = blockIdx.x, split = blockIdx.y, splits = gridDim.y, length = step[1] + 1;
    int span = (length + splits - 1) / splits, first = split * span, count = max(0, min(length - first, span));
    const float* k = keys + ((long long) head * capacity + first) * headDim;
    const float* v = values + ((long long) head * capacity + first) * headDim;
    float* part = parts + ((long long) head * splits + split) * (headDim + 2);
    for (int d = threadIdx.x; d < headDim; d += blockDim.x) qs[d] = q[head * headDim + d];
    __syncthreads();
    float localMax = NEG_INF;
    for (int t = threadIdx.x; t < count; t += blockDim.x) {
        float s = score(qs, k + (long long) t * headDim, headDim) * scale;
        scores[t] = s;
        localMax = fmaxf(localMax, s);
    }
    float max = block_max(localMax);
    float localSum = 0.f;
    for (int t = threadIdx.x; t < count; t += blockDim.x) {
        float p = expf(scores[t] - max);
        scores[t] = p;
        localSum += p;
    }
    float sum = block_sum(localSum);   // its barrier also publishes the exponentials
    // thread (g, d) sums positions g, g + groups, ... of output channel d
    int groups = blockDim.x / headDim, d = threadIdx.x % headDim, g = threadIdx.x / headDim;
    float acc = 0.f;
    if (g < groups) {
        const float* vd = v + d;
#pragma unroll 8
        for (int t = g; t < count; t += groups) acc += scores[t] * vd[(long long) t * headDim];
    }
    partial[threadIdx.x] = acc;
    __syncthreads();
    if (threadIdx.x < headDim) {
        float s = 0.f;
        for (int i = 0; i < groups; i++) s += partial[i * headDim + threadIdx.x];
        part[2 + threadIdx.x] = s;
    }
    if (threadIdx.x == 0) {
        part[0] = max;
        part[1] = sum;
    }
}

// src (n) floats -> dst (n) bf16, rounded to nearest even (weights for matrix_vector_bf16)
extern "C" __global__ void round_to_bf16(const float* src, long long n, unsigned short* dst) {
    long long step = (long long) gridDim.x * blockDim.x;
    for (long long i = (long long) blockIdx.x * blockDim.x + threadIdx.x; i < n; i += step) dst[i] = bf16_bits(src[i]);
}

// whether (v, at) beats (best, bestAt): larger, or equal at a smaller index
__device__ __forceinline__ bool beats(float v, int at, float best, int bestAt) {
    return v > best || (v == best && at < bestAt);
}

// the block's best (value, index) pair, in thread 0
__device__ void block_best(float& v, int& at) {
    __shared__ float values[32];
    __shared__ int indices[32];
    for (int offset = 16; offset > 0; offset >>= 1) {
        float otherValue = __shfl_down_sync(0xffffffff, v, offset);
        int otherAt = __shfl_down_sync(0xffffffff, at, offset);
        if (beats(otherValue, otherAt, v, at)) {
            v = otherValue;
            at = otherAt;
        }
    }
    int lane = threadIdx.x & 31, warp = threadIdx.x >> 5;
    if (lane == 0) {
        values[warp] = v;
        indices[warp] = at;
    }
    __syncthreads();
    if (threadIdx.x != 0) return;
    for (int w = 1; w < (int) (blockDim.x >> 5); w++) {
        if (beats(values[w], indices[w], v, at)) {
            v = values[w];
            at = indices[w];
        }
    }
}

// logits (n) -> best[0] = the index of the largest logit, the first on ties (NaNs are passed over), as
// jgpt.generate.Sampler.argmax picks it on the host. Each block reduces a grid-strided share into partials
// (values, then indices, gridDim.x each); the last block to finish reduces those and sets done back to 0.
extern "C" __global__ void argmax_logits(const float* logits, int n, float* partials, unsigned* done, int* best) {
    __shared__ bool last;
    float v = NEG_INF;
    int at = n;
    for (int i = blockIdx.x * blockDim.x + threadIdx.x; i < n; i += gridDim.x * blockDim.x) {
        if (logits[i] > v) {
            v = logits[i];
            at = i;
        }
    }
    block_best(v, at);
    int* partialIndices = reinterpret_cast<int*>(partials + gridDim.x);
    if (threadIdx.x == 0) {
        partials[blockIdx.x] = v;
        partialIndices[blockIdx.x] = at;
        __threadfence();   // the partials are visible before the count says so
        last = atomicAdd(done, 1u) == gridDim.x - 1;
    }
    __syncthreads();
    if (!last) return;
    __threadfence();
    v = NEG_INF;
    at = n;
    for (int b = threadIdx.x; b < (int) gridDim.x; b += blockDim.x) {
        float pv = ((volatile float*) partials)[b];
        int pa = ((volatile int*) partialIndices)[b];
        if (beats(pv, pa, v, at)) {
            v = pv;
            at = pa;
        }
    }
    block_best(v, at);
    if (threadIdx.x == 0) {
        best[0] = at == n ? 0 : at;   // every logit -inf or NaN: the host's loop would keep index 0
        *done = 0;
    }
}

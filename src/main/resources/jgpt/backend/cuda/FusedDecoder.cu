// One token's forward pass of a GPT-2 style decoder at batch 1 (jgpt.backend.cuda.FusedDecoder), queued once and
// replayed as a CUDA graph: an embedding kernel, five kernels per block (LayerNorms fused into the products that
// read them), and the head. step[0] is the token id and step[1] its position; both are read from device memory, so
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

__device__ __forceinline__ float bf16_lo(unsigned bits) {
    return __uint_as_float(bits << 16);
}

__device__ __forceinline__ float bf16_hi(unsigned bits) {
    return __uint_as_float(bits & 0xffff0000u);
}

// This lane's share of row . x, for a warp: float4 loads when k is a multiple of 4 (rows stay 16-byte aligned)
__device__ __forceinline__ float dot_part(const float* row, const float* x, int k, int lane) {
    float s = 0.f;
    if ((k & 3) == 0) {
        const float4* r4 = (const float4*) row;
        const float4* x4 = (const float4*) x;
#pragma unroll 4
        for (int i = lane; i < (k >> 2); i += 32) {
            float4 a = r4[i], b = x4[i];
            s += a.x * b.x + a.y * b.y + a.z * b.z + a.w * b.w;
        }
    } else {
        for (int i = lane; i < k; i += 32) s += row[i] * x[i];
    }
    return s;
}

// The same for a bf16 row: eight weights per 16-byte load when k is a multiple of 8
__device__ __forceinline__ float dot_part(const unsigned short* row, const float* x, int k, int lane) {
    float s = 0.f;
    if ((k & 7) == 0) {
        const uint4* r8 = (const uint4*) row;
#pragma unroll 4
        for (int i = lane; i < (k >> 3); i += 32) {
            uint4 a = r8[i];
            const float* xs = x + 8 * i;
            s += bf16_lo(a.x) * xs[0] + bf16_hi(a.x) * xs[1] + bf16_lo(a.y) * xs[2] + bf16_hi(a.y) * xs[3]
               + bf16_lo(a.z) * xs[4] + bf16_hi(a.z) * xs[5] + bf16_lo(a.w) * xs[6] + bf16_hi(a.w) * xs[7];
        }
    } else {
        for (int i = lane; i < k; i += 32) s += bf16_lo(row[i]) * x[i];
    }
    return s;
}

// x (k) -> xs (k) in shared memory, normalised by LayerNorm(gamma, beta) first unless gamma is null; whole block
__device__ void stage_input(const float* x, const float* gamma, const float* beta, float eps, int k, float* xs) {
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

// w (rows, k) row-major, bias (rows) or null, x (k), optionally layer-normalised first -> one result per row, placed
// as mode says; one warp per row, the input staged in shared memory (k floats)
template <typename W>
__device__ void matrix_vector(const W* w, const float* bias, const float* x, const float* gamma, const float* beta,
                              float eps, int rows, int k, int mode, float* out, float* keys, float* values,
                              const int* step, int channels, int headDim, int capacity) {
    extern __shared__ float xs[];
    stage_input(x, gamma, beta, eps, k, xs);
    int lane = threadIdx.x & 31, warps = blockDim.x >> 5;
    int row = blockIdx.x * warps + (threadIdx.x >> 5);
    if (row >= rows) return;
    float s = warp_sum(dot_part(w + (long long) row * k, xs, k, lane));
    if (lane != 0) return;
    if (bias) s += bias[row];
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

extern "C" __global__ void matrix_vector_f32(const float* w, const float* bias, const float* x, const float* gamma,
                                             const float* beta, float eps, int rows, int k, int mode, float* out,
                                             float* keys, float* values, const int* step, int channels, int headDim,
                                             int capacity) {
    matrix_vector(w, bias, x, gamma, beta, eps, rows, k, mode, out, keys, values, step, channels, headDim, capacity);
}

extern "C" __global__ void matrix_vector_bf16(const unsigned short* w, const float* bias, const float* x,
                                              const float* gamma, const float* beta, float eps, int rows, int k, int mode,
                                              float* out, float* keys, float* values, const int* step, int channels,
                                              int headDim, int capacity) {
    matrix_vector(w, bias, x, gamma, beta, eps, rows, k, mode, out, keys, values, step, channels, headDim, capacity);
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

// q (H * D), keys and values (H, capacity, D) holding positions 0..step[1] -> out (H * D): causal attention of the
// newest position, one block per head (headDim <= blockDim), a thread per position for the scores. Shared memory:
// q (D, padded to 4), scores (capacity), partial sums (blockDim).
extern "C" __global__ void attend_token(const float* q, const float* keys, const float* values, const int* step, int headDim,
                                        int capacity, float scale, float* out) {
    extern __shared__ float shared[];
    float* qs = shared;
    float* scores = qs + ((headDim + 3) & ~3);
    float* partial = scores + capacity;
    int head = blockIdx.x, length = step[1] + 1;
    const float* k = keys + (long long) head * capacity * headDim;
    const float* v = values + (long long) head * capacity * headDim;
    for (int d = threadIdx.x; d < headDim; d += blockDim.x) qs[d] = q[head * headDim + d];
    __syncthreads();
    float localMax = NEG_INF;
    for (int t = threadIdx.x; t < length; t += blockDim.x) {
        float s = score(qs, k + (long long) t * headDim, headDim) * scale;
        scores[t] = s;
        localMax = fmaxf(localMax, s);
    }
    float max = block_max(localMax);
    float localSum = 0.f;
    for (int t = threadIdx.x; t < length; t += blockDim.x) {
        float p = expf(scores[t] - max);
        scores[t] = p;
        localSum += p;
    }
    float norm = 1.f / block_sum(localSum);   // its barrier also publishes the probabilities
    // thread (g, d) sums positions g, g + groups, ... of output channel d; eight loads in flight
    int groups = blockDim.x / headDim, d = threadIdx.x % headDim, g = threadIdx.x / headDim;
    float acc = 0.f;
    if (g < groups) {
        const float* vd = v + d;
#pragma unroll 8
        for (int t = g; t < length; t += groups) acc += scores[t] * vd[(long long) t * headDim];
    }
    partial[threadIdx.x] = acc;
    __syncthreads();
    if (threadIdx.x < headDim) {
        float s = 0.f;
        for (int i = 0; i < groups; i++) s += partial[i * headDim + threadIdx.x];
        out[head * headDim + threadIdx.x] = s * norm;
    }
}

// src (n) floats -> dst (n) bf16, rounded to nearest even (weights for matrix_vector_bf16)
extern "C" __global__ void round_to_bf16(const float* src, long long n, unsigned short* dst) {
    long long step = (long long) gridDim.x * blockDim.x;
    for (long long i = (long long) blockIdx.x * blockDim.x + threadIdx.x; i < n; i += step) dst[i] = bf16_bits(src[i]);
}

// Row softmax, and cross-entropy fused with log-softmax (jgpt.backend.cuda.SoftmaxKernels). One block per row.
#include "common.cuh"

// log(sum(exp(x[0..n)))) of one row, by the whole block, reading the row once: each thread keeps a running
// maximum and a sum relative to it (an online softmax), and the threads' sums are rescaled to the row's maximum
__device__ float row_log_sum_exp(const float* x, int n) {
    float m = NEG_INF, s = 0.f;
    for (int j = aligned_first(x); j < n; j += blockDim.x) {
        if (j < 0) continue;
        float v = x[j];
        if (v > m) {
            s = s * expf(m - v) + 1.f;
            m = v;
        } else if (m != NEG_INF) {  // both -inf: the term is 0, and exp(-inf - -inf) would be NaN
            s += expf(v - m);
        }
    }
    float rowMax = block_max(m);
    s = m == NEG_INF ? 0.f : s * expf(m - rowMax);
    return rowMax + logf(block_sum(s));
}

// x (N, K) -> out (N, K)
extern "C" __global__ void softmax_forward(const float* x, float* out, int cols) {
    const float* xr = x + (long long) blockIdx.x * cols;
    float* o = out + (long long) blockIdx.x * cols;
    float lse = row_log_sum_exp(xr, cols);
    for (int j = threadIdx.x; j < cols; j += blockDim.x) o[j] = expf(xr[j] - lse);
}

// dout, y (N, K) -> dx (N, K): dx = y * (dout - sum(dout * y))
extern "C" __global__ void softmax_backward(const float* dout, const float* y, float* dx, int cols) {
    long long base = (long long) blockIdx.x * cols;
    float s = 0.f;
    for (int j = threadIdx.x; j < cols; j += blockDim.x) s += dout[base + j] * y[base + j];
    float dot = block_sum(s);
    for (int j = threadIdx.x; j < cols; j += blockDim.x) dx[base + j] = y[base + j] * (dout[base + j] - dot);
}

// A bf16 row x (n) in chunks of 8 elements (16 bytes) counted from the 128-byte line the row starts in, so that
// each warp reads whole lines: chunk k holds elements 8 k - lead ... 8 k - lead + 7, where lead is the row's offset
// in its first line. Only the first and last chunk can reach outside the row.
struct RowChunks {
    int lead, count;

    __device__ RowChunks(const bf16_t* x, int n)
        : lead((int) ((reinterpret_cast<unsigned long long>(x) >> 1) & 63)), count((lead + n + 7) >> 3) {}

    // Element index of chunk k's first element
    __device__ int first(int k) const { return 8 * k - lead; }
};

// v[8] = chunk k of row x (n); elements outside the row read as fill
__device__ __forceinline__ void load_chunk(const bf16_t* x, int n, int first, float fill, float* v) {
    if (first >= 0 && first + 8 <= n) {
        load_eight(x + first, v);
    } else {
#pragma unroll
        for (int e = 0; e < 8; e++) v[e] = first + e >= 0 && first + e < n ? bf16_float(x[first + e]) : fill;
    }
}

// row_log_sum_exp of a row of bf16, eight elements a thread at a time
__device__ float row_log_sum_exp(const bf16_t* x, int n) {
    RowChunks chunks(x, n);
    float m = NEG_INF, s = 0.f;
    for (int k = threadIdx.x; k < chunks.count; k += blockDim.x) {
        float v[8];
        load_chunk(x, n, chunks.first(k), NEG_INF, v);
        float chunkMax = v[0];
#pragma unroll
        for (int e = 1; e < 8; e++) chunkMax = fmaxf(chunkMax, v[e]);
        if (chunkMax > m) {
            s *= expf(m - chunkMax);  // 0 while m is -inf
            m = chunkMax;
        }
        if (m == NEG_INF) continue;  // every element so far -inf: the terms are 0, and exp(-inf - -inf) would be NaN
#pragma unroll
        for (int e = 0; e < 8; e++) s += expf(v[e] - m);
    }
    float rowMax = block_max(m);
    s = m == NEG_INF ? 0.f : s * expf(m - rowMax);
    return rowMax + logf(block_sum(s));
}

// logits (N, V) of T (float32 or bf16), targets (N) -> losses (N) (0 where ignored), lse (N)
template <typename T>
__device__ void cross_entropy_rows(const T* logits, const int* targets, int vocab, int ignore, float* losses, float* lse,
                                   int* errors) {
    int row = blockIdx.x;
    const T* xr = logits + (long long) row * vocab;
    float logSumExp = row_log_sum_exp(xr, vocab);
    if (threadIdx.x != 0) return;
    int target = targets[row];
    lse[row] = logSumExp;
    if (target == ignore) {
        losses[row] = 0.f;
    } else if (target < 0 || target >= vocab) {
        losses[row] = 0.f;
        report_error(errors, 2, target, vocab);
    } else {
        losses[row] = logSumExp - as_float(xr[target]);
    }
}

extern "C" __global__ void cross_entropy_forward(const float* logits, const int* targets, int vocab, int ignore,
                                                 float* losses, float* lse, int* errors) {
    cross_entropy_rows(logits, targets, vocab, ignore, losses, lse, errors);
}

extern "C" __global__ void cross_entropy_forward_bf16(const bf16_t* logits, const int* targets, int vocab, int ignore,
                                                      float* losses, float* lse, int* errors) {
    cross_entropy_rows(logits, targets, vocab, ignore, losses, lse, errors);
}

// targets (n) -> out (2): c = the number of targets that are not ignore, at least 1, and 1 / c, as floats (the mean's
// divisor and its reciprocal, on the device so that the host never waits for them). One block.
extern "C" __global__ void cross_entropy_divisor(const int* targets, int n, int ignore, float* out) {
    int counted = 0;
    for (int i = threadIdx.x; i < n; i += blockDim.x) counted += targets[i] != ignore;
    counted = block_sum(counted);
    if (threadIdx.x == 0) {
        float c = (float) max(counted, 1);
        out[0] = c;
        out[1] = __frcp_rn(c);
    }
}

// logits (N, V), targets, lse (N) -> dlogits (N, V) = scale * (softmax - onehot(target)); zero rows where ignored.
// The scale is read from the device (the loss's gradient over the divisor).
extern "C" __global__ void cross_entropy_backward(const float* logits, const int* targets, const float* lse, int vocab,
                                                  int ignore, const float* scaleOnDevice, float* dlogits) {
    float scale = *scaleOnDevice;
    int row = blockIdx.x, target = targets[row];
    long long base = (long long) row * vocab;
    bool ignored = target == ignore;
    float shift = lse[row];
    for (int j = aligned_first(logits + base); j < vocab; j += blockDim.x) {
        if (j < 0) continue;
        float g = ignored ? 0.f : scale * expf(logits[base + j] - shift);
        dlogits[base + j] = j == target ? g - scale : g;
    }
}

// cross_entropy_backward for bf16 logits and dlogits, in RowChunks of the logits row. Where vectors is 0 (dlogits
// not at the same offset as logits from a 16-byte boundary) the chunks are stored an element at a time.
extern "C" __global__ void cross_entropy_backward_bf16(const bf16_t* logits, const int* targets, const float* lse,
                                                       int vocab, int ignore, const float* scaleOnDevice, bf16_t* dlogits,
                                                       int vectors) {
    float scale = *scaleOnDevice;
    int row = blockIdx.x, target = targets[row];
    long long base = (long long) row * vocab;
    bool ignored = target == ignore;
    float shift = lse[row];
    const bf16_t* xr = logits + base;
    bf16_t* dr = dlogits + base;
    RowChunks chunks(xr, vocab);
    for (int k = threadIdx.x; k < chunks.count; k += blockDim.x) {
        int first = chunks.first(k);
        float g[8];
        load_chunk(xr, vocab, first, 0.f, g);
#pragma unroll
        for (int e = 0; e < 8; e++) {
            g[e] = ignored ? 0.f : scale * expf(g[e] - shift);
            if (first + e == target) g[e] -= scale;
        }
        if (vectors && first >= 0 && first + 8 <= vocab) {
            store_eight(dr + first, g);
        } else {
#pragma unroll
            for (int e = 0; e < 8; e++) {
                if (first + e >= 0 && first + e < vocab) dr[first + e] = bf16_bits(g[e]);
            }
        }
    }
}

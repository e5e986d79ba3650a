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

// logits (N, V), targets (N) -> losses (N) (0 where ignored), lse (N)
extern "C" __global__ void cross_entropy_forward(const float* logits, const int* targets, int vocab, int ignore,
                                                 float* losses, float* lse, int* errors) {
    int row = blockIdx.x;
    const float* xr = logits + (long long) row * vocab;
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
        losses[row] = logSumExp - xr[target];
    }
}

// logits (N, V), targets, lse (N) -> dlogits (N, V) = scale * (softmax - onehot(target)); zero rows where ignored
extern "C" __global__ void cross_entropy_backward(const float* logits, const int* targets, const float* lse, int vocab,
                                                  int ignore, float scale, float* dlogits) {
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

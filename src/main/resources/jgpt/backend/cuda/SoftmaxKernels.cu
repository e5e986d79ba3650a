// Row softmax, and cross-entropy fused with log-softmax (jgpt.backend.cuda.SoftmaxKernels). One block per row.
#include "common.cuh"

// x (N, K) -> out (N, K)
extern "C" __global__ void softmax_forward(const float* x, float* out, int cols) {
    const float* xr = x + (long long) blockIdx.x * cols;
    float* o = out + (long long) blockIdx.x * cols;
    float m = NEG_INF;
    for (int j = threadIdx.x; j < cols; j += blockDim.x) m = fmaxf(m, xr[j]);
    m = block_max(m);
    float s = 0.f;
    for (int j = threadIdx.x; j < cols; j += blockDim.x) s += expf(xr[j] - m);
    float inv = 1.f / block_sum(s);
    for (int j = threadIdx.x; j < cols; j += blockDim.x) o[j] = expf(xr[j] - m) * inv;
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
    float m = NEG_INF;
    for (int j = threadIdx.x; j < vocab; j += blockDim.x) m = fmaxf(m, xr[j]);
    m = block_max(m);
    float s = 0.f;
    for (int j = threadIdx.x; j < vocab; j += blockDim.x) s += expf(xr[j] - m);
    float logSumExp = m + logf(block_sum(s));
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
    for (int j = threadIdx.x; j < vocab; j += blockDim.x) {
        float g = ignored ? 0.f : scale * expf(logits[base + j] - shift);
        dlogits[base + j] = j == target ? g - scale : g;
    }
}

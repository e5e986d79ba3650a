// LayerNorm over the last axis, forward and backward (jgpt.backend.cuda.LayerNormKernels). One warp per row.
#include "common.cuh"

__device__ __forceinline__ int warp_row() {
    return blockIdx.x * (blockDim.x >> 5) + (threadIdx.x >> 5);
}

// x (N, C), gamma (C), beta (C) -> out (N, C), mean (N), rstd (N)
extern "C" __global__ void layernorm_forward(const float* x, const float* gamma, const float* beta, int rows, int c,
                                             float eps, float* out, float* mean, float* rstd) {
    int row = warp_row(), lane = threadIdx.x & 31;
    if (row >= rows) return;
    const float* xr = x + (long long) row * c;
    float s = 0.f;
    for (int j = lane; j < c; j += 32) s += xr[j];
    float mu = warp_sum(s) / c;
    float v = 0.f;
    for (int j = lane; j < c; j += 32) {
        float d = xr[j] - mu;
        v += d * d;
    }
    float rs = 1.f / sqrtf(warp_sum(v) / c + eps);
    float* o = out + (long long) row * c;
    for (int j = lane; j < c; j += 32) o[j] = (xr[j] - mu) * rs * gamma[j] + beta[j];
    if (lane == 0) {
        mean[row] = mu;
        rstd[row] = rs;
    }
}

// dout, x (N, C), gamma (C), mean, rstd (N) -> dx (N, C)
extern "C" __global__ void layernorm_backward_input(const float* dout, const float* x, const float* gamma,
                                                    const float* mean, const float* rstd, int rows, int c, float* dx) {
    int row = warp_row(), lane = threadIdx.x & 31;
    if (row >= rows) return;
    const float* xr = x + (long long) row * c;
    const float* gr = dout + (long long) row * c;
    float mu = mean[row], rs = rstd[row];
    float sumDn = 0.f, sumDnNorm = 0.f;
    for (int j = lane; j < c; j += 32) {
        float dn = gr[j] * gamma[j];
        sumDn += dn;
        sumDnNorm += dn * (xr[j] - mu) * rs;
    }
    float meanDn = warp_sum(sumDn) / c, meanDnNorm = warp_sum(sumDnNorm) / c;
    float* d = dx + (long long) row * c;
    for (int j = lane; j < c; j += 32) {
        float norm = (xr[j] - mu) * rs;
        d[j] = rs * (gr[j] * gamma[j] - meanDn - norm * meanDnNorm);
    }
}

// dout, x (N, C), mean, rstd (N) -> partials (2, chunks, C): the dgamma and dbeta sums over chunk blockIdx.y of
// the rows. Block (32, 32): x over columns, y over rows; grid (ceil(C / 32), chunks), so that a GPT's C = 768
// (24 column blocks) still fills every multiprocessor.
extern "C" __global__ void layernorm_backward_params(const float* dout, const float* x, const float* mean,
                                                     const float* rstd, int rows, int c, float* partials) {
    __shared__ float partialGamma[32][33], partialBeta[32][33];
    int col = blockIdx.x * 32 + threadIdx.x, chunks = gridDim.y;
    int chunkRows = (rows + chunks - 1) / chunks, first = blockIdx.y * chunkRows, last = min(rows, first + chunkRows);
    float g = 0.f, b = 0.f;
    if (col < c) {
        for (int r = first + threadIdx.y; r < last; r += blockDim.y) {
            long long at = (long long) r * c + col;
            g += dout[at] * (x[at] - mean[r]) * rstd[r];
            b += dout[at];
        }
    }
    partialGamma[threadIdx.y][threadIdx.x] = g;
    partialBeta[threadIdx.y][threadIdx.x] = b;
    __syncthreads();
    if (threadIdx.y == 0 && col < c) {
        for (int r = 1; r < blockDim.y; r++) {
            g += partialGamma[r][threadIdx.x];
            b += partialBeta[r][threadIdx.x];
        }
        partials[(long long) blockIdx.y * c + col] = g;
        partials[((long long) chunks + blockIdx.y) * c + col] = b;
    }
}

// partials (2, chunks, C) -> dgamma, dbeta (C), accumulated in a fixed order (the same sums on every run)
extern "C" __global__ void layernorm_params_accumulate(const float* partials, int chunks, int c, float* dgamma, float* dbeta) {
    int col = blockIdx.x * blockDim.x + threadIdx.x;
    if (col >= c) return;
    float g = 0.f, b = 0.f;
    for (int k = 0; k < chunks; k++) {
        g += partials[(long long) k * c + col];
        b += partials[((long long) chunks + k) * c + col];
    }
    dgamma[col] += g;
    dbeta[col] += b;
}

// LayerNorm over the last axis, forward and backward (jgpt.backend.cuda.LayerNormKernels). One warp per row.
#include "common.cuh"

__device__ __forceinline__ int warp_row() {
    return blockIdx.x * (blockDim.x >> 5) + (threadIdx.x >> 5);
}

// x (N, C), gamma (C), beta (C) float32 -> out (N, C) of O (float32 or bf16), mean (N), rstd (N) float32
template <typename O>
__device__ void normalize_rows(const float* x, const float* gamma, const float* beta, int rows, int c, float eps, O* out,
                               float* mean, float* rstd) {
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
    O* o = out + (long long) row * c;
    for (int j = lane; j < c; j += 32) store_as(o + j, (xr[j] - mu) * rs * gamma[j] + beta[j]);
    if (lane == 0) {
        mean[row] = mu;
        rstd[row] = rs;
    }
}

// dout (N, C) of G (float32 or bf16), x (N, C), gamma (C), mean, rstd (N) -> dx (N, C) float32
template <typename G>
__device__ void normalize_rows_backward(const G* dout, const float* x, const float* gamma, const float* mean,
                                        const float* rstd, int rows, int c, float* dx) {
    int row = warp_row(), lane = threadIdx.x & 31;
    if (row >= rows) return;
    const float* xr = x + (long long) row * c;
    const G* gr = dout + (long long) row * c;
    float mu = mean[row], rs = rstd[row];
    float sumDn = 0.f, sumDnNorm = 0.f;
    for (int j = lane; j < c; j += 32) {
        float dn = as_float(gr[j]) * gamma[j];
        sumDn += dn;
        sumDnNorm += dn * (xr[j] - mu) * rs;
    }
    float meanDn = warp_sum(sumDn) / c, meanDnNorm = warp_sum(sumDnNorm) / c;
    float* d = dx + (long long) row * c;
    for (int j = lane; j < c; j += 32) {
        float norm = (xr[j] - mu) * rs;
        d[j] = rs * (as_float(gr[j]) * gamma[j] - meanDn - norm * meanDnNorm);
    }
}

// The same two kernels for rows of C = 128 k floats, k <= MAX_CHUNKS (GPT-2's 768 and 1024): each lane keeps its k
// float4 chunks of the row (chunk j at column 4 (lane + 32 j)) in registers, so the row is read from memory once
// instead of once per pass. A bf16 row moves in 8-byte chunks of four, in the same pattern.
#define MAX_CHUNKS 8

template <typename T>
__device__ __forceinline__ float4 load4(const T* row, int chunk) {
    return load_four(row + 4 * ((threadIdx.x & 31) + 32 * chunk));
}

template <typename T>
__device__ __forceinline__ void store4(T* row, int chunk, float4 v) {
    store_four(row + 4 * ((threadIdx.x & 31) + 32 * chunk), v);
}

__device__ __forceinline__ float sum4(float4 v) {
    return v.x + v.y + v.z + v.w;
}

template <typename O>
__device__ void normalize_register_rows(const float* x, const float* gamma, const float* beta, int rows, int c, float eps,
                                        O* out, float* mean, float* rstd) {
    int row = warp_row(), chunks = c / 128;
    if (row >= rows) return;
    const float* xr = x + (long long) row * c;
    float4 v[MAX_CHUNKS];
    float s = 0.f;
#pragma unroll
    for (int j = 0; j < MAX_CHUNKS; j++) {
        if (j < chunks) {
            v[j] = load4(xr, j);
            s += sum4(v[j]);
        }
    }
    float mu = warp_sum(s) / c, var = 0.f;
#pragma unroll
    for (int j = 0; j < MAX_CHUNKS; j++) {
        if (j < chunks) {
            float4 d = make_float4(v[j].x - mu, v[j].y - mu, v[j].z - mu, v[j].w - mu);
            var += d.x * d.x + d.y * d.y + d.z * d.z + d.w * d.w;
        }
    }
    float rs = rsqrtf(warp_sum(var) / c + eps);
    O* o = out + (long long) row * c;
#pragma unroll
    for (int j = 0; j < MAX_CHUNKS; j++) {
        if (j < chunks) {
            float4 g = load4(gamma, j), b = load4(beta, j);
            store4(o, j, make_float4((v[j].x - mu) * rs * g.x + b.x, (v[j].y - mu) * rs * g.y + b.y,
                                     (v[j].z - mu) * rs * g.z + b.z, (v[j].w - mu) * rs * g.w + b.w));
        }
    }
    if ((threadIdx.x & 31) == 0) {
        mean[row] = mu;
        rstd[row] = rs;
    }
}

template <typename G>
__device__ void normalize_register_rows_backward(const G* dout, const float* x, const float* gamma, const float* mean,
                                                 const float* rstd, int rows, int c, float* dx) {
    int row = warp_row(), chunks = c / 128;
    if (row >= rows) return;
    const float* xr = x + (long long) row * c;
    const G* gr = dout + (long long) row * c;
    float mu = mean[row], rs = rstd[row];
    float4 dn[MAX_CHUNKS], norm[MAX_CHUNKS];   // dout * gamma, and the normalised input
    float sumDn = 0.f, sumDnNorm = 0.f;
#pragma unroll
    for (int j = 0; j < MAX_CHUNKS; j++) {
        if (j < chunks) {
            float4 g = load4(gr, j), w = load4(gamma, j), xv = load4(xr, j);
            dn[j] = make_float4(g.x * w.x, g.y * w.y, g.z * w.z, g.w * w.w);
            norm[j] = make_float4((xv.x - mu) * rs, (xv.y - mu) * rs, (xv.z - mu) * rs, (xv.w - mu) * rs);
            sumDn += sum4(dn[j]);
            sumDnNorm += dn[j].x * norm[j].x + dn[j].y * norm[j].y + dn[j].z * norm[j].z + dn[j].w * norm[j].w;
        }
    }
    float meanDn = warp_sum(sumDn) / c, meanDnNorm = warp_sum(sumDnNorm) / c;
    float* d = dx + (long long) row * c;
#pragma unroll
    for (int j = 0; j < MAX_CHUNKS; j++) {
        if (j < chunks) {
            store4(d, j, make_float4(rs * (dn[j].x - meanDn - norm[j].x * meanDnNorm), rs * (dn[j].y - meanDn - norm[j].y * meanDnNorm),
                                     rs * (dn[j].z - meanDn - norm[j].z * meanDnNorm), rs * (dn[j].w - meanDn - norm[j].w * meanDnNorm)));
        }
    }
}

// dout (N, C) of G (float32 or bf16), x (N, C), mean, rstd (N) -> partials (2, chunks, C): the dgamma and dbeta
// sums over chunk blockIdx.y of the rows. Block (32, 32): x over columns, y over rows; grid (ceil(C / 32), chunks),
// so that a GPT's C = 768 (24 column blocks) still fills every multiprocessor.
template <typename G>
__device__ void parameter_partials(const G* dout, const float* x, const float* mean, const float* rstd, int rows, int c,
                                   float* partials) {
    __shared__ float partialGamma[32][33], partialBeta[32][33];
    int col = blockIdx.x * 32 + threadIdx.x, chunks = gridDim.y;
    int chunkRows = (rows + chunks - 1) / chunks, first = blockIdx.y * chunkRows, last = min(rows, first + chunkRows);
    float g = 0.f, b = 0.f;
    if (col < c) {
        for (int r = first + threadIdx.y; r < last; r += blockDim.y) {
            long long at = (long long) r * c + col;
            float d = as_float(dout[at]);
            g += d * (x[at] - mean[r]) * rstd[r];
            b += d;
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

// The kernels: float32, and _bf16 with bf16 out (forward) or bf16 dout (backward)
extern "C" __global__ void layernorm_forward(const float* x, const float* gamma, const float* beta, int rows, int c,
                                             float eps, float* out, float* mean, float* rstd) {
    normalize_rows(x, gamma, beta, rows, c, eps, out, mean, rstd);
}

extern "C" __global__ void layernorm_forward_bf16(const float* x, const float* gamma, const float* beta, int rows, int c,
                                                  float eps, bf16_t* out, float* mean, float* rstd) {
    normalize_rows(x, gamma, beta, rows, c, eps, out, mean, rstd);
}

extern "C" __global__ void layernorm_forward_rows(const float* x, const float* gamma, const float* beta, int rows, int c,
                                                  float eps, float* out, float* mean, float* rstd) {
    normalize_register_rows(x, gamma, beta, rows, c, eps, out, mean, rstd);
}

extern "C" __global__ void layernorm_forward_rows_bf16(const float* x, const float* gamma, const float* beta, int rows,
                                                       int c, float eps, bf16_t* out, float* mean, float* rstd) {
    normalize_register_rows(x, gamma, beta, rows, c, eps, out, mean, rstd);
}

extern "C" __global__ void layernorm_backward_input(const float* dout, const float* x, const float* gamma,
                                                    const float* mean, const float* rstd, int rows, int c, float* dx) {
    normalize_rows_backward(dout, x, gamma, mean, rstd, rows, c, dx);
}

extern "C" __global__ void layernorm_backward_input_bf16(const bf16_t* dout, const float* x, const float* gamma,
                                                         const float* mean, const float* rstd, int rows, int c, float* dx) {
    normalize_rows_backward(dout, x, gamma, mean, rstd, rows, c, dx);
}

extern "C" __global__ void layernorm_backward_input_rows(const float* dout, const float* x, const float* gamma,
                                                         const float* mean, const float* rstd, int rows, int c, float* dx) {
    normalize_register_rows_backward(dout, x, gamma, mean, rstd, rows, c, dx);
}

extern "C" __global__ void layernorm_backward_input_rows_bf16(const bf16_t* dout, const float* x, const float* gamma,
                                                              const float* mean, const float* rstd, int rows, int c,
                                                              float* dx) {
    normalize_register_rows_backward(dout, x, gamma, mean, rstd, rows, c, dx);
}

extern "C" __global__ void layernorm_backward_params(const float* dout, const float* x, const float* mean,
                                                     const float* rstd, int rows, int c, float* partials) {
    parameter_partials(dout, x, mean, rstd, rows, c, partials);
}

extern "C" __global__ void layernorm_backward_params_bf16(const bf16_t* dout, const float* x, const float* mean,
                                                          const float* rstd, int rows, int c, float* partials) {
    parameter_partials(dout, x, mean, rstd, rows, c, partials);
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

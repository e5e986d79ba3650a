// Strided copies, broadcasting arithmetic, reductions, GELU and dropout (jgpt.backend.cuda.ElementwiseKernels).
#include "common.cuh"

#define MAX_RANK 8

// A shape (outermost axis first, coalesced on the host) and the element strides of two views over it.
struct Layout {
    int rank;
    int shape[MAX_RANK];
    int strideA[MAX_RANK];
    int strideB[MAX_RANK];
};

// Offsets in both views of the element with row-major index idx.
__device__ __forceinline__ void view_offsets(const Layout& l, int idx, int& a, int& b) {
    a = 0;
    b = 0;
#pragma unroll
    for (int d = MAX_RANK - 1; d >= 0; d--) {
        if (d < l.rank) {
            int i = idx % l.shape[d];
            idx /= l.shape[d];
            a += i * l.strideA[d];
            b += i * l.strideB[d];
        }
    }
}

__device__ __forceinline__ int thread_index() {
    return blockIdx.x * blockDim.x + threadIdx.x;
}

// view src (strides A) -> view dst (strides B), n elements of 32 bits (float or int)
extern "C" __global__ void copy_strided(const unsigned* src, unsigned* dst, Layout layout, int n) {
    int i = thread_index();
    if (i >= n) return;
    int a, b;
    view_offsets(layout, i, a, b);
    dst[b] = src[a];
}

// copy_strided four elements at a time: the innermost axis is contiguous in both views and a multiple of 4 long,
// every other stride a multiple of 4 and both bases 16-byte aligned. n4 = n / 4.
extern "C" __global__ void copy_strided4(const float* src, float* dst, Layout layout, int n4) {
    int i = thread_index();
    if (i >= n4) return;
    int a, b;
    view_offsets(layout, 4 * i, a, b);
    *reinterpret_cast<float4*>(dst + b) = *reinterpret_cast<const float4*>(src + a);
}

__device__ __forceinline__ float apply(int op, float u, float v) {
    return op == 0 ? u + v : op == 1 ? u - v : op == 2 ? u * v : u / v;
}

// binary four elements at a time, under copy_strided4's conditions (out dense and aligned). n4 = n / 4.
extern "C" __global__ void binary4(const float* x, const float* y, float* out, Layout layout, int n4, int op) {
    int i = thread_index();
    if (i >= n4) return;
    int a, b;
    view_offsets(layout, 4 * i, a, b);
    float4 u = *reinterpret_cast<const float4*>(x + a), v = *reinterpret_cast<const float4*>(y + b);
    *reinterpret_cast<float4*>(out + 4 * i) = make_float4(apply(op, u.x, v.x), apply(op, u.y, v.y), apply(op, u.z, v.z), apply(op, u.w, v.w));
}

// out (n, dense) = x op y over views x (strides A) and y (strides B); op: 0 add, 1 sub, 2 mul, 3 div
extern "C" __global__ void binary(const float* x, const float* y, float* out, Layout layout, int n, int op) {
    int i = thread_index();
    if (i >= n) return;
    int a, b;
    view_offsets(layout, i, a, b);
    out[i] = apply(op, x[a], y[b]);
}

// out (n) = alpha * x (n); out may be x
extern "C" __global__ void scale(const float* x, float alpha, float* out, int n) {
    int i = thread_index();
    if (i < n) out[i] = x[i] * alpha;
}

// y (n) += alpha * x (n)
extern "C" __global__ void axpy(float alpha, const float* x, float* y, int n) {
    int i = thread_index();
    if (i < n) y[i] += alpha * x[i];
}

// x (outer, mid, inner) -> out (outer, inner). Block (32, 32): x over 32 columns, y over the middle axis;
// the grid runs over outer * column blocks.
extern "C" __global__ void sum_middle(const float* x, int outer, int mid, int inner, float* out) {
    __shared__ float partial[32][33];
    int columnBlocks = (inner + 31) / 32;
    int o = blockIdx.x / columnBlocks, col = (blockIdx.x % columnBlocks) * 32 + threadIdx.x;
    float s = 0.f;
    if (col < inner) {
        const float* base = x + (long long) o * mid * inner + col;
        for (int m = threadIdx.y; m < mid; m += blockDim.y) s += base[(long long) m * inner];
    }
    partial[threadIdx.y][threadIdx.x] = s;
    __syncthreads();
    if (threadIdx.y == 0 && col < inner) {
        for (int r = 1; r < blockDim.y; r++) s += partial[r][threadIdx.x];
        out[(long long) o * inner + col] = s;
    }
}

// x (rows, cols) -> out (rows): one block per row
extern "C" __global__ void sum_rows(const float* x, int cols, float* out) {
    const float* row = x + (long long) blockIdx.x * cols;
    float s = 0.f;
    for (int j = threadIdx.x; j < cols; j += blockDim.x) s += row[j];
    s = block_sum(s);
    if (threadIdx.x == 0) out[blockIdx.x] = s;
}

// x (n) -> partials (gridDim.x): each block's sum of squares, in double
extern "C" __global__ void sum_of_squares(const float* x, int n, double* partials) {
    double s = 0.0;
    for (int i = thread_index(); i < n; i += gridDim.x * blockDim.x) {
        double v = x[i];
        s += v * v;
    }
    s = block_sum(s);
    if (threadIdx.x == 0) partials[blockIdx.x] = s;
}

// x (n) -> out (n): GELU, tanh approximation
extern "C" __global__ void gelu_forward(const float* x, float* out, int n) {
    int i = thread_index();
    if (i >= n) return;
    float v = x[i];
    out[i] = gelu_tanh(v);
}

// dout, x (n) -> dx (n)
extern "C" __global__ void gelu_backward(const float* dout, const float* x, float* dx, int n, unsigned short* dxBf16) {
    int i = thread_index();
    if (i >= n) return;
    float v = x[i];
    float th = tanhf(GELU_K * (v + GELU_C * v * v * v));
    float du = GELU_K * (1.f + 3.f * GELU_C * v * v);
    float d = dout[i] * (0.5f * (1.f + th) + 0.5f * v * (1.f - th * th) * du);
    dx[i] = d;
    if (dxBf16) dxBf16[i] = bf16_bits(d);   // a linear layer's bf16 copy of its output gradient, made in the same pass
}

// x (n) -> out, mask (n). uniform(seed, i) is jgpt.backend.cpu.DropoutHash's SplitMix64 mix, bit for bit.
extern "C" __global__ void dropout_forward(const float* x, float* out, float* mask, int n, float p, float keep,
                                           unsigned long long seed) {
    int i = thread_index();
    if (i >= n) return;
    unsigned long long z = seed + (unsigned long long) (i + 1) * 0x9E3779B97F4A7C15ull;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    z ^= z >> 31;
    float uniform = (float) (z >> 40) * 5.9604644775390625e-8f;  // 24 bits times 2^-24
    float m = uniform < p ? 0.f : keep;
    mask[i] = m;
    out[i] = x[i] * m;
}

// Strided copies, broadcasting arithmetic, reductions, GELU and dropout (jgpt.backend.cuda.ElementwiseKernels).
// Kernels over bf16 buffers are variants of the float32 ones, suffixed with their buffers' element types in argument
// order, f for float32 and b for bf16 (binary_fbf: float32 + bf16 -> float32; see ElementTypes.java).
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

// view src (strides A) -> view dst (strides B), n elements of T copied bit for bit
template <typename T>
__device__ void copy_view(const T* src, T* dst, const Layout& layout, int n) {
    int i = thread_index();
    if (i >= n) return;
    int a, b;
    view_offsets(layout, i, a, b);
    dst[b] = src[a];
}

// copy_view four elements (one V) at a time: the innermost axis is contiguous in both views and a multiple of 4
// long, every other stride a multiple of 4 and both bases aligned to sizeof(V). n4 = n / 4.
template <typename T, typename V>
__device__ void copy_view4(const T* src, T* dst, const Layout& layout, int n4) {
    int i = thread_index();
    if (i >= n4) return;
    int a, b;
    view_offsets(layout, 4 * i, a, b);
    *reinterpret_cast<V*>(dst + b) = *reinterpret_cast<const V*>(src + a);
}

// copy_view between float32 and bf16 (rounded to nearest even), one element or four at a time
template <typename S, typename D>
__device__ void convert_view(const S* src, D* dst, const Layout& layout, int n) {
    int i = thread_index();
    if (i >= n) return;
    int a, b;
    view_offsets(layout, i, a, b);
    store_as(dst + b, as_float(src[a]));
}

template <typename S, typename D>
__device__ void convert_view4(const S* src, D* dst, const Layout& layout, int n4) {
    int i = thread_index();
    if (i >= n4) return;
    int a, b;
    view_offsets(layout, 4 * i, a, b);
    store_four(dst + b, load_four(src + a));
}

// 32-bit elements (float or int)
extern "C" __global__ void copy_strided(const unsigned* src, unsigned* dst, Layout layout, int n) {
    copy_view(src, dst, layout, n);
}

extern "C" __global__ void copy_strided4(const float* src, float* dst, Layout layout, int n4) {
    copy_view4<float, float4>(src, dst, layout, n4);
}

extern "C" __global__ void copy_strided_bb(const bf16_t* src, bf16_t* dst, Layout layout, int n) {
    copy_view(src, dst, layout, n);
}

extern "C" __global__ void copy_strided4_bb(const bf16_t* src, bf16_t* dst, Layout layout, int n4) {
    copy_view4<bf16_t, uint2>(src, dst, layout, n4);
}

extern "C" __global__ void copy_strided_fb(const float* src, bf16_t* dst, Layout layout, int n) {
    convert_view(src, dst, layout, n);
}

extern "C" __global__ void copy_strided4_fb(const float* src, bf16_t* dst, Layout layout, int n4) {
    convert_view4(src, dst, layout, n4);
}

extern "C" __global__ void copy_strided_bf(const bf16_t* src, float* dst, Layout layout, int n) {
    convert_view(src, dst, layout, n);
}

extern "C" __global__ void copy_strided4_bf(const bf16_t* src, float* dst, Layout layout, int n4) {
    convert_view4(src, dst, layout, n4);
}

__device__ __forceinline__ float apply(int op, float u, float v) {
    return op == 0 ? u + v : op == 1 ? u - v : op == 2 ? u * v : u / v;
}

// out (n, dense) = x op y over views x (strides A) and y (strides B); op: 0 add, 1 sub, 2 mul, 3 div. Each of x, y
// and out is float32 or bf16.
template <typename X, typename Y, typename O>
__device__ void binary_view(const X* x, const Y* y, O* out, const Layout& layout, int n, int op) {
    int i = thread_index();
    if (i >= n) return;
    int a, b;
    view_offsets(layout, i, a, b);
    store_as(out + i, apply(op, as_float(x[a]), as_float(y[b])));
}

// binary_view four elements at a time, under copy_view4's conditions (out dense and aligned too). n4 = n / 4.
template <typename X, typename Y, typename O>
__device__ void binary_view4(const X* x, const Y* y, O* out, const Layout& layout, int n4, int op) {
    int i = thread_index();
    if (i >= n4) return;
    int a, b;
    view_offsets(layout, 4 * i, a, b);
    float4 u = load_four(x + a), v = load_four(y + b);
    store_four(out + 4 * i, make_float4(apply(op, u.x, v.x), apply(op, u.y, v.y), apply(op, u.z, v.z), apply(op, u.w, v.w)));
}

extern "C" __global__ void binary(const float* x, const float* y, float* out, Layout layout, int n, int op) {
    binary_view(x, y, out, layout, n, op);
}

extern "C" __global__ void binary4(const float* x, const float* y, float* out, Layout layout, int n4, int op) {
    binary_view4(x, y, out, layout, n4, op);
}

// binary_<types> and binary4_<types>: the element types of x, y and out, f for float32 and b for bf16
#define BINARY_KERNELS(types, X, Y, O)                                                                              \
    extern "C" __global__ void binary_##types(const X* x, const Y* y, O* out, Layout layout, int n, int op) {       \
        binary_view(x, y, out, layout, n, op);                                                                      \
    }                                                                                                               \
    extern "C" __global__ void binary4_##types(const X* x, const Y* y, O* out, Layout layout, int n4, int op) {     \
        binary_view4(x, y, out, layout, n4, op);                                                                    \
    }

BINARY_KERNELS(ffb, float, float, bf16_t)
BINARY_KERNELS(fbf, float, bf16_t, float)  // the residual stream plus a bf16 projection
BINARY_KERNELS(fbb, float, bf16_t, bf16_t)
BINARY_KERNELS(bff, bf16_t, float, float)
BINARY_KERNELS(bfb, bf16_t, float, bf16_t)
BINARY_KERNELS(bbf, bf16_t, bf16_t, float)
BINARY_KERNELS(bbb, bf16_t, bf16_t, bf16_t)

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

// x (outer, mid, inner) of float32 or bf16 -> out (outer, inner) float32. Block (32, 32): x over 32 columns, y over
// the middle axis; the grid runs over outer * column blocks.
template <typename T>
__device__ void sum_middle_axis(const T* x, int outer, int mid, int inner, float* out) {
    __shared__ float partial[32][33];
    int columnBlocks = (inner + 31) / 32;
    int o = blockIdx.x / columnBlocks, col = (blockIdx.x % columnBlocks) * 32 + threadIdx.x;
    float s = 0.f;
    if (col < inner) {
        const T* base = x + (long long) o * mid * inner + col;
        for (int m = threadIdx.y; m < mid; m += blockDim.y) s += as_float(base[(long long) m * inner]);
    }
    partial[threadIdx.y][threadIdx.x] = s;
    __syncthreads();
    if (threadIdx.y == 0 && col < inner) {
        for (int r = 1; r < blockDim.y; r++) s += partial[r][threadIdx.x];
        out[(long long) o * inner + col] = s;
    }
}

// x (rows, cols) -> out (rows): one block per row
template <typename T>
__device__ void sum_row(const T* x, int cols, float* out) {
    const T* row = x + (long long) blockIdx.x * cols;
    float s = 0.f;
    for (int j = threadIdx.x; j < cols; j += blockDim.x) s += as_float(row[j]);
    s = block_sum(s);
    if (threadIdx.x == 0) out[blockIdx.x] = s;
}

extern "C" __global__ void sum_middle(const float* x, int outer, int mid, int inner, float* out) {
    sum_middle_axis(x, outer, mid, inner, out);
}

extern "C" __global__ void sum_middle_b(const bf16_t* x, int outer, int mid, int inner, float* out) {
    sum_middle_axis(x, outer, mid, inner, out);
}

extern "C" __global__ void sum_rows(const float* x, int cols, float* out) {
    sum_row(x, cols, out);
}

extern "C" __global__ void sum_rows_b(const bf16_t* x, int cols, float* out) {
    sum_row(x, cols, out);
}

// x (n) -> out (n): GELU, tanh approximation
extern "C" __global__ void gelu_forward(const float* x, float* out, int n) {
    int i = thread_index();
    if (i >= n) return;
    float v = x[i];
    out[i] = gelu_tanh(v);
}

// d gelu(v) / dv
__device__ __forceinline__ float gelu_slope(float v) {
    float th = tanhf(GELU_K * (v + GELU_C * v * v * v));
    float du = GELU_K * (1.f + 3.f * GELU_C * v * v);
    return 0.5f * (1.f + th) + 0.5f * v * (1.f - th * th) * du;
}

// dout, x (n) -> dx (n); each of float32 or bf16.
template <typename D, typename X, typename G>
__device__ void gelu_gradient(const D* dout, const X* x, G* dx, int n) {
    int i = thread_index();
    if (i >= n) return;
    float v = as_float(x[i]);
    float d = as_float(dout[i]) * gelu_slope(v);
    store_as(dx + i, d);
}

// gelu_gradient eight elements at a time: n a multiple of 8, every buffer 16-byte aligned. n8 = n / 8.
template <typename D, typename X, typename G>
__device__ void gelu_gradient8(const D* dout, const X* x, G* dx, int n8) {
    int i = thread_index();
    if (i >= n8) return;
    float d[8], v[8];
    load_eight(dout + 8 * i, d);
    load_eight(x + 8 * i, v);
#pragma unroll
    for (int k = 0; k < 8; k++) d[k] *= gelu_slope(v[k]);
    store_eight(dx + 8 * i, d);
}

extern "C" __global__ void gelu_backward(const float* dout, const float* x, float* dx, int n) {
    gelu_gradient(dout, x, dx, n);
}

// gelu_backward_<types> and gelu_backward8_<types>: the element types of dout, x and dx, f for float32 and b for bf16
#define GELU_BACKWARD_KERNELS(types, D, X, G)                                                                       \
    extern "C" __global__ void gelu_backward_##types(const D* dout, const X* x, G* dx, int n) {                      \
        gelu_gradient(dout, x, dx, n);                                                                              \
    }                                                                                                               \
    extern "C" __global__ void gelu_backward8_##types(const D* dout, const X* x, G* dx, int n8) {                    \
        gelu_gradient8(dout, x, dx, n8);                                                                            \
    }

GELU_BACKWARD_KERNELS(ffb, float, float, bf16_t)
GELU_BACKWARD_KERNELS(fbf, float, bf16_t, float)
GELU_BACKWARD_KERNELS(fbb, float, bf16_t, bf16_t)
GELU_BACKWARD_KERNELS(bff, bf16_t, float, float)
GELU_BACKWARD_KERNELS(bfb, bf16_t, float, bf16_t)
GELU_BACKWARD_KERNELS(bbf, bf16_t, bf16_t, float)
GELU_BACKWARD_KERNELS(bbb, bf16_t, bf16_t, bf16_t)  // the MLP's hidden layer in bf16 precision

// x (n) -> out (n) = x times the mask of seed (forward, and backward on the gradient), computed in float32
template <typename X, typename O>
__device__ __forceinline__ void drop(const X* x, O* out, int n, float p, float keep, unsigned long long seed) {
    int i = thread_index();
    if (i < n) store_as(out + i, as_float(x[i]) * dropout_factor(seed, i, p, keep));
}

extern "C" __global__ void dropout(const float* x, float* out, int n, float p, float keep, unsigned long long seed) {
    drop(x, out, n, p, keep, seed);
}

extern "C" __global__ void dropout_fb(const float* x, bf16_t* out, int n, float p, float keep, unsigned long long seed) {
    drop(x, out, n, p, keep, seed);  // a float32 gradient into a bf16 branch's
}

extern "C" __global__ void dropout_bf(const bf16_t* x, float* out, int n, float p, float keep, unsigned long long seed) {
    drop(x, out, n, p, keep, seed);
}

extern "C" __global__ void dropout_bb(const bf16_t* x, bf16_t* out, int n, float p, float keep, unsigned long long seed) {
    drop(x, out, n, p, keep, seed);  // a bf16 branch, as autocast keeps it
}

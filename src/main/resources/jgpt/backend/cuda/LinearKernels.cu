// A linear layer's bias and GELU where cuBLASLt's epilogue does not run them (jgpt.backend.cuda.LinearKernels).
#include "common.cuh"

__device__ __forceinline__ float load(const float* p, long long i) { return p[i]; }
__device__ __forceinline__ float load(const unsigned short* p, long long i) { return __uint_as_float(((unsigned) p[i]) << 16); }
__device__ __forceinline__ void store(float* p, long long i, float v) { p[i] = v; }
__device__ __forceinline__ void store(unsigned short* p, long long i, float v) { p[i] = bf16_bits(v); }

// y (rows, cols) holds x W^T: adds bias (cols; null for none) to every row, then with gelu writes that sum to pre
// (null: not kept) and its GELU to y. n = rows * cols. T: float, or bf16 bits (unsigned short) for y and pre.
template <typename T>
__device__ void add_bias_activation(T* y, const float* bias, long long n, int cols, int gelu, T* pre) {
    long long step = (long long) gridDim.x * blockDim.x;
    for (long long i = (long long) blockIdx.x * blockDim.x + threadIdx.x; i < n; i += step) {
        float v = load(y, i);
        if (bias) v += bias[i % cols];
        if (gelu) {
            if (pre) store(pre, i, v);
            v = gelu_tanh(v);
        }
        store(y, i, v);
    }
}

extern "C" __global__ void bias_activation(float* y, const float* bias, long long n, int cols, int gelu, float* pre) {
    add_bias_activation(y, bias, n, cols, gelu, pre);
}

extern "C" __global__ void bias_activation_bf16(unsigned short* y, const float* bias, long long n, int cols, int gelu,
                                                unsigned short* pre) {
    add_bias_activation(y, bias, n, cols, gelu, pre);
}

// A linear layer's bias and GELU where cuBLASLt's epilogue does not run them (jgpt.backend.cuda.LinearKernels).
#include "common.cuh"

// y (rows, cols) holds x W^T: adds bias (cols; null for none) to every row, then with gelu writes that sum to pre
// (null: not kept) and its GELU to y. n = rows * cols. T: float, or bf16 bits (bf16_t) for y and pre.
template <typename T>
__device__ void add_bias_activation(T* y, const float* bias, long long n, int cols, int gelu, T* pre) {
    long long step = (long long) gridDim.x * blockDim.x;
    for (long long i = (long long) blockIdx.x * blockDim.x + threadIdx.x; i < n; i += step) {
        float v = as_float(y[i]);
        if (bias) v += bias[i % cols];
        if (gelu) {
            if (pre) store_as(pre + i, v);
            v = gelu_tanh(v);
        }
        store_as(y + i, v);
    }
}

extern "C" __global__ void bias_activation(float* y, const float* bias, long long n, int cols, int gelu, float* pre) {
    add_bias_activation(y, bias, n, cols, gelu, pre);
}

extern "C" __global__ void bias_activation_bf16(bf16_t* y, const float* bias, long long n, int cols, int gelu,
                                                bf16_t* pre) {
    add_bias_activation(y, bias, n, cols, gelu, pre);
}

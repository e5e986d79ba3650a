// A linear layer's bias and GELU where cuBLASLt's epilogue does not run them (jgpt.backend.cuda.LinearKernels).
#include "common.cuh"

// y (rows, cols) holds x W^T: adds bias (cols; null for none) to every row, then with gelu writes that sum to pre
// (null: not kept) and its GELU to y. n = rows * cols.
extern "C" __global__ void bias_activation(float* y, const float* bias, long long n, int cols, int gelu, float* pre) {
    long long step = (long long) gridDim.x * blockDim.x;
    for (long long i = (long long) blockIdx.x * blockDim.x + threadIdx.x; i < n; i += step) {
        float v = y[i];
        if (bias) v += bias[i % cols];
        if (gelu) {
            if (pre) pre[i] = v;
            v = gelu_tanh(v);
        }
        y[i] = v;
    }
}

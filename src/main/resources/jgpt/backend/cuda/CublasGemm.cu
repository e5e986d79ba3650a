// Operand packing for bf16 GEMMs (jgpt.backend.cuda.CublasGemm).
#include "common.cuh"

// src: batch matrices (rows, cols) of floats with row stride ld, matrix i at i * stride
// -> dst: the same matrices (batch, rows, cols) in bf16 with row stride dstLd >= cols, one after another, rounded
// to nearest even. n = batch * rows * cols.
extern "C" __global__ void pack_bf16(const float* src, long long ld, long long stride, int rows, int cols, long long n,
                                     int dstLd, unsigned short* dst) {
    long long step = (long long) gridDim.x * blockDim.x;
    for (long long i = (long long) blockIdx.x * blockDim.x + threadIdx.x; i < n; i += step) {
        long long row = i / cols;  // over all matrices
        int c = (int) (i - row * cols);
        long long matrix = row / rows;
        int r = (int) (row - matrix * rows);
        dst[row * dstLd + c] = bf16_bits(src[matrix * stride + r * ld + c]);
    }
}

// src (n) dense floats -> dst (n) bf16, four at a time; n a multiple of 4 and src 16-byte aligned
extern "C" __global__ void pack_bf16_dense4(const float4* src, long long n4, uint2* dst) {
    long long step = (long long) gridDim.x * blockDim.x;
    for (long long i = (long long) blockIdx.x * blockDim.x + threadIdx.x; i < n4; i += step) {
        float4 v = src[i];
        dst[i] = make_uint2(bf16x2_bits(v.x, v.y), bf16x2_bits(v.z, v.w));
    }
}


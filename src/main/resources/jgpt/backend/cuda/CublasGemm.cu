// Operand packing and output copies for bf16 GEMMs (jgpt.backend.cuda.CublasGemm).
#include "common.cuh"

// src: matrices (rows, cols) of floats with row stride ld, matrix i at i * stride
// -> dst: matrices (dstRows, dstLd) in bf16, one after another, rounded to nearest even, zero beyond (rows, cols)
// (the padding of a padded GEMM adds nothing to the product). n = matrices * dstRows * dstLd.
extern "C" __global__ void pack_bf16(const float* src, long long ld, long long stride, int rows, int cols, int dstRows,
                                     int dstLd, long long n, unsigned short* dst) {
    long long step = (long long) gridDim.x * blockDim.x;
    for (long long i = (long long) blockIdx.x * blockDim.x + threadIdx.x; i < n; i += step) {
        long long row = i / dstLd;  // over all matrices
        int c = (int) (i - row * dstLd);
        long long matrix = row / dstRows;
        int r = (int) (row - matrix * dstRows);
        dst[i] = r < rows && c < cols ? bf16_bits(src[matrix * stride + r * ld + c]) : (unsigned short) 0;
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

// src: a padded GEMM's output, matrices with row stride srcLd, matrix i at i * srcStride
// -> dst: their leading (rows, cols) with row stride dstLd, matrix i at i * dstStride; added when accumulate.
// n = matrices * rows * cols.
extern "C" __global__ void unpad_f32(const float* src, long long srcLd, long long srcStride, int rows, int cols, long long n,
                                     float* dst, long long dstLd, long long dstStride, int accumulate) {
    long long step = (long long) gridDim.x * blockDim.x;
    for (long long i = (long long) blockIdx.x * blockDim.x + threadIdx.x; i < n; i += step) {
        long long row = i / cols;
        int c = (int) (i - row * cols);
        long long matrix = row / rows;
        int r = (int) (row - matrix * rows);
        float v = src[matrix * srcStride + r * srcLd + c];
        float* out = dst + matrix * dstStride + r * dstLd + c;
        *out = accumulate ? *out + v : v;
    }
}

// Operand packing and output copies for bf16 GEMMs (jgpt.backend.cuda.CublasGemm).
#include "common.cuh"

// src: matrices (rows, cols) of T (float or bf16 bits) with row stride ld, matrix i at i * stride
// -> dst: matrices (dstRows, dstLd) in bf16, one after another, rounded to nearest even, zero beyond (rows, cols)
// (the padding of a padded GEMM adds nothing to the product). dstLd is even; dstRowCount = matrices * dstRows.
// Blocks stride over the rows and threads over a row's column pairs, so that no element pays for a 64-bit division.
template <typename T>
__device__ void pack_rows(const T* src, long long ld, long long stride, int rows, int cols, int dstRows, int dstLd,
                          long long dstRowCount, bf16_t* dst) {
    for (long long row = blockIdx.x; row < dstRowCount; row += gridDim.x) {
        long long matrix = row / dstRows;
        int r = (int) (row - matrix * dstRows);
        const T* s = src + matrix * stride + r * ld;
        unsigned* d = reinterpret_cast<unsigned*>(dst + row * dstLd);
        int width = r < rows ? cols : 0;
        for (int c = 2 * threadIdx.x; c < dstLd; c += 2 * blockDim.x) {
            d[c >> 1] = bf16x2_bits(c < width ? as_float(s[c]) : 0.f, c + 1 < width ? as_float(s[c + 1]) : 0.f);
        }
    }
}

extern "C" __global__ void pack_bf16(const float* src, long long ld, long long stride, int rows, int cols, int dstRows,
                                     int dstLd, long long dstRowCount, bf16_t* dst) {
    pack_rows(src, ld, stride, rows, cols, dstRows, dstLd, dstRowCount, dst);
}

extern "C" __global__ void pack_bf16_from_bf16(const bf16_t* src, long long ld, long long stride, int rows, int cols,
                                               int dstRows, int dstLd, long long dstRowCount, bf16_t* dst) {
    pack_rows(src, ld, stride, rows, cols, dstRows, dstLd, dstRowCount, dst);
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
// rowCount = matrices * rows; blocks stride over the rows, threads over a row's columns.
extern "C" __global__ void unpad_f32(const float* src, long long srcLd, long long srcStride, int rows, int cols, long long rowCount,
                                     float* dst, long long dstLd, long long dstStride, int accumulate) {
    for (long long row = blockIdx.x; row < rowCount; row += gridDim.x) {
        long long matrix = row / rows;
        int r = (int) (row - matrix * rows);
        const float* s = src + matrix * srcStride + r * srcLd;
        float* d = dst + matrix * dstStride + r * dstLd;
        for (int c = aligned_first(d); c < cols; c += blockDim.x) {
            if (c >= 0) d[c] = accumulate ? d[c] + s[c] : s[c];
        }
    }
}

// the same for bf16 matrices (sums rounded to nearest even)
extern "C" __global__ void unpad_bf16(const bf16_t* src, long long srcLd, long long srcStride, int rows, int cols,
                                      long long rowCount, bf16_t* dst, long long dstLd, long long dstStride, int accumulate) {
    for (long long row = blockIdx.x; row < rowCount; row += gridDim.x) {
        long long matrix = row / rows;
        int r = (int) (row - matrix * rows);
        const bf16_t* s = src + matrix * srcStride + r * srcLd;
        bf16_t* d = dst + matrix * dstStride + r * dstLd;
        for (int c = threadIdx.x; c < cols; c += blockDim.x) {
            d[c] = accumulate ? bf16_bits(as_float(d[c]) + as_float(s[c])) : s[c];
        }
    }
}

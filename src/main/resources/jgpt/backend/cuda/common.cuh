// Device helpers shared by every kernel file of jgpt.backend.cuda (offered to NVRTC as an include).
#pragma once

#define NEG_INF __int_as_float(0xff800000)
#define GELU_K 0.7978845608f  // sqrt(2 / pi)
#define GELU_C 0.044715f

// GELU, tanh approximation (GPT-2's)
__device__ __forceinline__ float gelu_tanh(float v) {
    return 0.5f * v * (1.f + tanhf(GELU_K * (v + GELU_C * v * v * v)));
}

template <typename T>
__device__ __forceinline__ T warp_sum(T v) {
    for (int o = 16; o > 0; o >>= 1) v += __shfl_xor_sync(0xffffffffu, v, o);
    return v;
}

__device__ __forceinline__ float warp_max(float v) {
    for (int o = 16; o > 0; o >>= 1) v = fmaxf(v, __shfl_xor_sync(0xffffffffu, v, o));
    return v;
}

// Sum over a block whose size is a multiple of 32; every thread gets the total.
template <typename T>
__device__ T block_sum(T v) {
    __shared__ T partial[32];
    int lane = threadIdx.x & 31, warp = threadIdx.x >> 5;
    v = warp_sum(v);
    __syncthreads();  // an earlier call may still be reading partial
    if (lane == 0) partial[warp] = v;
    __syncthreads();
    v = lane < (int) (blockDim.x >> 5) ? partial[lane] : (T) 0;
    return warp_sum(v);
}

// Where a block's loop over a row of floats should start (threadIdx.x, stepping by blockDim.x) so that each warp reads
// whole 128-byte lines: threadIdx.x less the row's offset in its line. A row of 50257 floats is rarely aligned, and
// reading it unaligned costs two lines per warp access. Indices below 0 are skipped.
__device__ __forceinline__ int aligned_first(const float* row) {
    return (int) threadIdx.x - (int) ((reinterpret_cast<unsigned long long>(row) >> 2) & 31);
}

// Maximum over a block whose size is a multiple of 32; every thread gets it.
__device__ float block_max(float v) {
    __shared__ float partial[32];
    int lane = threadIdx.x & 31, warp = threadIdx.x >> 5;
    v = warp_max(v);
    __syncthreads();
    if (lane == 0) partial[warp] = v;
    __syncthreads();
    v = lane < (int) (blockDim.x >> 5) ? partial[lane] : NEG_INF;
    return warp_max(v);
}

// Records the first bad index met (code, value, limit); the host reads it at its next synchronisation.
__device__ void report_error(int* errors, int code, int value, int limit) {
    if (atomicCAS(errors, 0, code) == 0) {
        errors[1] = value;
        errors[2] = limit;
    }
}

// bfloat16 bits of x, rounded to nearest even (what __float2bfloat16_rn gives, without the header)
__device__ __forceinline__ unsigned short bf16_bits(float x) {
    unsigned u = __float_as_uint(x);
    if ((u & 0x7fffffffu) > 0x7f800000u) return 0x7fc0;  // NaN stays NaN
    return (unsigned short) ((u + 0x7fffu + ((u >> 16) & 1u)) >> 16);
}

// Two floats as bf16 in one register: lo in bits 0..15, hi in 16..31 (the order mma fragments use)
__device__ __forceinline__ unsigned bf16x2_bits(float lo, float hi) {
    unsigned r;
    asm("cvt.rn.bf16x2.f32 %0, %1, %2;" : "=r"(r) : "f"(hi), "f"(lo));
    return r;
}

// The floats held by the low and the high bf16 of a register (exact)
__device__ __forceinline__ float bf16_lo(unsigned bits) {
    return __uint_as_float(bits << 16);
}

__device__ __forceinline__ float bf16_hi(unsigned bits) {
    return __uint_as_float(bits & 0xffff0000u);
}

// Offset of row i of attention head g = b * heads + h in a (B, T, stride) buffer that holds heads heads of d
// columns side by side in each row, head h from column h * d; dense (G, T, D) heads are heads = 1, stride = d.
__device__ __forceinline__ long long head_row(int g, int i, int t, int heads, int d, int stride) {
    return ((long long) (g / heads) * t + i) * stride + (long long) (g % heads) * d;
}

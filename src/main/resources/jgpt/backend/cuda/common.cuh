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

// The entry of a multi-tensor launch that this block works on. entries (count) are ordered by firstBlock, the first
// block of the grid that is theirs: the last whose firstBlock is at most blockIdx.x.
template <typename Entry>
__device__ __forceinline__ int entry_of_block(const Entry* entries, int count) {
    int lo = 0, hi = count - 1;
    while (lo < hi) {
        int mid = (lo + hi + 1) >> 1;
        if (entries[mid].firstBlock <= (long long) blockIdx.x) lo = mid; else hi = mid - 1;
    }
    return lo;
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

// A bf16 element in memory: the upper 16 bits of a float32. Kernels widen it on load and compute in float32.
typedef unsigned short bf16_t;

__device__ __forceinline__ float bf16_float(unsigned short bits) {
    return __uint_as_float(((unsigned) bits) << 16);
}

// One element of a float32 or bf16 buffer as a float, and a float stored as such an element (rounded to bf16)
__device__ __forceinline__ float as_float(float v) { return v; }
__device__ __forceinline__ float as_float(bf16_t v) { return bf16_float(v); }
__device__ __forceinline__ void store_as(float* p, float v) { *p = v; }
__device__ __forceinline__ void store_as(bf16_t* p, float v) { *p = bf16_bits(v); }

// Four elements at p as a float4, and back: one 16-byte access for floats, one 8-byte access for bf16 (p aligned so)
__device__ __forceinline__ float4 load_four(const float* p) {
    return *reinterpret_cast<const float4*>(p);
}

__device__ __forceinline__ float4 load_four(const bf16_t* p) {
    uint2 u = *reinterpret_cast<const uint2*>(p);
    return make_float4(__uint_as_float(u.x << 16), __uint_as_float(u.x & 0xffff0000u),
                       __uint_as_float(u.y << 16), __uint_as_float(u.y & 0xffff0000u));
}

__device__ __forceinline__ void store_four(float* p, float4 v) {
    *reinterpret_cast<float4*>(p) = v;
}

__device__ __forceinline__ void store_four(bf16_t* p, float4 v) {
    *reinterpret_cast<uint2*>(p) = make_uint2(bf16x2_bits(v.x, v.y), bf16x2_bits(v.z, v.w));
}

// Eight elements at p (16-byte aligned) into v[8], and back: two float4 accesses, or one 16-byte access of bf16
__device__ __forceinline__ void load_eight(const float* p, float* v) {
    float4 lo = load_four(p), hi = load_four(p + 4);
    v[0] = lo.x; v[1] = lo.y; v[2] = lo.z; v[3] = lo.w;
    v[4] = hi.x; v[5] = hi.y; v[6] = hi.z; v[7] = hi.w;
}

__device__ __forceinline__ void load_eight(const bf16_t* p, float* v) {
    uint4 u = *reinterpret_cast<const uint4*>(p);
    unsigned words[4] = {u.x, u.y, u.z, u.w};
#pragma unroll
    for (int i = 0; i < 4; i++) {
        v[2 * i] = __uint_as_float(words[i] << 16);
        v[2 * i + 1] = __uint_as_float(words[i] & 0xffff0000u);
    }
}

__device__ __forceinline__ void store_eight(float* p, const float* v) {
    store_four(p, make_float4(v[0], v[1], v[2], v[3]));
    store_four(p + 4, make_float4(v[4], v[5], v[6], v[7]));
}

__device__ __forceinline__ void store_eight(bf16_t* p, const float* v) {
    *reinterpret_cast<uint4*>(p) = make_uint4(bf16x2_bits(v[0], v[1]), bf16x2_bits(v[2], v[3]),
                                              bf16x2_bits(v[4], v[5]), bf16x2_bits(v[6], v[7]));
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

// Dropout's factor for element `index` of a tensor masked with seed: 0 with probability p, else keep = 1 / (1 - p).
// uniform(seed, index) is jgpt.backend.cpu.DropoutHash's SplitMix64 mix, bit for bit, so the CPU and every kernel
// that drops (dropout on a tensor, the attention kernels on weights they never store) draw one mask.
__device__ __forceinline__ float dropout_factor(unsigned long long seed, long long index, float p, float keep) {
    unsigned long long z = seed + (unsigned long long) (index + 1) * 0x9E3779B97F4A7C15ull;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    z ^= z >> 31;
    float uniform = (float) (z >> 40) * 5.9604644775390625e-8f;  // 24 bits times 2^-24
    return uniform < p ? 0.f : keep;
}

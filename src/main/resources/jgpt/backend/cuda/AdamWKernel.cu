// Fused AdamW updates, in PyTorch's order of operations (jgpt.backend.cuda.AdamWKernel).

#include "common.cuh"

__device__ __forceinline__ void adamw_update(float* p, const float* g, float* m, float* v, long long i, float decay,
                                             float stepSize, float bc2Sqrt, float oneMinusB1, float beta2,
                                             float oneMinusB2, float eps) {
    float gi = g[i];
    float mi = (gi - m[i]) * oneMinusB1 + m[i];
    float vi = v[i] * beta2 + gi * gi * oneMinusB2;
    float denom = sqrtf(vi) / bc2Sqrt + eps;
    p[i] = p[i] * decay - mi / denom * stepSize;
    m[i] = mi;
    v[i] = vi;
}

// Parameters a launch takes (AdamWKernel.LIST_CAPACITY): slots of 48 bytes, 30 KiB, within the 32,764 bytes of
// arguments a kernel may take since CUDA 12.1; every GPT-2 preset's parameters (up to 580) in one launch
#define LIST_CAPACITY 640

// One parameter of a multi-tensor update: its four buffers, its size, the first block of the grid that is its, and its
// weight decay.
struct Slot {
    float* p;
    const float* g;
    float* m;
    float* v;
    int n;
    int firstBlock;
    float weightDecay;
};

struct SlotList {
    Slot slots[LIST_CAPACITY];
    int count;
};

// list -> every parameter of it updated in place: each block finds its parameter by binary search and updates
// elementsPerBlock of its elements
extern "C" __global__ void adamw_steps(const __grid_constant__ SlotList list, int elementsPerBlock, float lr, float stepSize,
                                       float bc2Sqrt, float oneMinusB1, float beta2, float oneMinusB2, float eps) {
    Slot s = list.slots[entry_of_block(list.slots, list.count)];
    float decay = __fsub_rn(1.f, __fmul_rn(lr, s.weightDecay));  // rounded as the CPU's 1 - lr * wd: no fused multiply-add
    long long start = (long long) (blockIdx.x - s.firstBlock) * elementsPerBlock;
    long long end = min(start + elementsPerBlock, (long long) s.n);
    for (long long i = start + threadIdx.x; i < end; i += blockDim.x) {
        adamw_update(s.p, s.g, s.m, s.v, i, decay, stepSize, bc2Sqrt, oneMinusB1, beta2, oneMinusB2, eps);
    }
}

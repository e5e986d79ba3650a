// The global L2 norm of many float32 buffers and clipping by it, with no host wait (jgpt.backend.cuda.GlobalNormKernels).
// A launch carries its buffers in its arguments: each block finds its buffer by binary search over their first blocks
// and works on elementsPerBlock of its elements.

#include "common.cuh"

// Buffers a launch takes: 16 bytes each, which keeps a list within the 4 KiB of a kernel's parameters
// (GlobalNormKernels.LIST_CAPACITY)
#define LIST_CAPACITY 192

struct Buffer {
    float* x;
    int n;
    int firstBlock;
};

struct BufferList {
    Buffer buffers[LIST_CAPACITY];
    int count;
};

// list -> partials (one a block of the grid): the sum of squares of the block's elements, in double
extern "C" __global__ void global_norm_partials(const __grid_constant__ BufferList list, int elementsPerBlock, double* partials) {
    Buffer b = list.buffers[entry_of_block(list.buffers, list.count)];
    long long start = (long long) (blockIdx.x - b.firstBlock) * elementsPerBlock;
    long long end = min(start + elementsPerBlock, (long long) b.n);
    double s = 0.0;
    for (long long i = start + threadIdx.x; i < end; i += blockDim.x) {
        double v = b.x[i];
        s += v * v;
    }
    s = block_sum(s);
    if (threadIdx.x == 0) partials[blockIdx.x] = s;
}

// partials (count) -> norm[0] = sqrt of their sum, rounded to float; one block, always adding in the same order
extern "C" __global__ void global_norm_finish(const double* partials, int count, float* norm) {
    double s = 0.0;
    for (int i = threadIdx.x; i < count; i += blockDim.x) s += partials[i];
    s = block_sum(s);
    if (threadIdx.x == 0) *norm = (float) sqrt(s);
}

// every buffer of list *= maxNorm / (norm[0] + 1e-6), computed in double and rounded to float, where that is below 1;
// otherwise (or when it is NaN) nothing is written, as on the CPU
extern "C" __global__ void clip_by_global_norm(const __grid_constant__ BufferList list, int elementsPerBlock, const float* norm,
                                               double maxNorm) {
    double coef = maxNorm / ((double) *norm + 1e-6);
    if (!(coef < 1.0)) return;
    float c = (float) coef;
    Buffer b = list.buffers[entry_of_block(list.buffers, list.count)];
    long long start = (long long) (blockIdx.x - b.firstBlock) * elementsPerBlock;
    long long end = min(start + elementsPerBlock, (long long) b.n);
    for (long long i = start + threadIdx.x; i < end; i += blockDim.x) b.x[i] *= c;
}

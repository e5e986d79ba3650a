// Row gather from an embedding table and its scatter-add backward (jgpt.backend.cuda.EmbeddingKernels).
#include "common.cuh"

// weight (V, C), ids (N) -> out (N, C): one block per row; a bad id writes zeros and is reported
extern "C" __global__ void embedding_forward(const float* weight, const int* ids, int c, int vocab, float* out,
                                             int* errors) {
    int row = blockIdx.x, id = ids[row];
    bool valid = id >= 0 && id < vocab;
    if (!valid && threadIdx.x == 0) report_error(errors, 1, id, vocab);
    float* o = out + (long long) row * c;
    const float* w = weight + (long long) (valid ? id : 0) * c;
    for (int j = threadIdx.x; j < c; j += blockDim.x) o[j] = valid ? w[j] : 0.f;
}

// dout (N, C), ids (N) -> dweight (V, C), accumulated with atomics (ids repeat)
extern "C" __global__ void embedding_backward(const float* dout, const int* ids, int c, int vocab, float* dweight) {
    int row = blockIdx.x, id = ids[row];
    if (id < 0 || id >= vocab) return;
    const float* g = dout + (long long) row * c;
    float* w = dweight + (long long) id * c;
    for (int j = threadIdx.x; j < c; j += blockDim.x) atomicAdd(w + j, g[j]);
}

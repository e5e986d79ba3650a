// One fused AdamW update, in PyTorch's order of operations (jgpt.backend.cuda.AdamWKernel).

// param, grad, m, v (n), updated in place
extern "C" __global__ void adamw_step(float* p, const float* g, float* m, float* v, int n, float decay, float stepSize,
                                      float bc2Sqrt, float oneMinusB1, float beta2, float oneMinusB2, float eps) {
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= n) return;
    float gi = g[i];
    float mi = (gi - m[i]) * oneMinusB1 + m[i];
    float vi = v[i] * beta2 + gi * gi * oneMinusB2;
    float denom = sqrtf(vi) / bc2Sqrt + eps;
    p[i] = p[i] * decay - mi / denom * stepSize;
    m[i] = mi;
    v[i] = vi;
}

# Measures the two ceilings of the GPU on random data: the bf16 GEMM rate of cuBLAS (through torch.matmul,
# fp32 accumulation) and device-to-device copy bandwidth. Prints "PEAK bf16_gemm_tflops=X" for the benchmark.
import torch

def median_ms(fn, reps=20):
    for _ in range(3): fn()
    times = []
    for _ in range(reps):
        start, end = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
        start.record(); fn(); end.record(); end.synchronize()
        times.append(start.elapsed_time(end))
    return sorted(times)[len(times) // 2]

torch.manual_seed(0)
best = 0.0
for n in (4096, 8192, 16384):
    sets = [(torch.randn(n, n, device="cuda", dtype=torch.bfloat16), torch.randn(n, n, device="cuda", dtype=torch.bfloat16)) for _ in range(3)]
    i = [0]
    def mm():
        a, b = sets[i[0] % 3]; i[0] += 1
        return a @ b
    tflops = 2 * n ** 3 / median_ms(mm) / 1e9
    best = max(best, tflops)
    print(f"GEMM bf16 {n}x{n}x{n}: {tflops:.0f} TFLOP/s", flush=True)
# GPT-2 124M's linear layers as jgpt calls them (weight (N, K) used transposed), for comparison with its profile
x = torch.randn(16384, 768, device="cuda", dtype=torch.bfloat16)
for n in (2304, 3072, 768, 50257, 50304):
    w = torch.randn(n, 768, device="cuda", dtype=torch.bfloat16)
    ms = median_ms(lambda: x @ w.t())
    print(f"GEMM bf16 linear 16384x768 -> {n}: {ms:.3f} ms, {2 * 16384 * 768 * n / ms / 1e9:.0f} TFLOP/s", flush=True)
x = torch.randn(1 << 30, device="cuda")  # 4 GiB
y = torch.empty_like(x)
ms = median_ms(lambda: y.copy_(x), reps=10)
print(f"COPY device-to-device: {2 * x.numel() * 4 / ms / 1e6:.0f} GB/s (read + write)", flush=True)
print(f"PEAK bf16_gemm_tflops={best:.0f}", flush=True)

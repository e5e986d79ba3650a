# Measures the two ceilings of the GPU on random data: the bf16 GEMM rate of cuBLAS (through torch.matmul,
# fp32 accumulation) and device-to-device copy bandwidth. Prints "PEAK bf16_gemm_tflops=X" for the benchmark.
# --step also times every GEMM of a GPT-2 124M training step (bench-train.sh's gemm mode times jgpt's beside them);
# --shapes NT|NN|TN only prints that layout's step shapes, comma-separated, for jgpt bench gemm.
import sys

# Every GEMM of a GPT-2 124M training step (B x T = 16384 rows) in the layout jgpt calls it with, as MxKxN:
# NT the forward x @ W^T, NN the input gradient dY @ W, TN the weight gradient dY^T @ x; the head at V = 50257
# and at the padded 50304.
STEP = {"NT": "16384x768x2304,16384x768x768,16384x768x3072,16384x3072x768,16384x768x50257,16384x768x50304",
        "NN": "16384x2304x768,16384x768x768,16384x3072x768,16384x768x3072,16384x50257x768,16384x50304x768",
        "TN": "2304x16384x768,768x16384x768,3072x16384x768,768x16384x3072,50257x16384x768,50304x16384x768"}
if len(sys.argv) == 3 and sys.argv[1] == "--shapes":
    print(STEP[sys.argv[2]])
    sys.exit(0)

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
# the step's GEMMs on bf16 operands with torch's own bf16 output (jgpt packs float32 operands and writes float32)
def operand(rows, cols, transposed):
    t = torch.randn(cols, rows, device="cuda", dtype=torch.bfloat16) if transposed else torch.randn(rows, cols, device="cuda", dtype=torch.bfloat16)
    return t.t() if transposed else t

for trans, shapes in (STEP.items() if "--step" in sys.argv else ()):
    for shape in shapes.split(","):
        m, k, n = (int(v) for v in shape.split("x"))
        a = operand(m, k, trans[0] == "T")
        b = operand(k, n, trans[1] == "T")
        ms = median_ms(lambda: a @ b)
        print(f"STEP torch {shape} {trans}: {ms:.3f} ms, {2 * m * n * k / ms / 1e9:.0f} TFLOP/s", flush=True)
        del a, b
x = torch.randn(1 << 30, device="cuda")  # 4 GiB
y = torch.empty_like(x)
ms = median_ms(lambda: y.copy_(x), reps=10)
print(f"COPY device-to-device: {2 * x.numel() * 4 / ms / 1e6:.0f} GB/s (read + write)", flush=True)
print(f"PEAK bf16_gemm_tflops={best:.0f}", flush=True)

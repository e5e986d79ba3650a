#!/usr/bin/env bash
# Runs on the GPU machine from the folder scripts/device/pack.sh filled, in one device call: the CUDA tests,
# the GPU's measured ceilings (gemm_peak.py), jgpt's GPT-2 124M training benchmark in each precision, and
# the PyTorch anchor (torch_gpu_gpt.py, copied from shared/anchors) - so every figure shares one machine.
# Usage: bash .device/cuda/bench-train.sh [tests|no-tests] [anchor|no-anchor] [all|bf16|profile|engines|epilogues|gemm|trainer]
#   all: fp32, tf32 and bf16 (V=50257 and the anchor's 50304); bf16: only the bf16 runs; profile: adds a bf16 run
#   with JGPT_CUDA_PROFILE=1, which prints where GPU time goes (kernel by kernel, synchronised); engines: first the
#   bf16 runs with classic cuBLAS and no padding (JGPT_GEMM=cublas JGPT_GEMM_PAD=0), then as usual (cuBLASLt);
#   epilogues: first the bf16 runs without cuBLASLt epilogues (JGPT_LT_EPILOGUE=0), then as usual (with them);
#   gemm: no training, but every GEMM of the step (the shapes torch.matmul was just timed at, gemm_peak.py --step)
#   through `jgpt bench gemm` with classic cuBLAS, cuBLASLt unpadded and cuBLASLt padded (the default);
#   trainer: first the bf16 runs with --as-trainer (clipping and the loss and norm read as `jgpt train` does), then
#   as usual (neither).
set -uo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/runtime.sh"
export PYTHONUNBUFFERED=1
nvidia-smi --query-gpu=name,memory.total,driver_version,clocks.sm,clocks.max.sm --format=csv,noheader || true
if [ "${1:-tests}" = tests ]; then
  bash "$here/run-tests.sh" > /tmp/jgpt-tests.out 2>&1
  grep -E "tests (successful|failed)|✘|took|step|speed" /tmp/jgpt-tests.out | head -40
fi
peak=$(python3 "$here/gemm_peak.py" --step 2>&1 | tee "$out/peak.log" | sed -n 's/^PEAK bf16_gemm_tflops=//p')
grep -v PEAK "$out/peak.log"
run_bench() {
  echo "== JGPT_GEMM=${JGPT_GEMM:-lt} JGPT_GEMM_PAD=${JGPT_GEMM_PAD:-64} JGPT_LT_EPILOGUE=${JGPT_LT_EPILOGUE:-1} $*" | tee -a "$out/bench.log"
  "$java" -Xmx24g -XX:ErrorFile="$out/hs_err_%p.log" -jar "$here/jgpt.jar" bench train --device cuda \
    --batch 16 --seq 1024 --peak-tflops "${peak:-0}" "$@" 2>&1 | grep -v "incubator modules" | tee -a "$out/bench.log"
}
runs="${3:-all}"
if [ "$runs" = gemm ]; then
  for setup in cublas:0 lt:0 lt:64; do
    for trans in NT NN TN; do
      JGPT_GEMM="${setup%%:*}" JGPT_GEMM_PAD="${setup##*:}" "$java" -Xmx8g -XX:ErrorFile="$out/hs_err_%p.log" -jar "$here/jgpt.jar" \
        bench gemm --device cuda --precision bf16 --trans "$trans" --warmup 2 --iters 5 \
        --shapes "$(python3 "$here/gemm_peak.py" --shapes "$trans")" 2>&1 | grep -v "incubator modules" | tee -a "$out/gemm.log"
    done
  done
  exit 0
fi
if [ "$runs" = profile ]; then
  JGPT_CUDA_PROFILE=1 run_bench --precision bf16 --warmup 2 --steps 2 --vocab 50304
fi
if [ "$runs" = engines ]; then
  JGPT_GEMM=cublas JGPT_GEMM_PAD=0 run_bench --precision bf16 --warmup 3 --steps 10
  JGPT_GEMM=cublas JGPT_GEMM_PAD=0 run_bench --precision bf16 --warmup 3 --steps 10 --vocab 50304
fi
if [ "$runs" = epilogues ]; then
  JGPT_LT_EPILOGUE=0 run_bench --precision bf16 --warmup 3 --steps 10
  JGPT_LT_EPILOGUE=0 run_bench --precision bf16 --warmup 3 --steps 10 --vocab 50304
fi
if [ "$runs" = trainer ]; then
  run_bench --precision bf16 --warmup 3 --steps 10 --as-trainer
  run_bench --precision bf16 --warmup 3 --steps 10 --vocab 50304 --as-trainer
fi
if [ "$runs" = all ]; then
  run_bench --precision fp32 --warmup 2 --steps 4
  run_bench --precision tf32 --warmup 2 --steps 4
fi
run_bench --precision bf16 --warmup 3 --steps 10
run_bench --precision bf16 --warmup 3 --steps 10 --vocab 50304
if [ "${2:-anchor}" = anchor ]; then
  python3 "$here/torch_gpu_gpt.py" train 2>&1 | grep -v Warning | tee "$out/anchor.log"
fi

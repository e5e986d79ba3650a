#!/usr/bin/env bash
# Runs on the GPU machine from the folder scripts/device/pack.sh filled, in one device call: torch.matmul's time
# for every GEMM of a GPT-2 124M training step (gemm_peak.py --step), then jgpt's own for the same shapes and
# layouts (jgpt bench gemm --device cuda --precision bf16) under each GEMM setup: classic cuBLAS, cuBLASLt
# autotuned without padding, and cuBLASLt with the padding of unaligned sizes (the default).
# Usage: bash .device/cuda/gemm-study.sh [setups...], each setup ENGINE:PAD (default: cublas:0 lt:0 lt:64)
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out="${OUT:-/tmp/jgpt-out}"
mkdir -p /tmp/jgpt-device "$out"
tar xzf "$here/jre.tgz" -C /tmp/jgpt-device
java=/tmp/jgpt-device/jre/bin/java
export PYTHONUNBUFFERED=1
nvidia-smi --query-gpu=name,memory.total,driver_version,clocks.sm,clocks.max.sm --format=csv,noheader || true
python3 "$here/gemm_peak.py" --step 2>&1 | tee "$out/gemm-torch.log"
setups=("$@")
[ ${#setups[@]} -eq 0 ] && setups=(cublas:0 lt:0 lt:64)
for setup in "${setups[@]}"; do
  for trans in NT NN TN; do
    JGPT_GEMM="${setup%%:*}" JGPT_GEMM_PAD="${setup##*:}" "$java" -Xmx8g -XX:ErrorFile="$out/hs_err_%p.log" -jar "$here/jgpt.jar" \
      bench gemm --device cuda --precision bf16 --trans "$trans" --warmup 2 --iters 5 \
      --shapes "$(python3 "$here/gemm_peak.py" --shapes "$trans")" 2>&1 | grep -v "incubator modules" | tee -a "$out/gemm-jgpt.log"
  done
done

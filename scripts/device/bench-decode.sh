#!/usr/bin/env bash
# Runs on the GPU machine from the folder scripts/device/pack.sh filled, in one device call: the CUDA tests
# (decoding on the GPU against the CPU first), `jgpt bench decode` (GPT-2 124M, random weights, batch-1 greedy with
# the KV cache) in fp32 and bf16 through the fused CUDA-graph decoder, the same without graphs and through the tensor
# path, and the PyTorch anchor's decode mode (HF generate), so that every figure shares
# one machine. tests: the whole CUDA package; decode-tests: only the decoding tests.
# Usage: bash .device/cuda/bench-decode.sh [tokens] [tests|decode-tests|no-tests]
set -uo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/runtime.sh"
tokens="${1:-256}"
export PYTHONUNBUFFERED=1
nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader || true
jgpt() { "$java" -Xmx24g -XX:ErrorFile="$out/hs_err_%p.log" -jar "$here/jgpt.jar" "$@" 2>&1 | grep -v "incubator modules"; }

tests="${2:-tests}"
if [ "$tests" != no-tests ]; then
  selectors=()
  [ "$tests" = decode-tests ] && selectors=(--select-class jgpt.backend.cuda.FusedDecoderTest --select-class jgpt.backend.cuda.CudaDecodeTest)
  timeout 200 bash "$here/run-tests.sh" "${selectors[@]}" > "$out/tests-full.log" 2>&1
  grep -E "tests (successful|failed|aborted)|✘|tests took|Decode|Decoder" "$out/tests-full.log" | head -40
fi
for p in fp32 bf16; do jgpt bench decode --device cuda --precision "$p" --tokens "$tokens" | tee -a "$out/decode.log"; done
echo "--- without CUDA graphs (fused kernels launched one by one)"
JGPT_CUDA_GRAPHS=0 jgpt bench decode --device cuda --precision fp32 --tokens "$tokens" | grep DECODE | tee -a "$out/decode.log"
echo "--- the tensor path (KV cache through the model's ops)"
JGPT_FUSED_DECODE=0 jgpt bench decode --device cuda --precision fp32 --tokens "$tokens" | grep DECODE | tee -a "$out/decode.log"
timeout 90 python3 "$here/torch_gpu_gpt.py" decode 2>&1 | grep -v Warning | tee "$out/anchor.log"

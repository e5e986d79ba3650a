#!/usr/bin/env bash
# Runs on the GPU machine from the folder scripts/device/pack.sh filled, in one device call: the CUDA tests
# (KV-cache decoding on the GPU against the CPU first), `jgpt bench decode` (GPT-2 124M, random weights,
# batch-1 greedy with the KV cache) in each precision and on the CPU, a profiled run, the PyTorch anchor's
# decode mode (HF generate), and a one-minute `jgpt train --device cuda` on the built-in WordNet corpus.
# Usage: bash .device/cuda3/bench-decode.sh [tokens] [cpu]   (cpu: also time decoding on the CPU)
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out="${OUT:-/tmp/jgpt-out}"
tokens="${1:-256}"
mkdir -p /tmp/jgpt-device "$out"
tar xzf "$here/jre.tgz" -C /tmp/jgpt-device
java=/tmp/jgpt-device/jre/bin/java
export PYTHONUNBUFFERED=1
nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader || true
jgpt() { "$java" -Xmx24g -XX:ErrorFile="$out/hs_err_%p.log" -jar "$here/jgpt.jar" "$@" 2>&1 | grep -v "incubator modules"; }

timeout 150 bash "$here/run-tests.sh" --select-package jgpt.backend.cuda \
  > "$out/tests-full.log" 2>&1
grep -E "tests (successful|failed|aborted)|✘|tests took|CudaDecodeTest" "$out/tests-full.log" | head -30

for p in fp32 tf32 bf16; do jgpt bench decode --device cuda --precision "$p" --tokens "$tokens" | tee -a "$out/decode.log"; done
timeout 60 python3 "$here/torch_gpu_gpt.py" decode 2>&1 | grep -v Warning | tee "$out/anchor.log"
JGPT_CUDA_PROFILE=1 jgpt bench decode --device cuda --precision fp32 --tokens 64 > "$out/profile.log"
head -45 "$out/profile.log"
jgpt bench decode --device cuda --precision fp32 --tokens "$tokens" | tee -a "$out/decode.log"
[ "${2:-}" = cpu ] && timeout 60 "$java" -jar "$here/jgpt.jar" bench decode --device cpu --tokens 32 2>&1 | grep DECODE | tee -a "$out/decode.log"
cd /tmp && timeout 90 "$java" -Xmx24g -jar "$here/jgpt.jar" train --device cuda --precision bf16 --data builtin:wordnet \
  --config book-124m --batch-size 16 --max-minutes 1 --eval-every 100 --eval-batches 5 --sample-tokens 20 --out /tmp/run-wordnet \
  > "$out/train.log" 2>&1
grep -v "incubator" "$out/train.log" | tail -c 3000

#!/usr/bin/env bash
# The CPU suite of docs/BENCHMARKS.md, back to back, each jgpt figure beside its anchor from the same run:
# the book-124m training step and batch-1 decoding (PyTorch, scripts/bench/torch_cpu_gpt.py), GEMM (NumPy),
# tokenizer throughput. Anchors are optional: without python3 + numpy/torch each bench says so in one line.
# The training step runs with the heap the launcher plans from the model (jgpt.train.TrainingMemory), as a user's does.
# Usage: scripts/bench-cpu.sh
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
run() { echo "### $(date -u +%H:%M:%S) load $(cut -d' ' -f1-3 /proc/loadavg): jgpt $*"; "$root/jgpt" "$@"; }
run bench train --device cpu --model book-124m --batch 2 --seq 256 --warmup 2 --steps 5 --anchor
for weights in fp32 bf16 int8; do
  run bench decode --device cpu --model book-124m --tokens 128 --weights "$weights" --anchor
done
run bench gemm --anchor
run bench gemm --anchor --trans NT
run bench tokenizer

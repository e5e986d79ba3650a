#!/usr/bin/env bash
# Runs on the GPU machine from the folder scripts/device/pack.sh filled: where a decoded token's time goes.
# DecodeStepTiming prints the wall time of one fused decoding step beside the host's greedy pick; Nsight Compute
# (ncu) then times each kernel of one step (62 launches for GPT-2 small) and the sums are printed per kernel.
# Usage: bash .device/cuda/profile-decode.sh [preset] [fp32|bf16]
set -uo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/runtime.sh"
preset="${1:-gpt2-small}" precision="${2:-fp32}"
classpath="$here/jgpt.jar:$here/jgpt-tests.jar"
"$java" -cp "$classpath" jgpt.backend.cuda.DecodeStepTiming "$preset" "$precision" 2>&1 | grep -v "incubator modules"
ncu=$(command -v ncu || ls /opt/nvidia/nsight-compute/*/ncu /usr/local/cuda/bin/ncu 2>/dev/null | head -1)
[ -n "$ncu" ] || { echo "ncu not found"; exit 0; }
timeout 240 "$ncu" --kernel-name regex:"matrix_vector|attend_token|embed_token" --launch-skip 3000 --launch-count 62 \
  --metrics gpu__time_duration.sum --csv "$java" -cp "$classpath" jgpt.backend.cuda.DecodeStepTiming "$preset" "$precision" \
  > "$out/ncu-$precision.csv" 2> "$out/ncu-$precision.err"
python3 - "$out/ncu-$precision.csv" <<'PY'
import csv, sys, collections
rows = [r for r in csv.reader(open(sys.argv[1])) if len(r) > 5]
head = rows[0]; name = head.index("Kernel Name"); value = head.index("Metric Value"); unit = head.index("Metric Unit")
total = collections.defaultdict(float); count = collections.Counter()
for r in rows[1:]:
    scale = {"ns": 1e-3, "nsecond": 1e-3, "us": 1, "usecond": 1, "ms": 1e3, "msecond": 1e3}[r[unit]]
    v = float(r[value].replace(",", "")) * scale
    k = r[name].split("(")[0]; total[k] += v; count[k] += 1
for k in sorted(total, key=total.get, reverse=True):
    print(f"{k:24s} {count[k]:3d} launches {total[k]:8.1f} us")
print(f"{'one step, kernels only':24s} {sum(count.values()):3d} launches {sum(total.values()):8.1f} us")
PY

#!/usr/bin/env bash
# The pretraining run of docs/TRAINING.md ("Pretraining on a GPU"), in one device call, from the folder that
# scripts/device/pack-pretrain.sh filled: unpacks the runtime and the corpus, tokenizes it on all cores, times 40
# steps to learn the tokens/s, then trains a 31.9M-parameter GPT (7 layers, 6 heads, C=384, context 512, tied head,
# GPT-2's tokenizer with the vocabulary padded to 50304) for as many steps as fit the time left, so the cosine
# schedule ends when the time does (--max-minutes stops it with a checkpoint should it not). Then exports the
# weights as bf16, samples from that export on the CPU, and leaves in $OUT (at most 8 files, each under 16 MiB):
#   pretrain.log, metrics.jsonl, loss.png, samples.txt, model.tgz.part-0 .. -3 (the bf16 model directory:
#   tar, gzip, cut in four; scripts/device/pretrain-reassemble.sh joins them here).
# Usage (on the GPU machine, from the repository root): bash .device/pretrain/pretrain.sh
# Settings, from the environment: PRETRAIN_SECONDS (540: the whole call), PRETRAIN_DEVICE (cuda), PRETRAIN_PRECISION
# (bf16), PRETRAIN_BATCH (64 windows a step), PRETRAIN_MODEL (the model flags), PRETRAIN_TOKENS_PER_SECOND (skips the
# timing run), PRETRAIN_WORK (/tmp/jgpt-pretrain). A CPU smoke test of this script: see docs/TRAINING.md.
set -uo pipefail
start=$(date +%s)
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out="${OUT:-/tmp/jgpt-out}"
work="${PRETRAIN_WORK:-/tmp/jgpt-pretrain}"
seconds="${PRETRAIN_SECONDS:-540}"
device="${PRETRAIN_DEVICE:-cuda}" precision="${PRETRAIN_PRECISION:-bf16}" batch="${PRETRAIN_BATCH:-64}"
model="${PRETRAIN_MODEL:---layers 7 --heads 6 --emb-dim 384 --context-length 512 --vocab-size 50304 --tied-head --no-qkv-bias --drop-rate 0}"
read -r -a model_flags <<< "$model"
context=$(sed -nE 's/.*--context-length ([0-9]+).*/\1/p' <<< "$model")
mkdir -p "$out" "$work"
exec > >(tee -a "$out/pretrain.log") 2>&1
tee_pid=$!
trap 'exec 1>&- 2>&-; wait "$tee_pid"' EXIT   # the log is complete before the call returns
elapsed() { echo $(( $(date +%s) - start )); }
fail() { echo "pretrain.sh: $*"; exit 1; }

# xz archives; python3's lzma where the machine has no xz
unpack() {
  if command -v xz >/dev/null; then tar xJf "$1" -C "$2"
  else python3 -c 'import sys, tarfile; tarfile.open(sys.argv[1]).extractall(sys.argv[2])' "$1" "$2"; fi
}
rm -rf "$work/jre" "$work/text" "$work/tokens" "$work/timing" "$work/run" "$work/model"
unpack "$here/jre.txz" "$work" || fail "cannot unpack the runtime $here/jre.txz"
unpack "$here/corpus.tar.xz" "$work" || fail "cannot unpack the corpus $here/corpus.tar.xz"
jgpt() { "$work/jre/bin/java" -XX:ErrorFile="$out/hs_err_%p.log" -jar "$here/jgpt.jar" "$@" 2>&1 | grep --line-buffered -v "incubator modules"; return "${PIPESTATUS[0]}"; }
nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader 2>/dev/null || true
jgpt info
jgpt data prepare --input "$work/text" --out "$work/tokens" --validation-ratio 0.05 || fail "data prepare failed"
echo "[$(elapsed) s] corpus ready"

train() {
  jgpt train --device "$device" --precision "$precision" --data "$work/tokens" "${model_flags[@]}" --batch-size "$batch" \
    --lr 1e-3 --min-lr 1e-4 --weight-decay 0.1 --grad-clip 1.0 --eval-batches 10 --seed 1234 "$@"
}
# tokens per second from the step rows 20 and 40 of a short run (the first steps compile kernels)
tokens_per_second="${PRETRAIN_TOKENS_PER_SECOND:-}"
if [ -z "$tokens_per_second" ]; then
  train --out "$work/timing" --max-steps 40 --eval-every 1000 --sample-tokens 0 > "$work/timing.log" || { cat "$work/timing.log"; fail "the timing run failed"; }
  tokens_per_second=$(python3 -c '
import json, sys
rows = {r["step"]: r for r in map(json.loads, open(sys.argv[1])) if r["type"] == "step"}
a, b = rows[20], rows[40]
print(int((b["tokens"] - a["tokens"]) / (b["elapsed_seconds"] - a["elapsed_seconds"])))' "$work/timing/metrics.jsonl") || fail "no tokens/s in the timing run"
  rm -rf "$work/timing"
fi
# what is left, less the time for export, samples and packing afterwards (and the training JVM's start)
train_seconds=$(( seconds - $(elapsed) - 60 ))
[ "$train_seconds" -gt 30 ] || fail "only $train_seconds s are left to train; raise PRETRAIN_SECONDS"
# 90%: evaluations (10 batches of each split and a 50-token sample, every eval_every steps) take the rest
steps=$(( train_seconds * tokens_per_second * 9 / 10 / (batch * context) ))
eval_every=$(( steps / 30 > 1 ? steps / 30 : 1 ))
echo "[$(elapsed) s] $tokens_per_second tokens/s: training $steps steps of $batch x $context tokens in at most $train_seconds s"
train --out "$work/run" --max-steps "$steps" --max-minutes "$(echo "$train_seconds" | awk '{print $1 / 60}')" \
  --warmup-steps $(( steps / 50 )) --eval-every "$eval_every" --sample-prompt "The meaning of life is" --sample-tokens 50 \
  || fail "training failed"
cat "$work/run/config.json"; echo
cp "$work/run/metrics.jsonl" "$work/run/loss.png" "$out/"
echo "[$(elapsed) s] trained"

jgpt export --model "$work/run" --out "$work/model" --dtype bf16 || fail "export failed"
{
  for prompt in "The meaning of life is" "And it came to pass" "Mr President, ladies and gentlemen," "Dog, n." "Subject: Re:"; do
    printf '### %s  (temperature 0.8, top-k 40, seed 1, 100 tokens)\n' "$prompt"
    jgpt generate --device cpu --model "$work/model" --prompt "$prompt" --max-new-tokens 100 --temperature 0.8 --top-k 40 --seed 1
    printf '\n\n'
  done
} > "$out/samples.txt"
cat "$out/samples.txt"

# the bf16 model directory in four parts of the same size: the device returns at most 8 files of 16 MiB each
tar cf - -C "$work" model | gzip -6 > "$work/model.tgz"
size=$(stat -c %s "$work/model.tgz")
[ "$size" -lt $(( 4 * 15 * 1024 * 1024 )) ] || fail "the packed model is $size bytes, too large for four parts of 15 MiB"
(cd "$out" && split -n 4 -d -a 1 "$work/model.tgz" model.tgz.part-)
sha256sum "$work/model.tgz"
ls -la "$out"
echo "[$(elapsed) s] done; files in $out: $(du -sb "$out" | cut -f1) bytes"

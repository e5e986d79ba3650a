#!/usr/bin/env bash
# Fine-tunes spam classifiers on the SpamAssassin corpus three ways (all, last-block, lora) from each given
# base model, and prints the docs/FINETUNING.md table: trainable parameters, time and test accuracy.
#   scripts/finetune/spam-table.sh OUT NAME=MODEL_DIR [NAME=MODEL_DIR ...] [-- extra finetune flags]
# The corpus comes from scripts/data/fetch-spamassassin.sh (build/data/spamassassin.jsonl). Set JGPT to
# another launcher (one running a copy of the jar, say) to keep editing sources while this runs.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
jgpt="${JGPT:-$root/jgpt}"
out="$1"
shift
bases=()
while [ $# -gt 0 ] && [ "$1" != "--" ]; do bases+=("$1"); shift; done
[ "${1:-}" = "--" ] && shift
data="$root/build/data/spamassassin.jsonl"
[ -f "$data" ] || "$root/scripts/data/fetch-spamassassin.sh"
mkdir -p "$out"
rows=()
for base in "${bases[@]}"; do
  name="${base%%=*}" dir="${base#*=}"
  for trainable in all last-block lora; do
    run="$out/$name-$trainable"
    "$jgpt" finetune classify --model "$dir" --data "$data" --out "$run" --trainable "$trainable" "$@" > "$run.log" 2>&1
    params="$(sed -n 's/^trainable parameters: \([0-9,]*\) of .*/\1/p' "$run.log")"
    seconds="$(sed -n 's/^fine-tuned in \([0-9.]*\) s.*/\1/p' "$run.log")"
    accuracy="$(sed -n 's/^test accuracy *\([0-9.]*%\)/\1/p' "$run.log")"
    rows+=("| $name | $trainable | $params | $seconds | $accuracy |")
    echo "${rows[-1]}"
  done
done
echo
echo "| base | trainable | trainable parameters | time (s) | test accuracy |"
echo "|---|---|---|---|---|"
printf '%s\n' "${rows[@]}"

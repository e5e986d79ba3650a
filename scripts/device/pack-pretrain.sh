#!/usr/bin/env bash
# Packs the pretraining call (scripts/device/pretrain.sh) into one ignored folder, default <this checkout>/.device/pretrain:
#   jre.txz        a jlink runtime of the modules jgpt's training needs, xz-compressed (about 21 MB)
#   jgpt.jar       the shaded jar
#   corpus.tar.xz  the clean text of scripts/data/build-pretrain-corpus.sh (about 26 MB; tokenized on the GPU machine)
#   pretrain.sh
# The device tool sends only the main checkout and at most 64 MiB with it, so pass its .device folder when packing
# from a worktree, and carry only this folder:  scripts/device/pack-pretrain.sh /work/main/.device/pretrain [TEXT_DIR]
# TEXT_DIR defaults to build/pretrain/text. The runtime and the corpus archive are remade only when missing or older.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
dest="${1:-$root/.device/pretrain}"
text="${2:-$root/build/pretrain/text}"
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
export PATH="$JAVA_HOME/bin:$PATH"
export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
[ -d "$text" ] || { echo "no corpus text in $text: run scripts/data/build-pretrain-corpus.sh first" >&2; exit 1; }
mkdir -p "$dest"

(cd "$root" && mvn -B -q --no-transfer-progress -DskipTests package)
cp "$root/target/jgpt.jar" "$dest/jgpt.jar"
cp "$root/scripts/device/pretrain.sh" "$dest/"

# uncompressed modules inside, xz outside: smaller than jlink's own zip compression
if [ ! -f "$dest/jre.txz" ]; then
  rm -rf "$root/build/jre-pretrain"
  jlink --add-modules java.base,java.desktop,java.logging,java.management,java.net.http,java.sql,jdk.incubator.vector,jdk.unsupported \
    --strip-debug --no-man-pages --no-header-files --compress=zip-0 \
    --add-options="--add-modules=jdk.incubator.vector --enable-native-access=ALL-UNNAMED" --output "$root/build/jre-pretrain/jre"
  tar cf - -C "$root/build/jre-pretrain" jre | xz -9 -T0 > "$dest/jre.txz.tmp" && mv "$dest/jre.txz.tmp" "$dest/jre.txz"
fi
if [ ! -f "$dest/corpus.tar.xz" ] || [ -n "$(find "$text" -newer "$dest/corpus.tar.xz" -print -quit)" ]; then
  tar cf - -C "$(dirname "$text")" --transform "s,^$(basename "$text"),text," "$(basename "$text")" | xz -9 -T0 > "$dest/corpus.tar.xz.tmp"
  mv "$dest/corpus.tar.xz.tmp" "$dest/corpus.tar.xz"
fi
ls -la "$dest"
total=$(du -cb "$dest"/* | tail -n 1 | cut -f1)
echo "$total bytes in $dest"
# the checkout itself travels too (a few MiB); leave room for it under the 64 MiB
[ "$total" -lt $(( 60 * 1024 * 1024 )) ] || { echo "$dest holds more than 60 MiB; the device call would refuse it" >&2; exit 1; }

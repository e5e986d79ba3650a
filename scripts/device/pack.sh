#!/usr/bin/env bash
# Packs what the GPU machine needs into one ignored folder (default: <this checkout>/.device/cuda):
#   jre.txz (a jlink runtime with the JVM flags baked in; runtime.sh unpacks it), jgpt.jar, jgpt-tests.jar, lib/ (test dependencies
#   and the JUnit console launcher), run-tests.sh, bench-train.sh, gemm_peak.py, the PyTorch anchor and the
#   tiny-gpt2-a fixture (fixtures/; the GPU parity tests read it there). The device tool sends only the main
#   checkout, so pass its .device folder when packing from a worktree:  scripts/device/pack.sh /work/main/.device/cuda
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
dest="${1:-$root/.device/cuda}"
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
export PATH="$JAVA_HOME/bin:$PATH"
export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
junit_console="org.junit.platform:junit-platform-console-standalone:6.1.3"
mvn_q() { (cd "$root" && mvn -B -q --no-transfer-progress "$@"); }

mkdir -p "$dest/lib"
rm -f "$dest"/lib/*.jar
mvn_q -DskipTests package
# the shaded jar holds the runtime dependencies; the tests need AssertJ and the JUnit console launcher
mvn_q dependency:copy-dependencies -DincludeScope=test -DincludeArtifactIds=assertj-core -DoutputDirectory="$dest/lib"
mvn_q dependency:copy -Dartifact="$junit_console" -DoutputDirectory="$dest/lib"
cp "$root/target/jgpt.jar" "$dest/jgpt.jar"
(cd "$root/target/test-classes" && jar cf "$dest/jgpt-tests.jar" .)

# the runtime depends only on the JDK: it is rebuilt when missing or when its module list changes. Uncompressed
# modules inside and xz outside (as pack-pretrain.sh), about 22 MB with java.desktop for the loss plots, against
# 40 MB for a .tgz of jlink's own compression: the 64 MiB a device call may carry must hold the fixture too
modules=java.base,java.desktop,java.logging,java.xml,java.management,java.instrument,jdk.zipfs,jdk.incubator.vector,jdk.httpserver,java.net.http,jdk.unsupported
if [ ! -f "$dest/jre.txz" ] || [ "$(cat "$dest/jre.modules" 2>/dev/null)" != "$modules" ]; then
  rm -rf "$root/build/jre" "$dest/jre.tgz"
  jlink --add-modules "$modules" \
    --strip-debug --no-man-pages --no-header-files --compress=zip-0 \
    --add-options="--add-modules=jdk.incubator.vector --enable-native-access=ALL-UNNAMED" --output "$root/build/jre"
  tar cf - -C "$root/build" jre | xz -9 -T0 > "$dest/jre.txz.tmp" && mv "$dest/jre.txz.tmp" "$dest/jre.txz"
  echo "$modules" > "$dest/jre.modules"
fi
cp "$root/scripts/device/runtime.sh" "$root/scripts/device/run-tests.sh" "$root/scripts/device/bench-train.sh" "$root/scripts/device/bench-decode.sh" "$root/scripts/device/profile-decode.sh" "$root/scripts/device/gemm_peak.py" "$dest/"
# the PyTorch anchor lives in the shared folder beside the checkout, which does not travel
anchor="$root/../shared/anchors/torch_gpu_gpt.py"
[ -f "$anchor" ] || anchor="/work/shared/anchors/torch_gpu_gpt.py"
[ -f "$anchor" ] && cp "$anchor" "$dest/"
# so does the reference model made by Hugging Face transformers
fixture="$root/../shared/fixtures/tiny-gpt2-a"
[ -d "$fixture" ] || fixture="/work/shared/fixtures/tiny-gpt2-a"
if [ -d "$fixture" ]; then
  rm -rf "$dest/fixtures" && mkdir -p "$dest/fixtures" && cp -r "$fixture" "$dest/fixtures/" && chmod -R u+w "$dest/fixtures"
fi
total=$(du -sb "$dest" | cut -f1)
echo "$total bytes in $dest"
# the checkout itself travels too (a few MiB); leave room for it under the 64 MiB
[ "$total" -lt $(( 60 * 1024 * 1024 )) ] || { echo "$dest holds more than 60 MiB; the device call would refuse it" >&2; exit 1; }

#!/usr/bin/env bash
# Packs what the GPU machine needs into one ignored folder (default: <this checkout>/.device/cuda):
#   jre.tgz (a jlink runtime with the JVM flags baked in), jgpt.jar, jgpt-tests.jar, lib/ (test dependencies
#   and the JUnit console launcher), run-tests.sh, bench-train.sh, gemm_peak.py and the PyTorch anchor. The device tool sends only the main checkout, so pass
#   its .device folder when packing from a worktree:  scripts/device/pack.sh /work/main/.device/cuda
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

# the runtime depends only on the JDK, so it is rebuilt only when missing
# the runtime is rebuilt when its module list changes (an older pack's runtime lacked java.desktop, which plots need)
modules=java.base,java.desktop,java.logging,java.xml,java.management,java.instrument,jdk.zipfs,jdk.incubator.vector,jdk.httpserver,java.net.http,jdk.unsupported
if [ ! -f "$dest/jre.tgz" ] || [ "$(cat "$dest/jre.modules" 2>/dev/null)" != "$modules" ]; then
  rm -rf "$root/build/jre"
  jlink --add-modules "$modules" \
    --strip-debug --no-man-pages --no-header-files --compress=zip-9 \
    --add-options="--add-modules=jdk.incubator.vector --enable-native-access=ALL-UNNAMED" --output "$root/build/jre"
  tar czf "$dest/jre.tgz.tmp" -C "$root/build" jre && mv "$dest/jre.tgz.tmp" "$dest/jre.tgz"
  echo "$modules" > "$dest/jre.modules"
fi
cp "$root/scripts/device/run-tests.sh" "$root/scripts/device/bench-train.sh" "$root/scripts/device/bench-decode.sh" "$root/scripts/device/profile-decode.sh" "$root/scripts/device/gemm_peak.py" "$dest/"
# the PyTorch anchor lives in the shared folder beside the checkout, which does not travel
anchor="$root/../shared/anchors/torch_gpu_gpt.py"
[ -f "$anchor" ] || anchor="/work/shared/anchors/torch_gpu_gpt.py"
[ -f "$anchor" ] && cp "$anchor" "$dest/"
du -sh "$dest"

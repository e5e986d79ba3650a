# Sourced by the device scripts: unpacks the Java runtime pack.sh made (jre.txz beside this file) into
# /tmp/jgpt-device once per machine, creates $out (the device tool's $OUT, or /tmp/jgpt-out) and sets $java.
# xz where the machine has it, else python3's lzma.
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out="${OUT:-/tmp/jgpt-out}"
mkdir -p /tmp/jgpt-device "$out"
java=/tmp/jgpt-device/jre/bin/java
if [ ! -x "$java" ] || [ "$here/jre.txz" -nt "$java" ]; then
  rm -rf /tmp/jgpt-device/jre
  if command -v xz >/dev/null; then tar xJf "$here/jre.txz" -C /tmp/jgpt-device
  else python3 -c 'import sys, tarfile; tarfile.open(sys.argv[1]).extractall(sys.argv[2])' "$here/jre.txz" /tmp/jgpt-device; fi
  touch "$java"
fi

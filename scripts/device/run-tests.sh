#!/usr/bin/env bash
# Runs on the GPU machine from the folder scripts/device/pack.sh filled: unpacks the runtime, shows the GPU,
# runs every CUDA test with the JUnit console launcher (the jgpt.backend.cuda package and the GPU's Hugging Face
# fixture parity, which reads the fixture pack.sh copied), then times a training step on GPU and CPU.
# Reports go to $OUT when the device tool sets it. Usage: bash .device/cuda/run-tests.sh [junit selector args]
set -uo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/runtime.sh"
nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader || true
"$java" -jar "$here/jgpt.jar" info

classpath="$here/jgpt.jar:$here/jgpt-tests.jar"
for jar in "$here"/lib/*.jar; do
  case "$jar" in *console-standalone*) ;; *) classpath="$classpath:$jar" ;; esac
done
selectors=("$@")
[ ${#selectors[@]} -eq 0 ] && selectors=(--select-package jgpt.backend.cuda --select-class jgpt.model.io.CudaHfParityTest)
start=$(date +%s)
# a run past JGPT_TEST_SECONDS (default 360) gets SIGQUIT, so the log ends in a thread dump that shows where it
# stood (the tree of results is printed only at the end), then SIGKILL 10 s later
timeout -s QUIT -k 10 "${JGPT_TEST_SECONDS:-360}" "$java" -XX:ErrorFile="$out/hs_err_%p.log" -Djgpt.fixtures="$here/fixtures" \
  -jar "$here"/lib/junit-platform-console-standalone-*.jar execute --disable-banner --disable-ansi-colors \
  --details=tree --class-path "$classpath" --reports-dir "$out/junit" "${selectors[@]}" 2>&1 | tee "$out/tests.log"
status=${PIPESTATUS[0]}
echo "tests took $(( $(date +%s) - start )) s, exit status $status$( [ "$status" -ge 124 ] && echo ' (timed out: the thread dump above shows where)')"
"$java" -cp "$classpath" jgpt.backend.cuda.TrainingStepTiming 2>&1 | tee "$out/timing.log"
exit "$status"

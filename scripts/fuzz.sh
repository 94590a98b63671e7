#!/bin/bash
# Fuzzes the importer and the graph phase with libFuzzer (ASan + UBSan):
# configures build-fuzz/ (clang, MODELC_FUZZ=ON), seeds the corpus with the
# ONNX backend node tests' models, and runs for SECONDS (default 600) on
# JOBS processes (default: the cores). Crashes, leaks, timeouts and
# out-of-memory inputs land in fuzz/artifacts/; each one fixed becomes a
# regression test under test/Import/fuzz-regressions/ (lit runs them all).
#
# usage: scripts/fuzz.sh [SECONDS] [JOBS]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-600} jobs=${2:-$(nproc)}
# libFuzzer and the sanitizer runtimes come with clang.
bash scripts/install-deps.sh clang-22 libclang-rt-22-dev
if [ ! -f build-fuzz/build.ninja ]; then
  cmake -G Ninja -S . -B build-fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCMAKE_C_COMPILER=clang-22 -DCMAKE_CXX_COMPILER=clang++-22 -DMODELC_FUZZ=ON >/dev/null
fi
ninja -C build-fuzz modelc-fuzz-import
mkdir -p fuzz/corpus fuzz/artifacts
if [ -z "$(ls -A fuzz/corpus)" ]; then
  for m in /usr/share/libonnx-testdata/data/node/*/model.onnx; do
    cp "$m" "fuzz/corpus/$(basename "$(dirname "$m")").onnx"
  done
fi
export ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=1
export UBSAN_OPTIONS=print_stacktrace=1
build-fuzz/bin/modelc-fuzz-import fuzz/corpus -artifact_prefix=fuzz/artifacts/ \
  -max_total_time="$seconds" -jobs="$jobs" -workers="$jobs" -timeout=20 \
  -rss_limit_mb=4096 -max_len=65536 -print_final_stats=1 2>&1 | tail -40
ls fuzz/artifacts

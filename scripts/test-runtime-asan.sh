#!/usr/bin/env bash
# Builds the runtime and its API tests alone (no MLIR needed) with
# AddressSanitizer and UndefinedBehaviorSanitizer into ./build-asan, and runs
# them: misuse must give statuses, never memory errors. Part of the test
# command (ctest entry unit-runtime-asan).
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR=${ASAN_BUILD_DIR:-build-asan}
SAN="-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all"
if [ ! -f "$BUILD_DIR/build.ninja" ]; then
  cmake -G Ninja -S . -B "$BUILD_DIR" -DMODELC_RUNTIME_ONLY=ON \
    -DCMAKE_BUILD_TYPE=Debug -DCMAKE_C_FLAGS="$SAN" -DCMAKE_CXX_FLAGS="$SAN" \
    -DCMAKE_EXE_LINKER_FLAGS="$SAN" -DCMAKE_SHARED_LINKER_FLAGS="$SAN" \
    -DCMAKE_MODULE_LINKER_FLAGS="$SAN" > "$BUILD_DIR.configure.log" 2>&1 ||
    { cat "$BUILD_DIR.configure.log"; exit 1; }
fi
ninja -C "$BUILD_DIR" > /dev/null
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0
"$BUILD_DIR/bin/modelc-runtime-tests" --gtest_brief=1

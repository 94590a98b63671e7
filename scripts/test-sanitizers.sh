#!/usr/bin/env bash
# Builds the whole compiler, the runtime and the tools with AddressSanitizer
# and UndefinedBehaviorSanitizer into ./build-sanitize (MLIR, LLVM and ONNX
# stay the uninstrumented Debian libraries), then runs the compiler's unit
# tests, the lit suite and every 8th ONNX backend test on the host target:
# any memory error, leak or undefined behaviour in modelc's code fails it.
# Part of the test command (ctest entry `sanitizers`).
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR=${SANITIZE_BUILD_DIR:-build-sanitize}
SAN="-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined"
if [ ! -f "$BUILD_DIR/build.ninja" ]; then
  cmake -G Ninja -S . -B "$BUILD_DIR" -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_C_FLAGS="$SAN" -DCMAKE_CXX_FLAGS="$SAN" \
    -DCMAKE_EXE_LINKER_FLAGS="$SAN" -DCMAKE_SHARED_LINKER_FLAGS="$SAN" \
    -DCMAKE_MODULE_LINKER_FLAGS="$SAN" > "$BUILD_DIR.configure.log" 2>&1 ||
    { cat "$BUILD_DIR.configure.log"; exit 1; }
fi
echo "sanitizers: building $BUILD_DIR..."
ninja -C "$BUILD_DIR" modelc modelc-opt modelc-run modelc-classify modelc-unit-tests \
  modelc-runtime-tests > "$BUILD_DIR.build.log" 2>&1 || { tail -30 "$BUILD_DIR.build.log"; exit 1; }
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:halt_on_error=1
export LSAN_OPTIONS=suppressions=$PWD/scripts/lsan.supp:print_suppressions=0
export UBSAN_OPTIONS=print_stacktrace=1
echo "sanitizers: unit tests"
"$BUILD_DIR/bin/modelc-unit-tests" --gtest_brief=1
"$BUILD_DIR/bin/modelc-runtime-tests" --gtest_brief=1
echo "sanitizers: lit"
/usr/lib/llvm-22/bin/lit -q "$BUILD_DIR/test"
echo "sanitizers: every 8th ONNX backend test on the host target"
/usr/bin/python3 test/conformance/run_backend_tests.py --modelc "$BUILD_DIR/bin/modelc" \
  --modelc-run "$BUILD_DIR/bin/modelc-run" --sample 8 --jobs "$(nproc)" | tail -9

#!/usr/bin/env bash
# Configures (once) and builds modelc with CMake and Ninja into ./build.
# Extra arguments go to the CMake configure step, e.g. -DMODELC_WERROR=ON.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR=${BUILD_DIR:-build}
if [ ! -f "$BUILD_DIR/build.ninja" ] || [ $# -gt 0 ]; then
  cmake -G Ninja -S . -B "$BUILD_DIR" -DCMAKE_BUILD_TYPE=Release "$@"
fi
ninja -C "$BUILD_DIR"

#!/bin/bash
# Fills gpu/ (git-ignored) with what the GPU machine needs and cannot build:
# a static modelc (xz), modelc-run and the runtime, the runtime's GPU
# tests and their PTX fixture artifacts, the shared libraries
# they use, the ONNX backend test data, and the peers' benchmark. The
# checkout travels anyway; pass `carry: ["gpu"]` to the device tool and run
# `bash scripts/gpu-tests.sh` there.
#
# usage: scripts/gpu/prepare.sh [BUILD_DIR]   (default: build)
set -euo pipefail
cd "$(dirname "$0")/../.."
build=${1:-build}
rm -rf gpu && mkdir -p gpu/bin gpu/lib
echo "prepare: linking a static modelc..."
bash scripts/gpu/link-static-modelc.sh "$build" gpu/bin/modelc
xz -T0 -6 gpu/bin/modelc
ninja -C "$build" modelc-run modelc-runtime-gpu-tests >/dev/null
cp "$build/bin/modelc-run" "$build/bin/modelc-runtime-gpu-tests" gpu/bin/
mkdir -p gpu/fixtures
cp "$build"/test/unit/runtime/fixtures/libfixture_cuda_{add,trap,gemm}.so gpu/fixtures/
for lib in libonnx.so.1 libonnx_proto.so.1 libprotobuf.so.32; do
  cp -L "/usr/lib/x86_64-linux-gnu/$lib" gpu/lib/
done
echo "prepare: packing the ONNX backend test data..."
tar -C /usr/share/libonnx-testdata -cJf gpu/onnx-testdata.tar.xz data
peer=${PEER_BENCH:-../shared/bench/peer_bench.py}
if [ -f "$peer" ]; then cp "$peer" gpu/; else echo "prepare: note: no $peer; the bench runs modelc only"; fi
du -sh gpu

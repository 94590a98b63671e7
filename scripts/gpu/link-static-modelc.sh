#!/bin/bash
# Links a self-contained modelc for the GPU machine, which has no LLVM/MLIR:
# the compiler's objects with the static MLIR and LLVM libraries of
# llvm-22-dev/libmlir-22-dev (only what is referenced survives
# --gc-sections). ONNX and protobuf stay shared; prepare.sh carries them.
#
# usage: scripts/gpu/link-static-modelc.sh BUILD_DIR OUTPUT
set -euo pipefail
build=$1 out=$2
llvm=/usr/lib/llvm-22/lib
ninja -C "$build" modelc >/dev/null
mlir_libs=$(ls $llvm/libMLIR*.a | grep -Ev 'CAPI|MlirOptMain|Python|ExecutionEngine|JitRunner|TableGen|Tblgen|Test')
llvm_libs=$(ls $llvm/libLLVM*.a | grep -Ev 'TestingSupport|TableGen')
modelc_libs=$(find "$build/compiler" "$build/passes" "$build/dialects" -name 'libModelc*.a')
c++ -o "$out" "$build/tools/CMakeFiles/modelc.dir/modelc/modelc.cpp.o" \
  -Wl,--start-group $modelc_libs $mlir_libs $llvm_libs -Wl,--end-group \
  /usr/lib/x86_64-linux-gnu/libonnx.so.1 /usr/lib/x86_64-linux-gnu/libonnx_proto.so.1 \
  /usr/lib/x86_64-linux-gnu/libprotobuf.so -lz /usr/lib/x86_64-linux-gnu/libzstd.so.1 \
  -ltinfo -lpthread -ldl -Wl,--gc-sections -s

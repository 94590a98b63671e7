#!/usr/bin/env bash
# The main job on a fresh machine: install what is needed, build modelc,
# generate the bundled example model and compile it.
#
# Today `modelc` compiles to optimized MLIR (the graph phase); later phases
# extend this script to a runnable .so.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-deps.sh
bash scripts/build.sh

mkdir -p build/examples
MODEL=build/examples/tiny_resnet.onnx
echo "== exporting the example model (examples/tiny_resnet) to $MODEL"
/usr/bin/python3 examples/tiny_resnet/export_tiny_resnet.py "$MODEL" 2>/dev/null

echo "== compiling it: modelc $MODEL --batch 1 -o build/examples/tiny_resnet.mlir"
build/bin/modelc "$MODEL" --batch 1 --verbose -o build/examples/tiny_resnet.mlir

count() { grep -oE '= onnx\.[A-Za-z]+' "$1" | sed 's/= onnx\.//' | sort | uniq -c | sort -rn | awk '{printf "%s %s, ", $1, $2}'; }
build/bin/modelc "$MODEL" --batch 1 --emit=mlir-import -o build/examples/tiny_resnet.import.mlir
echo "== imported:  $(count build/examples/tiny_resnet.import.mlir)"
echo "== optimized: $(count build/examples/tiny_resnet.mlir)"
echo "== the optimized IR is in build/examples/tiny_resnet.mlir"

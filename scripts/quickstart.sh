#!/usr/bin/env bash
# The main job on a fresh machine: install what is needed, build modelc,
# export the bundled example model with a PyTorch reference, compile it to a
# shared library, and run it: once with modelc-run against the reference,
# once through the C embedding example.
#
# The artifact targets the GPU (sm_89 PTX, run by any NVIDIA GPU of compute
# capability 8.9 or later) when one is present, else this machine's CPU
# (--target host). MODELC_TARGET overrides the choice.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-deps.sh
bash scripts/build.sh

OUT=build/examples
mkdir -p "$OUT"
echo "== exporting the example model (examples/tiny_resnet) and a PyTorch reference"
/usr/bin/python3 examples/tiny_resnet/export_tiny_resnet.py "$OUT/tiny_resnet.onnx" \
  --test-data "$OUT/tiny_resnet_reference" 2>/dev/null

if [ -n "${MODELC_TARGET:-}" ]; then
  target=$MODELC_TARGET
elif nvidia-smi -L >/dev/null 2>&1; then
  target=sm_89
else
  target=host
  echo "== no GPU here (nvidia-smi finds none): compiling for the host CPU"
fi
echo "== modelc $OUT/tiny_resnet.onnx --batch 1 --target $target -o $OUT/tiny_resnet.so"
build/bin/modelc "$OUT/tiny_resnet.onnx" --batch 1 --target "$target" --verbose --report \
  -o "$OUT/tiny_resnet.so"

# GPU artifacts multiply in TF32 (the default --precision): 10-bit
# mantissas, so the comparison allows 1e-2 relative (outputs are ~0.1).
tolerance=()
[ "$target" = host ] || tolerance=(--rtol 1e-2 --atol 1e-3)
echo "== modelc-run: the artifact against PyTorch's output"
build/bin/modelc-run "$OUT/tiny_resnet.so" --test-data "$OUT/tiny_resnet_reference" --bench 20 \
  "${tolerance[@]}"

echo "== the C embedding example (examples/embed/classify.c)"
build/bin/modelc-classify "$OUT/tiny_resnet.so"

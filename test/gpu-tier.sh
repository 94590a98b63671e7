#!/bin/bash
# A GPU test tier from ctest: runs a runner with --target sm_89 when a GPU
# answers, else says why not and exits 77 (ctest: skipped).
# usage: gpu-tier.sh PYTHON RUNNER [runner args...]
python=$1 runner=$2
shift 2
if ! nvidia-smi -L >/dev/null 2>&1; then
  echo "SKIPPED: no GPU here (nvidia-smi finds none); GPU tiers run where one is"
  echo "(on the GPU machine: bash scripts/gpu-tests.sh, see docs/performance.md)"
  exit 77
fi
exec "$python" "$runner" --target sm_89 "$@"

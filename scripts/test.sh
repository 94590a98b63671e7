#!/usr/bin/env bash
# Runs every test tier with ctest (lit, unit, ONNX backend import sweep,
# torch models), after installing dependencies and building. ctest prints
# the totals; the exit status is non-zero if any test failed.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-deps.sh
bash scripts/build.sh
cd "${BUILD_DIR:-build}"
ctest --output-on-failure --timeout 3000 "$@"

#!/usr/bin/env bash
# Runs every test tier with ctest (lit, unit tests, the runtime under ASan,
# the whole compiler under ASan + UBSan,
# the ONNX backend tests on the host target, torch models against torch, and
# the same two on the GPU where there is one),
# after installing dependencies and building. ctest prints the totals; the
# conformance and model tables are printed after them. The exit status is
# non-zero if any test failed.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-deps.sh
bash scripts/build.sh
cd "${BUILD_DIR:-build}"
status=0
ctest --output-on-failure --timeout 3000 "$@" || status=$?

# The tiers' own summaries (ctest shows a passing test's output only in its log).
log=Testing/Temporary/LastTest.log
if [ -f "$log" ]; then
  if grep -q "^suite .*passed" "$log"; then
    echo
    echo "== ONNX backend tests on the host target (onnx-backend-host)"
    sed -n '/^suite .*passed/,/^node tests passed/p' "$log"
  fi
  if grep -q "^model .*vs torch" "$log"; then
    echo
    echo "== models against torch (torch-models-host, -fp16, -bf16)"
    sed -n '/^model .*vs torch/,/^(host target/p' "$log"
  fi
  if grep -q "^SKIPPED: no GPU" "$log"; then
    echo
    echo "== GPU tiers (onnx-backend-gpu, torch-models-gpu, unit-runtime-gpu): $(grep -m1 '^SKIPPED: no GPU' "$log")"
  fi
fi
exit $status

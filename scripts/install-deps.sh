#!/usr/bin/env bash
# Installs every package modelc needs to build and test, from Debian
# (bookworm, with LLVM/MLIR 22 from bookworm-security), and the packages
# named as arguments (scripts/fuzz.sh adds clang's). Idempotent: does
# nothing when everything is already installed. Needs root or sudo.
set -euo pipefail

PACKAGES=(
  # Build
  build-essential cmake ninja-build
  # LLVM/MLIR 22: headers, shared libMLIR/libLLVM, mlir-tblgen, lit, FileCheck
  llvm-22-dev libmlir-22-dev mlir-22-tools llvm-22-tools
  # ONNX: protobuf types, checker, shape inference, version converter; and
  # the ONNX backend test models
  libonnx-dev libonnx-testdata libprotobuf-dev protobuf-compiler
  # Unit tests
  libgtest-dev
  # Tests that generate models: onnx and torch for the system Python
  python3 python3-onnx python3-numpy python3-torch python3-torchvision
  "$@"
)

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" \
    || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#PACKAGES[@]} packages are installed"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "install-deps: run as root (need: ${missing[*]})" >&2; exit 1; }
  SUDO="sudo"
fi
echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"

#!/bin/bash
# Whether two modelc builds emit the same PTX for every ONNX backend test
# model (node, pytorch-converted, pytorch-operator, simple), at one
# precision: when they do, a GPU run of the backend tests through the
# first build holds for the second without a GPU.
#
# usage: scripts/compare_backend_ptx.sh OLD_MODELC NEW_MODELC PRECISION [DATA_ROOT]
# Prints the models compiled, those byte-identical, those both reject, and
# lists the ones that differ (or that only one build compiles); exit 1 if any.
set -uo pipefail
if [ $# -lt 3 ]; then
  echo "usage: $0 OLD_MODELC NEW_MODELC PRECISION [DATA_ROOT]" >&2
  exit 2
fi
old=$1 new=$2 precision=$3 root=${4:-/usr/share/libonnx-testdata/data}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
n=0 same=0 both=0 differ=()
for model in "$root"/{node,pytorch-converted,pytorch-operator,simple}/*/model.onnx; do
  [ -f "$model" ] || continue
  n=$((n + 1))
  "$old" "$model" --target sm_89 --precision "$precision" --emit=ptx -o "$work/old.ptx" > /dev/null 2>&1
  a=$?
  "$new" "$model" --target sm_89 --precision "$precision" --emit=ptx -o "$work/new.ptx" > /dev/null 2>&1
  b=$?
  if [ $a != 0 ] && [ $b != 0 ]; then
    both=$((both + 1))
  elif [ $a = 0 ] && [ $b = 0 ] && cmp -s "$work/old.ptx" "$work/new.ptx"; then
    same=$((same + 1))
  else
    differ+=("$(dirname "$model") (exit $a, $b)")
  fi
done
echo "$precision: $n models, $same PTX byte-identical, $both rejected by both, ${#differ[@]} differ"
for d in "${differ[@]}"; do echo "  differs: $d"; done
[ ${#differ[@]} = 0 ]

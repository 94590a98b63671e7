#!/bin/bash
# A stand-in for scripts/gpu-tests.sh: writes a summary naming its mode and
# two variables; mode 'slow' outlasts a 1 s limit, 'fail' exits 3.
mkdir -p "$OUT"
echo "mode $1 A=${A:-} B=${B:-}" > "$OUT/summary.md"
[ "$1" = slow ] && sleep 5
[ "$1" = fail ] && exit 3
exit 0

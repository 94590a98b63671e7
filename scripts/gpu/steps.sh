#!/bin/bash
# Runs several scripts/gpu-tests.sh modes in one device call, each with its
# own time limit, and leaves one summary and one archive per step in $OUT
# (the device tool brings back only a few files per call).
#
# usage: OUT=DIR bash scripts/gpu/steps.sh STEPS_FILE
#
# STEPS_FILE: one step a line, '#' comments and blank lines ignored:
#   NAME SECONDS [VAR=VALUE ...] MODE
# e.g.
#   ab-fp16 200 AB_FLAG=--gpu-tensor-core-warps=8 AB_PRECISION=fp16 MODELS=resnet50 ab
#   bench-tf32 120 BENCH_SPECS=resnet50:256 benchmark
# A VALUE with spaces takes double quotes: COMPARE="resnet50:256 resnet50:1".
# Each step runs as `env VARS OUT=/tmp/steps-NAME $STEPS_RUNNER MODE` under
# `timeout SECONDS`; its summary goes to $OUT/summary-all.md (with its exit
# status and seconds) and its logs to $OUT/logs-NAME.tgz. A step that would
# end past $STEPS_BUDGET seconds (default 570: the device's 600 s per call,
# less a margin) from the start is skipped, and said so. STEPS_RUNNER
# defaults to `bash scripts/gpu-tests.sh`.
set -uo pipefail
if [ $# -ne 1 ] || [ ! -f "$1" ]; then
  echo "usage: OUT=DIR $0 STEPS_FILE" >&2
  exit 2
fi
[ -n "${OUT:-}" ] || { echo "error: OUT is not set" >&2; exit 2; }
steps=$(realpath "$1")
cd "$(dirname "$0")/../.." || exit 2
mkdir -p "$OUT"
budget=${STEPS_BUDGET:-570} runner=${STEPS_RUNNER:-bash scripts/gpu-tests.sh}
all=$OUT/summary-all.md
: > "$all"
failed=0
while IFS= read -r line || [ -n "$line" ]; do
  line=${line%%#*}
  [ -n "${line// /}" ] || continue
  words=()
  eval "words=($line)" || { echo "error: cannot parse step: $line" >&2; exit 2; }
  if [ ${#words[@]} -lt 3 ] || ! [[ ${words[1]} =~ ^[0-9]+$ ]] || ! [[ ${words[0]} =~ ^[A-Za-z0-9_.-]+$ ]]; then
    echo "error: a step is 'NAME SECONDS [VAR=VALUE ...] MODE', not: $line" >&2
    exit 2
  fi
  name=${words[0]} limit=${words[1]} mode=${words[-1]}
  vars=("${words[@]:2:${#words[@]}-3}")
  if [ $((SECONDS + limit)) -gt "$budget" ]; then
    printf '## %s\nskipped: %s s would end past the %s s budget (%s s used)\n' \
      "$name" "$limit" "$budget" "$SECONDS" >> "$all"
    continue
  fi
  dir=/tmp/steps-$name t0=$SECONDS
  rm -rf "$dir"
  # shellcheck disable=SC2086 # the runner is words
  timeout "$limit" env "${vars[@]}" OUT="$dir" $runner "$mode" > "$dir.log" 2>&1
  rc=$?
  { echo "## $name"; cat "$dir/summary.md" 2>/dev/null
    echo "exit $rc after $((SECONDS - t0)) s$([ $rc = 124 ] && echo ' (timed out)')"; } >> "$all"
  tar czf "$OUT/logs-$name.tgz" -C /tmp "steps-$name" "steps-$name.log" 2>/dev/null
  [ $rc = 0 ] || [ $rc = 77 ] || failed=1
done < "$steps"
cat "$all"
exit $failed

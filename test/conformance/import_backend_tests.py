#!/usr/bin/env python3
"""Imports every ONNX backend test model through `modelc` and classifies it.

Runs `modelc MODEL --emit=mlir` (import plus the whole graph phase) on every
`model.onnx` under the ONNX backend test suites shipped by Debian's
libonnx-testdata, in parallel, and sorts each result into:

  imported     exit 0, IR written
  unsupported  exit 1 with a message saying what is not supported
  failed       exit 1 with any other error (a bug to fix)
  crashed      any other exit status, a signal, or a timeout

Prints the counts per suite and the failures, and exits non-zero if anything
failed or crashed, or if fewer node tests imported than --min-node-imported.
"""
import argparse
import concurrent.futures
import os
import re
import subprocess
import sys
import time

UNSUPPORTED = re.compile(r"\bunsupported\b|\bnot supported\b|does not support")
SUITES = ["node", "pytorch-converted", "pytorch-operator", "simple"]


def run_one(modelc, model, timeout):
    start = time.monotonic()
    try:
        proc = subprocess.run([modelc, model, "--emit=mlir", "-o", os.devnull],
                              capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return "crashed", f"timed out after {timeout} s", timeout
    elapsed = time.monotonic() - start
    err = proc.stderr.strip()
    if proc.returncode == 0:
        return "imported", "", elapsed
    if proc.returncode == 1:
        if UNSUPPORTED.search(err):
            return "unsupported", err, elapsed
        return "failed", err, elapsed
    return "crashed", f"exit status {proc.returncode}: {err[-400:]}", elapsed


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--modelc", required=True)
    ap.add_argument("--data-root", default="/usr/share/libonnx-testdata/data")
    ap.add_argument("--suites", default=",".join(SUITES))
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    ap.add_argument("--timeout", type=int, default=120)
    ap.add_argument("--min-node-imported", type=int, default=0)
    ap.add_argument("--show-unsupported", action="store_true",
                    help="also list every unsupported test with its message")
    args = ap.parse_args()

    if not os.path.isdir(args.data_root):
        print(f"error: {args.data_root} not found (apt-get install libonnx-testdata)")
        return 2
    tests = []
    for suite in args.suites.split(","):
        root = os.path.join(args.data_root, suite)
        for name in sorted(os.listdir(root)):
            model = os.path.join(root, name, "model.onnx")
            if os.path.isfile(model):
                tests.append((suite, name, model))

    results = {}
    with concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
        futures = {pool.submit(run_one, args.modelc, m, args.timeout): (s, n)
                   for s, n, m in tests}
        for future in concurrent.futures.as_completed(futures):
            results[futures[future]] = future.result()

    kinds = ["imported", "unsupported", "failed", "crashed"]
    print(f"{'suite':20} " + " ".join(f"{k:>11}" for k in kinds) + f" {'total':>7}")
    totals = {k: 0 for k in kinds}
    for suite in args.suites.split(","):
        counts = {k: 0 for k in kinds}
        for (s, _), (kind, _, _) in results.items():
            if s == suite:
                counts[kind] += 1
        for k in kinds:
            totals[k] += counts[k]
        print(f"{suite:20} " + " ".join(f"{counts[k]:>11}" for k in kinds)
              + f" {sum(counts.values()):>7}")
    print(f"{'all':20} " + " ".join(f"{totals[k]:>11}" for k in kinds)
          + f" {sum(totals.values()):>7}")
    slowest = max(results.items(), key=lambda kv: kv[1][2])
    print(f"slowest: {slowest[0][0]}/{slowest[0][1]} {slowest[1][2]:.1f} s")

    shown = ["failed", "crashed"] + (["unsupported"] if args.show_unsupported else [])
    for (suite, name), (kind, message, _) in sorted(results.items()):
        if kind in shown:
            print(f"{kind.upper()}: {suite}/{name}: {message.splitlines()[0] if message else ''}")

    node_imported = sum(1 for (s, _), (k, _, _) in results.items()
                        if s == "node" and k == "imported")
    ok = totals["failed"] == 0 and totals["crashed"] == 0
    if node_imported < args.min_node_imported:
        print(f"error: {node_imported} node tests imported, "
              f"expected at least {args.min_node_imported}")
        ok = False
    print("PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

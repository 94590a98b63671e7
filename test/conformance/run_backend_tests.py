#!/usr/bin/env python3
"""Compiles and runs every ONNX backend test on one target (default host).

For each test under the ONNX backend suites shipped by Debian's
libonnx-testdata (`<suite>/<test>/model.onnx` with `test_data_set_N/`
folders of `input_N.pb` and `output_N.pb`), runs

    modelc model.onnx --target <target> -o <work>/<test>.so
    modelc-run <work>/<test>.so --test-data <test dir> --quiet

in parallel, and sorts the result into:

  passed       compiled, ran, and every output of every data set matched
  failed       wrong numbers, or an error that is not "unsupported" (a bug)
  unsupported  modelc rejected the model, naming what it does not support
  crashed      a signal, an exit status other than 0 or 1, or a timeout

A test listed in expected_failures.txt (`suite/test: reason`), or for a CUDA
target also in expected_failures_gpu.txt, at --precision fp16|bf16 also in
expected_failures_16bit.txt, that fails is counted as `xfail`;
one that passes fails the run, so the lists only shrink. A GPU run also
counts the results that mention a CUDA error (there must be none).

With --compile-only, a test passes when modelc compiles it (nothing runs):
the CUDA targets' compiler paths, checked on a machine without a GPU.

Prints the counts per suite, every failure and crash with its first line,
and exits non-zero on any unexpected failure, any crash, or fewer passing
node tests than --min-node-passed.
"""
import argparse
import concurrent.futures
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

UNSUPPORTED = re.compile(r"\bunsupported\b|\bnot supported\b|does not support")
SUITES = ["node", "pytorch-converted", "pytorch-operator", "simple"]
KINDS = ["passed", "failed", "xfail", "unsupported", "crashed"]
# modelc-run's tolerance for --precision tf32 (GEMM operands rounded to a
# 10-bit mantissa; fp32 uses modelc-run's per-dtype defaults).
# fp16/bf16 store weights and activations in 16 bits (8 and 11 significant
# bits): the references are fp32, so expect values outside the 16-bit
# range to fail; these runs look for crashes and compile errors.
TOLERANCE_FLAGS = {"tf32": ["--rtol", "1e-2", "--atol", "1e-2"],
                   "fp16": ["--rtol", "1e-2", "--atol", "1e-2"],
                   "bf16": ["--rtol", "5e-2", "--atol", "5e-2"]}


def first_line(text):
    lines = [line for line in text.strip().splitlines() if line.strip()]
    return lines[0] if lines else ""


def run(cmd, timeout):
    """(status, stdout+stderr); status None on timeout."""
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True,
                              timeout=timeout)
    except subprocess.TimeoutExpired:
        return None, f"timed out after {timeout} s"
    return proc.returncode, proc.stdout + proc.stderr


def run_test(args, suite, name, test_dir, work):
    start = time.monotonic()
    artifact = os.path.join(work, f"{suite}__{name}.so")
    status, out = run([args.modelc, os.path.join(test_dir, "model.onnx"),
                       "--target", args.target, "--precision", args.precision,
                       "-o", artifact] + args.modelc_flags.split(), args.timeout)
    if status is None or status not in (0, 1):
        return "crashed", f"modelc: exit {status}: {out[-300:]}", time.monotonic() - start
    if status == 1:
        kind = "unsupported" if UNSUPPORTED.search(out) else "failed"
        return kind, "modelc: " + first_line(out), time.monotonic() - start
    if args.compile_only:
        os.remove(artifact)
        return "passed", "", time.monotonic() - start
    status, out = run([args.modelc_run, artifact, "--test-data", test_dir,
                       "--quiet"] + TOLERANCE_FLAGS.get(args.precision, []),
                      args.timeout)
    elapsed = time.monotonic() - start
    if status is None or status not in (0, 1):
        return "crashed", f"modelc-run: exit {status}: {out[-300:]}", elapsed
    if status == 1:
        detail = [line for line in out.splitlines() if "FAIL" in line or "error" in line]
        return "failed", "modelc-run: " + (detail[0] if detail else first_line(out)), elapsed
    os.remove(artifact)
    return "passed", "", elapsed


def load_expected_failures(path):
    expected = {}
    if not path or not os.path.exists(path):
        return expected
    with open(path) as f:
        for number, line in enumerate(f, 1):
            line = line.split("#", 1)[0].strip()
            if not line:
                continue
            test, _, reason = line.partition(":")
            if not reason.strip():
                raise SystemExit(f"{path}:{number}: every entry needs a reason")
            expected[test.strip()] = reason.strip()
    return expected


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--modelc", required=True)
    ap.add_argument("--modelc-run", required=True)
    ap.add_argument("--data-root", default="/usr/share/libonnx-testdata/data")
    ap.add_argument("--suites", default=",".join(SUITES))
    ap.add_argument("--filter", default="", help="only tests whose name matches this regex")
    ap.add_argument("--sample", type=int, default=1,
                    help="run every Nth test only (sanitizer builds are slow)")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    ap.add_argument("--timeout", type=int, default=300)
    ap.add_argument("--min-node-passed", type=int, default=0)
    ap.add_argument("--expected-failures",
                    default=os.path.join(os.path.dirname(__file__), "expected_failures.txt"))
    ap.add_argument("--target", default="host",
                    help="modelc --target: host, sm_89, ... (a GPU run needs a GPU)")
    ap.add_argument("--precision", default="fp32",
                    help="modelc --precision (default fp32: the backend tests' "
                         "references and tolerances are fp32)")
    ap.add_argument("--modelc-flags", default="",
                    help="more modelc flags (words), e.g. --layout=nhwc")
    ap.add_argument("--compile-only", action="store_true",
                    help="compile each test and count it passed when modelc "
                    "succeeds, without running it (a GPU target's compiler "
                    "paths on a machine without a GPU)")
    ap.add_argument("--work-dir", help="keep the artifacts of failing tests here")
    ap.add_argument("--results", help="write `suite/test kind` lines here")
    ap.add_argument("--show", default="failed,crashed",
                    help="comma-separated kinds to list one per line")
    args = ap.parse_args()

    if not os.path.isdir(args.data_root):
        print(f"error: {args.data_root} not found (apt-get install libonnx-testdata)")
        return 2
    expected_failures = load_expected_failures(args.expected_failures)
    if args.target != "host":
        expected_failures.update(load_expected_failures(os.path.join(
            os.path.dirname(args.expected_failures), "expected_failures_gpu.txt")))
    if args.precision in ("fp16", "bf16"):
        expected_failures.update(load_expected_failures(os.path.join(
            os.path.dirname(args.expected_failures), "expected_failures_16bit.txt")))
    pattern = re.compile(args.filter)
    tests = []
    for suite in args.suites.split(","):
        root = os.path.join(args.data_root, suite)
        for name in sorted(os.listdir(root)):
            test_dir = os.path.join(root, name)
            if os.path.isfile(os.path.join(test_dir, "model.onnx")) and pattern.search(name):
                tests.append((suite, name, test_dir))

    tests = tests[::max(args.sample, 1)]
    work = args.work_dir or tempfile.mkdtemp(prefix="modelc-conformance-")
    os.makedirs(work, exist_ok=True)
    results = {}
    started = time.monotonic()
    print(f"running {len(tests)} backend tests for target {args.target} with "
          f"{args.jobs} jobs...", flush=True)
    with concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
        futures = {pool.submit(run_test, args, s, n, d, work): (s, n) for s, n, d in tests}
        for done, future in enumerate(concurrent.futures.as_completed(futures), 1):
            suite, name = futures[future]
            kind, message, elapsed = future.result()
            key = f"{suite}/{name}"
            if key in expected_failures:
                # Compiled only, an expected failure (wrong numbers when it
                # runs) has not shown whether it still fails.
                kind = "xfail" if kind in ("failed", "unsupported") or \
                    (kind == "passed" and args.compile_only) else \
                    ("unexpected-pass" if kind == "passed" else kind)
            results[(suite, name)] = (kind, message, elapsed)
            if done % 100 == 0:
                print(f"  {done}/{len(tests)} done ({time.monotonic() - started:.0f} s)",
                      flush=True)
    if not args.work_dir:
        shutil.rmtree(work, ignore_errors=True)

    kinds = KINDS
    print(f"{'suite':20} " + " ".join(f"{k:>11}" for k in kinds) + f" {'total':>7}")
    totals = {k: 0 for k in kinds + ["unexpected-pass"]}
    for suite in args.suites.split(","):
        counts = {k: 0 for k in kinds + ["unexpected-pass"]}
        for (s, _), (kind, _, _) in results.items():
            if s == suite:
                counts[kind] += 1
        for k in counts:
            totals[k] += counts[k]
        print(f"{suite:20} " + " ".join(f"{counts[k]:>11}" for k in kinds)
              + f" {sum(counts.values()):>7}")
    print(f"{'all':20} " + " ".join(f"{totals[k]:>11}" for k in kinds)
          + f" {sum(totals.values()):>7}")
    if results:
        slowest = max(results.items(), key=lambda kv: kv[1][2])
        print(f"slowest: {slowest[0][0]}/{slowest[0][1]} {slowest[1][2]:.1f} s; "
              f"wall {time.monotonic() - started:.0f} s")

    shown = set(args.show.split(",")) | {"unexpected-pass"}
    for (suite, name), (kind, message, _) in sorted(results.items()):
        if kind in shown:
            print(f"{kind.upper()}: {suite}/{name}: {message}")
    stale = [t for t in expected_failures
             if tuple(t.split("/", 1)) not in results and not args.filter
             and args.sample == 1]
    for test in stale:
        print(f"STALE: {test} is in {args.expected_failures} but is not a test")

    if args.results:
        with open(args.results, "w") as f:
            for (suite, name), (kind, _, _) in sorted(results.items()):
                f.write(f"{suite}/{name} {kind}\n")
    cuda_errors = sum(1 for (_, _), (_, m, _) in results.items()
                      if "CUDA_ERROR" in m or "DEVICE_FAULT" in m)
    if args.target != "host":
        print(f"results mentioning a CUDA error or device fault: {cuda_errors}")
    node_passed = sum(1 for (s, _), (k, _, _) in results.items()
                      if s == "node" and k == "passed")
    ok = totals["failed"] == 0 and totals["crashed"] == 0 and \
        totals["unexpected-pass"] == 0 and not stale and cuda_errors == 0
    if totals["unexpected-pass"]:
        print("error: tests in the expected-failure list pass now: remove them from it")
    if node_passed < args.min_node_passed:
        print(f"error: {node_passed} node tests passed, expected at least {args.min_node_passed}")
        ok = False
    print(f"node tests passed: {node_passed}")
    print("PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

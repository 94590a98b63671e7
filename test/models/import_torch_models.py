#!/usr/bin/env python3
"""Exports real models with torch (opset 17) and compiles them with modelc.

For ResNet-50, MobileNetV2, ViT-B/16, the BERT-style encoder and a small
YOLO-style detector (see torch_models.py): exports the model (cached in --work-dir), imports it with
`modelc --emit=mlir-import`, runs the graph phase with `modelc --emit=mlir`,
and checks the graph phase's contract on a real model: no
BatchNormalization, Identity, Dropout, Shape or Size left, and every tensor
type static. Prints a table with op counts before and after, compile time
and peak memory. Exits 77 (skipped) if torch is not installed.
"""
import argparse
import os
import re
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

GONE_AFTER_GRAPH_PHASE = ["BatchNormalization", "Identity", "Dropout", "Shape", "Size"]


def count_ops(mlir):
    counts = {}
    for op in re.findall(r"= onnx\.([A-Za-z]+)", mlir):
        counts[op] = counts.get(op, 0) + 1
    return counts


# Runs a command and reports its own peak memory: RUSAGE_CHILDREN of this
# process would be the maximum over every child it ever waited for.
PEAK_WRAPPER = """
import resource, subprocess, sys
code = subprocess.run(sys.argv[1:]).returncode
print(f"MAXRSS_KB={resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}", file=sys.stderr)
sys.exit(code)
"""


def run_modelc(modelc, args):
    start = time.monotonic()
    proc = subprocess.run([sys.executable, "-c", PEAK_WRAPPER, modelc] + args,
                          capture_output=True, text=True)
    elapsed = time.monotonic() - start
    match = re.search(r"MAXRSS_KB=(\d+)", proc.stderr)
    peak_mb = int(match.group(1)) / 1024 if match else float("nan")
    if proc.returncode != 0:
        raise RuntimeError(f"modelc {' '.join(args)} failed ({proc.returncode}):\n"
                           f"{proc.stderr[-2000:]}")
    return proc.stdout, elapsed, peak_mb


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--modelc", required=True)
    ap.add_argument("--work-dir", required=True)
    ap.add_argument("--models", default=None, help="comma-separated subset")
    args = ap.parse_args()
    try:
        import torch_models
    except ImportError as e:
        print(f"SKIPPED: torch/torchvision are not installed ({e})")
        return 77

    os.makedirs(args.work_dir, exist_ok=True)
    names = args.models.split(",") if args.models else torch_models.MODELS
    rows, failures = [], []
    for name in names:
        path = os.path.join(args.work_dir, f"{name}.onnx")
        if not os.path.exists(path):
            t = time.monotonic()
            torch_models.export(name, path + ".tmp")
            os.replace(path + ".tmp", path)
            print(f"exported {name} in {time.monotonic() - t:.1f} s", flush=True)
        shape = torch_models.input_shape_flags(name)
        elide = ["--mlir-elide-elementsattrs-if-larger=16"]
        imported, _, _ = run_modelc(args.modelc, [path, "--emit=mlir-import"] + shape + elide)
        graph, seconds, peak_mb = run_modelc(args.modelc, [path, "--emit=mlir"] + shape + elide)
        before, after = count_ops(imported), count_ops(graph)
        left = [f"{op} x{after[op]}" for op in GONE_AFTER_GRAPH_PHASE if after.get(op)]
        dynamic = re.findall(r"tensor<[^>]*\?[^>]*>", graph)
        if left:
            failures.append(f"{name}: still has {', '.join(left)} after the graph phase")
        if dynamic:
            failures.append(f"{name}: dynamic types after the graph phase: {dynamic[:3]}")
        rows.append((name, sum(before.values()), sum(after.values()),
                     before.get("BatchNormalization", 0), before.get("Shape", 0),
                     before.get("Identity", 0), seconds, peak_mb))

    print(f"\n{'model':14} {'ops in':>7} {'ops out':>8} {'BN in':>6} {'Shape in':>9} "
          f"{'Ident in':>9} {'compile s':>10} {'peak MB':>8}")
    for r in rows:
        print(f"{r[0]:14} {r[1]:7d} {r[2]:8d} {r[3]:6d} {r[4]:9d} {r[5]:9d} "
              f"{r[6]:10.2f} {r[7]:8.0f}")
    print("(after the graph phase: 0 BatchNormalization, Identity, Dropout, Shape, "
          "Size, and no dynamic type, for every model)" if not failures else "")
    for f in failures:
        print("FAIL:", f)
    print("PASS" if not failures else "FAIL")
    return 0 if not failures else 1


if __name__ == "__main__":
    sys.exit(main())

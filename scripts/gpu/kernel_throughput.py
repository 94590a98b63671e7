#!/usr/bin/env python3
"""Per-kernel fp32 throughput from an Nsight Compute CSV (ncu --csv).

FLOPs are counted from executed instructions: 2 per FFMA, 1 per FADD and
FMUL (thread-level, predicated on). Prints the kernels by time and the
convolution/matmul kernels below 1% of the fp32 peak, the issue's bar for
"pathologically slow" (ignoring launches under 20 us, where latency, not
throughput, decides).

usage: kernel_throughput.py NCU_CSV [--peak-tflops 67]
"""
import argparse
import csv
import sys
from collections import OrderedDict

UNITS = {"nsecond": 1e-9, "ns": 1e-9, "usecond": 1e-6, "us": 1e-6,
         "msecond": 1e-3, "ms": 1e-3, "second": 1.0, "s": 1.0}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("csv")
    ap.add_argument("--peak-tflops", type=float, default=67.0,
                    help="fp32 (non-tensor) peak of the GPU; H100 SXM: 67")
    args = ap.parse_args()
    kernels = OrderedDict()
    with open(args.csv, newline="") as f:
        lines = [l for l in f if l.startswith('"')]
    for row in csv.DictReader(lines):
        k = kernels.setdefault(row["ID"], {"name": row["Kernel Name"], "grid": row.get("Grid Size", ""),
                                           "block": row.get("Block Size", "")})
        value = float(row["Metric Value"].replace(",", "") or 0)
        metric = row["Metric Name"]
        if metric == "gpu__time_duration.sum":
            k["seconds"] = value * UNITS.get(row["Metric Unit"], 1e-9)
        else:
            k[metric] = value
    if not kernels:
        print("no kernels in the profile (see ncu.err)")
        return 1
    rows = []
    for k in kernels.values():
        flops = 2 * k.get("smsp__sass_thread_inst_executed_op_ffma_pred_on.sum", 0) + \
            k.get("smsp__sass_thread_inst_executed_op_fadd_pred_on.sum", 0) + \
            k.get("smsp__sass_thread_inst_executed_op_fmul_pred_on.sum", 0)
        seconds = k.get("seconds", 0)
        rows.append((k["name"], seconds, flops, flops / seconds / 1e12 if seconds else 0,
                     k["grid"], k["block"]))
    total = sum(r[1] for r in rows)
    print(f"{len(rows)} launches, {total * 1e3:.3f} ms of kernel time, "
          f"{sum(r[2] for r in rows) / 1e9:.2f} GFLOP (fp32 instructions)")
    print(f"\n{'kernel':34} {'us':>9} {'share':>6} {'TFLOP/s':>8} {'grid':>14}")
    for r in sorted(rows, key=lambda r: -r[1])[:15]:
        print(f"{r[0][:34]:34} {r[1] * 1e6:9.1f} {100 * r[1] / total:5.1f}% {r[3]:8.2f} {r[4]:>14}")
    heavy = [r for r in rows if any(s in r[0] for s in ("Conv", "MatMul", "Gemm")) and r[2] > 0]
    if heavy:
        worst = min(heavy, key=lambda r: r[3])
        bar = args.peak_tflops / 100
        slow = [r for r in heavy if r[3] < bar and r[1] > 20e-6]
        print(f"\nconv/matmul launches: {len(heavy)}; slowest {worst[0]} at {worst[3]:.2f} TFLOP/s "
              f"({worst[1] * 1e6:.1f} us); below 1% of peak ({bar:.2f} TFLOP/s) and over 20 us: "
              f"{len(slow)}")
        for r in slow:
            print(f"  SLOW: {r[0]} {r[3]:.3f} TFLOP/s, {r[1] * 1e6:.1f} us, grid {r[4]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

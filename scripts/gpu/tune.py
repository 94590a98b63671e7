#!/usr/bin/env python3
"""Tunes a model's tensor-core tiles on this GPU and writes a tuning cache.

For every tensor-core GEMM shape `modelc --report` lists, each candidate
block tile is tried: the model is compiled once per tile with a tuning
cache forcing that tile on every GEMM, each build is profiled with
`modelc-run --profile`, and each shape gets the tile whose kernels ran
fastest. The cache it writes (`--tuning-cache FILE` for later builds, on
any machine) keeps builds reproducible: the timings decide once, here.

usage: tune.py --modelc MODELC --modelc-run MODELC_RUN -o CACHE MODEL.onnx
               [-- MODELC_FLAGS...]   (e.g. -- --batch 256)
"""
import argparse
import os
import re
import subprocess
import sys
import tempfile

# The tiles modelc accepts from a tuning cache (kTensorCoreTiles, then
# kTuningOnlyTiles, which the heuristic never picks).
TILES = ["128x128", "128x64", "64x128", "128x32", "64x64", "64x32", "32x64", "32x32",
         "256x64", "64x256", "256x128", "128x256"]
LAUNCH = re.compile(r"^\s+launch (\S+)\s.*tensor cores \S+ (\d+x\d+) tiles, "
                    r"GEMM (\d+x\d+x\d+(?:x\d+)?)")


def gemm_launches(report):
    """{kernel name: GEMM shape key} of the tensor-core launches in a
    --report text, and {shape: the heuristic's tile}."""
    kernels, chosen = {}, {}
    for line in report.splitlines():
        m = LAUNCH.match(line)
        if m:
            name, tile, key = m.groups()
            kernels[name] = key
            chosen.setdefault(key, tile)
    return kernels, chosen


def kernel_times(profile):
    """{kernel name: ms per run} from modelc-run --profile --profile-top 0."""
    times = {}
    for line in profile.splitlines():
        # "  ms/run  share  TFLOP/s [%peak]  GFLOP  kernel (ONNX nodes)"
        head = line.split(" (", 1)[0].split()
        if len(head) >= 4 and head[1].endswith("%"):
            try:
                times[head[-1]] = float(head[0])
            except ValueError:
                pass
    return times


def run(cmd):
    r = subprocess.run(cmd, capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit(f"tune: {' '.join(cmd)} failed ({r.returncode}):\n{r.stdout}{r.stderr}")
    return r


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--modelc", required=True)
    ap.add_argument("--modelc-run", required=True)
    ap.add_argument("-o", "--output", required=True, help="the tuning cache to write")
    ap.add_argument("--bench", type=int, default=10, help="profiled runs per build")
    ap.add_argument("model")
    ap.add_argument("flags", nargs="*", help="modelc flags (after --)")
    a = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="modelc-tune-") as work:
        base = os.path.join(work, "base.so")
        report = run([a.modelc, a.model, *a.flags, "--report", "-o", base]).stderr
        kernels, heuristic = gemm_launches(report)
        if not kernels:
            sys.exit("tune: no tensor-core GEMM in the model (is --precision tf32?)")
        shapes = sorted(set(kernels.values()))
        print(f"tune: {len(kernels)} tensor-core launches, {len(shapes)} shapes, "
              f"{len(TILES)} tiles", flush=True)
        # ms per run of each shape's kernels, per tile.
        per_tile = {}
        for tile in TILES:
            cache = os.path.join(work, f"force-{tile}.txt")
            with open(cache, "w") as f:
                f.writelines(f"{shape} {tile}\n" for shape in shapes)
            so = os.path.join(work, f"{tile}.so")
            run([a.modelc, a.model, *a.flags, "--tuning-cache", cache, "-o", so])
            profile = run([a.modelc_run, so, "--profile", "--profile-top", "0",
                           "--bench", str(a.bench), "-q"]).stdout
            times = kernel_times(profile)
            per_shape = {}
            for name, shape in kernels.items():
                if name in times:
                    per_shape[shape] = per_shape.get(shape, 0.0) + times[name]
            per_tile[tile] = per_shape
            total = sum(per_shape.values())
            print(f"tune: {tile:>7}: GEMM kernels {total:.3f} ms per run", flush=True)
        lines = ["# modelc tuning cache: GEMM shape, tensor-core tile (tune.py)",
                 f"# model {os.path.basename(a.model)}, flags: {' '.join(a.flags) or '(none)'}"]
        saved = 0.0
        for shape in shapes:
            timed = {t: per_tile[t][shape] for t in TILES if shape in per_tile[t]}
            if not timed:
                continue
            best = min(timed, key=timed.get)
            base_ms = timed.get(heuristic[shape], timed[best])
            saved += base_ms - timed[best]
            lines.append(f"{shape} {best}  # {timed[best]:.4f} ms; heuristic "
                         f"{heuristic[shape]} {base_ms:.4f} ms")
        with open(a.output, "w") as f:
            f.write("\n".join(lines) + "\n")
        print(f"tune: wrote {a.output}: {len(shapes)} shapes; "
              f"{saved:.3f} ms per run saved against the heuristic's tiles")
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Tunes a model's GEMMs on this GPU and writes a tuning cache.

Two searches, each over whole-model builds profiled with
`modelc-run --profile`:
- tiles: for every tensor-core GEMM shape `modelc --report` lists, each
  candidate block tile (a cache forcing that tile on every GEMM, one build
  per tile); each shape gets the tile whose kernels ran fastest;
- cuBLASLt algorithms: for every GEMM that runs with cuBLASLt, the first
  --algorithms results of cuBLASLt's heuristic (a cache line `cublaslt KEY
  I` per GEMM, one build per index I); each GEMM key gets the fastest.
The cache it writes (`--tuning-cache FILE` for later builds, on any
machine) keeps builds reproducible: the timings decide once, here.
With --algorithms 0 --keep-algorithms OLD, only the tiles are searched
and OLD's `cublaslt` lines are copied (a change to the generated kernels
leaves cuBLASLt's timings as they were). --tiles restricts the tile
search to some of the tiles (include the heuristic's choice for every
shape, or a shape may end up on a slower tile than its default).

usage: tune.py --modelc MODELC --modelc-run MODELC_RUN -o CACHE MODEL.onnx
               [--algorithms N] [--keep-algorithms OLD_CACHE] [--tiles T1,T2,...]
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
# Accepted too, tried only when --tiles names them: 112x64, one output row
# of a 112-wide image per block (ResNet-50's stem).
NAMED_ONLY_TILES = ["112x64"]
LAUNCH = re.compile(r"^\s+launch (\S+)\s.*tensor cores \S+ (\d+x\d+) tiles, "
                    r"GEMM (\d+x\d+x\d+(?:x\d+)?)")
# "    12  k6_ConvNHWC_Add_Relu   4194304  arena+0:... ", then the GEMM.
STEP = re.compile(r"^\s+\d+\s+(\S+)\s+\d+\s")
LIBRARY = re.compile(r"^\s+cuBLASLt GEMM .*, key (\d+x\d+x\d+(?:x\d+)?(?:,[A-Za-z0-9]+)*)")


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


def library_gemms(report):
    """{kernel name: tuning key} of the cuBLASLt GEMMs in a --report text."""
    kernels, step = {}, None
    for line in report.splitlines():
        m = LIBRARY.match(line)
        if m and step:
            kernels[step] = m.group(1)
        s = STEP.match(line)
        step = s.group(1) if s else None
    return kernels


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


class Tuner:
    def __init__(self, args, work):
        self.a, self.work, self.builds = args, work, 0

    def time(self, cache_lines, kernels):
        """Builds with a cache of `cache_lines`, profiles, and returns
        {key: ms per run} summed over `kernels` ({kernel name: key})."""
        self.builds += 1
        cache = os.path.join(self.work, f"cache-{self.builds}.txt")
        with open(cache, "w") as f:
            f.writelines(line + "\n" for line in cache_lines)
        so = os.path.join(self.work, f"build-{self.builds}.so")
        run([self.a.modelc, self.a.model, *self.a.flags, "--tuning-cache", cache, "-o", so])
        profile = run([self.a.modelc_run, so, "--profile", "--profile-top", "0",
                       "--bench", str(self.a.bench), "-q"]).stdout
        os.remove(so)
        times = kernel_times(profile)
        per_key = {}
        for name, key in kernels.items():
            if name in times:
                per_key[key] = per_key.get(key, 0.0) + times[name]
        return per_key


def fastest(per_choice, key, default):
    """The choice whose kernels of `key` ran fastest, its time, and the time
    of `default` (the heuristic's choice; None when it was not tried)."""
    timed = {c: t[key] for c, t in per_choice.items() if key in t}
    best = min(timed, key=timed.get)
    return best, timed[best], timed.get(default)


def choose_tiles(shapes, per_tile, heuristic):
    """Each shape's fastest tile so far: cache lines, commented cache lines,
    and the ms per run saved against the heuristic's tiles."""
    plain, commented, saved = [], [], 0.0
    for shape in shapes:
        if not any(shape in t for t in per_tile.values()):
            continue
        best, best_ms, base_ms = fastest(per_tile, shape, heuristic[shape])
        plain.append(f"{shape} {best}")
        if base_ms is None:  # --tiles left the heuristic's out
            commented.append(f"{shape} {best}  # {best_ms:.4f} ms; heuristic "
                             f"{heuristic[shape]} not tried")
            continue
        saved += base_ms - best_ms
        commented.append(f"{shape} {best}  # {best_ms:.4f} ms; heuristic "
                         f"{heuristic[shape]} {base_ms:.4f} ms")
    return plain, commented, saved


def print_table(shapes, per_tile, heuristic):
    """Every shape's time at every tile (ms per run; the heuristic's tile
    starred, '-' where a tile did not build for it): what a heuristic rule
    is read from."""
    tiles = list(per_tile)
    print("tune: per shape, ms per run (* the heuristic's tile)")
    print(f"tune: {'shape':>16} " + " ".join(f"{t:>7} " for t in tiles))
    for shape in shapes:
        cells = []
        for tile in tiles:
            ms = per_tile[tile].get(shape)
            star = "*" if tile == heuristic[shape] else " "
            cells.append(f"{ms:7.4f}{star}" if ms is not None else f"{'-':>7} ")
        print(f"tune: {shape:>16} " + " ".join(cells))
    sys.stdout.flush()


def write_cache(path, lines):
    """Writes the cache whole or not at all (a run killed mid-write keeps the
    last complete one)."""
    with open(path + ".tmp", "w") as f:
        f.write("\n".join(lines) + "\n")
    os.replace(path + ".tmp", path)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--modelc", required=True)
    ap.add_argument("--modelc-run", required=True)
    ap.add_argument("-o", "--output", required=True, help="the tuning cache to write")
    ap.add_argument("--bench", type=int, default=10, help="profiled runs per build")
    ap.add_argument("--algorithms", type=int, default=8,
                    help="cuBLASLt heuristic results tried per GEMM (0: none; at most 32)")
    ap.add_argument("--keep-algorithms", metavar="CACHE",
                    help="with --algorithms 0: copy this cache's cublaslt lines")
    ap.add_argument("--tiles", help="comma-separated tiles to try (default: all of "
                    + ", ".join(TILES) + "; also " + ", ".join(NAMED_ONLY_TILES) + ")")
    ap.add_argument("model")
    ap.add_argument("flags", nargs="*", help="modelc flags (after --)")
    a = ap.parse_args()
    if not 0 <= a.algorithms <= 32:
        ap.error("--algorithms must be 0 to 32")
    tiles = TILES
    if a.tiles is not None:
        tiles = a.tiles.split(",")
        known = TILES + NAMED_ONLY_TILES
        unknown = [t for t in tiles if t not in known]
        if unknown or not tiles:
            ap.error(f"--tiles: {', '.join(unknown) or '(none)'} not among {', '.join(known)}")
    kept = []
    if a.keep_algorithms:
        if a.algorithms:
            ap.error("--keep-algorithms needs --algorithms 0")
        try:
            with open(a.keep_algorithms) as f:
                kept = [line.rstrip("\n") for line in f if line.startswith("cublaslt ")]
        except OSError as e:
            ap.error(f"--keep-algorithms: {e}")
    with tempfile.TemporaryDirectory(prefix="modelc-tune-") as work:
        tuner = Tuner(a, work)
        base = os.path.join(work, "base.so")
        report = run([a.modelc, a.model, *a.flags, "--report", "-o", base]).stderr
        kernels, heuristic = gemm_launches(report)
        library = library_gemms(report) if a.algorithms else {}
        if not kernels and not library:
            sys.exit("tune: no tensor-core or cuBLASLt GEMM in the model (is --precision tf32?)")
        shapes = sorted(set(kernels.values()))
        keys = sorted(set(library.values()))
        print(f"tune: {len(kernels)} tensor-core launches, {len(shapes)} shapes, "
              f"{len(tiles)} tiles; {len(library)} cuBLASLt GEMMs, {len(keys)} keys, "
              f"{a.algorithms if keys else 0} algorithms", flush=True)
        lines = ["# modelc tuning cache: tensor-core tiles, cuBLASLt algorithms (tune.py)",
                 f"# model {os.path.basename(a.model)}, flags: {' '.join(a.flags) or '(none)'}"]
        saved = 0.0
        tile_lines = []
        if shapes:
            per_tile = {}
            for count, tile in enumerate(tiles, 1):
                per_tile[tile] = tuner.time([f"{s} {tile}" for s in shapes], kernels)
                print(f"tune: {tile:>7}: GEMM kernels {sum(per_tile[tile].values()):.3f} "
                      "ms per run", flush=True)
                tile_lines, tile_comments, saved = choose_tiles(shapes, per_tile, heuristic)
                if count < len(tiles):  # what a cut-off run still leaves
                    write_cache(a.output, lines + [f"# partial: {count} of {len(tiles)} "
                                                   "tiles timed"] + tile_comments + kept)
            lines += tile_comments
            print_table(shapes, per_tile, heuristic)
        if keys:
            # The tiles just chosen, so that the builds are the final one
            # but for the algorithms.
            per_algorithm = {}
            for index in range(a.algorithms):
                per_algorithm[index] = tuner.time(
                    tile_lines + [f"cublaslt {k} {index}" for k in keys], library)
                print(f"tune: algorithm {index}: cuBLASLt GEMMs "
                      f"{sum(per_algorithm[index].values()):.3f} ms per run", flush=True)
            for key in keys:
                if not any(key in t for t in per_algorithm.values()):
                    continue
                best, best_ms, base_ms = fastest(per_algorithm, key, 0)
                base_ms = best_ms if base_ms is None else base_ms
                saved += base_ms - best_ms
                lines.append(f"cublaslt {key} {best}  # {best_ms:.4f} ms; "
                             f"cuBLASLt's first {base_ms:.4f} ms")
        if kept:
            lines.append(f"# cuBLASLt algorithms kept from {os.path.basename(a.keep_algorithms)}")
            lines += kept
        write_cache(a.output, lines)
        print(f"tune: wrote {a.output}: {len(shapes)} shapes, {len(keys)} cuBLASLt GEMMs"
              f"{f' ({len(kept)} kept)' if kept else ''}; "
              f"{saved:.3f} ms per run saved against the heuristics", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

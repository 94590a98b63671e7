#!/usr/bin/env python3
"""One table of modelc against its peers, from one benchmark run.

Reads modelc's timings (a TSV: model, batch, precision, median ms, one row
per artifact, as scripts/gpu-tests.sh `benchmark` writes it) and the
peers' (the JSON lines of ../shared/bench/peer_bench.py: PyTorch eager,
torch.compile and its modes), and prints, per model, batch and precision:
modelc's median, each peer's, the best peer, and modelc's speed relative
to it (above 1: modelc is faster). Missing measurements print as "-".

usage: bench_table.py --modelc MODELC_TSV PEER_LOG...
"""
import argparse
import json
import sys


def read_modelc(path):
    rows = {}
    with open(path) as f:
        for line in f:
            fields = line.split()
            if len(fields) != 4 or fields[0] == "model":
                continue
            model, batch, precision, ms = fields
            try:
                rows[(model, int(batch), precision)] = float(ms)
            except ValueError:
                continue  # a failed compile or run: "-"
    return rows


def read_peers(paths):
    peers, modes = {}, []
    for path in paths:
        with open(path) as f:
            for line in f:
                if not line.startswith("{"):
                    continue
                try:
                    r = json.loads(line)
                except json.JSONDecodeError:
                    continue
                if "median_ms" not in r:
                    continue  # an error the peer reported
                key = (r["model"], int(r["batch"]), r["precision"])
                peers.setdefault(key, {})[r["mode"]] = float(r["median_ms"])
                if r["mode"] not in modes:
                    modes.append(r["mode"])
    return peers, modes


def fmt(ms):
    return "-" if ms is None else f"{ms:.3f}"


def table(modelc, peers, modes):
    keys = sorted(set(modelc) | set(peers))
    head = ["model", "batch", "precision", "modelc ms"] + [f"{m} ms" for m in modes] + \
        ["best peer", "modelc vs best"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for key in keys:
        mine = modelc.get(key)
        theirs = peers.get(key, {})
        best = min(theirs.items(), key=lambda kv: kv[1]) if theirs else None
        ratio = f"{best[1] / mine:.2f}x" if best and mine else "-"
        cells = [key[0], str(key[1]), key[2], fmt(mine)] + \
            [fmt(theirs.get(m)) for m in modes] + \
            [best[0] if best else "-", ratio]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--modelc", required=True, help="modelc's timings (TSV)")
    ap.add_argument("peers", nargs="*", help="peer_bench.py output")
    args = ap.parse_args(argv)
    modelc = read_modelc(args.modelc)
    peers, modes = read_peers(args.peers)
    if not modelc and not peers:
        print("bench_table: no measurements", file=sys.stderr)
        return 1
    print(table(modelc, peers, modes))
    print("\n(median ms per run; modelc vs best: the best peer's time over "
          "modelc's, above 1 when modelc is faster)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

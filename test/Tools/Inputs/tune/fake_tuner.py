#!/usr/bin/env python3
"""Stands in for scripts/gpu/tune.py in modelc-tune.test: records its
arguments next to the cache (-o CACHE) and writes a cache forcing the
112x64 tile on the test model's GEMM; with FAKE_TUNER_EXIT=N it writes
nothing and exits N."""
import os
import sys

args = sys.argv[1:]
status = int(os.environ.get("FAKE_TUNER_EXIT", "0"))
if status:
    sys.exit(status)
cache = args[args.index("-o") + 1]
with open(cache + ".args", "w") as f:
    f.write(" ".join(args) + "\n")
with open(cache, "w") as f:
    f.write("12544x64x144 112x64\n")

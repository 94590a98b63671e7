#!/usr/bin/env python3
"""Stands in for modelc in tune.test: --report prints two tensor-core GEMM
launches, an elementwise one and a cuBLASLt GEMM step; --tuning-cache FILE
builds an "artifact" that records the tile and the cuBLASLt algorithm the
cache forces. With FAKE_MODELC_FAIL_TILE=T a build of tile T fails (a run
cut off half way)."""
import os
import sys

args = sys.argv[1:]
out = args[args.index("-o") + 1]
tile, algorithm = "heuristic", "0"
if "--tuning-cache" in args:
    with open(args[args.index("--tuning-cache") + 1]) as f:
        for line in f:
            words = line.split()
            if words and words[0] == "cublaslt":
                algorithm = words[2]
            elif words:
                tile = words[1]
if tile == os.environ.get("FAKE_MODELC_FAIL_TILE"):
    sys.exit("fake modelc: failing as asked")
if "--report" in args:
    sys.stderr.write(
        "modelc report for @m (target cuda sm_89)\n"
        "    step  kernel          scratch  buffers (kind+offset:bytes)  ONNX nodes\n"
        "       0  k0_MatMul            64  input0:1024 arena+0:1024  /MatMul\n"
        "          launch k0_MatMul_0                  grid 2x1x1 block 256  tensor cores tf32 128x64 tiles, GEMM 256x64x64, 0.002 GFLOP\n"
        "       1  k1_Relu              64  arena+0:1024 arena+1024:1024  /Relu\n"
        "          launch k1_Relu_0                    grid 4x1x1 block 256  elementwise, 4 per thread\n"
        "       2  k2_MatMul            64  arena+0:1024 arena+1024:1024  /MatMul_1\n"
        "          launch k2_MatMul_0                  grid 4x2x2 block 256  tensor cores tf32 64x64 tiles, GEMM 64x64x64x2, 0.001 GFLOP\n"
        "       3  k3_MatMul_Add_Relu  4194304  arena+0:1024 weights+0:1024 weights+1024:256 output0:1024 arena+2048:4194304  /MatMul_2;/Add;/Relu\n"
        "          cuBLASLt GEMM 64x64x64, FLOAT (tf32), epilogue bias+relu, 0.001 GFLOP, key 64x64x64,bias,relu\n")
with open(out, "w") as f:
    f.write(f"{tile} {algorithm}\n")

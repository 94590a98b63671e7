#!/usr/bin/env python3
"""Stands in for modelc-run --profile in tune.test: kernel times depend on
the tile and the cuBLASLt algorithm the "artifact" records (64x64 is
fastest for k0, 32x32 for k2, algorithm 2 for k3)."""
import sys

with open(sys.argv[1]) as f:
    tile, algorithm = f.read().split()
k0 = 0.5 if tile == "64x64" else 1.0
k2 = 0.2 if tile == "32x32" else 0.4
k3 = 0.6 if algorithm == "2" else 0.8
print("bench: 10 runs after 3 warm-up (gpu, sm_89, device-resident tensors, profiled: kernel by kernel with events): latency median 2.000 ms, min 1.900 ms; throughput 500.0 inferences/s (batch 1)")
print("profile: 4 kernels, 10 runs, kernels 1.700 ms per run (launched one by one); counted matmuls and convolutions: 0.0 GFLOP in 1.400 ms, 0.0 TFLOP/s")
print("     ms/run  share  TFLOP/s   GFLOP  kernel (ONNX nodes)")
print(f"  {k0:9.4f}  40.0%      1.0    0.00  k0_MatMul_0 (/MatMul)")
print("     0.3000  20.0%        -       -  k1_Relu_0 (/Relu)")
print(f"  {k2:9.4f}  20.0%      1.0    0.00  k2_MatMul_0 (/MatMul_1)")
print(f"  {k3:9.4f}  20.0%      1.0    0.00  k3_MatMul_Add_Relu (/MatMul_2;/Add;/Relu)")

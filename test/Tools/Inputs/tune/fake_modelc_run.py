#!/usr/bin/env python3
"""Stands in for modelc-run --profile in tune.test: kernel times depend on
the tile the "artifact" records (64x64 is fastest for k0, 32x32 for k2)."""
import sys

with open(sys.argv[1]) as f:
    tile = f.read().strip()
k0 = 0.5 if tile == "64x64" else 1.0
k2 = 0.2 if tile == "32x32" else 0.4
print("bench: 10 runs after 3 warm-up (gpu, sm_89, device-resident tensors, profiled: kernel by kernel with events): latency median 2.000 ms, min 1.900 ms; throughput 500.0 inferences/s (batch 1)")
print("profile: 3 kernels, 10 runs, kernels 1.700 ms per run (launched one by one); counted matmuls and convolutions: 0.0 GFLOP in 1.400 ms, 0.0 TFLOP/s")
print("     ms/run  share  TFLOP/s   GFLOP  kernel (ONNX nodes)")
print(f"  {k0:9.4f}  50.0%      1.0    0.00  k0_MatMul_0 (/MatMul)")
print("     0.3000  20.0%        -       -  k1_Relu_0 (/Relu)")
print(f"  {k2:9.4f}  30.0%      1.0    0.00  k2_MatMul_0 (/MatMul_1)")

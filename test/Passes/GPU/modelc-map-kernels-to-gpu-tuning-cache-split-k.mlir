// RUN: modelc-opt %s --modelc-map-kernels-to-gpu="precision=tf32 tuning-cache=%S/Inputs/tuning-cache-split-k.txt" | FileCheck %s
// RUN: modelc-opt %s --modelc-map-kernels-to-gpu="precision=tf32 tuning-cache=%S/Inputs/tuning-cache-split-k.txt split-k=false" | FileCheck %s --check-prefix=NOSPLIT

// A tuned tile still gets split K when its tiles alone are too few for the
// GPU (4 blocks of 64x64 over a K of 4096, against 128 target blocks), as
// in the builds tune.py timed; the launch says it was tuned either way.
// CHECK: func.func private @long_k
// CHECK-SAME: name = "long_k_0", strategy = "tensor cores tf32 64x64 tiles, GEMM 256x64x4096, split-K {{[0-9]+}} (tuned)"
// CHECK-SAME: name = "long_k_1", strategy = "split-K sum of {{[0-9]+}} partials and epilogue
// NOSPLIT: name = "long_k_0", strategy = "tensor cores tf32 64x64 tiles, GEMM 256x64x4096 (tuned)"
func.func @long_k(%a: memref<256x4096xf32>, %b: memref<4096x64xf32>, %c: memref<256x64xf32>) attributes {modelc.kernel} {
  linalg.matmul ins(%a, %b : memref<256x4096xf32>, memref<4096x64xf32>) outs(%c : memref<256x64xf32>)
  return
}

// RUN: modelc-opt %s --modelc-map-kernels-to-gpu="precision=tf32 target-blocks=1 tuning-cache=%S/Inputs/tuning-cache.txt" | FileCheck %s
// RUN: modelc-opt %s --modelc-map-kernels-to-gpu="precision=tf32 target-blocks=1" | FileCheck %s --check-prefix=HEURISTIC
// RUN: modelc-opt %s --modelc-map-kernels-to-gpu="precision=tf32 target-blocks=1 tuning-cache=%S/Inputs/tuning-cache-112-rows.txt" | FileCheck %s --check-prefix=ROWS112
// RUN: not modelc-opt %s --modelc-map-kernels-to-gpu="precision=tf32 tuning-cache=%S/Inputs/tuning-cache-bad-shape.txt" 2>&1 | FileCheck %s --check-prefix=SHAPE
// RUN: not modelc-opt %s --modelc-map-kernels-to-gpu="precision=tf32 tuning-cache=%S/Inputs/tuning-cache-bad-tile.txt" 2>&1 | FileCheck %s --check-prefix=TILE
// RUN: not modelc-opt %s --modelc-map-kernels-to-gpu="precision=tf32 tuning-cache=%S/Inputs/tuning-cache-bad-words.txt" 2>&1 | FileCheck %s --check-prefix=WORDS
// RUN: not modelc-opt %s --modelc-map-kernels-to-gpu="precision=tf32 tuning-cache=%S/Inputs/tuning-cache-bad-key.txt" 2>&1 | FileCheck %s --check-prefix=KEY
// RUN: not modelc-opt %s --modelc-map-kernels-to-gpu="precision=tf32 tuning-cache=%S/Inputs/tuning-cache-bad-algorithm.txt" 2>&1 | FileCheck %s --check-prefix=ALGORITHM
// RUN: not modelc-opt %s --modelc-map-kernels-to-gpu="precision=tf32 tuning-cache=%t.missing" 2>&1 | FileCheck %s --check-prefix=MISSING

// A tuning cache names a tile per GEMM shape; it replaces the heuristic's
// choice (128x64 here) and the launch says so. Entries for shapes the
// model does not have are ignored.
// CHECK: func.func private @matmul
// CHECK-SAME: grid = array<i64: 4, 1, 1>, name = "matmul_0", strategy = "tensor cores tf32 64x64 tiles, GEMM 256x64x64 (tuned)"
// CHECK: workgroup(%{{.*}} : memref<4x64x24xf32, #gpu.address_space<workgroup>> {llvm.align = 16 : i64}, %{{.*}} : memref<4x16x68xf32, #gpu.address_space<workgroup>> {llvm.align = 16 : i64})
// HEURISTIC: grid = array<i64: 2, 1, 1>, name = "matmul_0", strategy = "tensor cores tf32 128x64 tiles, GEMM 256x64x64, 4 warps"
// 112x64, a tuning-only tile: 112 rows are one output row of a 112-wide
// image (ResNet-50's stem), what a max pool fused into its epilogue would
// need; 4 warps of 112x16 (the last of 3 blocks partly outside).
// ROWS112: grid = array<i64: 3, 1, 1>, name = "matmul_0", strategy = "tensor cores tf32 112x64 tiles, GEMM 256x64x64, 4 warps (tuned)"
// Bad caches are errors naming the file and line: a line of neither kind
// (a shape of two dimensions, a third word, tags out of order or unknown,
// an algorithm past 31), a tile no kernel has.
// SHAPE: error: tuning cache '{{.*}}tuning-cache-bad-shape.txt' line 2: '256x64 32x32' is neither 'MxNxK[xBATCH] TILE' nor 'cublaslt KEY ALGORITHM' (ALGORITHM 0 to 31)
// WORDS: error: tuning cache '{{.*}}tuning-cache-bad-words.txt' line 2: '256x64x64 64x64 extra' is neither
// KEY: error: tuning cache '{{.*}}tuning-cache-bad-key.txt' line 1: 'cublaslt 256x64x64,relu,bias 2' is neither
// ALGORITHM: error: tuning cache '{{.*}}tuning-cache-bad-algorithm.txt' line 1: 'cublaslt 256x64x64,bias 32' is neither
// TILE: error: tuning cache '{{.*}}tuning-cache-bad-tile.txt' line 1: GEMM 256x64x64 names tile 96x64, not a tensor-core tile (128x128, 256x64, 128x64, 64x128, 128x32, 64x64, 64x32, 32x64, 32x32, 64x256, 256x128, 128x256 or 112x64)
// MISSING: error: cannot read the tuning cache '{{.*}}.missing': No such file or directory
func.func @matmul(%a: memref<256x64xf32>, %b: memref<64x64xf32>, %c: memref<256x64xf32>) attributes {modelc.kernel} {
  linalg.matmul ins(%a, %b : memref<256x64xf32>, memref<64x64xf32>) outs(%c : memref<256x64xf32>)
  return
}

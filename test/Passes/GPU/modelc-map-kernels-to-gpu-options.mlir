// RUN: modelc-opt %s --modelc-map-kernels-to-gpu="block-size=128 tile-m=32 tile-n=128 tile-k=8" | FileCheck %s
// RUN: not modelc-opt %s --modelc-map-kernels-to-gpu="block-size=100" 2>&1 | FileCheck %s --check-prefix=BLOCK
// RUN: not modelc-opt %s --modelc-map-kernels-to-gpu="tile-m=40" 2>&1 | FileCheck %s --check-prefix=TILE
// RUN: not modelc-opt %s --modelc-map-kernels-to-gpu="tile-m=16 tile-n=16 tile-k=4" 2>&1 | FileCheck %s --check-prefix=DEPTH

// The options reach the launches: 128-thread elementwise blocks, 32x128
// GEMM tiles 8 deep (the add takes 4 elements per thread: 256 threads).
// CHECK: func.func private @add({{.*}}block = array<i64: 128, 1, 1>, grid = array<i64: 2, 1, 1>
// CHECK: func.func private @matmul({{.*}}grid = array<i64: 4, 1, 1>
// CHECK: workgroup(%{{.*}} : memref<8x32xf32, #gpu.address_space<workgroup>> {llvm.align = 16 : i64}, %{{.*}} : memref<8x128xf32, #gpu.address_space<workgroup>> {llvm.align = 16 : i64})
// BLOCK: error: block-size must be a power of two in [32, 1024], not 100
// TILE: error: tile-m and tile-n must be multiples of 16 in [16, 128], not 40
// DEPTH: error: tile-k must make tile-m x tile-k and tile-n x tile-k multiples of 256, not 4
func.func @add(%a: memref<1024xf32>, %b: memref<1024xf32>, %c: memref<1024xf32>) attributes {modelc.kernel} {
  linalg.add ins(%a, %b : memref<1024xf32>, memref<1024xf32>) outs(%c : memref<1024xf32>)
  return
}
func.func @matmul(%a: memref<128x64xf32>, %b: memref<64x64xf32>, %c: memref<128x64xf32>) attributes {modelc.kernel} {
  linalg.matmul ins(%a, %b : memref<128x64xf32>, memref<64x64xf32>) outs(%c : memref<128x64xf32>)
  return
}

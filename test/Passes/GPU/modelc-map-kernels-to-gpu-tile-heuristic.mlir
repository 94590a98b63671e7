// RUN: modelc-opt %s --split-input-file --modelc-map-kernels-to-gpu="precision=tf32 target-blocks=16" | FileCheck %s
// RUN: modelc-opt %s --split-input-file --modelc-map-kernels-to-gpu="precision=tf32 target-blocks=16 tuning-cache=%S/Inputs/tuning-cache-large.txt" | FileCheck %s --check-prefix=TUNED

// The block-tile heuristic: 256x64 tiles (four 128x32 warp tiles, two
// 40 KB stages of swizzled rows) for a GEMM of exactly 64 columns with
// enough rows to keep target-blocks busy; its shared memory is counted
// with the kernel's real configuration (f16 swizzled rows), not an f32
// padded default, under which it would not fit.
// CHECK-LABEL: func.func private @n64
// CHECK-SAME: grid = array<i64: 16, 1, 1>, name = "n64_0", strategy = "tensor cores f16 256x64 tiles, GEMM 4096x64x64, 4 warps, swizzled rows"
// CHECK: workgroup(%{{.*}} : memref<2x256x32xf16, #gpu.address_space<workgroup>> {llvm.align = 16 : i64}, %{{.*}} : memref<2x64x32xf16, #gpu.address_space<workgroup>> {llvm.align = 16 : i64})
func.func @n64(%a: memref<4096x64xf16>, %b: memref<64x64xf16>, %c: memref<4096x64xf32>) attributes {modelc.kernel} {
  linalg.generic {indexing_maps = [affine_map<(m, k, n) -> (m, k)>, affine_map<(m, k, n) -> (n, k)>, affine_map<(m, k, n) -> (m, n)>], iterator_types = ["parallel", "reduction", "parallel"]}
      ins(%a, %b : memref<4096x64xf16>, memref<64x64xf16>) outs(%c : memref<4096x64xf32>) {
  ^bb0(%x: f16, %y: f16, %acc: f32):
    %xe = arith.extf %x : f16 to f32
    %ye = arith.extf %y : f16 to f32
    %p = arith.mulf %xe, %ye : f32
    %s = arith.addf %acc, %p : f32
    linalg.yield %s : f32
  }
  return
}

// -----

// 128 columns: 128x128, as before (256x64 ties on area and is not picked).
// 32 columns: no 256-row tile (its 64 columns would be half padding).
// CHECK-LABEL: func.func private @n128
// CHECK-SAME: strategy = "tensor cores f16 128x128 tiles, GEMM 4096x128x64, 4 warps, swizzled rows"
// TUNED-LABEL: func.func private @n128
// TUNED-SAME: strategy = "tensor cores f16 256x128 tiles, GEMM 4096x128x64, swizzled rows (tuned)"
// TUNED: workgroup(%{{.*}} : memref<2x256x32xf16, #gpu.address_space<workgroup>> {llvm.align = 16 : i64}, %{{.*}} : memref<2x128x32xf16, #gpu.address_space<workgroup>> {llvm.align = 16 : i64})
func.func @n128(%a: memref<4096x64xf16>, %b: memref<128x64xf16>, %c: memref<4096x128xf32>) attributes {modelc.kernel} {
  linalg.generic {indexing_maps = [affine_map<(m, k, n) -> (m, k)>, affine_map<(m, k, n) -> (n, k)>, affine_map<(m, k, n) -> (m, n)>], iterator_types = ["parallel", "reduction", "parallel"]}
      ins(%a, %b : memref<4096x64xf16>, memref<128x64xf16>) outs(%c : memref<4096x128xf32>) {
  ^bb0(%x: f16, %y: f16, %acc: f32):
    %xe = arith.extf %x : f16 to f32
    %ye = arith.extf %y : f16 to f32
    %p = arith.mulf %xe, %ye : f32
    %s = arith.addf %acc, %p : f32
    linalg.yield %s : f32
  }
  return
}

// -----

// CHECK-LABEL: func.func private @n32
// CHECK-NOT: 256x64
// CHECK-SAME: strategy = "tensor cores f16 128x32 tiles
func.func @n32(%a: memref<4096x64xf16>, %b: memref<32x64xf16>, %c: memref<4096x32xf32>) attributes {modelc.kernel} {
  linalg.generic {indexing_maps = [affine_map<(m, k, n) -> (m, k)>, affine_map<(m, k, n) -> (n, k)>, affine_map<(m, k, n) -> (m, n)>], iterator_types = ["parallel", "reduction", "parallel"]}
      ins(%a, %b : memref<4096x64xf16>, memref<32x64xf16>) outs(%c : memref<4096x32xf32>) {
  ^bb0(%x: f16, %y: f16, %acc: f32):
    %xe = arith.extf %x : f16 to f32
    %ye = arith.extf %y : f16 to f32
    %p = arith.mulf %xe, %ye : f32
    %s = arith.addf %acc, %p : f32
    linalg.yield %s : f32
  }
  return
}

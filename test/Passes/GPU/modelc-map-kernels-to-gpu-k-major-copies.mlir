// RUN: modelc-opt %s --modelc-map-kernels-to-gpu="precision=tf32 target-blocks=1 tuning-cache=%S/Inputs/tuning-cache-k-major-rows.txt" --canonicalize --cse | FileCheck %s

// A K-major operand (A[k][m]: contiguous along its rows) whose rows have
// no aligned run (255 halves) copies a half at a time: 256 rows of a
// 256x64 tile, 128 threads. Each thread takes rows t and t + 128 at every
// column (tile-check found MobileNetV2's outputs wrong with 256x64 tiles
// when each thread took row t alone: rows 128 to 255 were never copied).
// CHECK-LABEL: func.func private @k_major_rows
// CHECK-SAME: strategy = "tensor cores f16 256x64 tiles, GEMM 255x64x64, 4 warps (tuned)"
// CHECK: workgroup(%[[SA:.*]] : memref<4x16x264xf16, #gpu.address_space<workgroup>>
// CHECK: %[[T:.*]] = gpu.thread_id x
// CHECK: %[[ROW:.*]] = arith.remui %[[T]], %c128 : index
// CHECK: %[[K:.*]] = arith.divui %[[T]], %c128 : index
// CHECK: %[[ROW2:.*]] = arith.addi %[[ROW]], %c128 : index
// CHECK: memref.store %{{.*}}, %[[SA]][%c0, %[[K]], %[[ROW]]]
// CHECK-NEXT: memref.store %{{.*}}, %[[SA]][%c0, %[[K]], %[[ROW2]]]
#a = affine_map<(m, k, n) -> (k, m)>
#b = affine_map<(m, k, n) -> (k, n)>
#c = affine_map<(m, k, n) -> (m, n)>
func.func @k_major_rows(%a: memref<64x255xf16>, %b: memref<64x64xf16>, %c: memref<255x64xf32>) attributes {modelc.kernel} {
  linalg.generic {indexing_maps = [#a, #b, #c], iterator_types = ["parallel", "reduction", "parallel"]}
      ins(%a, %b : memref<64x255xf16>, memref<64x64xf16>) outs(%c : memref<255x64xf32>) {
  ^bb0(%x: f16, %y: f16, %acc: f32):
    %xe = arith.extf %x : f16 to f32
    %ye = arith.extf %y : f16 to f32
    %p = arith.mulf %xe, %ye : f32
    %s = arith.addf %acc, %p : f32
    linalg.yield %s : f32
  }
  return
}

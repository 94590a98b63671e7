// RUN: modelc-opt %s --split-input-file --modelc-map-kernels-to-gpu="precision=tf32 target-blocks=1" --canonicalize --cse | FileCheck %s
// RUN: modelc-opt %s --split-input-file --modelc-map-kernels-to-gpu="precision=tf32" --canonicalize --cse | FileCheck %s --check-prefix=SPLIT

// The tensor-core main loop carries its pipeline indices: with 3 stages
// (not a power of two, so no mask) the stage a step multiplies and the
// one it refills (0 and 2 at first; then the next is current + 1, 0 past
// the last), and, since every 16-deep slice of this 3x3 convolution's K
// (kh, kw, c: 3 x 3 x 32) lies within one run of c, the (kh, kw, c) point
// of the slice it copies ahead: slice 2 starts at (0, 1, 0). Each step
// advances it by 16 along c, carrying into kw and kh; no step divides its
// K by the extents.
// CHECK-LABEL: func.func private @conv3x3_c32
// CHECK-SAME: strategy = "tensor cores tf32 128x128 tiles, GEMM 1024x128x288, 4 warps, swizzled rows"
// CHECK: workgroup(%{{.*}} : memref<3x128x16xf32, #gpu.address_space<workgroup>>
// CHECK: scf.for %{{.*}} = %c0 to %c18 step %c1 iter_args({{.*}}, %[[CUR:.*]] = %c0, %[[REFILL:.*]] = %c2, %[[KH:.*]] = %c0, %[[KW:.*]] = %c1, %[[C:.*]] = %c0)
// CHECK-SAME: -> ({{.*}}, index, index, index, index, index)
// CHECK-NOT: arith.divui %{{.*}}, %c3
// CHECK-NOT: arith.remui %{{.*}}, %c3
// CHECK-NOT: arith.divui %{{.*}}, %c32
// CHECK-NOT: arith.remui %{{.*}}, %c32
// CHECK: nvgpu.device_async_copy
// CHECK-NOT: arith.divui %{{.*}}, %c3
// CHECK-NOT: arith.remui %{{.*}}, %c3
// CHECK: %[[NEXT:.*]] = arith.addi %[[CUR]], %c1 : index
// CHECK-NEXT: %[[WRAP:.*]] = arith.cmpi eq, %[[NEXT]], %c3 : index
// CHECK-NEXT: %[[STAGE:.*]] = arith.select %[[WRAP]], %c0, %[[NEXT]] : index
// CHECK-NEXT: %[[C16:.*]] = arith.addi %[[C]], %c16 : index
// CHECK-NEXT: %[[CEND:.*]] = arith.cmpi eq, %[[C16]], %c32 : index
// CHECK-NEXT: %[[CNEXT:.*]] = arith.select %[[CEND]], %c0, %[[C16]] : index
// CHECK-NEXT: %[[KW1:.*]] = arith.addi %[[KW]], %c1 : index
// CHECK-NEXT: %[[KWC:.*]] = arith.select %[[CEND]], %[[KW1]], %[[KW]] : index
// CHECK-NEXT: %[[KWEND:.*]] = arith.cmpi eq, %[[KWC]], %c3 : index
// CHECK-NEXT: %[[KWNEXT:.*]] = arith.select %[[KWEND]], %c0, %[[KWC]] : index
// CHECK-NEXT: %[[KH1:.*]] = arith.addi %[[KH]], %c1 : index
// CHECK-NEXT: %[[KHNEXT:.*]] = arith.select %[[KWEND]], %[[KH1]], %[[KH]] : index
// CHECK-NEXT: scf.yield {{.*}}, %[[STAGE]], %[[CUR]], %[[KHNEXT]], %[[KWNEXT]], %[[CNEXT]] : {{.*}}
#in = affine_map<(d0, d1, d2, d3, d4, d5, d6, d7) -> (d0, d1 + d5, d2 + d6, d3, d7)>
#filter = affine_map<(d0, d1, d2, d3, d4, d5, d6, d7) -> (d3, d4, d5, d6, d7)>
#out = affine_map<(d0, d1, d2, d3, d4, d5, d6, d7) -> (d0, d1, d2, d3, d4)>
func.func @conv3x3_c32(%x: memref<4x18x18x1x32xf32>, %w: memref<1x128x3x3x32xf32>, %y: memref<4x16x16x1x128xf32>) attributes {modelc.kernel} {
  linalg.generic {indexing_maps = [#in, #filter, #out], iterator_types = ["parallel", "parallel", "parallel", "parallel", "parallel", "reduction", "reduction", "reduction"]} ins(%x, %w : memref<4x18x18x1x32xf32>, memref<1x128x3x3x32xf32>) outs(%y : memref<4x16x16x1x128xf32>) {
  ^bb0(%a: f32, %b: f32, %acc: f32):
    %p = arith.mulf %a, %b : f32
    %s = arith.addf %acc, %p : f32
    linalg.yield %s : f32
  }
  return
}

// -----

// Negative: with 4 channels a 16-deep slice spans several (kh, kw), and 16
// does not divide K (36): each step delinearizes its columns' K (divisions
// by 4 and 3 in the loop); only the stages are carried.
// CHECK-LABEL: func.func private @conv3x3_c4
// CHECK-SAME: GEMM 1024x128x36
// CHECK: scf.for %{{.*}} iter_args({{.*}}, %{{.*}} = %c0, %{{.*}} = %c2)
// CHECK-SAME: -> ({{.*}}vector<2x2xf32>, index, index)
// CHECK: arith.divui %{{.*}}, %c4 : index
// CHECK: arith.remui %{{.*}}, %c3 : index
// CHECK: nvgpu.device_async_copy
// CHECK: scf.yield
#in = affine_map<(d0, d1, d2, d3, d4, d5, d6, d7) -> (d0, d1 + d5, d2 + d6, d3, d7)>
#filter = affine_map<(d0, d1, d2, d3, d4, d5, d6, d7) -> (d3, d4, d5, d6, d7)>
#out = affine_map<(d0, d1, d2, d3, d4, d5, d6, d7) -> (d0, d1, d2, d3, d4)>
func.func @conv3x3_c4(%x: memref<4x18x18x1x4xf32>, %w: memref<1x128x3x3x4xf32>, %y: memref<4x16x16x1x128xf32>) attributes {modelc.kernel} {
  linalg.generic {indexing_maps = [#in, #filter, #out], iterator_types = ["parallel", "parallel", "parallel", "parallel", "parallel", "reduction", "reduction", "reduction"]} ins(%x, %w : memref<4x18x18x1x4xf32>, memref<1x128x3x3x4xf32>) outs(%y : memref<4x16x16x1x128xf32>) {
  ^bb0(%a: f32, %b: f32, %acc: f32):
    %p = arith.mulf %a, %b : f32
    %s = arith.addf %acc, %p : f32
    linalg.yield %s : f32
  }
  return
}

// -----

// Split K (at the default target-blocks: 2 splits of 18 steps; 4
// stages, a power of two, so the stage is a mask, not carried): the
// carried point starts at slice 3 of this block's split, K = 288 (z % 2)
// + 48, delinearized once before the loop.
// SPLIT-LABEL: func.func private @conv3x3_split
// SPLIT-SAME: GEMM 64x64x576, split-K 2
// SPLIT: %[[SPLIT:.*]] = arith.remui %block_id_z, %c2 : index
// SPLIT: %[[KBASE:.*]] = arith.muli %[[SPLIT]], %c288 : index
// SPLIT: %[[K3:.*]] = arith.addi %[[KBASE]], %c48 : index
// SPLIT-NEXT: %[[C:.*]] = arith.remui %[[K3]], %c64 : index
// SPLIT-NEXT: %[[TAP:.*]] = arith.divui %[[K3]], %c64 : index
// SPLIT-NEXT: %[[KW:.*]] = arith.remui %[[TAP]], %c3 : index
// SPLIT-NEXT: %[[KH:.*]] = arith.divui %[[TAP]], %c3 : index
// SPLIT-NEXT: scf.for %[[S:.*]] = %c0 to %c18 step %c1 iter_args(%{{.*}} = %cst, %{{.*}} = %[[KH]], %{{.*}} = %[[KW]], %{{.*}} = %[[C]]) -> (vector<2x2xf32>, index, index, index)
// SPLIT-NEXT: arith.remui %[[S]], %c4 : index
#in = affine_map<(d0, d1, d2, d3, d4, d5, d6, d7) -> (d0, d1 + d5, d2 + d6, d3, d7)>
#filter = affine_map<(d0, d1, d2, d3, d4, d5, d6, d7) -> (d3, d4, d5, d6, d7)>
#out = affine_map<(d0, d1, d2, d3, d4, d5, d6, d7) -> (d0, d1, d2, d3, d4)>
func.func @conv3x3_split(%x: memref<1x10x10x1x64xf32>, %w: memref<1x64x3x3x64xf32>, %y: memref<1x8x8x1x64xf32>, %scratch: memref<65536xi8>) attributes {modelc.kernel, modelc.scratch_bytes = 65536 : i64} {
  linalg.generic {indexing_maps = [#in, #filter, #out], iterator_types = ["parallel", "parallel", "parallel", "parallel", "parallel", "reduction", "reduction", "reduction"]} ins(%x, %w : memref<1x10x10x1x64xf32>, memref<1x64x3x3x64xf32>) outs(%y : memref<1x8x8x1x64xf32>) {
  ^bb0(%a: f32, %b: f32, %acc: f32):
    %p = arith.mulf %a, %b : f32
    %s = arith.addf %acc, %p : f32
    linalg.yield %s : f32
  }
  return
}

// -----

// A padded input (read in place, its padding checked per copy): each copy
// compares the window's row and column against 10 in every step (per-row
// tap masks, tried instead, were no faster: ResNet-50 b256 tf32 0.0%, fp16
// -0.8%; docs/performance.md, sixteenth session).
// CHECK-LABEL: func.func private @conv3x3_padded
// CHECK: scf.for {{.*}} -> ({{.*}}vector<2x2xf32>, index, index, index) {
// CHECK: arith.cmpi ult, %{{.*}}, %c10 : index
// CHECK: nvgpu.device_async_copy
#in = affine_map<(d0, d1, d2, d3, d4, d5, d6, d7) -> (d0, d1 + d5, d2 + d6, d3, d7)>
#filter = affine_map<(d0, d1, d2, d3, d4, d5, d6, d7) -> (d3, d4, d5, d6, d7)>
#out = affine_map<(d0, d1, d2, d3, d4, d5, d6, d7) -> (d0, d1, d2, d3, d4)>
func.func @conv3x3_padded(%x: memref<2x10x10x32xf32>, %w: memref<1x64x3x3x32xf32>, %y: memref<2x10x10x1x64xf32>, %scratch: memref<36864xi8>) attributes {modelc.kernel, modelc.scratch_bytes = 36864 : i64} {
  %zero = arith.constant 0.000000e+00 : f32
  %c0 = arith.constant 0 : index
  %x5 = memref.expand_shape %x [[0], [1], [2], [3, 4]] output_shape [2, 10, 10, 1, 32] : memref<2x10x10x32xf32> into memref<2x10x10x1x32xf32>
  %padded = memref.view %scratch[%c0][] : memref<36864xi8> to memref<2x12x12x1x32xf32>
  linalg.map outs(%padded : memref<2x12x12x1x32xf32>)
    (%init: f32) {
      linalg.yield %zero : f32
    }
  %window = memref.subview %padded[0, 1, 1, 0, 0] [2, 10, 10, 1, 32] [1, 1, 1, 1, 1] : memref<2x12x12x1x32xf32> to memref<2x10x10x1x32xf32, strided<[4608, 384, 32, 32, 1], offset: 416>>
  linalg.copy ins(%x5 : memref<2x10x10x1x32xf32>) outs(%window : memref<2x10x10x1x32xf32, strided<[4608, 384, 32, 32, 1], offset: 416>>)
  linalg.generic {indexing_maps = [#in, #filter, #out], iterator_types = ["parallel", "parallel", "parallel", "parallel", "parallel", "reduction", "reduction", "reduction"]} ins(%padded, %w : memref<2x12x12x1x32xf32>, memref<1x64x3x3x32xf32>) outs(%y : memref<2x10x10x1x64xf32>) {
  ^bb0(%a: f32, %b: f32, %acc: f32):
    %p = arith.mulf %a, %b : f32
    %s = arith.addf %acc, %p : f32
    linalg.yield %s : f32
  }
  return
}

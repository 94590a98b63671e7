// RUN: modelc-opt %s --split-input-file --modelc-map-kernels-to-gpu="precision=tf32 target-blocks=1 padding-selects-per-dimension=false fma-exact-products=false reduction-lanes=4" --canonicalize --cse | FileCheck %s
// RUN: modelc-opt %s --split-input-file --modelc-map-kernels-to-gpu="precision=tf32 target-blocks=1 padding-selects-per-dimension=true fma-exact-products=true" --canonicalize --cse | FileCheck %s --check-prefix=ON
// RUN: modelc-opt %s --split-input-file --modelc-map-kernels-to-gpu="precision=tf32 target-blocks=1 reduction-lanes=8" | FileCheck %s --check-prefix=LANES
// RUN: not modelc-opt %s --split-input-file --modelc-map-kernels-to-gpu="reduction-lanes=3" 2>&1 | FileCheck %s --check-prefix=BAD-LANES
// BAD-LANES: error: reduction-lanes must be 1, 2, 4 or 8, not 3

// padding-selects-per-dimension: a max pool reading its padded input in
// place (fold-padding) loads at indices that must be valid outside the
// input too. Without the option both padded indices become 0 when the point
// is outside in either dimension (the AND of the row's and the column's
// checks); with the option each becomes 0 on its own check only, so the
// column's index does not depend on the row's check. The value still
// takes the padding (-inf) wherever the point is outside.
// CHECK-LABEL: gpu.func @maxpool_padded_0
// CHECK: %[[H:.*]] = arith.cmpi ult, %{{.*}}, %c4 : index
// CHECK: %[[W:.*]] = arith.cmpi ult, %{{.*}}, %c4 : index
// CHECK: %[[IN:.*]] = arith.andi %[[H]], %[[W]] : i1
// CHECK: arith.select %[[IN]], %{{.*}}, %c0 : index
// CHECK: arith.select %[[IN]], %{{.*}}, %c0 : index
// CHECK: memref.load
// CHECK: arith.select %[[IN]], %{{.*}}, %{{.*}} : f32
// ON-LABEL: gpu.func @maxpool_padded_0
// ON: %[[H:.*]] = arith.cmpi ult, %{{.*}}, %c4 : index
// ON: %[[W:.*]] = arith.cmpi ult, %{{.*}}, %c4 : index
// ON: %[[IN:.*]] = arith.andi %[[H]], %[[W]] : i1
// ON: arith.select %[[H]], %{{.*}}, %c0 : index
// ON: arith.select %[[W]], %{{.*}}, %c0 : index
// ON: memref.load
// ON: arith.select %[[IN]], %{{.*}}, %{{.*}} : f32
#window = affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1 * 2 + d4, d2 * 2 + d5, d3)>
#shape = affine_map<(d0, d1, d2, d3, d4, d5) -> (d4, d5)>
#pooled = affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1, d2, d3)>
func.func @maxpool_padded(%x: memref<1x4x4x1xf32>, %y: memref<1x2x2x1xf32>, %scratch: memref<208xi8>) attributes {modelc.kernel, modelc.scratch_bytes = 208 : i64} {
  %ninf = arith.constant 0xFF800000 : f32
  %c0 = arith.constant 0 : index
  %c144 = arith.constant 144 : index
  %padded = memref.view %scratch[%c0][] : memref<208xi8> to memref<1x6x6x1xf32>
  linalg.map outs(%padded : memref<1x6x6x1xf32>)
    (%init: f32) {
      linalg.yield %ninf : f32
    }
  %inner = memref.subview %padded[0, 1, 1, 0] [1, 4, 4, 1] [1, 1, 1, 1] : memref<1x6x6x1xf32> to memref<1x4x4x1xf32, strided<[36, 6, 1, 1], offset: 7>>
  linalg.copy ins(%x : memref<1x4x4x1xf32>) outs(%inner : memref<1x4x4x1xf32, strided<[36, 6, 1, 1], offset: 7>>)
  linalg.fill ins(%ninf : f32) outs(%y : memref<1x2x2x1xf32>)
  %shape = memref.view %scratch[%c144][] : memref<208xi8> to memref<3x3xi1>
  linalg.generic {indexing_maps = [#window, #shape, #pooled], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction", "reduction"]} ins(%padded, %shape : memref<1x6x6x1xf32>, memref<3x3xi1>) outs(%y : memref<1x2x2x1xf32>) {
  ^bb0(%in: f32, %s: i1, %out: f32):
    %m = arith.maximumf %out, %in : f32
    linalg.yield %m : f32
  }
  return
}

// -----

// fma-exact-products: a depthwise-style reduction on CUDA cores whose f32
// sum adds products of two f16 values (exact in f32) marks the multiply and
// the add contractible (one fma, the same bits); both options on by
// default, off in the first RUN line.
// reduction-lanes: a thread computes 4 neighbouring outputs at
// reduction-lanes=4, 8 at 8 (the default) (the output's innermost extent, 8, allows both).
// CHECK-LABEL: func.func private @depthwise_f16
// CHECK-SAME: strategy = "parallel, sequential reduction per thread, 4 outputs per thread"
// CHECK-LABEL: gpu.func @depthwise_f16_0
// CHECK-NOT: contract
// CHECK: gpu.return
// LANES-LABEL: func.func private @depthwise_f16
// LANES-SAME: strategy = "parallel, sequential reduction per thread, 8 outputs per thread"
// ON-LABEL: gpu.func @depthwise_f16_0
// ON: arith.mulf %{{.*}}, %{{.*}} fastmath<contract> : f32
// ON-NEXT: arith.addf %{{.*}}, %{{.*}} fastmath<contract> : f32
#x = affine_map<(d0, d1, d2) -> (d0, d1 + d2)>
#w = affine_map<(d0, d1, d2) -> (d0, d2)>
#y = affine_map<(d0, d1, d2) -> (d0, d1)>
func.func @depthwise_f16(%x: memref<8x10xf16>, %w: memref<8x3xf16>, %y: memref<8x8xf32>) attributes {modelc.kernel} {
  linalg.generic {indexing_maps = [#x, #w, #y], iterator_types = ["parallel", "parallel", "reduction"]} ins(%x, %w : memref<8x10xf16>, memref<8x3xf16>) outs(%y : memref<8x8xf32>) {
  ^bb0(%a: f16, %b: f16, %acc: f32):
    %0 = arith.extf %a : f16 to f32
    %1 = arith.extf %b : f16 to f32
    %2 = arith.mulf %0, %1 : f32
    %3 = arith.addf %acc, %2 : f32
    linalg.yield %3 : f32
  }
  return
}

// -----

// Not exact, so not marked: products of f32 values, of bf16 values (their
// products may fall below f32's normal range), and of an f16 and an f32.
// ON-LABEL: gpu.func @inexact_products_0
// ON-NOT: contract
// ON: gpu.return
// ON-LABEL: gpu.func @inexact_products_1
// ON-NOT: contract
// ON: gpu.return
// ON-LABEL: gpu.func @inexact_products_2
// ON-NOT: contract
// ON: gpu.return
#x = affine_map<(d0, d1, d2) -> (d0, d1 + d2)>
#w = affine_map<(d0, d1, d2) -> (d0, d2)>
#y = affine_map<(d0, d1, d2) -> (d0, d1)>
func.func @inexact_products(%xf: memref<8x10xf32>, %wf: memref<8x3xf32>, %xb: memref<8x10xbf16>, %wb: memref<8x3xbf16>, %xh: memref<8x10xf16>, %y0: memref<8x8xf32>, %y1: memref<8x8xf32>, %y2: memref<8x8xf32>) attributes {modelc.kernel} {
  linalg.generic {indexing_maps = [#x, #w, #y], iterator_types = ["parallel", "parallel", "reduction"]} ins(%xf, %wf : memref<8x10xf32>, memref<8x3xf32>) outs(%y0 : memref<8x8xf32>) {
  ^bb0(%a: f32, %b: f32, %acc: f32):
    %2 = arith.mulf %a, %b : f32
    %3 = arith.addf %acc, %2 : f32
    linalg.yield %3 : f32
  }
  linalg.generic {indexing_maps = [#x, #w, #y], iterator_types = ["parallel", "parallel", "reduction"]} ins(%xb, %wb : memref<8x10xbf16>, memref<8x3xbf16>) outs(%y1 : memref<8x8xf32>) {
  ^bb0(%a: bf16, %b: bf16, %acc: f32):
    %0 = arith.extf %a : bf16 to f32
    %1 = arith.extf %b : bf16 to f32
    %2 = arith.mulf %0, %1 : f32
    %3 = arith.addf %acc, %2 : f32
    linalg.yield %3 : f32
  }
  linalg.generic {indexing_maps = [#x, #w, #y], iterator_types = ["parallel", "parallel", "reduction"]} ins(%xh, %wf : memref<8x10xf16>, memref<8x3xf32>) outs(%y2 : memref<8x8xf32>) {
  ^bb0(%a: f16, %b: f32, %acc: f32):
    %0 = arith.extf %a : f16 to f32
    %2 = arith.mulf %0, %b : f32
    %3 = arith.addf %acc, %2 : f32
    linalg.yield %3 : f32
  }
  return
}

// -----

// A GEMM keeps its strategy's own multiply: its payload is not marked (the
// tensor-core kernel's adds stay as they were).
// ON-LABEL: func.func private @gemm_f16
// ON-SAME: strategy = "tensor cores
// ON: gpu.func @gemm_f16_0
// ON-NOT: contract
// ON: gpu.return
#a = affine_map<(d0, d1, d2) -> (d0, d2)>
#b = affine_map<(d0, d1, d2) -> (d2, d1)>
#c = affine_map<(d0, d1, d2) -> (d0, d1)>
func.func @gemm_f16(%a: memref<64x64xf16>, %b: memref<64x64xf16>, %c: memref<64x64xf32>) attributes {modelc.kernel} {
  linalg.generic {indexing_maps = [#a, #b, #c], iterator_types = ["parallel", "parallel", "reduction"]} ins(%a, %b : memref<64x64xf16>, memref<64x64xf16>) outs(%c : memref<64x64xf32>) {
  ^bb0(%x: f16, %w: f16, %acc: f32):
    %0 = arith.extf %x : f16 to f32
    %1 = arith.extf %w : f16 to f32
    %2 = arith.mulf %0, %1 : f32
    %3 = arith.addf %acc, %2 : f32
    linalg.yield %3 : f32
  }
  return
}

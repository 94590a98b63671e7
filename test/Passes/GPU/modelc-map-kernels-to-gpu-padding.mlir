// RUN: modelc-opt %s --split-input-file --modelc-map-kernels-to-gpu="precision=tf32 target-blocks=1 padding-selects-per-dimension=false fma-exact-products=false reduction-lanes=4" --canonicalize --cse | FileCheck %s
// RUN: modelc-opt %s --split-input-file --modelc-map-kernels-to-gpu="precision=tf32 target-blocks=1 fold-padding=false reduction-lanes=4" | FileCheck %s --check-prefix=OFF

// fold-padding (the default): a padded NHWC convolution's input, as it
// bufferizes (a zero fill of a scratch view, the input copied into a
// window of it at offset 1, 1), is read in place by the tensor-core GEMM.
// One launch instead of three; the copies read the unpadded input (2 x 10
// x 10 x 16 halves, flattened: 3200) and zero-fill where the window's row
// or column lies outside it (unsigned compares against 10). Runs of 8
// halves along C (16) never straddle a padding edge.
// Nothing reads or writes the padded buffer any more: the kernel reserves
// the least scratch (64 bytes, for the pointer its function still takes).
// CHECK-LABEL: func.func private @conv3x3_padded
// CHECK-SAME: modelc.launches = [{{{.*}}name = "conv3x3_padded_0", strategy = "tensor cores f16 128x32 tiles, GEMM 200x32x144"}]
// CHECK-SAME: modelc.scratch_bytes = 64 : i64
// CHECK: gpu.func @conv3x3_padded_0(
// CHECK: %[[FLAT:.*]] = memref.reinterpret_cast %{{.*}} to offset: [0], sizes: [3200], strides: [1] : memref<2x10x10x1x16xf16> to memref<3200xf16>
// CHECK: arith.cmpi ult, %{{.*}}, %c10 : index
// CHECK: nvgpu.device_async_copy %[[FLAT]][%{{.*}}], %{{.*}}, 8, %{{.*}} : memref<3200xf16>
// CHECK-NOT: gpu.func
// OFF-LABEL: func.func private @conv3x3_padded
// OFF-SAME: name = "conv3x3_padded_0", strategy = "elementwise
// OFF-SAME: name = "conv3x3_padded_1", strategy = "elementwise
// OFF-SAME: name = "conv3x3_padded_2", strategy = "tensor cores f16
// OFF-SAME: modelc.scratch_bytes = 9216 : i64
#bias = affine_map<(d0, d1, d2, d3, d4) -> (d3, d4)>
#id5 = affine_map<(d0, d1, d2, d3, d4) -> (d0, d1, d2, d3, d4)>
#in = affine_map<(d0, d1, d2, d3, d4, d5, d6, d7) -> (d0, d1 + d5, d2 + d6, d3, d7)>
#filter = affine_map<(d0, d1, d2, d3, d4, d5, d6, d7) -> (d3, d4, d5, d6, d7)>
#out = affine_map<(d0, d1, d2, d3, d4, d5, d6, d7) -> (d0, d1, d2, d3, d4)>
func.func @conv3x3_padded(%x: memref<2x10x10x16xf16>, %w: memref<1x32x3x3x16xf16>, %y: memref<2x10x10x1x32xf32>, %scratch: memref<9216xi8>) attributes {modelc.kernel, modelc.scratch_bytes = 9216 : i64} {
  %zero = arith.constant 0.000000e+00 : f16
  %c0 = arith.constant 0 : index
  %x5 = memref.expand_shape %x [[0], [1], [2], [3, 4]] output_shape [2, 10, 10, 1, 16] : memref<2x10x10x16xf16> into memref<2x10x10x1x16xf16>
  %padded = memref.view %scratch[%c0][] : memref<9216xi8> to memref<2x12x12x1x16xf16>
  linalg.map outs(%padded : memref<2x12x12x1x16xf16>)
    (%init: f16) {
      linalg.yield %zero : f16
    }
  %window = memref.subview %padded[0, 1, 1, 0, 0] [2, 10, 10, 1, 16] [1, 1, 1, 1, 1] : memref<2x12x12x1x16xf16> to memref<2x10x10x1x16xf16, strided<[2304, 192, 16, 16, 1], offset: 208>>
  linalg.copy ins(%x5 : memref<2x10x10x1x16xf16>) outs(%window : memref<2x10x10x1x16xf16, strided<[2304, 192, 16, 16, 1], offset: 208>>)
  linalg.generic {indexing_maps = [#in, #filter, #out], iterator_types = ["parallel", "parallel", "parallel", "parallel", "parallel", "reduction", "reduction", "reduction"]} ins(%padded, %w : memref<2x12x12x1x16xf16>, memref<1x32x3x3x16xf16>) outs(%y : memref<2x10x10x1x32xf32>) {
  ^bb0(%in: f16, %in_w: f16, %out: f32):
    %a = arith.extf %in : f16 to f32
    %b = arith.extf %in_w : f16 to f32
    %p = arith.mulf %a, %b : f32
    %s = arith.addf %out, %p : f32
    linalg.yield %s : f32
  }
  return
}

// -----

// Padding with anything but +0.0 (a copy past the edge zero-fills) stays
// a fill and a copy.
// CHECK-LABEL: func.func private @padded_with_one
// CHECK-SAME: name = "padded_with_one_0", strategy = "elementwise
// CHECK-SAME: name = "padded_with_one_1", strategy = "elementwise
// CHECK-SAME: name = "padded_with_one_2", strategy = "tensor cores f16
#in = affine_map<(d0, d1, d2, d3, d4, d5, d6, d7) -> (d0, d1 + d5, d2 + d6, d3, d7)>
#filter = affine_map<(d0, d1, d2, d3, d4, d5, d6, d7) -> (d3, d4, d5, d6, d7)>
#out = affine_map<(d0, d1, d2, d3, d4, d5, d6, d7) -> (d0, d1, d2, d3, d4)>
func.func @padded_with_one(%x: memref<2x10x10x1x16xf16>, %w: memref<1x32x3x3x16xf16>, %y: memref<2x10x10x1x32xf32>, %scratch: memref<9216xi8>) attributes {modelc.kernel} {
  %one = arith.constant 1.000000e+00 : f16
  %c0 = arith.constant 0 : index
  %padded = memref.view %scratch[%c0][] : memref<9216xi8> to memref<2x12x12x1x16xf16>
  linalg.fill ins(%one : f16) outs(%padded : memref<2x12x12x1x16xf16>)
  %window = memref.subview %padded[0, 1, 1, 0, 0] [2, 10, 10, 1, 16] [1, 1, 1, 1, 1] : memref<2x12x12x1x16xf16> to memref<2x10x10x1x16xf16, strided<[2304, 192, 16, 16, 1], offset: 208>>
  linalg.copy ins(%x : memref<2x10x10x1x16xf16>) outs(%window : memref<2x10x10x1x16xf16, strided<[2304, 192, 16, 16, 1], offset: 208>>)
  linalg.generic {indexing_maps = [#in, #filter, #out], iterator_types = ["parallel", "parallel", "parallel", "parallel", "parallel", "reduction", "reduction", "reduction"]} ins(%padded, %w : memref<2x12x12x1x16xf16>, memref<1x32x3x3x16xf16>) outs(%y : memref<2x10x10x1x32xf32>) {
  ^bb0(%in: f16, %in_w: f16, %out: f32):
    %a = arith.extf %in : f16 to f32
    %b = arith.extf %in_w : f16 to f32
    %p = arith.mulf %a, %b : f32
    %s = arith.addf %out, %p : f32
    linalg.yield %s : f32
  }
  return
}

// -----

// A source the kernel itself writes (here: computed before the copy)
// could differ between the copy and the contraction: not folded.
// CHECK-LABEL: func.func private @source_written
// CHECK-SAME: name = "source_written_0", strategy = "elementwise
// CHECK-SAME: name = "source_written_1", strategy = "elementwise
// CHECK-SAME: name = "source_written_2", strategy = "elementwise
// CHECK-SAME: name = "source_written_3", strategy = "tensor cores f16
#in = affine_map<(d0, d1, d2, d3, d4, d5, d6, d7) -> (d0, d1 + d5, d2 + d6, d3, d7)>
#filter = affine_map<(d0, d1, d2, d3, d4, d5, d6, d7) -> (d3, d4, d5, d6, d7)>
#out = affine_map<(d0, d1, d2, d3, d4, d5, d6, d7) -> (d0, d1, d2, d3, d4)>
func.func @source_written(%x: memref<2x10x10x1x16xf16>, %w: memref<1x32x3x3x16xf16>, %y: memref<2x10x10x1x32xf32>, %scratch: memref<16384xi8>) attributes {modelc.kernel} {
  %zero = arith.constant 0.000000e+00 : f16
  %c0 = arith.constant 0 : index
  %c9216 = arith.constant 9216 : index
  %relu = memref.view %scratch[%c9216][] : memref<16384xi8> to memref<2x10x10x1x16xf16>
  linalg.map { arith.maximumf } ins(%x, %x : memref<2x10x10x1x16xf16>, memref<2x10x10x1x16xf16>) outs(%relu : memref<2x10x10x1x16xf16>)
  %padded = memref.view %scratch[%c0][] : memref<16384xi8> to memref<2x12x12x1x16xf16>
  linalg.fill ins(%zero : f16) outs(%padded : memref<2x12x12x1x16xf16>)
  %window = memref.subview %padded[0, 1, 1, 0, 0] [2, 10, 10, 1, 16] [1, 1, 1, 1, 1] : memref<2x12x12x1x16xf16> to memref<2x10x10x1x16xf16, strided<[2304, 192, 16, 16, 1], offset: 208>>
  linalg.copy ins(%relu : memref<2x10x10x1x16xf16>) outs(%window : memref<2x10x10x1x16xf16, strided<[2304, 192, 16, 16, 1], offset: 208>>)
  linalg.generic {indexing_maps = [#in, #filter, #out], iterator_types = ["parallel", "parallel", "parallel", "parallel", "parallel", "reduction", "reduction", "reduction"]} ins(%padded, %w : memref<2x12x12x1x16xf16>, memref<1x32x3x3x16xf16>) outs(%y : memref<2x10x10x1x32xf32>) {
  ^bb0(%in: f16, %in_w: f16, %out: f32):
    %a = arith.extf %in : f16 to f32
    %b = arith.extf %in_w : f16 to f32
    %p = arith.mulf %a, %b : f32
    %s = arith.addf %out, %p : f32
    linalg.yield %s : f32
  }
  return
}

// -----

// A padded buffer something else reads too stays materialized.
// CHECK-LABEL: func.func private @padded_read_twice
// CHECK-SAME: name = "padded_read_twice_0", strategy = "elementwise
// CHECK-SAME: name = "padded_read_twice_1", strategy = "elementwise
// CHECK-SAME: name = "padded_read_twice_2", strategy = "tensor cores f16
// CHECK-SAME: name = "padded_read_twice_3", strategy = "elementwise
#in = affine_map<(d0, d1, d2, d3, d4, d5, d6, d7) -> (d0, d1 + d5, d2 + d6, d3, d7)>
#filter = affine_map<(d0, d1, d2, d3, d4, d5, d6, d7) -> (d3, d4, d5, d6, d7)>
#out = affine_map<(d0, d1, d2, d3, d4, d5, d6, d7) -> (d0, d1, d2, d3, d4)>
func.func @padded_read_twice(%x: memref<2x10x10x1x16xf16>, %w: memref<1x32x3x3x16xf16>, %y: memref<2x10x10x1x32xf32>, %z: memref<2x12x12x1x16xf16>, %scratch: memref<9216xi8>) attributes {modelc.kernel} {
  %zero = arith.constant 0.000000e+00 : f16
  %c0 = arith.constant 0 : index
  %padded = memref.view %scratch[%c0][] : memref<9216xi8> to memref<2x12x12x1x16xf16>
  linalg.fill ins(%zero : f16) outs(%padded : memref<2x12x12x1x16xf16>)
  %window = memref.subview %padded[0, 1, 1, 0, 0] [2, 10, 10, 1, 16] [1, 1, 1, 1, 1] : memref<2x12x12x1x16xf16> to memref<2x10x10x1x16xf16, strided<[2304, 192, 16, 16, 1], offset: 208>>
  linalg.copy ins(%x : memref<2x10x10x1x16xf16>) outs(%window : memref<2x10x10x1x16xf16, strided<[2304, 192, 16, 16, 1], offset: 208>>)
  linalg.generic {indexing_maps = [#in, #filter, #out], iterator_types = ["parallel", "parallel", "parallel", "parallel", "parallel", "reduction", "reduction", "reduction"]} ins(%padded, %w : memref<2x12x12x1x16xf16>, memref<1x32x3x3x16xf16>) outs(%y : memref<2x10x10x1x32xf32>) {
  ^bb0(%in: f16, %in_w: f16, %out: f32):
    %a = arith.extf %in : f16 to f32
    %b = arith.extf %in_w : f16 to f32
    %p = arith.mulf %a, %b : f32
    %s = arith.addf %out, %p : f32
    linalg.yield %s : f32
  }
  linalg.copy ins(%padded : memref<2x12x12x1x16xf16>) outs(%z : memref<2x12x12x1x16xf16>)
  return
}

// -----

// Any other reader (a MaxPool: -inf padding, a 3x3 window at stride 2)
// takes the padding in its payload: each point loads the unpadded input
// where its window lies inside (row and column compared against 4) and
// takes -inf elsewhere. The padded buffer's fill and copy are gone, and
// the output's fill runs in the reduction's launch (its initializer): one
// launch. A thread computes 4 neighbouring channels, its window unrolled.
// CHECK-LABEL: func.func private @maxpool_padded
// CHECK-SAME: modelc.launches = [{{{.*}}name = "maxpool_padded_0", strategy = "parallel, sequential reduction per thread, 4 outputs per thread, initializer fused"}], modelc.scratch_bytes = 64 : i64
// CHECK: gpu.func @maxpool_padded_0(%[[X:[a-z0-9]+]]: memref<1x4x4x8xf32>
// CHECK-DAG: %[[NEG:.*]] = arith.constant 0xFF800000 : f32
// CHECK: scf.for
// CHECK: arith.cmpi ult, %{{.*}}, %c4 : index
// CHECK: %[[V:.*]] = memref.load %[[X]][
// CHECK: arith.select %{{.*}}, %[[V]], %[[NEG]] : f32
// CHECK: arith.maximumf
// CHECK-NOT: gpu.func
// OFF-LABEL: func.func private @maxpool_padded
// OFF-SAME: name = "maxpool_padded_2", strategy = "parallel, sequential reduction per thread, 4 outputs per thread, initializer fused"
// OFF-SAME: modelc.scratch_bytes = 1216 : i64
#window = affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1 * 2 + d4, d2 * 2 + d5, d3)>
#shape = affine_map<(d0, d1, d2, d3, d4, d5) -> (d4, d5)>
#pooled = affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1, d2, d3)>
func.func @maxpool_padded(%x: memref<1x4x4x8xf32>, %y: memref<1x2x2x8xf32>, %scratch: memref<1216xi8>) attributes {modelc.kernel, modelc.scratch_bytes = 1216 : i64} {
  %ninf = arith.constant 0xFF800000 : f32
  %c0 = arith.constant 0 : index
  %c1152 = arith.constant 1152 : index
  %padded = memref.view %scratch[%c0][] : memref<1216xi8> to memref<1x6x6x8xf32>
  linalg.map outs(%padded : memref<1x6x6x8xf32>)
    (%init: f32) {
      linalg.yield %ninf : f32
    }
  %inner = memref.subview %padded[0, 1, 1, 0] [1, 4, 4, 8] [1, 1, 1, 1] : memref<1x6x6x8xf32> to memref<1x4x4x8xf32, strided<[288, 48, 8, 1], offset: 56>>
  linalg.copy ins(%x : memref<1x4x4x8xf32>) outs(%inner : memref<1x4x4x8xf32, strided<[288, 48, 8, 1], offset: 56>>)
  linalg.fill ins(%ninf : f32) outs(%y : memref<1x2x2x8xf32>)
  %shape = memref.view %scratch[%c1152][] : memref<1216xi8> to memref<3x3xi1>
  linalg.generic {indexing_maps = [#window, #shape, #pooled], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction", "reduction"]} ins(%padded, %shape : memref<1x6x6x8xf32>, memref<3x3xi1>) outs(%y : memref<1x2x2x8xf32>) {
  ^bb0(%in: f32, %s: i1, %out: f32):
    %m = arith.maximumf %out, %in : f32
    linalg.yield %m : f32
  }
  return
}

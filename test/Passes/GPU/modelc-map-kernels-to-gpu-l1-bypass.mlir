// RUN: modelc-opt %s --split-input-file --modelc-map-kernels-to-gpu="precision=tf32 target-blocks=1" --canonicalize --cse | FileCheck %s --check-prefix=WIDEK
// RUN: modelc-opt %s --split-input-file --modelc-map-kernels-to-gpu="precision=tf32 target-blocks=1 l1-bypass=swizzled" --canonicalize --cse | FileCheck %s
// RUN: modelc-opt %s --split-input-file --modelc-map-kernels-to-gpu="precision=tf32 target-blocks=1 l1-bypass=all" --canonicalize --cse | FileCheck %s --check-prefix=ALL
// RUN: modelc-opt %s --split-input-file --modelc-map-kernels-to-gpu="precision=tf32 target-blocks=1 l1-bypass=none" --canonicalize --cse | FileCheck %s --check-prefix=NONE
// RUN: modelc-opt %s --split-input-file --modelc-map-kernels-to-gpu="precision=tf32 target-blocks=1 wide-copies=false l1-bypass=all" --canonicalize --cse | FileCheck %s --check-prefix=PAIRS
// RUN: not modelc-opt %s --modelc-map-kernels-to-gpu="l1-bypass=some" 2>&1 | FileCheck %s --check-prefix=BAD

// l1-bypass: which 16-byte cp.async copies of a tensor-core GEMM's
// operands go past L1 ({bypassL1}, cp.async.cg).
// A padded 3x3 NHWC convolution: both operands contiguous along K (C), so
// staged in swizzled rows.
// swizzled and all: the input window's copies and the filters'.
// swizzled-wide-k (the default): none of them, since the innermost K loop
// (16 channels) is shorter than a 32-deep f16 step: a step spans two taps
// of the window, which neighbouring rows re-read (ResNet-50's tf32 stem
// over 12 channels: 0.872 -> 0.767 ms with its copies in L1).
// WIDEK-LABEL: gpu.func @conv3x3_padded_0(
// WIDEK-NOT: bypassL1
// WIDEK: gpu.return
// CHECK-LABEL: func.func private @conv3x3_padded
// CHECK-SAME: swizzled rows
// CHECK: gpu.func @conv3x3_padded_0(
// CHECK-COUNT-8: nvgpu.device_async_copy {{.*}}, 8, %{{.*}} {bypassL1} : memref<3200xf16>
// CHECK-COUNT-2: nvgpu.device_async_copy {{.*}}, 8, %{{.*}} {bypassL1} : memref<9216xf16>
// CHECK-NOT: nvgpu.device_async_copy {{.*}}, 8, %{{[^ ]*}} :
// ALL-LABEL: gpu.func @conv3x3_padded_0(
// ALL-COUNT-8: nvgpu.device_async_copy {{.*}}, 8, %{{.*}} {bypassL1} : memref<3200xf16>
// ALL-COUNT-2: nvgpu.device_async_copy {{.*}}, 8, %{{.*}} {bypassL1} : memref<9216xf16>
// NONE-LABEL: gpu.func @conv3x3_padded_0(
// NONE-NOT: bypassL1
// cp.async.cg takes 16 bytes only: pairs (wide-copies=false) stay in L1
// whatever the option says.
// PAIRS-LABEL: gpu.func @conv3x3_padded_0(
// PAIRS: nvgpu.device_async_copy {{.*}}, 2, %{{[^ ]*}} : memref<3200xf16>
// PAIRS-NOT: bypassL1
// BAD: error: l1-bypass must be none, swizzled, swizzled-wide-k or all, not 'some'
#bias = affine_map<(d0, d1, d2, d3, d4) -> (d3, d4)>
#id5 = affine_map<(d0, d1, d2, d3, d4) -> (d0, d1, d2, d3, d4)>
#in = affine_map<(d0, d1, d2, d3, d4, d5, d6, d7) -> (d0, d1 + d5, d2 + d6, d3, d7)>
#filter = affine_map<(d0, d1, d2, d3, d4, d5, d6, d7) -> (d3, d4, d5, d6, d7)>
#out = affine_map<(d0, d1, d2, d3, d4, d5, d6, d7) -> (d0, d1, d2, d3, d4)>
func.func @conv3x3_padded(%x: memref<2x10x10x16xf16>, %w: memref<1x64x3x3x16xf16>, %y: memref<2x10x10x1x64xf32>, %scratch: memref<9216xi8>) attributes {modelc.kernel, modelc.scratch_bytes = 9216 : i64} {
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
  linalg.generic {indexing_maps = [#in, #filter, #out], iterator_types = ["parallel", "parallel", "parallel", "parallel", "parallel", "reduction", "reduction", "reduction"]} ins(%padded, %w : memref<2x12x12x1x16xf16>, memref<1x64x3x3x16xf16>) outs(%y : memref<2x10x10x1x64xf32>) {
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

// The same convolution over 32 channels: a step is one tap, and the
// default takes its copies past L1 as swizzled does.
// WIDEK-LABEL: gpu.func @conv3x3_padded_32_0(
// WIDEK: nvgpu.device_async_copy {{.*}}, 8, %{{.*}} {bypassL1} : memref<6400xf16>
// WIDEK: nvgpu.device_async_copy {{.*}}, 8 {bypassL1} : memref<18432xf16>
// WIDEK-NOT: nvgpu.device_async_copy {{.*}}, 8{{(, %[^ ]*)?}} :
// WIDEK: gpu.return
// CHECK-LABEL: gpu.func @conv3x3_padded_32_0(
// CHECK: {bypassL1} : memref<6400xf16>
#in32 = affine_map<(d0, d1, d2, d3, d4, d5, d6, d7) -> (d0, d1 + d5, d2 + d6, d3, d7)>
#filter32 = affine_map<(d0, d1, d2, d3, d4, d5, d6, d7) -> (d3, d4, d5, d6, d7)>
#out32 = affine_map<(d0, d1, d2, d3, d4, d5, d6, d7) -> (d0, d1, d2, d3, d4)>
func.func @conv3x3_padded_32(%x: memref<2x10x10x32xf16>, %w: memref<1x64x3x3x32xf16>, %y: memref<2x10x10x1x64xf32>, %scratch: memref<18432xi8>) attributes {modelc.kernel, modelc.scratch_bytes = 18432 : i64} {
  %zero = arith.constant 0.000000e+00 : f16
  %c0 = arith.constant 0 : index
  %x5 = memref.expand_shape %x [[0], [1], [2], [3, 4]] output_shape [2, 10, 10, 1, 32] : memref<2x10x10x32xf16> into memref<2x10x10x1x32xf16>
  %padded = memref.view %scratch[%c0][] : memref<18432xi8> to memref<2x12x12x1x32xf16>
  linalg.map outs(%padded : memref<2x12x12x1x32xf16>)
    (%init: f16) {
      linalg.yield %zero : f16
    }
  %window = memref.subview %padded[0, 1, 1, 0, 0] [2, 10, 10, 1, 32] [1, 1, 1, 1, 1] : memref<2x12x12x1x32xf16> to memref<2x10x10x1x32xf16, strided<[4608, 384, 32, 32, 1], offset: 416>>
  linalg.copy ins(%x5 : memref<2x10x10x1x32xf16>) outs(%window : memref<2x10x10x1x32xf16, strided<[4608, 384, 32, 32, 1], offset: 416>>)
  linalg.generic {indexing_maps = [#in32, #filter32, #out32], iterator_types = ["parallel", "parallel", "parallel", "parallel", "parallel", "reduction", "reduction", "reduction"]} ins(%padded, %w : memref<2x12x12x1x32xf16>, memref<1x64x3x3x32xf16>) outs(%y : memref<2x10x10x1x64xf32>) {
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

// A MatMul whose B is contiguous along N (K-major, as an NCHW 1x1
// convolution's input is): padded rows, not swizzled. swizzled (the
// default) leaves its 16-byte copies in L1; all takes them past it.
// CHECK-LABEL: func.func private @matmul_k_major_b
// CHECK-NOT: swizzled rows
// CHECK: gpu.func @matmul_k_major_b_0
// CHECK-NOT: bypassL1
// CHECK: gpu.return
// ALL-LABEL: gpu.func @matmul_k_major_b_0
// ALL: nvgpu.device_async_copy {{.*}}, 8 {bypassL1} : memref<16384xf16>
// ALL: nvgpu.device_async_copy {{.*}}, 8 {bypassL1} : memref<4096xf16>
#a = affine_map<(m, k, n) -> (m, k)>
#b = affine_map<(m, k, n) -> (k, n)>
#c = affine_map<(m, k, n) -> (m, n)>
func.func @matmul_k_major_b(%a: memref<256x64xf16>, %b: memref<64x64xf16>, %c: memref<256x64xf32>) attributes {modelc.kernel} {
  linalg.generic {indexing_maps = [#a, #b, #c], iterator_types = ["parallel", "reduction", "parallel"]}
      ins(%a, %b : memref<256x64xf16>, memref<64x64xf16>) outs(%c : memref<256x64xf32>) {
  ^bb0(%x: f16, %y: f16, %acc: f32):
    %xe = arith.extf %x : f16 to f32
    %ye = arith.extf %y : f16 to f32
    %p = arith.mulf %xe, %ye : f32
    %s = arith.addf %acc, %p : f32
    linalg.yield %s : f32
  }
  return
}

// RUN: modelc-opt %s --split-input-file --pass-pipeline="builtin.module(func.func(onnx-space-to-depth-stem))" | FileCheck %s
// RUN: modelc-opt %s --split-input-file --pass-pipeline="builtin.module(func.func(onnx-space-to-depth-stem{max-channels=1}))" | FileCheck %s --check-prefix=ONE

// A 3x3 stride-2 convolution over 2 channels (pads 1): its input padded by
// 1 at the start and by 2 at the end, to an even 8 = 2 (3 - 1) + 4 (the
// kernel rounded up to even), then SpaceToDepth (8 channels of 4 x 4
// blocks) and a 2x2 stride-1 convolution without padding.
// The filters are rearranged: W'[o, (i * 2 + j) * 2 + c, a, b] =
// W[o, c, 2a + i, 2b + j], zero for row or column 3 (past the kernel).
// Filter 0 is w[0, c, y, x] = 100 c + 10 y + x: W'[0, 0 (i, j, c = 0, 0, 0)]
// is rows 0, 2 and columns 0, 2: [[0, 2], [20, 22]]; channel 7 (i, j, c =
// 1, 1, 1) is row 1 column 1 only: [[111, 0], [0, 0]]. Bias and the TF32
// rounding mark carry over.
// CHECK-LABEL: func.func @stem(
//  CHECK-SAME:   %[[X:.*]]: tensor<1x2x5x5xf32>, %[[B:.*]]: tensor<1xf32>)
//       CHECK:   %[[PADS:.*]] = onnx.Constant dense<[0, 0, 1, 1, 0, 0, 2, 2]> : tensor<8xi64>
//       CHECK:   %[[P:.*]] = onnx.Pad %[[X]], %[[PADS]] : {{.*}} -> tensor<1x2x8x8xf32>
//       CHECK:   %[[S:.*]] = onnx.SpaceToDepth %[[P]] {blocksize = 2 : si64} : {{.*}} -> tensor<1x8x4x4xf32>
//       CHECK:   %[[W:.*]] = onnx.Constant dense<{{\[\[\[\[}}0.000000e+00, 2.000000e+00], [2.000000e+01, 2.200000e+01]]
//  CHECK-SAME:   {{\[\[}}1.110000e+02, 0.000000e+00], [0.000000e+00, 0.000000e+00]]]]> : tensor<1x8x2x2xf32>
//       CHECK:   %[[Y:.*]] = onnx.Conv %[[S]], %[[W]], %[[B]] {dilations = array<i64: 1, 1>, kernel_shape = array<i64: 2, 2>, modelc.tf32_exact = array<i64: 1>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>}
//  CHECK-SAME:   -> tensor<1x1x3x3xf32>
//       CHECK:   return %[[Y]]
// max-channels=1: 2 channels are too many.
// ONE-LABEL: func.func @stem(
//   ONE-NOT:   onnx.SpaceToDepth
func.func @stem(%x: tensor<1x2x5x5xf32>, %b: tensor<1xf32>) -> tensor<1x1x3x3xf32> {
  %w = onnx.Constant dense<[[[[0.0, 1.0, 2.0], [10.0, 11.0, 12.0], [20.0, 21.0, 22.0]], [[100.0, 101.0, 102.0], [110.0, 111.0, 112.0], [120.0, 121.0, 122.0]]]]> : tensor<1x2x3x3xf32>
  %y = onnx.Conv %x, %w, %b {modelc.tf32_exact = array<i64: 1>, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>} : (tensor<1x2x5x5xf32>, tensor<1x2x3x3xf32>, tensor<1xf32>) -> tensor<1x1x3x3xf32>
  return %y : tensor<1x1x3x3xf32>
}

// -----

// Left alone: stride 1; 5 channels (more than max-channels, 4); filters
// that are not a constant; dilation 2; two groups; a 1x1 kernel (three
// of each block's four filters would be zero).
// CHECK-LABEL: func.func @refused(
//   CHECK-NOT:   onnx.SpaceToDepth
//       CHECK:   return
func.func @refused(%x: tensor<1x4x8x8xf32>, %x5: tensor<1x5x8x8xf32>, %wv: tensor<2x4x3x3xf32>) -> (tensor<1x2x8x8xf32>, tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>, tensor<1x2x3x3xf32>, tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>) {
  %w = onnx.Constant dense<1.0> : tensor<2x4x3x3xf32>
  %w5 = onnx.Constant dense<1.0> : tensor<2x5x3x3xf32>
  %wg = onnx.Constant dense<1.0> : tensor<2x2x3x3xf32>
  %a = onnx.Conv %x, %w {pads = array<i64: 1, 1, 1, 1>} : (tensor<1x4x8x8xf32>, tensor<2x4x3x3xf32>) -> tensor<1x2x8x8xf32>
  %b = onnx.Conv %x5, %w5 {pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>} : (tensor<1x5x8x8xf32>, tensor<2x5x3x3xf32>) -> tensor<1x2x4x4xf32>
  %c = onnx.Conv %x, %wv {pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>} : (tensor<1x4x8x8xf32>, tensor<2x4x3x3xf32>) -> tensor<1x2x4x4xf32>
  %d = onnx.Conv %x, %w {dilations = array<i64: 2, 2>, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>} : (tensor<1x4x8x8xf32>, tensor<2x4x3x3xf32>) -> tensor<1x2x3x3xf32>
  %e = onnx.Conv %x, %wg {group = 2 : si64, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>} : (tensor<1x4x8x8xf32>, tensor<2x2x3x3xf32>) -> tensor<1x2x4x4xf32>
  %w1 = onnx.Constant dense<1.0> : tensor<2x4x1x1xf32>
  %f = onnx.Conv %x, %w1 {strides = array<i64: 2, 2>} : (tensor<1x4x8x8xf32>, tensor<2x4x1x1xf32>) -> tensor<1x2x4x4xf32>
  return %a, %b, %c, %d, %e, %f : tensor<1x2x8x8xf32>, tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>, tensor<1x2x3x3xf32>, tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>
}

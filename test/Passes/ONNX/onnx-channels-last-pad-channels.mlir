// RUN: modelc-opt %s --split-input-file --onnx-channels-last="pad-channels=4" | FileCheck %s
// RUN: modelc-opt %s --split-input-file --onnx-channels-last | FileCheck %s --check-prefix=NOPAD

///-----------------------------------------------------------------------------
/// An image's 3 channels become 4: zero filter channels at compile time, and
/// the input padded before its transpose to NHWC (modelc-form-kernels runs
/// the two as one kernel).
///-----------------------------------------------------------------------------

// CHECK-LABEL: func.func @stem(
//  CHECK-SAME:     %[[X:.*]]: tensor<1x3x4x4xf32>)
//       CHECK:   %[[W:.*]] = onnx.Constant dense<{{\[\[\[\[}}1.000000e+00, 2.000000e+00, 3.000000e+00, 0.000000e+00]]], {{\[\[\[}}4.000000e+00, 5.000000e+00, 6.000000e+00, 0.000000e+00]]]]> : tensor<2x1x1x4xf32>
/// Pads [n, c, h, w begins, n, c, h, w ends]: one channel at the end.
//       CHECK:   %[[PADS:.*]] = onnx.Constant dense<[0, 0, 0, 0, 0, 1, 0, 0]> : tensor<8xi64>
//       CHECK:   %[[P:.*]] = onnx.Pad %[[X]], %[[PADS]] : (tensor<1x3x4x4xf32>, tensor<8xi64>) -> tensor<1x4x4x4xf32>
//       CHECK:   %[[T:.*]] = onnx.Transpose %[[P]] {perm = array<i64: 0, 2, 3, 1>} : (tensor<1x4x4x4xf32>) -> tensor<1x4x4x4xf32>
//       CHECK:   onnx.ConvNHWC %[[T]], %[[W]]
//  CHECK-SAME:     (tensor<1x4x4x4xf32>, tensor<2x1x1x4xf32>) -> tensor<1x4x4x2xf32>
///  No other constant (the NHWC pads of the first rewrite are gone).
//   CHECK-NOT:   onnx.Constant
//       CHECK:   return
// NOPAD-LABEL: func.func @stem(
//   NOPAD-NOT:   onnx.Pad
//       NOPAD:   onnx.ConvNHWC {{.*}} : (tensor<1x4x4x3xf32>, tensor<2x1x1x3xf32>)
func.func @stem(%x: tensor<1x3x4x4xf32>) -> tensor<1x2x4x4xf32> {
  %w = onnx.Constant dense<[[[[1.0]], [[2.0]], [[3.0]]], [[[4.0]], [[5.0]], [[6.0]]]]> : tensor<2x3x1x1xf32>
  %y = onnx.Conv %x, %w : (tensor<1x3x4x4xf32>, tensor<2x3x1x1xf32>) -> tensor<1x2x4x4xf32>
  %r = onnx.Relu %y : (tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32>
  return %r : tensor<1x2x4x4xf32>
}

// -----

/// Between two convolutions the input is NHWC already: the padding stays
/// after the activation, and the transposes between the two still cancel.
// CHECK-LABEL: func.func @between_convolutions(
//       CHECK:   %[[W2:.*]] = onnx.Constant dense<{{\[\[\[\[}}2.000000e+00, 2.000000e+00, 2.000000e+00, 0.000000e+00]]], {{.*}} : tensor<2x1x1x4xf32>
//       CHECK:   %[[PADS:.*]] = onnx.Constant dense<[0, 0, 0, 0, 0, 0, 0, 1]> : tensor<8xi64>
//       CHECK:   %[[C1:.*]] = onnx.ConvNHWC {{.*}} -> tensor<1x2x2x3xf32>
//       CHECK:   %[[R:.*]] = onnx.Relu %[[C1]]
//       CHECK:   %[[P:.*]] = onnx.Pad %[[R]], %[[PADS]] : (tensor<1x2x2x3xf32>, tensor<8xi64>) -> tensor<1x2x2x4xf32>
//       CHECK:   %[[C2:.*]] = onnx.ConvNHWC %[[P]], %[[W2]]
//       CHECK:   %[[Y:.*]] = onnx.Transpose %[[C2]] {perm = array<i64: 0, 3, 1, 2>}
//       CHECK:   return %[[Y]]
func.func @between_convolutions(%x: tensor<1x8x2x2xf32>) -> tensor<1x2x2x2xf32> {
  %w1 = onnx.Constant dense<1.0> : tensor<3x8x1x1xf32>
  %c1 = onnx.Conv %x, %w1 : (tensor<1x8x2x2xf32>, tensor<3x8x1x1xf32>) -> tensor<1x3x2x2xf32>
  %r = onnx.Relu %c1 : (tensor<1x3x2x2xf32>) -> tensor<1x3x2x2xf32>
  %w2 = onnx.Constant dense<2.0> : tensor<2x3x1x1xf32>
  %c2 = onnx.Conv %r, %w2 : (tensor<1x3x2x2xf32>, tensor<2x3x1x1xf32>) -> tensor<1x2x2x2xf32>
  return %c2 : tensor<1x2x2x2xf32>
}

// -----

/// Not padded: 1 channel (4x the work), 5 (8 is 60% more), a multiple of 4
/// already, a grouped convolution (3 channels per group), filters given at
/// run time.
// CHECK-LABEL: func.func @not_padded(
//   CHECK-NOT:   onnx.Pad
//       CHECK:   onnx.ConvNHWC {{.*}} : (tensor<1x4x4x1xf32>, tensor<2x1x1x1xf32>)
//   CHECK-NOT:   onnx.Pad
//       CHECK:   onnx.ConvNHWC {{.*}} : (tensor<1x4x4x5xf32>, tensor<2x1x1x5xf32>)
//   CHECK-NOT:   onnx.Pad
//       CHECK:   onnx.ConvNHWC {{.*}} : (tensor<1x4x4x8xf32>, tensor<2x1x1x8xf32>)
//   CHECK-NOT:   onnx.Pad
//       CHECK:   onnx.ConvNHWC {{.*}} {{{.*}}group = 2 : si64{{.*}}} : (tensor<1x4x4x6xf32>, tensor<2x1x1x3xf32>)
//   CHECK-NOT:   onnx.Pad
//       CHECK:   onnx.ConvNHWC {{.*}} : (tensor<1x4x4x3xf32>, tensor<2x1x1x3xf32>)
//   CHECK-NOT:   onnx.Pad
//       CHECK:   return
func.func @not_padded(%x1: tensor<1x1x4x4xf32>, %x5: tensor<1x5x4x4xf32>, %x8: tensor<1x8x4x4xf32>, %x6: tensor<1x6x4x4xf32>, %x3: tensor<1x3x4x4xf32>, %w: tensor<2x3x1x1xf32>) -> (tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>) {
  %w1 = onnx.Constant dense<1.0> : tensor<2x1x1x1xf32>
  %y1 = onnx.Conv %x1, %w1 : (tensor<1x1x4x4xf32>, tensor<2x1x1x1xf32>) -> tensor<1x2x4x4xf32>
  %w5 = onnx.Constant dense<1.0> : tensor<2x5x1x1xf32>
  %y5 = onnx.Conv %x5, %w5 : (tensor<1x5x4x4xf32>, tensor<2x5x1x1xf32>) -> tensor<1x2x4x4xf32>
  %w8 = onnx.Constant dense<1.0> : tensor<2x8x1x1xf32>
  %y8 = onnx.Conv %x8, %w8 : (tensor<1x8x4x4xf32>, tensor<2x8x1x1xf32>) -> tensor<1x2x4x4xf32>
  %w6 = onnx.Constant dense<1.0> : tensor<2x3x1x1xf32>
  %y6 = onnx.Conv %x6, %w6 {group = 2 : si64} : (tensor<1x6x4x4xf32>, tensor<2x3x1x1xf32>) -> tensor<1x2x4x4xf32>
  %y3 = onnx.Conv %x3, %w : (tensor<1x3x4x4xf32>, tensor<2x3x1x1xf32>) -> tensor<1x2x4x4xf32>
  return %y1, %y5, %y8, %y6, %y3 : tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>
}

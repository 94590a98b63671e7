// RUN: modelc-opt %s --split-input-file --pass-pipeline="builtin.module(func.func(onnx-unstride-pointwise-convs))" | FileCheck %s

// A stride-2 1x1 convolution (ResNet's downsample): a slice of every second
// row and column, then the convolution at stride 1. Bias and the TF32
// rounding mark carry over.
// CHECK-LABEL: func.func @downsample(
//  CHECK-SAME:   %[[X:.*]]: tensor<2x8x6x16xf32>, %[[W:.*]]: tensor<32x1x1x16xf32>, %[[B:.*]]: tensor<32xf32>)
//   CHECK-DAG:   %[[STARTS:.*]] = onnx.Constant dense<0> : tensor<2xi64>
//   CHECK-DAG:   %[[ENDS:.*]] = onnx.Constant dense<[8, 6]> : tensor<2xi64>
//   CHECK-DAG:   %[[AXES:.*]] = onnx.Constant dense<[1, 2]> : tensor<2xi64>
//   CHECK-DAG:   %[[STEPS:.*]] = onnx.Constant dense<2> : tensor<2xi64>
//       CHECK:   %[[S:.*]] = onnx.Slice %[[X]], %[[STARTS]], %[[ENDS]] axes %[[AXES]] steps %[[STEPS]] : {{.*}} -> tensor<2x4x3x16xf32>
//       CHECK:   %[[Y:.*]] = onnx.ConvNHWC %[[S]], %[[W]], %[[B]] {dilations = array<i64: 1, 1>, modelc.tf32_exact = array<i64: 1>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>}
//  CHECK-SAME:   -> tensor<2x4x3x32xf32>
//       CHECK:   return %[[Y]]
func.func @downsample(%x: tensor<2x8x6x16xf32>, %w: tensor<32x1x1x16xf32>, %b: tensor<32xf32>) -> tensor<2x4x3x32xf32> {
  %y = onnx.ConvNHWC %x, %w, %b {dilations = array<i64: 1, 1>, group = 1 : si64, modelc.tf32_exact = array<i64: 1>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>} : (tensor<2x8x6x16xf32>, tensor<32x1x1x16xf32>, tensor<32xf32>) -> tensor<2x4x3x32xf32>
  return %y : tensor<2x4x3x32xf32>
}

// -----

// Odd sizes and different strides: rows 0, 3, 6 of 7 and columns 0, 2, 4
// of 5 (the output's 3 x 3).
// CHECK-LABEL: func.func @odd(
//   CHECK-DAG:   onnx.Constant dense<[7, 5]> : tensor<2xi64>
//   CHECK-DAG:   onnx.Constant dense<[3, 2]> : tensor<2xi64>
//       CHECK:   onnx.Slice {{.*}} -> tensor<1x3x3x8xf16>
//       CHECK:   onnx.ConvNHWC {{.*}}strides = array<i64: 1, 1>{{.*}} -> tensor<1x3x3x4xf16>
func.func @odd(%x: tensor<1x7x5x8xf16>, %w: tensor<4x1x1x8xf16>) -> tensor<1x3x3x4xf16> {
  %y = onnx.ConvNHWC %x, %w {dilations = array<i64: 1, 1>, group = 1 : si64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 3, 2>} : (tensor<1x7x5x8xf16>, tensor<4x1x1x8xf16>) -> tensor<1x3x3x4xf16>
  return %y : tensor<1x3x3x4xf16>
}

// -----

// Left alone: a 3x3 kernel, a stride-1 1x1, a padded 1x1 and a grouped 1x1.
// CHECK-LABEL: func.func @kept(
//   CHECK-NOT:   onnx.Slice
//       CHECK:   onnx.ConvNHWC {{.*}}strides = array<i64: 2, 2>
//       CHECK:   onnx.ConvNHWC {{.*}}strides = array<i64: 1, 1>
//       CHECK:   onnx.ConvNHWC {{.*}}pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>
//       CHECK:   onnx.ConvNHWC {{.*}}group = 2 : si64{{.*}}strides = array<i64: 2, 2>
func.func @kept(%x: tensor<1x8x8x16xf32>, %w3: tensor<16x3x3x16xf32>, %w1: tensor<16x1x1x16xf32>, %wg: tensor<16x1x1x8xf32>) -> (tensor<1x3x3x16xf32>, tensor<1x8x8x16xf32>, tensor<1x5x5x16xf32>, tensor<1x4x4x16xf32>) {
  %a = onnx.ConvNHWC %x, %w3 {dilations = array<i64: 1, 1>, group = 1 : si64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>} : (tensor<1x8x8x16xf32>, tensor<16x3x3x16xf32>) -> tensor<1x3x3x16xf32>
  %b = onnx.ConvNHWC %x, %w1 {dilations = array<i64: 1, 1>, group = 1 : si64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x8x8x16xf32>, tensor<16x1x1x16xf32>) -> tensor<1x8x8x16xf32>
  %c = onnx.ConvNHWC %x, %w1 {dilations = array<i64: 1, 1>, group = 1 : si64, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>} : (tensor<1x8x8x16xf32>, tensor<16x1x1x16xf32>) -> tensor<1x5x5x16xf32>
  %d = onnx.ConvNHWC %x, %wg {dilations = array<i64: 1, 1>, group = 2 : si64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>} : (tensor<1x8x8x16xf32>, tensor<16x1x1x8xf32>) -> tensor<1x4x4x16xf32>
  return %a, %b, %c, %d : tensor<1x3x3x16xf32>, tensor<1x8x8x16xf32>, tensor<1x5x5x16xf32>, tensor<1x4x4x16xf32>
}

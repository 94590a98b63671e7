// RUN: modelc-opt %s --modelc-graph-pipeline | FileCheck %s

/// The graph phase's contract on an exporter-style block: BatchNorm folded
/// into the conv, identities gone, the flatten's Shape subgraph folded, every
/// type static, nothing dead left.

// CHECK-LABEL: func.func @exported_block(
//  CHECK-SAME:     %[[X:.*]]: tensor<1x3x8x8xf32>) -> tensor<1x256xf32>
//   CHECK-NOT:   onnx.BatchNormalization
//   CHECK-NOT:   onnx.Identity
//   CHECK-NOT:   onnx.Shape
//   CHECK-NOT:   onnx.Gather
//   CHECK-NOT:   onnx.Concat
// The default options (tf32 on sm_89) run the convolution channels-last,
// its 3 input channels padded to 4.
//       CHECK:   %[[P:.*]] = onnx.Pad %[[X]], %{{.*}} -> tensor<1x4x8x8xf32>
//       CHECK:   %[[T:.*]] = onnx.Transpose %[[P]] {perm = array<i64: 0, 2, 3, 1>}
//       CHECK:   %[[C:.*]] = onnx.ConvNHWC %[[T]]
//       CHECK:   %[[R:.*]] = onnx.Relu %[[C]] : (tensor<1x8x8x4xf32>) -> tensor<1x8x8x4xf32>
//       CHECK:   %[[B:.*]] = onnx.Transpose %[[R]] {perm = array<i64: 0, 3, 1, 2>}
//       CHECK:   onnx.Reshape %[[B]], %{{.*}} -> tensor<1x256xf32>
//   CHECK-NOT:   tensor<?
func.func @exported_block(%x: tensor<1x3x8x8xf32>) -> tensor<?x?xf32> {
  %w0 = onnx.Constant dense<0.5> : tensor<4x3x3x3xf32>
  %w = onnx.Identity %w0 : (tensor<4x3x3x3xf32>) -> tensor<4x3x3x3xf32>
  %conv = onnx.Conv %x, %w {pads = array<i64: 1, 1, 1, 1>} : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x8x8xf32>
  %p = onnx.Constant dense<[1.0, 2.0, 3.0, 4.0]> : tensor<4xf32>
  %bn = onnx.BatchNormalization %conv, %p, %p, %p, %p : (tensor<1x4x8x8xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<1x4x8x8xf32>
  %relu = onnx.Relu %bn : (tensor<1x4x8x8xf32>) -> tensor<1x4x8x8xf32>
  %shape = onnx.Shape %relu : (tensor<1x4x8x8xf32>) -> tensor<4xi64>
  %zero = onnx.Constant dense<0> : tensor<i64>
  %n = onnx.Gather %shape, %zero : (tensor<4xi64>, tensor<i64>) -> tensor<i64>
  %axes = onnx.Constant dense<0> : tensor<1xi64>
  %n1 = onnx.Unsqueeze %n, %axes : (tensor<i64>, tensor<1xi64>) -> tensor<1xi64>
  %m1 = onnx.Constant dense<-1> : tensor<1xi64>
  %target = onnx.Concat %n1, %m1 {axis = 0 : si64} : (tensor<1xi64>, tensor<1xi64>) -> tensor<2xi64>
  %y = onnx.Reshape %relu, %target : (tensor<1x4x8x8xf32>, tensor<2xi64>) -> tensor<?x?xf32>
  return %y : tensor<?x?xf32>
}

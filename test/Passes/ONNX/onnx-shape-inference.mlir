// RUN: modelc-opt %s --split-input-file --onnx-shape-inference | FileCheck %s

/// Dimensions that are dynamic in the IR but follow from constant operands
/// become static; the function's result types follow.

// CHECK-LABEL: func.func @refines_from_constant_operands(
//  CHECK-SAME:     -> tensor<4x6xf32>
//       CHECK:   onnx.Reshape {{.*}} -> tensor<4x6xf32>
//       CHECK:   onnx.Relu {{.*}} -> tensor<4x6xf32>
func.func @refines_from_constant_operands(%x: tensor<2x3x4xf32>) -> tensor<?x?xf32> {
  %s = onnx.Constant dense<[4, -1]> : tensor<2xi64>
  %0 = onnx.Reshape %x, %s : (tensor<2x3x4xf32>, tensor<2xi64>) -> tensor<?x?xf32>
  %1 = onnx.Relu %0 : (tensor<?x?xf32>) -> tensor<?x?xf32>
  return %1 : tensor<?x?xf32>
}

// -----

/// Broadcasting fills in the static side.

// CHECK-LABEL: func.func @refines_broadcast(
//       CHECK:   onnx.Add {{.*}} -> tensor<5x3xf32>
func.func @refines_broadcast(%a: tensor<5x1xf32>, %b: tensor<3xf32>) -> tensor<?x?xf32> {
  %0 = onnx.Add %a, %b : (tensor<5x1xf32>, tensor<3xf32>) -> tensor<?x?xf32>
  return %0 : tensor<?x?xf32>
}

// -----

/// Ops with a variable number of results refine each of them.

// CHECK-LABEL: func.func @refines_split_results(
//       CHECK:   onnx.Split {{.*}} -> (tensor<2x3xf32>, tensor<2x3xf32>)
func.func @refines_split_results(%x: tensor<2x6xf32>) -> (tensor<2x?xf32>, tensor<2x?xf32>) {
  %0:2 = onnx.Split %x {axis = 1 : si64} : (tensor<2x6xf32>) -> (tensor<2x?xf32>, tensor<2x?xf32>)
  return %0#0, %0#1 : tensor<2x?xf32>, tensor<2x?xf32>
}

// -----

/// A shape operand that is not a constant leaves the dimensions unknown.

// CHECK-LABEL: func.func @negative_unknown_shape_operand(
//       CHECK:   onnx.Reshape {{.*}} -> tensor<?x?xf32>
func.func @negative_unknown_shape_operand(%x: tensor<2x3x4xf32>, %s: tensor<2xi64>) -> tensor<?x?xf32> {
  %0 = onnx.Reshape %x, %s : (tensor<2x3x4xf32>, tensor<2xi64>) -> tensor<?x?xf32>
  return %0 : tensor<?x?xf32>
}

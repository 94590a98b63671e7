// RUN: modelc-opt %s --split-input-file --onnx-dce | FileCheck %s

/// A dead chain (an unused Reshape and the Shape subgraph and constants
/// feeding it) goes in one walk; the model's interface stays.

// CHECK-LABEL: func.func @removes_dead_chain(
//  CHECK-SAME:     %[[X:.*]]: tensor<2x3xf32>, %[[UNUSED:.*]]: tensor<5xf32>)
//  CHECK-NEXT:   %[[Y:.*]] = onnx.Relu %[[X]]
//  CHECK-NEXT:   return %[[Y]]
func.func @removes_dead_chain(%x: tensor<2x3xf32>, %unused: tensor<5xf32>) -> tensor<2x3xf32> {
  %w = onnx.Constant dense<1.0> : tensor<100xf32>
  %s = onnx.Shape %x : (tensor<2x3xf32>) -> tensor<2xi64>
  %r = onnx.Reshape %x, %s : (tensor<2x3xf32>, tensor<2xi64>) -> tensor<2x3xf32>
  %d = onnx.Add %r, %r : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  %y = onnx.Relu %x : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return %y : tensor<2x3xf32>
}

// -----

/// Every op here is used: nothing changes.

// CHECK-LABEL: func.func @negative_all_used(
//       CHECK:   onnx.Constant
//       CHECK:   onnx.Add
//       CHECK:   return
func.func @negative_all_used(%x: tensor<2xf32>) -> tensor<2xf32> {
  %c = onnx.Constant dense<1.0> : tensor<2xf32>
  %y = onnx.Add %x, %c : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
  return %y : tensor<2xf32>
}

// RUN: modelc-opt %s --split-input-file --verify-diagnostics --onnx-constant-fold="max-elements=100 max-total-elements=150" | FileCheck %s

/// A constant-folding bomb: a tiny model asking for 10^10 elements stays an
/// op (computed at run time, or rejected later), with a remark.

// CHECK-LABEL: func.func @constant_of_shape_bomb(
//       CHECK:   onnx.ConstantOfShape
func.func @constant_of_shape_bomb() -> tensor<100000x100000xf32> {
  %s = onnx.Constant dense<[100000, 100000]> : tensor<2xi64>
  // expected-remark @+1 {{not constant-folded: its results hold 10000000000 elements, over the folding budget (100 per op, 150 in total)}}
  %0 = onnx.ConstantOfShape %s : (tensor<2xi64>) -> tensor<100000x100000xf32>
  return %0 : tensor<100000x100000xf32>
}

// -----

/// Each fold fits the per-op budget, but the second would exceed the total.

// CHECK-LABEL: func.func @total_budget(
//       CHECK:   onnx.Constant dense<1.000000e+00> : tensor<100xf32>
//       CHECK:   onnx.ConstantOfShape
func.func @total_budget() -> (tensor<100xf32>, tensor<100xf32>) {
  %s = onnx.Constant dense<[100]> : tensor<1xi64>
  %0 = onnx.ConstantOfShape %s {value = dense<1.0> : tensor<1xf32>} : (tensor<1xi64>) -> tensor<100xf32>
  // expected-remark @+1 {{not constant-folded: its results hold 100 elements, over the folding budget}}
  %1 = onnx.ConstantOfShape %s {value = dense<2.0> : tensor<1xf32>} : (tensor<1xi64>) -> tensor<100xf32>
  return %0, %1 : tensor<100xf32>, tensor<100xf32>
}

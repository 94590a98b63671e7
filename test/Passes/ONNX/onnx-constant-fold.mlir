// RUN: modelc-opt %s --split-input-file --onnx-constant-fold | FileCheck %s

///-----------------------------------------------------------------------------
/// Ops whose operands are all constants become constants, including chains
/// (folded in program order) and multi-result ops.
///-----------------------------------------------------------------------------

// CHECK-LABEL: func.func @folds_a_chain(
//       CHECK:   %[[C:.*]] = onnx.Constant dense<{{\[\[}}2.000000e+00, 8.000000e+00], [4.000000e+00, 1.000000e+01], [6.000000e+00, 1.200000e+01]]> : tensor<3x2xf32>
//   CHECK-NOT:   onnx.Transpose
//   CHECK-NOT:   onnx.Mul
//       CHECK:   return %[[C]]
func.func @folds_a_chain() -> tensor<3x2xf32> {
  %w = onnx.Constant dense<[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]> : tensor<2x3xf32>
  %two = onnx.Constant dense<2.0> : tensor<f32>
  %t = onnx.Transpose %w : (tensor<2x3xf32>) -> tensor<3x2xf32>
  %y = onnx.Mul %t, %two : (tensor<3x2xf32>, tensor<f32>) -> tensor<3x2xf32>
  return %y : tensor<3x2xf32>
}

// -----

// CHECK-LABEL: func.func @folds_casts_comparisons_and_where(
//       CHECK:   %[[C:.*]] = onnx.Constant dense<[0, 7, 0]> : tensor<3xi32>
//       CHECK:   return %[[C]]
func.func @folds_casts_comparisons_and_where() -> tensor<3xi32> {
  %x = onnx.Constant dense<[-1.5, 7.9, 0.2]> : tensor<3xf32>
  %i = onnx.Cast %x {to = 6 : si64} : (tensor<3xf32>) -> tensor<3xi32>
  %zero = onnx.Constant dense<0> : tensor<i32>
  %pos = onnx.Greater %i, %zero : (tensor<3xi32>, tensor<i32>) -> tensor<3xi1>
  %y = onnx.Where %pos, %i, %zero : (tensor<3xi1>, tensor<3xi32>, tensor<i32>) -> tensor<3xi32>
  return %y : tensor<3xi32>
}

// -----

// CHECK-LABEL: func.func @folds_split(
//   CHECK-DAG:   %[[A:.*]] = onnx.Constant dense<[1, 2]> : tensor<2xi64>
//   CHECK-DAG:   %[[B:.*]] = onnx.Constant dense<[3, 4, 5]> : tensor<3xi64>
//       CHECK:   return %[[A]], %[[B]]
func.func @folds_split() -> (tensor<2xi64>, tensor<3xi64>) {
  %x = onnx.Constant dense<[1, 2, 3, 4, 5]> : tensor<5xi64>
  %s = onnx.Constant dense<[2, 3]> : tensor<2xi64>
  %y:2 = onnx.Split %x, %s : (tensor<5xi64>, tensor<2xi64>) -> (tensor<2xi64>, tensor<3xi64>)
  return %y#0, %y#1 : tensor<2xi64>, tensor<3xi64>
}

// -----

/// A non-constant operand, an op the evaluator does not implement, and an
/// integer division by zero are all left alone.

// CHECK-LABEL: func.func @negative_cases(
//       CHECK:   onnx.Add
//       CHECK:   onnx.MatMul
//       CHECK:   onnx.Div
func.func @negative_cases(%x: tensor<2xf32>) -> (tensor<2xf32>, tensor<1x1xf32>, tensor<2xi32>) {
  %c = onnx.Constant dense<[1.0, 2.0]> : tensor<2xf32>
  %0 = onnx.Add %x, %c : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
  %m = onnx.Constant dense<[[3.0]]> : tensor<1x1xf32>
  %1 = onnx.MatMul %m, %m : (tensor<1x1xf32>, tensor<1x1xf32>) -> tensor<1x1xf32>
  %n = onnx.Constant dense<[4, 5]> : tensor<2xi32>
  %d = onnx.Constant dense<[2, 0]> : tensor<2xi32>
  %2 = onnx.Div %n, %d : (tensor<2xi32>, tensor<2xi32>) -> tensor<2xi32>
  return %0, %1, %2 : tensor<2xf32>, tensor<1x1xf32>, tensor<2xi32>
}

// -----

/// Results without elements are empty constants, whatever the operands; a
/// result with elements beside one without keeps the op.

// CHECK-LABEL: func.func @empty_results(
//       CHECK:   %[[E:.*]] = onnx.Constant dense<> : tensor<3x0x5xi64>
//       CHECK:   %[[S:.*]]:2 = onnx.Split
//   CHECK-NOT:   onnx.Trilu
//       CHECK:   return %[[E]], %[[S]]#0
func.func @empty_results(%x: tensor<3x0x5xi64>, %k: tensor<i64>, %v: tensor<4xf32>, %s: tensor<2xi64>) -> (tensor<3x0x5xi64>, tensor<0xf32>) {
  %0 = onnx.Trilu %x, %k {upper = 0 : si64} : (tensor<3x0x5xi64>, tensor<i64>) -> tensor<3x0x5xi64>
  %1:2 = onnx.Split %v, %s : (tensor<4xf32>, tensor<2xi64>) -> (tensor<0xf32>, tensor<4xf32>)
  return %0, %1#0 : tensor<3x0x5xi64>, tensor<0xf32>
}

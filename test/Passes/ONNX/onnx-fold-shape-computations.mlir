// RUN: modelc-opt %s --split-input-file --onnx-fold-shape-computations | FileCheck %s
// RUN: modelc-opt %s --split-input-file --onnx-fold-shape-computations=max-elements=1 | FileCheck %s --check-prefix=SMALL

///-----------------------------------------------------------------------------
/// The flatten an exporter writes as Shape -> Gather -> Unsqueeze -> Concat
/// -> Reshape becomes a Reshape by a constant, with a static result.
///-----------------------------------------------------------------------------

// CHECK-LABEL: func.func @exported_flatten(
//  CHECK-SAME:     %[[X:.*]]: tensor<2x8x3x3xf32>) -> tensor<2x72xf32>
//   CHECK-NOT:   onnx.Shape
//   CHECK-NOT:   onnx.Gather
//   CHECK-NOT:   onnx.Concat
//       CHECK:   %[[S:.*]] = onnx.Constant dense<[2, -1]> : tensor<2xi64>
//       CHECK:   %[[Y:.*]] = onnx.Reshape %[[X]], %[[S]] : (tensor<2x8x3x3xf32>, tensor<2xi64>) -> tensor<2x72xf32>
//       CHECK:   return %[[Y]] : tensor<2x72xf32>
func.func @exported_flatten(%x: tensor<2x8x3x3xf32>) -> tensor<?x?xf32> {
  %shape = onnx.Shape %x : (tensor<2x8x3x3xf32>) -> tensor<4xi64>
  %zero = onnx.Constant dense<0> : tensor<i64>
  %batch = onnx.Gather %shape, %zero : (tensor<4xi64>, tensor<i64>) -> tensor<i64>
  %axes = onnx.Constant dense<0> : tensor<1xi64>
  %b1 = onnx.Unsqueeze %batch, %axes : (tensor<i64>, tensor<1xi64>) -> tensor<1xi64>
  %minus1 = onnx.Constant dense<-1> : tensor<1xi64>
  %target = onnx.Concat %b1, %minus1 {axis = 0 : si64} : (tensor<1xi64>, tensor<1xi64>) -> tensor<2xi64>
  %y = onnx.Reshape %x, %target : (tensor<2x8x3x3xf32>, tensor<2xi64>) -> tensor<?x?xf32>
  return %y : tensor<?x?xf32>
}

// SMALL-LABEL: func.func @exported_flatten(
/// With a budget of one element, the 4-element shape tensor is not folded,
/// but the Shape query itself still is.
//   SMALL-NOT:   onnx.Shape
//       SMALL:   onnx.Concat

// -----

/// Refining one op's type makes a later Shape foldable in the same walk:
/// the Reshape's result becomes static, then its Size folds.

// CHECK-LABEL: func.func @refinement_feeds_later_folds(
//       CHECK:   %[[N:.*]] = onnx.Constant dense<24> : tensor<i64>
//       CHECK:   return %[[N]]
func.func @refinement_feeds_later_folds(%x: tensor<2x3x4xf32>) -> tensor<i64> {
  %s = onnx.Constant dense<[-1, 4]> : tensor<2xi64>
  %0 = onnx.Reshape %x, %s : (tensor<2x3x4xf32>, tensor<2xi64>) -> tensor<?x?xf32>
  %1 = onnx.Size %0 : (tensor<?x?xf32>) -> tensor<i64>
  return %1 : tensor<i64>
}

// -----

/// A Range over a folded dimension (position ids in transformers).

// CHECK-LABEL: func.func @range_over_dimension(
//       CHECK:   %[[R:.*]] = onnx.Constant dense<[0, 1, 2, 3, 4]> : tensor<5xi64>
//       CHECK:   return %[[R]] : tensor<5xi64>
func.func @range_over_dimension(%ids: tensor<1x5xi64>) -> tensor<?xi64> {
  %shape = onnx.Shape %ids {start = 1 : si64} : (tensor<1x5xi64>) -> tensor<1xi64>
  %axes = onnx.Constant dense<0> : tensor<1xi64>
  %len = onnx.Squeeze %shape, %axes : (tensor<1xi64>, tensor<1xi64>) -> tensor<i64>
  %zero = onnx.Constant dense<0> : tensor<i64>
  %one = onnx.Constant dense<1> : tensor<i64>
  %r = onnx.Range %zero, %len, %one : (tensor<i64>, tensor<i64>, tensor<i64>) -> tensor<?xi64>
  return %r : tensor<?xi64>
}

// -----

/// The shape of a dynamic tensor is only known at run time.

// CHECK-LABEL: func.func @negative_dynamic_input(
//       CHECK:   onnx.Shape
//       CHECK:   onnx.Reshape {{.*}} -> tensor<?x?xf32>
func.func @negative_dynamic_input(%x: tensor<?x8xf32>) -> tensor<?x?xf32> {
  %shape = onnx.Shape %x : (tensor<?x8xf32>) -> tensor<2xi64>
  %y = onnx.Reshape %x, %shape : (tensor<?x8xf32>, tensor<2xi64>) -> tensor<?x?xf32>
  return %y : tensor<?x?xf32>
}

// RUN: modelc-opt %s --split-input-file --onnx-remove-identities | FileCheck %s

// CHECK-LABEL: func.func @removes_identity_and_dropout(
//  CHECK-SAME:     %[[X:.*]]: tensor<4xf32>)
//   CHECK-NOT:   onnx.Identity
//   CHECK-NOT:   onnx.Dropout
//       CHECK:   %[[Y:.*]] = onnx.Relu %[[X]]
//       CHECK:   return %[[Y]]
func.func @removes_identity_and_dropout(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = onnx.Identity %x : (tensor<4xf32>) -> tensor<4xf32>
  %r = onnx.Constant dense<0.5> : tensor<f32>
  %1 = onnx.Dropout %0 ratio %r : (tensor<4xf32>, tensor<f32>) -> tensor<4xf32>
  %2 = onnx.Relu %1 : (tensor<4xf32>) -> tensor<4xf32>
  return %2 : tensor<4xf32>
}

// -----

/// A used mask becomes all-true; a constant false training_mode is inference.

// CHECK-LABEL: func.func @dropout_mask_becomes_true(
//  CHECK-SAME:     %[[X:.*]]: tensor<4xf32>)
//       CHECK:   %[[M:.*]] = onnx.Constant dense<true> : tensor<4xi1>
//   CHECK-NOT:   onnx.Dropout
//       CHECK:   return %[[X]], %[[M]]
func.func @dropout_mask_becomes_true(%x: tensor<4xf32>) -> (tensor<4xf32>, tensor<4xi1>) {
  %train = onnx.Constant dense<false> : tensor<i1>
  %0, %mask = onnx.Dropout %x training_mode %train : (tensor<4xf32>, tensor<i1>) -> (tensor<4xf32>, tensor<4xi1>)
  return %0, %mask : tensor<4xf32>, tensor<4xi1>
}

// -----

/// A training_mode known only at run time may be true: keep the op.

// CHECK-LABEL: func.func @negative_runtime_training_mode(
//       CHECK:   onnx.Dropout
func.func @negative_runtime_training_mode(%x: tensor<4xf32>, %train: tensor<i1>) -> tensor<4xf32> {
  %0 = onnx.Dropout %x training_mode %train : (tensor<4xf32>, tensor<i1>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

/// An Identity whose result type is more static than its operand's carries
/// information; it stays until shape inference has made the types equal.

// CHECK-LABEL: func.func @negative_identity_refining_type(
//       CHECK:   onnx.Identity
func.func @negative_identity_refining_type(%x: tensor<?xf32>) -> tensor<4xf32> {
  %0 = onnx.Identity %x : (tensor<?xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

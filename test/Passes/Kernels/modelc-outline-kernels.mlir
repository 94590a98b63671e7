// RUN: modelc-opt %s --split-input-file --modelc-outline-kernels | FileCheck %s

/// Each kernel becomes a function of the nested module @kernels, marked
/// modelc.kernel, and a launch of it.

// CHECK-LABEL: func.func @two_kernels(
//  CHECK-SAME:     %[[X:.*]]: tensor<4xf32>
//       CHECK:   %[[A:.*]] = modelc.launch @kernels::@k0_Neg(%[[X]]) : (tensor<4xf32>) -> tensor<4xf32>
//       CHECK:   %[[B:.*]] = modelc.launch @kernels::@k1_Add(%[[A]], %[[X]]) : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
//       CHECK:   return %[[B]]
//       CHECK: module @kernels {
//       CHECK:   func.func @k0_Neg(%[[P:.*]]: tensor<4xf32>) -> tensor<4xf32> attributes {modelc.kernel} {
//  CHECK-NEXT:     %[[N:.*]] = onnx.Neg %[[P]]
//  CHECK-NEXT:     return %[[N]]
//       CHECK:   func.func @k1_Add(%{{.*}}: tensor<4xf32>, %{{.*}}: tensor<4xf32>) -> tensor<4xf32> attributes {modelc.kernel}
//   CHECK-NOT: modelc.kernel "
func.func @two_kernels(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = modelc.kernel "k0_Neg" (%x) : (tensor<4xf32>) -> tensor<4xf32> {
  ^bb0(%a: tensor<4xf32>):
    %n = onnx.Neg %a : (tensor<4xf32>) -> tensor<4xf32>
    modelc.yield %n : tensor<4xf32>
  }
  %1 = modelc.kernel "k1_Add" (%0, %x) : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32> {
  ^bb0(%a: tensor<4xf32>, %b: tensor<4xf32>):
    %s = onnx.Add %a, %b : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
    modelc.yield %s : tensor<4xf32>
  }
  return %1 : tensor<4xf32>
}

// -----

/// An existing kernels module is reused; a taken name is made unique.

// CHECK-LABEL: func.func @name_taken(
//       CHECK:   modelc.launch @kernels::@[[NAME:k0_Neg_[0-9]+]](
//       CHECK: module @kernels {
//       CHECK:   func.func private @k0_Neg(
//       CHECK:   func.func @[[NAME]](
//   CHECK-NOT: module @kernels
func.func @name_taken(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = modelc.kernel "k0_Neg" (%x) : (tensor<4xf32>) -> tensor<4xf32> {
  ^bb0(%a: tensor<4xf32>):
    %n = onnx.Neg %a : (tensor<4xf32>) -> tensor<4xf32>
    modelc.yield %n : tensor<4xf32>
  }
  return %0 : tensor<4xf32>
}
module @kernels {
  func.func private @k0_Neg(tensor<4xf32>) -> tensor<4xf32>
}

// -----

/// No kernels: no kernels module.

// CHECK-LABEL: func.func @nothing(
//   CHECK-NOT: module @kernels
func.func @nothing(%x: tensor<4xf32>) -> tensor<4xf32> {
  return %x : tensor<4xf32>
}

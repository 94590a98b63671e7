// RUN: modelc-opt %s --split-input-file --convert-onnx-to-linalg | FileCheck %s

// CHECK-LABEL: func.func @reduce_max(
//       CHECK:   linalg.fill ins(%{{.*}} : f32) outs(%{{.*}} : tensor<2x1xf32>)
//       CHECK:   linalg.generic {{.*}} iterator_types = ["parallel", "reduction"]
//       CHECK:     arith.maximumf
func.func @reduce_max(%x: tensor<2x3xf32>) -> tensor<2x1xf32> {
  %0 = onnx.ReduceMax %x {axes = array<i64: 1>} : (tensor<2x3xf32>) -> tensor<2x1xf32>
  return %0 : tensor<2x1xf32>
}

// -----

/// Softmax subtracts the row maximum before exponentiating.

// CHECK-LABEL: func.func @softmax(
//       CHECK:   %[[MAX:.*]] = linalg.generic {{.*}} iterator_types = ["parallel", "reduction"]
//       CHECK:     arith.maximumf
//       CHECK:   %[[SHIFTED:.*]] = linalg.generic
//  CHECK-SAME:     ins(%{{.*}}, %[[MAX]] : tensor<2x3xf32>, tensor<2x1xf32>)
//       CHECK:     arith.subf
//       CHECK:   %[[SUM:.*]] = linalg.generic {{.*}} iterator_types = ["parallel", "reduction"]
//       CHECK:     math.exp
//       CHECK:   linalg.generic
//  CHECK-SAME:     ins(%[[SHIFTED]], %[[SUM]] : tensor<2x3xf32>, tensor<2x1xf32>)
//       CHECK:     math.exp
//       CHECK:     arith.divf
func.func @softmax(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %0 = onnx.Softmax %x : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

/// ArgMax keeps the first maximum: the index is replaced only when strictly
/// greater (or still unset).

// CHECK-LABEL: func.func @argmax(
//       CHECK:   %[[R:.*]]:2 = linalg.generic
//       CHECK:     linalg.index 1
//       CHECK:     arith.cmpf ogt
//       CHECK:   return %[[R]]#1
func.func @argmax(%x: tensor<2x3xf32>) -> tensor<2x1xi64> {
  %0 = onnx.ArgMax %x {axis = 1 : si64} : (tensor<2x3xf32>) -> tensor<2x1xi64>
  return %0 : tensor<2x1xi64>
}

// -----

/// TopK ranks each element with nested loops; linalg.index is read once at
/// the top of the body (it may not appear inside the loops).

// CHECK-LABEL: func.func @topk(
//       CHECK:   linalg.generic
//       CHECK:     linalg.index 0
//       CHECK:     linalg.index 1
//       CHECK:     scf.for
//   CHECK-NOT:       linalg.index
//       CHECK:       scf.for
//   CHECK-NOT:         linalg.index
//       CHECK:         arith.cmpf ogt
func.func @topk(%x: tensor<3x4xf32>) -> (tensor<3x2xf32>, tensor<3x2xi64>) {
  %k = onnx.Constant dense<2> : tensor<1xi64>
  %0:2 = onnx.TopK %x, %k {axis = 1 : si64} : (tensor<3x4xf32>, tensor<1xi64>) -> (tensor<3x2xf32>, tensor<3x2xi64>)
  return %0#0, %0#1 : tensor<3x2xf32>, tensor<3x2xi64>
}

// -----

/// CumSum with its axis read at run time: clamped, then selected per
/// dimension.

// CHECK-LABEL: func.func @cumsum_runtime_axis(
//       CHECK:   linalg.generic
//       CHECK:     tensor.extract %{{.*}}[] : tensor<i32>
//       CHECK:     arith.minsi
//       CHECK:     arith.maxsi
//       CHECK:     scf.for
//       CHECK:       arith.select
//       CHECK:       tensor.extract
//       CHECK:       arith.addf
func.func @cumsum_runtime_axis(%x: tensor<2x3xf32>, %axis: tensor<i32>) -> tensor<2x3xf32> {
  %0 = onnx.CumSum %x, %axis : (tensor<2x3xf32>, tensor<i32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

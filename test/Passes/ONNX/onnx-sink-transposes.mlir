// RUN: modelc-opt %s --split-input-file --pass-pipeline="builtin.module(func.func(onnx-sink-transposes))" | FileCheck %s

// A batch-first transformer layer's residual block, as torch exports it:
// the attention output comes back from (sequence, batch) through a
// transpose, is added to the layer input (whose transpose to (sequence,
// batch) the attention already read), normalized, multiplied by a weight
// with a bias and an activation, and the next layer transposes the result
// to (sequence, batch) again. The transpose back sinks through all of it
// (the Add reads the input's existing transpose) and cancels with the
// next layer's: no transpose is left but the one the attention reads.
// CHECK-LABEL: func.func @residual_block(
//  CHECK-SAME:   %[[X:.*]]: tensor<2x3x4xf32>, %[[ATTN:.*]]: tensor<3x2x4xf32>, %[[S:.*]]: tensor<4xf32>, %[[W:.*]]: tensor<4x8xf32>, %[[B:.*]]: tensor<8xf32>)
//       CHECK:   %[[XT:.*]] = onnx.Transpose %[[X]] {perm = array<i64: 1, 0, 2>}
//       CHECK:   %[[SUM:.*]] = onnx.Add %[[XT]], %[[ATTN]] : (tensor<3x2x4xf32>, tensor<3x2x4xf32>) -> tensor<3x2x4xf32>
//       CHECK:   %[[N:.*]] = onnx.LayerNormalization %[[SUM]], %[[S]] {{.*}} -> tensor<3x2x4xf32>
//       CHECK:   %[[M:.*]] = onnx.MatMul %[[N]], %[[W]] : {{.*}} -> tensor<3x2x8xf32>
//       CHECK:   %[[MB:.*]] = onnx.Add %[[M]], %[[B]] : {{.*}} -> tensor<3x2x8xf32>
//       CHECK:   %[[R:.*]] = onnx.Relu %[[MB]] : {{.*}} -> tensor<3x2x8xf32>
//       CHECK:   return %[[XT]], %[[R]]
//   CHECK-NOT:   onnx.Transpose
func.func @residual_block(%x: tensor<2x3x4xf32>, %attn: tensor<3x2x4xf32>, %s: tensor<4xf32>, %w: tensor<4x8xf32>, %b: tensor<8xf32>) -> (tensor<3x2x4xf32>, tensor<3x2x8xf32>) {
  %xt = onnx.Transpose %x {perm = array<i64: 1, 0, 2>} : (tensor<2x3x4xf32>) -> tensor<3x2x4xf32>
  %back = onnx.Transpose %attn {perm = array<i64: 1, 0, 2>} : (tensor<3x2x4xf32>) -> tensor<2x3x4xf32>
  %sum = onnx.Add %x, %back : (tensor<2x3x4xf32>, tensor<2x3x4xf32>) -> tensor<2x3x4xf32>
  %n = onnx.LayerNormalization %sum, %s {resultSegmentSizes = array<i32: 1, 0, 0>} : (tensor<2x3x4xf32>, tensor<4xf32>) -> tensor<2x3x4xf32>
  %m = onnx.MatMul %n, %w : (tensor<2x3x4xf32>, tensor<4x8xf32>) -> tensor<2x3x8xf32>
  %mb = onnx.Add %m, %b : (tensor<2x3x8xf32>, tensor<8xf32>) -> tensor<2x3x8xf32>
  %r = onnx.Relu %mb : (tensor<2x3x8xf32>) -> tensor<2x3x8xf32>
  %next = onnx.Transpose %r {perm = array<i64: 1, 0, 2>} : (tensor<2x3x8xf32>) -> tensor<3x2x8xf32>
  return %xt, %next : tensor<3x2x4xf32>, tensor<3x2x8xf32>
}

// -----

// Sunk to the function's result: a transpose of the 4-wide input becomes
// one of the 4-wide result, the same bytes, so nothing moves. Below a
// widening MatMul (4 -> 8) it would copy more: nothing moves either.
// CHECK-LABEL: func.func @no_gain(
//       CHECK:   %[[T:.*]] = onnx.Transpose %{{.*}} {perm = array<i64: 1, 0, 2>}
//       CHECK:   onnx.Relu %[[T]]
//       CHECK:   onnx.MatMul %[[T]]
func.func @no_gain(%x: tensor<3x2x4xf32>, %w: tensor<4x8xf32>) -> (tensor<2x3x4xf32>, tensor<2x3x8xf32>) {
  %t = onnx.Transpose %x {perm = array<i64: 1, 0, 2>} : (tensor<3x2x4xf32>) -> tensor<2x3x4xf32>
  %r = onnx.Relu %t : (tensor<2x3x4xf32>) -> tensor<2x3x4xf32>
  %m = onnx.MatMul %t, %w : (tensor<2x3x4xf32>, tensor<4x8xf32>) -> tensor<2x3x8xf32>
  return %r, %m : tensor<2x3x4xf32>, tensor<2x3x8xf32>
}

// -----

// Refused: the Add's other operand has no transpose back to read (one
// would have to be copied), a LayerNormalization over a moved dimension,
// and a MatMul whose reduced dimension the transpose moves. Each
// transpose stays.
// CHECK-LABEL: func.func @refused(
//   CHECK-COUNT-4: onnx.Transpose
//   CHECK-NOT: onnx.Transpose
func.func @refused(%a: tensor<3x2x4xf32>, %y: tensor<2x3x4xf32>, %s: tensor<3xf32>, %w: tensor<2x5xf32>) -> (tensor<2x3x4xf32>, tensor<2x4x3xf32>, tensor<4x3x5xf32>, tensor<3x2x4xf32>) {
  %t = onnx.Transpose %a {perm = array<i64: 1, 0, 2>} : (tensor<3x2x4xf32>) -> tensor<2x3x4xf32>
  %sum = onnx.Add %t, %y : (tensor<2x3x4xf32>, tensor<2x3x4xf32>) -> tensor<2x3x4xf32>
  %u = onnx.Transpose %a {perm = array<i64: 1, 2, 0>} : (tensor<3x2x4xf32>) -> tensor<2x4x3xf32>
  %n = onnx.LayerNormalization %u, %s {resultSegmentSizes = array<i32: 1, 0, 0>} : (tensor<2x4x3xf32>, tensor<3xf32>) -> tensor<2x4x3xf32>
  %v = onnx.Transpose %a {perm = array<i64: 2, 0, 1>} : (tensor<3x2x4xf32>) -> tensor<4x3x2xf32>
  %m = onnx.MatMul %v, %w : (tensor<4x3x2xf32>, tensor<2x5xf32>) -> tensor<4x3x5xf32>
  %back = onnx.Transpose %sum {perm = array<i64: 1, 0, 2>} : (tensor<2x3x4xf32>) -> tensor<3x2x4xf32>
  return %sum, %n, %m, %back : tensor<2x3x4xf32>, tensor<2x4x3xf32>, tensor<4x3x5xf32>, tensor<3x2x4xf32>
}

// RUN: modelc-opt %s --split-input-file --canonicalize | FileCheck %s

///-----------------------------------------------------------------------------
/// [Pattern: FoldTransposeIntoGemm]
///
/// IN:  onnx.Gemm (onnx.Transpose %X), %B
/// OUT: onnx.Gemm %X, %B {transA = 1}      (the transpose becomes dead)
///-----------------------------------------------------------------------------

// CHECK-LABEL: func.func @gemm_transposed_a_folds_into_trans_a(
//  CHECK-SAME:     %[[X:.*]]: tensor<8x4xf32>,
//  CHECK-SAME:     %[[B:.*]]: tensor<8x16xf32>)
//   CHECK-NOT:   onnx.Transpose
//       CHECK:   %[[Y:.*]] = onnx.Gemm %[[X]], %[[B]] {transA = 1 : si64}
//       CHECK:   return %[[Y]]
func.func @gemm_transposed_a_folds_into_trans_a(%X: tensor<8x4xf32>,
    %B: tensor<8x16xf32>) -> tensor<4x16xf32> {
  %A = onnx.Transpose %X {perm = array<i64: 1, 0>} : (tensor<8x4xf32>) -> tensor<4x8xf32>
  %Y = onnx.Gemm %A, %B : (tensor<4x8xf32>, tensor<8x16xf32>) -> tensor<4x16xf32>
  return %Y : tensor<4x16xf32>
}

// -----

/// A transposed B that is already transposed flips back: transB 1 -> 0.

// CHECK-LABEL: func.func @gemm_transposed_b_flips_trans_b(
//  CHECK-SAME:     %[[A:.*]]: tensor<4x8xf32>, %[[W:.*]]: tensor<8x16xf32>)
//   CHECK-NOT:   onnx.Transpose
//       CHECK:   onnx.Gemm %[[A]], %[[W]] :
func.func @gemm_transposed_b_flips_trans_b(%A: tensor<4x8xf32>,
    %W: tensor<8x16xf32>) -> tensor<4x16xf32> {
  %B = onnx.Transpose %W : (tensor<8x16xf32>) -> tensor<16x8xf32>
  %Y = onnx.Gemm %A, %B {transB = 1 : si64} : (tensor<4x8xf32>, tensor<16x8xf32>) -> tensor<4x16xf32>
  return %Y : tensor<4x16xf32>
}

// -----

/// An identity permutation is not a transpose: the Transpose folds away by
/// itself and Gemm keeps its flags.

// CHECK-LABEL: func.func @negative_gemm_identity_transpose_not_folded_into_flag(
//   CHECK-NOT:   onnx.Transpose
//       CHECK:   onnx.Gemm
//   CHECK-NOT:   transA
func.func @negative_gemm_identity_transpose_not_folded_into_flag(%X: tensor<4x8xf32>,
    %B: tensor<8x16xf32>) -> tensor<4x16xf32> {
  %A = onnx.Transpose %X {perm = array<i64: 0, 1>} : (tensor<4x8xf32>) -> tensor<4x8xf32>
  %Y = onnx.Gemm %A, %B : (tensor<4x8xf32>, tensor<8x16xf32>) -> tensor<4x16xf32>
  return %Y : tensor<4x16xf32>
}

// -----

///-----------------------------------------------------------------------------
/// [Pattern: FoldReshapeOfReshape]
///
/// IN:  onnx.Reshape (onnx.Reshape %x, %s1), %s2
/// OUT: onnx.Reshape %x, %s2               (when %s2 copies no dimension)
///-----------------------------------------------------------------------------

// CHECK-LABEL: func.func @reshape_of_reshape(
//  CHECK-SAME:     %[[X:.*]]: tensor<2x3x4xf32>)
//       CHECK:   %[[S2:.*]] = onnx.Constant dense<[4, 6]>
//       CHECK:   %[[Y:.*]] = onnx.Reshape %[[X]], %[[S2]]
//       CHECK:   return %[[Y]]
func.func @reshape_of_reshape(%x: tensor<2x3x4xf32>) -> tensor<4x6xf32> {
  %s1 = onnx.Constant dense<[6, 4]> : tensor<2xi64>
  %s2 = onnx.Constant dense<[4, 6]> : tensor<2xi64>
  %0 = onnx.Reshape %x, %s1 : (tensor<2x3x4xf32>, tensor<2xi64>) -> tensor<6x4xf32>
  %1 = onnx.Reshape %0, %s2 : (tensor<6x4xf32>, tensor<2xi64>) -> tensor<4x6xf32>
  return %1 : tensor<4x6xf32>
}

// -----

/// A 0 in the outer shape copies a dimension of the inner result, which
/// differs from the input's: folding would change the meaning.

// CHECK-LABEL: func.func @negative_reshape_of_reshape_copying_dims(
//       CHECK:   onnx.Reshape
//       CHECK:   onnx.Reshape
func.func @negative_reshape_of_reshape_copying_dims(%x: tensor<2x3x4xf32>) -> tensor<6x2x2xf32> {
  %s1 = onnx.Constant dense<[6, 4]> : tensor<2xi64>
  %s2 = onnx.Constant dense<[0, 2, 2]> : tensor<3xi64>
  %0 = onnx.Reshape %x, %s1 : (tensor<2x3x4xf32>, tensor<2xi64>) -> tensor<6x4xf32>
  %1 = onnx.Reshape %0, %s2 : (tensor<6x4xf32>, tensor<3xi64>) -> tensor<6x2x2xf32>
  return %1 : tensor<6x2x2xf32>
}

// -----

///-----------------------------------------------------------------------------
/// [Pattern: FoldTransposeOfTranspose]
///
/// IN:  onnx.Transpose (onnx.Transpose %x, p1), p2
/// OUT: onnx.Transpose %x, p1[p2[i]]        (identity: folds away entirely)
///-----------------------------------------------------------------------------

// CHECK-LABEL: func.func @transpose_of_transpose(
//  CHECK-SAME:     %[[X:.*]]: tensor<2x3x4xf32>)
//       CHECK:   %[[Y:.*]] = onnx.Transpose %[[X]] {perm = array<i64: 2, 1, 0>}
//       CHECK:   return %[[Y]]
func.func @transpose_of_transpose(%x: tensor<2x3x4xf32>) -> tensor<4x3x2xf32> {
  %0 = onnx.Transpose %x {perm = array<i64: 1, 0, 2>} : (tensor<2x3x4xf32>) -> tensor<3x2x4xf32>
  %1 = onnx.Transpose %0 {perm = array<i64: 2, 0, 1>} : (tensor<3x2x4xf32>) -> tensor<4x3x2xf32>
  return %1 : tensor<4x3x2xf32>
}

// -----

// CHECK-LABEL: func.func @transpose_pair_cancels(
//  CHECK-SAME:     %[[X:.*]]: tensor<2x3xf32>)
//   CHECK-NOT:   onnx.Transpose
//       CHECK:   return %[[X]]
func.func @transpose_pair_cancels(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %0 = onnx.Transpose %x : (tensor<2x3xf32>) -> tensor<3x2xf32>
  %1 = onnx.Transpose %0 : (tensor<3x2xf32>) -> tensor<2x3xf32>
  return %1 : tensor<2x3xf32>
}

// -----

///-----------------------------------------------------------------------------
/// [Pattern: TransposeOfUnitDimsToReshape]
///
/// IN:  onnx.Transpose %x, p     (p moves only dimensions of size 1)
/// OUT: onnx.Reshape %x, shape   (a view: no kernel)
///-----------------------------------------------------------------------------

// A sequence-first encoder's transpose at batch 1.
// CHECK-LABEL: func.func @transpose_of_unit_dims(
//  CHECK-SAME:     %[[X:.*]]: tensor<128x1x768xf32>)
//       CHECK:   %[[S:.*]] = onnx.Constant dense<[1, 128, 768]> : tensor<3xi64>
//       CHECK:   %[[Y:.*]] = onnx.Reshape %[[X]], %[[S]] : (tensor<128x1x768xf32>, tensor<3xi64>) -> tensor<1x128x768xf32>
//       CHECK:   return %[[Y]]
func.func @transpose_of_unit_dims(%x: tensor<128x1x768xf32>) -> tensor<1x128x768xf32> {
  %0 = onnx.Transpose %x {perm = array<i64: 1, 0, 2>} : (tensor<128x1x768xf32>) -> tensor<1x128x768xf32>
  return %0 : tensor<1x128x768xf32>
}

// -----

// Dimensions larger than 1 that change order: a real transpose.
// CHECK-LABEL: func.func @transpose_moves_data(
//   CHECK-NOT:   onnx.Reshape
//       CHECK:   onnx.Transpose
func.func @transpose_moves_data(%x: tensor<128x2x768xf32>) -> tensor<2x128x768xf32> {
  %0 = onnx.Transpose %x {perm = array<i64: 1, 0, 2>} : (tensor<128x2x768xf32>) -> tensor<2x128x768xf32>
  return %0 : tensor<2x128x768xf32>
}

// -----

// The default permutation (reversed) of 1 x 1 x 5.
// CHECK-LABEL: func.func @transpose_default_perm(
//       CHECK:   onnx.Reshape {{.*}} -> tensor<5x1x1xf32>
//   CHECK-NOT:   onnx.Transpose
func.func @transpose_default_perm(%x: tensor<1x1x5xf32>) -> tensor<5x1x1xf32> {
  %0 = onnx.Transpose %x : (tensor<1x1x5xf32>) -> tensor<5x1x1xf32>
  return %0 : tensor<5x1x1xf32>
}

// -----

///-----------------------------------------------------------------------------
/// [Folders] Ops that do nothing fold to their operand; Shape and Size of a
/// static tensor fold to constants.
///-----------------------------------------------------------------------------

// CHECK-LABEL: func.func @no_op_folders(
//  CHECK-SAME:     %[[X:.*]]: tensor<2x3xf32>)
//   CHECK-NOT:   onnx.Reshape
//   CHECK-NOT:   onnx.Concat
//   CHECK-NOT:   onnx.Expand
//   CHECK-NOT:   onnx.Flatten
//       CHECK:   return %[[X]], %[[X]], %[[X]], %[[X]]
func.func @no_op_folders(%x: tensor<2x3xf32>) -> (tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>) {
  %s = onnx.Constant dense<[2, 3]> : tensor<2xi64>
  %0 = onnx.Reshape %x, %s : (tensor<2x3xf32>, tensor<2xi64>) -> tensor<2x3xf32>
  %1 = onnx.Concat %0 {axis = 0 : si64} : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %2 = onnx.Expand %1, %s : (tensor<2x3xf32>, tensor<2xi64>) -> tensor<2x3xf32>
  %3 = onnx.Flatten %2 : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return %0, %1, %2, %3 : tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>
}

// -----

// CHECK-LABEL: func.func @shape_and_size_of_static_tensor(
//   CHECK-DAG:   %[[S:.*]] = onnx.Constant dense<[3, 4]> : tensor<2xi64>
//   CHECK-DAG:   %[[N:.*]] = onnx.Constant dense<24> : tensor<i64>
//   CHECK-NOT:   onnx.Shape
//   CHECK-NOT:   onnx.Size
//       CHECK:   return %[[S]], %[[N]]
func.func @shape_and_size_of_static_tensor(%x: tensor<2x3x4xf32>) -> (tensor<2xi64>, tensor<i64>) {
  %0 = onnx.Shape %x {start = 1 : si64} : (tensor<2x3x4xf32>) -> tensor<2xi64>
  %1 = onnx.Size %x : (tensor<2x3x4xf32>) -> tensor<i64>
  return %0, %1 : tensor<2xi64>, tensor<i64>
}

// -----

/// The shape of a tensor with a dynamic dimension is not a constant.

// CHECK-LABEL: func.func @negative_shape_of_dynamic_tensor(
//       CHECK:   onnx.Shape
//       CHECK:   onnx.Size
func.func @negative_shape_of_dynamic_tensor(%x: tensor<?x4xf32>) -> (tensor<2xi64>, tensor<i64>) {
  %0 = onnx.Shape %x : (tensor<?x4xf32>) -> tensor<2xi64>
  %1 = onnx.Size %x : (tensor<?x4xf32>) -> tensor<i64>
  return %0, %1 : tensor<2xi64>, tensor<i64>
}

// -----

/// A residual Add of a reshaped Gemm runs in the Gemm's shape (the residual
/// reshaped, a view), so that it joins the Gemm's kernel; the sum is
/// reshaped back.
// CHECK-LABEL: func.func @add_of_reshaped_gemm(
//  CHECK-SAME:   %[[X:.*]]: tensor<4x2x8xf32>, %[[A:.*]]: tensor<8x8xf32>, %[[W:.*]]: tensor<8x8xf32>, %[[B:.*]]: tensor<8xf32>)
//       CHECK:   %[[G:.*]] = onnx.Gemm %[[A]], %[[W]], %[[B]]
//       CHECK:   %[[R:.*]] = onnx.Reshape %[[X]], %{{.*}} : (tensor<4x2x8xf32>, tensor<2xi64>) -> tensor<8x8xf32>
//       CHECK:   %[[S:.*]] = onnx.Add %[[R]], %[[G]] : (tensor<8x8xf32>, tensor<8x8xf32>) -> tensor<8x8xf32>
//       CHECK:   %[[Y:.*]] = onnx.Reshape %[[S]], %{{.*}} : (tensor<8x8xf32>, tensor<3xi64>) -> tensor<4x2x8xf32>
//       CHECK:   return %[[Y]]
func.func @add_of_reshaped_gemm(%x: tensor<4x2x8xf32>, %a: tensor<8x8xf32>, %w: tensor<8x8xf32>, %b: tensor<8xf32>) -> tensor<4x2x8xf32> {
  %s = onnx.Constant dense<[4, 2, 8]> : tensor<3xi64>
  %g = onnx.Gemm %a, %w, %b {transB = 1 : si64} : (tensor<8x8xf32>, tensor<8x8xf32>, tensor<8xf32>) -> tensor<8x8xf32>
  %r = onnx.Reshape %g, %s : (tensor<8x8xf32>, tensor<3xi64>) -> tensor<4x2x8xf32>
  %y = onnx.Add %x, %r : (tensor<4x2x8xf32>, tensor<4x2x8xf32>) -> tensor<4x2x8xf32>
  return %y : tensor<4x2x8xf32>
}

// -----

/// Left alone: a broadcast residual and a product added to itself (the
/// reshape has two uses). Two reshaped products, the first also used
/// elsewhere: the second's Add moves and the first's reshape folds away.
// CHECK-LABEL: func.func @add_of_reshaped_product_kept(
//       CHECK:   %[[G1:.*]] = onnx.MatMul
//       CHECK:   %[[R1:.*]] = onnx.Reshape %[[G1]]
//       CHECK:   onnx.Add %{{.*}}, %[[R1]] : (tensor<1x2x8xf32>, tensor<4x2x8xf32>)
//       CHECK:   %[[G2:.*]] = onnx.MatMul
//       CHECK:   %[[R2:.*]] = onnx.Reshape %[[G2]]
//       CHECK:   onnx.Add %[[R2]], %[[R2]] : (tensor<4x2x8xf32>, tensor<4x2x8xf32>)
//       CHECK:   %[[G3:.*]] = onnx.MatMul
//       CHECK:   %[[G4:.*]] = onnx.MatMul
//       CHECK:   %[[S:.*]] = onnx.Add %[[G3]], %[[G4]] : (tensor<8x8xf32>, tensor<8x8xf32>)
//       CHECK:   %[[Y:.*]] = onnx.Reshape %[[S]]
//       CHECK:   return %{{.*}}, %{{.*}}, %[[G3]], %[[Y]]
func.func @add_of_reshaped_product_kept(%x: tensor<1x2x8xf32>, %a: tensor<8x8xf32>, %w: tensor<8x8xf32>) -> (tensor<4x2x8xf32>, tensor<4x2x8xf32>, tensor<8x8xf32>, tensor<4x2x8xf32>) {
  %s = onnx.Constant dense<[4, 2, 8]> : tensor<3xi64>
  %g1 = onnx.MatMul %a, %w : (tensor<8x8xf32>, tensor<8x8xf32>) -> tensor<8x8xf32>
  %r1 = onnx.Reshape %g1, %s : (tensor<8x8xf32>, tensor<3xi64>) -> tensor<4x2x8xf32>
  %y1 = onnx.Add %x, %r1 : (tensor<1x2x8xf32>, tensor<4x2x8xf32>) -> tensor<4x2x8xf32>
  %g2 = onnx.MatMul %w, %a : (tensor<8x8xf32>, tensor<8x8xf32>) -> tensor<8x8xf32>
  %r2 = onnx.Reshape %g2, %s : (tensor<8x8xf32>, tensor<3xi64>) -> tensor<4x2x8xf32>
  %y2 = onnx.Add %r2, %r2 : (tensor<4x2x8xf32>, tensor<4x2x8xf32>) -> tensor<4x2x8xf32>
  %g3 = onnx.MatMul %a, %a : (tensor<8x8xf32>, tensor<8x8xf32>) -> tensor<8x8xf32>
  %r3 = onnx.Reshape %g3, %s : (tensor<8x8xf32>, tensor<3xi64>) -> tensor<4x2x8xf32>
  %g4 = onnx.MatMul %w, %w : (tensor<8x8xf32>, tensor<8x8xf32>) -> tensor<8x8xf32>
  %r4 = onnx.Reshape %g4, %s : (tensor<8x8xf32>, tensor<3xi64>) -> tensor<4x2x8xf32>
  %y3 = onnx.Add %r3, %r4 : (tensor<4x2x8xf32>, tensor<4x2x8xf32>) -> tensor<4x2x8xf32>
  return %y1, %y2, %g3, %y3 : tensor<4x2x8xf32>, tensor<4x2x8xf32>, tensor<8x8xf32>, tensor<4x2x8xf32>
}

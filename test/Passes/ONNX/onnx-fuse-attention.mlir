// RUN: modelc-opt %s --split-input-file --pass-pipeline="builtin.module(func.func(onnx-fuse-attention))" | FileCheck %s
// RUN: modelc-opt %s --split-input-file --pass-pipeline="builtin.module(func.func(onnx-fuse-attention,canonicalize))" | FileCheck %s --check-prefix=CANON
// RUN: modelc-opt %s --split-input-file --pass-pipeline="builtin.module(func.func(onnx-fuse-attention{sequence-multiple=64 feature-multiple=16 max-features=112}))" | FileCheck %s --check-prefix=LIMITS

// With a target's limits (CUDA's fused kernel: 64-row blocks, features
// multiples of 16 up to 112) only @fits is fused: @heads_first has 96 keys,
// the others 16 or fewer rows.
// LIMITS-LABEL: func.func @heads_first(
//   LIMITS-NOT:   onnx.FusedAttention
//       LIMITS:   return
// LIMITS-LABEL: func.func @fits(
//       LIMITS:   onnx.FusedAttention
// LIMITS-LABEL: func.func @too_many_features(
//   LIMITS-NOT:   onnx.FusedAttention
//       LIMITS:   return

// Heads first: Q scaled by a Div, K^T a transpose of the last two
// dimensions. The subgraph, the transpose and the scale are gone.
// CHECK-LABEL: func.func @heads_first(
//  CHECK-SAME:   %[[Q:.*]]: tensor<12x128x64xf16>, %[[K:.*]]: tensor<12x96x64xf16>, %[[V:.*]]: tensor<12x96x32xf16>)
//       CHECK:   %[[Y:.*]] = onnx.FusedAttention %[[Q]], %[[K]], %[[V]] {scale = 1.250000e-01 : f32}
//  CHECK-SAME:   -> tensor<12x128x32xf16>
//   CHECK-NOT:   onnx.
//       CHECK:   return %[[Y]]
func.func @heads_first(%q: tensor<12x128x64xf16>, %k: tensor<12x96x64xf16>, %v: tensor<12x96x32xf16>) -> tensor<12x128x32xf16> {
  %c = onnx.Constant dense<8.0> : tensor<f16>
  %qs = onnx.Div %q, %c : (tensor<12x128x64xf16>, tensor<f16>) -> tensor<12x128x64xf16>
  %kt = onnx.Transpose %k {perm = array<i64: 0, 2, 1>} : (tensor<12x96x64xf16>) -> tensor<12x64x96xf16>
  %s = onnx.MatMul %qs, %kt : (tensor<12x128x64xf16>, tensor<12x64x96xf16>) -> tensor<12x128x96xf16>
  %p = onnx.Softmax %s {axis = -1 : si64} : (tensor<12x128x96xf16>) -> tensor<12x128x96xf16>
  %y = onnx.MatMul %p, %v : (tensor<12x128x96xf16>, tensor<12x96x32xf16>) -> tensor<12x128x32xf16>
  return %y : tensor<12x128x32xf16>
}

// -----

// CHECK-LABEL: func.func @fits(
//       CHECK:   onnx.FusedAttention
func.func @fits(%q: tensor<4x128x64xf16>, %k: tensor<4x192x64xf16>, %v: tensor<4x192x112xf16>) -> tensor<4x128x112xf16> {
  %kt = onnx.Transpose %k {perm = array<i64: 0, 2, 1>} : (tensor<4x192x64xf16>) -> tensor<4x64x192xf16>
  %s = onnx.MatMul %q, %kt : (tensor<4x128x64xf16>, tensor<4x64x192xf16>) -> tensor<4x128x192xf16>
  %p = onnx.Softmax %s : (tensor<4x128x192xf16>) -> tensor<4x128x192xf16>
  %y = onnx.MatMul %p, %v : (tensor<4x128x192xf16>, tensor<4x192x112xf16>) -> tensor<4x128x112xf16>
  return %y : tensor<4x128x112xf16>
}

// -----

// CHECK-LABEL: func.func @too_many_features(
//       CHECK:   onnx.FusedAttention
func.func @too_many_features(%q: tensor<4x128x128xf16>, %k: tensor<4x64x128xf16>, %v: tensor<4x64x64xf16>) -> tensor<4x128x64xf16> {
  %kt = onnx.Transpose %k {perm = array<i64: 0, 2, 1>} : (tensor<4x64x128xf16>) -> tensor<4x128x64xf16>
  %s = onnx.MatMul %q, %kt : (tensor<4x128x128xf16>, tensor<4x128x64xf16>) -> tensor<4x128x64xf16>
  %p = onnx.Softmax %s : (tensor<4x128x64xf16>) -> tensor<4x128x64xf16>
  %y = onnx.MatMul %p, %v : (tensor<4x128x64xf16>, tensor<4x64x64xf16>) -> tensor<4x128x64xf16>
  return %y : tensor<4x128x64xf16>
}

// -----

// Sequence first (a sequence-first nn.MultiheadAttention): Q, K, V are
// transposes of S x N x D tensors, which the op reads itself; its result is
// transposed back, which cancels with the model's transpose after it. The
// scale here multiplies the scores; with a Mul on Q too, the factors
// multiply (0.5 * 0.25).
// CHECK-LABEL: func.func @sequence_first(
//  CHECK-SAME:   %[[Q:.*]]: tensor<16x6x8xf32>, %[[K:.*]]: tensor<16x6x8xf32>, %[[V:.*]]: tensor<16x6x8xf32>)
//       CHECK:   %[[A:.*]] = onnx.FusedAttention %[[Q]], %[[K]], %[[V]] {scale = 1.250000e-01 : f32, sequence_first = true}
//  CHECK-SAME:   -> tensor<16x6x8xf32>
//       CHECK:   %[[T:.*]] = onnx.Transpose %[[A]] {perm = array<i64: 1, 0, 2>}
//       CHECK:   %[[Y:.*]] = onnx.Transpose %[[T]] {perm = array<i64: 1, 0, 2>}
//       CHECK:   return %[[Y]]
// CANON-LABEL: func.func @sequence_first(
//       CANON:   %[[A:.*]] = onnx.FusedAttention
//   CANON-NOT:   onnx.Transpose
//       CANON:   return %[[A]]
func.func @sequence_first(%q: tensor<16x6x8xf32>, %k: tensor<16x6x8xf32>, %v: tensor<16x6x8xf32>) -> tensor<16x6x8xf32> {
  %half = onnx.Constant dense<0.5> : tensor<1xf32>
  %quarter = onnx.Constant dense<0.25> : tensor<f32>
  %qt = onnx.Transpose %q {perm = array<i64: 1, 0, 2>} : (tensor<16x6x8xf32>) -> tensor<6x16x8xf32>
  %qs = onnx.Mul %qt, %half : (tensor<6x16x8xf32>, tensor<1xf32>) -> tensor<6x16x8xf32>
  %kt = onnx.Transpose %k {perm = array<i64: 1, 2, 0>} : (tensor<16x6x8xf32>) -> tensor<6x8x16xf32>
  %vt = onnx.Transpose %v {perm = array<i64: 1, 0, 2>} : (tensor<16x6x8xf32>) -> tensor<6x16x8xf32>
  %s = onnx.MatMul %qs, %kt : (tensor<6x16x8xf32>, tensor<6x8x16xf32>) -> tensor<6x16x16xf32>
  %ss = onnx.Mul %s, %quarter : (tensor<6x16x16xf32>, tensor<f32>) -> tensor<6x16x16xf32>
  %p = onnx.Softmax %ss {axis = 2 : si64} : (tensor<6x16x16xf32>) -> tensor<6x16x16xf32>
  %o = onnx.MatMul %p, %vt : (tensor<6x16x16xf32>, tensor<6x16x8xf32>) -> tensor<6x16x8xf32>
  %y = onnx.Transpose %o {perm = array<i64: 1, 0, 2>} : (tensor<6x16x8xf32>) -> tensor<16x6x8xf32>
  return %y : tensor<16x6x8xf32>
}

// -----

// Only one operand sequence-first: the op reads the others heads-first and
// that one through its transpose, which stays (it also has another user).
// CHECK-LABEL: func.func @mixed_layouts(
//       CHECK:   %[[QT:.*]] = onnx.Transpose %{{.*}} {perm = array<i64: 1, 0, 2>}
//       CHECK:   %[[Y:.*]] = onnx.FusedAttention %[[QT]], %{{.*}}, %{{.*}} {scale = 1.000000e+00 : f32}
//       CHECK:   return %[[Y]], %[[QT]]
func.func @mixed_layouts(%q: tensor<16x6x8xf32>, %k: tensor<6x16x8xf32>, %v: tensor<6x16x8xf32>) -> (tensor<6x16x8xf32>, tensor<6x16x8xf32>) {
  %qt = onnx.Transpose %q {perm = array<i64: 1, 0, 2>} : (tensor<16x6x8xf32>) -> tensor<6x16x8xf32>
  %kt = onnx.Transpose %k {perm = array<i64: 0, 2, 1>} : (tensor<6x16x8xf32>) -> tensor<6x8x16xf32>
  %s = onnx.MatMul %qt, %kt : (tensor<6x16x8xf32>, tensor<6x8x16xf32>) -> tensor<6x16x16xf32>
  %p = onnx.Softmax %s : (tensor<6x16x16xf32>) -> tensor<6x16x16xf32>
  %y = onnx.MatMul %p, %v : (tensor<6x16x16xf32>, tensor<6x16x8xf32>) -> tensor<6x16x8xf32>
  return %y, %qt : tensor<6x16x8xf32>, tensor<6x16x8xf32>
}

// -----

// Left alone: a softmax over another axis; scores used elsewhere; K not a
// transpose; a negative scale. A Div by a value that is not a constant
// is part of Q (scale 1).
// CHECK-LABEL: func.func @not_attention(
//   CHECK-NOT:   onnx.FusedAttention
//       CHECK:   %[[QX:.*]] = onnx.Div %{{.*}}, %{{.*}} : (tensor<6x16x8xf32>, tensor<f32>)
//   CHECK-NOT:   onnx.FusedAttention
//       CHECK:   onnx.FusedAttention %[[QX]], %{{.*}}, %{{.*}} {scale = 1.000000e+00 : f32}
//   CHECK-NOT:   onnx.FusedAttention
//       CHECK:   return
func.func @not_attention(%q: tensor<6x16x8xf32>, %k: tensor<6x16x8xf32>, %kt0: tensor<6x8x16xf32>, %v: tensor<6x16x8xf32>, %x: tensor<f32>) -> (tensor<6x16x8xf32>, tensor<6x16x8xf32>, tensor<6x16x16xf32>, tensor<6x16x8xf32>, tensor<6x16x8xf32>, tensor<6x16x8xf32>) {
  %kt = onnx.Transpose %k {perm = array<i64: 0, 2, 1>} : (tensor<6x16x8xf32>) -> tensor<6x8x16xf32>
  %s1 = onnx.MatMul %q, %kt : (tensor<6x16x8xf32>, tensor<6x8x16xf32>) -> tensor<6x16x16xf32>
  %p1 = onnx.Softmax %s1 {axis = 1 : si64} : (tensor<6x16x16xf32>) -> tensor<6x16x16xf32>
  %y1 = onnx.MatMul %p1, %v : (tensor<6x16x16xf32>, tensor<6x16x8xf32>) -> tensor<6x16x8xf32>
  %s2 = onnx.MatMul %q, %kt : (tensor<6x16x8xf32>, tensor<6x8x16xf32>) -> tensor<6x16x16xf32>
  %p2 = onnx.Softmax %s2 : (tensor<6x16x16xf32>) -> tensor<6x16x16xf32>
  %y2 = onnx.MatMul %p2, %v : (tensor<6x16x16xf32>, tensor<6x16x8xf32>) -> tensor<6x16x8xf32>
  %s3 = onnx.MatMul %q, %kt0 : (tensor<6x16x8xf32>, tensor<6x8x16xf32>) -> tensor<6x16x16xf32>
  %p3 = onnx.Softmax %s3 : (tensor<6x16x16xf32>) -> tensor<6x16x16xf32>
  %y3 = onnx.MatMul %p3, %v : (tensor<6x16x16xf32>, tensor<6x16x8xf32>) -> tensor<6x16x8xf32>
  %qx = onnx.Div %q, %x : (tensor<6x16x8xf32>, tensor<f32>) -> tensor<6x16x8xf32>
  %s4 = onnx.MatMul %qx, %kt : (tensor<6x16x8xf32>, tensor<6x8x16xf32>) -> tensor<6x16x16xf32>
  %p4 = onnx.Softmax %s4 : (tensor<6x16x16xf32>) -> tensor<6x16x16xf32>
  %y4 = onnx.MatMul %p4, %v : (tensor<6x16x16xf32>, tensor<6x16x8xf32>) -> tensor<6x16x8xf32>
  %neg = onnx.Constant dense<-2.0> : tensor<f32>
  %qn = onnx.Mul %q, %neg : (tensor<6x16x8xf32>, tensor<f32>) -> tensor<6x16x8xf32>
  %s5 = onnx.MatMul %qn, %kt : (tensor<6x16x8xf32>, tensor<6x8x16xf32>) -> tensor<6x16x16xf32>
  %p5 = onnx.Softmax %s5 : (tensor<6x16x16xf32>) -> tensor<6x16x16xf32>
  %y5 = onnx.MatMul %p5, %v : (tensor<6x16x16xf32>, tensor<6x16x8xf32>) -> tensor<6x16x8xf32>
  return %y1, %y2, %s2, %y3, %y4, %y5 : tensor<6x16x8xf32>, tensor<6x16x8xf32>, tensor<6x16x16xf32>, tensor<6x16x8xf32>, tensor<6x16x8xf32>, tensor<6x16x8xf32>
}

// -----

// PyTorch 2's nn.MultiheadAttention: 4-D B x H x S x D heads, each a
// Reshape of a transposed sequence-first tensor, sqrt(1/sqrt(D)) on Q and on
// K^T, the result permuted to S x B x H x D: the op reads the S x N x D
// tensors and its result is reshaped to the permutation's.
// CHECK-LABEL: func.func @torch2(
//  CHECK-SAME:   %[[Q:.*]]: tensor<16x8x32xf32>, %[[K:.*]]: tensor<16x8x32xf32>, %[[V:.*]]: tensor<16x8x32xf32>)
//       CHECK:   %[[A:.*]] = onnx.FusedAttention %[[Q]], %[[K]], %[[V]] {scale = 2.500000e-01 : f32, sequence_first = true}
//  CHECK-SAME:   -> tensor<16x8x32xf32>
//       CHECK:   %[[Y:.*]] = onnx.Reshape %[[A]], %{{.*}} : (tensor<16x8x32xf32>, tensor<4xi64>) -> tensor<16x2x4x32xf32>
//   CHECK-NOT:   onnx.Transpose
//       CHECK:   return %[[Y]]
func.func @torch2(%q: tensor<16x8x32xf32>, %k: tensor<16x8x32xf32>, %v: tensor<16x8x32xf32>) -> tensor<16x2x4x32xf32> {
  %s4 = onnx.Constant dense<[2, 4, 16, 32]> : tensor<4xi64>
  %c = onnx.Constant dense<0.5> : tensor<f32>
  %qt = onnx.Transpose %q {perm = array<i64: 1, 0, 2>} : (tensor<16x8x32xf32>) -> tensor<8x16x32xf32>
  %q4 = onnx.Reshape %qt, %s4 : (tensor<8x16x32xf32>, tensor<4xi64>) -> tensor<2x4x16x32xf32>
  %kt = onnx.Transpose %k {perm = array<i64: 1, 0, 2>} : (tensor<16x8x32xf32>) -> tensor<8x16x32xf32>
  %k4 = onnx.Reshape %kt, %s4 : (tensor<8x16x32xf32>, tensor<4xi64>) -> tensor<2x4x16x32xf32>
  %vt = onnx.Transpose %v {perm = array<i64: 1, 0, 2>} : (tensor<16x8x32xf32>) -> tensor<8x16x32xf32>
  %v4 = onnx.Reshape %vt, %s4 : (tensor<8x16x32xf32>, tensor<4xi64>) -> tensor<2x4x16x32xf32>
  %qs = onnx.Mul %q4, %c : (tensor<2x4x16x32xf32>, tensor<f32>) -> tensor<2x4x16x32xf32>
  %k4t = onnx.Transpose %k4 {perm = array<i64: 0, 1, 3, 2>} : (tensor<2x4x16x32xf32>) -> tensor<2x4x32x16xf32>
  %ks = onnx.Mul %k4t, %c : (tensor<2x4x32x16xf32>, tensor<f32>) -> tensor<2x4x32x16xf32>
  %s = onnx.MatMul %qs, %ks : (tensor<2x4x16x32xf32>, tensor<2x4x32x16xf32>) -> tensor<2x4x16x16xf32>
  %p = onnx.Softmax %s {axis = -1 : si64} : (tensor<2x4x16x16xf32>) -> tensor<2x4x16x16xf32>
  %o = onnx.MatMul %p, %v4 : (tensor<2x4x16x16xf32>, tensor<2x4x16x32xf32>) -> tensor<2x4x16x32xf32>
  %y = onnx.Transpose %o {perm = array<i64: 2, 0, 1, 3>} : (tensor<2x4x16x32xf32>) -> tensor<16x2x4x32xf32>
  return %y : tensor<16x2x4x32xf32>
}

// -----

// 4-D heads-first operands that are no reshape: the op reads them
// reshaped to N x S x D (views), and its result is reshaped back.
// CHECK-LABEL: func.func @heads_first_4d(
//       CHECK:   %[[Q:.*]] = onnx.Reshape %{{.*}}, %{{.*}} : (tensor<2x3x16x8xf16>, tensor<3xi64>) -> tensor<6x16x8xf16>
//       CHECK:   %[[K:.*]] = onnx.Reshape %{{.*}}, %{{.*}} : (tensor<2x3x24x8xf16>, tensor<3xi64>) -> tensor<6x24x8xf16>
//       CHECK:   %[[V:.*]] = onnx.Reshape %{{.*}}, %{{.*}} : (tensor<2x3x24x4xf16>, tensor<3xi64>) -> tensor<6x24x4xf16>
//       CHECK:   %[[A:.*]] = onnx.FusedAttention %[[Q]], %[[K]], %[[V]] {scale = 1.000000e+00 : f32}
//       CHECK:   %[[Y:.*]] = onnx.Reshape %[[A]], %{{.*}} : (tensor<6x16x4xf16>, tensor<4xi64>) -> tensor<2x3x16x4xf16>
//       CHECK:   return %[[Y]]
func.func @heads_first_4d(%q: tensor<2x3x16x8xf16>, %k: tensor<2x3x24x8xf16>, %v: tensor<2x3x24x4xf16>) -> tensor<2x3x16x4xf16> {
  %kt = onnx.Transpose %k {perm = array<i64: 0, 1, 3, 2>} : (tensor<2x3x24x8xf16>) -> tensor<2x3x8x24xf16>
  %s = onnx.MatMul %q, %kt : (tensor<2x3x16x8xf16>, tensor<2x3x8x24xf16>) -> tensor<2x3x16x24xf16>
  %p = onnx.Softmax %s {axis = 3 : si64} : (tensor<2x3x16x24xf16>) -> tensor<2x3x16x24xf16>
  %y = onnx.MatMul %p, %v : (tensor<2x3x16x24xf16>, tensor<2x3x24x4xf16>) -> tensor<2x3x16x4xf16>
  return %y : tensor<2x3x16x4xf16>
}

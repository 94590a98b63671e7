// RUN: modelc-opt %s --split-input-file --onnx-fold-batchnorm | FileCheck %s

/// Values chosen so every step is exact in binary floating point:
/// scale = [4, 3], var = [4, 9], epsilon = 0  ->  s = scale / sqrt(var) = [2, 1]
/// B = [0.5, -1], mean = [1, 2]               ->  t = B - mean * s = [-1.5, -3]

///-----------------------------------------------------------------------------
/// [Conv] W'[m] = W[m] * s[m], B'[m] = B[m] * s[m] + t[m]
///-----------------------------------------------------------------------------

// CHECK-LABEL: func.func @folds_into_conv(
//  CHECK-SAME:     %[[X:.*]]: tensor<1x1x4x4xf32>)
/// The replaced weights and bias are erased right away (they can be large).
//   CHECK-NOT:   1.500000e+00
//   CHECK-NOT:   2.500000e-01
//   CHECK-DAG:   %[[W:.*]] = onnx.Constant dense<{{\[\[\[\[}}3.000000e+00]]], {{\[\[\[}}-2.000000e+00]]]]> : tensor<2x1x1x1xf32>
//   CHECK-DAG:   %[[B:.*]] = onnx.Constant dense<[5.000000e-01, -2.750000e+00]> : tensor<2xf32>
//       CHECK:   %[[Y:.*]] = onnx.Conv %[[X]], %[[W]], %[[B]]
//   CHECK-NOT:   onnx.BatchNormalization
//       CHECK:   return %[[Y]]
func.func @folds_into_conv(%x: tensor<1x1x4x4xf32>) -> tensor<1x2x4x4xf32> {
  %w = onnx.Constant dense<[[[[1.5]]], [[[-2.0]]]]> : tensor<2x1x1x1xf32>
  %b = onnx.Constant dense<[1.0, 0.25]> : tensor<2xf32>
  %conv = onnx.Conv %x, %w, %b : (tensor<1x1x4x4xf32>, tensor<2x1x1x1xf32>, tensor<2xf32>) -> tensor<1x2x4x4xf32>
  %scale = onnx.Constant dense<[4.0, 3.0]> : tensor<2xf32>
  %bias = onnx.Constant dense<[0.5, -1.0]> : tensor<2xf32>
  %mean = onnx.Constant dense<[1.0, 2.0]> : tensor<2xf32>
  %var = onnx.Constant dense<[4.0, 9.0]> : tensor<2xf32>
  %y = onnx.BatchNormalization %conv, %scale, %bias, %mean, %var {epsilon = 0.0 : f32} : (tensor<1x2x4x4xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x4x4xf32>
  return %y : tensor<1x2x4x4xf32>
}

// -----

/// A Conv without bias gets one: B' = t.

// CHECK-LABEL: func.func @folds_into_conv_without_bias(
//       CHECK:   %[[B:.*]] = onnx.Constant dense<[-1.500000e+00, -3.000000e+00]> : tensor<2xf32>
//       CHECK:   onnx.Conv %{{.*}}, %{{.*}}, %[[B]]
func.func @folds_into_conv_without_bias(%x: tensor<1x1x4x4xf32>) -> tensor<1x2x4x4xf32> {
  %w = onnx.Constant dense<[[[[1.5]]], [[[-2.0]]]]> : tensor<2x1x1x1xf32>
  %conv = onnx.Conv %x, %w : (tensor<1x1x4x4xf32>, tensor<2x1x1x1xf32>) -> tensor<1x2x4x4xf32>
  %scale = onnx.Constant dense<[4.0, 3.0]> : tensor<2xf32>
  %bias = onnx.Constant dense<[0.5, -1.0]> : tensor<2xf32>
  %mean = onnx.Constant dense<[1.0, 2.0]> : tensor<2xf32>
  %var = onnx.Constant dense<[4.0, 9.0]> : tensor<2xf32>
  %y = onnx.BatchNormalization %conv, %scale, %bias, %mean, %var {epsilon = 0.0 : f32} : (tensor<1x2x4x4xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x4x4xf32>
  return %y : tensor<1x2x4x4xf32>
}

// -----

///-----------------------------------------------------------------------------
/// [Gemm] Column n of op(B) scales by s[n]; C' = beta * C * s + t, beta = 1.
///-----------------------------------------------------------------------------

// CHECK-LABEL: func.func @folds_into_gemm(
//   CHECK-DAG:   %[[W:.*]] = onnx.Constant dense<{{\[\[}}2.000000e+00, 1.000000e+00], [4.000000e+00, 1.000000e+00]]> : tensor<2x2xf32>
//   CHECK-DAG:   %[[C:.*]] = onnx.Constant dense<[2.500000e+00, -1.000000e+00]> : tensor<2xf32>
/// beta is back to its default 1, so it is not printed.
//       CHECK:   onnx.Gemm %{{.*}}, %[[W]], %[[C]] :
//   CHECK-NOT:   onnx.BatchNormalization
func.func @folds_into_gemm(%a: tensor<1x2xf32>) -> tensor<1x2xf32> {
  %w = onnx.Constant dense<[[1.0, 1.0], [2.0, 1.0]]> : tensor<2x2xf32>
  %c = onnx.Constant dense<[1.0, 1.0]> : tensor<2xf32>
  %g = onnx.Gemm %a, %w, %c {beta = 2.0 : f32} : (tensor<1x2xf32>, tensor<2x2xf32>, tensor<2xf32>) -> tensor<1x2xf32>
  %scale = onnx.Constant dense<[4.0, 3.0]> : tensor<2xf32>
  %bias = onnx.Constant dense<[0.5, -1.0]> : tensor<2xf32>
  %mean = onnx.Constant dense<[1.0, 2.0]> : tensor<2xf32>
  %var = onnx.Constant dense<[4.0, 9.0]> : tensor<2xf32>
  %y = onnx.BatchNormalization %g, %scale, %bias, %mean, %var {epsilon = 0.0 : f32} : (tensor<1x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2xf32>
  return %y : tensor<1x2xf32>
}

// -----

///-----------------------------------------------------------------------------
/// [Decompose] Without a foldable producer: X * s + t, with s and t shaped
/// [C, 1, 1] to broadcast along axis 1.
///-----------------------------------------------------------------------------

// CHECK-LABEL: func.func @decomposes_standalone(
//  CHECK-SAME:     %[[X:.*]]: tensor<1x2x4x4xf32>)
//   CHECK-DAG:   %[[S:.*]] = onnx.Constant dense<{{\[\[\[}}2.000000e+00]], {{\[\[}}1.000000e+00]]]> : tensor<2x1x1xf32>
//   CHECK-DAG:   %[[T:.*]] = onnx.Constant dense<{{\[\[\[}}-1.500000e+00]], {{\[\[}}-3.000000e+00]]]> : tensor<2x1x1xf32>
//       CHECK:   %[[M:.*]] = onnx.Mul %[[X]], %[[S]]
//       CHECK:   %[[A:.*]] = onnx.Add %[[M]], %[[T]]
//       CHECK:   return %[[A]]
func.func @decomposes_standalone(%x: tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32> {
  %scale = onnx.Constant dense<[4.0, 3.0]> : tensor<2xf32>
  %bias = onnx.Constant dense<[0.5, -1.0]> : tensor<2xf32>
  %mean = onnx.Constant dense<[1.0, 2.0]> : tensor<2xf32>
  %var = onnx.Constant dense<[4.0, 9.0]> : tensor<2xf32>
  %y = onnx.BatchNormalization %x, %scale, %bias, %mean, %var {epsilon = 0.0 : f32} : (tensor<1x2x4x4xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x4x4xf32>
  return %y : tensor<1x2x4x4xf32>
}

// -----

/// The Conv result has another use: its weights must not change, so the
/// normalization is decomposed instead.

// CHECK-LABEL: func.func @negative_conv_with_other_uses(
//       CHECK:   %[[W:.*]] = onnx.Constant dense<{{\[\[\[\[}}1.500000e+00]]], {{\[\[\[}}-2.000000e+00]]]]>
//       CHECK:   %[[C:.*]] = onnx.Conv %{{.*}}, %[[W]]
//       CHECK:   onnx.Mul %[[C]]
//       CHECK:   onnx.Add
//       CHECK:   return %[[C]],
func.func @negative_conv_with_other_uses(%x: tensor<1x1x4x4xf32>) -> (tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>) {
  %w = onnx.Constant dense<[[[[1.5]]], [[[-2.0]]]]> : tensor<2x1x1x1xf32>
  %conv = onnx.Conv %x, %w : (tensor<1x1x4x4xf32>, tensor<2x1x1x1xf32>) -> tensor<1x2x4x4xf32>
  %scale = onnx.Constant dense<[4.0, 3.0]> : tensor<2xf32>
  %bias = onnx.Constant dense<[0.5, -1.0]> : tensor<2xf32>
  %mean = onnx.Constant dense<[1.0, 2.0]> : tensor<2xf32>
  %var = onnx.Constant dense<[4.0, 9.0]> : tensor<2xf32>
  %y = onnx.BatchNormalization %conv, %scale, %bias, %mean, %var {epsilon = 0.0 : f32} : (tensor<1x2x4x4xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x4x4xf32>
  return %conv, %y : tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>
}

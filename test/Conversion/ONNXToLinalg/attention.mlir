// RUN: modelc-opt %s --split-input-file --convert-onnx-to-linalg | FileCheck %s

/// FusedAttention as its reference computation: f32 scores S = Q K^T
/// (loops head, query, key, feature; sequence-first operands read with
/// their first two dimensions swapped), the row maxima, the sums of
/// exp(scale (S - max)), the probabilities rounded to f16, then P V
/// accumulated in f32 and rounded once. The function is marked for the GPU
/// mapping's fused launch.
// CHECK-DAG: #[[$Q:.*]] = affine_map<(d0, d1, d2, d3) -> (d1, d0, d3)>
// CHECK-DAG: #[[$K:.*]] = affine_map<(d0, d1, d2, d3) -> (d2, d0, d3)>
// CHECK-DAG: #[[$S:.*]] = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2)>
// CHECK-DAG: #[[$ALL:.*]] = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
// CHECK-DAG: #[[$ROW:.*]] = affine_map<(d0, d1, d2) -> (d0, d1)>
// CHECK-DAG: #[[$P:.*]] = affine_map<(d0, d1, d2, d3) -> (d0, d1, d3)>
// CHECK-DAG: #[[$V:.*]] = affine_map<(d0, d1, d2, d3) -> (d3, d0, d2)>
// CHECK-DAG: #[[$Y:.*]] = affine_map<(d0, d1, d2, d3) -> (d1, d0, d2)>
// CHECK-LABEL: func.func @sequence_first(
//  CHECK-SAME:   attributes {modelc.fused_attention = {scale = 2.500000e-01 : f32, sequence_first = true}}
//       CHECK:   %[[SCORES:.*]] = linalg.generic {indexing_maps = [#[[$Q]], #[[$K]], #[[$S]]], iterator_types = ["parallel", "parallel", "parallel", "reduction"]}
//  CHECK-SAME:     outs(%{{.*}} : tensor<2x16x8xf32>)
//       CHECK:     arith.mulf
//       CHECK:     arith.addf
//       CHECK:   %[[MAX:.*]] = linalg.generic {indexing_maps = [#[[$ALL]], #[[$ROW]]], iterator_types = ["parallel", "parallel", "reduction"]} ins(%[[SCORES]] : tensor<2x16x8xf32>)
//       CHECK:     arith.maximumf
//       CHECK:   %[[SUM:.*]] = linalg.generic {{.*}} ins(%[[SCORES]], %[[MAX]] : tensor<2x16x8xf32>, tensor<2x16xf32>)
//       CHECK:     arith.subf
//       CHECK:     arith.mulf %[[SCALE:.*]], %
//       CHECK:     math.exp
//       CHECK:     arith.addf
//       CHECK:   %[[PROB:.*]] = linalg.generic {{.*}} ins(%[[SCORES]], %[[MAX]], %[[SUM]] : {{.*}}) outs(%{{.*}} : tensor<2x16x8xf16>)
//       CHECK:     math.exp
//       CHECK:     arith.divf
//       CHECK:     arith.truncf %{{.*}} : f32 to f16
//       CHECK:   %[[OUT:.*]] = linalg.generic {indexing_maps = [#[[$P]], #[[$V]], #[[$Y]]], iterator_types = ["parallel", "parallel", "parallel", "reduction"]} ins(%[[PROB]], %{{.*}} : tensor<2x16x8xf16>, tensor<8x2x16xf16>) outs(%{{.*}} : tensor<16x2x16xf32>)
//       CHECK:   linalg.generic {{.*}} ins(%[[OUT]] : tensor<16x2x16xf32>) outs(%{{.*}} : tensor<16x2x16xf16>)
//       CHECK:     arith.truncf
func.func @sequence_first(%q: tensor<16x2x32xf16>, %k: tensor<8x2x32xf16>, %v: tensor<8x2x16xf16>) -> tensor<16x2x16xf16> {
  %0 = onnx.FusedAttention %q, %k, %v {scale = 0.25 : f32, sequence_first = true} : (tensor<16x2x32xf16>, tensor<8x2x32xf16>, tensor<8x2x16xf16>) -> tensor<16x2x16xf16>
  return %0 : tensor<16x2x16xf16>
}

// -----

/// Heads first, f32: identity maps on the operands' (head, row, feature),
/// no rounding anywhere.
// CHECK-LABEL: func.func @heads_first_f32(
//  CHECK-SAME:   attributes {modelc.fused_attention = {scale = 1.000000e+00 : f32, sequence_first = false}}
//   CHECK-NOT:   arith.truncf
//   CHECK-NOT:   arith.extf
//       CHECK:   return %{{.*}} : tensor<3x5x4xf32>
func.func @heads_first_f32(%q: tensor<3x5x8xf32>, %k: tensor<3x7x8xf32>, %v: tensor<3x7x4xf32>) -> tensor<3x5x4xf32> {
  %0 = onnx.FusedAttention %q, %k, %v {scale = 1.0 : f32} : (tensor<3x5x8xf32>, tensor<3x7x8xf32>, tensor<3x7x4xf32>) -> tensor<3x5x4xf32>
  return %0 : tensor<3x5x4xf32>
}

// RUN: modelc-opt %s --split-input-file --convert-onnx-to-linalg | FileCheck %s

/// LayerNormalization: mean, variance of (x - mean), 1 / sqrt(var + eps),
/// then (x - mean) * inv * scale + bias.

// CHECK-LABEL: func.func @layer_norm(
//       CHECK:   %[[SUM:.*]] = linalg.generic {{.*}} iterator_types = ["parallel", "reduction"]
//       CHECK:   %[[MEAN:.*]] = linalg.generic
//  CHECK-SAME:     ins(%[[SUM]] : tensor<2x1xf32>)
//       CHECK:     arith.constant 4.000000e+00 : f32
//       CHECK:   %[[SQ:.*]] = linalg.generic {{.*}} iterator_types = ["parallel", "reduction"]
//  CHECK-SAME:     ins(%{{.*}}, %[[MEAN]] : tensor<2x4xf32>, tensor<2x1xf32>)
//       CHECK:     arith.subf
//       CHECK:     arith.mulf
//       CHECK:   %[[INV:.*]] = linalg.generic
//       CHECK:     arith.constant 9.99999974E-6 : f32
//       CHECK:     math.sqrt
//       CHECK:   linalg.generic
//  CHECK-SAME:     ins(%{{.*}}, %[[MEAN]], %[[INV]], %{{.*}}, %{{.*}} : tensor<2x4xf32>, tensor<2x1xf32>, tensor<2x1xf32>, tensor<4xf32>, tensor<4xf32>)
func.func @layer_norm(%x: tensor<2x4xf32>, %s: tensor<4xf32>, %b: tensor<4xf32>) -> tensor<2x4xf32> {
  %0 = onnx.LayerNormalization %x, %s, %b {epsilon = 1.0e-5 : f32, resultSegmentSizes = array<i32: 1, 0, 0>} : (tensor<2x4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<2x4xf32>
  return %0 : tensor<2x4xf32>
}

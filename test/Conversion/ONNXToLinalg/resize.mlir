// RUN: modelc-opt %s --split-input-file --convert-onnx-to-linalg | FileCheck %s

/// Nearest, half_pixel, round_prefer_floor: each output index maps back to
/// (o + 0.5) / scale - 0.5, rounded, clamped into the input.

// CHECK-LABEL: func.func @resize_nearest(
//       CHECK:   linalg.generic
//       CHECK:     linalg.index 2
//       CHECK:     arith.addf %{{.*}}, %{{.*}} : f64
//       CHECK:     arith.divf
//       CHECK:     math.ceil
//       CHECK:     arith.maxsi
//       CHECK:     arith.minsi %{{.*}}, %c1
//       CHECK:     linalg.index 3
//       CHECK:     tensor.extract %{{.*}} : tensor<1x1x2x2xf32>
func.func @resize_nearest(%x: tensor<1x1x2x2xf32>) -> tensor<1x1x4x4xf32> {
  %s = onnx.Constant dense<[1.0, 1.0, 2.0, 2.0]> : tensor<4xf32>
  %0 = onnx.Resize %x scales %s {mode = "nearest"} : (tensor<1x1x2x2xf32>, tensor<4xf32>) -> tensor<1x1x4x4xf32>
  return %0 : tensor<1x1x4x4xf32>
}

// -----

/// align_corners divides by the unrounded resized length in * scale - 1, as
/// the ONNX reference does.

// CHECK-LABEL: func.func @resize_align_corners(
//       CHECK:   linalg.generic
//       CHECK:     %[[IN:.*]] = arith.constant 4.000000e+00 : f64
//       CHECK:     %[[LEN:.*]] = arith.mulf %[[IN]], %{{.*}} : f64
//       CHECK:     %[[DEN:.*]] = arith.subf %[[LEN]], %{{.*}} : f64
//       CHECK:     arith.divf %{{.*}}, %[[DEN]] : f64
func.func @resize_align_corners(%x: tensor<1x1x4x4xf32>) -> tensor<1x1x2x2xf32> {
  %s = onnx.Constant dense<[1.0, 1.0, 0.6, 0.6]> : tensor<4xf32>
  %0 = onnx.Resize %x scales %s {mode = "linear", coordinate_transformation_mode = "align_corners"} : (tensor<1x1x4x4xf32>, tensor<4xf32>) -> tensor<1x1x2x2xf32>
  return %0 : tensor<1x1x2x2xf32>
}

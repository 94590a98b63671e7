// RUN: modelc-opt %s --split-input-file --convert-onnx-to-linalg | FileCheck %s

/// The window is a shape-only operand; MaxPool starts from -inf.

// CHECK-LABEL: func.func @maxpool(
//       CHECK:   %[[NEGINF:.*]] = arith.constant 0xFF800000 : f32
//       CHECK:   %[[INIT:.*]] = linalg.fill ins(%[[NEGINF]] : f32)
//       CHECK:   %[[WIN:.*]] = tensor.empty() : tensor<2x2xi1>
//       CHECK:   linalg.generic {{.*}} iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction", "reduction"]
//  CHECK-SAME:     ins(%{{.*}}, %[[WIN]] : tensor<1x1x4x4xf32>, tensor<2x2xi1>) outs(%[[INIT]] : tensor<1x1x2x2xf32>)
//       CHECK:     arith.maximumf
func.func @maxpool(%x: tensor<1x1x4x4xf32>) -> tensor<1x1x2x2xf32> {
  %0 = onnx.MaxPool %x {kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>} : (tensor<1x1x4x4xf32>) -> tensor<1x1x2x2xf32>
  return %0 : tensor<1x1x2x2xf32>
}

// -----

/// Padded AveragePool without count_include_pad divides each sum by the
/// number of elements its window covers inside the input.

// CHECK-LABEL: func.func @avgpool_pad(
//       CHECK:   tensor.pad %{{.*}} low[0, 0, 1, 1] high[0, 0, 1, 1]
//       CHECK:   %[[SUM:.*]] = linalg.generic
//       CHECK:     arith.addf
//       CHECK:   linalg.generic
//  CHECK-SAME:     ins(%[[SUM]] : tensor<1x1x4x4xf32>)
//       CHECK:     linalg.index 2
//       CHECK:     arith.maxsi
//       CHECK:     arith.minsi
//       CHECK:     linalg.index 3
//       CHECK:     arith.divf
func.func @avgpool_pad(%x: tensor<1x1x4x4xf32>) -> tensor<1x1x4x4xf32> {
  %0 = onnx.AveragePool %x {kernel_shape = array<i64: 3, 3>, pads = array<i64: 1, 1, 1, 1>} : (tensor<1x1x4x4xf32>) -> tensor<1x1x4x4xf32>
  return %0 : tensor<1x1x4x4xf32>
}

// -----

// CHECK-LABEL: func.func @global_average(
//       CHECK:   linalg.generic {{.*}} iterator_types = ["parallel", "parallel", "reduction", "reduction"]
//       CHECK:     arith.addf
//       CHECK:   linalg.generic
//       CHECK:     %[[N:.*]] = arith.constant 1.600000e+01 : f32
//       CHECK:     arith.divf %{{.*}}, %[[N]] : f32
func.func @global_average(%x: tensor<1x3x4x4xf32>) -> tensor<1x3x1x1xf32> {
  %0 = onnx.GlobalAveragePool %x : (tensor<1x3x4x4xf32>) -> tensor<1x3x1x1xf32>
  return %0 : tensor<1x3x1x1xf32>
}

// -----

/// GlobalAveragePoolNHWC (onnx-channels-last): the batch and the innermost
/// channels kept, H and W reduced. A 16-bit mean sums in f32 (each element
/// widened) and rounds once, after the division.

// CHECK-DAG: #[[$OUT:.*]] = affine_map<(d0, d1, d2, d3) -> (d0, 0, 0, d3)>
// CHECK-LABEL: func.func @global_average_nhwc_f16(
//       CHECK:   %[[INIT:.*]] = linalg.fill ins(%{{.*}} : f32) outs(%{{.*}} : tensor<2x1x1x8xf32>)
//       CHECK:   linalg.generic {indexing_maps = [#{{.*}}, #[[$OUT]]], iterator_types = ["parallel", "reduction", "reduction", "parallel"]} ins(%{{.*}} : tensor<2x3x5x8xf16>) outs(%[[INIT]] : tensor<2x1x1x8xf32>)
//       CHECK:     %[[X:.*]] = arith.extf %{{.*}} : f16 to f32
//       CHECK:     arith.addf %{{.*}}, %[[X]] : f32
//       CHECK:   linalg.generic
//       CHECK:     %[[N:.*]] = arith.constant 1.500000e+01 : f32
//       CHECK:     %[[M:.*]] = arith.divf %{{.*}}, %[[N]] : f32
//       CHECK:     arith.truncf %[[M]] : f32 to f16
//       CHECK:   -> tensor<2x1x1x8xf16>
func.func @global_average_nhwc_f16(%x: tensor<2x3x5x8xf16>) -> tensor<2x1x1x8xf16> {
  %0 = onnx.GlobalAveragePoolNHWC %x : (tensor<2x3x5x8xf16>) -> tensor<2x1x1x8xf16>
  return %0 : tensor<2x1x1x8xf16>
}

// -----

/// MaxPoolNHWC (onnx-channels-last): the window reduction iterated
/// (n, oh, ow, c, kh, kw), padded on H and W only; ceil mode pads the end
/// of each spatial axis by what the last window needs (here 1).

// CHECK-DAG: #[[$IN:.*]] = affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1 * 2 + d4, d2 * 2 + d5, d3)>
// CHECK-DAG: #[[$OUT:.*]] = affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1, d2, d3)>
// CHECK-LABEL: func.func @max_pool_nhwc(
//       CHECK:   %[[LOWEST:.*]] = arith.constant 0xFC00 : f16
//       CHECK:   %[[P:.*]] = tensor.pad %{{.*}} low[0, 0, 0, 0] high[0, 1, 1, 0]
//       CHECK:     tensor.yield %[[LOWEST]]
//       CHECK:   linalg.generic {indexing_maps = [#[[$IN]], {{.*}}, #[[$OUT]]], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction", "reduction"]}
//  CHECK-SAME:     ins(%[[P]], %{{.*}} : tensor<1x6x6x8xf16>, tensor<2x2xi1>)
//       CHECK:     arith.maximumf
func.func @max_pool_nhwc(%x: tensor<1x5x5x8xf16>) -> tensor<1x3x3x8xf16> {
  %0 = onnx.MaxPoolNHWC %x {ceil_mode = 1 : si64, dilations = array<i64: 1, 1>, kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>} : (tensor<1x5x5x8xf16>) -> tensor<1x3x3x8xf16>
  return %0 : tensor<1x3x3x8xf16>
}

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

// RUN: modelc-opt %s --split-input-file --convert-onnx-to-linalg | FileCheck %s

/// Grouped, strided, padded Conv: pad, split channels into groups, one
/// contraction over (n, g, m, c, kh, kw, oh, ow), merge the groups.

// CHECK-DAG: #[[$IN:.*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6, d7) -> (d0, d1, d3, d6 * 2 + d4, d7 * 2 + d5)>
// CHECK-DAG: #[[$W:.*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6, d7) -> (d1, d2, d3, d4, d5)>
// CHECK-DAG: #[[$OUT:.*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6, d7) -> (d0, d1, d2, d6, d7)>
// CHECK-LABEL: func.func @conv_grouped(
//       CHECK:   %[[P:.*]] = tensor.pad %{{.*}} low[0, 0, 1, 1] high[0, 0, 1, 1]
//       CHECK:   %[[X:.*]] = tensor.expand_shape %[[P]] {{\[\[}}0], [1, 2], [3], [4]] output_shape [1, 2, 2, 7, 7]
//       CHECK:   %[[W:.*]] = tensor.expand_shape %{{.*}} {{\[\[}}0, 1], [2], [3], [4]] output_shape [2, 3, 2, 3, 3]
//       CHECK:   %[[R:.*]] = linalg.generic {indexing_maps = [#[[$IN]], #[[$W]], #[[$OUT]]], iterator_types = ["parallel", "parallel", "parallel", "reduction", "reduction", "reduction", "parallel", "parallel"]}
//  CHECK-SAME:     ins(%[[X]], %[[W]] : tensor<1x2x2x7x7xf32>, tensor<2x3x2x3x3xf32>)
//       CHECK:   tensor.collapse_shape %[[R]] {{\[\[}}0], [1, 2], [3], [4]] : tensor<1x2x3x3x3xf32> into tensor<1x6x3x3xf32>
func.func @conv_grouped(%x: tensor<1x4x5x5xf32>, %w: tensor<6x2x3x3xf32>) -> tensor<1x6x3x3xf32> {
  %0 = onnx.Conv %x, %w {group = 2 : si64, strides = array<i64: 2, 2>, pads = array<i64: 1, 1, 1, 1>} : (tensor<1x4x5x5xf32>, tensor<6x2x3x3xf32>) -> tensor<1x6x3x3xf32>
  return %0 : tensor<1x6x3x3xf32>
}

// -----

/// The bias initializes the accumulator.

// CHECK-LABEL: func.func @conv_bias(
//       CHECK:   %[[B:.*]] = tensor.expand_shape %{{.*}} {{\[\[}}0, 1]] output_shape [1, 4] : tensor<4xf32> into tensor<1x4xf32>
//       CHECK:   %[[INIT:.*]] = linalg.generic
//  CHECK-SAME:     ins(%[[B]] : tensor<1x4xf32>)
//       CHECK:   linalg.generic
//  CHECK-SAME:     outs(%[[INIT]] : tensor<1x1x4x2x2xf32>)
func.func @conv_bias(%x: tensor<1x3x4x4xf32>, %w: tensor<4x3x3x3xf32>, %b: tensor<4xf32>) -> tensor<1x4x2x2xf32> {
  %0 = onnx.Conv %x, %w, %b : (tensor<1x3x4x4xf32>, tensor<4x3x3x3xf32>, tensor<4xf32>) -> tensor<1x4x2x2xf32>
  return %0 : tensor<1x4x2x2xf32>
}

// -----

/// ConvTranspose: the input placed with zeros between elements, the filter
/// copied flipped and transposed, then the same contraction at stride 1.

// CHECK-DAG: #[[$FLIP:.*]] = affine_map<(d0, d1, d2, d3, d4) -> (d0, d2, d1, -d3 + 2, -d4 + 2)>
// CHECK-LABEL: func.func @conv_transpose(
//       CHECK:   %[[Z:.*]] = linalg.fill {{.*}} -> tensor<1x1x9x9xf32>
//       CHECK:   tensor.insert_slice %{{.*}} into %[[Z]][0, 0, 2, 2] [1, 1, 3, 3] [1, 1, 2, 2]
//       CHECK:   %[[F:.*]] = linalg.generic {indexing_maps = [#[[$FLIP]], #{{.*}}]
//  CHECK-SAME:     outs(%{{.*}} : tensor<1x2x1x3x3xf32>)
//       CHECK:   linalg.generic
//  CHECK-SAME:     ins(%{{.*}}, %[[F]] : tensor<1x1x1x9x9xf32>, tensor<1x2x1x3x3xf32>)
//       CHECK:   tensor.collapse_shape {{.*}} into tensor<1x2x7x7xf32>
func.func @conv_transpose(%x: tensor<1x1x3x3xf32>, %w: tensor<1x2x3x3xf32>) -> tensor<1x2x7x7xf32> {
  %0 = onnx.ConvTranspose %x, %w {strides = array<i64: 2, 2>} : (tensor<1x1x3x3xf32>, tensor<1x2x3x3xf32>) -> tensor<1x2x7x7xf32>
  return %0 : tensor<1x2x7x7xf32>
}

// -----

/// A bf16 convolution: the bias is extended to the f32 accumulator, each
/// product is summed in f32, and the result is rounded to bf16 once.
// CHECK-LABEL: func.func @conv_bf16_accumulates_in_f32
//       CHECK:   arith.extf %{{.*}} : bf16 to f32
//       CHECK:   linalg.generic {{.*}} outs(%{{.*}} : tensor<1x1x2x3x3xf32>)
//       CHECK:     ^bb0(%{{.*}}: bf16, %{{.*}}: bf16, %{{.*}}: f32):
//       CHECK:       arith.mulf %{{.*}}, %{{.*}} : f32
//       CHECK:     arith.truncf %{{.*}} : f32 to bf16
func.func @conv_bf16_accumulates_in_f32(%x: tensor<1x1x4x4xbf16>, %w: tensor<2x1x2x2xbf16>, %b: tensor<2xbf16>) -> tensor<1x2x3x3xbf16> {
  %y = onnx.Conv %x, %w, %b {dilations = array<i64: 1, 1>, kernel_shape = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x1x4x4xbf16>, tensor<2x1x2x2xbf16>, tensor<2xbf16>) -> tensor<1x2x3x3xbf16>
  return %y : tensor<1x2x3x3xbf16>
}

// -----

/// ConvNHWC (onnx-channels-last): the same contraction in NHWC indexing,
/// iterated (n, oh, ow, g, m, kh, kw, c): padded on H and W, channels split
/// into [G, Cg], filters [M, kH, kW, Cg] into [G, Mg, kH, kW, Cg], the
/// reduction over (kh, kw, c) with the channels fastest, the bias broadcast
/// along (g, m), and the groups merged back into the last dimension.

// CHECK-DAG: #[[$BIAS:.*]] = affine_map<(d0, d1, d2, d3, d4) -> (d3, d4)>
// CHECK-DAG: #[[$IN:.*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6, d7) -> (d0, d1 * 2 + d5, d2 * 2 + d6, d3, d7)>
// CHECK-DAG: #[[$W:.*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6, d7) -> (d3, d4, d5, d6, d7)>
// CHECK-DAG: #[[$OUT:.*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6, d7) -> (d0, d1, d2, d3, d4)>
// CHECK-LABEL: func.func @conv_nhwc_grouped(
//       CHECK:   %[[P:.*]] = tensor.pad %{{.*}} low[0, 1, 1, 0] high[0, 1, 1, 0]
//       CHECK:   %[[X:.*]] = tensor.expand_shape %[[P]] {{\[\[}}0], [1], [2], [3, 4]] output_shape [1, 7, 7, 2, 2]
//       CHECK:   %[[W:.*]] = tensor.expand_shape %{{.*}} {{\[\[}}0, 1], [2], [3], [4]] output_shape [2, 3, 3, 3, 2]
//       CHECK:   %[[INIT:.*]] = linalg.generic {indexing_maps = [#[[$BIAS]], {{.*}}]
//       CHECK:   %[[R:.*]] = linalg.generic {indexing_maps = [#[[$IN]], #[[$W]], #[[$OUT]]], iterator_types = ["parallel", "parallel", "parallel", "parallel", "parallel", "reduction", "reduction", "reduction"]}
//  CHECK-SAME:     ins(%[[X]], %[[W]] : tensor<1x7x7x2x2xf32>, tensor<2x3x3x3x2xf32>) outs(%[[INIT]] : tensor<1x3x3x2x3xf32>)
//       CHECK:   tensor.collapse_shape %[[R]] {{\[\[}}0], [1], [2], [3, 4]] : tensor<1x3x3x2x3xf32> into tensor<1x3x3x6xf32>
func.func @conv_nhwc_grouped(%x: tensor<1x5x5x4xf32>, %w: tensor<6x3x3x2xf32>, %b: tensor<6xf32>) -> tensor<1x3x3x6xf32> {
  %0 = onnx.ConvNHWC %x, %w, %b {dilations = array<i64: 1, 1>, group = 2 : si64, strides = array<i64: 2, 2>, pads = array<i64: 1, 1, 1, 1>} : (tensor<1x5x5x4xf32>, tensor<6x3x3x2xf32>, tensor<6xf32>) -> tensor<1x3x3x6xf32>
  return %0 : tensor<1x3x3x6xf32>
}

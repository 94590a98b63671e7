// RUN: modelc-opt %s --split-input-file --convert-onnx-to-linalg | FileCheck %s

// A generic (elementwise fusion merges it with its neighbours): output
// dimension i reads input dimension perm[i].
//   CHECK-DAG: #[[$IN:.*]] = affine_map<(d0, d1, d2) -> (d1, d2, d0)>
//   CHECK-DAG: #[[$OUT:.*]] = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
// CHECK-LABEL: func.func @transpose(
//       CHECK:   linalg.generic {indexing_maps = [#[[$IN]], #[[$OUT]]], iterator_types = ["parallel", "parallel", "parallel"]} ins(%{{.*}} : tensor<2x3x4xf32>) outs(%{{.*}} : tensor<4x2x3xf32>)
//  CHECK-NEXT:   ^bb0(%[[IN:.*]]: f32, %{{.*}}: f32):
//  CHECK-NEXT:     linalg.yield %[[IN]] : f32
func.func @transpose(%x: tensor<2x3x4xf32>) -> tensor<4x2x3xf32> {
  %0 = onnx.Transpose %x {perm = array<i64: 2, 0, 1>} : (tensor<2x3x4xf32>) -> tensor<4x2x3xf32>
  return %0 : tensor<4x2x3xf32>
}

// -----

// CHECK-LABEL: func.func @concat(
//       CHECK:   %[[E:.*]] = tensor.empty() : tensor<2x4xf32>
//       CHECK:   %[[A:.*]] = tensor.insert_slice %{{.*}} into %[[E]][0, 0] [2, 3] [1, 1]
//       CHECK:   tensor.insert_slice %{{.*}} into %[[A]][0, 3] [2, 1] [1, 1]
func.func @concat(%a: tensor<2x3xf32>, %b: tensor<2x1xf32>) -> tensor<2x4xf32> {
  %0 = onnx.Concat %a, %b {axis = 1 : si64} : (tensor<2x3xf32>, tensor<2x1xf32>) -> tensor<2x4xf32>
  return %0 : tensor<2x4xf32>
}

// -----

/// A computed input's window is inserted before the arguments' (whatever
/// its place among the inputs), into the empty result itself: empty-tensor
/// elimination can then compute it in place.
// CHECK-LABEL: func.func @concat_computed_first(
//  CHECK-SAME:     %[[A:.*]]: tensor<2x3xf32>, %[[B:.*]]: tensor<2x1xf32>
//       CHECK:   %[[N:.*]] = linalg.generic
//       CHECK:   %[[E:.*]] = tensor.empty() : tensor<2x5xf32>
//       CHECK:   %[[R1:.*]] = tensor.insert_slice %[[N]] into %[[E]][0, 3] [2, 1] [1, 1]
//       CHECK:   %[[R2:.*]] = tensor.insert_slice %[[A]] into %[[R1]][0, 0] [2, 3] [1, 1]
//       CHECK:   tensor.insert_slice %[[B]] into %[[R2]][0, 4] [2, 1] [1, 1]
func.func @concat_computed_first(%a: tensor<2x3xf32>, %b: tensor<2x1xf32>) -> tensor<2x5xf32> {
  %n = onnx.Neg %b : (tensor<2x1xf32>) -> tensor<2x1xf32>
  %0 = onnx.Concat %a, %n, %b {axis = 1 : si64} : (tensor<2x3xf32>, tensor<2x1xf32>, tensor<2x1xf32>) -> tensor<2x5xf32>
  return %0 : tensor<2x5xf32>
}

// -----

/// Indices read from a tensor are made non-negative and clamped into range:
/// a bad index reads a wrong element, never outside the buffer.

// CHECK-LABEL: func.func @gather(
//       CHECK:   linalg.generic
//       CHECK:     %[[I:.*]] = arith.index_cast %{{.*}} : i64 to index
//       CHECK:     %[[NEG:.*]] = arith.cmpi slt, %[[I]], %c0
//       CHECK:     %[[WRAP:.*]] = arith.addi %[[I]], %c5
//       CHECK:     %[[J:.*]] = arith.select %[[NEG]], %[[WRAP]], %[[I]]
//       CHECK:     %[[LO:.*]] = arith.maxsi %[[J]], %{{.*}}
//       CHECK:     %[[HI:.*]] = arith.minsi %[[LO]], %c4
//       CHECK:     tensor.extract %{{.*}}[%[[HI]], %{{.*}}] : tensor<5x3xf32>
func.func @gather(%x: tensor<5x3xf32>, %i: tensor<2xi64>) -> tensor<2x3xf32> {
  %0 = onnx.Gather %x, %i : (tensor<5x3xf32>, tensor<2xi64>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

/// A start known only at run time: clamped once, and every read clamped.

// CHECK-LABEL: func.func @slice_runtime_start(
//       CHECK:   %[[S:.*]] = tensor.extract %{{.*}}[%{{.*}}] : tensor<1xi64>
//       CHECK:   arith.maxsi
//       CHECK:   arith.minsi
//       CHECK:   linalg.generic
//       CHECK:     arith.minsi %{{.*}}, %c9
//       CHECK:     tensor.extract %{{.*}} : tensor<10xf32>
func.func @slice_runtime_start(%x: tensor<10xf32>, %s: tensor<1xi64>) -> tensor<3xf32> {
  %e = onnx.Constant dense<3> : tensor<1xi64>
  %0 = onnx.Slice %x, %s, %e : (tensor<10xf32>, tensor<1xi64>, tensor<1xi64>) -> tensor<3xf32>
  return %0 : tensor<3xf32>
}

// -----

/// Reflect padding folds the position back into the input.

// CHECK-LABEL: func.func @pad_reflect(
//       CHECK:   linalg.generic
//       CHECK:     arith.remsi %{{.*}}, %c4
//       CHECK:     arith.cmpi sge, %{{.*}}, %c3
//       CHECK:     tensor.extract %{{.*}} : tensor<3xf32>
func.func @pad_reflect(%x: tensor<3xf32>) -> tensor<5xf32> {
  %p = onnx.Constant dense<[1, 1]> : tensor<2xi64>
  %0 = onnx.Pad %x, %p {mode = "reflect"} : (tensor<3xf32>, tensor<2xi64>) -> tensor<5xf32>
  return %0 : tensor<5xf32>
}

// -----

// SpaceToDepth: one generic reading the input through a semi-affine map
// (output channel (i * 2 + j) * 3 + k of block (y, x) is input channel k at
// row 2y + i, column 2x + j), so it fuses with a Pad before it and a
// transpose after it.
//   CHECK-DAG: #[[$S2D:.*]] = affine_map<(d0, d1, d2, d3) -> (d0, d1 mod 3, d2 * 2 + d1 floordiv 6, d3 * 2 + (d1 floordiv 3) mod 2)>
//   CHECK-DAG: #[[$ID:.*]] = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
// CHECK-LABEL: func.func @space_to_depth(
//       CHECK:   linalg.generic {indexing_maps = [#[[$S2D]], #[[$ID]]], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
//  CHECK-SAME:     ins(%{{.*}} : tensor<1x3x4x6xf32>) outs(%{{.*}} : tensor<1x12x2x3xf32>)
//   CHECK-NOT:   tensor.expand_shape
func.func @space_to_depth(%x: tensor<1x3x4x6xf32>) -> tensor<1x12x2x3xf32> {
  %y = onnx.SpaceToDepth %x {blocksize = 2 : si64} : (tensor<1x3x4x6xf32>) -> tensor<1x12x2x3xf32>
  return %y : tensor<1x12x2x3xf32>
}

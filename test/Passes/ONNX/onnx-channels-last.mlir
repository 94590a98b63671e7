// RUN: modelc-opt %s --split-input-file --onnx-channels-last | FileCheck %s
// RUN: modelc-opt %s --split-input-file --onnx-channels-last="dense-only=true" | FileCheck %s --check-prefix=DENSE

///-----------------------------------------------------------------------------
/// A bottleneck: the activations stay NHWC from the first convolution to the
/// max pool; only the graph's input and output are transposed.
///-----------------------------------------------------------------------------

// CHECK-LABEL: func.func @bottleneck(
//  CHECK-SAME:     %[[X:.*]]: tensor<1x2x4x4xf32>)
/// A per-channel constant [C][1][1] becomes [1][1][1][C], the same data.
//       CHECK:   %[[S:.*]] = onnx.Constant dense<{{\[\[\[\[}}2.000000e+00, 3.000000e+00]]]]> : tensor<1x1x1x2xf32>
/// Filters [M][C][kH][kW] become [M][kH][kW][C] at compile time: W[m][c][h][w]
/// = 1000 m + 100 c + 10 h + w, so W'[0][0][1] = [1, 101] (h 0, w 1).
//       CHECK:   %[[W1:.*]] = onnx.Constant dense<{{\[\[\[\[}}0.000000e+00, 1.000000e+02], [1.000000e+00, 1.010000e+02]]
//  CHECK-SAME:     tensor<2x2x2x2xf32>
//       CHECK:   %[[T:.*]] = onnx.Transpose %[[X]] {perm = array<i64: 0, 2, 3, 1>} : (tensor<1x2x4x4xf32>) -> tensor<1x4x4x2xf32>
/// SAME_UPPER with a 2x2 kernel at stride 1: 1 pad at the end of each axis.
//       CHECK:   %[[C1:.*]] = onnx.ConvNHWC %[[T]], %[[W1]], %{{.*}} {dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 1, 1>, strides = array<i64: 1, 1>}
//  CHECK-SAME:     -> tensor<1x4x4x2xf32>
//       CHECK:   %[[R1:.*]] = onnx.Relu %[[C1]] : (tensor<1x4x4x2xf32>) -> tensor<1x4x4x2xf32>
//       CHECK:   %[[C2:.*]] = onnx.ConvNHWC %[[R1]]
//       CHECK:   %[[A:.*]] = onnx.Add %[[C2]], %[[R1]] : (tensor<1x4x4x2xf32>, tensor<1x4x4x2xf32>) -> tensor<1x4x4x2xf32>
//       CHECK:   %[[M:.*]] = onnx.Mul %[[A]], %[[S]]
//       CHECK:   %[[P:.*]] = onnx.MaxPoolNHWC %[[M]] {dilations = array<i64: 1, 1>, kernel_shape = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>}
//  CHECK-SAME:     -> tensor<1x2x2x2xf32>
//       CHECK:   %[[Y:.*]] = onnx.Transpose %[[P]] {perm = array<i64: 0, 3, 1, 2>} : (tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32>
//   CHECK-NOT:   onnx.Transpose
//       CHECK:   return %[[Y]]
func.func @bottleneck(%x: tensor<1x2x4x4xf32>) -> tensor<1x2x2x2xf32> {
  %w1 = onnx.Constant dense<[[[[0.0, 1.0], [10.0, 11.0]], [[100.0, 101.0], [110.0, 111.0]]], [[[1000.0, 1001.0], [1010.0, 1011.0]], [[1100.0, 1101.0], [1110.0, 1111.0]]]]> : tensor<2x2x2x2xf32>
  %b1 = onnx.Constant dense<0.5> : tensor<2xf32>
  %c1 = onnx.Conv %x, %w1, %b1 {auto_pad = "SAME_UPPER"} : (tensor<1x2x4x4xf32>, tensor<2x2x2x2xf32>, tensor<2xf32>) -> tensor<1x2x4x4xf32>
  %r1 = onnx.Relu %c1 : (tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32>
  %w2 = onnx.Constant dense<2.0> : tensor<2x2x1x1xf32>
  %c2 = onnx.Conv %r1, %w2 : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32>
  %a = onnx.Add %c2, %r1 : (tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32>
  %s = onnx.Constant dense<[[[2.0]], [[3.0]]]> : tensor<2x1x1xf32>
  %m = onnx.Mul %a, %s : (tensor<1x2x4x4xf32>, tensor<2x1x1xf32>) -> tensor<1x2x4x4xf32>
  %p = onnx.MaxPool %m {kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>} : (tensor<1x2x4x4xf32>) -> tensor<1x2x2x2xf32>
  return %p : tensor<1x2x2x2xf32>
}

// -----

///-----------------------------------------------------------------------------
/// Where transposes stay
///-----------------------------------------------------------------------------

/// Runtime filters are transposed at run time; the group count and the TF32
/// rounding mark carry over. With dense-only (--layout=auto), a function
/// with a grouped convolution stays NCHW; functions without one change.
// DENSE-LABEL: func.func @bottleneck(
//       DENSE:   onnx.ConvNHWC
// DENSE-LABEL: func.func @runtime_filters(
//   DENSE-NOT:   onnx.Transpose
//       DENSE:   onnx.Conv %{{.*}} {group = 2 : si64
//   DENSE-NOT:   onnx.Transpose
//       DENSE:   return
// CHECK-LABEL: func.func @runtime_filters(
//  CHECK-SAME:     %[[X:.*]]: tensor<1x4x3x3xf32>, %[[W:.*]]: tensor<4x2x1x1xf32>)
//   CHECK-DAG:   %[[T:.*]] = onnx.Transpose %[[X]] {perm = array<i64: 0, 2, 3, 1>}
// The filters' transpose only moves unit dimensions: a reshape.
//   CHECK-DAG:   %[[TW:.*]] = onnx.Reshape %[[W]], %{{.*}} : (tensor<4x2x1x1xf32>, tensor<4xi64>) -> tensor<4x1x1x2xf32>
//       CHECK:   %[[C:.*]] = onnx.ConvNHWC %[[T]], %[[TW]] {dilations = array<i64: 1, 1>, group = 2 : si64, modelc.tf32_exact = array<i64: 1>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>}
//       CHECK:   onnx.Transpose %[[C]] {perm = array<i64: 0, 3, 1, 2>}
func.func @runtime_filters(%x: tensor<1x4x3x3xf32>, %w: tensor<4x2x1x1xf32>) -> tensor<1x4x3x3xf32> {
  %c = onnx.Conv %x, %w {group = 2 : si64, modelc.tf32_exact = array<i64: 1>} : (tensor<1x4x3x3xf32>, tensor<4x2x1x1xf32>) -> tensor<1x4x3x3xf32>
  return %c : tensor<1x4x3x3xf32>
}

// -----

/// An elementwise op with an NCHW operand that is not a constant keeps the
/// transpose before it; so does one whose constant would need a transpose
/// (it varies along both C and W).
// CHECK-LABEL: func.func @transposes_stay(
//       CHECK:   %[[C:.*]] = onnx.ConvNHWC
//       CHECK:   %[[T:.*]] = onnx.Transpose %[[C]] {perm = array<i64: 0, 3, 1, 2>}
//       CHECK:   onnx.Add %[[T]], %{{.*}} : (tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>)
//       CHECK:   onnx.Mul %[[T]], %{{.*}} : (tensor<1x2x2x2xf32>, tensor<2x1x2xf32>)
func.func @transposes_stay(%x: tensor<1x2x2x2xf32>, %y: tensor<1x2x2x2xf32>) -> (tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>) {
  %w = onnx.Constant dense<1.0> : tensor<2x2x1x1xf32>
  %c = onnx.Conv %x, %w : (tensor<1x2x2x2xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x2x2xf32>
  %a = onnx.Add %c, %y : (tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32>
  %k = onnx.Constant dense<[[[1.0, 2.0]], [[3.0, 4.0]]]> : tensor<2x1x2xf32>
  %m = onnx.Mul %c, %k : (tensor<1x2x2x2xf32>, tensor<2x1x2xf32>) -> tensor<1x2x2x2xf32>
  return %a, %m : tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>
}

// -----

/// Only 2-D windows with static shapes change: a 1-D convolution, a 3-D max
/// pool and a convolution with a dynamic batch stay as they are.
// CHECK-LABEL: func.func @unchanged(
//   CHECK-NOT:   onnx.Transpose
//   CHECK-NOT:   NHWC
//       CHECK:   return
func.func @unchanged(%x: tensor<1x2x8xf32>, %w: tensor<2x2x3xf32>, %v: tensor<1x2x4x4x4xf32>, %d: tensor<?x2x4x4xf32>, %dw: tensor<2x2x1x1xf32>) -> (tensor<1x2x6xf32>, tensor<1x2x2x2x2xf32>, tensor<?x2x4x4xf32>) {
  %c = onnx.Conv %x, %w : (tensor<1x2x8xf32>, tensor<2x2x3xf32>) -> tensor<1x2x6xf32>
  %p = onnx.MaxPool %v {kernel_shape = array<i64: 2, 2, 2>, strides = array<i64: 2, 2, 2>} : (tensor<1x2x4x4x4xf32>) -> tensor<1x2x2x2x2xf32>
  %e = onnx.Conv %d, %dw : (tensor<?x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<?x2x4x4xf32>
  return %c, %p, %e : tensor<1x2x6xf32>, tensor<1x2x2x2x2xf32>, tensor<?x2x4x4xf32>
}

// -----

/// Constants of all-ones shape broadcast the same in either layout and stay
/// as they are: Clip's scalar bounds, a [1, 1, 1, 1] addend.
// CHECK-LABEL: func.func @scalar_operands(
//   CHECK-DAG:   %[[LO:.*]] = onnx.Constant dense<0.000000e+00> : tensor<f32>
//   CHECK-DAG:   %[[HI:.*]] = onnx.Constant dense<6.000000e+00> : tensor<f32>
//   CHECK-DAG:   %[[ONE:.*]] = onnx.Constant dense<1.000000e+00> : tensor<1x1x1x1xf32>
//       CHECK:   %[[C:.*]] = onnx.ConvNHWC
//       CHECK:   %[[K:.*]] = onnx.Clip %[[C]] min %[[LO]] max %[[HI]] : (tensor<1x3x3x2xf32>, tensor<f32>, tensor<f32>) -> tensor<1x3x3x2xf32>
//       CHECK:   %[[A:.*]] = onnx.Add %[[K]], %[[ONE]] : (tensor<1x3x3x2xf32>, tensor<1x1x1x1xf32>) -> tensor<1x3x3x2xf32>
//       CHECK:   onnx.Transpose %[[A]] {perm = array<i64: 0, 3, 1, 2>}
func.func @scalar_operands(%x: tensor<1x2x3x3xf32>) -> tensor<1x2x3x3xf32> {
  %w = onnx.Constant dense<1.0> : tensor<2x2x1x1xf32>
  %c = onnx.Conv %x, %w : (tensor<1x2x3x3xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x3x3xf32>
  %lo = onnx.Constant dense<0.0> : tensor<f32>
  %hi = onnx.Constant dense<6.0> : tensor<f32>
  %k = onnx.Clip %c min %lo max %hi : (tensor<1x2x3x3xf32>, tensor<f32>, tensor<f32>) -> tensor<1x2x3x3xf32>
  %one = onnx.Constant dense<1.0> : tensor<1x1x1x1xf32>
  %a = onnx.Add %k, %one : (tensor<1x2x3x3xf32>, tensor<1x1x1x1xf32>) -> tensor<1x2x3x3xf32>
  return %a : tensor<1x2x3x3xf32>
}

// -----

/// Transposes sink through a Concat of transposed inputs (the channel axis
/// 1 becomes 3) and a Slice with constant axes (axes [1] become [3]; a
/// Slice without axes gets them explicit, [0, 3]): a detector's split and
/// join of channels between convolutions stays NHWC.
// CHECK-LABEL: func.func @concat_and_slice(
//   CHECK-DAG:   %[[AXES2:.*]] = onnx.Constant dense<[0, 3]> : tensor<2xi64>
//   CHECK-DAG:   %[[AXES:.*]] = onnx.Constant dense<3> : tensor<1xi64>
//       CHECK:   %[[C:.*]] = onnx.ConvNHWC
//       CHECK:   %[[S:.*]] = onnx.Slice %[[C]], %{{.*}}, %{{.*}} axes %[[AXES]] : {{.*}} -> tensor<1x3x3x2xf32>
//       CHECK:   %[[J:.*]] = onnx.Concat %[[S]], %[[C]] {axis = 3 : si64} : (tensor<1x3x3x2xf32>, tensor<1x3x3x4xf32>) -> tensor<1x3x3x6xf32>
//       CHECK:   %[[S2:.*]] = onnx.Slice %[[J]], %{{.*}}, %{{.*}} axes %[[AXES2]] : {{.*}} -> tensor<1x3x3x1xf32>
// Back to NCHW: one channel, so a reshape.
//       CHECK:   onnx.Reshape %[[S2]], %{{.*}} -> tensor<1x1x3x3xf32>
//   CHECK-NOT:   onnx.Transpose
//       CHECK:   return
func.func @concat_and_slice(%x: tensor<1x4x3x3xf32>) -> tensor<1x1x3x3xf32> {
  %w = onnx.Constant dense<1.0> : tensor<4x4x1x1xf32>
  %c = onnx.Conv %x, %w : (tensor<1x4x3x3xf32>, tensor<4x4x1x1xf32>) -> tensor<1x4x3x3xf32>
  %start = onnx.Constant dense<2> : tensor<1xi64>
  %end = onnx.Constant dense<4> : tensor<1xi64>
  %axis = onnx.Constant dense<1> : tensor<1xi64>
  %s = onnx.Slice %c, %start, %end axes %axis : (tensor<1x4x3x3xf32>, tensor<1xi64>, tensor<1xi64>, tensor<1xi64>) -> tensor<1x2x3x3xf32>
  %j = onnx.Concat %s, %c {axis = 1 : si64} : (tensor<1x2x3x3xf32>, tensor<1x4x3x3xf32>) -> tensor<1x6x3x3xf32>
  %starts = onnx.Constant dense<[0, 5]> : tensor<2xi64>
  %ends = onnx.Constant dense<[1, 6]> : tensor<2xi64>
  %s2 = onnx.Slice %j, %starts, %ends : (tensor<1x6x3x3xf32>, tensor<2xi64>, tensor<2xi64>) -> tensor<1x1x3x3xf32>
  return %s2 : tensor<1x1x3x3xf32>
}

// -----

/// A Concat with an NCHW input and a Slice with axes known only at run time
/// keep the transpose before them.
// CHECK-LABEL: func.func @concat_and_slice_stay(
//       CHECK:   %[[C:.*]] = onnx.ConvNHWC
//       CHECK:   %[[T:.*]] = onnx.Transpose %[[C]] {perm = array<i64: 0, 3, 1, 2>}
//   CHECK-DAG:   onnx.Concat %[[T]], %{{.*}} {axis = 1 : si64} : (tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>) -> tensor<1x4x2x2xf32>
//   CHECK-DAG:   onnx.Slice %[[T]], %{{.*}}, %{{.*}} axes %{{.*}} : (tensor<1x2x2x2xf32>, {{.*}}) -> tensor<1x1x2x2xf32>
func.func @concat_and_slice_stay(%x: tensor<1x2x2x2xf32>, %y: tensor<1x2x2x2xf32>, %axes: tensor<1xi64>) -> (tensor<1x4x2x2xf32>, tensor<1x1x2x2xf32>) {
  %w = onnx.Constant dense<1.0> : tensor<2x2x1x1xf32>
  %c = onnx.Conv %x, %w : (tensor<1x2x2x2xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x2x2xf32>
  %j = onnx.Concat %c, %y {axis = 1 : si64} : (tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>) -> tensor<1x4x2x2xf32>
  %start = onnx.Constant dense<0> : tensor<1xi64>
  %end = onnx.Constant dense<1> : tensor<1xi64>
  %s = onnx.Slice %c, %start, %end axes %axes : (tensor<1x2x2x2xf32>, tensor<1xi64>, tensor<1xi64>, tensor<1xi64>) -> tensor<1x1x2x2xf32>
  return %j, %s : tensor<1x4x2x2xf32>, tensor<1x1x2x2xf32>
}

// -----

/// A global average pool of channels-last activations reads them as they
/// are (GlobalAveragePoolNHWC, N x 1 x 1 x C); the transpose after it moves
/// unit dimensions only, so it is a Reshape. One of an NCHW input stays as
/// it is.
// CHECK-LABEL: func.func @global_average_pool(
//       CHECK:   %[[C:.*]] = onnx.ConvNHWC
//       CHECK:   %[[R:.*]] = onnx.Relu %[[C]] : (tensor<1x4x4x8xf32>)
//       CHECK:   %[[P:.*]] = onnx.GlobalAveragePoolNHWC %[[R]] : (tensor<1x4x4x8xf32>) -> tensor<1x1x1x8xf32>
//       CHECK:   %[[T:.*]] = onnx.Reshape %[[P]], %{{.*}} : (tensor<1x1x1x8xf32>, tensor<4xi64>) -> tensor<1x8x1x1xf32>
//       CHECK:   %[[Q:.*]] = onnx.GlobalAveragePool %{{.*}} : (tensor<1x3x4x4xf32>) -> tensor<1x3x1x1xf32>
//       CHECK:   return %[[T]], %[[Q]]
func.func @global_average_pool(%x: tensor<1x2x4x4xf32>, %y: tensor<1x3x4x4xf32>) -> (tensor<1x8x1x1xf32>, tensor<1x3x1x1xf32>) {
  %w = onnx.Constant dense<1.0> : tensor<8x2x1x1xf32>
  %c = onnx.Conv %x, %w : (tensor<1x2x4x4xf32>, tensor<8x2x1x1xf32>) -> tensor<1x8x4x4xf32>
  %r = onnx.Relu %c : (tensor<1x8x4x4xf32>) -> tensor<1x8x4x4xf32>
  %p = onnx.GlobalAveragePool %r : (tensor<1x8x4x4xf32>) -> tensor<1x8x1x1xf32>
  %q = onnx.GlobalAveragePool %y : (tensor<1x3x4x4xf32>) -> tensor<1x3x1x1xf32>
  return %p, %q : tensor<1x8x1x1xf32>, tensor<1x3x1x1xf32>
}

// RUN: modelc-opt %s --split-input-file --pass-pipeline="builtin.module(func.func(onnx-merge-pointwise-conv-sums))" | FileCheck %s

// ResNet's first bottleneck of a stage: conv3 (stride 1) plus the
// downsample (stride 2) becomes one convolution over conv3's input and
// every second pixel of the downsample's, the weights side by side (row o:
// conv3's 2 channels, then the downsample's 2), the biases summed; the
// rounding mark both carry stays. The old weights go.
// CHECK-LABEL: func.func @bottleneck(
//  CHECK-SAME:   %[[A:.*]]: tensor<1x2x2x2xf32>, %[[D:.*]]: tensor<1x4x4x2xf32>)
//   CHECK-DAG:   %[[W:.*]] = onnx.Constant dense<{{\[}}{{\[}}{{\[}}[1.000000e+00, 2.000000e+00, 5.000000e+00, 6.000000e+00]]], {{\[}}{{\[}}[3.000000e+00, 4.000000e+00, 7.000000e+00, 8.000000e+00]]], {{\[}}{{\[}}[1.000000e+00, 2.000000e+00, 5.000000e+00, 6.000000e+00]]], {{\[}}{{\[}}[3.000000e+00, 4.000000e+00, 7.000000e+00, 8.000000e+00]]], {{\[}}{{\[}}[1.000000e+00, 2.000000e+00, 5.000000e+00, 6.000000e+00]]]]> : tensor<5x1x1x4xf32>
//   CHECK-DAG:   %[[B:.*]] = onnx.Constant dense<[1.500000e+00, 2.500000e+00, 3.500000e+00, 4.500000e+00, 5.500000e+00]> : tensor<5xf32>
//   CHECK-DAG:   %[[S:.*]] = onnx.Slice %[[D]], {{.*}} -> tensor<1x2x2x2xf32>
//   CHECK-DAG:   %[[C:.*]] = onnx.Concat %[[A]], %[[S]] {axis = 3 : si64} : {{.*}} -> tensor<1x2x2x4xf32>
//       CHECK:   %[[Y:.*]] = onnx.ConvNHWC %[[C]], %[[W]], %[[B]] {dilations = array<i64: 1, 1>, modelc.tf32_exact = array<i64: 1>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>}
//  CHECK-SAME:   -> tensor<1x2x2x5xf32>
//       CHECK:   %[[R:.*]] = onnx.Relu %[[Y]]
//       CHECK:   return %[[R]]
//   CHECK-NOT:   onnx.Constant
func.func @bottleneck(%a: tensor<1x2x2x2xf32>, %d: tensor<1x4x4x2xf32>) -> tensor<1x2x2x5xf32> {
  %wa = onnx.Constant dense<[[[[1.0, 2.0]]], [[[3.0, 4.0]]], [[[1.0, 2.0]]], [[[3.0, 4.0]]], [[[1.0, 2.0]]]]> : tensor<5x1x1x2xf32>
  %wd = onnx.Constant dense<[[[[5.0, 6.0]]], [[[7.0, 8.0]]], [[[5.0, 6.0]]], [[[7.0, 8.0]]], [[[5.0, 6.0]]]]> : tensor<5x1x1x2xf32>
  %ba = onnx.Constant dense<[1.0, 2.0, 3.0, 4.0, 5.0]> : tensor<5xf32>
  %bd = onnx.Constant dense<0.5> : tensor<5xf32>
  %y = onnx.ConvNHWC %a, %wa, %ba {dilations = array<i64: 1, 1>, group = 1 : si64, modelc.tf32_exact = array<i64: 1>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x2x2x2xf32>, tensor<5x1x1x2xf32>, tensor<5xf32>) -> tensor<1x2x2x5xf32>
  %z = onnx.ConvNHWC %d, %wd, %bd {dilations = array<i64: 1, 1>, group = 1 : si64, modelc.tf32_exact = array<i64: 1>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>} : (tensor<1x4x4x2xf32>, tensor<5x1x1x2xf32>, tensor<5xf32>) -> tensor<1x2x2x5xf32>
  %s = onnx.Add %y, %z : (tensor<1x2x2x5xf32>, tensor<1x2x2x5xf32>) -> tensor<1x2x2x5xf32>
  %r = onnx.Relu %s : (tensor<1x2x2x5xf32>) -> tensor<1x2x2x5xf32>
  return %r : tensor<1x2x2x5xf32>
}

// -----

// Both at stride 1, one without bias (the other's is the sum's), f16: no
// slice.
// CHECK-LABEL: func.func @one_bias(
//  CHECK-SAME:   %[[A:.*]]: tensor<1x2x2x2xf16>, %[[D:.*]]: tensor<1x2x2x2xf16>)
//   CHECK-DAG:   %[[B:.*]] = onnx.Constant dense<1.000000e+00> : tensor<3xf16>
//   CHECK-DAG:   %[[C:.*]] = onnx.Concat %[[A]], %[[D]] {axis = 3 : si64}
//       CHECK:   onnx.ConvNHWC %[[C]], %{{.*}}, %[[B]]
//   CHECK-NOT:   onnx.Slice
func.func @one_bias(%a: tensor<1x2x2x2xf16>, %d: tensor<1x2x2x2xf16>) -> tensor<1x2x2x3xf16> {
  %w = onnx.Constant dense<1.0> : tensor<3x1x1x2xf16>
  %b = onnx.Constant dense<1.0> : tensor<3xf16>
  %y = onnx.ConvNHWC %a, %w {dilations = array<i64: 1, 1>, group = 1 : si64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x2x2x2xf16>, tensor<3x1x1x2xf16>) -> tensor<1x2x2x3xf16>
  %z = onnx.ConvNHWC %d, %w, %b {dilations = array<i64: 1, 1>, group = 1 : si64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x2x2x2xf16>, tensor<3x1x1x2xf16>, tensor<3xf16>) -> tensor<1x2x2x3xf16>
  %s = onnx.Add %y, %z : (tensor<1x2x2x3xf16>, tensor<1x2x2x3xf16>) -> tensor<1x2x2x3xf16>
  return %s : tensor<1x2x2x3xf16>
}

// -----

// Left alone: a 3x3 convolution in the sum; weights that are not
// constants; a convolution result used twice; too few output channels
// (2 N = 4 <= 2 + 2: the concatenated input would cost more than the
// output saved); padding.
// CHECK-LABEL: func.func @kept(
//   CHECK-NOT:   onnx.Concat
//       CHECK:   return
func.func @kept(%a: tensor<1x4x4x2xf32>, %d: tensor<1x4x4x2xf32>, %wx: tensor<8x1x1x2xf32>) -> (tensor<1x2x2x8xf32>, tensor<1x4x4x8xf32>, tensor<1x4x4x8xf32>, tensor<1x4x4x8xf32>, tensor<1x4x4x2xf32>, tensor<1x6x6x8xf32>) {
  %w1 = onnx.Constant dense<1.0> : tensor<8x1x1x2xf32>
  %w3 = onnx.Constant dense<1.0> : tensor<8x3x3x2xf32>
  %n3 = onnx.ConvNHWC %a, %w3 {dilations = array<i64: 1, 1>, group = 1 : si64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x4x4x2xf32>, tensor<8x3x3x2xf32>) -> tensor<1x2x2x8xf32>
  %p1 = onnx.ConvNHWC %d, %w1 {dilations = array<i64: 1, 1>, group = 1 : si64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>} : (tensor<1x4x4x2xf32>, tensor<8x1x1x2xf32>) -> tensor<1x2x2x8xf32>
  %s1 = onnx.Add %n3, %p1 : (tensor<1x2x2x8xf32>, tensor<1x2x2x8xf32>) -> tensor<1x2x2x8xf32>
  %x1 = onnx.ConvNHWC %a, %wx {dilations = array<i64: 1, 1>, group = 1 : si64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x4x4x2xf32>, tensor<8x1x1x2xf32>) -> tensor<1x4x4x8xf32>
  %x2 = onnx.ConvNHWC %d, %w1 {dilations = array<i64: 1, 1>, group = 1 : si64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x4x4x2xf32>, tensor<8x1x1x2xf32>) -> tensor<1x4x4x8xf32>
  %s2 = onnx.Add %x1, %x2 : (tensor<1x4x4x8xf32>, tensor<1x4x4x8xf32>) -> tensor<1x4x4x8xf32>
  %u1 = onnx.ConvNHWC %a, %w1 {dilations = array<i64: 1, 1>, group = 1 : si64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x4x4x2xf32>, tensor<8x1x1x2xf32>) -> tensor<1x4x4x8xf32>
  %u2 = onnx.ConvNHWC %d, %w1 {dilations = array<i64: 1, 1>, group = 1 : si64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x4x4x2xf32>, tensor<8x1x1x2xf32>) -> tensor<1x4x4x8xf32>
  %s3 = onnx.Add %u1, %u2 : (tensor<1x4x4x8xf32>, tensor<1x4x4x8xf32>) -> tensor<1x4x4x8xf32>
  %w2 = onnx.Constant dense<1.0> : tensor<2x1x1x2xf32>
  %f1 = onnx.ConvNHWC %a, %w2 {dilations = array<i64: 1, 1>, group = 1 : si64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x4x4x2xf32>, tensor<2x1x1x2xf32>) -> tensor<1x4x4x2xf32>
  %f2 = onnx.ConvNHWC %d, %w2 {dilations = array<i64: 1, 1>, group = 1 : si64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x4x4x2xf32>, tensor<2x1x1x2xf32>) -> tensor<1x4x4x2xf32>
  %s4 = onnx.Add %f1, %f2 : (tensor<1x4x4x2xf32>, tensor<1x4x4x2xf32>) -> tensor<1x4x4x2xf32>
  %g1 = onnx.ConvNHWC %a, %w1 {dilations = array<i64: 1, 1>, group = 1 : si64, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 1, 1>} : (tensor<1x4x4x2xf32>, tensor<8x1x1x2xf32>) -> tensor<1x6x6x8xf32>
  %g2 = onnx.ConvNHWC %d, %w1 {dilations = array<i64: 1, 1>, group = 1 : si64, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 1, 1>} : (tensor<1x4x4x2xf32>, tensor<8x1x1x2xf32>) -> tensor<1x6x6x8xf32>
  %s5 = onnx.Add %g1, %g2 : (tensor<1x6x6x8xf32>, tensor<1x6x6x8xf32>) -> tensor<1x6x6x8xf32>
  return %s1, %s2, %s3, %u1, %s4, %s5 : tensor<1x2x2x8xf32>, tensor<1x4x4x8xf32>, tensor<1x4x4x8xf32>, tensor<1x4x4x8xf32>, tensor<1x4x4x2xf32>, tensor<1x6x6x8xf32>
}

// RUN: modelc-opt %s | modelc-opt | FileCheck %s
// RUN: modelc-opt %s --mlir-print-op-generic | modelc-opt | FileCheck %s

/// Every onnx op family parses, verifies and prints back in its custom form.

// CHECK-LABEL: func.func @constants_and_shapes(
func.func @constants_and_shapes(%x: tensor<2x3xf32>) -> (tensor<2xi64>, tensor<i64>, tensor<2x3xf32>, tensor<4xi64>) {
  // CHECK: onnx.Constant dense<[2, 3]> : tensor<2xi64>
  %shape = onnx.Constant dense<[2, 3]> : tensor<2xi64>
  // CHECK: onnx.Shape %{{.*}} : (tensor<2x3xf32>) -> tensor<2xi64>
  %s = onnx.Shape %x : (tensor<2x3xf32>) -> tensor<2xi64>
  // CHECK: onnx.Size
  %n = onnx.Size %x : (tensor<2x3xf32>) -> tensor<i64>
  // CHECK: onnx.ConstantOfShape %{{.*}} {value = dense<1.000000e+00> : tensor<1xf32>}
  %c = onnx.ConstantOfShape %shape {value = dense<1.0> : tensor<1xf32>} : (tensor<2xi64>) -> tensor<2x3xf32>
  %start = onnx.Constant dense<0> : tensor<i64>
  %limit = onnx.Constant dense<8> : tensor<i64>
  %delta = onnx.Constant dense<2> : tensor<i64>
  // CHECK: onnx.Range
  %r = onnx.Range %start, %limit, %delta : (tensor<i64>, tensor<i64>, tensor<i64>) -> tensor<4xi64>
  return %s, %n, %c, %r : tensor<2xi64>, tensor<i64>, tensor<2x3xf32>, tensor<4xi64>
}

// CHECK-LABEL: func.func @elementwise(
func.func @elementwise(%x: tensor<2x3xf32>, %y: tensor<3xf32>, %b: tensor<2x3xi1>, %i: tensor<2x3xi64>) -> tensor<2x3xf32> {
  // CHECK: onnx.Relu
  %0 = onnx.Relu %x : (tensor<2x3xf32>) -> tensor<2x3xf32>
  // CHECK: onnx.LeakyRelu %{{.*}} {alpha = 2.000000e-01 : f32}
  %1 = onnx.LeakyRelu %0 {alpha = 0.2 : f32} : (tensor<2x3xf32>) -> tensor<2x3xf32>
  // CHECK: onnx.HardSigmoid
  %2 = onnx.HardSigmoid %1 : (tensor<2x3xf32>) -> tensor<2x3xf32>
  // CHECK: onnx.Add %{{.*}}, %{{.*}} : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  %3 = onnx.Add %2, %y : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  // CHECK: onnx.Less {{.*}} -> tensor<2x3xi1>
  %4 = onnx.Less %3, %y : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xi1>
  // CHECK: onnx.And
  %5 = onnx.And %4, %b : (tensor<2x3xi1>, tensor<2x3xi1>) -> tensor<2x3xi1>
  // CHECK: onnx.Where
  %6 = onnx.Where %5, %3, %x : (tensor<2x3xi1>, tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  // CHECK: onnx.Max {{.*}} : (tensor<2x3xf32>, tensor<3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  %7 = onnx.Max %6, %y, %x : (tensor<2x3xf32>, tensor<3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  // CHECK: onnx.Pow {{.*}} : (tensor<2x3xf32>, tensor<2x3xi64>) -> tensor<2x3xf32>
  %8 = onnx.Pow %7, %i : (tensor<2x3xf32>, tensor<2x3xi64>) -> tensor<2x3xf32>
  %lo = onnx.Constant dense<0.0> : tensor<f32>
  // CHECK: onnx.Clip %{{.*}} min %{{.*}} : (tensor<2x3xf32>, tensor<f32>) -> tensor<2x3xf32>
  %9 = onnx.Clip %8 min %lo : (tensor<2x3xf32>, tensor<f32>) -> tensor<2x3xf32>
  // CHECK: onnx.Cast %{{.*}} {to = 10 : si64} : (tensor<2x3xf32>) -> tensor<2x3xf16>
  %10 = onnx.Cast %9 {to = 10 : si64} : (tensor<2x3xf32>) -> tensor<2x3xf16>
  // CHECK: onnx.IsNaN {{.*}} -> tensor<2x3xi1>
  %11 = onnx.IsNaN %9 : (tensor<2x3xf32>) -> tensor<2x3xi1>
  // CHECK: onnx.Erf
  %12 = onnx.Erf %9 : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return %12 : tensor<2x3xf32>
}

// CHECK-LABEL: func.func @linear_algebra(
func.func @linear_algebra(%a: tensor<4x8xf32>, %b: tensor<16x8xf32>, %c: tensor<16xf32>, %m: tensor<2x8x16xf32>) -> (tensor<4x16xf32>, tensor<2x4x16xf32>) {
  // CHECK: onnx.Gemm %{{.*}}, %{{.*}}, %{{.*}} {transB = 1 : si64}
  %y = onnx.Gemm %a, %b, %c {transB = 1 : si64} : (tensor<4x8xf32>, tensor<16x8xf32>, tensor<16xf32>) -> tensor<4x16xf32>
  // CHECK: onnx.MatMul {{.*}} -> tensor<2x4x16xf32>
  %z = onnx.MatMul %a, %m : (tensor<4x8xf32>, tensor<2x8x16xf32>) -> tensor<2x4x16xf32>
  return %y, %z : tensor<4x16xf32>, tensor<2x4x16xf32>
}

// CHECK-LABEL: func.func @convolution_and_pooling(
func.func @convolution_and_pooling(%x: tensor<1x3x32x32xf32>, %w: tensor<8x3x3x3xf32>, %b: tensor<8xf32>, %wt: tensor<8x4x2x2xf32>) -> (tensor<1x8x8x8xf32>, tensor<1x8x1x1xf32>, tensor<1x4x32x32xf32>) {
  // CHECK: onnx.Conv {{.*}} {pads = array<i64: 1, 1, 1, 1>}
  %0 = onnx.Conv %x, %w, %b {pads = array<i64: 1, 1, 1, 1>} : (tensor<1x3x32x32xf32>, tensor<8x3x3x3xf32>, tensor<8xf32>) -> tensor<1x8x32x32xf32>
  // CHECK: onnx.MaxPool {{.*}}kernel_shape = array<i64: 2, 2>
  %1 = onnx.MaxPool %0 {kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>} : (tensor<1x8x32x32xf32>) -> tensor<1x8x16x16xf32>
  // CHECK: onnx.AveragePool {{.*}}ceil_mode = 1 : si64
  %2 = onnx.AveragePool %1 {ceil_mode = 1 : si64, kernel_shape = array<i64: 3, 3>, strides = array<i64: 2, 2>} : (tensor<1x8x16x16xf32>) -> tensor<1x8x8x8xf32>
  // CHECK: onnx.GlobalAveragePool
  %3 = onnx.GlobalAveragePool %2 : (tensor<1x8x8x8xf32>) -> tensor<1x8x1x1xf32>
  // CHECK: onnx.ConvTranspose {{.*}} -> tensor<1x4x32x32xf32>
  %4 = onnx.ConvTranspose %1, %wt {strides = array<i64: 2, 2>} : (tensor<1x8x16x16xf32>, tensor<8x4x2x2xf32>) -> tensor<1x4x32x32xf32>
  return %2, %3, %4 : tensor<1x8x8x8xf32>, tensor<1x8x1x1xf32>, tensor<1x4x32x32xf32>
}

// CHECK-LABEL: func.func @normalizations(
func.func @normalizations(%x: tensor<1x4x8x8xf32>, %p: tensor<4xf32>, %t: tensor<2x16x32xf32>, %g: tensor<32xf32>) -> (tensor<1x4x8x8xf32>, tensor<2x16x32xf32>, tensor<2x16x1xf32>, tensor<2x16x32xf32>) {
  // CHECK: onnx.BatchNormalization {{.*}}epsilon = 1.000000e-03 : f32
  %0 = onnx.BatchNormalization %x, %p, %p, %p, %p {epsilon = 1.0e-3 : f32} : (tensor<1x4x8x8xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<1x4x8x8xf32>
  // CHECK: onnx.LayerNormalization {{.*}} -> (tensor<2x16x32xf32>, tensor<2x16x1xf32>, tensor<2x16x1xf32>)
  %1, %mean, %inv = onnx.LayerNormalization %t, %g, %g {resultSegmentSizes = array<i32: 1, 1, 1>} : (tensor<2x16x32xf32>, tensor<32xf32>, tensor<32xf32>) -> (tensor<2x16x32xf32>, tensor<2x16x1xf32>, tensor<2x16x1xf32>)
  // CHECK: onnx.Softmax {{.*}}axis = 1 : si64
  %2 = onnx.Softmax %1 {axis = 1 : si64} : (tensor<2x16x32xf32>) -> tensor<2x16x32xf32>
  return %0, %1, %mean, %2 : tensor<1x4x8x8xf32>, tensor<2x16x32xf32>, tensor<2x16x1xf32>, tensor<2x16x32xf32>
}

// CHECK-LABEL: func.func @reductions(
func.func @reductions(%x: tensor<2x3x4xf32>, %axes: tensor<1xi64>) -> (tensor<2x1x4xf32>, tensor<2x4xf32>, tensor<2x1x4xi64>, tensor<2x3x2xf32>, tensor<2x3x2xi64>) {
  // CHECK: onnx.ReduceMean {{.*}}axes = array<i64: 1>
  %0 = onnx.ReduceMean %x {axes = array<i64: 1>} : (tensor<2x3x4xf32>) -> tensor<2x1x4xf32>
  %one = onnx.Constant dense<1> : tensor<1xi64>
  // CHECK: onnx.ReduceSum {{.*}}keepdims = 0 : si64
  %1 = onnx.ReduceSum %x, %one {keepdims = 0 : si64} : (tensor<2x3x4xf32>, tensor<1xi64>) -> tensor<2x4xf32>
  // CHECK: onnx.ArgMax
  %2 = onnx.ArgMax %x {axis = 1 : si64} : (tensor<2x3x4xf32>) -> tensor<2x1x4xi64>
  %k = onnx.Constant dense<2> : tensor<1xi64>
  // CHECK: onnx.TopK
  %v, %i = onnx.TopK %x, %k : (tensor<2x3x4xf32>, tensor<1xi64>) -> (tensor<2x3x2xf32>, tensor<2x3x2xi64>)
  return %0, %1, %2, %v, %i : tensor<2x1x4xf32>, tensor<2x4xf32>, tensor<2x1x4xi64>, tensor<2x3x2xf32>, tensor<2x3x2xi64>
}

// CHECK-LABEL: func.func @data_movement(
func.func @data_movement(%x: tensor<2x3x4xf32>, %ids: tensor<5xi64>) -> (tensor<4x6xf32>, tensor<2x4x3xf32>, tensor<2x3x8xf32>, tensor<2x1x4xf32>, tensor<2x2x4xf32>, tensor<5x3x4xf32>) {
  %shape = onnx.Constant dense<[4, 6]> : tensor<2xi64>
  // CHECK: onnx.Reshape
  %0 = onnx.Reshape %x, %shape : (tensor<2x3x4xf32>, tensor<2xi64>) -> tensor<4x6xf32>
  // CHECK: onnx.Transpose {{.*}}perm = array<i64: 0, 2, 1>
  %1 = onnx.Transpose %x {perm = array<i64: 0, 2, 1>} : (tensor<2x3x4xf32>) -> tensor<2x4x3xf32>
  // CHECK: onnx.Concat {{.*}}axis = -1 : si64
  %2 = onnx.Concat %x, %x {axis = -1 : si64} : (tensor<2x3x4xf32>, tensor<2x3x4xf32>) -> tensor<2x3x8xf32>
  %split = onnx.Constant dense<[1, 2]> : tensor<2xi64>
  // CHECK: onnx.Split {{.*}} -> (tensor<2x1x4xf32>, tensor<2x2x4xf32>)
  %3:2 = onnx.Split %x, %split {axis = 1 : si64} : (tensor<2x3x4xf32>, tensor<2xi64>) -> (tensor<2x1x4xf32>, tensor<2x2x4xf32>)
  %starts = onnx.Constant dense<1> : tensor<1xi64>
  %ends = onnx.Constant dense<3> : tensor<1xi64>
  %axes = onnx.Constant dense<1> : tensor<1xi64>
  // CHECK: onnx.Slice %{{.*}}, %{{.*}}, %{{.*}} axes %{{.*}} : (tensor<2x3x4xf32>, tensor<1xi64>, tensor<1xi64>, tensor<1xi64>) -> tensor<2x2x4xf32>
  %4 = onnx.Slice %x, %starts, %ends axes %axes : (tensor<2x3x4xf32>, tensor<1xi64>, tensor<1xi64>, tensor<1xi64>) -> tensor<2x2x4xf32>
  // CHECK: onnx.Gather
  %5 = onnx.Gather %x, %ids : (tensor<2x3x4xf32>, tensor<5xi64>) -> tensor<5x3x4xf32>
  return %0, %1, %2, %3#0, %4, %5 : tensor<4x6xf32>, tensor<2x4x3xf32>, tensor<2x3x8xf32>, tensor<2x1x4xf32>, tensor<2x2x4xf32>, tensor<5x3x4xf32>
}

// CHECK-LABEL: func.func @shape_ops(
func.func @shape_ops(%x: tensor<3x1xf32>, %img: tensor<1x8x2x2xf32>) -> (tensor<1x3x1xf32>, tensor<3xf32>, tensor<3x4xf32>, tensor<6x2xf32>, tensor<5x3xf32>, tensor<1x8x4x4xf32>, tensor<1x2x4x4xf32>) {
  %axes = onnx.Constant dense<0> : tensor<1xi64>
  %one = onnx.Constant dense<1> : tensor<1xi64>
  // CHECK: onnx.Unsqueeze
  %0 = onnx.Unsqueeze %x, %axes : (tensor<3x1xf32>, tensor<1xi64>) -> tensor<1x3x1xf32>
  // CHECK: onnx.Squeeze
  %1 = onnx.Squeeze %x, %one : (tensor<3x1xf32>, tensor<1xi64>) -> tensor<3xf32>
  %shape = onnx.Constant dense<[3, 4]> : tensor<2xi64>
  // CHECK: onnx.Expand
  %2 = onnx.Expand %x, %shape : (tensor<3x1xf32>, tensor<2xi64>) -> tensor<3x4xf32>
  %repeats = onnx.Constant dense<[2, 2]> : tensor<2xi64>
  // CHECK: onnx.Tile
  %3 = onnx.Tile %x, %repeats : (tensor<3x1xf32>, tensor<2xi64>) -> tensor<6x2xf32>
  %pads = onnx.Constant dense<[1, 1, 1, 1]> : tensor<4xi64>
  // CHECK: onnx.Pad {{.*}}mode = "edge"
  %4 = onnx.Pad %x, %pads {mode = "edge"} : (tensor<3x1xf32>, tensor<4xi64>) -> tensor<5x3xf32>
  %scales = onnx.Constant dense<[1.0, 1.0, 2.0, 2.0]> : tensor<4xf32>
  // CHECK: onnx.Resize %{{.*}} scales %{{.*}} {mode = "linear"}
  %5 = onnx.Resize %img scales %scales {mode = "linear"} : (tensor<1x8x2x2xf32>, tensor<4xf32>) -> tensor<1x8x4x4xf32>
  // CHECK: onnx.DepthToSpace
  %6 = onnx.DepthToSpace %img {blocksize = 2 : si64} : (tensor<1x8x2x2xf32>) -> tensor<1x2x4x4xf32>
  return %0, %1, %2, %3, %4, %5, %6 : tensor<1x3x1xf32>, tensor<3xf32>, tensor<3x4xf32>, tensor<6x2xf32>, tensor<5x3xf32>, tensor<1x8x4x4xf32>, tensor<1x2x4x4xf32>
}

// CHECK-LABEL: func.func @identities(
func.func @identities(%x: tensor<4xf32>, %r: tensor<f32>) -> (tensor<4xf32>, tensor<4xi1>) {
  // CHECK: onnx.Identity
  %0 = onnx.Identity %x : (tensor<4xf32>) -> tensor<4xf32>
  // CHECK: onnx.Dropout %{{.*}} ratio %{{.*}} : (tensor<4xf32>, tensor<f32>) -> (tensor<4xf32>, tensor<4xi1>)
  %1, %mask = onnx.Dropout %0 ratio %r : (tensor<4xf32>, tensor<f32>) -> (tensor<4xf32>, tensor<4xi1>)
  return %1, %mask : tensor<4xf32>, tensor<4xi1>
}

/// A declared type may be more static than the inferred one: here the
/// reshape target is not a constant, so only the rank is inferred.
// CHECK-LABEL: func.func @declared_type_refines_inferred(
func.func @declared_type_refines_inferred(%x: tensor<2x3xf32>, %shape: tensor<2xi64>) -> tensor<3x2xf32> {
  // CHECK: onnx.Reshape {{.*}} -> tensor<3x2xf32>
  %0 = onnx.Reshape %x, %shape : (tensor<2x3xf32>, tensor<2xi64>) -> tensor<3x2xf32>
  return %0 : tensor<3x2xf32>
}

/// The channels-last forms (modelc additions, from onnx-channels-last).
// CHECK-LABEL: func.func @channels_last(
func.func @channels_last(%x: tensor<1x32x32x3xf32>, %w: tensor<8x3x3x3xf32>, %b: tensor<8xf32>) -> tensor<1x16x16x8xf32> {
  // CHECK: onnx.ConvNHWC {{.*}} -> tensor<1x32x32x8xf32>
  %0 = onnx.ConvNHWC %x, %w, %b {dilations = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 1, 1>} : (tensor<1x32x32x3xf32>, tensor<8x3x3x3xf32>, tensor<8xf32>) -> tensor<1x32x32x8xf32>
  // CHECK: onnx.MaxPoolNHWC {{.*}} -> tensor<1x16x16x8xf32>
  %1 = onnx.MaxPoolNHWC %0 {dilations = array<i64: 1, 1>, kernel_shape = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>} : (tensor<1x32x32x8xf32>) -> tensor<1x16x16x8xf32>
  // CHECK: onnx.GlobalAveragePoolNHWC {{.*}} -> tensor<1x1x1x8xf32>
  %2 = onnx.GlobalAveragePoolNHWC %1 : (tensor<1x16x16x8xf32>) -> tensor<1x1x1x8xf32>
  return %1 : tensor<1x16x16x8xf32>
}

// CHECK-LABEL: func.func @fused_attention
func.func @fused_attention(%q: tensor<12x128x64xf16>, %k: tensor<12x96x64xf16>, %v: tensor<12x96x32xf16>, %qs: tensor<128x12x64xf16>, %ks: tensor<96x12x64xf16>, %vs: tensor<96x12x32xf16>) -> (tensor<12x128x32xf16>, tensor<128x12x32xf16>) {
  // CHECK: onnx.FusedAttention {{.*}} {scale = 1.250000e-01 : f32} {{.*}} -> tensor<12x128x32xf16>
  %0 = onnx.FusedAttention %q, %k, %v {scale = 0.125 : f32} : (tensor<12x128x64xf16>, tensor<12x96x64xf16>, tensor<12x96x32xf16>) -> tensor<12x128x32xf16>
  // CHECK: onnx.FusedAttention {{.*}} {scale = 5.000000e-01 : f32, sequence_first = true} {{.*}} -> tensor<128x12x32xf16>
  %1 = onnx.FusedAttention %qs, %ks, %vs {scale = 0.5 : f32, sequence_first = true} : (tensor<128x12x64xf16>, tensor<96x12x64xf16>, tensor<96x12x32xf16>) -> tensor<128x12x32xf16>
  return %0, %1 : tensor<12x128x32xf16>, tensor<128x12x32xf16>
}

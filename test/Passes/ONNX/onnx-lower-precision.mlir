// RUN: modelc-opt %s --split-input-file --pass-pipeline='builtin.module(func.func(onnx-lower-precision))' | FileCheck %s
// RUN: modelc-opt %s --split-input-file --pass-pipeline='builtin.module(func.func(onnx-lower-precision{type=bf16}))' | FileCheck %s --check-prefix=BF16
// RUN: not modelc-opt %s --pass-pipeline='builtin.module(func.func(onnx-lower-precision{type=f8}))' 2>&1 | FileCheck %s --check-prefix=TYPE
// RUN: modelc-opt %s --split-input-file --pass-pipeline='builtin.module(func.func(onnx-lower-precision{narrow-io=true}))' | FileCheck %s --check-prefix=IO

// A Conv + Relu, then a ReduceMean (a sum: kept in f32) and a Gemm: the
// input is cast down once, the weights and biases are converted at
// compile time (no cast), the mean's input is cast up and its result
// down, and the output is cast back to the model's f32.
// CHECK-LABEL: func.func @net(
// CHECK-SAME: %[[X:.*]]: tensor<1x2x4x4xf32>) -> tensor<1x3xf32>
// CHECK-DAG: %[[X16:.*]] = onnx.Cast %[[X]] {to = 10 : si64} : (tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf16>
// CHECK-DAG: %[[W:.*]] = onnx.Constant dense<1.500000e+00> : tensor<2x2x1x1xf16>
// CHECK-DAG: %[[B:.*]] = onnx.Constant dense<9.997550e-02> : tensor<2xf16>
// CHECK: %[[C:.*]] = onnx.Conv %[[X16]], %[[W]], %[[B]] {{.*}} -> tensor<1x2x4x4xf16>
// CHECK: %[[R:.*]] = onnx.Relu %[[C]] : (tensor<1x2x4x4xf16>) -> tensor<1x2x4x4xf16>
// CHECK: %[[R32:.*]] = onnx.Cast %[[R]] {to = 1 : si64} : (tensor<1x2x4x4xf16>) -> tensor<1x2x4x4xf32>
// CHECK: %[[P:.*]] = onnx.ReduceMean %[[R32]] {{.*}} : (tensor<1x2x4x4xf32>) -> tensor<1x2x1x1xf32>
// CHECK: %[[P16:.*]] = onnx.Cast %[[P]] {to = 10 : si64} : (tensor<1x2x1x1xf32>) -> tensor<1x2x1x1xf16>
// CHECK: %[[F:.*]] = onnx.Flatten %[[P16]] {{.*}} -> tensor<1x2xf16>
// CHECK: %[[G:.*]] = onnx.Gemm %[[F]], %{{.*}} -> tensor<1x3xf16>
// CHECK: %[[Y:.*]] = onnx.Cast %[[G]] {to = 1 : si64} : (tensor<1x3xf16>) -> tensor<1x3xf32>
// CHECK: return %[[Y]] : tensor<1x3xf32>
// No f32 constant is left behind.
// CHECK-NOT: xf32>
// bf16 (type 16), constants rounded to nearest even in 8 bits of mantissa.
// BF16-LABEL: func.func @net(
// BF16-DAG: onnx.Cast %{{.*}} {to = 16 : si64} : (tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xbf16>
// BF16-DAG: onnx.Constant dense<1.000980e-01> : tensor<2xbf16>
// BF16: onnx.Conv {{.*}} -> tensor<1x2x4x4xbf16>
// narrow-io (--io-precision): the argument and result are f16 themselves;
// only the pool's f32 island is cast.
// IO-LABEL: func.func @net(
// IO-SAME: %[[X:.*]]: tensor<1x2x4x4xf16>) -> tensor<1x3xf16>
// IO: onnx.Conv %[[X]]
// IO-COUNT-2: onnx.Cast
// IO-NOT: onnx.Cast
// IO: %[[G:.*]] = onnx.Gemm
// IO-NEXT: return %[[G]] : tensor<1x3xf16>
// A Softmax result returned under narrow-io is cast down.
// IO-LABEL: func.func @shared_cast(
// IO-SAME: -> (tensor<2x4xf16>, tensor<2x4xf16>, tensor<4x2xf16>)
// IO: %[[S:.*]] = onnx.Softmax
// IO: onnx.Cast %[[S]] {to = 10 : si64}
// TYPE: error: onnx-lower-precision: type must be f16 or bf16, not 'f8'
func.func @net(%x: tensor<1x2x4x4xf32>) -> tensor<1x3xf32> {
  %w = onnx.Constant dense<1.5> : tensor<2x2x1x1xf32>
  %b = onnx.Constant dense<0.1> : tensor<2xf32>
  %c = onnx.Conv %x, %w, %b {dilations = array<i64: 1, 1>, kernel_shape = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>, tensor<2xf32>) -> tensor<1x2x4x4xf32>
  %r = onnx.Relu %c : (tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32>
  %p = onnx.ReduceMean %r {axes = array<i64: 2, 3>} : (tensor<1x2x4x4xf32>) -> tensor<1x2x1x1xf32>
  %f = onnx.Flatten %p {axis = 1 : si64} : (tensor<1x2x1x1xf32>) -> tensor<1x2xf32>
  %gw = onnx.Constant dense<2.0> : tensor<3x2xf32>
  %g = onnx.Gemm %f, %gw {transB = 1 : si64} : (tensor<1x2xf32>, tensor<3x2xf32>) -> tensor<1x3xf32>
  return %g : tensor<1x3xf32>
}

// -----

// Global pools run in 16 bits: the mean sums in f32 in its lowering.
// CHECK-LABEL: func.func @global_pools(
// CHECK: %[[A:.*]] = onnx.GlobalAveragePool %{{.*}} : (tensor<1x2x4x4xf16>) -> tensor<1x2x1x1xf16>
// CHECK-NEXT: onnx.Cast %[[A]] {to = 1 : si64}
// CHECK-NEXT: %[[N:.*]] = onnx.GlobalAveragePoolNHWC %{{.*}} : (tensor<1x4x4x2xf16>) -> tensor<1x1x1x2xf16>
// CHECK-NEXT: onnx.Cast %[[N]] {to = 1 : si64}
// CHECK-NEXT: %[[M:.*]] = onnx.GlobalMaxPool %{{.*}} : (tensor<1x2x4x4xf16>) -> tensor<1x2x1x1xf16>
// CHECK-NEXT: onnx.Cast %[[M]] {to = 1 : si64}
// CHECK-NEXT: return
func.func @global_pools(%x: tensor<1x2x4x4xf32>, %y: tensor<1x4x4x2xf32>) -> (tensor<1x2x1x1xf32>, tensor<1x1x1x2xf32>, tensor<1x2x1x1xf32>) {
  %r = onnx.Relu %x : (tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32>
  %s = onnx.Relu %y : (tensor<1x4x4x2xf32>) -> tensor<1x4x4x2xf32>
  %a = onnx.GlobalAveragePool %r : (tensor<1x2x4x4xf32>) -> tensor<1x2x1x1xf32>
  %n = onnx.GlobalAveragePoolNHWC %s : (tensor<1x4x4x2xf32>) -> tensor<1x1x1x2xf32>
  %m = onnx.GlobalMaxPool %r : (tensor<1x2x4x4xf32>) -> tensor<1x2x1x1xf32>
  return %a, %n, %m : tensor<1x2x1x1xf32>, tensor<1x1x1x2xf32>, tensor<1x2x1x1xf32>
}

// -----

// A 16-bit value used by two f32 ops is cast up once; integer tensors
// (shapes, indices) are left alone; a Softmax stays in f32.
// CHECK-LABEL: func.func @shared_cast
// CHECK: %[[M:.*]] = onnx.MatMul {{.*}} -> tensor<2x4xf16>
// CHECK: %[[M32:.*]] = onnx.Cast %[[M]] {to = 1 : si64}
// CHECK-NOT: onnx.Cast %[[M]]
// CHECK: onnx.Softmax %[[M32]] {{.*}} -> tensor<2x4xf32>
// CHECK: onnx.Exp %[[M32]] : (tensor<2x4xf32>) -> tensor<2x4xf32>
// CHECK: onnx.Reshape %{{.*}}, %{{.*}} : (tensor<2x4xf16>, tensor<2xi64>) -> tensor<4x2xf16>
func.func @shared_cast(%a: tensor<2x3xf32>, %b: tensor<3x4xf32>) -> (tensor<2x4xf32>, tensor<2x4xf32>, tensor<4x2xf32>) {
  %m = onnx.MatMul %a, %b : (tensor<2x3xf32>, tensor<3x4xf32>) -> tensor<2x4xf32>
  %s = onnx.Softmax %m {axis = 1 : si64} : (tensor<2x4xf32>) -> tensor<2x4xf32>
  %e = onnx.Exp %m : (tensor<2x4xf32>) -> tensor<2x4xf32>
  %shape = onnx.Constant dense<[4, 2]> : tensor<2xi64>
  %r = onnx.Reshape %m, %shape : (tensor<2x4xf32>, tensor<2xi64>) -> tensor<4x2xf32>
  return %s, %e, %r : tensor<2x4xf32>, tensor<2x4xf32>, tensor<4x2xf32>
}

// -----

// LayerNormalization with an f32 stash type runs on 16-bit tensors (its
// lowering computes in f32 and rounds once); one with its Mean output, or
// a 16-bit stash type, stays f32.
// CHECK-LABEL: func.func @layer_norm(
// CHECK: %[[Y:.*]] = onnx.LayerNormalization %{{.*}}, %{{.*}}, %{{.*}} {{.*}} : (tensor<2x8xf16>, tensor<8xf16>, tensor<8xf16>) -> tensor<2x8xf16>
// CHECK: onnx.LayerNormalization {{.*}} : (tensor<2x8xf32>, tensor<8xf32>, tensor<8xf32>) -> (tensor<2x8xf32>, tensor<2x1xf32>, tensor<2x1xf32>)
// CHECK: onnx.LayerNormalization {{.*}} : (tensor<2x8xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<2x8xf32>
func.func @layer_norm(%x: tensor<2x8xf32>) -> (tensor<2x8xf32>, tensor<2x1xf32>, tensor<2x8xf32>) {
  %s = onnx.Constant dense<1.0> : tensor<8xf32>
  %b = onnx.Constant dense<0.5> : tensor<8xf32>
  %y = onnx.LayerNormalization %x, %s, %b {resultSegmentSizes = array<i32: 1, 0, 0>} : (tensor<2x8xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<2x8xf32>
  %z, %mean, %inv = onnx.LayerNormalization %x, %s, %b {resultSegmentSizes = array<i32: 1, 1, 1>} : (tensor<2x8xf32>, tensor<8xf32>, tensor<8xf32>) -> (tensor<2x8xf32>, tensor<2x1xf32>, tensor<2x1xf32>)
  %w = onnx.LayerNormalization %x, %s, %b {stash_type = 10 : si64, resultSegmentSizes = array<i32: 1, 0, 0>} : (tensor<2x8xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<2x8xf32>
  return %y, %mean, %w : tensor<2x8xf32>, tensor<2x1xf32>, tensor<2x8xf32>
}

// RUN: modelc-opt %s --split-input-file --modelc-form-kernels | FileCheck %s
// RUN: modelc-opt %s --split-input-file --modelc-form-kernels=max-inline-constant-elements=0 | FileCheck %s --check-prefix=NOINLINE

/// One kernel per compute op, named in program order; a weight over the
/// inlining limit is a kernel input, a small constant (the bias) is cloned
/// in; views and constants stay in the model function.

// CHECK-LABEL: func.func @conv_relu(
//  CHECK-SAME:     %[[X:.*]]: tensor<1x3x8x8xf32>
//       CHECK:   %[[W:.*]] = onnx.Constant dense<5.000000e-01> : tensor<4x3x3x3xf32>
//   CHECK-NOT:   onnx.Constant
//       CHECK:   %[[C:.*]] = modelc.kernel "k0_Conv" (%[[X]], %[[W]])
//  CHECK-NEXT:   ^bb0(%[[KX:.*]]: tensor<1x3x8x8xf32>, %[[KW:.*]]: tensor<4x3x3x3xf32>):
//  CHECK-NEXT:     %[[B:.*]] = onnx.Constant dense<[1.000000e+00, 2.000000e+00, 3.000000e+00, 4.000000e+00]>
//  CHECK-NEXT:     %[[Y:.*]] = onnx.Conv %[[KX]], %[[KW]], %[[B]]
//  CHECK-NEXT:     modelc.yield %[[Y]]
//       CHECK:   %[[R:.*]] = modelc.kernel "k1_Relu" (%[[C]])
//       CHECK:     onnx.Relu
//       CHECK:   %[[F:.*]] = onnx.Flatten %[[R]]
//       CHECK:   return %[[F]]

// NOINLINE-LABEL: func.func @conv_relu(
//       NOINLINE:   %[[W:.*]] = onnx.Constant dense<5.000000e-01>
//       NOINLINE:   %[[B:.*]] = onnx.Constant dense<[1.000000e+00
//       NOINLINE:   modelc.kernel "k0_Conv" (%{{.*}}, %[[W]], %[[B]])
func.func @conv_relu(%x: tensor<1x3x8x8xf32>) -> tensor<1x256xf32> {
  %w = onnx.Constant dense<0.5> : tensor<4x3x3x3xf32>
  %b = onnx.Constant dense<[1.0, 2.0, 3.0, 4.0]> : tensor<4xf32>
  %c = onnx.Conv %x, %w, %b {pads = array<i64: 1, 1, 1, 1>} : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>, tensor<4xf32>) -> tensor<1x4x8x8xf32>
  %r = onnx.Relu %c : (tensor<1x4x8x8xf32>) -> tensor<1x4x8x8xf32>
  %f = onnx.Flatten %r {axis = 1 : si64} : (tensor<1x4x8x8xf32>) -> tensor<1x256xf32>
  return %f : tensor<1x256xf32>
}

// -----

/// A constant read by two kernels is cloned into both and dropped from the
/// model function; ops with several results keep them all.

// CHECK-LABEL: func.func @shared_constant(
//   CHECK-NOT:   onnx.Constant
//       CHECK:   modelc.kernel "k0_Add"
//       CHECK:     onnx.Constant dense<2.000000e+00>
//       CHECK:   modelc.kernel "k1_Mul"
//       CHECK:     onnx.Constant dense<2.000000e+00>
//       CHECK:   %[[S:.*]]:2 = modelc.kernel "k2_Split"
//  CHECK-SAME:     -> (tensor<1xf32>, tensor<1xf32>)
//       CHECK:   return %{{.*}}, %[[S]]#0, %[[S]]#1
func.func @shared_constant(%x: tensor<2xf32>) -> (tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) {
  %two = onnx.Constant dense<2.0> : tensor<f32>
  %0 = onnx.Add %x, %two : (tensor<2xf32>, tensor<f32>) -> tensor<2xf32>
  %1 = onnx.Mul %0, %two : (tensor<2xf32>, tensor<f32>) -> tensor<2xf32>
  %2:2 = onnx.Split %1 {num_outputs = 2 : si64} : (tensor<2xf32>) -> (tensor<1xf32>, tensor<1xf32>)
  return %1, %2#0, %2#1 : tensor<2xf32>, tensor<1xf32>, tensor<1xf32>
}

// -----

/// Nothing to compute: no kernel.

// CHECK-LABEL: func.func @views_only(
//   CHECK-NOT:   modelc.kernel
//       CHECK:   onnx.Reshape
//       CHECK:   onnx.Identity
func.func @views_only(%x: tensor<2x3xf32>) -> tensor<6xf32> {
  %s = onnx.Constant dense<[6]> : tensor<1xi64>
  %0 = onnx.Reshape %x, %s : (tensor<2x3xf32>, tensor<1xi64>) -> tensor<6xf32>
  %1 = onnx.Identity %0 : (tensor<6xf32>) -> tensor<6xf32>
  return %1 : tensor<6xf32>
}

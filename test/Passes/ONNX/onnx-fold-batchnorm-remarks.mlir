// RUN: modelc-opt %s --verify-diagnostics --onnx-fold-batchnorm | FileCheck %s

/// Parameters computed at run time cannot be folded: the op stays, with a
/// remark saying why (modelc rejects it later if it cannot be lowered).

// CHECK-LABEL: func.func @negative_runtime_parameters(
//       CHECK:   onnx.BatchNormalization
func.func @negative_runtime_parameters(%x: tensor<1x2x4x4xf32>, %scale: tensor<2xf32>) -> tensor<1x2x4x4xf32> {
  %p = onnx.Constant dense<[1.0, 1.0]> : tensor<2xf32>
  // expected-remark @+1 {{BatchNormalization not folded: its parameters are not constants}}
  %y = onnx.BatchNormalization %x, %scale, %p, %p, %p : (tensor<1x2x4x4xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x4x4xf32>
  return %y : tensor<1x2x4x4xf32>
}

// RUN: modelc-opt %s --split-input-file --verify-diagnostics --convert-onnx-to-linalg

func.func @dropout_training(%x: tensor<3xf32>) -> tensor<3xf32> {
  %r = onnx.Constant dense<0.5> : tensor<f32>
  %t = onnx.Constant dense<true> : tensor<i1>
  // expected-error @+2 {{in training mode is not supported (modelc compiles inference graphs)}}
  // expected-error @+1 {{failed to legalize operation 'onnx.Dropout'}}
  %0 = onnx.Dropout %x ratio %r training_mode %t : (tensor<3xf32>, tensor<f32>, tensor<i1>) -> tensor<3xf32>
  return %0 : tensor<3xf32>
}

// -----

func.func @resize_linear_integers(%x: tensor<1x1x2x2xi32>) -> tensor<1x1x4x4xi32> {
  %roi = onnx.Constant dense<> : tensor<0xf32>
  %s = onnx.Constant dense<[1.0, 1.0, 2.0, 2.0]> : tensor<4xf32>
  // expected-error @+2 {{'linear' mode on integers is not supported}}
  // expected-error @+1 {{failed to legalize operation 'onnx.Resize'}}
  %0 = onnx.Resize %x roi %roi scales %s {mode = "linear"} : (tensor<1x1x2x2xi32>, tensor<0xf32>, tensor<4xf32>) -> tensor<1x1x4x4xi32>
  return %0 : tensor<1x1x4x4xi32>
}

// -----

func.func @cumsum_axis_out_of_range(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %a = onnx.Constant dense<2> : tensor<i64>
  // expected-error @+2 {{'axis' is out of range}}
  // expected-error @+1 {{failed to legalize operation 'onnx.CumSum'}}
  %0 = onnx.CumSum %x, %a : (tensor<2x3xf32>, tensor<i64>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

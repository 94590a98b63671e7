// RUN: modelc-opt %s --split-input-file --verify-diagnostics --modelc-verify-static-shapes | FileCheck %s

// CHECK-LABEL: func.func @static_passes(
func.func @static_passes(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %0 = onnx.Relu %x : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// expected-error @+1 {{model input 'data' (#0) has the dynamic shape 'tensor<?x3xf32>'; fix it with --input-shape or --batch (dynamic shapes are not supported)}}
func.func @dynamic_input(%x: tensor<?x3xf32> {onnx.name = "data"}) -> tensor<3xf32> {
  %c = onnx.Constant dense<1.0> : tensor<3xf32>
  return %c : tensor<3xf32>
}

// -----

func.func @data_dependent_result(%n: tensor<i64>) -> tensor<?xi64> {
  %zero = onnx.Constant dense<0> : tensor<i64>
  %one = onnx.Constant dense<1> : tensor<i64>
  // expected-error @+1 {{'onnx.Range' op result #0 has the dynamic shape 'tensor<?xi64>', which depends on values known only at run time; modelc does not support data-dependent shapes}}
  %r = onnx.Range %zero, %n, %one : (tensor<i64>, tensor<i64>, tensor<i64>) -> tensor<?xi64>
  return %r : tensor<?xi64>
}

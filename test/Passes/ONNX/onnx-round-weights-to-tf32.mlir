// RUN: modelc-opt %s --split-input-file --onnx-round-weights-to-tf32 | FileCheck %s

// Constant Conv weights are rounded to TF32 (10 mantissa bits) to nearest,
// ties away from zero, as cvt.rna.tf32.f32: 1 + 2^-10 is exact; 1 + 2^-11
// (a tie) rounds up to 1 + 2^-10; just below the tie rounds down to 1; a
// NaN stays. The bias (operand 2, added in fp32) is left alone. The Conv
// is marked: its operand 1 is exact in TF32.
// CHECK-LABEL: func.func @conv
// CHECK-DAG: %[[W:.*]] = onnx.Constant dense<{{\[\[\[\[}}1.00097656]]], {{\[\[\[}}1.00097656]]], {{\[\[\[}}1.000000e+00]]], {{\[\[\[}}0x7FC00000]]]]> : tensor<4x1x1x1xf32>
// CHECK-DAG: %[[B:.*]] = onnx.Constant dense<[1.00048828, 0.000000e+00, 0.000000e+00, 0.000000e+00]> : tensor<4xf32>
// CHECK: onnx.Conv %{{.*}}, %[[W]], %[[B]] {{{.*}}modelc.tf32_exact = array<i64: 1>
func.func @conv(%x: tensor<1x1x4x4xf32>) -> tensor<1x4x4x4xf32> {
  %w = onnx.Constant dense<[[[[1.0009765625]]], [[[1.00048828125]]], [[[1.000488162040710449]]], [[[0x7FC00000]]]]> : tensor<4x1x1x1xf32>
  %b = onnx.Constant dense<[1.00048828125, 0.0, 0.0, 0.0]> : tensor<4xf32>
  %y = onnx.Conv %x, %w, %b {dilations = array<i64: 1, 1>, kernel_shape = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x1x4x4xf32>, tensor<4x1x1x1xf32>, tensor<4xf32>) -> tensor<1x4x4x4xf32>
  return %y : tensor<1x4x4x4xf32>
}

// -----

// A constant multiplied on either side of a MatMul or Gemm, and shared by
// two of them: each use is marked with its operand index.
// CHECK-LABEL: func.func @matmul_gemm
// CHECK: %[[A:.*]] = onnx.Constant dense<1.00097656> : tensor<2x2xf32>
// CHECK: onnx.MatMul %[[A]], %{{.*}} {modelc.tf32_exact = array<i64: 0>}
// CHECK: onnx.Gemm %{{.*}}, %[[A]] {{{.*}}modelc.tf32_exact = array<i64: 1>
func.func @matmul_gemm(%x: tensor<2x2xf32>) -> tensor<2x2xf32> {
  %a = onnx.Constant dense<1.00048828125> : tensor<2x2xf32>
  %y = onnx.MatMul %a, %x : (tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<2x2xf32>
  %z = onnx.Gemm %y, %a {alpha = 1.0 : f32, beta = 1.0 : f32, transA = 0 : si64, transB = 0 : si64} : (tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<2x2xf32>
  return %z : tensor<2x2xf32>
}

// -----

// Not rounded: a constant with another use (here an Add, computed in
// fp32), and weights that are not f32. Nothing is marked.
// CHECK-LABEL: func.func @not_rounded
// CHECK: onnx.Constant dense<1.00048828> : tensor<2x2xf32>
// CHECK: onnx.Constant dense<1.000000e+00> : tensor<2x2xf16>
// CHECK-NOT: modelc.tf32_exact
// CHECK: return
func.func @not_rounded(%x: tensor<2x2xf32>, %h: tensor<2x2xf16>) -> (tensor<2x2xf32>, tensor<2x2xf16>) {
  %a = onnx.Constant dense<1.00048828125> : tensor<2x2xf32>
  %f = onnx.Constant dense<1.00048828125> : tensor<2x2xf16>
  %y = onnx.MatMul %x, %a : (tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<2x2xf32>
  %z = onnx.Add %y, %a : (tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<2x2xf32>
  %g = onnx.MatMul %h, %f : (tensor<2x2xf16>, tensor<2x2xf16>) -> tensor<2x2xf16>
  return %z, %g : tensor<2x2xf32>, tensor<2x2xf16>
}

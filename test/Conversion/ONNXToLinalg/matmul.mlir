// RUN: modelc-opt %s --split-input-file --convert-onnx-to-linalg | FileCheck %s

/// Loops (batch, m, k, n): the reduction outside the output column, so the
/// innermost loop walks rows of B and C contiguously.

// CHECK-DAG: #[[$A:.*]] = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2)>
// CHECK-DAG: #[[$B:.*]] = affine_map<(d0, d1, d2, d3) -> (d2, d3)>
// CHECK-DAG: #[[$C:.*]] = affine_map<(d0, d1, d2, d3) -> (d0, d1, d3)>
// CHECK-LABEL: func.func @matmul_batched(
//       CHECK:   %[[ZERO:.*]] = linalg.fill ins(%{{.*}} : f32) outs(%{{.*}} : tensor<2x3x5xf32>)
//       CHECK:   linalg.generic {indexing_maps = [#[[$A]], #[[$B]], #[[$C]]], iterator_types = ["parallel", "parallel", "reduction", "parallel"]}
//  CHECK-SAME:     outs(%[[ZERO]] : tensor<2x3x5xf32>)
//       CHECK:     arith.mulf
//       CHECK:     arith.addf
func.func @matmul_batched(%a: tensor<2x3x4xf32>, %b: tensor<4x5xf32>) -> tensor<2x3x5xf32> {
  %0 = onnx.MatMul %a, %b : (tensor<2x3x4xf32>, tensor<4x5xf32>) -> tensor<2x3x5xf32>
  return %0 : tensor<2x3x5xf32>
}

// -----

/// Transposes are indexing maps; alpha and beta scale the product and C.

// CHECK-DAG: #[[$AT:.*]] = affine_map<(d0, d1, d2) -> (d1, d0)>
// CHECK-DAG: #[[$BT:.*]] = affine_map<(d0, d1, d2) -> (d2, d1)>
// CHECK-LABEL: func.func @gemm_transposed(
//       CHECK:   %[[P:.*]] = linalg.generic {indexing_maps = [#[[$AT]], #[[$BT]], #{{.*}}], iterator_types = ["parallel", "reduction", "parallel"]}
//       CHECK:   linalg.generic
//  CHECK-SAME:     ins(%[[P]], %{{.*}} : tensor<3x5xf32>, tensor<5xf32>)
//       CHECK:     arith.constant 2.000000e+00 : f32
//       CHECK:     arith.constant 5.000000e-01 : f32
func.func @gemm_transposed(%a: tensor<4x3xf32>, %b: tensor<5x4xf32>, %c: tensor<5xf32>) -> tensor<3x5xf32> {
  %0 = onnx.Gemm %a, %b, %c {transA = 1 : si64, transB = 1 : si64, alpha = 2.0 : f32, beta = 0.5 : f32} : (tensor<4x3xf32>, tensor<5x4xf32>, tensor<5xf32>) -> tensor<3x5xf32>
  return %0 : tensor<3x5xf32>
}

// -----

// CHECK-LABEL: func.func @matmul_integer(
//       CHECK:   arith.muli
//       CHECK:   arith.addi
func.func @matmul_integer(%a: tensor<2x3xi32>, %b: tensor<3x2xi32>) -> tensor<2x2xi32> {
  %0 = onnx.MatMul %a, %b : (tensor<2x3xi32>, tensor<3x2xi32>) -> tensor<2x2xi32>
  return %0 : tensor<2x2xi32>
}

// -----

/// 16-bit operands (--precision fp16/bf16): each product is summed in f32
/// (an f32 accumulator, the operands extended in the body) and rounded to
/// f16 once, at the end.
// CHECK-LABEL: func.func @matmul_f16_accumulates_in_f32
//       CHECK:   %[[ACC:.*]] = linalg.fill ins(%{{.*}} : f32) outs(%{{.*}} : tensor<2x4xf32>)
//       CHECK:   %[[P:.*]] = linalg.generic {{.*}} ins(%{{.*}}, %{{.*}} : tensor<2x3xf16>, tensor<3x4xf16>) outs(%[[ACC]] : tensor<2x4xf32>)
//       CHECK:     ^bb0(%[[A:.*]]: f16, %[[B:.*]]: f16, %[[C:.*]]: f32):
//   CHECK-DAG:       %[[AE:.*]] = arith.extf %[[A]] : f16 to f32
//   CHECK-DAG:       %[[BE:.*]] = arith.extf %[[B]] : f16 to f32
//       CHECK:       %[[M:.*]] = arith.mulf %[[AE]], %[[BE]] : f32
//       CHECK:       arith.addf %[[C]], %[[M]] : f32
//       CHECK:   linalg.generic {{.*}} ins(%[[P]] : tensor<2x4xf32>) outs(%{{.*}} : tensor<2x4xf16>)
//       CHECK:     arith.truncf %{{.*}} : f32 to f16
func.func @matmul_f16_accumulates_in_f32(%a: tensor<2x3xf16>, %b: tensor<3x4xf16>) -> tensor<2x4xf16> {
  %y = onnx.MatMul %a, %b : (tensor<2x3xf16>, tensor<3x4xf16>) -> tensor<2x4xf16>
  return %y : tensor<2x4xf16>
}

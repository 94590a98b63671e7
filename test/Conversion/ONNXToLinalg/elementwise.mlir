// RUN: modelc-opt %s --split-input-file --convert-onnx-to-linalg | FileCheck %s

// CHECK-DAG: #[[$ID2:.*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-DAG: #[[$ROW:.*]] = affine_map<(d0, d1) -> (d1)>
// CHECK-LABEL: func.func @add_broadcast(
//       CHECK:   %[[E:.*]] = tensor.empty() : tensor<2x3xf32>
//       CHECK:   linalg.generic {indexing_maps = [#[[$ID2]], #[[$ROW]], #[[$ID2]]], iterator_types = ["parallel", "parallel"]}
//  CHECK-SAME:     outs(%[[E]] : tensor<2x3xf32>)
//       CHECK:     arith.addf
func.func @add_broadcast(%a: tensor<2x3xf32>, %b: tensor<3xf32>) -> tensor<2x3xf32> {
  %0 = onnx.Add %a, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

/// Integer division never traps: x / 0 divides by 1 and INT_MIN / -1 too.

// CHECK-LABEL: func.func @div_int(
//       CHECK:   %[[ZERO:.*]] = arith.cmpi eq, %[[B:.*]], %c0_i32
//       CHECK:   %[[SAFE:.*]] = arith.select %[[ZERO]], %c1_i32, %[[B]]
//       CHECK:   arith.cmpi eq, %[[SAFE]], %c-1_i32
//       CHECK:   arith.cmpi eq, %{{.*}}, %c-2147483648_i32
//       CHECK:   arith.divsi
func.func @div_int(%a: tensor<4xi32>, %b: tensor<4xi32>) -> tensor<4xi32> {
  %0 = onnx.Div %a, %b : (tensor<4xi32>, tensor<4xi32>) -> tensor<4xi32>
  return %0 : tensor<4xi32>
}

// -----

/// Unsigned types become signless in the signature; the op keeps its
/// unsigned meaning.

// CHECK-LABEL: func.func @max_unsigned(
//  CHECK-SAME:     %{{.*}}: tensor<3xi8>, %{{.*}}: tensor<3xi8>) -> tensor<3xi8>
//       CHECK:   arith.maxui
func.func @max_unsigned(%a: tensor<3xui8>, %b: tensor<3xui8>) -> tensor<3xui8> {
  %0 = onnx.Max %a, %b : (tensor<3xui8>, tensor<3xui8>) -> tensor<3xui8>
  return %0 : tensor<3xui8>
}

// -----

// CHECK-LABEL: func.func @casts(
//       CHECK:   arith.fptosi %{{.*}} : f32 to i8
//       CHECK:   arith.uitofp %{{.*}} : i8 to f32
//       CHECK:   arith.cmpf une
func.func @casts(%a: tensor<3xf32>, %u: tensor<3xui8>) -> (tensor<3xi8>, tensor<3xf32>, tensor<3xi1>) {
  %0 = onnx.Cast %a {to = 3 : si64} : (tensor<3xf32>) -> tensor<3xi8>
  %1 = onnx.Cast %u {to = 1 : si64} : (tensor<3xui8>) -> tensor<3xf32>
  %2 = onnx.Cast %a {to = 9 : si64} : (tensor<3xf32>) -> tensor<3xi1>
  return %0, %1, %2 : tensor<3xi8>, tensor<3xf32>, tensor<3xi1>
}

// -----

// CHECK-LABEL: func.func @sigmoid_f16(
//       CHECK:   ^bb0(%[[X:.*]]: f16, %{{.*}}: f16):
//       CHECK:     %[[N:.*]] = arith.negf %[[X]] : f16
//       CHECK:     %[[E:.*]] = math.exp %[[N]] : f16
//       CHECK:     %[[D:.*]] = arith.addf %{{.*}}, %[[E]] : f16
//       CHECK:     arith.divf %{{.*}}, %[[D]] : f16
func.func @sigmoid_f16(%a: tensor<3xf16>) -> tensor<3xf16> {
  %0 = onnx.Sigmoid %a : (tensor<3xf16>) -> tensor<3xf16>
  return %0 : tensor<3xf16>
}

// -----

/// Where: a select over three broadcast operands.

// CHECK-LABEL: func.func @where(
//       CHECK:   linalg.generic
//  CHECK-SAME:     ins(%{{.*}}, %{{.*}}, %{{.*}} : tensor<2x1xi1>, tensor<3xf32>, tensor<f32>)
//       CHECK:     arith.select
func.func @where(%c: tensor<2x1xi1>, %a: tensor<3xf32>, %b: tensor<f32>) -> tensor<2x3xf32> {
  %0 = onnx.Where %c, %a, %b : (tensor<2x1xi1>, tensor<3xf32>, tensor<f32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

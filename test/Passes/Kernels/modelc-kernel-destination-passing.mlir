// RUN: modelc-opt %s --split-input-file --modelc-kernel-destination-passing | FileCheck %s

// The pass runs on the kernels module; here the test file is that module.

#id = affine_map<(d0) -> (d0)>

/// The result's chain starts from a tensor.empty: the output argument
/// replaces it; the input is marked not writable.

// CHECK-LABEL: func.func @k0_Neg(
//  CHECK-SAME:     %[[X:.*]]: tensor<4xf32> {bufferization.writable = false},
//  CHECK-SAME:     %[[OUT:.*]]: tensor<4xf32>) -> tensor<4xf32>
//   CHECK-NOT:   tensor.empty
//       CHECK:   %[[R:.*]] = linalg.generic
//  CHECK-SAME:     ins(%[[X]] : tensor<4xf32>) outs(%[[OUT]] : tensor<4xf32>)
//       CHECK:   return %[[R]]
func.func @k0_Neg(%x: tensor<4xf32>) -> tensor<4xf32> attributes {modelc.kernel} {
  %e = tensor.empty() : tensor<4xf32>
  %r = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel"]} ins(%x : tensor<4xf32>) outs(%e : tensor<4xf32>) {
  ^bb0(%a: f32, %b: f32):
    %n = arith.negf %a : f32
    linalg.yield %n : f32
  } -> tensor<4xf32>
  return %r : tensor<4xf32>
}

// -----

/// Through a reshape: the output argument is reshaped back to the shape
/// the computation started from.

// CHECK-LABEL: func.func @k1_Reshaped(
//  CHECK-SAME:     %[[X:.*]]: tensor<4xf32> {bufferization.writable = false},
//  CHECK-SAME:     %[[OUT:.*]]: tensor<2x2xf32>) -> tensor<2x2xf32>
//       CHECK:   %[[FLAT:.*]] = tensor.collapse_shape %[[OUT]] {{\[\[}}0, 1]]
//       CHECK:   %[[C:.*]] = linalg.copy ins(%[[X]] : tensor<4xf32>) outs(%[[FLAT]] : tensor<4xf32>)
//       CHECK:   %[[R:.*]] = tensor.expand_shape %[[C]]
//       CHECK:   return %[[R]]
func.func @k1_Reshaped(%x: tensor<4xf32>) -> tensor<2x2xf32> attributes {modelc.kernel} {
  %e = tensor.empty() : tensor<4xf32>
  %c = linalg.copy ins(%x : tensor<4xf32>) outs(%e : tensor<4xf32>) -> tensor<4xf32>
  %r = tensor.expand_shape %c [[0, 1]] output_shape [2, 2] : tensor<4xf32> into tensor<2x2xf32>
  return %r : tensor<2x2xf32>
}

// -----

/// No tensor.empty to replace (the kernel returns its input): the output
/// argument is added and the result kept, to be copied after bufferization.

// CHECK-LABEL: func.func @k2_Identity(
//  CHECK-SAME:     %[[X:.*]]: tensor<4xf32> {bufferization.writable = false},
//  CHECK-SAME:     %{{.*}}: tensor<4xf32>) -> tensor<4xf32>
//  CHECK-NEXT:   return %[[X]]
func.func @k2_Identity(%x: tensor<4xf32>) -> tensor<4xf32> attributes {modelc.kernel} {
  return %x : tensor<4xf32>
}

// -----

/// Functions without the modelc.kernel attribute are left alone.

// CHECK-LABEL: func.func @helper(
//  CHECK-SAME:     %{{.*}}: tensor<4xf32>) -> tensor<4xf32>
//       CHECK:   tensor.empty
func.func @helper(%x: tensor<4xf32>) -> tensor<4xf32> {
  %e = tensor.empty() : tensor<4xf32>
  %c = linalg.copy ins(%x : tensor<4xf32>) outs(%e : tensor<4xf32>) -> tensor<4xf32>
  return %c : tensor<4xf32>
}

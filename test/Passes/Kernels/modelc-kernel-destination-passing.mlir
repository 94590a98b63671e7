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

// -----

#id1 = affine_map<(d0) -> (d0)>

/// A concatenation: the chain of insertions starts from the output, and
/// each computed window is computed in place: the first in a window of the
/// output, the second (computed later) in a window of the first insertion,
/// which moves up to just after its source; the argument's window stays an
/// insertion.

// CHECK-LABEL: func.func @k4_Concat(
//  CHECK-SAME:     %[[X:.*]]: tensor<4xf32> {bufferization.writable = false},
//  CHECK-SAME:     %[[OUT:.*]]: tensor<12xf32>) -> tensor<12xf32>
//       CHECK:   %[[W0:.*]] = tensor.extract_slice %[[OUT]][0] [4] [1]
//       CHECK:   %[[A:.*]] = linalg.generic {{.*}} outs(%[[W0]] : tensor<4xf32>)
//       CHECK:   %[[I0:.*]] = tensor.insert_slice %[[A]] into %[[OUT]][0] [4] [1]
//       CHECK:   %[[W1:.*]] = tensor.extract_slice %[[I0]][4] [4] [1]
//       CHECK:   %[[B:.*]] = linalg.generic {{.*}} outs(%[[W1]] : tensor<4xf32>)
//       CHECK:   %[[I1:.*]] = tensor.insert_slice %[[B]] into %[[I0]][4] [4] [1]
//       CHECK:   %[[I2:.*]] = tensor.insert_slice %[[X]] into %[[I1]][8] [4] [1]
//       CHECK:   return %[[I2]]
func.func @k4_Concat(%x: tensor<4xf32>) -> tensor<12xf32> attributes {modelc.kernel} {
  %ea = tensor.empty() : tensor<4xf32>
  %a = linalg.generic {indexing_maps = [#id1, #id1], iterator_types = ["parallel"]} ins(%x : tensor<4xf32>) outs(%ea : tensor<4xf32>) {
  ^bb0(%v: f32, %o: f32):
    %n = arith.negf %v : f32
    linalg.yield %n : f32
  } -> tensor<4xf32>
  %eb = tensor.empty() : tensor<4xf32>
  %b = linalg.generic {indexing_maps = [#id1, #id1], iterator_types = ["parallel"]} ins(%x : tensor<4xf32>) outs(%eb : tensor<4xf32>) {
  ^bb0(%v: f32, %o: f32):
    %n = math.absf %v : f32
    linalg.yield %n : f32
  } -> tensor<4xf32>
  %e = tensor.empty() : tensor<12xf32>
  %0 = tensor.insert_slice %a into %e[0] [4] [1] : tensor<4xf32> into tensor<12xf32>
  %1 = tensor.insert_slice %b into %0[4] [4] [1] : tensor<4xf32> into tensor<12xf32>
  %2 = tensor.insert_slice %x into %1[8] [4] [1] : tensor<4xf32> into tensor<12xf32>
  return %2 : tensor<12xf32>
}

// -----

#id2 = affine_map<(d0) -> (d0)>

/// The second window's source is computed before the first's: the first
/// insertion cannot move above it, so that source stays a temporary.

// CHECK-LABEL: func.func @k5_Concat_out_of_order(
//  CHECK-SAME:     %[[X:.*]]: tensor<4xf32> {bufferization.writable = false},
//  CHECK-SAME:     %[[OUT:.*]]: tensor<8xf32>) -> tensor<8xf32>
//       CHECK:   %[[W0:.*]] = tensor.extract_slice %[[OUT]][0] [4] [1]
//       CHECK:   %[[EB:.*]] = tensor.empty() : tensor<4xf32>
//       CHECK:   %[[B:.*]] = linalg.generic {{.*}} outs(%[[EB]] : tensor<4xf32>)
//       CHECK:   %[[A:.*]] = linalg.generic {{.*}} outs(%[[W0]] : tensor<4xf32>)
//       CHECK:   %[[I0:.*]] = tensor.insert_slice %[[A]] into %[[OUT]][0] [4] [1]
//       CHECK:   tensor.insert_slice %[[B]] into %[[I0]][4] [4] [1]
func.func @k5_Concat_out_of_order(%x: tensor<4xf32>) -> tensor<8xf32> attributes {modelc.kernel} {
  %eb = tensor.empty() : tensor<4xf32>
  %b = linalg.generic {indexing_maps = [#id2, #id2], iterator_types = ["parallel"]} ins(%x : tensor<4xf32>) outs(%eb : tensor<4xf32>) {
  ^bb0(%v: f32, %o: f32):
    %n = math.absf %v : f32
    linalg.yield %n : f32
  } -> tensor<4xf32>
  %ea = tensor.empty() : tensor<4xf32>
  %a = linalg.generic {indexing_maps = [#id2, #id2], iterator_types = ["parallel"]} ins(%x : tensor<4xf32>) outs(%ea : tensor<4xf32>) {
  ^bb0(%v: f32, %o: f32):
    %n = arith.negf %v : f32
    linalg.yield %n : f32
  } -> tensor<4xf32>
  %e = tensor.empty() : tensor<8xf32>
  %0 = tensor.insert_slice %a into %e[0] [4] [1] : tensor<4xf32> into tensor<8xf32>
  %1 = tensor.insert_slice %b into %0[4] [4] [1] : tensor<4xf32> into tensor<8xf32>
  return %1 : tensor<8xf32>
}

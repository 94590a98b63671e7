// RUN: modelc-opt %s --split-input-file --modelc-form-kernels | FileCheck %s
// RUN: modelc-opt %s --split-input-file --modelc-form-kernels=max-inline-constant-elements=0 | FileCheck %s --check-prefix=NOINLINE
// RUN: modelc-opt %s --split-input-file --modelc-form-kernels=fuse-elementwise=false | FileCheck %s --check-prefix=NOFUSE
// RUN: modelc-opt %s --split-input-file --modelc-form-kernels --mlir-print-debuginfo | FileCheck %s --check-prefix=LOC
// RUN: modelc-opt %s --split-input-file --modelc-form-kernels=concat-producers=true | FileCheck %s --check-prefix=PRODUCERS

/// A kernel per compute op and the elementwise chain it feeds, named in
/// program order after its ops; a weight over the inlining limit is a kernel
/// input, a small constant (the bias) is cloned in; views and constants
/// stay in the model function.

// CHECK-LABEL: func.func @conv_relu(
//  CHECK-SAME:     %[[X:.*]]: tensor<1x3x8x8xf32>
//       CHECK:   %[[W:.*]] = onnx.Constant dense<5.000000e-01> : tensor<4x3x3x3xf32>
//   CHECK-NOT:   onnx.Constant
//       CHECK:   %[[R:.*]] = modelc.kernel "k0_Conv_Relu" (%[[X]], %[[W]])
//  CHECK-NEXT:   ^bb0(%[[KX:.*]]: tensor<1x3x8x8xf32>, %[[KW:.*]]: tensor<4x3x3x3xf32>):
//  CHECK-NEXT:     %[[B:.*]] = onnx.Constant dense<[1.000000e+00, 2.000000e+00, 3.000000e+00, 4.000000e+00]>
//  CHECK-NEXT:     %[[Y:.*]] = onnx.Conv %[[KX]], %[[KW]], %[[B]]
//  CHECK-NEXT:     %[[Z:.*]] = onnx.Relu %[[Y]]
//  CHECK-NEXT:     modelc.yield %[[Z]]
//       CHECK:   %[[F:.*]] = onnx.Flatten %[[R]]
//       CHECK:   return %[[F]]

// NOFUSE-LABEL: func.func @conv_relu(
//       NOFUSE:   %[[C:.*]] = modelc.kernel "k0_Conv"
//       NOFUSE:   modelc.kernel "k1_Relu" (%[[C]])

// The fused kernel's location fuses its nodes' names (the plan lists them).
// LOC-LABEL: func.func @conv_relu(
//       LOC:   modelc.kernel "k0_Conv_Relu"
//       LOC:     modelc.yield
//  LOC-NEXT:   } loc(#[[FUSED:loc[0-9]+]])
//       LOC: #[[C:loc[0-9]+]] = loc("conv1")
//  LOC-NEXT: #[[R:loc[0-9]+]] = loc("relu1")
//       LOC: #[[FUSED]] = loc(fused[#[[C]], #[[R]]])

// NOINLINE-LABEL: func.func @conv_relu(
//       NOINLINE:   %[[W:.*]] = onnx.Constant dense<5.000000e-01>
//       NOINLINE:   %[[B:.*]] = onnx.Constant dense<[1.000000e+00
//       NOINLINE:   modelc.kernel "k0_Conv_Relu" (%{{.*}}, %[[W]], %[[B]])
func.func @conv_relu(%x: tensor<1x3x8x8xf32>) -> tensor<1x256xf32> {
  %w = onnx.Constant dense<0.5> : tensor<4x3x3x3xf32>
  %b = onnx.Constant dense<[1.0, 2.0, 3.0, 4.0]> : tensor<4xf32>
  %c = onnx.Conv %x, %w, %b {pads = array<i64: 1, 1, 1, 1>} : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>, tensor<4xf32>) -> tensor<1x4x8x8xf32> loc("conv1")
  %r = onnx.Relu %c : (tensor<1x4x8x8xf32>) -> tensor<1x4x8x8xf32> loc("relu1")
  %f = onnx.Flatten %r {axis = 1 : si64} : (tensor<1x4x8x8xf32>) -> tensor<1x256xf32>
  return %f : tensor<1x256xf32>
}

// -----

/// A constant read by two kernels is cloned into both and dropped from the
/// model function; a result with another use (here: returned) ends its
/// kernel; ops with several results keep them all and fuse nothing.

// CHECK-LABEL: func.func @shared_constant(
//   CHECK-NOT:   onnx.Constant
//       CHECK:   modelc.kernel "k0_Add"
//       CHECK:     onnx.Constant dense<2.000000e+00>
//       CHECK:   modelc.kernel "k1_Mul"
//       CHECK:     onnx.Constant dense<2.000000e+00>
//       CHECK:   %[[S:.*]]:2 = modelc.kernel "k2_Split"
//  CHECK-SAME:     -> (tensor<1xf32>, tensor<1xf32>)
//       CHECK:   modelc.kernel "k3_Neg"
//       CHECK:   return %{{.*}}, %[[S]]#0, %{{.*}}
func.func @shared_constant(%x: tensor<2xf32>) -> (tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) {
  %two = onnx.Constant dense<2.0> : tensor<f32>
  %0 = onnx.Add %x, %two : (tensor<2xf32>, tensor<f32>) -> tensor<2xf32>
  %1 = onnx.Mul %0, %two : (tensor<2xf32>, tensor<f32>) -> tensor<2xf32>
  %2:2 = onnx.Split %1 {num_outputs = 2 : si64} : (tensor<2xf32>) -> (tensor<1xf32>, tensor<1xf32>)
  %3 = onnx.Neg %2#1 : (tensor<1xf32>) -> tensor<1xf32>
  return %0, %2#0, %3 : tensor<2xf32>, tensor<1xf32>, tensor<1xf32>
}

// -----

/// The ResNet bottleneck's tail: conv, residual add, relu in one kernel,
/// even though the residual is computed after the conv (the kernel goes
/// where its last op was, after everything it reads).

// CHECK-LABEL: func.func @residual(
//  CHECK-SAME:     %[[X:[^:]*]]: tensor<1x4x8x8xf32>, %[[W:[^:]*]]: tensor<4x4x1x1xf32>, %[[Y:[^:]*]]: tensor<1x4x8x8xf32>
//       CHECK:   %[[E:.*]] = modelc.kernel "k1_Exp" (%[[Y]])
//       CHECK:   %[[K:.*]] = modelc.kernel "k0_Conv_Add_Relu" (%[[X]], %[[W]], %[[E]])
//       CHECK:     onnx.Conv
//  CHECK-NEXT:     onnx.Add
//  CHECK-NEXT:     onnx.Relu
//       CHECK:   return %[[K]]
func.func @residual(%x: tensor<1x4x8x8xf32>, %w: tensor<4x4x1x1xf32>, %y: tensor<1x4x8x8xf32>) -> tensor<1x4x8x8xf32> {
  %c = onnx.Conv %x, %w : (tensor<1x4x8x8xf32>, tensor<4x4x1x1xf32>) -> tensor<1x4x8x8xf32>
  %e = onnx.Exp %y : (tensor<1x4x8x8xf32>) -> tensor<1x4x8x8xf32>
  %a = onnx.Add %c, %e : (tensor<1x4x8x8xf32>, tensor<1x4x8x8xf32>) -> tensor<1x4x8x8xf32>
  %r = onnx.Relu %a : (tensor<1x4x8x8xf32>) -> tensor<1x4x8x8xf32>
  return %r : tensor<1x4x8x8xf32>
}

// -----

/// Not fused: a producer whose result is broadcast by the consumer (it
/// would be recomputed per element), and a consumer that is not
/// elementwise (Softmax).

// CHECK-LABEL: func.func @not_fused(
//       CHECK:   modelc.kernel "k0_Relu"
//       CHECK:   modelc.kernel "k1_Add"
//       CHECK:   modelc.kernel "k2_Softmax"
func.func @not_fused(%x: tensor<4xf32>, %y: tensor<3x4xf32>) -> tensor<3x4xf32> {
  %r = onnx.Relu %x : (tensor<4xf32>) -> tensor<4xf32>
  %a = onnx.Add %y, %r : (tensor<3x4xf32>, tensor<4xf32>) -> tensor<3x4xf32>
  %s = onnx.Softmax %a : (tensor<3x4xf32>) -> tensor<3x4xf32>
  return %s : tensor<3x4xf32>
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

// -----

/// A Transpose of a Pad joins the Pad's kernel (both lower to generics over
/// their outputs' points, which fuse: a stem's input padded to 4 channels
/// and made NHWC in one pass); not when the padded value has another user.
// CHECK-LABEL: func.func @pad_transpose(
//       CHECK:   modelc.kernel "k0_Pad_Transpose"
//       CHECK:     onnx.Pad
//  CHECK-NEXT:     onnx.Transpose
//  CHECK-NEXT:     modelc.yield
//       CHECK:   modelc.kernel "k1_Pad"
//       CHECK:   modelc.kernel "k2_Transpose"
//       CHECK:   return
// NOFUSE-LABEL: func.func @pad_transpose(
//       NOFUSE:   modelc.kernel "k0_Pad"
//       NOFUSE:   modelc.kernel "k1_Transpose"
func.func @pad_transpose(%x: tensor<1x3x2x2xf32>) -> (tensor<1x2x2x4xf32>, tensor<1x2x2x4xf32>, tensor<1x4x2x2xf32>) {
  %pads = onnx.Constant dense<[0, 0, 0, 0, 0, 1, 0, 0]> : tensor<8xi64>
  %p = onnx.Pad %x, %pads : (tensor<1x3x2x2xf32>, tensor<8xi64>) -> tensor<1x4x2x2xf32>
  %t = onnx.Transpose %p {perm = array<i64: 0, 2, 3, 1>} : (tensor<1x4x2x2xf32>) -> tensor<1x2x2x4xf32>
  %q = onnx.Pad %x, %pads : (tensor<1x3x2x2xf32>, tensor<8xi64>) -> tensor<1x4x2x2xf32>
  %u = onnx.Transpose %q {perm = array<i64: 0, 2, 3, 1>} : (tensor<1x4x2x2xf32>) -> tensor<1x2x2x4xf32>
  return %t, %u, %q : tensor<1x2x2x4xf32>, tensor<1x2x2x4xf32>, tensor<1x4x2x2xf32>
}

// -----

/// A SpaceToDepth of a Pad and the Transpose after it join the Pad's kernel
/// too (a stem over 2x2 blocks, onnx-space-to-depth-stem: one pass over the
/// input); a SpaceToDepth of anything else (here a Pad's group that ends
/// in an Abs) is a kernel of its own.
// CHECK-LABEL: func.func @pad_space_to_depth_transpose(
//       CHECK:   modelc.kernel "k0_Pad_SpaceToDepth_Transpose"
//       CHECK:     onnx.Pad
//  CHECK-NEXT:     onnx.SpaceToDepth
//  CHECK-NEXT:     onnx.Transpose
//  CHECK-NEXT:     modelc.yield
//       CHECK:   modelc.kernel "k2_Pad_Abs"
//       CHECK:   modelc.kernel "k3_SpaceToDepth"
//       CHECK:   return
// NOFUSE-LABEL: func.func @pad_space_to_depth_transpose(
//       NOFUSE:   modelc.kernel "k0_Pad"
//       NOFUSE:   modelc.kernel "k1_SpaceToDepth"
//       NOFUSE:   modelc.kernel "k2_Transpose"
func.func @pad_space_to_depth_transpose(%x: tensor<1x3x3x3xf32>) -> (tensor<1x2x2x12xf32>, tensor<1x12x2x2xf32>) {
  %pads = onnx.Constant dense<[0, 0, 1, 1, 0, 0, 0, 0]> : tensor<8xi64>
  %p = onnx.Pad %x, %pads : (tensor<1x3x3x3xf32>, tensor<8xi64>) -> tensor<1x3x4x4xf32>
  %s = onnx.SpaceToDepth %p {blocksize = 2 : si64} : (tensor<1x3x4x4xf32>) -> tensor<1x12x2x2xf32>
  %t = onnx.Transpose %s {perm = array<i64: 0, 2, 3, 1>} : (tensor<1x12x2x2xf32>) -> tensor<1x2x2x12xf32>
  %y = onnx.Sigmoid %x : (tensor<1x3x3x3xf32>) -> tensor<1x3x3x3xf32>
  %q = onnx.Pad %y, %pads : (tensor<1x3x3x3xf32>, tensor<8xi64>) -> tensor<1x3x4x4xf32>
  %u = onnx.Abs %q : (tensor<1x3x4x4xf32>) -> tensor<1x3x4x4xf32>
  %v = onnx.SpaceToDepth %u {blocksize = 2 : si64} : (tensor<1x3x4x4xf32>) -> tensor<1x12x2x2xf32>
  return %t, %v : tensor<1x2x2x12xf32>, tensor<1x12x2x2xf32>
}

// -----

/// A Concat joins the kernel of a Slice it concatenates (the slice is then
/// computed into the concatenation's window: the strided input of a merged
/// residual convolution, onnx-merge-pointwise-conv-sums); not a Slice with
/// another user, nor any other producer (here an Abs).
// CHECK-LABEL: func.func @slice_concat(
//       CHECK:   modelc.kernel "k0_Slice_Concat"
//       CHECK:     onnx.Slice
//  CHECK-NEXT:     onnx.Concat
//  CHECK-NEXT:     modelc.yield
//       CHECK:   %[[S:.*]] = modelc.kernel "k1_Slice"
//       CHECK:   modelc.kernel "k2_Concat" ({{.*}}%[[S]]
//       CHECK:   %[[A:.*]] = modelc.kernel "k3_Slice_Abs"
//       CHECK:   modelc.kernel "k4_Concat" ({{.*}}%[[A]]
//       CHECK:   return
// NOFUSE-LABEL: func.func @slice_concat(
//       NOFUSE:   modelc.kernel "k0_Slice"
//       NOFUSE:   modelc.kernel "k1_Concat"
func.func @slice_concat(%x: tensor<1x4x4x2xf32>, %y: tensor<1x2x2x3xf32>) -> (tensor<1x2x2x5xf32>, tensor<1x2x2x5xf32>, tensor<1x2x2x2xf32>, tensor<1x2x2x5xf32>) {
  %starts = onnx.Constant dense<0> : tensor<2xi64>
  %ends = onnx.Constant dense<4> : tensor<2xi64>
  %axes = onnx.Constant dense<[1, 2]> : tensor<2xi64>
  %steps = onnx.Constant dense<2> : tensor<2xi64>
  %s = onnx.Slice %x, %starts, %ends axes %axes steps %steps : (tensor<1x4x4x2xf32>, tensor<2xi64>, tensor<2xi64>, tensor<2xi64>, tensor<2xi64>) -> tensor<1x2x2x2xf32>
  %c = onnx.Concat %y, %s {axis = 3 : si64} : (tensor<1x2x2x3xf32>, tensor<1x2x2x2xf32>) -> tensor<1x2x2x5xf32>
  %t = onnx.Slice %x, %starts, %ends axes %axes steps %steps : (tensor<1x4x4x2xf32>, tensor<2xi64>, tensor<2xi64>, tensor<2xi64>, tensor<2xi64>) -> tensor<1x2x2x2xf32>
  %d = onnx.Concat %y, %t {axis = 3 : si64} : (tensor<1x2x2x3xf32>, tensor<1x2x2x2xf32>) -> tensor<1x2x2x5xf32>
  %z = onnx.Slice %x, %starts, %ends axes %axes steps %steps : (tensor<1x4x4x2xf32>, tensor<2xi64>, tensor<2xi64>, tensor<2xi64>, tensor<2xi64>) -> tensor<1x2x2x2xf32>
  %a = onnx.Abs %z : (tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32>
  %e = onnx.Concat %y, %a {axis = 3 : si64} : (tensor<1x2x2x3xf32>, tensor<1x2x2x2xf32>) -> tensor<1x2x2x5xf32>
  return %c, %d, %t, %e : tensor<1x2x2x5xf32>, tensor<1x2x2x5xf32>, tensor<1x2x2x2xf32>, tensor<1x2x2x5xf32>
}

// -----

/// concat-producers: a Concat also joins the kernel of a convolution with a
/// window that computes one of its inputs (here its Relu ends the group),
/// and the Slice it concatenates moves in too: one kernel, numbered without
/// the Slice's. Not by default, not a 1x1 convolution's kernel (a GEMM
/// library may take that one), not a convolution used elsewhere.
// PRODUCERS-LABEL: func.func @conv_concat(
//       PRODUCERS:   modelc.kernel "k0_ConvNHWC_Relu_Slice_Concat"
//       PRODUCERS:     onnx.ConvNHWC
//  PRODUCERS-NEXT:     onnx.Relu
//       PRODUCERS:     onnx.Slice
//  PRODUCERS-NEXT:     onnx.Concat
//       PRODUCERS:   modelc.kernel "k1_ConvNHWC"
//       PRODUCERS:   modelc.kernel "k2_Slice_Concat"
//       PRODUCERS:   modelc.kernel "k3_ConvNHWC"
//       PRODUCERS:   modelc.kernel "k4_Concat"
//       PRODUCERS:   return
// CHECK-LABEL: func.func @conv_concat(
//       CHECK:   modelc.kernel "k0_ConvNHWC_Relu"
//       CHECK:   modelc.kernel "k1_Slice_Concat"
func.func @conv_concat(%x: tensor<1x4x4x2xf32>, %y: tensor<1x2x2x3xf32>) -> (tensor<1x2x2x8xf32>, tensor<1x2x2x5xf32>, tensor<1x2x2x6xf32>, tensor<1x2x2x3xf32>) {
  %w3 = onnx.Constant dense<0.5> : tensor<3x3x3x3xf32>
  %w1 = onnx.Constant dense<0.5> : tensor<3x1x1x3xf32>
  %starts = onnx.Constant dense<0> : tensor<2xi64>
  %ends = onnx.Constant dense<4> : tensor<2xi64>
  %axes = onnx.Constant dense<[1, 2]> : tensor<2xi64>
  %steps = onnx.Constant dense<2> : tensor<2xi64>
  %c = onnx.ConvNHWC %y, %w3 {dilations = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 1, 1>} : (tensor<1x2x2x3xf32>, tensor<3x3x3x3xf32>) -> tensor<1x2x2x3xf32>
  %r = onnx.Relu %c : (tensor<1x2x2x3xf32>) -> tensor<1x2x2x3xf32>
  %s = onnx.Slice %x, %starts, %ends axes %axes steps %steps : (tensor<1x4x4x2xf32>, tensor<2xi64>, tensor<2xi64>, tensor<2xi64>, tensor<2xi64>) -> tensor<1x2x2x2xf32>
  %j = onnx.Concat %r, %s, %y {axis = 3 : si64} : (tensor<1x2x2x3xf32>, tensor<1x2x2x2xf32>, tensor<1x2x2x3xf32>) -> tensor<1x2x2x8xf32>
  %p = onnx.ConvNHWC %y, %w1 {dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x2x2x3xf32>, tensor<3x1x1x3xf32>) -> tensor<1x2x2x3xf32>
  %t = onnx.Slice %x, %starts, %ends axes %axes steps %steps : (tensor<1x4x4x2xf32>, tensor<2xi64>, tensor<2xi64>, tensor<2xi64>, tensor<2xi64>) -> tensor<1x2x2x2xf32>
  %k = onnx.Concat %p, %t {axis = 3 : si64} : (tensor<1x2x2x3xf32>, tensor<1x2x2x2xf32>) -> tensor<1x2x2x5xf32>
  %q = onnx.ConvNHWC %y, %w3 {dilations = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 1, 1>} : (tensor<1x2x2x3xf32>, tensor<3x3x3x3xf32>) -> tensor<1x2x2x3xf32>
  %l = onnx.Concat %q, %y {axis = 3 : si64} : (tensor<1x2x2x3xf32>, tensor<1x2x2x3xf32>) -> tensor<1x2x2x6xf32>
  return %j, %k, %l, %q : tensor<1x2x2x8xf32>, tensor<1x2x2x5xf32>, tensor<1x2x2x6xf32>, tensor<1x2x2x3xf32>
}

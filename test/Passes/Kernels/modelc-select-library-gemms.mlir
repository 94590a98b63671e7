// RUN: modelc-opt %s --split-input-file --verify-diagnostics --modelc-select-library-gemms | FileCheck %s
// RUN: modelc-opt %s --split-input-file --verify-diagnostics --modelc-select-library-gemms=precision=tf32 | FileCheck %s --check-prefix=TF32
// RUN: modelc-opt %s --split-input-file --modelc-select-library-gemms="min-flops=1000 workspace-bytes=256" 2>/dev/null | FileCheck %s --check-prefix=MIN
// RUN: modelc-opt %s --split-input-file --modelc-select-library-gemms="min-flops=1000" 2>&1 >/dev/null | FileCheck %s --check-prefix=MINREMARK
// RUN: modelc-opt %s --split-input-file --modelc-select-library-gemms="tuning-cache=%S/Inputs/library-tuning-cache.txt" 2>/dev/null | FileCheck %s --check-prefix=TUNED
// RUN: not modelc-opt %s --split-input-file --modelc-select-library-gemms="tuning-cache=%S/Inputs/library-tuning-cache-bad.txt" 2>&1 | FileCheck %s --check-prefix=BADCACHE
// RUN: not modelc-opt %s --split-input-file --modelc-select-library-gemms=precision=fp64 2>&1 | FileCheck %s --check-prefix=BADPREC
// RUN: not modelc-opt %s --split-input-file --modelc-select-library-gemms=workspace-bytes=100 2>&1 | FileCheck %s --check-prefix=BADWS

// The pass runs on the kernels module, on onnx ops; here the test file is
// it. The dictionary's entries print sorted by name.

// A tuning cache's 'cublaslt' lines choose algorithms by GEMM key; the
// dictionary has one only where a line names the GEMM.
// BADCACHE: error: tuning cache '{{.*}}library-tuning-cache-bad.txt' line 1: 'cublaslt 6x16x8,bias x' is neither 'MxNxK[xBATCH] TILE' nor 'cublaslt KEY ALGORITHM' (ALGORITHM 0 to 31)
// BADPREC: error: precision must be fp32 or tf32, not 'fp64'
// BADWS: error: workspace-bytes must be a non-negative multiple of 256, not 100

/// MatMul of a 3-D A by a 2-D B: A's batch folds into M (2*3 rows); the
/// Add of an N-element kernel input, on either side, is the bias.

// CHECK-LABEL: func.func @matmul_bias(
//  CHECK-SAME: modelc.library_gemm = {a = 0 : i64, alpha = 1.000000e+00 : f32, b = 1 : i64, batch = 1 : i64, beta = 0.000000e+00 : f32, bias = 2 : i64, c = -1 : i64, compute = "f32", d = 3 : i64, k = 8 : i64, library = "cublaslt", m = 6 : i64, n = 16 : i64, relu = false, stride_a = 0 : i64, stride_b = 0 : i64, stride_d = 0 : i64, trans_a = false, trans_b = false, workspace_bytes = 4194304 : i64}
// 16-bit GEMMs accumulate in f32 whatever the precision option says.
// TF32-LABEL: func.func @matmul_bias(
//  TF32-SAME: compute = "f32"
// MIN-LABEL: func.func @matmul_bias(
//  MIN-SAME: workspace_bytes = 256 : i64
// TUNED-LABEL: func.func @matmul_bias(
//   TUNED-NOT: algorithm
//       TUNED: return
func.func @matmul_bias(%a: tensor<2x3x8xf16>, %b: tensor<8x16xf16>, %bias: tensor<16xf16>) -> tensor<2x3x16xf16> attributes {modelc.kernel} {
  %0 = onnx.MatMul %a, %b : (tensor<2x3x8xf16>, tensor<8x16xf16>) -> tensor<2x3x16xf16>
  %1 = onnx.Add %bias, %0 : (tensor<16xf16>, tensor<2x3x16xf16>) -> tensor<2x3x16xf16>
  return %1 : tensor<2x3x16xf16>
}

// -----

/// Batched MatMul with equal batch dimensions: strided batches; a Cast from
/// 16 to 32 bits makes D f32. Too small for min-flops=1000 (2*4*4*8*6 = 1536
/// is not; this one is 2*4*2*2*6 = 192).

// CHECK-LABEL: func.func @batched_cast(
//  CHECK-SAME: batch = 6 : i64
//  CHECK-SAME: bias = -1 : i64, c = -1 : i64
//  CHECK-SAME: k = 2 : i64
//  CHECK-SAME: m = 4 : i64, n = 2 : i64
//  CHECK-SAME: stride_a = 8 : i64, stride_b = 4 : i64, stride_d = 8 : i64
// MINREMARK: remark: generated code, not cuBLASLt: 192 FLOP is under min-flops
// TUNED-LABEL: func.func @batched_cast(
//  TUNED-SAME: modelc.library_gemm = {a = 0 : i64, algorithm = 1 : i64
// MIN-LABEL: func.func @batched_cast(
//  MIN-NOT: modelc.library_gemm
//      MIN: return
func.func @batched_cast(%a: tensor<2x3x4x2xbf16>, %b: tensor<2x3x2x2xbf16>) -> tensor<2x3x4x2xf32> attributes {modelc.kernel} {
  %0 = onnx.MatMul %a, %b : (tensor<2x3x4x2xbf16>, tensor<2x3x2x2xbf16>) -> tensor<2x3x4x2xbf16>
  %1 = onnx.Cast %0 {to = 1 : si64} : (tensor<2x3x4x2xbf16>) -> tensor<2x3x4x2xf32>
  return %1 : tensor<2x3x4x2xf32>
}

// -----

/// One A for every batch entry of B: A's stride is 0.

// CHECK-LABEL: func.func @broadcast_a(
// f32 GEMMs follow the precision option.
//  CHECK-SAME: batch = 5 : i64
//  CHECK-SAME: compute = "f32"
//  CHECK-SAME: stride_a = 0 : i64, stride_b = 24 : i64, stride_d = 12 : i64
// TF32-LABEL: func.func @broadcast_a(
//  TF32-SAME: compute = "tf32"
func.func @broadcast_a(%a: tensor<1x2x4xf32>, %b: tensor<5x4x6xf32>) -> tensor<5x2x6xf32> attributes {modelc.kernel} {
  %0 = onnx.MatMul %a, %b : (tensor<1x2x4xf32>, tensor<5x4x6xf32>) -> tensor<5x2x6xf32>
  return %0 : tensor<5x2x6xf32>
}

// -----

/// Gemm: alpha and the transposes carry over; a 1 x N C with beta 1 is the
/// bias, and a Relu follows.

// CHECK-LABEL: func.func @gemm_bias_relu(
//  CHECK-SAME: a = 0 : i64, alpha = 5.000000e-01 : f32, b = 1 : i64
//  CHECK-SAME: bias = 2 : i64, c = -1 : i64
//  CHECK-SAME: k = 8 : i64
//  CHECK-SAME: m = 4 : i64, n = 3 : i64, relu = true
//  CHECK-SAME: trans_a = true, trans_b = true
// TUNED-LABEL: func.func @gemm_bias_relu(
//  TUNED-SAME: algorithm = 5 : i64
func.func @gemm_bias_relu(%a: tensor<8x4xf32>, %b: tensor<3x8xf32>, %c: tensor<1x3xf32>) -> tensor<4x3xf32> attributes {modelc.kernel} {
  %0 = onnx.Gemm %a, %b, %c {alpha = 0.5 : f32, transA = 1 : si64, transB = 1 : si64} : (tensor<8x4xf32>, tensor<3x8xf32>, tensor<1x3xf32>) -> tensor<4x3xf32>
  %1 = onnx.Relu %0 : (tensor<4x3xf32>) -> tensor<4x3xf32>
  return %1 : tensor<4x3xf32>
}

// -----

/// An M x N C is the GEMM's C, with its beta.

// CHECK-LABEL: func.func @gemm_c(
//  CHECK-SAME: beta = 2.000000e+00 : f32, bias = -1 : i64, c = 2 : i64
func.func @gemm_c(%a: tensor<4x8xf16>, %b: tensor<8x3xf16>, %c: tensor<4x3xf16>) -> tensor<4x3xf16> attributes {modelc.kernel} {
  %0 = onnx.Gemm %a, %b, %c {beta = 2.0 : f32} : (tensor<4x8xf16>, tensor<8x3xf16>, tensor<4x3xf16>) -> tensor<4x3xf16>
  return %0 : tensor<4x3xf16>
}

// -----

/// The ResNet bottleneck's last conv: a 1x1 NHWC convolution is the N*H*W x
/// C input times the transposed M x C filters, its bias the GEMM's; the
/// residual Add is C (beta 1), and the Relu comes last.

// CHECK-LABEL: func.func @conv1x1_residual_relu(
//  CHECK-SAME: a = 0 : i64, alpha = 1.000000e+00 : f32, b = 1 : i64, batch = 1 : i64, beta = 1.000000e+00 : f32, bias = 2 : i64, c = 3 : i64, compute = "f32", d = 4 : i64, k = 16 : i64, library = "cublaslt", m = 50 : i64, n = 32 : i64, relu = true
//  CHECK-SAME: trans_a = false, trans_b = true
// TUNED-LABEL: func.func @conv1x1_residual_relu(
//  TUNED-SAME: algorithm = 2 : i64
func.func @conv1x1_residual_relu(%x: tensor<2x5x5x16xf16>, %w: tensor<32x1x1x16xf16>, %bias: tensor<32xf16>, %res: tensor<2x5x5x32xf16>) -> tensor<2x5x5x32xf16> attributes {modelc.kernel} {
  %0 = onnx.ConvNHWC %x, %w, %bias {dilations = array<i64: 1, 1>, group = 1 : si64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<2x5x5x16xf16>, tensor<32x1x1x16xf16>, tensor<32xf16>) -> tensor<2x5x5x32xf16>
  %1 = onnx.Add %0, %res : (tensor<2x5x5x32xf16>, tensor<2x5x5x32xf16>) -> tensor<2x5x5x32xf16>
  %2 = onnx.Relu %1 : (tensor<2x5x5x32xf16>) -> tensor<2x5x5x32xf16>
  return %2 : tensor<2x5x5x32xf16>
}

// -----

/// A bias small enough to be cloned into the kernel becomes its last input,
/// and its launches pass it as a weight: cuBLASLt reads the bias from
/// device memory.

// CHECK-LABEL: func.func @model(
//       CHECK:   %[[W:.*]] = onnx.Constant dense<1.000000e+00> : tensor<8x4xf16>
//       CHECK:   %[[BIAS:.*]] = onnx.Constant dense<5.000000e-01> : tensor<8xf16>
//       CHECK:   modelc.launch @kernels::@k0_MatMul_Add(%{{.*}}, %[[W]], %[[BIAS]])
//       CHECK: func.func @k0_MatMul_Add(%{{.*}}: tensor<2x4xf16>, %{{.*}}: tensor<8x4xf16>, %[[ARG:.*]]: tensor<8xf16>)
//  CHECK-SAME: bias = 2 : i64
//  CHECK-SAME: d = 3 : i64
//   CHECK-NOT:   onnx.Constant
//       CHECK:   onnx.Add %{{.*}}, %[[ARG]]
module {
  func.func @model(%x: tensor<2x4xf16>) -> tensor<2x8xf16> {
    %w = onnx.Constant dense<1.0> : tensor<8x4xf16>
    %y = modelc.launch @kernels::@k0_MatMul_Add(%x, %w) : (tensor<2x4xf16>, tensor<8x4xf16>) -> tensor<2x8xf16>
    return %y : tensor<2x8xf16>
  }
  module @kernels {
    func.func @k0_MatMul_Add(%a: tensor<2x4xf16>, %w: tensor<8x4xf16>) -> tensor<2x8xf16> attributes {modelc.kernel} {
      %bias = onnx.Constant dense<0.5> : tensor<8xf16>
      %0 = onnx.Gemm %a, %w {transB = 1 : si64} : (tensor<2x4xf16>, tensor<8x4xf16>) -> tensor<2x8xf16>
      %1 = onnx.Add %0, %bias : (tensor<2x8xf16>, tensor<8xf16>) -> tensor<2x8xf16>
      return %1 : tensor<2x8xf16>
    }
  }
}

// -----

/// Not GEMMs cuBLASLt can run: each stays generated code, with a remark.

// CHECK-LABEL: func.func @conv3x3(
//   CHECK-NOT: modelc.library_gemm
// expected-remark @below {{generated code, not cuBLASLt: not a 1x1 convolution with stride 1, no padding and one group}}
func.func @conv3x3(%x: tensor<1x5x5x16xf16>, %w: tensor<32x3x3x16xf16>) -> tensor<1x3x3x32xf16> attributes {modelc.kernel} {
  %0 = onnx.ConvNHWC %x, %w {dilations = array<i64: 1, 1>, group = 1 : si64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x5x5x16xf16>, tensor<32x3x3x16xf16>) -> tensor<1x3x3x32xf16>
  return %0 : tensor<1x3x3x32xf16>
}

// -----

// CHECK-LABEL: func.func @strided_conv(
//   CHECK-NOT: modelc.library_gemm
// expected-remark @below {{generated code, not cuBLASLt: not a 1x1 convolution with stride 1, no padding and one group}}
func.func @strided_conv(%x: tensor<1x6x6x16xf16>, %w: tensor<32x1x1x16xf16>) -> tensor<1x3x3x32xf16> attributes {modelc.kernel} {
  %0 = onnx.ConvNHWC %x, %w {dilations = array<i64: 1, 1>, group = 1 : si64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>} : (tensor<1x6x6x16xf16>, tensor<32x1x1x16xf16>) -> tensor<1x3x3x32xf16>
  return %0 : tensor<1x3x3x32xf16>
}

// -----

// expected-remark @below {{generated code, not cuBLASLt: partially broadcast batch dimensions}}
func.func @partial_broadcast(%a: tensor<2x1x4x2xf32>, %b: tensor<1x3x2x4xf32>) -> tensor<2x3x4x4xf32> attributes {modelc.kernel} {
  %0 = onnx.MatMul %a, %b : (tensor<2x1x4x2xf32>, tensor<1x3x2x4xf32>) -> tensor<2x3x4x4xf32>
  return %0 : tensor<2x3x4x4xf32>
}

// -----

// expected-remark @below {{generated code, not cuBLASLt: a 1-D operand}}
func.func @vector(%a: tensor<4x8xf32>, %b: tensor<8xf32>) -> tensor<4xf32> attributes {modelc.kernel} {
  %0 = onnx.MatMul %a, %b : (tensor<4x8xf32>, tensor<8xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// expected-remark @below {{generated code, not cuBLASLt: an Add after the ReLU, of a computed value, or broadcasting the GEMM's result}}
func.func @add_after_relu(%a: tensor<4x8xf32>, %b: tensor<8x3xf32>, %bias: tensor<3xf32>) -> tensor<4x3xf32> attributes {modelc.kernel} {
  %0 = onnx.MatMul %a, %b : (tensor<4x8xf32>, tensor<8x3xf32>) -> tensor<4x3xf32>
  %1 = onnx.Relu %0 : (tensor<4x3xf32>) -> tensor<4x3xf32>
  %2 = onnx.Add %1, %bias : (tensor<4x3xf32>, tensor<3xf32>) -> tensor<4x3xf32>
  return %2 : tensor<4x3xf32>
}

// -----

/// cuBLASLt gives bias and C the type of D, so a widening Cast cannot
/// follow them.

// expected-remark @below {{generated code, not cuBLASLt: a Cast other than 16 to 32 bits of a result without bias or C}}
func.func @cast_after_bias(%a: tensor<4x8xf16>, %b: tensor<8x3xf16>, %bias: tensor<3xf16>) -> tensor<4x3xf32> attributes {modelc.kernel} {
  %0 = onnx.MatMul %a, %b : (tensor<4x8xf16>, tensor<8x3xf16>) -> tensor<4x3xf16>
  %1 = onnx.Add %0, %bias : (tensor<4x3xf16>, tensor<3xf16>) -> tensor<4x3xf16>
  %2 = onnx.Cast %1 {to = 1 : si64} : (tensor<4x3xf16>) -> tensor<4x3xf32>
  return %2 : tensor<4x3xf32>
}

// -----

// expected-remark @below {{generated code, not cuBLASLt: C is neither M x N nor a bias (N, or 1 x N with beta 1)}}
func.func @gemm_column_c(%a: tensor<4x8xf32>, %b: tensor<8x3xf32>, %c: tensor<4x1xf32>) -> tensor<4x3xf32> attributes {modelc.kernel} {
  %0 = onnx.Gemm %a, %b, %c : (tensor<4x8xf32>, tensor<8x3xf32>, tensor<4x1xf32>) -> tensor<4x3xf32>
  return %0 : tensor<4x3xf32>
}

// -----

// expected-remark @below {{generated code, not cuBLASLt: C is neither M x N nor a bias (N, or 1 x N with beta 1)}}
func.func @gemm_scaled_bias(%a: tensor<4x8xf32>, %b: tensor<8x3xf32>, %c: tensor<3xf32>) -> tensor<4x3xf32> attributes {modelc.kernel} {
  %0 = onnx.Gemm %a, %b, %c {beta = 0.5 : f32} : (tensor<4x8xf32>, tensor<8x3xf32>, tensor<3xf32>) -> tensor<4x3xf32>
  return %0 : tensor<4x3xf32>
}

// -----

// expected-remark @below {{generated code, not cuBLASLt: an operand is computed in the kernel}}
func.func @inline_weights(%a: tensor<4x2xf32>) -> tensor<4x2xf32> attributes {modelc.kernel} {
  %w = onnx.Constant dense<1.0> : tensor<2x2xf32>
  %0 = onnx.MatMul %a, %w : (tensor<4x2xf32>, tensor<2x2xf32>) -> tensor<4x2xf32>
  return %0 : tensor<4x2xf32>
}

// -----

// expected-remark @below {{generated code, not cuBLASLt: 'onnx.Sigmoid' is not an epilogue cuBLASLt computes}}
func.func @sigmoid(%a: tensor<4x8xf32>, %b: tensor<8x3xf32>) -> tensor<4x3xf32> attributes {modelc.kernel} {
  %0 = onnx.MatMul %a, %b : (tensor<4x8xf32>, tensor<8x3xf32>) -> tensor<4x3xf32>
  %1 = onnx.Sigmoid %0 : (tensor<4x3xf32>) -> tensor<4x3xf32>
  return %1 : tensor<4x3xf32>
}

// -----

// expected-remark @below {{generated code, not cuBLASLt: the kernel does not return the GEMM's result alone}}
func.func @two_results(%a: tensor<4x8xf32>, %b: tensor<8x3xf32>) -> (tensor<4x3xf32>, tensor<4x8xf32>) attributes {modelc.kernel} {
  %0 = onnx.MatMul %a, %b : (tensor<4x8xf32>, tensor<8x3xf32>) -> tensor<4x3xf32>
  return %0, %a : tensor<4x3xf32>, tensor<4x8xf32>
}

// -----

// expected-remark @below {{generated code, not cuBLASLt: operands are not f16, bf16 or f32}}
func.func @integers(%a: tensor<4x8xi32>, %b: tensor<8x3xi32>) -> tensor<4x3xi32> attributes {modelc.kernel} {
  %0 = onnx.MatMul %a, %b : (tensor<4x8xi32>, tensor<8x3xi32>) -> tensor<4x3xi32>
  return %0 : tensor<4x3xi32>
}

// -----

/// Kernels without a GEMM, and functions that are not kernels, are left
/// alone, silently.

// CHECK-LABEL: func.func @relu(
//   CHECK-NOT: modelc.library_gemm
func.func @relu(%a: tensor<4xf32>) -> tensor<4xf32> attributes {modelc.kernel} {
  %0 = onnx.Relu %a : (tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// CHECK-LABEL: func.func @not_a_kernel(
//   CHECK-NOT: modelc.library_gemm
func.func @not_a_kernel(%a: tensor<4x8xf32>, %b: tensor<8x3xf32>) -> tensor<4x3xf32> {
  %0 = onnx.MatMul %a, %b : (tensor<4x8xf32>, tensor<8x3xf32>) -> tensor<4x3xf32>
  return %0 : tensor<4x3xf32>
}

// RUN: modelc-opt %s --split-input-file --verify-diagnostics

/// Every verifier and type-inference error of the onnx dialect, one case each.
/// Inference errors come with MLIR's "failed to infer returned types".

func.func @declared_type_contradicts_inferred(%x: tensor<2x3xf32>) -> tensor<2x4xf32> {
  // expected-error @+2 {{'onnx.Relu' op inferred type(s) 'tensor<2x3xf32>' are incompatible with return type(s) of operation 'tensor<2x4xf32>'}}
  // expected-error @+1 {{'onnx.Relu' op failed to infer returned types}}
  %0 = onnx.Relu %x : (tensor<2x3xf32>) -> tensor<2x4xf32>
  return %0 : tensor<2x4xf32>
}

// -----

func.func @binary_element_types_differ(%a: tensor<3xf32>, %b: tensor<3xf16>) -> tensor<3xf32> {
  // expected-error @+1 {{'onnx.Add' op expects operands of one element type, got 'f32' and 'f16'}}
  %0 = onnx.Add %a, %b : (tensor<3xf32>, tensor<3xf16>) -> tensor<3xf32>
  return %0 : tensor<3xf32>
}

// -----

func.func @binary_shapes_do_not_broadcast(%a: tensor<2x3xf32>, %b: tensor<4xf32>) -> tensor<2x3xf32> {
  // expected-error @+2 {{shapes [2, 3] and [4] do not broadcast (dimension 1: 3 vs 4)}}
  // expected-error @+1 {{'onnx.Mul' op failed to infer returned types}}
  %0 = onnx.Mul %a, %b : (tensor<2x3xf32>, tensor<4xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

func.func @axis_out_of_range(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  // expected-error @+2 {{'axis' = 2 is out of range [-2, 1]}}
  // expected-error @+1 {{'onnx.Softmax' op failed to infer returned types}}
  %0 = onnx.Softmax %x {axis = 2 : si64} : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

func.func @constant_of_shape_value_not_one_element(%s: tensor<2xi64>) -> tensor<?x?xf32> {
  // expected-error @+1 {{'onnx.ConstantOfShape' op expects 'value' to have one element, got 2}}
  %0 = onnx.ConstantOfShape %s {value = dense<[1.0, 2.0]> : tensor<2xf32>} : (tensor<2xi64>) -> tensor<?x?xf32>
  return %0 : tensor<?x?xf32>
}

// -----

func.func @constant_of_shape_input_not_1d(%s: tensor<1x2xi64>) -> tensor<*xf32> {
  // expected-error @+1 {{'onnx.ConstantOfShape' op expects a 1-D 'input', got rank 2}}
  %0 = "onnx.ConstantOfShape"(%s) : (tensor<1x2xi64>) -> tensor<2x2xf32>
  return %0 : tensor<2x2xf32>
}

// -----

func.func @range_operands_not_scalars(%a: tensor<2xi64>, %b: tensor<i64>) -> tensor<?xi64> {
  // expected-error @+1 {{'onnx.Range' op expects scalar 'start', 'limit' and 'delta', got 'tensor<2xi64>'}}
  %0 = onnx.Range %a, %b, %b : (tensor<2xi64>, tensor<i64>, tensor<i64>) -> tensor<?xi64>
  return %0 : tensor<?xi64>
}

// -----

func.func @range_zero_delta() -> tensor<?xi64> {
  %s = onnx.Constant dense<0> : tensor<i64>
  %d = onnx.Constant dense<0> : tensor<i64>
  // expected-error @+2 {{'delta' must not be zero}}
  // expected-error @+1 {{'onnx.Range' op failed to infer returned types}}
  %0 = onnx.Range %s, %s, %d : (tensor<i64>, tensor<i64>, tensor<i64>) -> tensor<?xi64>
  return %0 : tensor<?xi64>
}

// -----

func.func @clip_bound_not_scalar(%x: tensor<4xf32>, %lo: tensor<2xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'onnx.Clip' op expects 'min' to be a scalar of 'f32', got 'tensor<2xf32>'}}
  %0 = onnx.Clip %x min %lo : (tensor<4xf32>, tensor<2xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @cast_to_unsupported_type(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+2 {{'to' = 8 (STRING) is not a supported data type}}
  // expected-error @+1 {{'onnx.Cast' op failed to infer returned types}}
  %0 = onnx.Cast %x {to = 8 : si64} : (tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @prelu_slope_type(%x: tensor<4xf32>, %s: tensor<4xf16>) -> tensor<4xf32> {
  // expected-error @+1 {{'onnx.PRelu' op expects 'slope' of element type 'f32', got 'f16'}}
  %0 = onnx.PRelu %x, %s : (tensor<4xf32>, tensor<4xf16>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @prelu_slope_does_not_broadcast(%x: tensor<2x3x4xf32>, %s: tensor<3xf32>) -> tensor<2x3x4xf32> {
  // expected-error @+1 {{'onnx.PRelu' op expects 'slope' of shape 'tensor<3xf32>' to broadcast to 'X' of shape 'tensor<2x3x4xf32>'}}
  %0 = onnx.PRelu %x, %s : (tensor<2x3x4xf32>, tensor<3xf32>) -> tensor<2x3x4xf32>
  return %0 : tensor<2x3x4xf32>
}

// -----

func.func @where_branch_types(%c: tensor<4xi1>, %x: tensor<4xf32>, %y: tensor<4xi64>) -> tensor<4xf32> {
  // expected-error @+1 {{'onnx.Where' op expects 'X' and 'Y' of one element type, got 'f32' and 'i64'}}
  %0 = onnx.Where %c, %x, %y : (tensor<4xi1>, tensor<4xf32>, tensor<4xi64>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @gemm_contraction_mismatch(%a: tensor<4x8xf32>, %b: tensor<9x16xf32>) -> tensor<4x16xf32> {
  // expected-error @+1 {{'onnx.Gemm' op contraction dimensions must match, got 8 for 'A' and 9 for 'B'}}
  %0 = onnx.Gemm %a, %b : (tensor<4x8xf32>, tensor<9x16xf32>) -> tensor<4x16xf32>
  return %0 : tensor<4x16xf32>
}

// -----

func.func @gemm_bias_does_not_broadcast(%a: tensor<4x8xf32>, %b: tensor<8x16xf32>, %c: tensor<5xf32>) -> tensor<4x16xf32> {
  // expected-error @+1 {{'onnx.Gemm' op expects 'C' of shape 'tensor<5xf32>' to broadcast to the result 'tensor<4x16xf32>'}}
  %0 = onnx.Gemm %a, %b, %c : (tensor<4x8xf32>, tensor<8x16xf32>, tensor<5xf32>) -> tensor<4x16xf32>
  return %0 : tensor<4x16xf32>
}

// -----

func.func @gemm_not_2d(%a: tensor<2x4x8xf32>, %b: tensor<8x16xf32>) -> tensor<4x16xf32> {
  // expected-error @+2 {{expects 'A' and 'B' of rank 2, got 3 and 2}}
  // expected-error @+1 {{'onnx.Gemm' op failed to infer returned types}}
  %0 = onnx.Gemm %a, %b : (tensor<2x4x8xf32>, tensor<8x16xf32>) -> tensor<4x16xf32>
  return %0 : tensor<4x16xf32>
}

// -----

func.func @matmul_contraction_mismatch(%a: tensor<2x4x8xf32>, %b: tensor<7x16xf32>) -> tensor<2x4x16xf32> {
  // expected-error @+2 {{contraction dimensions must match, got 8 for 'A' and 7 for 'B'}}
  // expected-error @+1 {{'onnx.MatMul' op failed to infer returned types}}
  %0 = onnx.MatMul %a, %b : (tensor<2x4x8xf32>, tensor<7x16xf32>) -> tensor<2x4x16xf32>
  return %0 : tensor<2x4x16xf32>
}

// -----

func.func @conv_channels_mismatch(%x: tensor<1x4x8x8xf32>, %w: tensor<8x3x3x3xf32>) -> tensor<1x8x6x6xf32> {
  // expected-error @+2 {{'X' has 4 channels but 'W' expects 3 x group 1}}
  // expected-error @+1 {{'onnx.Conv' op failed to infer returned types}}
  %0 = onnx.Conv %x, %w : (tensor<1x4x8x8xf32>, tensor<8x3x3x3xf32>) -> tensor<1x8x6x6xf32>
  return %0 : tensor<1x8x6x6xf32>
}

// -----

func.func @conv_kernel_shape_mismatch(%x: tensor<1x3x8x8xf32>, %w: tensor<8x3x3x3xf32>) -> tensor<1x8x6x6xf32> {
  // expected-error @+2 {{'kernel_shape' does not match the spatial dimensions of 'W'}}
  // expected-error @+1 {{'onnx.Conv' op failed to infer returned types}}
  %0 = onnx.Conv %x, %w {kernel_shape = array<i64: 5, 5>} : (tensor<1x3x8x8xf32>, tensor<8x3x3x3xf32>) -> tensor<1x8x6x6xf32>
  return %0 : tensor<1x8x6x6xf32>
}

// -----

func.func @conv_kernel_larger_than_input(%x: tensor<1x3x2x2xf32>, %w: tensor<8x3x3x3xf32>) -> tensor<1x8x1x1xf32> {
  // expected-error @+2 {{spatial axis 0 has no output (input 2 is smaller than the dilated kernel)}}
  // expected-error @+1 {{'onnx.Conv' op failed to infer returned types}}
  %0 = onnx.Conv %x, %w : (tensor<1x3x2x2xf32>, tensor<8x3x3x3xf32>) -> tensor<1x8x1x1xf32>
  return %0 : tensor<1x8x1x1xf32>
}

// -----

func.func @conv_bad_auto_pad(%x: tensor<1x3x8x8xf32>, %w: tensor<8x3x3x3xf32>) -> tensor<1x8x8x8xf32> {
  // expected-error @+2 {{'auto_pad' = "SAME" is not one of NOTSET, SAME_UPPER, SAME_LOWER, VALID}}
  // expected-error @+1 {{'onnx.Conv' op failed to infer returned types}}
  %0 = onnx.Conv %x, %w {auto_pad = "SAME"} : (tensor<1x3x8x8xf32>, tensor<8x3x3x3xf32>) -> tensor<1x8x8x8xf32>
  return %0 : tensor<1x8x8x8xf32>
}

// -----

func.func @conv_bias_size(%x: tensor<1x3x8x8xf32>, %w: tensor<8x3x3x3xf32>, %b: tensor<4xf32>) -> tensor<1x8x6x6xf32> {
  // expected-error @+2 {{expects 'B' of shape [8]}}
  // expected-error @+1 {{'onnx.Conv' op failed to infer returned types}}
  %0 = onnx.Conv %x, %w, %b : (tensor<1x3x8x8xf32>, tensor<8x3x3x3xf32>, tensor<4xf32>) -> tensor<1x8x6x6xf32>
  return %0 : tensor<1x8x6x6xf32>
}

// -----

func.func @pool_pads_not_smaller_than_kernel(%x: tensor<1x3x8x8xf32>) -> tensor<1x3x10x10xf32> {
  // expected-error @+2 {{'pads' must be smaller than the kernel}}
  // expected-error @+1 {{'onnx.MaxPool' op failed to infer returned types}}
  %0 = onnx.MaxPool %x {kernel_shape = array<i64: 2, 2>, pads = array<i64: 2, 2, 2, 2>} : (tensor<1x3x8x8xf32>) -> tensor<1x3x10x10xf32>
  return %0 : tensor<1x3x10x10xf32>
}

// -----

func.func @pool_strides_wrong_length(%x: tensor<1x3x8x8xf32>) -> tensor<1x3x4x4xf32> {
  // expected-error @+2 {{'strides' has 1 entries, expected 2}}
  // expected-error @+1 {{'onnx.AveragePool' op failed to infer returned types}}
  %0 = onnx.AveragePool %x {kernel_shape = array<i64: 2, 2>, strides = array<i64: 2>} : (tensor<1x3x8x8xf32>) -> tensor<1x3x4x4xf32>
  return %0 : tensor<1x3x4x4xf32>
}

// -----

func.func @maxpool_column_major_indices(%x: tensor<1x3x8x8xf32>) -> tensor<1x3x4x4xf32> {
  // expected-error @+2 {{'storage_order' = 1 (column-major indices) is not supported}}
  // expected-error @+1 {{'onnx.MaxPool' op failed to infer returned types}}
  %0 = onnx.MaxPool %x {kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>, storage_order = 1 : si64} : (tensor<1x3x8x8xf32>) -> tensor<1x3x4x4xf32>
  return %0 : tensor<1x3x4x4xf32>
}

// -----

func.func @batchnorm_training(%x: tensor<1x4x8x8xf32>, %p: tensor<4xf32>) -> tensor<1x4x8x8xf32> {
  // expected-error @+1 {{'onnx.BatchNormalization' op with 'training_mode' = 1 is not supported (modelc compiles inference graphs)}}
  %0 = onnx.BatchNormalization %x, %p, %p, %p, %p {training_mode = 1 : si64} : (tensor<1x4x8x8xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<1x4x8x8xf32>
  return %0 : tensor<1x4x8x8xf32>
}

// -----

func.func @batchnorm_param_size(%x: tensor<1x4x8x8xf32>, %p: tensor<4xf32>, %q: tensor<3xf32>) -> tensor<1x4x8x8xf32> {
  // expected-error @+1 {{'onnx.BatchNormalization' op expects 'input_var' of shape [4], got 'tensor<3xf32>'}}
  %0 = onnx.BatchNormalization %x, %p, %p, %p, %q : (tensor<1x4x8x8xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<3xf32>) -> tensor<1x4x8x8xf32>
  return %0 : tensor<1x4x8x8xf32>
}

// -----

func.func @batchnorm_rank(%x: tensor<4xf32>, %p: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'onnx.BatchNormalization' op expects 'X' of rank 2 or more, got 1}}
  %0 = onnx.BatchNormalization %x, %p, %p, %p, %p : (tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @instancenorm_param_size(%x: tensor<1x4x8x8xf32>, %p: tensor<4xf32>, %q: tensor<2xf32>) -> tensor<1x4x8x8xf32> {
  // expected-error @+1 {{'onnx.InstanceNormalization' op expects 'B' of shape [4], got 'tensor<2xf32>'}}
  %0 = onnx.InstanceNormalization %x, %p, %q : (tensor<1x4x8x8xf32>, tensor<4xf32>, tensor<2xf32>) -> tensor<1x4x8x8xf32>
  return %0 : tensor<1x4x8x8xf32>
}

// -----

func.func @instancenorm_rank(%x: tensor<2x4xf32>, %p: tensor<4xf32>) -> tensor<2x4xf32> {
  // expected-error @+1 {{'onnx.InstanceNormalization' op expects 'input' of rank 3 or more, got 2}}
  %0 = onnx.InstanceNormalization %x, %p, %p : (tensor<2x4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<2x4xf32>
  return %0 : tensor<2x4xf32>
}

// -----

func.func @layernorm_scale_shape(%x: tensor<2x16x32xf32>, %g: tensor<16xf32>) -> tensor<2x16x32xf32> {
  // expected-error @+1 {{'onnx.LayerNormalization' op expects 'Scale' of shape 'tensor<16xf32>' to broadcast to the normalized dimensions [32]}}
  %0 = onnx.LayerNormalization %x, %g {resultSegmentSizes = array<i32: 1, 0, 0>} : (tensor<2x16x32xf32>, tensor<16xf32>) -> tensor<2x16x32xf32>
  return %0 : tensor<2x16x32xf32>
}

// -----

func.func @layernorm_one_statistic(%x: tensor<2x32xf32>, %g: tensor<32xf32>) -> tensor<2x32xf32> {
  // expected-error @+1 {{'onnx.LayerNormalization' op expects both or neither of 'Mean' and 'InvStdDev'}}
  %0, %m = onnx.LayerNormalization %x, %g {resultSegmentSizes = array<i32: 1, 1, 0>} : (tensor<2x32xf32>, tensor<32xf32>) -> (tensor<2x32xf32>, tensor<2x1xf32>)
  return %0 : tensor<2x32xf32>
}

// -----

func.func @layernorm_axis(%x: tensor<2x32xf32>, %g: tensor<32xf32>) -> tensor<2x32xf32> {
  // expected-error @+1 {{'axis' = 2 is out of range [-2, 1]}}
  %0 = onnx.LayerNormalization %x, %g {axis = 2 : si64, resultSegmentSizes = array<i32: 1, 0, 0>} : (tensor<2x32xf32>, tensor<32xf32>) -> tensor<2x32xf32>
  return %0 : tensor<2x32xf32>
}

// -----

func.func @split_sizes_do_not_add_up(%x: tensor<2x6xf32>) -> tensor<2x2xf32> {
  %s = onnx.Constant dense<[2, 3]> : tensor<2xi64>
  // expected-error @+1 {{'onnx.Split' op 'split' sizes add up to 5, but the axis has 6}}
  %0:2 = onnx.Split %x, %s {axis = 1 : si64} : (tensor<2x6xf32>, tensor<2xi64>) -> (tensor<2x2xf32>, tensor<2x3xf32>)
  return %0#0 : tensor<2x2xf32>
}

// -----

func.func @split_not_equal_parts(%x: tensor<2x7xf32>) -> tensor<2x3xf32> {
  // expected-error @+1 {{'onnx.Split' op cannot split 7 elements into 2 equal parts}}
  %0:2 = onnx.Split %x {axis = 1 : si64} : (tensor<2x7xf32>) -> (tensor<2x3xf32>, tensor<2x4xf32>)
  return %0#0 : tensor<2x3xf32>
}

// -----

func.func @split_count_mismatch(%x: tensor<2x6xf32>) -> tensor<2x2xf32> {
  %s = onnx.Constant dense<[2, 2, 2]> : tensor<3xi64>
  // expected-error @+1 {{'onnx.Split' op 'split' has 3 entries for 2 results}}
  %0:2 = onnx.Split %x, %s {axis = 1 : si64} : (tensor<2x6xf32>, tensor<3xi64>) -> (tensor<2x2xf32>, tensor<2x4xf32>)
  return %0#0 : tensor<2x2xf32>
}

// -----

func.func @split_no_results(%x: tensor<2x6xf32>) {
  // expected-error @+1 {{'onnx.Split' op expects at least one result}}
  onnx.Split %x : (tensor<2x6xf32>) -> ()
  return
}

// -----

func.func @pad_mode(%x: tensor<4xf32>, %p: tensor<2xi64>) -> tensor<?xf32> {
  // expected-error @+1 {{'onnx.Pad' op 'mode' = "wrap" is not one of constant, reflect, edge}}
  %0 = onnx.Pad %x, %p {mode = "wrap"} : (tensor<4xf32>, tensor<2xi64>) -> tensor<?xf32>
  return %0 : tensor<?xf32>
}

// -----

func.func @pad_constant_value_type(%x: tensor<4xf32>, %p: tensor<2xi64>, %v: tensor<i64>) -> tensor<?xf32> {
  // expected-error @+1 {{'onnx.Pad' op expects 'constant_value' to be a scalar of 'f32', got 'tensor<i64>'}}
  %0 = onnx.Pad %x, %p, %v : (tensor<4xf32>, tensor<2xi64>, tensor<i64>) -> tensor<?xf32>
  return %0 : tensor<?xf32>
}

// -----

func.func @pad_count(%x: tensor<4x4xf32>) -> tensor<?x?xf32> {
  %p = onnx.Constant dense<[1, 1]> : tensor<2xi64>
  // expected-error @+2 {{'pads' has 2 entries, expected 4}}
  // expected-error @+1 {{'onnx.Pad' op failed to infer returned types}}
  %0 = onnx.Pad %x, %p : (tensor<4x4xf32>, tensor<2xi64>) -> tensor<?x?xf32>
  return %0 : tensor<?x?xf32>
}

// -----

func.func @resize_mode(%x: tensor<1x1x2x2xf32>, %s: tensor<4xf32>) -> tensor<?x?x?x?xf32> {
  // expected-error @+1 {{'onnx.Resize' op 'mode' = "area" is not one of nearest, linear, cubic}}
  %0 = onnx.Resize %x scales %s {mode = "area"} : (tensor<1x1x2x2xf32>, tensor<4xf32>) -> tensor<?x?x?x?xf32>
  return %0 : tensor<?x?x?x?xf32>
}

// -----

func.func @resize_coordinate_mode(%x: tensor<1x1x2x2xf32>, %s: tensor<4xf32>) -> tensor<?x?x?x?xf32> {
  // expected-error @+1 {{'onnx.Resize' op 'coordinate_transformation_mode' = "center" is not supported}}
  %0 = onnx.Resize %x scales %s {coordinate_transformation_mode = "center"} : (tensor<1x1x2x2xf32>, tensor<4xf32>) -> tensor<?x?x?x?xf32>
  return %0 : tensor<?x?x?x?xf32>
}

// -----

func.func @resize_nearest_mode(%x: tensor<1x1x2x2xf32>, %s: tensor<4xf32>) -> tensor<?x?x?x?xf32> {
  // expected-error @+1 {{'onnx.Resize' op 'nearest_mode' = "round" is not supported}}
  %0 = onnx.Resize %x scales %s {nearest_mode = "round"} : (tensor<1x1x2x2xf32>, tensor<4xf32>) -> tensor<?x?x?x?xf32>
  return %0 : tensor<?x?x?x?xf32>
}

// -----

func.func @resize_without_scales_or_sizes(%x: tensor<1x1x2x2xf32>) -> tensor<1x1x2x2xf32> {
  // expected-error @+2 {{expects one of 'scales' or 'sizes'}}
  // expected-error @+1 {{'onnx.Resize' op failed to infer returned types}}
  %0 = onnx.Resize %x : (tensor<1x1x2x2xf32>) -> tensor<1x1x2x2xf32>
  return %0 : tensor<1x1x2x2xf32>
}

// -----

func.func @reshape_two_minus_ones(%x: tensor<2x3xf32>) -> tensor<?x?xf32> {
  %s = onnx.Constant dense<[-1, -1]> : tensor<2xi64>
  // expected-error @+2 {{'shape' has more than one -1}}
  // expected-error @+1 {{'onnx.Reshape' op failed to infer returned types}}
  %0 = onnx.Reshape %x, %s : (tensor<2x3xf32>, tensor<2xi64>) -> tensor<?x?xf32>
  return %0 : tensor<?x?xf32>
}

// -----

func.func @reshape_element_count(%x: tensor<2x3xf32>) -> tensor<4x2xf32> {
  %s = onnx.Constant dense<[4, 2]> : tensor<2xi64>
  // expected-error @+2 {{cannot reshape 6 elements into 8}}
  // expected-error @+1 {{'onnx.Reshape' op failed to infer returned types}}
  %0 = onnx.Reshape %x, %s : (tensor<2x3xf32>, tensor<2xi64>) -> tensor<4x2xf32>
  return %0 : tensor<4x2xf32>
}

// -----

func.func @transpose_not_a_permutation(%x: tensor<2x3xf32>) -> tensor<2x2xf32> {
  // expected-error @+2 {{'perm' is not a permutation of [0, 2)}}
  // expected-error @+1 {{'onnx.Transpose' op failed to infer returned types}}
  %0 = onnx.Transpose %x {perm = array<i64: 0, 0>} : (tensor<2x3xf32>) -> tensor<2x2xf32>
  return %0 : tensor<2x2xf32>
}

// -----

func.func @concat_dimension_mismatch(%a: tensor<2x3xf32>, %b: tensor<4x3xf32>) -> tensor<2x6xf32> {
  // expected-error @+2 {{inputs differ in dimension 0 (2 vs 4), which is not 'axis'}}
  // expected-error @+1 {{'onnx.Concat' op failed to infer returned types}}
  %0 = onnx.Concat %a, %b {axis = 1 : si64} : (tensor<2x3xf32>, tensor<4x3xf32>) -> tensor<2x6xf32>
  return %0 : tensor<2x6xf32>
}

// -----

func.func @slice_zero_step(%x: tensor<4xf32>) -> tensor<?xf32> {
  %s = onnx.Constant dense<0> : tensor<1xi64>
  %e = onnx.Constant dense<4> : tensor<1xi64>
  %a = onnx.Constant dense<0> : tensor<1xi64>
  %st = onnx.Constant dense<0> : tensor<1xi64>
  // expected-error @+2 {{'steps' must not contain 0}}
  // expected-error @+1 {{'onnx.Slice' op failed to infer returned types}}
  %0 = onnx.Slice %x, %s, %e axes %a steps %st : (tensor<4xf32>, tensor<1xi64>, tensor<1xi64>, tensor<1xi64>, tensor<1xi64>) -> tensor<?xf32>
  return %0 : tensor<?xf32>
}

// -----

func.func @squeeze_non_unit_axis(%x: tensor<3x1xf32>) -> tensor<1xf32> {
  %a = onnx.Constant dense<0> : tensor<1xi64>
  // expected-error @+2 {{cannot squeeze axis 0 of size 3}}
  // expected-error @+1 {{'onnx.Squeeze' op failed to infer returned types}}
  %0 = onnx.Squeeze %x, %a : (tensor<3x1xf32>, tensor<1xi64>) -> tensor<1xf32>
  return %0 : tensor<1xf32>
}

// -----

func.func @unsqueeze_duplicate_axes(%x: tensor<3xf32>) -> tensor<1x1x3xf32> {
  %a = onnx.Constant dense<[0, 0]> : tensor<2xi64>
  // expected-error @+2 {{'axes' lists axis 0 twice}}
  // expected-error @+1 {{'onnx.Unsqueeze' op failed to infer returned types}}
  %0 = onnx.Unsqueeze %x, %a : (tensor<3xf32>, tensor<2xi64>) -> tensor<1x1x3xf32>
  return %0 : tensor<1x1x3xf32>
}

// -----

func.func @expand_negative_dimension(%x: tensor<3x1xf32>) -> tensor<3x4xf32> {
  %s = onnx.Constant dense<[3, -4]> : tensor<2xi64>
  // expected-error @+2 {{'shape' has a negative dimension -4}}
  // expected-error @+1 {{'onnx.Expand' op failed to infer returned types}}
  %0 = onnx.Expand %x, %s : (tensor<3x1xf32>, tensor<2xi64>) -> tensor<3x4xf32>
  return %0 : tensor<3x4xf32>
}

// -----

func.func @tile_repeats_count(%x: tensor<3x1xf32>) -> tensor<6x1xf32> {
  %r = onnx.Constant dense<[2]> : tensor<1xi64>
  // expected-error @+2 {{'repeats' has 1 entries for rank 2}}
  // expected-error @+1 {{'onnx.Tile' op failed to infer returned types}}
  %0 = onnx.Tile %x, %r : (tensor<3x1xf32>, tensor<1xi64>) -> tensor<6x1xf32>
  return %0 : tensor<6x1xf32>
}

// -----

func.func @topk_k_too_large(%x: tensor<2x4xf32>) -> tensor<2x5xf32> {
  %k = onnx.Constant dense<5> : tensor<1xi64>
  // expected-error @+2 {{'K' = 5 exceeds the axis size 4}}
  // expected-error @+1 {{'onnx.TopK' op failed to infer returned types}}
  %v, %i = onnx.TopK %x, %k : (tensor<2x4xf32>, tensor<1xi64>) -> (tensor<2x5xf32>, tensor<2x5xi64>)
  return %v : tensor<2x5xf32>
}

// -----

func.func @depth_to_space_channels(%x: tensor<1x6x2x2xf32>) -> tensor<1x1x4x4xf32> {
  // expected-error @+2 {{channels 6 are not a multiple of blocksize^2}}
  // expected-error @+1 {{'onnx.DepthToSpace' op failed to infer returned types}}
  %0 = onnx.DepthToSpace %x {blocksize = 2 : si64} : (tensor<1x6x2x2xf32>) -> tensor<1x1x4x4xf32>
  return %0 : tensor<1x1x4x4xf32>
}

// -----

func.func @global_pool_rank(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  // expected-error @+2 {{expects 'X' of rank 3 or more (N x C x D1 ...), got 2}}
  // expected-error @+1 {{'onnx.GlobalAveragePool' op failed to infer returned types}}
  %0 = onnx.GlobalAveragePool %x : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

func.func @reduce_axis_out_of_range(%x: tensor<2x3xf32>) -> tensor<2xf32> {
  // expected-error @+2 {{'axes' = 3 is out of range [-2, 1]}}
  // expected-error @+1 {{'onnx.ReduceMax' op failed to infer returned types}}
  %0 = onnx.ReduceMax %x {axes = array<i64: 3>, keepdims = 0 : si64} : (tensor<2x3xf32>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

func.func @element_type_not_compiled(%x: tensor<4xcomplex<f32>>) -> tensor<4xcomplex<f32>> {
  // expected-error @+1 {{'onnx.Relu' op operand #0 must be ranked tensor of ONNX floating-point or ONNX signed integer values}}
  %0 = "onnx.Relu"(%x) : (tensor<4xcomplex<f32>>) -> tensor<4xcomplex<f32>>
  return %0 : tensor<4xcomplex<f32>>
}

// -----

func.func @conv_nhwc_channels_mismatch(%x: tensor<1x8x8x4xf32>, %w: tensor<8x3x3x3xf32>) -> tensor<1x6x6x8xf32> {
  // expected-error @+2 {{'X' has 4 channels but 'W' expects 3 x group 1}}
  // expected-error @+1 {{'onnx.ConvNHWC' op failed to infer returned types}}
  %0 = onnx.ConvNHWC %x, %w {dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x8x8x4xf32>, tensor<8x3x3x3xf32>) -> tensor<1x6x6x8xf32>
  return %0 : tensor<1x6x6x8xf32>
}

// -----

func.func @conv_nhwc_rank(%x: tensor<1x8x8x8x3xf32>, %w: tensor<8x3x3x3xf32>) -> tensor<1x6x6x8xf32> {
  // expected-error @+2 {{expects 'X' of rank 4 (N x H x W x C), got 5}}
  // expected-error @+1 {{'onnx.ConvNHWC' op failed to infer returned types}}
  %0 = onnx.ConvNHWC %x, %w {dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x8x8x8x3xf32>, tensor<8x3x3x3xf32>) -> tensor<1x6x6x8xf32>
  return %0 : tensor<1x6x6x8xf32>
}

// -----

func.func @max_pool_nhwc_pads(%x: tensor<1x8x8x4xf32>) -> tensor<1x4x4x4xf32> {
  // expected-error @+2 {{expects 2 'kernel_shape', 'strides' and 'dilations' entries and 4 'pads'}}
  // expected-error @+1 {{'onnx.MaxPoolNHWC' op failed to infer returned types}}
  %0 = onnx.MaxPoolNHWC %x {dilations = array<i64: 1, 1>, kernel_shape = array<i64: 2, 2>, pads = array<i64: 0, 0>, strides = array<i64: 2, 2>} : (tensor<1x8x8x4xf32>) -> tensor<1x4x4x4xf32>
  return %0 : tensor<1x4x4x4xf32>
}

// -----

func.func @max_pool_nhwc_no_output(%x: tensor<1x2x2x4xf32>) -> tensor<1x1x1x4xf32> {
  // expected-error @+2 {{spatial axis 0 has no output (input 2 is smaller than the window)}}
  // expected-error @+1 {{'onnx.MaxPoolNHWC' op failed to infer returned types}}
  %0 = onnx.MaxPoolNHWC %x {dilations = array<i64: 1, 1>, kernel_shape = array<i64: 3, 3>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x2x2x4xf32>) -> tensor<1x1x1x4xf32>
  return %0 : tensor<1x1x1x4xf32>
}

// -----

func.func @global_average_pool_nhwc_rank(%x: tensor<1x2x4xf32>) -> tensor<1x1x4xf32> {
  // expected-error @+2 {{expects 'X' of rank 4 (N x H x W x C), got 3}}
  // expected-error @+1 {{'onnx.GlobalAveragePoolNHWC' op failed to infer returned types}}
  %0 = onnx.GlobalAveragePoolNHWC %x : (tensor<1x2x4xf32>) -> tensor<1x1x4xf32>
  return %0 : tensor<1x1x4xf32>
}

// -----

func.func @global_average_pool_nhwc_shape(%x: tensor<1x2x3x4xf32>) -> tensor<1x4x1x1xf32> {
  // expected-error @+2 {{'onnx.GlobalAveragePoolNHWC' op inferred type(s) 'tensor<1x1x1x4xf32>' are incompatible with return type(s) of operation 'tensor<1x4x1x1xf32>'}}
  // expected-error @+1 {{'onnx.GlobalAveragePoolNHWC' op failed to infer returned types}}
  %0 = onnx.GlobalAveragePoolNHWC %x : (tensor<1x2x3x4xf32>) -> tensor<1x4x1x1xf32>
  return %0 : tensor<1x4x1x1xf32>
}

// -----

func.func @fused_attention_rank(%q: tensor<2x12x128x64xf16>, %k: tensor<12x96x64xf16>, %v: tensor<12x96x32xf16>) -> tensor<12x128x32xf16> {
  // expected-error @+2 {{expects 'Q' of rank 3 (heads, sequence, features), got 4}}
  // expected-error @+1 {{'onnx.FusedAttention' op failed to infer returned types}}
  %0 = onnx.FusedAttention %q, %k, %v {scale = 0.125 : f32} : (tensor<2x12x128x64xf16>, tensor<12x96x64xf16>, tensor<12x96x32xf16>) -> tensor<12x128x32xf16>
  return %0 : tensor<12x128x32xf16>
}

// -----

func.func @fused_attention_heads(%q: tensor<12x128x64xf16>, %k: tensor<6x96x64xf16>, %v: tensor<12x96x32xf16>) -> tensor<12x128x32xf16> {
  // expected-error @+2 {{expects 'Q', 'K' and 'V' with as many heads, got 12, 6, 12}}
  // expected-error @+1 {{'onnx.FusedAttention' op failed to infer returned types}}
  %0 = onnx.FusedAttention %q, %k, %v {scale = 0.125 : f32} : (tensor<12x128x64xf16>, tensor<6x96x64xf16>, tensor<12x96x32xf16>) -> tensor<12x128x32xf16>
  return %0 : tensor<12x128x32xf16>
}

// -----

func.func @fused_attention_keys(%q: tensor<128x12x64xf16>, %k: tensor<96x12x64xf16>, %v: tensor<64x12x32xf16>) -> tensor<128x12x32xf16> {
  // expected-error @+2 {{expects 'K' and 'V' of one sequence length, got 96 and 64}}
  // expected-error @+1 {{'onnx.FusedAttention' op failed to infer returned types}}
  %0 = onnx.FusedAttention %q, %k, %v {scale = 0.125 : f32, sequence_first = true} : (tensor<128x12x64xf16>, tensor<96x12x64xf16>, tensor<64x12x32xf16>) -> tensor<128x12x32xf16>
  return %0 : tensor<128x12x32xf16>
}

// -----

func.func @fused_attention_features(%q: tensor<12x128x64xf16>, %k: tensor<12x96x32xf16>, %v: tensor<12x96x32xf16>) -> tensor<12x128x32xf16> {
  // expected-error @+2 {{expects 'Q' and 'K' with as many features, got 64 and 32}}
  // expected-error @+1 {{'onnx.FusedAttention' op failed to infer returned types}}
  %0 = onnx.FusedAttention %q, %k, %v {scale = 0.125 : f32} : (tensor<12x128x64xf16>, tensor<12x96x32xf16>, tensor<12x96x32xf16>) -> tensor<12x128x32xf16>
  return %0 : tensor<12x128x32xf16>
}

// -----

func.func @fused_attention_types(%q: tensor<12x128x64xf16>, %k: tensor<12x96x64xf32>, %v: tensor<12x96x32xf16>) -> tensor<12x128x32xf16> {
  // expected-error @+2 {{expects 'Q', 'K' and 'V' of one element type}}
  // expected-error @+1 {{'onnx.FusedAttention' op failed to infer returned types}}
  %0 = onnx.FusedAttention %q, %k, %v {scale = 0.125 : f32} : (tensor<12x128x64xf16>, tensor<12x96x64xf32>, tensor<12x96x32xf16>) -> tensor<12x128x32xf16>
  return %0 : tensor<12x128x32xf16>
}

// -----

func.func @fused_attention_scale(%q: tensor<12x128x64xf16>, %k: tensor<12x96x64xf16>, %v: tensor<12x96x32xf16>) -> tensor<12x128x32xf16> {
  // expected-error @+2 {{expects a positive 'scale'}}
  // expected-error @+1 {{'onnx.FusedAttention' op failed to infer returned types}}
  %0 = onnx.FusedAttention %q, %k, %v {scale = 0.0 : f32} : (tensor<12x128x64xf16>, tensor<12x96x64xf16>, tensor<12x96x32xf16>) -> tensor<12x128x32xf16>
  return %0 : tensor<12x128x32xf16>
}

// -----

func.func @fused_attention_result(%q: tensor<12x128x64xf16>, %k: tensor<12x96x64xf16>, %v: tensor<12x96x32xf16>) -> tensor<12x128x64xf16> {
  // expected-error @+2 {{'onnx.FusedAttention' op inferred type(s) 'tensor<12x128x32xf16>' are incompatible with return type(s) of operation 'tensor<12x128x64xf16>'}}
  // expected-error @+1 {{'onnx.FusedAttention' op failed to infer returned types}}
  %0 = onnx.FusedAttention %q, %k, %v {scale = 0.125 : f32} : (tensor<12x128x64xf16>, tensor<12x96x64xf16>, tensor<12x96x32xf16>) -> tensor<12x128x64xf16>
  return %0 : tensor<12x128x64xf16>
}

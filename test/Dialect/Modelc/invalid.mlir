// RUN: modelc-opt %s --split-input-file --verify-diagnostics

func.func @block_arguments(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{expects one block argument per input, got 0 for 1}}
  %0 = modelc.kernel "k" (%x) : (tensor<4xf32>) -> tensor<4xf32> {
    %c = onnx.Constant dense<1.0> : tensor<4xf32>
    modelc.yield %c : tensor<4xf32>
  }
  return %0 : tensor<4xf32>
}

// -----

func.func @block_argument_type(%x: tensor<4xf32>) -> tensor<4xi32> {
  // expected-error @+1 {{block argument type 'tensor<4xi32>' differs from input type 'tensor<4xf32>'}}
  %0 = modelc.kernel "k" (%x) : (tensor<4xf32>) -> tensor<4xi32> {
  ^bb0(%a: tensor<4xi32>):
    modelc.yield %a : tensor<4xi32>
  }
  return %0 : tensor<4xi32>
}

// -----

func.func @yield_types(%x: tensor<4xf32>) -> tensor<2xf32> {
  // expected-error @+1 {{yields 'tensor<4xf32>' but its results are 'tensor<2xf32>'}}
  %0 = modelc.kernel "k" (%x) : (tensor<4xf32>) -> tensor<2xf32> {
  ^bb0(%a: tensor<4xf32>):
    modelc.yield %a : tensor<4xf32>
  }
  return %0 : tensor<2xf32>
}

// -----

func.func @no_results(%x: tensor<4xf32>) {
  // expected-error @+1 {{expects at least one result}}
  modelc.kernel "k" (%x) : (tensor<4xf32>) -> () {
  ^bb0(%a: tensor<4xf32>):
    modelc.yield
  }
  return
}

// -----

func.func @undefined(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{refers to '@kernels::@missing', which is not defined}}
  %0 = modelc.launch @kernels::@missing(%x) : (tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}
module @kernels {
}

// -----

func.func @not_a_kernel(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{refers to '@kernels::@helper', which lacks the 'modelc.kernel' attribute}}
  %0 = modelc.launch @kernels::@helper(%x) : (tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}
module @kernels {
  func.func @helper(%a: tensor<4xf32>) -> tensor<4xf32> {
    return %a : tensor<4xf32>
  }
}

// -----

func.func @signature(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{does not match the signature '(tensor<4xf32>) -> tensor<2xf32>' of '@kernels::@k0'}}
  %0 = modelc.launch @kernels::@k0(%x) : (tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}
module @kernels {
  func.func @k0(%a: tensor<4xf32>) -> tensor<2xf32> attributes {modelc.kernel} {
    %s = tensor.extract_slice %a[0] [2] [1] : tensor<4xf32> to tensor<2xf32>
    return %s : tensor<2xf32>
  }
}

// -----

func.func @signedness_is_not_width(%x: tensor<4xui8>) -> tensor<4xui8> {
  // expected-error @+1 {{does not match the signature '(tensor<4xi16>) -> tensor<4xi16>' of '@kernels::@k0'}}
  %0 = modelc.launch @kernels::@k0(%x) : (tensor<4xui8>) -> tensor<4xui8>
  return %0 : tensor<4xui8>
}
module @kernels {
  func.func @k0(%a: tensor<4xi16>) -> tensor<4xi16> attributes {modelc.kernel} {
    return %a : tensor<4xi16>
  }
}

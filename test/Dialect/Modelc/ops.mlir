// RUN: modelc-opt %s | FileCheck %s
// RUN: modelc-opt %s | modelc-opt | FileCheck %s
// RUN: modelc-opt %s --mlir-print-op-generic | modelc-opt | FileCheck %s

// CHECK-LABEL: func.func @kernel_region(
//       CHECK:   %[[K:.*]]:2 = modelc.kernel "k0_Split" (%{{.*}}) : (tensor<4xf32>) -> (tensor<2xf32>, tensor<2xf32>) {
//       CHECK:     modelc.yield %{{.*}}#0, %{{.*}}#1 : tensor<2xf32>, tensor<2xf32>
//       CHECK:   return %[[K]]#0, %[[K]]#1
func.func @kernel_region(%x: tensor<4xf32>) -> (tensor<2xf32>, tensor<2xf32>) {
  %0:2 = modelc.kernel "k0_Split" (%x) : (tensor<4xf32>) -> (tensor<2xf32>, tensor<2xf32>) {
  ^bb0(%a: tensor<4xf32>):
    %s:2 = onnx.Split %a {num_outputs = 2 : si64} : (tensor<4xf32>) -> (tensor<2xf32>, tensor<2xf32>)
    modelc.yield %s#0, %s#1 : tensor<2xf32>, tensor<2xf32>
  }
  return %0#0, %0#1 : tensor<2xf32>, tensor<2xf32>
}

// CHECK-LABEL: func.func @launches(
//       CHECK:   modelc.launch @kernels::@k0_Neg(%{{.*}}) : (tensor<4xf32>) -> tensor<4xf32>
//       CHECK:   modelc.launch @kernels::@k1_Neg(%{{.*}}) : (tensor<4xf32>) -> tensor<4xf32>
//       CHECK:   modelc.launch @kernels::@k2_Cast(%{{.*}}) : (tensor<4xui8>) -> tensor<4xui8>
func.func @launches(%x: tensor<4xf32>, %u: tensor<4xui8>) -> (tensor<4xf32>, tensor<4xf32>, tensor<4xui8>) {
  // (inputs) -> (results)
  %0 = modelc.launch @kernels::@k0_Neg(%x) : (tensor<4xf32>) -> tensor<4xf32>
  // Destination-passing kernel: (inputs, outputs) -> (results).
  %1 = modelc.launch @kernels::@k1_Neg(%x) : (tensor<4xf32>) -> tensor<4xf32>
  // Kernels use signless integers for the graph's unsigned ones.
  %2 = modelc.launch @kernels::@k2_Cast(%u) : (tensor<4xui8>) -> tensor<4xui8>
  return %0, %1, %2 : tensor<4xf32>, tensor<4xf32>, tensor<4xui8>
}

// After bufferization and code generation, any symbol marked a kernel.
// CHECK-LABEL: func.func @after_codegen(
//       CHECK:   modelc.launch @kernels::@k3_Lowered(%{{.*}})
func.func @after_codegen(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = modelc.launch @kernels::@k3_Lowered(%x) : (tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

module @kernels {
  func.func @k0_Neg(%a: tensor<4xf32>) -> tensor<4xf32> attributes {modelc.kernel} {
    %n = onnx.Neg %a : (tensor<4xf32>) -> tensor<4xf32>
    return %n : tensor<4xf32>
  }
  func.func @k1_Neg(%a: tensor<4xf32>, %out: tensor<4xf32>) -> tensor<4xf32> attributes {modelc.kernel} {
    return %out : tensor<4xf32>
  }
  func.func @k2_Cast(%a: tensor<4xi8>) -> tensor<4xi8> attributes {modelc.kernel} {
    return %a : tensor<4xi8>
  }
  func.func @k3_Lowered(%a: memref<4xf32>, %out: memref<4xf32>) attributes {modelc.kernel} {
    return
  }
}

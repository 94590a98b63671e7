// RUN: modelc-opt %s --split-input-file --verify-diagnostics --modelc-finalize-kernel-abi | FileCheck %s
// RUN: modelc-opt %s --split-input-file --verify-diagnostics --modelc-finalize-kernel-abi=alignment=16 | FileCheck %s --check-prefix=ALIGN16

// The pass runs on the bufferized kernels module; here the test file is it.

/// A result that is its output argument is dropped.

// CHECK-LABEL: func.func @in_place(
//  CHECK-SAME:     %[[X:.*]]: memref<4xf32>, %[[OUT:.*]]: memref<4xf32>) attributes {modelc.kernel} {
//       CHECK:   linalg.copy ins(%[[X]] : memref<4xf32>) outs(%[[OUT]] : memref<4xf32>)
//  CHECK-NEXT:   return{{$}}
func.func @in_place(%x: memref<4xf32>, %out: memref<4xf32>) -> memref<4xf32> attributes {modelc.kernel} {
  linalg.copy ins(%x : memref<4xf32>) outs(%out : memref<4xf32>)
  return %out : memref<4xf32>
}

// -----

/// A returned input is copied into the output, with linalg.copy (a
/// memref.copy would call MLIR's runtime library).

// CHECK-LABEL: func.func @returns_input(
//  CHECK-SAME:     %[[X:.*]]: memref<2x3xi64>, %[[OUT:.*]]: memref<2x3xi64>) attributes {modelc.kernel} {
//  CHECK-NEXT:   linalg.copy ins(%[[X]] : memref<2x3xi64>) outs(%[[OUT]] : memref<2x3xi64>)
//  CHECK-NEXT:   return{{$}}
//   CHECK-NOT:   memref.copy
func.func @returns_input(%x: memref<2x3xi64>, %out: memref<2x3xi64>) -> memref<2x3xi64> attributes {modelc.kernel} {
  return %x : memref<2x3xi64>
}

// -----

/// Temporaries become aligned views of a trailing scratch argument, whose
/// size the kernel records; deallocations go. i1 takes a byte per element.

// CHECK-LABEL: func.func @temporaries(
//  CHECK-SAME:     %[[X:.*]]: memref<10xf32>, %[[OUT:.*]]: memref<10xf32>, %[[S:.*]]: memref<192xi8>)
//  CHECK-SAME:     attributes {modelc.kernel, modelc.scratch_bytes = 192 : i64}
//       CHECK:   %[[C0:.*]] = arith.constant 0 : index
//  CHECK-NEXT:   memref.view %[[S]][%[[C0]]][] : memref<192xi8> to memref<10xf32>
//  CHECK-NEXT:   %[[C64:.*]] = arith.constant 64 : index
//  CHECK-NEXT:   memref.view %[[S]][%[[C64]]][] : memref<192xi8> to memref<3xi1>
//  CHECK-NEXT:   %[[C128:.*]] = arith.constant 128 : index
//  CHECK-NEXT:   memref.view %[[S]][%[[C128]]][] : memref<192xi8> to memref<2xf64>
//   CHECK-NOT:   memref.alloc
//   CHECK-NOT:   memref.dealloc

// ALIGN16-LABEL: func.func @temporaries(
//  ALIGN16-SAME:     %{{.*}}: memref<80xi8>)
//  ALIGN16-SAME:     modelc.scratch_bytes = 80 : i64
func.func @temporaries(%x: memref<10xf32>, %out: memref<10xf32>) -> memref<10xf32> attributes {modelc.kernel} {
  %a = memref.alloc() : memref<10xf32>
  %b = memref.alloc() : memref<3xi1>
  %c = memref.alloc() : memref<2xf64>
  linalg.copy ins(%x : memref<10xf32>) outs(%a : memref<10xf32>)
  linalg.copy ins(%a : memref<10xf32>) outs(%out : memref<10xf32>)
  memref.dealloc %a : memref<10xf32>
  memref.dealloc %b : memref<3xi1>
  memref.dealloc %c : memref<2xf64>
  return %out : memref<10xf32>
}

// -----

/// An argument without elements and of rank > 1 is passed as memref<0xT>.

// CHECK-LABEL: func.func @empty_argument(
//  CHECK-SAME:     %{{.*}}: memref<2x4xf32>, %{{.*}}: memref<0xf32>)
//       CHECK:   %[[LOCAL:.*]] = memref.alloca() : memref<2x0xf32>
//       CHECK:   linalg.copy ins(%{{.*}} : memref<2x0xf32{{.*}}>) outs(%[[LOCAL]] : memref<2x0xf32>)
func.func @empty_argument(%x: memref<2x4xf32>, %out: memref<2x0xf32>) -> memref<2x0xf32> attributes {modelc.kernel} {
  %v = memref.subview %x[0, 0] [2, 0] [1, 1] : memref<2x4xf32> to memref<2x0xf32, strided<[4, 1]>>
  linalg.copy ins(%v : memref<2x0xf32, strided<[4, 1]>>) outs(%out : memref<2x0xf32>)
  return %out : memref<2x0xf32>
}

// -----

/// Constant globals are named after their first user and ordered by use,
/// whatever order bufferization made them in.

// CHECK-LABEL: module {
//  CHECK-NEXT:   memref.global "private" constant @k0_A_cst0 : memref<2xf32> = dense<1.000000e+00>
//  CHECK-NEXT:   memref.global "private" constant @k0_A_cst1 : memref<2xf32> = dense<2.000000e+00>
//  CHECK-NEXT:   memref.global "private" constant @k1_B_cst0 : memref<2xf32> = dense<3.000000e+00>
//       CHECK:   func.func @k0_A(
//       CHECK:     memref.get_global @k0_A_cst0
//       CHECK:     memref.get_global @k0_A_cst1
//       CHECK:   func.func @k1_B(
//       CHECK:     memref.get_global @k0_A_cst1
//       CHECK:     memref.get_global @k1_B_cst0
memref.global "private" constant @__constant_2xf32_1 : memref<2xf32> = dense<3.0>
memref.global "private" constant @__constant_2xf32 : memref<2xf32> = dense<2.0>
memref.global "private" constant @__constant_2xf32_0 : memref<2xf32> = dense<1.0>
func.func @k0_A(%out: memref<2xf32>) -> memref<2xf32> attributes {modelc.kernel} {
  %a = memref.get_global @__constant_2xf32_0 : memref<2xf32>
  %b = memref.get_global @__constant_2xf32 : memref<2xf32>
  linalg.copy ins(%a : memref<2xf32>) outs(%out : memref<2xf32>)
  linalg.copy ins(%b : memref<2xf32>) outs(%out : memref<2xf32>)
  return %out : memref<2xf32>
}
func.func @k1_B(%out: memref<2xf32>) -> memref<2xf32> attributes {modelc.kernel} {
  %b = memref.get_global @__constant_2xf32 : memref<2xf32>
  %c = memref.get_global @__constant_2xf32_1 : memref<2xf32>
  linalg.copy ins(%b : memref<2xf32>) outs(%out : memref<2xf32>)
  linalg.copy ins(%c : memref<2xf32>) outs(%out : memref<2xf32>)
  return %out : memref<2xf32>
}

// -----

func.func @dynamic_temporary(%n: index, %out: memref<4xf32>) -> memref<4xf32> attributes {modelc.kernel} {
  // expected-error @+1 {{kernel temporary of type 'memref<?xf32>' is not statically shaped with an identity layout}}
  %a = memref.alloc(%n) : memref<?xf32>
  return %out : memref<4xf32>
}

// -----

func.func @not_a_buffer(%out: memref<4xf32>, %scalar: f32) -> (memref<4xf32>, f32) attributes {modelc.kernel} {
  %c = arith.constant 1.0 : f32
  // expected-error @+1 {{result #1 of the kernel is not a buffer}}
  return %out, %c : memref<4xf32>, f32
}

// -----

// expected-error @+1 {{has 2 results but 1 arguments; a kernel takes one output argument per result}}
func.func @missing_outputs(%out: memref<4xf32>) -> (memref<4xf32>, memref<4xf32>) attributes {modelc.kernel} {
  return %out, %out : memref<4xf32>, memref<4xf32>
}

// -----

// expected-error @+1 {{result #0 has type 'memref<4xf32>', its output argument 'memref<4xi32>'}}
func.func @mismatched_output(%x: memref<4xf32>, %out: memref<4xi32>) -> memref<4xf32> attributes {modelc.kernel} {
  return %x : memref<4xf32>
}

// RUN: modelc-opt %s --split-input-file --modelc-map-kernels-to-gpu="precision=tf32 target-blocks=1" --canonicalize --cse | FileCheck %s
// RUN: modelc-opt %s --split-input-file --modelc-map-kernels-to-gpu="precision=tf32 target-blocks=1 interior-epilogue=false" --canonicalize --cse | FileCheck %s --check-prefix=GUARDED
// RUN: modelc-opt %s --split-input-file --modelc-map-kernels-to-gpu="precision=tf32 target-blocks=1 paired-epilogue=false" --canonicalize --cse | FileCheck %s --check-prefix=SCALAR

// interior-epilogue (the default): a tensor-core GEMM whose tiles all lie
// inside the output (M = 256, N = 128: 128x128 tiles) needs no bounds
// checks. Per batch of 16 points a thread (a 64x32 warp tile has 4x4
// fragments), the residual loads of all 16 points come first, then the
// combines and the stores; each thread's 4 neighbouring columns
// (wide-epilogue, the default: the quad exchanges the pairs of two
// fragments) are one 16-byte load and one 16-byte store: 4 of each.
// CHECK-LABEL: gpu.func @interior_0
// CHECK: scf.for
// CHECK: nvgpu.mma.sync
// CHECK: scf.yield
// CHECK-NOT: scf.if
// CHECK-COUNT-4: vector.load %[[R:arg2]][{{.*}}] {alignment = 16 : i64} : memref<256x128xf32>, vector<4xf32>
// CHECK-NOT: vector.store
// CHECK-NOT: vector.load %[[R]]
// CHECK: arith.addf
// CHECK: arith.maximumf
// CHECK-COUNT-4: vector.store %{{.*}}, %[[OUT:arg3]][{{.*}}] {alignment = 16 : i64} : memref<256x128xf32>, vector<4xf32>
// CHECK-NOT: vector.store
// CHECK: vector.load %[[R]]
// CHECK-NOT: memref.load
// CHECK-NOT: memref.store
// CHECK: gpu.return
// paired-epilogue=false: a point at a time, 16 loads, then 16 stores.
// SCALAR-LABEL: gpu.func @interior_0
// SCALAR: scf.yield
// SCALAR-NOT: scf.if
// SCALAR: memref.load %[[R:arg2]]
// SCALAR-NOT: memref.store
// SCALAR: memref.load %[[R]]
// SCALAR-NOT: memref.store
// SCALAR: memref.load %[[R]]
// SCALAR-NOT: memref.store
// SCALAR: memref.load %[[R]]
// SCALAR-NOT: memref.store
// SCALAR: memref.load %[[R]]
// SCALAR-NOT: memref.store
// SCALAR: memref.load %[[R]]
// SCALAR-NOT: memref.store
// SCALAR: memref.load %[[R]]
// SCALAR-NOT: memref.store
// SCALAR: memref.load %[[R]]
// SCALAR-NOT: memref.store
// SCALAR: memref.load %[[R]]
// SCALAR-NOT: memref.store
// SCALAR: memref.load %[[R]]
// SCALAR-NOT: memref.store
// SCALAR: memref.load %[[R]]
// SCALAR-NOT: memref.store
// SCALAR: memref.load %[[R]]
// SCALAR-NOT: memref.store
// SCALAR: memref.load %[[R]]
// SCALAR-NOT: memref.store
// SCALAR: memref.load %[[R]]
// SCALAR-NOT: memref.store
// SCALAR: memref.load %[[R]]
// SCALAR-NOT: memref.store
// SCALAR: memref.load %[[R]]
// SCALAR-NOT: memref.load %[[R]]
// SCALAR: arith.addf
// SCALAR: arith.maximumf
// SCALAR: memref.store
// SCALAR-COUNT-15: memref.store
// SCALAR-NOT: memref.store
// SCALAR: memref.load %[[R]]
// SCALAR: gpu.return
// With interior-epilogue=false: each point in its own bounds check, loads and store
// together.
// GUARDED-LABEL: gpu.func @interior_0
// GUARDED: scf.yield
// GUARDED: scf.if
// GUARDED: vector.load %arg2
// GUARDED: vector.store {{.*}}vector<4xf32>
// GUARDED-NEXT: }
// GUARDED: scf.if
#id = affine_map<(i, j) -> (i, j)>
func.func @interior(%a: memref<256x64xf32>, %b: memref<64x128xf32>, %r: memref<256x128xf32>, %out: memref<256x128xf32>, %scratch: memref<131072xi8>) attributes {modelc.kernel} {
  %c0 = arith.constant 0 : index
  %zero = arith.constant 0.0 : f32
  %c = memref.view %scratch[%c0][] : memref<131072xi8> to memref<256x128xf32>
  linalg.fill ins(%zero : f32) outs(%c : memref<256x128xf32>)
  linalg.matmul ins(%a, %b : memref<256x64xf32>, memref<64x128xf32>) outs(%c : memref<256x128xf32>)
  linalg.generic {indexing_maps = [#id, #id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%c, %r : memref<256x128xf32>, memref<256x128xf32>) outs(%out : memref<256x128xf32>) {
  ^bb0(%x: f32, %y: f32, %o: f32):
    %s = arith.addf %x, %y : f32
    %m = arith.maximumf %s, %zero : f32
    linalg.yield %m : f32
  }
  return
}

// -----

// M = 200 is not a multiple of the tile: interior blocks take the
// unguarded path, the edge block the guarded one.
// CHECK-LABEL: gpu.func @edges_0
// CHECK: scf.yield
// CHECK: %[[END:.*]] = arith.addi %{{.*}}, %c128
// CHECK-NEXT: %[[IN:.*]] = arith.cmpi ule, %[[END]], %c200
// CHECK-NEXT: scf.if %[[IN]] {
// CHECK-NOT: scf.if
// CHECK: vector.store
// CHECK: } else {
// CHECK: scf.if
// CHECK: vector.store
#id2 = affine_map<(i, j) -> (i, j)>
func.func @edges(%a: memref<200x64xf32>, %b: memref<64x128xf32>, %out: memref<200x128xf32>) attributes {modelc.kernel} {
  %zero = arith.constant 0.0 : f32
  linalg.fill ins(%zero : f32) outs(%out : memref<200x128xf32>)
  linalg.matmul ins(%a, %b : memref<200x64xf32>, memref<64x128xf32>) outs(%out : memref<200x128xf32>)
  return
}

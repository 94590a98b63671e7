// RUN: modelc-opt %s --split-input-file --modelc-map-kernels-to-gpu="precision=tf32 target-blocks=1" --canonicalize --cse | FileCheck %s
// RUN: modelc-opt %s --split-input-file --modelc-map-kernels-to-gpu="precision=tf32 target-blocks=1 wide-epilogue=false" --canonicalize --cse | FileCheck %s --check-prefix=OFF
// RUN: modelc-opt %s --split-input-file --modelc-map-kernels-to-gpu="precision=tf32 target-blocks=1 paired-epilogue=false" --canonicalize --cse | FileCheck %s --check-prefix=OFF

// wide-epilogue (the default): a thread's fragment pairs (columns
// 8 j + 2 t, + 1 of fragment j, t its lane in the quad) are exchanged
// within the quad, three rounds of shuffles (the fourth is its own), so
// that each thread holds 16 bytes of neighbouring columns of one row: at
// f16, 8 columns from 4 fragments. The bias, the residual and the output
// are then read and written 16 bytes at a time. 128x128 tiles of 4 warps
// (64x64 warp tiles, 8 fragments along N): 4 exchanges a fragment row.
// CHECK-LABEL: gpu.func @bias_residual_f16_0
// CHECK: scf.yield
// CHECK-COUNT-6: gpu.shuffle  idx %{{.*}}, %{{.*}}, %c32_i32 : f32
// CHECK-NOT: vector.store
// CHECK: vector.load %{{.*}}[%{{.*}}] {alignment = 16 : i64} : memref<128xf16>, vector<8xf16>
// CHECK: vector.load %[[R:arg2]][%{{.*}}, %{{.*}}] {alignment = 16 : i64} : memref<256x128xf16>, vector<8xf16>
// CHECK: vector.store %{{.*}}, %[[OUT:arg3]][%{{.*}}, %{{.*}}] {alignment = 16 : i64} : memref<256x128xf16>, vector<8xf16>
// CHECK-NOT: vector<2xf16>
// CHECK-NOT: memref.store
// CHECK: gpu.return
// Without it (or without pairs), no shuffles.
// OFF-LABEL: gpu.func @bias_residual_f16_0
// OFF-NOT: gpu.shuffle
// OFF: gpu.return
#bias = affine_map<(i, j) -> (j)>
#id = affine_map<(i, j) -> (i, j)>
memref.global "private" constant @bias : memref<128xf16> = dense<1.0> {alignment = 64 : i64}
func.func @bias_residual_f16(%a: memref<256x64xf16>, %b: memref<64x128xf16>, %r: memref<256x128xf16>, %out: memref<256x128xf16>, %scratch: memref<131072xi8>) attributes {modelc.kernel} {
  %c0 = arith.constant 0 : index
  %zero = arith.constant 0.0 : f16
  %bias = memref.get_global @bias : memref<128xf16>
  %c = memref.view %scratch[%c0][] : memref<131072xi8> to memref<256x128xf32>
  linalg.generic {indexing_maps = [#bias, #id], iterator_types = ["parallel", "parallel"]}
      ins(%bias : memref<128xf16>) outs(%c : memref<256x128xf32>) {
  ^bb0(%x: f16, %o: f32):
    %e = arith.extf %x : f16 to f32
    linalg.yield %e : f32
  }
  linalg.generic {indexing_maps = [affine_map<(m, n, k) -> (m, k)>, affine_map<(m, n, k) -> (k, n)>, affine_map<(m, n, k) -> (m, n)>], iterator_types = ["parallel", "parallel", "reduction"]}
      ins(%a, %b : memref<256x64xf16>, memref<64x128xf16>) outs(%c : memref<256x128xf32>) {
  ^bb0(%x: f16, %y: f16, %acc: f32):
    %xe = arith.extf %x : f16 to f32
    %ye = arith.extf %y : f16 to f32
    %p = arith.mulf %xe, %ye : f32
    %s = arith.addf %acc, %p : f32
    linalg.yield %s : f32
  }
  linalg.generic {indexing_maps = [#id, #id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%c, %r : memref<256x128xf32>, memref<256x128xf16>) outs(%out : memref<256x128xf16>) {
  ^bb0(%x: f32, %y: f16, %o: f16):
    %t = arith.truncf %x : f32 to f16
    %s = arith.addf %t, %y : f16
    %m = arith.maximumf %s, %zero : f16
    linalg.yield %m : f16
  }
  return
}

// -----

// An f32 output: 16 bytes are 4 columns, from 2 fragments.
// CHECK-LABEL: gpu.func @f32_output_0
// CHECK: scf.yield
// CHECK: gpu.shuffle  idx
// CHECK: vector.store %{{.*}}, %arg2[%{{.*}}, %{{.*}}] {alignment = 16 : i64} : memref<256x128xf32>, vector<4xf32>
// CHECK-NOT: vector<2xf32>
// CHECK: gpu.return
func.func @f32_output(%a: memref<256x64xf32>, %b: memref<64x128xf32>, %out: memref<256x128xf32>) attributes {modelc.kernel} {
  %zero = arith.constant 0.0 : f32
  linalg.fill ins(%zero : f32) outs(%out : memref<256x128xf32>)
  linalg.matmul ins(%a, %b : memref<256x64xf32>, memref<64x128xf32>) outs(%out : memref<256x128xf32>)
  return
}

// -----

// A residual viewed 2 halves in: 4-byte aligned, not 16, so the epilogue
// keeps pairs and exchanges nothing.
// CHECK-LABEL: gpu.func @pair_aligned_residual_0
// CHECK: scf.yield
// CHECK-NOT: gpu.shuffle
// CHECK: vector.load %{{.*}} {alignment = 4 : i64} : memref<256x128xf16, strided<[130, 1], offset: 2>>, vector<2xf16>
// CHECK: vector.store %{{.*}} {alignment = 4 : i64} : memref<256x128xf16>, vector<2xf16>
// CHECK: gpu.return
#id2 = affine_map<(i, j) -> (i, j)>
func.func @pair_aligned_residual(%a: memref<256x64xf16>, %b: memref<64x128xf16>, %rbig: memref<256x130xf16>, %out: memref<256x128xf16>, %scratch: memref<131072xi8>) attributes {modelc.kernel} {
  %c0 = arith.constant 0 : index
  %zero = arith.constant 0.0 : f32
  %r = memref.subview %rbig[0, 2] [256, 128] [1, 1] : memref<256x130xf16> to memref<256x128xf16, strided<[130, 1], offset: 2>>
  %c = memref.view %scratch[%c0][] : memref<131072xi8> to memref<256x128xf32>
  linalg.fill ins(%zero : f32) outs(%c : memref<256x128xf32>)
  linalg.generic {indexing_maps = [affine_map<(m, n, k) -> (m, k)>, affine_map<(m, n, k) -> (k, n)>, affine_map<(m, n, k) -> (m, n)>], iterator_types = ["parallel", "parallel", "reduction"]}
      ins(%a, %b : memref<256x64xf16>, memref<64x128xf16>) outs(%c : memref<256x128xf32>) {
  ^bb0(%x: f16, %y: f16, %acc: f32):
    %xe = arith.extf %x : f16 to f32
    %ye = arith.extf %y : f16 to f32
    %p = arith.mulf %xe, %ye : f32
    %s = arith.addf %acc, %p : f32
    linalg.yield %s : f32
  }
  linalg.generic {indexing_maps = [#id2, #id2, #id2], iterator_types = ["parallel", "parallel"]}
      ins(%c, %r : memref<256x128xf32>, memref<256x128xf16, strided<[130, 1], offset: 2>>) outs(%out : memref<256x128xf16>) {
  ^bb0(%x: f32, %y: f16, %o: f16):
    %t = arith.truncf %x : f32 to f16
    %s = arith.addf %t, %y : f16
    linalg.yield %s : f16
  }
  return
}

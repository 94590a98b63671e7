// RUN: modelc-opt %s --split-input-file --modelc-map-kernels-to-gpu="precision=tf32 target-blocks=1 wide-epilogue=false" --canonicalize --cse | FileCheck %s
// RUN: modelc-opt %s --split-input-file --modelc-map-kernels-to-gpu="precision=tf32 target-blocks=1 paired-epilogue=false" --canonicalize --cse | FileCheck %s --check-prefix=OFF

// paired-epilogue (the default; wide-epilogue=false here, see
// modelc-map-kernels-to-gpu-wide-epilogue.mlir for what comes on top): a
// tensor-core fragment gives each thread two neighbouring output columns
// (w = 0, 1), and the epilogue takes them as one pair: the bias (a 64-byte aligned global, indexed by the column)
// and the residual load as vector<2>, the f16 result stores as one 4-byte
// vector<2xf16>. The f32 accumulator only the epilogue reads is never
// stored.
// CHECK-LABEL: gpu.func @bias_residual_f16_0
// CHECK: scf.yield
// CHECK: vector.load %{{.*}}[%{{.*}}] {alignment = 4 : i64} : memref<128xf16>, vector<2xf16>
// CHECK: vector.load %[[R:arg2]][%{{.*}}, %{{.*}}] {alignment = 4 : i64} : memref<256x128xf16>, vector<2xf16>
// CHECK: vector.store %{{.*}}, %[[OUT:arg3]][%{{.*}}, %{{.*}}] {alignment = 4 : i64} : memref<256x128xf16>, vector<2xf16>
// CHECK-NOT: memref.store
// CHECK-NOT: memref.load %[[R]]
// CHECK: gpu.return
// paired-epilogue=false: a point at a time.
// OFF-LABEL: gpu.func @bias_residual_f16_0
// OFF-NOT: vector.store
// OFF: memref.load %arg2
// OFF: memref.store
// OFF-NOT: vector.store
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

// A transposed output (out[n][m]): a thread's column pair is two rows of
// the buffer, so the epilogue stays a point at a time.
// CHECK-LABEL: gpu.func @transposed_output_0
// CHECK: scf.yield
// CHECK-NOT: vector.store
// CHECK: memref.store
// CHECK-NOT: vector.store
// CHECK: gpu.return
func.func @transposed_output(%a: memref<256x64xf32>, %b: memref<64x128xf32>, %out: memref<128x256xf32>) attributes {modelc.kernel} {
  %zero = arith.constant 0.0 : f32
  linalg.fill ins(%zero : f32) outs(%out : memref<128x256xf32>)
  linalg.generic {indexing_maps = [affine_map<(m, n, k) -> (m, k)>, affine_map<(m, n, k) -> (k, n)>, affine_map<(m, n, k) -> (n, m)>], iterator_types = ["parallel", "parallel", "reduction"]}
      ins(%a, %b : memref<256x64xf32>, memref<64x128xf32>) outs(%out : memref<128x256xf32>) {
  ^bb0(%x: f32, %y: f32, %acc: f32):
    %p = arith.mulf %x, %y : f32
    %s = arith.addf %acc, %p : f32
    linalg.yield %s : f32
  }
  return
}

// -----

// A residual viewed at an odd offset: its pairs are not 8-byte aligned, so
// the epilogue stays a point at a time.
// CHECK-LABEL: func.func private @odd_residual
// CHECK-SAME: strategy = "tensor cores tf32
// CHECK-NOT: elementwise
// CHECK-LABEL: gpu.func @odd_residual_0
// CHECK: scf.yield
// CHECK-NOT: vector.store
// CHECK: memref.load %subview[{{.*}}] : memref<256x128xf32, strided<[129, 1], offset: 1>>
// CHECK: memref.store
// CHECK-NOT: vector.store
// CHECK: gpu.return
#id3 = affine_map<(i, j) -> (i, j)>
func.func @odd_residual(%a: memref<256x64xf32>, %b: memref<64x128xf32>, %rbig: memref<256x129xf32>, %out: memref<256x128xf32>, %scratch: memref<131072xi8>) attributes {modelc.kernel} {
  %c0 = arith.constant 0 : index
  %zero = arith.constant 0.0 : f32
  %r = memref.subview %rbig[0, 1] [256, 128] [1, 1] : memref<256x129xf32> to memref<256x128xf32, strided<[129, 1], offset: 1>>
  %c = memref.view %scratch[%c0][] : memref<131072xi8> to memref<256x128xf32>
  linalg.fill ins(%zero : f32) outs(%c : memref<256x128xf32>)
  linalg.matmul ins(%a, %b : memref<256x64xf32>, memref<64x128xf32>) outs(%c : memref<256x128xf32>)
  linalg.generic {indexing_maps = [#id3, #id3, #id3], iterator_types = ["parallel", "parallel"]}
      ins(%c, %r : memref<256x128xf32>, memref<256x128xf32, strided<[129, 1], offset: 1>>) outs(%out : memref<256x128xf32>) {
  ^bb0(%x: f32, %y: f32, %o: f32):
    %s = arith.addf %x, %y : f32
    linalg.yield %s : f32
  }
  return
}

// -----

// A bias global without a 16-byte alignment: the pair loads could be
// misaligned, so the epilogue stays a point at a time.
// CHECK-LABEL: gpu.func @unaligned_bias_0
// CHECK: scf.yield
// CHECK-NOT: vector.store
// CHECK: memref.load %{{.*}} : memref<128xf32>
// CHECK: memref.store
// CHECK-NOT: vector.store
// CHECK: gpu.return
memref.global "private" constant @bias4 : memref<128xf32> = dense<1.0>
func.func @unaligned_bias(%a: memref<256x64xf32>, %b: memref<64x128xf32>, %out: memref<256x128xf32>) attributes {modelc.kernel} {
  %bias = memref.get_global @bias4 : memref<128xf32>
  linalg.generic {indexing_maps = [affine_map<(i, j) -> (j)>, affine_map<(i, j) -> (i, j)>], iterator_types = ["parallel", "parallel"]}
      ins(%bias : memref<128xf32>) outs(%out : memref<256x128xf32>) {
  ^bb0(%x: f32, %o: f32):
    linalg.yield %x : f32
  }
  linalg.matmul ins(%a, %b : memref<256x64xf32>, memref<64x128xf32>) outs(%out : memref<256x128xf32>)
  return
}

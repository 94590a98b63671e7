// RUN: modelc-opt %s --split-input-file --modelc-map-kernels-to-gpu="precision=tf32 target-blocks=1 l1-bypass=none" --canonicalize --cse | FileCheck %s
// RUN: modelc-opt %s --split-input-file --modelc-map-kernels-to-gpu="precision=tf32 target-blocks=1 swizzled-rows=false" --canonicalize --cse | FileCheck %s --check-prefix=OFF
// RUN: modelc-opt %s --split-input-file --modelc-map-kernels-to-gpu="precision=tf32 target-blocks=1 wide-copies=false" --canonicalize --cse | FileCheck %s --check-prefix=OFF

// swizzled-rows (the default): an f16 GEMM whose operands are both
// contiguous along K (A [m][k], B [n][k], as an NHWC convolution's input
// and pre-transposed filters are) stages them in unpadded 64-byte rows:
// 32-deep K steps, each stage [128 rows][32 halves]; a copy's 16-byte
// chunk goes to chunk XOR (row / 2) % 4 (shift right 1, and 3, shift left
// 3: in halves), and each fragment load applies the same swizzle. 3
// stages fit in 48 KB.
// CHECK-LABEL: func.func private @nt_f16
// CHECK-SAME: strategy = "tensor cores f16 128x128 tiles, GEMM 256x128x128, 4 warps, swizzled rows"
// CHECK: gpu.func @nt_f16_0(%{{.*}}: memref<256x128xf16>, %{{.*}}: memref<128x128xf16>, %[[C:.*]]: memref<256x128xf32>)
// CHECK-SAME: workgroup(%[[SA:.*]] : memref<3x128x32xf16, #gpu.address_space<workgroup>> {llvm.align = 16 : i64}, %[[SB:.*]] : memref<3x128x32xf16, #gpu.address_space<workgroup>> {llvm.align = 16 : i64})
// CHECK: %[[HALF:.*]] = arith.shrui %[[ROW:.*]], %c1 : index
// CHECK-NEXT: %[[PAIR:.*]] = arith.andi %[[HALF]], %c3 : index
// CHECK-NEXT: %[[BITS:.*]] = arith.shli %[[PAIR]], %c3 : index
// CHECK-NEXT: %[[COL:.*]] = arith.xori %{{.*}}, %[[BITS]] : index
// CHECK-NEXT: nvgpu.device_async_copy %{{.*}}[%{{.*}}], %[[SA]][%c0, %[[ROW]], %[[COL]]], 8 : memref<32768xf16>
// 4 copies of 16 bytes a thread for each operand's 128 x 32 slice.
// CHECK-COUNT-3: nvgpu.device_async_copy {{.*}}, %[[SA]][%c0, {{.*}}], 8 : memref<32768xf16>
// CHECK-COUNT-4: nvgpu.device_async_copy {{.*}}, %[[SB]][%c0, {{.*}}], 8 : memref<16384xf16>
// CHECK-NEXT: nvgpu.device_async_create_group
// CHECK: scf.for
// CHECK: nvgpu.device_async_wait %{{.*}} {numGroups = 1 : i32}
// A: an x4 ldmatrix per 16-row fragment and 16-deep half (4 x 2); B: an
// x4 per 8-column fragment covering all 32 (8), each split into the two
// halves' x2 fragments; 4 x 8 x 2 m16n8k16 per step.
// CHECK-COUNT-8: nvgpu.ldmatrix %[[SA]][{{.*}}] {numTiles = 4 : i32, transpose = false} : memref<3x128x32xf16, #gpu.address_space<workgroup>> -> vector<4x2xf16>
// CHECK: nvgpu.ldmatrix %[[SB]][{{.*}}] {numTiles = 4 : i32, transpose = false} : memref<3x128x32xf16, #gpu.address_space<workgroup>> -> vector<4x2xf16>
// CHECK-NEXT: vector.extract %{{.*}}[0] : vector<2xf16> from vector<4x2xf16>
// CHECK-COUNT-64: nvgpu.mma.sync({{.*}}) {mmaShape = [16, 8, 16]} : (vector<4x2xf16>, vector<2x2xf16>, vector<2x2xf32>) -> vector<2x2xf32>
// CHECK-NOT: nvgpu.mma.sync
// CHECK: scf.yield
// CHECK: vector.store %{{.*}}, %[[C]][{{.*}}] {alignment = 16 : i64} : memref<{{.*}}xf32>, vector<4xf32>
// swizzled-rows=false, or wide-copies=false (16-bit): 16-deep steps in
// padded rows.
// OFF-LABEL: func.func private @nt_f16
// OFF-NOT: swizzled rows
// OFF: workgroup(%{{.*}} : memref<{{[0-9]}}x128x24xf16, #gpu.address_space<workgroup>> {llvm.align = 16 : i64}, %{{.*}} : memref<{{[0-9]}}x128x24xf16
// OFF-NOT: arith.xori
// OFF: gpu.return
#a = affine_map<(m, k, n) -> (m, k)>
#b = affine_map<(m, k, n) -> (n, k)>
#c = affine_map<(m, k, n) -> (m, n)>
func.func @nt_f16(%a: memref<256x128xf16>, %b: memref<128x128xf16>, %c: memref<256x128xf32>) attributes {modelc.kernel} {
  linalg.generic {indexing_maps = [#a, #b, #c], iterator_types = ["parallel", "reduction", "parallel"]}
      ins(%a, %b : memref<256x128xf16>, memref<128x128xf16>) outs(%c : memref<256x128xf32>) {
  ^bb0(%x: f16, %y: f16, %acc: f32):
    %xe = arith.extf %x : f16 to f32
    %ye = arith.extf %y : f16 to f32
    %p = arith.mulf %xe, %ye : f32
    %s = arith.addf %acc, %p : f32
    linalg.yield %s : f32
  }
  return
}

// -----

// bf16 takes the same steps, multiplying with nvvm.mma.sync.
// CHECK-LABEL: func.func private @nt_bf16
// CHECK-SAME: swizzled rows
// CHECK: scf.for
// CHECK: nvgpu.ldmatrix {{.*}} -> vector<4x2xbf16>
// CHECK: nvvm.mma.sync {{.*}}multiplicandAPtxType = #nvvm.mma_type<bf16>
// CHECK: scf.yield
#a = affine_map<(m, k, n) -> (m, k)>
#b = affine_map<(m, k, n) -> (n, k)>
#c = affine_map<(m, k, n) -> (m, n)>
func.func @nt_bf16(%a: memref<256x128xbf16>, %b: memref<128x128xbf16>, %c: memref<256x128xf32>) attributes {modelc.kernel} {
  linalg.generic {indexing_maps = [#a, #b, #c], iterator_types = ["parallel", "reduction", "parallel"]}
      ins(%a, %b : memref<256x128xbf16>, memref<128x128xbf16>) outs(%c : memref<256x128xf32>) {
  ^bb0(%x: bf16, %y: bf16, %acc: f32):
    %xe = arith.extf %x : bf16 to f32
    %ye = arith.extf %y : bf16 to f32
    %p = arith.mulf %xe, %ye : f32
    %s = arith.addf %acc, %p : f32
    linalg.yield %s : f32
  }
  return
}

// -----

// Not taken: B [k][n] is contiguous along N (staged K-major) ...
// CHECK-LABEL: func.func private @k_major_b
// CHECK-NOT: swizzled rows
// CHECK: gpu.return
#a = affine_map<(m, k, n) -> (m, k)>
#b = affine_map<(m, k, n) -> (k, n)>
#c = affine_map<(m, k, n) -> (m, n)>
func.func @k_major_b(%a: memref<256x128xf16>, %b: memref<128x128xf16>, %c: memref<256x128xf32>) attributes {modelc.kernel} {
  linalg.generic {indexing_maps = [#a, #b, #c], iterator_types = ["parallel", "reduction", "parallel"]}
      ins(%a, %b : memref<256x128xf16>, memref<128x128xf16>) outs(%c : memref<256x128xf32>) {
  ^bb0(%x: f16, %y: f16, %acc: f32):
    %xe = arith.extf %x : f16 to f32
    %ye = arith.extf %y : f16 to f32
    %p = arith.mulf %xe, %ye : f32
    %s = arith.addf %acc, %p : f32
    linalg.yield %s : f32
  }
  return
}

// -----

// ... K = 32 is a single deep step ...
// CHECK-LABEL: func.func private @short_k
// CHECK-NOT: swizzled rows
// CHECK: gpu.return
#a = affine_map<(m, k, n) -> (m, k)>
#b = affine_map<(m, k, n) -> (n, k)>
#c = affine_map<(m, k, n) -> (m, n)>
func.func @short_k(%a: memref<256x32xf16>, %b: memref<128x32xf16>, %c: memref<256x128xf32>) attributes {modelc.kernel} {
  linalg.generic {indexing_maps = [#a, #b, #c], iterator_types = ["parallel", "reduction", "parallel"]}
      ins(%a, %b : memref<256x32xf16>, memref<128x32xf16>) outs(%c : memref<256x128xf32>) {
  ^bb0(%x: f16, %y: f16, %acc: f32):
    %xe = arith.extf %x : f16 to f32
    %ye = arith.extf %y : f16 to f32
    %p = arith.mulf %xe, %ye : f32
    %s = arith.addf %acc, %p : f32
    linalg.yield %s : f32
  }
  return
}

// -----

// ... rows of 100 halves have no aligned runs of 8 ...
// CHECK-LABEL: func.func private @unaligned_k
// CHECK-NOT: swizzled rows
// CHECK: gpu.return
#a = affine_map<(m, k, n) -> (m, k)>
#b = affine_map<(m, k, n) -> (n, k)>
#c = affine_map<(m, k, n) -> (m, n)>
func.func @unaligned_k(%a: memref<256x100xf16>, %b: memref<128x100xf16>, %c: memref<256x128xf32>) attributes {modelc.kernel} {
  linalg.generic {indexing_maps = [#a, #b, #c], iterator_types = ["parallel", "reduction", "parallel"]}
      ins(%a, %b : memref<256x100xf16>, memref<128x100xf16>) outs(%c : memref<256x128xf32>) {
  ^bb0(%x: f16, %y: f16, %acc: f32):
    %xe = arith.extf %x : f16 to f32
    %ye = arith.extf %y : f16 to f32
    %p = arith.mulf %xe, %ye : f32
    %s = arith.addf %acc, %p : f32
    linalg.yield %s : f32
  }
  return
}

// -----

// f32 operands (TF32) take the same 64-byte rows, 16 floats of K per
// step: copies of 4 floats (16 bytes, chunks of 4: shift left 2), and
// fragments by ldmatrix x4, each 8x8 b16 matrix 8 rows of 4 floats;
// rounded to TF32 (not exact: no weights here); 4 x 8 x 2 m16n8k8 a step.
// CHECK-LABEL: func.func private @nt_f32
// CHECK-SAME: strategy = "tensor cores tf32 128x128 tiles, GEMM 256x128x128, 4 warps, swizzled rows"
// CHECK: gpu.func @nt_f32_0
// CHECK-SAME: workgroup(%[[SA:.*]] : memref<3x128x16xf32, #gpu.address_space<workgroup>> {llvm.align = 16 : i64}, %[[SB:.*]] : memref<3x128x16xf32, #gpu.address_space<workgroup>> {llvm.align = 16 : i64})
// CHECK: %[[HALF:.*]] = arith.shrui %[[ROW:.*]], %c1 : index
// CHECK-NEXT: %[[PAIR:.*]] = arith.andi %[[HALF]], %c3 : index
// CHECK-NEXT: %[[BITS:.*]] = arith.shli %[[PAIR]], %c2 : index
// CHECK-NEXT: %[[COL:.*]] = arith.xori %{{.*}}, %[[BITS]] : index
// CHECK-NEXT: nvgpu.device_async_copy %{{.*}}[%{{.*}}], %[[SA]][%c0, %[[ROW]], %[[COL]]], 4 : memref<32768xf32>
// CHECK: scf.for
// CHECK-COUNT-8: nvgpu.ldmatrix %[[SA]][{{.*}}] {numTiles = 4 : i32, transpose = false} : memref<3x128x16xf32, #gpu.address_space<workgroup>> -> vector<4x1xf32>
// CHECK: nvgpu.ldmatrix %[[SB]][{{.*}}] {numTiles = 4 : i32, transpose = false} : memref<3x128x16xf32, #gpu.address_space<workgroup>> -> vector<4x1xf32>
// CHECK: nvvm.convert.float.to.tf32
// CHECK-COUNT-64: nvgpu.mma.sync({{.*}}) {mmaShape = [16, 8, 8], tf32Enabled} : (vector<4x1xf32>, vector<2x1xf32>, vector<2x2xf32>) -> vector<2x2xf32>
// CHECK-NOT: nvgpu.mma.sync
// CHECK: scf.yield
#a = affine_map<(m, k, n) -> (m, k)>
#b = affine_map<(m, k, n) -> (n, k)>
#c = affine_map<(m, k, n) -> (m, n)>
func.func @nt_f32(%a: memref<256x128xf32>, %b: memref<128x128xf32>, %c: memref<256x128xf32>) attributes {modelc.kernel} {
  linalg.generic {indexing_maps = [#a, #b, #c], iterator_types = ["parallel", "reduction", "parallel"]}
      ins(%a, %b : memref<256x128xf32>, memref<128x128xf32>) outs(%c : memref<256x128xf32>) {
  ^bb0(%x: f32, %y: f32, %acc: f32):
    %p = arith.mulf %x, %y : f32
    %s = arith.addf %acc, %p : f32
    linalg.yield %s : f32
  }
  return
}

// RUN: modelc-opt %s --split-input-file --modelc-map-kernels-to-gpu="precision=tf32 target-blocks=1 f16-tensor-cores=true" --canonicalize --cse | FileCheck %s
// RUN: modelc-opt %s --split-input-file --modelc-map-kernels-to-gpu="precision=tf32 target-blocks=1" | FileCheck %s --check-prefix=OFF

// f16-tensor-cores (experimental): an f16 matmul accumulating in f32 (as
// the lowering of a --precision fp16 MatMul writes it) runs on tensor
// cores, mma.sync m16n8k16. A [256][64] is row-major (contiguous along K),
// B [64][64] K-major; both copy in pairs of halves (4-byte cp.async).
// Shared rows are padded by 8 halves (16 bytes): A 16 + 8, B 64 + 8.
// CHECK-LABEL: func.func private @matmul_f16
// CHECK-SAME: strategy = "tensor cores f16 128x64 tiles, GEMM 256x64x64"
// CHECK: gpu.func @matmul_f16_0(%[[A:.*]]: memref<256x64xf16>, %[[B:.*]]: memref<64x64xf16>, %[[C:.*]]: memref<256x64xf32>)
// CHECK-SAME: workgroup(%[[SA:.*]] : memref<{{[0-9]+}}x128x24xf16, #gpu.address_space<workgroup>> {llvm.align = 16 : i64}, %[[SB:.*]] : memref<{{[0-9]+}}x16x72xf16, #gpu.address_space<workgroup>> {llvm.align = 16 : i64})
// CHECK: nvgpu.device_async_copy %{{.*}}[%{{.*}}], %[[SA]][%c0, %{{.*}}, %{{.*}}], 2 : memref<16384xf16>
// CHECK: nvgpu.device_async_copy %{{.*}}[%{{.*}}], %[[SB]][%c0, %{{.*}}, %{{.*}}], 2 : memref<4096xf16>
// CHECK: scf.for
// A's fragments: ldmatrix x4 (row-major: not transposed); B's: x2,
// transposed (K-major); one m16n8k16 per fragment pair per slice.
// CHECK: nvgpu.ldmatrix %[[SA]][{{.*}}] {numTiles = 4 : i32, transpose = false} : memref<{{.*}}xf16, #gpu.address_space<workgroup>> -> vector<4x2xf16>
// CHECK: nvgpu.ldmatrix %[[SB]][{{.*}}] {numTiles = 2 : i32, transpose = true} : memref<{{.*}}xf16, #gpu.address_space<workgroup>> -> vector<2x2xf16>
// CHECK: nvgpu.mma.sync({{.*}}) {mmaShape = [16, 8, 16]} : (vector<4x2xf16>, vector<2x2xf16>, vector<2x2xf32>) -> vector<2x2xf32>
// CHECK-NOT: nvvm.convert.float.to.tf32
// CHECK: scf.yield
// CHECK: memref.store %{{.*}}, %[[C]]
// Off by default: the FMA path.
// OFF-LABEL: func.func private @matmul_f16
// OFF-NOT: nvgpu.mma.sync
// OFF: gpu.return
#a = affine_map<(m, k, n) -> (m, k)>
#b = affine_map<(m, k, n) -> (k, n)>
#c = affine_map<(m, k, n) -> (m, n)>
func.func @matmul_f16(%a: memref<256x64xf16>, %b: memref<64x64xf16>, %c: memref<256x64xf32>) attributes {modelc.kernel} {
  linalg.generic {indexing_maps = [#a, #b, #c], iterator_types = ["parallel", "reduction", "parallel"]}
      ins(%a, %b : memref<256x64xf16>, memref<64x64xf16>) outs(%c : memref<256x64xf32>) {
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

// K = 63 is odd: a row of A cannot be copied in aligned pairs, so the
// GEMM stays on the FMA path.
// CHECK-LABEL: func.func private @odd_k
// CHECK-NOT: nvgpu.mma.sync
// CHECK: gpu.return
#a = affine_map<(m, k, n) -> (m, k)>
#b = affine_map<(m, k, n) -> (k, n)>
#c = affine_map<(m, k, n) -> (m, n)>
func.func @odd_k(%a: memref<256x63xf16>, %b: memref<63x64xf16>, %c: memref<256x64xf32>) attributes {modelc.kernel} {
  linalg.generic {indexing_maps = [#a, #b, #c], iterator_types = ["parallel", "reduction", "parallel"]}
      ins(%a, %b : memref<256x63xf16>, memref<63x64xf16>) outs(%c : memref<256x64xf32>) {
  ^bb0(%x: f16, %y: f16, %acc: f32):
    %xe = arith.extf %x : f16 to f32
    %ye = arith.extf %y : f16 to f32
    %p = arith.mulf %xe, %ye : f32
    %s = arith.addf %acc, %p : f32
    linalg.yield %s : f32
  }
  return
}

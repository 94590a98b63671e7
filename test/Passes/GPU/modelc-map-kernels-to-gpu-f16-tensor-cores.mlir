// RUN: modelc-opt %s --split-input-file --modelc-map-kernels-to-gpu="precision=tf32 target-blocks=2 wide-copies=false" --canonicalize --cse | FileCheck %s
// RUN: modelc-opt %s --split-input-file --modelc-map-kernels-to-gpu="precision=tf32 target-blocks=2 f16-tensor-cores=false" | FileCheck %s --check-prefix=OFF
// RUN: modelc-opt %s --split-input-file --modelc-map-kernels-to-gpu="precision=tf32 target-blocks=2 l1-bypass=none" --canonicalize --cse | FileCheck %s --check-prefix=WIDE

// f16-tensor-cores (the default): an f16 matmul accumulating in f32 (as
// the lowering of a --precision fp16 MatMul writes it) runs on tensor
// cores, mma.sync m16n8k16. A [256][64] is row-major (contiguous along K),
// B [64][64] K-major; with wide-copies=false both copy in pairs of halves
// (4-byte cp.async).
// Shared rows are padded by 8 halves (16 bytes): A 16 + 8, B 64 + 8.
// CHECK-LABEL: func.func private @matmul_f16
// CHECK-SAME: strategy = "tensor cores f16 128x64 tiles, GEMM 256x64x64, 4 warps"
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
// CHECK: vector.store %{{.*}}, %[[C]][{{.*}}] {alignment = 16 : i64} : memref<{{.*}}xf32>, vector<4xf32>
// wide-copies (the default): both operands are contiguous along runs of
// 8 halves (A along K = 64, B along its 64 columns), so each copy moves 16
// bytes; 128 threads copy A's 128 x 16 slice in 2 copies each and B's
// 16 x 64 in one.
// WIDE-LABEL: func.func private @matmul_f16
// WIDE: gpu.func @matmul_f16_0
// WIDE-COUNT-2: nvgpu.device_async_copy {{.*}}, 8 : memref<16384xf16>
// WIDE: nvgpu.device_async_copy {{.*}}, 8 : memref<4096xf16>
// WIDE-NEXT: nvgpu.device_async_create_group %{{[0-9]+}}, %{{[0-9]+}}, %{{[0-9]+}}{{$}}
// WIDE: scf.for
// A row of 63 halves has no aligned run: A still copies half by half, B
// (rows of 64) in runs of 8.
// WIDE-LABEL: func.func private @odd_k
// WIDE: nvgpu.device_async_copy {{.*}}, 8, %{{.*}} : memref<4032xf16>
// WIDE: memref.load %{{.*}} : memref<16128xf16>
// f16-tensor-cores=false: the FMA path.
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

// K = 63 is odd: a row of A cannot be copied in aligned pairs (4-byte
// cp.async), so A's halves are copied one by one through registers: the
// slice ahead is loaded before the step's mma and stored to shared memory
// after it. B (K-major, rows of 64) still copies in pairs.
// CHECK-LABEL: func.func private @odd_k
// CHECK: gpu.func @odd_k_0(%[[A:.*]]: memref<256x63xf16>, %{{.*}}: memref<63x64xf16>
// CHECK-SAME: workgroup(%[[SA:[^ ]*]] : memref<{{.*}}xf16, #gpu.address_space<workgroup>>
// Before the loop, the first slices: B by cp.async, A through registers.
// CHECK: nvgpu.device_async_copy {{.*}}, 2{{.*}} : memref<4032xf16>
// CHECK-NOT: nvgpu.device_async_copy %{{.*}} : memref<16128xf16>
// CHECK: memref.load %{{.*}} : memref<16128xf16>
// CHECK: memref.store %{{.*}}, %[[SA]]
// CHECK: scf.for
// CHECK: nvgpu.device_async_wait
// CHECK: gpu.barrier
// In the loop (the canonicalizer merges the two ifs of the slice ahead):
// CHECK: %[[LOADED:.*]]:16 = scf.if
// CHECK: nvgpu.device_async_copy {{.*}}, 2{{.*}} : memref<4032xf16>
// CHECK: memref.load %{{.*}} : memref<16128xf16>
// CHECK: nvgpu.mma.sync({{.*}}) {mmaShape = [16, 8, 16]}
// CHECK: scf.if
// CHECK: memref.store %[[LOADED]]#0, %[[SA]]
// CHECK: scf.yield
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

// -----

// A 3x3 convolution (NCHW, as a 16-bit Conv lowers): the weights
// [16][8][3][3] are contiguous along K = (c, kh, kw), 72 halves, so they
// copy in pairs although KW = 3 is odd; the input's window (offset
// ow + kw) is not pair-aligned, so it copies half by half.
// CHECK-LABEL: func.func private @conv3x3
// CHECK-SAME: strategy = "tensor cores f16
// CHECK: nvgpu.device_async_copy {{.*}}, 2{{.*}} : memref<1152xf16>
// CHECK: memref.load %{{.*}} : memref<2304xf16>
// CHECK: scf.for
// CHECK: nvgpu.mma.sync({{.*}}) {mmaShape = [16, 8, 16]}
func.func @conv3x3(%x: memref<2x8x12x12xf16>, %w: memref<16x8x3x3xf16>, %y: memref<2x16x10x10xf32>) attributes {modelc.kernel} {
  linalg.generic {indexing_maps = [affine_map<(n, f, oh, ow, c, kh, kw) -> (n, c, oh + kh, ow + kw)>,
                                   affine_map<(n, f, oh, ow, c, kh, kw) -> (f, c, kh, kw)>,
                                   affine_map<(n, f, oh, ow, c, kh, kw) -> (n, f, oh, ow)>],
                  iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction", "reduction", "reduction"]}
      ins(%x, %w : memref<2x8x12x12xf16>, memref<16x8x3x3xf16>) outs(%y : memref<2x16x10x10xf32>) {
  ^bb0(%a: f16, %b: f16, %acc: f32):
    %ae = arith.extf %a : f16 to f32
    %be = arith.extf %b : f16 to f32
    %p = arith.mulf %ae, %be : f32
    %s = arith.addf %acc, %p : f32
    linalg.yield %s : f32
  }
  return
}

// -----

// An f16 product summed in f16 (no f32 accumulator) is not what the
// tensor-core path computes: it stays on FMA.
// CHECK-LABEL: func.func private @f16_accumulator
// CHECK-NOT: nvgpu.mma.sync
// CHECK: gpu.return
func.func @f16_accumulator(%a: memref<256x64xf16>, %b: memref<64x64xf16>, %c: memref<256x64xf16>) attributes {modelc.kernel} {
  linalg.matmul ins(%a, %b : memref<256x64xf16>, memref<64x64xf16>) outs(%c : memref<256x64xf16>)
  return
}

// -----

// bf16 operands take the same path (copies, ldmatrix), and multiply with
// nvvm.mma.sync, since nvgpu.mma.sync only lowers f16: each fragment row
// (a bf16 pair) as one 32-bit register, the accumulator as 4 f32.
// CHECK-LABEL: func.func private @matmul_bf16
// CHECK-SAME: strategy = "tensor cores bf16 128x64 tiles, GEMM 256x64x64, 4 warps"
// CHECK: scf.for
// CHECK: nvgpu.ldmatrix {{.*}} -> vector<4x2xbf16>
// CHECK: nvgpu.ldmatrix {{.*}} -> vector<2x2xbf16>
// CHECK: vector.bitcast {{.*}} : vector<2xbf16> to vector<1xi32>
// CHECK: nvvm.mma.sync A[{{.*}}] B[{{.*}}] C[{{.*}}] {layoutA = #nvvm.mma_layout<row>, layoutB = #nvvm.mma_layout<col>, multiplicandAPtxType = #nvvm.mma_type<bf16>, multiplicandBPtxType = #nvvm.mma_type<bf16>, shape = #nvvm.shape<m = 16, n = 8, k = 16>} : (i32, i32, f32) -> !llvm.struct<(f32, f32, f32, f32)>
// CHECK-NOT: nvgpu.mma.sync
// CHECK: scf.yield
#a = affine_map<(m, k, n) -> (m, k)>
#b = affine_map<(m, k, n) -> (k, n)>
#c = affine_map<(m, k, n) -> (m, n)>
func.func @matmul_bf16(%a: memref<256x64xbf16>, %b: memref<64x64xbf16>, %c: memref<256x64xf32>) attributes {modelc.kernel} {
  linalg.generic {indexing_maps = [#a, #b, #c], iterator_types = ["parallel", "reduction", "parallel"]}
      ins(%a, %b : memref<256x64xbf16>, memref<64x64xbf16>) outs(%c : memref<256x64xf32>) {
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

// A bf16 operand with an f16 one is not a 16-bit tensor-core GEMM: FMA.
// CHECK-LABEL: func.func private @mixed
// CHECK-NOT: mma.sync
// CHECK: gpu.return
#a = affine_map<(m, k, n) -> (m, k)>
#b = affine_map<(m, k, n) -> (k, n)>
#c = affine_map<(m, k, n) -> (m, n)>
func.func @mixed(%a: memref<256x64xbf16>, %b: memref<64x64xf16>, %c: memref<256x64xf32>) attributes {modelc.kernel} {
  linalg.generic {indexing_maps = [#a, #b, #c], iterator_types = ["parallel", "reduction", "parallel"]}
      ins(%a, %b : memref<256x64xbf16>, memref<64x64xf16>) outs(%c : memref<256x64xf32>) {
  ^bb0(%x: bf16, %y: f16, %acc: f32):
    %xe = arith.extf %x : bf16 to f32
    %ye = arith.extf %y : f16 to f32
    %p = arith.mulf %xe, %ye : f32
    %s = arith.addf %acc, %p : f32
    linalg.yield %s : f32
  }
  return
}

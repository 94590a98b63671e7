// RUN: modelc-opt %s --split-input-file --modelc-map-kernels-to-gpu="precision=tf32 target-blocks=1 tensor-core-warps=8" --canonicalize --cse | FileCheck %s
// RUN: modelc-opt %s --split-input-file --modelc-map-kernels-to-gpu="precision=tf32" --canonicalize --cse | FileCheck %s --check-prefix=SMALL
// RUN: modelc-opt %s --split-input-file --modelc-map-kernels-to-gpu | FileCheck %s --check-prefix=FP32
// RUN: not modelc-opt %s --modelc-map-kernels-to-gpu="precision=fp16" 2>&1 | FileCheck %s --check-prefix=PRECISION
// RUN: not modelc-opt %s --modelc-map-kernels-to-gpu="precision=tf32 target-blocks=0" 2>&1 | FileCheck %s --check-prefix=BLOCKS
// RUN: modelc-opt %s --split-input-file --modelc-map-kernels-to-gpu="precision=tf32 target-blocks=1" --canonicalize --cse | FileCheck %s --check-prefix=WARPS4
// RUN: not modelc-opt %s --modelc-map-kernels-to-gpu="precision=tf32 tensor-core-warps=6" 2>&1 | FileCheck %s --check-prefix=WARPS

// An f32 matmul at precision=tf32 runs on tensor cores: 256 threads (8
// warps), a 128x64 block tile (a 128x128 tile would compute as many useful
// outputs per block on this 64-column GEMM but waste half its work), A
// staged row-major (contiguous along K: 16 + 8 words per row) and B K-major
// (contiguous along its columns: 64 + 4 words per k), two stages each.
// CHECK-LABEL: func.func private @matmul
// CHECK-SAME: block = array<i64: 256, 1, 1>, flops = 2097152 : i64, grid = array<i64: 2, 1, 1>, name = "matmul_0", strategy = "tensor cores tf32 128x64 tiles, GEMM 256x64x64"
// CHECK: gpu.func @matmul_0(%[[A:.*]]: memref<256x64xf32>, %[[B:.*]]: memref<64x64xf32>, %[[C:.*]]: memref<256x64xf32>)
// CHECK-SAME: workgroup(%[[SA:.*]] : memref<2x128x24xf32, #gpu.address_space<workgroup>> {llvm.align = 16 : i64}, %[[SB:.*]] : memref<2x16x68xf32, #gpu.address_space<workgroup>> {llvm.align = 16 : i64})
// Copies address each operand as a flat array from its base pointer (a row
// offset computed once plus a K offset per slice). Slice column kk goes to
// slot (kk & 8) | (kk & 3) << 1 | (kk >> 2) & 1: k and k + 4 side by side.
// CHECK: %[[FA:.*]] = memref.reinterpret_cast %[[A]] to offset: [0], sizes: [16384], strides: [1] : memref<256x64xf32> to memref<16384xf32>
// CHECK: %[[KK:.*]] = arith.remui %{{.*}}, %c16 : index
// CHECK: %[[STEP:.*]] = arith.andi %[[KK]], %c8 : index
// CHECK: %[[LOW:.*]] = arith.andi %[[KK]], %c3 : index
// CHECK: arith.shli %[[LOW]], %c1 : index
// CHECK: arith.shrui %[[KK]], %c2 : index
// CHECK: %[[FB:.*]] = memref.reinterpret_cast %[[B]] to offset: [0], sizes: [4096], strides: [1] : memref<64x64xf32> to memref<4096xf32>
// The first slice: 8 copies of A and 4 of B per thread, 4 bytes each,
// and no zero-fill: the tiles divide M and N, and 16 divides K. One group.
// Two stages: a third would not fit in 48 KB (3 x (128 x 24 + 16 x 68)
// words).
// CHECK-COUNT-8: nvgpu.device_async_copy %[[FA]][%{{.*}}], %[[SA]][%c0, {{.*}}], 1 : memref<16384xf32>
// CHECK-COUNT-4: nvgpu.device_async_copy %[[FB]][%{{.*}}], %[[SB]][%c0, {{.*}}], 1 : memref<4096xf32>
// CHECK: %[[FIRST:.*]] = nvgpu.device_async_create_group
// K = 64 in 4 steps of 16. The warps are 4 x 2 (32x32 warp tiles: of the
// arrangements, the fewest loads and roundings per mma): 2 x 4 accumulator
// fragments per warp.
// CHECK: scf.for %[[S:.*]] = %c0 to %c4 step %c1 iter_args({{.*}}) -> (vector<2x2xf32>, vector<2x2xf32>, vector<2x2xf32>, vector<2x2xf32>, vector<2x2xf32>, vector<2x2xf32>, vector<2x2xf32>, vector<2x2xf32>)
// Each step waits for its slice (with 2 stages, for every group), then
// starts the next slice into the stage the previous step read, past the
// end an empty group, and multiplies: one barrier per step.
// CHECK: nvgpu.device_async_wait %[[FIRST]] {numGroups = 0 : i32}
// CHECK-NEXT: gpu.barrier
// CHECK: %[[NEXT:.*]] = arith.addi %[[S]], %c1 : index
// CHECK: %[[MORE:.*]] = arith.cmpi ult, %[[NEXT]], %c4 : index
// CHECK: scf.if %[[MORE]] {
// CHECK-COUNT-12: nvgpu.device_async_copy
// CHECK: nvgpu.device_async_create_group
// CHECK: } else {
// CHECK-NEXT: nvgpu.device_async_create_group{{ *$}}
// A's fragments load 64 bits at a time (k and k + 4 side by side), B's
// (K-major) 32; each element is rounded to TF32.
// CHECK: vector.load %[[SA]][{{.*}}] {alignment = 8 : i64} : memref<2x128x24xf32, #gpu.address_space<workgroup>>, vector<2xf32>
// CHECK: nvvm.convert.float.to.tf32 %{{.*}} {rnd = #nvvm.fp_rnd_mode<rna>}
// CHECK: memref.load %[[SB]]
// CHECK-COUNT-8: nvgpu.mma.sync({{.*}}) {mmaShape = [16, 8, 8], tf32Enabled} : (vector<4x1xf32>, vector<2x1xf32>, vector<2x2xf32>) -> vector<2x2xf32>
// CHECK-NOT: gpu.barrier
// CHECK: scf.yield
// Nothing is left in flight at exit; the accumulators are stored.
// CHECK: %[[EMPTY:.*]] = nvgpu.device_async_create_group
// CHECK-NEXT: nvgpu.device_async_wait %[[EMPTY]] {numGroups = 0 : i32}
// CHECK: vector.store %{{.*}}, %[[C]][{{.*}}] {alignment = 16 : i64} : memref<{{.*}}xf32>, vector<4xf32>
// SMALL-LABEL: func.func private @matmul
// The default target of 128 blocks: no tile reaches it, so the smallest
// (32x32) gives the most blocks.
// SMALL-SAME: grid = array<i64: 8, 2, 1>
// SMALL: workgroup(%{{.*}} : memref<4x32x24xf32, #gpu.address_space<workgroup>> {llvm.align = 16 : i64}, %{{.*}} : memref<4x16x36xf32, #gpu.address_space<workgroup>> {llvm.align = 16 : i64})
// SMALL: nvgpu.mma.sync
// Without precision=tf32, the same matmul multiplies with FMA.
// FP32-LABEL: func.func private @matmul
// FP32-NOT: nvgpu.mma.sync
// FP32: gpu.return
// PRECISION: error: precision must be fp32 or tf32, not 'fp16'
// tensor-core-warps=4 (the default): the 128x64 block has 4 warps (128
// threads) in 2 x 2 (64x32 warp tiles: 4 x 4 fragments, 16 accumulators);
// 4 warps copy 4 slice columns each of the K-major B.
// WARPS4-LABEL: func.func private @matmul
// WARPS4-SAME: block = array<i64: 128, 1, 1>
// WARPS4-SAME: strategy = "tensor cores tf32 128x64 tiles, GEMM 256x64x64, 4 warps"
// WARPS4: scf.for {{.*}} -> (vector<2x2xf32>, vector<2x2xf32>, vector<2x2xf32>, vector<2x2xf32>, vector<2x2xf32>, vector<2x2xf32>, vector<2x2xf32>, vector<2x2xf32>, vector<2x2xf32>, vector<2x2xf32>, vector<2x2xf32>, vector<2x2xf32>, vector<2x2xf32>, vector<2x2xf32>, vector<2x2xf32>, vector<2x2xf32>)
// WARPS4-COUNT-16: nvgpu.mma.sync
// WARPS: error: tensor-core-warps must be 4 or 8, not 6
// BLOCKS: error: max-grid-size, min-contraction-extent, target-blocks and block-reduction-threshold must be positive
func.func @matmul(%a: memref<256x64xf32>, %b: memref<64x64xf32>, %c: memref<256x64xf32>) attributes {modelc.kernel} {
  linalg.matmul ins(%a, %b : memref<256x64xf32>, memref<64x64xf32>) outs(%c : memref<256x64xf32>)
  return
}

// -----

// A convolution is an implicit GEMM on tensor cores too: each copied
// element is found through the input's indexing map (no im2col buffer).
// M = 2 x 10 x 10 = 200, N = 16, K = 8 x 3 x 3 = 72: 128x32 computes as
// many useful outputs per block as 128x64 or 128x128, with the least
// padding. The input is contiguous along M (K-major staging), the weights
// along K (row-major).
// CHECK-LABEL: func.func private @conv
// CHECK-SAME: grid = array<i64: 2, 1, 1>
// CHECK: gpu.func @conv_0(%[[X:.*]]: memref<2x8x12x12xf32>, %[[W:.*]]: memref<16x8x3x3xf32>
// Four stages fit (4 x (16 x 132 + 32 x 24) words, 46 KB).
// CHECK-SAME: workgroup(%[[SX:.*]] : memref<4x16x132xf32, #gpu.address_space<workgroup>> {llvm.align = 16 : i64}, %{{.*}} : memref<4x32x24xf32, #gpu.address_space<workgroup>> {llvm.align = 16 : i64})
// CHECK-DAG: %[[FX:.*]] = memref.reinterpret_cast %[[X]] to offset: [0], sizes: [2304]
// CHECK-DAG: %[[FW:.*]] = memref.reinterpret_cast %[[W]] to offset: [0], sizes: [1152]
// The input's offset at (n, oh, ow) + (c, kh, kw) is
// 1152 n + 12 oh + ow + 144 c + 12 kh + kw: the row part is computed once.
// CHECK-DAG: arith.muli %{{.*}}, %c1152 : index
// CHECK-DAG: arith.muli %{{.*}}, %c144 : index
// In a K-major A, tile row r goes to slot (r & -16) | (r & 7) << 1 |
// (r >> 3) & 1: rows g and g + 8 of a fragment side by side.
// CHECK-DAG: arith.andi %{{.*}}, %c-16 : index
// CHECK-DAG: arith.shrui %{{.*}}, %c3 : index
// M = 200 is not a multiple of 128 and K = 72 not of 16: copies past the
// edges zero-fill (a source count of 0 or 1). Slices 0 to 2 start before
// the loop, each step waits for all but the newest 2 groups.
// CHECK: nvgpu.device_async_copy %[[FX]][%{{.*}}], %[[SX]][%c0, %{{.*}}, %{{.*}}], 1, %{{.*}} :
// CHECK: nvgpu.device_async_copy %[[FW]]
// CHECK: nvgpu.device_async_create_group
// CHECK: nvgpu.device_async_copy %[[FX]][%{{.*}}], %[[SX]][%c1,
// CHECK: nvgpu.device_async_create_group
// CHECK: nvgpu.device_async_copy %[[FX]][%{{.*}}], %[[SX]][%c2,
// CHECK: %[[THIRD:.*]] = nvgpu.device_async_create_group
// CHECK: scf.for
// CHECK: nvgpu.device_async_wait %[[THIRD]] {numGroups = 2 : i32}
// Both rows of a K-major A fragment in one 64-bit load.
// CHECK: vector.load %[[SX]][{{.*}}] {alignment = 8 : i64} : memref<4x16x132xf32, #gpu.address_space<workgroup>>, vector<2xf32>
// CHECK: nvgpu.mma.sync
// FP32-LABEL: func.func private @conv
// FP32-NOT: nvgpu.mma.sync
// FP32: gpu.return
func.func @conv(%x: memref<2x8x12x12xf32>, %w: memref<16x8x3x3xf32>, %y: memref<2x16x10x10xf32>) attributes {modelc.kernel} {
  linalg.conv_2d_nchw_fchw {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}
      ins(%x, %w : memref<2x8x12x12xf32>, memref<16x8x3x3xf32>) outs(%y : memref<2x16x10x10xf32>)
  return
}

// -----

// f16 operands are not TF32 work: the FMA path takes them.
// CHECK-LABEL: func.func private @half
// CHECK-NOT: nvgpu.mma.sync
// CHECK: gpu.return
func.func @half(%a: memref<64x64xf16>, %b: memref<64x64xf16>, %c: memref<64x64xf16>) attributes {modelc.kernel} {
  linalg.matmul ins(%a, %b : memref<64x64xf16>, memref<64x64xf16>) outs(%c : memref<64x64xf16>)
  return
}

// -----

// B exact in TF32 (modelc.tf32_exact, set for weights rounded at compile
// time): only A's elements are rounded. The warps are then 8 x 1 (16x64
// warp tiles: one A fragment, 8 B fragments per warp), the arrangement
// with the fewest loads and roundings per mma: per 16-deep step, 2 x 4
// roundings for 2 x 8 mma.
// CHECK-LABEL: func.func private @exact_b
// CHECK: scf.for
// CHECK: gpu.barrier
// CHECK: scf.if
// CHECK: } else {
// CHECK-COUNT-4: nvvm.convert.float.to.tf32
// CHECK-NOT: nvvm.convert.float.to.tf32
// CHECK-COUNT-8: nvgpu.mma.sync
// CHECK-COUNT-4: nvvm.convert.float.to.tf32
// CHECK-NOT: nvvm.convert.float.to.tf32
// CHECK-COUNT-8: nvgpu.mma.sync
// CHECK-NOT: nvvm.convert.float.to.tf32
// CHECK: scf.yield
func.func @exact_b(%a: memref<256x64xf32>, %b: memref<64x64xf32>, %c: memref<256x64xf32>) attributes {modelc.kernel} {
  linalg.matmul {modelc.tf32_exact = array<i64: 1>} ins(%a, %b : memref<256x64xf32>, memref<64x64xf32>) outs(%c : memref<256x64xf32>)
  return
}

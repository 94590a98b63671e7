// RUN: modelc-opt %s --split-input-file --modelc-map-kernels-to-gpu="precision=tf32 target-blocks=4" --canonicalize --cse | FileCheck %s
// RUN: modelc-opt %s --split-input-file --modelc-map-kernels-to-gpu="precision=tf32 target-blocks=4 split-k=false" | FileCheck %s --check-prefix=OFF

// split-k (the default): a 64x64 GEMM has 4 tiles of 32x32, no more than
// target-blocks (4), and 256 K steps: K splits in 2 (the most that keeps
// the blocks within 2 x target-blocks). Launch 0 (grid z = 2) stores
// each block's raw sums to partials appended to the kernel's scratch
// (16384 bytes before, 2 x 64 x 64 f32 after, at offset 16384); launch 1
// adds the 2 partials in order, then the folded initializer (the bias)
// and the epilogue (truncation, ReLU) as the GEMM would have.
// CHECK-LABEL: func.func private @long_k
// CHECK-SAME: memref<49152xi8>
// CHECK-SAME: grid = array<i64: 2, 2, 2>, name = "long_k_0", strategy = "tensor cores f16 32x32 tiles, GEMM 64x64x4096, split-K 2"
// CHECK-SAME: name = "long_k_1", strategy = "split-K sum of 2 partials and epilogue, 1 per thread"
// The partials are live: the grown scratch stays reserved.
// CHECK-SAME: modelc.scratch_bytes = 49152 : i64
// CHECK: gpu.func @long_k_0({{.*}}%[[S0:.*]]: memref<49152xi8>)
// CHECK: %[[P0:.*]] = memref.view %[[S0]][%c16384][] : memref<49152xi8> to memref<8192xf32>
// CHECK: nvgpu.mma.sync
// CHECK: memref.store %{{.*}}, %[[P0]][%{{.*}}] : memref<8192xf32>
// CHECK-NOT: maximumf
// CHECK: gpu.func @long_k_1(%{{.*}}: memref<64x4096xf16>, %{{.*}}: memref<4096x64xf16>, %[[BIAS:.*]]: memref<64xf32>, %[[Y:.*]]: memref<64x64xf16>, %[[S1:.*]]: memref<49152xi8>)
// CHECK: %[[P1:.*]] = memref.view %[[S1]][%c16384][] : memref<49152xi8> to memref<8192xf32>
// CHECK: %[[A:.*]] = memref.load %[[P1]][
// CHECK: %[[B:.*]] = memref.load %[[P1]][
// CHECK: %[[SUM:.*]] = arith.addf %[[A]], %[[B]] : f32
// CHECK: %[[BV:.*]] = memref.load %[[BIAS]][
// CHECK: arith.addf %[[BV]], %[[SUM]] : f32
// CHECK: arith.truncf
// CHECK: arith.maximumf
// CHECK: memref.store %{{.*}}, %[[Y]][
// OFF-LABEL: func.func private @long_k
// OFF-SAME: memref<16384xi8>
// OFF-SAME: grid = array<i64: 2, 2, 1>, name = "long_k_0", strategy = "tensor cores f16 32x32 tiles, GEMM 64x64x4096"}]
#a = affine_map<(d0, d1, d2) -> (d0, d2)>
#b = affine_map<(d0, d1, d2) -> (d2, d1)>
#c = affine_map<(d0, d1, d2) -> (d0, d1)>
#bias = affine_map<(d0, d1) -> (d1)>
#id = affine_map<(d0, d1) -> (d0, d1)>
func.func @long_k(%a: memref<64x4096xf16>, %b: memref<4096x64xf16>, %bias: memref<64xf32>, %y: memref<64x64xf16>, %scratch: memref<16384xi8>) attributes {modelc.kernel, modelc.scratch_bytes = 16384 : i64} {
  %c0 = arith.constant 0 : index
  %zero = arith.constant 0.000000e+00 : f16
  %acc = memref.view %scratch[%c0][] : memref<16384xi8> to memref<64x64xf32>
  linalg.generic {indexing_maps = [#bias, #id], iterator_types = ["parallel", "parallel"]} ins(%bias : memref<64xf32>) outs(%acc : memref<64x64xf32>) {
  ^bb0(%in: f32, %out: f32):
    linalg.yield %in : f32
  }
  linalg.generic {indexing_maps = [#a, #b, #c], iterator_types = ["parallel", "parallel", "reduction"]} ins(%a, %b : memref<64x4096xf16>, memref<4096x64xf16>) outs(%acc : memref<64x64xf32>) {
  ^bb0(%x: f16, %w: f16, %out: f32):
    %xe = arith.extf %x : f16 to f32
    %we = arith.extf %w : f16 to f32
    %p = arith.mulf %xe, %we : f32
    %s = arith.addf %out, %p : f32
    linalg.yield %s : f32
  }
  linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]} ins(%acc : memref<64x64xf32>) outs(%y : memref<64x64xf16>) {
  ^bb0(%in: f32, %out: f16):
    %t = arith.truncf %in : f32 to f16
    %r = arith.maximumf %t, %zero : f16
    linalg.yield %r : f16
  }
  return
}

// -----

// A kernel without scratch gets a scratch argument for the partials.
// CHECK-LABEL: func.func private @no_scratch
// CHECK-SAME: (memref<64x4096xf16>, memref<4096x64xf16>, memref<64x64xf32>, memref<32768xi8>)
// CHECK-SAME: modelc.scratch_bytes = 32768
// CHECK: memref.view %{{.*}}[%c0][] : memref<32768xi8> to memref<8192xf32>
#a = affine_map<(d0, d1, d2) -> (d0, d2)>
#b = affine_map<(d0, d1, d2) -> (d2, d1)>
#c = affine_map<(d0, d1, d2) -> (d0, d1)>
func.func @no_scratch(%a: memref<64x4096xf16>, %b: memref<4096x64xf16>, %y: memref<64x64xf32>) attributes {modelc.kernel} {
  linalg.generic {indexing_maps = [#a, #b, #c], iterator_types = ["parallel", "parallel", "reduction"]} ins(%a, %b : memref<64x4096xf16>, memref<4096x64xf16>) outs(%y : memref<64x64xf32>) {
  ^bb0(%x: f16, %w: f16, %out: f32):
    %xe = arith.extf %x : f16 to f32
    %we = arith.extf %w : f16 to f32
    %p = arith.mulf %xe, %we : f32
    %s = arith.addf %out, %p : f32
    linalg.yield %s : f32
  }
  return
}

// -----

// K = 496 is 31 steps: no split of 2 to 16 divides them evenly with 16
// steps or more each (the shortest K that splits is 32 steps): one block
// per tile.
// CHECK-LABEL: func.func private @short_k
// CHECK-SAME: name = "short_k_0", strategy = "tensor cores f16 32x32 tiles, GEMM 64x64x496"}]
#a = affine_map<(d0, d1, d2) -> (d0, d2)>
#b = affine_map<(d0, d1, d2) -> (d2, d1)>
#c = affine_map<(d0, d1, d2) -> (d0, d1)>
func.func @short_k(%a: memref<64x496xf16>, %b: memref<496x64xf16>, %y: memref<64x64xf32>) attributes {modelc.kernel} {
  linalg.generic {indexing_maps = [#a, #b, #c], iterator_types = ["parallel", "parallel", "reduction"]} ins(%a, %b : memref<64x496xf16>, memref<496x64xf16>) outs(%y : memref<64x64xf32>) {
  ^bb0(%x: f16, %w: f16, %out: f32):
    %xe = arith.extf %x : f16 to f32
    %we = arith.extf %w : f16 to f32
    %p = arith.mulf %xe, %we : f32
    %s = arith.addf %out, %p : f32
    linalg.yield %s : f32
  }
  return
}

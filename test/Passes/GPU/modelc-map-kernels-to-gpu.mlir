// RUN: modelc-opt %s --split-input-file --modelc-map-kernels-to-gpu --cse --verify-diagnostics | FileCheck %s
// RUN: modelc-opt %s --split-input-file --modelc-map-kernels-to-gpu=row-kernels=false --verify-diagnostics | FileCheck %s --check-prefix=NOROW
// RUN: modelc-opt %s --split-input-file --modelc-map-kernels-to-gpu=target-blocks=1 --cse --verify-diagnostics | FileCheck %s --check-prefix=WARP
// RUN: modelc-opt %s --split-input-file --modelc-map-kernels-to-gpu="target-blocks=1 warp-row-kernels=false" --cse --verify-diagnostics | FileCheck %s --check-prefix=BLOCKROW

// Elementwise on rows of a multiple of 4: each thread computes 4
// neighbours with 16-byte vector loads and stores (100 threads for 400
// elements), grid-stride; the kernel becomes a declaration listing its
// launch.
// CHECK-LABEL: func.func private @relu(memref<4x100xf32>, memref<4x100xf32>)
// CHECK-SAME: modelc.launches = [{block = array<i64: 128, 1, 1>, grid = array<i64: 1, 1, 1>, name = "relu_0", strategy = "elementwise, 4 per thread"}]
// CHECK: gpu.module @device
// CHECK: gpu.func @relu_0(%[[IN:.*]]: memref<4x100xf32>, %[[OUT:.*]]: memref<4x100xf32>) kernel
// CHECK-DAG: %[[TID:.*]] = gpu.thread_id x
// CHECK-DAG: %[[BID:.*]] = gpu.block_id x
// CHECK: scf.for %[[I:.*]] = %{{.*}} to %c100 step %c128
// CHECK: %[[V:.*]] = vector.load %[[IN]][%{{.*}}, %{{.*}}] {alignment = 16 : i64} : memref<4x100xf32>, vector<4xf32>
// CHECK-COUNT-4: arith.maximumf
// CHECK: %[[R:.*]] = vector.from_elements
// CHECK: vector.store %[[R]], %[[OUT]][%{{.*}}, %{{.*}}] {alignment = 16 : i64}
// CHECK: gpu.return
func.func @relu(%in: memref<4x100xf32>, %out: memref<4x100xf32>) attributes {modelc.kernel} {
  %zero = arith.constant 0.0 : f32
  linalg.generic {indexing_maps = [affine_map<(i, j) -> (i, j)>, affine_map<(i, j) -> (i, j)>],
                  iterator_types = ["parallel", "parallel"]}
      ins(%in : memref<4x100xf32>) outs(%out : memref<4x100xf32>) {
  ^bb0(%x: f32, %y: f32):
    %r = arith.maximumf %x, %zero : f32
    linalg.yield %r : f32
  }
  return
}

// -----

// Rows of 101 (odd: not even pairs), a transposed read, a strided view:
// one element per thread, scalar loads.
// CHECK-LABEL: func.func private @scalar
// CHECK-SAME: {block = array<i64: 256, 1, 1>, grid = array<i64: 2, 1, 1>, name = "scalar_0", strategy = "elementwise, 1 per thread"}
// CHECK-SAME: {block = array<i64: 128, 1, 1>, grid = array<i64: 1, 1, 1>, name = "scalar_1", strategy = "elementwise, 1 per thread"}
// CHECK-SAME: {block = array<i64: 64, 1, 1>, grid = array<i64: 1, 1, 1>, name = "scalar_2", strategy = "elementwise, 1 per thread"}
// CHECK: gpu.func @scalar_0
// CHECK: scf.for %{{.*}} = %{{.*}} to %c404 step %c512
// CHECK-NOT: vector.
// CHECK: gpu.return
// CHECK: gpu.func @scalar_1
// CHECK-NOT: vector.
// CHECK: gpu.return
// CHECK: gpu.func @scalar_2
// CHECK-NOT: vector.
// CHECK: gpu.return
func.func @scalar(%in: memref<4x101xf32>, %out: memref<4x101xf32>, %t: memref<8x16xf32>, %u: memref<16x8xf32>, %scratch: memref<256xi8>) attributes {modelc.kernel} {
  linalg.copy ins(%in : memref<4x101xf32>) outs(%out : memref<4x101xf32>)
  linalg.transpose ins(%t : memref<8x16xf32>) outs(%u : memref<16x8xf32>) permutation = [1, 0]
  %sub = memref.subview %t[0, 1] [8, 8] [1, 1] : memref<8x16xf32> to memref<8x8xf32, strided<[16, 1], offset: 1>>
  %c0 = arith.constant 0 : index
  %view = memref.view %scratch[%c0][] : memref<256xi8> to memref<8x8xf32>
  linalg.copy ins(%sub : memref<8x8xf32, strided<[16, 1], offset: 1>>) outs(%view : memref<8x8xf32>)
  return
}

// -----

// 16-bit elements: 8 per thread (16 bytes). A cast from f32 to f16: 4 per
// thread, the widest element setting the width (16-byte loads, 8-byte
// stores). A slice of an outer dimension whose offset and strides are
// multiples of 8 (a Q, K or V slice of a fused projection): 8 per thread
// too. A slice at offset 4 is 8-byte aligned, not 16: 4 per thread. At
// offset 3, not even 4-byte aligned: one per thread.
// CHECK-LABEL: func.func private @half_vectors
// CHECK-SAME: name = "half_vectors_0", strategy = "elementwise, 8 per thread"
// CHECK-SAME: name = "half_vectors_1", strategy = "elementwise, 4 per thread"
// CHECK-SAME: name = "half_vectors_2", strategy = "elementwise, 8 per thread"
// CHECK-SAME: name = "half_vectors_3", strategy = "elementwise, 4 per thread"
// CHECK-SAME: name = "half_vectors_4", strategy = "elementwise, 1 per thread"
// CHECK: gpu.func @half_vectors_0
// CHECK: vector.load %{{.*}} {alignment = 16 : i64} : memref<4x64xf16>, vector<8xf16>
// CHECK-COUNT-8: arith.maximumf
// CHECK: vector.store %{{.*}} {alignment = 16 : i64} : memref<4x64xf16>, vector<8xf16>
// CHECK: gpu.func @half_vectors_1
// CHECK: vector.load %{{.*}} {alignment = 16 : i64} : memref<4x64xf32>, vector<4xf32>
// CHECK-COUNT-4: arith.truncf
// CHECK: vector.store %{{.*}} {alignment = 8 : i64} : memref<4x64xf16>, vector<4xf16>
// CHECK: gpu.func @half_vectors_2
// CHECK: vector.load %{{.*}} {alignment = 16 : i64} : memref<4x64xf16, strided<[192, 1], offset: 64>>, vector<8xf16>
// CHECK: gpu.func @half_vectors_3
// CHECK: vector.load %{{.*}} {alignment = 8 : i64} : memref<4x64xf16, strided<[192, 1], offset: 4>>, vector<4xf16>
// CHECK: gpu.func @half_vectors_4
// CHECK-NOT: vector.
// CHECK: gpu.return
func.func @half_vectors(%in: memref<4x64xf16>, %wide: memref<4x64xf32>, %qkv: memref<4x192xf16>, %out: memref<4x64xf16>, %out2: memref<4x64xf16>, %out3: memref<4x64xf16>, %out4: memref<4x64xf16>, %out5: memref<4x64xf16>) attributes {modelc.kernel} {
  %zero = arith.constant 0.0 : f16
  linalg.generic {indexing_maps = [affine_map<(i, j) -> (i, j)>, affine_map<(i, j) -> (i, j)>],
                  iterator_types = ["parallel", "parallel"]}
      ins(%in : memref<4x64xf16>) outs(%out : memref<4x64xf16>) {
  ^bb0(%x: f16, %y: f16):
    %r = arith.maximumf %x, %zero : f16
    linalg.yield %r : f16
  }
  linalg.generic {indexing_maps = [affine_map<(i, j) -> (i, j)>, affine_map<(i, j) -> (i, j)>],
                  iterator_types = ["parallel", "parallel"]}
      ins(%wide : memref<4x64xf32>) outs(%out2 : memref<4x64xf16>) {
  ^bb0(%x: f32, %y: f16):
    %r = arith.truncf %x : f32 to f16
    linalg.yield %r : f16
  }
  %k = memref.subview %qkv[0, 64] [4, 64] [1, 1] : memref<4x192xf16> to memref<4x64xf16, strided<[192, 1], offset: 64>>
  linalg.copy ins(%k : memref<4x64xf16, strided<[192, 1], offset: 64>>) outs(%out3 : memref<4x64xf16>)
  %odd = memref.subview %qkv[0, 4] [4, 64] [1, 1] : memref<4x192xf16> to memref<4x64xf16, strided<[192, 1], offset: 4>>
  linalg.copy ins(%odd : memref<4x64xf16, strided<[192, 1], offset: 4>>) outs(%out4 : memref<4x64xf16>)
  %odd3 = memref.subview %qkv[0, 3] [4, 64] [1, 1] : memref<4x192xf16> to memref<4x64xf16, strided<[192, 1], offset: 3>>
  linalg.copy ins(%odd3 : memref<4x64xf16, strided<[192, 1], offset: 3>>) outs(%out5 : memref<4x64xf16>)
  return
}

// -----

// An innermost extent of 4 halves (a 4-channel NHWC tensor, as the stem's
// padded input is): 4 per thread, 8-byte stores, though 16 bytes would be
// 8 halves.
// CHECK-LABEL: func.func private @four_channels
// CHECK-SAME: strategy = "elementwise, 4 per thread"
// CHECK: vector.store %{{.*}} {alignment = 8 : i64} : memref<16x4xf16>, vector<4xf16>
func.func @four_channels(%in: memref<16xf16>, %out: memref<16x4xf16>) attributes {modelc.kernel} {
  linalg.generic {indexing_maps = [affine_map<(i, j) -> (i)>, affine_map<(i, j) -> (i, j)>],
                  iterator_types = ["parallel", "parallel"]}
      ins(%in : memref<16xf16>) outs(%out : memref<16x4xf16>) {
  ^bb0(%x: f16, %y: f16):
    linalg.yield %x : f16
  }
  return
}

// -----

// A long reduction: one block per output row, partial results combined in
// shared memory. The fill before it works row by row too, so the two are
// one row kernel; with row-kernels=false, the fill is its own launch.
// CHECK-LABEL: func.func private @row_max
// CHECK-SAME: {block = array<i64: 256, 1, 1>, grid = array<i64: 8, 1, 1>, name = "row_max_0", strategy = "row kernel: 2 ops per row of 4096 elements, one block per row"}
// NOROW-LABEL: func.func private @row_max
// NOROW-SAME: {block = array<i64: 32, 1, 1>, grid = array<i64: 1, 1, 1>, name = "row_max_0", strategy = "elementwise, 1 per thread"}
// NOROW-SAME: {block = array<i64: 256, 1, 1>, grid = array<i64: 8, 1, 1>, name = "row_max_1", strategy = "block reduction over 4096 elements"}
// Every shared buffer is 16-byte aligned (tensor-core fragments load 8 or
// 16 bytes at a time; the lowering's default is the element's alignment).
// CHECK: gpu.func @row_max_0({{.*}}) workgroup(%[[SHARED:.*]] : memref<256xf32, #gpu.address_space<workgroup>> {llvm.align = 16 : i64}) kernel
// CHECK: %[[PARTIAL:.*]] = scf.for {{.*}} iter_args(%[[ACC:.*]] = %cst
// CHECK:   arith.maximumf %[[ACC]]
// CHECK: memref.store %[[PARTIAL]], %[[SHARED]]
// CHECK: gpu.barrier
// CHECK: arith.cmpi ult, %{{.*}}, %c128
// CHECK: gpu.barrier
// CHECK: arith.cmpi eq
// CHECK: scf.if
// CHECK: memref.load %[[SHARED]][%c0]
func.func @row_max(%in: memref<8x4096xf32>, %out: memref<8x1xf32>) attributes {modelc.kernel} {
  %ninf = arith.constant 0xFF800000 : f32
  linalg.fill ins(%ninf : f32) outs(%out : memref<8x1xf32>)
  linalg.generic {indexing_maps = [affine_map<(i, j) -> (i, j)>, affine_map<(i, j) -> (i, 0)>],
                  iterator_types = ["parallel", "reduction"]}
      ins(%in : memref<8x4096xf32>) outs(%out : memref<8x1xf32>) {
  ^bb0(%x: f32, %acc: f32):
    %r = arith.maximumf %acc, %x : f32
    linalg.yield %r : f32
  }
  return
}

// -----

// A softmax-sized row (100): one block of 128 threads per row.
// CHECK-LABEL: func.func private @row_sum
// CHECK-SAME: {block = array<i64: 128, 1, 1>, grid = array<i64: 3, 1, 1>, name = "row_sum_0", strategy = "block reduction over 100 elements"}
// CHECK: workgroup(%{{.*}} : memref<128xf32, #gpu.address_space<workgroup>> {llvm.align = 16 : i64})
// CHECK: arith.cmpi ult, %{{.*}}, %c64
func.func @row_sum(%in: memref<3x100xf32>, %out: memref<3xf32>) attributes {modelc.kernel} {
  linalg.generic {indexing_maps = [affine_map<(i, j) -> (i, j)>, affine_map<(i, j) -> (i)>],
                  iterator_types = ["parallel", "reduction"]}
      ins(%in : memref<3x100xf32>) outs(%out : memref<3xf32>) {
  ^bb0(%x: f32, %acc: f32):
    %r = arith.addf %acc, %x : f32
    linalg.yield %r : f32
  }
  return
}

// -----

// A short row (49, under 128) with outputs enough for every SM's threads
// (at least target-blocks x block-size: 256 at target-blocks=1) runs a
// thread per output, no shared memory, no barrier (ResNet-50's global
// average pool at batch 256); with fewer (the default target) a block per
// output.
// CHECK-LABEL: func.func private @many_short_rows
// CHECK-SAME: name = "many_short_rows_0", strategy = "block reduction over 49 elements"
// WARP-LABEL: func.func private @many_short_rows
// WARP-SAME: {block = array<i64: 256, 1, 1>, grid = array<i64: 1, 1, 1>, name = "many_short_rows_0", strategy = "parallel, sequential reduction per thread"}
// WARP: gpu.func @many_short_rows_0
// WARP-NOT: workgroup
// WARP-NOT: gpu.barrier
// WARP: return
func.func @many_short_rows(%in: memref<256x49xf32>, %out: memref<256xf32>) attributes {modelc.kernel} {
  linalg.generic {indexing_maps = [affine_map<(i, j) -> (i, j)>, affine_map<(i, j) -> (i)>],
                  iterator_types = ["parallel", "reduction"]}
      ins(%in : memref<256x49xf32>) outs(%out : memref<256xf32>) {
  ^bb0(%x: f32, %acc: f32):
    %r = arith.addf %acc, %x : f32
    linalg.yield %r : f32
  }
  return
}

// -----

// A short reduction (under 32) stays in one thread per output; each thread
// computes 8 neighbouring outputs (reduction-lanes' default; 8 threads for
// 64), its 9-long window unrolled.
// CHECK-LABEL: func.func private @short_sum
// CHECK-SAME: {block = array<i64: 32, 1, 1>, grid = array<i64: 1, 1, 1>, name = "short_sum_0", strategy = "parallel, sequential reduction per thread, 8 outputs per thread"}
// CHECK: gpu.func @short_sum_0
// CHECK-NOT: workgroup
// CHECK: scf.for %{{.*}} to %c8
// CHECK-NOT: scf.for
// CHECK-COUNT-72: arith.addf
// CHECK-NOT: arith.addf
// CHECK-COUNT-4: memref.store
// CHECK: gpu.return
func.func @short_sum(%in: memref<64x9xf32>, %out: memref<64xf32>) attributes {modelc.kernel} {
  linalg.generic {indexing_maps = [affine_map<(i, j) -> (i, j)>, affine_map<(i, j) -> (i)>],
                  iterator_types = ["parallel", "reduction"]}
      ins(%in : memref<64x9xf32>) outs(%out : memref<64xf32>) {
  ^bb0(%x: f32, %acc: f32):
    %r = arith.addf %acc, %x : f32
    linalg.yield %r : f32
  }
  return
}

// -----

// A short reduction to a single point (ReduceSum over every axis): no
// parallel loop to spread outputs along, so one output, the window in a
// loop.
// CHECK-LABEL: func.func private @sum_all
// CHECK-SAME: name = "sum_all_0", strategy = "parallel, sequential reduction per thread"}
// CHECK: gpu.func @sum_all_0
// CHECK: scf.for
// CHECK: scf.for {{.*}} iter_args
// CHECK: arith.addf
func.func @sum_all(%in: memref<4x4xf32>, %out: memref<f32>) attributes {modelc.kernel} {
  linalg.generic {indexing_maps = [affine_map<(k, l) -> (k, l)>, affine_map<(k, l) -> ()>],
                  iterator_types = ["reduction", "reduction"]}
      ins(%in : memref<4x4xf32>) outs(%out : memref<f32>) {
  ^bb0(%x: f32, %acc: f32):
    %r = arith.addf %acc, %x : f32
    linalg.yield %r : f32
  }
  return
}

// -----

// A depthwise convolution as it bufferizes: a bias broadcast into an f32
// accumulator in scratch, the 3x3 reduction, then Clip and a cast to f16.
// One launch: each thread starts from its point's bias (the initializer),
// sums its 9 taps, and applies the epilogue to the sum; the accumulator is
// never stored (only the epilogue reads it), so the kernel's scratch is
// released (64 bytes). Each thread computes the 4 neighbouring outputs of
// a row, its 3x3 window unrolled: 4 x 9 products, one epilogue and one
// store per output.
// CHECK-LABEL: func.func private @depthwise
// CHECK-SAME: name = "depthwise_0", strategy = "parallel, sequential reduction per thread, 4 outputs per thread, initializer fused, epilogue fused"}], modelc.scratch_bytes = 64 : i64
// CHECK: gpu.func @depthwise_0(%[[X:[a-z0-9]+]]: memref<1x4x6x6xf16>, %[[W:[a-z0-9]+]]: memref<4x3x3xf16>, %[[B:[a-z0-9]+]]: memref<4xf32>, %[[Y:[a-z0-9]+]]: memref<1x4x4x4xf16>
// CHECK: scf.for
// CHECK: %[[BIAS:.*]] = memref.load %[[B]][
// CHECK-NOT: scf.for
// CHECK-COUNT-36: arith.mulf
// CHECK-NOT: arith.mulf
// CHECK-NOT: memref.store {{.*}} : memref<1x4x4x4xf32>
// CHECK: arith.minimumf
// CHECK-NEXT: memref.store {{.*}}, %[[Y]][{{.*}}] : memref<1x4x4x4xf16>
// CHECK: arith.minimumf
// CHECK-NEXT: memref.store {{.*}}, %[[Y]][{{.*}}] : memref<1x4x4x4xf16>
// CHECK: arith.minimumf
// CHECK-NEXT: memref.store {{.*}}, %[[Y]][{{.*}}] : memref<1x4x4x4xf16>
// CHECK: arith.minimumf
// CHECK-NEXT: memref.store {{.*}}, %[[Y]][{{.*}}] : memref<1x4x4x4xf16>
// CHECK-NOT: memref.store
// CHECK: gpu.return
// CHECK-NOT: gpu.func @depthwise_1
#dw_x = affine_map<(n, c, h, w, kh, kw) -> (n, c, h + kh, w + kw)>
#dw_w = affine_map<(n, c, h, w, kh, kw) -> (c, kh, kw)>
#dw_y = affine_map<(n, c, h, w, kh, kw) -> (n, c, h, w)>
#bias = affine_map<(n, c, h, w) -> (c)>
#point = affine_map<(n, c, h, w) -> (n, c, h, w)>
func.func @depthwise(%x: memref<1x4x6x6xf16>, %w: memref<4x3x3xf16>, %b: memref<4xf32>, %y: memref<1x4x4x4xf16>, %scratch: memref<256xi8>) attributes {modelc.kernel, modelc.scratch_bytes = 256 : i64} {
  %c0 = arith.constant 0 : index
  %zero = arith.constant 0.0 : f16
  %six = arith.constant 6.0 : f16
  %acc = memref.view %scratch[%c0][] : memref<256xi8> to memref<1x4x4x4xf32>
  linalg.generic {indexing_maps = [#bias, #point], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
      ins(%b : memref<4xf32>) outs(%acc : memref<1x4x4x4xf32>) {
  ^bb0(%in: f32, %out: f32):
    linalg.yield %in : f32
  }
  linalg.generic {indexing_maps = [#dw_x, #dw_w, #dw_y], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction", "reduction"]}
      ins(%x, %w : memref<1x4x6x6xf16>, memref<4x3x3xf16>) outs(%acc : memref<1x4x4x4xf32>) {
  ^bb0(%in: f16, %k: f16, %out: f32):
    %0 = arith.extf %in : f16 to f32
    %1 = arith.extf %k : f16 to f32
    %2 = arith.mulf %0, %1 : f32
    %3 = arith.addf %out, %2 : f32
    linalg.yield %3 : f32
  }
  linalg.generic {indexing_maps = [#point, #point], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
      ins(%acc : memref<1x4x4x4xf32>) outs(%y : memref<1x4x4x4xf16>) {
  ^bb0(%in: f32, %out: f16):
    %0 = arith.truncf %in : f32 to f16
    %1 = arith.maximumf %0, %zero : f16
    %2 = arith.minimumf %1, %six : f16
    linalg.yield %2 : f16
  }
  return
}

// -----

// When a later kernel reads the accumulator (a kernel argument), the
// thread stores it as well.
// CHECK-LABEL: func.func private @depthwise_kept
// CHECK-SAME: strategy = "parallel, sequential reduction per thread, 4 outputs per thread, initializer fused, epilogue fused"}]
// CHECK: gpu.func @depthwise_kept_0
// CHECK: memref.store {{.*}} : memref<1x4x4x4xf32>
// CHECK: memref.store {{.*}} : memref<1x4x4x4xf16>
#dw_x = affine_map<(n, c, h, w, kh, kw) -> (n, c, h + kh, w + kw)>
#dw_w = affine_map<(n, c, h, w, kh, kw) -> (c, kh, kw)>
#dw_y = affine_map<(n, c, h, w, kh, kw) -> (n, c, h, w)>
#bias = affine_map<(n, c, h, w) -> (c)>
#point = affine_map<(n, c, h, w) -> (n, c, h, w)>
func.func @depthwise_kept(%x: memref<1x4x6x6xf16>, %w: memref<4x3x3xf16>, %b: memref<4xf32>, %acc: memref<1x4x4x4xf32>, %y: memref<1x4x4x4xf16>) attributes {modelc.kernel} {
  linalg.generic {indexing_maps = [#bias, #point], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
      ins(%b : memref<4xf32>) outs(%acc : memref<1x4x4x4xf32>) {
  ^bb0(%in: f32, %out: f32):
    linalg.yield %in : f32
  }
  linalg.generic {indexing_maps = [#dw_x, #dw_w, #dw_y], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction", "reduction"]}
      ins(%x, %w : memref<1x4x6x6xf16>, memref<4x3x3xf16>) outs(%acc : memref<1x4x4x4xf32>) {
  ^bb0(%in: f16, %k: f16, %out: f32):
    %0 = arith.extf %in : f16 to f32
    %1 = arith.extf %k : f16 to f32
    %2 = arith.mulf %0, %1 : f32
    %3 = arith.addf %out, %2 : f32
    linalg.yield %3 : f32
  }
  linalg.generic {indexing_maps = [#point, #point], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
      ins(%acc : memref<1x4x4x4xf32>) outs(%y : memref<1x4x4x4xf16>) {
  ^bb0(%in: f32, %out: f16):
    %0 = arith.truncf %in : f32 to f16
    linalg.yield %0 : f16
  }
  return
}

// -----

// A matmul: 64x64 output tiles (grid 2x3 for 100x150), 16-deep slices of
// both operands staged in shared memory, 4x4 results per thread. The
// launch records its operations for profiles: 2 x 100 x 150 x 80.
// CHECK-LABEL: func.func private @matmul
// CHECK-SAME: {block = array<i64: 256, 1, 1>, flops = 2400000 : i64, grid = array<i64: 2, 3, 1>, name = "matmul_0", strategy = "fma 64x64 tiles, GEMM 100x150x80"}
// CHECK: gpu.func @matmul_0({{.*}}) workgroup(%[[A:.*]] : memref<16x64xf32, #gpu.address_space<workgroup>> {llvm.align = 16 : i64}, %[[B:.*]] : memref<16x64xf32, #gpu.address_space<workgroup>> {llvm.align = 16 : i64}) kernel
// CHECK: gpu.block_id y
// CHECK: scf.for %{{.*}} = %c0 to %c80 step %c16 iter_args(
// CHECK: memref.store %{{.*}}, %[[A]]
// CHECK: memref.store %{{.*}}, %[[B]]
// CHECK: gpu.barrier
// CHECK: scf.for %{{.*}} = %c0 to %c16 step %c1 iter_args(
// CHECK-COUNT-16: arith.mulf
// CHECK: gpu.barrier
func.func @matmul(%a: memref<100x80xf32>, %b: memref<80x150xf32>, %c: memref<100x150xf32>) attributes {modelc.kernel} {
  linalg.matmul ins(%a, %b : memref<100x80xf32>, memref<80x150xf32>) outs(%c : memref<100x150xf32>)
  return
}

// -----

// Initializer and epilogue fused: the fill that initializes the GEMM's
// result in scratch (a bias broadcast in convolutions) and the elementwise
// op after it (residual add + relu, writing the kernel's output) run in
// the GEMM's one launch: the initial value computed at each output point,
// the residual read through its view, and the scratch result never stored
// or read.
// CHECK-LABEL: func.func private @gemm_epilogue
// CHECK-SAME: modelc.launches = [{{{[^}]*}}name = "gemm_epilogue_0", strategy = "fma {{.*}}"}]}
// CHECK: gpu.func @gemm_epilogue_0(%{{.*}}: memref<100x80xf32>, %{{.*}}: memref<80x150xf32>, %[[R:.*]]: memref<15000xf32>, %[[OUT:.*]]: memref<100x150xf32>, %[[S:.*]]: memref<60000xi8>) workgroup
// CHECK-DAG: %[[BIAS:.*]] = arith.constant 5.000000e-01 : f32
// CHECK-DAG: %[[RV:.*]] = memref.expand_shape %[[R]]
// CHECK: scf.for
// CHECK-COUNT-16: arith.mulf
// CHECK: gpu.barrier
// CHECK: scf.if
// CHECK-NOT: memref.store
// CHECK-NOT: memref.load
// CHECK: %[[ACC:.*]] = arith.addf %[[BIAS]]
// CHECK-NEXT: %[[RES:.*]] = memref.load %[[RV]]
// CHECK-NEXT: %[[SUM:.*]] = arith.addf %[[ACC]], %[[RES]]
// CHECK-NEXT: %[[RELU:.*]] = arith.maximumf %[[SUM]]
// CHECK-NEXT: memref.store %[[RELU]], %[[OUT]]
// CHECK: gpu.return
#id = affine_map<(i, j) -> (i, j)>
func.func @gemm_epilogue(%a: memref<100x80xf32>, %b: memref<80x150xf32>, %r: memref<15000xf32>, %out: memref<100x150xf32>, %scratch: memref<60000xi8>) attributes {modelc.kernel} {
  %c0 = arith.constant 0 : index
  %bias = arith.constant 0.5 : f32
  %zero = arith.constant 0.0 : f32
  %c = memref.view %scratch[%c0][] : memref<60000xi8> to memref<100x150xf32>
  linalg.fill ins(%bias : f32) outs(%c : memref<100x150xf32>)
  linalg.matmul ins(%a, %b : memref<100x80xf32>, memref<80x150xf32>) outs(%c : memref<100x150xf32>)
  %rv = memref.expand_shape %r [[0, 1]] output_shape [100, 150] : memref<15000xf32> into memref<100x150xf32>
  linalg.generic {indexing_maps = [#id, #id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%c, %rv : memref<100x150xf32>, memref<100x150xf32>) outs(%out : memref<100x150xf32>) {
  ^bb0(%x: f32, %y: f32, %o: f32):
    %s = arith.addf %x, %y : f32
    %m = arith.maximumf %s, %zero : f32
    linalg.yield %m : f32
  }
  return
}

// -----

// Epilogues that cannot fuse: the GEMM result is a kernel argument (a
// later kernel reads it), so it is stored and the relu still fused; the
// second GEMM's consumer reads it transposed, so it runs on its own.
// CHECK-LABEL: func.func private @gemm_no_epilogue
// CHECK-SAME: name = "gemm_no_epilogue_0"
// CHECK-SAME: name = "gemm_no_epilogue_1"
// CHECK-SAME: name = "gemm_no_epilogue_2"
// CHECK-NOT: name = "gemm_no_epilogue_3"
// CHECK: gpu.func @gemm_no_epilogue_0(%{{[^:]*}}: memref<64x64xf32>, %{{[^:]*}}: memref<64x64xf32>, %[[C:[^:]*]]: memref<64x64xf32>, %[[D:[^:]*]]: memref<64x64xf32>
// CHECK: scf.if
// CHECK: memref.store %[[V:.*]], %[[C]]
// CHECK-NEXT: %[[M:.*]] = arith.maximumf %[[V]]
// CHECK-NEXT: memref.store %[[M]], %[[D]]
// CHECK: gpu.func @gemm_no_epilogue_1
// CHECK: gpu.func @gemm_no_epilogue_2
// CHECK-NOT: arith.mulf
// CHECK: gpu.return
#id = affine_map<(i, j) -> (i, j)>
#t = affine_map<(i, j) -> (j, i)>
func.func @gemm_no_epilogue(%a: memref<64x64xf32>, %b: memref<64x64xf32>, %c: memref<64x64xf32>, %d: memref<64x64xf32>, %e: memref<64x64xf32>, %f: memref<64x64xf32>) attributes {modelc.kernel} {
  %zero = arith.constant 0.0 : f32
  linalg.matmul ins(%a, %b : memref<64x64xf32>, memref<64x64xf32>) outs(%c : memref<64x64xf32>)
  linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%c : memref<64x64xf32>) outs(%d : memref<64x64xf32>) {
  ^bb0(%x: f32, %o: f32):
    %m = arith.maximumf %x, %zero : f32
    linalg.yield %m : f32
  }
  linalg.matmul ins(%a, %b : memref<64x64xf32>, memref<64x64xf32>) outs(%e : memref<64x64xf32>)
  linalg.generic {indexing_maps = [#t, #id], iterator_types = ["parallel", "parallel"]}
      ins(%e : memref<64x64xf32>) outs(%f : memref<64x64xf32>) {
  ^bb0(%x: f32, %o: f32):
    %m = arith.maximumf %x, %zero : f32
    linalg.yield %m : f32
  }
  return
}

// -----

// A convolution is an implicit GEMM: its input is read through the
// indexing map (no im2col buffer). M = n*oh*ow = 2*8*8, N = 32 filters,
// K = 16*3*3.
// CHECK-LABEL: func.func private @conv
// CHECK-SAME: grid = array<i64: 2, 1, 1>, name = "conv_0"
// CHECK: gpu.func @conv_0
// CHECK: scf.for %{{.*}} = %c0 to %c144 step %c16
func.func @conv(%x: memref<2x16x10x10xf32>, %w: memref<32x16x3x3xf32>, %y: memref<2x32x8x8xf32>) attributes {modelc.kernel} {
  linalg.conv_2d_nchw_fchw ins(%x, %w : memref<2x16x10x10xf32>, memref<32x16x3x3xf32>) outs(%y : memref<2x32x8x8xf32>)
  return
}

// -----

// An empty iteration space launches nothing; an op that is not linalg runs
// on one thread; constant globals and views are cloned into the functions.
// CHECK-LABEL: func.func private @misc
// CHECK-SAME: modelc.launches = [{block = array<i64: 1, 1, 1>, grid = array<i64: 1, 1, 1>, name = "misc_0", strategy = "one thread"}, {{.*}}name = "misc_1", strategy = "elementwise, 1 per thread"}]
// CHECK: gpu.module @device
// CHECK-DAG: memref.global "private" constant @misc_cst0
// CHECK-DAG: gpu.func @misc_0
// CHECK-DAG: gpu.func @misc_1
// CHECK-NOT: memref.global
memref.global "private" constant @misc_cst0 : memref<4xf32> = dense<[1.0, 2.0, 3.0, 4.0]>
func.func @misc(%e: memref<0x4xf32>, %out: memref<4xf32>, %scratch: memref<64xi8>) attributes {modelc.kernel} {
  %c0 = arith.constant 0 : index
  %one = arith.constant 1.0 : f32
  %cst = memref.get_global @misc_cst0 : memref<4xf32>
  %view = memref.view %scratch[%c0][] : memref<64xi8> to memref<4xf32>
  linalg.fill ins(%one : f32) outs(%e : memref<0x4xf32>)
  memref.store %one, %view[%c0] : memref<4xf32>
  linalg.add ins(%cst, %view : memref<4xf32>, memref<4xf32>) outs(%out : memref<4xf32>)
  return
}

// -----

func.func @dynamic(%in: memref<?xf32>, %out: memref<?xf32>) attributes {modelc.kernel} {
  // expected-error @+1 {{has a dynamic iteration space}}
  linalg.copy ins(%in : memref<?xf32>) outs(%out : memref<?xf32>)
  return
}

// -----

func.func @tensors(%in: tensor<4xf32>, %out: tensor<4xf32>) attributes {modelc.kernel} {
  // expected-error @+1 {{is not bufferized; the GPU mapping runs after the buffers phase}}
  %r = linalg.copy ins(%in : tensor<4xf32>) outs(%out : tensor<4xf32>) -> tensor<4xf32>
  return
}

// -----

/// A kernel a library runs (modelc-select-library-gemms) gets no device
/// code: its body goes, and with it the generated code's scratch.

// CHECK-LABEL: func.func private @library_gemm(
//  CHECK-SAME:     attributes {modelc.kernel, modelc.library_gemm = {library = "cublaslt"}}{{$}}
//   CHECK-NOT:   gpu.module
func.func @library_gemm(%a: memref<4x8xf32>, %b: memref<8x3xf32>, %out: memref<4x3xf32>, %scratch: memref<64xi8>) attributes {modelc.kernel, modelc.library_gemm = {library = "cublaslt"}, modelc.scratch_bytes = 64 : i64} {
  linalg.matmul ins(%a, %b : memref<4x8xf32>, memref<8x3xf32>) outs(%out : memref<4x3xf32>)
  return
}

// -----

/// A softmax (as the ONNX lowering writes it): every op works row by row
/// with reductions along the row, so the kernel is one launch. Its rows
/// are short (64 points): with enough of them for the GPU (16 per target
/// block: target-blocks=1 here), one warp computes each (4 per block of
/// 128 threads): lane l computes points 2l and 2l + 1 of every op (a run
/// of 2 f32: 64 points do not split into 32 runs of 4), loaded and stored
/// as one vector, keeping them in registers; each reduction ends in 5 xor
/// shuffles. Nothing goes
/// through the scratch (no stores to it, its bytes released to the 64 of
/// an unused one), no barriers. With too few rows for the GPU (16 rows at
/// the default 128 target blocks) or warp-row-kernels=false, one block
/// per row (64 threads), each op over the row in turn with a barrier
/// after it and a shared buffer per reduction; with row-kernels=false,
/// one launch per op.

// WARP-LABEL: func.func private @softmax(
//  WARP-SAME: modelc.launches = [{block = array<i64: 128, 1, 1>, grid = array<i64: 4, 1, 1>, name = "softmax_0", strategy = "row kernel: 6 ops per row of 64 elements, one warp per row, 2 per run"}], modelc.scratch_bytes = 64 : i64}
//       WARP: gpu.func @softmax_0(%[[X:.*]]: memref<16x64xf32>, %[[Y:.*]]: memref<16x64xf32>, %{{.*}}: memref<4160xi8>) kernel
//   WARP-NOT:   workgroup
//       WARP:   %[[TID:.*]] = gpu.thread_id x
//       WARP:   %[[BID:.*]] = gpu.block_id x
//       WARP:   %[[LANE:.*]] = arith.remui %[[TID]], %c32
//       WARP:   %[[WARP:.*]] = arith.divui %[[TID]], %c32
//       WARP:   %[[FIRST_ROW:.*]] = arith.muli %[[BID]], %c4
//       WARP:   %[[ROW0:.*]] = arith.addi %[[FIRST_ROW]], %[[WARP]]
//       WARP:   scf.for %[[ROW:.*]] = %[[ROW0]] to %c16 step %c16 {
//       WARP:     %[[FIRST_POINT:.*]] = arith.muli %[[LANE]], %c2
//       WARP:     %[[P0:.*]] = arith.addi %[[FIRST_POINT]], %c0
//       WARP:     %[[XV:.*]] = vector.load %[[X]][%[[ROW]], %[[P0]]] {alignment = 8 : i64} : memref<16x64xf32>, vector<2xf32>
//       WARP:     %[[X0:.*]] = vector.extract %[[XV]][0]
//       WARP:     %[[X1:.*]] = vector.extract %[[XV]][1]
//       WARP:     %[[M0:.*]] = arith.maximumf %{{.*}}, %[[X0]]
//       WARP:     %[[M1:.*]] = arith.maximumf %[[M0]], %[[X1]]
//       WARP:     gpu.shuffle xor %[[M1]], %c16_i32, %c32_i32 : f32
//       WARP:     gpu.shuffle xor
//       WARP:     gpu.shuffle xor
//       WARP:     gpu.shuffle xor
//       WARP:     gpu.shuffle xor %{{.*}}, %c1_i32, %c32_i32 : f32
//       WARP:     arith.maximumf
//       WARP:     %[[MAX:.*]] = arith.maximumf %cst
//       WARP:     %[[S0:.*]] = arith.subf %[[X0]], %[[MAX]]
//       WARP:     %[[S1:.*]] = arith.subf %[[X1]], %[[MAX]]
//       WARP:     %[[E0:.*]] = math.exp %[[S0]]
//       WARP:     %[[E1:.*]] = math.exp %[[S1]]
//       WARP:     gpu.shuffle xor
//       WARP:     gpu.shuffle xor
//       WARP:     gpu.shuffle xor
//       WARP:     gpu.shuffle xor
//       WARP:     gpu.shuffle xor
//       WARP:     %[[SUM:.*]] = arith.addf %cst
//       WARP:     %[[Y0:.*]] = arith.divf %[[E0]], %[[SUM]]
//       WARP:     %[[Y1:.*]] = arith.divf %[[E1]], %[[SUM]]
//       WARP:     %[[YV:.*]] = vector.from_elements %[[Y0]], %[[Y1]] : vector<2xf32>
//       WARP:     vector.store %[[YV]], %[[Y]][%[[ROW]], %[[P0]]] {alignment = 8 : i64}
//  WARP-NEXT:   }
//   WARP-NOT:   gpu.barrier
//       WARP:   gpu.return
//   WARP-NOT: gpu.func @softmax_1
// BLOCKROW-LABEL: func.func private @softmax(
//  BLOCKROW-SAME: modelc.launches = [{block = array<i64: 64, 1, 1>, grid = array<i64: 16, 1, 1>, name = "softmax_0", strategy = "row kernel: 6 ops per row of 64 elements, one block per row"}]
//       BLOCKROW: gpu.func @softmax_0({{.*}}) workgroup(%{{.*}} : memref<64xf32, #gpu.address_space<workgroup>> {{.*}}, %{{.*}} : memref<64xf32, #gpu.address_space<workgroup>> {{.*}}) kernel
//       BLOCKROW:   %[[BID:.*]] = gpu.block_id x
//       BLOCKROW:   scf.for %{{.*}} = %[[BID]] to %c16 step %c16
//       BLOCKROW:     arith.maximumf
//       BLOCKROW:     gpu.barrier
//       BLOCKROW:     arith.subf
//       BLOCKROW:     gpu.barrier
//       BLOCKROW:     math.exp
//       BLOCKROW:     arith.addf
//       BLOCKROW:     arith.divf
//       BLOCKROW:     gpu.barrier
//       BLOCKROW:   gpu.return
//   BLOCKROW-NOT: gpu.func @softmax_1
// Too few rows at the default 128 target blocks: by blocks.
// CHECK-LABEL: func.func private @softmax(
//  CHECK-SAME: strategy = "row kernel: 6 ops per row of 64 elements, one block per row"
// NOROW-LABEL: func.func private @softmax(
//  NOROW-SAME: name = "softmax_5"
#row = affine_map<(d0, d1) -> (d0, d1)>
#stat = affine_map<(d0, d1) -> (d0, 0)>
func.func @softmax(%x: memref<16x64xf32>, %y: memref<16x64xf32>, %scratch: memref<4160xi8>) attributes {modelc.kernel, modelc.scratch_bytes = 4160 : i64} {
  %zero = arith.constant 0.000000e+00 : f32
  %ninf = arith.constant 0xFF800000 : f32
  %c0 = arith.constant 0 : index
  %c64 = arith.constant 64 : index
  %max = memref.view %scratch[%c0][] : memref<4160xi8> to memref<16x1xf32>
  %shifted = memref.view %scratch[%c64][] : memref<4160xi8> to memref<16x64xf32>
  linalg.fill ins(%ninf : f32) outs(%max : memref<16x1xf32>)
  linalg.generic {indexing_maps = [#row, #stat], iterator_types = ["parallel", "reduction"]} ins(%x : memref<16x64xf32>) outs(%max : memref<16x1xf32>) {
  ^bb0(%in: f32, %out: f32):
    %0 = arith.maximumf %out, %in : f32
    linalg.yield %0 : f32
  }
  linalg.generic {indexing_maps = [#row, #stat, #row], iterator_types = ["parallel", "parallel"]} ins(%x, %max : memref<16x64xf32>, memref<16x1xf32>) outs(%shifted : memref<16x64xf32>) {
  ^bb0(%in: f32, %m: f32, %out: f32):
    %0 = arith.subf %in, %m : f32
    linalg.yield %0 : f32
  }
  linalg.fill ins(%zero : f32) outs(%max : memref<16x1xf32>)
  linalg.generic {indexing_maps = [#row, #stat], iterator_types = ["parallel", "reduction"]} ins(%shifted : memref<16x64xf32>) outs(%max : memref<16x1xf32>) {
  ^bb0(%in: f32, %out: f32):
    %0 = math.exp %in : f32
    %1 = arith.addf %out, %0 : f32
    linalg.yield %1 : f32
  }
  linalg.generic {indexing_maps = [#row, #stat, #row], iterator_types = ["parallel", "parallel"]} ins(%shifted, %max : memref<16x64xf32>, memref<16x1xf32>) outs(%y : memref<16x64xf32>) {
  ^bb0(%in: f32, %s: f32, %out: f32):
    %0 = math.exp %in : f32
    %1 = arith.divf %0, %s : f32
    linalg.yield %1 : f32
  }
  return
}

// -----

/// Not row by row: every row reads row 0's statistic, which the kernel
/// computes, so the rows depend on each other; a launch per op.

// CHECK-LABEL: func.func private @cross_row(
//  CHECK-SAME: name = "cross_row_2", strategy = "elementwise
#row = affine_map<(d0, d1) -> (d0, d1)>
#stat = affine_map<(d0, d1) -> (d0, 0)>
#first = affine_map<(d0, d1) -> (0, 0)>
func.func @cross_row(%x: memref<4x64xf32>, %y: memref<4x64xf32>, %sums: memref<4x1xf32>) attributes {modelc.kernel} {
  %zero = arith.constant 0.000000e+00 : f32
  linalg.fill ins(%zero : f32) outs(%sums : memref<4x1xf32>)
  linalg.generic {indexing_maps = [#row, #stat], iterator_types = ["parallel", "reduction"]} ins(%x : memref<4x64xf32>) outs(%sums : memref<4x1xf32>) {
  ^bb0(%in: f32, %out: f32):
    %0 = arith.addf %out, %in : f32
    linalg.yield %0 : f32
  }
  linalg.generic {indexing_maps = [#row, #first, #row], iterator_types = ["parallel", "parallel"]} ins(%x, %sums : memref<4x64xf32>, memref<4x1xf32>) outs(%y : memref<4x64xf32>) {
  ^bb0(%in: f32, %s: f32, %out: f32):
    %0 = arith.divf %in, %s : f32
    linalg.yield %0 : f32
  }
  return
}

// -----

/// Not a row kernel: the reduction has 8 outputs per row (a vector-matrix
/// product, as a classifier at batch 1), which one block would reduce one
/// after the other; the fill and the reduction are launched apart.

// CHECK-LABEL: func.func private @vector_matrix(
//  CHECK-SAME: name = "vector_matrix_1", strategy = "block reduction over 64 elements"
#vm_in = affine_map<(d0, d1, d2) -> (d0, d2)>
#vm_w = affine_map<(d0, d1, d2) -> (d2, d1)>
#vm_out = affine_map<(d0, d1, d2) -> (d0, d1)>
func.func @vector_matrix(%x: memref<1x64xf32>, %w: memref<64x8xf32>, %y: memref<1x8xf32>) attributes {modelc.kernel} {
  %zero = arith.constant 0.000000e+00 : f32
  linalg.fill ins(%zero : f32) outs(%y : memref<1x8xf32>)
  linalg.generic {indexing_maps = [#vm_in, #vm_w, #vm_out], iterator_types = ["parallel", "parallel", "reduction"]} ins(%x, %w : memref<1x64xf32>, memref<64x8xf32>) outs(%y : memref<1x8xf32>) {
  ^bb0(%a: f32, %b: f32, %acc: f32):
    %0 = arith.mulf %a, %b : f32
    %1 = arith.addf %acc, %0 : f32
    linalg.yield %1 : f32
  }
  return
}

// -----

/// Not row by row either: the statistic is read the same in every row
/// through another view of the buffer the reduction writes.

// CHECK-LABEL: func.func private @cross_row_view(
//  CHECK-SAME: name = "cross_row_view_2", strategy = "elementwise
#cv_row = affine_map<(d0, d1) -> (d0, d1)>
#cv_stat = affine_map<(d0, d1) -> (d0, 0)>
#cv_first = affine_map<(d0, d1) -> (0)>
func.func @cross_row_view(%x: memref<4x64xf32>, %y: memref<4x64xf32>, %scratch: memref<64xi8>) attributes {modelc.kernel} {
  %zero = arith.constant 0.000000e+00 : f32
  %c0 = arith.constant 0 : index
  %sums = memref.view %scratch[%c0][] : memref<64xi8> to memref<4x1xf32>
  %flat = memref.view %scratch[%c0][] : memref<64xi8> to memref<4xf32>
  linalg.fill ins(%zero : f32) outs(%sums : memref<4x1xf32>)
  linalg.generic {indexing_maps = [#cv_row, #cv_stat], iterator_types = ["parallel", "reduction"]} ins(%x : memref<4x64xf32>) outs(%sums : memref<4x1xf32>) {
  ^bb0(%in: f32, %out: f32):
    %0 = arith.addf %out, %in : f32
    linalg.yield %0 : f32
  }
  linalg.generic {indexing_maps = [#cv_row, #cv_first, #cv_row], iterator_types = ["parallel", "parallel"]} ins(%x, %flat : memref<4x64xf32>, memref<4xf32>) outs(%y : memref<4x64xf32>) {
  ^bb0(%in: f32, %s: f32, %out: f32):
    %0 = arith.divf %in, %s : f32
    linalg.yield %0 : f32
  }
  return
}

// -----

/// A row of 100 points by a warp: 4 points per lane, the last (96 + l)
/// past the row for lanes 4 to 31, which compute at the clamped point 99,
/// reduce the identity in its place and store nothing. The mean is a
/// kernel output, not scratch: lane 0 stores it (after the sum, and after
/// the division, which every lane computes at the row's one point), and
/// every lane reads it from its registers. gamma is the
/// same in every row, loaded at the lane's points.

// WARP-LABEL: func.func private @normalize_row_of_100(
//  WARP-SAME: strategy = "row kernel: 4 ops per row of 100 elements, one warp per row"
//       WARP: gpu.func @normalize_row_of_100_0(%[[X:.*]]: memref<16x100xf32>, %[[GAMMA:.*]]: memref<100xf32>, %[[Y:.*]]: memref<16x100xf32>, %[[MEAN:.*]]: memref<16x1xf32>) kernel
//       WARP:   %[[LANE:.*]] = arith.remui
//       WARP:   scf.for %[[ROW:.*]] = 
//       WARP:     %[[Q3:.*]] = arith.addi %[[LANE]], %c96
//       WARP:     %[[IN:.*]] = arith.cmpi ult, %[[Q3]], %c100
//       WARP:     %[[LAST:.*]] = arith.minui %[[Q3]], %c99
//       WARP:     %[[X3:.*]] = memref.load %[[X]][%[[ROW]], %[[LAST]]]
//       WARP:     %[[MASKED:.*]] = arith.select %[[IN]], %[[X3]], %cst
//       WARP:     arith.addf %{{.*}}, %[[MASKED]]
//       WARP:     gpu.shuffle xor
//       WARP:     %[[LEADER:.*]] = arith.cmpi eq, %[[LANE]], %c0
//       WARP:     scf.if %[[LEADER]] {
//       WARP:       memref.store %{{.*}}, %[[MEAN]][%[[ROW]], %c0]
//       WARP:     %[[AVG:.*]] = arith.divf
//       WARP:     scf.if %{{.*}} {
//       WARP:       memref.store %[[AVG]], %[[MEAN]][%[[ROW]], %c0]
//   WARP-NOT:     memref.load %[[MEAN]]
//       WARP:     memref.load %[[GAMMA]][%[[LAST]]]
//       WARP:     %[[Y3:.*]] = arith.mulf
//       WARP:     scf.if %[[IN]] {
//       WARP:       memref.store %[[Y3]], %[[Y]][%[[ROW]], %[[LAST]]]
//       WARP:   gpu.return
#n_row = affine_map<(d0, d1) -> (d0, d1)>
#n_stat = affine_map<(d0, d1) -> (d0, 0)>
#n_weight = affine_map<(d0, d1) -> (d1)>
func.func @normalize_row_of_100(%x: memref<16x100xf32>, %gamma: memref<100xf32>, %y: memref<16x100xf32>, %mean: memref<16x1xf32>) attributes {modelc.kernel} {
  %zero = arith.constant 0.000000e+00 : f32
  %n = arith.constant 1.000000e+02 : f32
  linalg.fill ins(%zero : f32) outs(%mean : memref<16x1xf32>)
  linalg.generic {indexing_maps = [#n_row, #n_stat], iterator_types = ["parallel", "reduction"]} ins(%x : memref<16x100xf32>) outs(%mean : memref<16x1xf32>) {
  ^bb0(%in: f32, %out: f32):
    %0 = arith.addf %out, %in : f32
    linalg.yield %0 : f32
  }
  linalg.generic {indexing_maps = [#n_row, #n_row], iterator_types = ["parallel", "parallel"]} ins(%mean : memref<16x1xf32>) outs(%mean : memref<16x1xf32>) {
  ^bb0(%in: f32, %out: f32):
    %0 = arith.divf %in, %n : f32
    linalg.yield %0 : f32
  }
  linalg.generic {indexing_maps = [#n_row, #n_stat, #n_weight, #n_row], iterator_types = ["parallel", "parallel"]} ins(%x, %mean, %gamma : memref<16x100xf32>, memref<16x1xf32>, memref<100xf32>) outs(%y : memref<16x100xf32>) {
  ^bb0(%in: f32, %m: f32, %g: f32, %out: f32):
    %0 = arith.subf %in, %m : f32
    %1 = arith.mulf %0, %g : f32
    linalg.yield %1 : f32
  }
  return
}

// -----

/// Not by warps: the sum reads the intermediate through another view of
/// the scratch (8x8 per row), whose points' owners are not the lanes that
/// computed them; one block per row, through memory, with barriers.

// WARP-LABEL: func.func private @other_view_read(
//  WARP-SAME: strategy = "row kernel: 3 ops per row of 64 elements, one block per row"
#r_row = affine_map<(d0, d1) -> (d0, d1)>
#r_tile = affine_map<(d0, d1, d2) -> (d0, d2, d1)>
#r_stat = affine_map<(d0, d1, d2) -> (d0, 0)>
func.func @other_view_read(%x: memref<16x64xf32>, %sums: memref<16x1xf32>, %scratch: memref<4096xi8>) attributes {modelc.kernel, modelc.scratch_bytes = 4096 : i64} {
  %zero = arith.constant 0.000000e+00 : f32
  %c0 = arith.constant 0 : index
  %twice = memref.view %scratch[%c0][] : memref<4096xi8> to memref<16x64xf32>
  %tiles = memref.view %scratch[%c0][] : memref<4096xi8> to memref<16x8x8xf32>
  linalg.generic {indexing_maps = [#r_row, #r_row], iterator_types = ["parallel", "parallel"]} ins(%x : memref<16x64xf32>) outs(%twice : memref<16x64xf32>) {
  ^bb0(%in: f32, %out: f32):
    %0 = arith.addf %in, %in : f32
    linalg.yield %0 : f32
  }
  linalg.fill ins(%zero : f32) outs(%sums : memref<16x1xf32>)
  linalg.generic {indexing_maps = [#r_tile, #r_stat], iterator_types = ["parallel", "reduction", "reduction"]} ins(%tiles : memref<16x8x8xf32>) outs(%sums : memref<16x1xf32>) {
  ^bb0(%in: f32, %out: f32):
    %0 = arith.addf %out, %in : f32
    linalg.yield %0 : f32
  }
  return
}

// -----

/// Not by warps either: the reduction accumulates in f16, and the warp
/// shuffles move 32-bit values.

// WARP-LABEL: func.func private @half_sum(
//  WARP-SAME: strategy = "row kernel: 2 ops per row of 64 elements, one block per row"
func.func @half_sum(%x: memref<16x64xf16>, %sums: memref<16x1xf16>) attributes {modelc.kernel} {
  %zero = arith.constant 0.000000e+00 : f16
  linalg.fill ins(%zero : f16) outs(%sums : memref<16x1xf16>)
  linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, 0)>], iterator_types = ["parallel", "reduction"]} ins(%x : memref<16x64xf16>) outs(%sums : memref<16x1xf16>) {
  ^bb0(%in: f16, %out: f16):
    %0 = arith.addf %out, %in : f16
    linalg.yield %0 : f16
  }
  return
}

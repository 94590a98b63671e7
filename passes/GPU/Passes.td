//===- Passes.td - Passes mapping kernels to the GPU -------*- tablegen -*-===//
//
// Part of the modelc project, under the Apache License v2.0 with LLVM
// Exceptions. SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#ifndef MODELC_PASSES_GPU_PASSES_TD
#define MODELC_PASSES_GPU_PASSES_TD

include "mlir/Pass/PassBase.td"

def MapKernelsToGPUPass : Pass<"modelc-map-kernels-to-gpu", "::mlir::ModuleOp"> {
  let summary = "Tiles each kernel's loop nests onto GPU blocks and threads";
  let description = [{
    Pre-condition: the buffers phase has run on the kernels module: every
    kernel function is `(inputs..., outputs...[, scratch]) -> ()` on static,
    identity-layout memrefs.

    Each operation of a kernel that writes memory becomes one `gpu.func` of
    the module's `gpu.module @device` (one PTX module per artifact), named
    `<kernel>_<N>`, taking the kernel's arguments; the ops it reads from
    (constants, views, constant globals, called helper functions) are cloned
    in. The kernel function becomes a declaration carrying
    `modelc.launches`: the gpu.funcs to launch in order, with their grid
    and block sizes. A linalg op picks one strategy:

    - **contraction** (a sum of products of two operands with at least
      `min-contraction-extent` rows and columns: matmul, batched matmul,
      convolution as an implicit GEMM): one block per
      `tile-m` x `tile-n` output tile, `tile-k`-deep slices of both operands
      staged in shared memory, each thread computing a 4x4 sub-tile with
      FMA; with `precision=tf32`, f32 contractions (a sum of a * b whose
      operands have affine indexing maps without mod or div and static
      layouts) run on tensor cores instead: TF32 `mma.sync` m16n8k8 with
      fp32 accumulation, 8 warps per block, operands copied with
      `cp.async` into a two-stage shared-memory pipeline (each operand
      addressed as a flat array: a row offset per thread plus a K offset
      per slice), block tile chosen per op among 128x128 to 32x32 (the
      most useful outputs per block with at least `target-blocks`
      blocks); each launch records its `flops` and a `strategy` text;
    - **reduction** (a recognized combiner, e.g. `addf`, `maximumf`, over at
      least `block-reduction-threshold` elements): one block per output
      element (as many threads as elements, in powers of two from 32 to
      `block-size`), each thread reducing a strided slice, then a
      shared-memory tree;
    - **parallel** (anything else): one thread per element of the parallel
      loops (grid-stride), reductions, if any, sequential in the thread.
      Without reductions, a thread takes 4 neighbours along the innermost
      loop with 16-byte `vector.load`/`vector.store` when every operand of
      32-bit elements is indexed by that loop in its last dimension (or not
      at all) with an identity layout and rows of a multiple of 4 elements;
      kernel arguments are 16-byte aligned (the plan aligns to 64 bytes, the
      runtime stages device tensors that are not).

    Other writing ops (rare: loops the lowering emitted) run on one thread.
    Ops with an empty iteration space launch nothing.

    With `fold-padding`, an input the kernel pads into its scratch before
    one op reads it (a constant fill, then a `linalg.copy` of a kernel
    argument no op writes into a window at static offsets: a padded Conv's
    or MaxPool's input) is read in place and the fill and copy launch
    nothing: a tensor-core contraction (zero padding only) checks each copy
    against the argument's bounds and zero-fills outside; any other op's
    payload loads the argument or takes the pad value. With `split-k`, a
    tensor-core contraction with at most `target-blocks` tiles and at least
    32 K steps splits K evenly among 2 to 16 blocks per tile: they store
    partial sums to scratch appended to the kernel's (`modelc.scratch_bytes`
    grows; a kernel without scratch gets the argument), and a second launch
    adds them in order and applies the initializer and epilogue.

    Post-condition: no kernel function has a body; `gpu.module @device`
    holds the code.
  }];
  let options = [
    Option<"blockSize", "block-size", "int64_t", /*default=*/"256",
           "Threads per block of parallel and reduction launches">,
    Option<"tileM", "tile-m", "int64_t", /*default=*/"64",
           "Output rows per block of a contraction (multiple of 16)">,
    Option<"tileN", "tile-n", "int64_t", /*default=*/"64",
           "Output columns per block of a contraction (multiple of 16)">,
    Option<"tileK", "tile-k", "int64_t", /*default=*/"16",
           "Reduction depth staged in shared memory per step">,
    Option<"minContractionExtent", "min-contraction-extent", "int64_t",
           /*default=*/"16",
           "Smallest row and column count tiled as a contraction">,
    Option<"blockReductionThreshold", "block-reduction-threshold", "int64_t",
           /*default=*/"32",
           "Smallest reduction a whole block works on">,
    Option<"maxGridSize", "max-grid-size", "int64_t", /*default=*/"65536",
           "Most blocks of a grid-stride launch">,
    Option<"precision", "precision", "std::string", /*default=*/"\"fp32\"",
           "How f32 contractions multiply: fp32 (FMA) or tf32 (tensor "
           "cores, fp32 accumulation)">,
    Option<"targetBlocks", "target-blocks", "int64_t", /*default=*/"128",
           "Blocks a tensor-core GEMM's tile choice aims for">,
    Option<"tuningCache", "tuning-cache", "std::string", /*default=*/"\"\"",
           "A file of tensor-core tiles by GEMM shape ('MxNxK[xBATCH] "
           "TILE' lines, e.g. '802816x64x576 128x64') that replace the "
           "heuristic's choice">,
    Option<"f16TensorCores", "f16-tensor-cores", "bool", /*default=*/"true",
           "f16 and bf16 GEMMs with f32 accumulation (--precision "
           "fp16|bf16) on tensor cores, mma.sync m16n8k16 with ldmatrix "
           "(false: FMA)">,
    Option<"rowKernels", "row-kernels", "bool", /*default=*/"true",
           "A kernel whose ops all work row by row with a reduction along "
           "the row (normalizations, softmax) runs as one launch, one "
           "block or warp per row (false: a launch per op)">,
    Option<"warpRowKernels", "warp-row-kernels", "bool", /*default=*/"true",
           "A row kernel whose ops have at most 1024 points per row, with "
           "at least 16 rows per target block, runs one warp per row: each "
           "lane keeps its points' values in registers (runs of 16-byte "
           "vectors where rows allow), reductions end in warp shuffles, "
           "the kernel's scratch is not written (false: one block per "
           "row)">,
    Option<"foldPadding", "fold-padding", "bool", /*default=*/"true",
           "A tensor-core GEMM whose input the kernel zero-pads into its "
           "scratch (a padded Conv's input) reads the unpadded input, "
           "zero-filling copies in the padding (false: the padding is a "
           "fill and a copy, two launches)">,
    Option<"splitK", "split-k", "bool", /*default=*/"true",
           "A tensor-core GEMM with too few tiles to fill the GPU and a "
           "long K splits K among up to 16 blocks per tile, which write "
           "partial sums to scratch; a second launch adds them in order "
           "and applies the epilogue (false: one block per tile)">,
    Option<"wideCopies", "wide-copies", "bool", /*default=*/"true",
           "16-bit tensor-core GEMMs copy aligned runs of up to 8 halves "
           "(16-byte cp.async) instead of pairs (false: pairs)">,
    Option<"swizzledRows", "swizzled-rows", "bool", /*default=*/"true",
           "Tensor-core GEMMs whose operands are both contiguous along K, "
           "in aligned runs of 16 bytes, stage them in unpadded 64-byte "
           "rows (32 halves of K per step at 16 bits, 16 floats at tf32), "
           "XOR-swizzled, copied 16 bytes at a time and read with ldmatrix "
           "(false: padded rows, 16 K per step)">,
    Option<"pairedEpilogue", "paired-epilogue", "bool", /*default=*/"true",
           "A tensor-core GEMM's epilogue reads and writes each thread's "
           "two neighbouring output columns (a fragment's pair) as one "
           "vector where every buffer it accesses is contiguous and "
           "aligned along them (false: one element at a time)">,
    Option<"wideEpilogue", "wide-epilogue", "bool", /*default=*/"true",
           "With paired-epilogue: the four threads of a quad exchange "
           "their pairs (shuffles) so that each reads and writes 16 bytes "
           "of neighbouring output columns, 8 halves or 4 floats, where "
           "the buffers allow (false: pairs)">,
    Option<"l1Bypass", "l1-bypass", "std::string", /*default=*/"\"swizzled-wide-k\"",
           "Which 16-byte cp.async copies of tensor-core operands skip L1 "
           "(.cg, straight to shared memory): none (all cached in L1, .ca), "
           "swizzled (those of GEMMs staged in swizzled rows: NHWC "
           "convolutions, NT GEMMs; K-major operands stay in L1), "
           "swizzled-wide-k (the default: as swizzled, except GEMMs whose "
           "innermost K loop is shorter than a k-step, a space-to-depth "
           "stem), all">,
    Option<"paddingSelectsPerDimension", "padding-selects-per-dimension",
           "bool", /*default=*/"true",
           "With fold-padding, an op reading a padded input in place (a "
           "depthwise convolution, a max pool) replaces each index past "
           "its dimension's edge by 0 on that dimension's own bounds "
           "check instead of the whole point's, so that neighbouring "
           "points share their address arithmetic; the values are the "
           "same (false: one check of the whole point)">,
    Option<"fmaExactProducts", "fma-exact-products", "bool",
           /*default=*/"true",
           "An f32 addition of a product of two values extended from f16 "
           "(exact in f32) may contract into one fma: the results are "
           "bit-identical and the multiply-add one instruction instead of "
           "two (false: a multiply and an add)">,
    Option<"reductionLanes", "reduction-lanes", "int64_t", /*default=*/"8",
           "The most neighbouring outputs (along the innermost parallel "
           "loop) one thread of a short sequential reduction computes, its "
           "window unrolled: 1, 2, 4 or 8 (default); more share more of "
           "their overlapping taps' loads and of the index arithmetic, "
           "with more registers">,
    Option<"tensorCoreWarps", "tensor-core-warps", "int64_t",
           /*default=*/"4",
           "Warps per tensor-core block tile of at least 128x64: 4 (warp "
           "tiles twice as large as with 8), or 8">,
    Option<"tensorCoreMaxStages", "tensor-core-max-stages", "int64_t",
           /*default=*/"4",
           "The deepest copy pipeline of a tensor-core GEMM, 2 to 4 stages "
           "(as many as fit in 48 KB of shared memory, up to this)">,
    Option<"interiorEpilogue", "interior-epilogue", "bool",
           /*default=*/"true",
           "Tensor-core GEMMs: blocks whose tile lies inside the output run "
           "the epilogue without bounds checks, each row of fragments' "
           "loads first (false: every point guarded, for comparison)">,
  ];
  let dependentDialects = ["::mlir::gpu::GPUDialect",
                           "::mlir::scf::SCFDialect",
                           "::mlir::arith::ArithDialect",
                           "::mlir::memref::MemRefDialect",
                           "::mlir::vector::VectorDialect",
                           "::mlir::nvgpu::NVGPUDialect",
                           "::mlir::LLVM::LLVMDialect",
                           "::mlir::NVVM::NVVMDialect"];
}

def LowerIntegerPowersPass
    : Pass<"modelc-lower-integer-powers"> {
  let summary = "Expands math.ipowi into a square-and-multiply loop";
  let description = [{
    Replaces `math.ipowi` (integer base and exponent) with an `scf.while`
    square-and-multiply loop, in place, so it lowers inside GPU functions
    (upstream `convert-math-to-funcs` puts helper functions in a builtin
    module, which a `gpu.module` is not). A negative exponent gives 1 for a
    base of 1, +-1 for -1 and 0 otherwise, as integer division would.
  }];
  let dependentDialects = ["::mlir::scf::SCFDialect",
                           "::mlir::arith::ArithDialect"];
}

def SelectGPUIndexWidthPass
    : Pass<"modelc-select-gpu-index-width", "::mlir::gpu::GPUModuleOp"> {
  let summary = "Gives a gpu.module 32-bit index arithmetic when every "
                "offset in it fits";
  let description = [{
    NVIDIA GPUs have 32-bit integer units: a 64-bit multiply, or a division
    by a constant (a 64-bit multiply-high), costs several instructions and
    two registers per value. Kernels address their buffers with `index`
    values, which lower to the data layout's index width (64 bits unless
    told otherwise).

    When every memref the module's functions use (arguments, views,
    shared buffers, globals) has a static shape of fewer than `max-bytes`
    bytes and every `index` constant is smaller in magnitude, each index
    value of a kernel (an element or byte offset, a loop bound plus one
    step) stays below 2^31, so the pass sets the module's data layout to
    32-bit indices (`dlti.dl_spec`, entry `index = 32`); GPU-to-NVVM
    conversion with `index-bitwidth=0` follows it. Otherwise (a dynamic
    shape, a larger buffer) the module keeps 64-bit indices. Pointers stay
    64-bit either way: only offsets narrow.
  }];
  let options = [
    Option<"maxBytes", "max-bytes", "int64_t", /*default=*/"1073741824",
           "Largest memref (and index constant) a 32-bit module may hold; "
           "at most 2^30, so that an offset plus a loop step stays below "
           "2^31">,
  ];
  let dependentDialects = ["::mlir::DLTIDialect"];
}

def AlignKernelArgumentsPass
    : Pass<"modelc-align-kernel-arguments", "::mlir::gpu::GPUModuleOp"> {
  let summary = "Declares the alignment of a kernel's pointer arguments";
  let description = [{
    After the conversion to NVVM, sets `llvm.align` on every pointer
    argument of the module's kernels (`nvvm.kernel` functions). The runtime
    guarantees it: each argument is a buffer of the plan (the arena or the
    weights, at offsets aligned to the plan's 64 bytes) or a caller's
    device tensor, which the runtime uses in place only when it is 16-byte
    aligned (`modelc_tensor_t` in runtime.h). Knowing it, LLVM's
    load-store vectorizer may merge neighbouring scalar accesses whose
    offsets it can prove aligned into vector ones (four halves of a
    depthwise convolution's row into one 8-byte load), and ptxas may use
    wider accesses.
  }];
  let options = [
    Option<"alignment", "alignment", "int64_t", /*default=*/"16",
           "The alignment in bytes (a power of two, at most 256)">,
  ];
  let dependentDialects = ["::mlir::LLVM::LLVMDialect"];
}

def LowerGPUVectorShapeCastsPass
    : Pass<"modelc-lower-gpu-vector-shape-casts", "::mlir::gpu::GPUModuleOp"> {
  let summary = "Rewrites n-D vector.shape_cast as extracts and inserts";
  let description = [{
    The canonicalizer turns a vector built from the elements of another
    (`vector.from_elements` of `vector.extract`s, as a tensor-core kernel
    builds an mma fragment from a 64-bit shared-memory load) into one
    `vector.shape_cast`, which the GPU-to-NVVM conversion lowers only
    between 1-D vectors. This pass applies MLIR's shape-cast lowering
    patterns (`vector::populateVectorShapeCastLoweringPatterns`) to the
    module's functions: every shape cast with an n-D source or result
    becomes element extracts and inserts, which the conversion lowers to
    LLVM vector and array operations.
  }];
  let dependentDialects = ["::mlir::vector::VectorDialect"];
}

#endif // MODELC_PASSES_GPU_PASSES_TD

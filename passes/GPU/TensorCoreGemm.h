//===- TensorCoreGemm.h - Contractions on tensor cores ----------*- C++ -*-===//
//
// Part of the modelc project, under the Apache License v2.0 with LLVM
// Exceptions. SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// The tensor-core strategy of `modelc-map-kernels-to-gpu`: which
// contractions run on `mma.sync` (TF32 m16n8k8 for f32 operands, m16n8k16
// for f16 and bf16 ones), their block tile, warps and pipeline depth, and
// the kernel (cp.async pipeline, fragments, fused epilogue).
//
//===----------------------------------------------------------------------===//

#ifndef MODELC_PASSES_GPU_TENSORCOREGEMM_H
#define MODELC_PASSES_GPU_TENSORCOREGEMM_H

#include "passes/GPU/KernelMapping.h"

namespace mlir::modelc::mapping {

/// How one GEMM runs on tensor cores: its block tile, BM x BN outputs per
/// block of `warps` warps (warpsM along M, warps / warpsM along N),
/// 16- or 32-deep K steps, and the kernel's choices.
struct TensorCoreConfig {
  int64_t m, n;
  int64_t warpsM = 2;
  /// Whether the kernel rounds A's and B's elements to TF32 as it loads
  /// them (false: the operand is exact in TF32 already, see
  /// kTF32ExactAttrName).
  bool roundA = true, roundB = true;
  /// Shared-memory stages of the copy pipeline (chooseStages).
  int64_t stages = 2;
  /// 16-bit operands: `mma.sync.m16n8k16` with `ldmatrix` fragments (else
  /// f32 operands as TF32, m16n8k8), bf16 ones when `bfloat`, else f16.
  bool half = false, bfloat = false;
  /// Warps per block: 8, or 4 for blocks of at least 128x64 with
  /// tensor-core-warps=4, the default (larger warp tiles: more mma per
  /// shared-memory load, more accumulator registers).
  int64_t warps = 8;
  /// The tile came from a tuning cache.
  bool tuned = false;
  /// Blocks sharing each output tile, each over an equal part of K
  /// (chooseSplitK; 1: none).
  int64_t splitK = 1;
  /// Whether A (B) is contiguous along its rows, M (N), and so staged
  /// K-major; else along K, staged row-major.
  bool aKMajor = false, bKMajor = false;
  /// 16-bit operands copy in runs of up to 8 halves (16-byte `cp.async`)
  /// where aligned, else in pairs.
  bool wideCopies = false;
  /// K per pipeline step: 16, or 32 for 16-bit operands with `swizzled`.
  int64_t k = 16;
  /// Both operands staged row-major (contiguous along K) in unpadded rows
  /// of 64 bytes (32 halves or 16 floats: a step) whose four 16-byte
  /// chunks are XOR-swizzled by the row (chunk ^ ((row >> 1) & 3)), so
  /// ldmatrix and 16-byte cp.async hit every bank once
  /// (chooseSwizzledRows). TF32 fragments load with ldmatrix too: an 8x8
  /// b16 matrix is 8 rows of 4 floats, in the m16n8k8 fragment's order.
  bool swizzled = false;
  /// The epilogue takes each thread's column pair (a fragment's w = 0, 1)
  /// at once, one vector access per buffer, where
  /// ContractionOutput::allowsLanes(2).
  bool pairedEpilogue = false;
  /// Beyond pairs: the four threads of a quad exchange their pairs
  /// (shuffles) so that each holds 16 bytes of neighbouring columns of a
  /// row, 8 at 16 bits or 4 at f32, where allowsLanes(8 or 4) and the
  /// warp's fragments along N divide into groups of 4 (2).
  bool wideEpilogue = false;
  /// Which operand copies skip L1 (L1Bypass).
  L1Bypass l1Bypass = L1Bypass::None;
  /// Bytes per operand element, and elements per 16-byte copy or swizzled
  /// chunk.
  int64_t elementBytes() const { return half ? 2 : 4; }
  int64_t chunkElements() const { return 16 / elementBytes(); }
  /// TF32 operands in padded rows: copied an element at a time into
  /// permuted slots (k and k + 4 side by side) for 64-bit fragment loads.
  /// Every other operand copies in runs, to slots in order.
  bool pairedSlots() const { return !half && !swizzled; }
  int64_t threads() const { return 32 * warps; }
  int64_t warpsN() const { return warps / warpsM; }
  /// m16n8 tiles per warp along M and N.
  int64_t fragmentsM() const { return m / warpsM / 16; }
  int64_t fragmentsN() const { return n / warpsN() / 8; }
};

/// An input the kernel pads into a buffer of its own before an op reads it
/// (a padded Conv's or MaxPool's input, as it bufferizes: a fill, then a
/// copy into a window). The reader reads `source` instead: element i of
/// the padded buffer is source[i - low] inside source's bounds and `value`
/// outside, and the fill and the copy need no launch.
struct PaddedInput {
  Value source;
  SmallVector<int64_t> low;
  /// The padding's value (a constant; +0.0 for a tensor-core GEMM).
  Value value;
};

/// How `op`, a contraction with loop roles `dims`, runs on tensor cores:
/// f32 operands at tiling.precision tf32, f16 or bf16 ones with an f32
/// accumulator when tiling.f16TensorCores; the tile from the tuning cache
/// or the heuristic, the warps' arrangement and the stages. None when it
/// cannot (the caller falls back to FMA).
std::optional<TensorCoreConfig>
selectTensorCoreConfig(linalg::LinalgOp op, const Combiner &combiner,
                       const ContractionDims &dims, ArrayRef<int64_t> ranges,
                       const Tiling &tiling);

/// Whether a tuning cache may name block tile m x n (one the heuristic
/// chooses among, or a tuning-only one).
bool isTensorCoreTile(int64_t m, int64_t n);

/// The tiles isTensorCoreTile accepts, for messages: "128x128, 256x64,
/// ... or 128x256".
std::string describeTensorCoreTiles();

/// The shared buffers a tensor-core GEMM of `op` stages its operands in.
SmallVector<Type> getTensorCoreBuffers(linalg::LinalgOp op,
                                       const TensorCoreConfig &tile);

/// An implicit GEMM on tensor cores (TF32 `mma.sync.m16n8k8`, fp32
/// accumulation): block (x, y, z) computes a BM x BN output tile of batch
/// z with 8 warps (chooseWarpLayout arranges them), each a tile of m16n8
/// fragments held in registers. K advances tile.k (16 or 32) at a time through
/// a `cp.async` pipeline of 2 to 4 shared-memory stages (as many as fit,
/// chooseStages): while the warps multiply one stage, the copies of the next
/// ones are in flight; one barrier per step. Each copied element's offset is
/// the operand's affine indexing map flattened (convolutions need no im2col
/// buffer): a row part each thread computes once, plus a K part per slice;
/// copies past the edges zero-fill. Fragments are read from shared memory and
/// rounded to TF32 (`cvt.rna`), as cuBLAS does, unless the operand is exact in
/// TF32 already (constant weights, see onnx-round-weights-to-tf32). With
/// `interiorEpilogue`, blocks whose tile lies inside the output skip the
/// per-element bounds checks. An input with a `padded` entry (A first, B
/// second; none when empty) is read from its unpadded source, the copies
/// of elements in the padding zero-filled. With `partials` (tile.splitK >
/// 1), block z computes split z % splitK of K for batch z / splitK and
/// stores its raw sums to partials[z][m][n] (f32, batch x splitK x M x N):
/// no initializer, no epilogue; emitSplitKSum finishes.
void emitTensorCoreGemm(OpBuilder &b, linalg::LinalgOp op, IRMapping &mapping,
                        ArrayRef<int64_t> ranges, const Combiner &combiner,
                        const TensorCoreConfig &tile, ArrayRef<Value> shared,
                        linalg::LinalgOp initializer, linalg::LinalgOp epilogue,
                        bool storeOutput, bool interiorEpilogue,
                        ArrayRef<std::optional<PaddedInput>> padded,
                        Value partials, Launch &launch);

/// acc + a * b on bf16 tensor cores, `mma.sync.m16n8k16` with f32
/// accumulation, from fragments as nvgpu.ldmatrix returns them (a:
/// vector<4x2xbf16>, b: vector<2x2xbf16>, acc: vector<2x2xf32>, the
/// registers' order). nvgpu.mma.sync only lowers f16 operands, so this
/// builds nvvm.mma.sync: each bf16 pair as one 32-bit register.
Value emitBF16Mma(OpBuilder &b, Location loc, Value a, Value bv, Value acc);

/// The second launch of a split-K GEMM: one thread per output point adds
/// its `splits` partial sums in order (the same result every run), then
/// combines them with the initializer's value (or the output) and runs
/// the epilogue, as the GEMM's own epilogue would.
void emitSplitKSum(OpBuilder &b, linalg::LinalgOp op, IRMapping &mapping,
                   ArrayRef<int64_t> ranges, const Combiner &combiner,
                   int64_t splits, Value partials, linalg::LinalgOp initializer,
                   linalg::LinalgOp epilogue, bool storeOutput,
                   int64_t blockSize, Launch &launch);

} // namespace mlir::modelc::mapping

#endif // MODELC_PASSES_GPU_TENSORCOREGEMM_H

//===- KernelMapping.h - What the GPU mapping strategies share -*- C++ -*-===//
//
// Part of the modelc project, under the Apache License v2.0 with LLVM
// Exceptions. SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// The pieces of `modelc-map-kernels-to-gpu` that more than one strategy
// uses: a launch and the options, evaluating a linalg op at a point, a
// reduction's combiner, a contraction's loop roles and its output (the
// folded initializer, the store, the fused epilogue). Internal to
// passes/GPU: MapKernelsToGPU.cpp (the pass, the CUDA-core strategies) and
// TensorCoreGemm.cpp (the tensor-core GEMM) include it.
//
//===----------------------------------------------------------------------===//

#ifndef MODELC_PASSES_GPU_KERNELMAPPING_H
#define MODELC_PASSES_GPU_KERNELMAPPING_H

#include "passes/Kernels/TuningCache.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/IRMapping.h"

#include <array>
#include <map>
#include <optional>
#include <string>

namespace mlir::modelc::mapping {

/// Which 16-byte `cp.async` copies of tensor-core operands go past L1
/// (`.cg`) instead of through it (`.ca`, which fills an L1 line as well as
/// the shared-memory slot: two passes of the L1 data pipe, which the
/// mainloop's ldmatrix shares).
enum class L1Bypass {
  None,
  /// Those of GEMMs staged in swizzled rows (both operands contiguous
  /// along K: NHWC convolutions, NT GEMMs), whose mainloop the L1 data
  /// pipe bounds (ResNet-50 b256: 3% faster at fp16 and tf32). Operands
  /// staged K-major (NCHW 1x1 convolutions) stay in L1: MobileNetV2 b64
  /// was 3% slower with theirs past it.
  Swizzled,
  /// As Swizzled, except GEMMs whose innermost K loop is shorter than a
  /// k-step (a space-to-depth stem's 12 channels): a slice then spans
  /// several taps of the window, whose neighbouring rows re-read the same
  /// lines, and every block reads the same few weights; those stay in L1.
  SwizzledWideK,
  /// All of them.
  All,
};

/// One launch of a kernel: a gpu.func and its geometry.
struct Launch {
  std::string name;
  std::array<int64_t, 3> grid = {1, 1, 1};
  std::array<int64_t, 3> block = {1, 1, 1};
  /// Floating-point operations of a contraction (2 per multiply-add), for
  /// profiles; 0 for other launches.
  int64_t flops = 0;
  /// How it was mapped, for --report: "tensor cores tf32 128x64 (MxNxK
  /// ...)", "fma gemm 64x64 ...", "block reduction", "elementwise x4", ...
  std::string strategy;
};

/// The options every strategy reads.
struct Tiling {
  int64_t blockSize, tileM, tileN, tileK, minContractionExtent,
      blockReductionThreshold, maxGridSize;
  /// "fp32" (FMA) or "tf32" (tensor cores) for f32 contractions.
  std::string precision;
  /// Blocks a tensor-core GEMM's tile choice aims for (about the SMs).
  int64_t targetBlocks;
  /// Tensor-core GEMMs: blocks whose tile lies inside the output run an
  /// epilogue without per-element bounds checks, loads first.
  bool interiorEpilogue = false;
  /// Warps per tensor-core block of at least 128x64 (8 or 4).
  int64_t tensorCoreWarps = 4;
  /// The most shared-memory stages of a tensor-core GEMM's pipeline (2-4).
  int64_t tensorCoreMaxStages = 4;
  /// f16 and bf16 GEMMs with f32 accumulation on tensor cores (m16n8k16).
  bool f16TensorCores = true;
  /// Their operands copy in up to 16 bytes at a time (false: 4 bytes).
  bool wideCopies = true;
  /// Row-wise kernels (normalizations, softmax) as one launch.
  bool rowKernels = true;
  /// Row kernels of short rows run one warp per row, values in registers.
  bool warpRowKernels = true;
  /// Tensor-core GEMMs read zero-padded inputs in place (PaddedInput).
  bool foldPadding = true;
  /// Tensor-core GEMMs with too few tiles for the GPU split K
  /// (chooseSplitK).
  bool splitK = true;
  /// Tensor-core GEMMs whose operands are both contiguous along K stage
  /// them in swizzled 64-byte rows (TensorCoreConfig::swizzled).
  bool swizzledRows = true;
  /// Tensor-core epilogues take each thread's two neighbouring output
  /// columns as one pair (TensorCoreConfig::pairedEpilogue).
  bool pairedEpilogue = true;
  /// And exchange their pairs within each quad for 16 bytes of columns
  /// (TensorCoreConfig::wideEpilogue).
  bool wideEpilogue = true;
  /// Tensor-core operand copies past L1 (TensorCoreConfig::l1Bypass).
  L1Bypass l1Bypass = L1Bypass::SwizzledWideK;
  /// Padded reads in place check each index on its own dimension's bounds
  /// (readPaddedInPlace).
  bool paddingSelectsPerDimension = false;
  /// Multiply-adds of products of f16 values contract into fma
  /// (markExactProductsContractible).
  bool fmaExactProducts = false;
  /// The most neighbouring outputs a thread of a short sequential
  /// reduction computes (getReductionLanes).
  int64_t reductionLanes = 4;
  /// Tensor-core block tiles from a tuning cache, by GEMM shape
  /// (getGemmKey).
  std::map<std::string, TuningCache::Tile> tunedTiles;
};

/// The alignment of every shared buffer, in bytes.
constexpr int64_t kSharedAlignment = 16;

inline int64_t ceilDiv(int64_t a, int64_t b) { return (a + b - 1) / b; }

int64_t product(ArrayRef<int64_t> values);

/// The entries of `values` at positions `dims` (per-loop values: extents,
/// indices).
template <typename T>
SmallVector<T> selectAt(ArrayRef<T> values, ArrayRef<unsigned> dims) {
  SmallVector<T> selected;
  for (unsigned d : dims)
    selected.push_back(values[d]);
  return selected;
}

/// The extents of loops `dims` of an op whose loop ranges are `ranges`.
SmallVector<int64_t> selectExtents(ArrayRef<int64_t> ranges,
                                   ArrayRef<unsigned> dims);

/// "KIND TMxTN tiles, GEMM MxNxK[xBATCH]" for --report: the shape as
/// tuning caches key it (getGemmKey).
std::string describeGemm(StringRef kind, int64_t tileM, int64_t tileN,
                         int64_t M, int64_t N, int64_t K, int64_t batch);

//===----------------------------------------------------------------------===//
// Evaluating a linalg op at a point
//===----------------------------------------------------------------------===//

Value constantIndex(OpBuilder &b, Location loc, int64_t value);

/// Splits `linear` into indices of `extents` (row-major: the last varies
/// fastest).
SmallVector<Value> delinearize(OpBuilder &b, Location loc, Value linear,
                               ArrayRef<int64_t> extents);

/// The indices of `operand` at the iteration point `ivs`.
SmallVector<Value> operandIndices(OpBuilder &b, Location loc,
                                  linalg::LinalgOp op, OpOperand &operand,
                                  ValueRange ivs);

/// The value of `operand` (mapped into the new function) at `ivs`: a load,
/// or the scalar itself.
Value loadOperand(OpBuilder &b, Location loc, linalg::LinalgOp op,
                  OpOperand &operand, IRMapping &mapping, ValueRange ivs);

void storeOperand(OpBuilder &b, Location loc, linalg::LinalgOp op,
                  OpOperand &operand, IRMapping &mapping, ValueRange ivs,
                  Value value);

/// Clones the payload of `op` with its block arguments bound in `payload`
/// and `linalg.index` bound to `ivs`, skipping `skip` and the terminator.
/// Returns the yielded values (looked up in `payload`).
SmallVector<Value> emitPayload(OpBuilder &b, linalg::LinalgOp op,
                               IRMapping &payload, ValueRange ivs,
                               Operation *skip = nullptr);

/// Binds the payload arguments of the inputs (and of the outputs when
/// `withOutputs`) to their values at `ivs`.
void bindOperands(OpBuilder &b, Location loc, linalg::LinalgOp op,
                  IRMapping &mapping, IRMapping &payload, ValueRange ivs,
                  bool withOutputs);

//===----------------------------------------------------------------------===//
// Vector accesses
//===----------------------------------------------------------------------===//

/// The widest vector access, in bytes (`ld.global.v4.b32`).
constexpr int64_t kVectorBytes = 16;

/// Whether `type`, a memref whose last dimension is read or written
/// `width` elements at a time, keeps each such vector aligned to its size:
/// a static offset and strides that are multiples of `width`, but the
/// last, which is 1 (kernel arguments, scratch views and their reshapes
/// start 16-byte aligned, see the plan and the runtime; a slice along an
/// outer dimension qualifies when its offset does).
bool isVectorAligned(MemRefType type, int64_t width);

/// Whether `map`'s last result is loop `inner` and no other uses it:
/// neighbouring points along that loop are neighbouring elements.
bool isIndexedLastBy(AffineMap map, unsigned inner);

/// The buffer `value` views (through any chain of views), or itself.
Value getRootBuffer(Value value);

/// Whether `buffer`'s storage starts 16-byte aligned: kernel arguments and
/// scratch do (see isVectorAligned); a constant global must say so
/// (bufferization's are, 64).
bool hasVectorAlignedStorage(Value buffer);

/// The bytes of a `width`-element vector of memref `buffer` (its
/// alignment, see isVectorAligned).
int64_t getVectorBytes(Value buffer, int64_t width);

/// Whether `op` can access `operand` at `lanes` neighbouring points along
/// loop `lane` with loadLanes and storeLanes: a scalar, a buffer not
/// indexed by that loop (one element for every lane), or one indexed by it
/// in its last, unit-stride dimension with whole bytes per element and
/// `lanes`-element vectors aligned (isVectorAligned,
/// hasVectorAlignedStorage).
bool allowsLanes(linalg::LinalgOp op, OpOperand &operand, unsigned lane,
                 int64_t lanes);

/// `ivs` with loop `lane` advanced by `k` (ivs itself when k is 0).
SmallVector<Value> getLaneIvs(OpBuilder &b, Location loc, ValueRange ivs,
                              unsigned lane, int64_t k);

/// The values of `operand` at `lanes` points along loop `lane` from `ivs`
/// (allowsLanes): one vector load when it is indexed by that loop, else
/// one load (or the scalar) for all; one lane is loadOperand.
SmallVector<Value> loadLanes(OpBuilder &b, Location loc, linalg::LinalgOp op,
                             OpOperand &operand, IRMapping &mapping,
                             ValueRange ivs, unsigned lane, int64_t lanes);

/// Stores `values`, the points ivs, ivs + 1, ... along the loop indexing
/// `operand`'s last dimension (allowsLanes): one vector store, or
/// storeOperand for one lane.
void storeLanes(OpBuilder &b, Location loc, linalg::LinalgOp op,
                OpOperand &operand, IRMapping &mapping, ValueRange ivs,
                ArrayRef<Value> values);

/// bindOperands of the inputs at `payloads.size()` points along loop
/// `lane` from `ivs`, one mapping per point (loadLanes).
void bindOperandLanes(OpBuilder &b, Location loc, linalg::LinalgOp op,
                      IRMapping &mapping, MutableArrayRef<IRMapping> payloads,
                      ValueRange ivs, unsigned lane);

//===----------------------------------------------------------------------===//
// Reductions and contractions
//===----------------------------------------------------------------------===//

/// `out = combine(out, x)` as the whole use of the output in a one-output
/// op: the combiner op, its kind, and `x`.
struct Combiner {
  Operation *op;
  arith::AtomicRMWKind kind;
  Value x;
};

std::optional<Combiner> matchCombiner(linalg::LinalgOp op);

/// `combine(a, b)`: a clone of the combiner on new operands.
Value emitCombine(OpBuilder &b, const Combiner &combiner, Value lhs, Value rhs);

/// The roles of a contraction's loops: batch dims index both operands, M
/// dims only the first (or neither), N dims only the second, K dims are the
/// reductions.
struct ContractionDims {
  SmallVector<unsigned> batch, m, n, k;
  int64_t extent(ArrayRef<unsigned> dims, ArrayRef<int64_t> ranges) const {
    int64_t p = 1;
    for (unsigned d : dims)
      p *= ranges[d];
    return p;
  }
};

std::optional<ContractionDims> matchContraction(linalg::LinalgOp op,
                                                const Combiner &combiner);

/// The loop indices of batch `batchIndex` of a contraction (its batch
/// loops delinearized from it, row-major), zero for every other loop.
SmallVector<Value> getBatchIndices(OpBuilder &b, Location loc,
                                   const ContractionDims &dims,
                                   ArrayRef<int64_t> ranges, Value batchIndex);

/// Whether `map`'s innermost result involves one of `dims`: the operand is
/// contiguous along them, so neighbouring threads should step them.
bool innermostUses(AffineMap map, ArrayRef<unsigned> dims);

/// Runs `epilogue`, an elementwise op fused after the op computing
/// `result` (a contraction, a sequential reduction), at output `point`
/// and the points after it along its last loop, one per value of
/// `values` (allowsLanes): `values` (the points' results) stand for
/// `result`; its other operands come from `loaded` (block arguments bound
/// already, one mapping per point) or are loaded now. Stores the
/// epilogue's output.
void emitEpilogue(OpBuilder &b, Location loc, linalg::LinalgOp epilogue,
                  Value result, IRMapping &mapping, ArrayRef<IRMapping> loaded,
                  ArrayRef<Value> point, ArrayRef<Value> values);

/// What every contraction strategy does with the value it accumulated for
/// the output point (m, n) (flattened M and N indices): inside the bounds,
/// out = combine(init, acc), where init is the folded initializer's value
/// (a bias broadcast, a fill) or the output's current value; stored unless
/// only the epilogue reads it, and passed to the epilogue. A strategy may
/// hand over `lanes` neighbouring points (m, n), (m, n + 1), ... at once
/// when allowsLanes(lanes) and n is a multiple of lanes: each buffer is
/// then read and written a vector of them at a time.
struct ContractionOutput {
  linalg::LinalgOp op;
  const ContractionDims &dims;
  ArrayRef<Value> base; // the batch indices, zeros elsewhere
  ArrayRef<int64_t> ranges;
  const Combiner &combiner;
  int64_t M, N;
  linalg::LinalgOp initializer, epilogue;
  bool storeOutput;

  /// What points (m, n), (m, n + 1), ... read before their accumulated
  /// values are combined: the first's indices and, bound in per-op and
  /// per-point mappings, the initializer's inputs and (when loaded early)
  /// the epilogue's other inputs.
  struct Pending {
    int64_t lanes = 1;
    SmallVector<Value> point, outputPoint;
    SmallVector<IRMapping> initPayloads, epiloguePayloads;
    SmallVector<Value> outs; // the output's values when no initializer
    bool epilogueLoaded = false;
  };

  /// Whether load and finish may take `lanes` points at once: the
  /// innermost N loop's extent is a multiple of `lanes`, the output's last
  /// dimension is that loop, and every buffer the points read or write
  /// allowsLanes along it.
  bool allowsLanes(int64_t lanes);

  /// Computes point (m, n)'s indices and loads what combining `lanes`
  /// points from it needs (the initializer's inputs, else the output);
  /// with `epilogueInputs`, also the epilogue's other inputs, so that all
  /// of a point's loads come before its stores.
  Pending load(OpBuilder &b, Location loc, IRMapping &mapping, Value m, Value n,
               int64_t lanes, bool epilogueInputs);

  /// The epilogue's inputs other than the contraction's result.
  void loadEpilogueInputs(OpBuilder &b, Location loc, IRMapping &mapping,
                          Pending &p);

  /// Combines `accs` (one per point) into the loaded points, stores them
  /// (unless only the epilogue reads them) and runs the epilogue.
  void finish(OpBuilder &b, Location loc, IRMapping &mapping, Pending &p,
              ArrayRef<Value> accs);

  /// The whole epilogue of the points from (m, n), one per value of
  /// `accs`, guarded by the first's bounds (the others lie in its row).
  void emit(OpBuilder &b, Location loc, IRMapping &mapping, Value m, Value n,
            ArrayRef<Value> accs);
};

} // namespace mlir::modelc::mapping

#endif // MODELC_PASSES_GPU_KERNELMAPPING_H

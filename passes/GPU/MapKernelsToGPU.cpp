//===- MapKernelsToGPU.cpp - Kernels as tiled GPU functions ---------------===//
//
// Part of the modelc project, under the Apache License v2.0 with LLVM
// Exceptions. SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Implements `modelc-map-kernels-to-gpu`: every writing op of a kernel
// function becomes a gpu.func with an explicit mapping of its iteration
// space onto blocks and threads (see Passes.td for the strategies). The
// functions are built directly from the linalg op's indexing maps and
// payload: each strategy decides which thread computes which points and
// where operands are staged, then evaluates the payload at those points.
// This file holds the pass and the CUDA-core strategies (elementwise,
// block reduction, FMA implicit GEMM); TensorCoreGemm.cpp the tensor-core
// GEMM; KernelMapping.h what they share.
//
//===----------------------------------------------------------------------===//

#include "passes/GPU/FusedAttention.h"
#include "passes/GPU/KernelMapping.h"
#include "passes/GPU/Passes.h"
#include "passes/GPU/TensorCoreGemm.h"
#include "passes/Kernels/Passes.h"
#include "passes/Kernels/TuningCache.h"

#include "dialects/Modelc/IR/ModelcDialect.h"

#include "mlir/Analysis/FlatLinearValueConstraints.h"
#include "mlir/Dialect/Affine/Utils.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/LLVMIR/NVVMDialect.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/NVGPU/IR/NVGPUDialect.h"
#include "mlir/Dialect/SCF/Utils/Utils.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "mlir/Interfaces/ViewLikeInterface.h"
#include "llvm/ADT/Sequence.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/StringSwitch.h"
#include "llvm/ADT/TypeSwitch.h"

#include <map>
#include <set>

namespace mlir::modelc {
#define GEN_PASS_DEF_MAPKERNELSTOGPUPASS
#include "passes/GPU/Passes.h.inc"

namespace {
using namespace mapping;

/// Threads of a block reduction over `elements`: one per element, in
/// powers of two from a warp to `maxThreads`.
int64_t getReductionBlockSize(int64_t elements, int64_t maxThreads) {
  return std::clamp<int64_t>(llvm::PowerOf2Ceil(elements), 32, maxThreads);
}

//===----------------------------------------------------------------------===//
// Vector accesses
//===----------------------------------------------------------------------===//

/// The most points one thread computes as a vector (a payload per point).
constexpr int64_t kMaxVectorWidth = 8;

/// How many neighbouring points along the innermost loop one thread of an
/// all-parallel op computes with vector loads and stores: 16 bytes of the
/// widest element among the operands indexed by that loop (4 points for
/// 32-bit elements, 8 for 16-bit ones; a narrower operand moves fewer
/// bytes per vector; less, down to 2 points, where the innermost extent
/// or the alignment asks), when every shaped operand either ignores that
/// loop or is indexed by it in its last, unit-stride dimension, aligned
/// (see isVectorAligned); 1 otherwise.
int64_t getVectorWidth(linalg::LinalgOp op, ArrayRef<int64_t> ranges) {
  unsigned inner = op.getNumLoops() - 1;
  if (op.getNumLoops() == 0 || op.getNumReductionLoops() != 0)
    return 1;
  SmallVector<MemRefType> vectorized;
  unsigned widestBits = 0;
  for (OpOperand &operand : op->getOpOperands()) {
    auto type = dyn_cast<MemRefType>(operand.get().getType());
    if (!type) {
      if (op.isDpsInit(&operand))
        return 1;
      continue; // a scalar input
    }
    AffineMap map = op.getMatchingIndexingMap(&operand);
    if (!map.isFunctionOfDim(inner)) {
      if (op.isDpsInit(&operand))
        return 1; // every output is written per point
      continue;   // the same element for the whole vector
    }
    unsigned bits = type.getElementTypeBitWidth();
    if (bits < 8 || !llvm::isPowerOf2_32(bits) || bits > 8 * kVectorBytes)
      return 1;
    if (!isIndexedLastBy(map, inner) || !hasVectorAlignedStorage(operand.get()))
      return 1;
    vectorized.push_back(type);
    widestBits = std::max(widestBits, bits);
  }
  if (vectorized.empty())
    return 1;
  // The widest that divides the innermost extent (a 4-channel NHWC
  // tensor of halves: 4, 8 bytes) and keeps every vector aligned.
  for (int64_t width =
           std::min<int64_t>(kVectorBytes * 8 / widestBits, kMaxVectorWidth);
       width >= 2; width /= 2)
    if (ranges[inner] % width == 0 &&
        llvm::all_of(vectorized, [&](MemRefType type) {
          return isVectorAligned(type, width);
        }))
      return width;
  return 1;
}

/// The points of `op`'s reduction loops (1 when it has none).
int64_t getReductionPoints(linalg::LinalgOp op, ArrayRef<int64_t> ranges) {
  SmallVector<unsigned> reductionDims;
  op.getReductionDims(reductionDims);
  return product(selectExtents(ranges, reductionDims));
}

/// Reductions shorter than this run a thread per output when there are
/// enough outputs (KernelMapper::isBlockReduction).
constexpr int64_t kShortReduction = 128;

/// The longest reduction (in points) emitted unrolled.
constexpr int64_t kMaxUnrolledReduction = 32;

/// How many neighbouring outputs along the innermost parallel loop one
/// thread of a sequential reduction computes: `maxLanes` (or a smaller
/// power of two) when
/// that loop's extent allows and the single output's last index is that
/// loop (neighbouring outputs, whose windows overlap in a convolution or
/// a pooling: their shared taps load once, and the window's index and
/// bounds arithmetic is shared), and the window is short enough to unroll;
/// else 1.
int64_t getReductionLanes(linalg::LinalgOp op, ArrayRef<int64_t> ranges,
                          ArrayRef<unsigned> parallelDims, int64_t maxLanes) {
  if (op.getNumDpsInits() != 1 || parallelDims.empty())
    return 1;
  if (getReductionPoints(op, ranges) > kMaxUnrolledReduction)
    return 1;
  AffineMap map = op.getMatchingIndexingMap(op.getDpsInitOperand(0));
  auto last = dyn_cast_or_null<AffineDimExpr>(
      map.getNumResults() ? map.getResults().back() : AffineExpr());
  unsigned inner = parallelDims.back();
  if (!last || last.getPosition() != inner)
    return 1;
  for (int64_t lanes = maxLanes; lanes > 1; lanes /= 2)
    if (ranges[inner] % lanes == 0)
      return lanes;
  return 1;
}

/// Computes the `width` points ivs, ivs + 1, ... along the innermost loop:
/// one vector load per operand indexed by that loop (one scalar load for
/// the others), the payload per lane, one vector store per output.
void emitVectorizedPoint(OpBuilder &b, Location loc, linalg::LinalgOp op,
                         IRMapping &mapping, ArrayRef<Value> ivs,
                         int64_t width) {
  unsigned inner = op.getNumLoops() - 1;
  SmallVector<SmallVector<Value>> laneIvs;
  for (int64_t k = 0; k < width; ++k)
    laneIvs.push_back(getLaneIvs(b, loc, ivs, inner, k));
  SmallVector<IRMapping> payloads(width, mapping);
  for (OpOperand &operand : op->getOpOperands()) {
    BlockArgument arg = op.getMatchingBlockArgument(&operand);
    if (arg.use_empty())
      continue;
    for (auto [payload, value] :
         llvm::zip(payloads,
                   loadLanes(b, loc, op, operand, mapping, ivs, inner, width)))
      payload.map(arg, value);
  }
  SmallVector<SmallVector<Value>> results(width);
  for (int64_t k = 0; k < width; ++k)
    results[k] = emitPayload(b, op, payloads[k], laneIvs[k]);
  for (auto [i, operand] : llvm::enumerate(op.getDpsInitsMutable())) {
    SmallVector<Value> elements;
    for (int64_t k = 0; k < width; ++k)
      elements.push_back(results[k][i]);
    storeLanes(b, loc, op, operand, mapping, ivs, elements);
  }
}

//===----------------------------------------------------------------------===//
// Strategies
//===----------------------------------------------------------------------===//

/// A kernel computed as one launch, one block per row: the leading
/// `rowShape` loops of every op are parallel and each operand is read or
/// written at the row being computed (or, for inputs no op writes, the same
/// everywhere). A LayerNormalization or Softmax lowers to such a sequence
/// (statistics reduced along the row, then elementwise ops using them).
/// Each op runs over the row in turn, with a barrier after it: reductions
/// by the whole block, elementwise ops a point per thread; intermediate
/// values go through the kernel's buffers as before, but no launch
/// boundary separates the ops and a row's data stays in the SM's caches.
///
/// Short rows (at most kMaxWarpRowPoints points per op: softmax over a
/// sequence, LayerNorm over a hidden size), when there are enough of them
/// (fitsWarpRows), run one warp per row instead (emitWarpRowKernel): each
/// lane computes the same points of every op, so each value a later op
/// reads at a point is one this lane computed, held in a register;
/// reductions finish with warp shuffles. No barriers, no shared memory,
/// and the kernel's scratch is never written.
struct RowKernel {
  SmallVector<int64_t> rowShape;
  SmallVector<linalg::LinalgOp> ops;
  /// Per op: the combiner of a reduction, none for an elementwise op.
  SmallVector<std::optional<Combiner>> combiners;
  int64_t block = 0;
};

/// The most points of a row one warp computes (32 per lane).
constexpr int64_t kMaxWarpRowPoints = 1024;
/// Warps (rows) per block of a row kernel run by warps.
constexpr int64_t kWarpRowWarps = 4;
/// Rows per block the GPU needs (its blocks: Tiling::targetBlocks) before
/// rows go to warps: 16 warps per SM. With fewer rows (BERT's LayerNorm at
/// batch 1: 128 rows of 768), a warp per row leaves most of the GPU idle
/// and each lane's 24 points in one dependent chain; a block per row
/// spreads a row over 256 threads. Measured on an H200, BERT fp16: batch
/// 1 took 0.649 ms with every row kernel by warps, 0.605 by blocks; batch
/// 32 (4,096 and 49,152 rows) 2.774 by warps, 3.565 by blocks.
constexpr int64_t kWarpRowsPerTargetBlock = 16;

/// Where a row kernel run by warps reads or writes an operand, for a lane
/// at its k-th point: the buffer, the operand's indexing map with the
/// loops past the row that have one iteration set to 0, and those loops'
/// extents (none when the map uses none of them: one value per row,
/// whatever the point). Two accesses with the same place and k touch the
/// same element.
struct RowPlace {
  Value buffer;
  AffineMap map;
  SmallVector<int64_t> extents;
  bool operator<(const RowPlace &other) const {
    return std::make_tuple(buffer.getAsOpaquePointer(),
                           map.getAsOpaquePointer(), extents) <
           std::make_tuple(other.buffer.getAsOpaquePointer(),
                           other.map.getAsOpaquePointer(), other.extents);
  }
};

/// Whether buffers `a` and `b` may share elements: views of one buffer
/// unless they are memref.views of it at disjoint static byte ranges (a
/// kernel's scratch holds its temporaries that way).
bool mayOverlap(Value a, Value b) {
  if (getRootBuffer(a) != getRootBuffer(b))
    return false;
  auto byteRange = [](Value v) -> std::optional<std::pair<int64_t, int64_t>> {
    auto view = v.getDefiningOp<memref::ViewOp>();
    std::optional<int64_t> shift;
    if (view)
      shift = getConstantIntValue(view.getByteShift());
    auto type = cast<MemRefType>(v.getType());
    if (!shift || !type.hasStaticShape() ||
        !type.getElementType().isIntOrFloat())
      return std::nullopt;
    int64_t bytes = type.getNumElements() *
                    ceilDiv(type.getElementType().getIntOrFloatBitWidth(), 8);
    return std::make_pair(*shift, *shift + bytes);
  };
  auto ra = byteRange(a), rb = byteRange(b);
  if (!ra || !rb ||
      a.getDefiningOp<memref::ViewOp>().getSource() !=
          b.getDefiningOp<memref::ViewOp>().getSource())
    return true;
  return ra->first < rb->second && rb->first < ra->second;
}

RowPlace getRowPlace(linalg::LinalgOp op, OpOperand &operand, unsigned rows) {
  SmallVector<int64_t> ranges = op.getStaticLoopRanges();
  AffineMap map = op.getMatchingIndexingMap(&operand);
  MLIRContext *ctx = map.getContext();
  SmallVector<AffineExpr> dims;
  for (unsigned d = 0; d < map.getNumDims(); ++d)
    dims.push_back(d >= rows && ranges[d] == 1 ? getAffineConstantExpr(0, ctx)
                                               : getAffineDimExpr(d, ctx));
  map = map.replaceDimsAndSymbols(dims, {}, map.getNumDims(), 0);
  RowPlace place{operand.get(), map, {}};
  bool usesPoint =
      llvm::any_of(llvm::seq<unsigned>(rows, map.getNumDims()),
                   [&](unsigned d) { return map.isFunctionOfDim(d); });
  if (usesPoint)
    place.extents.assign(ranges.begin() + rows, ranges.end());
  return place;
}

/// Builds the gpu.funcs of one kernel function.
class KernelMapper {
public:
  KernelMapper(func::FuncOp kernel, gpu::GPUModuleOp device,
               const Tiling &tiling)
      : kernel(kernel), device(device), tiling(tiling) {}

  LogicalResult run(SmallVectorImpl<Launch> &launches);

private:
  /// A new kernel gpu.func named after the kernel and `launches`, with the
  /// kernel's argument types and `workgroup` shared buffers; `mapping`
  /// binds the kernel's arguments and the producers seen so far.
  gpu::GPUFuncOp createFunction(Location loc, ArrayRef<Type> workgroup,
                                IRMapping &mapping, OpBuilder &b,
                                std::string &name);

  LogicalResult emitParallel(OpBuilder &b, linalg::LinalgOp op,
                             IRMapping &mapping, ArrayRef<int64_t> ranges,
                             linalg::LinalgOp initializer,
                             linalg::LinalgOp epilogue, bool storeOutput,
                             Launch &launch);
  /// Whether `op` runs as emitParallel's sequential reduction per thread
  /// (the strategy for reductions too short for a block: depthwise
  /// convolutions, small pooling windows), which takes an initializer
  /// and an epilogue in its launch.
  bool isSequentialReduction(linalg::LinalgOp op);
  /// Whether `op` reduces with one block per output (emitBlockReduction):
  /// a combiner over at least blockReductionThreshold points, unless the
  /// reduction is short (under kShortReduction points) and its outputs
  /// alone give the GPU many threads (at least targetBlocks x blockSize):
  /// a thread per output then reads as much and synchronizes nothing
  /// (ResNet-50's global average pool at batch 256: 524,288 outputs of 49
  /// points).
  bool isBlockReduction(linalg::LinalgOp op, ArrayRef<int64_t> ranges);
  void emitBlockReduction(OpBuilder &b, linalg::LinalgOp op, IRMapping &mapping,
                          ArrayRef<int64_t> ranges, const Combiner &combiner,
                          Value shared, Launch &launch);
  void emitContraction(OpBuilder &b, linalg::LinalgOp op, IRMapping &mapping,
                       ArrayRef<int64_t> ranges, const Combiner &combiner,
                       ArrayRef<Value> shared, linalg::LinalgOp initializer,
                       linalg::LinalgOp epilogue, bool storeOutput,
                       Launch &launch);
  /// Whether `op` is computed as an implicit GEMM (emitContraction).
  bool isGemm(linalg::LinalgOp op);
  /// How GEMM `op` runs on tensor cores, or none (FMA).
  std::optional<TensorCoreConfig> getTensorCoreConfig(linalg::LinalgOp op);
  /// Adds `bytes` at the end of the kernel's scratch (a scratch argument
  /// when it has none) and returns their offset. Before any function is
  /// created: they copy the kernel's argument types.
  int64_t appendScratch(int64_t bytes);
  /// Input `input` of tensor-core GEMM `reader` as a zero-padded copy of
  /// another buffer (PaddedInput), with the fill and the copy making it.
  std::optional<PaddedInput>
  matchPaddedInput(Value input, Operation *reader,
                   SmallVectorImpl<Operation *> &padding);

  /// A kernel whose ops all work row by row (RowKernel), or none.
  std::optional<RowKernel> matchRowKernel();
  void emitRowKernel(const RowKernel &rows, Launch &launch);
  /// Whether every op of `rows` can run one warp per row (RowKernel).
  bool fitsWarpRows(const RowKernel &rows);
  void emitWarpRowKernel(const RowKernel &rows, Launch &launch);

  func::FuncOp kernel;
  gpu::GPUModuleOp device;
  const Tiling &tiling;
  /// Ops without writes seen so far, cloned into every function.
  SmallVector<Operation *> producers;
  unsigned numFunctions = 0;
  /// getTensorCoreConfig's answers: asked for each GEMM by the padding and
  /// split-K scans, then by its mapping.
  DenseMap<Operation *, std::optional<TensorCoreConfig>> tensorCoreConfigs;
};

gpu::GPUFuncOp KernelMapper::createFunction(Location loc,
                                            ArrayRef<Type> workgroup,
                                            IRMapping &mapping, OpBuilder &b,
                                            std::string &name) {
  name = (kernel.getSymName() + "_" + Twine(numFunctions++)).str();
  OpBuilder moduleBuilder = OpBuilder::atBlockEnd(device.getBody());
  auto type =
      FunctionType::get(kernel.getContext(), kernel.getArgumentTypes(), {});
  auto func = gpu::GPUFuncOp::create(moduleBuilder, loc, name, type, workgroup);
  func->setAttr(gpu::GPUDialect::getKernelFuncAttrName(),
                moduleBuilder.getUnitAttr());
  // Shared buffers 16-byte aligned: fragments load 8 bytes (TF32) or
  // 16-byte rows (ldmatrix) at a time, and copies write 4 bytes.
  for (unsigned i = 0; i < workgroup.size(); ++i)
    func.setWorkgroupAttributionAttr(
        i, LLVM::LLVMDialect::getAlignAttrName(),
        moduleBuilder.getI64IntegerAttr(kSharedAlignment));
  Block &entry = func.getBody().front();
  b.setInsertionPointToStart(&entry);
  gpu::ReturnOp::create(b, loc);
  b.setInsertionPointToStart(&entry);
  for (auto [from, to] : llvm::zip(kernel.getArguments(), entry.getArguments()))
    mapping.map(from, to);
  for (Operation *producer : producers)
    b.clone(*producer, mapping);
  return func;
}

bool KernelMapper::isSequentialReduction(linalg::LinalgOp op) {
  if (op.getNumReductionLoops() == 0 || op.getNumDpsInits() != 1 || isGemm(op))
    return false;
  SmallVector<int64_t> ranges = op.getStaticLoopRanges();
  // An empty op runs no launch, so its initializer keeps its own.
  if (llvm::any_of(ranges, [](int64_t r) { return r <= 0; }))
    return false;
  return !isBlockReduction(op, ranges);
}

bool KernelMapper::isBlockReduction(linalg::LinalgOp op,
                                    ArrayRef<int64_t> ranges) {
  if (op.getNumReductionLoops() == 0 || !matchCombiner(op))
    return false;
  int64_t reduction = getReductionPoints(op, ranges);
  int64_t outputs = product(ranges) / reduction;
  return reduction >= tiling.blockReductionThreshold &&
         (reduction >= kShortReduction ||
          outputs < tiling.targetBlocks * tiling.blockSize);
}

/// One thread per point of the parallel loops, grid-stride; the reduction
/// loops, if any, run in the thread with the outputs as loop-carried
/// values, starting from the `initializer`'s value at the point when
/// there is one (else the output's), and the point's result goes through
/// the `epilogue` when there is one (stored itself only with
/// `storeOutput`), as a contraction's does.
LogicalResult KernelMapper::emitParallel(OpBuilder &b, linalg::LinalgOp op,
                                         IRMapping &mapping,
                                         ArrayRef<int64_t> ranges,
                                         linalg::LinalgOp initializer,
                                         linalg::LinalgOp epilogue,
                                         bool storeOutput, Launch &launch) {
  Location loc = op.getLoc();
  SmallVector<unsigned> parallelDims, reductionDims;
  op.getParallelDims(parallelDims);
  op.getReductionDims(reductionDims);
  SmallVector<int64_t> parallelExtents = selectExtents(ranges, parallelDims);
  // Each thread takes `width` neighbours along the innermost loop when the
  // memory accesses allow vectors (see getVectorWidth); a reduction's
  // thread computes `lanes` neighbours along the innermost parallel loop
  // (see getReductionLanes).
  int64_t width = reductionDims.empty() ? getVectorWidth(op, ranges) : 1;
  int64_t lanes =
      reductionDims.empty()
          ? 1
          : getReductionLanes(op, ranges, parallelDims, tiling.reductionLanes);
  parallelExtents.back() /= width * lanes;
  int64_t points = product(parallelExtents);
  int64_t block = std::min(tiling.blockSize, ceilDiv(points, 32) * 32);
  int64_t grid = std::min(ceilDiv(points, block), tiling.maxGridSize);
  launch.grid = {grid, 1, 1};
  launch.block = {block, 1, 1};
  launch.strategy =
      reductionDims.empty()
          ? "elementwise, " + std::to_string(width) + " per thread"
          : "parallel, sequential reduction per thread";
  if (lanes > 1)
    launch.strategy += ", " + std::to_string(lanes) + " outputs per thread";
  if (initializer)
    launch.strategy += ", initializer fused";
  if (epilogue)
    launch.strategy += ", epilogue fused";

  Value tid = gpu::ThreadIdOp::create(b, loc, gpu::Dimension::x);
  Value bid = gpu::BlockIdOp::create(b, loc, gpu::Dimension::x);
  Value start = arith::AddIOp::create(
      b, loc, arith::MulIOp::create(b, loc, bid, constantIndex(b, loc, block)),
      tid);
  auto loop = scf::ForOp::create(b, loc, start, constantIndex(b, loc, points),
                                 constantIndex(b, loc, grid * block));
  b.setInsertionPointToStart(loop.getBody());
  SmallVector<Value> ivs(ranges.size());
  for (auto [d, iv] :
       llvm::zip(parallelDims,
                 delinearize(b, loc, loop.getInductionVar(), parallelExtents)))
    ivs[d] = iv;

  auto outputs = op.getDpsInitsMutable();
  if (width > 1) {
    unsigned inner = op.getNumLoops() - 1;
    ivs[inner] =
        arith::MulIOp::create(b, loc, ivs[inner], constantIndex(b, loc, width));
    emitVectorizedPoint(b, loc, op, mapping, ivs, width);
    return success();
  }
  if (reductionDims.empty()) {
    IRMapping payload = mapping;
    bindOperands(b, loc, op, mapping, payload, ivs, /*withOutputs=*/true);
    SmallVector<Value> results = emitPayload(b, op, payload, ivs);
    for (auto [operand, value] : llvm::zip(outputs, results))
      storeOperand(b, loc, op, operand, mapping, ivs, value);
    return success();
  }

  // The thread's `lanes` outputs, neighbours along the innermost parallel
  // loop (getReductionLanes), each with its own accumulators.
  // (A reduction to a single point has no parallel loop.)
  SmallVector<SmallVector<Value>> laneIvs(lanes, ivs);
  if (lanes > 1) {
    unsigned blocked = parallelDims.back();
    Value first = arith::MulIOp::create(b, loc, ivs[blocked],
                                        constantIndex(b, loc, lanes));
    for (int64_t k = 0; k < lanes; ++k)
      laneIvs[k][blocked] =
          arith::AddIOp::create(b, loc, first, constantIndex(b, loc, k));
  }
  // Both fused ops iterate the output, so its indices are their point.
  SmallVector<SmallVector<Value>> outputPoints(lanes);
  SmallVector<Value> init;
  for (int64_t k = 0; k < lanes; ++k) {
    if (initializer || epilogue)
      outputPoints[k] = operandIndices(b, loc, op, outputs[0], laneIvs[k]);
    if (initializer) {
      IRMapping payload = mapping;
      bindOperands(b, loc, initializer, mapping, payload, outputPoints[k],
                   /*withOutputs=*/false);
      init.push_back(
          emitPayload(b, initializer, payload, outputPoints[k]).front());
      continue;
    }
    for (OpOperand &operand : outputs)
      init.push_back(loadOperand(b, loc, op, operand, mapping, laneIvs[k]));
  }
  SmallVector<Value> lbs, ubs, steps;
  for (unsigned d : reductionDims) {
    lbs.push_back(constantIndex(b, loc, 0));
    ubs.push_back(constantIndex(b, loc, ranges[d]));
    steps.push_back(constantIndex(b, loc, 1));
  }
  const unsigned numOutputs = outputs.size();
  scf::LoopNest nest = scf::buildLoopNest(
      b, loc, lbs, ubs, steps, init,
      [&](OpBuilder &b, Location loc, ValueRange reductionIvs,
          ValueRange carried) -> scf::ValueVector {
        scf::ValueVector results;
        for (int64_t k = 0; k < lanes; ++k) {
          SmallVector<Value> point = laneIvs[k];
          for (auto [d, iv] : llvm::zip(reductionDims, reductionIvs))
            point[d] = iv;
          IRMapping payload = mapping;
          bindOperands(b, loc, op, mapping, payload, point,
                       /*withOutputs=*/false);
          for (auto [operand, value] :
               llvm::zip(outputs, carried.slice(k * numOutputs, numOutputs)))
            payload.map(op.getMatchingBlockArgument(&operand), value);
          llvm::append_range(results, emitPayload(b, op, payload, point));
        }
        return results;
      });
  for (int64_t k = 0; k < lanes; ++k) {
    ValueRange results =
        ValueRange(nest.results).slice(k * numOutputs, numOutputs);
    if (!epilogue) {
      for (auto [operand, value] : llvm::zip(outputs, results))
        storeOperand(b, loc, op, operand, mapping, laneIvs[k], value);
      continue;
    }
    if (storeOutput)
      storeOperand(b, loc, op, outputs[0], mapping, laneIvs[k],
                   results.front());
    emitEpilogue(b, loc, epilogue, op.getDpsInitOperand(0)->get(), mapping,
                 mapping, outputPoints[k], results.front());
  }
  // Short windows (a 3x3 convolution) unrolled, innermost first (each
  // loop's results, used above, become the values it computes):
  // neighbouring outputs' overlapping taps become the same loads, loaded
  // once.
  if (lanes > 1)
    for (scf::ForOp forOp : llvm::reverse(nest.loops))
      if (failed(loopUnrollFull(forOp)))
        return op->emitOpError("could not unroll its reduction window");
  return success();
}

/// The reduction of `op` at the parallel point `ivs` (reduction loops
/// unset) by the whole block: each thread combines a strided slice, a
/// shared-memory tree combines the threads' partial results, and thread 0
/// folds the total into the output. Ends with a barrier, after which
/// `shared` can be reused and the output is visible to the block.
void emitBlockReducePoint(OpBuilder &b, Location loc, linalg::LinalgOp op,
                          IRMapping &mapping, ArrayRef<Value> ivs,
                          ArrayRef<unsigned> reductionDims,
                          ArrayRef<int64_t> reductionExtents,
                          const Combiner &combiner, Value shared, Value tid,
                          int64_t block) {
  Type elementType = combiner.x.getType();
  // Each thread's partial result over r = tid, tid + block, ...
  Value identity = arith::getIdentityValue(combiner.kind, elementType, b, loc);
  auto inner = scf::ForOp::create(
      b, loc, tid, constantIndex(b, loc, product(reductionExtents)),
      constantIndex(b, loc, block), ValueRange{identity});
  {
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(inner.getBody());
    SmallVector<Value> point(ivs.begin(), ivs.end());
    for (auto [d, iv] :
         llvm::zip(reductionDims, delinearize(b, loc, inner.getInductionVar(),
                                              reductionExtents)))
      point[d] = iv;
    IRMapping payload = mapping;
    bindOperands(b, loc, op, mapping, payload, point, /*withOutputs=*/false);
    emitPayload(b, op, payload, point, combiner.op);
    Value x = payload.lookupOrDefault(combiner.x);
    scf::YieldOp::create(
        b, loc, emitCombine(b, combiner, inner.getRegionIterArgs()[0], x));
  }
  memref::StoreOp::create(b, loc, inner.getResult(0), shared, ValueRange{tid});
  gpu::BarrierOp::create(b, loc);
  // The tree: halve the active threads each step.
  for (int64_t half = block / 2; half > 0; half /= 2) {
    Value active = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ult, tid,
                                         constantIndex(b, loc, half));
    auto ifOp = scf::IfOp::create(b, loc, active, /*withElse=*/false);
    {
      OpBuilder::InsertionGuard guard(b);
      b.setInsertionPointToStart(ifOp.thenBlock());
      Value other =
          arith::AddIOp::create(b, loc, tid, constantIndex(b, loc, half));
      Value mine = memref::LoadOp::create(b, loc, shared, ValueRange{tid});
      Value theirs = memref::LoadOp::create(b, loc, shared, ValueRange{other});
      memref::StoreOp::create(b, loc, emitCombine(b, combiner, mine, theirs),
                              shared, ValueRange{tid});
    }
    gpu::BarrierOp::create(b, loc);
  }
  Value first = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, tid,
                                      constantIndex(b, loc, 0));
  auto ifOp = scf::IfOp::create(b, loc, first, /*withElse=*/false);
  {
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(ifOp.thenBlock());
    OpOperand &output = *op.getDpsInitOperand(0);
    Value out = loadOperand(b, loc, op, output, mapping, ivs);
    Value total = memref::LoadOp::create(b, loc, shared,
                                         ValueRange{constantIndex(b, loc, 0)});
    storeOperand(b, loc, op, output, mapping, ivs,
                 emitCombine(b, combiner, out, total));
  }
  // The next output point reuses the shared buffer.
  gpu::BarrierOp::create(b, loc);
}

/// One block per output point (grid-stride): each thread combines a strided
/// slice of the reduction, then a shared-memory tree combines the threads'
/// partial results and thread 0 folds them into the output.
void KernelMapper::emitBlockReduction(OpBuilder &b, linalg::LinalgOp op,
                                      IRMapping &mapping,
                                      ArrayRef<int64_t> ranges,
                                      const Combiner &combiner, Value shared,
                                      Launch &launch) {
  Location loc = op.getLoc();
  SmallVector<unsigned> parallelDims, reductionDims;
  op.getParallelDims(parallelDims);
  op.getReductionDims(reductionDims);
  SmallVector<int64_t> parallelExtents = selectExtents(ranges, parallelDims);
  SmallVector<int64_t> reductionExtents = selectExtents(ranges, reductionDims);
  int64_t points = product(parallelExtents);
  int64_t block =
      getReductionBlockSize(product(reductionExtents), tiling.blockSize);
  int64_t grid = std::min(points, tiling.maxGridSize);
  launch.grid = {grid, 1, 1};
  launch.block = {block, 1, 1};
  launch.strategy = "block reduction over " +
                    std::to_string(product(reductionExtents)) + " elements";

  Value tid = gpu::ThreadIdOp::create(b, loc, gpu::Dimension::x);
  Value bid = gpu::BlockIdOp::create(b, loc, gpu::Dimension::x);
  auto outer = scf::ForOp::create(b, loc, bid, constantIndex(b, loc, points),
                                  constantIndex(b, loc, grid));
  b.setInsertionPointToStart(outer.getBody());
  SmallVector<Value> ivs(ranges.size());
  for (auto [d, iv] :
       llvm::zip(parallelDims,
                 delinearize(b, loc, outer.getInductionVar(), parallelExtents)))
    ivs[d] = iv;

  emitBlockReducePoint(b, loc, op, mapping, ivs, reductionDims,
                       reductionExtents, combiner, shared, tid, block);
}

/// The elementwise op run in a contraction's epilogue: `next`, the op
/// after the contraction, when it has no reduction, reads the
/// contraction's output `c` at the points it writes (identity maps, the
/// same shape), writes another buffer, and reads nothing defined after the
/// contraction (everything else it reads is bound in `mapping`). Each
/// thread then applies it to the values it just computed: no launch and no
/// re-read of `c` (FormKernels fuses bias, activation and residual adds
/// after a Conv, Gemm or MatMul into its kernel; linalg fusion made them
/// this one op).
linalg::LinalgOp matchEpilogue(linalg::LinalgOp contraction, Operation *next,
                               const IRMapping &mapping) {
  auto e = dyn_cast_or_null<linalg::LinalgOp>(next);
  if (!e || !e.hasPureBufferSemantics() || e.getNumDpsInits() != 1 ||
      e.getNumReductionLoops() != 0)
    return {};
  Value c = contraction.getDpsInitOperand(0)->get();
  auto cType = cast<MemRefType>(c.getType());
  OpOperand *out = e.getDpsInitOperand(0);
  auto outType = dyn_cast<MemRefType>(out->get().getType());
  if (!outType || out->get() == c || outType.getShape() != cType.getShape() ||
      !e.getMatchingIndexingMap(out).isIdentity() ||
      !mapping.contains(out->get()))
    return {};
  bool readsC = false;
  for (OpOperand *in : e.getDpsInputOperands()) {
    if (in->get() == c) {
      if (!e.getMatchingIndexingMap(in).isIdentity())
        return {};
      readsC = true;
    } else if (!mapping.contains(in->get())) {
      return {};
    }
  }
  return readsC ? e : linalg::LinalgOp();
}

/// Whether `op` only initializes `c`: an op without reductions whose only
/// output is `c` at the points it iterates (identity map), computed from
/// other operands without reading `c` (a fill, a broadcast bias).
bool isInitializerOf(linalg::LinalgOp op, Value c) {
  if (op.getNumDpsInits() != 1 || op.getNumReductionLoops() != 0 ||
      !op.hasPureBufferSemantics())
    return false;
  OpOperand *out = op.getDpsInitOperand(0);
  return out->get() == c && op.getMatchingIndexingMap(out).isIdentity() &&
         !op.payloadUsesValueFromOperand(out) &&
         !llvm::is_contained(op.getDpsInputs(), c);
}

/// An op's fused epilogue (see KernelMapper::run): the op after it, the
/// elementwise op its launch runs (or none), and whether the op still
/// stores its own output.
struct FusedEpilogue {
  Operation *next = nullptr;
  linalg::LinalgOp epilogue;
  bool storeOutput = true;
};

/// Whether anything but `contraction` and `epilogue` reads `c`, the
/// contraction's output: kernel arguments are read by later kernels; a
/// buffer of the kernel's own that only an initializing fill writes
/// besides them holds a temporary the epilogue consumes.
bool isOutputRead(Value c, Operation *contraction, Operation *epilogue) {
  if (isa<BlockArgument>(c))
    return true;
  for (Operation *user : c.getUsers()) {
    if (user == contraction || user == epilogue)
      continue;
    auto init = dyn_cast<linalg::LinalgOp>(user);
    if (!init || !isInitializerOf(init, c) ||
        !user->isBeforeInBlock(contraction))
      return true;
  }
  return false;
}

bool isProducer(Operation *op);
/// The next op after `op` that is not a pure producer (those in between
/// are views and constants, which never see memory).
Operation *nextWrite(Operation *op) {
  Operation *next = op->getNextNode();
  while (next && isProducer(next) && isMemoryEffectFree(next))
    next = next->getNextNode();
  return next;
}

/// An implicit GEMM: block (x, y, z) computes the tileM x tileN output tile
/// (x over M, y over N) of batch z. Per tileK-deep step, the block stages
/// A[tileK][tileM] and B[tileK][tileN] in shared memory (zero-padded at the
/// edges), then each of its 256 threads accumulates a 4x4 sub-tile
/// (rows tm + 16 i, columns tn + 16 j) in registers. Operands are read
/// through their indexing maps, so convolutions need no im2col buffer.
void KernelMapper::emitContraction(OpBuilder &b, linalg::LinalgOp op,
                                   IRMapping &mapping, ArrayRef<int64_t> ranges,
                                   const Combiner &combiner,
                                   ArrayRef<Value> shared,
                                   linalg::LinalgOp initializer,
                                   linalg::LinalgOp epilogue, bool storeOutput,
                                   Launch &launch) {
  Location loc = op.getLoc();
  ContractionDims dims = *matchContraction(op, combiner);
  auto extents = [&](ArrayRef<unsigned> list) {
    return selectExtents(ranges, list);
  };
  const int64_t tileM = tiling.tileM, tileN = tiling.tileN,
                tileK = tiling.tileK;
  const int64_t threads = 256, perM = tileM / 16, perN = tileN / 16;
  int64_t M = dims.extent(dims.m, ranges), N = dims.extent(dims.n, ranges),
          K = dims.extent(dims.k, ranges),
          batch = dims.extent(dims.batch, ranges);
  launch.grid = {ceilDiv(M, tileM), ceilDiv(N, tileN), batch};
  launch.block = {threads, 1, 1};
  launch.flops = 2 * M * N * K * batch;
  launch.strategy = describeGemm("fma", tileM, tileN, M, N, K, batch);

  OpOperand &aOperand = *op.getDpsInputOperand(0);
  OpOperand &bOperand = *op.getDpsInputOperand(1);
  OpOperand &output = *op.getDpsInitOperand(0);
  Type accType = combiner.x.getType();

  Value tid = gpu::ThreadIdOp::create(b, loc, gpu::Dimension::x);
  Value m0 = arith::MulIOp::create(
      b, loc, gpu::BlockIdOp::create(b, loc, gpu::Dimension::x),
      constantIndex(b, loc, tileM));
  Value n0 = arith::MulIOp::create(
      b, loc, gpu::BlockIdOp::create(b, loc, gpu::Dimension::y),
      constantIndex(b, loc, tileN));
  SmallVector<Value> base = getBatchIndices(
      b, loc, dims, ranges, gpu::BlockIdOp::create(b, loc, gpu::Dimension::z));
  // Neighbouring threads take neighbouring output elements along the
  // output's contiguous dimension.
  Value c16 = constantIndex(b, loc, 16);
  Value tx = arith::RemUIOp::create(b, loc, tid, c16);
  Value ty = arith::DivUIOp::create(b, loc, tid, c16);
  bool outputAlongN = innermostUses(op.getMatchingIndexingMap(&output), dims.n);
  Value tm = outputAlongN ? ty : tx;
  Value tn = outputAlongN ? tx : ty;

  // Stages rows x tileK of `operand` into `buffer` ([tileK][rows]): rows
  // are M (or N) indices from `rowBase`.
  auto stage = [&](OpBuilder &b, OpOperand &operand, Value buffer,
                   ArrayRef<unsigned> rowDims, int64_t rows, int64_t rowCount,
                   Value rowBase, Value k0) {
    bool alongRows =
        innermostUses(op.getMatchingIndexingMap(&operand), rowDims);
    Type type = cast<MemRefType>(buffer.getType()).getElementType();
    for (int64_t q = 0; q < rows * tileK / threads; ++q) {
      Value e = arith::AddIOp::create(b, loc, tid,
                                      constantIndex(b, loc, q * threads));
      Value row, kk;
      if (alongRows) {
        row = arith::RemUIOp::create(b, loc, e, constantIndex(b, loc, rows));
        kk = arith::DivUIOp::create(b, loc, e, constantIndex(b, loc, rows));
      } else {
        kk = arith::RemUIOp::create(b, loc, e, constantIndex(b, loc, tileK));
        row = arith::DivUIOp::create(b, loc, e, constantIndex(b, loc, tileK));
      }
      Value r = arith::AddIOp::create(b, loc, rowBase, row);
      Value k = arith::AddIOp::create(b, loc, k0, kk);
      Value inside = arith::AndIOp::create(
          b, loc,
          arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ult, r,
                                constantIndex(b, loc, rowCount)),
          arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ult, k,
                                constantIndex(b, loc, K)));
      auto ifOp = scf::IfOp::create(
          b, loc, inside,
          [&](OpBuilder &b, Location loc) {
            SmallVector<Value> point = base;
            for (auto [d, iv] :
                 llvm::zip(rowDims, delinearize(b, loc, r, extents(rowDims))))
              point[d] = iv;
            for (auto [d, iv] :
                 llvm::zip(dims.k, delinearize(b, loc, k, extents(dims.k))))
              point[d] = iv;
            scf::YieldOp::create(
                b, loc, loadOperand(b, loc, op, operand, mapping, point));
          },
          [&](OpBuilder &b, Location loc) {
            Value zero =
                arith::ConstantOp::create(b, loc, type, b.getZeroAttr(type));
            scf::YieldOp::create(b, loc, zero);
          });
      memref::StoreOp::create(b, loc, ifOp.getResult(0), buffer,
                              ValueRange{kk, row});
    }
  };

  Value identity = arith::getIdentityValue(combiner.kind, accType, b, loc);
  SmallVector<Value> init(perM * perN, identity);
  auto kLoop = scf::ForOp::create(b, loc, constantIndex(b, loc, 0),
                                  constantIndex(b, loc, K),
                                  constantIndex(b, loc, tileK), init);
  {
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(kLoop.getBody());
    Value k0 = kLoop.getInductionVar();
    stage(b, aOperand, shared[0], dims.m, tileM, M, m0, k0);
    stage(b, bOperand, shared[1], dims.n, tileN, N, n0, k0);
    gpu::BarrierOp::create(b, loc);
    auto kkLoop = scf::ForOp::create(
        b, loc, constantIndex(b, loc, 0), constantIndex(b, loc, tileK),
        constantIndex(b, loc, 1), kLoop.getRegionIterArgs());
    {
      OpBuilder::InsertionGuard guard(b);
      b.setInsertionPointToStart(kkLoop.getBody());
      Value kk = kkLoop.getInductionVar();
      SmallVector<Value> as, bs;
      for (int64_t i = 0; i < perM; ++i)
        as.push_back(memref::LoadOp::create(
            b, loc, shared[0],
            ValueRange{kk, arith::AddIOp::create(
                               b, loc, tm, constantIndex(b, loc, 16 * i))}));
      for (int64_t j = 0; j < perN; ++j)
        bs.push_back(memref::LoadOp::create(
            b, loc, shared[1],
            ValueRange{kk, arith::AddIOp::create(
                               b, loc, tn, constantIndex(b, loc, 16 * j))}));
      SmallVector<Value> acc;
      for (int64_t i = 0; i < perM; ++i)
        for (int64_t j = 0; j < perN; ++j) {
          IRMapping payload = mapping;
          payload.map(op.getMatchingBlockArgument(&aOperand), as[i]);
          payload.map(op.getMatchingBlockArgument(&bOperand), bs[j]);
          emitPayload(b, op, payload, {}, combiner.op);
          acc.push_back(emitCombine(b, combiner,
                                    kkLoop.getRegionIterArgs()[i * perN + j],
                                    payload.lookupOrDefault(combiner.x)));
        }
      scf::YieldOp::create(b, loc, acc);
    }
    gpu::BarrierOp::create(b, loc);
    scf::YieldOp::create(b, loc, kkLoop.getResults());
  }

  // Epilogue: out = combine(out, acc) inside the bounds.
  ContractionOutput result{op, dims, base,        ranges,   combiner,
                           M,  N,    initializer, epilogue, storeOutput};
  for (int64_t i = 0; i < perM; ++i)
    for (int64_t j = 0; j < perN; ++j) {
      Value m = arith::AddIOp::create(
          b, loc, m0,
          arith::AddIOp::create(b, loc, tm, constantIndex(b, loc, 16 * i)));
      Value n = arith::AddIOp::create(
          b, loc, n0,
          arith::AddIOp::create(b, loc, tn, constantIndex(b, loc, 16 * j)));
      result.emit(b, loc, mapping, m, n, kLoop.getResult(i * perN + j));
    }
}

/// Whether `op` only computes values from its operands (or reads memory
/// without writing it): it can be cloned into every function.
bool isProducer(Operation *op) {
  if (op->getNumRegions() != 0 || op->getNumResults() == 0)
    return false;
  if (isa<memref::AllocaOp, memref::GetGlobalOp>(op))
    return true;
  auto effects = dyn_cast<MemoryEffectOpInterface>(op);
  if (!effects)
    return isMemoryEffectFree(op);
  return !effects.hasEffect<MemoryEffects::Write>() &&
         !effects.hasEffect<MemoryEffects::Free>() &&
         !effects.hasEffect<MemoryEffects::Allocate>();
}

std::optional<TensorCoreConfig>
KernelMapper::getTensorCoreConfig(linalg::LinalgOp op) {
  auto [it, inserted] = tensorCoreConfigs.try_emplace(op, std::nullopt);
  if (!inserted)
    return it->second;
  SmallVector<int64_t> ranges = op.getStaticLoopRanges();
  std::optional<Combiner> combiner = matchCombiner(op);
  ContractionDims dims = *matchContraction(op, *combiner);
  it->second = selectTensorCoreConfig(op, *combiner, dims, ranges, tiling);
  return it->second;
}

int64_t KernelMapper::appendScratch(int64_t bytes) {
  MLIRContext *ctx = kernel.getContext();
  auto attr = kernel->getAttrOfType<IntegerAttr>(kScratchBytesAttrName);
  int64_t offset = attr ? llvm::alignTo(attr.getInt(), kScratchAlignment) : 0;
  auto type = MemRefType::get({offset + bytes}, IntegerType::get(ctx, 8));
  if (attr)
    kernel.getArgument(kernel.getNumArguments() - 1).setType(type);
  else
    (void)kernel.insertArgument(kernel.getNumArguments(), type, {},
                                kernel.getLoc());
  kernel.setType(
      FunctionType::get(ctx, kernel.getBody().getArgumentTypes(), {}));
  kernel->setAttr(kScratchBytesAttrName,
                  IntegerAttr::get(IntegerType::get(ctx, 64), offset + bytes));
  return offset;
}

/// After mapping: when none of `kernel`'s functions (`launches`) uses the
/// scratch argument once dead code is erased (a padded copy read in place,
/// an f32 accumulator only the fused epilogue consumed, views every
/// function clones), the kernel reserves the least scratch: the functions
/// still take the pointer, so the plan still passes one, but nothing is
/// ever read or written through it. At ResNet-50 fp16 batch 256 this is
/// most of the arena (the stem's 0.9 GB).
void releaseUnusedScratch(func::FuncOp kernel, gpu::GPUModuleOp device,
                          ArrayRef<Launch> launches) {
  auto attr = kernel->getAttrOfType<IntegerAttr>(kScratchBytesAttrName);
  if (!attr || attr.getInt() <= kScratchAlignment)
    return;
  unsigned scratch = kernel.getNumArguments() - 1;
  for (const Launch &launch : launches) {
    auto func = device.lookupSymbol<gpu::GPUFuncOp>(launch.name);
    if (!func)
      return;
    // Children before parents, so nothing erased is visited again.
    for (bool erased = true; erased;) {
      SmallVector<Operation *> dead;
      func.walk<WalkOrder::PostOrder>([&](Operation *op) {
        if (op != func && isOpTriviallyDead(op))
          dead.push_back(op);
      });
      for (Operation *op : dead)
        op->erase();
      erased = !dead.empty();
    }
    if (!func.getArgument(scratch).use_empty())
      return;
  }
  kernel->setAttr(kScratchBytesAttrName,
                  IntegerAttr::get(attr.getType(), kScratchAlignment));
}

/// The constant `op` fills all of `buffer` with (a linalg.fill, or a
/// linalg.map without inputs yielding it), or null.
Value getFillConstant(Operation *op, Value buffer) {
  Value value;
  if (auto fill = dyn_cast<linalg::FillOp>(op)) {
    if (fill.getDpsInits()[0] == buffer)
      value = fill.getInputs()[0];
  } else if (auto map = dyn_cast<linalg::MapOp>(op)) {
    auto yield = cast<linalg::YieldOp>(map.getMapper().front().getTerminator());
    if (map.getInit() == buffer && map.getInputs().empty() &&
        yield.getNumOperands() == 1)
      value = yield.getOperand(0);
  }
  return value && matchPattern(value, m_Constant()) ? value : Value();
}

/// A padded Conv's (or pool's) input bufferizes as a view of the kernel's
/// scratch that one op fills with a constant, then a linalg.copy writes
/// the input into a window of it (static offsets, unit strides); the
/// reader reads the view. When nothing else uses the view and the input is
/// a kernel argument no op of the kernel writes (so it holds the same
/// values when the reader runs), the reader can read the input itself.
std::optional<PaddedInput>
KernelMapper::matchPaddedInput(Value input, Operation *reader,
                               SmallVectorImpl<Operation *> &padding) {
  // Read once: the reader stops reading the padded buffer altogether.
  if (!input.getDefiningOp<memref::ViewOp>() ||
      llvm::count_if(input.getUses(), [&](OpOperand &use) {
        return use.getOwner() == reader;
      }) != 1)
    return std::nullopt;
  Operation *fill = nullptr;
  linalg::CopyOp copy;
  memref::SubViewOp window;
  for (Operation *user : input.getUsers()) {
    if (user == reader)
      continue;
    if (!fill && getFillConstant(user, input)) {
      fill = user;
      continue;
    }
    auto subview = dyn_cast<memref::SubViewOp>(user);
    if (window || !subview || !subview->hasOneUse())
      return std::nullopt;
    window = subview;
    copy = dyn_cast<linalg::CopyOp>(*subview->getUsers().begin());
  }
  if (!fill || !copy || copy.getOutputs()[0] != window.getResult() ||
      window.getType().getRank() != window.getSourceType().getRank() ||
      fill->getBlock() != reader->getBlock() ||
      copy->getBlock() != reader->getBlock() || !fill->isBeforeInBlock(copy) ||
      !copy->isBeforeInBlock(reader))
    return std::nullopt;
  for (OpFoldResult stride : window.getMixedStrides())
    if (getConstantIntValue(stride) != 1)
      return std::nullopt;
  PaddedInput padded;
  padded.value = getFillConstant(fill, input);
  for (OpFoldResult offset : window.getMixedOffsets()) {
    std::optional<int64_t> low = getConstantIntValue(offset);
    if (!low)
      return std::nullopt;
    padded.low.push_back(*low);
  }
  padded.source = copy.getInputs()[0];
  auto sourceType = dyn_cast<MemRefType>(padded.source.getType());
  SmallVector<int64_t> strides;
  int64_t offset;
  if (!sourceType || sourceType.getShape() != window.getType().getShape() ||
      failed(sourceType.getStridesAndOffset(strides, offset)) ||
      ShapedType::isDynamic(offset) ||
      llvm::any_of(strides, ShapedType::isDynamic))
    return std::nullopt;
  // The source: a kernel argument through views, written by no op here.
  Value root = getRootBuffer(padded.source);
  if (!isa<BlockArgument>(root))
    return std::nullopt;
  for (Operation &op : kernel.getBody().front()) {
    auto linalgOp = dyn_cast<linalg::LinalgOp>(&op);
    if (!linalgOp) {
      if (isProducer(&op) || isa<func::ReturnOp>(op))
        continue;
      return std::nullopt; // a write we do not follow
    }
    for (Value init : linalgOp.getDpsInits())
      if (getRootBuffer(init) == root)
        return std::nullopt;
  }
  padding.append({fill, copy});
  return padded;
}

/// Whether `v` is an f32 value extended from f16: every product of two
/// such values is exact in f32 (11 x 11 significant bits, magnitudes
/// within 2^-48 and 2^32).
bool isExtendedFromF16(Value v) {
  auto ext = v.getDefiningOp<arith::ExtFOp>();
  return ext && ext.getType().isF32() && ext.getIn().getType().isF16();
}

/// Marks every f32 addition of a product of two values extended from f16
/// in `op`'s payload (a 16-bit model's depthwise convolution, run on CUDA
/// cores) contractible, with its product: an fma rounds the exact product
/// plus the addend once, as the addition alone did, so the results are
/// bit-identical and each multiply-add is one instruction.
void markExactProductsContractible(linalg::LinalgOp op) {
  auto contract = [](auto op) {
    op.setFastmath(op.getFastmath() | arith::FastMathFlags::contract);
  };
  op->walk([&](arith::AddFOp add) {
    if (!add.getType().isF32())
      return;
    for (Value operand : {add.getLhs(), add.getRhs()}) {
      auto mul = operand.getDefiningOp<arith::MulFOp>();
      if (!mul || !isExtendedFromF16(mul.getLhs()) ||
          !isExtendedFromF16(mul.getRhs()))
        continue;
      contract(mul);
      contract(add);
      return;
    }
  });
}

/// Rewrites `reader` to read `operand`, a padded copy of another buffer
/// (PaddedInput), from that buffer: its payload loads the source at the
/// operand's indices minus `low` where they lie inside it and takes the
/// padding's value elsewhere. Every strategy but the GEMMs' evaluates the
/// payload per point, so the rewritten op maps as any other. Outside the
/// source, the load still needs a valid address: each padded index
/// becomes 0 where the point is outside, or, `perDimension`, where that
/// index itself is outside its dimension (each index then depends on its
/// own check only, so neighbouring points along a dimension they share
/// in-bounds compute the same address but for a constant).
void readPaddedInPlace(linalg::GenericOp reader, OpOperand &operand,
                       const PaddedInput &padded, bool perDimension) {
  OpBuilder b(reader);
  Location loc = reader.getLoc();
  AffineMap map = reader.getMatchingIndexingMap(&operand);
  auto sourceType = cast<MemRefType>(padded.source.getType());
  auto paddedType = cast<MemRefType>(operand.get().getType());
  SmallVector<Value> inputs;
  SmallVector<AffineMap> maps;
  for (OpOperand *input : reader.getDpsInputOperands()) {
    if (input == &operand)
      continue;
    inputs.push_back(input->get());
    maps.push_back(reader.getMatchingIndexingMap(input));
  }
  for (OpOperand &init : reader.getDpsInitsMutable())
    maps.push_back(reader.getMatchingIndexingMap(&init));
  BlockArgument replaced = reader.getMatchingBlockArgument(&operand);
  auto build = [&](OpBuilder &b, Location loc, ValueRange args) {
    auto c = [&](int64_t v) { return constantIndex(b, loc, v); };
    SmallVector<Value> point;
    for (unsigned d = 0; d < map.getNumDims(); ++d)
      point.push_back(linalg::IndexOp::create(b, loc, d));
    Value inside;
    SmallVector<Value> indices;
    SmallVector<std::pair<unsigned, Value>> checks; // padded dims' own
    for (auto [j, expr] : llvm::enumerate(map.getResults())) {
      Value index = affine::expandAffineExpr(b, loc, expr, point, {});
      if (padded.low[j] != 0)
        index = arith::SubIOp::create(b, loc, index, c(padded.low[j]));
      int64_t size = sourceType.getDimSize(j);
      if (padded.low[j] != 0 || paddedType.getDimSize(j) != size) {
        Value ok = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ult,
                                         index, c(size));
        inside = inside ? arith::AndIOp::create(b, loc, inside, ok) : ok;
        checks.emplace_back(j, ok);
      }
      indices.push_back(index);
    }
    // Outside, load from a valid address and take the padding's value.
    for (auto [j, ok] : checks)
      indices[j] = arith::SelectOp::create(b, loc, perDimension ? ok : inside,
                                           indices[j], c(0));
    Value value = memref::LoadOp::create(b, loc, padded.source, indices);
    if (inside)
      value = arith::SelectOp::create(b, loc, inside, value, padded.value);
    IRMapping payload;
    unsigned next = 0;
    for (BlockArgument arg : reader.getBody()->getArguments())
      payload.map(arg, arg == replaced ? value : args[next++]);
    for (Operation &op : reader.getBody()->without_terminator())
      b.clone(op, payload);
    SmallVector<Value> yielded;
    for (Value v : reader.getBody()->getTerminator()->getOperands())
      yielded.push_back(payload.lookupOrDefault(v));
    linalg::YieldOp::create(b, loc, yielded);
  };
  linalg::GenericOp::create(b, loc, TypeRange{}, inputs, reader.getDpsInits(),
                            maps, reader.getIteratorTypesArray(), build);
  reader->erase();
}

bool KernelMapper::isGemm(linalg::LinalgOp op) {
  SmallVector<int64_t> ranges = op.getStaticLoopRanges();
  if (!op.hasPureBufferSemantics() ||
      llvm::any_of(ranges, ShapedType::isDynamic) ||
      llvm::is_contained(ranges, 0))
    return false;
  std::optional<Combiner> combiner = matchCombiner(op);
  std::optional<ContractionDims> contraction;
  if (combiner)
    contraction = matchContraction(op, *combiner);
  return contraction &&
         contraction->extent(contraction->m, ranges) >=
             tiling.minContractionExtent &&
         contraction->extent(contraction->n, ranges) >=
             tiling.minContractionExtent &&
         getReductionPoints(op, ranges) >= 8;
}

/// How an operand's indexing map uses the first `rows` loops.
enum class RowUse { Local, Broadcast, Other };
RowUse classifyRowUse(AffineMap map, unsigned rows) {
  auto usesRow = [&](AffineExpr e) {
    for (unsigned i = 0; i < rows; ++i)
      if (e.isFunctionOfDim(i))
        return true;
    return false;
  };
  bool local = map.getNumResults() >= rows;
  for (unsigned i = 0; local && i < rows; ++i) {
    auto dim = dyn_cast<AffineDimExpr>(map.getResult(i));
    local = dim && dim.getPosition() == i;
  }
  for (unsigned i = local ? rows : 0; i < map.getNumResults(); ++i)
    if (usesRow(map.getResult(i)))
      return RowUse::Other;
  return local ? RowUse::Local : RowUse::Broadcast;
}

std::optional<RowKernel> KernelMapper::matchRowKernel() {
  RowKernel rk;
  for (Operation &op : kernel.getBody().front()) {
    if (isa<func::ReturnOp>(op) || isProducer(&op))
      continue;
    auto linalgOp = dyn_cast<linalg::LinalgOp>(&op);
    if (!linalgOp || !linalgOp.hasPureBufferSemantics() || isGemm(linalgOp))
      return std::nullopt;
    rk.ops.push_back(linalgOp);
  }
  if (rk.ops.size() < 2)
    return std::nullopt;
  // The rows: every dimension but the last of the final result.
  auto last =
      dyn_cast<MemRefType>(rk.ops.back().getDpsInitOperand(0)->get().getType());
  if (!last || last.getRank() < 2)
    return std::nullopt;
  unsigned rows = last.getRank() - 1;
  rk.rowShape.assign(last.getShape().begin(), last.getShape().end() - 1);
  // The buffers the ops write, through any views of them.
  DenseSet<Value> written;
  for (linalg::LinalgOp op : rk.ops)
    for (OpOperand &init : op.getDpsInitsMutable())
      written.insert(getRootBuffer(init.get()));
  int64_t widest = 0;
  for (linalg::LinalgOp op : rk.ops) {
    SmallVector<int64_t> ranges = op.getStaticLoopRanges();
    if (ranges.size() < rows || llvm::any_of(ranges, ShapedType::isDynamic) ||
        ArrayRef<int64_t>(ranges).take_front(rows) !=
            ArrayRef<int64_t>(rk.rowShape))
      return std::nullopt;
    SmallVector<utils::IteratorType> iterators = op.getIteratorTypesArray();
    for (unsigned i = 0; i < rows; ++i)
      if (iterators[i] != utils::IteratorType::parallel)
        return std::nullopt;
    for (OpOperand &operand : op->getOpOperands()) {
      RowUse use = classifyRowUse(op.getMatchingIndexingMap(&operand), rows);
      bool isInit = op.isDpsInit(&operand);
      if (use == RowUse::Other || (isInit && use != RowUse::Local))
        return std::nullopt;
      // A value read the same in every row must not be computed here
      // (in any view of the same buffer).
      if (use == RowUse::Broadcast &&
          written.contains(getRootBuffer(operand.get())))
        return std::nullopt;
    }
    rk.combiners.push_back(std::nullopt);
    if (op.getNumReductionLoops() == 0)
      continue;
    std::optional<Combiner> combiner = matchCombiner(op);
    rk.combiners.back() = combiner;
    SmallVector<unsigned> reductionDims;
    op.getReductionDims(reductionDims);
    int64_t reduction = product(selectExtents(ranges, reductionDims));
    if (!combiner || reduction < tiling.blockReductionThreshold)
      return std::nullopt;
    // One value per row (a statistic): a reduction with more outputs per
    // row (a vector-matrix product, as ResNet's classifier at batch 1)
    // would reduce them one after the other in a single block.
    if (product(ranges) / reduction != product(rk.rowShape))
      return std::nullopt;
    widest = std::max(widest, reduction);
  }
  // Row kernels are for reductions along rows (normalizations, softmax).
  if (widest == 0)
    return std::nullopt;
  rk.block = getReductionBlockSize(widest, tiling.blockSize);
  return rk;
}

void KernelMapper::emitRowKernel(const RowKernel &rk, Launch &launch) {
  Location loc = kernel.getLoc();
  MLIRContext *ctx = kernel.getContext();
  for (Operation &op : kernel.getBody().front())
    if (isProducer(&op))
      producers.push_back(&op);
  SmallVector<Type> workgroup;
  for (const std::optional<Combiner> &combiner : rk.combiners)
    if (combiner)
      workgroup.push_back(MemRefType::get(
          {rk.block}, combiner->x.getType(), AffineMap(),
          gpu::AddressSpaceAttr::get(ctx, gpu::AddressSpace::Workgroup)));
  IRMapping mapping;
  OpBuilder b(ctx);
  gpu::GPUFuncOp func = createFunction(loc, workgroup, mapping, b, launch.name);
  unsigned rows = rk.rowShape.size();
  int64_t numRows = product(rk.rowShape);
  int64_t grid = std::min(numRows, tiling.maxGridSize);
  launch.grid = {grid, 1, 1};
  launch.block = {rk.block, 1, 1};
  int64_t rowElements = 0;
  Value tid = gpu::ThreadIdOp::create(b, loc, gpu::Dimension::x);
  Value bid = gpu::BlockIdOp::create(b, loc, gpu::Dimension::x);
  auto outer = scf::ForOp::create(b, loc, bid, constantIndex(b, loc, numRows),
                                  constantIndex(b, loc, grid));
  b.setInsertionPointToStart(outer.getBody());
  SmallVector<Value> rowIvs =
      delinearize(b, loc, outer.getInductionVar(), rk.rowShape);
  unsigned nextShared = 0;
  for (auto [index, combiner] : llvm::enumerate(rk.combiners)) {
    linalg::LinalgOp op = rk.ops[index];
    OpBuilder::InsertionGuard guard(b);
    SmallVector<int64_t> ranges = op.getStaticLoopRanges();
    SmallVector<unsigned> parallelDims, innerDims, reductionDims;
    op.getParallelDims(parallelDims);
    op.getReductionDims(reductionDims);
    for (unsigned d : parallelDims)
      if (d >= rows)
        innerDims.push_back(d);
    SmallVector<int64_t> innerExtents = selectExtents(ranges, innerDims);
    int64_t points = product(innerExtents);
    rowElements = std::max(rowElements, product(ranges) / numRows);
    SmallVector<Value> ivs(ranges.size());
    llvm::copy(rowIvs, ivs.begin());
    if (combiner) {
      // The row's one point (matchRowKernel: its other parallel loops have
      // one iteration), reduced by the whole block.
      for (unsigned d : innerDims)
        ivs[d] = constantIndex(b, loc, 0);
      emitBlockReducePoint(b, loc, op, mapping, ivs, reductionDims,
                           selectExtents(ranges, reductionDims), *combiner,
                           func.getWorkgroupAttributions()[nextShared++], tid,
                           rk.block);
      continue;
    }
    // Elementwise: the row's points spread over the threads.
    auto loop = scf::ForOp::create(b, loc, tid, constantIndex(b, loc, points),
                                   constantIndex(b, loc, rk.block));
    {
      OpBuilder::InsertionGuard inner(b);
      b.setInsertionPointToStart(loop.getBody());
      for (auto [d, iv] :
           llvm::zip(innerDims,
                     delinearize(b, loc, loop.getInductionVar(), innerExtents)))
        ivs[d] = iv;
      IRMapping payload = mapping;
      bindOperands(b, loc, op, mapping, payload, ivs, /*withOutputs=*/true);
      SmallVector<Value> results = emitPayload(b, op, payload, ivs);
      for (auto [operand, value] : llvm::zip(op.getDpsInitsMutable(), results))
        storeOperand(b, loc, op, operand, mapping, ivs, value);
    }
    gpu::BarrierOp::create(b, loc);
  }
  launch.strategy = "row kernel: " + std::to_string(rk.ops.size()) +
                    " ops per row of " + std::to_string(rowElements) +
                    " elements, one block per row";
}

bool KernelMapper::fitsWarpRows(const RowKernel &rk) {
  if (!tiling.warpRowKernels)
    return false;
  unsigned rows = rk.rowShape.size();
  int64_t numRows = product(rk.rowShape);
  if (numRows < kWarpRowsPerTargetBlock * tiling.targetBlocks)
    return false;
  DenseSet<Value> written;
  for (linalg::LinalgOp op : rk.ops)
    for (OpOperand &init : op.getDpsInitsMutable())
      written.insert(getRootBuffer(init.get()));
  // The places computed so far, in program order: a lane holds the value
  // of each at its points. Every read of a buffer the kernel writes must
  // be one of them (else another lane, or another view, wrote it).
  std::set<RowPlace> computed;
  for (auto [index, combiner] : llvm::enumerate(rk.combiners)) {
    linalg::LinalgOp op = rk.ops[index];
    int64_t points = product(op.getStaticLoopRanges()) / numRows;
    if (points > kMaxWarpRowPoints)
      return false;
    // Warp shuffles move 32-bit values.
    if (combiner && (!combiner->x.getType().isIntOrFloat() ||
                     combiner->x.getType().getIntOrFloatBitWidth() != 32))
      return false;
    for (OpOperand &operand : op->getOpOperands()) {
      if (!isa<MemRefType>(operand.get().getType()))
        continue;
      bool read = !op.getMatchingBlockArgument(&operand).use_empty() ||
                  (combiner && op.isDpsInit(&operand));
      if (read && written.contains(getRootBuffer(operand.get())) &&
          !computed.count(getRowPlace(op, operand, rows)))
        return false;
    }
    for (OpOperand &init : op.getDpsInitsMutable()) {
      RowPlace place = getRowPlace(op, init, rows);
      // Every point of an elementwise op writing one value per row: the
      // lanes would hold different values for it.
      if (!combiner && points > 1 && place.extents.empty())
        return false;
      for (auto it = computed.begin(); it != computed.end();)
        it = mayOverlap(it->buffer, init.get()) ? computed.erase(it)
                                                : std::next(it);
      computed.insert(place);
    }
  }
  return true;
}

void KernelMapper::emitWarpRowKernel(const RowKernel &rk, Launch &launch) {
  Location loc = kernel.getLoc();
  for (Operation &op : kernel.getBody().front())
    if (isProducer(&op))
      producers.push_back(&op);
  IRMapping mapping;
  OpBuilder b(kernel.getContext());
  createFunction(loc, {}, mapping, b, launch.name);
  auto c = [&](int64_t v) { return constantIndex(b, loc, v); };
  unsigned rows = rk.rowShape.size();
  int64_t numRows = product(rk.rowShape);
  int64_t grid = std::min(ceilDiv(numRows, kWarpRowWarps), tiling.maxGridSize);
  launch.grid = {grid, 1, 1};
  launch.block = {32 * kWarpRowWarps, 1, 1};
  Value tid = gpu::ThreadIdOp::create(b, loc, gpu::Dimension::x);
  Value bid = gpu::BlockIdOp::create(b, loc, gpu::Dimension::x);
  Value lane = arith::RemUIOp::create(b, loc, tid, c(32));
  Value warp = arith::DivUIOp::create(b, loc, tid, c(32));
  Value first = arith::AddIOp::create(
      b, loc, arith::MulIOp::create(b, loc, bid, c(kWarpRowWarps)), warp);
  // Warp-uniform bounds: the shuffles below run with every lane.
  auto outer =
      scf::ForOp::create(b, loc, first, c(numRows), c(grid * kWarpRowWarps));
  b.setInsertionPointToStart(outer.getBody());
  SmallVector<Value> rowIvs =
      delinearize(b, loc, outer.getInductionVar(), rk.rowShape);
  // Only this kernel reads its scratch: values bound for it stay in
  // registers.
  Value scratch;
  if (kernel->hasAttr(kScratchBytesAttrName))
    scratch = kernel.getArgument(kernel.getNumArguments() - 1);

  // Each lane's points of a row: with `width` > 1, runs of `width`
  // neighbours along the innermost loop, which aligned operands indexed
  // last by that loop load and store as one vector (16 bytes of the
  // widest element, when every op's points divide into such runs for
  // every lane); else l, l + 32, ...
  int64_t width = kVectorBytes;
  {
    // The widest element read or written along a row (not the
    // statistics, one per row).
    unsigned widestBits = 8;
    for (linalg::LinalgOp op : rk.ops)
      for (OpOperand &operand : op->getOpOperands())
        if (auto type = dyn_cast<MemRefType>(operand.get().getType()))
          if (op.getMatchingIndexingMap(&operand).isFunctionOfDim(
                  op.getNumLoops() - 1) &&
              product(op.getStaticLoopRanges()) > numRows)
            widestBits = std::max(widestBits, type.getElementTypeBitWidth());
    width = std::min<int64_t>(kVectorBytes * 8 / widestBits, kMaxVectorWidth);
    auto fits = [&](linalg::LinalgOp op) {
      SmallVector<int64_t> ranges = op.getStaticLoopRanges();
      int64_t points = product(ranges) / numRows;
      return points == 1 ||
             (points % (32 * width) == 0 && ranges.back() % width == 0);
    };
    while (width > 1 && !llvm::all_of(rk.ops, fits))
      width /= 2;
  }
  Value laneBase = arith::MulIOp::create(b, loc, lane, c(width));
  // The lane's k-th point of an op whose loops past the row have extents
  // `inner`; past the end (rows not a multiple of 32 points), the last
  // point, whose value is masked (reductions) or not stored (`active`).
  auto pointAt = [&](ArrayRef<int64_t> inner, int64_t k, Value &active) {
    int64_t points = product(inner);
    active = Value();
    Value q;
    if (points > 1 && width > 1) {
      q = arith::AddIOp::create(b, loc, laneBase,
                                c((k / width) * 32 * width + k % width));
    } else {
      q = arith::AddIOp::create(b, loc, lane, c(32 * k));
      if (32 * (k + 1) > points) {
        active = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ult, q,
                                       c(points));
        q = arith::MinUIOp::create(b, loc, q, c(points - 1));
      }
    }
    SmallVector<Value> ivs(rowIvs);
    llvm::append_range(ivs, delinearize(b, loc, q, inner));
    return ivs;
  };
  // Whether `op` reads or writes `operand` a vector at a time.
  auto isVectorAccess = [&](linalg::LinalgOp op, OpOperand &operand) {
    auto type = dyn_cast<MemRefType>(operand.get().getType());
    SmallVector<int64_t> ranges = op.getStaticLoopRanges();
    return width > 1 && type && product(ranges) / numRows > 1 &&
           isIndexedLastBy(op.getMatchingIndexingMap(&operand),
                           op.getNumLoops() - 1) &&
           hasVectorAlignedStorage(operand.get()) &&
           isVectorAligned(type, width);
  };

  // The lane's value at each place and k (fitsWarpRows: every read of a
  // buffer the kernel writes finds one).
  std::map<std::pair<RowPlace, int64_t>, Value> values;
  auto read = [&](linalg::LinalgOp op, OpOperand &operand,
                  ArrayRef<int64_t> inner, ValueRange ivs, int64_t k) {
    if (!isa<MemRefType>(operand.get().getType()))
      return loadOperand(b, loc, op, operand, mapping, ivs);
    RowPlace place = getRowPlace(op, operand, rows);
    auto key = std::make_pair(place, place.extents.empty() ? 0 : k);
    auto it = values.find(key);
    if (it != values.end())
      return it->second;
    if (!isVectorAccess(op, operand))
      return values.emplace(key, loadOperand(b, loc, op, operand, mapping, ivs))
          .first->second;
    // The whole run k belongs to, as one vector.
    int64_t k0 = k - k % width;
    Value active;
    SmallVector<Value> start = pointAt(inner, k0, active);
    Value source = mapping.lookup(operand.get());
    Value vector = vector::LoadOp::create(
        b, loc,
        VectorType::get({width},
                        op.getMatchingBlockArgument(&operand).getType()),
        source, operandIndices(b, loc, op, operand, start),
        /*nontemporal=*/false, llvm::MaybeAlign(getVectorBytes(source, width)));
    for (int64_t i = 0; i < width; ++i)
      values.emplace(std::make_pair(place, k0 + i),
                     vector::ExtractOp::create(b, loc, vector, i));
    return values.at(key);
  };
  auto write = [&](linalg::LinalgOp op, OpOperand &operand,
                   ArrayRef<int64_t> inner, ValueRange ivs, int64_t k,
                   Value value, Value active) {
    RowPlace place = getRowPlace(op, operand, rows);
    // Other places in the same buffer may overlap this one.
    for (auto it = values.begin(); it != values.end();) {
      const RowPlace &other = it->first.first;
      bool overlaps = mayOverlap(other.buffer, operand.get()) &&
                      (other < place || place < other);
      it = overlaps ? values.erase(it) : std::next(it);
    }
    values[std::make_pair(place, place.extents.empty() ? 0 : k)] = value;
    if (scratch && getRootBuffer(operand.get()) == scratch)
      return;
    if (isVectorAccess(op, operand)) {
      // Stored once the run is complete.
      if (k % width != width - 1)
        return;
      int64_t k0 = k - k % width;
      SmallVector<Value> elements;
      for (int64_t i = 0; i < width; ++i)
        elements.push_back(values.at(std::make_pair(place, k0 + i)));
      Value vector = vector::FromElementsOp::create(
          b, loc, VectorType::get({width}, value.getType()), elements);
      Value target = mapping.lookup(operand.get());
      Value unused;
      vector::StoreOp::create(
          b, loc, vector, target,
          operandIndices(b, loc, op, operand, pointAt(inner, k0, unused)),
          /*nontemporal=*/false,
          llvm::MaybeAlign(getVectorBytes(target, width)));
      return;
    }
    OpBuilder::InsertionGuard guard(b);
    if (active)
      b.setInsertionPointToStart(
          scf::IfOp::create(b, loc, active, /*withElse=*/false).thenBlock());
    storeOperand(b, loc, op, operand, mapping, ivs, value);
  };

  int64_t rowElements = 0;
  for (auto [index, combiner] : llvm::enumerate(rk.combiners)) {
    linalg::LinalgOp op = rk.ops[index];
    SmallVector<int64_t> ranges = op.getStaticLoopRanges();
    ArrayRef<int64_t> inner = ArrayRef<int64_t>(ranges).drop_front(rows);
    int64_t points = product(inner);
    rowElements = std::max(rowElements, points);
    int64_t perLane = ceilDiv(points, 32);
    if (!combiner) {
      for (int64_t k = 0; k < perLane; ++k) {
        Value active;
        SmallVector<Value> ivs = pointAt(inner, k, active);
        IRMapping payload = mapping;
        for (OpOperand &operand : op->getOpOperands()) {
          BlockArgument arg = op.getMatchingBlockArgument(&operand);
          if (!arg.use_empty())
            payload.map(arg, read(op, operand, inner, ivs, k));
        }
        SmallVector<Value> results = emitPayload(b, op, payload, ivs);
        for (auto [init, value] : llvm::zip(op.getDpsInitsMutable(), results))
          write(op, init, inner, ivs, k, value, active);
      }
      continue;
    }
    // A reduction: the lane's points, then across the warp.
    Type type = combiner->x.getType();
    Value identity = arith::getIdentityValue(combiner->kind, type, b, loc);
    Value acc = identity;
    for (int64_t k = 0; k < perLane; ++k) {
      Value active;
      SmallVector<Value> ivs = pointAt(inner, k, active);
      IRMapping payload = mapping;
      for (OpOperand *input : op.getDpsInputOperands()) {
        BlockArgument arg = op.getMatchingBlockArgument(input);
        if (!arg.use_empty())
          payload.map(arg, read(op, *input, inner, ivs, k));
      }
      emitPayload(b, op, payload, ivs, combiner->op);
      Value x = payload.lookupOrDefault(combiner->x);
      if (active)
        x = arith::SelectOp::create(b, loc, active, x, identity);
      acc = emitCombine(b, *combiner, acc, x);
    }
    for (int32_t offset = 16; offset > 0; offset /= 2) {
      Value other =
          gpu::ShuffleOp::create(b, loc, acc, offset, 32, gpu::ShuffleMode::XOR)
              .getShuffleResult();
      acc = emitCombine(b, *combiner, acc, other);
    }
    SmallVector<Value> ivs(rowIvs);
    ivs.append(inner.size(), c(0));
    OpOperand &output = *op.getDpsInitOperand(0);
    Value total =
        emitCombine(b, *combiner, read(op, output, inner, ivs, 0), acc);
    Value leader =
        arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, lane, c(0));
    write(op, output, inner, ivs, 0, total, leader);
  }
  launch.strategy =
      "row kernel: " + std::to_string(rk.ops.size()) + " ops per row of " +
      std::to_string(rowElements) + " elements, one warp per row" +
      (width > 1 ? ", " + std::to_string(width) + " per run" : "");
}

LogicalResult KernelMapper::run(SmallVectorImpl<Launch> &launches) {
  // A fused attention whose shapes the fused launch takes: that launch
  // alone (its body, the reference computation, is not mapped).
  if (tiling.f16TensorCores)
    if (std::optional<FusedAttentionKernel> attention =
            matchFusedAttentionKernel(kernel)) {
      Launch launch;
      IRMapping mapping;
      OpBuilder b(kernel.getContext());
      gpu::GPUFuncOp func = createFunction(
          kernel.getLoc(),
          getFusedAttentionBuffers(kernel.getContext(), *attention), mapping, b,
          launch.name);
      SmallVector<Value> shared(func.getWorkgroupAttributions());
      emitFusedAttention(b, kernel.getLoc(), *attention, mapping, shared,
                         launch);
      launches.push_back(launch);
      return success();
    }
  // Normalizations and softmax: their row-wise ops in one launch.
  if (tiling.rowKernels)
    if (std::optional<RowKernel> rows = matchRowKernel()) {
      Launch launch;
      if (fitsWarpRows(*rows))
        emitWarpRowKernel(*rows, launch);
      else
        emitRowKernel(*rows, launch);
      launches.push_back(launch);
      return success();
    }
  // Initializers and epilogues run inside their contraction's (or
  // sequential reduction's) launch.
  llvm::SmallPtrSet<Operation *, 4> fusedEpilogues;
  DenseMap<Operation *, linalg::LinalgOp> initializers;
  // Tensor-core GEMMs read zero-padded inputs in place: the padding's fill
  // and copy run in no launch.
  DenseMap<Operation *, SmallVector<std::optional<PaddedInput>, 2>>
      paddedInputs;
  llvm::SmallPtrSet<Operation *, 4> foldedPadding;
  if (tiling.foldPadding)
    for (Operation &op : kernel.getBody().front()) {
      auto gemm = dyn_cast<linalg::LinalgOp>(&op);
      if (!gemm || !isGemm(gemm) || !getTensorCoreConfig(gemm))
        continue;
      SmallVector<std::optional<PaddedInput>, 2> inputs;
      SmallVector<Operation *> padding;
      // A copy past the source's edge zero-fills.
      for (OpOperand *input : gemm.getDpsInputOperands()) {
        SmallVector<Operation *> ops;
        std::optional<PaddedInput> padded =
            matchPaddedInput(input->get(), gemm, ops);
        if (padded && !matchPattern(padded->value, m_PosZeroFloat()))
          padded.reset();
        if (padded)
          padding.append(ops);
        inputs.push_back(std::move(padded));
      }
      if (padding.empty())
        continue;
      foldedPadding.insert(padding.begin(), padding.end());
      paddedInputs[gemm] = std::move(inputs);
    }
  // Split-K GEMMs keep their partial sums at the end of the scratch, in
  // one region the kernel's GEMMs share (they run one after another).
  int64_t partialsBytes = 0, partialsOffset = 0;
  for (Operation &op : kernel.getBody().front()) {
    auto gemm = dyn_cast<linalg::LinalgOp>(&op);
    if (!gemm || !isGemm(gemm))
      continue;
    std::optional<TensorCoreConfig> tile = getTensorCoreConfig(gemm);
    if (!tile || tile->splitK == 1)
      continue;
    SmallVector<int64_t> ranges = gemm.getStaticLoopRanges();
    ContractionDims dims = *matchContraction(gemm, *matchCombiner(gemm));
    int64_t outputs = dims.extent(dims.batch, ranges) *
                      dims.extent(dims.m, ranges) * dims.extent(dims.n, ranges);
    partialsBytes = std::max(partialsBytes, 4 * tile->splitK * outputs);
  }
  if (partialsBytes)
    partialsOffset = appendScratch(partialsBytes);
  auto viewPartials = [&](OpBuilder &b, IRMapping &mapping, Location loc) {
    Value scratch =
        mapping.lookup(kernel.getArgument(kernel.getNumArguments() - 1));
    return memref::ViewOp::create(
               b, loc, MemRefType::get({partialsBytes / 4}, b.getF32Type()),
               scratch, constantIndex(b, loc, partialsOffset), ValueRange{})
        .getResult();
  };
  // Other ops (a padded MaxPool) read a padded input in their payload.
  if (tiling.foldPadding) {
    SmallVector<linalg::GenericOp> readers;
    for (Operation &op : kernel.getBody().front())
      if (auto generic = dyn_cast<linalg::GenericOp>(&op))
        if (generic.hasPureBufferSemantics() && !isGemm(generic))
          readers.push_back(generic);
    for (linalg::GenericOp reader : readers)
      for (OpOperand *input : reader.getDpsInputOperands()) {
        SmallVector<Operation *> padding;
        if (std::optional<PaddedInput> padded =
                matchPaddedInput(input->get(), reader, padding)) {
          readPaddedInPlace(reader, *input, *padded,
                            tiling.paddingSelectsPerDimension);
          foldedPadding.insert(padding.begin(), padding.end());
          break; // `reader` is gone
        }
      }
  }
  // Multiply-adds of f16 products as fma, outside GEMMs (whose strategies
  // multiply otherwise).
  if (tiling.fmaExactProducts)
    for (Operation &op : kernel.getBody().front())
      if (auto linalgOp = dyn_cast<linalg::LinalgOp>(&op))
        if (!isGemm(linalgOp))
          markExactProductsContractible(linalgOp);
  // The elementwise op after `op` that runs in its launch (matchEpilogue),
  // once the pure ops in between (views of the epilogue's operands,
  // constants) are cloned for it; whether `op` must still store its own
  // output; and that next op.
  auto fuseEpilogue = [&](OpBuilder &b, linalg::LinalgOp op,
                          IRMapping &mapping) {
    FusedEpilogue fused;
    fused.next = nextWrite(op);
    for (Operation *p = op->getNextNode(); p != fused.next;
         p = p->getNextNode())
      b.clone(*p, mapping);
    fused.epilogue = matchEpilogue(op, fused.next, mapping);
    if (fused.epilogue) {
      fused.storeOutput =
          isOutputRead(op.getDpsInitOperand(0)->get(), op, fused.epilogue);
      fusedEpilogues.insert(fused.epilogue);
    }
    return fused;
  };
  for (Operation &op : kernel.getBody().front()) {
    if (isa<func::ReturnOp>(op) || fusedEpilogues.contains(&op) ||
        foldedPadding.contains(&op))
      continue;
    if (isProducer(&op)) {
      producers.push_back(&op);
      continue;
    }
    auto linalgOp = dyn_cast<linalg::LinalgOp>(&op);
    if (linalgOp && !linalgOp.hasPureBufferSemantics())
      return op.emitOpError("is not bufferized; the GPU mapping runs after "
                            "the buffers phase");
    if (linalgOp && linalgOp.getNumDpsInits() == 1) {
      auto gemm = dyn_cast_or_null<linalg::LinalgOp>(nextWrite(&op));
      if (gemm && gemm.getNumDpsInits() == 1 &&
          isInitializerOf(linalgOp, gemm.getDpsInitOperand(0)->get()) &&
          (isGemm(gemm) || isSequentialReduction(gemm))) {
        initializers[gemm] = linalgOp;
        continue;
      }
    }
    SmallVector<int64_t> ranges;
    if (linalgOp) {
      ranges = linalgOp.getStaticLoopRanges();
      if (llvm::any_of(ranges, ShapedType::isDynamic))
        return op.emitOpError("has a dynamic iteration space");
      // Nothing to compute.
      if (llvm::is_contained(ranges, 0))
        continue;
    }

    Launch launch;
    IRMapping mapping;
    OpBuilder b(kernel.getContext());
    Location loc = op.getLoc();
    if (!linalgOp) {
      // Anything else runs as written, on one thread.
      launch.strategy = "one thread";
      createFunction(loc, {}, mapping, b, launch.name);
      b.clone(op, mapping);
      launches.push_back(launch);
      continue;
    }

    std::optional<Combiner> combiner = matchCombiner(linalgOp);
    int64_t reduction = getReductionPoints(linalgOp, ranges);

    // The same test that folded initializers into this op above.
    if (isGemm(linalgOp)) {
      std::optional<TensorCoreConfig> tensorCore =
          getTensorCoreConfig(linalgOp);
      SmallVector<Type> workgroup;
      if (tensorCore) {
        workgroup = getTensorCoreBuffers(linalgOp, *tensorCore);
      } else {
        auto shared = [&](OpOperand *operand, int64_t rows) -> Type {
          Type element =
              cast<MemRefType>(operand->get().getType()).getElementType();
          return MemRefType::get(
              {tiling.tileK, rows}, element, AffineMap(),
              gpu::AddressSpaceAttr::get(kernel.getContext(),
                                         gpu::AddressSpace::Workgroup));
        };
        workgroup = {shared(linalgOp.getDpsInputOperand(0), tiling.tileM),
                     shared(linalgOp.getDpsInputOperand(1), tiling.tileN)};
      }
      gpu::GPUFuncOp func =
          createFunction(loc, workgroup, mapping, b, launch.name);
      SmallVector<Value> buffers(func.getWorkgroupAttributions());
      auto [next, epilogue, storeOutput] = fuseEpilogue(b, linalgOp, mapping);
      if (tensorCore && tensorCore->splitK > 1) {
        // Partial sums, then their sum and the epilogue in a second launch.
        emitTensorCoreGemm(b, linalgOp, mapping, ranges, *combiner, *tensorCore,
                           buffers, {}, {}, /*storeOutput=*/false,
                           /*interiorEpilogue=*/false, paddedInputs.lookup(&op),
                           viewPartials(b, mapping, loc), launch);
        launches.push_back(launch);
        Launch sum;
        IRMapping sumMapping;
        createFunction(loc, {}, sumMapping, b, sum.name);
        for (Operation *p = op.getNextNode(); p != next; p = p->getNextNode())
          b.clone(*p, sumMapping);
        emitSplitKSum(b, linalgOp, sumMapping, ranges, *combiner,
                      tensorCore->splitK, viewPartials(b, sumMapping, loc),
                      initializers.lookup(&op), epilogue, storeOutput,
                      tiling.blockSize, sum);
        launches.push_back(sum);
        continue;
      }
      if (tensorCore) {
        emitTensorCoreGemm(b, linalgOp, mapping, ranges, *combiner, *tensorCore,
                           buffers, initializers.lookup(&op), epilogue,
                           storeOutput, tiling.interiorEpilogue,
                           paddedInputs.lookup(&op), /*partials=*/Value(),
                           launch);
      } else
        emitContraction(b, linalgOp, mapping, ranges, *combiner, buffers,
                        initializers.lookup(&op), epilogue, storeOutput,
                        launch);
    } else if (combiner && isBlockReduction(linalgOp, ranges)) {
      Type element = combiner->x.getType();
      auto sharedType = MemRefType::get(
          {getReductionBlockSize(reduction, tiling.blockSize)}, element,
          AffineMap(),
          gpu::AddressSpaceAttr::get(kernel.getContext(),
                                     gpu::AddressSpace::Workgroup));
      gpu::GPUFuncOp func =
          createFunction(loc, {sharedType}, mapping, b, launch.name);
      emitBlockReduction(b, linalgOp, mapping, ranges, *combiner,
                         func.getWorkgroupAttributions()[0], launch);
    } else {
      createFunction(loc, {}, mapping, b, launch.name);
      FusedEpilogue fused;
      if (isSequentialReduction(linalgOp))
        fused = fuseEpilogue(b, linalgOp, mapping);
      if (failed(emitParallel(b, linalgOp, mapping, ranges,
                              initializers.lookup(&op), fused.epilogue,
                              fused.storeOutput, launch)))
        return failure();
    }
    launches.push_back(launch);
  }
  return success();
}

//===----------------------------------------------------------------------===//
// The pass
//===----------------------------------------------------------------------===//

/// The tensor-core tiles of the tuning cache at `path` (their syntax
/// checked by readTuningCache, each tile here).
LogicalResult readTunedTiles(StringRef path, Location loc,
                             std::map<std::string, TuningCache::Tile> &tiles) {
  FailureOr<TuningCache> cache = readTuningCache(path, loc);
  if (failed(cache))
    return failure();
  for (const auto &[shape, tile] : cache->tiles)
    if (!isTensorCoreTile(tile.m, tile.n))
      return emitError(loc)
             << "tuning cache '" << path << "' line " << tile.line << ": GEMM "
             << shape << " names tile " << tile.m << "x" << tile.n
             << ", not a tensor-core tile (" << describeTensorCoreTiles()
             << ")";
  tiles = std::move(cache->tiles);
  return success();
}

struct MapKernelsToGPUPass final
    : impl::MapKernelsToGPUPassBase<MapKernelsToGPUPass> {
  using Base::Base;

  std::optional<L1Bypass> parseL1Bypass() {
    return llvm::StringSwitch<std::optional<L1Bypass>>(l1Bypass)
        .Case("none", L1Bypass::None)
        .Case("swizzled", L1Bypass::Swizzled)
        .Case("swizzled-wide-k", L1Bypass::SwizzledWideK)
        .Case("all", L1Bypass::All)
        .Default(std::nullopt);
  }

  LogicalResult checkOptions() {
    if (blockSize < 32 || blockSize > 1024 || !llvm::isPowerOf2_64(blockSize))
      return emitError(getOperation().getLoc())
             << "block-size must be a power of two in [32, 1024], not "
             << int64_t(blockSize);
    for (int64_t tile : {tileM.getValue(), tileN.getValue()})
      if (tile < 16 || tile > 128 || tile % 16 != 0)
        return emitError(getOperation().getLoc())
               << "tile-m and tile-n must be multiples of 16 in [16, 128], "
                  "not "
               << tile;
    if (tileK < 1 || (tileM * tileK) % 256 != 0 || (tileN * tileK) % 256 != 0)
      return emitError(getOperation().getLoc())
             << "tile-k must make tile-m x tile-k and tile-n x tile-k "
                "multiples of 256, not "
             << int64_t(tileK);
    if (reductionLanes != 1 && reductionLanes != 2 && reductionLanes != 4 &&
        reductionLanes != 8)
      return emitError(getOperation().getLoc())
             << "reduction-lanes must be 1, 2, 4 or 8, not "
             << int64_t(reductionLanes);
    if (tensorCoreWarps != 4 && tensorCoreWarps != 8)
      return emitError(getOperation().getLoc())
             << "tensor-core-warps must be 4 or 8, not "
             << int64_t(tensorCoreWarps);
    if (tensorCoreMaxStages < 2 || tensorCoreMaxStages > 4)
      return emitError(getOperation().getLoc())
             << "tensor-core-max-stages must be 2 to 4, not "
             << int64_t(tensorCoreMaxStages);
    if (precision != "fp32" && precision != "tf32")
      return emitError(getOperation().getLoc())
             << "precision must be fp32 or tf32, not '" << precision << "'";
    if (!parseL1Bypass())
      return emitError(getOperation().getLoc())
             << "l1-bypass must be none, swizzled, swizzled-wide-k or all, "
             << "not '" << l1Bypass << "'";
    if (maxGridSize < 1 || minContractionExtent < 1 || targetBlocks < 1 ||
        blockReductionThreshold < 1)
      return emitError(getOperation().getLoc())
             << "max-grid-size, min-contraction-extent, target-blocks and "
                "block-reduction-threshold must be positive";
    return success();
  }

  void runOnOperation() override {
    ModuleOp module = getOperation();
    if (failed(checkOptions()))
      return signalPassFailure();
    SmallVector<func::FuncOp> kernels;
    for (auto func : module.getOps<func::FuncOp>()) {
      if (!func->hasAttr(kKernelAttrName) || func.isExternal())
        continue;
      // A library runs it (modelc-select-library-gemms): no device code,
      // and no temporaries of the generated code.
      if (func->hasAttr(kLibraryGemmAttrName)) {
        func.getBody().getBlocks().clear();
        func.setPrivate();
        func->removeAttr(kScratchBytesAttrName);
        continue;
      }
      kernels.push_back(func);
    }
    if (kernels.empty())
      return;
    OpBuilder builder = OpBuilder::atBlockEnd(module.getBody());
    auto device =
        gpu::GPUModuleOp::create(builder, module.getLoc(), kDeviceModuleName);
    Tiling tiling{blockSize,
                  tileM,
                  tileN,
                  tileK,
                  minContractionExtent,
                  blockReductionThreshold,
                  maxGridSize,
                  precision,
                  targetBlocks,
                  interiorEpilogue,
                  tensorCoreWarps,
                  tensorCoreMaxStages,
                  f16TensorCores,
                  wideCopies,
                  rowKernels,
                  warpRowKernels,
                  foldPadding,
                  splitK,
                  swizzledRows,
                  pairedEpilogue,
                  wideEpilogue,
                  *parseL1Bypass(),
                  paddingSelectsPerDimension,
                  fmaExactProducts,
                  reductionLanes,
                  {}};
    if (!tuningCache.empty() &&
        failed(readTunedTiles(tuningCache, module.getLoc(), tiling.tunedTiles)))
      return signalPassFailure();

    SymbolTable symbols(module);
    for (func::FuncOp kernel : kernels) {
      SmallVector<Launch> launches;
      if (failed(KernelMapper(kernel, device, tiling).run(launches)))
        return signalPassFailure();
      releaseUnusedScratch(kernel, device, launches);
      SmallVector<Attribute> list;
      for (const Launch &launch : launches) {
        SmallVector<NamedAttribute> entries = {
            builder.getNamedAttr("name", builder.getStringAttr(launch.name)),
            builder.getNamedAttr("grid",
                                 builder.getDenseI64ArrayAttr(launch.grid)),
            builder.getNamedAttr("block",
                                 builder.getDenseI64ArrayAttr(launch.block))};
        if (launch.flops)
          entries.push_back(builder.getNamedAttr(
              "flops", builder.getI64IntegerAttr(launch.flops)));
        if (!launch.strategy.empty())
          entries.push_back(builder.getNamedAttr(
              "strategy", builder.getStringAttr(launch.strategy)));
        list.push_back(builder.getDictionaryAttr(entries));
      }
      kernel->setAttr(kLaunchesAttrName, builder.getArrayAttr(list));
      kernel.getBody().getBlocks().clear();
      kernel.setPrivate();
    }

    // What the functions refer to: constant globals and helper functions.
    SymbolTable deviceSymbols(device);
    SmallVector<Operation *> worklist;
    device.walk([&](Operation *op) { worklist.push_back(op); });
    while (!worklist.empty()) {
      Operation *op = worklist.pop_back_val();
      StringAttr name;
      if (auto get = dyn_cast<memref::GetGlobalOp>(op))
        name = get.getNameAttr().getAttr();
      else if (auto call = dyn_cast<func::CallOp>(op))
        name = call.getCalleeAttr().getAttr();
      if (!name || deviceSymbols.lookup(name))
        continue;
      Operation *definition = symbols.lookup(name);
      if (!definition) {
        op->emitOpError("refers to a symbol missing from the kernels module");
        return signalPassFailure();
      }
      Operation *copy = definition->clone();
      deviceSymbols.insert(copy);
      copy->walk([&](Operation *nested) { worklist.push_back(nested); });
    }
    // The originals are dead now (kernels are declarations).
    for (Operation &op : llvm::make_early_inc_range(*module.getBody()))
      if (isa<memref::GlobalOp>(op) ||
          (isa<func::FuncOp>(op) && !op.hasAttr(kKernelAttrName)))
        op.erase();
  }
};

} // namespace
} // namespace mlir::modelc

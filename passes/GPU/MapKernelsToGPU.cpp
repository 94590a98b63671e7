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
//
//===----------------------------------------------------------------------===//

#include "passes/GPU/Passes.h"

#include "dialects/Modelc/IR/ModelcDialect.h"

#include "mlir/Analysis/FlatLinearValueConstraints.h"
#include "mlir/Dialect/Affine/Utils.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/LLVMIR/NVVMDialect.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/NVGPU/IR/NVGPUDialect.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/TypeSwitch.h"
#include "llvm/Support/MemoryBuffer.h"

#include <map>

namespace mlir::modelc {
#define GEN_PASS_DEF_MAPKERNELSTOGPUPASS
#include "passes/GPU/Passes.h.inc"

namespace {

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
  /// f16 and bf16 GEMMs with f32 accumulation on tensor cores (m16n8k16).
  bool f16TensorCores = true;
  /// Tensor-core block tiles (m, n) from a tuning cache, by GEMM shape
  /// ("MxNxK", "MxNxKxBATCH" when batched).
  std::map<std::string, std::pair<int64_t, int64_t>> tunedTiles;
};

/// The alignment of every shared buffer, in bytes.
constexpr int64_t kSharedAlignment = 16;

int64_t ceilDiv(int64_t a, int64_t b) { return (a + b - 1) / b; }

int64_t product(ArrayRef<int64_t> values) {
  int64_t p = 1;
  for (int64_t v : values)
    p *= v;
  return p;
}

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
                                   ArrayRef<unsigned> dims) {
  return selectAt(ranges, dims);
}

/// A GEMM's shape as tuning caches name it: "MxNxK", or "MxNxKxBATCH".
std::string getGemmKey(int64_t M, int64_t N, int64_t K, int64_t batch) {
  std::string key =
      std::to_string(M) + "x" + std::to_string(N) + "x" + std::to_string(K);
  if (batch > 1)
    key += "x" + std::to_string(batch);
  return key;
}

/// "KIND TMxTN tiles, GEMM MxNxK[xBATCH]" for --report: the shape as
/// tuning caches key it (getGemmKey).
std::string describeGemm(StringRef kind, int64_t tileM, int64_t tileN,
                         int64_t M, int64_t N, int64_t K, int64_t batch) {
  return (kind + " " + Twine(tileM) + "x" + Twine(tileN) + " tiles, GEMM " +
          getGemmKey(M, N, K, batch))
      .str();
}

/// Threads of a block reduction over `elements`: one per element, in
/// powers of two from a warp to `maxThreads`.
int64_t getReductionBlockSize(int64_t elements, int64_t maxThreads) {
  return std::clamp<int64_t>(llvm::PowerOf2Ceil(elements), 32, maxThreads);
}

//===----------------------------------------------------------------------===//
// Evaluating a linalg op at a point
//===----------------------------------------------------------------------===//

Value constantIndex(OpBuilder &b, Location loc, int64_t value) {
  return arith::ConstantIndexOp::create(b, loc, value);
}

/// Splits `linear` into indices of `extents` (row-major: the last varies
/// fastest).
SmallVector<Value> delinearize(OpBuilder &b, Location loc, Value linear,
                               ArrayRef<int64_t> extents) {
  SmallVector<Value> indices(extents.size());
  for (int64_t i = extents.size() - 1; i >= 0; --i) {
    if (extents[i] == 1) {
      indices[i] = constantIndex(b, loc, 0);
      continue;
    }
    Value extent = constantIndex(b, loc, extents[i]);
    indices[i] =
        i == 0 ? linear : arith::RemUIOp::create(b, loc, linear, extent);
    if (i > 0)
      linear = arith::DivUIOp::create(b, loc, linear, extent);
  }
  return indices;
}

/// The indices of `operand` at the iteration point `ivs`.
SmallVector<Value> operandIndices(OpBuilder &b, Location loc,
                                  linalg::LinalgOp op, OpOperand &operand,
                                  ValueRange ivs) {
  AffineMap map = op.getMatchingIndexingMap(&operand);
  SmallVector<Value> indices;
  for (AffineExpr expr : map.getResults())
    indices.push_back(affine::expandAffineExpr(b, loc, expr, ivs, {}));
  return indices;
}

/// The value of `operand` (mapped into the new function) at `ivs`: a load,
/// or the scalar itself.
Value loadOperand(OpBuilder &b, Location loc, linalg::LinalgOp op,
                  OpOperand &operand, IRMapping &mapping, ValueRange ivs) {
  Value source = mapping.lookup(operand.get());
  if (!isa<MemRefType>(source.getType()))
    return source;
  return memref::LoadOp::create(b, loc, source,
                                operandIndices(b, loc, op, operand, ivs));
}

void storeOperand(OpBuilder &b, Location loc, linalg::LinalgOp op,
                  OpOperand &operand, IRMapping &mapping, ValueRange ivs,
                  Value value) {
  memref::StoreOp::create(b, loc, value, mapping.lookup(operand.get()),
                          operandIndices(b, loc, op, operand, ivs));
}

/// Clones the payload of `op` with its block arguments bound in `payload`
/// and `linalg.index` bound to `ivs`, skipping `skip` and the terminator.
/// Returns the yielded values (looked up in `payload`).
SmallVector<Value> emitPayload(OpBuilder &b, linalg::LinalgOp op,
                               IRMapping &payload, ValueRange ivs,
                               Operation *skip = nullptr) {
  Block &body = op->getRegion(0).front();
  for (Operation &inner : body.without_terminator()) {
    if (&inner == skip)
      continue;
    if (auto index = dyn_cast<linalg::IndexOp>(inner)) {
      payload.map(index.getResult(), ivs[index.getDim()]);
      continue;
    }
    b.clone(inner, payload);
  }
  SmallVector<Value> results;
  for (Value v : body.getTerminator()->getOperands())
    results.push_back(payload.lookupOrDefault(v));
  return results;
}

/// Binds the payload arguments of the inputs (and of the outputs when
/// `withOutputs`) to their values at `ivs`.
void bindOperands(OpBuilder &b, Location loc, linalg::LinalgOp op,
                  IRMapping &mapping, IRMapping &payload, ValueRange ivs,
                  bool withOutputs) {
  for (OpOperand &operand : op->getOpOperands()) {
    bool isInit = op.isDpsInit(&operand);
    if (isInit && !withOutputs)
      continue;
    BlockArgument arg = op.getMatchingBlockArgument(&operand);
    if (arg.use_empty())
      continue;
    payload.map(arg, loadOperand(b, loc, op, operand, mapping, ivs));
  }
}

//===----------------------------------------------------------------------===//
// Reductions
//===----------------------------------------------------------------------===//

/// `out = combine(out, x)` as the whole use of the output in a one-output
/// op: the combiner op, its kind, and `x`.
struct Combiner {
  Operation *op;
  arith::AtomicRMWKind kind;
  Value x;
};

std::optional<Combiner> matchCombiner(linalg::LinalgOp op) {
  if (op.getNumDpsInits() != 1)
    return std::nullopt;
  Block &body = op->getRegion(0).front();
  BlockArgument out = op.getMatchingBlockArgument(op.getDpsInitOperand(0));
  Value yielded = body.getTerminator()->getOperand(0);
  Operation *def = yielded.getDefiningOp();
  if (!def || def->getBlock() != &body || def->getNumOperands() != 2 ||
      !def->hasOneUse() || !out.hasOneUse())
    return std::nullopt;
  std::optional<arith::AtomicRMWKind> kind =
      llvm::TypeSwitch<Operation *, std::optional<arith::AtomicRMWKind>>(def)
          .Case([](arith::AddFOp) { return arith::AtomicRMWKind::addf; })
          .Case([](arith::MulFOp) { return arith::AtomicRMWKind::mulf; })
          .Case(
              [](arith::MaximumFOp) { return arith::AtomicRMWKind::maximumf; })
          .Case(
              [](arith::MinimumFOp) { return arith::AtomicRMWKind::minimumf; })
          .Case([](arith::MaxNumFOp) { return arith::AtomicRMWKind::maxnumf; })
          .Case([](arith::MinNumFOp) { return arith::AtomicRMWKind::minnumf; })
          .Case([](arith::AddIOp) { return arith::AtomicRMWKind::addi; })
          .Case([](arith::MulIOp) { return arith::AtomicRMWKind::muli; })
          .Case([](arith::MaxSIOp) { return arith::AtomicRMWKind::maxs; })
          .Case([](arith::MinSIOp) { return arith::AtomicRMWKind::mins; })
          .Case([](arith::MaxUIOp) { return arith::AtomicRMWKind::maxu; })
          .Case([](arith::MinUIOp) { return arith::AtomicRMWKind::minu; })
          .Case([](arith::AndIOp) { return arith::AtomicRMWKind::andi; })
          .Case([](arith::OrIOp) { return arith::AtomicRMWKind::ori; })
          .Default([](Operation *) { return std::nullopt; });
  if (!kind)
    return std::nullopt;
  Value x;
  if (def->getOperand(0) == out)
    x = def->getOperand(1);
  else if (def->getOperand(1) == out)
    x = def->getOperand(0);
  else
    return std::nullopt;
  if (x == out)
    return std::nullopt;
  return Combiner{def, *kind, x};
}

/// `combine(a, b)`: a clone of the combiner on new operands.
Value emitCombine(OpBuilder &b, const Combiner &combiner, Value lhs,
                  Value rhs) {
  IRMapping mapping;
  mapping.map(combiner.op->getOperand(0), lhs);
  mapping.map(combiner.op->getOperand(1), rhs);
  return b.clone(*combiner.op, mapping)->getResult(0);
}

//===----------------------------------------------------------------------===//
// Vector accesses
//===----------------------------------------------------------------------===//

constexpr int64_t kVectorBytes = 16;

/// How many neighbouring points along the innermost loop one thread of an
/// all-parallel op computes with 16-byte vector loads and stores: 4 for
/// 32-bit elements when every shaped operand either ignores that loop or
/// is indexed by it in its last, unit-stride dimension; 1 otherwise.
/// Alignment: operands must have identity layouts (kernel arguments,
/// scratch views and their reshapes, which the plan and the runtime keep
/// 16-byte aligned) and rows of a multiple of 4 elements, so each vector
/// starts on a 16-byte boundary.
int64_t getVectorWidth(linalg::LinalgOp op, ArrayRef<int64_t> ranges) {
  constexpr int64_t width = 4;
  unsigned inner = op.getNumLoops() - 1;
  if (op.getNumLoops() == 0 || op.getNumReductionLoops() != 0 ||
      ranges[inner] % width != 0 || ranges[inner] < width)
    return 1;
  for (OpOperand &operand : op->getOpOperands()) {
    auto type = dyn_cast<MemRefType>(operand.get().getType());
    if (!type) {
      if (op.isDpsInit(&operand))
        return 1;
      continue; // a scalar input
    }
    AffineMap map = op.getMatchingIndexingMap(&operand);
    bool usesInner = map.isFunctionOfDim(inner);
    if (!usesInner) {
      if (op.isDpsInit(&operand))
        return 1; // every output is written per point
      continue;   // the same element for the whole vector
    }
    // A constant global must itself be aligned (bufferization's are, 64).
    if (auto get = operand.get().getDefiningOp<memref::GetGlobalOp>()) {
      auto global = SymbolTable::lookupNearestSymbolFrom<memref::GlobalOp>(
          get, get.getNameAttr());
      if (!global || global.getAlignment().value_or(0) < kVectorBytes)
        return 1;
    }
    unsigned bits = type.getElementTypeBitWidth();
    if (bits * width != kVectorBytes * 8 || !type.getLayout().isIdentity() ||
        type.getRank() == 0 || type.getShape().back() % width != 0)
      return 1;
    AffineExpr last = map.getResults().back();
    auto dim = dyn_cast<AffineDimExpr>(last);
    if (!dim || dim.getPosition() != inner)
      return 1;
    for (AffineExpr e : map.getResults().drop_back())
      if (e.isFunctionOfDim(inner))
        return 1;
  }
  return width;
}

/// Computes the `width` points ivs, ivs + 1, ... along the innermost loop:
/// one vector load per operand indexed by that loop (one scalar load for
/// the others), the payload per lane, one vector store per output.
void emitVectorizedPoint(OpBuilder &b, Location loc, linalg::LinalgOp op,
                         IRMapping &mapping, ArrayRef<Value> ivs,
                         int64_t width) {
  unsigned inner = op.getNumLoops() - 1;
  SmallVector<SmallVector<Value>> lanes(width);
  SmallVector<IRMapping> payloads(width, mapping);
  SmallVector<SmallVector<Value>> laneIvs(width);
  for (int64_t k = 0; k < width; ++k) {
    laneIvs[k].assign(ivs.begin(), ivs.end());
    if (k)
      laneIvs[k][inner] =
          arith::AddIOp::create(b, loc, ivs[inner], constantIndex(b, loc, k));
  }
  for (OpOperand &operand : op->getOpOperands()) {
    BlockArgument arg = op.getMatchingBlockArgument(&operand);
    if (arg.use_empty())
      continue;
    Value source = mapping.lookup(operand.get());
    if (!isa<MemRefType>(source.getType()) ||
        !op.getMatchingIndexingMap(&operand).isFunctionOfDim(inner)) {
      Value value = loadOperand(b, loc, op, operand, mapping, ivs);
      for (IRMapping &payload : payloads)
        payload.map(arg, value);
      continue;
    }
    auto vectorType = VectorType::get({width}, arg.getType());
    Value vector = vector::LoadOp::create(
        b, loc, vectorType, source, operandIndices(b, loc, op, operand, ivs),
        /*nontemporal=*/false, llvm::MaybeAlign(kVectorBytes));
    for (int64_t k = 0; k < width; ++k)
      payloads[k].map(arg, vector::ExtractOp::create(b, loc, vector, k));
  }
  SmallVector<SmallVector<Value>> results(width);
  for (int64_t k = 0; k < width; ++k)
    results[k] = emitPayload(b, op, payloads[k], laneIvs[k]);
  for (auto [i, operand] : llvm::enumerate(op.getDpsInitsMutable())) {
    SmallVector<Value> elements;
    for (int64_t k = 0; k < width; ++k)
      elements.push_back(results[k][i]);
    auto vectorType = VectorType::get({width}, elements[0].getType());
    Value vector = vector::FromElementsOp::create(b, loc, vectorType, elements);
    vector::StoreOp::create(b, loc, vector, mapping.lookup(operand.get()),
                            operandIndices(b, loc, op, operand, ivs),
                            /*nontemporal=*/false,
                            llvm::MaybeAlign(kVectorBytes));
  }
}

//===----------------------------------------------------------------------===//
// Strategies
//===----------------------------------------------------------------------===//

struct TensorCoreTile;

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
                             Launch &launch);
  void emitBlockReduction(OpBuilder &b, linalg::LinalgOp op, IRMapping &mapping,
                          ArrayRef<int64_t> ranges, const Combiner &combiner,
                          Value shared, Launch &launch);
  void emitContraction(OpBuilder &b, linalg::LinalgOp op, IRMapping &mapping,
                       ArrayRef<int64_t> ranges, const Combiner &combiner,
                       ArrayRef<Value> shared, linalg::LinalgOp initializer,
                       linalg::LinalgOp epilogue, bool storeOutput,
                       Launch &launch);
  void emitTensorCoreContraction(OpBuilder &b, linalg::LinalgOp op,
                                 IRMapping &mapping, ArrayRef<int64_t> ranges,
                                 const Combiner &combiner,
                                 const TensorCoreTile &tile,
                                 ArrayRef<Value> shared,
                                 linalg::LinalgOp initializer,
                                 linalg::LinalgOp epilogue, bool storeOutput,
                                 Launch &launch);
  /// Whether `op` is computed as an implicit GEMM (emitContraction).
  bool isGemm(linalg::LinalgOp op);

  func::FuncOp kernel;
  gpu::GPUModuleOp device;
  const Tiling &tiling;
  /// Ops without writes seen so far, cloned into every function.
  SmallVector<Operation *> producers;
  unsigned numFunctions = 0;
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

/// One thread per point of the parallel loops, grid-stride; the reduction
/// loops, if any, run in the thread with the outputs as loop-carried values.
LogicalResult KernelMapper::emitParallel(OpBuilder &b, linalg::LinalgOp op,
                                         IRMapping &mapping,
                                         ArrayRef<int64_t> ranges,
                                         Launch &launch) {
  Location loc = op.getLoc();
  SmallVector<unsigned> parallelDims, reductionDims;
  op.getParallelDims(parallelDims);
  op.getReductionDims(reductionDims);
  SmallVector<int64_t> parallelExtents = selectExtents(ranges, parallelDims);
  // Each thread takes `width` neighbours along the innermost loop when the
  // memory accesses allow 16-byte vectors (see getVectorWidth).
  int64_t width = reductionDims.empty() ? getVectorWidth(op, ranges) : 1;
  parallelExtents.back() /= width;
  int64_t points = product(parallelExtents);
  int64_t block = std::min(tiling.blockSize, ceilDiv(points, 32) * 32);
  int64_t grid = std::min(ceilDiv(points, block), tiling.maxGridSize);
  launch.grid = {grid, 1, 1};
  launch.block = {block, 1, 1};
  launch.strategy =
      reductionDims.empty()
          ? "elementwise, " + std::to_string(width) + " per thread"
          : "parallel, sequential reduction per thread";

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

  SmallVector<Value> init;
  for (OpOperand &operand : outputs)
    init.push_back(loadOperand(b, loc, op, operand, mapping, ivs));
  SmallVector<Value> lbs, ubs, steps;
  for (unsigned d : reductionDims) {
    lbs.push_back(constantIndex(b, loc, 0));
    ubs.push_back(constantIndex(b, loc, ranges[d]));
    steps.push_back(constantIndex(b, loc, 1));
  }
  scf::LoopNest nest = scf::buildLoopNest(
      b, loc, lbs, ubs, steps, init,
      [&](OpBuilder &b, Location loc, ValueRange reductionIvs,
          ValueRange carried) -> scf::ValueVector {
        SmallVector<Value> point = ivs;
        for (auto [d, iv] : llvm::zip(reductionDims, reductionIvs))
          point[d] = iv;
        IRMapping payload = mapping;
        bindOperands(b, loc, op, mapping, payload, point,
                     /*withOutputs=*/false);
        for (auto [operand, value] : llvm::zip(outputs, carried))
          payload.map(op.getMatchingBlockArgument(&operand), value);
        return emitPayload(b, op, payload, point);
      });
  for (auto [operand, value] : llvm::zip(outputs, nest.results))
    storeOperand(b, loc, op, operand, mapping, ivs, value);
  return success();
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
  Type elementType = combiner.x.getType();

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

  // Each thread's partial result over r = tid, tid + block, ...
  Value identity = arith::getIdentityValue(combiner.kind, elementType, b, loc);
  auto inner = scf::ForOp::create(
      b, loc, tid, constantIndex(b, loc, product(reductionExtents)),
      constantIndex(b, loc, block), ValueRange{identity});
  {
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(inner.getBody());
    SmallVector<Value> point = ivs;
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
                                                const Combiner &combiner) {
  if (op.getNumDpsInputs() != 2 || op.getNumDpsInits() != 1 ||
      op.getNumReductionLoops() == 0 ||
      (combiner.kind != arith::AtomicRMWKind::addf &&
       combiner.kind != arith::AtomicRMWKind::addi))
    return std::nullopt;
  for (OpOperand *input : op.getDpsInputOperands())
    if (!isa<MemRefType>(input->get().getType()))
      return std::nullopt;
  // x must be a function of both inputs and nothing else of the body's
  // arguments or indices.
  bool hasIndex = false;
  op->getRegion(0).walk([&](linalg::IndexOp) { hasIndex = true; });
  if (hasIndex)
    return std::nullopt;
  AffineMap a = op.getMatchingIndexingMap(op.getDpsInputOperand(0));
  AffineMap b = op.getMatchingIndexingMap(op.getDpsInputOperand(1));
  AffineMap out = op.getMatchingIndexingMap(op.getDpsInitOperand(0));
  if (!out.isProjectedPermutation())
    return std::nullopt;
  ContractionDims dims;
  auto iterators = op.getIteratorTypesArray();
  for (unsigned d = 0; d < op.getNumLoops(); ++d) {
    if (iterators[d] == utils::IteratorType::reduction) {
      dims.k.push_back(d);
      continue;
    }
    bool inA = a.isFunctionOfDim(d), inB = b.isFunctionOfDim(d);
    if (inA && inB)
      dims.batch.push_back(d);
    else if (inB)
      dims.n.push_back(d);
    else
      dims.m.push_back(d);
  }
  return dims;
}

/// Whether `map`'s innermost result involves one of `dims`: the operand is
/// contiguous along them, so neighbouring threads should step them.
bool innermostUses(AffineMap map, ArrayRef<unsigned> dims) {
  if (map.getNumResults() == 0)
    return false;
  AffineExpr last = map.getResults().back();
  return llvm::any_of(dims,
                      [&](unsigned d) { return last.isFunctionOfDim(d); });
}

/// What every contraction strategy does with the value it accumulated for
/// the output point (m, n) (flattened M and N indices): inside the bounds,
/// out = combine(init, acc), where init is the folded initializer's value
/// (a bias broadcast, a fill) or the output's current value; stored unless
/// only the epilogue reads it, and passed to the epilogue.
struct ContractionOutput {
  linalg::LinalgOp op;
  const ContractionDims &dims;
  ArrayRef<Value> base; // the batch indices, zeros elsewhere
  ArrayRef<int64_t> ranges;
  const Combiner &combiner;
  int64_t M, N;
  linalg::LinalgOp initializer, epilogue;
  bool storeOutput;

  /// What one output point reads before its accumulated value is combined:
  /// its indices and, bound in per-op mappings, the initializer's inputs
  /// and (when loaded early) the epilogue's other inputs.
  struct Pending {
    SmallVector<Value> point, outputPoint;
    IRMapping initPayload, epiloguePayload;
    Value out; // the output's value when there is no initializer
    bool epilogueLoaded = false;
  };

  /// Computes point (m, n)'s indices and loads what combining needs (the
  /// initializer's inputs, else the output); with `epilogueInputs`, also
  /// the epilogue's other inputs, so that all of a point's loads come
  /// before its stores.
  Pending load(OpBuilder &b, Location loc, IRMapping &mapping, Value m, Value n,
               bool epilogueInputs) {
    Pending p;
    p.point.assign(base.begin(), base.end());
    for (auto [d, iv] : llvm::zip(
             dims.m, delinearize(b, loc, m, selectExtents(ranges, dims.m))))
      p.point[d] = iv;
    for (auto [d, iv] : llvm::zip(
             dims.n, delinearize(b, loc, n, selectExtents(ranges, dims.n))))
      p.point[d] = iv;
    OpOperand &output = *op.getDpsInitOperand(0);
    // Both fused ops iterate the output, so its indices are their point.
    if (initializer || epilogue)
      p.outputPoint = operandIndices(b, loc, op, output, p.point);
    if (initializer) {
      p.initPayload = mapping;
      bindOperands(b, loc, initializer, mapping, p.initPayload, p.outputPoint,
                   /*withOutputs=*/false);
    } else {
      p.out = loadOperand(b, loc, op, output, mapping, p.point);
    }
    if (epilogue && epilogueInputs)
      loadEpilogueInputs(b, loc, mapping, p);
    return p;
  }

  /// The epilogue's inputs other than the contraction's result.
  void loadEpilogueInputs(OpBuilder &b, Location loc, IRMapping &mapping,
                          Pending &p) {
    Value result = op.getDpsInitOperand(0)->get();
    p.epiloguePayload = mapping;
    for (OpOperand *operand : epilogue.getDpsInputOperands()) {
      BlockArgument arg = epilogue.getMatchingBlockArgument(operand);
      if (operand->get() != result && !arg.use_empty())
        p.epiloguePayload.map(arg, loadOperand(b, loc, epilogue, *operand,
                                               mapping, p.outputPoint));
    }
    p.epilogueLoaded = true;
  }

  /// Combines `acc` into the loaded point, stores it (unless only the
  /// epilogue reads it) and runs the epilogue.
  void finish(OpBuilder &b, Location loc, IRMapping &mapping, Pending &p,
              Value acc) {
    OpOperand &output = *op.getDpsInitOperand(0);
    Value out =
        initializer
            ? emitPayload(b, initializer, p.initPayload, p.outputPoint).front()
            : p.out;
    Value value = emitCombine(b, combiner, out, acc);
    if (storeOutput)
      storeOperand(b, loc, op, output, mapping, p.point, value);
    if (!epilogue)
      return;
    if (!p.epilogueLoaded)
      loadEpilogueInputs(b, loc, mapping, p);
    for (OpOperand &operand : epilogue->getOpOperands()) {
      BlockArgument arg = epilogue.getMatchingBlockArgument(&operand);
      if (operand.get() == output.get() && !epilogue.isDpsInit(&operand))
        p.epiloguePayload.map(arg, value);
      else if (epilogue.isDpsInit(&operand) && !arg.use_empty())
        p.epiloguePayload.map(arg, loadOperand(b, loc, epilogue, operand,
                                               mapping, p.outputPoint));
    }
    SmallVector<Value> results =
        emitPayload(b, epilogue, p.epiloguePayload, p.outputPoint);
    storeOperand(b, loc, epilogue, *epilogue.getDpsInitOperand(0), mapping,
                 p.outputPoint, results.front());
  }

  /// The whole epilogue of point (m, n), guarded by its bounds.
  void emit(OpBuilder &b, Location loc, IRMapping &mapping, Value m, Value n,
            Value acc) {
    Value inside = arith::AndIOp::create(
        b, loc,
        arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ult, m,
                              constantIndex(b, loc, M)),
        arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ult, n,
                              constantIndex(b, loc, N)));
    auto ifOp = scf::IfOp::create(b, loc, inside, /*withElse=*/false);
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(ifOp.thenBlock());
    Pending p = load(b, loc, mapping, m, n, /*epilogueInputs=*/false);
    finish(b, loc, mapping, p, acc);
  }
};

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
  SmallVector<Value> base(ranges.size(), constantIndex(b, loc, 0));
  for (auto [d, iv] :
       llvm::zip(dims.batch,
                 delinearize(b, loc,
                             gpu::BlockIdOp::create(b, loc, gpu::Dimension::z),
                             extents(dims.batch))))
    base[d] = iv;
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

/// The block tile of a tensor-core GEMM: BM x BN outputs per block of 8
/// warps (warpsM along M, warps / warpsM along N), 16-deep K steps.
struct TensorCoreTile {
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
  static constexpr int64_t k = 16;
  int64_t threads() const { return 32 * warps; }
  int64_t warpsN() const { return warps / warpsM; }
  /// m16n8 tiles per warp along M and N.
  int64_t fragmentsM() const { return m / warpsM / 16; }
  int64_t fragmentsN() const { return n / warpsN() / 8; }
};

/// Points of a tensor-core epilogue whose loads are issued together (more
/// overlap their latencies, and hold more registers).
constexpr size_t kInteriorEpilogueBatch = 16;

/// The most shared memory a block may declare statically.
constexpr int64_t kMaxStaticSharedBytes = 48 * 1024;

/// The block tiles a tensor-core GEMM may use, largest first.
constexpr TensorCoreTile kTensorCoreTiles[] = {{128, 128}, {128, 64}, {64, 128},
                                               {128, 32},  {64, 64},  {64, 32},
                                               {32, 64},   {32, 32}};

int64_t getTensorCoreSharedBytes(const TensorCoreTile &tile, bool aKMajor,
                                 bool bKMajor);

/// Among the block tiles that still give the GEMM `targetBlocks` blocks (so
/// small layers fill the GPU) and fit in static shared memory, the one
/// computing the most useful outputs per block (tile area times the share
/// of it inside M x N: a 128-wide tile on a 64-column GEMM wastes half its
/// tensor-core work), the less padded on ties; without one, the smallest
/// (most blocks).
TensorCoreTile chooseTensorCoreTile(int64_t M, int64_t N, int64_t batch,
                                    int64_t targetBlocks, bool aKMajor,
                                    bool bKMajor) {
  const auto &candidates = kTensorCoreTiles;
  std::optional<TensorCoreTile> best;
  double bestUseful = 0, bestShare = 0;
  for (const TensorCoreTile &tile : candidates) {
    int64_t blocksM = ceilDiv(M, tile.m), blocksN = ceilDiv(N, tile.n);
    if (blocksM * blocksN * batch < targetBlocks ||
        getTensorCoreSharedBytes(tile, aKMajor, bKMajor) >
            kMaxStaticSharedBytes)
      continue;
    double share =
        double(M) * N / (double(blocksM * tile.m) * (blocksN * tile.n));
    double useful = double(tile.m * tile.n) * share;
    if (!best || useful > bestUseful ||
        (useful == bestUseful && share > bestShare)) {
      best = tile;
      bestUseful = useful;
      bestShare = share;
    }
  }
  return best ? *best : candidates[std::size(candidates) - 1];
}

/// The warps' arrangement in a block tile (warpsM x warps / warpsM) that
/// issues the fewest shared-memory loads and TF32 roundings per mma. Per
/// 8-deep step a warp with fm x fn fragments loads each A fragment (4
/// elements) with 2 64-bit loads and each B fragment (2 elements) with one
/// (two when B is K-major), and rounds every element of an operand that
/// is not pre-rounded (2 instructions each); it issues fm * fn mma.
void chooseWarpLayout(TensorCoreTile &tile, bool bKMajor) {
  const bool roundA = tile.roundA, roundB = tile.roundB;
  double best = 0;
  int64_t bestWarpsM = 0;
  for (int64_t warpsM : {2, 4, 1, 8}) {
    TensorCoreTile t = tile;
    t.warpsM = warpsM;
    if (tile.warps % warpsM != 0 || t.m % (16 * warpsM) != 0 ||
        t.n % (8 * t.warpsN()) != 0)
      continue;
    double fm = double(t.fragmentsM()), fn = double(t.fragmentsN());
    // f16: one ldmatrix per A and per B fragment per 16-deep step.
    double perMma = tile.half ? 1 / fn + 1 / fm
                              : (2 + 8 * roundA) / fn +
                                    ((bKMajor ? 2 : 1) + 4 * roundB) / fm;
    if (!bestWarpsM || perMma < best) {
      best = perMma;
      bestWarpsM = warpsM;
    }
  }
  tile.warpsM = bestWarpsM;
}

/// How a staged operand sits in shared memory: K-major ([stage][k][row],
/// rows padded by 4 words) when global memory is contiguous along its rows,
/// row-major ([stage][row][k], 16 + 8 words per row) when contiguous along
/// K. Either way consecutive threads copy consecutive global addresses.
///
/// Slots are permuted so that fragments load 64 bits at a time. Within
/// each 8-deep K step, k and k + 4 (which an mma thread holds together)
/// sit side by side: slot(k) = 2 k for k < 4, 2 (k - 4) + 1 else, in both
/// operands (a permutation of the reduction changes nothing). In a K-major
/// A, rows g and g + 8 of each 16-row fragment sit side by side too. With
/// these paddings the loads of each half-warp hit 32 different banks.
struct StagedOperand {
  OpOperand *operand;
  ArrayRef<unsigned> rowDims;
  int64_t rows, rowCount;
  bool kMajor;
  Value buffer;

  static SmallVector<int64_t> shape(int64_t rows, bool kMajor, int64_t stages,
                                    bool half) {
    // f16 rows are padded by 8 elements (16 bytes): the 8 rows an ldmatrix
    // lane group reads start on 8 different 4-bank groups.
    if (kMajor)
      return {stages, TensorCoreTile::k, rows + (half ? 8 : 4)};
    return {stages, rows, TensorCoreTile::k + 8};
  }
};

int64_t getTensorCoreSharedBytes(const TensorCoreTile &tile, bool aKMajor,
                                 bool bKMajor) {
  return (tile.half ? 2 : 4) * (product(StagedOperand::shape(
                                    tile.m, aKMajor, tile.stages, tile.half)) +
                                product(StagedOperand::shape(
                                    tile.n, bKMajor, tile.stages, tile.half)));
}

/// The most stages of a tensor-core GEMM's copy pipeline.
constexpr int64_t kMaxTensorCoreStages = 4;

/// The deepest pipeline (2 to kMaxTensorCoreStages stages) whose buffers
/// fit in static shared memory: more slices in flight hide more of the
/// copies' latency.
void chooseStages(TensorCoreTile &tile, bool aKMajor, bool bKMajor) {
  tile.stages = 2;
  for (int64_t stages = kMaxTensorCoreStages; stages > 2; --stages) {
    TensorCoreTile t = tile;
    t.stages = stages;
    if (getTensorCoreSharedBytes(t, aKMajor, bKMajor) <=
        kMaxStaticSharedBytes) {
      tile.stages = stages;
      return;
    }
  }
}

/// The shared-memory slot of `index` when, within each group of
/// 2 * `half` indices, i and i + half sit side by side (slot 2i and
/// 2i + 1; `half` a power of two): slice column kk with half 4 (k and
/// k + 4 of each 8-deep step), tile row r of a K-major A with half 8 (rows
/// g and g + 8 of each 16-row fragment). See StagedOperand. `groupBits`
/// masks the bits above the group's (8 for slice columns, which are below
/// 16; ~15 for rows).
Value getPairedSlot(OpBuilder &b, Location loc, Value index, int64_t half,
                    int64_t groupBits) {
  auto c = [&](int64_t v) { return constantIndex(b, loc, v); };
  Value group = arith::AndIOp::create(b, loc, index, c(groupBits));
  Value low = arith::ShLIOp::create(
      b, loc, arith::AndIOp::create(b, loc, index, c(half - 1)), c(1));
  Value high = arith::AndIOp::create(
      b, loc, arith::ShRUIOp::create(b, loc, index, c(llvm::Log2_64(half))),
      c(1));
  return arith::OrIOp::create(b, loc, group,
                              arith::OrIOp::create(b, loc, low, high));
}

/// An operand's element offset from its base pointer as a linear function
/// of the loop indices, offset = constant + sum_i weights[i] * iv[i]: its
/// indexing map is affine without mod or div and its layout static, as for
/// every matmul and convolution. A tensor-core GEMM splits it into a row
/// part computed once per thread and a K part computed once per slice.
struct LinearAccess {
  SmallVector<int64_t> weights;
  int64_t constant = 0;
  /// One past the last element's offset.
  int64_t span = 0;
};

std::optional<LinearAccess> getLinearAccess(linalg::LinalgOp op,
                                            OpOperand &operand) {
  auto type = dyn_cast<MemRefType>(operand.get().getType());
  SmallVector<int64_t> strides;
  int64_t offset;
  if (!type || !type.hasStaticShape() ||
      failed(type.getStridesAndOffset(strides, offset)) ||
      ShapedType::isDynamic(offset) ||
      llvm::any_of(strides, ShapedType::isDynamic))
    return std::nullopt;
  AffineMap map = op.getMatchingIndexingMap(&operand);
  if (map.getNumSymbols() != 0)
    return std::nullopt;
  LinearAccess access;
  access.weights.assign(map.getNumDims(), 0);
  access.constant = offset;
  for (auto [expr, stride] : llvm::zip(map.getResults(), strides)) {
    SmallVector<int64_t> flat;
    if (failed(getFlattenedAffineExpr(expr, map.getNumDims(), 0, &flat)) ||
        flat.size() != map.getNumDims() + 1)
      return std::nullopt;
    for (unsigned i = 0; i < map.getNumDims(); ++i)
      access.weights[i] += stride * flat[i];
    access.constant += stride * flat.back();
  }
  int64_t last = offset;
  for (auto [size, stride] : llvm::zip(type.getShape(), strides))
    last += (size - 1) * stride;
  access.span = last + 1;
  return access;
}

/// sum over `dims` of weights[d] * point[i] (the i-th of `dims`), plus
/// `start`.
Value emitLinearOffset(OpBuilder &b, Location loc, const LinearAccess &access,
                       ArrayRef<unsigned> dims, ValueRange point, Value start) {
  Value sum = start;
  for (auto [d, iv] : llvm::zip(dims, point)) {
    int64_t weight = access.weights[d];
    if (weight == 0)
      continue;
    Value term =
        weight == 1
            ? iv
            : arith::MulIOp::create(b, loc, iv, constantIndex(b, loc, weight))
                  .getResult();
    sum = arith::AddIOp::create(b, loc, sum, term);
  }
  return sum;
}

/// Whether the combined value of `op` is a float product of its two inputs
/// summed (out + a * b), each input taken as it is or, with `extended`,
/// through arith.extf (as 16-bit contractions accumulate in f32).
bool isSumOfInputProducts(linalg::LinalgOp op, const Combiner &combiner,
                          bool extended) {
  if (combiner.kind != arith::AtomicRMWKind::addf)
    return false;
  auto mul = combiner.x.getDefiningOp<arith::MulFOp>();
  if (!mul)
    return false;
  auto input = [&](Value v) -> Value {
    if (!extended)
      return v;
    auto ext = v.getDefiningOp<arith::ExtFOp>();
    return ext ? ext.getIn() : Value();
  };
  Value a = op.getMatchingBlockArgument(op.getDpsInputOperand(0));
  Value b = op.getMatchingBlockArgument(op.getDpsInputOperand(1));
  Value lhs = input(mul.getLhs()), rhs = input(mul.getRhs());
  return (lhs == a && rhs == b) || (lhs == b && rhs == a);
}

/// Whether `op` can run on tensor cores at `precision`: f32 operands and
/// accumulator, payload out + a * b (addf of mulf of the two inputs).
bool isTensorCoreGemm(linalg::LinalgOp op, const Combiner &combiner,
                      StringRef precision) {
  if (precision != "tf32" ||
      !isSumOfInputProducts(op, combiner, /*extended=*/false))
    return false;
  return llvm::all_of(
             op->getOperands(),
             [](Value v) {
               return cast<MemRefType>(v.getType()).getElementType().isF32();
             }) &&
         llvm::all_of(op.getDpsInputOperands(), [&](OpOperand *operand) {
           return getLinearAccess(op, *operand).has_value();
         });
}

/// Whether `op` can run on 16-bit tensor cores: both operands f16 or both
/// bf16, an f32 accumulator, payload out + extf(a) * extf(b) (as the
/// lowering of a 16-bit Conv, MatMul or Gemm writes it), and both
/// operands' offsets affine (getLinearAccess). Operands that copyInPairs
/// rejects are copied element by element.
bool isHalfTensorCoreGemm(linalg::LinalgOp op, const Combiner &combiner,
                          const ContractionDims &dims) {
  if (!combiner.x.getType().isF32() ||
      !isSumOfInputProducts(op, combiner, /*extended=*/true) ||
      !cast<MemRefType>(op.getDpsInitOperand(0)->get().getType())
           .getElementType()
           .isF32() ||
      dims.m.empty() || dims.n.empty() || dims.k.empty())
    return false;
  Type element = cast<MemRefType>(op.getDpsInputOperand(0)->get().getType())
                     .getElementType();
  if (!element.isF16() && !element.isBF16())
    return false;
  for (OpOperand *operand : op.getDpsInputOperands())
    if (cast<MemRefType>(operand->get().getType()).getElementType() !=
            element ||
        !getLinearAccess(op, *operand))
      return false;
  return true;
}

/// Whether a 16-bit operand copies in aligned pairs (4-byte `cp.async`)
/// along `dims` (its rows when K-major, else K), flattened as the copies
/// index them (the last dim fastest): elements 2i and 2i + 1 are
/// neighbours in memory and 2i's offset is even. That holds when the
/// innermost of `dims` form a contiguous run (weight 1 innermost, each
/// outer weight the inner one's times its extent) whose extents multiply
/// to an even count, and every other weight and the constant offset are
/// even: a pair, starting at an even index, never straddles the run. A
/// convolution's weights [F][C][KH][KW] qualify along (c, kh, kw) when C
/// is even; an NCHW input's window (offset ow + kw) does not.
bool copiesInPairs(const LinearAccess &access, ArrayRef<unsigned> dims,
                   ArrayRef<int64_t> ranges) {
  SmallVector<bool> inRun(access.weights.size(), false);
  int64_t weight = 1, count = 1;
  for (unsigned d : llvm::reverse(dims)) {
    if (access.weights[d] != weight || count % 2 == 0)
      break;
    inRun[d] = true;
    count *= ranges[d];
    weight *= ranges[d];
  }
  if (count % 2 != 0 || access.constant % 2 != 0)
    return false;
  for (auto [d, w] : llvm::enumerate(access.weights))
    if (!inRun[d] && ranges[d] != 1 && w % 2 != 0)
      return false;
  return true;
}

/// The shared buffers a tensor-core GEMM of `op` stages its operands in.
SmallVector<Type> getTensorCoreBuffers(linalg::LinalgOp op,
                                       const ContractionDims &dims,
                                       const TensorCoreTile &tile) {
  SmallVector<Type> types;
  for (auto [operand, rowDims, rows] :
       {std::tuple{op.getDpsInputOperand(0), ArrayRef(dims.m), tile.m},
        std::tuple{op.getDpsInputOperand(1), ArrayRef(dims.n), tile.n}}) {
    bool kMajor = innermostUses(op.getMatchingIndexingMap(operand), rowDims);
    types.push_back(MemRefType::get(
        StagedOperand::shape(rows, kMajor, tile.stages, tile.half),
        cast<MemRefType>(operand->get().getType()).getElementType(),
        AffineMap(),
        gpu::AddressSpaceAttr::get(op.getContext(),
                                   gpu::AddressSpace::Workgroup)));
  }
  return types;
}

/// acc + a * b on bf16 tensor cores, `mma.sync.m16n8k16` with f32
/// accumulation, from fragments as nvgpu.ldmatrix returns them (a:
/// vector<4x2xbf16>, b: vector<2x2xbf16>, acc: vector<2x2xf32>, the
/// registers' order). nvgpu.mma.sync only lowers f16 operands, so this
/// builds nvvm.mma.sync: each bf16 pair as one 32-bit register.
Value emitBF16Mma(OpBuilder &b, Location loc, Value a, Value bv, Value acc) {
  auto packed = [&](Value fragment) {
    SmallVector<Value> registers;
    auto shape = cast<VectorType>(fragment.getType()).getShape();
    for (int64_t r = 0; r < shape[0]; ++r) {
      Value pair = vector::ExtractOp::create(b, loc, fragment, r);
      Value bits = vector::BitCastOp::create(
          b, loc, VectorType::get({1}, b.getI32Type()), pair);
      registers.push_back(vector::ExtractOp::create(b, loc, bits, 0));
    }
    return registers;
  };
  SmallVector<Value> c;
  for (int64_t h = 0; h < 2; ++h)
    for (int64_t w = 0; w < 2; ++w)
      c.push_back(
          vector::ExtractOp::create(b, loc, acc, ArrayRef<int64_t>{h, w}));
  Type f32 = b.getF32Type();
  auto result =
      LLVM::LLVMStructType::getLiteral(b.getContext(), {f32, f32, f32, f32});
  Value d = NVVM::MmaOp::create(
      b, loc, result, packed(a), packed(bv), c, ArrayRef<int64_t>{16, 8, 16},
      /*b1Op=*/std::nullopt, /*intOverflow=*/std::nullopt,
      std::array{NVVM::MMATypes::bf16, NVVM::MMATypes::bf16},
      std::array{NVVM::MMALayout::row, NVVM::MMALayout::col});
  SmallVector<Value> elements;
  for (int64_t i = 0; i < 4; ++i)
    elements.push_back(LLVM::ExtractValueOp::create(b, loc, d, i));
  return vector::FromElementsOp::create(b, loc, acc.getType(), elements);
}

/// An implicit GEMM on tensor cores (TF32 `mma.sync.m16n8k8`, fp32
/// accumulation): block (x, y, z) computes a BM x BN output tile of batch
/// z with 8 warps (chooseWarpLayout arranges them), each a tile of m16n8
/// fragments held in registers. K advances 16 at a time through a `cp.async`
/// pipeline of 2 to 4 shared-memory stages (as many as fit, chooseStages):
/// while the warps multiply one stage, the copies of the next ones are in
/// flight; one barrier per step. Each copied element's offset is the operand's
/// affine indexing map flattened (convolutions need no im2col buffer): a row
/// part each thread computes once, plus a K part per slice; copies past the
/// edges zero-fill. Fragments are read from shared memory and rounded to
/// TF32 (`cvt.rna`), as cuBLAS does, unless the operand is exact in TF32
/// already (constant weights, see onnx-round-weights-to-tf32). With
/// `interior-epilogue`, blocks whose tile lies inside the output skip the
/// per-element bounds checks.
void KernelMapper::emitTensorCoreContraction(
    OpBuilder &b, linalg::LinalgOp op, IRMapping &mapping,
    ArrayRef<int64_t> ranges, const Combiner &combiner,
    const TensorCoreTile &tile, ArrayRef<Value> shared,
    linalg::LinalgOp initializer, linalg::LinalgOp epilogue, bool storeOutput,
    Launch &launch) {
  Location loc = op.getLoc();
  ContractionDims dims = *matchContraction(op, combiner);
  int64_t M = dims.extent(dims.m, ranges), N = dims.extent(dims.n, ranges),
          K = dims.extent(dims.k, ranges),
          batch = dims.extent(dims.batch, ranges);
  const int64_t BK = TensorCoreTile::k, threads = tile.threads();
  Type halfType = tile.bfloat ? Type(b.getBF16Type()) : b.getF16Type();
  launch.grid = {ceilDiv(M, tile.m), ceilDiv(N, tile.n), batch};
  launch.block = {threads, 1, 1};
  launch.flops = 2 * M * N * K * batch;
  launch.strategy = describeGemm(
      tile.half ? (tile.bfloat ? "tensor cores bf16" : "tensor cores f16")
                : "tensor cores tf32",
      tile.m, tile.n, M, N, K, batch);
  if (tile.warps != 8)
    launch.strategy += ", " + std::to_string(tile.warps) + " warps";
  auto c = [&](int64_t v) { return constantIndex(b, loc, v); };

  Value tid = gpu::ThreadIdOp::create(b, loc, gpu::Dimension::x);
  Value m0 = arith::MulIOp::create(
      b, loc, gpu::BlockIdOp::create(b, loc, gpu::Dimension::x), c(tile.m));
  Value n0 = arith::MulIOp::create(
      b, loc, gpu::BlockIdOp::create(b, loc, gpu::Dimension::y), c(tile.n));
  SmallVector<Value> base(ranges.size(), c(0));
  for (auto [d, iv] :
       llvm::zip(dims.batch,
                 delinearize(b, loc,
                             gpu::BlockIdOp::create(b, loc, gpu::Dimension::z),
                             selectExtents(ranges, dims.batch))))
    base[d] = iv;

  StagedOperand staged[2] = {
      {op.getDpsInputOperand(0), dims.m, tile.m, M, false, shared[0]},
      {op.getDpsInputOperand(1), dims.n, tile.n, N, false, shared[1]}};
  for (StagedOperand &s : staged)
    s.kMajor = innermostUses(op.getMatchingIndexingMap(s.operand), s.rowDims);

  // What each thread copies per K slice. A K-major operand (contiguous
  // along its rows): lane l of warp w copies rows l, l + 32, ... at slice
  // columns 2w and 2w + 1, so a warp reads 32 consecutive addresses. A
  // row-major one (contiguous along K): thread t copies column t % 16 of
  // rows t / 16, t / 16 + 16, .... Either way a thread touches few rows
  // and columns: a row's offset (and whether it is inside the operand) is
  // computed once, a column's once per slice, and each copy adds the two.
  // Rows are all inside when the tile divides the operand's rows, and
  // columns when 16 divides K (the slice past the end is not copied).
  struct Row {
    Value slot, offset, inside; // inside: null when always
  };
  // A 16-bit operand copies pairs of halves (4-byte `cp.async`) where
  // copiesInPairs allows, single halves otherwise. `cp.async` has no
  // 2-byte form, so those go through registers: loaded before the
  // step's mma, stored to shared memory after it (latency hidden behind
  // the mma), visible after the next barrier.
  struct Copies {
    const StagedOperand *operand;
    LinearAccess access;
    Value flat; // the operand as a 1-D memref from its base pointer
    SmallVector<Row> rows;
    SmallVector<std::pair<Value, Value>> columns; // slice column, its slot
    int64_t width = 1;                            // elements per copy
    bool async = true; // cp.async, else through registers
  };
  const bool kDivides = K % BK == 0;
  SmallVector<Copies> copies;
  Value lane0 = arith::RemUIOp::create(b, loc, tid, c(32));
  Value warp0 = arith::DivUIOp::create(b, loc, tid, c(32));
  Value rowBases[2] = {m0, n0};
  for (auto [index, s, rowBase] : llvm::enumerate(staged, rowBases)) {
    Copies group{&s, *getLinearAccess(op, *s.operand), {}, {}, {}};
    if (tile.half) {
      bool pairs =
          copiesInPairs(group.access, s.kMajor ? s.rowDims : dims.k, ranges);
      group.width = pairs ? 2 : 1;
      group.async = pairs;
    }
    Value source = mapping.lookup(s.operand->get());
    group.flat = memref::ReinterpretCastOp::create(
        b, loc,
        MemRefType::get({group.access.span},
                        cast<MemRefType>(source.getType()).getElementType()),
        source, /*offset=*/0, ArrayRef<int64_t>{group.access.span},
        ArrayRef<int64_t>{1});
    // The batch part and the constant, common to every row.
    Value start = emitLinearOffset(
        b, loc, group.access, dims.batch,
        selectAt(ArrayRef<Value>(base), ArrayRef<unsigned>(dims.batch)),
        c(group.access.constant));
    SmallVector<Value> rows, columns;
    if (tile.half) {
      // Copies of `width` 16-bit elements along the contiguous dimension:
      // a K-major operand's thread copies rows w u to w u + w - 1 (u = t %
      // (rows / w)) at several columns, a row-major one's columns w v to
      // w v + w - 1 (v = t % (16 / w)) of several rows.
      int64_t units = (s.kMajor ? s.rows : BK) / group.width;
      Value unit = arith::RemUIOp::create(b, loc, tid, c(units));
      Value outer = arith::DivUIOp::create(b, loc, tid, c(units));
      Value inner = arith::MulIOp::create(b, loc, unit, c(group.width));
      int64_t outerCount = (s.kMajor ? BK : s.rows) * units / threads;
      SmallVector<Value> outers;
      for (int64_t q = 0; q < outerCount; ++q)
        outers.push_back(
            arith::AddIOp::create(b, loc, outer, c(q * threads / units)));
      if (s.kMajor) {
        rows.push_back(inner);
        columns = outers;
      } else {
        rows = outers;
        columns.push_back(inner);
      }
    } else if (s.kMajor) {
      for (int64_t r = 0; r < s.rows / 32; ++r)
        rows.push_back(arith::AddIOp::create(b, loc, lane0, c(32 * r)));
      for (int64_t j = 0; j < BK * 32 / threads; ++j)
        columns.push_back(arith::AddIOp::create(
            b, loc, arith::MulIOp::create(b, loc, warp0, c(BK * 32 / threads)),
            c(j)));
    } else {
      Value row = arith::DivUIOp::create(b, loc, tid, c(BK));
      for (int64_t q = 0; q < s.rows * BK / threads; ++q)
        rows.push_back(arith::AddIOp::create(b, loc, row, c(q * threads / BK)));
      columns.push_back(arith::RemUIOp::create(b, loc, tid, c(BK)));
    }
    for (Value kk : columns)
      group.columns.push_back(
          {kk, tile.half ? kk : getPairedSlot(b, loc, kk, 4, /*groupBits=*/8)});
    bool rowsDivide = s.rowCount % s.rows == 0;
    for (Value row : rows) {
      Value r = arith::AddIOp::create(b, loc, rowBase, row);
      Value inside;
      if (!rowsDivide) {
        inside = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ult, r,
                                       c(s.rowCount));
        // Outside, copy nothing (zero-fill) from a valid address.
        r = arith::SelectOp::create(b, loc, inside, r, c(0));
      }
      Value offset = emitLinearOffset(
          b, loc, group.access, s.rowDims,
          delinearize(b, loc, r, selectExtents(ranges, s.rowDims)), start);
      Value slot =
          s.kMajor && index == 0 && !tile.half
              ? getPairedSlot(b, loc, row, 8, /*groupBits=*/~int64_t(15))
              : row;
      group.rows.push_back({slot, offset, inside});
    }
    copies.push_back(std::move(group));
  }

  // Calls `body(group, row, kSlot, src, inside)` for every element (or
  // pair) this thread copies of K slice [k0, k0 + 16): its source offset
  // in `group.flat`, and whether it is inside the operand (null: always).
  auto forEachCopy =
      [&](OpBuilder &b, Value k0, bool async,
          function_ref<void(const Copies &, const Row &, Value, Value, Value)>
              body) {
        for (const Copies &group : copies) {
          if (group.async != async)
            continue;
          for (auto [kk, kSlot] : group.columns) {
            Value k = arith::AddIOp::create(b, loc, k0, kk);
            Value kInside;
            if (!kDivides) {
              kInside = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ult,
                                              k, c(K));
              k = arith::SelectOp::create(b, loc, kInside, k, c(0));
            }
            Value kOffset = emitLinearOffset(
                b, loc, group.access, dims.k,
                delinearize(b, loc, k, selectExtents(ranges, dims.k)), c(0));
            for (const Row &row : group.rows) {
              Value inside =
                  row.inside && kInside
                      ? arith::AndIOp::create(b, loc, row.inside, kInside)
                            .getResult()
                      : (row.inside ? row.inside : kInside);
              body(group, row, kSlot,
                   arith::AddIOp::create(b, loc, row.offset, kOffset), inside);
            }
          }
        }
      };
  auto destination = [&](const StagedOperand &s, Value stage, Value kSlot,
                         const Row &row) {
    return s.kMajor ? SmallVector<Value>{stage, kSlot, row.slot}
                    : SmallVector<Value>{stage, row.slot, kSlot};
  };
  // Starts the `cp.async` copies of K slice [k0, k0 + 16) into `stage`;
  // one group.
  auto issue = [&](OpBuilder &b, Value stage, Value k0) {
    SmallVector<Value> tokens;
    forEachCopy(
        b, k0, /*async=*/true,
        [&](const Copies &group, const Row &row, Value kSlot, Value src,
            Value inside) {
          Value count = inside ? arith::SelectOp::create(b, loc, inside,
                                                         c(group.width), c(0))
                                     .getResult()
                               : Value();
          tokens.push_back(nvgpu::DeviceAsyncCopyOp::create(
              b, loc, group.operand->buffer,
              destination(*group.operand, stage, kSlot, row), group.flat,
              ValueRange{src}, b.getIndexAttr(group.width), count,
              /*bypassL1=*/UnitAttr()));
        });
    return nvgpu::DeviceAsyncCreateGroupOp::create(b, loc, tokens).getResult();
  };
  // The copies through registers of slice [k0, k0 + 16): the loaded
  // values (zero outside the operand), then their stores into `stage`.
  bool registerCopies =
      llvm::any_of(copies, [](const Copies &group) { return !group.async; });
  auto loadSlice = [&](OpBuilder &b, Value k0) {
    SmallVector<Value> values;
    forEachCopy(
        b, k0, /*async=*/false,
        [&](const Copies &group, const Row &, Value, Value src, Value inside) {
          Value v = memref::LoadOp::create(b, loc, group.flat, src);
          if (inside)
            v = arith::SelectOp::create(
                b, loc, inside, v,
                arith::ConstantOp::create(b, loc, b.getZeroAttr(v.getType())));
          values.push_back(v);
        });
    return values;
  };
  auto storeSlice = [&](OpBuilder &b, Value stage, Value k0,
                        ArrayRef<Value> values) {
    size_t next = 0;
    forEachCopy(
        b, k0, /*async=*/false,
        [&](const Copies &group, const Row &row, Value kSlot, Value, Value) {
          memref::StoreOp::create(
              b, loc, values[next++], group.operand->buffer,
              destination(*group.operand, stage, kSlot, row));
        });
  };

  // Warp and lane coordinates: lane = 4 * group + thread-in-group.
  Value lane = arith::RemUIOp::create(b, loc, tid, c(32));
  Value warp = arith::DivUIOp::create(b, loc, tid, c(32));
  Value group = arith::DivUIOp::create(b, loc, lane, c(4));
  Value inGroup = arith::RemUIOp::create(b, loc, lane, c(4));
  Value warpM = arith::MulIOp::create(
      b, loc, arith::RemUIOp::create(b, loc, warp, c(tile.warpsM)),
      c(tile.m / tile.warpsM));
  Value warpN = arith::MulIOp::create(
      b, loc, arith::DivUIOp::create(b, loc, warp, c(tile.warpsM)),
      c(tile.n / tile.warpsN()));

  const int64_t fm = tile.fragmentsM(), fn = tile.fragmentsN();
  auto accType = VectorType::get({2, 2}, b.getF32Type());
  Value zeroAcc = arith::ConstantOp::create(
      b, loc, accType, DenseElementsAttr::get(accType, 0.0f));
  SmallVector<Value> init(fm * fn, zeroAcc);

  // The pipeline: slices 0 to S - 2 start before the loop, one group
  // each; step s waits for slice s, then starts slice s + S - 1 into the
  // stage step s - 1 read (every thread is past that step: the barrier),
  // and multiplies slice s. Past the last slice an empty group keeps the
  // count of groups in flight.
  const int64_t S = tile.stages, steps = ceilDiv(K, BK);
  auto emptyGroup = [&](OpBuilder &b) {
    return nvgpu::DeviceAsyncCreateGroupOp::create(b, loc, ValueRange{})
        .getResult();
  };
  Value lastPrologueGroup;
  for (int64_t p = 0; p + 1 < S; ++p) {
    lastPrologueGroup = p < steps ? issue(b, c(p), c(p * BK)) : emptyGroup(b);
    if (p < steps && registerCopies)
      storeSlice(b, c(p), c(p * BK), loadSlice(b, c(p * BK)));
  }
  auto kLoop = scf::ForOp::create(b, loc, c(0), c(steps), c(1), init);
  {
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(kLoop.getBody());
    Value step = kLoop.getInductionVar();
    Value current = arith::RemUIOp::create(b, loc, step, c(S));
    // All but the newest S - 2 groups landed: this step's slice is in
    // place, for every thread after the barrier.
    nvgpu::DeviceAsyncWaitOp::create(b, loc, lastPrologueGroup,
                                     b.getI32IntegerAttr(S - 2));
    gpu::BarrierOp::create(b, loc);
    Value ahead = arith::AddIOp::create(b, loc, step, c(S - 1));
    Value aheadStage = arith::RemUIOp::create(b, loc, ahead, c(S));
    Value aheadK = arith::MulIOp::create(b, loc, ahead, c(BK));
    Value aheadExists = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ult,
                                              ahead, c(steps));
    scf::IfOp::create(
        b, loc, aheadExists,
        [&](OpBuilder &b, Location loc) {
          scf::YieldOp::create(b, loc, issue(b, aheadStage, aheadK));
        },
        [&](OpBuilder &b, Location loc) {
          scf::YieldOp::create(b, loc, emptyGroup(b));
        });
    // Register copies of the slice ahead: loaded now, stored after the
    // mma (below).
    scf::IfOp aheadLoads;
    if (registerCopies) {
      SmallVector<Type> types;
      for (const Copies &group : copies)
        if (!group.async)
          for (size_t n = group.rows.size() * group.columns.size(); n; --n)
            types.push_back(halfType);
      aheadLoads = scf::IfOp::create(
          b, loc, aheadExists,
          [&](OpBuilder &b, Location loc) {
            scf::YieldOp::create(b, loc, loadSlice(b, aheadK));
          },
          [&](OpBuilder &b, Location loc) {
            SmallVector<Value> zeros;
            for (Type type : types)
              zeros.push_back(
                  arith::ConstantOp::create(b, loc, b.getZeroAttr(type)));
            scf::YieldOp::create(b, loc, zeros);
          });
    }

    SmallVector<Value> acc(kLoop.getRegionIterArgs());
    if (tile.half) {
      Type f16 = halfType;
      // f16: one m16n8k16 step per slice, fragments loaded with ldmatrix
      // (each lane addresses one 16-byte row of an 8x8 matrix; `.trans`
      // when the operand is contiguous along the fragment's other
      // dimension). A (x4): matrices (rows 0-7 | 8-15) x (k 0-7 | 8-15) in
      // the order of the fragment's registers; B (x2): k 0-7, then 8-15.
      Value lane16 = arith::RemUIOp::create(b, loc, lane, c(16));
      Value lane8 = arith::RemUIOp::create(b, loc, lane, c(8));
      Value matrix = arith::DivUIOp::create(b, loc, lane, c(8)); // 0 to 3
      auto ldmatrix = [&](const StagedOperand &s, Value row, Value col,
                          int64_t tiles, bool transpose) {
        return nvgpu::LdMatrixOp::create(
            b, loc, VectorType::get({tiles, 2}, f16), s.buffer,
            ValueRange{current, row, col}, transpose, tiles);
      };
      SmallVector<Value> as, bs;
      for (int64_t i = 0; i < fm; ++i) {
        Value fragment = arith::AddIOp::create(b, loc, warpM, c(16 * i));
        Value a;
        if (staged[0].kMajor) {
          // [k][m]: lane l addresses k = l % 8 + 8 (l / 16), m = 8 ((l / 8)
          // % 2).
          Value k = arith::AddIOp::create(
              b, loc, lane8,
              arith::MulIOp::create(
                  b, loc, arith::DivUIOp::create(b, loc, lane, c(16)), c(8)));
          Value m = arith::AddIOp::create(
              b, loc, fragment,
              arith::MulIOp::create(
                  b, loc, arith::RemUIOp::create(b, loc, matrix, c(2)), c(8)));
          a = ldmatrix(staged[0], k, m, 4, /*transpose=*/true);
        } else {
          // [m][k]: lane l addresses m = l % 16, k = 8 (l / 16).
          Value m = arith::AddIOp::create(b, loc, fragment, lane16);
          Value k = arith::MulIOp::create(
              b, loc, arith::DivUIOp::create(b, loc, lane, c(16)), c(8));
          a = ldmatrix(staged[0], m, k, 4, /*transpose=*/false);
        }
        as.push_back(a);
      }
      for (int64_t j = 0; j < fn; ++j) {
        Value fragment = arith::AddIOp::create(b, loc, warpN, c(8 * j));
        Value bv;
        if (staged[1].kMajor) {
          // [k][n]: lane l (< 16) addresses k = l, n = 0.
          bv = ldmatrix(staged[1], lane16, fragment, 2, /*transpose=*/true);
        } else {
          // [n][k]: lane l addresses n = l % 8, k = 8 ((l / 8) % 2).
          Value n = arith::AddIOp::create(b, loc, fragment, lane8);
          Value k = arith::MulIOp::create(
              b, loc, arith::RemUIOp::create(b, loc, matrix, c(2)), c(8));
          bv = ldmatrix(staged[1], n, k, 2, /*transpose=*/false);
        }
        bs.push_back(bv);
      }
      for (int64_t i = 0; i < fm; ++i)
        for (int64_t j = 0; j < fn; ++j)
          acc[i * fn + j] =
              tile.bfloat
                  ? emitBF16Mma(b, loc, as[i], bs[j], acc[i * fn + j])
                  : nvgpu::MmaSyncOp::create(b, loc, as[i], bs[j],
                                             acc[i * fn + j],
                                             ArrayRef<int64_t>{16, 8, 16},
                                             /*tf32Enabled=*/false)
                        .getResult();
    } else {
      auto tf32 = [&](Value v) -> Value {
        Value rounded = NVVM::ConvertFloatToTF32Op::create(
            b, loc, b.getI32Type(), v, NVVM::FPRoundingMode::RNA,
            NVVM::SaturationMode::NONE, /*relu=*/false);
        return arith::BitcastOp::create(b, loc, b.getF32Type(), rounded);
      };
      auto pair = VectorType::get({2}, b.getF32Type());
      // Operand `s`'s elements as the mma takes them: rounded to TF32
      // unless exact already.
      auto operandValue = [&](const StagedOperand &s, Value v) -> Value {
        bool round = &s == &staged[0] ? tile.roundA : tile.roundB;
        return round ? tf32(v) : v;
      };
      // Two neighbouring slots, 8-byte aligned (even slots, even rows).
      auto load2 = [&](const StagedOperand &s, Value i, Value j) {
        Value v = vector::LoadOp::create(
            b, loc, pair, s.buffer, ValueRange{current, i, j},
            /*nontemporal=*/false, llvm::MaybeAlign(8));
        return std::pair{
            operandValue(s, vector::ExtractOp::create(b, loc, v, 0)),
            operandValue(s, vector::ExtractOp::create(b, loc, v, 1))};
      };
      // Thread-in-group t holds k = t and t + 4: slots 2t and 2t + 1.
      Value kSlot0 = arith::MulIOp::create(b, loc, inGroup, c(2));
      Value group2 = arith::MulIOp::create(b, loc, group, c(2));
      for (int64_t k8 = 0; k8 < BK; k8 += 8) {
        Value k = arith::AddIOp::create(b, loc, kSlot0, c(k8));
        Value k1 = arith::AddIOp::create(b, loc, k, c(1));
        SmallVector<Value> as, bs;
        // A fragment: rows g, g + 8 at k = t, t + 4, elements in the order
        // (g, t), (g + 8, t), (g, t + 4), (g + 8, t + 4).
        for (int64_t i = 0; i < fm; ++i) {
          Value fragment = arith::AddIOp::create(b, loc, warpM, c(16 * i));
          SmallVector<Value> e(4);
          if (staged[0].kMajor) {
            Value row = arith::AddIOp::create(b, loc, fragment, group2);
            std::tie(e[0], e[1]) = load2(staged[0], k, row);
            std::tie(e[2], e[3]) = load2(staged[0], k1, row);
          } else {
            Value row = arith::AddIOp::create(b, loc, fragment, group);
            Value row8 = arith::AddIOp::create(b, loc, row, c(8));
            std::tie(e[0], e[2]) = load2(staged[0], row, k);
            std::tie(e[1], e[3]) = load2(staged[0], row8, k);
          }
          as.push_back(vector::FromElementsOp::create(
              b, loc, VectorType::get({4, 1}, b.getF32Type()), e));
        }
        // B fragment: column g at k = t, t + 4.
        for (int64_t j = 0; j < fn; ++j) {
          Value col = arith::AddIOp::create(
              b, loc, warpN, arith::AddIOp::create(b, loc, group, c(8 * j)));
          SmallVector<Value> e(2);
          if (staged[1].kMajor) {
            e[0] = operandValue(
                staged[1], memref::LoadOp::create(b, loc, staged[1].buffer,
                                                  ValueRange{current, k, col}));
            e[1] = operandValue(staged[1], memref::LoadOp::create(
                                               b, loc, staged[1].buffer,
                                               ValueRange{current, k1, col}));
          } else {
            std::tie(e[0], e[1]) = load2(staged[1], col, k);
          }
          bs.push_back(vector::FromElementsOp::create(
              b, loc, VectorType::get({2, 1}, b.getF32Type()), e));
        }
        for (int64_t i = 0; i < fm; ++i)
          for (int64_t j = 0; j < fn; ++j)
            acc[i * fn + j] = nvgpu::MmaSyncOp::create(
                b, loc, as[i], bs[j], acc[i * fn + j],
                ArrayRef<int64_t>{16, 8, 8}, /*tf32Enabled=*/true);
      }
    }
    if (aheadLoads)
      scf::IfOp::create(b, loc, aheadExists, [&](OpBuilder &b, Location loc) {
        storeSlice(b, aheadStage, aheadK,
                   SmallVector<Value>(aheadLoads.getResults()));
        scf::YieldOp::create(b, loc);
      });
    scf::YieldOp::create(b, loc, acc);
  }
  // Nothing may be left in flight when the block exits.
  Value empty = nvgpu::DeviceAsyncCreateGroupOp::create(b, loc, ValueRange{});
  nvgpu::DeviceAsyncWaitOp::create(b, loc, empty, b.getI32IntegerAttr(0));

  // Fragment (i, j) element [h][w] is output row 16 i + group + 8 h,
  // column 8 j + 2 inGroup + w of the warp's tile.
  ContractionOutput result{op, dims, base,        ranges,   combiner,
                           M,  N,    initializer, epilogue, storeOutput};
  auto forEachPoint = [&](OpBuilder &b, int64_t i,
                          function_ref<void(Value, Value, Value)> body) {
    for (int64_t j = 0; j < fn; ++j)
      for (int64_t h = 0; h < 2; ++h)
        for (int64_t w = 0; w < 2; ++w) {
          Value m = arith::AddIOp::create(
              b, loc, arith::AddIOp::create(b, loc, m0, warpM),
              arith::AddIOp::create(b, loc, group, c(16 * i + 8 * h)));
          Value inGroup2 = arith::MulIOp::create(b, loc, inGroup, c(2));
          Value n = arith::AddIOp::create(
              b, loc, arith::AddIOp::create(b, loc, n0, warpN),
              arith::AddIOp::create(b, loc, inGroup2, c(8 * j + w)));
          Value value = vector::ExtractOp::create(
              b, loc, kLoop.getResult(i * fn + j), ArrayRef<int64_t>{h, w});
          body(m, n, value);
        }
  };
  // Every point guarded by its bounds.
  auto emitGuarded = [&](OpBuilder &b) {
    for (int64_t i = 0; i < fm; ++i)
      forEachPoint(b, i, [&](Value m, Value n, Value value) {
        result.emit(b, loc, mapping, m, n, value);
      });
  };
  if (!tiling.interiorEpilogue) {
    emitGuarded(b);
    return;
  }
  // A block whose tile lies inside the output needs no bounds checks: per
  // batch of points (16 a thread, in fragment order), all loads first, so
  // their latencies overlap, then the combines and stores.
  auto emitInterior = [&](OpBuilder &b) {
    std::vector<std::pair<ContractionOutput::Pending, Value>> points;
    auto flush = [&] {
      for (auto &[pending, value] : points)
        result.finish(b, loc, mapping, pending, value);
      points.clear();
    };
    for (int64_t i = 0; i < fm; ++i)
      forEachPoint(b, i, [&](Value m, Value n, Value value) {
        points.emplace_back(
            result.load(b, loc, mapping, m, n, /*epilogueInputs=*/true), value);
        if (points.size() == kInteriorEpilogueBatch)
          flush();
      });
    flush();
  };
  // Whether the block's tile ends inside the output along the dimensions
  // the tile does not divide (none: every block is interior).
  Value interior;
  for (auto [start, size, extent] :
       {std::tuple{m0, tile.m, M}, std::tuple{n0, tile.n, N}}) {
    if (extent % size == 0)
      continue;
    Value inside = arith::CmpIOp::create(
        b, loc, arith::CmpIPredicate::ule,
        arith::AddIOp::create(b, loc, start, c(size)), c(extent));
    interior =
        interior ? arith::AndIOp::create(b, loc, interior, inside) : inside;
  }
  if (!interior) {
    emitInterior(b);
    return;
  }
  auto ifOp = scf::IfOp::create(b, loc, interior, /*withElse=*/true);
  {
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(ifOp.thenBlock());
    emitInterior(b);
    b.setInsertionPointToStart(ifOp.elseBlock());
    emitGuarded(b);
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
  SmallVector<unsigned> reductionDims;
  op.getReductionDims(reductionDims);
  int64_t reduction = 1;
  for (unsigned d : reductionDims)
    reduction *= ranges[d];
  return contraction &&
         contraction->extent(contraction->m, ranges) >=
             tiling.minContractionExtent &&
         contraction->extent(contraction->n, ranges) >=
             tiling.minContractionExtent &&
         reduction >= 8;
}

LogicalResult KernelMapper::run(SmallVectorImpl<Launch> &launches) {
  // Initializers and epilogues run inside their contraction's launch.
  llvm::SmallPtrSet<Operation *, 4> fusedEpilogues;
  DenseMap<Operation *, linalg::LinalgOp> initializers;
  for (Operation &op : kernel.getBody().front()) {
    if (isa<func::ReturnOp>(op) || fusedEpilogues.contains(&op))
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
          isGemm(gemm)) {
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
    int64_t reduction = 1;
    SmallVector<unsigned> reductionDims;
    linalgOp.getReductionDims(reductionDims);
    for (unsigned d : reductionDims)
      reduction *= ranges[d];

    // The same test that folded initializers into this op above.
    if (isGemm(linalgOp)) {
      ContractionDims dims = *matchContraction(linalgOp, *combiner);
      bool tensorCores =
          isTensorCoreGemm(linalgOp, *combiner, tiling.precision);
      bool half = !tensorCores && tiling.f16TensorCores &&
                  isHalfTensorCoreGemm(linalgOp, *combiner, dims);
      tensorCores |= half;
      int64_t M = dims.extent(dims.m, ranges), N = dims.extent(dims.n, ranges),
              batch = dims.extent(dims.batch, ranges);
      auto isKMajor = [&](OpOperand *operand, ArrayRef<unsigned> rowDims) {
        return innermostUses(linalgOp.getMatchingIndexingMap(operand), rowDims);
      };
      bool aKMajor = isKMajor(linalgOp.getDpsInputOperand(0), dims.m),
           bKMajor = isKMajor(linalgOp.getDpsInputOperand(1), dims.n);
      TensorCoreTile tile = chooseTensorCoreTile(
          M, N, batch, tiling.targetBlocks, aKMajor, bKMajor);
      auto tuned = tiling.tunedTiles.find(
          getGemmKey(M, N, dims.extent(dims.k, ranges), batch));
      // A tuned tile that does not fit in shared memory (layouts change
      // between versions) is not used.
      bool isTuned =
          tuned != tiling.tunedTiles.end() &&
          getTensorCoreSharedBytes({tuned->second.first, tuned->second.second},
                                   aKMajor, bKMajor) <= kMaxStaticSharedBytes;
      if (isTuned)
        tile = {tuned->second.first, tuned->second.second};
      if (auto exact =
              linalgOp->getAttrOfType<DenseI64ArrayAttr>(kTF32ExactAttrName)) {
        tile.roundA = !llvm::is_contained(exact.asArrayRef(), 0);
        tile.roundB = !llvm::is_contained(exact.asArrayRef(), 1);
      }
      tile.half = half;
      tile.bfloat = half && cast<MemRefType>(
                                linalgOp.getDpsInputOperand(0)->get().getType())
                                .getElementType()
                                .isBF16();
      if (tiling.tensorCoreWarps == 4 && tile.m * tile.n >= 128 * 64)
        tile.warps = 4;
      chooseWarpLayout(tile, bKMajor);
      chooseStages(tile, aKMajor, bKMajor);
      SmallVector<Type> workgroup;
      if (tensorCores) {
        workgroup = getTensorCoreBuffers(linalgOp, dims, tile);
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
      // The op after the contraction; pure ops in between (views of
      // the epilogue's operands, constants) are cloned here for it.
      Operation *next = nextWrite(&op);
      for (Operation *p = op.getNextNode(); p != next; p = p->getNextNode())
        b.clone(*p, mapping);
      linalg::LinalgOp epilogue = matchEpilogue(linalgOp, next, mapping);
      bool storeOutput =
          !epilogue || isOutputRead(linalgOp.getDpsInitOperand(0)->get(),
                                    linalgOp, epilogue);
      if (epilogue)
        fusedEpilogues.insert(epilogue);
      if (tensorCores) {
        emitTensorCoreContraction(b, linalgOp, mapping, ranges, *combiner, tile,
                                  buffers, initializers.lookup(&op), epilogue,
                                  storeOutput, launch);
        if (isTuned)
          launch.strategy += " (tuned)";
      } else
        emitContraction(b, linalgOp, mapping, ranges, *combiner, buffers,
                        initializers.lookup(&op), epilogue, storeOutput,
                        launch);
    } else if (combiner && !reductionDims.empty() &&
               reduction >= tiling.blockReductionThreshold) {
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
      if (failed(emitParallel(b, linalgOp, mapping, ranges, launch)))
        return failure();
    }
    launches.push_back(launch);
  }
  return success();
}

//===----------------------------------------------------------------------===//
// The pass
//===----------------------------------------------------------------------===//

/// Reads a tuning cache: one GEMM a line, "SHAPE TILE" (SHAPE as
/// getGemmKey writes it, TILE a tensor-core block tile such as 128x64), '#'
/// comments and blank lines ignored.
LogicalResult
readTuningCache(StringRef path, Location loc,
                std::map<std::string, std::pair<int64_t, int64_t>> &tiles) {
  llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> file =
      llvm::MemoryBuffer::getFile(path, /*IsText=*/true);
  if (!file)
    return emitError(loc) << "cannot read the tuning cache '" << path
                          << "': " << file.getError().message();
  SmallVector<StringRef> lines;
  (*file)->getBuffer().split(lines, '\n');
  for (auto [index, raw] : llvm::enumerate(lines)) {
    StringRef line = raw.split('#').first.trim();
    if (line.empty())
      continue;
    auto [shape, tileText] = line.split(' ');
    tileText = tileText.trim();
    auto [mText, nText] = tileText.split('x');
    int64_t m = 0, n = 0;
    bool known = !mText.getAsInteger(10, m) && !nText.getAsInteger(10, n) &&
                 llvm::any_of(kTensorCoreTiles, [&](const TensorCoreTile &t) {
                   return t.m == m && t.n == n;
                 });
    SmallVector<StringRef> dims;
    shape.split(dims, 'x');
    bool shapeOk = (dims.size() == 3 || dims.size() == 4) &&
                   llvm::all_of(dims, [](StringRef d) {
                     int64_t v;
                     return !d.getAsInteger(10, v) && v > 0;
                   });
    if (!shapeOk || !known)
      return emitError(loc)
             << "tuning cache '" << path << "' line " << index + 1 << ": '"
             << line
             << "' is not 'MxNxK[xBATCH] TILE' with a tensor-core tile "
                "(128x128, 128x64, 64x128, 128x32, 64x64, 64x32, 32x64 or "
                "32x32)";
    tiles[shape.str()] = {m, n};
  }
  return success();
}

struct MapKernelsToGPUPass final
    : impl::MapKernelsToGPUPassBase<MapKernelsToGPUPass> {
  using Base::Base;

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
    if (tensorCoreWarps != 4 && tensorCoreWarps != 8)
      return emitError(getOperation().getLoc())
             << "tensor-core-warps must be 4 or 8, not "
             << int64_t(tensorCoreWarps);
    if (precision != "fp32" && precision != "tf32")
      return emitError(getOperation().getLoc())
             << "precision must be fp32 or tf32, not '" << precision << "'";
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
    for (auto func : module.getOps<func::FuncOp>())
      if (func->hasAttr(kKernelAttrName) && !func.isExternal())
        kernels.push_back(func);
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
                  f16TensorCores,
                  {}};
    if (!tuningCache.empty() &&
        failed(
            readTuningCache(tuningCache, module.getLoc(), tiling.tunedTiles)))
      return signalPassFailure();

    SymbolTable symbols(module);
    for (func::FuncOp kernel : kernels) {
      SmallVector<Launch> launches;
      if (failed(KernelMapper(kernel, device, tiling).run(launches)))
        return signalPassFailure();
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

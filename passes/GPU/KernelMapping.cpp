//===- KernelMapping.cpp - What the GPU mapping strategies share ---------===//
//
// Part of the modelc project, under the Apache License v2.0 with LLVM
// Exceptions. SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "passes/GPU/KernelMapping.h"

#include "mlir/Dialect/Affine/Utils.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/Interfaces/ViewLikeInterface.h"
#include "llvm/ADT/TypeSwitch.h"

namespace mlir::modelc::mapping {

int64_t product(ArrayRef<int64_t> values) {
  int64_t p = 1;
  for (int64_t v : values)
    p *= v;
  return p;
}

SmallVector<int64_t> selectExtents(ArrayRef<int64_t> ranges,
                                   ArrayRef<unsigned> dims) {
  return selectAt(ranges, dims);
}

std::string describeGemm(StringRef kind, int64_t tileM, int64_t tileN,
                         int64_t M, int64_t N, int64_t K, int64_t batch) {
  return (kind + " " + Twine(tileM) + "x" + Twine(tileN) + " tiles, GEMM " +
          getGemmKey(M, N, K, batch))
      .str();
}

Value constantIndex(OpBuilder &b, Location loc, int64_t value) {
  return arith::ConstantIndexOp::create(b, loc, value);
}

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

SmallVector<Value> operandIndices(OpBuilder &b, Location loc,
                                  linalg::LinalgOp op, OpOperand &operand,
                                  ValueRange ivs) {
  AffineMap map = op.getMatchingIndexingMap(&operand);
  SmallVector<Value> indices;
  for (AffineExpr expr : map.getResults())
    indices.push_back(affine::expandAffineExpr(b, loc, expr, ivs, {}));
  return indices;
}

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

SmallVector<Value> emitPayload(OpBuilder &b, linalg::LinalgOp op,
                               IRMapping &payload, ValueRange ivs,
                               Operation *skip) {
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

void bindOperandLanes(OpBuilder &b, Location loc, linalg::LinalgOp op,
                      IRMapping &mapping, MutableArrayRef<IRMapping> payloads,
                      ValueRange ivs, unsigned lane) {
  for (OpOperand *operand : op.getDpsInputOperands()) {
    BlockArgument arg = op.getMatchingBlockArgument(operand);
    if (arg.use_empty())
      continue;
    for (auto [payload, value] :
         llvm::zip(payloads, loadLanes(b, loc, op, *operand, mapping, ivs, lane,
                                       payloads.size())))
      payload.map(arg, value);
  }
}

bool isVectorAligned(MemRefType type, int64_t width) {
  if (type.getRank() == 0 || type.getShape().back() % width != 0)
    return false;
  SmallVector<int64_t> strides;
  int64_t offset;
  if (failed(type.getStridesAndOffset(strides, offset)) ||
      ShapedType::isDynamic(offset) || offset % width != 0 ||
      strides.back() != 1)
    return false;
  return llvm::all_of(ArrayRef(strides).drop_back(), [&](int64_t stride) {
    return !ShapedType::isDynamic(stride) && stride % width == 0;
  });
}

bool isIndexedLastBy(AffineMap map, unsigned inner) {
  if (map.getNumResults() == 0)
    return false;
  auto dim = dyn_cast<AffineDimExpr>(map.getResults().back());
  if (!dim || dim.getPosition() != inner)
    return false;
  return llvm::none_of(map.getResults().drop_back(),
                       [&](AffineExpr e) { return e.isFunctionOfDim(inner); });
}

Value getRootBuffer(Value value) {
  while (auto view = value.getDefiningOp<ViewLikeOpInterface>())
    value = view.getViewSource();
  return value;
}

bool hasVectorAlignedStorage(Value buffer) {
  auto get = getRootBuffer(buffer).getDefiningOp<memref::GetGlobalOp>();
  if (!get)
    return true;
  auto global = SymbolTable::lookupNearestSymbolFrom<memref::GlobalOp>(
      get, get.getNameAttr());
  return global && global.getAlignment().value_or(0) >= kVectorBytes;
}

int64_t getVectorBytes(Value buffer, int64_t width) {
  return width * cast<MemRefType>(buffer.getType()).getElementTypeBitWidth() /
         8;
}

bool allowsLanes(linalg::LinalgOp op, OpOperand &operand, unsigned lane,
                 int64_t lanes) {
  auto type = dyn_cast<MemRefType>(operand.get().getType());
  AffineMap map = op.getMatchingIndexingMap(&operand);
  if (lanes == 1 || !type || !map.isFunctionOfDim(lane))
    return true;
  unsigned bits = type.getElementTypeBitWidth();
  return bits >= 8 && llvm::isPowerOf2_32(bits) &&
         bits * lanes <= 8 * kVectorBytes && isIndexedLastBy(map, lane) &&
         isVectorAligned(type, lanes) && hasVectorAlignedStorage(operand.get());
}

SmallVector<Value> getLaneIvs(OpBuilder &b, Location loc, ValueRange ivs,
                              unsigned lane, int64_t k) {
  SmallVector<Value> laneIvs(ivs);
  if (k)
    laneIvs[lane] =
        arith::AddIOp::create(b, loc, ivs[lane], constantIndex(b, loc, k));
  return laneIvs;
}

SmallVector<Value> loadLanes(OpBuilder &b, Location loc, linalg::LinalgOp op,
                             OpOperand &operand, IRMapping &mapping,
                             ValueRange ivs, unsigned lane, int64_t lanes) {
  Value source = mapping.lookup(operand.get());
  if (lanes == 1 || !isa<MemRefType>(source.getType()) ||
      !op.getMatchingIndexingMap(&operand).isFunctionOfDim(lane))
    return SmallVector<Value>(lanes,
                              loadOperand(b, loc, op, operand, mapping, ivs));
  auto vectorType = VectorType::get(
      {lanes}, cast<MemRefType>(source.getType()).getElementType());
  Value vector = vector::LoadOp::create(
      b, loc, vectorType, source, operandIndices(b, loc, op, operand, ivs),
      /*nontemporal=*/false, llvm::MaybeAlign(getVectorBytes(source, lanes)));
  SmallVector<Value> values;
  for (int64_t k = 0; k < lanes; ++k)
    values.push_back(vector::ExtractOp::create(b, loc, vector, k));
  return values;
}

void storeLanes(OpBuilder &b, Location loc, linalg::LinalgOp op,
                OpOperand &operand, IRMapping &mapping, ValueRange ivs,
                ArrayRef<Value> values) {
  if (values.size() == 1)
    return storeOperand(b, loc, op, operand, mapping, ivs, values.front());
  int64_t lanes = values.size();
  Value vector = vector::FromElementsOp::create(
      b, loc, VectorType::get({lanes}, values.front().getType()), values);
  Value target = mapping.lookup(operand.get());
  vector::StoreOp::create(
      b, loc, vector, target, operandIndices(b, loc, op, operand, ivs),
      /*nontemporal=*/false, llvm::MaybeAlign(getVectorBytes(target, lanes)));
}

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

Value emitCombine(OpBuilder &b, const Combiner &combiner, Value lhs,
                  Value rhs) {
  IRMapping mapping;
  mapping.map(combiner.op->getOperand(0), lhs);
  mapping.map(combiner.op->getOperand(1), rhs);
  return b.clone(*combiner.op, mapping)->getResult(0);
}

SmallVector<Value> getBatchIndices(OpBuilder &b, Location loc,
                                   const ContractionDims &dims,
                                   ArrayRef<int64_t> ranges, Value batchIndex) {
  SmallVector<Value> indices(ranges.size(), constantIndex(b, loc, 0));
  for (auto [d, iv] :
       llvm::zip(dims.batch, delinearize(b, loc, batchIndex,
                                         selectExtents(ranges, dims.batch))))
    indices[d] = iv;
  return indices;
}

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

bool innermostUses(AffineMap map, ArrayRef<unsigned> dims) {
  if (map.getNumResults() == 0)
    return false;
  AffineExpr last = map.getResults().back();
  return llvm::any_of(dims,
                      [&](unsigned d) { return last.isFunctionOfDim(d); });
}

bool ContractionOutput::allowsLanes(int64_t lanes) {
  if (lanes == 1)
    return true;
  if (dims.n.empty() || ranges[dims.n.back()] % lanes != 0)
    return false;
  unsigned inner = dims.n.back();
  OpOperand &output = *op.getDpsInitOperand(0);
  AffineMap outputMap = op.getMatchingIndexingMap(&output);
  if (!isIndexedLastBy(outputMap, inner))
    return false;
  if ((!initializer || storeOutput) &&
      !mapping::allowsLanes(op, output, inner, lanes))
    return false;
  // The fused ops iterate the output: their last loop is `inner`.
  for (linalg::LinalgOp fused : {initializer, epilogue}) {
    if (!fused)
      continue;
    if (fused.getNumLoops() != outputMap.getNumResults())
      return false;
    unsigned lane = fused.getNumLoops() - 1;
    for (OpOperand &operand : fused->getOpOperands()) {
      bool isResult = fused == epilogue && operand.get() == output.get() &&
                      !fused.isDpsInit(&operand);
      bool accessed =
          fused.isDpsInit(&operand)
              ? fused == epilogue
              : !fused.getMatchingBlockArgument(&operand).use_empty();
      if (accessed && !isResult &&
          !mapping::allowsLanes(fused, operand, lane, lanes))
        return false;
    }
  }
  return true;
}

ContractionOutput::Pending ContractionOutput::load(OpBuilder &b, Location loc,
                                                   IRMapping &mapping, Value m,
                                                   Value n, int64_t lanes,
                                                   bool epilogueInputs) {
  Pending p;
  p.lanes = lanes;
  p.point.assign(base.begin(), base.end());
  for (auto [d, iv] :
       llvm::zip(dims.m, delinearize(b, loc, m, selectExtents(ranges, dims.m))))
    p.point[d] = iv;
  for (auto [d, iv] :
       llvm::zip(dims.n, delinearize(b, loc, n, selectExtents(ranges, dims.n))))
    p.point[d] = iv;
  OpOperand &output = *op.getDpsInitOperand(0);
  // Both fused ops iterate the output, so its indices are their point.
  if (initializer || epilogue)
    p.outputPoint = operandIndices(b, loc, op, output, p.point);
  if (initializer) {
    p.initPayloads.assign(lanes, mapping);
    bindOperandLanes(b, loc, initializer, mapping, p.initPayloads,
                     p.outputPoint, initializer.getNumLoops() - 1);
  } else {
    p.outs = loadLanes(b, loc, op, output, mapping, p.point,
                       dims.n.empty() ? 0 : dims.n.back(), lanes);
  }
  if (epilogue && epilogueInputs)
    loadEpilogueInputs(b, loc, mapping, p);
  return p;
}

void ContractionOutput::loadEpilogueInputs(OpBuilder &b, Location loc,
                                           IRMapping &mapping, Pending &p) {
  Value result = op.getDpsInitOperand(0)->get();
  p.epiloguePayloads.assign(p.lanes, mapping);
  for (OpOperand *operand : epilogue.getDpsInputOperands()) {
    BlockArgument arg = epilogue.getMatchingBlockArgument(operand);
    if (operand->get() == result || arg.use_empty())
      continue;
    for (auto [payload, value] :
         llvm::zip(p.epiloguePayloads,
                   loadLanes(b, loc, epilogue, *operand, mapping, p.outputPoint,
                             epilogue.getNumLoops() - 1, p.lanes)))
      payload.map(arg, value);
  }
  p.epilogueLoaded = true;
}

void ContractionOutput::finish(OpBuilder &b, Location loc, IRMapping &mapping,
                               Pending &p, ArrayRef<Value> accs) {
  assert(static_cast<int64_t>(accs.size()) == p.lanes && "one value a lane");
  OpOperand &output = *op.getDpsInitOperand(0);
  SmallVector<Value> values;
  for (auto [k, acc] : llvm::enumerate(accs)) {
    Value out = initializer
                    ? emitPayload(b, initializer, p.initPayloads[k],
                                  getLaneIvs(b, loc, p.outputPoint,
                                             initializer.getNumLoops() - 1, k))
                          .front()
                    : p.outs[k];
    values.push_back(emitCombine(b, combiner, out, acc));
  }
  if (storeOutput)
    storeLanes(b, loc, op, output, mapping, p.point, values);
  if (!epilogue)
    return;
  if (!p.epilogueLoaded)
    loadEpilogueInputs(b, loc, mapping, p);
  emitEpilogue(b, loc, epilogue, output.get(), mapping, p.epiloguePayloads,
               p.outputPoint, values);
}

void emitEpilogue(OpBuilder &b, Location loc, linalg::LinalgOp epilogue,
                  Value result, IRMapping &mapping, ArrayRef<IRMapping> loaded,
                  ArrayRef<Value> point, ArrayRef<Value> values) {
  int64_t lanes = values.size();
  unsigned lane = epilogue.getNumLoops() - 1;
  SmallVector<IRMapping> payloads(loaded);
  for (OpOperand &operand : epilogue->getOpOperands()) {
    BlockArgument arg = epilogue.getMatchingBlockArgument(&operand);
    if (arg.use_empty() || payloads.front().contains(arg))
      continue;
    SmallVector<Value> laneValues =
        operand.get() == result && !epilogue.isDpsInit(&operand)
            ? SmallVector<Value>(values)
            : loadLanes(b, loc, epilogue, operand, mapping, point, lane, lanes);
    for (auto [payload, value] : llvm::zip(payloads, laneValues))
      payload.map(arg, value);
  }
  SmallVector<Value> results;
  for (int64_t k = 0; k < lanes; ++k)
    results.push_back(emitPayload(b, epilogue, payloads[k],
                                  getLaneIvs(b, loc, point, lane, k))
                          .front());
  storeLanes(b, loc, epilogue, *epilogue.getDpsInitOperand(0), mapping, point,
             results);
}

void ContractionOutput::emit(OpBuilder &b, Location loc, IRMapping &mapping,
                             Value m, Value n, ArrayRef<Value> accs) {
  Value inside = arith::AndIOp::create(
      b, loc,
      arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ult, m,
                            constantIndex(b, loc, M)),
      arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ult, n,
                            constantIndex(b, loc, N)));
  auto ifOp = scf::IfOp::create(b, loc, inside, /*withElse=*/false);
  OpBuilder::InsertionGuard guard(b);
  b.setInsertionPointToStart(ifOp.thenBlock());
  Pending p =
      load(b, loc, mapping, m, n, accs.size(), /*epilogueInputs=*/false);
  finish(b, loc, mapping, p, accs);
}

} // namespace mlir::modelc::mapping

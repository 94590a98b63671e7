//===- FuseAttention.cpp - Attention subgraphs as one op ------------------===//
//
// Part of the modelc project, under the Apache License v2.0 with LLVM
// Exceptions. SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Implements `onnx-fuse-attention`: scaled dot-product attention, as
// exporters write it,
//
//   MatMul(Softmax(MatMul(Q', Transpose(K)) [scaled], axis = -1), V')
//
// with the scale a Div or Mul by a constant scalar of Q', K^T or the
// scores, becomes one onnx.FusedAttention(Q, K, V) on 3-D heads-first
// tensors (N x S x D; 4-D B x H x S x D ones are reshaped, a view). Q', V'
// and K may be the transposes of a sequence-first layout (S x N x D): the
// op then reads that layout itself (`sequence_first`) and the transposes
// go.
//
//===----------------------------------------------------------------------===//

#include "passes/ONNX/Passes.h"

#include "dialects/ONNX/IR/ONNXOps.h"
#include "passes/ONNX/Transposes.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/SetVector.h"

namespace mlir::modelc {
#define GEN_PASS_DEF_ONNXFUSEATTENTIONPASS
#include "passes/ONNX/Passes.h.inc"

using namespace mlir::modelc::onnx;

namespace {

/// The value of a constant scalar (any shape of one element) of float type.
std::optional<double> getScalarConstant(Value value) {
  auto constant = value.getDefiningOp<ConstantOp>();
  if (!constant)
    return std::nullopt;
  auto elements = dyn_cast<DenseFPElementsAttr>(constant.getValue());
  if (!elements || elements.getNumElements() != 1)
    return std::nullopt;
  return (*elements.getValues<APFloat>().begin()).convertToDouble();
}

/// `value` without a Div or Mul by a constant scalar (used only here),
/// multiplying `scale` by what it applied.
Value stripScale(Value value, double &scale) {
  Operation *op = value.getDefiningOp();
  if (!op || !isa<DivOp, MulOp>(op) || !value.hasOneUse() ||
      op->getOperand(0).getType() != value.getType())
    return value;
  std::optional<double> c = getScalarConstant(op->getOperand(1));
  if (!c || *c == 0.0)
    return value;
  scale *= isa<DivOp>(op) ? 1.0 / *c : *c;
  return op->getOperand(0);
}

/// The source of `value` when it is a Transpose by `perm`, else null.
Value getTransposeSource(Value value, ArrayRef<int64_t> perm) {
  auto transpose = value.getDefiningOp<TransposeOp>();
  if (!transpose || ArrayRef<int64_t>(transpose.getEffectivePerm()) != perm)
    return {};
  return transpose.getData();
}

/// Erases the ops of the rewritten subgraph, `root` and the ops that feed
/// it through MatMul, Softmax, scale, transpose and constant ops, as they
/// become unused (some may still have other users: they stay).
void eraseUnused(Operation *root) {
  SetVector<Operation *> candidates;
  SmallVector<Operation *> worklist = {root};
  while (!worklist.empty()) {
    Operation *op = worklist.pop_back_val();
    if (!isa<MatMulOp, SoftmaxOp, DivOp, MulOp, TransposeOp, ConstantOp>(op) ||
        !candidates.insert(op))
      continue;
    for (Value operand : op->getOperands())
      if (Operation *producer = operand.getDefiningOp())
        worklist.push_back(producer);
  }
  DenseSet<Operation *> erased;
  for (bool changed = true; changed;) {
    changed = false;
    for (Operation *op : candidates)
      if (!erased.contains(op) && op->use_empty()) {
        erased.insert(op);
        op->erase();
        changed = true;
      }
  }
}

bool isStaticFloat(Value value, int64_t rank) {
  auto type = dyn_cast<RankedTensorType>(value.getType());
  return type && type.getRank() == rank && type.hasStaticShape() &&
         isa<FloatType>(type.getElementType());
}

/// A Reshape of `value` to static `shape`.
Value createReshape(OpBuilder &b, Location loc, Value value,
                    ArrayRef<int64_t> shape) {
  auto type = cast<RankedTensorType>(value.getType()).clone(shape);
  auto shapeType = RankedTensorType::get({static_cast<int64_t>(shape.size())},
                                         b.getI64Type());
  Value constant = ConstantOp::create(b, loc, shapeType,
                                      DenseElementsAttr::get(shapeType, shape));
  return ReshapeOp::create(b, loc, type, value, constant);
}

/// The transpose between heads-first and sequence-first 3-D tensors.
const int64_t kSwap[] = {1, 0, 2};

/// One of Q, K, V, found heads-first (N x S x D, N the batch and heads of
/// a 4-D B x H x S x D tensor flattened) and, where it is the transpose of
/// a sequence-first tensor (S x N x D), that tensor.
struct AttentionOperand {
  /// The heads-first value: 3-D, or 4-D to be reshaped (`collapse`); null
  /// when only the sequence-first one exists.
  Value headsFirst;
  bool collapse = false;
  Value sequenceFirst;

  /// The heads-first tensor, a Reshape made for a 4-D one, a Transpose for
  /// one known sequence-first only.
  Value build(OpBuilder &b, Location loc) const {
    if (!headsFirst) {
      return createTranspose(b, loc, sequenceFirst, kSwap);
    }
    if (!collapse)
      return headsFirst;
    auto shape = cast<RankedTensorType>(headsFirst.getType()).getShape();
    return createReshape(b, loc, headsFirst,
                         {shape[0] * shape[1], shape[2], shape[3]});
  }
};

/// `value` (heads-first, 3-D or 4-D) as an AttentionOperand: a 4-D one
/// that is a Reshape of a 3-D N x S x D tensor is that tensor.
AttentionOperand getOperand(Value value) {
  AttentionOperand operand;
  auto type = cast<RankedTensorType>(value.getType());
  operand.headsFirst = value;
  if (type.getRank() == 4) {
    auto reshape = value.getDefiningOp<ReshapeOp>();
    auto source = reshape
                      ? dyn_cast<RankedTensorType>(reshape.getData().getType())
                      : RankedTensorType();
    if (source && source.hasStaticShape() && source.getRank() == 3 &&
        source.getDimSize(0) == type.getDimSize(0) * type.getDimSize(1) &&
        source.getDimSize(1) == type.getDimSize(2) &&
        source.getDimSize(2) == type.getDimSize(3))
      operand.headsFirst = reshape.getData();
    else
      operand.collapse = true;
  }
  if (!operand.collapse)
    operand.sequenceFirst = getTransposeSource(operand.headsFirst, kSwap);
  return operand;
}

/// The pass's shape limits (its options).
struct ShapeLimits {
  int64_t sequenceMultiple = 1, featureMultiple = 1, maxFeatures = 0;

  bool allow(int64_t queries, int64_t keys, int64_t features,
             int64_t valueFeatures) const {
    auto fits = [&](int64_t f) {
      return f % featureMultiple == 0 && (maxFeatures == 0 || f <= maxFeatures);
    };
    return queries % sequenceMultiple == 0 && keys % sequenceMultiple == 0 &&
           fits(features) && fits(valueFeatures);
  }
};

/// Rewrites the attention that ends at `output`, a MatMul, when its shapes
/// are within `limits` (`unfit` says when they were not).
LogicalResult fuse(MatMulOp output, const ShapeLimits &limits, bool &unfit) {
  auto softmax = output.getA().getDefiningOp<SoftmaxOp>();
  if (!softmax || !softmax->hasOneUse())
    return failure();
  auto scoresType = cast<RankedTensorType>(softmax.getType());
  int64_t rank = scoresType.getRank();
  if ((rank != 3 && rank != 4) || !isStaticFloat(softmax.getInput(), rank) ||
      (softmax.getAxis() != -1 && softmax.getAxis() != rank - 1))
    return failure();
  double scale = 1.0;
  Value scores = stripScale(softmax.getInput(), scale);
  auto product = scores.getDefiningOp<MatMulOp>();
  if (!product || !product->hasOneUse() ||
      !isStaticFloat(product.getA(), rank) ||
      !isStaticFloat(product.getB(), rank) ||
      !isStaticFloat(output.getB(), rank))
    return failure();
  // Scales of Q and of K^T (an exporter may split 1/sqrt(D) between them).
  Value a = stripScale(product.getA(), scale);
  Value keysT = stripScale(product.getB(), scale);
  // The reference lowering subtracts the maximum of the unscaled scores.
  if (!(scale > 0.0))
    return failure();
  Value vIn = output.getB();
  // Scores (..., queries, keys), V (..., keys, value features), Q (...,
  // queries, features).
  ArrayRef<int64_t> scoresShape = scoresType.getShape();
  if (!limits.allow(scoresShape[rank - 2], scoresShape[rank - 1],
                    cast<ShapedType>(a.getType()).getShape().back(),
                    cast<ShapedType>(vIn.getType()).getShape().back())) {
    unfit = true;
    return failure();
  }
  Type element = scoresType.getElementType();
  for (Value v : {a, keysT, vIn})
    if (cast<ShapedType>(v.getType()).getElementType() != element)
      return failure();
  // K^T: a transpose of K's last two dimensions, or (3-D) the transpose of
  // a sequence-first K to N x D x S.
  AttentionOperand q = getOperand(a), v = getOperand(vIn), k;
  SmallVector<int64_t> lastTwo = {0, 1, 2, 3};
  lastTwo.resize(rank);
  std::swap(lastTwo[rank - 2], lastTwo[rank - 1]);
  const int64_t keysFromSequenceFirst[] = {1, 2, 0};
  if (Value heads = getTransposeSource(keysT, lastTwo))
    k = getOperand(heads);
  else if (Value sequence =
               rank == 3 ? getTransposeSource(keysT, keysFromSequenceFirst)
                         : Value())
    k.sequenceFirst = sequence;
  else
    return failure();
  bool sequenceFirst = q.sequenceFirst && k.sequenceFirst && v.sequenceFirst;
  if (!sequenceFirst && !k.headsFirst && !k.sequenceFirst)
    return failure();

  OpBuilder b(output);
  Location loc =
      b.getFusedLoc({product.getLoc(), softmax.getLoc(), output.getLoc()});
  Value qIn, kIn, vArg;
  if (sequenceFirst) {
    qIn = q.sequenceFirst;
    kIn = k.sequenceFirst;
    vArg = v.sequenceFirst;
  } else {
    qIn = q.build(b, loc);
    kIn = k.build(b, loc);
    vArg = v.build(b, loc);
  }
  auto qType = cast<RankedTensorType>(qIn.getType());
  int64_t valueFeatures = cast<RankedTensorType>(vArg.getType()).getDimSize(2);
  auto fusedType =
      qType.clone({qType.getDimSize(0), qType.getDimSize(1), valueFeatures});
  auto fused = FusedAttentionOp::create(b, loc, fusedType, qIn, kIn, vArg,
                                        b.getF32FloatAttr(scale),
                                        b.getBoolAttr(sequenceFirst));
  auto resultType = cast<RankedTensorType>(output.getType());
  // A 4-D sequence-first result permuted to S x B x H x Dv (as
  // nn.MultiheadAttention does next) is a reshape of the op's.
  Operation *user = output->hasOneUse() ? *output->getUsers().begin() : nullptr;
  auto permute = dyn_cast_or_null<TransposeOp>(user);
  const int64_t toSequenceFirst[] = {2, 0, 1, 3};
  if (rank == 4 && sequenceFirst && permute &&
      ArrayRef<int64_t>(permute.getEffectivePerm()) ==
          ArrayRef<int64_t>(toSequenceFirst)) {
    OpBuilder after(permute);
    permute.getResult().replaceAllUsesWith(
        createReshape(after, loc, fused.getY(),
                      cast<RankedTensorType>(permute.getType()).getShape()));
    permute.erase();
    eraseUnused(output);
    return success();
  }
  Value result = fused.getY();
  if (sequenceFirst)
    result = createTranspose(b, loc, result, kSwap);
  if (rank == 4)
    result = createReshape(b, loc, result, resultType.getShape());
  output.getY().replaceAllUsesWith(result);
  eraseUnused(output);
  return success();
}

struct ONNXFuseAttentionPass final
    : impl::ONNXFuseAttentionPassBase<ONNXFuseAttentionPass> {
  using Base::Base;

  void runOnOperation() override {
    ShapeLimits limits{sequenceMultiple, featureMultiple, maxFeatures};
    for (auto matmul :
         llvm::make_early_inc_range(getOperation().getOps<MatMulOp>())) {
      bool unfit = false;
      if (succeeded(fuse(matmul, limits, unfit)))
        ++numFused;
      else if (unfit)
        ++numUnfit;
    }
  }
};

} // namespace
} // namespace mlir::modelc

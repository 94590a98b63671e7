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
// with the scale a Div or Mul by a constant scalar of Q' or of the scores,
// becomes one onnx.FusedAttention(Q, K, V). Q', V' and the transpose of K
// may be the transposes of a sequence-first layout (S x N x D): the op
// then reads that layout itself (`sequence_first`) and the transposes go.
//
//===----------------------------------------------------------------------===//

#include "passes/ONNX/Passes.h"

#include "dialects/ONNX/IR/ONNXOps.h"

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

bool isStatic3D(Value value) {
  auto type = dyn_cast<RankedTensorType>(value.getType());
  return type && type.getRank() == 3 && type.hasStaticShape() &&
         isa<FloatType>(type.getElementType());
}

/// Rewrites the attention that ends at `output`, a MatMul.
LogicalResult fuse(MatMulOp output) {
  auto softmax = output.getA().getDefiningOp<SoftmaxOp>();
  if (!softmax || !softmax->hasOneUse() || !isStatic3D(softmax.getInput()) ||
      (softmax.getAxis() != -1 && softmax.getAxis() != 2))
    return failure();
  double scale = 1.0;
  Value scores = stripScale(softmax.getInput(), scale);
  auto product = scores.getDefiningOp<MatMulOp>();
  if (!product || !product->hasOneUse() || !isStatic3D(product.getA()) ||
      !isStatic3D(product.getB()) || !isStatic3D(output.getB()))
    return failure();
  Value a = stripScale(product.getA(), scale);
  // The reference lowering subtracts the maximum of the unscaled scores.
  if (!(scale > 0.0))
    return failure();
  Value vIn = output.getB();
  Type element = cast<ShapedType>(a.getType()).getElementType();
  if (cast<ShapedType>(product.getB().getType()).getElementType() != element ||
      cast<ShapedType>(vIn.getType()).getElementType() != element ||
      cast<ShapedType>(softmax.getType()).getElementType() != element)
    return failure();
  // Sequence-first when all three operands are transposes of S x N x D
  // tensors (K^T: S x N x D -> N x D x S); else heads-first, K^T being a
  // transpose of the last two dimensions.
  const int64_t swap[] = {1, 0, 2}, keysFromSequenceFirst[] = {1, 2, 0},
                keysFromHeadsFirst[] = {0, 2, 1};
  Value q = getTransposeSource(a, swap),
        k = getTransposeSource(product.getB(), keysFromSequenceFirst),
        v = getTransposeSource(vIn, swap);
  bool sequenceFirst = q && k && v;
  if (!sequenceFirst) {
    q = a;
    v = vIn;
    k = getTransposeSource(product.getB(), keysFromHeadsFirst);
    if (!k)
      return failure();
  }
  OpBuilder b(output);
  Location loc =
      b.getFusedLoc({product.getLoc(), softmax.getLoc(), output.getLoc()});
  auto q3 = cast<RankedTensorType>(q.getType());
  auto v3 = cast<RankedTensorType>(v.getType());
  auto resultType = cast<RankedTensorType>(output.getType());
  auto fusedType = resultType;
  if (sequenceFirst)
    fusedType = resultType.clone(
        {q3.getDimSize(0), q3.getDimSize(1), v3.getDimSize(2)});
  auto fused = FusedAttentionOp::create(b, loc, fusedType, q, k, v,
                                        b.getF32FloatAttr(scale),
                                        b.getBoolAttr(sequenceFirst));
  Value result = fused.getY();
  if (sequenceFirst)
    result = TransposeOp::create(b, loc, resultType, result,
                                 b.getDenseI64ArrayAttr(swap));
  output.getY().replaceAllUsesWith(result);
  eraseUnused(output);
  return success();
}

struct ONNXFuseAttentionPass final
    : impl::ONNXFuseAttentionPassBase<ONNXFuseAttentionPass> {
  using Base::Base;

  void runOnOperation() override {
    for (auto matmul :
         llvm::make_early_inc_range(getOperation().getOps<MatMulOp>()))
      if (succeeded(fuse(matmul)))
        ++numFused;
  }
};

} // namespace
} // namespace mlir::modelc

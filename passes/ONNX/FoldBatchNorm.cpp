//===- FoldBatchNorm.cpp - Remove inference BatchNormalization ------------===//
//
// Part of the modelc project, under the Apache License v2.0 with LLVM
// Exceptions. SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Implements `onnx-fold-batchnorm`. Inference batch normalization is the
// per-channel affine map y = x * s + t with s = scale / sqrt(var + eps) and
// t = B - mean * s. After a Conv (or a Gemm) with constant weights it folds
// into them; elsewhere it becomes Mul and Add by constants.
//
//===----------------------------------------------------------------------===//

#include "passes/ONNX/Passes.h"

#include "dialects/ONNX/IR/ONNXOps.h"
#include "passes/ONNX/ConstantEvaluator.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/Matchers.h"

#include <cmath>

#include "llvm/ADT/SetVector.h"

namespace mlir::modelc {
#define GEN_PASS_DEF_ONNXFOLDBATCHNORMPASS
#include "passes/ONNX/Passes.h.inc"

using namespace mlir::modelc::onnx;

namespace {
/// The per-channel affine map of a BatchNormalization.
struct ChannelAffine {
  SmallVector<double> scale; // s
  SmallVector<double> shift; // t
};

FailureOr<ChannelAffine> getChannelAffine(BatchNormalizationOp bn) {
  auto scale = getConstantFloatValues(bn.getScale());
  auto bias = getConstantFloatValues(bn.getB());
  auto mean = getConstantFloatValues(bn.getInputMean());
  auto var = getConstantFloatValues(bn.getInputVar());
  if (!scale || !bias || !mean || !var)
    return failure();
  size_t channels = scale->size();
  if (bias->size() != channels || mean->size() != channels ||
      var->size() != channels)
    return failure();
  double epsilon = bn.getEpsilon().convertToFloat();
  ChannelAffine affine;
  for (size_t c = 0; c < channels; ++c) {
    double s = (*scale)[c] / std::sqrt((*var)[c] + epsilon);
    affine.scale.push_back(s);
    affine.shift.push_back((*bias)[c] - (*mean)[c] * s);
  }
  return affine;
}

/// Points `operand` at `replacement` and erases the constant it used if
/// nothing else uses it: weights can be large.
void replaceConstantOperand(OpOperand &operand, Value replacement) {
  Operation *old = operand.get().getDefiningOp();
  operand.set(replacement);
  if (old && isa<ConstantOp>(old) && old->use_empty())
    old->erase();
}

/// Folds `affine` into the Conv producing the normalized value:
/// W'[m, ...] = W[m, ...] * s[m], B'[m] = B[m] * s[m] + t[m].
LogicalResult foldIntoConv(ConvOp conv, const ChannelAffine &affine) {
  auto weights = getConstantFloatValues(conv.getW());
  if (!weights)
    return failure();
  auto wType = cast<RankedTensorType>(conv.getW().getType());
  int64_t filters = wType.getDimSize(0);
  if (filters != static_cast<int64_t>(affine.scale.size()))
    return failure();
  SmallVector<double> bias(filters, 0.0);
  if (Value b = conv.getB()) {
    auto given = getConstantFloatValues(b);
    if (!given)
      return failure();
    bias = std::move(*given);
  }
  int64_t perFilter = wType.getNumElements() / filters;
  for (int64_t m = 0; m < filters; ++m) {
    for (int64_t k = 0; k < perFilter; ++k)
      (*weights)[m * perFilter + k] *= affine.scale[m];
    bias[m] = bias[m] * affine.scale[m] + affine.shift[m];
  }
  OpBuilder builder(conv);
  auto bType = RankedTensorType::get({filters}, wType.getElementType());
  Value newW = ConstantOp::create(builder, conv.getW().getLoc(), wType,
                                  createFloatElements(wType, *weights));
  Value newB = ConstantOp::create(
      builder, conv.getB() ? conv.getB().getLoc() : conv.getLoc(), bType,
      createFloatElements(bType, bias));
  replaceConstantOperand(conv->getOpOperand(1), newW);
  if (conv.getB())
    replaceConstantOperand(conv->getOpOperand(2), newB);
  else
    conv.getBMutable().assign(newB);
  return success();
}

/// Folds `affine` (over the N columns of the result) into the Gemm producing
/// the normalized value: column n of op(B) scales by s[n], and the bias
/// becomes beta * C * s + t (with beta reset to 1). Only a 1-D or scalar C
/// (or none) is folded.
LogicalResult foldIntoGemm(GemmOp gemm, const ChannelAffine &affine) {
  auto weights = getConstantFloatValues(gemm.getB());
  if (!weights)
    return failure();
  auto bType = cast<RankedTensorType>(gemm.getB().getType());
  int64_t n = affine.scale.size();
  bool transB = gemm.getTransB() != 0;
  if (bType.getDimSize(transB ? 0 : 1) != n)
    return failure();
  double beta = gemm.getBeta().convertToFloat();
  SmallVector<double> bias(n, 0.0);
  if (Value c = gemm.getC()) {
    auto cType = cast<RankedTensorType>(c.getType());
    auto given = getConstantFloatValues(c);
    if (!given || cType.getRank() > 1 ||
        (given->size() != 1 && static_cast<int64_t>(given->size()) != n))
      return failure();
    for (int64_t j = 0; j < n; ++j)
      bias[j] = beta * (*given)[given->size() == 1 ? 0 : j];
  }
  int64_t k = bType.getNumElements() / n;
  for (int64_t j = 0; j < n; ++j) {
    for (int64_t i = 0; i < k; ++i)
      (*weights)[transB ? j * k + i : i * n + j] *= affine.scale[j];
    bias[j] = bias[j] * affine.scale[j] + affine.shift[j];
  }
  OpBuilder builder(gemm);
  auto cType = RankedTensorType::get({n}, bType.getElementType());
  Value newB = ConstantOp::create(builder, gemm.getB().getLoc(), bType,
                                  createFloatElements(bType, *weights));
  Value newC = ConstantOp::create(builder, gemm.getLoc(), cType,
                                  createFloatElements(cType, bias));
  replaceConstantOperand(gemm->getOpOperand(1), newB);
  if (gemm.getC())
    replaceConstantOperand(gemm->getOpOperand(2), newC);
  else
    gemm.getCMutable().assign(newC);
  gemm.setBeta(APFloat(1.0f));
  return success();
}

/// Rewrites `bn` as X * s + t with s and t shaped [C, 1, ..., 1] so they
/// broadcast along axis 1.
void decompose(BatchNormalizationOp bn, const ChannelAffine &affine) {
  auto xType = cast<RankedTensorType>(bn.getX().getType());
  SmallVector<int64_t> paramShape{static_cast<int64_t>(affine.scale.size())};
  paramShape.append(xType.getRank() - 2, 1);
  auto paramType = RankedTensorType::get(paramShape, xType.getElementType());
  OpBuilder builder(bn);
  Location loc = bn.getLoc();
  Value s = ConstantOp::create(builder, loc, paramType,
                               createFloatElements(paramType, affine.scale));
  Value t = ConstantOp::create(builder, loc, paramType,
                               createFloatElements(paramType, affine.shift));
  Value scaled = MulOp::create(builder, loc, bn.getType(), bn.getX(), s);
  Value shifted = AddOp::create(builder, loc, bn.getType(), scaled, t);
  bn.replaceAllUsesWith(shifted);
}

struct ONNXFoldBatchNormPass final
    : impl::ONNXFoldBatchNormPassBase<ONNXFoldBatchNormPass> {
  using Base::Base;

  void runOnOperation() override {
    SmallVector<BatchNormalizationOp> norms;
    getOperation().walk([&](BatchNormalizationOp bn) { norms.push_back(bn); });
    for (BatchNormalizationOp bn : norms) {
      FailureOr<ChannelAffine> affine = getChannelAffine(bn);
      if (failed(affine)) {
        bn.emitRemark("BatchNormalization not folded: its parameters are not "
                      "constants");
        continue;
      }
      Value x = bn.getX();
      Operation *producer = x.getDefiningOp();
      bool folded = false;
      // The producer's result feeds only this normalization, so rescaling
      // its weights changes nothing else.
      if (producer && x.hasOneUse() && x.getType() == bn.getType()) {
        if (auto conv = dyn_cast<ConvOp>(producer))
          folded = succeeded(foldIntoConv(conv, *affine));
        else if (auto gemm = dyn_cast<GemmOp>(producer))
          folded = succeeded(foldIntoGemm(gemm, *affine));
      }
      if (folded) {
        bn.replaceAllUsesWith(x);
        ++numFolded;
      } else {
        decompose(bn, *affine);
        ++numDecomposed;
      }
      // A constant may feed several parameters (e.g. scale and variance
      // both ones): erase each once (ASan found the double erase).
      llvm::SetVector<Operation *> params;
      for (Value operand : bn->getOperands().drop_front())
        if (Operation *def = operand.getDefiningOp())
          params.insert(def);
      bn.erase();
      for (Operation *def : params)
        if (def->use_empty())
          def->erase();
    }
  }
};
} // namespace
} // namespace mlir::modelc

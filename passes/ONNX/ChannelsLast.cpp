//===- ChannelsLast.cpp - 2-D convolutions and max pooling in NHWC --------===//
//
// Part of the modelc project, under the Apache License v2.0 with LLVM
// Exceptions. SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Implements `onnx-channels-last`. Every 2-D Conv and MaxPool becomes its
// channels-last form between two transposes:
//
//   Conv(X, W, B) -> Transpose(ConvNHWC(Transpose(X, to NHWC),
//                                       W transposed at compile time, B),
//                              to NCHW)
//
// Then the transposes to NCHW sink through the elementwise ops after them
// (bias, activation, residual Add, casts), and a transpose to NHWC of a
// transpose to NCHW cancels, so that a chain of convolutions keeps its
// activations in NHWC and transposes are left only where an op needs NCHW
// (the graph's edges, a Flatten, a global pool).
//
//===----------------------------------------------------------------------===//

#include "passes/ONNX/Passes.h"

#include "dialects/ONNX/IR/ONNXOps.h"
#include "passes/ONNX/ConstantEvaluator.h"

#include "mlir/IR/Matchers.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

#include <limits>

namespace mlir::modelc {
#define GEN_PASS_DEF_ONNXCHANNELSLASTPASS
#include "passes/ONNX/Passes.h.inc"

using namespace mlir::modelc::onnx;

namespace {

constexpr int64_t kToNHWC[] = {0, 2, 3, 1};
constexpr int64_t kToNCHW[] = {0, 3, 1, 2};

/// `type` with its dimensions permuted by `perm` (result dimension i is
/// dimension perm[i]).
RankedTensorType permuteType(Type type, ArrayRef<int64_t> perm) {
  auto ranked = cast<RankedTensorType>(type);
  SmallVector<int64_t> shape;
  for (int64_t p : perm)
    shape.push_back(ranked.getDimSize(p));
  return ranked.clone(shape);
}

/// `value` with its dimensions permuted by `perm`: a constant is transposed
/// now (filters), anything else by an onnx.Transpose.
Value createTranspose(OpBuilder &b, Location loc, Value value,
                      ArrayRef<int64_t> perm) {
  auto transpose =
      TransposeOp::create(b, loc, permuteType(value.getType(), perm), value,
                          b.getDenseI64ArrayAttr(perm));
  if (!matchPattern(value, m_Constant()))
    return transpose.getResult();
  FailureOr<SmallVector<DenseElementsAttr>> folded =
      evaluate(transpose, std::numeric_limits<int64_t>::max());
  if (failed(folded))
    return transpose.getResult();
  Value constant =
      ConstantOp::create(b, loc, transpose.getType(), (*folded)[0]);
  transpose.erase();
  return constant;
}

/// Whether `value` is produced by a transpose from NHWC to NCHW.
TransposeOp getToNCHW(Value value) {
  auto transpose = value.getDefiningOp<TransposeOp>();
  if (!transpose || !transpose.getPerm() ||
      *transpose.getPerm() != ArrayRef<int64_t>(kToNCHW))
    return nullptr;
  return transpose;
}

/// The window of a 2-D Conv or MaxPool from NCHW `x` to `y`, its `pads`
/// ([h_begin, w_begin, h_end, w_end]) explicit, with `auto_pad` SAME_*
/// resolved.
template <typename OpTy>
FailureOr<WindowGeometry> getExplicitWindow(OpTy op, ArrayRef<int64_t> kernel,
                                            Value x, Value y) {
  StringRef autoPad = op.getAutoPad();
  FailureOr<WindowGeometry> g =
      getWindowGeometry(op.getLoc(), 2, kernel, op.getStrides(),
                        op.getDilations(), op.getPads(), autoPad);
  if (failed(g) || (autoPad != "SAME_UPPER" && autoPad != "SAME_LOWER"))
    return g;
  for (int64_t i = 0; i < 2; ++i) {
    int64_t in = cast<RankedTensorType>(x.getType()).getDimSize(2 + i);
    int64_t out = cast<RankedTensorType>(y.getType()).getDimSize(2 + i);
    int64_t total =
        std::max<int64_t>(0, (out - 1) * g->strides[i] +
                                 (g->kernel[i] - 1) * g->dilations[i] + 1 - in);
    g->pads[i] = autoPad == "SAME_UPPER" ? total / 2 : total - total / 2;
    g->pads[2 + i] = total - g->pads[i];
  }
  return g;
}

bool isStatic2D(Value x, Value y) {
  auto xType = cast<RankedTensorType>(x.getType());
  auto yType = cast<RankedTensorType>(y.getType());
  return xType.getRank() == 4 && xType.hasStaticShape() &&
         yType.hasStaticShape();
}

LogicalResult rewriteConv(ConvOp op) {
  if (!isStatic2D(op.getX(), op.getY()) ||
      !cast<RankedTensorType>(op.getW().getType()).hasStaticShape())
    return failure();
  auto wType = cast<RankedTensorType>(op.getW().getType());
  FailureOr<WindowGeometry> g = getExplicitWindow(
      op, wType.getShape().drop_front(2), op.getX(), op.getY());
  if (failed(g))
    return failure();
  OpBuilder b(op);
  Location loc = op.getLoc();
  Value x = createTranspose(b, loc, op.getX(), kToNHWC);
  Value w = createTranspose(b, loc, op.getW(), kToNHWC);
  auto conv = ConvNHWCOp::create(
      b, loc, permuteType(op.getY().getType(), kToNHWC), x, w, op.getB(),
      b.getDenseI64ArrayAttr(g->dilations), op.getGroup(),
      b.getDenseI64ArrayAttr(g->pads), b.getDenseI64ArrayAttr(g->strides));
  // Discardable attributes (the TF32 rounding marks, which name operands 0
  // and 1: still X and W) carry over.
  for (NamedAttribute attr : op->getDiscardableAttrs())
    conv->setAttr(attr.getName(), attr.getValue());
  Value y = createTranspose(b, loc, conv.getY(), kToNCHW);
  op.getY().replaceAllUsesWith(y);
  Operation *weights = op.getW().getDefiningOp();
  op.erase();
  if (weights && isa<ConstantOp>(weights) && weights->use_empty())
    weights->erase();
  return success();
}

LogicalResult rewriteMaxPool(MaxPoolOp op) {
  if (!isStatic2D(op.getX(), op.getY()) || op.getStorageOrder() != 0)
    return failure();
  FailureOr<WindowGeometry> g =
      getExplicitWindow(op, op.getKernelShape(), op.getX(), op.getY());
  if (failed(g))
    return failure();
  OpBuilder b(op);
  Location loc = op.getLoc();
  Value x = createTranspose(b, loc, op.getX(), kToNHWC);
  auto pool = MaxPoolNHWCOp::create(
      b, loc, permuteType(op.getY().getType(), kToNHWC), x, op.getCeilMode(),
      b.getDenseI64ArrayAttr(g->dilations), b.getDenseI64ArrayAttr(g->kernel),
      b.getDenseI64ArrayAttr(g->pads), b.getDenseI64ArrayAttr(g->strides));
  op.getY().replaceAllUsesWith(createTranspose(b, loc, pool.getY(), kToNCHW));
  op.erase();
  return success();
}

/// A constant operand of an elementwise op whose NCHW result is computed in
/// NHWC instead: itself when all its dimensions are 1, else the same data in
/// an NHWC-broadcastable shape, or null when that needs more than a
/// reshape. Aligned to rank 4 (leading 1s), its
/// dimensions [n, c, h, w] become [n, h, w, c]; the data stays as it is
/// when c is 1 or h and w are (a scalar, a per-channel vector).
Value getChannelsLastConstant(OpBuilder &b, Value value) {
  DenseElementsAttr attr;
  if (!matchPattern(value, m_Constant(&attr)))
    return nullptr;
  auto type = cast<RankedTensorType>(value.getType());
  // All ones (a scalar, Clip's bounds): broadcasts the same in any layout.
  if (llvm::all_of(type.getShape(), [](int64_t d) { return d == 1; }))
    return value;
  if (type.getRank() > 4)
    return nullptr;
  SmallVector<int64_t> shape(4 - type.getRank(), 1);
  llvm::append_range(shape, type.getShape());
  if (shape[1] != 1 && (shape[2] != 1 || shape[3] != 1))
    return nullptr;
  RankedTensorType nhwc =
      permuteType(RankedTensorType::get(shape, type.getElementType()), kToNHWC);
  return ConstantOp::create(b, value.getLoc(), nhwc, attr.reshape(nhwc));
}

/// Sinks transposes to NCHW through an elementwise op:
///   op(Transpose(a, to NCHW), Transpose(b, to NCHW), c)
///     -> Transpose(op(a, b, c'), to NCHW)
/// where c is a constant that needs no transpose (getChannelsLastConstant).
struct SinkTransposeThroughElementwise final : RewritePattern {
  SinkTransposeThroughElementwise(MLIRContext *ctx)
      : RewritePattern(MatchAnyOpTypeTag(), /*benefit=*/1, ctx) {}

  LogicalResult matchAndRewrite(Operation *op,
                                PatternRewriter &rewriter) const override {
    if (!op->hasTrait<onnx::OpTrait::Elementwise>() || op->getNumResults() != 1)
      return rewriter.notifyMatchFailure(op, "not a 1-result elementwise op");
    auto resultType = dyn_cast<RankedTensorType>(op->getResult(0).getType());
    if (!resultType || resultType.getRank() != 4)
      return rewriter.notifyMatchFailure(op, "result is not rank 4");
    bool anyTransposed = false;
    for (Value operand : op->getOperands()) {
      if (getToNCHW(operand)) {
        anyTransposed = true;
        continue;
      }
      if (!matchPattern(operand, m_Constant()))
        return rewriter.notifyMatchFailure(op, "an operand is in NCHW");
    }
    if (!anyTransposed)
      return rewriter.notifyMatchFailure(op, "no operand is transposed");
    SmallVector<Value> operands;
    for (Value operand : op->getOperands()) {
      if (TransposeOp transpose = getToNCHW(operand)) {
        operands.push_back(transpose.getData());
        continue;
      }
      Value constant = getChannelsLastConstant(rewriter, operand);
      if (!constant)
        return rewriter.notifyMatchFailure(op, "a constant needs a transpose");
      operands.push_back(constant);
    }
    Operation *nhwc = rewriter.clone(*op);
    nhwc->setOperands(operands);
    nhwc->getResult(0).setType(permuteType(resultType, kToNHWC));
    rewriter.replaceOp(op, createTranspose(rewriter, op->getLoc(),
                                           nhwc->getResult(0), kToNCHW));
    return success();
  }
};

struct ONNXChannelsLastPass final
    : impl::ONNXChannelsLastPassBase<ONNXChannelsLastPass> {
  using Base::Base;

  void runOnOperation() override {
    func::FuncOp func = getOperation();
    if (denseOnly && llvm::any_of(func.getOps<ConvOp>(), [](ConvOp conv) {
          return conv.getGroup() != 1 &&
                 cast<RankedTensorType>(conv.getX().getType()).getRank() == 4;
        }))
      return;
    for (auto conv : llvm::make_early_inc_range(func.getOps<ConvOp>()))
      if (succeeded(rewriteConv(conv)))
        ++numConvs;
    for (auto pool : llvm::make_early_inc_range(func.getOps<MaxPoolOp>()))
      if (succeeded(rewriteMaxPool(pool)))
        ++numPools;
    MLIRContext *ctx = &getContext();
    RewritePatternSet patterns(ctx);
    patterns.add<SinkTransposeThroughElementwise>(ctx);
    TransposeOp::getCanonicalizationPatterns(patterns, ctx);
    if (failed(applyPatternsGreedily(func, std::move(patterns))))
      return signalPassFailure();
    func.walk([&](TransposeOp t) { ++numTransposesLeft; });
  }
};

} // namespace
} // namespace mlir::modelc

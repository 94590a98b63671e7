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
// (bias, activation, residual Add, casts) and through channel Concat and
// Slice, and a transpose to NHWC of a transpose to NCHW cancels, so that a
// chain of convolutions keeps its activations in NHWC and transposes are left
// only where an op needs NCHW (the graph's edges, a Flatten). A global
// average pool of such activations takes them channels-last
// (GlobalAveragePoolNHWC).
//
//===----------------------------------------------------------------------===//

#include "passes/ONNX/Convolutions.h"
#include "passes/ONNX/Passes.h"
#include "passes/ONNX/Transposes.h"

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

/// `value` with its dimensions permuted by `perm`: a constant (filters) is
/// transposed now, anything else by an onnx.Transpose. Not for patterns: it
/// erases the op it folds.
Value transposeOrFold(OpBuilder &b, Location loc, Value value,
                      ArrayRef<int64_t> perm) {
  auto transpose =
      cast<TransposeOp>(createTranspose(b, loc, value, perm).getDefiningOp());
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

bool isStatic2D(Value x, Value y) {
  auto xType = cast<RankedTensorType>(x.getType());
  auto yType = cast<RankedTensorType>(y.getType());
  return xType.getRank() == 4 && xType.hasStaticShape() &&
         yType.hasStaticShape();
}

/// The channels a dense convolution's input is padded to: the next
/// multiple of `multiple` when that adds at most a third (3 -> 4), else
/// `channels` (already a multiple, or too few to pay: 1 -> 4, 5 -> 8).
int64_t getPaddedChannels(int64_t channels, int64_t multiple) {
  if (multiple <= 1 || channels % multiple == 0)
    return channels;
  int64_t padded = llvm::alignTo(channels, multiple);
  return 3 * padded <= 4 * channels ? padded : channels;
}

/// NHWC `value` with zero channels appended up to `channels`: constant
/// float filters now, anything else by an onnx.Pad.
Value appendZeroChannels(OpBuilder &b, Location loc, Value value,
                         int64_t channels) {
  auto type = cast<RankedTensorType>(value.getType());
  int64_t have = type.getShape().back();
  SmallVector<int64_t> shape(type.getShape());
  shape.back() = channels;
  RankedTensorType paddedType = type.clone(shape);
  DenseElementsAttr attr;
  if (auto element = dyn_cast<FloatType>(type.getElementType());
      element && matchPattern(value, m_Constant(&attr))) {
    SmallVector<APFloat> values;
    values.reserve(paddedType.getNumElements());
    APFloat zero = APFloat::getZero(element.getFloatSemantics());
    int64_t c = 0;
    for (APFloat v : attr.getValues<APFloat>()) {
      values.push_back(v);
      if (++c == have) {
        values.append(channels - have, zero);
        c = 0;
      }
    }
    return ConstantOp::create(b, loc, paddedType,
                              DenseElementsAttr::get(paddedType, values));
  }
  // [x1_begin, ..., xr_begin, x1_end, ..., xr_end]: only the last end.
  SmallVector<int64_t> pads(2 * type.getRank(), 0);
  pads.back() = channels - have;
  auto padsType =
      RankedTensorType::get({2 * type.getRank()}, b.getIntegerType(64));
  Value padsConstant = ConstantOp::create(
      b, loc, padsType, DenseElementsAttr::get(padsType, ArrayRef(pads)));
  return PadOp::create(b, loc, paddedType, value, padsConstant,
                       /*constant_value=*/Value(), "constant");
}

LogicalResult rewriteConv(ConvOp op, int64_t padMultiple, bool &padded) {
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
  Value x = transposeOrFold(b, loc, op.getX(), kToNHWC);
  Value w = transposeOrFold(b, loc, op.getW(), kToNHWC);
  int64_t channels = wType.getDimSize(1);
  int64_t paddedChannels = getPaddedChannels(channels, padMultiple);
  padded = op.getGroup() == 1 && paddedChannels != channels &&
           matchPattern(w, m_Constant());
  if (padded) {
    x = appendZeroChannels(b, loc, x, paddedChannels);
    Operation *filters = w.getDefiningOp();
    w = appendZeroChannels(b, loc, w, paddedChannels);
    if (filters->use_empty())
      filters->erase();
  }
  auto conv = ConvNHWCOp::create(
      b, loc, permuteType(op.getY().getType(), kToNHWC), x, w, op.getB(),
      b.getDenseI64ArrayAttr(g->dilations), op.getGroup(),
      b.getDenseI64ArrayAttr(g->pads), b.getDenseI64ArrayAttr(g->strides));
  // The TF32 rounding marks carry over: still X and W.
  Operation *weights = op.getW().getDefiningOp();
  replaceConvolution(op, conv, createTranspose(b, loc, conv.getY(), kToNCHW));
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

/// The type a constant operand of an elementwise op takes when the op's
/// NCHW result is computed in NHWC instead, the data unchanged: its own
/// type when all its dimensions are 1 (a scalar, Clip's bounds), else,
/// aligned to rank 4 (leading 1s), [n, c, h, w] as [n, h, w, c], which
/// keeps the data when c is 1 or h and w are (a per-channel vector).
/// Null when the constant would need a transpose.
RankedTensorType getChannelsLastConstantType(Value value) {
  DenseElementsAttr attr;
  if (!matchPattern(value, m_Constant(&attr)))
    return nullptr;
  auto type = cast<RankedTensorType>(value.getType());
  if (llvm::all_of(type.getShape(), [](int64_t d) { return d == 1; }))
    return type;
  if (type.getRank() > 4)
    return nullptr;
  SmallVector<int64_t> shape(4 - type.getRank(), 1);
  llvm::append_range(shape, type.getShape());
  if (shape[1] != 1 && (shape[2] != 1 || shape[3] != 1))
    return nullptr;
  return permuteType(RankedTensorType::get(shape, type.getElementType()),
                     kToNHWC);
}

/// Sinks transposes to NCHW through an elementwise op:
///   op(Transpose(a, to NCHW), Transpose(b, to NCHW), c)
///     -> Transpose(op(a, b, c'), to NCHW)
/// where c is a constant that needs no transpose (getChannelsLastConstantType).
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
      if (!getChannelsLastConstantType(operand))
        return rewriter.notifyMatchFailure(
            op, "an operand is in NCHW or a constant that needs a transpose");
    }
    if (!anyTransposed)
      return rewriter.notifyMatchFailure(op, "no operand is transposed");
    SmallVector<Value> operands;
    for (Value operand : op->getOperands()) {
      if (TransposeOp transpose = getToNCHW(operand)) {
        operands.push_back(transpose.getData());
        continue;
      }
      RankedTensorType type = getChannelsLastConstantType(operand);
      if (type == operand.getType()) {
        operands.push_back(operand);
        continue;
      }
      DenseElementsAttr attr;
      matchPattern(operand, m_Constant(&attr));
      operands.push_back(ConstantOp::create(rewriter, operand.getLoc(), type,
                                            attr.reshape(type)));
    }
    Operation *nhwc = rewriter.clone(*op);
    nhwc->setOperands(operands);
    nhwc->getResult(0).setType(permuteType(resultType, kToNHWC));
    rewriter.replaceOp(op, createTranspose(rewriter, op->getLoc(),
                                           nhwc->getResult(0), kToNCHW));
    return success();
  }
};

/// NHWC axis of NCHW axis `axis` of a rank-4 tensor (negative counts from
/// the back): y = Transpose(x, to NCHW) has y's dimension i at x's
/// kToNCHW[i].
int64_t getChannelsLastAxis(int64_t axis) {
  return kToNCHW[axis < 0 ? axis + 4 : axis];
}

/// Sinks transposes to NCHW through a Concat of transposed operands:
///   Concat(Transpose(a, to NCHW), Transpose(b, to NCHW), axis)
///     -> Transpose(Concat(a, b, NHWC axis), to NCHW)
struct SinkTransposeThroughConcat final : OpRewritePattern<ConcatOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(ConcatOp op,
                                PatternRewriter &rewriter) const override {
    auto resultType = cast<RankedTensorType>(op.getType());
    if (resultType.getRank() != 4)
      return rewriter.notifyMatchFailure(op, "result is not rank 4");
    SmallVector<Value> inputs;
    for (Value input : op.getInputs()) {
      TransposeOp transpose = getToNCHW(input);
      if (!transpose)
        return rewriter.notifyMatchFailure(op, "an input is in NCHW");
      inputs.push_back(transpose.getData());
    }
    auto concat = ConcatOp::create(rewriter, op.getLoc(),
                                   permuteType(resultType, kToNHWC), inputs,
                                   getChannelsLastAxis(op.getAxis()));
    rewriter.replaceOp(op,
                       createTranspose(rewriter, op.getLoc(), concat, kToNCHW));
    return success();
  }
};

/// Sinks a transpose to NCHW through a global average pool, which then
/// reads the channels-last activations as they are:
///   GlobalAveragePool(Transpose(x, to NCHW))
///     -> Transpose(GlobalAveragePoolNHWC(x), to NCHW)
/// (the transpose left moves unit dimensions only: N x 1 x 1 x C).
struct SinkTransposeThroughGlobalAveragePool final
    : OpRewritePattern<GlobalAveragePoolOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(GlobalAveragePoolOp op,
                                PatternRewriter &rewriter) const override {
    TransposeOp transpose = getToNCHW(op.getX());
    if (!transpose)
      return rewriter.notifyMatchFailure(op, "X is not transposed");
    auto pool = GlobalAveragePoolNHWCOp::create(
        rewriter, op.getLoc(), permuteType(op.getType(), kToNHWC),
        transpose.getData());
    rewriter.replaceOp(
        op, createTranspose(rewriter, op.getLoc(), pool.getY(), kToNCHW));
    return success();
  }
};

/// Sinks a transpose to NCHW through a Slice with constant axes:
///   Slice(Transpose(x, to NCHW), starts, ends, axes, steps)
///     -> Transpose(Slice(x, starts, ends, NHWC axes, steps), to NCHW)
struct SinkTransposeThroughSlice final : OpRewritePattern<SliceOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(SliceOp op,
                                PatternRewriter &rewriter) const override {
    TransposeOp transpose = getToNCHW(op.getData());
    if (!transpose)
      return rewriter.notifyMatchFailure(op, "data is not transposed");
    SmallVector<int64_t> axes;
    if (Value given = op.getAxes()) {
      std::optional<SmallVector<int64_t>> values = getConstantIntValues(given);
      if (!values)
        return rewriter.notifyMatchFailure(op, "axes are not constant");
      axes = *values;
    } else {
      auto startsType = cast<RankedTensorType>(op.getStarts().getType());
      if (startsType.getRank() != 1 || startsType.isDynamicDim(0))
        return rewriter.notifyMatchFailure(op, "starts of unknown length");
      for (int64_t i = 0; i < startsType.getDimSize(0); ++i)
        axes.push_back(i);
    }
    if (llvm::any_of(axes, [](int64_t a) { return a < -4 || a >= 4; }))
      return rewriter.notifyMatchFailure(op, "axis out of range");
    // The axes take the element type of the starts (i32 or i64), as ONNX
    // requires.
    Type index =
        cast<RankedTensorType>(op.getStarts().getType()).getElementType();
    SmallVector<APInt> nhwcAxes;
    for (int64_t axis : axes)
      nhwcAxes.push_back(APInt(index.getIntOrFloatBitWidth(),
                               getChannelsLastAxis(axis), /*isSigned=*/true));
    auto axesType =
        RankedTensorType::get({static_cast<int64_t>(nhwcAxes.size())}, index);
    Value axesConstant =
        ConstantOp::create(rewriter, op.getLoc(), axesType,
                           DenseElementsAttr::get(axesType, nhwcAxes));
    auto slice = SliceOp::create(rewriter, op.getLoc(),
                                 permuteType(op.getType(), kToNHWC),
                                 transpose.getData(), op.getStarts(),
                                 op.getEnds(), axesConstant, op.getSteps());
    rewriter.replaceOp(op,
                       createTranspose(rewriter, op.getLoc(), slice, kToNCHW));
    return success();
  }
};

/// Moves a constant Pad above the transpose to NHWC it reads, which is
/// left where the transposes no longer cancel (a graph input):
///   Pad(Transpose(x, to NHWC)) -> Transpose(Pad(x), to NHWC)
/// so that the two run as one kernel (modelc-form-kernels fuses a
/// Transpose of a Pad) instead of a transpose and a padded copy.
void hoistPadAboveTranspose(PadOp pad) {
  auto transpose = pad.getData().getDefiningOp<TransposeOp>();
  DenseIntElementsAttr pads;
  if (!transpose || !transpose.getPerm() ||
      *transpose.getPerm() != ArrayRef<int64_t>(kToNHWC) ||
      !transpose.getResult().hasOneUse() || pad.getMode() != "constant" ||
      !matchPattern(pad.getPads(), m_Constant(&pads)))
    return;
  SmallVector<int64_t> nhwc(pads.getValues<int64_t>());
  SmallVector<int64_t> nchw(8);
  for (int64_t i = 0; i < 4; ++i) {
    nchw[kToNHWC[i]] = nhwc[i];
    nchw[4 + kToNHWC[i]] = nhwc[4 + i];
  }
  OpBuilder b(pad);
  Location loc = pad.getLoc();
  auto padsType = cast<RankedTensorType>(pad.getPads().getType());
  Value padsConstant = ConstantOp::create(
      b, loc, padsType, DenseElementsAttr::get(padsType, ArrayRef(nchw)));
  auto hoisted = PadOp::create(b, loc, permuteType(pad.getType(), kToNCHW),
                               transpose.getData(), padsConstant,
                               pad.getConstantValue(), pad.getMode());
  pad.getOutput().replaceAllUsesWith(
      createTranspose(b, loc, hoisted.getOutput(), kToNHWC));
  Operation *oldPads = pad.getPads().getDefiningOp();
  pad.erase();
  transpose.erase();
  if (oldPads->use_empty())
    oldPads->erase();
}

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
    for (auto conv : llvm::make_early_inc_range(func.getOps<ConvOp>())) {
      bool padded = false;
      if (succeeded(rewriteConv(conv, padChannels, padded))) {
        ++numConvs;
        numPaddedConvs += padded;
      }
    }
    for (auto pool : llvm::make_early_inc_range(func.getOps<MaxPoolOp>()))
      if (succeeded(rewriteMaxPool(pool)))
        ++numPools;
    MLIRContext *ctx = &getContext();
    RewritePatternSet patterns(ctx);
    patterns
        .add<SinkTransposeThroughElementwise, SinkTransposeThroughConcat,
             SinkTransposeThroughSlice, SinkTransposeThroughGlobalAveragePool>(
            ctx);
    TransposeOp::getCanonicalizationPatterns(patterns, ctx);
    if (failed(applyPatternsGreedily(func, std::move(patterns))))
      return signalPassFailure();
    for (auto pad : llvm::make_early_inc_range(func.getOps<PadOp>()))
      hoistPadAboveTranspose(pad);
    func.walk([&](TransposeOp t) { ++numTransposesLeft; });
  }
};

} // namespace
} // namespace mlir::modelc

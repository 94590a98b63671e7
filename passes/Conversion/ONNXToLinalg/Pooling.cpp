//===- Pooling.cpp - Pooling ops to linalg.generic ------------------------===//
//
// Part of the modelc project, under the Apache License v2.0 with LLVM
// Exceptions. SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Windowed pooling as a linalg.generic over (n, c, o..., k...) on an input
// padded with the reduction's identity: the lowest value for MaxPool, zero
// for AveragePool. Ceil mode extends the end padding so the last window
// fits. AveragePool's divisor follows the ONNX reference: the window clipped
// to the input (count_include_pad = 0) or to the explicitly padded input
// (count_include_pad = 1); positions added only by ceil mode never count.
//
//===----------------------------------------------------------------------===//

#include "passes/Conversion/ONNXToLinalg/PopulatePatterns.h"

#include "dialects/ONNX/IR/ONNXOps.h"
#include "passes/Conversion/ONNXToLinalg/LoweringUtils.h"

#include "mlir/Dialect/Utils/StaticValueUtils.h"

using namespace mlir;
using namespace mlir::modelc;
using namespace mlir::modelc::lowering;

namespace {

/// The concrete window of a pooling op: pads with SAME_* resolved and, in
/// ceil mode, the extra end padding the last window needs.
struct PoolWindow {
  onnx::WindowGeometry geometry;
  SmallVector<int64_t> low, high; // explicit (or SAME_*) pads
  SmallVector<int64_t> extra;     // ceil-mode padding at the end
};

/// The window `g` (explicit pads) over spatial sizes `inSizes` giving
/// `outSizes`, with the extra end padding the last window needs in ceil
/// mode.
PoolWindow getPoolWindow(const onnx::WindowGeometry &g,
                         ArrayRef<int64_t> inSizes,
                         ArrayRef<int64_t> outSizes) {
  PoolWindow w{g, {}, {}, {}};
  size_t spatialRank = inSizes.size();
  for (size_t i = 0; i < spatialRank; ++i) {
    int64_t effective = (g.kernel[i] - 1) * g.dilations[i] + 1;
    int64_t low = g.pads[i], high = g.pads[spatialRank + i];
    w.low.push_back(low);
    w.high.push_back(high);
    int64_t needed = (outSizes[i] - 1) * g.strides[i] + effective;
    w.extra.push_back(std::max<int64_t>(0, needed - (inSizes[i] + low + high)));
  }
  return w;
}

template <typename OpTy>
FailureOr<PoolWindow>
getPoolWindow(OpTy op, RankedTensorType inputType, RankedTensorType resultType,
              std::optional<ArrayRef<int64_t>> dilations) {
  int64_t spatialRank = inputType.getRank() - 2;
  FailureOr<onnx::WindowGeometry> g = onnx::getWindowGeometry(
      op.getLoc(), spatialRank, op.getKernelShape(), op.getStrides(), dilations,
      op.getPads(), op.getAutoPad());
  if (failed(g))
    return failure();
  onnx::resolveSamePads(*g, inputType.getShape().drop_front(2),
                        resultType.getShape().drop_front(2), op.getAutoPad());
  return getPoolWindow(*g, inputType.getShape().drop_front(2),
                       resultType.getShape().drop_front(2));
}

/// The window of a MaxPoolNHWC (explicit pads; spatial dimensions 1, 2).
PoolWindow getChannelsLastPoolWindow(onnx::MaxPoolNHWCOp op,
                                     RankedTensorType inputType,
                                     RankedTensorType resultType) {
  onnx::WindowGeometry g{
      llvm::to_vector(op.getKernelShape()), llvm::to_vector(op.getStrides()),
      llvm::to_vector(op.getDilations()), llvm::to_vector(op.getPads())};
  return getPoolWindow(g, inputType.getShape().slice(1, 2),
                       resultType.getShape().slice(1, 2));
}

/// Pads the spatial dimensions of `input` for the window `w`; they start at
/// 2 (NCHW) or, `channelsLast`, at 1 (NHWC).
Value padForPooling(OpBuilder &b, Location loc, Value input,
                    const PoolWindow &w, Value padValue,
                    bool channelsLast = false) {
  auto type = cast<RankedTensorType>(input.getType());
  int64_t first = channelsLast ? 1 : 2;
  SmallVector<int64_t> low(type.getRank(), 0), high(type.getRank(), 0),
      shape(type.getShape());
  bool any = false;
  for (size_t i = 0; i < w.low.size(); ++i) {
    low[first + i] = w.low[i];
    high[first + i] = w.high[i] + w.extra[i];
    shape[first + i] += w.low[i] + w.high[i] + w.extra[i];
    any |= w.low[i] || w.high[i] || w.extra[i];
  }
  if (!any)
    return input;
  return tensor::PadOp::create(
      b, loc, RankedTensorType::get(shape, type.getElementType()), input,
      getAsIndexOpFoldResult(b.getContext(), low),
      getAsIndexOpFoldResult(b.getContext(), high), padValue);
}

/// Reduces each window of `padded` into `init` with `combine`. Iterated
/// (n, c, o..., k...), or `channelsLast` (n, o..., c, k...) on NHWC tensors.
Value buildWindowReduction(
    OpBuilder &b, Location loc, Value padded, Value init, const PoolWindow &w,
    function_ref<Value(OpBuilder &, Location, Value, Value)> combine,
    bool channelsLast = false) {
  MLIRContext *ctx = b.getContext();
  int64_t spatialRank = w.low.size();
  int64_t numDims = 2 + 2 * spatialRank;
  AffineExpr channel =
      getAffineDimExpr(channelsLast ? 1 + spatialRank : 1, ctx);
  SmallVector<AffineExpr> inputExprs{getAffineDimExpr(0, ctx)};
  if (!channelsLast)
    inputExprs.push_back(channel);
  SmallVector<AffineExpr> outputExprs(inputExprs);
  for (int64_t i = 0; i < spatialRank; ++i) {
    AffineExpr o = getAffineDimExpr((channelsLast ? 1 : 2) + i, ctx);
    AffineExpr k = getAffineDimExpr(2 + spatialRank + i, ctx);
    inputExprs.push_back(o * w.geometry.strides[i] +
                         k * w.geometry.dilations[i]);
    outputExprs.push_back(o);
  }
  if (channelsLast) {
    inputExprs.push_back(channel);
    outputExprs.push_back(channel);
  }
  // The kernel extent is fixed by a dummy operand shaped like the window:
  // linalg infers loop bounds from operand shapes.
  auto windowType = RankedTensorType::get(w.geometry.kernel, b.getI1Type());
  Value window = createEmpty(b, loc, windowType);
  SmallVector<AffineExpr> windowExprs;
  for (int64_t i = 0; i < spatialRank; ++i)
    windowExprs.push_back(getAffineDimExpr(2 + spatialRank + i, ctx));
  SmallVector<utils::IteratorType> iterators(numDims,
                                             utils::IteratorType::parallel);
  for (int64_t i = 2 + spatialRank; i < numDims; ++i)
    iterators[i] = utils::IteratorType::reduction;
  auto generic = linalg::GenericOp::create(
      b, loc, TypeRange{init.getType()}, ValueRange{padded, window},
      ValueRange{init},
      ArrayRef<AffineMap>{AffineMap::get(numDims, 0, inputExprs, ctx),
                          AffineMap::get(numDims, 0, windowExprs, ctx),
                          AffineMap::get(numDims, 0, outputExprs, ctx)},
      iterators, [&](OpBuilder &nb, Location nl, ValueRange args) {
        linalg::YieldOp::create(nb, nl, combine(nb, nl, args[2], args[0]));
      });
  return generic.getResult(0);
}

/// The maximum over each window `w` of `x` (of element kind `kind`), padded
/// with the lowest value, which never wins; `channelsLast` for NHWC.
Value buildMaxPool(OpBuilder &b, Location loc, Value x, ElementKind kind,
                   RankedTensorType resultType, const PoolWindow &w,
                   bool channelsLast) {
  Value lowest =
      createLowest(b, loc, resultType.getElementType(), kind.isUnsigned);
  Value padded = padForPooling(b, loc, x, w, lowest, channelsLast);
  Value init = createFilled(b, loc, resultType, lowest);
  return buildWindowReduction(
      b, loc, padded, init, w,
      [&](OpBuilder &nb, Location l, Value acc, Value v) -> Value {
        if (kind.isFloat)
          return arith::MaximumFOp::create(nb, l, acc, v);
        if (kind.isUnsigned)
          return arith::MaxUIOp::create(nb, l, acc, v);
        return arith::MaxSIOp::create(nb, l, acc, v);
      },
      channelsLast);
}

struct MaxPoolLowering final : OpConversionPattern<onnx::MaxPoolOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(onnx::MaxPoolOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto resultType =
        cast<RankedTensorType>(getTypeConverter()->convertType(op.getType()));
    auto inputType = cast<RankedTensorType>(adaptor.getX().getType());
    FailureOr<PoolWindow> w =
        getPoolWindow(op, inputType, resultType, op.getDilations());
    if (failed(w))
      return failure();
    rewriter.replaceOp(op, buildMaxPool(rewriter, op.getLoc(), adaptor.getX(),
                                        getElementKind(op.getX().getType()),
                                        resultType, *w,
                                        /*channelsLast=*/false));
    return success();
  }
};

struct MaxPoolNHWCLowering final : OpConversionPattern<onnx::MaxPoolNHWCOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(onnx::MaxPoolNHWCOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto resultType =
        cast<RankedTensorType>(getTypeConverter()->convertType(op.getType()));
    auto inputType = cast<RankedTensorType>(adaptor.getX().getType());
    PoolWindow w = getChannelsLastPoolWindow(op, inputType, resultType);
    rewriter.replaceOp(op, buildMaxPool(rewriter, op.getLoc(), adaptor.getX(),
                                        getElementKind(op.getX().getType()),
                                        resultType, w,
                                        /*channelsLast=*/true));
    return success();
  }
};

struct AveragePoolLowering final : OpConversionPattern<onnx::AveragePoolOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(onnx::AveragePoolOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto resultType =
        cast<RankedTensorType>(getTypeConverter()->convertType(op.getType()));
    auto inputType = cast<RankedTensorType>(adaptor.getX().getType());
    FailureOr<PoolWindow> w =
        getPoolWindow(op, inputType, resultType, std::nullopt);
    if (failed(w))
      return failure();
    Type element = resultType.getElementType();
    Value zero = createScalar(rewriter, loc, element, 0);
    Value padded = padForPooling(rewriter, loc, adaptor.getX(), *w, zero);
    Value sums = buildWindowReduction(
        rewriter, loc, padded, createFilled(rewriter, loc, resultType, zero),
        *w, [](OpBuilder &b, Location l, Value acc, Value x) -> Value {
          return arith::AddFOp::create(b, l, acc, x);
        });
    // Divide by the number of counted positions of each window.
    bool includePad = op.getCountIncludePad() != 0;
    int64_t spatialRank = w->low.size();
    Value result = buildElementwise(
        rewriter, loc, resultType, ValueRange{sums},
        [&](OpBuilder &b, Location l, ValueRange s) -> Value {
          Value count = arith::ConstantIndexOp::create(b, l, 1);
          for (int64_t i = 0; i < spatialRank; ++i) {
            int64_t in = inputType.getDimSize(2 + i);
            int64_t first = includePad ? -w->low[i] : 0;
            int64_t last = includePad ? in + w->high[i] : in;
            Value o = linalg::IndexOp::create(b, l, 2 + i);
            Value start = arith::SubIOp::create(
                b, l,
                arith::MulIOp::create(b, l, o,
                                      arith::ConstantIndexOp::create(
                                          b, l, w->geometry.strides[i])),
                arith::ConstantIndexOp::create(b, l, w->low[i]));
            Value end = arith::AddIOp::create(
                b, l, start,
                arith::ConstantIndexOp::create(b, l, w->geometry.kernel[i]));
            Value from = arith::MaxSIOp::create(
                b, l, start, arith::ConstantIndexOp::create(b, l, first));
            Value to = arith::MinSIOp::create(
                b, l, end, arith::ConstantIndexOp::create(b, l, last));
            Value extent = arith::MaxSIOp::create(
                b, l, arith::SubIOp::create(b, l, to, from),
                arith::ConstantIndexOp::create(b, l, 1));
            count = arith::MulIOp::create(b, l, count, extent);
          }
          Value countInt = indexToI64(b, l, count);
          Value countFloat = arith::SIToFPOp::create(b, l, element, countInt);
          return arith::DivFOp::create(b, l, s[0], countFloat);
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};

/// GlobalAveragePool / GlobalMaxPool (channels first) and
/// GlobalAveragePoolNHWC (channels last): a reduction over all spatial
/// axes. A 16-bit mean sums in f32 and rounds once, at its division.
template <typename OpTy, bool isMax, bool channelsLast = false>
struct GlobalPoolLowering final : OpConversionPattern<OpTy> {
  using OpConversionPattern<OpTy>::OpConversionPattern;

  LogicalResult
  matchAndRewrite(OpTy op, typename OpTy::Adaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto resultType = cast<RankedTensorType>(
        this->getTypeConverter()->convertType(op.getType()));
    auto inputType = cast<RankedTensorType>(adaptor.getX().getType());
    Type element = resultType.getElementType();
    Type accumulator = !isMax && element.getIntOrFloatBitWidth() == 16
                           ? Type(rewriter.getF32Type())
                           : element;
    auto accumulatorType = resultType.clone(accumulator);
    MLIRContext *ctx = rewriter.getContext();
    int64_t rank = inputType.getRank();
    // The batch and channel axes are kept, the spatial ones reduced.
    int64_t channel = channelsLast ? rank - 1 : 1;
    SmallVector<AffineExpr> outputExprs;
    SmallVector<utils::IteratorType> iterators;
    int64_t count = 1;
    for (int64_t i = 0; i < rank; ++i) {
      bool kept = i == 0 || i == channel;
      outputExprs.push_back(kept ? getAffineDimExpr(i, ctx)
                                 : getAffineConstantExpr(0, ctx));
      iterators.push_back(kept ? utils::IteratorType::parallel
                               : utils::IteratorType::reduction);
      if (!kept)
        count *= inputType.getDimSize(i);
    }
    Value initValue = isMax ? createLowest(rewriter, loc, accumulator, false)
                            : createScalar(rewriter, loc, accumulator, 0);
    auto generic = linalg::GenericOp::create(
        rewriter, loc, TypeRange{accumulatorType}, ValueRange{adaptor.getX()},
        ValueRange{createFilled(rewriter, loc, accumulatorType, initValue)},
        ArrayRef<AffineMap>{AffineMap::getMultiDimIdentityMap(rank, ctx),
                            AffineMap::get(rank, 0, outputExprs, ctx)},
        iterators, [&](OpBuilder &b, Location l, ValueRange args) {
          Value x = args[0];
          if (accumulator != element)
            x = arith::ExtFOp::create(b, l, accumulator, x);
          Value r = isMax ? Value(arith::MaximumFOp::create(b, l, args[1], x))
                          : Value(arith::AddFOp::create(b, l, args[1], x));
          linalg::YieldOp::create(b, l, r);
        });
    Value result = generic.getResult(0);
    if (!isMax) {
      result = buildElementwise(
          rewriter, loc, resultType, ValueRange{result},
          [&](OpBuilder &b, Location l, ValueRange s) -> Value {
            Value mean = arith::DivFOp::create(
                b, l, s[0],
                createScalar(b, l, accumulator, static_cast<double>(count)));
            if (accumulator != element)
              mean = arith::TruncFOp::create(b, l, element, mean);
            return mean;
          });
    }
    rewriter.replaceOp(op, result);
    return success();
  }
};

} // namespace

void mlir::modelc::populatePoolingLoweringPatterns(
    const TypeConverter &converter, RewritePatternSet &patterns) {
  patterns.add<MaxPoolLowering, MaxPoolNHWCLowering, AveragePoolLowering,
               GlobalPoolLowering<onnx::GlobalAveragePoolOp, false>,
               GlobalPoolLowering<onnx::GlobalMaxPoolOp, true>,
               GlobalPoolLowering<onnx::GlobalAveragePoolNHWCOp, false,
                                  /*channelsLast=*/true>>(
      converter, patterns.getContext());
}

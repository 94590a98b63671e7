//===- Normalization.cpp - Normalization ops to linalg --------------------===//
//
// Part of the modelc project, under the Apache License v2.0 with LLVM
// Exceptions. SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Mean and variance are two passes (mean, then the mean of squared
// deviations), as the ONNX reference computes them, in the stash type (f32
// for 16-bit inputs). Per-channel parameters (BatchNormalization,
// InstanceNormalization) are reshaped to [C, 1, ..., 1] so that numpy
// broadcasting applies them along axis 1.
//
//===----------------------------------------------------------------------===//

#include "passes/Conversion/ONNXToLinalg/PopulatePatterns.h"

#include "dialects/ONNX/IR/ONNXOps.h"
#include "passes/Conversion/ONNXToLinalg/LoweringUtils.h"

#include "mlir/Dialect/Math/IR/Math.h"

using namespace mlir;
using namespace mlir::modelc;
using namespace mlir::modelc::lowering;

namespace {

ElementKind floatKind() {
  ElementKind k;
  k.isFloat = true;
  return k;
}

/// `param` (1-D, C values) reshaped to [C, 1, ..., 1] for an input of
/// `rank`, so that it broadcasts along axis 1.
Value channelParam(OpBuilder &b, Location loc, Value param, int64_t rank) {
  auto type = cast<RankedTensorType>(param.getType());
  SmallVector<int64_t> shape{type.getDimSize(0)};
  shape.append(std::max<int64_t>(rank - 2, 0), 1);
  return reshapeTensor(b, loc, param,
                       RankedTensorType::get(shape, type.getElementType()));
}

/// Sum over `reduced` axes of f(x) into a keepdims tensor of `accElement`.
Value reduceSum(OpBuilder &b, Location loc, ValueRange inputs,
                ArrayRef<bool> reduced, Type accElement,
                const ScalarBody &map) {
  auto type = cast<RankedTensorType>(inputs.front().getType());
  MLIRContext *ctx = b.getContext();
  int64_t rank = type.getRank();
  SmallVector<int64_t> shape(type.getShape());
  SmallVector<AffineExpr> keep;
  SmallVector<utils::IteratorType> iterators;
  for (int64_t i = 0; i < rank; ++i) {
    if (reduced[i])
      shape[i] = 1;
    keep.push_back(reduced[i] ? getAffineConstantExpr(0, ctx)
                              : getAffineDimExpr(i, ctx));
    iterators.push_back(reduced[i] ? utils::IteratorType::reduction
                                   : utils::IteratorType::parallel);
  }
  auto accType = RankedTensorType::get(shape, accElement);
  SmallVector<AffineMap> maps;
  for (Value input : inputs)
    maps.push_back(
        getBroadcastMap(ctx, cast<RankedTensorType>(input.getType()).getShape(),
                        type.getShape()));
  maps.push_back(AffineMap::get(rank, 0, keep, ctx));
  auto generic = linalg::GenericOp::create(
      b, loc, TypeRange{accType}, inputs,
      ValueRange{
          createFilled(b, loc, accType, createScalar(b, loc, accElement, 0))},
      maps, iterators, [&](OpBuilder &nb, Location nl, ValueRange args) {
        Value v = map(nb, nl, args.drop_back());
        linalg::YieldOp::create(
            nb, nl, Value(arith::AddFOp::create(nb, nl, args.back(), v)));
      });
  return generic.getResult(0);
}

/// Mean and 1 / sqrt(var + epsilon) of `x` over `reduced` axes, in
/// `stash` precision, as keepdims tensors.
std::pair<Value, Value> computeStatistics(OpBuilder &b, Location loc, Value x,
                                          ArrayRef<bool> reduced, Type stash,
                                          double epsilon) {
  auto type = cast<RankedTensorType>(x.getType());
  int64_t count = 1;
  for (int64_t i = 0; i < type.getRank(); ++i)
    if (reduced[i])
      count *= type.getDimSize(i);
  ElementKind xKind = floatKind();
  auto toStash = [&](OpBuilder &nb, Location nl, Value v) {
    return castScalar(nb, nl, v, xKind, stash, floatKind());
  };
  Value sum = reduceSum(b, loc, ValueRange{x}, reduced, stash,
                        [&](OpBuilder &nb, Location nl, ValueRange s) {
                          return toStash(nb, nl, s[0]);
                        });
  auto statsType = cast<RankedTensorType>(sum.getType());
  Value mean = buildElementwise(
      b, loc, statsType, ValueRange{sum},
      [&](OpBuilder &nb, Location nl, ValueRange s) -> Value {
        return arith::DivFOp::create(
            nb, nl, s[0],
            createScalar(nb, nl, stash, static_cast<double>(count)));
      });
  Value squares = reduceSum(
      b, loc, ValueRange{x, mean}, reduced, stash,
      [&](OpBuilder &nb, Location nl, ValueRange s) -> Value {
        Value d = arith::SubFOp::create(nb, nl, toStash(nb, nl, s[0]), s[1]);
        return arith::MulFOp::create(nb, nl, d, d);
      });
  Value invStd = buildElementwise(
      b, loc, statsType, ValueRange{squares},
      [&](OpBuilder &nb, Location nl, ValueRange s) -> Value {
        Value var = arith::DivFOp::create(
            nb, nl, s[0],
            createScalar(nb, nl, stash, static_cast<double>(count)));
        Value shifted = arith::AddFOp::create(
            nb, nl, var, createScalar(nb, nl, stash, epsilon));
        return arith::DivFOp::create(nb, nl, createScalar(nb, nl, stash, 1),
                                     math::SqrtOp::create(nb, nl, shifted));
      });
  return {mean, invStd};
}

/// y = (x - mean) * invStd * scale + bias, computed in `stash` precision and
/// returned in the type of `resultType`.
Value normalize(OpBuilder &b, Location loc, RankedTensorType resultType,
                Value x, Value mean, Value invStd, Value scale, Value bias,
                Type stash) {
  SmallVector<Value> inputs{x, mean, invStd, scale};
  if (bias)
    inputs.push_back(bias);
  Type element = resultType.getElementType();
  return buildElementwise(
      b, loc, resultType, inputs,
      [&](OpBuilder &nb, Location nl, ValueRange s) -> Value {
        auto up = [&](Value v) {
          return castScalar(nb, nl, v, floatKind(), stash, floatKind());
        };
        Value centered = arith::SubFOp::create(nb, nl, up(s[0]), s[1]);
        Value y = arith::MulFOp::create(
            nb, nl, arith::MulFOp::create(nb, nl, centered, s[2]), up(s[3]));
        if (s.size() > 4)
          y = arith::AddFOp::create(nb, nl, y, up(s[4]));
        return castScalar(nb, nl, y, floatKind(), element, floatKind());
      });
}

struct LayerNormalizationLowering final
    : OpConversionPattern<onnx::LayerNormalizationOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(onnx::LayerNormalizationOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto resultType = cast<RankedTensorType>(
        getTypeConverter()->convertType(op.getY().getType()));
    int64_t rank = resultType.getRank();
    int64_t axis = op.getAxis() < 0 ? op.getAxis() + rank : op.getAxis();
    SmallVector<bool> reduced(rank, false);
    for (int64_t i = axis; i < rank; ++i)
      reduced[i] = true;
    Type stash = op.getStashType() == 1 ? rewriter.getF32Type()
                                        : resultType.getElementType();
    auto [mean, invStd] =
        computeStatistics(rewriter, loc, adaptor.getX(), reduced, stash,
                          op.getEpsilon().convertToFloat());
    Value y = normalize(rewriter, loc, resultType, adaptor.getX(), mean, invStd,
                        adaptor.getScale(), adaptor.getB(), stash);
    SmallVector<Value> results{y};
    if (op.getMean()) {
      auto statsType = cast<RankedTensorType>(
          getTypeConverter()->convertType(op.getMean().getType()));
      auto cast = [&](Value v) {
        return buildElementwise(rewriter, loc, statsType, ValueRange{v},
                                [&](OpBuilder &nb, Location nl, ValueRange s) {
                                  return castScalar(nb, nl, s[0], floatKind(),
                                                    statsType.getElementType(),
                                                    floatKind());
                                });
      };
      results.push_back(cast(mean));
      results.push_back(cast(invStd));
    }
    rewriter.replaceOp(op, results);
    return success();
  }
};

struct InstanceNormalizationLowering final
    : OpConversionPattern<onnx::InstanceNormalizationOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(onnx::InstanceNormalizationOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto resultType =
        cast<RankedTensorType>(getTypeConverter()->convertType(op.getType()));
    int64_t rank = resultType.getRank();
    SmallVector<bool> reduced(rank, true);
    reduced[0] = reduced[1] = false;
    Type element = resultType.getElementType();
    Type stash = element.isF64() ? element : rewriter.getF32Type();
    auto [mean, invStd] =
        computeStatistics(rewriter, loc, adaptor.getInput(), reduced, stash,
                          op.getEpsilon().convertToFloat());
    Value y =
        normalize(rewriter, loc, resultType, adaptor.getInput(), mean, invStd,
                  channelParam(rewriter, loc, adaptor.getScale(), rank),
                  channelParam(rewriter, loc, adaptor.getB(), rank), stash);
    rewriter.replaceOp(op, y);
    return success();
  }
};

struct BatchNormalizationLowering final
    : OpConversionPattern<onnx::BatchNormalizationOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(onnx::BatchNormalizationOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto resultType =
        cast<RankedTensorType>(getTypeConverter()->convertType(op.getType()));
    int64_t rank = resultType.getRank();
    double epsilon = op.getEpsilon().convertToFloat();
    SmallVector<Value> inputs{adaptor.getX()};
    for (Value p : {adaptor.getScale(), adaptor.getB(), adaptor.getInputMean(),
                    adaptor.getInputVar()})
      inputs.push_back(channelParam(rewriter, loc, p, rank));
    Type element = resultType.getElementType();
    Value y = buildElementwise(
        rewriter, loc, resultType, inputs,
        [&](OpBuilder &b, Location l, ValueRange s) -> Value {
          auto to = [&](Value v) {
            return castScalar(b, l, v, floatKind(), element, floatKind());
          };
          Value var = arith::AddFOp::create(
              b, l, to(s[4]), createScalar(b, l, element, epsilon));
          Value normalized = arith::DivFOp::create(
              b, l, arith::SubFOp::create(b, l, s[0], to(s[3])),
              math::SqrtOp::create(b, l, var));
          return arith::AddFOp::create(
              b, l, arith::MulFOp::create(b, l, normalized, to(s[1])),
              to(s[2]));
        });
    rewriter.replaceOp(op, y);
    return success();
  }
};

} // namespace

void mlir::modelc::populateNormalizationLoweringPatterns(
    const TypeConverter &converter, RewritePatternSet &patterns) {
  patterns.add<LayerNormalizationLowering, InstanceNormalizationLowering,
               BatchNormalizationLowering>(converter, patterns.getContext());
}

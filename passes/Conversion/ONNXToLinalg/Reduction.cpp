//===- Reduction.cpp - Reductions, softmax, scans to linalg ---------------===//
//
// Part of the modelc project, under the Apache License v2.0 with LLVM
// Exceptions. SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Reductions as linalg.generic with reduction iterators into a "keepdims"
// shaped accumulator (reduced axes kept as size 1), reshaped to the result.
// Softmax and LogSoftmax subtract the maximum before exp, as every reference
// does. CumSum and TopK compute each output element with a loop in the
// body: O(n^2) along the axis, fine for the sizes models use there.
//
//===----------------------------------------------------------------------===//

#include "passes/Conversion/ONNXToLinalg/PopulatePatterns.h"

#include "dialects/ONNX/IR/ONNXOps.h"
#include "passes/Conversion/ONNXToLinalg/LoweringUtils.h"

#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/SCF/IR/SCF.h"

using namespace mlir;
using namespace mlir::modelc;
using namespace mlir::modelc::lowering;

namespace {

using Combine = function_ref<Value(OpBuilder &, Location, Value acc, Value x)>;
using Map = function_ref<Value(OpBuilder &, Location, Value x)>;

/// The shape of `type` with the `reduced` axes set to 1.
RankedTensorType keepDimsType(RankedTensorType type, ArrayRef<bool> reduced,
                              Type element) {
  SmallVector<int64_t> shape(type.getShape());
  for (size_t i = 0; i < reduced.size(); ++i)
    if (reduced[i])
      shape[i] = 1;
  return RankedTensorType::get(shape, element);
}

/// Reduces `input` over the `reduced` axes: acc = combine(acc, map(x)),
/// starting from `init`. Returns the keepdims-shaped accumulator.
Value buildReduction(OpBuilder &b, Location loc, Value input,
                     ArrayRef<bool> reduced, Value init, Map map,
                     Combine combine) {
  auto type = cast<RankedTensorType>(input.getType());
  MLIRContext *ctx = b.getContext();
  int64_t rank = type.getRank();
  SmallVector<AffineExpr> outputExprs;
  SmallVector<utils::IteratorType> iterators;
  for (int64_t i = 0; i < rank; ++i) {
    outputExprs.push_back(reduced[i] ? getAffineConstantExpr(0, ctx)
                                     : getAffineDimExpr(i, ctx));
    iterators.push_back(reduced[i] ? utils::IteratorType::reduction
                                   : utils::IteratorType::parallel);
  }
  RankedTensorType accType = keepDimsType(type, reduced, init.getType());
  auto generic = linalg::GenericOp::create(
      b, loc, TypeRange{accType}, ValueRange{input},
      ValueRange{createFilled(b, loc, accType, init)},
      ArrayRef<AffineMap>{AffineMap::getMultiDimIdentityMap(rank, ctx),
                          AffineMap::get(rank, 0, outputExprs, ctx)},
      iterators, [&](OpBuilder &nb, Location nl, ValueRange args) {
        linalg::YieldOp::create(nb, nl,
                                combine(nb, nl, args[1], map(nb, nl, args[0])));
      });
  return generic.getResult(0);
}

/// Normalized axes of a reduction over a tensor of `rank` (all when none).
SmallVector<bool> getReducedAxes(std::optional<ArrayRef<int64_t>> axes,
                                 int64_t rank) {
  SmallVector<bool> reduced(rank, !axes || axes->empty());
  if (axes)
    for (int64_t a : *axes)
      reduced[a < 0 ? a + rank : a] = true;
  return reduced;
}

enum class ReduceKind {
  Sum,
  Mean,
  Max,
  Min,
  Prod,
  L1,
  L2,
  LogSum,
  LogSumExp,
  SumSquare
};

/// Lowers one reduction given its kind and normalized axes.
Value lowerReduction(OpBuilder &b, Location loc, Value input,
                     ArrayRef<bool> reduced, RankedTensorType resultType,
                     ReduceKind kind, const ElementKind &ek) {
  Type element = resultType.getElementType();
  auto inputType = cast<RankedTensorType>(input.getType());
  auto identity = [](OpBuilder &, Location, Value x) { return x; };
  auto addOp = [&](OpBuilder &nb, Location nl, Value a, Value x) -> Value {
    return ek.isFloat ? Value(arith::AddFOp::create(nb, nl, a, x))
                      : Value(arith::AddIOp::create(nb, nl, a, x));
  };
  auto square = [&](OpBuilder &nb, Location nl, Value x) -> Value {
    return ek.isFloat ? Value(arith::MulFOp::create(nb, nl, x, x))
                      : Value(arith::MulIOp::create(nb, nl, x, x));
  };
  Value acc;
  switch (kind) {
  case ReduceKind::Max:
  case ReduceKind::Min: {
    bool isMax = kind == ReduceKind::Max;
    Value init = isMax ? createLowest(b, loc, element, ek.isUnsigned)
                       : createHighest(b, loc, element, ek.isUnsigned);
    acc = buildReduction(
        b, loc, input, reduced, init, identity,
        [&](OpBuilder &nb, Location nl, Value a, Value x) -> Value {
          if (ek.isFloat)
            return isMax ? Value(arith::MaximumFOp::create(nb, nl, a, x))
                         : Value(arith::MinimumFOp::create(nb, nl, a, x));
          if (ek.isUnsigned)
            return isMax ? Value(arith::MaxUIOp::create(nb, nl, a, x))
                         : Value(arith::MinUIOp::create(nb, nl, a, x));
          return isMax ? Value(arith::MaxSIOp::create(nb, nl, a, x))
                       : Value(arith::MinSIOp::create(nb, nl, a, x));
        });
    break;
  }
  case ReduceKind::Prod:
    acc = buildReduction(
        b, loc, input, reduced, createScalar(b, loc, element, 1), identity,
        [&](OpBuilder &nb, Location nl, Value a, Value x) -> Value {
          return ek.isFloat ? Value(arith::MulFOp::create(nb, nl, a, x))
                            : Value(arith::MulIOp::create(nb, nl, a, x));
        });
    break;
  case ReduceKind::L1:
    acc = buildReduction(
        b, loc, input, reduced, createScalar(b, loc, element, 0),
        [&](OpBuilder &nb, Location nl, Value x) -> Value {
          if (ek.isFloat)
            return math::AbsFOp::create(nb, nl, x);
          return ek.isUnsigned ? x : Value(math::AbsIOp::create(nb, nl, x));
        },
        addOp);
    break;
  case ReduceKind::L2:
  case ReduceKind::SumSquare:
    acc = buildReduction(b, loc, input, reduced,
                         createScalar(b, loc, element, 0), square, addOp);
    break;
  case ReduceKind::LogSumExp:
    acc = buildReduction(
        b, loc, input, reduced, createScalar(b, loc, element, 0),
        [](OpBuilder &nb, Location nl, Value x) -> Value {
          return math::ExpOp::create(nb, nl, x);
        },
        addOp);
    break;
  default:
    acc = buildReduction(b, loc, input, reduced,
                         createScalar(b, loc, element, 0), identity, addOp);
    break;
  }
  int64_t count = 1;
  for (int64_t i = 0; i < inputType.getRank(); ++i)
    if (reduced[i])
      count *= inputType.getDimSize(i);
  auto accType = cast<RankedTensorType>(acc.getType());
  auto post = [&](Map fn) {
    return buildElementwise(b, loc, accType, ValueRange{acc},
                            [&](OpBuilder &nb, Location nl, ValueRange s) {
                              return fn(nb, nl, s[0]);
                            });
  };
  switch (kind) {
  case ReduceKind::Mean:
    acc = post([&](OpBuilder &nb, Location nl, Value x) -> Value {
      Value n = createScalar(nb, nl, element, static_cast<double>(count));
      if (ek.isFloat)
        return arith::DivFOp::create(nb, nl, x, n);
      return ek.isUnsigned ? Value(arith::DivUIOp::create(nb, nl, x, n))
                           : Value(arith::DivSIOp::create(nb, nl, x, n));
    });
    break;
  case ReduceKind::L2:
    acc = post([](OpBuilder &nb, Location nl, Value x) -> Value {
      return math::SqrtOp::create(nb, nl, x);
    });
    break;
  case ReduceKind::LogSum:
  case ReduceKind::LogSumExp:
    acc = post([](OpBuilder &nb, Location nl, Value x) -> Value {
      return math::LogOp::create(nb, nl, x);
    });
    break;
  default:
    break;
  }
  return reshapeTensor(b, loc, acc, resultType);
}

template <typename OpTy, ReduceKind kind>
struct ReduceAttrAxesLowering final : OpConversionPattern<OpTy> {
  using OpConversionPattern<OpTy>::OpConversionPattern;

  LogicalResult
  matchAndRewrite(OpTy op, typename OpTy::Adaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto resultType = cast<RankedTensorType>(
        this->getTypeConverter()->convertType(op.getType()));
    auto inputType = cast<RankedTensorType>(adaptor.getData().getType());
    ElementKind ek = getElementKind(op.getData().getType());
    if (!ek.isFloat && (kind == ReduceKind::L2 || kind == ReduceKind::LogSum ||
                        kind == ReduceKind::LogSumExp))
      return op.emitOpError("on integers is not supported");
    SmallVector<bool> reduced =
        getReducedAxes(op.getAxes(), inputType.getRank());
    rewriter.replaceOp(op,
                       lowerReduction(rewriter, op.getLoc(), adaptor.getData(),
                                      reduced, resultType, kind, ek));
    return success();
  }
};

struct ReduceSumLowering final : OpConversionPattern<onnx::ReduceSumOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(onnx::ReduceSumOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto resultType =
        cast<RankedTensorType>(getTypeConverter()->convertType(op.getType()));
    auto inputType = cast<RankedTensorType>(adaptor.getData().getType());
    std::optional<SmallVector<int64_t>> axes;
    if (Value axesValue = adaptor.getAxes()) {
      axes = onnx::getConstantIntValues(axesValue);
      if (!axes)
        return op.emitOpError(
            "with 'axes' computed at run time is not supported");
    }
    if (axes && axes->empty() && op.getNoopWithEmptyAxes()) {
      rewriter.replaceOp(op, adaptor.getData());
      return success();
    }
    std::optional<ArrayRef<int64_t>> axesRef;
    if (axes)
      axesRef = *axes;
    rewriter.replaceOp(
        op, lowerReduction(rewriter, op.getLoc(), adaptor.getData(),
                           getReducedAxes(axesRef, inputType.getRank()),
                           resultType, ReduceKind::Sum,
                           getElementKind(op.getData().getType())));
    return success();
  }
};

/// ArgMax / ArgMin: a reduction carrying (best value, its index).
template <typename OpTy, bool isMax>
struct ArgReduceLowering final : OpConversionPattern<OpTy> {
  using OpConversionPattern<OpTy>::OpConversionPattern;

  LogicalResult
  matchAndRewrite(OpTy op, typename OpTy::Adaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto resultType = cast<RankedTensorType>(
        this->getTypeConverter()->convertType(op.getType()));
    Value input = adaptor.getData();
    auto inputType = cast<RankedTensorType>(input.getType());
    int64_t rank = inputType.getRank();
    int64_t axis = op.getAxis() < 0 ? op.getAxis() + rank : op.getAxis();
    ElementKind ek = getElementKind(op.getData().getType());
    bool last = op.getSelectLastIndex() != 0;
    SmallVector<bool> reduced(rank, false);
    reduced[axis] = true;
    Type element = inputType.getElementType();
    RankedTensorType valueType = keepDimsType(inputType, reduced, element);
    RankedTensorType indexType =
        keepDimsType(inputType, reduced, rewriter.getI64Type());
    MLIRContext *ctx = rewriter.getContext();
    SmallVector<AffineExpr> outputExprs;
    SmallVector<utils::IteratorType> iterators;
    for (int64_t i = 0; i < rank; ++i) {
      outputExprs.push_back(i == axis ? getAffineConstantExpr(0, ctx)
                                      : getAffineDimExpr(i, ctx));
      iterators.push_back(i == axis ? utils::IteratorType::reduction
                                    : utils::IteratorType::parallel);
    }
    AffineMap outMap = AffineMap::get(rank, 0, outputExprs, ctx);
    Value initValue =
        isMax ? createLowest(rewriter, loc, element, ek.isUnsigned)
              : createHighest(rewriter, loc, element, ek.isUnsigned);
    // The first element always wins its first comparison: start the index
    // at -1 so an all-equal (or all -inf) axis still yields index 0.
    auto generic = linalg::GenericOp::create(
        rewriter, loc, TypeRange{valueType, indexType}, ValueRange{input},
        ValueRange{createFilled(rewriter, loc, valueType, initValue),
                   createFilled(
                       rewriter, loc, indexType,
                       createScalar(rewriter, loc, rewriter.getI64Type(), -1))},
        ArrayRef<AffineMap>{AffineMap::getMultiDimIdentityMap(rank, ctx),
                            outMap, outMap},
        iterators, [&](OpBuilder &b, Location l, ValueRange args) {
          Value x = args[0], best = args[1], bestIndex = args[2];
          Value index = indexToI64(b, l, linalg::IndexOp::create(b, l, axis));
          Value better;
          if (ek.isFloat) {
            auto strict =
                isMax ? arith::CmpFPredicate::OGT : arith::CmpFPredicate::OLT;
            auto loose =
                isMax ? arith::CmpFPredicate::OGE : arith::CmpFPredicate::OLE;
            better =
                arith::CmpFOp::create(b, l, last ? loose : strict, x, best);
          } else {
            arith::CmpIPredicate strict, loose;
            if (ek.isUnsigned) {
              strict =
                  isMax ? arith::CmpIPredicate::ugt : arith::CmpIPredicate::ult;
              loose =
                  isMax ? arith::CmpIPredicate::uge : arith::CmpIPredicate::ule;
            } else {
              strict =
                  isMax ? arith::CmpIPredicate::sgt : arith::CmpIPredicate::slt;
              loose =
                  isMax ? arith::CmpIPredicate::sge : arith::CmpIPredicate::sle;
            }
            better =
                arith::CmpIOp::create(b, l, last ? loose : strict, x, best);
          }
          Value first =
              arith::CmpIOp::create(b, l, arith::CmpIPredicate::slt, bestIndex,
                                    createScalar(b, l, b.getI64Type(), 0));
          Value take = arith::OrIOp::create(b, l, better, first);
          linalg::YieldOp::create(
              b, l,
              ValueRange{
                  arith::SelectOp::create(b, l, take, x, best),
                  arith::SelectOp::create(b, l, take, index, bestIndex)});
        });
    rewriter.replaceOp(
        op, reshapeTensor(rewriter, loc, generic.getResult(1), resultType));
    return success();
  }
};

/// Softmax, LogSoftmax, Hardmax along one axis.
enum class SoftmaxKind { Softmax, LogSoftmax, Hardmax };

template <typename OpTy, SoftmaxKind kind>
struct SoftmaxLowering final : OpConversionPattern<OpTy> {
  using OpConversionPattern<OpTy>::OpConversionPattern;

  LogicalResult
  matchAndRewrite(OpTy op, typename OpTy::Adaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto type = cast<RankedTensorType>(
        this->getTypeConverter()->convertType(op.getType()));
    Value x = adaptor.getInput();
    int64_t rank = type.getRank();
    int64_t axis = op.getAxis() < 0 ? op.getAxis() + rank : op.getAxis();
    Type element = type.getElementType();
    SmallVector<bool> reduced(rank, false);
    reduced[axis] = true;
    auto identity = [](OpBuilder &, Location, Value v) { return v; };
    if (kind == SoftmaxKind::Hardmax) {
      // 1 at the first maximum along the axis.
      Value maxima = buildReduction(
          rewriter, loc, x, reduced,
          createLowest(rewriter, loc, element, false), identity,
          [](OpBuilder &b, Location l, Value a, Value v) -> Value {
            return arith::MaximumFOp::create(b, l, a, v);
          });
      RankedTensorType indexType =
          keepDimsType(type, reduced, rewriter.getI64Type());
      // Index of the first element equal to the maximum.
      Value big = createScalar(rewriter, loc, rewriter.getI64Type(),
                               static_cast<double>(type.getDimSize(axis)));
      MLIRContext *ctx = rewriter.getContext();
      SmallVector<AffineExpr> keepExprs;
      SmallVector<utils::IteratorType> iterators;
      for (int64_t i = 0; i < rank; ++i) {
        keepExprs.push_back(i == axis ? getAffineConstantExpr(0, ctx)
                                      : getAffineDimExpr(i, ctx));
        iterators.push_back(i == axis ? utils::IteratorType::reduction
                                      : utils::IteratorType::parallel);
      }
      AffineMap keep = AffineMap::get(rank, 0, keepExprs, ctx);
      Value firstIndex =
          linalg::GenericOp::create(
              rewriter, loc, TypeRange{indexType}, ValueRange{x, maxima},
              ValueRange{createFilled(rewriter, loc, indexType, big)},
              ArrayRef<AffineMap>{AffineMap::getMultiDimIdentityMap(rank, ctx),
                                  keep, keep},
              iterators,
              [&](OpBuilder &b, Location l, ValueRange args) {
                Value index =
                    indexToI64(b, l, linalg::IndexOp::create(b, l, axis));
                Value isMax = arith::CmpFOp::create(
                    b, l, arith::CmpFPredicate::OEQ, args[0], args[1]);
                Value candidate =
                    arith::SelectOp::create(b, l, isMax, index, args[2]);
                linalg::YieldOp::create(
                    b, l,
                    Value(arith::MinSIOp::create(b, l, candidate, args[2])));
              })
              .getResult(0);
      Value result = buildElementwise(
          rewriter, loc, type, ValueRange{firstIndex},
          [&](OpBuilder &b, Location l, ValueRange s) -> Value {
            Value index = indexToI64(b, l, linalg::IndexOp::create(b, l, axis));
            Value hit = arith::CmpIOp::create(b, l, arith::CmpIPredicate::eq,
                                              index, s[0]);
            return arith::SelectOp::create(b, l, hit,
                                           createScalar(b, l, element, 1),
                                           createScalar(b, l, element, 0));
          });
      rewriter.replaceOp(op, result);
      return success();
    }
    Value maxima = buildReduction(
        rewriter, loc, x, reduced, createLowest(rewriter, loc, element, false),
        identity, [](OpBuilder &b, Location l, Value a, Value v) -> Value {
          return arith::MaximumFOp::create(b, l, a, v);
        });
    Value shifted =
        buildElementwise(rewriter, loc, type, ValueRange{x, maxima},
                         [](OpBuilder &b, Location l, ValueRange s) -> Value {
                           return arith::SubFOp::create(b, l, s[0], s[1]);
                         });
    Value sums = buildReduction(
        rewriter, loc, shifted, reduced,
        createScalar(rewriter, loc, element, 0),
        [](OpBuilder &b, Location l, Value v) -> Value {
          return math::ExpOp::create(b, l, v);
        },
        [](OpBuilder &b, Location l, Value a, Value v) -> Value {
          return arith::AddFOp::create(b, l, a, v);
        });
    Value result =
        buildElementwise(rewriter, loc, type, ValueRange{shifted, sums},
                         [&](OpBuilder &b, Location l, ValueRange s) -> Value {
                           if (kind == SoftmaxKind::LogSoftmax)
                             return arith::SubFOp::create(
                                 b, l, s[0], math::LogOp::create(b, l, s[1]));
                           return arith::DivFOp::create(
                               b, l, math::ExpOp::create(b, l, s[0]), s[1]);
                         });
    rewriter.replaceOp(op, result);
    return success();
  }
};

/// The value of `input` at `position` (the indices of the enclosing linalg
/// op, read at its body's top: linalg.index cannot appear in nested loops)
/// with dimension `axis` set to `axisIndex`.
Value extractAlongAxis(OpBuilder &b, Location loc, Value input,
                       ArrayRef<Value> position, int64_t axis,
                       Value axisIndex) {
  SmallVector<Value> indices(position);
  indices[axis] = axisIndex;
  return tensor::ExtractOp::create(b, loc, input, indices);
}

/// CumSum along an axis known at compile time or read at run time (the ONNX
/// backend tests pass it as an input). A run-time axis selects the position
/// and size per dimension; it is clamped into range, so no read can stray.
struct CumSumLowering final : OpConversionPattern<onnx::CumSumOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(onnx::CumSumOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto type =
        cast<RankedTensorType>(getTypeConverter()->convertType(op.getType()));
    int64_t rank = type.getRank();
    std::optional<int64_t> staticAxis;
    if (std::optional<SmallVector<int64_t>> axisValue =
            onnx::getConstantIntValues(adaptor.getAxis())) {
      if (axisValue->size() != 1)
        return op.emitOpError("'axis' must hold one value");
      staticAxis =
          (*axisValue)[0] < 0 ? (*axisValue)[0] + rank : (*axisValue)[0];
      if (*staticAxis < 0 || *staticAxis >= rank)
        return op.emitOpError("'axis' is out of range");
    }
    bool exclusive = op.getExclusive() != 0, reverse = op.getReverse() != 0;
    ElementKind ek = getElementKind(op.getType());
    Value input = adaptor.getX(), axisTensor = adaptor.getAxis();
    Value result = buildElementwise(
        rewriter, loc, type, ValueRange{},
        [&](OpBuilder &b, Location l, ValueRange) -> Value {
          SmallVector<Value> position = getLoopIndices(b, l, rank);
          auto index = [&](int64_t v) -> Value {
            return arith::ConstantIndexOp::create(b, l, v);
          };
          Value one = index(1);
          // The axis, its position and its size, as values.
          Value i, size;
          SmallVector<Value> isAxis; // per dimension, when the axis is dynamic
          if (staticAxis) {
            i = position[*staticAxis];
            size = index(type.getDimSize(*staticAxis));
          } else {
            auto axisType = cast<RankedTensorType>(axisTensor.getType());
            SmallVector<Value> at(axisType.getRank(), index(0));
            Value raw = tensor::ExtractOp::create(b, l, axisTensor, at);
            Value axis =
                arith::IndexCastOp::create(b, l, b.getIndexType(), raw);
            Value negative = arith::CmpIOp::create(
                b, l, arith::CmpIPredicate::slt, axis, index(0));
            axis = arith::SelectOp::create(
                b, l, negative, arith::AddIOp::create(b, l, axis, index(rank)),
                axis);
            axis = arith::MaxSIOp::create(
                b, l, arith::MinSIOp::create(b, l, axis, index(rank - 1)),
                index(0));
            i = position[0];
            size = index(type.getDimSize(0));
            for (int64_t d = 0; d < rank; ++d) {
              isAxis.push_back(arith::CmpIOp::create(
                  b, l, arith::CmpIPredicate::eq, axis, index(d)));
              if (d == 0)
                continue;
              i = arith::SelectOp::create(b, l, isAxis[d], position[d], i);
              size = arith::SelectOp::create(b, l, isAxis[d],
                                             index(type.getDimSize(d)), size);
            }
          }
          // Summation range [from, to) along the axis.
          Value from, to;
          if (!reverse) {
            from = index(0);
            to = exclusive ? i : Value(arith::AddIOp::create(b, l, i, one));
          } else {
            from = exclusive ? Value(arith::AddIOp::create(b, l, i, one)) : i;
            to = size;
          }
          Value zero = createScalar(b, l, type.getElementType(), 0);
          auto loop = scf::ForOp::create(
              b, l, from, to, one, ValueRange{zero},
              [&](OpBuilder &lb, Location ll, Value j, ValueRange acc) {
                Value x;
                if (staticAxis) {
                  x = extractAlongAxis(lb, ll, input, position, *staticAxis, j);
                } else {
                  SmallVector<Value> at;
                  for (int64_t d = 0; d < rank; ++d)
                    at.push_back(arith::SelectOp::create(lb, ll, isAxis[d], j,
                                                         position[d]));
                  x = tensor::ExtractOp::create(lb, ll, input, at);
                }
                Value sum =
                    ek.isFloat
                        ? Value(arith::AddFOp::create(lb, ll, acc[0], x))
                        : Value(arith::AddIOp::create(lb, ll, acc[0], x));
                scf::YieldOp::create(lb, ll, sum);
              });
          return loop.getResult(0);
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};

/// TopK: output j along the axis is the element of rank j, where an
/// element's rank counts the elements that beat it (larger, or equal at a
/// lower index: ties keep the original order).
struct TopKLowering final : OpConversionPattern<onnx::TopKOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(onnx::TopKOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto valuesType = cast<RankedTensorType>(
        getTypeConverter()->convertType(op.getValues().getType()));
    auto indicesType = cast<RankedTensorType>(
        getTypeConverter()->convertType(op.getIndices().getType()));
    Value input = adaptor.getX();
    auto inputType = cast<RankedTensorType>(input.getType());
    int64_t rank = inputType.getRank();
    int64_t axis = op.getAxis() < 0 ? op.getAxis() + rank : op.getAxis();
    int64_t size = inputType.getDimSize(axis);
    bool largest = op.getLargest() != 0;
    ElementKind ek = getElementKind(op.getX().getType());
    MLIRContext *ctx = rewriter.getContext();
    AffineMap identity = AffineMap::getMultiDimIdentityMap(rank, ctx);
    auto generic = linalg::GenericOp::create(
        rewriter, loc, TypeRange{valuesType, indicesType}, ValueRange{},
        ValueRange{createEmpty(rewriter, loc, valuesType),
                   createEmpty(rewriter, loc, indicesType)},
        ArrayRef<AffineMap>{identity, identity}, parallelIterators(rank),
        [&](OpBuilder &b, Location l, ValueRange) {
          SmallVector<Value> position = getLoopIndices(b, l, rank);
          Value j = position[axis];
          Value zero = arith::ConstantIndexOp::create(b, l, 0);
          Value one = arith::ConstantIndexOp::create(b, l, 1);
          Value n = arith::ConstantIndexOp::create(b, l, size);
          auto beats = [&](OpBuilder &bb, Location ll, Value a,
                           Value bv) -> Value {
            if (ek.isFloat)
              return arith::CmpFOp::create(bb, ll,
                                           largest ? arith::CmpFPredicate::OGT
                                                   : arith::CmpFPredicate::OLT,
                                           a, bv);
            arith::CmpIPredicate p =
                ek.isUnsigned ? (largest ? arith::CmpIPredicate::ugt
                                         : arith::CmpIPredicate::ult)
                              : (largest ? arith::CmpIPredicate::sgt
                                         : arith::CmpIPredicate::slt);
            return arith::CmpIOp::create(bb, ll, p, a, bv);
          };
          // Find i with rank(i) == j.
          auto outer = scf::ForOp::create(
              b, l, zero, n, one, ValueRange{zero},
              [&](OpBuilder &ob, Location ol, Value i, ValueRange found) {
                Value xi = extractAlongAxis(ob, ol, input, position, axis, i);
                auto inner = scf::ForOp::create(
                    ob, ol, zero, n, one, ValueRange{zero},
                    [&](OpBuilder &ib, Location il, Value k, ValueRange count) {
                      Value xk =
                          extractAlongAxis(ib, il, input, position, axis, k);
                      Value strictly = beats(ib, il, xk, xi);
                      Value equal =
                          ek.isFloat
                              ? Value(arith::CmpFOp::create(
                                    ib, il, arith::CmpFPredicate::OEQ, xk, xi))
                              : Value(arith::CmpIOp::create(
                                    ib, il, arith::CmpIPredicate::eq, xk, xi));
                      Value before = arith::CmpIOp::create(
                          ib, il, arith::CmpIPredicate::ult, k, i);
                      Value wins = arith::OrIOp::create(
                          ib, il, strictly,
                          arith::AndIOp::create(ib, il, equal, before));
                      Value next = arith::SelectOp::create(
                          ib, il, wins,
                          arith::AddIOp::create(ib, il, count[0], one),
                          count[0]);
                      scf::YieldOp::create(ib, il, next);
                    });
                Value isRank = arith::CmpIOp::create(
                    ob, ol, arith::CmpIPredicate::eq, inner.getResult(0), j);
                scf::YieldOp::create(ob, ol,
                                     Value(arith::SelectOp::create(
                                         ob, ol, isRank, i, found[0])));
              });
          Value index = outer.getResult(0);
          Value value = extractAlongAxis(b, l, input, position, axis, index);
          linalg::YieldOp::create(b, l,
                                  ValueRange{value, indexToI64(b, l, index)});
        });
    rewriter.replaceOp(op, generic.getResults());
    return success();
  }
};

} // namespace

void mlir::modelc::populateReductionLoweringPatterns(
    const TypeConverter &converter, RewritePatternSet &patterns) {
  MLIRContext *context = patterns.getContext();
  patterns.add<
      ReduceSumLowering,
      ReduceAttrAxesLowering<onnx::ReduceMeanOp, ReduceKind::Mean>,
      ReduceAttrAxesLowering<onnx::ReduceMaxOp, ReduceKind::Max>,
      ReduceAttrAxesLowering<onnx::ReduceMinOp, ReduceKind::Min>,
      ReduceAttrAxesLowering<onnx::ReduceProdOp, ReduceKind::Prod>,
      ReduceAttrAxesLowering<onnx::ReduceL1Op, ReduceKind::L1>,
      ReduceAttrAxesLowering<onnx::ReduceL2Op, ReduceKind::L2>,
      ReduceAttrAxesLowering<onnx::ReduceLogSumOp, ReduceKind::LogSum>,
      ReduceAttrAxesLowering<onnx::ReduceLogSumExpOp, ReduceKind::LogSumExp>,
      ReduceAttrAxesLowering<onnx::ReduceSumSquareOp, ReduceKind::SumSquare>,
      ArgReduceLowering<onnx::ArgMaxOp, true>,
      ArgReduceLowering<onnx::ArgMinOp, false>,
      SoftmaxLowering<onnx::SoftmaxOp, SoftmaxKind::Softmax>,
      SoftmaxLowering<onnx::LogSoftmaxOp, SoftmaxKind::LogSoftmax>,
      SoftmaxLowering<onnx::HardmaxOp, SoftmaxKind::Hardmax>, CumSumLowering,
      TopKLowering>(converter, context);
}

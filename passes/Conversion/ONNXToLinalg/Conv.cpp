//===- Conv.cpp - Conv and ConvTranspose to linalg.generic ----------------===//
//
// Part of the modelc project, under the Apache License v2.0 with LLVM
// Exceptions. SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// N-D grouped convolution as one linalg.generic on a zero-padded input,
// with the channels split into [groups, channels per group]. The iteration
// order is (n, g, m, c, k..., o...): reductions outside, the output's
// spatial positions innermost, so the CPU loop nest walks contiguous memory
// and vectorizes. ConvTranspose is the same contraction on the input with
// zeros inserted between elements, against a flipped copy of the kernel.
//
// ConvNHWC (channels innermost, from onnx-channels-last) is the same
// contraction in NHWC indexing, iterated (n, oh, ow, g, m, kh, kw, c): its
// reduction runs along the channels, which are contiguous in both the
// input and the [M, kH, kW, C/group] filters.
//
//===----------------------------------------------------------------------===//

#include "passes/Conversion/ONNXToLinalg/PopulatePatterns.h"

#include "dialects/ONNX/IR/ONNXOps.h"
#include "passes/Conversion/ONNXToLinalg/LoweringUtils.h"

using namespace mlir;
using namespace mlir::modelc;
using namespace mlir::modelc::lowering;

namespace {

/// Pads `input` with `value` on its spatial dimensions, which start at
/// `firstSpatial` (2 in NCHW, 1 in NHWC).
Value padSpatial(OpBuilder &b, Location loc, Value input, ArrayRef<int64_t> low,
                 ArrayRef<int64_t> high, Value value,
                 int64_t firstSpatial = 2) {
  if (llvm::all_of(low, [](int64_t p) { return p == 0; }) &&
      llvm::all_of(high, [](int64_t p) { return p == 0; }))
    return input;
  auto type = cast<RankedTensorType>(input.getType());
  SmallVector<int64_t> lowAll(type.getRank(), 0), highAll(type.getRank(), 0),
      shape(type.getShape());
  for (size_t i = 0; i < low.size(); ++i) {
    lowAll[firstSpatial + i] = low[i];
    highAll[firstSpatial + i] = high[i];
    shape[firstSpatial + i] += low[i] + high[i];
  }
  auto padType = RankedTensorType::get(shape, type.getElementType());
  SmallVector<OpFoldResult> lowOfr, highOfr;
  for (int64_t p : lowAll)
    lowOfr.push_back(b.getIndexAttr(p));
  for (int64_t p : highAll)
    highOfr.push_back(b.getIndexAttr(p));
  return tensor::PadOp::create(b, loc, padType, input, lowOfr, highOfr, value);
}

/// Splits dimension `dim` of `value` into [outer, size / outer].
Value splitDim(OpBuilder &b, Location loc, Value value, int64_t dim,
               int64_t outer) {
  auto type = cast<RankedTensorType>(value.getType());
  SmallVector<int64_t> shape;
  SmallVector<ReassociationIndices> groups;
  for (int64_t i = 0; i < type.getRank(); ++i) {
    if (i == dim) {
      groups.push_back({static_cast<int64_t>(shape.size()),
                        static_cast<int64_t>(shape.size()) + 1});
      shape.push_back(outer);
      shape.push_back(type.getDimSize(i) / outer);
    } else {
      groups.push_back({static_cast<int64_t>(shape.size())});
      shape.push_back(type.getDimSize(i));
    }
  }
  return tensor::ExpandShapeOp::create(
      b, loc, RankedTensorType::get(shape, type.getElementType()), value,
      groups);
}

/// The initial value of a grouped convolution result ([N, G, Mg, O...], or
/// [N, O..., G, Mg] with `groupDim` 3): the bias (1-D, M) broadcast along
/// everything else, or zeros.
Value createConvInit(OpBuilder &b, Location loc, RankedTensorType groupedType,
                     Value bias, int64_t groups, int64_t groupDim = 1) {
  Type element = groupedType.getElementType();
  if (!bias)
    return createFilled(b, loc, groupedType, createScalar(b, loc, element, 0));
  Value groupedBias = splitDim(b, loc, bias, 0, groups);
  MLIRContext *ctx = b.getContext();
  int64_t rank = groupedType.getRank();
  AffineMap biasMap = AffineMap::get(
      rank, 0,
      {getAffineDimExpr(groupDim, ctx), getAffineDimExpr(groupDim + 1, ctx)},
      ctx);
  auto generic = linalg::GenericOp::create(
      b, loc, TypeRange{groupedType}, ValueRange{groupedBias},
      ValueRange{createEmpty(b, loc, groupedType)},
      ArrayRef<AffineMap>{biasMap,
                          AffineMap::getMultiDimIdentityMap(rank, ctx)},
      parallelIterators(rank), [](OpBuilder &nb, Location nl, ValueRange args) {
        linalg::YieldOp::create(nb, nl, args[0]);
      });
  return generic.getResult(0);
}

/// out += input * filter over `iterators`' reductions, as one generic.
Value buildMultiplyAccumulate(OpBuilder &b, Location loc, Value input,
                              Value filter, Value init,
                              ArrayRef<AffineMap> maps,
                              ArrayRef<utils::IteratorType> iterators,
                              bool isFloat) {
  auto generic = linalg::GenericOp::create(
      b, loc, TypeRange{init.getType()}, ValueRange{input, filter},
      ValueRange{init}, maps, iterators,
      [&](OpBuilder &nb, Location nl, ValueRange args) {
        Value sum;
        if (isFloat) {
          // 16-bit operands are multiplied and summed in the accumulator's
          // f32 (getAccumulatorType).
          Type acc = args[2].getType();
          auto extend = [&](Value v) -> Value {
            return v.getType() == acc ? v
                                      : arith::ExtFOp::create(nb, nl, acc, v);
          };
          sum = arith::AddFOp::create(
              nb, nl, args[2],
              arith::MulFOp::create(nb, nl, extend(args[0]), extend(args[1])));
        } else
          sum = arith::AddIOp::create(
              nb, nl, args[2], arith::MulIOp::create(nb, nl, args[0], args[1]));
        linalg::YieldOp::create(nb, nl, sum);
      });
  return generic.getResult(0);
}

/// The grouped convolution contraction. `input` is [N, G, Cg, P...] (padded),
/// `filter` has 4 + spatial dims indexed by `filterExprs`, `init` is
/// [N, G, Mg, O...]; the input is read at o * stride + k * dilation.
Value buildConvContraction(
    OpBuilder &b, Location loc, Value input, Value filter, Value init,
    int64_t spatialRank, ArrayRef<int64_t> strides, ArrayRef<int64_t> dilations,
    function_ref<SmallVector<AffineExpr>(AffineExpr g, AffineExpr m,
                                         AffineExpr c, ArrayRef<AffineExpr> k)>
        filterExprs,
    bool isFloat) {
  MLIRContext *ctx = b.getContext();
  // Dimensions: n, g, m, c, k_0..k_{s-1}, o_0..o_{s-1}.
  AffineExpr n = getAffineDimExpr(0, ctx), g = getAffineDimExpr(1, ctx),
             m = getAffineDimExpr(2, ctx), c = getAffineDimExpr(3, ctx);
  SmallVector<AffineExpr> k, o;
  for (int64_t i = 0; i < spatialRank; ++i) {
    k.push_back(getAffineDimExpr(4 + i, ctx));
    o.push_back(getAffineDimExpr(4 + spatialRank + i, ctx));
  }
  int64_t numDims = 4 + 2 * spatialRank;
  SmallVector<AffineExpr> inputExprs{n, g, c}, outputExprs{n, g, m};
  for (int64_t i = 0; i < spatialRank; ++i) {
    inputExprs.push_back(o[i] * strides[i] + k[i] * dilations[i]);
    outputExprs.push_back(o[i]);
  }
  SmallVector<AffineMap> maps{
      AffineMap::get(numDims, 0, inputExprs, ctx),
      AffineMap::get(numDims, 0, filterExprs(g, m, c, k), ctx),
      AffineMap::get(numDims, 0, outputExprs, ctx)};
  SmallVector<utils::IteratorType> iterators(numDims,
                                             utils::IteratorType::parallel);
  for (int64_t i = 3; i < 4 + spatialRank; ++i)
    iterators[i] = utils::IteratorType::reduction;
  return buildMultiplyAccumulate(b, loc, input, filter, init, maps, iterators,
                                 isFloat);
}

/// [N, G, Mg, O...] -> [N, M, O...] (or, with `groupDim` 3,
/// [N, O..., G, Mg] -> [N, O..., M]).
Value mergeGroups(OpBuilder &b, Location loc, Value grouped,
                  RankedTensorType resultType, int64_t groupDim = 1) {
  SmallVector<ReassociationIndices> groups;
  for (int64_t i = 0; i < resultType.getRank(); ++i) {
    int64_t from = i <= groupDim ? i : i + 1;
    groups.push_back(i == groupDim ? ReassociationIndices{from, from + 1}
                                   : ReassociationIndices{from});
  }
  return tensor::CollapseShapeOp::create(b, loc, resultType, grouped, groups);
}

/// The result type with its channel dimension `groupDim` split into
/// [groups, channels per group].
RankedTensorType getGroupedResultType(RankedTensorType resultType,
                                      int64_t groups, int64_t groupDim = 1) {
  SmallVector<int64_t> shape;
  for (auto [i, size] : llvm::enumerate(resultType.getShape())) {
    if (static_cast<int64_t>(i) != groupDim) {
      shape.push_back(size);
      continue;
    }
    shape.push_back(groups);
    shape.push_back(size / groups);
  }
  return RankedTensorType::get(shape, resultType.getElementType());
}

/// The accumulator of a convolution whose result is `resultType`: its type
/// [N, M, O...] (f32 for 16-bit convolutions, which round once at the end)
/// and its grouped initial value [N, G, Mg, O...] (the bias, or zeros).
std::pair<RankedTensorType, Value>
createConvAccumulator(OpBuilder &b, Location loc, RankedTensorType resultType,
                      Value bias, int64_t groups, int64_t groupDim = 1) {
  Type acc = getAccumulatorType(resultType.getElementType());
  RankedTensorType accType = resultType.clone(acc);
  if (bias)
    bias = convertFloatTensor(b, loc, bias, acc);
  return {accType, createConvInit(
                       b, loc, getGroupedResultType(accType, groups, groupDim),
                       bias, groups, groupDim)};
}

/// The grouped accumulator as the convolution's result: groups merged,
/// rounded to the result's element type.
Value finishConv(OpBuilder &b, Location loc, Value grouped,
                 RankedTensorType accType, RankedTensorType resultType,
                 int64_t groupDim = 1) {
  return convertFloatTensor(b, loc,
                            mergeGroups(b, loc, grouped, accType, groupDim),
                            resultType.getElementType());
}

struct ConvLowering final : OpConversionPattern<onnx::ConvOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(onnx::ConvOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto resultType =
        cast<RankedTensorType>(getTypeConverter()->convertType(op.getType()));
    auto xType = cast<RankedTensorType>(adaptor.getX().getType());
    auto wType = cast<RankedTensorType>(adaptor.getW().getType());
    int64_t spatialRank = xType.getRank() - 2;
    int64_t groups = op.getGroup();
    SmallVector<int64_t> kernel(wType.getShape().drop_front(2));
    FailureOr<onnx::WindowGeometry> g = onnx::getWindowGeometry(
        loc, spatialRank, kernel, op.getStrides(), op.getDilations(),
        op.getPads(), op.getAutoPad());
    if (failed(g))
      return failure();
    onnx::resolveSamePads(*g, xType.getShape().drop_front(2),
                          resultType.getShape().drop_front(2), op.getAutoPad());
    ArrayRef<int64_t> low = ArrayRef(g->pads).take_front(spatialRank);
    ArrayRef<int64_t> high = ArrayRef(g->pads).drop_front(spatialRank);
    Type element = xType.getElementType();
    Value padded = padSpatial(rewriter, loc, adaptor.getX(), low, high,
                              createScalar(rewriter, loc, element, 0));
    Value input = splitDim(rewriter, loc, padded, 1, groups);
    Value filter = splitDim(rewriter, loc, adaptor.getW(), 0, groups);
    auto [accType, init] = createConvAccumulator(rewriter, loc, resultType,
                                                 adaptor.getB(), groups);
    Value grouped = buildConvContraction(
        rewriter, loc, input, filter, init, spatialRank, g->strides,
        g->dilations,
        [](AffineExpr g, AffineExpr m, AffineExpr c, ArrayRef<AffineExpr> k) {
          SmallVector<AffineExpr> exprs{g, m, c};
          llvm::append_range(exprs, k);
          return exprs;
        },
        getElementKind(op.getType()).isFloat);
    forwardTF32Exact(op, grouped);
    rewriter.replaceOp(op,
                       finishConv(rewriter, loc, grouped, accType, resultType));
    return success();
  }
};

/// ConvNHWC: X [N, H, W, C] padded and split into [N, Hp, Wp, G, Cg],
/// filters [M, kH, kW, Cg] into [G, Mg, kH, kW, Cg], accumulated into
/// [N, OH, OW, G, Mg] over (kh, kw, c), the channels fastest.
struct ConvNHWCLowering final : OpConversionPattern<onnx::ConvNHWCOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(onnx::ConvNHWCOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto resultType =
        cast<RankedTensorType>(getTypeConverter()->convertType(op.getType()));
    int64_t groups = op.getGroup();
    ArrayRef<int64_t> pads = op.getPads(), strides = op.getStrides(),
                      dilations = op.getDilations();
    Type element =
        cast<RankedTensorType>(adaptor.getX().getType()).getElementType();
    Value padded =
        padSpatial(rewriter, loc, adaptor.getX(), pads.take_front(2),
                   pads.drop_front(2), createScalar(rewriter, loc, element, 0),
                   /*firstSpatial=*/1);
    Value input = splitDim(rewriter, loc, padded, 3, groups);
    Value filter = splitDim(rewriter, loc, adaptor.getW(), 0, groups);
    constexpr int64_t groupDim = 3;
    auto [accType, init] = createConvAccumulator(
        rewriter, loc, resultType, adaptor.getB(), groups, groupDim);
    MLIRContext *ctx = rewriter.getContext();
    AffineExpr n, oh, ow, g, m, kh, kw, c;
    bindDims(ctx, n, oh, ow, g, m, kh, kw, c);
    SmallVector<AffineMap> maps{
        AffineMap::get(8, 0,
                       {n, oh * strides[0] + kh * dilations[0],
                        ow * strides[1] + kw * dilations[1], g, c},
                       ctx),
        AffineMap::get(8, 0, {g, m, kh, kw, c}, ctx),
        AffineMap::get(8, 0, {n, oh, ow, g, m}, ctx)};
    SmallVector<utils::IteratorType> iterators(8,
                                               utils::IteratorType::parallel);
    for (int64_t i = 5; i < 8; ++i)
      iterators[i] = utils::IteratorType::reduction;
    Value grouped = buildMultiplyAccumulate(
        rewriter, loc, input, filter, init, maps, iterators,
        getElementKind(op.getType()).isFloat);
    forwardTF32Exact(op, grouped);
    rewriter.replaceOp(
        op, finishConv(rewriter, loc, grouped, accType, resultType, groupDim));
    return success();
  }
};

/// [G, Cg, Mg, K...] -> [G, Mg, Cg, K...] with every spatial axis
/// reversed: the filter of the convolution a ConvTranspose is.
Value flipTransposedFilter(OpBuilder &b, Location loc, Value filter) {
  auto type = cast<RankedTensorType>(filter.getType());
  int64_t rank = type.getRank();
  MLIRContext *ctx = b.getContext();
  SmallVector<int64_t> shape{type.getDimSize(0), type.getDimSize(2),
                             type.getDimSize(1)};
  SmallVector<AffineExpr> read{getAffineDimExpr(0, ctx),
                               getAffineDimExpr(2, ctx),
                               getAffineDimExpr(1, ctx)};
  for (int64_t i = 3; i < rank; ++i) {
    shape.push_back(type.getDimSize(i));
    read.push_back(type.getDimSize(i) - 1 - getAffineDimExpr(i, ctx));
  }
  auto resultType = RankedTensorType::get(shape, type.getElementType());
  auto generic = linalg::GenericOp::create(
      b, loc, TypeRange{resultType}, ValueRange{filter},
      ValueRange{createEmpty(b, loc, resultType)},
      ArrayRef<AffineMap>{AffineMap::get(rank, 0, read, ctx),
                          AffineMap::getMultiDimIdentityMap(rank, ctx)},
      parallelIterators(rank), [](OpBuilder &nb, Location nl, ValueRange args) {
        linalg::YieldOp::create(nb, nl, args[0]);
      });
  return generic.getResult(0);
}

struct ConvTransposeLowering final
    : OpConversionPattern<onnx::ConvTransposeOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(onnx::ConvTransposeOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto resultType =
        cast<RankedTensorType>(getTypeConverter()->convertType(op.getType()));
    auto xType = cast<RankedTensorType>(adaptor.getX().getType());
    auto wType = cast<RankedTensorType>(adaptor.getW().getType());
    int64_t spatialRank = xType.getRank() - 2;
    int64_t groups = op.getGroup();
    SmallVector<int64_t> kernel(wType.getShape().drop_front(2));
    FailureOr<onnx::WindowGeometry> g = onnx::getWindowGeometry(
        loc, spatialRank, kernel, op.getStrides(), op.getDilations(),
        op.getPads(), op.getAutoPad());
    if (failed(g))
      return failure();
    SmallVector<int64_t> outputPadding(spatialRank, 0);
    if (auto p = op.getOutputPadding())
      outputPadding.assign(p->begin(), p->end());
    StringRef autoPad = op.getAutoPad();
    bool derivePads = op.getOutputShape().has_value() ||
                      autoPad == "SAME_UPPER" || autoPad == "SAME_LOWER";
    // out[o] = sum_k x[i] w[k] with o = i * s + k * d - padBegin. With zeros
    // inserted between input elements (x_up[i * s] = x[i]) and the kernel
    // flipped, this is a stride-1 convolution of x_up placed at offset
    // (K - 1) * d - padBegin in a buffer of O + (K - 1) * d elements.
    SmallVector<int64_t> placeAt, upSize, span;
    for (int64_t i = 0; i < spatialRank; ++i) {
      int64_t in = xType.getDimSize(2 + i), out = resultType.getDimSize(2 + i);
      int64_t effective = (kernel[i] - 1) * g->dilations[i] + 1;
      int64_t padBegin = g->pads[i];
      if (derivePads) {
        int64_t total =
            g->strides[i] * (in - 1) + outputPadding[i] + effective - out;
        // Floor division, as the ONNX reference: an output_shape larger
        // than the full result makes `total` negative, and the extra
        // elements go at the end.
        int64_t half = llvm::divideFloorSigned(total, 2);
        padBegin = autoPad == "SAME_UPPER" ? half : total - half;
      }
      placeAt.push_back(effective - 1 - padBegin);
      upSize.push_back((in - 1) * g->strides[i] + 1);
      span.push_back(out + effective - 1);
    }
    // Zero-insert and place: a buffer big enough for both the placement and
    // the span read, then crop to the span when the placement is negative.
    Type element = xType.getElementType();
    SmallVector<int64_t> fullShape(xType.getShape().take_front(2));
    SmallVector<int64_t> offsets{0, 0}, strides{1, 1}, cropOffsets{0, 0};
    bool crop = false;
    for (int64_t i = 0; i < spatialRank; ++i) {
      int64_t before = std::max<int64_t>(placeAt[i], 0);
      int64_t after = std::max<int64_t>(span[i] - placeAt[i] - upSize[i], 0);
      fullShape.push_back(before + upSize[i] + after);
      offsets.push_back(before);
      strides.push_back(g->strides[i]);
      cropOffsets.push_back(std::max<int64_t>(-placeAt[i], 0));
      crop |= fullShape.back() != span[i];
    }
    auto fullType = RankedTensorType::get(fullShape, element);
    Value zeros = createFilled(rewriter, loc, fullType,
                               createScalar(rewriter, loc, element, 0));
    SmallVector<int64_t> sizes(xType.getShape());
    Value placed = tensor::InsertSliceOp::create(
        rewriter, loc, adaptor.getX(), zeros, ValueRange(), ValueRange(),
        ValueRange(), offsets, sizes, strides);
    Value input = placed;
    if (crop) {
      SmallVector<int64_t> cropSizes(xType.getShape().take_front(2));
      llvm::append_range(cropSizes, span);
      SmallVector<int64_t> unit(fullShape.size(), 1);
      input = tensor::ExtractSliceOp::create(
          rewriter, loc, RankedTensorType::get(cropSizes, element), placed,
          ValueRange(), ValueRange(), ValueRange(), cropOffsets, cropSizes,
          unit);
    }
    Value groupedInput = splitDim(rewriter, loc, input, 1, groups);
    // W [C, Mg, K...] -> [G, Cg, Mg, K...] -> flipped [G, Mg, Cg, K...]. A
    // separate copy: a flipped read inside the contraction would leave its
    // loop bounds underivable from the operand shapes.
    Value filter = flipTransposedFilter(
        rewriter, loc, splitDim(rewriter, loc, adaptor.getW(), 0, groups));
    auto [accType, init] = createConvAccumulator(rewriter, loc, resultType,
                                                 adaptor.getB(), groups);
    SmallVector<int64_t> ones(spatialRank, 1);
    Value grouped = buildConvContraction(
        rewriter, loc, groupedInput, filter, init, spatialRank, ones,
        g->dilations,
        [](AffineExpr g, AffineExpr m, AffineExpr c, ArrayRef<AffineExpr> k) {
          SmallVector<AffineExpr> exprs{g, m, c};
          llvm::append_range(exprs, k);
          return exprs;
        },
        getElementKind(op.getType()).isFloat);
    rewriter.replaceOp(op,
                       finishConv(rewriter, loc, grouped, accType, resultType));
    return success();
  }
};

} // namespace

void mlir::modelc::populateConvLoweringPatterns(const TypeConverter &converter,
                                                RewritePatternSet &patterns) {
  patterns.add<ConvLowering, ConvNHWCLowering, ConvTransposeLowering>(
      converter, patterns.getContext());
}

//===- DataMovement.cpp - Data movement onnx ops to tensor/linalg ---------===//
//
// Part of the modelc project, under the Apache License v2.0 with LLVM
// Exceptions. SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Ops that move data without arithmetic. Static structure uses the tensor
// dialect (slices, reshapes) and linalg.transpose; ops whose positions
// depend on values (Slice/Pad with operands given at run time, Gather, Tile,
// Trilu) are a linalg.generic that computes each source index and reads it
// with tensor.extract.
//
// An index read from a tensor (Gather's indices, a Slice start) comes from
// the model's inputs and is clamped into the tensor before use: a bad index
// gives a wrong value, never an out-of-bounds access.
//
//===----------------------------------------------------------------------===//

#include "passes/Conversion/ONNXToLinalg/PopulatePatterns.h"

#include "dialects/ONNX/IR/ONNXOps.h"
#include "passes/Conversion/ONNXToLinalg/LoweringUtils.h"

#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"

#include <algorithm>

using namespace mlir;
using namespace mlir::modelc;
using namespace mlir::modelc::lowering;

namespace {

RankedTensorType convertedType(const TypeConverter *converter, Value value) {
  return cast<RankedTensorType>(converter->convertType(value.getType()));
}

/// Index arithmetic helpers (values of type `index`).
Value idx(OpBuilder &b, Location loc, int64_t v) {
  return arith::ConstantIndexOp::create(b, loc, v);
}

//===----------------------------------------------------------------------===//
// Views inside kernels, Identity, Dropout
//===----------------------------------------------------------------------===//

template <typename OpTy>
struct ReshapeLikeLowering final : OpConversionPattern<OpTy> {
  using OpConversionPattern<OpTy>::OpConversionPattern;

  LogicalResult
  matchAndRewrite(OpTy op, typename OpTy::Adaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto resultType = convertedType(this->getTypeConverter(), op->getResult(0));
    rewriter.replaceOp(op, reshapeTensor(rewriter, op.getLoc(),
                                         adaptor.getOperands()[0], resultType));
    return success();
  }
};

struct DropoutLowering final : OpConversionPattern<onnx::DropoutOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(onnx::DropoutOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    if (Value training = adaptor.getTrainingMode()) {
      std::optional<SmallVector<int64_t>> mode =
          onnx::getConstantIntValues(training);
      if (!mode || (!mode->empty() && (*mode)[0] != 0))
        return op.emitOpError("in training mode is not supported (modelc "
                              "compiles inference graphs)");
    }
    SmallVector<Value> results{adaptor.getData()};
    if (Value mask = op.getMask()) {
      auto maskType = convertedType(getTypeConverter(), mask);
      results.push_back(
          createFilled(rewriter, op.getLoc(), maskType,
                       arith::ConstantOp::create(rewriter, op.getLoc(),
                                                 rewriter.getBoolAttr(true))));
    }
    rewriter.replaceOp(op, results);
    return success();
  }
};

//===----------------------------------------------------------------------===//
// Transpose, Concat, Split
//===----------------------------------------------------------------------===//

struct TransposeLowering final : OpConversionPattern<onnx::TransposeOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(onnx::TransposeOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto resultType = convertedType(getTypeConverter(), op.getResult());
    SmallVector<int64_t> perm = op.getEffectivePerm();
    // A generic, not linalg.transpose: elementwise fusion then merges it
    // with the elementwise ops around it (a transpose and a scale, a
    // transpose and a residual add: one pass over the data).
    Value init = createEmpty(rewriter, op.getLoc(), resultType);
    auto transpose = linalg::TransposeOp::create(rewriter, op.getLoc(),
                                                 adaptor.getData(), init, perm);
    FailureOr<linalg::GenericOp> generic =
        linalg::generalizeNamedOp(rewriter, transpose);
    if (failed(generic))
      return failure();
    rewriter.replaceOp(op, generic->getResults());
    return success();
  }
};

struct ConcatLowering final : OpConversionPattern<onnx::ConcatOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(onnx::ConcatOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto resultType = convertedType(getTypeConverter(), op.getResult());
    int64_t rank = resultType.getRank();
    int64_t axis = op.getAxis() < 0 ? op.getAxis() + rank : op.getAxis();
    Value result = createEmpty(rewriter, loc, resultType);
    int64_t offset = 0;
    MLIRContext *ctx = rewriter.getContext();
    // Windows of computed inputs are inserted first, block arguments last:
    // the first computed input's insertion then has the empty result (or,
    // after modelc-kernel-destination-passing, the kernel's output) as its
    // destination, which dominates the computation, so it can be computed
    // straight into its window (a Slice or a convolution fused into its
    // Concat's kernel). The windows are disjoint: order is free.
    SmallVector<std::pair<Value, int64_t>> windows;
    for (Value input : adaptor.getInputs()) {
      windows.push_back({input, offset});
      offset += cast<RankedTensorType>(input.getType()).getDimSize(axis);
    }
    auto computed = std::stable_partition(
        windows.begin(), windows.end(), [](const std::pair<Value, int64_t> &w) {
          return !isa<BlockArgument>(w.first);
        });
    // Computed inputs in the order they are computed (when one block holds
    // them all: program order is then total): each later one's window is
    // then taken from the insertions before it.
    Block *block = computed == windows.begin()
                       ? nullptr
                       : windows.front().first.getParentBlock();
    if (block && std::all_of(windows.begin(), computed, [&](auto w) {
          return w.first.getParentBlock() == block;
        }))
      std::stable_sort(windows.begin(), computed,
                       [](const std::pair<Value, int64_t> &a,
                          const std::pair<Value, int64_t> &b) {
                         return a.first.getDefiningOp()->isBeforeInBlock(
                             b.first.getDefiningOp());
                       });
    for (auto [input, start] : windows) {
      auto type = cast<RankedTensorType>(input.getType());
      SmallVector<int64_t> offsets(rank, 0), strides(rank, 1);
      offsets[axis] = start;
      if (type.getDimSize(axis) == 0)
        continue;
      result = tensor::InsertSliceOp::create(
          rewriter, loc, input, result, getAsIndexOpFoldResult(ctx, offsets),
          getAsIndexOpFoldResult(ctx, type.getShape()),
          getAsIndexOpFoldResult(ctx, strides));
    }
    rewriter.replaceOp(op, result);
    return success();
  }
};

struct SplitLowering final : OpConversionPattern<onnx::SplitOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(onnx::SplitOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto inputType = cast<RankedTensorType>(adaptor.getInput().getType());
    int64_t rank = inputType.getRank();
    int64_t axis = op.getAxis() < 0 ? op.getAxis() + rank : op.getAxis();
    MLIRContext *ctx = rewriter.getContext();
    SmallVector<Value> results;
    int64_t offset = 0;
    for (Value result : op.getResults()) {
      auto type = convertedType(getTypeConverter(), result);
      SmallVector<int64_t> offsets(rank, 0), strides(rank, 1);
      offsets[axis] = offset;
      offset += type.getDimSize(axis);
      results.push_back(tensor::ExtractSliceOp::create(
          rewriter, loc, type, adaptor.getInput(),
          getAsIndexOpFoldResult(ctx, offsets),
          getAsIndexOpFoldResult(ctx, type.getShape()),
          getAsIndexOpFoldResult(ctx, strides)));
    }
    rewriter.replaceOp(op, results);
    return success();
  }
};

//===----------------------------------------------------------------------===//
// Slice
//===----------------------------------------------------------------------===//

/// numpy's clamping of a slice start along a dimension of `dim` elements,
/// on i64 values known only at run time.
Value clampSliceStart(OpBuilder &b, Location loc, Value start, Value step,
                      int64_t dim) {
  Type i64 = b.getI64Type();
  Value zero = createScalar(b, loc, i64, 0);
  Value size = createScalar(b, loc, i64, static_cast<double>(dim));
  Value negative =
      arith::CmpIOp::create(b, loc, arith::CmpIPredicate::slt, start, zero);
  Value shifted = arith::SelectOp::create(
      b, loc, negative, arith::AddIOp::create(b, loc, start, size), start);
  Value forward =
      arith::CmpIOp::create(b, loc, arith::CmpIPredicate::sgt, step, zero);
  Value low = arith::SelectOp::create(b, loc, forward, zero,
                                      createScalar(b, loc, i64, -1));
  Value high = arith::SelectOp::create(
      b, loc, forward, size,
      createScalar(b, loc, i64, static_cast<double>(dim - 1)));
  Value clamped = arith::MaxSIOp::create(b, loc, shifted, low);
  return arith::MinSIOp::create(b, loc, clamped, high);
}

Value extractI64(OpBuilder &b, Location loc, Value tensor, int64_t i,
                 bool isUnsigned = false) {
  auto type = cast<RankedTensorType>(tensor.getType());
  SmallVector<Value> indices;
  if (type.getRank() > 0)
    indices.push_back(idx(b, loc, i));
  Value v = tensor::ExtractOp::create(b, loc, tensor, indices);
  if (v.getType().getIntOrFloatBitWidth() < 64)
    v = isUnsigned ? Value(arith::ExtUIOp::create(b, loc, b.getI64Type(), v))
                   : Value(arith::ExtSIOp::create(b, loc, b.getI64Type(), v));
  return v;
}

struct SliceLowering final : OpConversionPattern<onnx::SliceOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(onnx::SliceOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto resultType = convertedType(getTypeConverter(), op.getResult());
    Value data = adaptor.getData();
    auto dataType = cast<RankedTensorType>(data.getType());
    int64_t rank = dataType.getRank();
    int64_t count =
        cast<RankedTensorType>(adaptor.getStarts().getType()).getNumElements();
    Type i64 = rewriter.getI64Type();
    // Per data dimension: first index and step, as i64, defaulting to 0/1.
    SmallVector<Value> begins(rank, createScalar(rewriter, loc, i64, 0));
    SmallVector<Value> steps(rank, createScalar(rewriter, loc, i64, 1));
    std::optional<SmallVector<int64_t>> constAxes;
    if (adaptor.getAxes())
      constAxes = onnx::getConstantIntValues(adaptor.getAxes());
    for (int64_t j = 0; j < count; ++j) {
      Value start = extractI64(rewriter, loc, adaptor.getStarts(), j);
      Value step = adaptor.getSteps()
                       ? extractI64(rewriter, loc, adaptor.getSteps(), j)
                       : createScalar(rewriter, loc, i64, 1);
      if (!adaptor.getAxes() || constAxes) {
        int64_t axis = constAxes ? (*constAxes)[j] : j;
        if (axis < 0)
          axis += rank;
        if (axis < 0 || axis >= rank)
          return op.emitOpError("'axes' is out of range");
        begins[axis] = clampSliceStart(rewriter, loc, start, step,
                                       dataType.getDimSize(axis));
        steps[axis] = step;
        continue;
      }
      // Axes known only at run time: select the dimension it names.
      Value axis = extractI64(rewriter, loc, adaptor.getAxes(), j);
      Value negative =
          arith::CmpIOp::create(rewriter, loc, arith::CmpIPredicate::slt, axis,
                                createScalar(rewriter, loc, i64, 0));
      axis = arith::SelectOp::create(
          rewriter, loc, negative,
          arith::AddIOp::create(rewriter, loc, axis,
                                createScalar(rewriter, loc, i64, rank)),
          axis);
      for (int64_t d = 0; d < rank; ++d) {
        Value hit =
            arith::CmpIOp::create(rewriter, loc, arith::CmpIPredicate::eq, axis,
                                  createScalar(rewriter, loc, i64, d));
        Value begin =
            clampSliceStart(rewriter, loc, start, step, dataType.getDimSize(d));
        begins[d] =
            arith::SelectOp::create(rewriter, loc, hit, begin, begins[d]);
        steps[d] = arith::SelectOp::create(rewriter, loc, hit, step, steps[d]);
      }
    }
    Value result = buildElementwise(
        rewriter, loc, resultType, ValueRange{},
        [&](OpBuilder &b, Location l, ValueRange) -> Value {
          SmallVector<Value> indices;
          for (int64_t d = 0; d < rank; ++d) {
            Value o = indexToI64(b, l, linalg::IndexOp::create(b, l, d));
            Value i = arith::AddIOp::create(
                b, l, begins[d], arith::MulIOp::create(b, l, o, steps[d]));
            indices.push_back(clampIndex(b, l, toIndex(b, l, i, false),
                                         dataType.getDimSize(d)));
          }
          return tensor::ExtractOp::create(b, l, data, indices);
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};

//===----------------------------------------------------------------------===//
// Gather, GatherElements
//===----------------------------------------------------------------------===//

/// An index read from the model: negative values count from the back, and
/// the result is clamped into [0, size).
Value normalizeIndex(OpBuilder &b, Location loc, Value raw, int64_t size) {
  Value index = toIndex(b, loc, raw, false);
  Value negative = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::slt,
                                         index, idx(b, loc, 0));
  Value shifted = arith::SelectOp::create(
      b, loc, negative, arith::AddIOp::create(b, loc, index, idx(b, loc, size)),
      index);
  return clampIndex(b, loc, shifted, size);
}

struct GatherLowering final : OpConversionPattern<onnx::GatherOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(onnx::GatherOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto resultType = convertedType(getTypeConverter(), op.getResult());
    Value data = adaptor.getData(), indices = adaptor.getIndices();
    auto dataType = cast<RankedTensorType>(data.getType());
    int64_t indicesRank = cast<RankedTensorType>(indices.getType()).getRank();
    int64_t rank = dataType.getRank();
    int64_t axis = op.getAxis() < 0 ? op.getAxis() + rank : op.getAxis();
    Value result = buildElementwise(
        rewriter, op.getLoc(), resultType, ValueRange{},
        [&](OpBuilder &b, Location l, ValueRange) -> Value {
          SmallVector<Value> out = getLoopIndices(b, l, resultType.getRank());
          SmallVector<Value> at(out.begin() + axis,
                                out.begin() + axis + indicesRank);
          Value raw = tensor::ExtractOp::create(b, l, indices, at);
          SmallVector<Value> source(out.begin(), out.begin() + axis);
          source.push_back(
              normalizeIndex(b, l, raw, dataType.getDimSize(axis)));
          source.append(out.begin() + axis + indicesRank, out.end());
          return tensor::ExtractOp::create(b, l, data, source);
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};

struct GatherElementsLowering final
    : OpConversionPattern<onnx::GatherElementsOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(onnx::GatherElementsOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto resultType = convertedType(getTypeConverter(), op.getResult());
    Value data = adaptor.getData(), indices = adaptor.getIndices();
    auto dataType = cast<RankedTensorType>(data.getType());
    int64_t rank = dataType.getRank();
    int64_t axis = op.getAxis() < 0 ? op.getAxis() + rank : op.getAxis();
    Value result = buildElementwise(
        rewriter, op.getLoc(), resultType, ValueRange{indices},
        [&](OpBuilder &b, Location l, ValueRange s) -> Value {
          SmallVector<Value> source = getLoopIndices(b, l, rank);
          for (int64_t d = 0; d < rank; ++d)
            if (d != axis)
              source[d] = clampIndex(b, l, source[d], dataType.getDimSize(d));
          source[axis] = normalizeIndex(b, l, s[0], dataType.getDimSize(axis));
          return tensor::ExtractOp::create(b, l, data, source);
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};

//===----------------------------------------------------------------------===//
// Expand, Tile, Pad
//===----------------------------------------------------------------------===//

struct ExpandLowering final : OpConversionPattern<onnx::ExpandOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(onnx::ExpandOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto resultType = convertedType(getTypeConverter(), op.getResult());
    rewriter.replaceOp(op, buildElementwise(rewriter, op.getLoc(), resultType,
                                            ValueRange{adaptor.getInput()},
                                            [](OpBuilder &, Location,
                                               ValueRange s) { return s[0]; }));
    return success();
  }
};

struct TileLowering final : OpConversionPattern<onnx::TileOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(onnx::TileOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto resultType = convertedType(getTypeConverter(), op.getResult());
    Value input = adaptor.getInput();
    auto inputType = cast<RankedTensorType>(input.getType());
    if (inputType.getNumElements() == 0) {
      rewriter.replaceOp(op, createEmpty(rewriter, op.getLoc(), resultType));
      return success();
    }
    Value result = buildElementwise(
        rewriter, op.getLoc(), resultType, ValueRange{},
        [&](OpBuilder &b, Location l, ValueRange) -> Value {
          SmallVector<Value> source = getLoopIndices(b, l, inputType.getRank());
          for (int64_t d = 0; d < inputType.getRank(); ++d)
            source[d] = arith::RemUIOp::create(
                b, l, source[d], idx(b, l, inputType.getDimSize(d)));
          return tensor::ExtractOp::create(b, l, input, source);
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};

struct PadLowering final : OpConversionPattern<onnx::PadOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(onnx::PadOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto resultType = convertedType(getTypeConverter(), op.getResult());
    Value data = adaptor.getData();
    auto dataType = cast<RankedTensorType>(data.getType());
    int64_t rank = dataType.getRank();
    StringRef mode = op.getMode();
    if (mode != "constant" && dataType.getNumElements() == 0)
      return op.emitOpError("'") << mode << "' mode on an empty tensor";
    Type element = resultType.getElementType();
    // The pad value, and the leading pad of every dimension.
    Value padValue =
        adaptor.getConstantValue()
            ? tensor::ExtractOp::create(
                  rewriter, loc, adaptor.getConstantValue(),
                  SmallVector<Value>(cast<RankedTensorType>(
                                         adaptor.getConstantValue().getType())
                                         .getRank(),
                                     idx(rewriter, loc, 0)))
                  .getResult()
            : createScalar(rewriter, loc, element, 0);
    SmallVector<Value> before;
    for (int64_t d = 0; d < rank; ++d)
      before.push_back(extractI64(rewriter, loc, adaptor.getPads(), d));
    Value result = buildElementwise(
        rewriter, loc, resultType, ValueRange{},
        [&](OpBuilder &b, Location l, ValueRange) -> Value {
          Value inside = arith::ConstantOp::create(b, l, b.getBoolAttr(true));
          SmallVector<Value> source;
          for (int64_t d = 0; d < rank; ++d) {
            int64_t n = dataType.getDimSize(d);
            Value o = indexToI64(b, l, linalg::IndexOp::create(b, l, d));
            Value s =
                toIndex(b, l, arith::SubIOp::create(b, l, o, before[d]), false);
            if (mode == "constant") {
              Value ge = arith::CmpIOp::create(b, l, arith::CmpIPredicate::sge,
                                               s, idx(b, l, 0));
              Value lt = arith::CmpIOp::create(b, l, arith::CmpIPredicate::slt,
                                               s, idx(b, l, n));
              inside = arith::AndIOp::create(
                  b, l, inside, arith::AndIOp::create(b, l, ge, lt));
            } else if (mode == "reflect" && n > 1) {
              // Reflect without repeating the edge: period 2 (n - 1).
              int64_t period = 2 * (n - 1);
              Value r = arith::RemSIOp::create(b, l, s, idx(b, l, period));
              Value negative = arith::CmpIOp::create(
                  b, l, arith::CmpIPredicate::slt, r, idx(b, l, 0));
              r = arith::SelectOp::create(
                  b, l, negative,
                  arith::AddIOp::create(b, l, r, idx(b, l, period)), r);
              Value upper = arith::CmpIOp::create(
                  b, l, arith::CmpIPredicate::sge, r, idx(b, l, n));
              s = arith::SelectOp::create(
                  b, l, upper,
                  arith::SubIOp::create(b, l, idx(b, l, period), r), r);
            }
            // Edge mode clamps; every mode clamps before reading.
            source.push_back(clampIndex(b, l, s, n));
          }
          if (dataType.getNumElements() == 0)
            return padValue;
          Value value = tensor::ExtractOp::create(b, l, data, source);
          if (mode != "constant")
            return value;
          return arith::SelectOp::create(b, l, inside, value, padValue);
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};

//===----------------------------------------------------------------------===//
// DepthToSpace, SpaceToDepth, Trilu
//===----------------------------------------------------------------------===//

/// reshape(input, split) -> transpose(perm) -> reshape(result).
Value reshapeTransposeReshape(OpBuilder &b, Location loc, Value input,
                              ArrayRef<int64_t> split, ArrayRef<int64_t> perm,
                              RankedTensorType resultType) {
  Type element = resultType.getElementType();
  Value expanded =
      reshapeTensor(b, loc, input, RankedTensorType::get(split, element));
  SmallVector<int64_t> permuted;
  for (int64_t p : perm)
    permuted.push_back(split[p]);
  Value init = createEmpty(b, loc, RankedTensorType::get(permuted, element));
  Value transposed =
      linalg::TransposeOp::create(b, loc, expanded, init, perm).getResult()[0];
  return reshapeTensor(b, loc, transposed, resultType);
}

struct DepthToSpaceLowering final : OpConversionPattern<onnx::DepthToSpaceOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(onnx::DepthToSpaceOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto resultType = convertedType(getTypeConverter(), op.getResult());
    auto t = cast<RankedTensorType>(adaptor.getInput().getType());
    int64_t n = t.getDimSize(0), c = t.getDimSize(1), h = t.getDimSize(2),
            w = t.getDimSize(3), bs = op.getBlocksize();
    Value result =
        op.getMode() == "DCR"
            ? reshapeTransposeReshape(rewriter, op.getLoc(), adaptor.getInput(),
                                      {n, bs, bs, c / (bs * bs), h, w},
                                      {0, 3, 4, 1, 5, 2}, resultType)
            : reshapeTransposeReshape(rewriter, op.getLoc(), adaptor.getInput(),
                                      {n, c / (bs * bs), bs, bs, h, w},
                                      {0, 1, 4, 2, 5, 3}, resultType);
    rewriter.replaceOp(op, result);
    return success();
  }
};

struct SpaceToDepthLowering final : OpConversionPattern<onnx::SpaceToDepthOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(onnx::SpaceToDepthOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto resultType = convertedType(getTypeConverter(), op.getResult());
    auto t = cast<RankedTensorType>(adaptor.getInput().getType());
    int64_t n = t.getDimSize(0), c = t.getDimSize(1), h = t.getDimSize(2),
            w = t.getDimSize(3), bs = op.getBlocksize();
    if (ShapedType::isDynamic(c)) {
      rewriter.replaceOp(
          op, reshapeTransposeReshape(rewriter, op.getLoc(), adaptor.getInput(),
                                      {n, c, h / bs, bs, w / bs, bs},
                                      {0, 3, 5, 1, 2, 4}, resultType));
      return success();
    }
    // With static channels, one generic reading the input through a semi-affine
    // map (channel (i bs + j) C + k of block (y, x) is input channel k at row y
    // bs + i, column x bs + j), not reshape, transpose, reshape: it fuses with
    // the Pad before it and the NHWC transpose after it (a stem over 2x2
    // blocks: onnx-space-to-depth-stem).
    MLIRContext *ctx = rewriter.getContext();
    AffineExpr bn = getAffineDimExpr(0, ctx), ch = getAffineDimExpr(1, ctx),
               y = getAffineDimExpr(2, ctx), x = getAffineDimExpr(3, ctx);
    AffineMap input = AffineMap::get(4, 0,
                                     {bn, ch % c, y * bs + ch.floorDiv(c * bs),
                                      x * bs + ch.floorDiv(c) % bs},
                                     ctx);
    Location loc = op.getLoc();
    Value init = createEmpty(rewriter, loc, resultType);
    auto generic = linalg::GenericOp::create(
        rewriter, loc, TypeRange{resultType}, ValueRange{adaptor.getInput()},
        ValueRange{init},
        ArrayRef<AffineMap>{input, rewriter.getMultiDimIdentityMap(4)},
        SmallVector<utils::IteratorType>(4, utils::IteratorType::parallel),
        [](OpBuilder &b, Location l, ValueRange args) {
          linalg::YieldOp::create(b, l, args[0]);
        });
    rewriter.replaceOp(op, generic.getResults());
    return success();
  }
};

struct TriluLowering final : OpConversionPattern<onnx::TriluOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(onnx::TriluOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto resultType = convertedType(getTypeConverter(), op.getResult());
    int64_t rank = resultType.getRank();
    Value k = adaptor.getK()
                  ? extractI64(rewriter, loc, adaptor.getK(), 0)
                  : createScalar(rewriter, loc, rewriter.getI64Type(), 0);
    bool upper = op.getUpper() != 0;
    Type element = resultType.getElementType();
    Value result = buildElementwise(
        rewriter, loc, resultType, ValueRange{adaptor.getInput()},
        [&](OpBuilder &b, Location l, ValueRange s) -> Value {
          Value row = indexToI64(b, l, linalg::IndexOp::create(b, l, rank - 2));
          Value col = indexToI64(b, l, linalg::IndexOp::create(b, l, rank - 1));
          Value diagonal = arith::SubIOp::create(b, l, col, row);
          Value keep = arith::CmpIOp::create(b, l,
                                             upper ? arith::CmpIPredicate::sge
                                                   : arith::CmpIPredicate::sle,
                                             diagonal, k);
          return arith::SelectOp::create(b, l, keep, s[0],
                                         createScalar(b, l, element, 0));
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};

} // namespace

void mlir::modelc::populateDataMovementLoweringPatterns(
    const TypeConverter &converter, RewritePatternSet &patterns) {
  patterns.add<ReshapeLikeLowering<onnx::ReshapeOp>,
               ReshapeLikeLowering<onnx::FlattenOp>,
               ReshapeLikeLowering<onnx::SqueezeOp>,
               ReshapeLikeLowering<onnx::UnsqueezeOp>,
               ReshapeLikeLowering<onnx::IdentityOp>, DropoutLowering,
               TransposeLowering, ConcatLowering, SplitLowering, SliceLowering,
               GatherLowering, GatherElementsLowering, ExpandLowering,
               TileLowering, PadLowering, DepthToSpaceLowering,
               SpaceToDepthLowering, TriluLowering>(converter,
                                                    patterns.getContext());
}

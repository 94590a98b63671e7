//===- Generators.cpp - Ops that create tensors to tensor/linalg ----------===//
//
// Part of the modelc project, under the Apache License v2.0 with LLVM
// Exceptions. SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Constants (with unsigned element types reinterpreted as signless), fills,
// Range, and Shape/Size, which are constants once shapes are static.
//
//===----------------------------------------------------------------------===//

#include "passes/Conversion/ONNXToLinalg/PopulatePatterns.h"

#include "dialects/ONNX/IR/ONNXOps.h"
#include "passes/Conversion/ONNXToLinalg/LoweringUtils.h"

using namespace mlir;
using namespace mlir::modelc;
using namespace mlir::modelc::lowering;

namespace {

/// `value` with its element type replaced by the signless `type`'s.
DenseElementsAttr toSignless(DenseElementsAttr value, RankedTensorType type) {
  if (value.getType() == type)
    return value;
  return value.bitcast(type.getElementType());
}

struct ConstantLowering final : OpConversionPattern<onnx::ConstantOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(onnx::ConstantOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto type =
        cast<RankedTensorType>(getTypeConverter()->convertType(op.getType()));
    auto dense = dyn_cast<DenseElementsAttr>(op.getValue());
    if (!dense)
      return rewriter.notifyMatchFailure(op, "not a dense constant");
    rewriter.replaceOpWithNewOp<arith::ConstantOp>(op, type,
                                                   toSignless(dense, type));
    return success();
  }
};

struct ConstantOfShapeLowering final
    : OpConversionPattern<onnx::ConstantOfShapeOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(onnx::ConstantOfShapeOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    auto type =
        cast<RankedTensorType>(getTypeConverter()->convertType(op.getType()));
    Type element = type.getElementType();
    TypedAttr scalar = rewriter.getZeroAttr(element);
    if (std::optional<ElementsAttr> value = op.getValue()) {
      auto dense = dyn_cast<DenseElementsAttr>(*value);
      if (!dense)
        return rewriter.notifyMatchFailure(op, "not a dense value");
      scalar = cast<TypedAttr>(
          toSignless(dense,
                     RankedTensorType::get(dense.getType().getShape(), element))
              .getSplatValue<Attribute>());
    }
    Value fill = arith::ConstantOp::create(rewriter, op.getLoc(), scalar);
    rewriter.replaceOp(op, createFilled(rewriter, op.getLoc(), type, fill));
    return success();
  }
};

struct RangeLowering final : OpConversionPattern<onnx::RangeOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(onnx::RangeOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto type =
        cast<RankedTensorType>(getTypeConverter()->convertType(op.getType()));
    auto scalar = [&](Value v) -> Value {
      auto t = cast<RankedTensorType>(v.getType());
      SmallVector<Value> zeros(
          t.getRank(), arith::ConstantIndexOp::create(rewriter, loc, 0));
      return tensor::ExtractOp::create(rewriter, loc, v, zeros);
    };
    Value start = scalar(adaptor.getStart()),
          delta = scalar(adaptor.getDelta());
    Type element = type.getElementType();
    bool isFloat = isa<FloatType>(element);
    Value result = buildElementwise(
        rewriter, loc, type, ValueRange{},
        [&](OpBuilder &b, Location l, ValueRange) -> Value {
          Value i = indexToI64(b, l, linalg::IndexOp::create(b, l, 0));
          if (isFloat) {
            Value f = arith::SIToFPOp::create(b, l, element, i);
            return arith::AddFOp::create(b, l, start,
                                         arith::MulFOp::create(b, l, f, delta));
          }
          Value n = element.getIntOrFloatBitWidth() < 64
                        ? Value(arith::TruncIOp::create(b, l, element, i))
                        : i;
          return arith::AddIOp::create(b, l, start,
                                       arith::MulIOp::create(b, l, n, delta));
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};

template <typename OpTy>
struct ShapeQueryLowering final : OpConversionPattern<OpTy> {
  using OpConversionPattern<OpTy>::OpConversionPattern;

  LogicalResult
  matchAndRewrite(OpTy op, typename OpTy::Adaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    SmallVector<OpFoldResult> folded;
    if (failed(op->fold(folded)) || folded.size() != 1)
      return op.emitOpError("of a tensor with a dynamic shape");
    auto value = cast<DenseElementsAttr>(cast<Attribute>(folded[0]));
    rewriter.replaceOpWithNewOp<arith::ConstantOp>(op, value);
    return success();
  }
};

} // namespace

void mlir::modelc::populateGeneratorLoweringPatterns(
    const TypeConverter &converter, RewritePatternSet &patterns) {
  patterns
      .add<ConstantLowering, ConstantOfShapeLowering, RangeLowering,
           ShapeQueryLowering<onnx::ShapeOp>, ShapeQueryLowering<onnx::SizeOp>>(
          converter, patterns.getContext());
}

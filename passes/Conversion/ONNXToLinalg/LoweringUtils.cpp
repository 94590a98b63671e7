//===- LoweringUtils.cpp - Helpers shared by the ONNX lowerings -----------===//
//
// Part of the modelc project, under the Apache License v2.0 with LLVM
// Exceptions. SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "passes/Conversion/ONNXToLinalg/LoweringUtils.h"

#include "dialects/Modelc/IR/ModelcDialect.h"

#include "mlir/Dialect/Utils/ReshapeOpsUtils.h"

#include <cmath>
#include <limits>

using namespace mlir;
using namespace mlir::modelc;
using namespace mlir::modelc::lowering;

ElementKind lowering::getElementKind(Type onnxType) {
  Type element = getElementTypeOrSelf(onnxType);
  ElementKind kind;
  kind.isFloat = isa<FloatType>(element);
  kind.isUnsigned = element.isUnsignedInteger();
  kind.isBool = element.isInteger(1);
  return kind;
}

Value lowering::createEmpty(OpBuilder &b, Location loc, RankedTensorType type) {
  return tensor::EmptyOp::create(b, loc, type.getShape(),
                                 type.getElementType());
}

Value lowering::createScalar(OpBuilder &b, Location loc, Type type,
                             double value) {
  if (auto floatType = dyn_cast<FloatType>(type))
    return arith::ConstantOp::create(b, loc, b.getFloatAttr(floatType, value));
  return arith::ConstantOp::create(
      b, loc, b.getIntegerAttr(type, static_cast<int64_t>(value)));
}

Value lowering::createLowest(OpBuilder &b, Location loc, Type type,
                             bool isUnsigned) {
  if (auto floatType = dyn_cast<FloatType>(type))
    return arith::ConstantOp::create(
        b, loc,
        b.getFloatAttr(floatType, APFloat::getInf(floatType.getFloatSemantics(),
                                                  /*Negative=*/true)));
  unsigned width = type.getIntOrFloatBitWidth();
  APInt value = isUnsigned || width == 1 ? APInt::getMinValue(width)
                                         : APInt::getSignedMinValue(width);
  return arith::ConstantOp::create(b, loc, b.getIntegerAttr(type, value));
}

Value lowering::createHighest(OpBuilder &b, Location loc, Type type,
                              bool isUnsigned) {
  if (auto floatType = dyn_cast<FloatType>(type))
    return arith::ConstantOp::create(
        b, loc,
        b.getFloatAttr(floatType,
                       APFloat::getInf(floatType.getFloatSemantics())));
  unsigned width = type.getIntOrFloatBitWidth();
  APInt value = isUnsigned || width == 1 ? APInt::getMaxValue(width)
                                         : APInt::getSignedMaxValue(width);
  return arith::ConstantOp::create(b, loc, b.getIntegerAttr(type, value));
}

Value lowering::createFilled(OpBuilder &b, Location loc, RankedTensorType type,
                             Value scalar) {
  return linalg::FillOp::create(b, loc, scalar, createEmpty(b, loc, type))
      .getResult(0);
}

AffineMap lowering::getBroadcastMap(MLIRContext *context,
                                    ArrayRef<int64_t> shape,
                                    ArrayRef<int64_t> resultShape) {
  unsigned rank = resultShape.size();
  unsigned offset = rank - shape.size();
  SmallVector<AffineExpr> exprs;
  for (unsigned i = 0; i < shape.size(); ++i) {
    if (shape[i] == 1 && resultShape[offset + i] != 1)
      exprs.push_back(getAffineConstantExpr(0, context));
    else
      exprs.push_back(getAffineDimExpr(offset + i, context));
  }
  return AffineMap::get(rank, 0, exprs, context);
}

SmallVector<utils::IteratorType> lowering::parallelIterators(unsigned count) {
  return SmallVector<utils::IteratorType>(count, utils::IteratorType::parallel);
}

Value lowering::buildElementwise(OpBuilder &b, Location loc,
                                 RankedTensorType resultType, ValueRange inputs,
                                 const ScalarBody &body) {
  MLIRContext *context = b.getContext();
  ArrayRef<int64_t> shape = resultType.getShape();
  SmallVector<AffineMap> maps;
  for (Value input : inputs)
    maps.push_back(getBroadcastMap(
        context, cast<RankedTensorType>(input.getType()).getShape(), shape));
  maps.push_back(AffineMap::getMultiDimIdentityMap(shape.size(), context));
  auto generic = linalg::GenericOp::create(
      b, loc, TypeRange{resultType}, inputs,
      ValueRange{createEmpty(b, loc, resultType)}, maps,
      parallelIterators(shape.size()),
      [&](OpBuilder &nested, Location nestedLoc, ValueRange args) {
        Value result = body(nested, nestedLoc, args.drop_back());
        linalg::YieldOp::create(nested, nestedLoc, result);
      });
  return generic.getResult(0);
}

Value lowering::reshapeTensor(OpBuilder &b, Location loc, Value input,
                              RankedTensorType resultType) {
  auto inputType = cast<RankedTensorType>(input.getType());
  if (inputType == resultType)
    return input;
  // Through 1-D: collapse all dimensions, then expand to the result. A rank-0
  // side needs no reassociation entries.
  Value flat = input;
  int64_t count = inputType.getNumElements();
  auto flatType = RankedTensorType::get({count}, inputType.getElementType());
  if (inputType.getRank() != 1) {
    SmallVector<ReassociationIndices> all;
    if (inputType.getRank() > 0)
      all.push_back(
          llvm::to_vector(llvm::seq<int64_t>(0, inputType.getRank())));
    if (inputType.getRank() == 0) {
      flat = tensor::ExpandShapeOp::create(b, loc, flatType, input,
                                           ArrayRef<ReassociationIndices>{});
    } else {
      flat = tensor::CollapseShapeOp::create(b, loc, flatType, input, all);
    }
  }
  if (resultType.getRank() == 1)
    return flat;
  if (resultType.getRank() == 0)
    return tensor::CollapseShapeOp::create(b, loc, resultType, flat,
                                           ArrayRef<ReassociationIndices>{});
  SmallVector<ReassociationIndices> all{
      llvm::to_vector(llvm::seq<int64_t>(0, resultType.getRank()))};
  return tensor::ExpandShapeOp::create(b, loc, resultType, flat, all);
}

SmallVector<Value> lowering::getLoopIndices(OpBuilder &b, Location loc,
                                            unsigned rank) {
  SmallVector<Value> indices;
  for (unsigned i = 0; i < rank; ++i)
    indices.push_back(linalg::IndexOp::create(b, loc, i));
  return indices;
}

Value lowering::castScalar(OpBuilder &b, Location loc, Value value,
                           ElementKind from, Type to, ElementKind toKind) {
  Type source = value.getType();
  if (source == to && from.isUnsigned == toKind.isUnsigned)
    return value;
  if (toKind.isBool) {
    if (from.isFloat)
      return arith::CmpFOp::create(b, loc, arith::CmpFPredicate::UNE, value,
                                   createScalar(b, loc, source, 0));
    return arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ne, value,
                                 createScalar(b, loc, source, 0));
  }
  if (auto toFloat = dyn_cast<FloatType>(to)) {
    if (from.isFloat) {
      unsigned fromWidth = source.getIntOrFloatBitWidth();
      if (fromWidth < toFloat.getWidth() ||
          (fromWidth == toFloat.getWidth() && source != to)) {
        // f16 <-> bf16 have the same width: go through f32.
        if (fromWidth == toFloat.getWidth()) {
          Value wide = arith::ExtFOp::create(b, loc, b.getF32Type(), value);
          return arith::TruncFOp::create(b, loc, to, wide);
        }
        return arith::ExtFOp::create(b, loc, to, value);
      }
      return arith::TruncFOp::create(b, loc, to, value);
    }
    if (from.isUnsigned || from.isBool)
      return arith::UIToFPOp::create(b, loc, to, value);
    return arith::SIToFPOp::create(b, loc, to, value);
  }
  // To an integer.
  if (from.isFloat) {
    if (toKind.isUnsigned)
      return arith::FPToUIOp::create(b, loc, to, value);
    return arith::FPToSIOp::create(b, loc, to, value);
  }
  unsigned fromWidth = source.getIntOrFloatBitWidth();
  unsigned toWidth = to.getIntOrFloatBitWidth();
  if (fromWidth == toWidth)
    return value;
  if (fromWidth > toWidth)
    return arith::TruncIOp::create(b, loc, to, value);
  if (from.isUnsigned || from.isBool)
    return arith::ExtUIOp::create(b, loc, to, value);
  return arith::ExtSIOp::create(b, loc, to, value);
}

Value lowering::indexToI64(OpBuilder &b, Location loc, Value index) {
  return arith::IndexCastOp::create(b, loc, b.getI64Type(), index);
}

Value lowering::toIndex(OpBuilder &b, Location loc, Value integer,
                        bool isUnsigned) {
  if (isUnsigned)
    return arith::IndexCastUIOp::create(b, loc, b.getIndexType(), integer);
  return arith::IndexCastOp::create(b, loc, b.getIndexType(), integer);
}

Value lowering::extractIndex(OpBuilder &b, Location loc, Value tensor,
                             int64_t i) {
  auto type = cast<RankedTensorType>(tensor.getType());
  SmallVector<Value> indices;
  if (type.getRank() > 0)
    indices.push_back(arith::ConstantIndexOp::create(b, loc, i));
  for (int64_t d = 1; d < type.getRank(); ++d)
    indices.push_back(arith::ConstantIndexOp::create(b, loc, 0));
  Value element = tensor::ExtractOp::create(b, loc, tensor, indices);
  return toIndex(b, loc, element, /*isUnsigned=*/false);
}

Value lowering::clampIndex(OpBuilder &b, Location loc, Value index,
                           int64_t size) {
  Value zero = arith::ConstantIndexOp::create(b, loc, 0);
  Value last =
      arith::ConstantIndexOp::create(b, loc, std::max<int64_t>(size - 1, 0));
  Value low = arith::MaxSIOp::create(b, loc, index, zero);
  return arith::MinSIOp::create(b, loc, low, last);
}

void lowering::forwardTF32Exact(Operation *from, Value contraction) {
  if (Attribute exact = from->getAttr(kTF32ExactAttrName))
    contraction.getDefiningOp()->setAttr(kTF32ExactAttrName, exact);
}

Type lowering::getAccumulatorType(Type element) {
  if (isa<Float16Type, BFloat16Type>(element))
    return Float32Type::get(element.getContext());
  return element;
}

Value lowering::convertFloatTensor(OpBuilder &b, Location loc, Value value,
                                   Type to) {
  auto type = cast<RankedTensorType>(value.getType());
  Type from = type.getElementType();
  if (from == to)
    return value;
  bool widen =
      cast<FloatType>(to).getWidth() > cast<FloatType>(from).getWidth();
  return buildElementwise(
      b, loc, type.clone(to), ValueRange{value},
      [&](OpBuilder &nb, Location nl, ValueRange args) -> Value {
        if (widen)
          return arith::ExtFOp::create(nb, nl, to, args[0]);
        return arith::TruncFOp::create(nb, nl, to, args[0]);
      });
}

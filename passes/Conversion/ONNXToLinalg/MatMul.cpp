//===- MatMul.cpp - MatMul and Gemm to linalg.generic ---------------------===//
//
// Part of the modelc project, under the Apache License v2.0 with LLVM
// Exceptions. SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Matrix products as linalg.generic contractions, so batch broadcasting,
// vector operands and transposes are all just indexing maps. The dimension
// order puts the reduction (k) before the output column (n): lowered to
// loops on a CPU, the innermost loop then walks contiguous memory of B and
// of the result and vectorizes.
//
//===----------------------------------------------------------------------===//

#include "passes/Conversion/ONNXToLinalg/PopulatePatterns.h"

#include "dialects/ONNX/IR/ONNXOps.h"
#include "passes/Conversion/ONNXToLinalg/LoweringUtils.h"

using namespace mlir;
using namespace mlir::modelc;
using namespace mlir::modelc::lowering;

namespace {

/// C += A * B over the given maps: iteration space (batch..., m, k, n).
Value buildContraction(OpBuilder &b, Location loc, Value lhs, Value rhs,
                       Value init, ArrayRef<AffineMap> maps,
                       ArrayRef<utils::IteratorType> iterators,
                       const ElementKind &kind) {
  auto generic = linalg::GenericOp::create(
      b, loc, TypeRange{init.getType()}, ValueRange{lhs, rhs}, ValueRange{init},
      maps, iterators, [&](OpBuilder &nb, Location nl, ValueRange args) {
        Value product, sum;
        if (kind.isFloat) {
          // 16-bit operands are multiplied and summed in the accumulator's
          // f32 (getAccumulatorType).
          Type acc = args[2].getType();
          auto extend = [&](Value v) -> Value {
            return v.getType() == acc ? v
                                      : arith::ExtFOp::create(nb, nl, acc, v);
          };
          product =
              arith::MulFOp::create(nb, nl, extend(args[0]), extend(args[1]));
          sum = arith::AddFOp::create(nb, nl, args[2], product);
        } else {
          product = arith::MulIOp::create(nb, nl, args[0], args[1]);
          sum = arith::AddIOp::create(nb, nl, args[2], product);
        }
        linalg::YieldOp::create(nb, nl, sum);
      });
  return generic.getResult(0);
}

struct MatMulLowering final : OpConversionPattern<onnx::MatMulOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(onnx::MatMulOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto resultType =
        cast<RankedTensorType>(getTypeConverter()->convertType(op.getType()));
    auto aType = cast<RankedTensorType>(adaptor.getA().getType());
    auto bType = cast<RankedTensorType>(adaptor.getB().getType());
    bool vecA = aType.getRank() == 1, vecB = bType.getRank() == 1;
    // Iteration space: batch dims of the result (all but the matrix dims),
    // then m (absent for a vector A), k, then n (absent for a vector B).
    int64_t resultRank = resultType.getRank();
    int64_t batchRank = resultRank - (vecA ? 0 : 1) - (vecB ? 0 : 1);
    MLIRContext *ctx = rewriter.getContext();
    int64_t dim = 0;
    SmallVector<AffineExpr> batch;
    for (int64_t i = 0; i < batchRank; ++i)
      batch.push_back(getAffineDimExpr(dim++, ctx));
    AffineExpr m = vecA ? AffineExpr() : getAffineDimExpr(dim++, ctx);
    AffineExpr k = getAffineDimExpr(dim++, ctx);
    AffineExpr n = vecB ? AffineExpr() : getAffineDimExpr(dim++, ctx);
    int64_t numDims = dim;
    ArrayRef<int64_t> resultBatch = resultType.getShape().take_front(batchRank);
    // Operand batch dims broadcast (numpy) against the result's.
    auto batchExprs = [&](RankedTensorType type) {
      SmallVector<AffineExpr> exprs;
      int64_t operandBatch = type.getRank() - 2;
      for (int64_t i = 0; i < operandBatch; ++i) {
        int64_t r = batchRank - operandBatch + i;
        if (type.getDimSize(i) == 1 && resultBatch[r] != 1)
          exprs.push_back(getAffineConstantExpr(0, ctx));
        else
          exprs.push_back(batch[r]);
      }
      return exprs;
    };
    SmallVector<AffineExpr> aExprs, bExprs, cExprs(batch);
    if (vecA) {
      aExprs.push_back(k);
    } else {
      aExprs = batchExprs(aType);
      aExprs.append({m, k});
      cExprs.push_back(m);
    }
    if (vecB) {
      bExprs.push_back(k);
    } else {
      bExprs = batchExprs(bType);
      bExprs.append({k, n});
      cExprs.push_back(n);
    }
    SmallVector<utils::IteratorType> iterators(numDims,
                                               utils::IteratorType::parallel);
    iterators[batchRank + (vecA ? 0 : 1)] = utils::IteratorType::reduction;
    SmallVector<AffineMap> maps{AffineMap::get(numDims, 0, aExprs, ctx),
                                AffineMap::get(numDims, 0, bExprs, ctx),
                                AffineMap::get(numDims, 0, cExprs, ctx)};
    // 16-bit products accumulate in f32 and round once at the end.
    Type acc = getAccumulatorType(resultType.getElementType());
    Value zero = createScalar(rewriter, loc, acc, 0);
    Value init = createFilled(rewriter, loc, resultType.clone(acc), zero);
    Value product =
        buildContraction(rewriter, loc, adaptor.getA(), adaptor.getB(), init,
                         maps, iterators, getElementKind(op.getType()));
    forwardTF32Exact(op, product);
    rewriter.replaceOp(op, convertFloatTensor(rewriter, loc, product,
                                              resultType.getElementType()));
    return success();
  }
};

struct GemmLowering final : OpConversionPattern<onnx::GemmOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(onnx::GemmOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto resultType =
        cast<RankedTensorType>(getTypeConverter()->convertType(op.getType()));
    Type element = resultType.getElementType();
    ElementKind kind = getElementKind(op.getType());
    MLIRContext *ctx = rewriter.getContext();
    AffineExpr m = getAffineDimExpr(0, ctx), k = getAffineDimExpr(1, ctx),
               n = getAffineDimExpr(2, ctx);
    SmallVector<AffineMap> maps{
        AffineMap::get(3, 0, op.getTransA() ? ArrayRef{k, m} : ArrayRef{m, k},
                       ctx),
        AffineMap::get(3, 0, op.getTransB() ? ArrayRef{n, k} : ArrayRef{k, n},
                       ctx),
        AffineMap::get(3, 0, {m, n}, ctx)};
    SmallVector<utils::IteratorType> iterators{utils::IteratorType::parallel,
                                               utils::IteratorType::reduction,
                                               utils::IteratorType::parallel};
    // 16-bit products accumulate in f32 and round once.
    Type acc = getAccumulatorType(element);
    Value init = createFilled(rewriter, loc, resultType.clone(acc),
                              createScalar(rewriter, loc, acc, 0));
    Value product =
        buildContraction(rewriter, loc, adaptor.getA(), adaptor.getB(), init,
                         maps, iterators, kind);
    forwardTF32Exact(op, product);
    product = convertFloatTensor(rewriter, loc, product, element);
    double alpha = op.getAlpha().convertToFloat();
    double beta = op.getBeta().convertToFloat();
    Value c = adaptor.getC();
    if (alpha == 1.0 && (!c || beta == 0.0)) {
      rewriter.replaceOp(op, product);
      return success();
    }
    // Y = alpha * (A B) + beta * C, with C broadcast.
    SmallVector<Value> inputs{product};
    if (c && beta != 0.0)
      inputs.push_back(c);
    Value result = buildElementwise(
        rewriter, loc, resultType, inputs,
        [&](OpBuilder &b, Location l, ValueRange s) -> Value {
          Value y = s[0];
          if (alpha != 1.0)
            y = kind.isFloat
                    ? Value(arith::MulFOp::create(
                          b, l, createScalar(b, l, element, alpha), y))
                    : Value(arith::MulIOp::create(
                          b, l, createScalar(b, l, element, alpha), y));
          if (s.size() > 1) {
            Value bc = s[1];
            if (beta != 1.0)
              bc = kind.isFloat
                       ? Value(arith::MulFOp::create(
                             b, l, createScalar(b, l, element, beta), bc))
                       : Value(arith::MulIOp::create(
                             b, l, createScalar(b, l, element, beta), bc));
            y = kind.isFloat ? Value(arith::AddFOp::create(b, l, y, bc))
                             : Value(arith::AddIOp::create(b, l, y, bc));
          }
          return y;
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};

} // namespace

void mlir::modelc::populateMatMulLoweringPatterns(
    const TypeConverter &converter, RewritePatternSet &patterns) {
  patterns.add<MatMulLowering, GemmLowering>(converter, patterns.getContext());
}

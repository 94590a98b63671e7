//===- Attention.cpp - FusedAttention to linalg.generic -------------------===//
//
// Part of the modelc project, under the Apache License v2.0 with LLVM
// Exceptions. SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// onnx.FusedAttention as the computation it stands for: the scores
// S = Q K^T in f32, the softmax of scale * S along the keys in f32 (the
// maximum subtracted first), the probabilities rounded to the operands'
// type, and P V accumulated in f32. This is the reference every target
// runs; the enclosing function is marked with kFusedAttentionAttrName so
// that a GPU mapping may run the whole kernel as one fused launch instead
// (its scores never written to memory).
//
//===----------------------------------------------------------------------===//

#include "passes/Conversion/ONNXToLinalg/PopulatePatterns.h"

#include "dialects/Modelc/IR/ModelcDialect.h"
#include "dialects/ONNX/IR/ONNXOps.h"
#include "passes/Conversion/ONNXToLinalg/LoweringUtils.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Math/IR/Math.h"

using namespace mlir;
using namespace mlir::modelc;
using namespace mlir::modelc::lowering;

namespace {

struct FusedAttentionLowering final
    : OpConversionPattern<onnx::FusedAttentionOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(onnx::FusedAttentionOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto resultType =
        cast<RankedTensorType>(getTypeConverter()->convertType(op.getType()));
    auto qType = cast<RankedTensorType>(adaptor.getQ().getType());
    auto kType = cast<RankedTensorType>(adaptor.getK().getType());
    if (!qType.hasStaticShape() || !kType.hasStaticShape())
      return rewriter.notifyMatchFailure(op, "shapes are not static");
    Type element = resultType.getElementType();
    Type f32 = rewriter.getF32Type();
    MLIRContext *ctx = rewriter.getContext();
    bool sequenceFirst = op.getSequenceFirst();
    int64_t seqDim = sequenceFirst ? 0 : 1, headDim = 1 - seqDim;
    int64_t heads = qType.getDimSize(headDim);
    int64_t queries = qType.getDimSize(seqDim), keys = kType.getDimSize(seqDim);
    auto d = [&](unsigned i) { return getAffineDimExpr(i, ctx); };
    // An operand's map from (head, row, column) expressions.
    auto operand = [&](AffineExpr head, AffineExpr row, AffineExpr col,
                       unsigned dims) {
      return sequenceFirst ? AffineMap::get(dims, 0, {row, head, col}, ctx)
                           : AffineMap::get(dims, 0, {head, row, col}, ctx);
    };
    auto extend = [&](OpBuilder &b, Location l, Value v) -> Value {
      return v.getType() == f32 ? v : arith::ExtFOp::create(b, l, f32, v);
    };
    using utils::IteratorType;
    const IteratorType par = IteratorType::parallel,
                       red = IteratorType::reduction;
    auto scoresType = RankedTensorType::get({heads, queries, keys}, f32);
    auto rowsType = RankedTensorType::get({heads, queries}, f32);
    // An f32 sum of products over loops (n, row, column, reduced).
    auto contraction = [&](RankedTensorType type, Value lhs, Value rhs,
                           ArrayRef<AffineMap> maps) {
      return linalg::GenericOp::create(
                 rewriter, loc, TypeRange{type}, ValueRange{lhs, rhs},
                 ValueRange{createFilled(rewriter, loc, type,
                                         createScalar(rewriter, loc, f32, 0))},
                 maps, ArrayRef<IteratorType>{par, par, par, red},
                 [&](OpBuilder &b, Location l, ValueRange args) {
                   Value product = arith::MulFOp::create(
                       b, l, extend(b, l, args[0]), extend(b, l, args[1]));
                   linalg::YieldOp::create(
                       b, l,
                       Value(arith::AddFOp::create(b, l, args[2], product)));
                 })
          .getResult(0);
    };
    Value scores =
        contraction(scoresType, adaptor.getQ(), adaptor.getK(),
                    {operand(d(0), d(1), d(3), 4), operand(d(0), d(2), d(3), 4),
                     AffineMap::get(4, 0, {d(0), d(1), d(2)}, ctx)});
    // Row maxima and sums of exp(scale * (S - max)) (scale > 0).
    AffineMap all = AffineMap::getMultiDimIdentityMap(3, ctx);
    AffineMap row = AffineMap::get(3, 0, {d(0), d(1)}, ctx);
    Value scale =
        createScalar(rewriter, loc, f32, op.getScale().convertToFloat());
    auto exponential = [&](OpBuilder &b, Location l, Value s, Value max) {
      return math::ExpOp::create(
          b, l,
          arith::MulFOp::create(b, l, scale,
                                arith::SubFOp::create(b, l, s, max)));
    };
    Value maxima =
        linalg::GenericOp::create(
            rewriter, loc, TypeRange{rowsType}, ValueRange{scores},
            ValueRange{createFilled(rewriter, loc, rowsType,
                                    createLowest(rewriter, loc, f32, false))},
            ArrayRef<AffineMap>{all, row},
            ArrayRef<IteratorType>{par, par, red},
            [&](OpBuilder &b, Location l, ValueRange args) {
              linalg::YieldOp::create(
                  b, l,
                  Value(arith::MaximumFOp::create(b, l, args[1], args[0])));
            })
            .getResult(0);
    Value sums =
        linalg::GenericOp::create(
            rewriter, loc, TypeRange{rowsType}, ValueRange{scores, maxima},
            ValueRange{createFilled(rewriter, loc, rowsType,
                                    createScalar(rewriter, loc, f32, 0))},
            ArrayRef<AffineMap>{all, row, row},
            ArrayRef<IteratorType>{par, par, red},
            [&](OpBuilder &b, Location l, ValueRange args) {
              linalg::YieldOp::create(
                  b, l,
                  Value(arith::AddFOp::create(
                      b, l, args[2], exponential(b, l, args[0], args[1]))));
            })
            .getResult(0);
    // P in the operands' type, as the MatMul after a Softmax reads it.
    auto probabilitiesType = scoresType.clone(element);
    Value probabilities =
        linalg::GenericOp::create(
            rewriter, loc, TypeRange{probabilitiesType},
            ValueRange{scores, maxima, sums},
            ValueRange{createEmpty(rewriter, loc, probabilitiesType)},
            ArrayRef<AffineMap>{all, row, row, all},
            ArrayRef<IteratorType>{par, par, par},
            [&](OpBuilder &b, Location l, ValueRange args) {
              Value p = arith::DivFOp::create(
                  b, l, exponential(b, l, args[0], args[1]), args[2]);
              if (element != f32)
                p = arith::TruncFOp::create(b, l, element, p);
              linalg::YieldOp::create(b, l, p);
            })
            .getResult(0);
    // Y[n, i, e] = sum_j P[n, i, j] V[n, j, e]: loops (n, i, e, j).
    Value output = contraction(
        resultType.clone(f32), probabilities, adaptor.getV(),
        {AffineMap::get(4, 0, {d(0), d(1), d(3)}, ctx),
         operand(d(0), d(3), d(2), 4), operand(d(0), d(1), d(2), 4)});
    if (auto func = op->getParentOfType<func::FuncOp>())
      func->setAttr(
          kFusedAttentionAttrName,
          rewriter.getDictionaryAttr(
              {rewriter.getNamedAttr("scale", op.getScaleAttr()),
               rewriter.getNamedAttr("sequence_first",
                                     rewriter.getBoolAttr(sequenceFirst))}));
    rewriter.replaceOp(op, convertFloatTensor(rewriter, loc, output, element));
    return success();
  }
};

} // namespace

void mlir::modelc::populateAttentionLoweringPatterns(
    const TypeConverter &converter, RewritePatternSet &patterns) {
  patterns.add<FusedAttentionLowering>(converter, patterns.getContext());
}

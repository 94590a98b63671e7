//===- ONNXCanonicalize.cpp - Canonicalization patterns of onnx ops -------===//
//
// Part of the modelc project, under the Apache License v2.0 with LLVM
// Exceptions. SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Patterns owned by onnx ops: each rewrites a pattern into a simpler,
// equivalent form. All are exact (pure data movement or flag changes).
//
//===----------------------------------------------------------------------===//

#include "dialects/ONNX/IR/ONNXOps.h"

#include "mlir/IR/PatternMatch.h"

using namespace mlir;
using namespace mlir::modelc::onnx;

namespace {

//===----------------------------------------------------------------------===//
// GemmOp
//===----------------------------------------------------------------------===//

/// Folds a 2-D `onnx.Transpose` that feeds `A` (or `B`) into the `transA`
/// (`transB`) flag:
///   onnx.Gemm(onnx.Transpose(%x), %b) -> onnx.Gemm(%x, %b) {transA = !transA}
template <bool isA>
struct FoldTransposeIntoGemm final : OpRewritePattern<GemmOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(GemmOp op,
                                PatternRewriter &rewriter) const override {
    Value operand = isA ? op.getA() : op.getB();
    auto transpose = operand.getDefiningOp<TransposeOp>();
    if (!transpose)
      return rewriter.notifyMatchFailure(op,
                                         "operand is not an onnx.Transpose");
    auto inputType = cast<RankedTensorType>(transpose.getData().getType());
    if (inputType.getRank() != 2)
      return rewriter.notifyMatchFailure(op, "transpose input is not rank 2");
    // Without `perm`, ONNX reverses the dimensions: [1, 0] in 2-D.
    std::optional<ArrayRef<int64_t>> perm = transpose.getPerm();
    if (perm && *perm != ArrayRef<int64_t>{1, 0})
      return rewriter.notifyMatchFailure(op, "transpose is the identity");
    rewriter.modifyOpInPlace(op, [&] {
      if (isA) {
        op.getAMutable().assign(transpose.getData());
        op.setTransA(op.getTransA() == 0 ? 1 : 0);
      } else {
        op.getBMutable().assign(transpose.getData());
        op.setTransB(op.getTransB() == 0 ? 1 : 0);
      }
    });
    return success();
  }
};

//===----------------------------------------------------------------------===//
// AddOp
//===----------------------------------------------------------------------===//

/// A residual Add of a reshaped matrix product runs in the product's shape,
/// so that it joins the product's kernel (its epilogue, or cuBLASLt's C):
///   Add(%x, Reshape(MatMul|Gemm(...))) ->
///       Reshape(Add(Reshape(%x), MatMul|Gemm(...)))
/// when %x has the Add's shape (no broadcast) and is no product itself
/// (which would move the reshape back), and the product and the reshape
/// have no other user. Reshapes are views: no data moves.
struct AddOfReshapedProduct final : OpRewritePattern<AddOp> {
  using OpRewritePattern::OpRewritePattern;

  static bool isProduct(Value value) {
    return isa_and_nonnull<MatMulOp, GemmOp>(value.getDefiningOp());
  }

  LogicalResult matchAndRewrite(AddOp op,
                                PatternRewriter &rewriter) const override {
    auto type = dyn_cast<RankedTensorType>(op.getType());
    if (!type || !type.hasStaticShape())
      return rewriter.notifyMatchFailure(op, "shape is not static");
    for (unsigned i = 0; i < 2; ++i) {
      auto reshape = op->getOperand(i).getDefiningOp<ReshapeOp>();
      Value other = op->getOperand(1 - i);
      if (!reshape || !reshape->hasOneUse() || !isProduct(reshape.getData()) ||
          !reshape.getData().hasOneUse() || other.getType() != type ||
          isProduct(other))
        continue;
      auto productType =
          dyn_cast<RankedTensorType>(reshape.getData().getType());
      if (!productType || !productType.hasStaticShape() ||
          productType.getElementType() != type.getElementType())
        continue;
      Location loc = op.getLoc();
      auto shapeConstant = [&](RankedTensorType t) -> Value {
        auto shapeType =
            RankedTensorType::get({t.getRank()}, rewriter.getI64Type());
        return ConstantOp::create(
            rewriter, loc, shapeType,
            DenseElementsAttr::get(shapeType, t.getShape()));
      };
      Value reshaped = ReshapeOp::create(rewriter, loc, productType, other,
                                         shapeConstant(productType));
      SmallVector<Value, 2> operands = {reshaped, reshape.getData()};
      if (i == 0)
        std::swap(operands[0], operands[1]);
      Value sum =
          AddOp::create(rewriter, loc, productType, operands[0], operands[1]);
      rewriter.replaceOpWithNewOp<ReshapeOp>(op, type, sum,
                                             shapeConstant(type));
      return success();
    }
    return rewriter.notifyMatchFailure(op, "no reshaped product to add to");
  }
};

//===----------------------------------------------------------------------===//
// ReshapeOp
//===----------------------------------------------------------------------===//

/// A reshape of a reshape is one reshape, when the outer shape does not copy
/// dimensions (no 0 entries, or `allowzero`) from the inner result:
///   Reshape(Reshape(%x, %s1), %s2) -> Reshape(%x, %s2)
struct FoldReshapeOfReshape final : OpRewritePattern<ReshapeOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(ReshapeOp op,
                                PatternRewriter &rewriter) const override {
    auto inner = op.getData().getDefiningOp<ReshapeOp>();
    if (!inner)
      return rewriter.notifyMatchFailure(op, "data is not an onnx.Reshape");
    std::optional<SmallVector<int64_t>> shape =
        getConstantIntValues(op.getShape());
    if (!shape)
      return rewriter.notifyMatchFailure(op, "shape is not constant");
    if (!op.getAllowzero() && llvm::is_contained(*shape, 0))
      return rewriter.notifyMatchFailure(op, "shape copies input dimensions");
    rewriter.modifyOpInPlace(
        op, [&] { op.getDataMutable().assign(inner.getData()); });
    return success();
  }
};

//===----------------------------------------------------------------------===//
// TransposeOp
//===----------------------------------------------------------------------===//

/// Two transposes compose into one:
///   Transpose(Transpose(%x, p1), p2) -> Transpose(%x, p1[p2[i]])
struct FoldTransposeOfTranspose final : OpRewritePattern<TransposeOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(TransposeOp op,
                                PatternRewriter &rewriter) const override {
    auto inner = op.getData().getDefiningOp<TransposeOp>();
    if (!inner)
      return rewriter.notifyMatchFailure(op, "data is not an onnx.Transpose");
    SmallVector<int64_t> innerPerm = inner.getEffectivePerm(),
                         outerPerm = op.getEffectivePerm();
    SmallVector<int64_t> composed;
    for (int64_t p : outerPerm)
      composed.push_back(innerPerm[p]);
    rewriter.modifyOpInPlace(op, [&] {
      op.getDataMutable().assign(inner.getData());
      op.setPerm(composed);
    });
    return success();
  }
};

/// A transpose that only moves dimensions of size 1 keeps every element
/// where it was: it is a reshape (a view, no kernel).
///   Transpose(%x : 128x1x768, perm [1, 0, 2]) -> Reshape(%x, [1, 128, 768])
struct TransposeOfUnitDimsToReshape final : OpRewritePattern<TransposeOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(TransposeOp op,
                                PatternRewriter &rewriter) const override {
    auto type = dyn_cast<RankedTensorType>(op.getData().getType());
    auto resultType = dyn_cast<RankedTensorType>(op.getType());
    if (!type || !resultType || !type.hasStaticShape() ||
        !resultType.hasStaticShape())
      return rewriter.notifyMatchFailure(op, "shapes are not static");
    int64_t rank = type.getRank();
    // The dimensions larger than 1 must keep their order.
    int64_t last = -1;
    for (int64_t p : op.getEffectivePerm()) {
      if (type.getDimSize(p) == 1)
        continue;
      if (p < last)
        return rewriter.notifyMatchFailure(op, "moves a dimension > 1");
      last = p;
    }
    auto shapeType = RankedTensorType::get({rank}, rewriter.getIntegerType(64));
    Value shape = ConstantOp::create(
        rewriter, op.getLoc(), shapeType,
        DenseElementsAttr::get(shapeType, resultType.getShape()));
    rewriter.replaceOpWithNewOp<ReshapeOp>(op, resultType, op.getData(), shape);
    return success();
  }
};

} // namespace

void AddOp::getCanonicalizationPatterns(RewritePatternSet &results,
                                        MLIRContext *context) {
  results.add<AddOfReshapedProduct>(context);
}

void GemmOp::getCanonicalizationPatterns(RewritePatternSet &results,
                                         MLIRContext *context) {
  results.add<FoldTransposeIntoGemm</*isA=*/true>,
              FoldTransposeIntoGemm</*isA=*/false>>(context);
}

void ReshapeOp::getCanonicalizationPatterns(RewritePatternSet &results,
                                            MLIRContext *context) {
  results.add<FoldReshapeOfReshape>(context);
}

void TransposeOp::getCanonicalizationPatterns(RewritePatternSet &results,
                                              MLIRContext *context) {
  results.add<FoldTransposeOfTranspose, TransposeOfUnitDimsToReshape>(context);
}

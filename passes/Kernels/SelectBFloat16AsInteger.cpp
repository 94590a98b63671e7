//===- SelectBFloat16AsInteger.cpp - bf16 selects on their bits -----------===//
//
// Part of the modelc project, under the Apache License v2.0 with LLVM
// Exceptions. SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Implements `modelc-select-bfloat16-as-integer`: arith.select of bf16
// values becomes a select of i16 bits (see Passes.td for why).
//
//===----------------------------------------------------------------------===//

#include "passes/Kernels/Passes.h"

#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace mlir::modelc {
#define GEN_PASS_DEF_SELECTBFLOAT16ASINTEGERPASS
#include "passes/Kernels/Passes.h.inc"

namespace {

/// select(c, a, b) : bf16 -> bitcast(select(c, bitcast(a), bitcast(b)) : i16).
struct SelectBitsOfBFloat16 final : OpRewritePattern<arith::SelectOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(arith::SelectOp op,
                                PatternRewriter &rewriter) const override {
    Type type = op.getType();
    if (!getElementTypeOrSelf(type).isBF16())
      return failure();
    Type bits = rewriter.getI16Type();
    if (auto vector = dyn_cast<VectorType>(type))
      bits = vector.clone(bits);
    Location loc = op.getLoc();
    Value select = arith::SelectOp::create(
        rewriter, loc, op.getCondition(),
        arith::BitcastOp::create(rewriter, loc, bits, op.getTrueValue()),
        arith::BitcastOp::create(rewriter, loc, bits, op.getFalseValue()));
    rewriter.replaceOpWithNewOp<arith::BitcastOp>(op, type, select);
    return success();
  }
};

struct SelectBFloat16AsIntegerPass final
    : impl::SelectBFloat16AsIntegerPassBase<SelectBFloat16AsIntegerPass> {
  using Base::Base;

  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    patterns.add<SelectBitsOfBFloat16>(&getContext());
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace
} // namespace mlir::modelc

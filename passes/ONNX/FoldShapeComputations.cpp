//===- FoldShapeComputations.cpp - Fold Shape subgraphs to constants ------===//
//
// Part of the modelc project, under the Apache License v2.0 with LLVM
// Exceptions. SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Implements `onnx-fold-shape-computations`: one forward walk that refines
// types, turns Shape/Size of static tensors into constants, and evaluates
// the small constant computations built on them (Gather, Concat, Unsqueeze,
// Cast, arithmetic), so that Reshape, Expand, Slice, ConstantOfShape and
// Range get constant operands and static result types.
//
//===----------------------------------------------------------------------===//

#include "passes/ONNX/Passes.h"

#include "dialects/ONNX/IR/ONNXOps.h"
#include "passes/ONNX/ConstantEvaluator.h"

#include "mlir/IR/Matchers.h"

namespace mlir::modelc {
#define GEN_PASS_DEF_ONNXFOLDSHAPECOMPUTATIONSPASS
#include "passes/ONNX/Passes.h.inc"

using namespace mlir::modelc::onnx;

namespace {
struct ONNXFoldShapeComputationsPass final
    : impl::ONNXFoldShapeComputationsPassBase<ONNXFoldShapeComputationsPass> {
  using Base::Base;

  /// Folds Shape/Size of a static tensor; returns true if `op` was replaced.
  bool foldShapeQuery(Operation *op) {
    if (!isa<ShapeOp, SizeOp>(op))
      return false;
    SmallVector<OpFoldResult> folded;
    if (failed(op->fold(folded)) || folded.size() != 1)
      return false;
    auto value =
        dyn_cast_if_present<DenseElementsAttr>(dyn_cast<Attribute>(folded[0]));
    if (!value)
      return false;
    replaceWithConstants(op, {value});
    return true;
  }

  /// Evaluates `op` if its operands are constants and its results small.
  bool foldSmallConstantOp(Operation *op) {
    if (isa<ConstantOp>(op) || op->getNumOperands() == 0 || !isEvaluable(op))
      return false;
    if (!llvm::all_of(op->getOperands(),
                      [](Value v) { return matchPattern(v, m_Constant()); }))
      return false;
    int64_t count = getResultElementCount(op);
    if (count < 0 || count > maxElements)
      return false;
    FailureOr<SmallVector<DenseElementsAttr>> values =
        evaluate(op, maxElements);
    if (failed(values))
      return false;
    replaceWithConstants(op, *values);
    return true;
  }

  void runOnOperation() override {
    func::FuncOp func = getOperation();
    for (Block &block : func.getBody()) {
      for (Operation &op : llvm::make_early_inc_range(block)) {
        if (!isa<ONNXDialect>(op.getDialect()))
          continue;
        FailureOr<unsigned> refined = refineResultTypes(&op);
        if (failed(refined))
          return signalPassFailure();
        numRefined += *refined;
        if (foldShapeQuery(&op) || foldSmallConstantOp(&op))
          ++numFolded;
      }
    }
    updateFunctionResultTypes(func);
  }
};
} // namespace
} // namespace mlir::modelc

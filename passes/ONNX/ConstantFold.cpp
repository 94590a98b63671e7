//===- ConstantFold.cpp - Evaluate ops on constants, within a budget ------===//
//
// Part of the modelc project, under the Apache License v2.0 with LLVM
// Exceptions. SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Implements `onnx-constant-fold`. Walks each function body in program order
// (so constants produced here feed later ops in the same walk) and evaluates
// every onnx op whose operands are all constants, unless its results would
// exceed the size budget. Ops whose results have no elements become empty
// constants whatever their operands (no kernel has to compute nothing).
//
//===----------------------------------------------------------------------===//

#include "passes/ONNX/Passes.h"

#include "dialects/ONNX/IR/ONNXOps.h"
#include "passes/ONNX/ConstantEvaluator.h"

#include "mlir/IR/Matchers.h"

namespace mlir::modelc {
#define GEN_PASS_DEF_ONNXCONSTANTFOLDPASS
#include "passes/ONNX/Passes.h.inc"

using namespace mlir::modelc::onnx;

namespace {

/// The values of `op`'s results if every one is a statically shaped tensor
/// without elements.
std::optional<SmallVector<DenseElementsAttr>> getEmptyResults(Operation *op) {
  if (op->getNumResults() == 0 || op->getNumRegions() != 0)
    return std::nullopt;
  SmallVector<DenseElementsAttr> values;
  for (Type type : op->getResultTypes()) {
    auto tensor = dyn_cast<RankedTensorType>(type);
    if (!tensor || !tensor.hasStaticShape() || tensor.getNumElements() != 0)
      return std::nullopt;
    values.push_back(DenseElementsAttr::getFromRawBuffer(tensor, {}));
  }
  return values;
}

struct ONNXConstantFoldPass final
    : impl::ONNXConstantFoldPassBase<ONNXConstantFoldPass> {
  using Base::Base;

  void runOnOperation() override {
    int64_t created = 0;
    for (Block &block : getOperation().getBody()) {
      for (Operation &op : llvm::make_early_inc_range(block)) {
        if (!isa<ONNXDialect>(op.getDialect()) || isa<ConstantOp>(op))
          continue;
        // A result with no elements is a constant whatever the operands.
        if (std::optional<SmallVector<DenseElementsAttr>> empty =
                getEmptyResults(&op)) {
          replaceWithConstants(&op, *empty);
          ++numFolded;
          continue;
        }
        if (!isEvaluable(&op) || op.getNumOperands() == 0)
          continue;
        if (!llvm::all_of(op.getOperands(), [](Value v) {
              return matchPattern(v, m_Constant());
            }))
          continue;
        int64_t count = getResultElementCount(&op);
        if (count < 0)
          continue;
        if (count > maxElements || created + count > maxTotalElements) {
          op.emitRemark() << "not constant-folded: its results hold " << count
                          << " elements, over the folding budget ("
                          << static_cast<int64_t>(maxElements) << " per op, "
                          << static_cast<int64_t>(maxTotalElements)
                          << " in total)";
          ++numOverBudget;
          continue;
        }
        FailureOr<SmallVector<DenseElementsAttr>> values =
            evaluate(&op, maxElements);
        if (failed(values))
          continue;
        replaceWithConstants(&op, *values);
        created += count;
        ++numFolded;
      }
    }
  }
};
} // namespace
} // namespace mlir::modelc

//===- RemoveIdentities.cpp - Remove Identity and inference Dropout -------===//
//
// Part of the modelc project, under the Apache License v2.0 with LLVM
// Exceptions. SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Implements `onnx-remove-identities`. An Identity, or a Dropout in
// inference, forwards its operand. It is replaced only when the operand has
// the op's result type, so no type information is lost; after
// `onnx-shape-inference` that is always the case.
//
//===----------------------------------------------------------------------===//

#include "passes/ONNX/Passes.h"

#include "dialects/ONNX/IR/ONNXOps.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/Matchers.h"

namespace mlir::modelc {
#define GEN_PASS_DEF_ONNXREMOVEIDENTITIESPASS
#include "passes/ONNX/Passes.h.inc"

using namespace mlir::modelc::onnx;

namespace {
/// Returns true if `dropout` runs in inference mode for certain.
bool isInference(DropoutOp dropout) {
  Value trainingMode = dropout.getTrainingMode();
  if (!trainingMode)
    return true;
  DenseElementsAttr attr;
  return matchPattern(trainingMode, m_Constant(&attr)) &&
         attr.getNumElements() == 1 && !attr.getValues<bool>()[0];
}

struct ONNXRemoveIdentitiesPass final
    : impl::ONNXRemoveIdentitiesPassBase<ONNXRemoveIdentitiesPass> {
  using Base::Base;

  void runOnOperation() override {
    getOperation().walk([&](Operation *op) {
      if (auto identity = dyn_cast<IdentityOp>(op)) {
        if (identity.getInput().getType() != identity.getType())
          return;
        identity.replaceAllUsesWith(identity.getInput());
        identity.erase();
        ++numRemoved;
        return;
      }
      auto dropout = dyn_cast<DropoutOp>(op);
      if (!dropout || !isInference(dropout) ||
          dropout.getData().getType() != dropout.getOutput().getType())
        return;
      if (Value mask = dropout.getMask(); mask && !mask.use_empty()) {
        auto maskType = cast<RankedTensorType>(mask.getType());
        if (!maskType.hasStaticShape())
          return;
        OpBuilder builder(dropout);
        Value allTrue =
            ConstantOp::create(builder, dropout.getLoc(), maskType,
                               DenseElementsAttr::get(maskType, true));
        mask.replaceAllUsesWith(allTrue);
      }
      dropout.getOutput().replaceAllUsesWith(dropout.getData());
      dropout.erase();
      ++numRemoved;
    });
  }
};
} // namespace
} // namespace mlir::modelc

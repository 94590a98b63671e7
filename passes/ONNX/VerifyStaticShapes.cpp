//===- VerifyStaticShapes.cpp - Every tensor must be static ---------------===//
//
// Part of the modelc project, under the Apache License v2.0 with LLVM
// Exceptions. SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Implements `modelc-verify-static-shapes`, the contract at the end of the
// graph phase: code generation assumes every tensor is statically shaped.
//
//===----------------------------------------------------------------------===//

#include "passes/ONNX/Passes.h"

#include "mlir/IR/BuiltinTypes.h"

namespace mlir::modelc {
#define GEN_PASS_DEF_VERIFYSTATICSHAPESPASS
#include "passes/ONNX/Passes.h.inc"

namespace {
bool isStatic(Type type) {
  auto shaped = dyn_cast<ShapedType>(type);
  return !shaped || shaped.hasStaticShape();
}

struct VerifyStaticShapesPass final
    : impl::VerifyStaticShapesPassBase<VerifyStaticShapesPass> {
  using Base::Base;

  void runOnOperation() override {
    func::FuncOp func = getOperation();
    bool foundDynamic = false;
    for (BlockArgument arg : func.getArguments()) {
      if (isStatic(arg.getType()))
        continue;
      auto name =
          func.getArgAttrOfType<StringAttr>(arg.getArgNumber(), "onnx.name");
      InFlightDiagnostic diag = func.emitError("model input ");
      if (name)
        diag << "'" << name.getValue() << "' ";
      diag << "(#" << arg.getArgNumber() << ") has the dynamic shape "
           << arg.getType()
           << "; fix it with --input-shape or --batch (dynamic shapes are "
              "not supported)";
      foundDynamic = true;
    }
    func.walk([&](Operation *op) {
      for (OpResult result : op->getResults()) {
        if (isStatic(result.getType()))
          continue;
        op->emitOpError() << "result #" << result.getResultNumber()
                          << " has the dynamic shape " << result.getType()
                          << ", which depends on values known only at run "
                             "time; modelc does not support data-dependent "
                             "shapes";
        foundDynamic = true;
      }
    });
    if (foundDynamic)
      signalPassFailure();
  }
};
} // namespace
} // namespace mlir::modelc

//===- ShapeInference.cpp - Refine result types of onnx ops ---------------===//
//
// Part of the modelc project, under the Apache License v2.0 with LLVM
// Exceptions. SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Implements `onnx-shape-inference`: walks a function in program order and
// refines every onnx op's result types with the types inferred from its
// operands. One walk suffices, since operands are visited before users.
//
//===----------------------------------------------------------------------===//

#include "passes/ONNX/Passes.h"

#include "dialects/ONNX/IR/ONNXOps.h"

namespace mlir::modelc {
#define GEN_PASS_DEF_ONNXSHAPEINFERENCEPASS
#include "passes/ONNX/Passes.h.inc"

namespace {
struct ONNXShapeInferencePass final
    : impl::ONNXShapeInferencePassBase<ONNXShapeInferencePass> {
  using Base::Base;

  void runOnOperation() override {
    func::FuncOp func = getOperation();
    WalkResult walk = func.walk([&](Operation *op) {
      if (!isa<onnx::ONNXDialect>(op->getDialect()))
        return WalkResult::advance();
      FailureOr<unsigned> changed = onnx::refineResultTypes(op);
      if (failed(changed))
        return WalkResult::interrupt();
      numRefined += *changed;
      return WalkResult::advance();
    });
    if (walk.wasInterrupted())
      return signalPassFailure();
    onnx::updateFunctionResultTypes(func);
  }
};
} // namespace
} // namespace mlir::modelc

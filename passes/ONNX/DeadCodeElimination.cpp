//===- DeadCodeElimination.cpp - Remove ops whose results are unused ------===//
//
// Part of the modelc project, under the Apache License v2.0 with LLVM
// Exceptions. SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Implements `onnx-dce`. Walking each block backwards erases a whole dead
// chain in one pass: an op's producers come before it, so they are visited
// after its erasure has removed their last use.
//
//===----------------------------------------------------------------------===//

#include "passes/ONNX/Passes.h"

#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "mlir/Transforms/RegionUtils.h"

namespace mlir::modelc {
#define GEN_PASS_DEF_ONNXDEADCODEELIMINATIONPASS
#include "passes/ONNX/Passes.h.inc"

namespace {
struct ONNXDeadCodeEliminationPass final
    : impl::ONNXDeadCodeEliminationPassBase<ONNXDeadCodeEliminationPass> {
  using Base::Base;

  void runOnOperation() override {
    for (Block &block : getOperation().getBody()) {
      for (Operation &op :
           llvm::make_early_inc_range(llvm::reverse(block.getOperations()))) {
        if (!isOpTriviallyDead(&op))
          continue;
        op.erase();
        ++numErased;
      }
    }
  }
};
} // namespace
} // namespace mlir::modelc

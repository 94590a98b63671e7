//===- FormKernels.cpp - Group compute ops into kernel regions ------------===//
//
// Part of the modelc project, under the Apache License v2.0 with LLVM
// Exceptions. SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Implements `modelc-form-kernels`: one kernel per compute op. The kernel
// region is isolated from above, so the op's operands become kernel inputs,
// except small constants, which are cloned in (lowering wants to see axes,
// shapes and scalars as constants).
//
//===----------------------------------------------------------------------===//

#include "passes/Kernels/Passes.h"

#include "dialects/ONNX/IR/ONNXOps.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/IRMapping.h"
#include "llvm/ADT/SetVector.h"

namespace mlir::modelc {
#define GEN_PASS_DEF_FORMKERNELSPASS
#include "passes/Kernels/Passes.h.inc"

namespace {
/// Ops that only reinterpret a buffer: the memory plan makes their result
/// an alias of their operand, so they need no kernel.
bool isView(Operation *op) {
  return isa<onnx::ReshapeOp, onnx::FlattenOp, onnx::SqueezeOp,
             onnx::UnsqueezeOp, onnx::IdentityOp>(op);
}

struct FormKernelsPass final : impl::FormKernelsPassBase<FormKernelsPass> {
  using Base::Base;

  void runOnOperation() override {
    func::FuncOp func = getOperation();
    if (func->hasAttr(kKernelAttrName))
      return;
    int index = 0;
    SmallVector<Operation *> ops;
    for (Operation &op : func.getBody().getOps())
      if (isa<onnx::ONNXDialect>(op.getDialect()) &&
          !isa<onnx::ConstantOp>(op) && !isView(&op))
        ops.push_back(&op);
    for (Operation *op : ops)
      wrapInKernel(op, index++);
  }

  bool isInlinedConstant(Value value) {
    auto constant = value.getDefiningOp<onnx::ConstantOp>();
    return constant &&
           constant.getValue().getNumElements() <= maxInlineConstantElements;
  }

  void wrapInKernel(Operation *op, int index) {
    llvm::SetVector<Value> inputs;
    for (Value operand : op->getOperands())
      if (!isInlinedConstant(operand))
        inputs.insert(operand);
    OpBuilder builder(op);
    std::string name =
        "k" + std::to_string(index) + "_" + op->getName().stripDialect().str();
    auto kernel =
        KernelOp::create(builder, op->getLoc(), op->getResultTypes(),
                         builder.getStringAttr(name), inputs.getArrayRef());
    Block *body = builder.createBlock(&kernel.getBody());
    IRMapping mapping;
    for (Value input : inputs)
      mapping.map(input, body->addArgument(input.getType(), input.getLoc()));
    for (Value operand : op->getOperands())
      if (!mapping.contains(operand))
        mapping.map(operand,
                    builder.clone(*operand.getDefiningOp())->getResult(0));
    Operation *clone = builder.clone(*op, mapping);
    YieldOp::create(builder, op->getLoc(), clone->getResults());
    SmallVector<Operation *> producers;
    for (Value operand : op->getOperands())
      if (Operation *producer = operand.getDefiningOp())
        producers.push_back(producer);
    op->replaceAllUsesWith(kernel.getResults());
    op->erase();
    // Constants now cloned into every kernel that reads them go.
    for (Operation *producer : producers)
      if (isa<onnx::ConstantOp>(producer) && producer->use_empty())
        producer->erase();
  }
};
} // namespace
} // namespace mlir::modelc

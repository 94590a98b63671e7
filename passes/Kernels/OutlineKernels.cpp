//===- OutlineKernels.cpp - Kernel regions to kernel functions ------------===//
//
// Part of the modelc project, under the Apache License v2.0 with LLVM
// Exceptions. SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Implements `modelc-outline-kernels`. Kernel functions live in a nested
// module so that later phases can process exactly the code to generate
// (pass managers nest on it) while the model function stays on tensors for
// the memory plan.
//
//===----------------------------------------------------------------------===//

#include "passes/Kernels/Passes.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/SymbolTable.h"

namespace mlir::modelc {
#define GEN_PASS_DEF_OUTLINEKERNELSPASS
#include "passes/Kernels/Passes.h.inc"

namespace {
struct OutlineKernelsPass final
    : impl::OutlineKernelsPassBase<OutlineKernelsPass> {
  using Base::Base;

  /// Returns the nested `module @kernels`, creating it at the end.
  ModuleOp getOrCreateKernelsModule(ModuleOp top) {
    for (auto nested : top.getOps<ModuleOp>())
      if (nested.getSymName() == kKernelsModuleName)
        return nested;
    OpBuilder builder = OpBuilder::atBlockEnd(top.getBody());
    return ModuleOp::create(builder, top.getLoc(), kKernelsModuleName);
  }

  void runOnOperation() override {
    ModuleOp top = getOperation();
    SmallVector<KernelOp> kernels;
    top.walk([&](KernelOp kernel) { kernels.push_back(kernel); });
    if (kernels.empty())
      return;
    ModuleOp kernelsModule = getOrCreateKernelsModule(top);
    SymbolTable symbols(kernelsModule);
    for (KernelOp kernel : kernels) {
      OpBuilder builder = OpBuilder::atBlockEnd(kernelsModule.getBody());
      auto type = builder.getFunctionType(kernel.getInputs().getTypes(),
                                          kernel.getResultTypes());
      auto func = func::FuncOp::create(builder, kernel.getLoc(),
                                       kernel.getSymName(), type);
      func->setAttr(kKernelAttrName, builder.getUnitAttr());
      // Renames the function if the name is taken.
      StringAttr name = symbols.insert(func);
      func.getBody().takeBody(kernel.getBody());
      Block &body = func.getBody().front();
      auto yield = cast<YieldOp>(body.getTerminator());
      builder.setInsertionPoint(yield);
      func::ReturnOp::create(builder, yield.getLoc(), yield.getValues());
      yield.erase();

      builder.setInsertionPoint(kernel);
      auto callee =
          SymbolRefAttr::get(builder.getStringAttr(kKernelsModuleName),
                             {FlatSymbolRefAttr::get(name)});
      auto launch =
          LaunchOp::create(builder, kernel.getLoc(), kernel.getResultTypes(),
                           callee, kernel.getInputs());
      kernel.replaceAllUsesWith(launch.getResults());
      kernel.erase();
    }
  }
};
} // namespace
} // namespace mlir::modelc

//===- AlignKernelArguments.cpp - What the runtime guarantees -------------===//
//
// Part of the modelc project, under the Apache License v2.0 with LLVM
// Exceptions. SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "passes/GPU/Passes.h"

#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/LLVMIR/NVVMDialect.h"
#include "llvm/Support/MathExtras.h"

namespace mlir::modelc {
#define GEN_PASS_DEF_ALIGNKERNELARGUMENTSPASS
#include "passes/GPU/Passes.h.inc"

namespace {

struct AlignKernelArgumentsPass
    : impl::AlignKernelArgumentsPassBase<AlignKernelArgumentsPass> {
  using Base::Base;

  void runOnOperation() override {
    gpu::GPUModuleOp module = getOperation();
    if (alignment < 1 || alignment > 256 || !llvm::isPowerOf2_64(alignment)) {
      module.emitError() << "alignment must be a power of two up to 256, not "
                         << int64_t(alignment);
      return signalPassFailure();
    }
    Builder b(module.getContext());
    for (auto func : module.getOps<LLVM::LLVMFuncOp>()) {
      if (!func->hasAttr(NVVM::NVVMDialect::getKernelFuncAttrName()))
        continue;
      for (unsigned i = 0; i < func.getNumArguments(); ++i)
        if (isa<LLVM::LLVMPointerType>(func.getArgument(i).getType()))
          func.setArgAttr(i, LLVM::LLVMDialect::getAlignAttrName(),
                          b.getI64IntegerAttr(alignment));
    }
  }
};

} // namespace
} // namespace mlir::modelc

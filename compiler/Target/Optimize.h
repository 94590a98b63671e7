//===- Optimize.h - LLVM's optimization pipeline for kernels ----*- C++ -*-===//
//
// Part of the modelc project, under the Apache License v2.0 with LLVM
// Exceptions. SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#ifndef MODELC_COMPILER_TARGET_OPTIMIZE_H
#define MODELC_COMPILER_TARGET_OPTIMIZE_H

#include "llvm/IR/Module.h"
#include "llvm/Target/TargetMachine.h"

namespace mlir::modelc {

/// Optimizes `module` with LLVM's O3 pipeline for `machine` (the target's
/// own passes included: NVVMReflect for libdevice on NVPTX).
void optimizeModule(llvm::Module &module, llvm::TargetMachine &machine);

} // namespace mlir::modelc

#endif // MODELC_COMPILER_TARGET_OPTIMIZE_H

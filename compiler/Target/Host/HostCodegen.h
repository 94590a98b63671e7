//===- HostCodegen.h - Kernels to machine code for the host -----*- C++ -*-===//
//
// Part of the modelc project, under the Apache License v2.0 with LLVM
// Exceptions. SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// The host target's kernel code generation after the MLIR pipeline: the
// kernels module (LLVM dialect) is translated to LLVM IR, each kernel gets a
// uniform entry `void <kernel>_entry(void *const *args)` the runtime calls
// through the plan, and the module is optimized (O3) and compiled for the
// host's architecture with a generic CPU, so an artifact runs on any machine
// of that architecture.
//
//===----------------------------------------------------------------------===//

#ifndef MODELC_COMPILER_TARGET_HOST_HOSTCODEGEN_H
#define MODELC_COMPILER_TARGET_HOST_HOSTCODEGEN_H

#include "compiler/Plan/ExecutionPlan.h"
#include "compiler/Target/Optimize.h"

#include "mlir/IR/BuiltinOps.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"
#include "llvm/Target/TargetMachine.h"

#include <memory>

namespace mlir::modelc {

/// The triple host artifacts are built for ("x86_64-pc-linux-gnu").
std::string getHostTriple();

/// A TargetMachine for the host triple and its generic CPU.
FailureOr<std::unique_ptr<llvm::TargetMachine>>
createHostTargetMachine(Location loc);

/// Translates the nested kernels module of `module` to LLVM IR and adds one
/// entry wrapper per kernel of `plan` (named `<kernel>_entry`). Kernel
/// functions become internal; nothing but the artifact descriptor (added
/// later) is exported.
FailureOr<std::unique_ptr<llvm::Module>>
translateHostKernels(ModuleOp module, const ExecutionPlan &plan,
                     llvm::LLVMContext &context, llvm::TargetMachine &machine);

/// Compiles `module` to an object file.
LogicalResult emitObjectFile(llvm::Module &module, llvm::TargetMachine &machine,
                             Location loc, SmallVectorImpl<char> &object);

} // namespace mlir::modelc

#endif // MODELC_COMPILER_TARGET_HOST_HOSTCODEGEN_H

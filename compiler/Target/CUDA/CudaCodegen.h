//===- CudaCodegen.h - GPU kernels to PTX -----------------------*- C++ -*-===//
//
// Part of the modelc project, under the Apache License v2.0 with LLVM
// Exceptions. SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// The CUDA targets' code generation after the MLIR pipeline: the lowered
// `gpu.module @device` (NVVM and LLVM dialects) is translated to LLVM IR,
// linked with the CUDA libdevice bitcode for the math functions it calls,
// optimized (O3) and compiled to PTX by LLVM's NVPTX backend for the target
// architecture. The PTX goes into the artifact; the driver JIT-compiles it
// for the actual GPU when a session is created.
//
//===----------------------------------------------------------------------===//

#ifndef MODELC_COMPILER_TARGET_CUDA_CUDACODEGEN_H
#define MODELC_COMPILER_TARGET_CUDA_CUDACODEGEN_H

#include "mlir/IR/BuiltinOps.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"

#include <memory>
#include <string>

namespace mlir::modelc {

/// Translates the device module of `module` (after the CUDA codegen
/// pipeline) to LLVM IR for `target` ("sm_89"), with libdevice linked in
/// when the kernels call it (found at `libdevicePath`, or under $CUDA_HOME,
/// $CUDA_PATH or /usr/local/cuda when empty), and optimized.
FailureOr<std::unique_ptr<llvm::Module>>
translateDeviceModule(ModuleOp module, StringRef target,
                      StringRef libdevicePath, llvm::LLVMContext &context);

/// Compiles optimized device LLVM IR to PTX text for `target`.
FailureOr<std::string> emitPTX(llvm::Module &module, StringRef target,
                               Location loc);

/// The PTX ISA version (e.g. 78 for 7.8) in the `.version` line of `ptx`,
/// or 0 if there is none.
unsigned getPTXVersion(StringRef ptx);

} // namespace mlir::modelc

#endif // MODELC_COMPILER_TARGET_CUDA_CUDACODEGEN_H

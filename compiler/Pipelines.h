//===- Pipelines.h - The phases of modelc compilation -----------*- C++ -*-===//
//
// Part of the modelc project, under the Apache License v2.0 with LLVM
// Exceptions. SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Each phase after import is a pass pipeline ending in IR that can be printed
// and tested. Phases after Kernels work on the nested `module @kernels` only
// (the model function keeps its tensors for the memory plan); only the last
// one, kernel code generation, depends on the target. Pipelines are
// registered (`modelc-graph-pipeline`, ...) so lit runs them in modelc-opt.
//
//===----------------------------------------------------------------------===//

#ifndef MODELC_COMPILER_PIPELINES_H
#define MODELC_COMPILER_PIPELINES_H

#include "compiler/Options.h"

#include "mlir/Pass/PassManager.h"

namespace mlir::modelc {

/// Import -> Graph: shapes static, identities and BatchNorm gone, shape
/// subgraphs and constant subgraphs folded. Ends with
/// `modelc-verify-static-shapes`.
void buildGraphPipeline(OpPassManager &pm, const CompilerOptions &options);

/// Graph -> Kernels: compute ops grouped into kernels and outlined.
void buildKernelsPipeline(OpPassManager &pm, const CompilerOptions &options);

/// Kernels -> Tensor: kernel bodies lowered to linalg on tensors.
void buildTensorPipeline(OpPassManager &pm, const CompilerOptions &options);

/// Tensor -> Buffers: kernels bufferized in destination-passing style, with
/// their temporaries in a scratch argument.
void buildBuffersPipeline(OpPassManager &pm, const CompilerOptions &options);

/// Buffers -> GPU (CUDA targets): each kernel's loop nests mapped to
/// gpu.funcs with their launch geometry; nothing for the host.
void buildGPUPipeline(OpPassManager &pm, const CompilerOptions &options);

/// GPU -> LLVM (CUDA targets): the gpu.module lowered to the NVVM and LLVM
/// dialects, ready for translation to PTX.
void buildCudaCodegenPipeline(OpPassManager &pm,
                              const CompilerOptions &options);

/// Buffers -> LLVM: kernel code generation for the host CPU.
void buildHostCodegenPipeline(OpPassManager &pm,
                              const CompilerOptions &options);

/// Builds the passes that take IR from the end of `from` to the end of `to`.
void buildPipeline(OpPassManager &pm, const CompilerOptions &options,
                   Phase from, Phase to);

/// Registers `modelc-<phase>-pipeline` for every phase (default options).
void registerPipelines();

} // namespace mlir::modelc

#endif // MODELC_COMPILER_PIPELINES_H

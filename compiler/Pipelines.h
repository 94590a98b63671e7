//===- Pipelines.h - The phases of modelc compilation -----------*- C++ -*-===//
//
// Part of the modelc project, under the Apache License v2.0 with LLVM
// Exceptions. SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Each phase after import is a pass pipeline that ends with a pass checking
// the contract the next phase relies on. Pipelines are registered with
// names (`modelc-graph-pipeline`) so lit tests run them through modelc-opt.
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

/// Builds the passes that take IR from the end of `from` to the end of `to`.
void buildPipeline(OpPassManager &pm, const CompilerOptions &options,
                   Phase from, Phase to);

/// Registers `modelc-graph-pipeline` (with default options) for modelc-opt.
void registerPipelines();

} // namespace mlir::modelc

#endif // MODELC_COMPILER_PIPELINES_H

//===- Passes.h - Graph-level passes on the onnx dialect --------*- C++ -*-===//
//
// Part of the modelc project, under the Apache License v2.0 with LLVM
// Exceptions. SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#ifndef MODELC_PASSES_ONNX_PASSES_H
#define MODELC_PASSES_ONNX_PASSES_H

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Pass/Pass.h"

namespace mlir::modelc {

#define GEN_PASS_DECL
#include "passes/ONNX/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "passes/ONNX/Passes.h.inc"

} // namespace mlir::modelc

#endif // MODELC_PASSES_ONNX_PASSES_H

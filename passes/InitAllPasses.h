//===- InitAllPasses.h - Every pass modelc-opt exposes ----------*- C++ -*-===//
//
// Part of the modelc project, under the Apache License v2.0 with LLVM
// Exceptions. SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#ifndef MODELC_PASSES_INITALLPASSES_H
#define MODELC_PASSES_INITALLPASSES_H

#include "passes/ONNX/Passes.h"

#include "mlir/Transforms/Passes.h"

namespace mlir::modelc {

/// Registers modelc's passes and the upstream ones its pipelines use.
inline void registerAllPasses() {
  registerONNXPasses();
  mlir::registerCanonicalizerPass();
  mlir::registerCSEPass();
  mlir::registerSymbolDCEPass();
}

} // namespace mlir::modelc

#endif // MODELC_PASSES_INITALLPASSES_H

//===- InitAllPasses.h - Every pass modelc-opt exposes ----------*- C++ -*-===//
//
// Part of the modelc project, under the Apache License v2.0 with LLVM
// Exceptions. SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#ifndef MODELC_PASSES_INITALLPASSES_H
#define MODELC_PASSES_INITALLPASSES_H

#include "passes/Conversion/Passes.h"
#include "passes/GPU/Passes.h"
#include "passes/Kernels/Passes.h"
#include "passes/ONNX/Passes.h"

#include "mlir/InitAllPasses.h"

namespace mlir::modelc {

/// Registers modelc's passes and every upstream pass, so that any step of a
/// modelc pipeline can be reproduced with modelc-opt.
inline void registerAllPasses() {
  registerONNXPasses();
  registerKernelsPasses();
  registerConversionPasses();
  registerGPUPasses();
  mlir::registerAllPasses();
}

} // namespace mlir::modelc

#endif // MODELC_PASSES_INITALLPASSES_H

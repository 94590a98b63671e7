//===- InitAllDialects.h - Every dialect modelc parses or produces -*- C++
//-*-===//
//
// Part of the modelc project, under the Apache License v2.0 with LLVM
// Exceptions. SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#ifndef MODELC_DIALECTS_INITALLDIALECTS_H
#define MODELC_DIALECTS_INITALLDIALECTS_H

#include "dialects/ONNX/IR/ONNXDialect.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/DialectRegistry.h"

namespace mlir::modelc {

inline void registerAllDialects(DialectRegistry &registry) {
  registry.insert<onnx::ONNXDialect, func::FuncDialect>();
}

} // namespace mlir::modelc

#endif // MODELC_DIALECTS_INITALLDIALECTS_H

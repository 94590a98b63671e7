//===- ModelcDialect.h - The modelc dialect ---------------------*- C++ -*-===//
//
// Part of the modelc project, under the Apache License v2.0 with LLVM
// Exceptions. SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#ifndef MODELC_DIALECTS_MODELC_IR_MODELCDIALECT_H
#define MODELC_DIALECTS_MODELC_IR_MODELCDIALECT_H

#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Dialect.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/Interfaces/ControlFlowInterfaces.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#include "dialects/Modelc/IR/ModelcDialect.h.inc"

#define GET_OP_CLASSES
#include "dialects/Modelc/IR/ModelcOps.h.inc"

namespace mlir::modelc {

/// Name of the nested module that holds the outlined kernel functions, and
/// the unit attribute marking a kernel function.
constexpr StringLiteral kKernelsModuleName = "kernels";
constexpr StringLiteral kKernelAttrName = "modelc.kernel";

} // namespace mlir::modelc

#endif // MODELC_DIALECTS_MODELC_IR_MODELCDIALECT_H

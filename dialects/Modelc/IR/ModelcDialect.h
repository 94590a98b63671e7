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

/// On an onnx Conv, MatMul or Gemm, and on the linalg contraction it
/// lowers to: the input operands (0 or 1, as i64 array) whose values are
/// exact in TF32 (weights rounded at compile time), so tensor-core kernels
/// need not round them again.
constexpr StringLiteral kTF32ExactAttrName = "modelc.tf32_exact";

/// On a kernel function lowered from one onnx.FusedAttention: a
/// dictionary of its `scale` (f32) and `sequence_first` (bool). The
/// function's body is the reference computation; a GPU mapping may run
/// the kernel as one fused attention launch instead.
constexpr StringLiteral kFusedAttentionAttrName = "modelc.fused_attention";

/// On a kernel function run by a GEMM library instead of generated code
/// (`modelc-select-library-gemms`): a dictionary describing the GEMM,
/// `D = relu?(alpha * op(A) op(B) + beta * C + bias)` in row-major terms,
/// with operands named by their argument number. Code generation leaves
/// such a kernel without device code, and the plan makes it a library step.
constexpr StringLiteral kLibraryGemmAttrName = "modelc.library_gemm";

} // namespace mlir::modelc

#endif // MODELC_DIALECTS_MODELC_IR_MODELCDIALECT_H

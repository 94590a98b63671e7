//===- Passes.h - Kernel partitioning and kernel-level passes ---*- C++ -*-===//
//
// Part of the modelc project, under the Apache License v2.0 with LLVM
// Exceptions. SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#ifndef MODELC_PASSES_KERNELS_PASSES_H
#define MODELC_PASSES_KERNELS_PASSES_H

#include "dialects/Modelc/IR/ModelcDialect.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/Pass.h"

namespace mlir::modelc {

#define GEN_PASS_DECL
#include "passes/Kernels/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "passes/Kernels/Passes.h.inc"

/// Name of the attribute holding a kernel's scratch size in bytes.
constexpr StringLiteral kScratchBytesAttrName = "modelc.scratch_bytes";

/// The alignment of the temporaries in a kernel's scratch
/// (modelc-finalize-kernel-abi's default), and the least scratch a kernel
/// reserves.
constexpr int64_t kScratchAlignment = 64;

} // namespace mlir::modelc

#endif // MODELC_PASSES_KERNELS_PASSES_H

//===- Passes.h - Passes mapping kernels to the GPU -------------*- C++ -*-===//
//
// Part of the modelc project, under the Apache License v2.0 with LLVM
// Exceptions. SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#ifndef MODELC_PASSES_GPU_PASSES_H
#define MODELC_PASSES_GPU_PASSES_H

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/DLTI/DLTI.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/LLVMIR/NVVMDialect.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/NVGPU/IR/NVGPUDialect.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/Pass.h"

namespace mlir::modelc {

#define GEN_PASS_DECL
#include "passes/GPU/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "passes/GPU/Passes.h.inc"

/// The kernel function attribute listing its launches: an array of
/// `{name, grid = array<i64: x, y, z>, block = array<i64: x, y, z>}`.
constexpr StringLiteral kLaunchesAttrName = "modelc.launches";
/// The gpu.module holding every GPU function of an artifact.
constexpr StringLiteral kDeviceModuleName = "device";

} // namespace mlir::modelc

#endif // MODELC_PASSES_GPU_PASSES_H

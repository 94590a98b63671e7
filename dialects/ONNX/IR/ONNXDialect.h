//===- ONNXDialect.h - The onnx dialect -------------------------*- C++ -*-===//
//
// Part of the modelc project, under the Apache License v2.0 with LLVM
// Exceptions. SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#ifndef MODELC_DIALECTS_ONNX_IR_ONNXDIALECT_H
#define MODELC_DIALECTS_ONNX_IR_ONNXDIALECT_H

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Dialect.h"
#include "mlir/IR/OpDefinition.h"

#include "dialects/ONNX/IR/ONNXDialect.h.inc"

namespace mlir::modelc::onnx::OpTrait {
/// See ONNX_Elementwise in ONNXBase.td.
template <typename ConcreteType>
class Elementwise
    : public ::mlir::OpTrait::TraitBase<ConcreteType, Elementwise> {};
} // namespace mlir::modelc::onnx::OpTrait

#endif // MODELC_DIALECTS_ONNX_IR_ONNXDIALECT_H

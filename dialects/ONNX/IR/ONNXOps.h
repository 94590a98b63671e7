//===- ONNXOps.h - Operations of the onnx dialect ---------------*- C++ -*-===//
//
// Part of the modelc project, under the Apache License v2.0 with LLVM
// Exceptions. SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#ifndef MODELC_DIALECTS_ONNX_IR_ONNXOPS_H
#define MODELC_DIALECTS_ONNX_IR_ONNXOPS_H

#include "dialects/ONNX/IR/ONNXDialect.h"
#include "dialects/ONNX/IR/ONNXTypeInference.h"

#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/Interfaces/InferTypeOpInterface.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#include "dialects/ONNX/IR/ONNXInterfaces.h.inc"

#define GET_OP_CLASSES
#include "dialects/ONNX/IR/ONNXOps.h.inc"

#endif // MODELC_DIALECTS_ONNX_IR_ONNXOPS_H

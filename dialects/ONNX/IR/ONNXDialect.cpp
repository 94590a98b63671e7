//===- ONNXDialect.cpp - The onnx dialect ---------------------------------===//
//
// Part of the modelc project, under the Apache License v2.0 with LLVM
// Exceptions. SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "dialects/ONNX/IR/ONNXDialect.h"

#include "dialects/ONNX/IR/ONNXOps.h"

using namespace mlir;
using namespace mlir::modelc::onnx;

#include "dialects/ONNX/IR/ONNXDialect.cpp.inc"
#include "dialects/ONNX/IR/ONNXInterfaces.cpp.inc"

void ONNXDialect::initialize() {
  addOperations<
#define GET_OP_LIST
#include "dialects/ONNX/IR/ONNXOps.cpp.inc"
      >();
}

/// Folders produce ElementsAttr values; they become onnx.Constant ops.
Operation *ONNXDialect::materializeConstant(OpBuilder &builder, Attribute value,
                                            Type type, Location loc) {
  auto elements = dyn_cast<ElementsAttr>(value);
  if (!elements || elements.getType() != type)
    return nullptr;
  return ConstantOp::create(builder, loc, type, elements);
}

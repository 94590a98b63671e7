//===- ONNXTypes.h - ONNX data types as MLIR element types ------*- C++ -*-===//
//
// Part of the modelc project, under the Apache License v2.0 with LLVM
// Exceptions. SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Maps ONNX TensorProto.DataType numbers to MLIR element types and back,
// through the dtype table shared with the runtime (modelc/dtype.def).
//
//===----------------------------------------------------------------------===//

#ifndef MODELC_DIALECTS_ONNX_IR_ONNXTYPES_H
#define MODELC_DIALECTS_ONNX_IR_ONNXTYPES_H

#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/Types.h"
#include "llvm/ADT/StringRef.h"

#include <optional>

namespace mlir::modelc::onnx {

/// Returns the MLIR element type of ONNX data type `dataType`, or a null type
/// for data types modelc does not compile (string, complex, float8, ...).
Type convertDataType(MLIRContext *context, int64_t dataType);

/// Returns the ONNX data type number of `elementType`, if it has one.
std::optional<int64_t> getDataType(Type elementType);

/// Returns the ONNX name of data type `dataType` ("FLOAT", "INT64", ...), or
/// "UNKNOWN" for numbers outside TensorProto.DataType.
llvm::StringRef getDataTypeName(int64_t dataType);

/// Returns the size in bytes of one element of `dataType`, or 0 if modelc
/// does not compile it.
int64_t getDataTypeByteSize(int64_t dataType);

} // namespace mlir::modelc::onnx

#endif // MODELC_DIALECTS_ONNX_IR_ONNXTYPES_H

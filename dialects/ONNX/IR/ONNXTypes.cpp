//===- ONNXTypes.cpp - ONNX data types as MLIR element types --------------===//
//
// Part of the modelc project, under the Apache License v2.0 with LLVM
// Exceptions. SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "dialects/ONNX/IR/ONNXTypes.h"

#include "mlir/AsmParser/AsmParser.h"
#include "mlir/IR/BuiltinTypes.h"

using namespace mlir;

Type mlir::modelc::onnx::convertDataType(MLIRContext *context,
                                         int64_t dataType) {
  switch (dataType) {
#define MODELC_DTYPE(NAME, VALUE, BYTES, MLIR)                                 \
  case VALUE:                                                                  \
    return parseType(MLIR, context);
#include "modelc/dtype.def"
#undef MODELC_DTYPE
  default:
    return Type();
  }
}

std::optional<int64_t> mlir::modelc::onnx::getDataType(Type elementType) {
  if (!elementType)
    return std::nullopt;
  if (auto intType = dyn_cast<IntegerType>(elementType)) {
    // Signed ONNX integers are signless in the onnx dialect.
    if (intType.isSigned())
      return std::nullopt;
    bool isUnsigned = intType.isUnsigned();
    switch (intType.getWidth()) {
    case 1:
      return isUnsigned ? std::nullopt : std::optional<int64_t>(9);
    case 8:
      return isUnsigned ? 2 : 3;
    case 16:
      return isUnsigned ? 4 : 5;
    case 32:
      return isUnsigned ? 12 : 6;
    case 64:
      return isUnsigned ? 13 : 7;
    default:
      return std::nullopt;
    }
  }
  if (elementType.isF32())
    return 1;
  if (elementType.isF16())
    return 10;
  if (elementType.isBF16())
    return 16;
  if (elementType.isF64())
    return 11;
  return std::nullopt;
}

llvm::StringRef mlir::modelc::onnx::getDataTypeName(int64_t dataType) {
  // All of TensorProto.DataType, including the types modelc rejects, so that
  // rejections can name them.
  switch (dataType) {
  case 0:
    return "UNDEFINED";
  case 1:
    return "FLOAT";
  case 2:
    return "UINT8";
  case 3:
    return "INT8";
  case 4:
    return "UINT16";
  case 5:
    return "INT16";
  case 6:
    return "INT32";
  case 7:
    return "INT64";
  case 8:
    return "STRING";
  case 9:
    return "BOOL";
  case 10:
    return "FLOAT16";
  case 11:
    return "DOUBLE";
  case 12:
    return "UINT32";
  case 13:
    return "UINT64";
  case 14:
    return "COMPLEX64";
  case 15:
    return "COMPLEX128";
  case 16:
    return "BFLOAT16";
  case 17:
    return "FLOAT8E4M3FN";
  case 18:
    return "FLOAT8E4M3FNUZ";
  case 19:
    return "FLOAT8E5M2";
  case 20:
    return "FLOAT8E5M2FNUZ";
  default:
    return "UNKNOWN";
  }
}

int64_t mlir::modelc::onnx::getDataTypeByteSize(int64_t dataType) {
  switch (dataType) {
#define MODELC_DTYPE(NAME, VALUE, BYTES, MLIR)                                 \
  case VALUE:                                                                  \
    return BYTES;
#include "modelc/dtype.def"
#undef MODELC_DTYPE
  default:
    return 0;
  }
}

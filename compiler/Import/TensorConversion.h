//===- TensorConversion.h - ONNX tensors to MLIR attributes -----*- C++ -*-===//
//
// Part of the modelc project, under the Apache License v2.0 with LLVM
// Exceptions. SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Converts ONNX TensorProtos (initializers, Constant values) and TypeProtos
// to MLIR, checking everything a malicious or broken file can get wrong:
// unsupported data types, negative dimensions, element counts that overflow,
// data whose size does not match the dimensions.
//
//===----------------------------------------------------------------------===//

#ifndef MODELC_COMPILER_IMPORT_TENSORCONVERSION_H
#define MODELC_COMPILER_IMPORT_TENSORCONVERSION_H

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Location.h"

#include "onnx/onnx_pb.h"

namespace mlir::modelc {

/// Largest tensor (in elements) modelc accepts; far above any real model and
/// small enough that byte sizes cannot overflow.
constexpr int64_t kMaxTensorElements = int64_t{1} << 40;

/// Most dimensions a tensor may have (real models use up to 8; a rank of
/// thousands would only make kernels with as many nested loops).
constexpr int64_t kMaxTensorRank = 32;

/// Returns the element count of `dims`, or failure (with an error naming
/// `what` at `loc`) for a negative dimension, an overflowing product or a
/// rank over kMaxTensorRank.
FailureOr<int64_t> getCheckedElementCount(Location loc, const Twine &what,
                                          ArrayRef<int64_t> dims);

/// Returns the MLIR element type of ONNX `dataType`, or failure with an error
/// naming `what` for types modelc does not compile.
FailureOr<Type> convertElementType(MLIRContext *context, Location loc,
                                   const Twine &what, int64_t dataType);

/// Checks `tensor` without converting it: supported data type, valid
/// dimensions, and data (raw or typed, already loaded if it was external)
/// that holds exactly the elements the dimensions call for.
LogicalResult checkTensor(const ::onnx::TensorProto &tensor,
                          MLIRContext *context, Location loc,
                          const Twine &what);

/// Converts `tensor` (raw or typed data, already loaded if it was external)
/// to a DenseElementsAttr of its type, checking its data type, dimensions
/// and that its data holds exactly the elements they call for. `what` names
/// the tensor in errors ("initializer 'w'").
FailureOr<DenseElementsAttr> convertTensor(const ::onnx::TensorProto &tensor,
                                           MLIRContext *context, Location loc,
                                           const Twine &what);

/// Converts an ONNX tensor TypeProto to a ranked tensor type with dynamic
/// dimensions where the dimension is unknown or symbolic. Returns a null
/// type if the TypeProto says nothing about the rank; fails for non-tensor
/// types, unsupported element types and negative dimensions.
FailureOr<Type> convertTensorType(const ::onnx::TypeProto &type,
                                  MLIRContext *context, Location loc,
                                  const Twine &what);

} // namespace mlir::modelc

#endif // MODELC_COMPILER_IMPORT_TENSORCONVERSION_H

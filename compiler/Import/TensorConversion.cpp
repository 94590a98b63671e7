//===- TensorConversion.cpp - ONNX tensors to MLIR attributes -------------===//
//
// Part of the modelc project, under the Apache License v2.0 with LLVM
// Exceptions. SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "compiler/Import/TensorConversion.h"

#include "dialects/ONNX/IR/ONNXTypes.h"

#include "mlir/IR/Diagnostics.h"
#include "llvm/Support/Endian.h"

#include <cstring>

using namespace mlir;
using namespace mlir::modelc;

FailureOr<int64_t>
mlir::modelc::getCheckedElementCount(Location loc, const Twine &what,
                                     ArrayRef<int64_t> dims) {
  if (int64_t(dims.size()) > kMaxTensorRank)
    return emitError(loc) << what << " has rank " << dims.size()
                          << "; modelc supports at most " << kMaxTensorRank
                          << " dimensions";
  int64_t count = 1;
  for (int64_t d : dims) {
    if (d < 0)
      return emitError(loc) << what << " has a negative dimension " << d;
    if (d != 0 && count > kMaxTensorElements / d)
      return emitError(loc) << what << " has more than " << kMaxTensorElements
                            << " elements (dimensions overflow)";
    count *= d;
  }
  return count;
}

FailureOr<Type> mlir::modelc::convertElementType(MLIRContext *context,
                                                 Location loc,
                                                 const Twine &what,
                                                 int64_t dataType) {
  Type type = modelc::onnx::convertDataType(context, dataType);
  if (!type)
    return emitError(loc) << what << " has data type "
                          << modelc::onnx::getDataTypeName(dataType) << " ("
                          << dataType << "), which modelc does not support";
  return type;
}

namespace {
/// Copies `values` into `buffer` as little-endian `T`, converting each.
template <typename T, typename Range>
void appendAs(std::vector<char> &buffer, const Range &values) {
  for (auto v : values) {
    T converted = static_cast<T>(v);
    char bytes[sizeof(T)];
    std::memcpy(bytes, &converted, sizeof(T));
    buffer.insert(buffer.end(), bytes, bytes + sizeof(T));
  }
}
} // namespace

namespace {
/// Returns how many values the typed field that ONNX uses for `dataType`
/// holds.
int64_t getTypedValueCount(const ::onnx::TensorProto &tensor) {
  switch (tensor.data_type()) {
  case ::onnx::TensorProto::FLOAT:
    return tensor.float_data_size();
  case ::onnx::TensorProto::DOUBLE:
    return tensor.double_data_size();
  case ::onnx::TensorProto::INT64:
    return tensor.int64_data_size();
  case ::onnx::TensorProto::UINT32:
  case ::onnx::TensorProto::UINT64:
    return tensor.uint64_data_size();
  default:
    return tensor.int32_data_size();
  }
}
} // namespace

LogicalResult mlir::modelc::checkTensor(const ::onnx::TensorProto &tensor,
                                        MLIRContext *context, Location loc,
                                        const Twine &what) {
  if (tensor.data_location() == ::onnx::TensorProto::EXTERNAL)
    return emitError(loc) << what << " still refers to external data";
  if (tensor.has_segment())
    return emitError(loc) << what
                          << " is segmented, which modelc does not support";
  int64_t dataType = tensor.data_type();
  if (failed(convertElementType(context, loc, what, dataType)))
    return failure();
  SmallVector<int64_t> dims(tensor.dims().begin(), tensor.dims().end());
  FailureOr<int64_t> count = getCheckedElementCount(loc, what, dims);
  if (failed(count))
    return failure();
  int64_t typedCount = getTypedValueCount(tensor);
  if (tensor.has_raw_data()) {
    int64_t expected = *count * modelc::onnx::getDataTypeByteSize(dataType);
    if (static_cast<int64_t>(tensor.raw_data().size()) != expected)
      return emitError(loc)
             << what << " has " << tensor.raw_data().size()
             << " bytes of raw data, but its dimensions [" << dims
             << "] and data type " << modelc::onnx::getDataTypeName(dataType)
             << " need " << expected;
    if (typedCount != 0)
      return emitError(loc) << what << " has both raw and typed data";
    return success();
  }
  if (typedCount != *count)
    return emitError(loc) << what << " has " << typedCount
                          << " values, but its dimensions [" << dims
                          << "] need " << *count;
  return success();
}

FailureOr<DenseElementsAttr>
mlir::modelc::convertTensor(const ::onnx::TensorProto &tensor,
                            MLIRContext *context, Location loc,
                            const Twine &what) {
  if (failed(checkTensor(tensor, context, loc, what)))
    return failure();
  int64_t dataType = tensor.data_type();
  SmallVector<int64_t> dims(tensor.dims().begin(), tensor.dims().end());
  auto type = RankedTensorType::get(
      dims, modelc::onnx::convertDataType(context, dataType));
  int64_t count = type.getNumElements();
  if (count == 0)
    return DenseElementsAttr::get(type, ArrayRef<Attribute>());
  bool isBool = type.getElementType().isInteger(1);
  if (tensor.has_raw_data()) {
    const std::string &raw = tensor.raw_data();
    if (isBool) {
      SmallVector<bool> values;
      values.reserve(count);
      for (char c : raw)
        values.push_back(c != 0);
      return DenseElementsAttr::get(type, values);
    }
    // ONNX raw data is little-endian, as is every host modelc runs on.
    static_assert(llvm::endianness::native == llvm::endianness::little,
                  "big-endian hosts need a byte swap here");
    return DenseElementsAttr::getFromRawBuffer(
        type, ArrayRef<char>(raw.data(), raw.size()));
  }
  if (isBool) {
    SmallVector<bool> values;
    for (int32_t v : tensor.int32_data())
      values.push_back(v != 0);
    return DenseElementsAttr::get(type, values);
  }
  std::vector<char> buffer;
  buffer.reserve(count * modelc::onnx::getDataTypeByteSize(dataType));
  switch (dataType) {
  case ::onnx::TensorProto::FLOAT:
    appendAs<float>(buffer, tensor.float_data());
    break;
  case ::onnx::TensorProto::DOUBLE:
    appendAs<double>(buffer, tensor.double_data());
    break;
  case ::onnx::TensorProto::INT64:
    appendAs<int64_t>(buffer, tensor.int64_data());
    break;
  case ::onnx::TensorProto::UINT32:
    appendAs<uint32_t>(buffer, tensor.uint64_data());
    break;
  case ::onnx::TensorProto::UINT64:
    appendAs<uint64_t>(buffer, tensor.uint64_data());
    break;
  case ::onnx::TensorProto::INT32:
    appendAs<int32_t>(buffer, tensor.int32_data());
    break;
  case ::onnx::TensorProto::INT16:
    appendAs<int16_t>(buffer, tensor.int32_data());
    break;
  case ::onnx::TensorProto::INT8:
    appendAs<int8_t>(buffer, tensor.int32_data());
    break;
  case ::onnx::TensorProto::UINT16:
  case ::onnx::TensorProto::FLOAT16:
  case ::onnx::TensorProto::BFLOAT16:
    // 16-bit floats are stored as their bit patterns.
    appendAs<uint16_t>(buffer, tensor.int32_data());
    break;
  case ::onnx::TensorProto::UINT8:
    appendAs<uint8_t>(buffer, tensor.int32_data());
    break;
  default:
    return emitError(loc) << what << ": unhandled data type " << dataType;
  }
  return DenseElementsAttr::getFromRawBuffer(type, buffer);
}

FailureOr<Type> mlir::modelc::convertTensorType(const ::onnx::TypeProto &type,
                                                MLIRContext *context,
                                                Location loc,
                                                const Twine &what) {
  if (!type.has_tensor_type())
    return emitError(loc) << what
                          << " is not a tensor (sequences, maps, optionals "
                             "and sparse tensors are not supported)";
  const ::onnx::TypeProto::Tensor &tensor = type.tensor_type();
  FailureOr<Type> elementType =
      convertElementType(context, loc, what, tensor.elem_type());
  if (failed(elementType))
    return failure();
  if (!tensor.has_shape())
    return Type();
  if (tensor.shape().dim_size() > kMaxTensorRank)
    return emitError(loc) << what << " has rank " << tensor.shape().dim_size()
                          << "; modelc supports at most " << kMaxTensorRank
                          << " dimensions";
  SmallVector<int64_t> dims;
  for (const ::onnx::TensorShapeProto::Dimension &dim : tensor.shape().dim()) {
    if (dim.has_dim_value()) {
      if (dim.dim_value() < 0)
        return emitError(loc)
               << what << " has a negative dimension " << dim.dim_value();
      dims.push_back(dim.dim_value());
    } else {
      dims.push_back(ShapedType::kDynamic);
    }
  }
  SmallVector<int64_t> staticDims;
  for (int64_t d : dims)
    staticDims.push_back(ShapedType::isDynamic(d) ? 1 : d);
  if (failed(getCheckedElementCount(loc, what, staticDims)))
    return failure();
  return Type(RankedTensorType::get(dims, *elementType));
}

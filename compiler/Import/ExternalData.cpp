//===- ExternalData.cpp - Safe loading of ONNX external data --------------===//
//
// Part of the modelc project, under the Apache License v2.0 with LLVM
// Exceptions. SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "compiler/Import/ExternalData.h"

#include "compiler/Import/TensorConversion.h"
#include "dialects/ONNX/IR/ONNXTypes.h"

#include "mlir/IR/Diagnostics.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

using namespace mlir;
using namespace mlir::modelc;

namespace {
/// Returns the canonical absolute form of `path` (symlinks resolved).
FailureOr<std::string> getRealPath(StringRef path) {
  SmallString<256> real;
  if (llvm::sys::fs::real_path(path, real, /*expand_tilde=*/false))
    return failure();
  return std::string(real);
}

/// Checks one tensor's external reference and loads its bytes.
LogicalResult loadTensor(::onnx::TensorProto &tensor, StringRef modelDir,
                         StringRef realModelDir, Location loc) {
  std::string name = "initializer '" + tensor.name() + "'";
  std::string location;
  std::optional<int64_t> offset, length;
  for (const ::onnx::StringStringEntryProto &entry : tensor.external_data()) {
    StringRef key = entry.key(), value = entry.value();
    int64_t number;
    if (key == "location") {
      location = value.str();
    } else if (key == "offset" || key == "length") {
      if (value.getAsInteger(10, number) || number < 0)
        return emitError(loc) << name << ": external data " << key << " '"
                              << value << "' is not a non-negative integer";
      (key == "offset" ? offset : length) = number;
    } else if (key != "checksum") {
      return emitError(loc)
             << name << ": unknown external data key '" << key << "'";
    }
  }
  if (location.empty())
    return emitError(loc) << name << ": external data has no location";
  StringRef loc8 = location;
  if (llvm::sys::path::is_absolute(loc8) || loc8.starts_with("/") ||
      loc8.starts_with("\\"))
    return emitError(loc) << name << ": external data location '" << location
                          << "' is an absolute path; it must be relative to "
                             "the model's directory";
  for (auto it = llvm::sys::path::begin(loc8), e = llvm::sys::path::end(loc8);
       it != e; ++it)
    if (*it == "..")
      return emitError(loc) << name << ": external data location '" << location
                            << "' leaves the model's directory";
  SmallString<256> joined(modelDir);
  llvm::sys::path::append(joined, location);
  FailureOr<std::string> real = getRealPath(joined);
  if (failed(real))
    return emitError(loc) << name << ": external data file '" << joined
                          << "' does not exist";
  // A symlink inside the directory may point anywhere: the resolved path
  // must still be inside the (resolved) model directory.
  if (!StringRef(*real).starts_with((realModelDir + "/").str()))
    return emitError(loc) << name << ": external data location '" << location
                          << "' resolves to '" << *real
                          << "', outside the model's directory";
  llvm::sys::fs::file_status status;
  if (llvm::sys::fs::status(*real, status) ||
      status.type() != llvm::sys::fs::file_type::regular_file)
    return emitError(loc) << name << ": external data location '" << location
                          << "' is not a regular file";
  // A hard link is a second name of a file that may live anywhere.
  if (status.getLinkCount() > 1)
    return emitError(loc) << name << ": external data file '" << location
                          << "' has " << status.getLinkCount()
                          << " hard links; modelc refuses hard-linked "
                             "external data, which may be a file outside the "
                             "model's directory (copy the file instead)";
  int64_t fileSize = status.getSize();
  int64_t start = offset.value_or(0);
  if (start > fileSize)
    return emitError(loc) << name << ": external data offset " << start
                          << " is beyond the end of '" << location << "' ("
                          << fileSize << " bytes)";
  int64_t size = length.value_or(fileSize - start);
  if (size > fileSize - start)
    return emitError(loc) << name << ": external data range [" << start << ", "
                          << start + size << ") is beyond the end of '"
                          << location << "' (" << fileSize << " bytes)";
  SmallVector<int64_t> dims(tensor.dims().begin(), tensor.dims().end());
  FailureOr<int64_t> count = getCheckedElementCount(loc, name, dims);
  if (failed(count))
    return failure();
  int64_t elementBytes = modelc::onnx::getDataTypeByteSize(tensor.data_type());
  if (elementBytes == 0)
    return emitError(loc) << name << " has data type "
                          << modelc::onnx::getDataTypeName(tensor.data_type())
                          << ", which modelc does not support";
  if (size != *count * elementBytes)
    return emitError(loc) << name << " has " << size
                          << " bytes of external data, but its dimensions and "
                             "data type need "
                          << *count * elementBytes;
  llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> buffer =
      llvm::MemoryBuffer::getFileSlice(*real, size, start,
                                       /*IsVolatile=*/false);
  if (!buffer)
    return emitError(loc) << name << ": cannot read external data from '"
                          << location << "': " << buffer.getError().message();
  tensor.set_raw_data((*buffer)->getBufferStart(), (*buffer)->getBufferSize());
  tensor.clear_external_data();
  tensor.set_data_location(::onnx::TensorProto::DEFAULT);
  return success();
}
} // namespace

LogicalResult mlir::modelc::loadExternalData(::onnx::ModelProto &model,
                                             StringRef modelPath,
                                             Location loc) {
  SmallVector<::onnx::TensorProto *> tensors;
  ::onnx::GraphProto *graph = model.mutable_graph();
  for (::onnx::TensorProto &t : *graph->mutable_initializer())
    if (t.data_location() == ::onnx::TensorProto::EXTERNAL)
      tensors.push_back(&t);
  for (::onnx::NodeProto &node : *graph->mutable_node())
    for (::onnx::AttributeProto &attr : *node.mutable_attribute())
      if (attr.has_t() &&
          attr.t().data_location() == ::onnx::TensorProto::EXTERNAL)
        tensors.push_back(attr.mutable_t());
  if (tensors.empty())
    return success();

  SmallString<256> modelDir(modelPath);
  llvm::sys::path::remove_filename(modelDir);
  if (modelDir.empty())
    modelDir = ".";
  FailureOr<std::string> realModelDir = getRealPath(modelDir);
  if (failed(realModelDir))
    return emitError(loc) << "cannot resolve the model's directory '"
                          << modelDir << "'";
  bool ok = true;
  for (::onnx::TensorProto *tensor : tensors)
    ok &= succeeded(loadTensor(*tensor, modelDir, *realModelDir, loc));
  return success(ok);
}

//===- TensorFile.h - Tensors in ONNX .pb and NumPy .npy files --*- C++ -*-===//
//
// Part of the modelc project, under the Apache License v2.0 with LLVM
// Exceptions. SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Reads and writes host tensors as serialized ONNX TensorProtos (the layout
// of the ONNX backend tests' input_N.pb / output_N.pb) or NumPy .npy files,
// chosen by extension. Errors are returned as messages naming the file.
//
//===----------------------------------------------------------------------===//

#ifndef MODELC_TOOLS_MODELC_RUN_TENSORFILE_H
#define MODELC_TOOLS_MODELC_RUN_TENSORFILE_H

#include "modelc/runtime.h"

#include <cstdint>
#include <string>
#include <vector>

namespace modelc::tools {

struct HostTensor {
  std::string name; // empty if the file has none (.npy)
  modelc_dtype_t dtype = MODELC_DTYPE_UNDEFINED;
  std::vector<int64_t> dims;
  std::vector<char> data; // little-endian, row-major

  size_t numElements() const;
  /// A view for modelc_session_run.
  modelc_tensor_t view();
};

/// Reads `path` (.pb: ONNX TensorProto; .npy). On failure returns false and
/// sets `error`.
bool readTensorFile(const std::string &path, HostTensor &tensor,
                    std::string &error);

/// Writes `tensor` to `path` (.pb or .npy), atomically.
bool writeTensorFile(const std::string &path, const HostTensor &tensor,
                     std::string &error);

/// Element `i` of `tensor` as a double (for comparisons and printing).
double elementAsDouble(const HostTensor &tensor, size_t i);

/// `value` as IEEE half or bfloat16 bits, rounded to nearest even
/// (overflow to infinity, NaN kept a NaN).
uint16_t floatToHalf(float value);
uint16_t floatToBFloat16(float value);

} // namespace modelc::tools

#endif // MODELC_TOOLS_MODELC_RUN_TENSORFILE_H

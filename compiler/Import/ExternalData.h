//===- ExternalData.h - Safe loading of ONNX external data ------*- C++ -*-===//
//
// Part of the modelc project, under the Apache License v2.0 with LLVM
// Exceptions. SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Models over 2 GiB keep their weights in files beside the .onnx file,
// referenced by a relative `location` with an `offset` and `length`. The
// model is untrusted, so every reference is checked before a byte is read:
// the location must be relative, must not contain "..", must resolve
// (symlinks included) to a regular file inside the model's directory, and
// the byte range must lie inside that file and match the tensor's size.
//
//===----------------------------------------------------------------------===//

#ifndef MODELC_COMPILER_IMPORT_EXTERNALDATA_H
#define MODELC_COMPILER_IMPORT_EXTERNALDATA_H

#include "mlir/IR/Location.h"
#include "mlir/Support/LLVM.h"

#include "onnx/onnx_pb.h"

namespace mlir::modelc {

/// Loads the external data of every tensor of `model` (initializers and
/// Constant-node values) into the tensor's raw_data, so that the rest of the
/// compiler sees only inline data. `modelPath` is the .onnx file; locations
/// resolve against its directory. Emits one error per bad reference.
LogicalResult loadExternalData(::onnx::ModelProto &model, StringRef modelPath,
                               Location loc);

} // namespace mlir::modelc

#endif // MODELC_COMPILER_IMPORT_EXTERNALDATA_H

//===- ModelLoader.h - Read, validate and normalize ONNX models -*- C++ -*-===//
//
// Part of the modelc project, under the Apache License v2.0 with LLVM
// Exceptions. SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// The first half of import: turns a file into a ModelProto the IR builder can
// trust. In order:
//
//   1. read the file (binary protobuf, or textual ONNX for `.onnxtext`);
//   2. check the graph's structure: a graph exists, names are defined once,
//      every input is defined, no cycles (nodes are put in topological order);
//   3. list every unsupported operator at once (type, domain, opset, node);
//   4. load external data safely and check every tensor's type, dimensions
//      and data size;
//   5. fix input shapes from the user's --input-shape/--batch, and reject any
//      dynamic dimension left;
//   6. run the ONNX checker, upgrade to opset 17 with libonnx's version
//      converter, and run ONNX shape inference (strict, with data
//      propagation).
//
// Every failure is reported as an error naming the file and the offending
// node, tensor or input; libonnx exceptions never escape.
//
//===----------------------------------------------------------------------===//

#ifndef MODELC_COMPILER_IMPORT_MODELLOADER_H
#define MODELC_COMPILER_IMPORT_MODELLOADER_H

#include "compiler/Options.h"

#include "mlir/IR/MLIRContext.h"
#include "mlir/Support/LLVM.h"

#include "onnx/onnx_pb.h"

namespace mlir::modelc {

/// The default-domain opset every model is normalized to; the onnx dialect
/// mirrors its schemas.
constexpr int64_t kTargetOpset = 17;
/// The oldest opset modelc tests; older models are upgraded best-effort.
constexpr int64_t kOldestTestedOpset = 7;

/// A validated model, normalized to opset `kTargetOpset`.
struct LoadedModel {
  ::onnx::ModelProto proto;
  /// The default-domain opset the file declared.
  int64_t sourceOpset = 0;
};

/// Reads and validates the model at `path` (see the file comment). `context`
/// must have the onnx dialect loaded: it decides which operators are
/// supported.
FailureOr<LoadedModel> loadModel(MLIRContext *context, StringRef path,
                                 const CompilerOptions &options);

} // namespace mlir::modelc

#endif // MODELC_COMPILER_IMPORT_MODELLOADER_H

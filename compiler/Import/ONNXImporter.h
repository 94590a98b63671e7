//===- ONNXImporter.h - ONNX models to the onnx dialect ---------*- C++ -*-===//
//
// Part of the modelc project, under the Apache License v2.0 with LLVM
// Exceptions. SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// The second half of import: builds one `func.func` per model from a
// validated, opset-17 ModelProto. Each ONNX node becomes one onnx op, built
// generically from the node (operands in schema order, attributes mapped by
// their ONNX type) and located at a NameLoc carrying the node's name. Result
// types come from ONNX shape inference, cross-checked against (and completed
// by) the ops' own type inference. Initializers become onnx.Constant ops;
// the model's input and output names are kept as `onnx.name` argument and
// result attributes.
//
//===----------------------------------------------------------------------===//

#ifndef MODELC_COMPILER_IMPORT_ONNXIMPORTER_H
#define MODELC_COMPILER_IMPORT_ONNXIMPORTER_H

#include "compiler/Import/ModelLoader.h"
#include "compiler/Options.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"

namespace mlir::modelc {

/// Builds the onnx-dialect module of `model`, read from `path`. Returns null
/// after reporting errors (at the offending node) if an op cannot be built
/// or does not verify.
OwningOpRef<ModuleOp> importModel(MLIRContext *context,
                                  const LoadedModel &model, StringRef path);

/// Loads (see ModelLoader.h) and imports the model at `path`.
OwningOpRef<ModuleOp> importModelFile(MLIRContext *context, StringRef path,
                                      const CompilerOptions &options);

} // namespace mlir::modelc

#endif // MODELC_COMPILER_IMPORT_ONNXIMPORTER_H

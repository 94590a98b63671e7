//===- Diagnostics.h - One-line diagnostics naming the model ----*- C++ -*-===//
//
// Part of the modelc project, under the Apache License v2.0 with LLVM
// Exceptions. SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Models are not source files: an error has no useful line and column, but
// it has a file and an ONNX node or tensor name. This handler prints each
// diagnostic on one line as
//
//   model.onnx: error: at 'conv1': 'onnx.Conv' op ...
//
// taking the file from the FileLineColLoc and the name from the NameLoc the
// importer puts on every op.
//
//===----------------------------------------------------------------------===//

#ifndef MODELC_COMPILER_DIAGNOSTICS_H
#define MODELC_COMPILER_DIAGNOSTICS_H

#include "mlir/IR/Diagnostics.h"
#include "llvm/Support/raw_ostream.h"

namespace mlir::modelc {

class ModelDiagnosticHandler : public ScopedDiagnosticHandler {
public:
  /// Prints to `os`; remarks only when `showRemarks`. Counts errors.
  ModelDiagnosticHandler(MLIRContext *context, llvm::raw_ostream &os,
                         bool showRemarks);

  unsigned getNumErrors() const { return numErrors; }

private:
  void print(Diagnostic &diag, StringRef indent);

  llvm::raw_ostream &os;
  bool showRemarks;
  unsigned numErrors = 0;
};

} // namespace mlir::modelc

#endif // MODELC_COMPILER_DIAGNOSTICS_H

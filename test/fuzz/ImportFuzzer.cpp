//===- ImportFuzzer.cpp - libFuzzer target: import and graph phase --------===//
//
// Part of the modelc project, under the Apache License v2.0 with LLVM
// Exceptions. SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Feeds each input, as an .onnx file, through what `modelc --emit=mlir`
// runs: the model loader (protobuf, checks, external data, libonnx checker,
// version converter, shape inference), the importer and the graph phase
// (shape inference, folding, BatchNorm folding, DCE, the static-shape
// contract). Errors are the expected outcome for most inputs; a crash, a
// sanitizer report, a leak or a timeout is a bug. Inputs are written to a
// per-process temporary directory, so external-data paths resolve as for a
// real model. Build and run: scripts/fuzz.sh.
//
//===----------------------------------------------------------------------===//

#include "compiler/Driver.h"
#include "compiler/Options.h"
#include "dialects/InitAllDialects.h"

#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include <cstdint>
#include <cstdlib>
#include <string>

namespace {
std::string modelPath;
mlir::DialectRegistry *registry;
} // namespace

extern "C" int LLVMFuzzerInitialize(int *, char ***) {
  registry = new mlir::DialectRegistry();
  mlir::modelc::registerAllDialects(*registry);
  llvm::SmallString<128> dir;
  if (llvm::sys::fs::createUniqueDirectory("modelc-fuzz", dir)) {
    llvm::errs() << "modelc-fuzz: cannot create a temporary directory\n";
    std::abort();
  }
  modelPath = (dir + "/model.onnx").str();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  {
    std::error_code error;
    llvm::raw_fd_ostream os(modelPath, error);
    if (error)
      return 0;
    os.write(reinterpret_cast<const char *>(data), size);
  }
  mlir::MLIRContext context(*registry, mlir::MLIRContext::Threading::DISABLED);
  context.getDiagEngine().registerHandler(
      [](mlir::Diagnostic &) { return mlir::success(); });
  mlir::modelc::CompilerOptions options;
  options.compileTo = mlir::modelc::Phase::Graph;
  options.emit = mlir::modelc::EmitKind::MLIR;
  // Dynamic batch dimensions of the node tests get a size; smaller folding
  // budgets keep each input fast (the budgets themselves are under test).
  options.batch = 2;
  options.foldMaxElements = 1 << 16;
  options.foldMaxTotalElements = 1 << 20;
  (void)mlir::modelc::compileModel(context, modelPath, options);
  return 0;
}

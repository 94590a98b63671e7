//===- modelc.cpp - The modelc compiler driver ----------------------------===//
//
// Part of the modelc project, under the Apache License v2.0 with LLVM
// Exceptions. SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// `modelc MODEL.onnx [--emit=mlir|mlir-import] [--compile-to=PHASE] [-o FILE]`
// Parses flags and calls the driver; everything else is in compiler/.
//
//===----------------------------------------------------------------------===//

#include "compiler/Driver.h"
#include "compiler/Options.h"
#include "dialects/InitAllDialects.h"

#include "mlir/IR/AsmState.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Support/Timing.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/InitLLVM.h"

namespace cl = llvm::cl;

int main(int argc, char **argv) {
  llvm::InitLLVM init(argc, argv);
  mlir::modelc::registerCompilerCLOptions();
  mlir::registerMLIRContextCLOptions();
  mlir::registerPassManagerCLOptions();
  mlir::registerDefaultTimingManagerCLOptions();
  mlir::registerAsmPrinterCLOptions();
  cl::OptionCategory &category = mlir::modelc::getCompilerOptionCategory();
  cl::opt<std::string> input(cl::Positional, cl::Required,
                             cl::desc("<model.onnx | model.onnxtext>"),
                             cl::cat(category));
  cl::opt<std::string> output(
      "o", cl::desc("Output file ('-': stdout; default: <model>.so)"),
      cl::value_desc("file"), cl::cat(category));
  // --help lists modelc's options; LLVM's and MLIR's (--mlir-timing,
  // --mlir-print-ir-after-all, ...) still work, listed by --help-hidden.
  cl::HideUnrelatedOptions(category);
  cl::ParseCommandLineOptions(
      argc, argv,
      "modelc: compiles an ONNX model ahead of time for NVIDIA GPUs\n\n"
      "  MLIR's and LLVM's options (--mlir-timing, "
      "--mlir-print-ir-after-all, ...)\n  also work; --help-hidden lists "
      "them.\n");

  std::string outputPath = output;
  if (outputPath.empty())
    outputPath = mlir::modelc::getDefaultOutputPath(input);
  std::optional<mlir::modelc::CompilerOptions> options =
      mlir::modelc::getCompilerOptionsFromCL(outputPath);
  if (!options)
    return 1;
  mlir::DialectRegistry registry;
  mlir::modelc::registerAllDialects(registry);
  mlir::MLIRContext context(registry);
  return mlir::failed(
             mlir::modelc::runCompiler(context, input, outputPath, *options))
             ? 1
             : 0;
}

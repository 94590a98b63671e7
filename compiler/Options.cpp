//===- Options.cpp - Command-line binding of CompilerOptions --------------===//
//
// Part of the modelc project, under the Apache License v2.0 with LLVM
// Exceptions. SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "compiler/Options.h"

#include "llvm/Support/CommandLine.h"
#include "llvm/Support/ManagedStatic.h"
#include "llvm/Support/raw_ostream.h"

using namespace mlir;
using namespace mlir::modelc;

StringRef mlir::modelc::getPhaseName(Phase phase) {
  switch (phase) {
  case Phase::Import:
    return "import";
  case Phase::Graph:
    return "graph";
  }
  llvm_unreachable("unknown phase");
}

std::optional<InputShapeSpec>
mlir::modelc::parseInputShapeSpec(StringRef spec, std::string &error) {
  size_t eq = spec.rfind('=');
  if (eq == StringRef::npos || eq == 0) {
    error = ("--input-shape '" + spec +
             "' is not NAME=D0,D1,... (for example x=1,3,224,224)")
                .str();
    return std::nullopt;
  }
  InputShapeSpec result;
  result.name = spec.take_front(eq).str();
  StringRef dims = spec.drop_front(eq + 1).trim();
  if (dims.empty()) // A scalar input: NAME= gives rank 0.
    return result;
  SmallVector<StringRef> parts;
  dims.split(parts, ',');
  for (StringRef part : parts) {
    int64_t d;
    if (part.trim().getAsInteger(10, d) || d < 0) {
      error = ("--input-shape '" + spec + "': '" + part.trim() +
               "' is not a non-negative dimension")
                  .str();
      return std::nullopt;
    }
    result.dims.push_back(d);
  }
  return result;
}

namespace {
namespace cl = llvm::cl;

/// The options live in a struct created on registration, so tools that do
/// not register them (modelc-opt) do not see them.
struct CLOptions {
  cl::OptionCategory category{"modelc compiler options"};

  cl::list<std::string> inputShapes{
      "input-shape",
      cl::desc("Fix the shape of a model input: NAME=D0,D1,... "
               "(repeatable; e.g. --input-shape input=1,3,224,224)"),
      cl::value_desc("name=dims"), cl::cat(category)};
  cl::opt<int64_t> batch{
      "batch",
      cl::desc("Give every dynamic leading (batch) dimension of the inputs "
               "this size"),
      cl::init(0), cl::cat(category)};
  cl::opt<int64_t> foldMaxElements{
      "fold-max-elements",
      cl::desc("Constant folding: largest result (elements) of one op"),
      cl::init(int64_t{1} << 22), cl::cat(category)};
  cl::opt<int64_t> foldMaxTotalElements{
      "fold-max-total-elements",
      cl::desc("Constant folding: most elements created in total"),
      cl::init(int64_t{1} << 28), cl::cat(category)};
  cl::opt<Phase> compileTo{
      "compile-to", cl::desc("Stop after this phase"),
      cl::values(clEnumValN(Phase::Import, "import",
                            "onnx dialect straight from the importer"),
                 clEnumValN(Phase::Graph, "graph",
                            "optimized onnx dialect with static shapes")),
      cl::init(Phase::Graph), cl::cat(category)};
  cl::opt<std::string> emit{
      "emit",
      cl::desc("What to write: 'mlir' (the IR after --compile-to) or "
               "'mlir-import' (the IR straight from import)"),
      cl::init("mlir"), cl::cat(category)};
  cl::opt<bool> verbose{"verbose", cl::desc("Print progress and phase timings"),
                        cl::init(false), cl::cat(category)};
  cl::alias verboseShort{"v", cl::desc("Alias for --verbose"),
                         cl::aliasopt(verbose)};
};

llvm::ManagedStatic<CLOptions> clOptions;
} // namespace

void mlir::modelc::registerCompilerCLOptions() { *clOptions; }

std::optional<CompilerOptions> mlir::modelc::getCompilerOptionsFromCL() {
  CompilerOptions options;
  for (const std::string &spec : clOptions->inputShapes) {
    std::string error;
    std::optional<InputShapeSpec> parsed = parseInputShapeSpec(spec, error);
    if (!parsed) {
      llvm::errs() << "modelc: error: " << error << "\n";
      return std::nullopt;
    }
    options.inputShapes.push_back(std::move(*parsed));
  }
  if (clOptions->batch.getNumOccurrences()) {
    if (clOptions->batch < 1) {
      llvm::errs() << "modelc: error: --batch must be at least 1, got "
                   << clOptions->batch << "\n";
      return std::nullopt;
    }
    options.batch = clOptions->batch;
  }
  if (clOptions->foldMaxElements < 0 || clOptions->foldMaxTotalElements < 0) {
    llvm::errs() << "modelc: error: folding budgets must be non-negative\n";
    return std::nullopt;
  }
  options.foldMaxElements = clOptions->foldMaxElements;
  options.foldMaxTotalElements = clOptions->foldMaxTotalElements;
  options.compileTo = clOptions->compileTo;
  StringRef emit = clOptions->emit;
  if (emit == "mlir-import") {
    options.compileTo = Phase::Import;
  } else if (emit != "mlir") {
    llvm::errs() << "modelc: error: --emit=" << emit
                 << " is not supported (choose mlir or mlir-import)\n";
    return std::nullopt;
  }
  options.emit = EmitKind::MLIR;
  options.verbose = clOptions->verbose;
  return options;
}

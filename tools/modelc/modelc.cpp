//===- modelc.cpp - The modelc compiler driver ----------------------------===//
//
// Part of the modelc project, under the Apache License v2.0 with LLVM
// Exceptions. SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// `modelc MODEL.onnx [--emit=mlir|mlir-import] [--compile-to=PHASE] [-o FILE]`
// Parses flags and calls the driver; everything else is in compiler/.
// `--tune=FILE` first runs the on-device tuner (scripts/gpu/tune.py, which
// builds and profiles the model with this modelc and modelc-run), then
// compiles with the cache it wrote.
//
//===----------------------------------------------------------------------===//

#include "compiler/Driver.h"
#include "compiler/Options.h"
#include "dialects/InitAllDialects.h"

#include "mlir/IR/AsmState.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Support/Timing.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"

#include <cstdlib>
#include <string>
#include <vector>

namespace cl = llvm::cl;

namespace {
/// Prints `modelc: error: message` (as compiler/Options.cpp does) and
/// returns 1.
int fail(const llvm::Twine &message) {
  llvm::errs() << "modelc: error: " << message << "\n";
  return 1;
}

/// The modelc flags a tuning build takes: `args` (the command line after
/// argv[0]) less the model, the output, what to emit or stop at, --report
/// and --tune itself (the tuner adds its own -o, --report and
/// --tuning-cache).
std::vector<std::string> getTuningFlags(llvm::ArrayRef<std::string> args,
                                        llvm::StringRef input) {
  std::vector<std::string> flags;
  bool inputSeen = false;
  for (size_t i = 0; i < args.size(); ++i) {
    llvm::StringRef arg = args[i];
    llvm::StringRef name = arg.ltrim('-').split('=').first;
    if (!inputSeen && arg == input) {
      inputSeen = true;
      continue;
    }
    if (!arg.starts_with("-")) {
      flags.push_back(args[i]);
      continue;
    }
    if (name == "o" || name == "tune" || name == "emit" ||
        name == "compile-to") {
      if (!arg.contains('='))
        ++i; // its value, the next word
      continue;
    }
    if (name == "report")
      continue;
    flags.push_back(args[i]);
  }
  return flags;
}

/// The first of `candidates` that exists, or "".
std::string findFile(llvm::ArrayRef<std::string> candidates) {
  for (const std::string &path : candidates)
    if (!path.empty() && llvm::sys::fs::exists(path))
      return path;
  return "";
}

/// Runs scripts/gpu/tune.py on `input` with this modelc and the modelc-run
/// next to it (or on PATH), writing the cache `cachePath`. The script is
/// $MODELC_TUNE_SCRIPT, else found relative to this executable (build/bin
/// or bin/ of the source tree) or in the source tree it was built from.
int runTuner(const char *argv0, llvm::StringRef input,
             llvm::StringRef cachePath, const std::vector<std::string> &flags) {
  std::string self =
      llvm::sys::fs::getMainExecutable(argv0, reinterpret_cast<void *>(&fail));
  llvm::StringRef bin = llvm::sys::path::parent_path(self);
  std::string script;
  if (const char *env = std::getenv("MODELC_TUNE_SCRIPT")) {
    script = env;
    if (!llvm::sys::fs::exists(script))
      return fail("--tune: MODELC_TUNE_SCRIPT names '" + script +
                  "', which does not exist");
  } else {
    llvm::SmallString<256> build(bin), tree(bin);
    llvm::sys::path::append(build, "../../scripts/gpu/tune.py");
    llvm::sys::path::append(tree, "../scripts/gpu/tune.py");
    for (llvm::SmallString<256> *path : {&build, &tree})
      llvm::sys::path::remove_dots(*path, /*remove_dot_dot=*/true);
    script =
        findFile({build.str().str(), tree.str().str(),
                  std::string(MODELC_SOURCE_DIR) + "/scripts/gpu/tune.py"});
    if (script.empty())
      return fail("--tune: cannot find the tuner scripts/gpu/tune.py (set "
                  "MODELC_TUNE_SCRIPT to its path)");
  }
  std::string run = findFile({(bin + "/modelc-run").str()});
  if (run.empty()) {
    llvm::ErrorOr<std::string> onPath =
        llvm::sys::findProgramByName("modelc-run");
    if (!onPath)
      return fail("--tune: needs modelc-run next to modelc or on PATH");
    run = *onPath;
  }
  llvm::ErrorOr<std::string> python = llvm::sys::findProgramByName("python3");
  if (!python)
    return fail("--tune: needs python3 on PATH to run " + script);
  std::vector<std::string> command = {
      *python, script, "--modelc",      self,        "--modelc-run",
      run,     "-o",   cachePath.str(), input.str(), "--"};
  command.insert(command.end(), flags.begin(), flags.end());
  std::vector<llvm::StringRef> commandRefs(command.begin(), command.end());
  std::string message;
  int status = llvm::sys::ExecuteAndWait(*python, commandRefs, std::nullopt, {},
                                         0, 0, &message);
  if (status != 0)
    return fail(
        "--tune: the tuner " + script + " failed (" +
        (message.empty() ? "exit status " + std::to_string(status) : message) +
        "); nothing compiled");
  if (!llvm::sys::fs::exists(cachePath))
    return fail("--tune: the tuner wrote no cache '" + cachePath + "'");
  return 0;
}
} // namespace

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
  cl::opt<std::string> tune(
      "tune",
      cl::desc("Tune first, on this machine's GPU: scripts/gpu/tune.py "
               "builds the model with these flags once per candidate "
               "tensor-core tile and cuBLASLt algorithm, profiles each with "
               "modelc-run and writes each GEMM's fastest to <file>; then "
               "compile with it (--tuning-cache <file> rebuilds the same "
               "artifact on any machine)"),
      cl::value_desc("file"), cl::cat(category));
  const std::vector<std::string> args(argv + 1, argv + argc);
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
  if (!tune.empty()) {
    if (!options->tuningCachePath.empty())
      return fail("--tune writes a tuning cache and --tuning-cache reads "
                  "one: pass one of them");
    if (runTuner(argv[0], input, tune, getTuningFlags(args, input)))
      return 1;
    options->tuningCachePath = tune;
  }
  mlir::DialectRegistry registry;
  mlir::modelc::registerAllDialects(registry);
  mlir::MLIRContext context(registry);
  return mlir::failed(
             mlir::modelc::runCompiler(context, input, outputPath, *options))
             ? 1
             : 0;
}

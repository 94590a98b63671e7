//===- Driver.cpp - Compile an ONNX model end to end
//-----------------------===//
//
// Part of the modelc project, under the Apache License v2.0 with LLVM
// Exceptions. SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "compiler/Driver.h"

#include "compiler/Artifact/ArtifactWriter.h"
#include "compiler/Diagnostics.h"
#include "compiler/Import/ONNXImporter.h"
#include "compiler/Pipelines.h"
#include "compiler/Plan/ExecutionPlan.h"
#include "compiler/Target/CUDA/CudaCodegen.h"
#include "compiler/Target/Host/HostCodegen.h"

#include "mlir/IR/AsmState.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Support/Timing.h"
#include "llvm/Support/FileSystem.h"

#include <chrono>

using namespace mlir;
using namespace mlir::modelc;

namespace {
/// Prints "modelc: <what> (N ms)" progress lines when verbose.
class Progress {
public:
  explicit Progress(bool enabled) : enabled(enabled) {}

  void start(StringRef what) {
    if (!enabled)
      return;
    llvm::errs() << "modelc: " << what << "...\n";
    begin = std::chrono::steady_clock::now();
  }
  void note(StringRef what) const {
    if (enabled)
      llvm::errs() << "modelc: " << what << "\n";
  }
  void done(StringRef what) {
    if (!enabled)
      return;
    auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                  std::chrono::steady_clock::now() - begin)
                  .count();
    llvm::errs() << "modelc: " << what << " (" << ms << " ms)\n";
  }

private:
  bool enabled;
  std::chrono::steady_clock::time_point begin;
};

size_t countOps(ModuleOp module) {
  size_t count = 0;
  module.walk([&](Operation *) { ++count; });
  return count;
}
} // namespace

OwningOpRef<ModuleOp>
mlir::modelc::compileModel(MLIRContext &context, StringRef inputPath,
                           const CompilerOptions &options) {
  Progress progress(options.verbose);
  DefaultTimingManager timing;
  applyDefaultTimingManagerCLOptions(timing);
  TimingScope root = timing.getRootScope();

  progress.start(("importing " + inputPath).str());
  OwningOpRef<ModuleOp> module;
  {
    TimingScope importTiming = root.nest("Import ONNX model");
    module = importModelFile(&context, inputPath, options);
  }
  if (!module)
    return nullptr;
  progress.done("imported " + std::to_string(countOps(*module)) + " ops");
  if (options.compileTo == Phase::Import)
    return module;

  // One pass manager per phase, so that --verbose can report each.
  for (Phase phase : {Phase::Graph, Phase::Kernels, Phase::Tensor,
                      Phase::Buffers, Phase::GPU, Phase::LLVM}) {
    if (phase > options.compileTo)
      break;
    if (phase == Phase::GPU && !options.isCudaTarget())
      continue;
    std::string name = getPhaseName(phase).str();
    progress.start("running the " + name + " phase");
    PassManager pm(&context, ModuleOp::getOperationName());
    if (failed(applyPassManagerCLOptions(pm)))
      return nullptr;
    pm.enableTiming(root);
    buildPipeline(pm, options, static_cast<Phase>(static_cast<int>(phase) - 1),
                  phase);
    if (failed(pm.run(*module)))
      return nullptr;
    progress.done(name + " phase done, " + std::to_string(countOps(*module)) +
                  " ops");
  }
  return module;
}

LogicalResult
mlir::modelc::writeFileAtomically(MLIRContext &context, StringRef path,
                                  function_ref<void(raw_ostream &)> write) {
  Location loc = FileLineColLoc::get(&context, path, 0, 0);
  if (path == "-") {
    write(llvm::outs());
    llvm::outs().flush();
    return success();
  }
  llvm::Expected<llvm::sys::fs::TempFile> temp =
      llvm::sys::fs::TempFile::create(path + ".tmp-%%%%%%");
  if (!temp)
    return emitError(loc) << "cannot create the output file: "
                          << llvm::toString(temp.takeError());
  {
    llvm::raw_fd_ostream os(temp->FD, /*shouldClose=*/false);
    write(os);
    os.flush();
    if (os.has_error()) {
      std::string message = os.error().message();
      os.clear_error();
      llvm::consumeError(temp->discard());
      return emitError(loc) << "cannot write the output file: " << message;
    }
  }
  if (llvm::Error error = temp->keep(path))
    return emitError(loc) << "cannot write the output file: "
                          << llvm::toString(std::move(error));
  return success();
}

namespace {

/// The object holding the descriptor (and, for the host, the kernels):
/// optimized and compiled for the host, then linked into the artifact.
LogicalResult linkHostObject(MLIRContext &context, llvm::Module &code,
                             llvm::TargetMachine &machine, Location loc,
                             StringRef outputPath, const ExecutionPlan &plan,
                             const Progress &progress) {
  optimizeModule(code, machine);
  SmallVector<char, 0> object;
  if (failed(emitObjectFile(code, machine, loc, object)))
    return failure();
  progress.note("generated " + std::to_string(object.size()) +
                " bytes of host object code; linking");
  if (failed(linkArtifact(context, object, outputPath)))
    return failure();
  progress.note("linked; arena " + std::to_string(plan.arenaBytes) +
                " bytes, weights " + std::to_string(plan.weights.size()) +
                " bytes");
  return success();
}

LogicalResult emitHostArtifact(MLIRContext &context, ModuleOp module,
                               const ExecutionPlan &plan, StringRef outputPath,
                               const CompilerOptions &options,
                               Progress &progress) {
  Location loc = FileLineColLoc::get(&context, outputPath, 0, 0);
  FailureOr<std::unique_ptr<llvm::TargetMachine>> machine =
      createHostTargetMachine(loc);
  if (failed(machine))
    return failure();
  llvm::LLVMContext llvmContext;
  FailureOr<std::unique_ptr<llvm::Module>> code =
      translateHostKernels(module, plan, llvmContext, **machine);
  if (failed(code))
    return failure();
  if (options.emit == EmitKind::LLVMIR)
    return writeFileAtomically(context, outputPath, [&](raw_ostream &os) {
      (*code)->print(os, nullptr);
    });
  ArtifactInfo info;
  info.targetKind = MODELC_ARTIFACT_TARGET_HOST;
  info.target = getHostTriple();
  info.contentHash = computeContentHash(plan, **code);
  addArtifactDescriptor(**code, plan, info);
  progress.start("generating host code for " +
                 std::to_string(plan.kernels.size()) + " kernels");
  return linkHostObject(context, **code, **machine, loc, outputPath, plan,
                        progress);
}

LogicalResult emitCudaArtifact(MLIRContext &context, ModuleOp module,
                               const ExecutionPlan &plan, StringRef outputPath,
                               const CompilerOptions &options,
                               Progress &progress) {
  Location loc = FileLineColLoc::get(&context, outputPath, 0, 0);
  size_t launches = 0;
  for (const PlanKernel &k : plan.kernels)
    launches += k.launches.size();
  progress.start("generating PTX for " + options.target + " (" +
                 std::to_string(launches) + " GPU functions)");
  llvm::LLVMContext deviceContext;
  FailureOr<std::unique_ptr<llvm::Module>> device = translateDeviceModule(
      module, options.target, options.libdevicePath, deviceContext);
  if (failed(device))
    return failure();
  if (options.emit == EmitKind::LLVMIR)
    return writeFileAtomically(context, outputPath, [&](raw_ostream &os) {
      (*device)->print(os, nullptr);
    });
  FailureOr<std::string> ptx = emitPTX(**device, options.target, loc);
  if (failed(ptx))
    return failure();
  progress.done("generated " + std::to_string(ptx->size()) + " bytes of PTX");
  if (options.emit == EmitKind::PTX)
    return writeFileAtomically(context, outputPath,
                               [&](raw_ostream &os) { os << *ptx; });

  FailureOr<std::unique_ptr<llvm::TargetMachine>> machine =
      createHostTargetMachine(loc);
  if (failed(machine))
    return failure();
  llvm::LLVMContext hostContext;
  llvm::Module host("modelc-artifact", hostContext);
  host.setSourceFileName("modelc-artifact");
  host.setTargetTriple((*machine)->getTargetTriple());
  host.setDataLayout((*machine)->createDataLayout());
  ArtifactInfo info;
  info.targetKind = MODELC_ARTIFACT_TARGET_CUDA;
  info.target = options.target;
  info.contentHash = computeContentHash(plan, *ptx);
  info.deviceCode = std::move(*ptx);
  addArtifactDescriptor(host, plan, info);
  return linkHostObject(context, host, **machine, loc, outputPath, plan,
                        progress);
}

} // namespace

LogicalResult mlir::modelc::emitArtifact(MLIRContext &context, ModuleOp module,
                                         StringRef outputPath,
                                         const CompilerOptions &options) {
  Progress progress(options.verbose);
  FailureOr<ExecutionPlan> plan = buildExecutionPlan(module);
  if (failed(plan))
    return failure();
  if (options.report)
    printPlanReport(*plan,
                    options.isCudaTarget() ? "cuda " + options.target
                                           : "host " + getHostTriple(),
                    llvm::errs());
  if (options.isCudaTarget())
    return emitCudaArtifact(context, module, *plan, outputPath, options,
                            progress);
  return emitHostArtifact(context, module, *plan, outputPath, options,
                          progress);
}

LogicalResult mlir::modelc::runCompiler(MLIRContext &context,
                                        StringRef inputPath,
                                        StringRef outputPath,
                                        const CompilerOptions &options) {
  ModelDiagnosticHandler diagnostics(&context, llvm::errs(), options.verbose);
  // One line per diagnostic: no op dumps or stack traces attached.
  context.printOpOnDiagnostic(false);
  context.printStackTraceOnDiagnostic(false);

  OwningOpRef<ModuleOp> module = compileModel(context, inputPath, options);
  if (!module || diagnostics.getNumErrors() > 0)
    return failure();
  LogicalResult written = success();
  if (options.emit == EmitKind::MLIR) {
    if (options.report)
      llvm::errs() << "modelc: note: --report describes the memory plan of "
                      "an artifact; it is not printed with --emit=mlir\n";
    written = writeFileAtomically(context, outputPath, [&](raw_ostream &os) {
      module->print(os);
      os << "\n";
    });
  } else {
    written = emitArtifact(context, *module, outputPath, options);
  }
  if (succeeded(written) && options.verbose && outputPath != "-")
    llvm::errs() << "modelc: wrote " << outputPath << "\n";
  return success(succeeded(written) && diagnostics.getNumErrors() == 0);
}

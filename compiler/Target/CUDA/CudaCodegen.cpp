//===- CudaCodegen.cpp - GPU kernels to PTX -------------------------------===//
//
// Part of the modelc project, under the Apache License v2.0 with LLVM
// Exceptions. SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "compiler/Target/CUDA/CudaCodegen.h"
#include "compiler/Target/Optimize.h"

#include "dialects/Modelc/IR/ModelcDialect.h"
#include "passes/GPU/Passes.h"

#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Target/LLVMIR/Export.h"
#include "llvm/Bitcode/BitcodeReader.h"
#include "llvm/IR/LegacyPassManager.h"
#include "llvm/Linker/Linker.h"
#include "llvm/MC/TargetRegistry.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Target/TargetMachine.h"

#include <cstdlib>
#include <mutex>

extern "C" {
void LLVMInitializeNVPTXTargetInfo();
void LLVMInitializeNVPTXTarget();
void LLVMInitializeNVPTXTargetMC();
void LLVMInitializeNVPTXAsmPrinter();
}

using namespace mlir;
using namespace mlir::modelc;

namespace {

constexpr StringLiteral kTriple = "nvptx64-nvidia-cuda";

FailureOr<std::unique_ptr<llvm::TargetMachine>>
createNVPTXTargetMachine(StringRef target, Location loc) {
  static std::once_flag once;
  std::call_once(once, [] {
    LLVMInitializeNVPTXTargetInfo();
    LLVMInitializeNVPTXTarget();
    LLVMInitializeNVPTXTargetMC();
    LLVMInitializeNVPTXAsmPrinter();
  });
  // 32-bit pointers to shared (and constant, local) memory, as clang's
  // -fcuda-short-ptr: a tensor-core kernel's shared-memory fragment
  // addresses are then 32-bit arithmetic. Read when the target machine
  // computes its data layout; `-nvptx-short-ptr=false` on the command line
  // still wins.
  llvm::cl::Option *shortPointers =
      llvm::cl::getRegisteredOptions().lookup("nvptx-short-ptr");
  if (shortPointers && shortPointers->getNumOccurrences() == 0)
    shortPointers->addOccurrence(0, "nvptx-short-ptr", "true");
  llvm::Triple triple(kTriple);
  std::string error;
  const llvm::Target *nvptx = llvm::TargetRegistry::lookupTarget(triple, error);
  if (!nvptx)
    return emitError(loc) << "this LLVM has no NVPTX code generator: " << error;
  std::unique_ptr<llvm::TargetMachine> machine(nvptx->createTargetMachine(
      triple, target, "", llvm::TargetOptions(), std::nullopt, std::nullopt,
      llvm::CodeGenOptLevel::Aggressive));
  if (!machine)
    return emitError(loc) << "cannot create an NVPTX target machine for "
                          << target;
  return machine;
}

/// The libdevice bitcode: `explicitPath`, else under the CUDA toolkit.
std::string findLibdevice(StringRef explicitPath) {
  if (!explicitPath.empty())
    return explicitPath.str();
  SmallVector<std::string> roots;
  for (const char *variable : {"CUDA_HOME", "CUDA_PATH"})
    if (const char *value = std::getenv(variable))
      roots.push_back(value);
  roots.push_back("/usr/local/cuda");
  for (const std::string &root : roots) {
    SmallString<256> path(root);
    llvm::sys::path::append(path, "nvvm", "libdevice", "libdevice.10.bc");
    if (llvm::sys::fs::exists(path))
      return path.str().str();
  }
  return "";
}

LogicalResult linkLibdevice(llvm::Module &module, StringRef explicitPath,
                            Location loc) {
  StringRef needed;
  for (llvm::Function &f : module)
    if (f.isDeclaration() && f.getName().starts_with("__nv_"))
      needed = f.getName();
  if (needed.empty())
    return success();
  std::string path = findLibdevice(explicitPath);
  if (path.empty())
    return emitError(loc) << "the kernels call " << needed
                          << " from CUDA's libdevice, but libdevice.10.bc "
                             "was not found under $CUDA_HOME, $CUDA_PATH or "
                             "/usr/local/cuda; install the CUDA toolkit or "
                             "pass --libdevice=PATH";
  auto buffer = llvm::MemoryBuffer::getFile(path);
  if (!buffer)
    return emitError(loc) << "cannot read libdevice '" << path
                          << "': " << buffer.getError().message();
  llvm::Expected<std::unique_ptr<llvm::Module>> libdevice =
      llvm::parseBitcodeFile((*buffer)->getMemBufferRef(), module.getContext());
  if (!libdevice)
    return emitError(loc) << "cannot parse libdevice '" << path
                          << "': " << llvm::toString(libdevice.takeError());
  (*libdevice)->setTargetTriple(module.getTargetTriple());
  (*libdevice)->setDataLayout(module.getDataLayout());
  if (llvm::Linker::linkModules(module, std::move(*libdevice),
                                llvm::Linker::Flags::LinkOnlyNeeded))
    return emitError(loc) << "cannot link libdevice '" << path << "'";
  // libdevice asks __nvvm_reflect whether to flush denormals: no.
  module.addModuleFlag(llvm::Module::Override, "nvvm-reflect-ftz", uint32_t{0});
  return success();
}

} // namespace

FailureOr<std::unique_ptr<llvm::Module>>
mlir::modelc::translateDeviceModule(ModuleOp module, StringRef target,
                                    StringRef libdevicePath,
                                    llvm::LLVMContext &context) {
  Location loc = module.getLoc();
  FailureOr<std::unique_ptr<llvm::TargetMachine>> machine =
      createNVPTXTargetMachine(target, loc);
  if (failed(machine))
    return failure();

  // The device code, moved into a builtin module for translation.
  OwningOpRef<ModuleOp> device = ModuleOp::create(loc);
  for (auto kernels : module.getOps<ModuleOp>()) {
    if (kernels.getSymName() != kKernelsModuleName)
      continue;
    for (auto gpuModule : kernels.getOps<gpu::GPUModuleOp>()) {
      if (gpuModule.getSymName() != kDeviceModuleName)
        continue;
      OpBuilder builder = OpBuilder::atBlockEnd(device->getBody());
      for (Operation &op : gpuModule.getBody()->getOperations())
        builder.clone(op);
    }
  }
  std::unique_ptr<llvm::Module> llvmModule =
      translateModuleToLLVMIR(*device, context, "modelc-device");
  if (!llvmModule)
    return emitError(loc) << "cannot translate the GPU kernels to LLVM IR";
  llvmModule->setSourceFileName("modelc-device");
  llvmModule->setTargetTriple((*machine)->getTargetTriple());
  llvmModule->setDataLayout((*machine)->createDataLayout());
  if (failed(linkLibdevice(*llvmModule, libdevicePath, loc)))
    return failure();
  // Only the kernels are entry points.
  for (llvm::Function &f : *llvmModule)
    if (!f.isDeclaration() &&
        f.getCallingConv() != llvm::CallingConv::PTX_Kernel)
      f.setLinkage(llvm::GlobalValue::InternalLinkage);
  for (llvm::GlobalVariable &g : llvmModule->globals())
    if (!g.isDeclaration())
      g.setLinkage(llvm::GlobalValue::InternalLinkage);
  optimizeModule(*llvmModule, **machine);
  return llvmModule;
}

FailureOr<std::string> mlir::modelc::emitPTX(llvm::Module &module,
                                             StringRef target, Location loc) {
  FailureOr<std::unique_ptr<llvm::TargetMachine>> machine =
      createNVPTXTargetMachine(target, loc);
  if (failed(machine))
    return failure();
  std::string ptx;
  {
    llvm::raw_string_ostream os(ptx);
    llvm::buffer_ostream stream(os);
    llvm::legacy::PassManager passes;
    if ((*machine)->addPassesToEmitFile(passes, stream, nullptr,
                                        llvm::CodeGenFileType::AssemblyFile))
      return emitError(loc) << "the NVPTX code generator cannot emit PTX";
    passes.run(module);
  }
  return ptx;
}

unsigned mlir::modelc::getPTXVersion(StringRef ptx) {
  size_t at = ptx.find(".version ");
  if (at == StringRef::npos)
    return 0;
  StringRef rest = ptx.drop_front(at + 9);
  unsigned major = 0, minor = 0;
  if (rest.consumeInteger(10, major) || !rest.consume_front(".") ||
      rest.consumeInteger(10, minor))
    return 0;
  return major * 10 + minor;
}

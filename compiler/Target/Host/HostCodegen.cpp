//===- HostCodegen.cpp - Kernels to machine code for the host -------------===//
//
// Part of the modelc project, under the Apache License v2.0 with LLVM
// Exceptions. SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "compiler/Target/Host/HostCodegen.h"

#include "dialects/Modelc/IR/ModelcDialect.h"

#include "mlir/Target/LLVMIR/Export.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/LegacyPassManager.h"
#include "llvm/MC/TargetRegistry.h"
#include "llvm/Support/CodeGen.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/TargetParser/Host.h"

using namespace mlir;
using namespace mlir::modelc;

std::string mlir::modelc::getHostTriple() {
  return llvm::sys::getDefaultTargetTriple();
}

FailureOr<std::unique_ptr<llvm::TargetMachine>>
mlir::modelc::createHostTargetMachine(Location loc) {
  llvm::InitializeNativeTarget();
  llvm::InitializeNativeTargetAsmPrinter();
  llvm::Triple triple(getHostTriple());
  std::string error;
  const llvm::Target *target =
      llvm::TargetRegistry::lookupTarget(triple, error);
  if (!target)
    return emitError(loc) << "no code generator for the host target '"
                          << triple.str() << "': " << error;
  llvm::TargetOptions options;
  // A generic CPU: the artifact runs on any machine of this architecture.
  std::unique_ptr<llvm::TargetMachine> machine(target->createTargetMachine(
      triple, "generic", "", options, llvm::Reloc::PIC_, std::nullopt,
      llvm::CodeGenOptLevel::Aggressive));
  if (!machine)
    return emitError(loc) << "cannot create a target machine for '"
                          << triple.str() << "'";
  return machine;
}

FailureOr<std::unique_ptr<llvm::Module>>
mlir::modelc::translateHostKernels(ModuleOp module, const ExecutionPlan &plan,
                                   llvm::LLVMContext &context,
                                   llvm::TargetMachine &machine) {
  ModuleOp kernels;
  for (auto nested : module.getOps<ModuleOp>())
    if (nested.getSymName() == kKernelsModuleName)
      kernels = nested;
  std::unique_ptr<llvm::Module> llvmModule;
  if (kernels) {
    llvmModule = translateModuleToLLVMIR(kernels, context, "modelc-artifact");
    if (!llvmModule)
      return emitError(kernels.getLoc())
             << "cannot translate the kernels to LLVM IR";
  } else {
    llvmModule = std::make_unique<llvm::Module>("modelc-artifact", context);
  }
  llvmModule->setSourceFileName("modelc-artifact");
  llvmModule->setTargetTriple(machine.getTargetTriple());
  llvmModule->setDataLayout(machine.createDataLayout());
  // Nothing but the descriptor is exported.
  for (llvm::Function &f : *llvmModule)
    if (!f.isDeclaration())
      f.setLinkage(llvm::GlobalValue::InternalLinkage);
  for (llvm::GlobalVariable &g : llvmModule->globals())
    if (!g.isDeclaration())
      g.setLinkage(llvm::GlobalValue::InternalLinkage);

  // void <kernel>_entry(void *const *args) { <kernel>(args[0], ...); }
  llvm::IRBuilder<> builder(context);
  llvm::Type *ptr = builder.getPtrTy();
  auto *entryType =
      llvm::FunctionType::get(builder.getVoidTy(), {ptr}, /*isVarArg=*/false);
  for (const PlanKernel &kernel : plan.kernels) {
    llvm::Function *callee = llvmModule->getFunction(kernel.name);
    if (!callee)
      return emitError(module.getLoc())
             << "kernel '" << kernel.name << "' is missing from the LLVM IR";
    if (callee->arg_size() != kernel.numArgs)
      return emitError(module.getLoc())
             << "kernel '" << kernel.name << "' takes " << callee->arg_size()
             << " arguments, but the plan passes " << kernel.numArgs;
    auto *entry =
        llvm::Function::Create(entryType, llvm::GlobalValue::InternalLinkage,
                               kernel.name + "_entry", *llvmModule);
    builder.SetInsertPoint(llvm::BasicBlock::Create(context, "", entry));
    SmallVector<llvm::Value *> args;
    for (unsigned i = 0; i < kernel.numArgs; ++i) {
      llvm::Value *slot =
          builder.CreateConstInBoundsGEP1_64(ptr, entry->getArg(0), i);
      args.push_back(builder.CreateLoad(ptr, slot));
    }
    builder.CreateCall(callee, args);
    builder.CreateRetVoid();
  }
  return llvmModule;
}

LogicalResult mlir::modelc::emitObjectFile(llvm::Module &module,
                                           llvm::TargetMachine &machine,
                                           Location loc,
                                           SmallVectorImpl<char> &object) {
  llvm::raw_svector_ostream os(object);
  llvm::legacy::PassManager passes;
  if (machine.addPassesToEmitFile(passes, os, nullptr,
                                  llvm::CodeGenFileType::ObjectFile))
    return emitError(loc) << "the host code generator cannot emit objects";
  passes.run(module);
  return success();
}

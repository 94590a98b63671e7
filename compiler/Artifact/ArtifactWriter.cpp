//===- ArtifactWriter.cpp - The compiled model as a shared library --------===//
//
// Part of the modelc project, under the Apache License v2.0 with LLVM
// Exceptions. SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "compiler/Artifact/ArtifactWriter.h"

#include "compiler/Driver.h"

#include "mlir/IR/Diagnostics.h"
#include "llvm/Bitcode/BitcodeWriter.h"
#include "llvm/Config/llvm-config.h"
#include "llvm/IR/Constants.h"
#include "llvm/IR/DerivedTypes.h"
#include "llvm/IR/GlobalVariable.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FileUtilities.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/SHA256.h"

#include <cstring>

using namespace mlir;
using namespace mlir::modelc;

#ifndef MODELC_VERSION
#define MODELC_VERSION "0.0.0"
#endif

std::string mlir::modelc::getCompilerVersion() {
  return "modelc " MODELC_VERSION " (MLIR/LLVM " LLVM_VERSION_STRING ")";
}

namespace {

std::string toHex(ArrayRef<uint8_t> bytes) {
  static const char digits[] = "0123456789abcdef";
  std::string hex;
  for (uint8_t b : bytes) {
    hex.push_back(digits[b >> 4]);
    hex.push_back(digits[b & 15]);
  }
  return hex;
}

/// Builds the descriptor's constants with the layouts of
/// modelc/artifact_format.h on an LP64 target (natural alignment, which is
/// also LLVM's default struct layout).
class DescriptorBuilder {
public:
  DescriptorBuilder(llvm::Module &module)
      : module(module), context(module.getContext()),
        ptr(llvm::PointerType::getUnqual(context)),
        i32(llvm::Type::getInt32Ty(context)),
        i64(llvm::Type::getInt64Ty(context)) {
    auto u32x3 = llvm::ArrayType::get(i32, 3);
    tensorType = llvm::StructType::create(context, {ptr, i32, i32, ptr, i64},
                                          "modelc_artifact_tensor");
    bufferType = llvm::StructType::create(context, {i32, i32, i64, i64},
                                          "modelc_artifact_buffer");
    kernelType = llvm::StructType::create(
        context, {ptr, ptr, ptr, i32, u32x3, u32x3, i32, i64, ptr},
        "modelc_artifact_kernel");
    llvm::Type *f32 = llvm::Type::getFloatTy(context);
    gemmType = llvm::StructType::create(
        context, {i32, i32, i32, i32, i32, i32, i32, i32, i32, i32, i32, i32,
                  f32, f32, i64, i64, i64, i64, i64, i64, i64, i64, i32, i32},
        "modelc_artifact_gemm");
    stepType = llvm::StructType::create(context, {i32, i32, i32, i32},
                                        "modelc_artifact_step");
    artifactType = llvm::StructType::create(
        context, {i64, i32, i32, ptr, ptr, ptr, ptr, i32, i32, ptr, ptr, i64,
                  i64, ptr, i32, i32, i32, i32, ptr, ptr, ptr, ptr, i64},
        "modelc_artifact");
  }

  llvm::Constant *u32(uint64_t v) { return llvm::ConstantInt::get(i32, v); }
  llvm::Constant *u64(uint64_t v) { return llvm::ConstantInt::get(i64, v); }

  /// A private constant global holding `init`.
  llvm::Constant *global(llvm::Constant *init, StringRef name,
                         unsigned alignment = 8) {
    auto *g = new llvm::GlobalVariable(
        module, init->getType(),
        /*isConstant=*/true, llvm::GlobalValue::PrivateLinkage, init, name);
    g->setAlignment(llvm::Align(alignment));
    g->setUnnamedAddr(llvm::GlobalValue::UnnamedAddr::Global);
    return g;
  }

  llvm::Constant *string(StringRef s) {
    return global(llvm::ConstantDataArray::getString(context, s), "str", 1);
  }

  llvm::Constant *array(llvm::Type *element, ArrayRef<llvm::Constant *> items,
                        StringRef name) {
    if (items.empty())
      return llvm::ConstantPointerNull::get(ptr);
    return global(llvm::ConstantArray::get(
                      llvm::ArrayType::get(element, items.size()), items),
                  name);
  }

  llvm::Constant *tensors(ArrayRef<PlanTensor> list, StringRef name) {
    SmallVector<llvm::Constant *> items;
    for (const PlanTensor &t : list) {
      SmallVector<llvm::Constant *> dims;
      for (int64_t d : t.dims)
        dims.push_back(u64(d));
      items.push_back(llvm::ConstantStruct::get(
          tensorType, {string(t.name), u32(t.dtype), u32(t.dims.size()),
                       array(i64, dims, "dims"), u64(t.bytes)}));
    }
    return array(tensorType, items, name);
  }

  llvm::Constant *gemm(const modelc_artifact_gemm_t &g) {
    auto real = [&](float v) {
      return llvm::ConstantFP::get(llvm::Type::getFloatTy(context), v);
    };
    return global(llvm::ConstantStruct::get(
                      gemmType, {u32(g.library),   u32(g.compute),
                                 u32(g.trans_a),   u32(g.trans_b),
                                 u32(g.relu),      u32(g.ab_dtype),
                                 u32(g.d_dtype),   u32(g.arg_a),
                                 u32(g.arg_b),     u32(g.arg_bias),
                                 u32(g.arg_c),     u32(g.arg_d),
                                 real(g.alpha),    real(g.beta),
                                 u64(g.m),         u64(g.n),
                                 u64(g.k),         u64(g.batch),
                                 u64(g.stride_a),  u64(g.stride_b),
                                 u64(g.stride_d),  u64(g.workspace_bytes),
                                 u32(g.algorithm), u32(0)}),
                  "gemm");
  }

  llvm::Constant *buffer(const modelc_artifact_buffer_t &b) {
    return llvm::ConstantStruct::get(
        bufferType, {u32(b.kind), u32(b.index), u64(b.offset), u64(b.bytes)});
  }

  void build(const ExecutionPlan &plan, const ArtifactInfo &info) {
    SmallVector<llvm::Constant *> kernels, steps, args;
    auto zeros = llvm::ConstantAggregateZero::get(llvm::ArrayType::get(i32, 3));
    llvm::Constant *null = llvm::ConstantPointerNull::get(ptr);
    auto dim3 = [&](const std::array<uint32_t, 3> &v) {
      return llvm::ConstantArray::get(llvm::ArrayType::get(i32, 3),
                                      {u32(v[0]), u32(v[1]), u32(v[2])});
    };
    // Host: one descriptor kernel per plan kernel. CUDA: one per launch,
    // and a plan step becomes one step per launch of its kernel, all on the
    // same arguments.
    bool cuda = info.targetKind == MODELC_ARTIFACT_TARGET_CUDA;
    SmallVector<uint32_t> firstKernel;
    for (const PlanKernel &k : plan.kernels) {
      firstKernel.push_back(kernels.size());
      if (!cuda) {
        kernels.push_back(llvm::ConstantStruct::get(
            kernelType, {string(k.name), string(k.onnxNodes),
                         module.getFunction(k.name + "_entry"), u32(k.numArgs),
                         zeros, zeros, u32(0), u64(0), null}));
        continue;
      }
      // A library GEMM is one descriptor kernel and one step.
      if (k.gemm) {
        kernels.push_back(llvm::ConstantStruct::get(
            kernelType,
            {string(k.name), string(k.onnxNodes), null, u32(k.numArgs), zeros,
             zeros, u32(0), u64(getGemmFlops(*k.gemm)), gemm(*k.gemm)}));
        continue;
      }
      for (const PlanLaunch &l : k.launches)
        kernels.push_back(llvm::ConstantStruct::get(
            kernelType,
            {string(l.name), string(k.onnxNodes), null, u32(k.numArgs),
             dim3(l.grid), dim3(l.block), u32(0), u64(l.flops), null}));
    }
    for (const PlanStep &s : plan.steps) {
      uint32_t firstArg = args.size();
      for (const modelc_artifact_buffer_t &b : s.args)
        args.push_back(buffer(b));
      if (s.kind != MODELC_STEP_KERNEL || !cuda) {
        steps.push_back(llvm::ConstantStruct::get(
            stepType,
            {u32(s.kind),
             u32(cuda && s.kind == MODELC_STEP_KERNEL ? firstKernel[s.kernel]
                                                      : s.kernel),
             u32(firstArg), u32(s.args.size())}));
        continue;
      }
      if (plan.kernels[s.kernel].gemm) {
        steps.push_back(llvm::ConstantStruct::get(
            stepType, {u32(s.kind), u32(firstKernel[s.kernel]), u32(firstArg),
                       u32(s.args.size())}));
        continue;
      }
      for (size_t l = 0; l < plan.kernels[s.kernel].launches.size(); ++l)
        steps.push_back(llvm::ConstantStruct::get(
            stepType, {u32(s.kind), u32(firstKernel[s.kernel] + l),
                       u32(firstArg), u32(s.args.size())}));
    }
    llvm::Constant *weights = llvm::ConstantPointerNull::get(ptr);
    if (!plan.weights.empty())
      weights = global(llvm::ConstantDataArray::getRaw(
                           StringRef(plan.weights.data(), plan.weights.size()),
                           plan.weights.size(), llvm::Type::getInt8Ty(context)),
                       "modelc_weights", plan.alignment);
    llvm::Constant *deviceCode = llvm::ConstantPointerNull::get(ptr);
    if (!info.deviceCode.empty())
      deviceCode = string(info.deviceCode);
    llvm::Constant *descriptor = llvm::ConstantStruct::get(
        artifactType, {u64(MODELC_ARTIFACT_MAGIC),
                       u32(MODELC_ARTIFACT_FORMAT_VERSION),
                       u32(info.targetKind),
                       string(info.target),
                       string(getCompilerVersion()),
                       string(info.contentHash),
                       string(plan.modelName),
                       u32(plan.inputs.size()),
                       u32(plan.outputs.size()),
                       tensors(plan.inputs, "inputs"),
                       tensors(plan.outputs, "outputs"),
                       u64(plan.arenaBytes),
                       u64(plan.weights.size()),
                       weights,
                       u32(kernels.size()),
                       u32(steps.size()),
                       u32(args.size()),
                       u32(plan.alignment),
                       array(kernelType, kernels, "kernels"),
                       array(stepType, steps, "steps"),
                       array(bufferType, args, "args"),
                       deviceCode,
                       u64(info.deviceCode.size())});
    auto *exported = new llvm::GlobalVariable(
        module, artifactType, /*isConstant=*/true,
        llvm::GlobalValue::ExternalLinkage, descriptor, MODELC_ARTIFACT_SYMBOL);
    exported->setVisibility(llvm::GlobalValue::DefaultVisibility);
    exported->setAlignment(llvm::Align(8));
  }

private:
  llvm::Module &module;
  llvm::LLVMContext &context;
  llvm::PointerType *ptr;
  llvm::Type *i32, *i64;
  llvm::StructType *tensorType, *bufferType, *kernelType, *gemmType, *stepType,
      *artifactType;
};

/// Finds the C compiler driver that links artifacts.
FailureOr<std::string> findLinker(Location loc) {
  if (const char *cc = std::getenv("MODELC_CC"))
    return std::string(cc);
  for (StringRef name : {"cc", "gcc", "clang"})
    if (llvm::ErrorOr<std::string> path = llvm::sys::findProgramByName(name))
      return *path;
  return emitError(loc) << "cannot link the artifact: no C compiler driver "
                           "(cc, gcc or clang) on PATH; install one or set "
                           "MODELC_CC";
}

} // namespace

std::string mlir::modelc::computeContentHash(const ExecutionPlan &plan,
                                             const llvm::Module &kernels) {
  SmallVector<char, 0> bitcode;
  llvm::raw_svector_ostream bc(bitcode);
  llvm::WriteBitcodeToFile(kernels, bc);
  return computeContentHash(plan, StringRef(bitcode.data(), bitcode.size()));
}

std::string mlir::modelc::computeContentHash(const ExecutionPlan &plan,
                                             StringRef code) {
  llvm::SHA256 hash;
  std::string report;
  llvm::raw_string_ostream os(report);
  printPlanReport(plan, "", os);
  hash.update(report);
  // Library GEMMs: every field, not only what the report shows (it has no
  // padding: 14 four-byte fields, 8 eight-byte ones, 2 four-byte ones).
  static_assert(sizeof(modelc_artifact_gemm_t) == 16 * 4 + 8 * 8);
  for (const PlanKernel &k : plan.kernels)
    if (k.gemm)
      hash.update(ArrayRef<uint8_t>(reinterpret_cast<const uint8_t *>(&*k.gemm),
                                    sizeof(*k.gemm)));
  hash.update(
      ArrayRef<uint8_t>(reinterpret_cast<const uint8_t *>(plan.weights.data()),
                        plan.weights.size()));
  hash.update(ArrayRef<uint8_t>(reinterpret_cast<const uint8_t *>(code.data()),
                                code.size()));
  std::array<uint8_t, 32> digest = hash.final();
  return toHex(digest);
}

void mlir::modelc::addArtifactDescriptor(llvm::Module &module,
                                         const ExecutionPlan &plan,
                                         const ArtifactInfo &info) {
  DescriptorBuilder(module).build(plan, info);
}

LogicalResult mlir::modelc::linkArtifact(MLIRContext &context,
                                         ArrayRef<char> object,
                                         StringRef path) {
  Location loc = FileLineColLoc::get(&context, path, 0, 0);
  FailureOr<std::string> linker = findLinker(loc);
  if (failed(linker))
    return failure();
  // Temporary files, removed whatever happens.
  SmallString<128> objectPath, libraryPath, logPath;
  int fd;
  if (llvm::sys::fs::createTemporaryFile("modelc-kernels", "o", fd,
                                         objectPath) ||
      llvm::sys::fs::createTemporaryFile("modelc-artifact", "so",
                                         libraryPath) ||
      llvm::sys::fs::createTemporaryFile("modelc-link", "log", logPath))
    return emitError(loc) << "cannot create temporary files to link the "
                             "artifact";
  llvm::FileRemover removeObject(objectPath), removeLibrary(libraryPath),
      removeLog(logPath);
  {
    llvm::raw_fd_ostream os(fd, /*shouldClose=*/true);
    os.write(object.data(), object.size());
    if (os.has_error())
      return emitError(loc) << "cannot write a temporary object file";
  }
  SmallVector<StringRef> args{
      *linker, "-shared",           "-o", libraryPath, objectPath,
      "-lm",   "-Wl,-z,noexecstack"};
  std::optional<StringRef> redirects[] = {std::nullopt, logPath, logPath};
  std::string error;
  int status = llvm::sys::ExecuteAndWait(*linker, args, std::nullopt, redirects,
                                         0, 0, &error);
  if (status != 0) {
    std::string log;
    if (auto buffer = llvm::MemoryBuffer::getFile(logPath))
      log = (*buffer)->getBuffer().take_front(500).str();
    for (char &c : log)
      if (c == '\n')
        c = ' ';
    return emitError(loc) << "linking the artifact with " << *linker
                          << " failed" << (error.empty() ? "" : ": ") << error
                          << (log.empty() ? "" : ": ") << log;
  }
  llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> library =
      llvm::MemoryBuffer::getFile(libraryPath, /*IsText=*/false,
                                  /*RequiresNullTerminator=*/false);
  if (!library)
    return emitError(loc) << "cannot read the linked artifact";
  StringRef payload = (*library)->getBuffer();
  modelc_artifact_footer_t footer;
  std::memset(&footer, 0, sizeof(footer));
  std::memcpy(footer.magic, MODELC_FOOTER_MAGIC, 8);
  std::memcpy(footer.end_magic, MODELC_FOOTER_MAGIC, 8);
  footer.payload_bytes = payload.size();
  footer.format_version = MODELC_ARTIFACT_FORMAT_VERSION;
  std::array<uint8_t, 32> digest = llvm::SHA256::hash(ArrayRef<uint8_t>(
      reinterpret_cast<const uint8_t *>(payload.data()), payload.size()));
  std::memcpy(footer.sha256, digest.data(), 32);
  return writeFileAtomically(context, path, [&](raw_ostream &os) {
    os << payload;
    os.write(reinterpret_cast<const char *>(&footer), sizeof(footer));
  });
}

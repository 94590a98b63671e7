//===- Options.cpp - Command-line binding of CompilerOptions --------------===//
//
// Part of the modelc project, under the Apache License v2.0 with LLVM
// Exceptions. SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "compiler/Options.h"

#include "llvm/Support/CommandLine.h"
#include "llvm/Support/ManagedStatic.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

using namespace mlir;
using namespace mlir::modelc;

StringRef mlir::modelc::getPhaseName(Phase phase) {
  switch (phase) {
  case Phase::Import:
    return "import";
  case Phase::Graph:
    return "graph";
  case Phase::Kernels:
    return "kernels";
  case Phase::Tensor:
    return "tensor";
  case Phase::Buffers:
    return "buffers";
  case Phase::GPU:
    return "gpu";
  case Phase::LLVM:
    return "llvm";
  }
  llvm_unreachable("unknown phase");
}

StringRef mlir::modelc::getPrecisionName(Precision precision) {
  switch (precision) {
  case Precision::FP32:
    return "fp32";
  case Precision::TF32:
    return "tf32";
  case Precision::FP16:
    return "fp16";
  case Precision::BF16:
    return "bf16";
  }
  llvm_unreachable("unknown precision");
}

ArrayRef<StringRef> mlir::modelc::getCudaTargets() {
  static const StringRef targets[] = {"sm_80", "sm_86",  "sm_89",
                                      "sm_90", "sm_100", "sm_120"};
  return targets;
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
      "compile-to",
      cl::desc("Stop after this phase and write its IR (implies --emit=mlir)"),
      cl::values(
          clEnumValN(Phase::Import, "import",
                     "onnx dialect straight from the importer"),
          clEnumValN(Phase::Graph, "graph",
                     "optimized onnx dialect with static shapes"),
          clEnumValN(Phase::Kernels, "kernels",
                     "compute ops outlined into kernel functions"),
          clEnumValN(Phase::Tensor, "tensor",
                     "kernels lowered to linalg on tensors"),
          clEnumValN(Phase::Buffers, "buffers", "kernels bufferized"),
          clEnumValN(Phase::GPU, "gpu",
                     "kernels mapped to GPU blocks and threads (CUDA "
                     "targets)"),
          clEnumValN(Phase::LLVM, "llvm", "kernels in the LLVM dialect")),
      cl::init(Phase::LLVM), cl::cat(category)};
  cl::opt<std::string> emit{
      "emit",
      cl::desc(
          "What to write: 'so' (the artifact), 'mlir' (the IR after "
          "--compile-to, default graph), 'mlir-import' (the IR straight "
          "from import), 'llvm' (the kernels as LLVM IR), 'ptx' (the device "
          "code, CUDA targets). Default: from the -o extension (.mlir, "
          ".ll, .ptx), else so"),
      cl::init(""), cl::cat(category)};
  cl::opt<std::string> target{
      "target",
      cl::desc("Generate code for: sm_89 (default; Ada: RTX 4090, L4, "
               "L40S), sm_80, sm_86, sm_90, sm_100, sm_120 (NVIDIA GPUs of at "
               "least that compute capability), or host (this CPU)"),
      cl::init("sm_89"), cl::cat(category)};
  cl::opt<std::string> libdevice{
      "libdevice",
      cl::desc("CUDA libdevice bitcode for math functions (default: "
               "nvvm/libdevice/libdevice.10.bc under $CUDA_HOME, $CUDA_PATH "
               "or /usr/local/cuda)"),
      cl::value_desc("path"), cl::init(""), cl::cat(category)};
  cl::opt<int64_t> gpuBlockSize{
      "gpu-block-size",
      cl::desc("Threads per block of elementwise and reduction kernels"),
      cl::init(256), cl::cat(category)};
  cl::opt<int64_t> gpuTileM{"gpu-tile-m",
                            cl::desc("Output rows per block of a GEMM or "
                                     "convolution (multiple of 16)"),
                            cl::init(64), cl::cat(category)};
  cl::opt<int64_t> gpuTileN{"gpu-tile-n",
                            cl::desc("Output columns per block of a GEMM or "
                                     "convolution (multiple of 16)"),
                            cl::init(64), cl::cat(category)};
  cl::opt<int64_t> gpuTileK{"gpu-tile-k",
                            cl::desc("Reduction depth staged in shared "
                                     "memory per step of a GEMM"),
                            cl::init(16), cl::cat(category)};
  cl::opt<std::string> tuningCache{
      "tuning-cache",
      cl::desc("What tuning measured (scripts/gpu/tune.py writes it): "
               "tensor-core tiles, one 'MxNxK[xBATCH] TILE' line each (e.g. "
               "'802816x64x576 128x64'), and cuBLASLt algorithms, one "
               "'cublaslt KEY ALGORITHM' line each (e.g. "
               "'802816x256x64,bT,bias 2'); --report prints each GEMM's "
               "shape and key. They replace the heuristics' choices"),
      cl::value_desc("file"), cl::cat(category)};
  // For A/B comparisons only, so hidden: see the pass option
  // interior-epilogue.
  cl::opt<bool> gpuInteriorEpilogue{
      "gpu-interior-epilogue",
      cl::desc("Tensor-core GEMMs: interior blocks run the epilogue without "
               "bounds checks, loads first (default on; =false guards "
               "every point)"),
      cl::init(true), cl::Hidden, cl::cat(category)};
  // For A/B measurements, so hidden: see the pass option tensor-core-warps.
  cl::opt<int64_t> gpuTensorCoreWarps{
      "gpu-tensor-core-warps",
      cl::desc("Warps per tensor-core block tile of at least 128x64: 4 "
               "(default: larger warp tiles) or 8"),
      cl::init(4), cl::Hidden, cl::cat(category)};
  // For A/B measurements, so hidden: see the pass option
  // tensor-core-max-stages.
  cl::opt<int64_t> gpuTensorCoreMaxStages{
      "gpu-tensor-core-max-stages",
      cl::desc("The deepest tensor-core copy pipeline: 2 to 4 stages "
               "(default 4; as many as fit in 48 KB up to this)"),
      cl::init(4), cl::Hidden, cl::cat(category)};
  // For A/B measurements, so hidden: see the pass option f16-tensor-cores.
  cl::opt<bool> gpuF16TensorCores{
      "gpu-f16-tensor-cores",
      cl::desc("--precision fp16|bf16: 16-bit GEMMs on tensor cores "
               "(m16n8k16, ldmatrix; default on; =false runs them as FMA)"),
      cl::init(true), cl::Hidden, cl::cat(category)};
  // For A/B measurements, so hidden: see the pass option wide-copies.
  cl::opt<bool> gpuWideCopies{
      "gpu-wide-copies",
      cl::desc("16-bit tensor-core GEMMs copy aligned runs of up to 8 halves "
               "(16-byte cp.async; default on; =false copies pairs)"),
      cl::init(true), cl::Hidden, cl::cat(category)};
  // For A/B measurements, so hidden: see modelc-form-kernels'
  // concat-producers. Not yet run on a GPU.
  cl::opt<bool> fuseConcatProducers{
      "fuse-concat-producers",
      cl::desc("A Concat joins the kernel of a convolution with a window "
               "that computes one of its inputs, which then writes its "
               "window of the concatenation (default off)"),
      cl::init(false), cl::Hidden, cl::cat(category)};
  // For A/B measurements, so hidden: see onnx-merge-pointwise-conv-sums.
  cl::opt<bool> mergePointwiseConvSums{
      "merge-pointwise-conv-sums",
      cl::desc("In NHWC, a sum of two 1x1 convolutions (ResNet's conv3 and "
               "downsample) runs as one convolution over their "
               "concatenated inputs (default on)"),
      cl::init(true), cl::Hidden, cl::cat(category)};
  // For A/B measurements, so hidden: see onnx-space-to-depth-stem.
  cl::opt<bool> stemSpaceToDepth{
      "stem-space-to-depth",
      cl::desc("In NHWC, stride-2 convolutions of at most 4 input channels "
               "(an image's stem) run over the input's 2x2 blocks: "
               "SpaceToDepth, then a stride-1 convolution without padding "
               "(default on; ResNet-50 b256 tf32 0.6% faster)"),
      cl::init(true), cl::Hidden, cl::cat(category)};
  // For A/B measurements, so hidden: see the pass option l1-bypass.
  cl::opt<std::string> gpuL1Bypass{
      "gpu-l1-bypass",
      cl::desc("Tensor-core operand copies past L1 (cp.async.cg): none, "
               "swizzled (GEMMs staged in swizzled rows: NHWC convolutions), "
               "swizzled-wide-k (the default: as swizzled, except GEMMs "
               "whose innermost K loop is shorter than a k-step, a "
               "space-to-depth stem; ResNet-50 b256 tf32 1% faster) or all"),
      cl::init("swizzled-wide-k"), cl::Hidden, cl::cat(category)};
  // For A/B measurements, so hidden: see the pass option row-kernels.
  cl::opt<bool> gpuRowKernels{
      "gpu-row-kernels",
      cl::desc("Kernels whose ops all work row by row with a reduction "
               "along the row (normalizations, softmax) run as one launch, "
               "one block per row (default on; =false: a launch per op)"),
      cl::init(true), cl::Hidden, cl::cat(category)};
  // For A/B measurements, so hidden: see the pass option warp-row-kernels.
  cl::opt<bool> gpuWarpRowKernels{
      "gpu-warp-row-kernels",
      cl::desc("Row kernels of at most 1024 points per row run one warp "
               "per row, values in registers (default on; =false: one "
               "block per row)"),
      cl::init(true), cl::Hidden, cl::cat(category)};
  // For A/B measurements, so hidden: see the pass option fold-padding.
  cl::opt<bool> gpuFoldPadding{
      "gpu-fold-padding",
      cl::desc("Tensor-core convolutions read a padded input in place "
               "(default on; =false: the padding is written to scratch "
               "first, two launches)"),
      cl::init(true), cl::Hidden, cl::cat(category)};
  // For A/B measurements, so hidden: see the pass option split-k.
  cl::opt<bool> gpuSplitK{
      "gpu-split-k",
      cl::desc("Tensor-core GEMMs with too few tiles to fill the GPU split "
               "K among several blocks per tile and add the partial sums "
               "in a second launch (default on; =false: one block per "
               "tile)"),
      cl::init(true), cl::Hidden, cl::cat(category)};
  // For A/B measurements, so hidden: see the pass option swizzled-rows.
  cl::opt<bool> gpuSwizzledRows{
      "gpu-swizzled-rows",
      cl::desc("Tensor-core GEMMs whose operands are both contiguous along "
               "K stage them in XOR-swizzled 64-byte rows, copied 16 bytes "
               "at a time, read with ldmatrix (default on; =false: padded "
               "rows, 16 K per step)"),
      cl::init(true), cl::Hidden, cl::cat(category)};
  // For A/B measurements, so hidden: see the pass option paired-epilogue.
  cl::opt<bool> gpuPairedEpilogue{
      "gpu-paired-epilogue",
      cl::desc("Tensor-core GEMM epilogues read and write each thread's "
               "two neighbouring output columns as one vector where the "
               "buffers allow (default on; =false: one element at a "
               "time)"),
      cl::init(true), cl::Hidden, cl::cat(category)};
  // For A/B measurements, so hidden: see the pass option
  // padding-selects-per-dimension.
  cl::opt<bool> gpuPaddingSelectsPerDimension{
      "gpu-padding-selects-per-dimension",
      cl::desc("Ops reading a padded input in place (depthwise "
               "convolutions, max pools) check each index on its own "
               "dimension's bounds (default on)"),
      cl::init(true), cl::Hidden, cl::cat(category)};
  // For A/B measurements, so hidden: see the pass option fma-exact-products.
  cl::opt<bool> gpuFmaExactProducts{
      "gpu-fma-exact-products",
      cl::desc("f32 multiply-adds of products of f16 values run as one fma "
               "(bit-identical results; default on)"),
      cl::init(true), cl::Hidden, cl::cat(category)};
  // For A/B measurements, so hidden: see the pass option reduction-lanes.
  cl::opt<int64_t> gpuReductionLanes{
      "gpu-reduction-lanes",
      cl::desc("The most neighbouring outputs one thread of a short "
               "sequential reduction (a depthwise convolution, a pooling) "
               "computes: 1, 2, 4 or 8 (default)"),
      cl::init(8), cl::Hidden, cl::cat(category)};
  // For A/B measurements, so hidden: see modelc-align-kernel-arguments.
  cl::opt<bool> gpuAlignedArguments{
      "gpu-aligned-arguments",
      cl::desc("Kernels declare their pointer arguments 16-byte aligned, as "
               "the runtime guarantees, so that LLVM may merge neighbouring "
               "accesses into vectors (default on)"),
      cl::init(true), cl::Hidden, cl::cat(category)};
  // For A/B measurements, so hidden: see the pass option wide-epilogue.
  cl::opt<bool> gpuWideEpilogue{
      "gpu-wide-epilogue",
      cl::desc("Tensor-core GEMM epilogues exchange column pairs within "
               "each quad of threads so that each reads and writes 16 "
               "bytes of neighbouring columns (default on; =false: "
               "pairs)"),
      cl::init(true), cl::Hidden, cl::cat(category)};
  cl::opt<Precision> precision{
      "precision",
      cl::desc("How convolutions and matrix products multiply, and (fp16, "
               "bf16) how weights and activations are stored"),
      cl::values(
          clEnumValN(Precision::FP32, "fp32", "fp32 FMA, no tensor cores"),
          clEnumValN(Precision::TF32, "tf32",
                     "tensor cores with operands rounded to TF32, fp32 "
                     "accumulation, fp32 storage (default, as TensorRT)"),
          clEnumValN(Precision::FP16, "fp16",
                     "weights and activations in fp16, products summed in "
                     "fp32 (GPU: m16n8k16 tensor cores); softmax, "
                     "normalization, reductions in fp32"),
          clEnumValN(Precision::BF16, "bf16", "as fp16, in bfloat16")),
      cl::init(Precision::TF32), cl::cat(category)};
  cl::opt<std::string> ioPrecision{
      "io-precision",
      cl::desc("Element type of the model's float inputs and outputs: "
               "'model' (default: as the model declares them) or the 16-bit "
               "type of --precision ('fp16' or 'bf16'), which saves the "
               "casts at the edges"),
      cl::value_desc("model|fp16|bf16"), cl::init("model"), cl::cat(category)};
  cl::opt<std::string> layout{
      "layout",
      cl::desc(
          "Activation layout of 2-D convolutions and max pooling: "
          "nchw (as ONNX), nhwc (channels innermost: filters "
          "transposed at compile time, transposes only where an op "
          "needs NCHW) or auto (default: nhwc at --precision tf32|fp16|bf16 "
          "on a GPU unless the model has grouped convolutions, else "
          "nchw)"),
      cl::value_desc("auto|nchw|nhwc"), cl::init("auto"), cl::cat(category)};
  // For A/B measurements, so hidden: see onnx-sink-transposes.
  cl::opt<bool> sinkTransposes{
      "sink-transposes",
      cl::desc("Move transposes down the graph until they cancel, when the "
               "transposes then copy fewer bytes (default on; =false keeps "
               "them where the model has them)"),
      cl::init(true), cl::Hidden, cl::cat(category)};
  // For A/B measurements, so hidden: see onnx-channels-last's pad-channels.
  cl::opt<bool> padConvChannels{
      "pad-conv-channels",
      cl::desc("In NHWC, pad a dense convolution's input channels with "
               "zeros to a multiple of 4 when that adds at most a third (an "
               "image's 3 channels: 8-byte copies at 16 bits, 16-byte ones "
               "at tf32; default: at --precision tf32|fp16|bf16 on a GPU; "
               "=false: never; =true: on any target)"),
      cl::init(true), cl::Hidden, cl::cat(category)};
  // For A/B measurements, so hidden: see onnx-unstride-pointwise-convs.
  cl::opt<bool> unstridePointwiseConvs{
      "unstride-pointwise-convs",
      cl::desc("A strided 1x1 NHWC convolution becomes a strided slice "
               "and a stride-1 convolution, a plain GEMM (default: where "
               "GEMMs may run with cuBLASLt; =false: never, one generated "
               "kernel; =true: on any target)"),
      cl::init(true), cl::Hidden, cl::cat(category)};
  // For A/B measurements, so hidden: see onnx-fuse-attention.
  cl::opt<bool> fuseAttention{
      "fuse-attention",
      cl::desc("MatMul-Softmax-MatMul attention subgraphs become one "
               "onnx.FusedAttention, one kernel (default: at --precision "
               "fp16|bf16, on GPU targets only shapes the fused kernel "
               "takes; =false: never; =true: at any precision and shape)"),
      cl::init(true), cl::Hidden, cl::cat(category)};
  cl::opt<CompilerOptions::GemmLibrary> gemmLibrary{
      "gemm-library",
      cl::desc("Which GEMMs run with cuBLASLt instead of generated code "
               "(GPU targets; the artifact then loads libcublasLt at run "
               "time, and only then)"),
      cl::values(
          clEnumValN(CompilerOptions::GemmLibrary::Auto, "auto",
                     "default: as cublaslt"),
          clEnumValN(CompilerOptions::GemmLibrary::CublasLt, "cublaslt",
                     "every kernel that is one MatMul, Gemm or 1x1 "
                     "convolution with an epilogue cuBLASLt computes (bias, "
                     "residual add, ReLU, a cast to fp32)"),
          clEnumValN(CompilerOptions::GemmLibrary::None, "none",
                     "generated code for every kernel")),
      cl::init(CompilerOptions::GemmLibrary::Auto), cl::cat(category)};
  cl::opt<std::string> fusion{
      "fusion",
      cl::desc("Fuse elementwise ops (bias, activations, residual adds, "
               "casts) into the kernel of the op producing their input: on "
               "(default) or off (one kernel per ONNX op)"),
      cl::init("on"), cl::cat(category)};
  cl::opt<bool> report{
      "report",
      cl::desc("Print the kernels and the memory plan (arena and weight "
               "bytes) to stderr"),
      cl::init(false), cl::cat(category)};
  cl::opt<bool> verbose{"verbose", cl::desc("Print progress and phase timings"),
                        cl::init(false), cl::cat(category)};
  cl::alias verboseShort{"v", cl::desc("Alias for --verbose"),
                         cl::aliasopt(verbose)};
};

llvm::ManagedStatic<CLOptions> clOptions;
} // namespace

void mlir::modelc::registerCompilerCLOptions() { *clOptions; }

llvm::cl::OptionCategory &mlir::modelc::getCompilerOptionCategory() {
  return clOptions->category;
}

std::string mlir::modelc::getDefaultOutputPath(StringRef inputPath) {
  StringRef emit = clOptions->emit;
  if (emit == "mlir" || emit == "mlir-import" || emit == "llvm" ||
      emit == "ptx" ||
      (emit.empty() && clOptions->compileTo.getNumOccurrences()))
    return "-";
  return (llvm::sys::path::stem(inputPath) + ".so").str();
}

std::optional<CompilerOptions>
mlir::modelc::getCompilerOptionsFromCL(StringRef outputPath) {
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
  StringRef emit = clOptions->emit;
  bool phaseGiven = clOptions->compileTo.getNumOccurrences() > 0;
  if (emit.empty())
    emit = outputPath.ends_with(".mlir")  ? "mlir"
           : outputPath.ends_with(".ll")  ? "llvm"
           : outputPath.ends_with(".ptx") ? "ptx"
           : outputPath == "-"            ? "mlir"
           : phaseGiven                   ? "mlir"
                                          : "so";
  if (emit == "so") {
    options.emit = EmitKind::SharedLibrary;
    options.compileTo = Phase::LLVM;
  } else if (emit == "llvm") {
    options.emit = EmitKind::LLVMIR;
    options.compileTo = Phase::LLVM;
  } else if (emit == "ptx") {
    options.emit = EmitKind::PTX;
    options.compileTo = Phase::LLVM;
  } else if (emit == "mlir-import") {
    options.emit = EmitKind::MLIR;
    options.compileTo = Phase::Import;
  } else if (emit == "mlir") {
    options.emit = EmitKind::MLIR;
    options.compileTo =
        phaseGiven ? clOptions->compileTo.getValue() : Phase::Graph;
  } else {
    llvm::errs() << "modelc: error: --emit=" << emit
                 << " is not supported (choose so, mlir, mlir-import, llvm or "
                    "ptx)\n";
    return std::nullopt;
  }
  StringRef target = clOptions->target;
  if (target != "host" && !llvm::is_contained(getCudaTargets(), target)) {
    llvm::errs() << "modelc: error: --target=" << target
                 << " is not supported (choose sm_80, sm_86, sm_89, sm_90, "
                    "sm_100, sm_120 or host)\n";
    return std::nullopt;
  }
  options.target = target.str();
  if (options.emit == EmitKind::PTX && !options.isCudaTarget()) {
    llvm::errs() << "modelc: error: --emit=ptx needs a CUDA target (e.g. "
                    "--target=sm_89), not host\n";
    return std::nullopt;
  }
  if (options.compileTo == Phase::GPU && !options.isCudaTarget()) {
    llvm::errs() << "modelc: error: --compile-to=gpu needs a CUDA target "
                    "(e.g. --target=sm_89), not host\n";
    return std::nullopt;
  }
  options.libdevicePath = clOptions->libdevice;
  options.gpuBlockSize = clOptions->gpuBlockSize;
  options.gpuTileM = clOptions->gpuTileM;
  options.gpuTileN = clOptions->gpuTileN;
  options.gpuTileK = clOptions->gpuTileK;
  options.gpuInteriorEpilogue = clOptions->gpuInteriorEpilogue;
  if (clOptions->gpuTensorCoreWarps != 4 &&
      clOptions->gpuTensorCoreWarps != 8) {
    llvm::errs() << "modelc: error: --gpu-tensor-core-warps expects 4 or 8, "
                    "got "
                 << clOptions->gpuTensorCoreWarps << "\n";
    return std::nullopt;
  }
  options.gpuTensorCoreWarps = clOptions->gpuTensorCoreWarps;
  if (clOptions->gpuTensorCoreMaxStages < 2 ||
      clOptions->gpuTensorCoreMaxStages > 4) {
    llvm::errs() << "modelc: error: --gpu-tensor-core-max-stages expects 2 "
                    "to 4, got "
                 << clOptions->gpuTensorCoreMaxStages << "\n";
    return std::nullopt;
  }
  options.gpuTensorCoreMaxStages = clOptions->gpuTensorCoreMaxStages;
  options.gpuF16TensorCores = clOptions->gpuF16TensorCores;
  options.gpuWideCopies = clOptions->gpuWideCopies;
  if (!llvm::is_contained({"none", "swizzled", "swizzled-wide-k", "all"},
                          StringRef(clOptions->gpuL1Bypass))) {
    llvm::errs() << "modelc: error: --gpu-l1-bypass expects none, swizzled, "
                    "swizzled-wide-k or all, got '"
                 << clOptions->gpuL1Bypass << "'\n";
    return std::nullopt;
  }
  options.gpuL1Bypass = clOptions->gpuL1Bypass;
  options.stemSpaceToDepth = clOptions->stemSpaceToDepth;
  options.mergePointwiseConvSums = clOptions->mergePointwiseConvSums;
  options.fuseConcatProducers = clOptions->fuseConcatProducers;
  options.gpuRowKernels = clOptions->gpuRowKernels;
  options.gpuWarpRowKernels = clOptions->gpuWarpRowKernels;
  options.gpuFoldPadding = clOptions->gpuFoldPadding;
  options.gpuSplitK = clOptions->gpuSplitK;
  options.gpuSwizzledRows = clOptions->gpuSwizzledRows;
  options.gpuPairedEpilogue = clOptions->gpuPairedEpilogue;
  options.gpuWideEpilogue = clOptions->gpuWideEpilogue;
  options.gpuPaddingSelectsPerDimension =
      clOptions->gpuPaddingSelectsPerDimension;
  options.gpuFmaExactProducts = clOptions->gpuFmaExactProducts;
  options.gpuAlignedArguments = clOptions->gpuAlignedArguments;
  options.gpuReductionLanes = clOptions->gpuReductionLanes;
  options.tuningCachePath = clOptions->tuningCache;
  options.precision = clOptions->precision;
  if (clOptions->ioPrecision != "model") {
    if (clOptions->ioPrecision != "fp16" && clOptions->ioPrecision != "bf16") {
      llvm::errs() << "modelc: error: --io-precision expects model, fp16 or "
                      "bf16, got '"
                   << clOptions->ioPrecision << "'\n";
      return std::nullopt;
    }
    if (clOptions->ioPrecision != getPrecisionName(clOptions->precision)) {
      llvm::errs() << "modelc: error: --io-precision=" << clOptions->ioPrecision
                   << " needs --precision=" << clOptions->ioPrecision
                   << " (not " << getPrecisionName(clOptions->precision)
                   << ")\n";
      return std::nullopt;
    }
    options.narrowIO = true;
  }
  options.report = clOptions->report;
  if (clOptions->layout == "auto")
    options.layout = CompilerOptions::Layout::Auto;
  else if (clOptions->layout == "nchw")
    options.layout = CompilerOptions::Layout::NCHW;
  else if (clOptions->layout == "nhwc")
    options.layout = CompilerOptions::Layout::NHWC;
  else {
    llvm::errs() << "modelc: error: --layout expects auto, nchw or nhwc, got '"
                 << clOptions->layout << "'\n";
    return std::nullopt;
  }
  if (clOptions->fusion != "on" && clOptions->fusion != "off") {
    llvm::errs() << "modelc: error: --fusion expects on or off, got '"
                 << clOptions->fusion << "'\n";
    return std::nullopt;
  }
  options.fuseElementwise = clOptions->fusion == "on";
  options.gemmLibrary = clOptions->gemmLibrary;
  options.sinkTransposes = clOptions->sinkTransposes;
  if (clOptions->padConvChannels.getNumOccurrences())
    options.padConvChannels = clOptions->padConvChannels;
  if (clOptions->fuseAttention.getNumOccurrences())
    options.fuseAttention = clOptions->fuseAttention;
  if (clOptions->unstridePointwiseConvs.getNumOccurrences())
    options.unstridePointwiseConvs = clOptions->unstridePointwiseConvs;
  options.verbose = clOptions->verbose;
  return options;
}

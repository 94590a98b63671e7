//===- Options.h - Options of the modelc compiler ---------------*- C++ -*-===//
//
// Part of the modelc project, under the Apache License v2.0 with LLVM
// Exceptions. SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// CompilerOptions is a plain struct that travels by const reference through
// the importer and the pipelines; no pass reads a global flag. The command
// line binding (llvm::cl) lives in Options.cpp only.
//
//===----------------------------------------------------------------------===//

#ifndef MODELC_COMPILER_OPTIONS_H
#define MODELC_COMPILER_OPTIONS_H

#include "mlir/Support/LLVM.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/CommandLine.h"

#include <optional>
#include <string>
#include <vector>

namespace mlir::modelc {

/// The stages of compilation. Each ends in IR that can be printed
/// (`--compile-to=<phase>`) and checked by lit.
enum class Phase {
  Import,  ///< onnx dialect straight from the importer: one op per ONNX node
  Graph,   ///< optimized onnx dialect: static shapes, constants folded
  Kernels, ///< compute ops outlined into kernel functions (module @kernels)
  Tensor,  ///< kernels lowered to linalg/tensor/arith/math on tensors
  Buffers, ///< kernels bufferized: (inputs, outputs[, scratch]) memrefs
  GPU,     ///< CUDA targets: kernels mapped to gpu.funcs (host: no change)
  LLVM,    ///< kernels in the LLVM dialect (NVVM for CUDA targets)
};

/// What the driver writes.
enum class EmitKind {
  MLIR,          ///< the IR at the end of the requested phase
  LLVMIR,        ///< the kernels as LLVM IR text
  PTX,           ///< the device code as PTX text (CUDA targets)
  SharedLibrary, ///< the artifact: a .so the runtime loads
};

/// A shape the user gives for a model input (`--input-shape NAME=D0,D1,...`).
struct InputShapeSpec {
  std::string name;
  SmallVector<int64_t> dims;
};

/// How GEMMs and convolutions multiply (`--precision`).
enum class Precision {
  /// fp32 FMA: results as an fp32 reference computes them.
  FP32,
  /// Tensor cores, operands rounded to TF32 (10-bit mantissa), fp32
  /// accumulation; storage stays fp32. The default, as in TensorRT.
  TF32,
  /// 16-bit weights and activations (onnx-lower-precision), products
  /// summed in fp32 (on GPUs, m16n8k16 tensor cores); sensitive ops in fp32.
  FP16,
  BF16,
};

StringRef getPrecisionName(Precision precision);

struct CompilerOptions {
  //===--- Import ---------------------------------------------------------===//
  /// Shapes of model inputs; every dynamic dimension must be fixed here or
  /// by `batch`.
  std::vector<InputShapeSpec> inputShapes;
  /// Size given to every dynamic leading (batch) dimension of the inputs.
  std::optional<int64_t> batch;

  //===--- Graph ----------------------------------------------------------===//
  /// Constant-folding budget: largest result of one folded op, and most
  /// elements folding may create in total.
  int64_t foldMaxElements = int64_t{1} << 22;
  int64_t foldMaxTotalElements = int64_t{1} << 28;

  /// Activation layout of 2-D convolutions and max pooling (`--layout`):
  /// NHWC runs them channels-last (onnx-channels-last); Auto picks per
  /// target (layoutIsChannelsLast).
  enum class Layout { Auto, NCHW, NHWC };
  Layout layout = Layout::Auto;

  //===--- Kernels --------------------------------------------------------===//
  /// Fuse chains of elementwise ops into their producer's kernel
  /// (`--fusion=on|off`).
  bool fuseElementwise = true;

  //===--- Code generation ------------------------------------------------===//
  /// What to generate code for: a CUDA architecture ("sm_89", the default;
  /// "sm_80", "sm_86", "sm_90") or "host" (the CPU running the compiler,
  /// x86-64 or aarch64 Linux).
  std::string target = "sm_89";
  /// libdevice bitcode for CUDA targets' math functions; empty: found in
  /// $CUDA_HOME, $CUDA_PATH or /usr/local/cuda.
  std::string libdevicePath;
  /// GPU tiling (modelc-map-kernels-to-gpu options).
  int64_t gpuBlockSize = 256;
  int64_t gpuTileM = 64, gpuTileN = 64, gpuTileK = 16;
  /// The tensor-core epilogue's unguarded interior path (default on).
  bool gpuInteriorEpilogue = true;
  /// Warps per large tensor-core block (4, or 8 for A/B).
  int64_t gpuTensorCoreWarps = 4;
  /// The deepest tensor-core copy pipeline (2 to 4 stages; A/B).
  int64_t gpuTensorCoreMaxStages = 4;
  /// fp16/bf16: 16-bit GEMMs on tensor cores (m16n8k16; false: FMA).
  bool gpuF16TensorCores = true;
  /// 16-byte copies of 16-bit tensor-core operands (false: pairs).
  bool gpuWideCopies = true;
  /// Tensor-core operand copies past L1: none, swizzled, swizzled-wide-k
  /// or all (the pass option l1-bypass).
  std::string gpuL1Bypass = "swizzled-wide-k";
  /// Normalizations and softmax as one launch each (false: one per op).
  bool gpuRowKernels = true;
  bool gpuWarpRowKernels = true;
  /// Tensor-core convolutions read padded inputs in place (false: the
  /// padding is a fill and a copy, two launches).
  bool gpuFoldPadding = true;
  /// Split-K for tensor-core GEMMs with too few tiles (false: never).
  bool gpuSplitK = true;
  /// Swizzled 64-byte shared rows for tensor-core GEMMs contiguous along K.
  bool gpuSwizzledRows = true;
  /// Tensor-core epilogues access column pairs as vectors.
  bool gpuPairedEpilogue = true;
  /// And 16 bytes of columns per thread, exchanged within quads
  /// (modelc-map-kernels-to-gpu's wide-epilogue).
  bool gpuWideEpilogue = true;
  /// Padded reads in place check each index on its own dimension
  /// (modelc-map-kernels-to-gpu's padding-selects-per-dimension).
  bool gpuPaddingSelectsPerDimension = true;
  /// Multiply-adds of f16 products as fma (modelc-map-kernels-to-gpu's
  /// fma-exact-products).
  bool gpuFmaExactProducts = true;
  /// Kernels' pointer arguments declared 16-byte aligned
  /// (modelc-align-kernel-arguments).
  bool gpuAlignedArguments = true;
  /// The most outputs per thread of a short sequential reduction
  /// (modelc-map-kernels-to-gpu's reduction-lanes).
  int64_t gpuReductionLanes = 8;
  /// Which GEMM kernels run with cuBLASLt instead of generated code
  /// (`--gemm-library`; CUDA targets): Auto and CublasLt give it every
  /// kernel that is one GEMM with an epilogue it computes
  /// (modelc-select-library-gemms), None none.
  enum class GemmLibrary { Auto, CublasLt, None };
  GemmLibrary gemmLibrary = GemmLibrary::Auto;
  /// Strided 1x1 NHWC convolutions become a strided slice and a plain GEMM
  /// (onnx-unstride-pointwise-convs); unset: where GEMMs may use a library.
  std::optional<bool> unstridePointwiseConvs;
  /// Sums of two 1x1 convolutions as one (onnx-merge-pointwise-conv-sums),
  /// in NHWC.
  bool mergePointwiseConvSums = true;
  /// A Concat joins the kernel of a windowed convolution computing one of
  /// its inputs (modelc-form-kernels' concat-producers).
  bool fuseConcatProducers = false;
  /// Stride-2 few-channel convolutions over 2x2 blocks
  /// (onnx-space-to-depth-stem), before the channels-last layout.
  bool stemSpaceToDepth = true;
  /// Attention subgraphs as onnx.FusedAttention (onnx-fuse-attention);
  /// unset: at 16-bit precisions.
  std::optional<bool> fuseAttention;
  /// Transposes moved down until they cancel (onnx-sink-transposes).
  bool sinkTransposes = true;
  /// In NHWC, a dense convolution's input channels padded to a multiple
  /// of 4 (onnx-channels-last's pad-channels); unset: at tensor-core
  /// precisions on CUDA targets (4 channels copy as one 8-byte cp.async at
  /// 16 bits, one 16-byte one at tf32, in swizzled rows).
  std::optional<bool> padConvChannels;
  bool padsConvChannels() const {
    return padConvChannels.value_or(isCudaTarget() &&
                                    precision != Precision::FP32);
  }
  /// Tensor-core tiles and cuBLASLt algorithms by GEMM (the tuning-cache of
  /// modelc-map-kernels-to-gpu and modelc-select-library-gemms); empty: the
  /// heuristics alone.
  std::string tuningCachePath;
  /// CUDA targets; the host target always computes in fp32.
  Precision precision = Precision::TF32;
  /// --io-precision=fp16|bf16: the model's f32 inputs and outputs take the
  /// 16-bit type of `precision` (no casts at the edges).
  bool narrowIO = false;

  bool isCudaTarget() const { return target != "host"; }
  /// Whether convolutions may run channels-last: `--layout=nhwc`, or with
  /// auto, tensor-core precision (tf32, fp16, bf16) on a GPU, where NHWC
  /// measured faster (H200, ResNet-50 fp16: b1 1.67 -> 0.86 ms, b256 23.5
  /// -> 21.7; tf32, once 1x1 convolutions ran on cuBLASLt: b1 0.634 ->
  /// 0.534, b256 24.83 -> 17.73). fp32 (FMA kernels) stays NCHW.
  bool layoutIsChannelsLast() const {
    return layout == Layout::NHWC ||
           (layout == Layout::Auto && isCudaTarget() &&
            precision != Precision::FP32);
  }

  bool usesGemmLibrary() const {
    return isCudaTarget() && gemmLibrary != GemmLibrary::None;
  }

  //===--- Driver ---------------------------------------------------------===//
  Phase compileTo = Phase::LLVM;
  EmitKind emit = EmitKind::SharedLibrary;
  /// Print the memory plan and kernel list (`--report`).
  bool report = false;
  /// Print progress and phase timings to stderr.
  bool verbose = false;
};

/// The CUDA architectures modelc generates code for.
ArrayRef<StringRef> getCudaTargets();

/// Returns the CLI name of `phase` ("import", "graph", ...).
StringRef getPhaseName(Phase phase);

/// Parses `NAME=D0,D1,...` (the name may itself contain '='; the last one
/// splits). Returns an error message on failure.
std::optional<InputShapeSpec> parseInputShapeSpec(StringRef spec,
                                                  std::string &error);

/// The output path when -o is not given: "-" (stdout) when --emit asks for
/// text, else the model's file name with its extension replaced by ".so",
/// in the current directory.
std::string getDefaultOutputPath(StringRef inputPath);

/// Registers the modelc command-line options with llvm::cl. Call before
/// llvm::cl::ParseCommandLineOptions.
void registerCompilerCLOptions();

/// The category of those options (registerCompilerCLOptions first), for a
/// tool's --help to list them and nothing unrelated.
llvm::cl::OptionCategory &getCompilerOptionCategory();

/// Builds CompilerOptions from the parsed command line. `outputPath` picks
/// the default of --emit from its extension (.mlir, .ll, else .so). Returns
/// std::nullopt after printing an error for an invalid flag value.
std::optional<CompilerOptions> getCompilerOptionsFromCL(StringRef outputPath);

} // namespace mlir::modelc

#endif // MODELC_COMPILER_OPTIONS_H

//===- Pipelines.cpp - The phases of modelc compilation -------------------===//
//
// Part of the modelc project, under the Apache License v2.0 with LLVM
// Exceptions. SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "compiler/Pipelines.h"

#include "passes/Conversion/Passes.h"
#include "passes/GPU/FusedAttention.h"
#include "passes/GPU/Passes.h"
#include "passes/Kernels/Passes.h"
#include "passes/ONNX/Passes.h"

#include "mlir/Conversion/AffineToStandard/AffineToStandard.h"
#include "mlir/Conversion/ArithToLLVM/ArithToLLVM.h"
#include "mlir/Conversion/ControlFlowToLLVM/ControlFlowToLLVM.h"
#include "mlir/Conversion/FuncToLLVM/ConvertFuncToLLVMPass.h"
#include "mlir/Conversion/GPUToNVVM/GPUToNVVMPass.h"
#include "mlir/Conversion/MathToFuncs/MathToFuncs.h"
#include "mlir/Conversion/MathToLLVM/MathToLLVM.h"
#include "mlir/Conversion/MathToLibm/MathToLibm.h"
#include "mlir/Conversion/MemRefToLLVM/MemRefToLLVM.h"
#include "mlir/Conversion/ReconcileUnrealizedCasts/ReconcileUnrealizedCasts.h"
#include "mlir/Conversion/SCFToControlFlow/SCFToControlFlow.h"
#include "mlir/Dialect/Arith/Transforms/Passes.h"
#include "mlir/Dialect/Bufferization/Transforms/Passes.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/Passes.h"
#include "mlir/Dialect/Math/Transforms/Passes.h"
#include "mlir/Dialect/MemRef/Transforms/Passes.h"
#include "mlir/Pass/PassRegistry.h"
#include "mlir/Transforms/Passes.h"

using namespace mlir;
using namespace mlir::modelc;

void mlir::modelc::buildGraphPipeline(OpPassManager &pm,
                                      const CompilerOptions &options) {
  OpPassManager &func = pm.nest<func::FuncOp>();
  // ONNX shape inference leaves dimensions it cannot propagate dynamic; the
  // ops' own inference refines them from what is known now.
  func.addPass(createONNXShapeInferencePass());
  // Identity and inference Dropout just forward their operand.
  func.addPass(createONNXRemoveIdentitiesPass());
  // Exporters compute shapes at run time (Shape -> Gather -> Concat ->
  // Reshape); with fixed input shapes these are constants.
  func.addPass(createONNXFoldShapeComputationsPass());
  // Op folders and canonical patterns (identity reshapes, transpose pairs,
  // transposes into Gemm flags) and removal of what became dead.
  func.addPass(createCanonicalizerPass());
  // Fold BatchNorm into the conv weights before they are shared or folded.
  func.addPass(createONNXFoldBatchNormPass());
  // Evaluate the remaining constant subgraphs, within the size budget.
  ONNXConstantFoldPassOptions fold;
  fold.maxElements = options.foldMaxElements;
  fold.maxTotalElements = options.foldMaxTotalElements;
  func.addPass(createONNXConstantFoldPass(fold));
  // Folding may expose more shape computations; fold them and clean up.
  func.addPass(createONNXFoldShapeComputationsPass());
  func.addPass(createCanonicalizerPass());
  func.addPass(createCSEPass());
  func.addPass(createONNXDeadCodeEliminationPass());
  // Convolutions in NHWC (once shapes are static), with transposes only
  // where an op needs NCHW. --layout=auto keeps models with depthwise
  // convolutions in NCHW (MobileNetV2 fp16 b64: 3.56 ms NCHW, 4.05 NHWC).
  if (options.layoutIsChannelsLast()) {
    // Stem convolutions over 2x2 blocks (ResNet-50 b256 on an H200: tf32
    // 14.718 -> 14.630 ms, fp16 7.650 -> 7.631).
    if (options.stemSpaceToDepth)
      func.addPass(createONNXSpaceToDepthStemPass());
    ONNXChannelsLastPassOptions channelsLast;
    channelsLast.denseOnly = options.layout == CompilerOptions::Layout::Auto;
    if (options.padsConvChannels())
      channelsLast.padChannels = 4;
    func.addPass(createONNXChannelsLastPass(channelsLast));
    // Strided 1x1 convolutions as a strided slice and a plain GEMM, which
    // cuBLASLt runs (ResNet's downsample convolutions).
    if (options.unstridePointwiseConvs.value_or(options.usesGemmLibrary()))
      func.addPass(createONNXUnstridePointwiseConvsPass());
    // A residual sum of two 1x1 convolutions (ResNet's conv3 and
    // downsample) as one over their concatenated inputs.
    if (options.mergePointwiseConvSums)
      func.addPass(createONNXMergePointwiseConvSumsPass());
  }
  // Attention as one op, its scores never in memory; where the tensors are
  // sequence-first, the transposes around it cancel (canonicalizer).
  if (options.fuseAttention.value_or(options.precision == Precision::FP16 ||
                                     options.precision == Precision::BF16)) {
    // On CUDA targets, by default only the shapes the fused kernel takes:
    // others keep their cuBLASLt GEMMs and softmax row kernel
    // (--fuse-attention=true fuses them too, into the op's reference body
    // mapped op by op).
    ONNXFuseAttentionPassOptions fuse;
    if (options.isCudaTarget() && !options.fuseAttention) {
      fuse.sequenceMultiple = mapping::kFusedAttentionBlock;
      fuse.featureMultiple = mapping::kFusedAttentionFeatureMultiple;
      fuse.maxFeatures = mapping::kFusedAttentionMaxFeatures;
    }
    func.addPass(createONNXFuseAttentionPass(fuse));
    func.addPass(createCanonicalizerPass());
  }
  // Transposes moved down until they cancel (a batch-first transformer
  // layer's transposes in and out), when that copies fewer bytes.
  // Then canonicalize: a residual Add that the sinking leaves next to a
  // reshaped product moves into the product's shape (and kernel).
  if (options.sinkTransposes) {
    func.addPass(createONNXSinkTransposesPass());
    func.addPass(createCanonicalizerPass());
  }
  // Contract of the graph phase: every tensor is statically shaped.
  func.addPass(createVerifyStaticShapesPass());
}

void mlir::modelc::buildKernelsPipeline(OpPassManager &pm,
                                        const CompilerOptions &options) {
  // One kernel per compute op and the elementwise chain after it;
  // constants stay outside as weights and reshapes as views of buffers.
  // Tensor cores round f32 operands to TF32; constant weights are rounded
  // once here instead of at every load.
  if (options.isCudaTarget() && options.precision == Precision::TF32)
    pm.addNestedPass<func::FuncOp>(createONNXRoundWeightsToTF32Pass());
  // 16-bit weights and activations, sensitive ops kept in f32.
  if (options.precision == Precision::FP16 ||
      options.precision == Precision::BF16) {
    ONNXLowerPrecisionPassOptions lower;
    lower.type = options.precision == Precision::FP16 ? "f16" : "bf16";
    lower.narrowIO = options.narrowIO;
    pm.addNestedPass<func::FuncOp>(createONNXLowerPrecisionPass(lower));
  }
  FormKernelsPassOptions form;
  form.fuseElementwise = options.fuseElementwise;
  form.concatProducers = options.fuseConcatProducers;
  pm.addNestedPass<func::FuncOp>(createFormKernelsPass(form));
  // Kernel regions become functions of module @kernels.
  pm.addPass(createOutlineKernelsPass());
  // Kernels that are one GEMM and an epilogue cuBLASLt computes run with
  // it; they get no device code.
  if (options.usesGemmLibrary()) {
    SelectLibraryGemmsPassOptions library;
    library.precision = options.precision == Precision::FP32 ? "fp32" : "tf32";
    library.tuningCache = options.tuningCachePath;
    pm.addPass(createSelectLibraryGemmsPass(library));
  }
}

void mlir::modelc::buildTensorPipeline(OpPassManager &pm,
                                       const CompilerOptions &) {
  // Nesting on ModuleOp reaches the kernels module only: the model function
  // keeps its onnx constants and views for the memory plan.
  OpPassManager &kernels = pm.nest<ModuleOp>();
  kernels.addNestedPass<func::FuncOp>(createConvertONNXToLinalgPass());
  kernels.addPass(createCanonicalizerPass());
  kernels.addPass(createCSEPass());
  // The elementwise ops a kernel fused (bias, activation, residual) become
  // one linalg.generic, computed in one pass over the data.
  kernels.addPass(createLinalgElementwiseOpFusionPass());
  kernels.addPass(createCanonicalizerPass());
  // Results computed in the caller's output buffers, not in temporaries.
  kernels.addPass(createKernelDestinationPassingPass());
}

void mlir::modelc::buildBuffersPipeline(OpPassManager &pm,
                                        const CompilerOptions &) {
  OpPassManager &kernels = pm.nest<ModuleOp>();
  // Whole-module bufferization with identity layouts at the kernel
  // boundaries: the memory plan hands kernels contiguous buffers.
  bufferization::OneShotBufferizePassOptions bufferize;
  bufferize.bufferizeFunctionBoundaries = true;
  bufferize.functionBoundaryTypeConversion =
      bufferization::LayoutMapOption::IdentityLayoutMap;
  kernels.addPass(bufferization::createOneShotBufferizePass(bufferize));
  // The insertion of a tensor computed in its window
  // (modelc-kernel-destination-passing) is then a copy of the window onto
  // itself, which canonicalization erases once CSE made its two subviews
  // one.
  kernels.addPass(createCSEPass());
  kernels.addPass(createCanonicalizerPass());
  // The plan's calling convention, `(inputs..., outputs...[, scratch])`:
  // results dropped (copied into their output only when not computed
  // there), and temporaries in a scratch argument, since a run must not
  // allocate.
  kernels.addPass(createFinalizeKernelABIPass());
}

namespace {
/// 16-bit float arithmetic and math run in f32, rounding after each op, on
/// every target; bf16 <-> f32 conversions become bit operations (round to
/// nearest even), since neither the C runtime library (__truncsfbf2) nor
/// every SM has them.
void addFloat16EmulationPasses(OpPassManager &pm) {
  arith::ArithEmulateUnsupportedFloatsOptions emulate;
  emulate.sourceTypeStrs = {"f16", "bf16"};
  emulate.targetTypeStr = "f32";
  pm.addPass(arith::createArithEmulateUnsupportedFloats(emulate));
  pm.addPass(math::createMathExtendToSupportedTypes());
  arith::ArithExpandOpsPassOptions expand;
  expand.includeBf16 = true;
  pm.addPass(arith::createArithExpandOpsPass(expand));
}
} // namespace

void mlir::modelc::buildGPUPipeline(OpPassManager &pm,
                                    const CompilerOptions &options) {
  if (!options.isCudaTarget())
    return;
  OpPassManager &kernels = pm.nest<ModuleOp>();
  // math.ipowi in place (helper functions cannot go into a gpu.module).
  kernels.addPass(createLowerIntegerPowersPass());
  MapKernelsToGPUPassOptions map;
  map.blockSize = options.gpuBlockSize;
  map.tileM = options.gpuTileM;
  map.tileN = options.gpuTileN;
  map.tileK = options.gpuTileK;
  // 16-bit models keep f32 only in their sensitive ops; any f32 GEMM left
  // runs as at the default.
  map.precision = options.precision == Precision::FP32 ? "fp32" : "tf32";
  map.interiorEpilogue = options.gpuInteriorEpilogue;
  map.tensorCoreWarps = options.gpuTensorCoreWarps;
  map.tensorCoreMaxStages = options.gpuTensorCoreMaxStages;
  map.f16TensorCores = options.gpuF16TensorCores;
  map.wideCopies = options.gpuWideCopies;
  map.rowKernels = options.gpuRowKernels;
  map.warpRowKernels = options.gpuWarpRowKernels;
  map.foldPadding = options.gpuFoldPadding;
  map.splitK = options.gpuSplitK;
  map.swizzledRows = options.gpuSwizzledRows;
  map.pairedEpilogue = options.gpuPairedEpilogue;
  map.wideEpilogue = options.gpuWideEpilogue;
  map.l1Bypass = options.gpuL1Bypass;
  map.paddingSelectsPerDimension = options.gpuPaddingSelectsPerDimension;
  map.fmaExactProducts = options.gpuFmaExactProducts;
  map.reductionLanes = options.gpuReductionLanes;
  map.tuningCache = options.tuningCachePath;
  kernels.addPass(createMapKernelsToGPUPass(map));
  kernels.addPass(createCanonicalizerPass());
  kernels.addPass(createCSEPass());
}

void mlir::modelc::buildCudaCodegenPipeline(OpPassManager &pm,
                                            const CompilerOptions &options) {
  OpPassManager &device = pm.nest<ModuleOp>().nest<gpu::GPUModuleOp>();
  // 32-bit offsets when every buffer is under 1 GiB (the data layout says
  // so; the conversion to NVVM follows it).
  device.addPass(createSelectGPUIndexWidthPass());
  // Ops that run on one thread are still linalg.
  device.addPass(createConvertLinalgToLoopsPass());
  device.addPass(createLowerAffinePass());
  addFloat16EmulationPasses(device);
  device.addPass(memref::createExpandStridedMetadataPass());
  device.addPass(createLowerAffinePass());
  device.addPass(createSCFToControlFlowPass());
  // Fragments built from 64-bit loads were canonicalized into n-D shape
  // casts, which the conversion below lowers only in 1-D.
  device.addPass(createLowerGPUVectorShapeCastsPass());
  // Kernels take bare pointers, `(T *in..., T *out..., i8 *scratch)`, as
  // on the host; math becomes libdevice calls (__nv_expf, ...), linked in
  // when PTX is generated; nvgpu ops (mma.sync, cp.async) lower here too
  // (registerAllDialects adds their patterns).
  ConvertGpuOpsToNVVMOpsOptions nvvm;
  nvvm.useBarePtrCallConv = true;
  nvvm.indexBitwidth = 0; // from the data layout
  device.addPass(createConvertGpuOpsToNVVMOps(nvvm));
  // What the runtime guarantees of every kernel argument.
  if (options.gpuAlignedArguments)
    device.addPass(createAlignKernelArgumentsPass());
  device.addPass(createCanonicalizerPass());
  device.addPass(createReconcileUnrealizedCastsPass());
}

void mlir::modelc::buildHostCodegenPipeline(OpPassManager &pm,
                                            const CompilerOptions &) {
  OpPassManager &kernels = pm.nest<ModuleOp>();
  // Loops; the LLVM optimizer vectorizes the innermost ones.
  kernels.addNestedPass<func::FuncOp>(createConvertLinalgToLoopsPass());
  // Integer powers become loops in helper functions (before SCF lowering).
  kernels.addPass(createConvertMathToFuncs());
  kernels.addPass(createLowerAffinePass());
  kernels.addPass(createSCFToControlFlowPass());
  addFloat16EmulationPasses(kernels);
  kernels.addPass(createSelectBFloat16AsIntegerPass());
  // Math with an LLVM intrinsic first; the rest (erf, acosh, ...) as libm.
  kernels.addPass(createConvertMathToLLVMPass());
  kernels.addPass(createConvertMathToLibmPass());
  kernels.addPass(memref::createExpandStridedMetadataPass());
  kernels.addPass(createLowerAffinePass());
  kernels.addPass(createFinalizeMemRefToLLVMConversionPass());
  kernels.addPass(createArithToLLVMConversionPass());
  // Bare pointers: a kernel is `void k(T *in..., T *out..., i8 *scratch)`.
  ConvertFuncToLLVMPassOptions func;
  func.useBarePtrCallConv = true;
  kernels.addPass(createConvertFuncToLLVMPass(func));
  kernels.addPass(createConvertControlFlowToLLVMPass());
  kernels.addPass(createReconcileUnrealizedCastsPass());
}

void mlir::modelc::buildPipeline(OpPassManager &pm,
                                 const CompilerOptions &options, Phase from,
                                 Phase to) {
  auto includes = [&](Phase phase) { return from < phase && phase <= to; };
  if (includes(Phase::Graph))
    buildGraphPipeline(pm, options);
  if (includes(Phase::Kernels))
    buildKernelsPipeline(pm, options);
  if (includes(Phase::Tensor))
    buildTensorPipeline(pm, options);
  if (includes(Phase::Buffers))
    buildBuffersPipeline(pm, options);
  if (includes(Phase::GPU))
    buildGPUPipeline(pm, options);
  if (includes(Phase::LLVM)) {
    if (options.isCudaTarget())
      buildCudaCodegenPipeline(pm, options);
    else
      buildHostCodegenPipeline(pm, options);
  }
}

void mlir::modelc::registerPipelines() {
  auto add = [](StringRef name, StringRef description,
                void (*build)(OpPassManager &, const CompilerOptions &)) {
    PassPipelineRegistration<>(name, description, [build](OpPassManager &pm) {
      build(pm, CompilerOptions());
    });
  };
  add("modelc-graph-pipeline",
      "The graph phase: from imported onnx IR to optimized, static IR",
      buildGraphPipeline);
  add("modelc-kernels-pipeline",
      "Group compute ops into kernels and outline them", buildKernelsPipeline);
  add("modelc-tensor-pipeline", "Lower kernel bodies to linalg on tensors",
      buildTensorPipeline);
  add("modelc-buffers-pipeline",
      "Bufferize kernels (destination passing, scratch argument)",
      buildBuffersPipeline);
  add("modelc-gpu-pipeline",
      "Map bufferized kernels to GPU functions (CUDA targets)",
      buildGPUPipeline);
  add("modelc-cuda-codegen-pipeline",
      "Lower the GPU functions to the NVVM and LLVM dialects",
      buildCudaCodegenPipeline);
  add("modelc-host-codegen-pipeline",
      "Lower bufferized kernels to the LLVM dialect for the host CPU",
      buildHostCodegenPipeline);
}

//===- Pipelines.cpp - The phases of modelc compilation -------------------===//
//
// Part of the modelc project, under the Apache License v2.0 with LLVM
// Exceptions. SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "compiler/Pipelines.h"

#include "passes/ONNX/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
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
  // Contract of the graph phase: every tensor is statically shaped.
  func.addPass(createVerifyStaticShapesPass());
}

void mlir::modelc::buildPipeline(OpPassManager &pm,
                                 const CompilerOptions &options, Phase from,
                                 Phase to) {
  if (from < Phase::Graph && to >= Phase::Graph)
    buildGraphPipeline(pm, options);
}

void mlir::modelc::registerPipelines() {
  PassPipelineRegistration<>(
      "modelc-graph-pipeline",
      "The graph phase: from imported onnx IR to optimized, static IR",
      [](OpPassManager &pm) { buildGraphPipeline(pm, CompilerOptions()); });
}

//===- LowerGPUVectorShapeCasts.cpp - n-D shape casts as extracts ---------===//
//
// Part of the modelc project, under the Apache License v2.0 with LLVM
// Exceptions. SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Implements `modelc-lower-gpu-vector-shape-casts` with MLIR's shape-cast
// lowering patterns, so that the GPU-to-NVVM conversion finds no n-D
// vector.shape_cast.
//
//===----------------------------------------------------------------------===//

#include "passes/GPU/Passes.h"

#include "mlir/Dialect/Vector/Transforms/LoweringPatterns.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace mlir::modelc {
#define GEN_PASS_DEF_LOWERGPUVECTORSHAPECASTSPASS
#include "passes/GPU/Passes.h.inc"

namespace {

struct LowerGPUVectorShapeCastsPass final
    : impl::LowerGPUVectorShapeCastsPassBase<LowerGPUVectorShapeCastsPass> {
  using Base::Base;

  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    vector::populateVectorShapeCastLoweringPatterns(patterns);
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace
} // namespace mlir::modelc

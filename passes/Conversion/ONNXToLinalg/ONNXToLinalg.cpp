//===- ONNXToLinalg.cpp - Lower the onnx dialect to linalg ----------------===//
//
// Part of the modelc project, under the Apache License v2.0 with LLVM
// Exceptions. SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Implements `convert-onnx-to-linalg`: a full dialect conversion of each
// function (kernel functions, in the pipeline) from onnx ops to linalg,
// tensor, arith, math and scf on static tensors, with unsigned element types
// made signless in the signature and the body.
//
//===----------------------------------------------------------------------===//

#include "passes/Conversion/ONNXToLinalg/ONNXToLinalg.h"

#include "dialects/ONNX/IR/ONNXDialect.h"
#include "passes/Conversion/ONNXToLinalg/PopulatePatterns.h"
#include "passes/Conversion/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Func/Transforms/FuncConversions.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

namespace mlir::modelc {
#define GEN_PASS_DEF_CONVERTONNXTOLINALGPASS
#include "passes/Conversion/Passes.h.inc"
} // namespace mlir::modelc

using namespace mlir;
using namespace mlir::modelc;

ONNXToLinalgTypeConverter::ONNXToLinalgTypeConverter() {
  addConversion([](Type type) { return type; });
  addConversion([](IntegerType type) -> Type {
    if (type.isUnsigned())
      return IntegerType::get(type.getContext(), type.getWidth());
    return type;
  });
  addConversion([this](RankedTensorType type) -> Type {
    return type.clone(convertType(type.getElementType()));
  });
}

void mlir::modelc::populateONNXToLinalgConversionPatterns(
    const TypeConverter &converter, RewritePatternSet &patterns) {
  populateElementwiseLoweringPatterns(converter, patterns);
  populateMatMulLoweringPatterns(converter, patterns);
  populateAttentionLoweringPatterns(converter, patterns);
  populateConvLoweringPatterns(converter, patterns);
  populatePoolingLoweringPatterns(converter, patterns);
  populateReductionLoweringPatterns(converter, patterns);
  populateNormalizationLoweringPatterns(converter, patterns);
  populateDataMovementLoweringPatterns(converter, patterns);
  populateResizeLoweringPatterns(converter, patterns);
  populateGeneratorLoweringPatterns(converter, patterns);
}

namespace {
struct ConvertONNXToLinalgPass final
    : modelc::impl::ConvertONNXToLinalgPassBase<ConvertONNXToLinalgPass> {
  using Base::Base;

  void runOnOperation() override {
    func::FuncOp func = getOperation();
    MLIRContext *context = &getContext();
    ONNXToLinalgTypeConverter converter;
    ConversionTarget target(*context);
    // Every onnx op must be lowered; a failure names the op.
    target.addIllegalDialect<onnx::ONNXDialect>();
    target.addLegalDialect<arith::ArithDialect, linalg::LinalgDialect,
                           math::MathDialect, scf::SCFDialect,
                           tensor::TensorDialect>();
    // The function itself is legal once its signature and returns carry
    // converted types.
    target.addDynamicallyLegalOp<func::FuncOp>([&](func::FuncOp f) {
      return converter.isSignatureLegal(f.getFunctionType());
    });
    target.addDynamicallyLegalOp<func::ReturnOp>(
        [&](func::ReturnOp op) { return converter.isLegal(op); });
    RewritePatternSet patterns(context);
    populateONNXToLinalgConversionPatterns(converter, patterns);
    populateFunctionOpInterfaceTypeConversionPattern<func::FuncOp>(patterns,
                                                                   converter);
    populateReturnOpTypeConversionPattern(patterns, converter);
    if (failed(applyFullConversion(func, target, std::move(patterns))))
      signalPassFailure();
  }
};
} // namespace

//===- PopulatePatterns.h - Lowering pattern families -----------*- C++ -*-===//
//
// Part of the modelc project, under the Apache License v2.0 with LLVM
// Exceptions. SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Private to passes/Conversion/ONNXToLinalg: one populate function per op
// family file, collected by populateONNXToLinalgConversionPatterns.
//
//===----------------------------------------------------------------------===//

#ifndef MODELC_PASSES_CONVERSION_ONNXTOLINALG_POPULATEPATTERNS_H
#define MODELC_PASSES_CONVERSION_ONNXTOLINALG_POPULATEPATTERNS_H

#include "mlir/Transforms/DialectConversion.h"

namespace mlir::modelc {

void populateElementwiseLoweringPatterns(const TypeConverter &converter,
                                         RewritePatternSet &patterns);
void populateAttentionLoweringPatterns(const TypeConverter &converter,
                                       RewritePatternSet &patterns);
void populateMatMulLoweringPatterns(const TypeConverter &converter,
                                    RewritePatternSet &patterns);
void populateConvLoweringPatterns(const TypeConverter &converter,
                                  RewritePatternSet &patterns);
void populatePoolingLoweringPatterns(const TypeConverter &converter,
                                     RewritePatternSet &patterns);
void populateReductionLoweringPatterns(const TypeConverter &converter,
                                       RewritePatternSet &patterns);
void populateNormalizationLoweringPatterns(const TypeConverter &converter,
                                           RewritePatternSet &patterns);
void populateDataMovementLoweringPatterns(const TypeConverter &converter,
                                          RewritePatternSet &patterns);
void populateResizeLoweringPatterns(const TypeConverter &converter,
                                    RewritePatternSet &patterns);
void populateGeneratorLoweringPatterns(const TypeConverter &converter,
                                       RewritePatternSet &patterns);

} // namespace mlir::modelc

#endif // MODELC_PASSES_CONVERSION_ONNXTOLINALG_POPULATEPATTERNS_H

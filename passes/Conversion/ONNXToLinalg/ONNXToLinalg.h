//===- ONNXToLinalg.h - Lower the onnx dialect to linalg --------*- C++ -*-===//
//
// Part of the modelc project, under the Apache License v2.0 with LLVM
// Exceptions. SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#ifndef MODELC_PASSES_CONVERSION_ONNXTOLINALG_ONNXTOLINALG_H
#define MODELC_PASSES_CONVERSION_ONNXTOLINALG_ONNXTOLINALG_H

#include "mlir/Transforms/DialectConversion.h"

namespace mlir::modelc {

/// Converts onnx tensor types for linalg/arith: unsigned integer elements
/// become signless of the same width (arith works on signless integers; each
/// lowering takes signedness from the onnx op's own types).
class ONNXToLinalgTypeConverter : public TypeConverter {
public:
  ONNXToLinalgTypeConverter();
};

/// Adds the lowerings of every onnx op to linalg, tensor, arith, math and
/// scf on static tensors.
void populateONNXToLinalgConversionPatterns(const TypeConverter &converter,
                                            RewritePatternSet &patterns);

} // namespace mlir::modelc

#endif // MODELC_PASSES_CONVERSION_ONNXTOLINALG_ONNXTOLINALG_H

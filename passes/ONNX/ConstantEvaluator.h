//===- ConstantEvaluator.h - Compile-time evaluation of onnx ops -*- C++
//-*-===//
//
// Part of the modelc project, under the Apache License v2.0 with LLVM
// Exceptions. SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Evaluates onnx ops on constant operands at compile time, for the folding
// passes. Float math is done in double precision and rounded once to the
// result type; integer math wraps to the result width.
//
//===----------------------------------------------------------------------===//

#ifndef MODELC_PASSES_ONNX_CONSTANTEVALUATOR_H
#define MODELC_PASSES_ONNX_CONSTANTEVALUATOR_H

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Operation.h"
#include "mlir/Support/LLVM.h"

namespace mlir::modelc::onnx {

/// Returns true if the evaluator implements `op`'s kind (whatever its
/// operands).
bool isEvaluable(Operation *op);

/// Returns the total number of elements of `op`'s results, or -1 if one of
/// them is not statically shaped.
int64_t getResultElementCount(Operation *op);

/// Computes the results of `op` from its operands, which must all be
/// constants holding at most `maxOperandElements` elements each; the results
/// must be statically shaped. Fails without a diagnostic when that does not
/// hold, when the op or its element types are not implemented, or when the
/// evaluation would be undefined (integer division by zero, an index out of
/// range).
FailureOr<SmallVector<DenseElementsAttr>> evaluate(Operation *op,
                                                   int64_t maxOperandElements);

/// Returns a float constant of `type` holding `values`, each rounded once to
/// the element type.
DenseElementsAttr createFloatElements(RankedTensorType type,
                                      ArrayRef<double> values);

/// Replaces every result of `op` by an onnx.Constant holding `values` (at
/// the op's location), erases `op`, and erases the constants that fed it if
/// nothing else uses them.
void replaceWithConstants(Operation *op, ArrayRef<DenseElementsAttr> values);

} // namespace mlir::modelc::onnx

#endif // MODELC_PASSES_ONNX_CONSTANTEVALUATOR_H

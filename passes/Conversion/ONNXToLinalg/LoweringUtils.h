//===- LoweringUtils.h - Helpers shared by the ONNX lowerings ---*- C++ -*-===//
//
// Part of the modelc project, under the Apache License v2.0 with LLVM
// Exceptions. SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Private to passes/Conversion/ONNXToLinalg. Builders for the linalg.generic
// shapes every lowering uses (numpy broadcasting, reductions), scalar
// constants of any element type, and the element-kind bookkeeping that keeps
// signedness, which the converted (signless) types no longer carry.
//
//===----------------------------------------------------------------------===//

#ifndef MODELC_PASSES_CONVERSION_ONNXTOLINALG_LOWERINGUTILS_H
#define MODELC_PASSES_CONVERSION_ONNXTOLINALG_LOWERINGUTILS_H

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/Transforms/DialectConversion.h"

#include <functional>

namespace mlir::modelc::lowering {

/// What an onnx element type is, before unsigned types become signless.
struct ElementKind {
  bool isFloat = false;
  bool isUnsigned = false;
  bool isBool = false;
};
ElementKind getElementKind(Type onnxType);

/// The scalar computation inside a linalg.generic body: receives one scalar
/// per input and returns the result scalar.
using ScalarBody =
    std::function<Value(OpBuilder &, Location, ValueRange scalars)>;

/// tensor.empty of a static `type`.
Value createEmpty(OpBuilder &b, Location loc, RankedTensorType type);

/// A scalar constant of `type` (float or integer; integers from `value`
/// truncated toward zero).
Value createScalar(OpBuilder &b, Location loc, Type type, double value);

/// The lowest and highest value of `type` (-inf/+inf for floats), for max
/// and min reductions and padding.
Value createLowest(OpBuilder &b, Location loc, Type type, bool isUnsigned);
Value createHighest(OpBuilder &b, Location loc, Type type, bool isUnsigned);

/// A tensor of `type` filled with `scalar`.
Value createFilled(OpBuilder &b, Location loc, RankedTensorType type,
                   Value scalar);

/// The indexing map of an operand of shape `shape` broadcast (numpy rules,
/// aligned to the right) to an iteration space of `resultShape`.
AffineMap getBroadcastMap(MLIRContext *context, ArrayRef<int64_t> shape,
                          ArrayRef<int64_t> resultShape);

/// linalg.generic computing `body` elementwise on the numpy broadcast of
/// `inputs` into a new tensor of `resultType`.
Value buildElementwise(OpBuilder &b, Location loc, RankedTensorType resultType,
                       ValueRange inputs, const ScalarBody &body);

/// Reinterprets the static tensor `input` with the shape of `resultType`
/// (same element count) through collapse/expand_shape.
Value reshapeTensor(OpBuilder &b, Location loc, Value input,
                    RankedTensorType resultType);

/// Iterator types for `count` parallel dimensions.
SmallVector<utils::IteratorType> parallelIterators(unsigned count);

/// Index values of all dimensions inside a linalg.generic body.
SmallVector<Value> getLoopIndices(OpBuilder &b, Location loc, unsigned rank);

/// Converts a scalar between element types with ONNX Cast semantics (float
/// to int truncates; bool is `!= 0`).
Value castScalar(OpBuilder &b, Location loc, Value value, ElementKind from,
                 Type to, ElementKind toKind);

/// Casts an index value to i64 or back.
Value indexToI64(OpBuilder &b, Location loc, Value index);
Value toIndex(OpBuilder &b, Location loc, Value integer, bool isUnsigned);

/// Reads element `i` of a 1-D (or 0-D when `i` is 0) integer tensor as an
/// index value (sign-extended).
Value extractIndex(OpBuilder &b, Location loc, Value tensor, int64_t i);

/// Clamps an index value into [0, size - 1] so that a value read from
/// the model's inputs can never address outside a tensor.
Value clampIndex(OpBuilder &b, Location loc, Value index, int64_t size);

/// The type a sum of products of `element` values accumulates in: f32 for
/// 16-bit floats (every product summed in f32, rounded once at the end,
/// as tensor cores do), else `element` itself.
Type getAccumulatorType(Type element);

/// `value`, a float tensor, converted elementwise to element type `to`
/// (arith.extf or arith.truncf, rounding to nearest even); `value` itself
/// when it has that type already.
Value convertFloatTensor(OpBuilder &b, Location loc, Value value, Type to);

/// Copies `from`'s `modelc.tf32_exact` (its operands 0 and 1 exact in
/// TF32) onto the contraction defining `contraction`, whose inputs 0 and 1
/// are those operands (reshaped at most).
void forwardTF32Exact(Operation *from, Value contraction);

} // namespace mlir::modelc::lowering

#endif // MODELC_PASSES_CONVERSION_ONNXTOLINALG_LOWERINGUTILS_H

//===- ONNXTypeInference.h - Result type inference helpers ------*- C++ -*-===//
//
// Part of the modelc project, under the Apache License v2.0 with LLVM
// Exceptions. SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Shape rules shared by onnx ops (broadcasting, reductions, axes, windows),
// the compatibility rule between inferred and declared result types, and the
// entry points passes use to infer or refine the result types of any onnx op.
//
// Inference never fails on missing information: a dimension it cannot know
// is dynamic, and a result whose rank it cannot know is an unranked tensor.
// It fails (with a diagnostic at `loc` when one is given) only when the
// operands and attributes contradict the op's semantics.
//
//===----------------------------------------------------------------------===//

#ifndef MODELC_DIALECTS_ONNX_IR_ONNXTYPEINFERENCE_H
#define MODELC_DIALECTS_ONNX_IR_ONNXTYPEINFERENCE_H

#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Location.h"
#include "mlir/IR/Operation.h"
#include "mlir/IR/TypeRange.h"
#include "mlir/IR/Value.h"
#include "mlir/Support/LLVM.h"

#include <optional>

namespace mlir::modelc::onnx {

//===----------------------------------------------------------------------===//
// Compatibility and refinement
//===----------------------------------------------------------------------===//

/// Returns true if every declared type in `actual` is compatible with the
/// corresponding type in `inferred`: same element type, and, when `inferred`
/// is ranked, same rank and equal static dimensions. A declared type may be
/// more static than the inferred one.
bool areCompatibleResultTypes(TypeRange inferred, TypeRange actual);

/// Returns the most static type compatible with both `current` and
/// `inferred` (per dimension, the static one), or failure if they
/// contradict each other.
FailureOr<Type> refineType(Type current, Type inferred);

/// Infers the result types of any onnx op (through InferTypeOpInterface or
/// InferResultTypesOpInterface). Emits a diagnostic on failure.
FailureOr<SmallVector<Type>> inferResultTypes(Operation *op);

/// Replaces each result type of `op` by its refinement with the inferred
/// type. Returns the number of results whose type changed, or failure (with
/// a diagnostic) if inference fails or contradicts a declared type.
FailureOr<unsigned> refineResultTypes(Operation *op);

/// Sets the result types of the function `funcOp` to the types of the
/// values its terminator returns, after their types were refined.
void updateFunctionResultTypes(Operation *funcOp);

/// Verifier of InferResultTypesOpInterface: the declared result types must be
/// compatible with the inferred ones.
LogicalResult verifyInferredResultTypes(Operation *op);

/// Verifies that all operands of `op` have the same element type.
LogicalResult verifySameOperandElementTypes(Operation *op);

//===----------------------------------------------------------------------===//
// Constant operands
//===----------------------------------------------------------------------===//

/// Returns the elements of `value` if it is produced by a constant integer
/// tensor (sign-extended; unsigned types zero-extended).
std::optional<SmallVector<int64_t>> getConstantIntValues(Value value);

/// Returns the elements of `value` if it is produced by a constant float
/// tensor.
std::optional<SmallVector<double>> getConstantFloatValues(Value value);

//===----------------------------------------------------------------------===//
// Shape rules
//===----------------------------------------------------------------------===//

/// Normalizes `axis` of attribute or operand `name` into [0, rank); fails
/// with "'axis' = 5 is out of range [-3, 2]" when it is not in [-rank, rank).
FailureOr<int64_t> normalizeAxis(std::optional<Location> loc, StringRef name,
                                 int64_t axis, int64_t rank);

/// Numpy (multidirectional) broadcast of two shapes; dynamic dimensions
/// broadcast to the other side's static size unless it is 1.
FailureOr<SmallVector<int64_t>> broadcastShapes(std::optional<Location> loc,
                                                ArrayRef<int64_t> lhs,
                                                ArrayRef<int64_t> rhs);

/// Infers the broadcast of all `operands` with `elementType`.
LogicalResult inferBroadcastResultType(std::optional<Location> loc,
                                       ValueRange operands, Type elementType,
                                       SmallVectorImpl<Type> &inferred);

/// Infers a reduction of `data` along `axes` (all axes when none or empty,
/// unless `noopWithEmptyAxes`).
LogicalResult inferReductionResultType(std::optional<Location> loc, Value data,
                                       std::optional<SmallVector<int64_t>> axes,
                                       bool keepdims, bool noopWithEmptyAxes,
                                       SmallVectorImpl<Type> &inferred);

/// Infers GlobalAveragePool / GlobalMaxPool: spatial dimensions become 1.
LogicalResult inferGlobalPoolResultType(std::optional<Location> loc, Value x,
                                        SmallVectorImpl<Type> &inferred);

/// The geometry of a sliding window (Conv, ConvTranspose, pooling) after
/// defaults are applied: one entry per spatial axis, `pads` has 2 per axis.
struct WindowGeometry {
  SmallVector<int64_t> kernel;
  SmallVector<int64_t> strides;
  SmallVector<int64_t> dilations;
  SmallVector<int64_t> pads;
};

/// Validates the window attributes of a `spatialRank`-D op and applies their
/// defaults. `kernel` is required; the others may be empty (defaults).
FailureOr<WindowGeometry>
getWindowGeometry(std::optional<Location> loc, int64_t spatialRank,
                  ArrayRef<int64_t> kernel,
                  std::optional<ArrayRef<int64_t>> strides,
                  std::optional<ArrayRef<int64_t>> dilations,
                  std::optional<ArrayRef<int64_t>> pads, StringRef autoPad);

/// Makes `g.pads` ([begin..., end...]) explicit for `auto_pad` SAME_UPPER or
/// SAME_LOWER: each spatial axis gets the total padding that `outSizes`
/// needs from `inSizes`, the odd one at the end (UPPER) or the beginning
/// (LOWER). Any other `autoPad` leaves the pads as they are.
void resolveSamePads(WindowGeometry &g, ArrayRef<int64_t> inSizes,
                     ArrayRef<int64_t> outSizes, StringRef autoPad);

/// Output size of one spatial axis of a convolution or pooling window, as
/// ONNX shape inference computes it (`auto_pad` SAME_* gives ceil(in/stride)).
/// Returns ShapedType::kDynamic for a dynamic input.
int64_t getWindowOutputSize(int64_t input, int64_t kernel, int64_t stride,
                            int64_t dilation, int64_t padBegin, int64_t padEnd,
                            StringRef autoPad, bool ceilMode);

/// The elements one axis of a Slice selects: `size` elements from `start`
/// with stride `step`, after numpy's clamping of `start` and `end` (negative
/// values count from the back). `step` must not be 0.
struct SliceAxisRange {
  int64_t start;
  int64_t size;
};
SliceAxisRange getSliceAxisRange(int64_t dim, int64_t start, int64_t end,
                                 int64_t step);

/// Sum and product of dimension sizes for shape rules that must not overflow
/// on hostile models: kDynamic if an operand is dynamic, std::nullopt if the
/// result does not fit in int64_t.
std::optional<int64_t> addDims(int64_t a, int64_t b);
std::optional<int64_t> mulDims(int64_t a, int64_t b);

/// Returns `type` with unknown dimensions: an unranked tensor if `rank` is
/// negative, else a ranked one with `rank` dynamic dimensions.
Type getUnknownShapeType(Type elementType, int64_t rank);

} // namespace mlir::modelc::onnx

#endif // MODELC_DIALECTS_ONNX_IR_ONNXTYPEINFERENCE_H

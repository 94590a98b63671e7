//===- ONNXOps.cpp - Operations of the onnx dialect -----------------------===//
//
// Part of the modelc project, under the Apache License v2.0 with LLVM
// Exceptions. SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Result type inference, verifiers and folders of the onnx ops that are not
// covered by an op family in ONNXBase.td. The shape rules follow the ONNX
// specification of opset 17 and agree with libonnx's shape inference, which
// the importer runs first; the importer's cross-check of the two catches any
// disagreement on every imported model.
//
//===----------------------------------------------------------------------===//

#include "dialects/ONNX/IR/ONNXOps.h"

#include "dialects/ONNX/IR/ONNXTypes.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/OpImplementation.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallBitVector.h"
#include "llvm/Support/MathExtras.h"

#include <cmath>
#include <limits>
#include <numeric>

using namespace mlir;
using namespace mlir::modelc::onnx;

/// The signature every bespoke `inferReturnTypes` shares (InferTypeOpAdaptor).
#define ONNX_INFER_RETURN_TYPES(OP)                                            \
  LogicalResult OP::inferReturnTypes(                                          \
      [[maybe_unused]] MLIRContext *ctx,                                       \
      [[maybe_unused]] std::optional<Location> loc, OP::Adaptor adaptor,       \
      SmallVectorImpl<Type> &inferred)

namespace {
/// Emits `message` at `loc` (when inference runs with a location) and fails.
LogicalResult inferenceError(std::optional<Location> loc,
                             const Twine &message) {
  if (loc)
    emitError(*loc) << message;
  return failure();
}

RankedTensorType rankedType(Value value) {
  return cast<RankedTensorType>(value.getType());
}

/// Returns true if `type` is a scalar: rank 0, or rank 1 with one element.
bool isScalarLike(RankedTensorType type) {
  return type.getRank() == 0 ||
         (type.getRank() == 1 && type.getDimSize(0) == 1);
}

/// Product of `dims`: kDynamic if any is dynamic, std::nullopt on overflow.
std::optional<int64_t> product(ArrayRef<int64_t> dims) {
  int64_t result = 1;
  for (int64_t d : dims) {
    std::optional<int64_t> next = mulDims(result, d);
    if (!next || ShapedType::isDynamic(*next))
      return next;
    result = *next;
  }
  return result;
}

/// The folder of ops that change nothing when their result has their
/// operand's (static) type: Reshape, Flatten, Squeeze, Unsqueeze, Expand.
OpFoldResult foldToOperandOfSameType(Value operand, Value result) {
  auto type = cast<RankedTensorType>(result.getType());
  if (operand.getType() == type && type.hasStaticShape())
    return operand;
  return {};
}

/// Returns the number of elements of a 1-D `value` if its type says so.
std::optional<int64_t> getStatic1DLength(Value value) {
  auto type = dyn_cast<RankedTensorType>(value.getType());
  if (!type || type.getRank() != 1 || type.isDynamicDim(0))
    return std::nullopt;
  return type.getDimSize(0);
}
} // namespace

//===----------------------------------------------------------------------===//
// ConstantOp
//===----------------------------------------------------------------------===//

ONNX_INFER_RETURN_TYPES(ConstantOp) {
  auto type = dyn_cast<RankedTensorType>(adaptor.getValue().getType());
  if (!type)
    return inferenceError(loc, "'value' must be a ranked tensor");
  inferred.push_back(type);
  return success();
}

OpFoldResult ConstantOp::fold(FoldAdaptor) { return getValueAttr(); }

//===----------------------------------------------------------------------===//
// ConstantOfShapeOp
//===----------------------------------------------------------------------===//

ONNX_INFER_RETURN_TYPES(ConstantOfShapeOp) {
  Type elementType = Float32Type::get(ctx);
  if (std::optional<ElementsAttr> value = adaptor.getValue())
    elementType = value->getElementType();
  if (std::optional<SmallVector<int64_t>> shape =
          getConstantIntValues(adaptor.getInput())) {
    for (int64_t d : *shape)
      if (d < 0)
        return inferenceError(loc,
                              "'input' has a negative dimension " + Twine(d));
    inferred.push_back(RankedTensorType::get(*shape, elementType));
    return success();
  }
  std::optional<int64_t> rank = getStatic1DLength(adaptor.getInput());
  inferred.push_back(getUnknownShapeType(elementType, rank ? *rank : -1));
  return success();
}

LogicalResult ConstantOfShapeOp::verify() {
  if (rankedType(getInput()).getRank() != 1)
    return emitOpError("expects a 1-D 'input', got rank ")
           << rankedType(getInput()).getRank();
  if (std::optional<ElementsAttr> value = getValue())
    if (value->getNumElements() != 1)
      return emitOpError("expects 'value' to have one element, got ")
             << value->getNumElements();
  return success();
}

//===----------------------------------------------------------------------===//
// ShapeOp, SizeOp
//===----------------------------------------------------------------------===//

ONNX_INFER_RETURN_TYPES(ShapeOp) {
  int64_t rank = rankedType(adaptor.getData()).getRank();
  auto clamp = [&](int64_t v) {
    if (v < 0)
      v += rank;
    return std::clamp<int64_t>(v, 0, rank);
  };
  int64_t start = clamp(adaptor.getStart());
  int64_t end = clamp(adaptor.getEnd().value_or(rank));
  inferred.push_back(RankedTensorType::get({std::max<int64_t>(end - start, 0)},
                                           IntegerType::get(ctx, 64)));
  return success();
}

/// A shape is known at compile time when the operand is statically shaped.
OpFoldResult ShapeOp::fold(FoldAdaptor) {
  auto data = rankedType(getData());
  if (!data.hasStaticShape() || !getType().hasStaticShape())
    return {};
  int64_t rank = data.getRank();
  auto clamp = [&](int64_t v) {
    if (v < 0)
      v += rank;
    return std::clamp<int64_t>(v, 0, rank);
  };
  int64_t start = clamp(getStart());
  int64_t end = std::max(start, clamp(getEnd().value_or(rank)));
  return DenseElementsAttr::get(
      getType(), ArrayRef<int64_t>(data.getShape().slice(start, end - start)));
}

ONNX_INFER_RETURN_TYPES(SizeOp) {
  inferred.push_back(RankedTensorType::get({}, IntegerType::get(ctx, 64)));
  return success();
}

OpFoldResult SizeOp::fold(FoldAdaptor) {
  auto data = rankedType(getData());
  if (!data.hasStaticShape())
    return {};
  return DenseElementsAttr::get(getType(), data.getNumElements());
}

//===----------------------------------------------------------------------===//
// RangeOp
//===----------------------------------------------------------------------===//

ONNX_INFER_RETURN_TYPES(RangeOp) {
  Type elementType = rankedType(adaptor.getStart()).getElementType();
  int64_t size = ShapedType::kDynamic;
  if (isa<IntegerType>(elementType)) {
    auto start = getConstantIntValues(adaptor.getStart());
    auto limit = getConstantIntValues(adaptor.getLimit());
    auto delta = getConstantIntValues(adaptor.getDelta());
    if (start && limit && delta && start->size() == 1 && limit->size() == 1 &&
        delta->size() == 1) {
      int64_t d = (*delta)[0];
      if (d == 0)
        return inferenceError(loc, "'delta' must not be zero");
      // ceil((limit - start) / delta) with integer arithmetic.
      int64_t span;
      if (llvm::SubOverflow((*limit)[0], (*start)[0], span))
        return inferenceError(loc, "'limit' - 'start' overflows");
      int64_t n =
          span / d + ((span % d != 0 && ((span < 0) == (d < 0))) ? 1 : 0);
      size = std::max<int64_t>(n, 0);
    }
  } else {
    auto start = getConstantFloatValues(adaptor.getStart());
    auto limit = getConstantFloatValues(adaptor.getLimit());
    auto delta = getConstantFloatValues(adaptor.getDelta());
    if (start && limit && delta && start->size() == 1 && limit->size() == 1 &&
        delta->size() == 1) {
      if ((*delta)[0] == 0.0)
        return inferenceError(loc, "'delta' must not be zero");
      double n = std::ceil(((*limit)[0] - (*start)[0]) / (*delta)[0]);
      size = std::max<int64_t>(static_cast<int64_t>(n), 0);
    }
  }
  inferred.push_back(RankedTensorType::get({size}, elementType));
  return success();
}

LogicalResult RangeOp::verify() {
  for (Value v : {getStart(), getLimit(), getDelta()}) {
    if (!isScalarLike(rankedType(v)))
      return emitOpError("expects scalar 'start', 'limit' and 'delta', got ")
             << v.getType();
  }
  return verifySameOperandElementTypes(*this);
}

//===----------------------------------------------------------------------===//
// IdentityOp, DropoutOp
//===----------------------------------------------------------------------===//

ONNX_INFER_RETURN_TYPES(IdentityOp) {
  inferred.push_back(adaptor.getInput().getType());
  return success();
}

LogicalResult DropoutOp::inferResultTypes(SmallVectorImpl<Type> &inferred) {
  auto type = rankedType(getData());
  inferred.push_back(type);
  if (getMask())
    inferred.push_back(type.clone(IntegerType::get(getContext(), 1)));
  return success();
}

//===----------------------------------------------------------------------===//
// ClipOp, CastOp, CastLikeOp
//===----------------------------------------------------------------------===//

ONNX_INFER_RETURN_TYPES(ClipOp) {
  inferred.push_back(adaptor.getInput().getType());
  return success();
}

LogicalResult ClipOp::verify() {
  Type elementType = rankedType(getInput()).getElementType();
  for (auto [name, bound] : {std::pair{"min", getMin()}, {"max", getMax()}}) {
    if (!bound)
      continue;
    auto type = rankedType(bound);
    if (!isScalarLike(type) || type.getElementType() != elementType)
      return emitOpError("expects '") << name << "' to be a scalar of "
                                      << elementType << ", got " << type;
  }
  return success();
}

ONNX_INFER_RETURN_TYPES(CastOp) {
  Type elementType = convertDataType(ctx, adaptor.getTo());
  if (!elementType)
    return inferenceError(loc, "'to' = " + Twine(adaptor.getTo()) + " (" +
                                   getDataTypeName(adaptor.getTo()) +
                                   ") is not a supported data type");
  inferred.push_back(rankedType(adaptor.getInput()).clone(elementType));
  return success();
}

ONNX_INFER_RETURN_TYPES(CastLikeOp) {
  inferred.push_back(
      rankedType(adaptor.getInput())
          .clone(rankedType(adaptor.getTargetType()).getElementType()));
  return success();
}

//===----------------------------------------------------------------------===//
// PowOp, PReluOp, WhereOp
//===----------------------------------------------------------------------===//

ONNX_INFER_RETURN_TYPES(PowOp) {
  return inferBroadcastResultType(loc, adaptor.getOperands(),
                                  rankedType(adaptor.getX()).getElementType(),
                                  inferred);
}

ONNX_INFER_RETURN_TYPES(PReluOp) {
  inferred.push_back(adaptor.getX().getType());
  return success();
}

LogicalResult PReluOp::verify() {
  // Unidirectional broadcast: `slope` must broadcast to the shape of `X`.
  auto x = rankedType(getX()), slope = rankedType(getSlope());
  if (x.getElementType() != slope.getElementType())
    return emitOpError("expects 'slope' of element type ")
           << x.getElementType() << ", got " << slope.getElementType();
  FailureOr<SmallVector<int64_t>> b =
      broadcastShapes(std::nullopt, x.getShape(), slope.getShape());
  if (failed(b) || !areCompatibleResultTypes({x}, {x.clone(*b)}) ||
      slope.getRank() > x.getRank())
    return emitOpError("expects 'slope' of shape ")
           << slope << " to broadcast to 'X' of shape " << x;
  return success();
}

ONNX_INFER_RETURN_TYPES(WhereOp) {
  return inferBroadcastResultType(loc, adaptor.getOperands(),
                                  rankedType(adaptor.getX()).getElementType(),
                                  inferred);
}

LogicalResult WhereOp::verify() {
  if (rankedType(getX()).getElementType() !=
      rankedType(getY()).getElementType())
    return emitOpError("expects 'X' and 'Y' of one element type, got ")
           << rankedType(getX()).getElementType() << " and "
           << rankedType(getY()).getElementType();
  return success();
}

//===----------------------------------------------------------------------===//
// GemmOp, MatMulOp
//===----------------------------------------------------------------------===//

ONNX_INFER_RETURN_TYPES(GemmOp) {
  auto a = rankedType(adaptor.getA()), b = rankedType(adaptor.getB());
  if (a.getRank() != 2 || b.getRank() != 2)
    return inferenceError(loc, "expects 'A' and 'B' of rank 2, got " +
                                   Twine(a.getRank()) + " and " +
                                   Twine(b.getRank()));
  int64_t m = a.getDimSize(adaptor.getTransA() ? 1 : 0);
  int64_t n = b.getDimSize(adaptor.getTransB() ? 0 : 1);
  inferred.push_back(RankedTensorType::get({m, n}, a.getElementType()));
  return success();
}

LogicalResult GemmOp::verify() {
  if (failed(verifySameOperandElementTypes(*this)))
    return failure();
  auto a = rankedType(getA()), b = rankedType(getB());
  if (a.getRank() != 2 || b.getRank() != 2)
    return success(); // Reported by type inference.
  int64_t kA = a.getDimSize(getTransA() ? 0 : 1);
  int64_t kB = b.getDimSize(getTransB() ? 1 : 0);
  if (!ShapedType::isDynamic(kA) && !ShapedType::isDynamic(kB) && kA != kB)
    return emitOpError() << "contraction dimensions must match, got " << kA
                         << " for 'A' and " << kB << " for 'B'";
  if (Value c = getC()) {
    auto y = rankedType(getY());
    auto cType = rankedType(c);
    FailureOr<SmallVector<int64_t>> bc =
        broadcastShapes(std::nullopt, y.getShape(), cType.getShape());
    if (cType.getRank() > 2 || failed(bc) ||
        !areCompatibleResultTypes({y}, {y.clone(*bc)}))
      return emitOpError("expects 'C' of shape ")
             << cType << " to broadcast to the result " << y;
  }
  return success();
}

ONNX_INFER_RETURN_TYPES(MatMulOp) {
  auto a = rankedType(adaptor.getA()), b = rankedType(adaptor.getB());
  if (a.getElementType() != b.getElementType())
    return inferenceError(loc, "expects 'A' and 'B' of one element type");
  if (a.getRank() == 0 || b.getRank() == 0)
    return inferenceError(loc, "expects 'A' and 'B' of rank 1 or more");
  SmallVector<int64_t> aShape(a.getShape()), bShape(b.getShape());
  bool vecA = aShape.size() == 1, vecB = bShape.size() == 1;
  if (vecA)
    aShape.insert(aShape.begin(), 1);
  if (vecB)
    bShape.push_back(1);
  int64_t kA = aShape.back(), kB = bShape[bShape.size() - 2];
  if (!ShapedType::isDynamic(kA) && !ShapedType::isDynamic(kB) && kA != kB)
    return inferenceError(loc, "contraction dimensions must match, got " +
                                   Twine(kA) + " for 'A' and " + Twine(kB) +
                                   " for 'B'");
  FailureOr<SmallVector<int64_t>> batch = broadcastShapes(
      loc, ArrayRef(aShape).drop_back(2), ArrayRef(bShape).drop_back(2));
  if (failed(batch))
    return failure();
  SmallVector<int64_t> shape = *batch;
  if (!vecA)
    shape.push_back(aShape[aShape.size() - 2]);
  if (!vecB)
    shape.push_back(bShape.back());
  inferred.push_back(RankedTensorType::get(shape, a.getElementType()));
  return success();
}

//===----------------------------------------------------------------------===//
// ConvOp, ConvTransposeOp
//===----------------------------------------------------------------------===//

namespace {
/// Checks the operands shared by Conv and ConvTranspose and returns the
/// window geometry. `wInChannelsDim` is the dimension of `W` that holds the
/// input channels per group (1 for Conv, 0 for ConvTranspose, which holds all
/// input channels there).
template <typename AdaptorT>
FailureOr<WindowGeometry> getConvGeometry(std::optional<Location> loc,
                                          AdaptorT adaptor) {
  auto x = rankedType(adaptor.getX()), w = rankedType(adaptor.getW());
  if (x.getElementType() != w.getElementType())
    return inferenceError(loc, "expects 'X' and 'W' of one element type");
  if (x.getRank() < 3)
    return inferenceError(loc, "expects 'X' of rank 3 or more (N x C x D1 "
                               "...), got " +
                                   Twine(x.getRank()));
  if (w.getRank() != x.getRank())
    return inferenceError(loc, "expects 'W' of rank " + Twine(x.getRank()) +
                                   ", got " + Twine(w.getRank()));
  if (adaptor.getGroup() < 1)
    return inferenceError(loc, "'group' must be at least 1, got " +
                                   Twine(adaptor.getGroup()));
  int64_t spatialRank = x.getRank() - 2;
  SmallVector<int64_t> kernel(w.getShape().drop_front(2));
  if (std::optional<ArrayRef<int64_t>> k = adaptor.getKernelShape()) {
    if (static_cast<int64_t>(k->size()) != spatialRank)
      return inferenceError(loc, "'kernel_shape' has " + Twine(k->size()) +
                                     " entries, expected " +
                                     Twine(spatialRank));
    for (auto [given, actual] : llvm::zip_equal(*k, kernel))
      if (!ShapedType::isDynamic(actual) && given != actual)
        return inferenceError(loc, "'kernel_shape' does not match the "
                                   "spatial dimensions of 'W'");
    kernel.assign(k->begin(), k->end());
  }
  if (llvm::any_of(kernel, ShapedType::isDynamic)) {
    // Unknown kernel: the geometry is only needed for the output sizes.
    kernel.assign(spatialRank, 1);
  }
  return getWindowGeometry(loc, spatialRank, kernel, adaptor.getStrides(),
                           adaptor.getDilations(), adaptor.getPads(),
                           adaptor.getAutoPad());
}

/// Checks a convolution's channel counts (either layout): `c` input
/// channels against `cPerGroup` x `group` in the filters, `m` filters a
/// multiple of `group`, and the bias `b` (optional) of shape [m].
LogicalResult checkConvChannels(std::optional<Location> loc, int64_t c,
                                int64_t cPerGroup, int64_t m, int64_t group,
                                Value b) {
  if (!ShapedType::isDynamic(c) && !ShapedType::isDynamic(cPerGroup) &&
      c != cPerGroup * group)
    return inferenceError(loc,
                          "'X' has " + Twine(c) + " channels but 'W' expects " +
                              Twine(cPerGroup) + " x group " + Twine(group));
  if (!ShapedType::isDynamic(m) && m % group != 0)
    return inferenceError(loc, "'W' has " + Twine(m) +
                                   " filters, not a multiple of group " +
                                   Twine(group));
  if (b) {
    auto bType = rankedType(b);
    if (bType.getRank() != 1 ||
        (!ShapedType::isDynamic(m) && !bType.isDynamicDim(0) &&
         bType.getDimSize(0) != m))
      return inferenceError(loc, "expects 'B' of shape [" + Twine(m) + "]");
  }
  return success();
}
} // namespace

ONNX_INFER_RETURN_TYPES(ConvOp) {
  FailureOr<WindowGeometry> g = getConvGeometry(loc, adaptor);
  if (failed(g))
    return failure();
  auto x = rankedType(adaptor.getX()), w = rankedType(adaptor.getW());
  int64_t m = w.getDimSize(0);
  if (failed(checkConvChannels(loc, x.getDimSize(1), w.getDimSize(1), m,
                               adaptor.getGroup(), adaptor.getB())))
    return failure();
  SmallVector<int64_t> shape{x.getDimSize(0), m};
  int64_t spatialRank = x.getRank() - 2;
  bool kernelKnown =
      !llvm::any_of(w.getShape().drop_front(2), ShapedType::isDynamic) ||
      adaptor.getKernelShape().has_value();
  for (int64_t i = 0; i < spatialRank; ++i) {
    if (!kernelKnown) {
      shape.push_back(ShapedType::kDynamic);
      continue;
    }
    int64_t out = getWindowOutputSize(
        x.getDimSize(2 + i), g->kernel[i], g->strides[i], g->dilations[i],
        g->pads[i], g->pads[spatialRank + i], adaptor.getAutoPad(),
        /*ceilMode=*/false);
    if (!ShapedType::isDynamic(out) && out < 1)
      return inferenceError(loc, "spatial axis " + Twine(i) +
                                     " has no output (input " +
                                     Twine(x.getDimSize(2 + i)) +
                                     " is smaller than the dilated kernel)");
    shape.push_back(out);
  }
  inferred.push_back(RankedTensorType::get(shape, x.getElementType()));
  return success();
}

ONNX_INFER_RETURN_TYPES(ConvTransposeOp) {
  FailureOr<WindowGeometry> g = getConvGeometry(loc, adaptor);
  if (failed(g))
    return failure();
  auto x = rankedType(adaptor.getX()), w = rankedType(adaptor.getW());
  int64_t group = adaptor.getGroup();
  int64_t spatialRank = x.getRank() - 2;
  int64_t c = x.getDimSize(1);
  if (!ShapedType::isDynamic(c) && !w.isDynamicDim(0) && c != w.getDimSize(0))
    return inferenceError(loc, "'X' has " + Twine(c) +
                                   " channels but 'W' expects " +
                                   Twine(w.getDimSize(0)));
  int64_t m =
      w.isDynamicDim(1) ? ShapedType::kDynamic : w.getDimSize(1) * group;
  SmallVector<int64_t> outputPadding(spatialRank, 0);
  if (std::optional<ArrayRef<int64_t>> op = adaptor.getOutputPadding()) {
    if (static_cast<int64_t>(op->size()) != spatialRank)
      return inferenceError(loc, "'output_padding' has " + Twine(op->size()) +
                                     " entries, expected " +
                                     Twine(spatialRank));
    outputPadding.assign(op->begin(), op->end());
  }
  SmallVector<int64_t> shape{x.getDimSize(0), m};
  std::optional<ArrayRef<int64_t>> outputShape = adaptor.getOutputShape();
  if (outputShape && static_cast<int64_t>(outputShape->size()) != spatialRank &&
      static_cast<int64_t>(outputShape->size()) != spatialRank + 2)
    return inferenceError(loc, "'output_shape' has " +
                                   Twine(outputShape->size()) +
                                   " entries, expected " + Twine(spatialRank));
  for (int64_t i = 0; i < spatialRank; ++i) {
    if (outputShape) {
      shape.push_back((*outputShape)[outputShape->size() - spatialRank + i]);
      continue;
    }
    int64_t in = x.getDimSize(2 + i);
    if (ShapedType::isDynamic(in)) {
      shape.push_back(ShapedType::kDynamic);
      continue;
    }
    StringRef autoPad = adaptor.getAutoPad();
    if (autoPad == "SAME_UPPER" || autoPad == "SAME_LOWER") {
      shape.push_back(in * g->strides[i]);
      continue;
    }
    __int128 out = __int128(g->strides[i]) * (in - 1) + outputPadding[i] +
                   __int128(g->kernel[i] - 1) * g->dilations[i] + 1 -
                   g->pads[i] - g->pads[spatialRank + i];
    if (out > std::numeric_limits<int32_t>::max())
      return inferenceError(loc, "spatial axis " + Twine(i) +
                                     " of the output is too large");
    if (out < 1)
      return inferenceError(loc, "spatial axis " + Twine(i) + " has no output");
    shape.push_back(static_cast<int64_t>(out));
  }
  inferred.push_back(RankedTensorType::get(shape, x.getElementType()));
  return success();
}

//===----------------------------------------------------------------------===//
// Normalizations
//===----------------------------------------------------------------------===//

/// Checks that every operand in `params` is 1-D with `channels` elements.
static LogicalResult verifyChannelParams(Operation *op, ValueRange params,
                                         ArrayRef<StringRef> names,
                                         int64_t channels) {
  for (auto [value, name] : llvm::zip_equal(params, names)) {
    auto type = rankedType(value);
    if (type.getRank() != 1 ||
        (!ShapedType::isDynamic(channels) && !type.isDynamicDim(0) &&
         type.getDimSize(0) != channels))
      return op->emitOpError("expects '")
             << name << "' of shape [" << channels << "], got " << type;
  }
  return success();
}

ONNX_INFER_RETURN_TYPES(BatchNormalizationOp) {
  inferred.push_back(adaptor.getX().getType());
  return success();
}

LogicalResult BatchNormalizationOp::verify() {
  if (getTrainingMode() != 0)
    return emitOpError("with 'training_mode' = 1 is not supported (modelc "
                       "compiles inference graphs)");
  auto x = rankedType(getX());
  if (x.getRank() < 2)
    return emitOpError("expects 'X' of rank 2 or more, got ") << x.getRank();
  return verifyChannelParams(
      *this, {getScale(), getB(), getInputMean(), getInputVar()},
      {"scale", "B", "input_mean", "input_var"}, x.getDimSize(1));
}

ONNX_INFER_RETURN_TYPES(InstanceNormalizationOp) {
  inferred.push_back(adaptor.getInput().getType());
  return success();
}

LogicalResult InstanceNormalizationOp::verify() {
  auto x = rankedType(getInput());
  if (x.getRank() < 3)
    return emitOpError("expects 'input' of rank 3 or more, got ")
           << x.getRank();
  return verifyChannelParams(*this, {getScale(), getB()}, {"scale", "B"},
                             x.getDimSize(1));
}

LogicalResult
LayerNormalizationOp::inferResultTypes(SmallVectorImpl<Type> &inferred) {
  auto x = rankedType(getX());
  FailureOr<int64_t> axis =
      normalizeAxis(getLoc(), "axis", getAxis(), x.getRank());
  if (failed(axis))
    return failure();
  inferred.push_back(x);
  SmallVector<int64_t> statsShape(x.getShape());
  std::fill(statsShape.begin() + *axis, statsShape.end(), 1);
  Type statsType =
      getStashType() == 1 ? Float32Type::get(getContext()) : x.getElementType();
  for (Value stat : {getMean(), getInvStdDev()})
    if (stat)
      inferred.push_back(RankedTensorType::get(statsShape, statsType));
  return success();
}

LogicalResult LayerNormalizationOp::verify() {
  auto x = rankedType(getX());
  FailureOr<int64_t> axis =
      normalizeAxis(getLoc(), "axis", getAxis(), x.getRank());
  if (failed(axis))
    return failure();
  ArrayRef<int64_t> normalized = x.getShape().drop_front(*axis);
  for (auto [name, value] : {std::pair{"Scale", getScale()}, {"B", getB()}}) {
    if (!value)
      continue;
    auto type = rankedType(value);
    FailureOr<SmallVector<int64_t>> b =
        broadcastShapes(std::nullopt, normalized, type.getShape());
    if (failed(b) || b->size() != normalized.size() ||
        !areCompatibleResultTypes({x.clone(normalized)}, {x.clone(*b)}))
      return emitOpError("expects '")
             << name << "' of shape " << type
             << " to broadcast to the normalized dimensions [" << normalized
             << "]";
  }
  if ((getMean() == nullptr) != (getInvStdDev() == nullptr))
    return emitOpError("expects both or neither of 'Mean' and 'InvStdDev'");
  return success();
}

//===----------------------------------------------------------------------===//
// Pooling
//===----------------------------------------------------------------------===//

namespace {
template <typename AdaptorT>
LogicalResult inferPoolResultType(std::optional<Location> loc, AdaptorT adaptor,
                                  std::optional<ArrayRef<int64_t>> dilations,
                                  SmallVectorImpl<Type> &inferred) {
  auto x = rankedType(adaptor.getX());
  if (x.getRank() < 3)
    return inferenceError(loc, "expects 'X' of rank 3 or more (N x C x D1 "
                               "...), got " +
                                   Twine(x.getRank()));
  int64_t spatialRank = x.getRank() - 2;
  FailureOr<WindowGeometry> g = getWindowGeometry(
      loc, spatialRank, adaptor.getKernelShape(), adaptor.getStrides(),
      dilations, adaptor.getPads(), adaptor.getAutoPad());
  if (failed(g))
    return failure();
  SmallVector<int64_t> shape(x.getShape().take_front(2));
  for (int64_t i = 0; i < spatialRank; ++i) {
    if (g->pads[i] >= g->kernel[i] || g->pads[spatialRank + i] >= g->kernel[i])
      return inferenceError(loc, "'pads' must be smaller than the kernel");
    int64_t out = getWindowOutputSize(
        x.getDimSize(2 + i), g->kernel[i], g->strides[i], g->dilations[i],
        g->pads[i], g->pads[spatialRank + i], adaptor.getAutoPad(),
        adaptor.getCeilMode() != 0);
    if (!ShapedType::isDynamic(out) && out < 1)
      return inferenceError(
          loc, "spatial axis " + Twine(i) + " has no output (input " +
                   Twine(x.getDimSize(2 + i)) + " is smaller than the kernel)");
    shape.push_back(out);
  }
  inferred.push_back(x.clone(shape));
  return success();
}
} // namespace

ONNX_INFER_RETURN_TYPES(MaxPoolOp) {
  if (adaptor.getStorageOrder() != 0)
    return inferenceError(loc, "'storage_order' = 1 (column-major indices) is "
                               "not supported");
  return inferPoolResultType(loc, adaptor, adaptor.getDilations(), inferred);
}

ONNX_INFER_RETURN_TYPES(AveragePoolOp) {
  return inferPoolResultType(loc, adaptor, std::nullopt, inferred);
}

//===----------------------------------------------------------------------===//
// Reductions and scans
//===----------------------------------------------------------------------===//

ONNX_INFER_RETURN_TYPES(ReduceSumOp) {
  std::optional<SmallVector<int64_t>> axes;
  if (Value axesValue = adaptor.getAxes()) {
    axes = getConstantIntValues(axesValue);
    if (!axes) {
      // Unknown axes: with keepdims the rank is known, otherwise not.
      auto data = rankedType(adaptor.getData());
      std::optional<int64_t> count = getStatic1DLength(axesValue);
      int64_t rank = adaptor.getKeepdims()
                         ? data.getRank()
                         : (count && *count > 0 ? data.getRank() - *count : -1);
      inferred.push_back(getUnknownShapeType(data.getElementType(), rank));
      return success();
    }
  }
  return inferReductionResultType(
      loc, adaptor.getData(), axes, adaptor.getKeepdims() != 0,
      adaptor.getNoopWithEmptyAxes() != 0, inferred);
}

ONNX_INFER_RETURN_TYPES(CumSumOp) {
  if (!isScalarLike(rankedType(adaptor.getAxis())))
    return inferenceError(loc, "expects a scalar 'axis'");
  inferred.push_back(adaptor.getX().getType());
  return success();
}

ONNX_INFER_RETURN_TYPES(TopKOp) {
  auto x = rankedType(adaptor.getX());
  FailureOr<int64_t> axis =
      normalizeAxis(loc, "axis", adaptor.getAxis(), x.getRank());
  if (failed(axis))
    return failure();
  SmallVector<int64_t> shape(x.getShape());
  shape[*axis] = ShapedType::kDynamic;
  if (std::optional<SmallVector<int64_t>> k =
          getConstantIntValues(adaptor.getK())) {
    if (k->size() != 1 || (*k)[0] < 0)
      return inferenceError(loc, "'K' must be one non-negative value");
    if (!x.isDynamicDim(*axis) && (*k)[0] > x.getDimSize(*axis))
      return inferenceError(loc, "'K' = " + Twine((*k)[0]) +
                                     " exceeds the axis size " +
                                     Twine(x.getDimSize(*axis)));
    shape[*axis] = (*k)[0];
  }
  inferred.push_back(x.clone(shape));
  inferred.push_back(RankedTensorType::get(shape, IntegerType::get(ctx, 64)));
  return success();
}

//===----------------------------------------------------------------------===//
// ReshapeOp, FlattenOp
//===----------------------------------------------------------------------===//

ONNX_INFER_RETURN_TYPES(ReshapeOp) {
  auto data = rankedType(adaptor.getData());
  auto shapeType = rankedType(adaptor.getShape());
  if (shapeType.getRank() != 1)
    return inferenceError(loc, "expects a 1-D 'shape', got rank " +
                                   Twine(shapeType.getRank()));
  std::optional<SmallVector<int64_t>> requested =
      getConstantIntValues(adaptor.getShape());
  if (!requested) {
    int64_t rank = shapeType.isDynamicDim(0) ? -1 : shapeType.getDimSize(0);
    inferred.push_back(getUnknownShapeType(data.getElementType(), rank));
    return success();
  }
  SmallVector<int64_t> shape;
  int64_t inferIndex = -1;
  for (auto [i, d] : llvm::enumerate(*requested)) {
    if (d == -1) {
      if (inferIndex >= 0)
        return inferenceError(loc, "'shape' has more than one -1");
      inferIndex = i;
      shape.push_back(ShapedType::kDynamic);
    } else if (d == 0 && !adaptor.getAllowzero()) {
      if (static_cast<int64_t>(i) >= data.getRank())
        return inferenceError(loc, "'shape'[" + Twine(i) +
                                       "] = 0 copies a dimension 'data' does "
                                       "not have");
      shape.push_back(data.getDimSize(i));
    } else if (d < 0) {
      return inferenceError(loc, "'shape' has invalid dimension " + Twine(d));
    } else {
      shape.push_back(d);
    }
  }
  std::optional<int64_t> total = product(data.getShape());
  if (!total)
    return inferenceError(loc, "'data' has too many elements");
  if (inferIndex >= 0) {
    SmallVector<int64_t> others(shape);
    others.erase(others.begin() + inferIndex);
    std::optional<int64_t> known = product(others);
    if (!known)
      return inferenceError(loc, "'shape' has too many elements");
    if (!ShapedType::isDynamic(*total) && !ShapedType::isDynamic(*known)) {
      if (*known == 0 || *total % *known != 0)
        return inferenceError(loc, "cannot reshape " + Twine(*total) +
                                       " elements with a -1 in 'shape'");
      shape[inferIndex] = *total / *known;
    }
  } else if (!ShapedType::isDynamic(*total)) {
    std::optional<int64_t> count = product(shape);
    if (!count)
      return inferenceError(loc, "'shape' has too many elements");
    if (!ShapedType::isDynamic(*count) && *count != *total)
      return inferenceError(loc, "cannot reshape " + Twine(*total) +
                                     " elements into " + Twine(*count));
  }
  inferred.push_back(RankedTensorType::get(shape, data.getElementType()));
  return success();
}

OpFoldResult ReshapeOp::fold(FoldAdaptor) {
  return foldToOperandOfSameType(getData(), getResult());
}

ONNX_INFER_RETURN_TYPES(FlattenOp) {
  auto type = rankedType(adaptor.getInput());
  int64_t axis = adaptor.getAxis();
  int64_t rank = type.getRank();
  if (axis < -rank || axis > rank)
    return inferenceError(loc, "'axis' = " + Twine(axis) +
                                   " is out of range [" + Twine(-rank) + ", " +
                                   Twine(rank) + "]");
  if (axis < 0)
    axis += rank;
  std::optional<int64_t> outer = product(type.getShape().take_front(axis));
  std::optional<int64_t> inner = product(type.getShape().drop_front(axis));
  if (!outer || !inner)
    return inferenceError(loc, "'input' has too many elements");
  inferred.push_back(type.clone({*outer, *inner}));
  return success();
}

OpFoldResult FlattenOp::fold(FoldAdaptor) {
  return foldToOperandOfSameType(getInput(), getResult());
}

//===----------------------------------------------------------------------===//
// TransposeOp
//===----------------------------------------------------------------------===//

/// Returns the permutation of a Transpose over `rank` dimensions (default:
/// reversed) after checking that it is one.
static FailureOr<SmallVector<int64_t>>
getPermutation(std::optional<Location> loc,
               std::optional<ArrayRef<int64_t>> perm, int64_t rank) {
  SmallVector<int64_t> result;
  if (!perm) {
    for (int64_t i = rank - 1; i >= 0; --i)
      result.push_back(i);
    return result;
  }
  if (static_cast<int64_t>(perm->size()) != rank)
    return inferenceError(loc, "'perm' has " + Twine(perm->size()) +
                                   " entries, expected " + Twine(rank));
  llvm::SmallBitVector seen(rank);
  for (int64_t p : *perm) {
    if (p < 0 || p >= rank || seen.test(p))
      return inferenceError(loc, "'perm' is not a permutation of [0, " +
                                     Twine(rank) + ")");
    seen.set(p);
  }
  result.assign(perm->begin(), perm->end());
  return result;
}

ONNX_INFER_RETURN_TYPES(TransposeOp) {
  auto type = rankedType(adaptor.getData());
  FailureOr<SmallVector<int64_t>> perm =
      getPermutation(loc, adaptor.getPerm(), type.getRank());
  if (failed(perm))
    return failure();
  SmallVector<int64_t> shape;
  for (int64_t p : *perm)
    shape.push_back(type.getDimSize(p));
  inferred.push_back(type.clone(shape));
  return success();
}

SmallVector<int64_t> TransposeOp::getEffectivePerm() {
  if (std::optional<ArrayRef<int64_t>> perm = getPerm())
    return SmallVector<int64_t>(*perm);
  int64_t rank = rankedType(getData()).getRank();
  return llvm::to_vector(llvm::reverse(llvm::seq<int64_t>(0, rank)));
}

OpFoldResult TransposeOp::fold(FoldAdaptor) {
  auto type = rankedType(getData());
  FailureOr<SmallVector<int64_t>> perm =
      getPermutation(std::nullopt, getPerm(), type.getRank());
  if (succeeded(perm) &&
      llvm::equal(*perm, llvm::seq<int64_t>(0, type.getRank())) &&
      getData().getType() == getType())
    return getData();
  return {};
}

//===----------------------------------------------------------------------===//
// ConcatOp, SplitOp
//===----------------------------------------------------------------------===//

ONNX_INFER_RETURN_TYPES(ConcatOp) {
  ValueRange inputs = adaptor.getInputs();
  if (inputs.empty())
    return inferenceError(loc, "expects at least one input");
  auto first = rankedType(inputs.front());
  FailureOr<int64_t> axis =
      normalizeAxis(loc, "axis", adaptor.getAxis(), first.getRank());
  if (failed(axis))
    return failure();
  SmallVector<int64_t> shape(first.getShape());
  for (Value input : inputs.drop_front()) {
    auto type = rankedType(input);
    if (type.getRank() != first.getRank() ||
        type.getElementType() != first.getElementType())
      return inferenceError(loc, "expects inputs of one rank and element "
                                 "type");
    for (int64_t i = 0; i < first.getRank(); ++i) {
      int64_t d = type.getDimSize(i);
      if (i == *axis) {
        std::optional<int64_t> sum = addDims(shape[i], d);
        if (!sum)
          return inferenceError(loc, "the result is too large along 'axis'");
        shape[i] = *sum;
      } else if (ShapedType::isDynamic(shape[i])) {
        shape[i] = d;
      } else if (!ShapedType::isDynamic(d) && d != shape[i]) {
        return inferenceError(loc, "inputs differ in dimension " + Twine(i) +
                                       " (" + Twine(shape[i]) + " vs " +
                                       Twine(d) + "), which is not 'axis'");
      }
    }
  }
  inferred.push_back(first.clone(shape));
  return success();
}

OpFoldResult ConcatOp::fold(FoldAdaptor) {
  if (getInputs().size() == 1 && getInputs()[0].getType() == getType())
    return getInputs()[0];
  return {};
}

LogicalResult SplitOp::inferResultTypes(SmallVectorImpl<Type> &inferred) {
  auto type = rankedType(getInput());
  FailureOr<int64_t> axis =
      normalizeAxis(getLoc(), "axis", getAxis(), type.getRank());
  if (failed(axis))
    return failure();
  int64_t count = getNumResults();
  // Checked here, not in verify(): interface verifiers run first.
  if (count == 0)
    return emitOpError("expects at least one result");
  int64_t dim = type.getDimSize(*axis);
  SmallVector<int64_t> sizes(count, ShapedType::kDynamic);
  if (Value split = getSplit()) {
    if (std::optional<SmallVector<int64_t>> given =
            getConstantIntValues(split)) {
      if (static_cast<int64_t>(given->size()) != count)
        return emitOpError("'split' has ")
               << given->size() << " entries for " << count << " results";
      int64_t sum = 0;
      for (int64_t s : *given) {
        if (s < 0)
          return emitOpError("'split' has a negative size ") << s;
        sum += s;
      }
      if (!ShapedType::isDynamic(dim) && sum != dim)
        return emitOpError("'split' sizes add up to ")
               << sum << ", but the axis has " << dim;
      sizes.assign(given->begin(), given->end());
    }
  } else if (!ShapedType::isDynamic(dim)) {
    if (dim % count != 0)
      return emitOpError("cannot split ")
             << dim << " elements into " << count << " equal parts";
    sizes.assign(count, dim / count);
  }
  for (int64_t size : sizes) {
    SmallVector<int64_t> shape(type.getShape());
    shape[*axis] = size;
    inferred.push_back(type.clone(shape));
  }
  return success();
}

//===----------------------------------------------------------------------===//
// SliceOp
//===----------------------------------------------------------------------===//

ONNX_INFER_RETURN_TYPES(SliceOp) {
  auto type = rankedType(adaptor.getData());
  int64_t rank = type.getRank();
  auto starts = getConstantIntValues(adaptor.getStarts());
  auto ends = getConstantIntValues(adaptor.getEnds());
  std::optional<SmallVector<int64_t>> axes, steps;
  if (adaptor.getAxes())
    axes = getConstantIntValues(adaptor.getAxes());
  if (adaptor.getSteps())
    steps = getConstantIntValues(adaptor.getSteps());
  SmallVector<int64_t> shape(type.getShape());
  bool axesKnown = !adaptor.getAxes() || axes;
  if (!axesKnown) {
    inferred.push_back(getUnknownShapeType(type.getElementType(), rank));
    return success();
  }
  std::optional<int64_t> count = getStatic1DLength(adaptor.getStarts());
  if (!count)
    count = starts ? std::optional<int64_t>(starts->size()) : std::nullopt;
  SmallVector<int64_t> axisList;
  if (axes) {
    axisList = *axes;
  } else if (count) {
    for (int64_t i = 0; i < *count; ++i)
      axisList.push_back(i);
  } else {
    inferred.push_back(getUnknownShapeType(type.getElementType(), rank));
    return success();
  }
  if (starts && ends &&
      (starts->size() != axisList.size() || ends->size() != axisList.size() ||
       (steps && steps->size() != axisList.size())))
    return inferenceError(loc, "'starts', 'ends', 'axes' and 'steps' must "
                               "have one length");
  llvm::SmallBitVector seen(rank);
  for (auto [i, axisValue] : llvm::enumerate(axisList)) {
    FailureOr<int64_t> axis = normalizeAxis(loc, "axes", axisValue, rank);
    if (failed(axis))
      return failure();
    if (seen.test(*axis))
      return inferenceError(loc,
                            "'axes' lists axis " + Twine(axisValue) + " twice");
    seen.set(*axis);
    int64_t dim = type.getDimSize(*axis);
    if (!starts || !ends || (adaptor.getSteps() && !steps) ||
        ShapedType::isDynamic(dim)) {
      shape[*axis] = ShapedType::kDynamic;
      continue;
    }
    int64_t step = steps ? (*steps)[i] : 1;
    if (step == 0)
      return inferenceError(loc, "'steps' must not contain 0");
    shape[*axis] = getSliceAxisRange(dim, (*starts)[i], (*ends)[i], step).size;
  }
  inferred.push_back(type.clone(shape));
  return success();
}

//===----------------------------------------------------------------------===//
// GatherOp, GatherElementsOp
//===----------------------------------------------------------------------===//

ONNX_INFER_RETURN_TYPES(GatherOp) {
  auto data = rankedType(adaptor.getData());
  auto indices = rankedType(adaptor.getIndices());
  if (data.getRank() == 0)
    return inferenceError(loc, "expects 'data' of rank 1 or more");
  FailureOr<int64_t> axis =
      normalizeAxis(loc, "axis", adaptor.getAxis(), data.getRank());
  if (failed(axis))
    return failure();
  SmallVector<int64_t> shape(data.getShape().take_front(*axis));
  llvm::append_range(shape, indices.getShape());
  llvm::append_range(shape, data.getShape().drop_front(*axis + 1));
  inferred.push_back(data.clone(shape));
  return success();
}

ONNX_INFER_RETURN_TYPES(GatherElementsOp) {
  auto data = rankedType(adaptor.getData());
  auto indices = rankedType(adaptor.getIndices());
  if (data.getRank() != indices.getRank() || data.getRank() == 0)
    return inferenceError(loc, "expects 'data' and 'indices' of one rank "
                               "(1 or more)");
  if (failed(normalizeAxis(loc, "axis", adaptor.getAxis(), data.getRank())))
    return failure();
  inferred.push_back(indices.clone(data.getElementType()));
  return success();
}

//===----------------------------------------------------------------------===//
// SqueezeOp, UnsqueezeOp
//===----------------------------------------------------------------------===//

ONNX_INFER_RETURN_TYPES(SqueezeOp) {
  auto type = rankedType(adaptor.getData());
  int64_t rank = type.getRank();
  SmallVector<int64_t> shape;
  if (!adaptor.getAxes()) {
    if (llvm::any_of(type.getShape(), ShapedType::isDynamic)) {
      inferred.push_back(getUnknownShapeType(type.getElementType(), -1));
      return success();
    }
    for (int64_t d : type.getShape())
      if (d != 1)
        shape.push_back(d);
    inferred.push_back(type.clone(shape));
    return success();
  }
  std::optional<SmallVector<int64_t>> axes =
      getConstantIntValues(adaptor.getAxes());
  if (!axes) {
    std::optional<int64_t> count = getStatic1DLength(adaptor.getAxes());
    inferred.push_back(
        getUnknownShapeType(type.getElementType(), count ? rank - *count : -1));
    return success();
  }
  llvm::SmallBitVector squeezed(rank);
  for (int64_t a : *axes) {
    FailureOr<int64_t> axis = normalizeAxis(loc, "axes", a, rank);
    if (failed(axis))
      return failure();
    if (!type.isDynamicDim(*axis) && type.getDimSize(*axis) != 1)
      return inferenceError(loc, "cannot squeeze axis " + Twine(a) +
                                     " of size " +
                                     Twine(type.getDimSize(*axis)));
    squeezed.set(*axis);
  }
  for (int64_t i = 0; i < rank; ++i)
    if (!squeezed.test(i))
      shape.push_back(type.getDimSize(i));
  inferred.push_back(type.clone(shape));
  return success();
}

OpFoldResult SqueezeOp::fold(FoldAdaptor) {
  return foldToOperandOfSameType(getData(), getResult());
}

ONNX_INFER_RETURN_TYPES(UnsqueezeOp) {
  auto type = rankedType(adaptor.getData());
  std::optional<SmallVector<int64_t>> axes =
      getConstantIntValues(adaptor.getAxes());
  if (!axes) {
    std::optional<int64_t> count = getStatic1DLength(adaptor.getAxes());
    inferred.push_back(getUnknownShapeType(
        type.getElementType(), count ? type.getRank() + *count : -1));
    return success();
  }
  int64_t rank = type.getRank() + axes->size();
  llvm::SmallBitVector inserted(rank);
  for (int64_t a : *axes) {
    FailureOr<int64_t> axis = normalizeAxis(loc, "axes", a, rank);
    if (failed(axis))
      return failure();
    if (inserted.test(*axis))
      return inferenceError(loc, "'axes' lists axis " + Twine(a) + " twice");
    inserted.set(*axis);
  }
  SmallVector<int64_t> shape;
  int64_t next = 0;
  for (int64_t i = 0; i < rank; ++i)
    shape.push_back(inserted.test(i) ? 1 : type.getDimSize(next++));
  inferred.push_back(type.clone(shape));
  return success();
}

OpFoldResult UnsqueezeOp::fold(FoldAdaptor) {
  return foldToOperandOfSameType(getData(), getResult());
}

//===----------------------------------------------------------------------===//
// ExpandOp, TileOp, PadOp
//===----------------------------------------------------------------------===//

ONNX_INFER_RETURN_TYPES(ExpandOp) {
  auto type = rankedType(adaptor.getInput());
  std::optional<SmallVector<int64_t>> shape =
      getConstantIntValues(adaptor.getShape());
  if (!shape) {
    std::optional<int64_t> count = getStatic1DLength(adaptor.getShape());
    inferred.push_back(getUnknownShapeType(
        type.getElementType(),
        count ? std::max<int64_t>(type.getRank(), *count) : -1));
    return success();
  }
  for (int64_t d : *shape)
    if (d < 0)
      return inferenceError(loc,
                            "'shape' has a negative dimension " + Twine(d));
  FailureOr<SmallVector<int64_t>> result =
      broadcastShapes(loc, type.getShape(), *shape);
  if (failed(result))
    return failure();
  inferred.push_back(type.clone(*result));
  return success();
}

OpFoldResult ExpandOp::fold(FoldAdaptor) {
  return foldToOperandOfSameType(getInput(), getResult());
}

ONNX_INFER_RETURN_TYPES(TileOp) {
  auto type = rankedType(adaptor.getInput());
  std::optional<SmallVector<int64_t>> repeats =
      getConstantIntValues(adaptor.getRepeats());
  if (!repeats) {
    inferred.push_back(
        getUnknownShapeType(type.getElementType(), type.getRank()));
    return success();
  }
  if (static_cast<int64_t>(repeats->size()) != type.getRank())
    return inferenceError(loc, "'repeats' has " + Twine(repeats->size()) +
                                   " entries for rank " +
                                   Twine(type.getRank()));
  SmallVector<int64_t> shape;
  for (auto [d, r] : llvm::zip_equal(type.getShape(), *repeats)) {
    if (r < 0)
      return inferenceError(loc, "'repeats' has a negative entry " + Twine(r));
    std::optional<int64_t> tiled = mulDims(d, r);
    if (!tiled)
      return inferenceError(loc, "the tiled result is too large");
    shape.push_back(*tiled);
  }
  inferred.push_back(type.clone(shape));
  return success();
}

ONNX_INFER_RETURN_TYPES(PadOp) {
  auto type = rankedType(adaptor.getData());
  int64_t rank = type.getRank();
  std::optional<SmallVector<int64_t>> pads =
      getConstantIntValues(adaptor.getPads());
  if (!pads) {
    inferred.push_back(getUnknownShapeType(type.getElementType(), rank));
    return success();
  }
  if (static_cast<int64_t>(pads->size()) != 2 * rank)
    return inferenceError(loc, "'pads' has " + Twine(pads->size()) +
                                   " entries, expected " + Twine(2 * rank));
  SmallVector<int64_t> shape;
  for (int64_t i = 0; i < rank; ++i) {
    int64_t d = type.getDimSize(i);
    if (ShapedType::isDynamic(d)) {
      shape.push_back(d);
      continue;
    }
    __int128 padded = __int128(d) + (*pads)[i] + (*pads)[rank + i];
    if (padded > std::numeric_limits<int32_t>::max())
      return inferenceError(loc, "'pads' make axis " + Twine(i) + " too large");
    if (padded < 0)
      return inferenceError(loc, "'pads' crop axis " + Twine(i) +
                                     " below zero elements");
    shape.push_back(static_cast<int64_t>(padded));
  }
  inferred.push_back(type.clone(shape));
  return success();
}

LogicalResult PadOp::verify() {
  StringRef mode = getMode();
  if (mode != "constant" && mode != "reflect" && mode != "edge")
    return emitOpError("'mode' = \"")
           << mode << "\" is not one of constant, reflect, edge";
  if (Value value = getConstantValue()) {
    auto type = rankedType(value);
    if (!isScalarLike(type) ||
        type.getElementType() != rankedType(getData()).getElementType())
      return emitOpError("expects 'constant_value' to be a scalar of ")
             << rankedType(getData()).getElementType() << ", got " << type;
  }
  return success();
}

//===----------------------------------------------------------------------===//
// ResizeOp
//===----------------------------------------------------------------------===//

ONNX_INFER_RETURN_TYPES(ResizeOp) {
  auto type = rankedType(adaptor.getX());
  int64_t rank = type.getRank();
  auto hasElements = [](Value v) {
    auto t = cast<RankedTensorType>(v.getType());
    return !(t.getRank() == 1 && t.getDimSize(0) == 0);
  };
  Value sizesValue = adaptor.getSizes();
  Value scalesValue = adaptor.getScales();
  if (sizesValue && hasElements(sizesValue)) {
    std::optional<SmallVector<int64_t>> sizes =
        getConstantIntValues(sizesValue);
    if (!sizes) {
      inferred.push_back(getUnknownShapeType(type.getElementType(), rank));
      return success();
    }
    if (static_cast<int64_t>(sizes->size()) != rank)
      return inferenceError(loc, "'sizes' has " + Twine(sizes->size()) +
                                     " entries for rank " + Twine(rank));
    inferred.push_back(type.clone(*sizes));
    return success();
  }
  if (scalesValue && hasElements(scalesValue)) {
    std::optional<SmallVector<double>> scales =
        getConstantFloatValues(scalesValue);
    if (!scales) {
      inferred.push_back(getUnknownShapeType(type.getElementType(), rank));
      return success();
    }
    if (static_cast<int64_t>(scales->size()) != rank)
      return inferenceError(loc, "'scales' has " + Twine(scales->size()) +
                                     " entries for rank " + Twine(rank));
    SmallVector<int64_t> shape;
    for (auto [d, s] : llvm::zip_equal(type.getShape(), *scales)) {
      if (!(s > 0) || !(s < 1e6))
        return inferenceError(loc, "'scales' must be positive and below 1e6");
      // As ONNX shape inference: floor in single precision.
      shape.push_back(
          ShapedType::isDynamic(d)
              ? ShapedType::kDynamic
              : static_cast<int64_t>(
                    std::floor(static_cast<float>(d) * static_cast<float>(s))));
    }
    inferred.push_back(type.clone(shape));
    return success();
  }
  return inferenceError(loc, "expects one of 'scales' or 'sizes'");
}

LogicalResult ResizeOp::verify() {
  StringRef mode = getMode();
  if (mode != "nearest" && mode != "linear" && mode != "cubic")
    return emitOpError("'mode' = \"")
           << mode << "\" is not one of nearest, linear, cubic";
  StringRef ctm = getCoordinateTransformationMode();
  if (ctm != "half_pixel" && ctm != "pytorch_half_pixel" &&
      ctm != "align_corners" && ctm != "asymmetric" &&
      ctm != "tf_crop_and_resize")
    return emitOpError("'coordinate_transformation_mode' = \"")
           << ctm << "\" is not supported";
  StringRef nearest = getNearestMode();
  if (nearest != "round_prefer_floor" && nearest != "round_prefer_ceil" &&
      nearest != "floor" && nearest != "ceil")
    return emitOpError("'nearest_mode' = \"")
           << nearest << "\" is not supported";
  return success();
}

//===----------------------------------------------------------------------===//
// DepthToSpaceOp, SpaceToDepthOp, TriluOp
//===----------------------------------------------------------------------===//

ONNX_INFER_RETURN_TYPES(DepthToSpaceOp) {
  auto type = rankedType(adaptor.getInput());
  int64_t b = adaptor.getBlocksize();
  if (type.getRank() != 4)
    return inferenceError(loc, "expects a 4-D 'input', got rank " +
                                   Twine(type.getRank()));
  if (b < 1)
    return inferenceError(loc, "'blocksize' must be at least 1");
  if (adaptor.getMode() != "DCR" && adaptor.getMode() != "CRD")
    return inferenceError(loc, "'mode' must be DCR or CRD");
  auto scale = [](int64_t d, int64_t f) {
    return ShapedType::isDynamic(d) ? d : d * f;
  };
  int64_t c = type.getDimSize(1);
  if (!ShapedType::isDynamic(c) && c % (b * b) != 0)
    return inferenceError(loc, "channels " + Twine(c) +
                                   " are not a multiple of blocksize^2");
  inferred.push_back(type.clone(
      {type.getDimSize(0), ShapedType::isDynamic(c) ? c : c / (b * b),
       scale(type.getDimSize(2), b), scale(type.getDimSize(3), b)}));
  return success();
}

ONNX_INFER_RETURN_TYPES(SpaceToDepthOp) {
  auto type = rankedType(adaptor.getInput());
  int64_t b = adaptor.getBlocksize();
  if (type.getRank() != 4)
    return inferenceError(loc, "expects a 4-D 'input', got rank " +
                                   Twine(type.getRank()));
  if (b < 1)
    return inferenceError(loc, "'blocksize' must be at least 1");
  SmallVector<int64_t> shape{type.getDimSize(0), type.getDimSize(1)};
  if (!ShapedType::isDynamic(shape[1]))
    shape[1] *= b * b;
  for (int64_t i : {2, 3}) {
    int64_t d = type.getDimSize(i);
    if (!ShapedType::isDynamic(d) && d % b != 0)
      return inferenceError(loc, "spatial size " + Twine(d) +
                                     " is not a multiple of blocksize");
    shape.push_back(ShapedType::isDynamic(d) ? d : d / b);
  }
  inferred.push_back(type.clone(shape));
  return success();
}

ONNX_INFER_RETURN_TYPES(TriluOp) {
  auto type = rankedType(adaptor.getInput());
  if (type.getRank() < 2)
    return inferenceError(loc, "expects 'input' of rank 2 or more");
  inferred.push_back(type);
  return success();
}

//===----------------------------------------------------------------------===//
// ConvNHWCOp, MaxPoolNHWCOp, GlobalAveragePoolNHWCOp (channels-last forms)
//===----------------------------------------------------------------------===//

namespace {
/// The output sizes [OH, OW] of a 2-D window over the spatial dimensions
/// [1, 2] of the channels-last `x` (explicit `pads`: begin, begin, end,
/// end), or an error naming what is wrong.
FailureOr<SmallVector<int64_t>>
inferChannelsLastWindow(std::optional<Location> loc, RankedTensorType x,
                        ArrayRef<int64_t> kernel, ArrayRef<int64_t> strides,
                        ArrayRef<int64_t> dilations, ArrayRef<int64_t> pads,
                        bool ceilMode) {
  if (x.getRank() != 4)
    return inferenceError(loc, "expects 'X' of rank 4 (N x H x W x C), got " +
                                   Twine(x.getRank()));
  if (kernel.size() != 2 || strides.size() != 2 || dilations.size() != 2 ||
      pads.size() != 4)
    return inferenceError(loc, "expects 2 'kernel_shape', 'strides' and "
                               "'dilations' entries and 4 'pads'");
  if (llvm::any_of(strides, [](int64_t s) { return s < 1; }) ||
      llvm::any_of(dilations, [](int64_t d) { return d < 1; }) ||
      llvm::any_of(pads, [](int64_t p) { return p < 0; }))
    return inferenceError(loc, "'strides' and 'dilations' must be positive "
                               "and 'pads' non-negative");
  SmallVector<int64_t> sizes;
  for (int64_t i = 0; i < 2; ++i) {
    int64_t out = getWindowOutputSize(x.getDimSize(1 + i), kernel[i],
                                      strides[i], dilations[i], pads[i],
                                      pads[2 + i], "NOTSET", ceilMode);
    if (!ShapedType::isDynamic(out) && out < 1)
      return inferenceError(
          loc, "spatial axis " + Twine(i) + " has no output (input " +
                   Twine(x.getDimSize(1 + i)) + " is smaller than the window)");
    sizes.push_back(out);
  }
  return sizes;
}
} // namespace

ONNX_INFER_RETURN_TYPES(ConvNHWCOp) {
  auto x = rankedType(adaptor.getX()), w = rankedType(adaptor.getW());
  if (x.getElementType() != w.getElementType())
    return inferenceError(loc, "expects 'X' and 'W' of one element type");
  if (x.getRank() != 4)
    return inferenceError(loc, "expects 'X' of rank 4 (N x H x W x C), got " +
                                   Twine(x.getRank()));
  if (w.getRank() != 4)
    return inferenceError(loc, "expects 'W' of rank 4 (M x kH x kW x C/group)"
                               ", got " +
                                   Twine(w.getRank()));
  if (adaptor.getGroup() < 1)
    return inferenceError(loc, "'group' must be at least 1");
  int64_t m = w.getDimSize(0);
  if (failed(checkConvChannels(loc, x.getDimSize(3), w.getDimSize(3), m,
                               adaptor.getGroup(), adaptor.getB())))
    return failure();
  if (w.isDynamicDim(1) || w.isDynamicDim(2))
    return inferenceError(loc, "expects a static kernel size");
  FailureOr<SmallVector<int64_t>> sizes = inferChannelsLastWindow(
      loc, x, w.getShape().slice(1, 2), adaptor.getStrides(),
      adaptor.getDilations(), adaptor.getPads(), /*ceilMode=*/false);
  if (failed(sizes))
    return failure();
  inferred.push_back(RankedTensorType::get(
      {x.getDimSize(0), (*sizes)[0], (*sizes)[1], m}, x.getElementType()));
  return success();
}

ONNX_INFER_RETURN_TYPES(MaxPoolNHWCOp) {
  auto x = rankedType(adaptor.getX());
  FailureOr<SmallVector<int64_t>> sizes = inferChannelsLastWindow(
      loc, x, adaptor.getKernelShape(), adaptor.getStrides(),
      adaptor.getDilations(), adaptor.getPads(), adaptor.getCeilMode() != 0);
  if (failed(sizes))
    return failure();
  inferred.push_back(
      x.clone({x.getDimSize(0), (*sizes)[0], (*sizes)[1], x.getDimSize(3)}));
  return success();
}

ONNX_INFER_RETURN_TYPES(GlobalAveragePoolNHWCOp) {
  auto x = rankedType(adaptor.getX());
  if (x.getRank() != 4)
    return inferenceError(loc, "expects 'X' of rank 4 (N x H x W x C), got " +
                                   Twine(x.getRank()));
  inferred.push_back(x.clone({x.getDimSize(0), 1, 1, x.getDimSize(3)}));
  return success();
}

//===----------------------------------------------------------------------===//
// FusedAttentionOp
//===----------------------------------------------------------------------===//

ONNX_INFER_RETURN_TYPES(FusedAttentionOp) {
  auto q = rankedType(adaptor.getQ()), k = rankedType(adaptor.getK()),
       v = rankedType(adaptor.getV());
  for (auto [name, type] : {std::pair{"Q", q}, {"K", k}, {"V", v}})
    if (type.getRank() != 3)
      return inferenceError(loc, Twine("expects '") + name +
                                     "' of rank 3 (heads, sequence, "
                                     "features), got " +
                                     Twine(type.getRank()));
  if (!(adaptor.getScale().convertToFloat() > 0.0f))
    return inferenceError(loc, "expects a positive 'scale'");
  if (k.getElementType() != q.getElementType() ||
      v.getElementType() != q.getElementType())
    return inferenceError(loc, "expects 'Q', 'K' and 'V' of one element type");
  // (heads, sequence) dimensions, swapped when sequence-first.
  bool sequenceFirst = adaptor.getSequenceFirst();
  auto heads = [&](RankedTensorType t) {
    return t.getDimSize(sequenceFirst ? 1 : 0);
  };
  auto sequence = [&](RankedTensorType t) {
    return t.getDimSize(sequenceFirst ? 0 : 1);
  };
  // Sizes that differ (a dynamic one matches any).
  auto differ = [](int64_t a, int64_t b) {
    return !ShapedType::isDynamic(a) && !ShapedType::isDynamic(b) && a != b;
  };
  if (differ(heads(k), heads(q)) || differ(heads(v), heads(q)))
    return inferenceError(loc, "expects 'Q', 'K' and 'V' with as many heads, "
                               "got " +
                                   Twine(heads(q)) + ", " + Twine(heads(k)) +
                                   ", " + Twine(heads(v)));
  if (differ(sequence(v), sequence(k)))
    return inferenceError(loc, "expects 'K' and 'V' of one sequence length, "
                               "got " +
                                   Twine(sequence(k)) + " and " +
                                   Twine(sequence(v)));
  if (differ(k.getDimSize(2), q.getDimSize(2)))
    return inferenceError(loc, "expects 'Q' and 'K' with as many features, "
                               "got " +
                                   Twine(q.getDimSize(2)) + " and " +
                                   Twine(k.getDimSize(2)));
  SmallVector<int64_t> shape = {heads(q), sequence(q), v.getDimSize(2)};
  if (sequenceFirst)
    std::swap(shape[0], shape[1]);
  inferred.push_back(q.clone(shape));
  return success();
}

//===----------------------------------------------------------------------===//
// TableGen'd op method definitions
//===----------------------------------------------------------------------===//

#define GET_OP_CLASSES
#include "dialects/ONNX/IR/ONNXOps.cpp.inc"

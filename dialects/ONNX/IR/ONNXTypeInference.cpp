//===- ONNXTypeInference.cpp - Result type inference helpers --------------===//
//
// Part of the modelc project, under the Apache License v2.0 with LLVM
// Exceptions. SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "dialects/ONNX/IR/ONNXTypeInference.h"

#include "dialects/ONNX/IR/ONNXOps.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/Matchers.h"
#include "mlir/Interfaces/InferTypeOpInterface.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallBitVector.h"
#include "llvm/Support/MathExtras.h"

#include <cmath>

using namespace mlir;
using namespace mlir::modelc;
using namespace mlir::modelc::onnx;

//===----------------------------------------------------------------------===//
// Compatibility and refinement
//===----------------------------------------------------------------------===//

/// Returns true if the declared `actual` type may stand for `inferred`.
static bool isCompatibleType(Type inferred, Type actual) {
  if (inferred == actual)
    return true;
  auto inferredTensor = dyn_cast<TensorType>(inferred);
  auto actualTensor = dyn_cast<TensorType>(actual);
  if (!inferredTensor || !actualTensor)
    return false;
  if (inferredTensor.getElementType() != actualTensor.getElementType())
    return false;
  if (!inferredTensor.hasRank() || !actualTensor.hasRank())
    return true;
  if (inferredTensor.getRank() != actualTensor.getRank())
    return false;
  for (auto [i, a] :
       llvm::zip_equal(inferredTensor.getShape(), actualTensor.getShape()))
    if (!ShapedType::isDynamic(i) && !ShapedType::isDynamic(a) && i != a)
      return false;
  return true;
}

bool mlir::modelc::onnx::areCompatibleResultTypes(TypeRange inferred,
                                                  TypeRange actual) {
  if (inferred.size() != actual.size())
    return false;
  return llvm::all_of(llvm::zip_equal(inferred, actual), [](auto pair) {
    return isCompatibleType(std::get<0>(pair), std::get<1>(pair));
  });
}

FailureOr<Type> mlir::modelc::onnx::refineType(Type current, Type inferred) {
  if (!isCompatibleType(inferred, current))
    return failure();
  auto currentTensor = dyn_cast<RankedTensorType>(current);
  auto inferredTensor = dyn_cast<RankedTensorType>(inferred);
  if (!inferredTensor)
    return current;
  if (!currentTensor)
    return inferred;
  SmallVector<int64_t> shape(currentTensor.getShape());
  for (auto [dim, other] : llvm::zip_equal(shape, inferredTensor.getShape()))
    if (ShapedType::isDynamic(dim))
      dim = other;
  return Type(currentTensor.clone(shape));
}

FailureOr<SmallVector<Type>>
mlir::modelc::onnx::inferResultTypes(Operation *op) {
  SmallVector<Type> inferred;
  if (auto variadic = dyn_cast<InferResultTypesOpInterface>(op)) {
    if (failed(variadic.inferResultTypes(inferred)))
      return failure();
    return inferred;
  }
  auto infer = dyn_cast<InferTypeOpInterface>(op);
  if (!infer)
    return op->emitOpError("does not implement result type inference");
  if (failed(infer.inferReturnTypes(
          op->getContext(), op->getLoc(), op->getOperands(),
          op->getRawDictionaryAttrs(), op->getPropertiesStorage(),
          op->getRegions(), inferred)))
    return failure();
  return inferred;
}

FailureOr<unsigned> mlir::modelc::onnx::refineResultTypes(Operation *op) {
  FailureOr<SmallVector<Type>> inferred = inferResultTypes(op);
  if (failed(inferred))
    return failure();
  if (inferred->size() != op->getNumResults())
    return op->emitOpError("inferred ")
           << inferred->size() << " result types for " << op->getNumResults()
           << " results";
  unsigned changed = 0;
  for (auto [result, type] : llvm::zip_equal(op->getResults(), *inferred)) {
    FailureOr<Type> refined = refineType(result.getType(), type);
    if (failed(refined))
      return op->emitOpError("inferred type ")
             << type << " for result #" << result.getResultNumber()
             << " contradicts its declared type " << result.getType();
    if (*refined != result.getType()) {
      result.setType(*refined);
      ++changed;
    }
  }
  return changed;
}

void mlir::modelc::onnx::updateFunctionResultTypes(Operation *funcOp) {
  auto func = cast<func::FuncOp>(funcOp);
  if (func.isExternal())
    return;
  Operation *terminator = func.getBody().back().getTerminator();
  func.setType(FunctionType::get(func.getContext(), func.getArgumentTypes(),
                                 terminator->getOperandTypes()));
}

LogicalResult mlir::modelc::onnx::verifyInferredResultTypes(Operation *op) {
  // The ops implementing InferResultTypesOpInterface report why inference
  // failed themselves.
  FailureOr<SmallVector<Type>> inferred = inferResultTypes(op);
  if (failed(inferred))
    return failure();
  if (!areCompatibleResultTypes(*inferred, op->getResultTypes())) {
    InFlightDiagnostic diag = op->emitOpError("inferred type(s) ");
    llvm::interleaveComma(*inferred, diag);
    diag << " are incompatible with the result type(s) ";
    llvm::interleaveComma(op->getResultTypes(), diag);
    return diag;
  }
  return success();
}

LogicalResult mlir::modelc::onnx::verifySameOperandElementTypes(Operation *op) {
  if (op->getNumOperands() == 0)
    return success();
  Type first = getElementTypeOrSelf(op->getOperand(0).getType());
  for (Value operand : op->getOperands().drop_front()) {
    Type other = getElementTypeOrSelf(operand.getType());
    if (other != first)
      return op->emitOpError("expects operands of one element type, got ")
             << first << " and " << other;
  }
  return success();
}

//===----------------------------------------------------------------------===//
// Constant operands
//===----------------------------------------------------------------------===//

std::optional<SmallVector<int64_t>>
mlir::modelc::onnx::getConstantIntValues(Value value) {
  DenseIntElementsAttr attr;
  if (!value || !matchPattern(value, m_Constant(&attr)))
    return std::nullopt;
  bool isUnsigned = attr.getElementType().isUnsignedInteger();
  SmallVector<int64_t> values;
  values.reserve(attr.getNumElements());
  for (const APInt &v : attr.getValues<APInt>())
    values.push_back(isUnsigned ? static_cast<int64_t>(v.getZExtValue())
                                : v.getSExtValue());
  return values;
}

std::optional<SmallVector<double>>
mlir::modelc::onnx::getConstantFloatValues(Value value) {
  DenseFPElementsAttr attr;
  if (!value || !matchPattern(value, m_Constant(&attr)))
    return std::nullopt;
  SmallVector<double> values;
  values.reserve(attr.getNumElements());
  // Typed iteration for the common types: per-element APFloat conversion
  // costs ~40 ns, which is a second per ResNet-50's weights.
  if (attr.getElementType().isF32()) {
    for (float v : attr.getValues<float>())
      values.push_back(v);
    return values;
  }
  if (attr.getElementType().isF64()) {
    for (double v : attr.getValues<double>())
      values.push_back(v);
    return values;
  }
  for (const APFloat &v : attr.getValues<APFloat>()) {
    bool losesInfo;
    APFloat d = v;
    d.convert(APFloat::IEEEdouble(), APFloat::rmNearestTiesToEven, &losesInfo);
    values.push_back(d.convertToDouble());
  }
  return values;
}

//===----------------------------------------------------------------------===//
// Shape rules
//===----------------------------------------------------------------------===//

Type mlir::modelc::onnx::getUnknownShapeType(Type elementType, int64_t rank) {
  if (rank < 0)
    return UnrankedTensorType::get(elementType);
  return RankedTensorType::get(SmallVector<int64_t>(rank, ShapedType::kDynamic),
                               elementType);
}

FailureOr<int64_t>
mlir::modelc::onnx::normalizeAxis(std::optional<Location> loc, StringRef name,
                                  int64_t axis, int64_t rank) {
  if (axis < -rank || axis >= rank) {
    if (loc)
      emitError(*loc) << "'" << name << "' = " << axis << " is out of range ["
                      << -rank << ", " << rank - 1 << "]";
    return failure();
  }
  return axis < 0 ? axis + rank : axis;
}

FailureOr<SmallVector<int64_t>> mlir::modelc::onnx::broadcastShapes(
    std::optional<Location> loc, ArrayRef<int64_t> lhs, ArrayRef<int64_t> rhs) {
  size_t rank = std::max(lhs.size(), rhs.size());
  SmallVector<int64_t> result(rank);
  for (size_t i = 0; i < rank; ++i) {
    int64_t l = i < rank - lhs.size() ? 1 : lhs[i - (rank - lhs.size())];
    int64_t r = i < rank - rhs.size() ? 1 : rhs[i - (rank - rhs.size())];
    bool lDyn = ShapedType::isDynamic(l), rDyn = ShapedType::isDynamic(r);
    if (!lDyn && !rDyn) {
      if (l != r && l != 1 && r != 1) {
        if (loc)
          emitError(*loc) << "shapes [" << lhs << "] and [" << rhs
                          << "] do not broadcast (dimension " << i << ": " << l
                          << " vs " << r << ")";
        return failure();
      }
      result[i] = l == 1 ? r : l;
    } else if (lDyn && rDyn) {
      result[i] = ShapedType::kDynamic;
    } else {
      // One side is static: a static 1 yields the dynamic side; any other
      // static size is what the dynamic side must broadcast to.
      int64_t known = lDyn ? r : l;
      result[i] = known == 1 ? ShapedType::kDynamic : known;
    }
  }
  return result;
}

LogicalResult mlir::modelc::onnx::inferBroadcastResultType(
    std::optional<Location> loc, ValueRange operands, Type elementType,
    SmallVectorImpl<Type> &inferred) {
  SmallVector<int64_t> shape;
  for (Value operand : operands) {
    auto type = dyn_cast<RankedTensorType>(operand.getType());
    if (!type) {
      inferred.push_back(UnrankedTensorType::get(elementType));
      return success();
    }
    FailureOr<SmallVector<int64_t>> b =
        broadcastShapes(loc, shape, type.getShape());
    if (failed(b))
      return failure();
    shape = std::move(*b);
  }
  inferred.push_back(RankedTensorType::get(shape, elementType));
  return success();
}

LogicalResult mlir::modelc::onnx::inferReductionResultType(
    std::optional<Location> loc, Value data,
    std::optional<SmallVector<int64_t>> axes, bool keepdims,
    bool noopWithEmptyAxes, SmallVectorImpl<Type> &inferred) {
  auto type = cast<RankedTensorType>(data.getType());
  int64_t rank = type.getRank();
  if (axes && axes->empty() && noopWithEmptyAxes) {
    inferred.push_back(type);
    return success();
  }
  llvm::SmallBitVector reduced(rank, !axes || axes->empty());
  if (axes) {
    for (int64_t axis : *axes) {
      FailureOr<int64_t> a = normalizeAxis(loc, "axes", axis, rank);
      if (failed(a))
        return failure();
      if (reduced.test(*a) && !axes->empty() && loc) {
        emitError(*loc) << "'axes' lists axis " << axis << " twice";
        return failure();
      }
      reduced.set(*a);
    }
  }
  SmallVector<int64_t> shape;
  for (int64_t i = 0; i < rank; ++i) {
    if (!reduced.test(i))
      shape.push_back(type.getDimSize(i));
    else if (keepdims)
      shape.push_back(1);
  }
  inferred.push_back(type.clone(shape));
  return success();
}

LogicalResult mlir::modelc::onnx::inferGlobalPoolResultType(
    std::optional<Location> loc, Value x, SmallVectorImpl<Type> &inferred) {
  auto type = cast<RankedTensorType>(x.getType());
  if (type.getRank() < 3) {
    if (loc)
      emitError(*loc) << "expects 'X' of rank 3 or more (N x C x D1 ...), got "
                      << type.getRank();
    return failure();
  }
  SmallVector<int64_t> shape(type.getShape());
  std::fill(shape.begin() + 2, shape.end(), 1);
  inferred.push_back(type.clone(shape));
  return success();
}

FailureOr<WindowGeometry> mlir::modelc::onnx::getWindowGeometry(
    std::optional<Location> loc, int64_t spatialRank, ArrayRef<int64_t> kernel,
    std::optional<ArrayRef<int64_t>> strides,
    std::optional<ArrayRef<int64_t>> dilations,
    std::optional<ArrayRef<int64_t>> pads, StringRef autoPad) {
  auto fail = [&](const Twine &message) -> FailureOr<WindowGeometry> {
    if (loc)
      emitError(*loc) << message;
    return failure();
  };
  if (autoPad != "NOTSET" && autoPad != "SAME_UPPER" &&
      autoPad != "SAME_LOWER" && autoPad != "VALID")
    return fail("'auto_pad' = \"" + autoPad +
                "\" is not one of NOTSET, SAME_UPPER, SAME_LOWER, VALID");
  WindowGeometry g;
  g.kernel.assign(kernel.begin(), kernel.end());
  if (static_cast<int64_t>(g.kernel.size()) != spatialRank)
    return fail("'kernel_shape' has " + Twine(g.kernel.size()) +
                " entries, expected " + Twine(spatialRank));
  auto fill = [&](std::optional<ArrayRef<int64_t>> given, int64_t count,
                  int64_t dflt, StringRef name, int64_t minimum,
                  SmallVector<int64_t> &out) -> LogicalResult {
    if (!given) {
      out.assign(count, dflt);
      return success();
    }
    if (static_cast<int64_t>(given->size()) != count) {
      if (loc)
        emitError(*loc) << "'" << name << "' has " << given->size()
                        << " entries, expected " << count;
      return failure();
    }
    for (int64_t v : *given) {
      if (v < minimum) {
        if (loc)
          emitError(*loc) << "'" << name << "' entries must be at least "
                          << minimum << ", got " << v;
        return failure();
      }
    }
    out.assign(given->begin(), given->end());
    return success();
  };
  for (int64_t k : g.kernel)
    if (k < 1)
      return fail("'kernel_shape' entries must be at least 1, got " + Twine(k));
  if (failed(fill(strides, spatialRank, 1, "strides", 1, g.strides)) ||
      failed(fill(dilations, spatialRank, 1, "dilations", 1, g.dilations)) ||
      failed(fill(pads, 2 * spatialRank, 0, "pads", 0, g.pads)))
    return failure();
  if (autoPad == "VALID")
    std::fill(g.pads.begin(), g.pads.end(), 0);
  return g;
}

std::optional<int64_t> mlir::modelc::onnx::addDims(int64_t a, int64_t b) {
  if (ShapedType::isDynamic(a) || ShapedType::isDynamic(b))
    return ShapedType::kDynamic;
  int64_t result;
  if (llvm::AddOverflow(a, b, result) || ShapedType::isDynamic(result))
    return std::nullopt;
  return result;
}

std::optional<int64_t> mlir::modelc::onnx::mulDims(int64_t a, int64_t b) {
  if (ShapedType::isDynamic(a) || ShapedType::isDynamic(b))
    return ShapedType::kDynamic;
  int64_t result;
  if (llvm::MulOverflow(a, b, result) || ShapedType::isDynamic(result))
    return std::nullopt;
  return result;
}

SliceAxisRange mlir::modelc::onnx::getSliceAxisRange(int64_t dim, int64_t start,
                                                     int64_t end,
                                                     int64_t step) {
  auto clampIndex = [&](int64_t v) -> int64_t {
    // Avoid overflow for the INT64_MIN/INT64_MAX "to the end" markers.
    if (v < 0)
      v = v < -dim ? -1 : v + dim;
    if (step > 0)
      return std::clamp<int64_t>(v, 0, dim);
    return std::clamp<int64_t>(v, -1, dim - 1);
  };
  int64_t first = clampIndex(start), last = clampIndex(end);
  // 128-bit arithmetic: a step of INT64_MIN or INT64_MAX must not overflow.
  __int128 span = step > 0 ? __int128(last) - first : __int128(first) - last;
  __int128 stride = step > 0 ? __int128(step) : -__int128(step);
  __int128 size = span <= 0 ? 0 : (span + stride - 1) / stride;
  return {first, static_cast<int64_t>(size)};
}

void mlir::modelc::onnx::resolveSamePads(WindowGeometry &g,
                                         ArrayRef<int64_t> inSizes,
                                         ArrayRef<int64_t> outSizes,
                                         StringRef autoPad) {
  if (autoPad != "SAME_UPPER" && autoPad != "SAME_LOWER")
    return;
  size_t rank = inSizes.size();
  for (size_t i = 0; i < rank; ++i) {
    int64_t total = std::max<int64_t>(
        0, (outSizes[i] - 1) * g.strides[i] +
               (g.kernel[i] - 1) * g.dilations[i] + 1 - inSizes[i]);
    g.pads[i] = autoPad == "SAME_UPPER" ? total / 2 : total - total / 2;
    g.pads[rank + i] = total - g.pads[i];
  }
}

int64_t mlir::modelc::onnx::getWindowOutputSize(
    int64_t input, int64_t kernel, int64_t stride, int64_t dilation,
    int64_t padBegin, int64_t padEnd, StringRef autoPad, bool ceilMode) {
  if (ShapedType::isDynamic(input))
    return ShapedType::kDynamic;
  if (autoPad == "SAME_UPPER" || autoPad == "SAME_LOWER")
    return (input + stride - 1) / stride;
  int64_t effectiveKernel = (kernel - 1) * dilation + 1;
  int64_t span = input + padBegin + padEnd - effectiveKernel;
  if (span < 0)
    return span; // Caller reports a non-positive size.
  int64_t positions = ceilMode ? (span + stride - 1) / stride : span / stride;
  return positions + 1;
}

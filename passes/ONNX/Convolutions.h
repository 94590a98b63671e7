//===- Convolutions.h - Rewriting onnx convolutions -------------*- C++ -*-===//
//
// Part of the modelc project, under the Apache License v2.0 with LLVM
// Exceptions. SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// What the graph passes that rewrite convolutions share
// (onnx-channels-last, onnx-unstride-pointwise-convs,
// onnx-space-to-depth-stem).
//
//===----------------------------------------------------------------------===//

#ifndef MODELC_PASSES_ONNX_CONVOLUTIONS_H
#define MODELC_PASSES_ONNX_CONVOLUTIONS_H

#include "dialects/ONNX/IR/ONNXOps.h"
#include "dialects/ONNX/IR/ONNXTypeInference.h"

#include "mlir/IR/Builders.h"

namespace mlir::modelc::onnx {

/// The window of a 2-D Conv or MaxPool from NCHW `x` to `y`, its `pads`
/// ([h_begin, w_begin, h_end, w_end]) explicit, with `auto_pad` SAME_*
/// resolved.
template <typename OpTy>
FailureOr<WindowGeometry> getExplicitWindow(OpTy op, ArrayRef<int64_t> kernel,
                                            Value x, Value y) {
  FailureOr<WindowGeometry> g =
      getWindowGeometry(op.getLoc(), 2, kernel, op.getStrides(),
                        op.getDilations(), op.getPads(), op.getAutoPad());
  if (succeeded(g))
    resolveSamePads(
        *g, cast<RankedTensorType>(x.getType()).getShape().drop_front(2),
        cast<RankedTensorType>(y.getType()).getShape().drop_front(2),
        op.getAutoPad());
  return g;
}

/// A 1-D i64 onnx.Constant (pads, starts, steps).
inline Value createI64Constant(OpBuilder &b, Location loc,
                               ArrayRef<int64_t> values) {
  auto type = RankedTensorType::get({static_cast<int64_t>(values.size())},
                                    b.getI64Type());
  return ConstantOp::create(b, loc, type, DenseElementsAttr::get(type, values));
}

/// Whether a 1x1 NHWC convolution of `strides` without padding maps input
/// `type` to an output of `outH` x `outW` pixels: output row i reads input
/// row i * stride (rows 0, stride, ..., as many as the output has).
inline bool isStridedPixelGrid(RankedTensorType type, int64_t outH,
                               int64_t outW, ArrayRef<int64_t> strides) {
  return (type.getDimSize(1) - 1) / strides[0] + 1 == outH &&
         (type.getDimSize(2) - 1) / strides[1] + 1 == outW;
}

/// The pixels a 1x1 NHWC convolution of `strides` (no padding) reads of
/// `x` for an output of `outH` x `outW`: an onnx.Slice with those steps
/// along H and W, or `x` itself at stride 1; null when the output's size is
/// not the strided input's (isStridedPixelGrid).
inline Value createStridedPixels(OpBuilder &b, Location loc, Value x,
                                 int64_t outH, int64_t outW,
                                 ArrayRef<int64_t> strides) {
  auto type = cast<RankedTensorType>(x.getType());
  if (!isStridedPixelGrid(type, outH, outW, strides))
    return nullptr;
  if (strides[0] == 1 && strides[1] == 1)
    return x;
  auto slicedType =
      type.clone({type.getDimSize(0), outH, outW, type.getDimSize(3)});
  return SliceOp::create(
      b, loc, slicedType, x, createI64Constant(b, loc, {0, 0}),
      createI64Constant(b, loc, {type.getDimSize(1), type.getDimSize(2)}),
      createI64Constant(b, loc, {1, 2}), createI64Constant(b, loc, strides));
}

/// Replaces convolution `op` by `replacement`, whose result (or a value
/// made from it) `result` takes the place of `op`'s: `op`'s discardable
/// attributes (the TF32 rounding marks, which name operands 0 and 1, X and
/// W in both) go onto `replacement`, then `op` is erased.
inline void replaceConvolution(Operation *op, Operation *replacement,
                               Value result) {
  for (NamedAttribute attr : op->getDiscardableAttrs())
    replacement->setAttr(attr.getName(), attr.getValue());
  op->getResult(0).replaceAllUsesWith(result);
  op->erase();
}

} // namespace mlir::modelc::onnx

#endif // MODELC_PASSES_ONNX_CONVOLUTIONS_H

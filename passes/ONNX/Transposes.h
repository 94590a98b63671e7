//===- Transposes.h - Building onnx.Transpose ops ---------------*- C++ -*-===//
//
// Part of the modelc project, under the Apache License v2.0 with LLVM
// Exceptions. SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// What the graph passes that move transposes share (onnx-channels-last,
// onnx-sink-transposes).
//
//===----------------------------------------------------------------------===//

#ifndef MODELC_PASSES_ONNX_TRANSPOSES_H
#define MODELC_PASSES_ONNX_TRANSPOSES_H

#include "dialects/ONNX/IR/ONNXOps.h"

#include "mlir/IR/Builders.h"

namespace mlir::modelc::onnx {

/// `type` with its dimensions permuted by `perm` (result dimension i is
/// dimension perm[i]).
inline RankedTensorType permuteType(Type type, ArrayRef<int64_t> perm) {
  auto ranked = cast<RankedTensorType>(type);
  SmallVector<int64_t> shape;
  for (int64_t p : perm)
    shape.push_back(ranked.getDimSize(p));
  return ranked.clone(shape);
}

/// An onnx.Transpose of `value` by `perm`.
inline Value createTranspose(OpBuilder &b, Location loc, Value value,
                             ArrayRef<int64_t> perm) {
  return TransposeOp::create(b, loc, permuteType(value.getType(), perm), value,
                             b.getDenseI64ArrayAttr(perm));
}

} // namespace mlir::modelc::onnx

#endif // MODELC_PASSES_ONNX_TRANSPOSES_H

//===- UnstridePointwiseConvs.cpp - Strided 1x1 convolutions as GEMMs -----===//
//
// Part of the modelc project, under the Apache License v2.0 with LLVM
// Exceptions. SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Implements `onnx-unstride-pointwise-convs`. A 1x1 ConvNHWC with a stride
// above 1 and no padding reads every s-th pixel: it is a strided Slice of
// its input followed by the same convolution at stride 1,
//
//   ConvNHWC(X, W, B, strides = [sh, sw])
//     -> ConvNHWC(Slice(X, steps = [sh, sw] along H and W), W, B, strides 1)
//
// and a 1x1 ConvNHWC at stride 1 is a plain GEMM (rows: the pixels, K: the
// channels), which modelc-select-library-gemms hands to cuBLASLt. ResNet's
// downsample convolutions are this shape.
//
//===----------------------------------------------------------------------===//

#include "passes/ONNX/Convolutions.h"
#include "passes/ONNX/Passes.h"

#include "dialects/ONNX/IR/ONNXOps.h"

#include "mlir/IR/Builders.h"

namespace mlir::modelc {
#define GEN_PASS_DEF_ONNXUNSTRIDEPOINTWISECONVSPASS
#include "passes/ONNX/Passes.h.inc"

using namespace mlir::modelc::onnx;

namespace {

/// Rewrites `conv` when it is a strided, unpadded, ungrouped 1x1
/// convolution with static shapes.
LogicalResult unstride(ConvNHWCOp conv) {
  auto x = cast<RankedTensorType>(conv.getX().getType());
  auto w = cast<RankedTensorType>(conv.getW().getType());
  auto y = cast<RankedTensorType>(conv.getY().getType());
  ArrayRef<int64_t> strides = conv.getStrides();
  if (!x.hasStaticShape() || !w.hasStaticShape() || !y.hasStaticShape() ||
      x.getRank() != 4 || w.getRank() != 4 || strides.size() != 2 ||
      conv.getGroup() != 1 || w.getDimSize(1) != 1 || w.getDimSize(2) != 1 ||
      llvm::any_of(conv.getPads(), [](int64_t p) { return p != 0; }) ||
      llvm::all_of(strides, [](int64_t s) { return s == 1; }))
    return failure();
  // Row i of the output reads input row i * stride: the slice keeps rows
  // 0, stride, ..., as many as the output has.
  OpBuilder b(conv);
  Location loc = conv.getLoc();
  Value sliced = createStridedPixels(b, loc, conv.getX(), y.getDimSize(1),
                                     y.getDimSize(2), strides);
  if (!sliced)
    return failure();
  auto unstrided = ConvNHWCOp::create(
      b, loc, y, sliced, conv.getW(), conv.getB(), conv.getDilationsAttr(),
      conv.getGroupAttr(), conv.getPadsAttr(), b.getDenseI64ArrayAttr({1, 1}));
  // The TF32 rounding marks carry over: the slice holds X's values.
  replaceConvolution(conv, unstrided, unstrided.getY());
  return success();
}

struct ONNXUnstridePointwiseConvsPass final
    : impl::ONNXUnstridePointwiseConvsPassBase<ONNXUnstridePointwiseConvsPass> {
  using Base::Base;

  void runOnOperation() override {
    for (auto conv :
         llvm::make_early_inc_range(getOperation().getOps<ConvNHWCOp>()))
      if (succeeded(unstride(conv)))
        ++numConvs;
  }
};

} // namespace
} // namespace mlir::modelc

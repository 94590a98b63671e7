//===- SpaceToDepthStem.cpp - Strided few-channel convs over blocks -------===//
//
// Part of the modelc project, under the Apache License v2.0 with LLVM
// Exceptions. SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Implements `onnx-space-to-depth-stem`. A stride-2 convolution of an input
// with few channels (an image's stem: ResNet's 7x7 over 3 channels) reads
// each output's window in short runs of C elements, with bounds checks for
// the padding. Over the input's 2x2 blocks it is a stride-1 convolution
// with 4C channels and a kernel half as large (rounded up), no padding:
//
//   Conv(X, W, B, kernel [kh, kw], strides 2, pads [t, l, b, r])
//     -> Conv(SpaceToDepth(Pad(X), 2), W', B, kernel [ceil(kh/2),
//             ceil(kw/2)], strides 1, pads 0)
//
// where the Pad adds t, l at the start and enough zeros at the end for an
// even extent, and W'[o, (i * 2 + j) * C + c, a, b] = W[o, c, 2a + i, 2b + j]
// (zero past the kernel), the channel order of SpaceToDepth.
//
//===----------------------------------------------------------------------===//

#include "passes/ONNX/Passes.h"

#include "dialects/ONNX/IR/ONNXOps.h"
#include "passes/ONNX/Convolutions.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/Matchers.h"

namespace mlir::modelc {
#define GEN_PASS_DEF_ONNXSPACETODEPTHSTEMPASS
#include "passes/ONNX/Passes.h.inc"

using namespace mlir::modelc::onnx;

namespace {

/// `filters` (O x C x KH x KW) as the filters of the same convolution over
/// 2x2 blocks: O x 4C x ceil(KH/2) x ceil(KW/2).
DenseElementsAttr blockFilters(DenseElementsAttr filters,
                               RankedTensorType blockType) {
  ArrayRef<int64_t> shape =
      cast<RankedTensorType>(filters.getType()).getShape();
  int64_t o = shape[0], c = shape[1], kh = shape[2], kw = shape[3];
  int64_t bh = blockType.getDimSize(2), bw = blockType.getDimSize(3);
  auto element = cast<FloatType>(blockType.getElementType());
  SmallVector<APFloat> source(filters.getValues<APFloat>());
  SmallVector<APFloat> values(blockType.getNumElements(),
                              APFloat::getZero(element.getFloatSemantics()));
  for (int64_t f = 0; f < o; ++f)
    for (int64_t ch = 0; ch < c; ++ch)
      for (int64_t y = 0; y < kh; ++y)
        for (int64_t x = 0; x < kw; ++x) {
          int64_t blockChannel = ((y % 2) * 2 + x % 2) * c + ch;
          int64_t to = ((f * 4 * c + blockChannel) * bh + y / 2) * bw + x / 2;
          values[to] = source[((f * c + ch) * kh + y) * kw + x];
        }
  return DenseElementsAttr::get(blockType, values);
}

/// Rewrites `conv` when it is a dense 2-D convolution at stride 2, without
/// dilation, of a static input with at most `maxChannels` channels, with
/// constant filters and a kernel larger than 1x1 (a 1x1 one over 2x2
/// blocks would multiply three zero filters per block; it is a strided
/// slice and a GEMM: onnx-unstride-pointwise-convs).
LogicalResult rewrite(ConvOp conv, int64_t maxChannels) {
  auto xType = cast<RankedTensorType>(conv.getX().getType());
  auto wType = cast<RankedTensorType>(conv.getW().getType());
  auto yType = cast<RankedTensorType>(conv.getY().getType());
  DenseElementsAttr filters;
  if (xType.getRank() != 4 || !xType.hasStaticShape() ||
      !yType.hasStaticShape() || conv.getGroup() != 1 ||
      xType.getDimSize(1) > maxChannels ||
      !isa<FloatType>(wType.getElementType()) ||
      !matchPattern(conv.getW(), m_Constant(&filters)))
    return failure();
  FailureOr<WindowGeometry> g = getExplicitWindow(
      conv, wType.getShape().drop_front(2), conv.getX(), conv.getY());
  if (failed(g) || g->strides != ArrayRef<int64_t>{2, 2} ||
      g->dilations != ArrayRef<int64_t>{1, 1} ||
      g->kernel == ArrayRef<int64_t>{1, 1})
    return failure();
  // Output row i reads padded rows 2i to 2i + kh - 1: the padded extent is
  // 2 (out - 1) + the kernel rounded up to even, whose last rows (past the
  // input and its padding) meet zero filters only.
  SmallVector<int64_t> blockKernel, padsEnd, blocks;
  for (int64_t d = 0; d < 2; ++d) {
    int64_t kernel = g->kernel[d] + g->kernel[d] % 2;
    int64_t extent = 2 * (yType.getDimSize(2 + d) - 1) + kernel;
    int64_t end = extent - xType.getDimSize(2 + d) - g->pads[d];
    if (end < 0)
      return failure();
    blockKernel.push_back(kernel / 2);
    padsEnd.push_back(end);
    blocks.push_back(extent / 2);
  }
  OpBuilder b(conv);
  Location loc = conv.getLoc();
  int64_t n = xType.getDimSize(0), c = xType.getDimSize(1);
  auto paddedType = xType.clone({n, c, 2 * blocks[0], 2 * blocks[1]});
  Value padded = PadOp::create(
      b, loc, paddedType, conv.getX(),
      createI64Constant(
          b, loc, {0, 0, g->pads[0], g->pads[1], 0, 0, padsEnd[0], padsEnd[1]}),
      /*constant_value=*/Value(), "constant");
  auto blockedType = xType.clone({n, 4 * c, blocks[0], blocks[1]});
  Value blocked = SpaceToDepthOp::create(
      b, loc, blockedType, padded,
      b.getIntegerAttr(
          IntegerType::get(b.getContext(), 64, IntegerType::Signed), 2));
  auto blockFilterType =
      wType.clone({wType.getDimSize(0), 4 * c, blockKernel[0], blockKernel[1]});
  Value w = ConstantOp::create(b, loc, blockFilterType,
                               blockFilters(filters, blockFilterType));
  auto result = ConvOp::create(
      b, loc, yType, blocked, w, conv.getB(), b.getStringAttr("NOTSET"),
      b.getDenseI64ArrayAttr({1, 1}), conv.getGroupAttr(),
      b.getDenseI64ArrayAttr(blockKernel), b.getDenseI64ArrayAttr({0, 0, 0, 0}),
      b.getDenseI64ArrayAttr({1, 1}));
  // The TF32 rounding marks carry over: X's values rearranged, W's with
  // zeros.
  Operation *weights = conv.getW().getDefiningOp();
  replaceConvolution(conv, result, result.getY());
  if (weights && weights->use_empty())
    weights->erase();
  return success();
}

struct ONNXSpaceToDepthStemPass final
    : impl::ONNXSpaceToDepthStemPassBase<ONNXSpaceToDepthStemPass> {
  using Base::Base;

  void runOnOperation() override {
    for (auto conv :
         llvm::make_early_inc_range(getOperation().getOps<ConvOp>()))
      if (succeeded(rewrite(conv, maxChannels)))
        ++numRewritten;
  }
};

} // namespace
} // namespace mlir::modelc

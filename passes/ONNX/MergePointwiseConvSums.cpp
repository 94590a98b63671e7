//===- MergePointwiseConvSums.cpp - Sums of 1x1 convolutions as one -------===//
//
// Part of the modelc project, under the Apache License v2.0 with LLVM
// Exceptions. SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Implements `onnx-merge-pointwise-conv-sums`. The sum of two 1x1 NHWC
// convolutions with constant weights is one 1x1 convolution over their
// inputs concatenated along the channels, with the weights side by side:
//
//   Add(ConvNHWC(A, Wa, Ba), ConvNHWC(D, Wd, Bd, strides s))
//     -> ConvNHWC(Concat(A, Slice(D, steps s), axis 3), [Wa Wd], Ba + Bd)
//
// ResNet's first bottleneck of each stage adds its downsample convolution
// to conv3's: merged, the downsample's output (as large as the block's)
// is never written nor read back; the concatenated input costs less when
// the output has more channels than half the inputs together.
//
//===----------------------------------------------------------------------===//

#include "passes/ONNX/Convolutions.h"
#include "passes/ONNX/Passes.h"

#include "dialects/ONNX/IR/ONNXOps.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "llvm/ADT/SetVector.h"

namespace mlir::modelc {
#define GEN_PASS_DEF_ONNXMERGEPOINTWISECONVSUMSPASS
#include "passes/ONNX/Passes.h.inc"

using namespace mlir::modelc::onnx;

namespace {

/// The values of `v` when it is an onnx.Constant of a float type, else
/// null.
DenseFPElementsAttr getConstantFloats(Value v) {
  auto constant = v.getDefiningOp<ConstantOp>();
  return constant ? dyn_cast<DenseFPElementsAttr>(constant.getValue())
                  : DenseFPElementsAttr();
}

/// The convolution producing `v` when it is a 1x1 NHWC convolution without
/// padding, in one group, with static shapes and constant weights (and
/// bias), whose only use is the sum.
ConvNHWCOp matchPointwise(Value v) {
  auto conv = v.getDefiningOp<ConvNHWCOp>();
  if (!conv || !v.hasOneUse())
    return {};
  auto x = cast<RankedTensorType>(conv.getX().getType());
  auto w = cast<RankedTensorType>(conv.getW().getType());
  auto y = cast<RankedTensorType>(conv.getY().getType());
  if (!x.hasStaticShape() || !w.hasStaticShape() || !y.hasStaticShape() ||
      x.getRank() != 4 || w.getRank() != 4 || conv.getGroup() != 1 ||
      w.getDimSize(1) != 1 || w.getDimSize(2) != 1 ||
      conv.getStrides().size() != 2 ||
      llvm::any_of(conv.getPads(), [](int64_t p) { return p != 0; }) ||
      !getConstantFloats(conv.getW()) ||
      (conv.getB() && !getConstantFloats(conv.getB())))
    return {};
  return conv;
}

/// Merges the two convolutions `add` sums, when both are pointwise
/// (matchPointwise) of the same output shape and type and merging moves
/// fewer bytes.
LogicalResult merge(AddOp add) {
  ConvNHWCOp a = matchPointwise(add.getA()), d = matchPointwise(add.getB());
  if (!a || !d || a.getY().getType() != add.getType() ||
      d.getY().getType() != add.getType())
    return failure();
  auto y = cast<RankedTensorType>(add.getType());
  auto xa = cast<RankedTensorType>(a.getX().getType());
  auto xd = cast<RankedTensorType>(d.getX().getType());
  // One element type throughout (the weights interleave, the biases add).
  Type element = xa.getElementType();
  if (xd.getElementType() != element)
    return failure();
  for (Value v : {a.getW(), d.getW(), a.getB(), d.getB()})
    if (v && cast<RankedTensorType>(v.getType()).getElementType() != element)
      return failure();
  // Merged, the second output is neither written nor read (2 N values per
  // pixel); the concatenated input is written once more (Ka + Kd).
  int64_t n = y.getDimSize(3), ka = xa.getDimSize(3), kd = xd.getDimSize(3);
  if (2 * n <= ka + kd)
    return failure();
  OpBuilder b(add);
  Location loc = add.getLoc();
  int64_t outH = y.getDimSize(1), outW = y.getDimSize(2);
  auto pixels = [&](ConvNHWCOp conv) {
    return createStridedPixels(b, loc, conv.getX(), outH, outW,
                               conv.getStrides());
  };
  // Both inputs' pixels are checked before anything is created.
  if (!isStridedPixelGrid(xa, outH, outW, a.getStrides()) ||
      !isStridedPixelGrid(xd, outH, outW, d.getStrides()))
    return failure();
  Value pa = pixels(a), pd = pixels(d);
  auto inputType = RankedTensorType::get({y.getDimSize(0), outH, outW, ka + kd},
                                         xa.getElementType());
  Value input =
      ConcatOp::create(b, loc, inputType, ValueRange{pa, pd}, int64_t(3));
  // Weights [N][1][1][K]: row o is a's row o, then d's.
  auto wa = llvm::to_vector(getConstantFloats(a.getW()).getValues<APFloat>());
  auto wd = llvm::to_vector(getConstantFloats(d.getW()).getValues<APFloat>());
  SmallVector<APFloat> weights;
  weights.reserve(n * (ka + kd));
  for (int64_t o = 0; o < n; ++o) {
    weights.append(wa.begin() + o * ka, wa.begin() + (o + 1) * ka);
    weights.append(wd.begin() + o * kd, wd.begin() + (o + 1) * kd);
  }
  auto wType = RankedTensorType::get(
      {n, 1, 1, ka + kd},
      cast<RankedTensorType>(a.getW().getType()).getElementType());
  Value w = ConstantOp::create(b, loc, wType,
                               DenseFPElementsAttr::get(wType, weights));
  // The biases summed (either may be absent).
  Value bias;
  SmallVector<Value> biases;
  for (ConvNHWCOp conv : {a, d})
    if (conv.getB())
      biases.push_back(conv.getB());
  if (biases.size() == 1) {
    bias = biases.front();
  } else if (biases.size() == 2) {
    auto sum =
        llvm::to_vector(getConstantFloats(biases[0]).getValues<APFloat>());
    for (auto [s, v] :
         llvm::zip(sum, getConstantFloats(biases[1]).getValues<APFloat>()))
      s.add(v, APFloat::rmNearestTiesToEven);
    auto bType = cast<RankedTensorType>(biases[0].getType());
    bias =
        ConstantOp::create(b, loc, bType, DenseFPElementsAttr::get(bType, sum));
  }
  auto merged =
      ConvNHWCOp::create(b, b.getFusedLoc({a.getLoc(), d.getLoc(), loc}), y,
                         input, w, bias, a.getDilationsAttr(), a.getGroupAttr(),
                         a.getPadsAttr(), b.getDenseI64ArrayAttr({1, 1}));
  // Marks both convolutions carry (TF32 rounding: exact operands) hold for
  // the merged one.
  for (NamedAttribute attr : a->getDiscardableAttrs())
    if (d->getDiscardableAttr(attr.getName()) == attr.getValue())
      merged->setAttr(attr.getName(), attr.getValue());
  add.getResult().replaceAllUsesWith(merged.getY());
  llvm::SetVector<Operation *> constants;
  for (ConvNHWCOp conv : {a, d})
    for (Value operand : {conv.getW(), conv.getB()})
      if (operand)
        constants.insert(operand.getDefiningOp());
  add.erase();
  a.erase();
  d.erase();
  for (Operation *constant : constants)
    if (constant->use_empty())
      constant->erase();
  return success();
}

struct ONNXMergePointwiseConvSumsPass final
    : impl::ONNXMergePointwiseConvSumsPassBase<ONNXMergePointwiseConvSumsPass> {
  using Base::Base;

  void runOnOperation() override {
    for (auto add : llvm::make_early_inc_range(getOperation().getOps<AddOp>()))
      if (succeeded(merge(add)))
        ++numMerged;
  }
};

} // namespace
} // namespace mlir::modelc

//===- Resize.cpp - Resize to linalg.generic
//-------------------------------===//
//
// Part of the modelc project, under the Apache License v2.0 with LLVM
// Exceptions. SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Resize as one linalg.generic over the output. Interpolation is separable:
// every resized dimension contributes taps (index, weight) - 1 for nearest,
// 2 for linear, 4 for cubic - and the output is the sum over the tensor
// product of taps. Coordinates and weights are computed in f64, like the
// ONNX reference implementation, whose edge handling (edge padding = index
// clamping, exclude_outside renormalization, tf_crop_and_resize
// extrapolation) this follows.
//
// A dimension whose output size equals its input size is copied when its
// scale is 1 or only known at run time (it must then be 1 for the static
// output shape to hold, except for sizes that round back, which ONNX models
// do not use).
//
//===----------------------------------------------------------------------===//

#include "passes/Conversion/ONNXToLinalg/PopulatePatterns.h"

#include "dialects/ONNX/IR/ONNXOps.h"
#include "passes/Conversion/ONNXToLinalg/LoweringUtils.h"

#include "mlir/Dialect/Math/IR/Math.h"

using namespace mlir;
using namespace mlir::modelc;
using namespace mlir::modelc::lowering;

namespace {

struct Tap {
  Value index;  // index type, clamped into the input
  Value weight; // f64
};

struct ResizeLowering final : OpConversionPattern<onnx::ResizeOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(onnx::ResizeOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto resultType =
        cast<RankedTensorType>(getTypeConverter()->convertType(op.getType()));
    Value x = adaptor.getX();
    auto inputType = cast<RankedTensorType>(x.getType());
    int64_t rank = inputType.getRank();
    StringRef mode = op.getMode();
    StringRef ctm = op.getCoordinateTransformationMode();
    StringRef nearestMode = op.getNearestMode();
    ElementKind kind = getElementKind(op.getX().getType());
    if (mode != "nearest" && !kind.isFloat)
      return op.emitOpError("'") << mode
                                 << "' mode on integers is not "
                                    "supported";
    Type f64 = rewriter.getF64Type();
    auto hasElements = [](Value v) {
      return v && cast<RankedTensorType>(v.getType()).getNumElements() > 0;
    };
    bool useSizes = hasElements(adaptor.getSizes());
    Value scales =
        hasElements(adaptor.getScales()) ? adaptor.getScales() : Value();
    if (!useSizes && !scales)
      return op.emitOpError("expects one of 'scales' or 'sizes'");
    std::optional<SmallVector<double>> constScales;
    if (scales)
      constScales = onnx::getConstantFloatValues(scales);
    // Per dimension: scale (f64, computed at kernel entry) and whether it is
    // a plain copy.
    SmallVector<Value> scaleValues;
    SmallVector<bool> copy;
    for (int64_t d = 0; d < rank; ++d) {
      int64_t in = inputType.getDimSize(d), out = resultType.getDimSize(d);
      Value scale;
      if (useSizes) {
        scale = createScalar(rewriter, loc, f64,
                             static_cast<double>(static_cast<float>(out) /
                                                 static_cast<float>(in)));
      } else if (constScales) {
        scale = createScalar(rewriter, loc, f64, (*constScales)[d]);
      } else {
        Value s = tensor::ExtractOp::create(
            rewriter, loc, scales,
            ValueRange{arith::ConstantIndexOp::create(rewriter, loc, d)});
        scale = arith::ExtFOp::create(rewriter, loc, f64, s);
      }
      scaleValues.push_back(scale);
      bool unitScale = useSizes || !constScales || (*constScales)[d] == 1.0;
      copy.push_back(in == out && unitScale && ctm != "tf_crop_and_resize");
    }
    Value roi = adaptor.getRoi();
    double cubicA = op.getCubicCoeffA().convertToFloat();
    bool excludeOutside = op.getExcludeOutside() != 0;
    double extrapolation = op.getExtrapolationValue().convertToFloat();
    Type element = resultType.getElementType();

    Value result = buildElementwise(
        rewriter, loc, resultType, ValueRange{},
        [&](OpBuilder &b, Location l, ValueRange) -> Value {
          auto c = [&](double v) { return createScalar(b, l, f64, v); };
          Value outside = arith::ConstantOp::create(b, l, b.getBoolAttr(false));
          SmallVector<SmallVector<Tap>> taps;
          for (int64_t d = 0; d < rank; ++d) {
            Value o = linalg::IndexOp::create(b, l, d);
            if (copy[d]) {
              taps.push_back({{o, c(1)}});
              continue;
            }
            int64_t in = inputType.getDimSize(d),
                    out = resultType.getDimSize(d);
            Value of = arith::SIToFPOp::create(b, l, f64, indexToI64(b, l, o));
            Value scale = scaleValues[d];
            Value xo; // the output position in input coordinates
            if (ctm == "asymmetric") {
              xo = arith::DivFOp::create(b, l, of, scale);
            } else if (ctm == "align_corners") {
              // The ONNX reference divides by the unrounded resized length,
              // in * scale (equal to `out` when sizes are given).
              Value resized = arith::MulFOp::create(b, l, c(in), scale);
              xo = out == 1
                       ? c(0)
                       : Value(arith::DivFOp::create(
                             b, l, arith::MulFOp::create(b, l, of, c(in - 1)),
                             arith::SubFOp::create(b, l, resized, c(1))));
            } else if (ctm == "tf_crop_and_resize") {
              auto roiAt = [&](int64_t i) -> Value {
                Value v = tensor::ExtractOp::create(
                    b, l, roi,
                    ValueRange{arith::ConstantIndexOp::create(b, l, i)});
                return arith::ExtFOp::create(b, l, f64, v);
              };
              Value start = roiAt(d), end = roiAt(rank + d);
              if (out > 1) {
                Value step = arith::DivFOp::create(
                    b, l,
                    arith::MulFOp::create(
                        b, l, arith::SubFOp::create(b, l, end, start),
                        c(in - 1)),
                    c(out - 1));
                xo = arith::AddFOp::create(
                    b, l, arith::MulFOp::create(b, l, start, c(in - 1)),
                    arith::MulFOp::create(b, l, of, step));
              } else {
                xo = arith::MulFOp::create(
                    b, l,
                    arith::MulFOp::create(
                        b, l, arith::AddFOp::create(b, l, start, end), c(0.5)),
                    c(in - 1));
              }
              Value low = arith::CmpFOp::create(b, l, arith::CmpFPredicate::OLT,
                                                xo, c(0));
              Value high = arith::CmpFOp::create(
                  b, l, arith::CmpFPredicate::OGT, xo, c(in - 1));
              outside = arith::OrIOp::create(
                  b, l, outside, arith::OrIOp::create(b, l, low, high));
            } else { // half_pixel, pytorch_half_pixel
              xo = arith::SubFOp::create(
                  b, l,
                  arith::DivFOp::create(
                      b, l, arith::AddFOp::create(b, l, of, c(0.5)), scale),
                  c(0.5));
              if (ctm == "pytorch_half_pixel" && out == 1)
                xo = c(0);
            }
            auto toIndexClamped = [&](Value f) {
              Value i = arith::FPToSIOp::create(b, l, b.getI64Type(), f);
              return clampIndex(b, l, toIndex(b, l, i, false), in);
            };
            if (mode == "nearest") {
              Value rounded;
              if (nearestMode == "floor")
                rounded = math::FloorOp::create(b, l, xo);
              else if (nearestMode == "ceil")
                rounded = math::CeilOp::create(b, l, xo);
              else if (nearestMode == "round_prefer_ceil")
                rounded = math::FloorOp::create(
                    b, l, arith::AddFOp::create(b, l, xo, c(0.5)));
              else // round_prefer_floor
                rounded = math::CeilOp::create(
                    b, l, arith::SubFOp::create(b, l, xo, c(0.5)));
              taps.push_back({{toIndexClamped(rounded), c(1)}});
              continue;
            }
            Value floor = math::FloorOp::create(b, l, xo);
            Value r = arith::SubFOp::create(b, l, xo, floor);
            SmallVector<Tap> dimTaps;
            if (mode == "linear") {
              dimTaps.push_back({toIndexClamped(floor),
                                 arith::SubFOp::create(b, l, c(1), r)});
              dimTaps.push_back(
                  {toIndexClamped(arith::AddFOp::create(b, l, floor, c(1))),
                   r});
            } else { // cubic
              auto weight = [&](Value t) -> Value {
                // |t| <= 1: (A+2)|t|^3 - (A+3)|t|^2 + 1
                // 1 < |t| < 2: A|t|^3 - 5A|t|^2 + 8A|t| - 4A
                Value a = math::AbsFOp::create(b, l, t);
                Value a2 = arith::MulFOp::create(b, l, a, a);
                Value a3 = arith::MulFOp::create(b, l, a2, a);
                Value near = arith::AddFOp::create(
                    b, l,
                    arith::SubFOp::create(
                        b, l, arith::MulFOp::create(b, l, c(cubicA + 2), a3),
                        arith::MulFOp::create(b, l, c(cubicA + 3), a2)),
                    c(1));
                Value far = arith::SubFOp::create(
                    b, l,
                    arith::AddFOp::create(
                        b, l,
                        arith::SubFOp::create(
                            b, l, arith::MulFOp::create(b, l, c(cubicA), a3),
                            arith::MulFOp::create(b, l, c(5 * cubicA), a2)),
                        arith::MulFOp::create(b, l, c(8 * cubicA), a)),
                    c(4 * cubicA));
                Value isNear = arith::CmpFOp::create(
                    b, l, arith::CmpFPredicate::OLE, a, c(1));
                Value isFar = arith::CmpFOp::create(
                    b, l, arith::CmpFPredicate::OLT, a, c(2));
                return arith::SelectOp::create(
                    b, l, isNear, near,
                    arith::SelectOp::create(b, l, isFar, far, c(0)));
              };
              Value sum = c(0);
              SmallVector<Value> positions, weights;
              for (int64_t t = -1; t <= 2; ++t) {
                Value p = arith::AddFOp::create(b, l, floor, c(t));
                Value w = weight(arith::SubFOp::create(b, l, xo, p));
                if (excludeOutside) {
                  Value valid = arith::AndIOp::create(
                      b, l,
                      arith::CmpFOp::create(b, l, arith::CmpFPredicate::OGE, p,
                                            c(0)),
                      arith::CmpFOp::create(b, l, arith::CmpFPredicate::OLE, p,
                                            c(in - 1)));
                  w = arith::SelectOp::create(b, l, valid, w, c(0));
                }
                sum = arith::AddFOp::create(b, l, sum, w);
                positions.push_back(p);
                weights.push_back(w);
              }
              for (auto [p, w] : llvm::zip_equal(positions, weights)) {
                Value normalized =
                    excludeOutside ? Value(arith::DivFOp::create(b, l, w, sum))
                                   : w;
                dimTaps.push_back({toIndexClamped(p), normalized});
              }
            }
            taps.push_back(dimTaps);
          }
          // Sum over the tensor product of the taps.
          SmallVector<size_t> choice(rank, 0);
          Value acc;
          while (true) {
            SmallVector<Value> indices;
            Value weight;
            for (int64_t d = 0; d < rank; ++d) {
              const Tap &tap = taps[d][choice[d]];
              indices.push_back(tap.index);
              weight =
                  weight
                      ? Value(arith::MulFOp::create(b, l, weight, tap.weight))
                      : tap.weight;
            }
            Value value = tensor::ExtractOp::create(b, l, x, indices);
            if (mode == "nearest") {
              acc = value;
            } else {
              ElementKind fk;
              fk.isFloat = true;
              Value wide = castScalar(b, l, value, kind, f64, fk);
              Value term = arith::MulFOp::create(b, l, weight, wide);
              acc = acc ? Value(arith::AddFOp::create(b, l, acc, term)) : term;
            }
            int64_t d = rank - 1;
            while (d >= 0 && ++choice[d] == taps[d].size())
              choice[d--] = 0;
            if (d < 0)
              break;
          }
          Value y = acc;
          if (mode != "nearest") {
            ElementKind fk;
            fk.isFloat = true;
            y = castScalar(b, l, acc, fk, element, kind);
          }
          if (ctm == "tf_crop_and_resize")
            y = arith::SelectOp::create(
                b, l, outside, createScalar(b, l, element, extrapolation), y);
          return y;
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};

} // namespace

void mlir::modelc::populateResizeLoweringPatterns(
    const TypeConverter &converter, RewritePatternSet &patterns) {
  patterns.add<ResizeLowering>(converter, patterns.getContext());
}

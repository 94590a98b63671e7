//===- Elementwise.cpp - Elementwise onnx ops to linalg.generic -----------===//
//
// Part of the modelc project, under the Apache License v2.0 with LLVM
// Exceptions. SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Every elementwise onnx op (unary, binary, variadic, Where, Cast, Clip)
// becomes one linalg.generic over the numpy broadcast of its operands; only
// the scalar computation differs, so one pattern class takes a table of
// scalar emitters.
//
// Semantics kept exactly: NaN propagates through Max/Min/Relu/Clip (numpy
// maximum/minimum); integer Div truncates; Mod without fmod takes the sign
// of the divisor; Round is half-to-even. Undefined integer cases must not
// crash the process that runs the model: a zero divisor, and INT_MIN / -1,
// divide by 1 instead of trapping.
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

/// What a scalar emitter knows about the op it lowers.
struct ScalarContext {
  Operation *op;
  SmallVector<ElementKind> operandKinds;
  ElementKind resultKind;
  Type resultType; // Converted (signless) result element type.
  /// Kind of the first operand: the type most computations happen in.
  const ElementKind &kind() const { return operandKinds.front(); }
};

using Emitter = Value (*)(OpBuilder &, Location, const ScalarContext &,
                          ValueRange);

class ElementwiseLowering final : public ConversionPattern {
public:
  /// `dataOperands` operands take part in the computation (all when 0);
  /// the rest only carry a type (CastLike's `target_type`).
  ElementwiseLowering(const TypeConverter &converter, MLIRContext *context,
                      StringRef opName, Emitter emit, unsigned dataOperands = 0)
      : ConversionPattern(converter, opName, /*benefit=*/1, context),
        emit(emit), dataOperands(dataOperands) {}

  LogicalResult
  matchAndRewrite(Operation *op, ArrayRef<Value> operands,
                  ConversionPatternRewriter &rewriter) const override {
    auto resultType = dyn_cast_or_null<RankedTensorType>(
        getTypeConverter()->convertType(op->getResult(0).getType()));
    if (!resultType || !resultType.hasStaticShape())
      return rewriter.notifyMatchFailure(op, "result is not static");
    ScalarContext context{op,
                          {},
                          getElementKind(op->getResult(0).getType()),
                          resultType.getElementType()};
    for (Value operand : op->getOperands())
      context.operandKinds.push_back(getElementKind(operand.getType()));
    ArrayRef<Value> inputs =
        dataOperands ? operands.take_front(dataOperands) : operands;
    Value result =
        buildElementwise(rewriter, op->getLoc(), resultType, inputs,
                         [&](OpBuilder &b, Location loc, ValueRange scalars) {
                           return emit(b, loc, context, scalars);
                         });
    rewriter.replaceOp(op, result);
    return success();
  }

private:
  Emitter emit;
  unsigned dataOperands;
};

//===----------------------------------------------------------------------===//
// Scalar helpers
//===----------------------------------------------------------------------===//

Value cst(OpBuilder &b, Location loc, Value like, double value) {
  return createScalar(b, loc, like.getType(), value);
}

float getF32(APFloat value) { return value.convertToFloat(); }

/// `x` converted to the float type `to` (for computations ONNX defines on
/// floats but allows on integers).
Value toFloat(OpBuilder &b, Location loc, Value x, const ElementKind &kind,
              Type to) {
  ElementKind floatKind;
  floatKind.isFloat = true;
  return castScalar(b, loc, x, kind, to, floatKind);
}

/// A divisor that cannot trap: 1 where `divisor` is 0, or where the signed
/// division `dividend / divisor` overflows (INT_MIN / -1).
Value safeDivisor(OpBuilder &b, Location loc, Value dividend, Value divisor,
                  bool isUnsigned) {
  Value one = cst(b, loc, divisor, 1);
  Value isZero = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq,
                                       divisor, cst(b, loc, divisor, 0));
  Value safe = arith::SelectOp::create(b, loc, isZero, one, divisor);
  if (isUnsigned)
    return safe;
  Value minusOne = arith::ConstantOp::create(
      b, loc, b.getIntegerAttr(divisor.getType(), -1));
  Value isMinusOne =
      arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, safe, minusOne);
  Value isMin = arith::CmpIOp::create(
      b, loc, arith::CmpIPredicate::eq, dividend,
      createLowest(b, loc, dividend.getType(), /*isUnsigned=*/false));
  Value overflow = arith::AndIOp::create(b, loc, isMinusOne, isMin);
  return arith::SelectOp::create(b, loc, overflow, one, safe);
}

Value maxOf(OpBuilder &b, Location loc, const ElementKind &kind, Value x,
            Value y) {
  if (kind.isFloat)
    return arith::MaximumFOp::create(b, loc, x, y);
  if (kind.isUnsigned || kind.isBool)
    return arith::MaxUIOp::create(b, loc, x, y);
  return arith::MaxSIOp::create(b, loc, x, y);
}

Value minOf(OpBuilder &b, Location loc, const ElementKind &kind, Value x,
            Value y) {
  if (kind.isFloat)
    return arith::MinimumFOp::create(b, loc, x, y);
  if (kind.isUnsigned || kind.isBool)
    return arith::MinUIOp::create(b, loc, x, y);
  return arith::MinSIOp::create(b, loc, x, y);
}

Value add(OpBuilder &b, Location loc, const ElementKind &kind, Value x,
          Value y) {
  if (kind.isFloat)
    return arith::AddFOp::create(b, loc, x, y);
  return arith::AddIOp::create(b, loc, x, y);
}

Value mul(OpBuilder &b, Location loc, const ElementKind &kind, Value x,
          Value y) {
  if (kind.isFloat)
    return arith::MulFOp::create(b, loc, x, y);
  return arith::MulIOp::create(b, loc, x, y);
}

Value compare(OpBuilder &b, Location loc, const ElementKind &kind,
              arith::CmpFPredicate fp, arith::CmpIPredicate signedPred,
              arith::CmpIPredicate unsignedPred, Value x, Value y) {
  if (kind.isFloat)
    return arith::CmpFOp::create(b, loc, fp, x, y);
  return arith::CmpIOp::create(
      b, loc, kind.isUnsigned || kind.isBool ? unsignedPred : signedPred, x, y);
}

/// For ops ONNX defines on floats: computes `fn` in the operand's float type,
/// or, for integer operands, in f64 and converts the result back.
template <typename Fn>
Value inFloat(OpBuilder &b, Location loc, const ScalarContext &c, Value x,
              Fn fn) {
  if (c.kind().isFloat)
    return fn(x);
  Value wide = toFloat(b, loc, x, c.kind(), b.getF64Type());
  ElementKind f64Kind;
  f64Kind.isFloat = true;
  return castScalar(b, loc, fn(wide), f64Kind, c.resultType, c.resultKind);
}

//===----------------------------------------------------------------------===//
// Emitters
//===----------------------------------------------------------------------===//

template <typename MathOp>
Value emitMath(OpBuilder &b, Location loc, const ScalarContext &c,
               ValueRange s) {
  return inFloat(b, loc, c, s[0], [&](Value x) {
    return MathOp::create(b, loc, x).getResult();
  });
}

Value emitAbs(OpBuilder &b, Location loc, const ScalarContext &c,
              ValueRange s) {
  if (c.kind().isFloat)
    return math::AbsFOp::create(b, loc, s[0]);
  if (c.kind().isUnsigned)
    return s[0];
  return math::AbsIOp::create(b, loc, s[0]);
}

Value emitNeg(OpBuilder &b, Location loc, const ScalarContext &c,
              ValueRange s) {
  if (c.kind().isFloat)
    return arith::NegFOp::create(b, loc, s[0]);
  return arith::SubIOp::create(b, loc, cst(b, loc, s[0], 0), s[0]);
}

Value emitRelu(OpBuilder &b, Location loc, const ScalarContext &c,
               ValueRange s) {
  return maxOf(b, loc, c.kind(), s[0], cst(b, loc, s[0], 0));
}

Value emitReciprocal(OpBuilder &b, Location loc, const ScalarContext &c,
                     ValueRange s) {
  return arith::DivFOp::create(b, loc, cst(b, loc, s[0], 1), s[0]);
}

Value emitSigmoid(OpBuilder &b, Location loc, const ScalarContext &c,
                  ValueRange s) {
  Value negated = arith::NegFOp::create(b, loc, s[0]);
  Value denominator = arith::AddFOp::create(
      b, loc, cst(b, loc, s[0], 1), math::ExpOp::create(b, loc, negated));
  return arith::DivFOp::create(b, loc, cst(b, loc, s[0], 1), denominator);
}

Value emitSign(OpBuilder &b, Location loc, const ScalarContext &c,
               ValueRange s) {
  Value x = s[0];
  Value zero = cst(b, loc, x, 0), one = cst(b, loc, x, 1);
  const ElementKind &k = c.kind();
  Value positive =
      compare(b, loc, k, arith::CmpFPredicate::OGT, arith::CmpIPredicate::sgt,
              arith::CmpIPredicate::ugt, x, zero);
  if (k.isUnsigned)
    return arith::SelectOp::create(b, loc, positive, one, zero);
  Value negative =
      compare(b, loc, k, arith::CmpFPredicate::OLT, arith::CmpIPredicate::slt,
              arith::CmpIPredicate::ult, x, zero);
  // For floats, 0 and NaN fall through unchanged (numpy sign).
  Value rest = arith::SelectOp::create(b, loc, negative, cst(b, loc, x, -1),
                                       k.isFloat ? x : zero);
  return arith::SelectOp::create(b, loc, positive, one, rest);
}

Value emitSoftplus(OpBuilder &b, Location loc, const ScalarContext &c,
                   ValueRange s) {
  Value e = math::ExpOp::create(b, loc, s[0]);
  return math::LogOp::create(
      b, loc, arith::AddFOp::create(b, loc, e, cst(b, loc, s[0], 1)));
}

Value emitSoftsign(OpBuilder &b, Location loc, const ScalarContext &c,
                   ValueRange s) {
  Value denominator = arith::AddFOp::create(b, loc, cst(b, loc, s[0], 1),
                                            math::AbsFOp::create(b, loc, s[0]));
  return arith::DivFOp::create(b, loc, s[0], denominator);
}

/// clamp(alpha * x + beta, 0, 1), the hard sigmoid.
Value hardSigmoid(OpBuilder &b, Location loc, Value x, double alpha,
                  double beta) {
  Value affine = arith::AddFOp::create(
      b, loc, arith::MulFOp::create(b, loc, cst(b, loc, x, alpha), x),
      cst(b, loc, x, beta));
  return arith::MaximumFOp::create(
      b, loc, cst(b, loc, x, 0),
      arith::MinimumFOp::create(b, loc, cst(b, loc, x, 1), affine));
}

Value emitHardSigmoid(OpBuilder &b, Location loc, const ScalarContext &c,
                      ValueRange s) {
  auto op = cast<onnx::HardSigmoidOp>(c.op);
  return hardSigmoid(b, loc, s[0], getF32(op.getAlpha()), getF32(op.getBeta()));
}

Value emitHardSwish(OpBuilder &b, Location loc, const ScalarContext &c,
                    ValueRange s) {
  // ONNX: x * HardSigmoid(x) with alpha = 1/6 (as a float), beta = 0.5.
  return arith::MulFOp::create(
      b, loc, s[0],
      hardSigmoid(b, loc, s[0], static_cast<float>(1.0 / 6.0), 0.5));
}

Value emitLeakyRelu(OpBuilder &b, Location loc, const ScalarContext &c,
                    ValueRange s) {
  double alpha = getF32(cast<onnx::LeakyReluOp>(c.op).getAlpha());
  Value x = s[0];
  Value negative = arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OLT, x,
                                         cst(b, loc, x, 0));
  return arith::SelectOp::create(
      b, loc, negative, arith::MulFOp::create(b, loc, cst(b, loc, x, alpha), x),
      x);
}

Value emitElu(OpBuilder &b, Location loc, const ScalarContext &c,
              ValueRange s) {
  double alpha = getF32(cast<onnx::EluOp>(c.op).getAlpha());
  Value x = s[0];
  Value negative = arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OLT, x,
                                         cst(b, loc, x, 0));
  Value expm1 = arith::SubFOp::create(b, loc, math::ExpOp::create(b, loc, x),
                                      cst(b, loc, x, 1));
  return arith::SelectOp::create(
      b, loc, negative,
      arith::MulFOp::create(b, loc, cst(b, loc, x, alpha), expm1), x);
}

Value emitSelu(OpBuilder &b, Location loc, const ScalarContext &c,
               ValueRange s) {
  auto op = cast<onnx::SeluOp>(c.op);
  double alpha = getF32(op.getAlpha()), gamma = getF32(op.getGamma());
  Value x = s[0];
  Value positive = arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OGT, x,
                                         cst(b, loc, x, 0));
  Value negativePart = arith::SubFOp::create(
      b, loc,
      arith::MulFOp::create(b, loc, cst(b, loc, x, alpha),
                            math::ExpOp::create(b, loc, x)),
      cst(b, loc, x, alpha));
  Value chosen = arith::SelectOp::create(b, loc, positive, x, negativePart);
  return arith::MulFOp::create(b, loc, cst(b, loc, x, gamma), chosen);
}

Value emitCelu(OpBuilder &b, Location loc, const ScalarContext &c,
               ValueRange s) {
  double alpha = getF32(cast<onnx::CeluOp>(c.op).getAlpha());
  Value x = s[0], zero = cst(b, loc, x, 0);
  Value scaled = arith::DivFOp::create(b, loc, x, cst(b, loc, x, alpha));
  Value expm1 = arith::SubFOp::create(
      b, loc, math::ExpOp::create(b, loc, scaled), cst(b, loc, x, 1));
  Value negativePart = arith::MinimumFOp::create(
      b, loc, zero,
      arith::MulFOp::create(b, loc, cst(b, loc, x, alpha), expm1));
  return arith::AddFOp::create(
      b, loc, arith::MaximumFOp::create(b, loc, zero, x), negativePart);
}

Value emitThresholdedRelu(OpBuilder &b, Location loc, const ScalarContext &c,
                          ValueRange s) {
  double alpha = getF32(cast<onnx::ThresholdedReluOp>(c.op).getAlpha());
  Value x = s[0];
  Value above = arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OGT, x,
                                      cst(b, loc, x, alpha));
  return arith::SelectOp::create(b, loc, above, x, cst(b, loc, x, 0));
}

Value emitShrink(OpBuilder &b, Location loc, const ScalarContext &c,
                 ValueRange s) {
  auto op = cast<onnx::ShrinkOp>(c.op);
  double bias = getF32(op.getBias()), lambd = getF32(op.getLambd());
  return inFloat(b, loc, c, s[0], [&](Value x) -> Value {
    Value low = arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OLT, x,
                                      cst(b, loc, x, -lambd));
    Value high = arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OGT, x,
                                       cst(b, loc, x, lambd));
    Value plus = arith::AddFOp::create(b, loc, x, cst(b, loc, x, bias));
    Value minus = arith::SubFOp::create(b, loc, x, cst(b, loc, x, bias));
    Value inner =
        arith::SelectOp::create(b, loc, high, minus, cst(b, loc, x, 0));
    return arith::SelectOp::create(b, loc, low, plus, inner);
  });
}

Value emitNot(OpBuilder &b, Location loc, const ScalarContext &c,
              ValueRange s) {
  return arith::XOrIOp::create(b, loc, s[0], cst(b, loc, s[0], 1));
}

Value emitIsNaN(OpBuilder &b, Location loc, const ScalarContext &c,
                ValueRange s) {
  return arith::CmpFOp::create(b, loc, arith::CmpFPredicate::UNO, s[0], s[0]);
}

Value emitIsInf(OpBuilder &b, Location loc, const ScalarContext &c,
                ValueRange s) {
  auto op = cast<onnx::IsInfOp>(c.op);
  Value x = s[0];
  auto floatType = cast<FloatType>(x.getType());
  auto inf = [&](bool negative) -> Value {
    return arith::ConstantOp::create(
        b, loc,
        b.getFloatAttr(floatType, APFloat::getInf(floatType.getFloatSemantics(),
                                                  negative)));
  };
  Value result = arith::ConstantOp::create(b, loc, b.getBoolAttr(false));
  if (op.getDetectPositive())
    result = arith::OrIOp::create(
        b, loc, result,
        arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OEQ, x,
                              inf(false)));
  if (op.getDetectNegative())
    result = arith::OrIOp::create(
        b, loc, result,
        arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OEQ, x, inf(true)));
  return result;
}

Value emitAdd(OpBuilder &b, Location loc, const ScalarContext &c,
              ValueRange s) {
  return add(b, loc, c.kind(), s[0], s[1]);
}

Value emitSub(OpBuilder &b, Location loc, const ScalarContext &c,
              ValueRange s) {
  if (c.kind().isFloat)
    return arith::SubFOp::create(b, loc, s[0], s[1]);
  return arith::SubIOp::create(b, loc, s[0], s[1]);
}

Value emitMul(OpBuilder &b, Location loc, const ScalarContext &c,
              ValueRange s) {
  return mul(b, loc, c.kind(), s[0], s[1]);
}

Value emitDiv(OpBuilder &b, Location loc, const ScalarContext &c,
              ValueRange s) {
  const ElementKind &k = c.kind();
  if (k.isFloat)
    return arith::DivFOp::create(b, loc, s[0], s[1]);
  Value divisor = safeDivisor(b, loc, s[0], s[1], k.isUnsigned);
  if (k.isUnsigned)
    return arith::DivUIOp::create(b, loc, s[0], divisor);
  return arith::DivSIOp::create(b, loc, s[0], divisor);
}

Value emitMod(OpBuilder &b, Location loc, const ScalarContext &c,
              ValueRange s) {
  const ElementKind &k = c.kind();
  if (k.isFloat)
    return arith::RemFOp::create(b, loc, s[0], s[1]); // C fmod
  Value divisor = safeDivisor(b, loc, s[0], s[1], k.isUnsigned);
  if (k.isUnsigned)
    return arith::RemUIOp::create(b, loc, s[0], divisor);
  Value r = arith::RemSIOp::create(b, loc, s[0], divisor);
  if (cast<onnx::ModOp>(c.op).getFmod())
    return r;
  // Python semantics: the remainder takes the sign of the divisor.
  Value zero = cst(b, loc, r, 0);
  Value nonZero =
      arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ne, r, zero);
  Value rNeg =
      arith::CmpIOp::create(b, loc, arith::CmpIPredicate::slt, r, zero);
  Value dNeg =
      arith::CmpIOp::create(b, loc, arith::CmpIPredicate::slt, divisor, zero);
  Value differ = arith::XOrIOp::create(b, loc, rNeg, dNeg);
  Value adjust = arith::AndIOp::create(b, loc, nonZero, differ);
  return arith::SelectOp::create(b, loc, adjust,
                                 arith::AddIOp::create(b, loc, r, divisor), r);
}

Value emitPow(OpBuilder &b, Location loc, const ScalarContext &c,
              ValueRange s) {
  const ElementKind &base = c.operandKinds[0], &exponent = c.operandKinds[1];
  Value x = s[0], y = s[1];
  if (base.isFloat) {
    Value e = castScalar(b, loc, y, exponent, x.getType(), base);
    return math::PowFOp::create(b, loc, x, e);
  }
  if (!exponent.isFloat && x.getType() == y.getType())
    return math::IPowIOp::create(b, loc, x, y);
  Value wideX = toFloat(b, loc, x, base, b.getF64Type());
  Value wideY = toFloat(b, loc, y, exponent, b.getF64Type());
  ElementKind f64Kind;
  f64Kind.isFloat = true;
  return castScalar(b, loc, math::PowFOp::create(b, loc, wideX, wideY), f64Kind,
                    c.resultType, c.resultKind);
}

Value emitAnd(OpBuilder &b, Location loc, const ScalarContext &c,
              ValueRange s) {
  return arith::AndIOp::create(b, loc, s[0], s[1]);
}
Value emitOr(OpBuilder &b, Location loc, const ScalarContext &c, ValueRange s) {
  return arith::OrIOp::create(b, loc, s[0], s[1]);
}
Value emitXor(OpBuilder &b, Location loc, const ScalarContext &c,
              ValueRange s) {
  return arith::XOrIOp::create(b, loc, s[0], s[1]);
}

template <arith::CmpFPredicate F, arith::CmpIPredicate S,
          arith::CmpIPredicate U>
Value emitCompare(OpBuilder &b, Location loc, const ScalarContext &c,
                  ValueRange s) {
  return compare(b, loc, c.kind(), F, S, U, s[0], s[1]);
}

Value emitMax(OpBuilder &b, Location loc, const ScalarContext &c,
              ValueRange s) {
  Value result = s[0];
  for (Value v : s.drop_front())
    result = maxOf(b, loc, c.kind(), result, v);
  return result;
}

Value emitMin(OpBuilder &b, Location loc, const ScalarContext &c,
              ValueRange s) {
  Value result = s[0];
  for (Value v : s.drop_front())
    result = minOf(b, loc, c.kind(), result, v);
  return result;
}

Value emitSum(OpBuilder &b, Location loc, const ScalarContext &c,
              ValueRange s) {
  Value result = s[0];
  for (Value v : s.drop_front())
    result = add(b, loc, c.kind(), result, v);
  return result;
}

Value emitMean(OpBuilder &b, Location loc, const ScalarContext &c,
               ValueRange s) {
  Value sum = emitSum(b, loc, c, s);
  return arith::DivFOp::create(b, loc, sum,
                               cst(b, loc, sum, static_cast<double>(s.size())));
}

Value emitPRelu(OpBuilder &b, Location loc, const ScalarContext &c,
                ValueRange s) {
  Value x = s[0];
  Value negative = compare(b, loc, c.kind(), arith::CmpFPredicate::OLT,
                           arith::CmpIPredicate::slt, arith::CmpIPredicate::ult,
                           x, cst(b, loc, x, 0));
  return arith::SelectOp::create(b, loc, negative,
                                 mul(b, loc, c.kind(), s[1], x), x);
}

Value emitWhere(OpBuilder &b, Location loc, const ScalarContext &c,
                ValueRange s) {
  return arith::SelectOp::create(b, loc, s[0], s[1], s[2]);
}

Value emitCast(OpBuilder &b, Location loc, const ScalarContext &c,
               ValueRange s) {
  return castScalar(b, loc, s[0], c.kind(), c.resultType, c.resultKind);
}

Value emitClip(OpBuilder &b, Location loc, const ScalarContext &c,
               ValueRange s) {
  auto op = cast<onnx::ClipOp>(c.op);
  Value x = s[0];
  unsigned next = 1;
  if (op.getMin())
    x = maxOf(b, loc, c.kind(), x, s[next++]);
  if (op.getMax())
    x = minOf(b, loc, c.kind(), x, s[next++]);
  return x;
}

} // namespace

void mlir::modelc::populateElementwiseLoweringPatterns(
    const TypeConverter &converter, RewritePatternSet &patterns) {
  MLIRContext *context = patterns.getContext();
  auto add = [&](StringRef name, Emitter emit, unsigned dataOperands = 0) {
    patterns.add<ElementwiseLowering>(converter, context, name, emit,
                                      dataOperands);
  };
  using P = arith::CmpFPredicate;
  using I = arith::CmpIPredicate;
  // Unary.
  add("onnx.Abs", emitAbs);
  add("onnx.Acos", emitMath<math::AcosOp>);
  add("onnx.Acosh", emitMath<math::AcoshOp>);
  add("onnx.Asin", emitMath<math::AsinOp>);
  add("onnx.Asinh", emitMath<math::AsinhOp>);
  add("onnx.Atan", emitMath<math::AtanOp>);
  add("onnx.Atanh", emitMath<math::AtanhOp>);
  add("onnx.Ceil", emitMath<math::CeilOp>);
  add("onnx.Cos", emitMath<math::CosOp>);
  add("onnx.Cosh", emitMath<math::CoshOp>);
  add("onnx.Erf", emitMath<math::ErfOp>);
  add("onnx.Exp", emitMath<math::ExpOp>);
  add("onnx.Floor", emitMath<math::FloorOp>);
  add("onnx.Log", emitMath<math::LogOp>);
  add("onnx.Round", emitMath<math::RoundEvenOp>);
  add("onnx.Sin", emitMath<math::SinOp>);
  add("onnx.Sinh", emitMath<math::SinhOp>);
  add("onnx.Sqrt", emitMath<math::SqrtOp>);
  add("onnx.Tan", emitMath<math::TanOp>);
  add("onnx.Tanh", emitMath<math::TanhOp>);
  add("onnx.Neg", emitNeg);
  add("onnx.Not", emitNot);
  add("onnx.Reciprocal", emitReciprocal);
  add("onnx.Relu", emitRelu);
  add("onnx.Sigmoid", emitSigmoid);
  add("onnx.Sign", emitSign);
  add("onnx.Softplus", emitSoftplus);
  add("onnx.Softsign", emitSoftsign);
  add("onnx.HardSigmoid", emitHardSigmoid);
  add("onnx.HardSwish", emitHardSwish);
  add("onnx.LeakyRelu", emitLeakyRelu);
  add("onnx.Elu", emitElu);
  add("onnx.Selu", emitSelu);
  add("onnx.Celu", emitCelu);
  add("onnx.ThresholdedRelu", emitThresholdedRelu);
  add("onnx.Shrink", emitShrink);
  add("onnx.IsNaN", emitIsNaN);
  add("onnx.IsInf", emitIsInf);
  // Binary and variadic.
  add("onnx.Add", emitAdd);
  add("onnx.Sub", emitSub);
  add("onnx.Mul", emitMul);
  add("onnx.Div", emitDiv);
  add("onnx.Mod", emitMod);
  add("onnx.Pow", emitPow);
  add("onnx.And", emitAnd);
  add("onnx.Or", emitOr);
  add("onnx.Xor", emitXor);
  add("onnx.Equal", emitCompare<P::OEQ, I::eq, I::eq>);
  add("onnx.Greater", emitCompare<P::OGT, I::sgt, I::ugt>);
  add("onnx.GreaterOrEqual", emitCompare<P::OGE, I::sge, I::uge>);
  add("onnx.Less", emitCompare<P::OLT, I::slt, I::ult>);
  add("onnx.LessOrEqual", emitCompare<P::OLE, I::sle, I::ule>);
  add("onnx.Max", emitMax);
  add("onnx.Min", emitMin);
  add("onnx.Sum", emitSum);
  add("onnx.Mean", emitMean);
  add("onnx.PRelu", emitPRelu);
  add("onnx.Where", emitWhere);
  add("onnx.Cast", emitCast);
  add("onnx.CastLike", emitCast, /*dataOperands=*/1);
  add("onnx.Clip", emitClip);
}

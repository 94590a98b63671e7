//===- ConstantEvaluator.cpp - Compile-time evaluation of onnx ops --------===//
//
// Part of the modelc project, under the Apache License v2.0 with LLVM
// Exceptions. SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// A small reference interpreter for the onnx ops that shape computations and
// constant subgraphs use. Tensors are held as double (floats) or int64
// (integers and bools; unsigned values zero-extended); results are rounded
// or wrapped once to the result type. Unsigned 64-bit arithmetic is not
// evaluated (int64 cannot hold it); data movement of any type is.
//
//===----------------------------------------------------------------------===//

#include "passes/ONNX/ConstantEvaluator.h"

#include "dialects/ONNX/IR/ONNXOps.h"
#include "dialects/ONNX/IR/ONNXTypes.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/Matchers.h"
#include "llvm/ADT/TypeSwitch.h"

#include <cmath>
#include <functional>
#include <limits>

using namespace mlir;
using namespace mlir::modelc::onnx;

namespace {

//===----------------------------------------------------------------------===//
// Host tensors
//===----------------------------------------------------------------------===//

/// A tensor during evaluation. Exactly one of `fp` and `ints` is used,
/// according to the element type.
struct HostTensor {
  SmallVector<int64_t> shape;
  Type elementType;
  std::vector<double> fp;
  std::vector<int64_t> ints;

  bool isFloat() const { return isa<FloatType>(elementType); }
  int64_t size() const {
    return isFloat() ? static_cast<int64_t>(fp.size())
                     : static_cast<int64_t>(ints.size());
  }
  double asDouble(int64_t i) const {
    if (isFloat())
      return fp[i];
    if (elementType.isUnsignedInteger())
      return static_cast<double>(static_cast<uint64_t>(ints[i]));
    return static_cast<double>(ints[i]);
  }
  /// Makes an empty tensor of `type` with storage for its elements.
  static HostTensor empty(ArrayRef<int64_t> shape, Type elementType) {
    HostTensor t;
    t.shape.assign(shape.begin(), shape.end());
    t.elementType = elementType;
    int64_t n = ShapedType::getNumElements(shape);
    if (t.isFloat())
      t.fp.resize(n);
    else
      t.ints.resize(n);
    return t;
  }
};

using EvalResult = FailureOr<SmallVector<HostTensor>>;

/// Wraps `v` to the width and signedness of integer type `type`.
int64_t wrapInteger(int64_t v, Type type) {
  unsigned width = type.getIntOrFloatBitWidth();
  if (width >= 64)
    return v;
  if (width == 1)
    return v != 0;
  uint64_t mask = (uint64_t{1} << width) - 1;
  uint64_t bits = static_cast<uint64_t>(v) & mask;
  if (type.isUnsignedInteger())
    return static_cast<int64_t>(bits);
  uint64_t sign = uint64_t{1} << (width - 1);
  return static_cast<int64_t>((bits ^ sign) - sign);
}

HostTensor readAttr(DenseElementsAttr attr) {
  auto type = cast<ShapedType>(attr.getType());
  HostTensor t;
  t.shape.assign(type.getShape().begin(), type.getShape().end());
  t.elementType = type.getElementType();
  if (t.isFloat()) {
    t.fp.reserve(type.getNumElements());
    if (t.elementType.isF32()) {
      for (float v : attr.getValues<float>())
        t.fp.push_back(v);
    } else if (t.elementType.isF64()) {
      for (double v : attr.getValues<double>())
        t.fp.push_back(v);
    } else {
      for (APFloat v : attr.getValues<APFloat>()) {
        bool losesInfo;
        v.convert(APFloat::IEEEdouble(), APFloat::rmNearestTiesToEven,
                  &losesInfo);
        t.fp.push_back(v.convertToDouble());
      }
    }
    return t;
  }
  t.ints.reserve(type.getNumElements());
  if (t.elementType.isInteger(1)) {
    for (bool v : attr.getValues<bool>())
      t.ints.push_back(v);
    return t;
  }
  bool isUnsigned = t.elementType.isUnsignedInteger();
  for (const APInt &v : attr.getValues<APInt>())
    t.ints.push_back(isUnsigned ? static_cast<int64_t>(v.getZExtValue())
                                : v.getSExtValue());
  return t;
}

DenseElementsAttr writeAttr(const HostTensor &t, RankedTensorType type) {
  Type elementType = type.getElementType();
  if (auto floatType = dyn_cast<FloatType>(elementType)) {
    if (elementType.isF64())
      return DenseElementsAttr::get(type, ArrayRef<double>(t.fp));
    if (elementType.isF32()) {
      SmallVector<float> values(t.fp.begin(), t.fp.end());
      return DenseElementsAttr::get(type, ArrayRef<float>(values));
    }
    SmallVector<APFloat> values;
    values.reserve(t.fp.size());
    for (double v : t.fp) {
      APFloat f(v);
      bool losesInfo;
      f.convert(floatType.getFloatSemantics(), APFloat::rmNearestTiesToEven,
                &losesInfo);
      values.push_back(f);
    }
    return DenseElementsAttr::get(type, values);
  }
  if (elementType.isInteger(1)) {
    SmallVector<bool> values;
    values.reserve(t.ints.size());
    for (int64_t v : t.ints)
      values.push_back(v != 0);
    return DenseElementsAttr::get(type, values);
  }
  unsigned width = elementType.getIntOrFloatBitWidth();
  SmallVector<APInt> values;
  values.reserve(t.ints.size());
  for (int64_t v : t.ints)
    values.emplace_back(width, static_cast<uint64_t>(v), /*isSigned=*/false,
                        /*implicitTrunc=*/true);
  return DenseElementsAttr::get(type, values);
}

//===----------------------------------------------------------------------===//
// Index helpers
//===----------------------------------------------------------------------===//

SmallVector<int64_t> getStrides(ArrayRef<int64_t> shape) {
  SmallVector<int64_t> strides(shape.size(), 1);
  for (int64_t i = static_cast<int64_t>(shape.size()) - 2; i >= 0; --i)
    strides[i] = strides[i + 1] * shape[i + 1];
  return strides;
}

/// Strides of `shape` aligned to the right of `out`, with 0 along the
/// dimensions it broadcasts.
SmallVector<int64_t> getBroadcastStrides(ArrayRef<int64_t> shape,
                                         ArrayRef<int64_t> out) {
  SmallVector<int64_t> strides(out.size(), 0);
  SmallVector<int64_t> own = getStrides(shape);
  size_t offset = out.size() - shape.size();
  for (size_t i = 0; i < shape.size(); ++i)
    strides[offset + i] = shape[i] == 1 ? 0 : own[i];
  return strides;
}

/// Calls `fn(outIndex, inIndices)` for every element of `out`, with the
/// linear index of the corresponding element of every input in `inShapes`
/// under numpy broadcasting.
void forEachBroadcast(ArrayRef<SmallVector<int64_t>> inShapes,
                      ArrayRef<int64_t> out,
                      function_ref<void(int64_t, ArrayRef<int64_t>)> fn) {
  int64_t rank = out.size();
  int64_t count = ShapedType::getNumElements(out);
  SmallVector<SmallVector<int64_t>> strides;
  for (const SmallVector<int64_t> &s : inShapes)
    strides.push_back(getBroadcastStrides(s, out));
  SmallVector<int64_t> counter(rank, 0), idx(inShapes.size(), 0);
  for (int64_t o = 0; o < count; ++o) {
    fn(o, idx);
    for (int64_t d = rank - 1; d >= 0; --d) {
      ++counter[d];
      for (size_t k = 0; k < idx.size(); ++k)
        idx[k] += strides[k][d];
      if (counter[d] < out[d])
        break;
      for (size_t k = 0; k < idx.size(); ++k)
        idx[k] -= strides[k][d] * out[d];
      counter[d] = 0;
    }
  }
}

/// Returns a tensor of `shape` whose element `o` is element `source[o]` of
/// `in`.
HostTensor gather(const HostTensor &in, ArrayRef<int64_t> shape,
                  ArrayRef<int64_t> source) {
  HostTensor out = HostTensor::empty(shape, in.elementType);
  for (size_t o = 0; o < source.size(); ++o) {
    if (in.isFloat())
      out.fp[o] = in.fp[source[o]];
    else
      out.ints[o] = in.ints[source[o]];
  }
  return out;
}

/// Calls `fn(outIndex, multiIndex)` for every element of `shape`.
void forEachIndex(ArrayRef<int64_t> shape,
                  function_ref<void(int64_t, ArrayRef<int64_t>)> fn) {
  int64_t count = ShapedType::getNumElements(shape);
  SmallVector<int64_t> counter(shape.size(), 0);
  for (int64_t o = 0; o < count; ++o) {
    fn(o, counter);
    for (int64_t d = static_cast<int64_t>(shape.size()) - 1; d >= 0; --d) {
      if (++counter[d] < shape[d])
        break;
      counter[d] = 0;
    }
  }
}

//===----------------------------------------------------------------------===//
// Elementwise
//===----------------------------------------------------------------------===//

using FloatUnaryFn = std::function<double(double)>;
using IntUnaryFn = std::function<std::optional<int64_t>(int64_t)>;

/// The scalar function of a unary float op, if implemented.
FloatUnaryFn getFloatUnaryFn(Operation *op) {
  auto f32 = [](APFloat v) { return static_cast<double>(v.convertToFloat()); };
  return llvm::TypeSwitch<Operation *, FloatUnaryFn>(op)
      .Case([](AbsOp) { return [](double x) { return std::fabs(x); }; })
      .Case([](AcosOp) { return [](double x) { return std::acos(x); }; })
      .Case([](AcoshOp) { return [](double x) { return std::acosh(x); }; })
      .Case([](AsinOp) { return [](double x) { return std::asin(x); }; })
      .Case([](AsinhOp) { return [](double x) { return std::asinh(x); }; })
      .Case([](AtanOp) { return [](double x) { return std::atan(x); }; })
      .Case([](AtanhOp) { return [](double x) { return std::atanh(x); }; })
      .Case([](CeilOp) { return [](double x) { return std::ceil(x); }; })
      .Case([](CosOp) { return [](double x) { return std::cos(x); }; })
      .Case([](CoshOp) { return [](double x) { return std::cosh(x); }; })
      .Case([](ErfOp) { return [](double x) { return std::erf(x); }; })
      .Case([](ExpOp) { return [](double x) { return std::exp(x); }; })
      .Case([](FloorOp) { return [](double x) { return std::floor(x); }; })
      .Case([](LogOp) { return [](double x) { return std::log(x); }; })
      .Case([](NegOp) { return [](double x) { return -x; }; })
      .Case([](ReciprocalOp) { return [](double x) { return 1.0 / x; }; })
      .Case([](ReluOp) { return [](double x) { return x > 0 ? x : 0.0; }; })
      .Case([](RoundOp) { return [](double x) { return std::nearbyint(x); }; })
      .Case([](SigmoidOp) {
        return [](double x) { return 1.0 / (1.0 + std::exp(-x)); };
      })
      .Case([](SignOp) {
        return [](double x) { return x > 0 ? 1.0 : (x < 0 ? -1.0 : 0.0); };
      })
      .Case([](SinOp) { return [](double x) { return std::sin(x); }; })
      .Case([](SinhOp) { return [](double x) { return std::sinh(x); }; })
      .Case([](SoftplusOp) {
        return [](double x) { return std::log(std::exp(x) + 1.0); };
      })
      .Case([](SoftsignOp) {
        return [](double x) { return x / (1.0 + std::fabs(x)); };
      })
      .Case([](SqrtOp) { return [](double x) { return std::sqrt(x); }; })
      .Case([](TanOp) { return [](double x) { return std::tan(x); }; })
      .Case([](TanhOp) { return [](double x) { return std::tanh(x); }; })
      .Case([](HardSwishOp) {
        return [](double x) {
          return x * std::max(0.0, std::min(1.0, x / 6.0 + 0.5));
        };
      })
      .Case([&](LeakyReluOp o) {
        double alpha = f32(o.getAlpha());
        return [alpha](double x) { return x < 0 ? alpha * x : x; };
      })
      .Case([&](HardSigmoidOp o) {
        double alpha = f32(o.getAlpha()), beta = f32(o.getBeta());
        return [alpha, beta](double x) {
          return std::max(0.0, std::min(1.0, alpha * x + beta));
        };
      })
      .Case([&](EluOp o) {
        double alpha = f32(o.getAlpha());
        return [alpha](double x) {
          return x < 0 ? alpha * (std::exp(x) - 1.0) : x;
        };
      })
      .Default([](Operation *) { return FloatUnaryFn(); });
}

/// The scalar function of a unary integer op, if implemented.
IntUnaryFn getIntUnaryFn(Operation *op) {
  return llvm::TypeSwitch<Operation *, IntUnaryFn>(op)
      .Case([](AbsOp) {
        return
            [](int64_t x) -> std::optional<int64_t> { return x < 0 ? -x : x; };
      })
      .Case([](NegOp) {
        return [](int64_t x) -> std::optional<int64_t> { return -x; };
      })
      .Case([](ReluOp) {
        return
            [](int64_t x) -> std::optional<int64_t> { return x > 0 ? x : 0; };
      })
      .Case([](SignOp) {
        return [](int64_t x) -> std::optional<int64_t> {
          return (x > 0) - (x < 0);
        };
      })
      .Case([](NotOp) {
        return [](int64_t x) -> std::optional<int64_t> { return x == 0; };
      })
      .Default([](Operation *) { return IntUnaryFn(); });
}

/// A binary scalar function: on doubles for float operands, on int64 for
/// integer ones (nullopt where undefined). Comparisons return 0/1.
struct BinaryFn {
  std::function<double(double, double)> onFloat;
  std::function<std::optional<int64_t>(int64_t, int64_t)> onInt;
};

BinaryFn getBinaryFn(Operation *op) {
  using OptInt = std::optional<int64_t>;
  auto compare = [](auto cmp) {
    return BinaryFn{
        [cmp](double a, double b) { return cmp(a, b) ? 1.0 : 0.0; },
        [cmp](int64_t a, int64_t b) -> OptInt { return cmp(a, b) ? 1 : 0; }};
  };
  return llvm::TypeSwitch<Operation *, BinaryFn>(op)
      .Case([](AddOp) {
        return BinaryFn{std::plus<double>(),
                        [](int64_t a, int64_t b) -> OptInt {
                          return static_cast<int64_t>(static_cast<uint64_t>(a) +
                                                      static_cast<uint64_t>(b));
                        }};
      })
      .Case([](SubOp) {
        return BinaryFn{std::minus<double>(),
                        [](int64_t a, int64_t b) -> OptInt {
                          return static_cast<int64_t>(static_cast<uint64_t>(a) -
                                                      static_cast<uint64_t>(b));
                        }};
      })
      .Case([](MulOp) {
        return BinaryFn{std::multiplies<double>(),
                        [](int64_t a, int64_t b) -> OptInt {
                          return static_cast<int64_t>(static_cast<uint64_t>(a) *
                                                      static_cast<uint64_t>(b));
                        }};
      })
      .Case([](DivOp) {
        return BinaryFn{
            std::divides<double>(), [](int64_t a, int64_t b) -> OptInt {
              if (b == 0 ||
                  (a == std::numeric_limits<int64_t>::min() && b == -1))
                return std::nullopt;
              return a / b;
            }};
      })
      .Case([](ModOp o) {
        bool fmod = o.getFmod() != 0;
        return BinaryFn{
            [](double a, double b) { return std::fmod(a, b); },
            [fmod](int64_t a, int64_t b) -> OptInt {
              if (b == 0 ||
                  (a == std::numeric_limits<int64_t>::min() && b == -1))
                return std::nullopt;
              int64_t r = a % b;
              // Without fmod the result takes the sign of the divisor.
              if (!fmod && r != 0 && ((r < 0) != (b < 0)))
                r += b;
              return r;
            }};
      })
      .Case([](PowOp) {
        return BinaryFn{[](double a, double b) { return std::pow(a, b); },
                        [](int64_t a, int64_t b) -> OptInt {
                          if (b < 0)
                            return std::nullopt;
                          uint64_t r = 1, base = a;
                          for (; b; b >>= 1, base *= base)
                            if (b & 1)
                              r *= base;
                          return static_cast<int64_t>(r);
                        }};
      })
      .Case([&](EqualOp) { return compare(std::equal_to<>()); })
      .Case([&](GreaterOp) { return compare(std::greater<>()); })
      .Case([&](GreaterOrEqualOp) { return compare(std::greater_equal<>()); })
      .Case([&](LessOp) { return compare(std::less<>()); })
      .Case([&](LessOrEqualOp) { return compare(std::less_equal<>()); })
      .Case([&](AndOp) { return compare(std::logical_and<>()); })
      .Case([&](OrOp) { return compare(std::logical_or<>()); })
      .Case([&](XorOp) { return compare(std::not_equal_to<>()); })
      .Case([](MaxOp) {
        return BinaryFn{
            [](double a, double b) {
              return std::isnan(a) || std::isnan(b) ? std::nan("")
                                                    : std::max(a, b);
            },
            [](int64_t a, int64_t b) -> OptInt { return std::max(a, b); }};
      })
      .Case([](MinOp) {
        return BinaryFn{
            [](double a, double b) {
              return std::isnan(a) || std::isnan(b) ? std::nan("")
                                                    : std::min(a, b);
            },
            [](int64_t a, int64_t b) -> OptInt { return std::min(a, b); }};
      })
      .Case([](SumOp) {
        return BinaryFn{std::plus<double>(), nullptr};
      })
      .Case([](MeanOp) {
        return BinaryFn{std::plus<double>(), nullptr};
      })
      .Default([](Operation *) { return BinaryFn{}; });
}

/// Applies `fn` to the broadcast of `lhs` and `rhs`. The result holds
/// doubles when the operands are floats, and int64 otherwise; its element
/// type is `resultElementType`.
FailureOr<HostTensor> applyBinary(const BinaryFn &fn, const HostTensor &lhs,
                                  const HostTensor &rhs,
                                  ArrayRef<int64_t> shape,
                                  Type resultElementType) {
  HostTensor out = HostTensor::empty(shape, resultElementType);
  bool ok = true;
  bool floatOperands = lhs.isFloat();
  if (floatOperands && !fn.onFloat)
    return failure();
  if (!floatOperands && !fn.onInt)
    return failure();
  forEachBroadcast(
      {lhs.shape, rhs.shape}, shape, [&](int64_t o, ArrayRef<int64_t> idx) {
        if (floatOperands) {
          double r = fn.onFloat(lhs.fp[idx[0]], rhs.fp[idx[1]]);
          if (out.isFloat())
            out.fp[o] = r;
          else
            out.ints[o] = static_cast<int64_t>(r);
          return;
        }
        std::optional<int64_t> r = fn.onInt(lhs.ints[idx[0]], rhs.ints[idx[1]]);
        if (!r)
          ok = false;
        else
          out.ints[o] = wrapInteger(*r, resultElementType);
      });
  if (!ok)
    return failure();
  return out;
}

/// Converts one element to `to`, failing for float-to-integer conversions
/// that are out of range (undefined in ONNX and in C++).
FailureOr<HostTensor> castTensor(const HostTensor &in, Type to) {
  HostTensor out = HostTensor::empty(in.shape, to);
  bool toFloat = isa<FloatType>(to);
  for (int64_t i = 0, e = in.size(); i < e; ++i) {
    if (toFloat) {
      out.fp[i] = in.asDouble(i);
      continue;
    }
    if (to.isInteger(1)) {
      out.ints[i] = in.isFloat() ? in.fp[i] != 0.0 : in.ints[i] != 0;
      continue;
    }
    if (!in.isFloat()) {
      out.ints[i] = wrapInteger(in.ints[i], to);
      continue;
    }
    double v = std::trunc(in.fp[i]);
    if (!std::isfinite(v) || v < -9.2e18 || v > 9.2e18)
      return failure();
    out.ints[i] = wrapInteger(static_cast<int64_t>(v), to);
  }
  return out;
}

//===----------------------------------------------------------------------===//
// Op evaluation
//===----------------------------------------------------------------------===//

RankedTensorType resultType(Operation *op, unsigned i = 0) {
  return cast<RankedTensorType>(op->getResult(i).getType());
}

/// Returns the normalized axes of a reduction, or all axes.
SmallVector<bool> getReducedAxes(std::optional<SmallVector<int64_t>> axes,
                                 int64_t rank) {
  SmallVector<bool> reduced(rank, !axes || axes->empty());
  if (axes)
    for (int64_t a : *axes)
      reduced[a < 0 ? a + rank : a] = true;
  return reduced;
}

/// Reduces `in` over `reduced` axes with `combine` starting from `init`
/// (floats only, or integers through doubles when exact), then applies
/// `finish(value, count)`.
FailureOr<HostTensor> reduce(const HostTensor &in, ArrayRef<bool> reduced,
                             RankedTensorType type, double init,
                             function_ref<double(double, double)> combine,
                             function_ref<double(double, int64_t)> finish) {
  int64_t rank = in.shape.size();
  SmallVector<int64_t> kept;
  for (int64_t d = 0; d < rank; ++d)
    kept.push_back(reduced[d] ? 1 : in.shape[d]);
  int64_t outCount = ShapedType::getNumElements(kept);
  if (outCount != type.getNumElements())
    return failure();
  std::vector<double> acc(outCount, init);
  SmallVector<int64_t> keptStrides = getStrides(kept);
  forEachIndex(in.shape, [&](int64_t i, ArrayRef<int64_t> idx) {
    int64_t o = 0;
    for (int64_t d = 0; d < rank; ++d)
      if (!reduced[d])
        o += idx[d] * keptStrides[d];
    acc[o] = combine(acc[o], in.asDouble(i));
  });
  int64_t count = in.size() / std::max<int64_t>(outCount, 1);
  HostTensor out = HostTensor::empty(type.getShape(), type.getElementType());
  for (int64_t o = 0; o < outCount; ++o) {
    double v = finish(acc[o], count);
    if (out.isFloat())
      out.fp[o] = v;
    else
      out.ints[o] = wrapInteger(static_cast<int64_t>(v), out.elementType);
  }
  return out;
}

EvalResult single(FailureOr<HostTensor> t) {
  if (failed(t))
    return failure();
  SmallVector<HostTensor> results;
  results.push_back(std::move(*t));
  return results;
}

/// Evaluates `op` given its operand tensors (in operand order).
EvalResult evaluateOp(Operation *op, ArrayRef<HostTensor> in) {
  RankedTensorType type = resultType(op);
  ArrayRef<int64_t> shape = type.getShape();
  Type elementType = type.getElementType();

  // Unary elementwise.
  if (op->getNumOperands() == 1 && op->getNumResults() == 1 &&
      in[0].shape == SmallVector<int64_t>(shape)) {
    if (in[0].isFloat()) {
      if (FloatUnaryFn fn = getFloatUnaryFn(op)) {
        HostTensor out = HostTensor::empty(shape, elementType);
        for (int64_t i = 0, e = in[0].size(); i < e; ++i)
          out.fp[i] = fn(in[0].fp[i]);
        return single(out);
      }
    } else if (IntUnaryFn fn = getIntUnaryFn(op)) {
      HostTensor out = HostTensor::empty(shape, elementType);
      for (int64_t i = 0, e = in[0].size(); i < e; ++i)
        out.ints[i] = wrapInteger(*fn(in[0].ints[i]), elementType);
      return single(out);
    }
  }

  // Binary and variadic elementwise.
  if (BinaryFn fn = getBinaryFn(op); fn.onFloat || fn.onInt) {
    if (in.empty())
      return failure();
    Type accType = in[0].elementType;
    HostTensor acc = in[0];
    for (const HostTensor &next : in.drop_front()) {
      FailureOr<SmallVector<int64_t>> s =
          broadcastShapes(std::nullopt, acc.shape, next.shape);
      if (failed(s))
        return failure();
      // Comparisons produce i1 only at the last step.
      bool last = &next == &in.back();
      FailureOr<HostTensor> r =
          applyBinary(fn, acc, next, *s, last ? elementType : accType);
      if (failed(r))
        return failure();
      acc = std::move(*r);
    }
    if (isa<MeanOp>(op))
      for (double &v : acc.fp)
        v /= static_cast<double>(in.size());
    if (acc.shape != SmallVector<int64_t>(shape))
      return failure();
    return single(acc);
  }

  return llvm::TypeSwitch<Operation *, EvalResult>(op)
      .Case<IdentityOp, ReshapeOp, FlattenOp, SqueezeOp, UnsqueezeOp>(
          [&](Operation *) {
            HostTensor out = in[0];
            out.shape.assign(shape.begin(), shape.end());
            return single(out);
          })
      .Case([&](CastOp) { return single(castTensor(in[0], elementType)); })
      .Case([&](CastLikeOp) { return single(castTensor(in[0], elementType)); })
      .Case([&](WhereOp) -> EvalResult {
        HostTensor out = HostTensor::empty(shape, elementType);
        forEachBroadcast({in[0].shape, in[1].shape, in[2].shape}, shape,
                         [&](int64_t o, ArrayRef<int64_t> idx) {
                           const HostTensor &src =
                               in[0].ints[idx[0]] ? in[1] : in[2];
                           int64_t i = in[0].ints[idx[0]] ? idx[1] : idx[2];
                           if (out.isFloat())
                             out.fp[o] = src.fp[i];
                           else
                             out.ints[o] = src.ints[i];
                         });
        return single(out);
      })
      .Case([&](ClipOp clip) -> EvalResult {
        HostTensor out = in[0];
        size_t next = 1;
        std::optional<double> lo, hi;
        if (clip.getMin())
          lo = in[next++].asDouble(0);
        if (clip.getMax())
          hi = in[next++].asDouble(0);
        for (int64_t i = 0, e = out.size(); i < e; ++i) {
          double v = out.asDouble(i);
          if (lo && v < *lo)
            v = *lo;
          if (hi && v > *hi)
            v = *hi;
          if (out.isFloat())
            out.fp[i] = v;
          else
            out.ints[i] = static_cast<int64_t>(v);
        }
        return single(out);
      })
      .Case([&](TransposeOp) -> EvalResult {
        const HostTensor &x = in[0];
        SmallVector<int64_t> inStrides = getStrides(x.shape);
        // Result dim i is input dim perm[i]; recover perm from the types.
        SmallVector<int64_t> perm = cast<TransposeOp>(op).getEffectivePerm();
        std::vector<int64_t> source(type.getNumElements());
        forEachIndex(shape, [&](int64_t o, ArrayRef<int64_t> idx) {
          int64_t s = 0;
          for (size_t d = 0; d < idx.size(); ++d)
            s += idx[d] * inStrides[perm[d]];
          source[o] = s;
        });
        return single(gather(x, shape, source));
      })
      .Case([&](ConcatOp concat) -> EvalResult {
        int64_t rank = shape.size();
        int64_t axis =
            concat.getAxis() < 0 ? concat.getAxis() + rank : concat.getAxis();
        HostTensor out = HostTensor::empty(shape, elementType);
        int64_t outer = ShapedType::getNumElements(shape.take_front(axis));
        int64_t offset = 0;
        for (const HostTensor &part : in) {
          int64_t chunk =
              ShapedType::getNumElements(ArrayRef(part.shape).drop_front(axis));
          int64_t outChunk = ShapedType::getNumElements(shape.drop_front(axis));
          for (int64_t o = 0; o < outer; ++o)
            for (int64_t j = 0; j < chunk; ++j) {
              int64_t dst = o * outChunk + offset + j;
              if (out.isFloat())
                out.fp[dst] = part.fp[o * chunk + j];
              else
                out.ints[dst] = part.ints[o * chunk + j];
            }
          offset += chunk;
        }
        return single(out);
      })
      .Case([&](SliceOp slice) -> EvalResult {
        const HostTensor &x = in[0];
        int64_t rank = x.shape.size();
        SmallVector<int64_t> starts(rank, 0), steps(rank, 1);
        const std::vector<int64_t> &s = in[1].ints, &e = in[2].ints;
        size_t next = 3;
        SmallVector<int64_t> axes;
        if (slice.getAxes()) {
          axes.assign(in[next].ints.begin(), in[next].ints.end());
          ++next;
        } else
          for (size_t i = 0; i < s.size(); ++i)
            axes.push_back(i);
        SmallVector<int64_t> stepList(axes.size(), 1);
        if (slice.getSteps())
          stepList.assign(in[next].ints.begin(), in[next].ints.end());
        for (size_t i = 0; i < axes.size(); ++i) {
          int64_t a = axes[i] < 0 ? axes[i] + rank : axes[i];
          if (stepList[i] == 0)
            return failure();
          SliceAxisRange r =
              getSliceAxisRange(x.shape[a], s[i], e[i], stepList[i]);
          if (r.size != shape[a])
            return failure();
          starts[a] = r.start;
          steps[a] = stepList[i];
        }
        SmallVector<int64_t> inStrides = getStrides(x.shape);
        std::vector<int64_t> source(type.getNumElements());
        forEachIndex(shape, [&](int64_t o, ArrayRef<int64_t> idx) {
          int64_t src = 0;
          for (int64_t d = 0; d < rank; ++d)
            src += (starts[d] + idx[d] * steps[d]) * inStrides[d];
          source[o] = src;
        });
        return single(gather(x, shape, source));
      })
      .Case([&](GatherOp g) -> EvalResult {
        const HostTensor &data = in[0], &indices = in[1];
        int64_t rank = data.shape.size();
        int64_t axis = g.getAxis() < 0 ? g.getAxis() + rank : g.getAxis();
        int64_t dim = data.shape[axis];
        int64_t inner = ShapedType::getNumElements(
            ArrayRef(data.shape).drop_front(axis + 1));
        int64_t outer =
            ShapedType::getNumElements(ArrayRef(data.shape).take_front(axis));
        std::vector<int64_t> source;
        source.reserve(type.getNumElements());
        for (int64_t o = 0; o < outer; ++o)
          for (int64_t k : indices.ints) {
            if (k < -dim || k >= dim)
              return failure();
            if (k < 0)
              k += dim;
            for (int64_t j = 0; j < inner; ++j)
              source.push_back((o * dim + k) * inner + j);
          }
        return single(gather(data, shape, source));
      })
      .Case([&](ExpandOp) -> EvalResult {
        std::vector<int64_t> source(type.getNumElements());
        forEachBroadcast(
            {in[0].shape}, shape,
            [&](int64_t o, ArrayRef<int64_t> idx) { source[o] = idx[0]; });
        return single(gather(in[0], shape, source));
      })
      .Case([&](TileOp) -> EvalResult {
        const HostTensor &x = in[0];
        SmallVector<int64_t> inStrides = getStrides(x.shape);
        std::vector<int64_t> source(type.getNumElements());
        forEachIndex(shape, [&](int64_t o, ArrayRef<int64_t> idx) {
          int64_t s = 0;
          for (size_t d = 0; d < idx.size(); ++d)
            s += (idx[d] % x.shape[d]) * inStrides[d];
          source[o] = s;
        });
        return single(gather(x, shape, source));
      })
      .Case([&](ConstantOfShapeOp c) -> EvalResult {
        HostTensor out = HostTensor::empty(shape, elementType);
        if (std::optional<ElementsAttr> value = c.getValue()) {
          auto dense = dyn_cast<DenseElementsAttr>(*value);
          if (!dense)
            return failure();
          HostTensor v = readAttr(dense);
          if (out.isFloat())
            std::fill(out.fp.begin(), out.fp.end(), v.fp[0]);
          else
            std::fill(out.ints.begin(), out.ints.end(), v.ints[0]);
        }
        return single(out);
      })
      .Case([&](RangeOp) -> EvalResult {
        HostTensor out = HostTensor::empty(shape, elementType);
        for (int64_t i = 0, e = out.size(); i < e; ++i) {
          if (out.isFloat())
            out.fp[i] = in[0].fp[0] + i * in[2].fp[0];
          else
            out.ints[i] =
                wrapInteger(in[0].ints[0] + i * in[2].ints[0], elementType);
        }
        return single(out);
      })
      .Case([&](SplitOp split) -> EvalResult {
        const HostTensor &x = in[0];
        int64_t rank = x.shape.size();
        int64_t axis =
            split.getAxis() < 0 ? split.getAxis() + rank : split.getAxis();
        SmallVector<int64_t> inStrides = getStrides(x.shape);
        SmallVector<HostTensor> results;
        int64_t offset = 0;
        for (unsigned r = 0; r < op->getNumResults(); ++r) {
          ArrayRef<int64_t> part = resultType(op, r).getShape();
          std::vector<int64_t> source(ShapedType::getNumElements(part));
          forEachIndex(part, [&](int64_t o, ArrayRef<int64_t> idx) {
            int64_t s = 0;
            for (int64_t d = 0; d < rank; ++d)
              s += (idx[d] + (d == axis ? offset : 0)) * inStrides[d];
            source[o] = s;
          });
          results.push_back(gather(x, part, source));
          offset += part[axis];
        }
        return results;
      })
      .Case([&](ReduceSumOp r) -> EvalResult {
        std::optional<SmallVector<int64_t>> axes;
        if (r.getAxes())
          axes = SmallVector<int64_t>(in[1].ints.begin(), in[1].ints.end());
        if (axes && axes->empty() && r.getNoopWithEmptyAxes())
          return single(in[0]);
        return single(reduce(in[0], getReducedAxes(axes, in[0].shape.size()),
                             type, 0.0, std::plus<double>(),
                             [](double v, int64_t) { return v; }));
      })
      .Case<ReduceMeanOp, ReduceMaxOp, ReduceMinOp, ReduceProdOp>(
          [&](Operation *) -> EvalResult {
            std::optional<SmallVector<int64_t>> axes;
            if (auto a = op->getAttrOfType<DenseI64ArrayAttr>("axes"))
              axes = SmallVector<int64_t>(a.asArrayRef());
            SmallVector<bool> reduced =
                getReducedAxes(axes, in[0].shape.size());
            auto identity = [](double v, int64_t) { return v; };
            if (isa<ReduceMeanOp>(op))
              return single(reduce(in[0], reduced, type, 0.0,
                                   std::plus<double>(),
                                   [](double v, int64_t n) { return v / n; }));
            if (isa<ReduceProdOp>(op))
              return single(reduce(in[0], reduced, type, 1.0,
                                   std::multiplies<double>(), identity));
            double inf = std::numeric_limits<double>::infinity();
            if (isa<ReduceMaxOp>(op))
              return single(reduce(
                  in[0], reduced, type, -inf,
                  [](double a, double b) { return std::max(a, b); }, identity));
            return single(reduce(
                in[0], reduced, type, inf,
                [](double a, double b) { return std::min(a, b); }, identity));
          })
      .Default([](Operation *) { return failure(); });
}

} // namespace

bool mlir::modelc::onnx::isEvaluable(Operation *op) {
  if (getFloatUnaryFn(op) || getIntUnaryFn(op))
    return true;
  if (BinaryFn fn = getBinaryFn(op); fn.onFloat || fn.onInt)
    return true;
  return isa<IdentityOp, ReshapeOp, FlattenOp, SqueezeOp, UnsqueezeOp, CastOp,
             CastLikeOp, WhereOp, ClipOp, TransposeOp, ConcatOp, SliceOp,
             GatherOp, ExpandOp, TileOp, ConstantOfShapeOp, RangeOp, SplitOp,
             ReduceSumOp, ReduceMeanOp, ReduceMaxOp, ReduceMinOp, ReduceProdOp>(
      op);
}

int64_t mlir::modelc::onnx::getResultElementCount(Operation *op) {
  int64_t total = 0;
  for (Type type : op->getResultTypes()) {
    auto tensor = dyn_cast<RankedTensorType>(type);
    if (!tensor || !tensor.hasStaticShape())
      return -1;
    total += tensor.getNumElements();
  }
  return total;
}

FailureOr<SmallVector<DenseElementsAttr>>
mlir::modelc::onnx::evaluate(Operation *op, int64_t maxOperandElements) {
  if (!isEvaluable(op) || getResultElementCount(op) < 0)
    return failure();
  SmallVector<HostTensor> operands;
  for (Value operand : op->getOperands()) {
    DenseElementsAttr attr;
    if (!matchPattern(operand, m_Constant(&attr)))
      return failure();
    if (attr.getNumElements() > maxOperandElements)
      return failure();
    // int64 cannot hold all of uint64: only move such data, never compute.
    Type elementType = attr.getElementType();
    if (elementType.isUnsignedInteger(64) &&
        !isa<IdentityOp, ReshapeOp, FlattenOp, SqueezeOp, UnsqueezeOp,
             TransposeOp, ConcatOp, SliceOp, GatherOp, ExpandOp, TileOp,
             SplitOp>(op))
      return failure();
    operands.push_back(readAttr(attr));
  }
  EvalResult results = evaluateOp(op, operands);
  if (failed(results) || results->size() != op->getNumResults())
    return failure();
  SmallVector<DenseElementsAttr> attrs;
  for (auto [tensor, result] : llvm::zip_equal(*results, op->getResults())) {
    auto type = cast<RankedTensorType>(result.getType());
    if (tensor.size() != type.getNumElements())
      return failure();
    attrs.push_back(writeAttr(tensor, type));
  }
  return attrs;
}

DenseElementsAttr
mlir::modelc::onnx::createFloatElements(RankedTensorType type,
                                        ArrayRef<double> values) {
  HostTensor t = HostTensor::empty(type.getShape(), type.getElementType());
  t.fp.assign(values.begin(), values.end());
  return writeAttr(t, type);
}

void mlir::modelc::onnx::replaceWithConstants(
    Operation *op, ArrayRef<DenseElementsAttr> values) {
  OpBuilder builder(op);
  for (auto [result, value] : llvm::zip_equal(op->getResults(), values)) {
    Value constant =
        ConstantOp::create(builder, op->getLoc(), result.getType(), value);
    result.replaceAllUsesWith(constant);
  }
  SmallVector<Operation *> producers;
  for (Value operand : op->getOperands())
    if (Operation *producer = operand.getDefiningOp())
      producers.push_back(producer);
  op->erase();
  for (Operation *producer : producers)
    if (isa<ConstantOp>(producer) && producer->use_empty())
      producer->erase();
}

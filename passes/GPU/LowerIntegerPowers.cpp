//===- LowerIntegerPowers.cpp - math.ipowi as a loop ----------------------===//
//
// Part of the modelc project, under the Apache License v2.0 with LLVM
// Exceptions. SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "passes/GPU/Passes.h"

#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/IR/Builders.h"

namespace mlir::modelc {
#define GEN_PASS_DEF_LOWERINTEGERPOWERSPASS
#include "passes/GPU/Passes.h.inc"

namespace {

/// x^n for n >= 0 by squaring: r = 1; while (n) { if (n & 1) r *= x;
/// x *= x; n >>= 1; }. A negative n gives 1, -1 or 0 (see the pass).
Value emitIntegerPower(OpBuilder &b, Location loc, Value x, Value n) {
  Type type = x.getType();
  auto constant = [&](int64_t v) {
    return arith::ConstantOp::create(b, loc, type, b.getIntegerAttr(type, v))
        .getResult();
  };
  Value zero = constant(0), one = constant(1), minusOne = constant(-1);
  Value negative =
      arith::CmpIOp::create(b, loc, arith::CmpIPredicate::slt, n, zero);
  Value start = arith::SelectOp::create(b, loc, negative, zero, n);
  auto loop = scf::WhileOp::create(
      b, loc, TypeRange{type, type, type}, ValueRange{one, x, start},
      [&](OpBuilder &b, Location loc, ValueRange args) {
        Value more = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ne,
                                           args[2], zero);
        scf::ConditionOp::create(b, loc, more, args);
      },
      [&](OpBuilder &b, Location loc, ValueRange args) {
        Value odd = arith::AndIOp::create(b, loc, args[2], one);
        Value isOdd =
            arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ne, odd, zero);
        Value times = arith::MulIOp::create(b, loc, args[0], args[1]);
        Value result = arith::SelectOp::create(b, loc, isOdd, times, args[0]);
        Value square = arith::MulIOp::create(b, loc, args[1], args[1]);
        Value rest = arith::ShRUIOp::create(b, loc, args[2], one);
        scf::YieldOp::create(b, loc, ValueRange{result, square, rest});
      });
  // Negative exponents: 1 / x^-n in integers.
  Value isOne = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, x, one);
  Value isMinusOne =
      arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, x, minusOne);
  Value nOdd =
      arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ne,
                            arith::AndIOp::create(b, loc, n, one), zero);
  Value minusOnePower = arith::SelectOp::create(b, loc, nOdd, minusOne, one);
  Value negativeResult = arith::SelectOp::create(
      b, loc, isOne, one,
      arith::SelectOp::create(b, loc, isMinusOne, minusOnePower, zero));
  return arith::SelectOp::create(b, loc, negative, negativeResult,
                                 loop.getResult(0));
}

struct LowerIntegerPowersPass final
    : impl::LowerIntegerPowersPassBase<LowerIntegerPowersPass> {
  void runOnOperation() override {
    SmallVector<math::IPowIOp> powers;
    getOperation()->walk([&](math::IPowIOp op) { powers.push_back(op); });
    for (math::IPowIOp op : powers) {
      if (!isa<IntegerType>(op.getType())) {
        op.emitOpError("on vectors is not supported");
        return signalPassFailure();
      }
      OpBuilder b(op);
      op.replaceAllUsesWith(
          emitIntegerPower(b, op.getLoc(), op.getLhs(), op.getRhs()));
      op.erase();
    }
  }
};

} // namespace
} // namespace mlir::modelc

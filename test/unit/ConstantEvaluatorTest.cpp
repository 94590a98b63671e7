//===- ConstantEvaluatorTest.cpp - Compile-time evaluation of onnx ops
//-----===//
//
// Part of the modelc project, under the Apache License v2.0 with LLVM
// Exceptions. SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Checks the evaluator's semantics where C++ and ONNX differ or where a
// careless implementation would go wrong: integer division and modulo signs,
// undefined cases that must not fold, numpy slicing, negative indices.
//
//===----------------------------------------------------------------------===//

#include "passes/ONNX/ConstantEvaluator.h"

#include "dialects/InitAllDialects.h"
#include "dialects/ONNX/IR/ONNXOps.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/Parser/Parser.h"

#include <gtest/gtest.h>

using namespace mlir;

namespace {
/// Parses `body` as the body of a function returning the last op's result,
/// and evaluates that op.
class EvaluatorTest : public ::testing::Test {
protected:
  EvaluatorTest() {
    DialectRegistry registry;
    modelc::registerAllDialects(registry);
    context.appendDialectRegistry(registry);
    context.loadAllAvailableDialects();
  }

  /// Returns the values of the first result, or nullopt if the op did not
  /// fold.
  std::optional<SmallVector<double>> eval(StringRef ir) {
    module = parseSourceString<ModuleOp>(ir, &context);
    if (!module)
      return std::nullopt;
    Operation *target = nullptr;
    module->walk([&](Operation *op) {
      if (op->hasAttr("test.target"))
        target = op;
    });
    if (!target)
      return std::nullopt;
    FailureOr<SmallVector<DenseElementsAttr>> results =
        modelc::onnx::evaluate(target, 1 << 20);
    if (failed(results))
      return std::nullopt;
    SmallVector<double> values;
    DenseElementsAttr attr = (*results)[0];
    if (isa<FloatType>(attr.getElementType())) {
      for (APFloat v : attr.getValues<APFloat>())
        values.push_back(v.convertToDouble());
    } else if (attr.getElementType().isInteger(1)) {
      for (bool v : attr.getValues<bool>())
        values.push_back(v);
    } else {
      for (const APInt &v : attr.getValues<APInt>())
        values.push_back(static_cast<double>(v.getSExtValue()));
    }
    return values;
  }

  MLIRContext context;
  OwningOpRef<ModuleOp> module;
};

using Values = SmallVector<double>;
} // namespace

TEST_F(EvaluatorTest, BroadcastingAdd) {
  auto r = eval(R"mlir(
    func.func @f() -> tensor<2x3xf64> {
      %a = onnx.Constant dense<[[1.0], [2.0]]> : tensor<2x1xf64>
      %b = onnx.Constant dense<[10.0, 20.0, 30.0]> : tensor<3xf64>
      %c = onnx.Add %a, %b {test.target} : (tensor<2x1xf64>, tensor<3xf64>) -> tensor<2x3xf64>
      return %c : tensor<2x3xf64>
    })mlir");
  ASSERT_TRUE(r);
  EXPECT_EQ(*r, (Values{11, 21, 31, 12, 22, 32}));
}

TEST_F(EvaluatorTest, IntegerDivisionTruncatesAndModTakesDivisorSign) {
  auto div = eval(R"mlir(
    func.func @f() -> tensor<4xi32> {
      %a = onnx.Constant dense<[7, -7, 7, -7]> : tensor<4xi32>
      %b = onnx.Constant dense<[2, 2, -2, -2]> : tensor<4xi32>
      %c = onnx.Div %a, %b {test.target} : (tensor<4xi32>, tensor<4xi32>) -> tensor<4xi32>
      return %c : tensor<4xi32>
    })mlir");
  ASSERT_TRUE(div);
  EXPECT_EQ(*div, (Values{3, -3, -3, 3}));
  auto mod = eval(R"mlir(
    func.func @f() -> tensor<4xi32> {
      %a = onnx.Constant dense<[7, -7, 7, -7]> : tensor<4xi32>
      %b = onnx.Constant dense<[3, 3, -3, -3]> : tensor<4xi32>
      %c = onnx.Mod %a, %b {test.target} : (tensor<4xi32>, tensor<4xi32>) -> tensor<4xi32>
      return %c : tensor<4xi32>
    })mlir");
  ASSERT_TRUE(mod);
  EXPECT_EQ(*mod, (Values{1, 2, -2, -1}));
}

TEST_F(EvaluatorTest, UndefinedIntegerDivisionDoesNotFold) {
  EXPECT_FALSE(eval(R"mlir(
    func.func @f() -> tensor<2xi64> {
      %a = onnx.Constant dense<[1, 2]> : tensor<2xi64>
      %b = onnx.Constant dense<[1, 0]> : tensor<2xi64>
      %c = onnx.Div %a, %b {test.target} : (tensor<2xi64>, tensor<2xi64>) -> tensor<2xi64>
      return %c : tensor<2xi64>
    })mlir"));
}

TEST_F(EvaluatorTest, CastWrapsIntegersAndRefusesOutOfRangeFloats) {
  auto wrapped = eval(R"mlir(
    func.func @f() -> tensor<2xi8> {
      %a = onnx.Constant dense<[200, -129]> : tensor<2xi64>
      %c = onnx.Cast %a {to = 3 : si64, test.target} : (tensor<2xi64>) -> tensor<2xi8>
      return %c : tensor<2xi8>
    })mlir");
  ASSERT_TRUE(wrapped);
  EXPECT_EQ(*wrapped, (Values{-56, 127}));
  auto truncated = eval(R"mlir(
    func.func @f() -> tensor<2xi32> {
      %a = onnx.Constant dense<[2.7, -2.7]> : tensor<2xf32>
      %c = onnx.Cast %a {to = 6 : si64, test.target} : (tensor<2xf32>) -> tensor<2xi32>
      return %c : tensor<2xi32>
    })mlir");
  ASSERT_TRUE(truncated);
  EXPECT_EQ(*truncated, (Values{2, -2}));
  EXPECT_FALSE(eval(R"mlir(
    func.func @f() -> tensor<1xi64> {
      %a = onnx.Constant dense<0x7F800000> : tensor<1xf32>
      %c = onnx.Cast %a {to = 7 : si64, test.target} : (tensor<1xf32>) -> tensor<1xi64>
      return %c : tensor<1xi64>
    })mlir"));
}

TEST_F(EvaluatorTest, SliceWithNegativeStepAndGatherWithNegativeIndex) {
  auto slice = eval(R"mlir(
    func.func @f() -> tensor<3xi64> {
      %x = onnx.Constant dense<[0, 1, 2, 3, 4, 5]> : tensor<6xi64>
      %s = onnx.Constant dense<-1> : tensor<1xi64>
      %e = onnx.Constant dense<-9223372036854775808> : tensor<1xi64>
      %a = onnx.Constant dense<0> : tensor<1xi64>
      %st = onnx.Constant dense<-2> : tensor<1xi64>
      %y = onnx.Slice %x, %s, %e axes %a steps %st {test.target} : (tensor<6xi64>, tensor<1xi64>, tensor<1xi64>, tensor<1xi64>, tensor<1xi64>) -> tensor<3xi64>
      return %y : tensor<3xi64>
    })mlir");
  ASSERT_TRUE(slice);
  EXPECT_EQ(*slice, (Values{5, 3, 1}));
  auto gather = eval(R"mlir(
    func.func @f() -> tensor<2x2xi64> {
      %x = onnx.Constant dense<[[1, 2], [3, 4], [5, 6]]> : tensor<3x2xi64>
      %i = onnx.Constant dense<[-1, 0]> : tensor<2xi64>
      %y = onnx.Gather %x, %i {test.target} : (tensor<3x2xi64>, tensor<2xi64>) -> tensor<2x2xi64>
      return %y : tensor<2x2xi64>
    })mlir");
  ASSERT_TRUE(gather);
  EXPECT_EQ(*gather, (Values{5, 6, 1, 2}));
  EXPECT_FALSE(eval(R"mlir(
    func.func @f() -> tensor<1xi64> {
      %x = onnx.Constant dense<[1, 2, 3]> : tensor<3xi64>
      %i = onnx.Constant dense<[3]> : tensor<1xi64>
      %y = onnx.Gather %x, %i {test.target} : (tensor<3xi64>, tensor<1xi64>) -> tensor<1xi64>
      return %y : tensor<1xi64>
    })mlir"));
}

TEST_F(EvaluatorTest, TransposeAndReduceMean) {
  auto t = eval(R"mlir(
    func.func @f() -> tensor<3x2xf32> {
      %x = onnx.Constant dense<[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]> : tensor<2x3xf32>
      %y = onnx.Transpose %x {test.target} : (tensor<2x3xf32>) -> tensor<3x2xf32>
      return %y : tensor<3x2xf32>
    })mlir");
  ASSERT_TRUE(t);
  EXPECT_EQ(*t, (Values{1, 4, 2, 5, 3, 6}));
  auto m = eval(R"mlir(
    func.func @f() -> tensor<2x1xf32> {
      %x = onnx.Constant dense<[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]> : tensor<2x3xf32>
      %y = onnx.ReduceMean %x {axes = array<i64: -1>, test.target} : (tensor<2x3xf32>) -> tensor<2x1xf32>
      return %y : tensor<2x1xf32>
    })mlir");
  ASSERT_TRUE(m);
  EXPECT_EQ(*m, (Values{2, 5}));
}

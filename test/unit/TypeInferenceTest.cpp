//===- TypeInferenceTest.cpp - Shape rules of the onnx dialect
//-------------===//
//
// Part of the modelc project, under the Apache License v2.0 with LLVM
// Exceptions. SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "dialects/ONNX/IR/ONNXTypeInference.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/MLIRContext.h"

#include <gtest/gtest.h>

#include <limits>

using namespace mlir;
using namespace mlir::modelc::onnx;

namespace {
constexpr int64_t kDyn = ShapedType::kDynamic;

SmallVector<int64_t> broadcast(ArrayRef<int64_t> a, ArrayRef<int64_t> b) {
  FailureOr<SmallVector<int64_t>> r = broadcastShapes(std::nullopt, a, b);
  return succeeded(r) ? *r : SmallVector<int64_t>{-42};
}
} // namespace

TEST(Broadcast, NumpyRules) {
  EXPECT_EQ(broadcast({2, 3, 4}, {4}), (SmallVector<int64_t>{2, 3, 4}));
  EXPECT_EQ(broadcast({2, 1, 4}, {3, 1}), (SmallVector<int64_t>{2, 3, 4}));
  EXPECT_EQ(broadcast({}, {5}), (SmallVector<int64_t>{5}));
  EXPECT_EQ(broadcast({0, 1}, {1, 7}), (SmallVector<int64_t>{0, 7}));
  EXPECT_EQ(broadcast({2, 3}, {4, 3}), (SmallVector<int64_t>{-42}));
}

TEST(Broadcast, DynamicDimensionsTakeTheStaticSideUnlessItIsOne) {
  EXPECT_EQ(broadcast({kDyn, 3}, {5, 3}), (SmallVector<int64_t>{5, 3}));
  EXPECT_EQ(broadcast({kDyn, 3}, {1, 3}), (SmallVector<int64_t>{kDyn, 3}));
  EXPECT_EQ(broadcast({kDyn}, {kDyn}), (SmallVector<int64_t>{kDyn}));
}

TEST(Slice, NumpyClampingOfStartsAndEnds) {
  constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
  constexpr int64_t kMin = std::numeric_limits<int64_t>::min();
  auto range = [](int64_t dim, int64_t s, int64_t e, int64_t step) {
    SliceAxisRange r = getSliceAxisRange(dim, s, e, step);
    return std::make_pair(r.start, r.size);
  };
  EXPECT_EQ(range(10, 0, 5, 1), std::make_pair(int64_t{0}, int64_t{5}));
  EXPECT_EQ(range(10, -3, kMax, 1), std::make_pair(int64_t{7}, int64_t{3}));
  EXPECT_EQ(range(10, 2, 9, 3), std::make_pair(int64_t{2}, int64_t{3}));
  // Reversal to the front: INT64_MIN end means "through index 0".
  EXPECT_EQ(range(10, -1, kMin, -1), std::make_pair(int64_t{9}, int64_t{10}));
  EXPECT_EQ(range(10, 20, 0, -2), std::make_pair(int64_t{9}, int64_t{5}));
  // Empty and out-of-range slices.
  EXPECT_EQ(range(10, 5, 2, 1).second, 0);
  EXPECT_EQ(range(10, -100, -50, 1).second, 0);
  EXPECT_EQ(range(10, 100, 200, 1).second, 0);
}

TEST(Window, OutputSizesMatchONNXShapeInference) {
  // 7 inputs, kernel 3, stride 2, pads 1/1 -> 4 (floor) ...
  EXPECT_EQ(getWindowOutputSize(7, 3, 2, 1, 1, 1, "NOTSET", false), 4);
  // ... 4x4 max pool, kernel 3, stride 2, ceil mode -> 2.
  EXPECT_EQ(getWindowOutputSize(4, 3, 2, 1, 0, 0, "NOTSET", true), 2);
  EXPECT_EQ(getWindowOutputSize(4, 3, 2, 1, 0, 0, "NOTSET", false), 1);
  // Dilation 2 makes a 3-tap kernel span 5.
  EXPECT_EQ(getWindowOutputSize(9, 3, 1, 2, 0, 0, "NOTSET", false), 5);
  // SAME_* pads to ceil(in / stride) whatever the kernel.
  EXPECT_EQ(getWindowOutputSize(7, 4, 2, 1, 0, 0, "SAME_UPPER", false), 4);
  EXPECT_EQ(getWindowOutputSize(kDyn, 3, 1, 1, 1, 1, "NOTSET", false), kDyn);
}

TEST(RefineType, TakesTheStaticSideAndRejectsContradictions) {
  MLIRContext context;
  Builder b(&context);
  Type f32 = b.getF32Type();
  auto t = [&](ArrayRef<int64_t> shape) -> Type {
    return RankedTensorType::get(shape, f32);
  };
  EXPECT_EQ(*refineType(t({kDyn, 3}), t({2, kDyn})), t({2, 3}));
  EXPECT_EQ(*refineType(t({2, 3}), UnrankedTensorType::get(f32)), t({2, 3}));
  EXPECT_TRUE(failed(refineType(t({2, 3}), t({2, 4}))));
  EXPECT_TRUE(failed(refineType(t({2, 3}), t({2, 3, 1}))));
  EXPECT_TRUE(
      failed(refineType(t({2}), RankedTensorType::get({2}, b.getI64Type()))));
  EXPECT_TRUE(areCompatibleResultTypes({t({kDyn})}, {t({4})}));
  EXPECT_FALSE(areCompatibleResultTypes({t({3})}, {t({4})}));
}

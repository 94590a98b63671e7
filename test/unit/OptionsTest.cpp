//===- OptionsTest.cpp - Parsing of --input-shape
//--------------------------===//
//
// Part of the modelc project, under the Apache License v2.0 with LLVM
// Exceptions. SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "compiler/Options.h"

#include <gtest/gtest.h>

using namespace mlir::modelc;

TEST(InputShapeSpec, ParsesNameAndDims) {
  std::string error;
  auto spec = parseInputShapeSpec("input=1,3,224,224", error);
  ASSERT_TRUE(spec) << error;
  EXPECT_EQ(spec->name, "input");
  EXPECT_EQ(spec->dims, (llvm::SmallVector<int64_t>{1, 3, 224, 224}));
}

TEST(InputShapeSpec, LastEqualsSplitsSoNamesMayContainEquals) {
  std::string error;
  auto spec = parseInputShapeSpec("a=b=2,3", error);
  ASSERT_TRUE(spec) << error;
  EXPECT_EQ(spec->name, "a=b");
  EXPECT_EQ(spec->dims, (llvm::SmallVector<int64_t>{2, 3}));
}

TEST(InputShapeSpec, EmptyDimsMeanAScalar) {
  std::string error;
  auto spec = parseInputShapeSpec("scale=", error);
  ASSERT_TRUE(spec) << error;
  EXPECT_TRUE(spec->dims.empty());
}

TEST(InputShapeSpec, RejectsMissingNameNegativeAndGarbage) {
  std::string error;
  EXPECT_FALSE(parseInputShapeSpec("1,3,224,224", error));
  EXPECT_NE(error.find("is not NAME=D0,D1"), std::string::npos) << error;
  EXPECT_FALSE(parseInputShapeSpec("=1,2", error));
  EXPECT_FALSE(parseInputShapeSpec("x=1,-3", error));
  EXPECT_NE(error.find("'-3' is not a non-negative dimension"),
            std::string::npos)
      << error;
  EXPECT_FALSE(parseInputShapeSpec("x=1,abc", error));
  EXPECT_FALSE(parseInputShapeSpec("x=1,,2", error));
}

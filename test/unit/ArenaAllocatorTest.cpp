//===- ArenaAllocatorTest.cpp - Arena offsets by liveness -----------------===//
//
// Part of the modelc project, under the Apache License v2.0 with LLVM
// Exceptions. SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "compiler/Plan/ArenaAllocator.h"

#include "gtest/gtest.h"

#include <random>

using namespace mlir::modelc;

namespace {

/// Every pair alive at a common step is disjoint; every offset aligned;
/// everything inside the arena, which is at least the live lower bound.
void expectValid(llvm::ArrayRef<BufferLifetime> buffers,
                 const ArenaLayout &layout, uint64_t alignment) {
  ASSERT_EQ(layout.offsets.size(), buffers.size());
  EXPECT_GE(layout.bytes, layout.peakLiveBytes);
  for (size_t i = 0; i < buffers.size(); ++i) {
    if (!buffers[i].bytes)
      continue;
    EXPECT_EQ(layout.offsets[i] % alignment, 0u) << i;
    EXPECT_LE(layout.offsets[i] + buffers[i].bytes, layout.bytes) << i;
    for (size_t j = i + 1; j < buffers.size(); ++j) {
      if (!buffers[j].bytes)
        continue;
      bool together = buffers[i].firstStep <= buffers[j].lastStep &&
                      buffers[j].firstStep <= buffers[i].lastStep;
      bool apart = layout.offsets[i] + buffers[i].bytes <= layout.offsets[j] ||
                   layout.offsets[j] + buffers[j].bytes <= layout.offsets[i];
      EXPECT_TRUE(!together || apart) << "buffers " << i << " and " << j;
    }
  }
}

TEST(ArenaAllocator, ChainReusesTwoSlots) {
  // a -> b -> c -> d: each buffer lives from its producer to its consumer.
  std::vector<BufferLifetime> chain = {
      {100, 0, 1}, {100, 1, 2}, {100, 2, 3}, {100, 3, 4}};
  ArenaLayout layout = allocateArena(chain, 64);
  expectValid(chain, layout, 64);
  EXPECT_EQ(layout.bytes, 256u); // two 128-byte slots
  EXPECT_EQ(layout.peakLiveBytes, 256u);
  EXPECT_EQ(layout.offsets[0], layout.offsets[2]);
  EXPECT_EQ(layout.offsets[1], layout.offsets[3]);
  EXPECT_NE(layout.offsets[0], layout.offsets[1]);
}

TEST(ArenaAllocator, BestFitUsesTheSmallestGap) {
  // Big and small alive around a hole; a later buffer that fits the small
  // gap goes there, not at the end.
  std::vector<BufferLifetime> buffers = {
      {256, 0, 0}, // freed after step 0: leaves a 256-byte hole
      {64, 0, 2},  // stays
      {64, 1, 2},  // fits in the hole
  };
  ArenaLayout layout = allocateArena(buffers, 64);
  expectValid(buffers, layout, 64);
  EXPECT_EQ(layout.bytes, 320u);
}

TEST(ArenaAllocator, ZeroByteBuffersTakeNoSpace) {
  std::vector<BufferLifetime> buffers = {{0, 0, 5}, {10, 0, 1}, {0, 2, 3}};
  ArenaLayout layout = allocateArena(buffers, 16);
  expectValid(buffers, layout, 16);
  EXPECT_EQ(layout.bytes, 16u);
  EXPECT_EQ(layout.peakLiveBytes, 16u);
}

TEST(ArenaAllocator, Empty) {
  ArenaLayout layout = allocateArena({}, 64);
  EXPECT_EQ(layout.bytes, 0u);
  EXPECT_EQ(layout.peakLiveBytes, 0u);
}

TEST(ArenaAllocator, RandomLifetimesAreValidAndDeterministic) {
  std::mt19937 random(7);
  for (int trial = 0; trial < 50; ++trial) {
    std::vector<BufferLifetime> buffers;
    int n = 1 + int(random() % 60);
    for (int i = 0; i < n; ++i) {
      unsigned first = random() % 40, length = random() % 10;
      buffers.push_back({random() % 5000, first, first + length});
    }
    ArenaLayout layout = allocateArena(buffers, 64);
    expectValid(buffers, layout, 64);
    ArenaLayout again = allocateArena(buffers, 64);
    EXPECT_EQ(layout.offsets, again.offsets);
    // Greedy best fit stays near the lower bound on such inputs.
    EXPECT_LE(layout.bytes, 2 * layout.peakLiveBytes) << "trial " << trial;
  }
}

} // namespace

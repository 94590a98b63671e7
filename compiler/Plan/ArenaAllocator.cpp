//===- ArenaAllocator.cpp - Offsets for buffers by liveness ---------------===//
//
// Part of the modelc project, under the Apache License v2.0 with LLVM
// Exceptions. SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "compiler/Plan/ArenaAllocator.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/MathExtras.h"

#include <algorithm>
#include <numeric>

using namespace mlir::modelc;

ArenaLayout mlir::modelc::allocateArena(llvm::ArrayRef<BufferLifetime> buffers,
                                        uint64_t alignment) {
  ArenaLayout layout;
  layout.offsets.assign(buffers.size(), 0);
  llvm::SmallVector<size_t> order(buffers.size());
  std::iota(order.begin(), order.end(), 0);
  // Largest first; ties by first use, then index, so the layout is
  // deterministic.
  llvm::stable_sort(order, [&](size_t a, size_t b) {
    if (buffers[a].bytes != buffers[b].bytes)
      return buffers[a].bytes > buffers[b].bytes;
    return buffers[a].firstStep < buffers[b].firstStep;
  });
  llvm::SmallVector<size_t> placed;
  for (size_t i : order) {
    const BufferLifetime &buffer = buffers[i];
    if (buffer.bytes == 0)
      continue; // Takes no space (offset 0).
    uint64_t size = llvm::alignTo(buffer.bytes, alignment);
    // Ranges taken by placed buffers alive at the same time, by offset.
    llvm::SmallVector<std::pair<uint64_t, uint64_t>> taken;
    for (size_t j : placed) {
      const BufferLifetime &other = buffers[j];
      if (other.bytes == 0)
        continue;
      if (other.firstStep <= buffer.lastStep &&
          buffer.firstStep <= other.lastStep)
        taken.push_back(
            {layout.offsets[j],
             layout.offsets[j] + llvm::alignTo(other.bytes, alignment)});
    }
    llvm::sort(taken);
    // The smallest gap that fits (best fit), else the end.
    uint64_t best = UINT64_MAX, bestGap = UINT64_MAX, cursor = 0;
    for (auto [begin, end] : taken) {
      if (begin > cursor && begin - cursor >= size &&
          begin - cursor < bestGap) {
        best = cursor;
        bestGap = begin - cursor;
      }
      cursor = std::max(cursor, end);
    }
    layout.offsets[i] = best != UINT64_MAX ? best : cursor;
    layout.bytes = std::max(layout.bytes, layout.offsets[i] + size);
    placed.push_back(i);
  }
  // The lower bound, for reports.
  unsigned lastStep = 0;
  for (const BufferLifetime &b : buffers)
    lastStep = std::max(lastStep, b.lastStep);
  for (unsigned step = 0; step <= lastStep && !buffers.empty(); ++step) {
    uint64_t live = 0;
    for (const BufferLifetime &b : buffers)
      if (b.bytes && b.firstStep <= step && step <= b.lastStep)
        live += llvm::alignTo(b.bytes, alignment);
    layout.peakLiveBytes = std::max(layout.peakLiveBytes, live);
  }
  return layout;
}

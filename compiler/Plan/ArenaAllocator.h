//===- ArenaAllocator.h - Offsets for buffers by liveness -------*- C++ -*-===//
//
// Part of the modelc project, under the Apache License v2.0 with LLVM
// Exceptions. SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Places buffers with known lifetimes (first and last step that uses them)
// in one arena so that buffers alive at the same time never overlap. Greedy
// best-fit by decreasing size: the classic heuristic for this NP-hard
// problem, within a few percent of the lower bound (the largest total size
// alive at one step) on real networks.
//
//===----------------------------------------------------------------------===//

#ifndef MODELC_COMPILER_PLAN_ARENAALLOCATOR_H
#define MODELC_COMPILER_PLAN_ARENAALLOCATOR_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/SmallVector.h"

#include <cstdint>

namespace mlir::modelc {

struct BufferLifetime {
  uint64_t bytes;     // 0: takes no space (a result that lives elsewhere)
  unsigned firstStep; // inclusive
  unsigned lastStep;  // inclusive
};

struct ArenaLayout {
  llvm::SmallVector<uint64_t> offsets; // one per buffer
  uint64_t bytes = 0;                  // arena size
  uint64_t peakLiveBytes = 0;          // lower bound: most bytes alive at once
};

/// Assigns `alignment`-aligned offsets (alignment a power of two).
ArenaLayout allocateArena(llvm::ArrayRef<BufferLifetime> buffers,
                          uint64_t alignment);

} // namespace mlir::modelc

#endif // MODELC_COMPILER_PLAN_ARENAALLOCATOR_H

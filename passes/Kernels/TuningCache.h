//===- TuningCache.h - Per-GEMM choices measured on a GPU -------*- C++ -*-===//
//
// Part of the modelc project, under the Apache License v2.0 with LLVM
// Exceptions. SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// A tuning cache (`modelc --tuning-cache FILE`, written by
// scripts/gpu/tune.py) records what on-device tuning chose, so that later
// builds are reproducible on any machine. One choice a line; '#' starts a
// comment; blank lines are ignored:
//
//   MxNxK[xBATCH] TILE              a tensor-core GEMM's block tile (128x64)
//   cublaslt KEY ALGORITHM          a cuBLASLt GEMM's algorithm: which of
//                                   cuBLASLt's heuristic results, best
//                                   first, to run (0 is its own pick)
//
// KEY is getLibraryGemmKey's: the shape, then the transposes and epilogue.
// Entries for GEMMs a model does not have are ignored.
//
//===----------------------------------------------------------------------===//

#ifndef MODELC_PASSES_KERNELS_TUNINGCACHE_H
#define MODELC_PASSES_KERNELS_TUNINGCACHE_H

#include "mlir/IR/Location.h"
#include "mlir/Support/LLVM.h"

#include <cstdint>
#include <map>
#include <string>

namespace mlir::modelc {

/// The most cuBLASLt heuristic results an algorithm index may skip.
constexpr int64_t kMaxLibraryGemmAlgorithm = 31;

struct TuningCache {
  struct Tile {
    int64_t m = 0, n = 0;
    unsigned line = 0; // in the file, for messages
  };
  /// Tensor-core block tiles by GEMM shape (getGemmKey). Only the syntax is
  /// checked here; which tiles exist is code generation's business.
  std::map<std::string, Tile> tiles;
  /// cuBLASLt algorithm indices by getLibraryGemmKey.
  std::map<std::string, int64_t> libraryAlgorithms;
};

/// Reads the tuning cache at `path`; errors (at `loc`) name the file and
/// the line.
FailureOr<TuningCache> readTuningCache(StringRef path, Location loc);

/// A GEMM's shape as tuning caches name it: "MxNxK", or "MxNxKxBATCH".
std::string getGemmKey(int64_t M, int64_t N, int64_t K, int64_t batch);

/// A library GEMM as tuning caches name it: getGemmKey's shape, then ","
/// and each of "aT", "bT" (transposed operands), "c", "bias", "relu" and
/// "f32" (a 16-bit GEMM writing f32) that applies, in that order:
/// "802816x256x64,bT,c,bias,relu".
std::string getLibraryGemmKey(int64_t M, int64_t N, int64_t K, int64_t batch,
                              bool transA, bool transB, bool c, bool bias,
                              bool relu, bool widens);

} // namespace mlir::modelc

#endif // MODELC_PASSES_KERNELS_TUNINGCACHE_H

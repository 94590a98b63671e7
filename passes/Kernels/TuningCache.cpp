//===- TuningCache.cpp - Per-GEMM choices measured on a GPU ---------------===//
//
// Part of the modelc project, under the Apache License v2.0 with LLVM
// Exceptions. SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "passes/Kernels/TuningCache.h"

#include "mlir/IR/Diagnostics.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/MemoryBuffer.h"

using namespace mlir;
using namespace mlir::modelc;

namespace {

/// Whether `text` is "MxNxK" or "MxNxKxBATCH" of positive integers.
bool isGemmShape(StringRef text) {
  SmallVector<StringRef> dims;
  text.split(dims, 'x');
  return (dims.size() == 3 || dims.size() == 4) &&
         llvm::all_of(dims, [](StringRef d) {
           int64_t v;
           return !d.getAsInteger(10, v) && v > 0;
         });
}

/// Whether `key` is a getLibraryGemmKey: a shape, then known tags in order.
bool isLibraryGemmKey(StringRef key) {
  SmallVector<StringRef> parts;
  key.split(parts, ',');
  if (!isGemmShape(parts.front()))
    return false;
  static constexpr StringLiteral kTags[] = {"aT",   "bT",   "c",
                                            "bias", "relu", "f32"};
  const StringLiteral *next = std::begin(kTags);
  for (StringRef tag : ArrayRef(parts).drop_front()) {
    next = std::find(next, std::end(kTags), tag);
    if (next == std::end(kTags))
      return false;
    ++next;
  }
  return true;
}

} // namespace

FailureOr<TuningCache> mlir::modelc::readTuningCache(StringRef path,
                                                     Location loc) {
  llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> file =
      llvm::MemoryBuffer::getFile(path, /*IsText=*/true);
  if (!file)
    return emitError(loc) << "cannot read the tuning cache '" << path
                          << "': " << file.getError().message();
  TuningCache cache;
  SmallVector<StringRef> lines;
  (*file)->getBuffer().split(lines, '\n');
  for (auto [index, raw] : llvm::enumerate(lines)) {
    StringRef line = raw.split('#').first.trim();
    if (line.empty())
      continue;
    SmallVector<StringRef> words;
    line.split(words, ' ', /*MaxSplit=*/-1, /*KeepEmpty=*/false);
    unsigned number = index + 1;
    if (words.size() == 3 && words[0] == "cublaslt") {
      int64_t algorithm = -1;
      if (isLibraryGemmKey(words[1]) && !words[2].getAsInteger(10, algorithm) &&
          algorithm >= 0 && algorithm <= kMaxLibraryGemmAlgorithm) {
        cache.libraryAlgorithms[words[1].str()] = algorithm;
        continue;
      }
    } else if (words.size() == 2 && isGemmShape(words[0])) {
      auto [mText, nText] = words[1].split('x');
      int64_t m = 0, n = 0;
      if (!mText.getAsInteger(10, m) && !nText.getAsInteger(10, n) && m > 0 &&
          n > 0) {
        cache.tiles[words[0].str()] = {m, n, number};
        continue;
      }
    }
    return emitError(loc) << "tuning cache '" << path << "' line " << number
                          << ": '" << line
                          << "' is neither 'MxNxK[xBATCH] TILE' nor "
                             "'cublaslt KEY ALGORITHM' (ALGORITHM 0 to "
                          << kMaxLibraryGemmAlgorithm << ")";
  }
  return cache;
}

std::string mlir::modelc::getGemmKey(int64_t M, int64_t N, int64_t K,
                                     int64_t batch) {
  std::string key =
      std::to_string(M) + "x" + std::to_string(N) + "x" + std::to_string(K);
  if (batch > 1)
    key += "x" + std::to_string(batch);
  return key;
}

std::string mlir::modelc::getLibraryGemmKey(int64_t M, int64_t N, int64_t K,
                                            int64_t batch, bool transA,
                                            bool transB, bool c, bool bias,
                                            bool relu, bool widens) {
  std::string key = getGemmKey(M, N, K, batch);
  for (auto [applies, tag] :
       {std::pair{transA, "aT"}, std::pair{transB, "bT"}, std::pair{c, "c"},
        std::pair{bias, "bias"}, std::pair{relu, "relu"},
        std::pair{widens, "f32"}})
    if (applies)
      key += std::string(",") + tag;
  return key;
}

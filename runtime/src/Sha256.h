//===- Sha256.h - SHA-256 for artifact integrity checks ---------*- C++ -*-===//
//
// Part of the modelc project, under the Apache License v2.0 with LLVM
// Exceptions. SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// FIPS 180-4 SHA-256, incremental. The runtime has no LLVM or crypto library
// to lean on, and needs only this one digest to check an artifact before it
// loads any of its code.
//
//===----------------------------------------------------------------------===//

#ifndef MODELC_RUNTIME_SHA256_H
#define MODELC_RUNTIME_SHA256_H

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>

namespace modelc::runtime {

class Sha256 {
public:
  Sha256();
  void update(const void *data, size_t size);
  /// The digest; the object must not be updated afterwards.
  std::array<uint8_t, 32> finish();

  static std::string toHex(const std::array<uint8_t, 32> &digest);

private:
  void compress(const uint8_t *block);

  uint32_t state[8];
  uint8_t buffer[64];
  size_t buffered = 0;
  uint64_t totalBytes = 0;
};

} // namespace modelc::runtime

#endif // MODELC_RUNTIME_SHA256_H

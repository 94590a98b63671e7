//===- FixtureFiles.h - Sealed fixture artifacts for runtime tests -*- C++ -*-//
//
// Part of the modelc project, under the Apache License v2.0 with LLVM
// Exceptions. SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// The runtime tests open FixtureArtifact.c's libraries after appending the
// footer modelc's linker step would (see modelc/artifact_format.h).
//
//===----------------------------------------------------------------------===//

#ifndef MODELC_TEST_UNIT_RUNTIME_FIXTUREFILES_H
#define MODELC_TEST_UNIT_RUNTIME_FIXTUREFILES_H

#include "modelc/artifact_format.h"

#include "Sha256.h"

#include "gtest/gtest.h"

#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>
#include <string>

namespace modelc::test {

inline std::string readFile(const std::string &path) {
  std::ifstream in(path, std::ios::binary);
  EXPECT_TRUE(in) << path;
  return std::string(std::istreambuf_iterator<char>(in), {});
}

inline std::string writeTemp(const std::string &name,
                             const std::string &bytes) {
  std::string path = ::testing::TempDir() + "modelc-runtime-test-" + name;
  std::ofstream(path, std::ios::binary | std::ios::trunc) << bytes;
  return path;
}

/// `payload` with the footer modelc appends.
inline std::string
seal(const std::string &payload,
     uint32_t formatVersion = MODELC_ARTIFACT_FORMAT_VERSION) {
  modelc_artifact_footer_t footer;
  std::memset(&footer, 0, sizeof(footer));
  std::memcpy(footer.magic, MODELC_FOOTER_MAGIC, 8);
  std::memcpy(footer.end_magic, MODELC_FOOTER_MAGIC, 8);
  footer.payload_bytes = payload.size();
  footer.format_version = formatVersion;
  modelc::runtime::Sha256 hash;
  hash.update(payload.data(), payload.size());
  auto digest = hash.finish();
  std::memcpy(footer.sha256, digest.data(), 32);
  return payload +
         std::string(reinterpret_cast<const char *>(&footer), sizeof(footer));
}

/// A fixture library (see FixtureArtifact.c), sealed, in a temporary file.
/// The libraries are looked for in $MODELC_FIXTURE_DIR if set (the GPU
/// machine gets them in gpu/fixtures/), else in the build tree.
inline std::string
fixture(const std::string &variant,
        uint32_t footerVersion = MODELC_ARTIFACT_FORMAT_VERSION) {
  const char *dir = std::getenv("MODELC_FIXTURE_DIR");
  std::string bytes =
      readFile(std::string(dir && *dir ? dir : MODELC_FIXTURE_DIR) +
               "/libfixture_" + variant + ".so");
  return writeTemp(variant + "-v" + std::to_string(footerVersion) + ".so",
                   seal(bytes, footerVersion));
}

} // namespace modelc::test

#endif // MODELC_TEST_UNIT_RUNTIME_FIXTUREFILES_H

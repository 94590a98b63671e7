//===- ArtifactWriter.h - The compiled model as a shared library -*- C++
//-*-===//
//
// Part of the modelc project, under the Apache License v2.0 with LLVM
// Exceptions. SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Writes the artifact (see modelc/artifact_format.h): the descriptor
// `modelc_artifact` (signature, plan, weights) is emitted as LLVM globals next
// to the kernel code, compiled to an object, linked into a shared library by
// the system C compiler driver, and completed with a footer holding the
// SHA-256 of the file, which the runtime checks before loading. The result
// is written atomically; the same inputs give the same bytes.
//
//===----------------------------------------------------------------------===//

#ifndef MODELC_COMPILER_ARTIFACT_ARTIFACTWRITER_H
#define MODELC_COMPILER_ARTIFACT_ARTIFACTWRITER_H

#include "compiler/Plan/ExecutionPlan.h"

#include "mlir/IR/MLIRContext.h"
#include "llvm/IR/Module.h"

#include <string>

namespace mlir::modelc {

struct ArtifactInfo {
  modelc_artifact_target_kind_t targetKind = MODELC_ARTIFACT_TARGET_HOST;
  std::string target;      // LLVM triple (host) or "sm_89" (CUDA)
  std::string contentHash; // hex SHA-256
  std::string deviceCode;  // PTX for CUDA targets
};

/// The compiler's version string recorded in artifacts.
std::string getCompilerVersion();

/// SHA-256 (hex) over what determines an artifact: the plan, the weights,
/// and the kernel code (host kernels as LLVM bitcode).
std::string computeContentHash(const ExecutionPlan &plan,
                               const llvm::Module &kernels);
/// The same over device code (PTX) instead of host kernels.
std::string computeContentHash(const ExecutionPlan &plan, StringRef code);

/// Adds the exported descriptor `modelc_artifact` and the weights blob to
/// `module`, which holds the kernels (and, for the host, their entries).
void addArtifactDescriptor(llvm::Module &module, const ExecutionPlan &plan,
                           const ArtifactInfo &info);

/// Links `object` into a shared library, appends the footer and writes it
/// to `path` atomically. Uses `cc` (or $MODELC_CC).
LogicalResult linkArtifact(MLIRContext &context, ArrayRef<char> object,
                           StringRef path);

} // namespace mlir::modelc

#endif // MODELC_COMPILER_ARTIFACT_ARTIFACTWRITER_H

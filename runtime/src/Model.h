//===- Model.h - An opened artifact and a session over it -------*- C++ -*-===//
//
// Part of the modelc project, under the Apache License v2.0 with LLVM
// Exceptions. SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#ifndef MODELC_RUNTIME_MODEL_H
#define MODELC_RUNTIME_MODEL_H

#include "modelc/artifact_format.h"
#include "modelc/runtime.h"

#include <cstddef>
#include <mutex>
#include <string>
#include <vector>

struct modelc_model_s {
  /// The caller's reference plus one per live session.
  size_t references = 1;
  void *library = nullptr; // dlopen handle
  /// The artifact file, open while the library is loaded: it was loaded as
  /// /proc/self/fd/<fd>, and the dynamic loader matches loaded objects by
  /// name, so the number must not be reused meanwhile.
  int fd = -1;
  const modelc_artifact_t *artifact = nullptr;
  std::string path;
  std::vector<modelc_tensor_info_t> inputs, outputs;

  ~modelc_model_s();
};

namespace modelc::runtime {
struct CudaSession;
} // namespace modelc::runtime

struct modelc_session_s {
  modelc_model_t *model = nullptr;
  /// GPU artifacts: the device state (CudaSession.cpp); null for the host.
  modelc::runtime::CudaSession *cuda = nullptr;
  std::mutex runMutex;
  void *arena = nullptr;
  /// Scratch for a run (guarded by runMutex), sized once at creation so a
  /// run allocates nothing: the caller's tensor bound to each input and
  /// output, and the address of every step argument.
  std::vector<const modelc_tensor_t *> boundInputs, boundOutputs;
  std::vector<void *> argAddresses;
  /// Profiling (options.profile): per descriptor kernel, the summed time
  /// of its launches and their count (guarded by runMutex).
  bool profile = false;
  std::vector<double> kernelMs;
  std::vector<uint64_t> kernelLaunches;

  ~modelc_session_s();
};

namespace modelc::runtime {

/// Opens, checks and loads the artifact at `path` (see modelc_model_open).
modelc_status_t loadModel(const char *path, bool verifyIntegrity,
                          modelc_model_t **out);

/// Checks a loaded descriptor against itself: counts, indices, byte ranges,
/// dtypes and shapes, so a run can trust it. `what` names the artifact.
modelc_status_t validateDescriptor(const modelc_artifact_t &artifact,
                                   const char *what);

/// Allocates a session's memory.
modelc_status_t createSession(modelc_model_t *model,
                              const modelc_session_options_t &options,
                              modelc_session_t **out);

/// Validates and binds the caller's tensors, then runs the plan.
modelc_status_t runSession(modelc_session_t *session,
                           const modelc_tensor_t *inputs, size_t inputCount,
                           const modelc_tensor_t *outputs, size_t outputCount,
                           const modelc_run_options_t &options);

/// GPU sessions (CudaSession.cpp): creation with the device checks and
/// uploads, a run over the bound tensors, and destruction.
modelc_status_t createCudaSession(const modelc_model_t &model,
                                  const modelc_session_options_t &options,
                                  CudaSession **out);
modelc_status_t runCudaSession(modelc_session_t &session,
                               const modelc_run_options_t &options);
void destroyCudaSession(CudaSession *session);
modelc_status_t cudaDeviceAlloc(CudaSession &session, size_t bytes, void **out);
modelc_status_t cudaDeviceFree(CudaSession &session, void *pointer);
modelc_status_t cudaMemcpy(CudaSession &session, void *destination,
                           const void *source, size_t bytes);

/// Live-handle registry: handles are valid from their registration to their
/// release, and every entry point checks them.
enum class HandleKind { Model, Session };
void registerHandle(const void *handle, HandleKind kind);
bool isLiveHandle(const void *handle, HandleKind kind);
/// Removes `handle`; false if it was not a live handle of that kind.
bool releaseHandle(const void *handle, HandleKind kind);

/// Drops one reference to `model`, freeing it with the last one.
void unreferenceModel(modelc_model_t *model);
void referenceModel(modelc_model_t *model);

} // namespace modelc::runtime

#endif // MODELC_RUNTIME_MODEL_H

//===- Session.cpp - Run a compiled model's plan on the host --------------===//
//
// Part of the modelc project, under the Apache License v2.0 with LLVM
// Exceptions. SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "Model.h"
#include "Status.h"

#include <chrono>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <unordered_map>

using namespace modelc::runtime;

//===----------------------------------------------------------------------===//
// Handles
//===----------------------------------------------------------------------===//

namespace {

std::mutex &registryMutex() {
  static std::mutex mutex;
  return mutex;
}

std::unordered_map<const void *, HandleKind> &liveHandles() {
  static std::unordered_map<const void *, HandleKind> handles;
  return handles;
}

} // namespace

void modelc::runtime::registerHandle(const void *handle, HandleKind kind) {
  std::lock_guard<std::mutex> lock(registryMutex());
  liveHandles()[handle] = kind;
}

bool modelc::runtime::isLiveHandle(const void *handle, HandleKind kind) {
  if (!handle)
    return false;
  std::lock_guard<std::mutex> lock(registryMutex());
  auto it = liveHandles().find(handle);
  return it != liveHandles().end() && it->second == kind;
}

bool modelc::runtime::releaseHandle(const void *handle, HandleKind kind) {
  std::lock_guard<std::mutex> lock(registryMutex());
  auto it = liveHandles().find(handle);
  if (it == liveHandles().end() || it->second != kind)
    return false;
  liveHandles().erase(it);
  return true;
}

void modelc::runtime::referenceModel(modelc_model_t *model) {
  std::lock_guard<std::mutex> lock(registryMutex());
  ++model->references;
}

void modelc::runtime::unreferenceModel(modelc_model_t *model) {
  bool last;
  {
    std::lock_guard<std::mutex> lock(registryMutex());
    last = --model->references == 0;
  }
  if (last)
    delete model;
}

//===----------------------------------------------------------------------===//
// Sessions
//===----------------------------------------------------------------------===//

modelc_session_s::~modelc_session_s() {
  if (cuda)
    destroyCudaSession(cuda);
  std::free(arena);
  if (model)
    unreferenceModel(model);
}

modelc_status_t
modelc::runtime::createSession(modelc_model_t *model,
                               const modelc_session_options_t &options,
                               modelc_session_t **out) {
  const modelc_artifact_t &a = *model->artifact;
  auto session = std::make_unique<modelc_session_s>();
  if (a.target_kind == MODELC_ARTIFACT_TARGET_CUDA) {
    if (modelc_status_t status =
            createCudaSession(*model, options, &session->cuda))
      return status;
  } else if (a.arena_bytes) {
    // aligned_alloc wants a multiple of the alignment.
    uint64_t bytes =
        (a.arena_bytes + a.alignment - 1) / a.alignment * uint64_t(a.alignment);
    if (bytes < a.arena_bytes ||
        !(session->arena = std::aligned_alloc(a.alignment, bytes)))
      return makeStatus(MODELC_STATUS_RESOURCE_EXHAUSTED,
                        "cannot allocate the %llu-byte activation arena of "
                        "'%s'",
                        (unsigned long long)a.arena_bytes, model->path.c_str());
  }
  session->profile = options.profile != 0;
  if (session->profile) {
    session->kernelMs.assign(a.num_kernels, 0.0);
    session->kernelLaunches.assign(a.num_kernels, 0);
  }
  session->boundInputs.resize(a.num_inputs);
  session->boundOutputs.resize(a.num_outputs);
  session->argAddresses.resize(a.num_args);
  referenceModel(model);
  session->model = model;
  *out = session.release();
  return nullptr;
}

namespace {

/// Matches the caller's tensors to the model's inputs (or outputs): a named
/// tensor by its name, an unnamed one by its position. Each must be bound
/// exactly once and agree with the model in dtype, shape and byte size.
modelc_status_t bindTensors(const std::vector<modelc_tensor_info_t> &expected,
                            const modelc_tensor_t *given, size_t count,
                            const char *role,
                            std::vector<const modelc_tensor_t *> &bound) {
  if (count != expected.size())
    return makeStatus(MODELC_STATUS_INVALID_ARGUMENT,
                      "the model has %zu %ss, %zu were given", expected.size(),
                      role, count);
  if (count && !given)
    return makeStatus(MODELC_STATUS_INVALID_ARGUMENT, "the %s array is NULL",
                      role);
  std::fill(bound.begin(), bound.end(), nullptr);
  for (size_t i = 0; i < count; ++i) {
    const modelc_tensor_t &t = given[i];
    size_t index = i;
    if (t.name) {
      index = expected.size();
      for (size_t j = 0; j < expected.size(); ++j)
        if (std::strcmp(expected[j].name, t.name) == 0)
          index = j;
      if (index == expected.size())
        return makeStatus(MODELC_STATUS_INVALID_ARGUMENT,
                          "the model has no %s named '%s'", role, t.name);
    }
    const modelc_tensor_info_t &e = expected[index];
    if (bound[index])
      return makeStatus(MODELC_STATUS_INVALID_ARGUMENT,
                        "%s '%s' is given twice", role, e.name);
    bound[index] = &t;
    if (t.dtype != e.dtype)
      return makeStatus(MODELC_STATUS_INVALID_ARGUMENT,
                        "%s '%s' has dtype %s, the model expects %s", role,
                        e.name, modelc_dtype_name(t.dtype),
                        modelc_dtype_name(e.dtype));
    if (t.rank != e.rank || (t.rank > 0 && !t.dims) ||
        (t.rank > 0 &&
         std::memcmp(t.dims, e.dims, sizeof(int64_t) * size_t(t.rank)) != 0))
      return makeStatus(MODELC_STATUS_INVALID_ARGUMENT,
                        "%s '%s' has shape %s, the model expects %s", role,
                        e.name,
                        t.rank > 0 && !t.dims ? "(rank > 0, dims NULL)"
                        : t.rank < 0          ? "(negative rank)"
                                     : formatDims(t.dims, t.rank).c_str(),
                        formatDims(e.dims, e.rank).c_str());
    if (t.bytes != e.bytes)
      return makeStatus(MODELC_STATUS_INVALID_ARGUMENT,
                        "%s '%s' has %zu bytes, the model expects %zu", role,
                        e.name, t.bytes, e.bytes);
    if (e.bytes && !t.data)
      return makeStatus(MODELC_STATUS_INVALID_ARGUMENT, "%s '%s' has NULL data",
                        role, e.name);
    size_t elementBytes = modelc_dtype_size(e.dtype);
    if (reinterpret_cast<uintptr_t>(t.data) % elementBytes != 0)
      return makeStatus(MODELC_STATUS_INVALID_ARGUMENT,
                        "%s '%s' data is not aligned to its %zu-byte elements",
                        role, e.name, elementBytes);
  }
  return nullptr;
}

bool overlaps(const modelc_tensor_t *a, const modelc_tensor_t *b) {
  if (!a->bytes || !b->bytes)
    return false;
  auto a0 = reinterpret_cast<uintptr_t>(a->data);
  auto b0 = reinterpret_cast<uintptr_t>(b->data);
  return a0 < b0 + b->bytes && b0 < a0 + a->bytes;
}

} // namespace

modelc_status_t
modelc::runtime::runSession(modelc_session_t *session,
                            const modelc_tensor_t *inputs, size_t inputCount,
                            const modelc_tensor_t *outputs, size_t outputCount,
                            const modelc_run_options_t &options) {
  std::lock_guard<std::mutex> lock(session->runMutex);
  modelc_model_t &model = *session->model;
  const modelc_artifact_t &a = *model.artifact;
  if (modelc_status_t status = bindTensors(model.inputs, inputs, inputCount,
                                           "input", session->boundInputs))
    return status;
  if (modelc_status_t status = bindTensors(model.outputs, outputs, outputCount,
                                           "output", session->boundOutputs))
    return status;
  for (size_t o = 0; o < outputCount; ++o) {
    const modelc_tensor_t *out = session->boundOutputs[o];
    for (size_t i = 0; i < inputCount; ++i)
      if (overlaps(out, session->boundInputs[i]))
        return makeStatus(MODELC_STATUS_INVALID_ARGUMENT,
                          "output '%s' overlaps input '%s'",
                          model.outputs[o].name, model.inputs[i].name);
    for (size_t p = 0; p < o; ++p)
      if (overlaps(out, session->boundOutputs[p]))
        return makeStatus(MODELC_STATUS_INVALID_ARGUMENT,
                          "outputs '%s' and '%s' overlap",
                          model.outputs[p].name, model.outputs[o].name);
  }

  if (session->cuda)
    return runCudaSession(*session, options);

  // Resolve every step argument to an address.
  for (uint32_t i = 0; i < a.num_args; ++i) {
    const modelc_artifact_buffer_t &b = a.args[i];
    char *base = nullptr;
    switch (b.kind) {
    case MODELC_BUFFER_INPUT:
      base = static_cast<char *>(session->boundInputs[b.index]->data);
      break;
    case MODELC_BUFFER_OUTPUT:
      base = static_cast<char *>(session->boundOutputs[b.index]->data);
      break;
    case MODELC_BUFFER_ARENA:
      base = static_cast<char *>(session->arena);
      break;
    case MODELC_BUFFER_WEIGHTS:
      base = static_cast<char *>(const_cast<void *>(a.weights));
      break;
    }
    session->argAddresses[i] = base ? base + b.offset : nullptr;
  }
  for (uint32_t s = 0; s < a.num_steps; ++s) {
    const modelc_artifact_step_t &step = a.steps[s];
    void *const *args = session->argAddresses.data() + step.first_arg;
    if (step.kind == MODELC_STEP_KERNEL) {
      // The clock is read only when profiling.
      auto start = session->profile ? std::chrono::steady_clock::now()
                                    : std::chrono::steady_clock::time_point();
      a.kernels[step.kernel].host_entry(args);
      if (session->profile) {
        session->kernelMs[step.kernel] +=
            std::chrono::duration<double, std::milli>(
                std::chrono::steady_clock::now() - start)
                .count();
        ++session->kernelLaunches[step.kernel];
      }
    } else if (uint64_t bytes = a.args[step.first_arg].bytes)
      std::memmove(args[0], args[1], bytes);
  }
  return nullptr;
}

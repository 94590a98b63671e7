//===- CApi.cpp - The runtime's C entry points ----------------------------===//
//
// Part of the modelc project, under the Apache License v2.0 with LLVM
// Exceptions. SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Every entry point checks its arguments and handles, and catches whatever
// the C++ inside throws, so nothing but a status crosses the C boundary.
//
//===----------------------------------------------------------------------===//

#include "Model.h"
#include "Status.h"

#include <new>
#include <string_view>

using namespace modelc::runtime;

namespace {

/// Runs `body`, turning any exception into a status.
template <typename Body>
modelc_status_t guarded(const char *function, Body &&body) {
  try {
    return body();
  } catch (const std::bad_alloc &) {
    return makeStatus(MODELC_STATUS_RESOURCE_EXHAUSTED,
                      "%s: out of host memory", function);
  } catch (const std::exception &e) {
    return makeStatus(MODELC_STATUS_INTERNAL, "%s: %s", function, e.what());
  } catch (...) {
    return makeStatus(MODELC_STATUS_INTERNAL, "%s: unknown error", function);
  }
}

modelc_status_t nullArgument(const char *function, const char *argument) {
  return makeStatus(MODELC_STATUS_INVALID_ARGUMENT, "%s: %s is NULL", function,
                    argument);
}

modelc_status_t staleModel(const char *function) {
  return makeStatus(MODELC_STATUS_INVALID_ARGUMENT,
                    "%s: the model handle is NULL, closed or not a model",
                    function);
}

modelc_status_t staleSession(const char *function) {
  return makeStatus(MODELC_STATUS_INVALID_ARGUMENT,
                    "%s: the session handle is NULL, destroyed or not a "
                    "session",
                    function);
}

const modelc_model_t *liveModel(const modelc_model_t *model) {
  return isLiveHandle(model, HandleKind::Model) ? model : nullptr;
}

modelc_status_t tensorInfo(const modelc_model_t *model, size_t index,
                           modelc_tensor_info_t *out, bool input,
                           const char *function) {
  if (!liveModel(model))
    return staleModel(function);
  if (!out)
    return nullArgument(function, "out_info");
  const auto &list = input ? model->inputs : model->outputs;
  if (index >= list.size())
    return makeStatus(MODELC_STATUS_INVALID_ARGUMENT,
                      "%s: index %zu is out of range (the model has %zu %ss)",
                      function, index, list.size(), input ? "input" : "output");
  *out = list[index];
  return nullptr;
}

modelc_status_t findTensor(const modelc_model_t *model, const char *name,
                           size_t *out, bool input, const char *function) {
  if (!liveModel(model))
    return staleModel(function);
  if (!name)
    return nullArgument(function, "name");
  if (!out)
    return nullArgument(function, "out_index");
  const auto &list = input ? model->inputs : model->outputs;
  for (size_t i = 0; i < list.size(); ++i)
    if (std::string_view(list[i].name) == name) {
      *out = i;
      return nullptr;
    }
  return makeStatus(MODELC_STATUS_NOT_FOUND,
                    "%s: the model has no %s named "
                    "'%s'",
                    function, input ? "input" : "output", name);
}

} // namespace

//===----------------------------------------------------------------------===//
// Statuses and dtypes
//===----------------------------------------------------------------------===//

modelc_status_code_t modelc_status_code(modelc_status_t status) {
  return status ? status->code : MODELC_STATUS_OK;
}

const char *modelc_status_message(modelc_status_t status) {
  return status ? status->message.c_str() : "OK";
}

void modelc_status_free(modelc_status_t status) {
  if (!isStaticStatus(status))
    delete status;
}

const char *modelc_status_code_name(modelc_status_code_t code) {
  switch (code) {
  case MODELC_STATUS_OK:
    return "OK";
  case MODELC_STATUS_INVALID_ARGUMENT:
    return "INVALID_ARGUMENT";
  case MODELC_STATUS_NOT_FOUND:
    return "NOT_FOUND";
  case MODELC_STATUS_INCOMPATIBLE:
    return "INCOMPATIBLE";
  case MODELC_STATUS_CORRUPT:
    return "CORRUPT";
  case MODELC_STATUS_UNAVAILABLE:
    return "UNAVAILABLE";
  case MODELC_STATUS_RESOURCE_EXHAUSTED:
    return "RESOURCE_EXHAUSTED";
  case MODELC_STATUS_DEVICE_FAULT:
    return "DEVICE_FAULT";
  case MODELC_STATUS_INTERNAL:
    return "INTERNAL";
  default:
    return "UNKNOWN";
  }
}

size_t modelc_dtype_size(modelc_dtype_t dtype) {
  switch (dtype) {
#define MODELC_DTYPE(NAME, VALUE, BYTES, MLIR)                                 \
  case MODELC_DTYPE_##NAME:                                                    \
    return BYTES;
#include "modelc/dtype.def"
#undef MODELC_DTYPE
  default:
    return 0;
  }
}

const char *modelc_dtype_name(modelc_dtype_t dtype) {
  switch (dtype) {
#define MODELC_DTYPE(NAME, VALUE, BYTES, MLIR)                                 \
  case MODELC_DTYPE_##NAME:                                                    \
    return #NAME;
#include "modelc/dtype.def"
#undef MODELC_DTYPE
  default:
    return "UNDEFINED";
  }
}

//===----------------------------------------------------------------------===//
// Models
//===----------------------------------------------------------------------===//

void modelc_model_options_init(modelc_model_options_t *options) {
  if (options)
    options->verify_integrity = 1;
}

modelc_status_t modelc_model_open(const char *path,
                                  const modelc_model_options_t *options,
                                  modelc_model_t **out_model) {
  const char *function = "modelc_model_open";
  if (!out_model)
    return nullArgument(function, "out_model");
  *out_model = nullptr;
  if (!path)
    return nullArgument(function, "path");
  modelc_model_options_t defaults;
  modelc_model_options_init(&defaults);
  if (!options)
    options = &defaults;
  return guarded(function, [&]() -> modelc_status_t {
    modelc_model_t *model = nullptr;
    if (modelc_status_t status =
            loadModel(path, options->verify_integrity != 0, &model))
      return status;
    registerHandle(model, HandleKind::Model);
    *out_model = model;
    return nullptr;
  });
}

void modelc_model_close(modelc_model_t *model) {
  if (model && releaseHandle(model, HandleKind::Model))
    unreferenceModel(model);
}

size_t modelc_model_input_count(const modelc_model_t *model) {
  return liveModel(model) ? model->inputs.size() : 0;
}

size_t modelc_model_output_count(const modelc_model_t *model) {
  return liveModel(model) ? model->outputs.size() : 0;
}

modelc_status_t modelc_model_input_info(const modelc_model_t *model,
                                        size_t index,
                                        modelc_tensor_info_t *out_info) {
  return tensorInfo(model, index, out_info, /*input=*/true,
                    "modelc_model_input_info");
}

modelc_status_t modelc_model_output_info(const modelc_model_t *model,
                                         size_t index,
                                         modelc_tensor_info_t *out_info) {
  return tensorInfo(model, index, out_info, /*input=*/false,
                    "modelc_model_output_info");
}

modelc_status_t modelc_model_find_input(const modelc_model_t *model,
                                        const char *name, size_t *out_index) {
  return findTensor(model, name, out_index, /*input=*/true,
                    "modelc_model_find_input");
}

modelc_status_t modelc_model_find_output(const modelc_model_t *model,
                                         const char *name, size_t *out_index) {
  return findTensor(model, name, out_index, /*input=*/false,
                    "modelc_model_find_output");
}

modelc_status_t
modelc_model_properties(const modelc_model_t *model,
                        modelc_model_properties_t *out_properties) {
  const char *function = "modelc_model_properties";
  if (!liveModel(model))
    return staleModel(function);
  if (!out_properties)
    return nullArgument(function, "out_properties");
  const modelc_artifact_t &a = *model->artifact;
  *out_properties = modelc_model_properties_t{
      a.model_name,     a.target,      a.compiler_version, a.content_hash,
      a.format_version, a.num_kernels, a.arena_bytes,      a.weights_bytes};
  return nullptr;
}

//===----------------------------------------------------------------------===//
// Sessions
//===----------------------------------------------------------------------===//

void modelc_session_options_init(modelc_session_options_t *options) {
  if (!options)
    return;
  options->device_ordinal = 0;
  options->cuda_graph = 1;
  options->synchronize_each_kernel = 0;
  options->profile = 0;
}

void modelc_run_options_init(modelc_run_options_t *options) {
  if (!options)
    return;
  options->cuda_stream = nullptr;
  options->synchronize = 1;
}

modelc_status_t modelc_session_create(modelc_model_t *model,
                                      const modelc_session_options_t *options,
                                      modelc_session_t **out_session) {
  const char *function = "modelc_session_create";
  if (!out_session)
    return nullArgument(function, "out_session");
  *out_session = nullptr;
  if (!liveModel(model))
    return staleModel(function);
  if (options && options->device_ordinal < 0)
    return makeStatus(MODELC_STATUS_INVALID_ARGUMENT,
                      "%s: device_ordinal %d is negative", function,
                      options->device_ordinal);
  modelc_session_options_t defaults;
  modelc_session_options_init(&defaults);
  return guarded(function, [&]() -> modelc_status_t {
    modelc_session_t *session = nullptr;
    if (modelc_status_t status =
            createSession(model, options ? *options : defaults, &session))
      return status;
    registerHandle(session, HandleKind::Session);
    *out_session = session;
    return nullptr;
  });
}

void modelc_session_destroy(modelc_session_t *session) {
  if (session && releaseHandle(session, HandleKind::Session))
    delete session;
}

modelc_status_t modelc_session_run(modelc_session_t *session,
                                   const modelc_tensor_t *inputs,
                                   size_t input_count,
                                   const modelc_tensor_t *outputs,
                                   size_t output_count) {
  return modelc_session_run_with_options(session, inputs, input_count, outputs,
                                         output_count, nullptr);
}

modelc_status_t modelc_session_run_with_options(
    modelc_session_t *session, const modelc_tensor_t *inputs,
    size_t input_count, const modelc_tensor_t *outputs, size_t output_count,
    const modelc_run_options_t *options) {
  const char *function = "modelc_session_run";
  if (!isLiveHandle(session, HandleKind::Session))
    return staleSession(function);
  modelc_run_options_t defaults;
  modelc_run_options_init(&defaults);
  return guarded(function, [&] {
    return runSession(session, inputs, input_count, outputs, output_count,
                      options ? *options : defaults);
  });
}

modelc_status_t modelc_session_kernel_profile(modelc_session_t *session,
                                              uint32_t index,
                                              modelc_kernel_profile_t *out) {
  const char *function = "modelc_session_kernel_profile";
  if (!out)
    return nullArgument(function, "out_profile");
  if (!isLiveHandle(session, HandleKind::Session))
    return staleSession(function);
  if (!session->profile)
    return makeStatus(MODELC_STATUS_INVALID_ARGUMENT,
                      "%s: the session was created without the profile option",
                      function);
  const modelc_artifact_t &a = *session->model->artifact;
  if (index >= a.num_kernels)
    return makeStatus(MODELC_STATUS_INVALID_ARGUMENT,
                      "%s: kernel %u of a model with %u kernels", function,
                      index, a.num_kernels);
  std::lock_guard<std::mutex> lock(session->runMutex);
  const modelc_artifact_kernel_t &k = a.kernels[index];
  *out = {k.name, k.onnx_nodes ? k.onnx_nodes : "", k.flops,
          session->kernelLaunches[index], session->kernelMs[index]};
  return nullptr;
}

namespace {
/// The GPU state of a live session, or a status saying why there is none.
modelc_status_t gpuSession(modelc_session_t *session, const char *function,
                           CudaSession **out) {
  if (!isLiveHandle(session, HandleKind::Session))
    return staleSession(function);
  if (!session->cuda)
    return makeStatus(MODELC_STATUS_INVALID_ARGUMENT,
                      "%s: the session runs a host artifact; it has no "
                      "device memory",
                      function);
  *out = session->cuda;
  return nullptr;
}
} // namespace

modelc_status_t modelc_session_device_alloc(modelc_session_t *session,
                                            size_t bytes, void **out_pointer) {
  const char *function = "modelc_session_device_alloc";
  if (!out_pointer)
    return nullArgument(function, "out_pointer");
  *out_pointer = nullptr;
  CudaSession *cuda = nullptr;
  if (modelc_status_t status = gpuSession(session, function, &cuda))
    return status;
  return guarded(function,
                 [&] { return cudaDeviceAlloc(*cuda, bytes, out_pointer); });
}

modelc_status_t modelc_session_device_free(modelc_session_t *session,
                                           void *pointer) {
  const char *function = "modelc_session_device_free";
  CudaSession *cuda = nullptr;
  if (modelc_status_t status = gpuSession(session, function, &cuda))
    return status;
  if (!pointer)
    return nullptr;
  return guarded(function, [&] { return cudaDeviceFree(*cuda, pointer); });
}

modelc_status_t modelc_session_memcpy(modelc_session_t *session,
                                      void *destination, const void *source,
                                      size_t bytes) {
  const char *function = "modelc_session_memcpy";
  CudaSession *cuda = nullptr;
  if (modelc_status_t status = gpuSession(session, function, &cuda))
    return status;
  if (bytes && (!destination || !source))
    return nullArgument(function, destination ? "source" : "destination");
  return guarded(function,
                 [&] { return cudaMemcpy(*cuda, destination, source, bytes); });
}

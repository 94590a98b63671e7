//===- modelc/runtime.hpp - C++ wrapper of the modelc runtime ---*- C++ -*-===//
//
// Part of the modelc project, under the Apache License v2.0 with LLVM
// Exceptions. SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// RAII owners for the handles of modelc/runtime.h. Header-only, C++17, no
// exceptions: fallible calls return a modelc::Status, which is true on
// success.
//
//   modelc::Model model;
//   if (modelc::Status s = modelc::Model::open("resnet50.so", model); !s)
//     std::fprintf(stderr, "%s\n", s.message());
//   modelc::Session session;
//   modelc::Session::create(model, session);
//   session.run(inputs, 1, outputs, 1);
//
// Ownership and thread safety are those of the C API: a Model may be shared
// by threads; a Session serializes its runs.
//
//===----------------------------------------------------------------------===//

#ifndef MODELC_RUNTIME_HPP
#define MODELC_RUNTIME_HPP

#include "modelc/runtime.h"

#include <cstddef>
#include <utility>

namespace modelc {

/// Owns a modelc_status_t. True when OK.
class Status {
public:
  Status() = default;
  explicit Status(modelc_status_t status) : status(status) {}
  Status(Status &&other) noexcept : status(std::exchange(other.status, {})) {}
  Status &operator=(Status &&other) noexcept {
    std::swap(status, other.status);
    return *this;
  }
  Status(const Status &) = delete;
  Status &operator=(const Status &) = delete;
  ~Status() { modelc_status_free(status); }

  bool ok() const { return status == nullptr; }
  explicit operator bool() const { return ok(); }
  modelc_status_code_t code() const { return modelc_status_code(status); }
  const char *codeName() const { return modelc_status_code_name(code()); }
  const char *message() const { return modelc_status_message(status); }

private:
  modelc_status_t status = nullptr;
};

/// Owns a reference to an opened artifact.
class Model {
public:
  Model() = default;
  Model(Model &&other) noexcept : model(std::exchange(other.model, {})) {}
  Model &operator=(Model &&other) noexcept {
    std::swap(model, other.model);
    return *this;
  }
  Model(const Model &) = delete;
  Model &operator=(const Model &) = delete;
  ~Model() { modelc_model_close(model); }

  /// Opens `path` into `out` (replacing what `out` held).
  static Status open(const char *path, Model &out,
                     const modelc_model_options_t *options = nullptr) {
    modelc_model_t *handle = nullptr;
    Status status(modelc_model_open(path, options, &handle));
    if (status)
      out = Model(handle);
    return status;
  }

  bool valid() const { return model != nullptr; }
  modelc_model_t *get() const { return model; }

  size_t inputCount() const { return modelc_model_input_count(model); }
  size_t outputCount() const { return modelc_model_output_count(model); }
  Status inputInfo(size_t index, modelc_tensor_info_t &info) const {
    return Status(modelc_model_input_info(model, index, &info));
  }
  Status outputInfo(size_t index, modelc_tensor_info_t &info) const {
    return Status(modelc_model_output_info(model, index, &info));
  }
  Status properties(modelc_model_properties_t &properties) const {
    return Status(modelc_model_properties(model, &properties));
  }

private:
  explicit Model(modelc_model_t *model) : model(model) {}
  modelc_model_t *model = nullptr;
};

/// Owns a session (its arena). Keeps its model alive.
class Session {
public:
  Session() = default;
  Session(Session &&other) noexcept
      : session(std::exchange(other.session, {})) {}
  Session &operator=(Session &&other) noexcept {
    std::swap(session, other.session);
    return *this;
  }
  Session(const Session &) = delete;
  Session &operator=(const Session &) = delete;
  ~Session() { modelc_session_destroy(session); }

  static Status create(const Model &model, Session &out,
                       const modelc_session_options_t *options = nullptr) {
    modelc_session_t *handle = nullptr;
    Status status(modelc_session_create(model.get(), options, &handle));
    if (status)
      out = Session(handle);
    return status;
  }

  bool valid() const { return session != nullptr; }
  modelc_session_t *get() const { return session; }

  Status run(const modelc_tensor_t *inputs, size_t inputCount,
             const modelc_tensor_t *outputs, size_t outputCount,
             const modelc_run_options_t *options = nullptr) {
    return Status(modelc_session_run_with_options(
        session, inputs, inputCount, outputs, outputCount, options));
  }

  /// Kernel `index`'s timings (a session created with `profile` set).
  Status kernelProfile(uint32_t index, modelc_kernel_profile_t &out) {
    return Status(modelc_session_kernel_profile(session, index, &out));
  }

private:
  explicit Session(modelc_session_t *session) : session(session) {}
  modelc_session_t *session = nullptr;
};

} // namespace modelc

#endif // MODELC_RUNTIME_HPP

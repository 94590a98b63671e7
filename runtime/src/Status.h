//===- Status.h - Statuses of the runtime's C API ---------------*- C++ -*-===//
//
// Part of the modelc project, under the Apache License v2.0 with LLVM
// Exceptions. SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#ifndef MODELC_RUNTIME_STATUS_H
#define MODELC_RUNTIME_STATUS_H

#include "modelc/runtime.h"

#include <cstdint>
#include <string>

struct modelc_status_s {
  modelc_status_code_t code;
  std::string message;
};

namespace modelc::runtime {

/// A status with a printf-style message. Never throws: if the status cannot
/// be allocated, returns a shared static "out of memory" status, which
/// modelc_status_free() ignores.
modelc_status_t makeStatus(modelc_status_code_t code, const char *format, ...)
    __attribute__((format(printf, 2, 3)));

/// Whether `status` is the static out-of-memory status.
bool isStaticStatus(modelc_status_t status);

/// "[1,3,224,224]".
std::string formatDims(const int64_t *dims, int32_t rank);

} // namespace modelc::runtime

#endif // MODELC_RUNTIME_STATUS_H

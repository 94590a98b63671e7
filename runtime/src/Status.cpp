//===- Status.cpp - Statuses of the runtime's C API -----------------------===//
//
// Part of the modelc project, under the Apache License v2.0 with LLVM
// Exceptions. SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "Status.h"

#include <cstdarg>
#include <cstdio>
#include <new>

using namespace modelc::runtime;

namespace {
modelc_status_s outOfMemory{MODELC_STATUS_RESOURCE_EXHAUSTED,
                            "out of host memory"};
} // namespace

modelc_status_t modelc::runtime::makeStatus(modelc_status_code_t code,
                                            const char *format, ...) {
  char buffer[1024];
  va_list args;
  va_start(args, format);
  std::vsnprintf(buffer, sizeof(buffer), format, args);
  va_end(args);
  try {
    return new modelc_status_s{code, buffer};
  } catch (...) {
    return &outOfMemory;
  }
}

bool modelc::runtime::isStaticStatus(modelc_status_t status) {
  return status == &outOfMemory;
}

std::string modelc::runtime::formatDims(const int64_t *dims, int32_t rank) {
  std::string text = "[";
  for (int32_t i = 0; i < rank; ++i) {
    if (i)
      text += ",";
    text += std::to_string(dims[i]);
  }
  return text + "]";
}

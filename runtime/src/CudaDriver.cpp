//===- CudaDriver.cpp - The CUDA driver API, loaded at run time -----------===//
//
// Part of the modelc project, under the Apache License v2.0 with LLVM
// Exceptions. SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "CudaDriver.h"
#include "Status.h"

#include <cstdlib>
#include <cstring>
#include <dlfcn.h>
#include <mutex>
#include <string>

using namespace modelc::runtime;

namespace {

struct LoadedDriver {
  CudaDriver driver{};
  /// Empty when loaded; else why not, and the status code to report.
  std::string error;
  modelc_status_code_t code = MODELC_STATUS_OK;
};

LoadedDriver load() {
  LoadedDriver loaded;
  const char *name = std::getenv("MODELC_LIBCUDA");
  if (!name || !*name)
    name = "libcuda.so.1";
  // Never closed: the driver stays for the life of the process.
  void *library = ::dlopen(name, RTLD_NOW | RTLD_LOCAL);
  if (!library) {
    const char *error = ::dlerror();
    loaded.code = MODELC_STATUS_UNAVAILABLE;
    loaded.error = std::string("cannot load the CUDA driver (") + name +
                   "): " + (error ? error : "unknown error") +
                   "; GPU artifacts need an NVIDIA GPU and its driver";
    return loaded;
  }
  CudaDriver &d = loaded.driver;
  const char *missing = nullptr;
#define MODELC_RESOLVE(FIELD, SYMBOL)                                          \
  if (!missing && !resolve(library, SYMBOL, d.FIELD))                          \
    missing = SYMBOL;
  MODELC_RESOLVE(cuInit, "cuInit")
  MODELC_RESOLVE(cuDriverGetVersion, "cuDriverGetVersion")
  MODELC_RESOLVE(cuGetErrorName, "cuGetErrorName")
  MODELC_RESOLVE(cuGetErrorString, "cuGetErrorString")
  MODELC_RESOLVE(cuDeviceGetCount, "cuDeviceGetCount")
  MODELC_RESOLVE(cuDeviceGet, "cuDeviceGet")
  MODELC_RESOLVE(cuDeviceGetName, "cuDeviceGetName")
  MODELC_RESOLVE(cuDeviceGetAttribute, "cuDeviceGetAttribute")
  MODELC_RESOLVE(cuDevicePrimaryCtxRetain, "cuDevicePrimaryCtxRetain")
  MODELC_RESOLVE(cuDevicePrimaryCtxRelease, "cuDevicePrimaryCtxRelease_v2")
  MODELC_RESOLVE(cuCtxPushCurrent, "cuCtxPushCurrent_v2")
  MODELC_RESOLVE(cuCtxPopCurrent, "cuCtxPopCurrent_v2")
  MODELC_RESOLVE(cuModuleLoadDataEx, "cuModuleLoadDataEx")
  MODELC_RESOLVE(cuModuleUnload, "cuModuleUnload")
  MODELC_RESOLVE(cuModuleGetFunction, "cuModuleGetFunction")
  MODELC_RESOLVE(cuMemAlloc, "cuMemAlloc_v2")
  MODELC_RESOLVE(cuMemFree, "cuMemFree_v2")
  MODELC_RESOLVE(cuMemcpy, "cuMemcpy")
  MODELC_RESOLVE(cuMemcpyHtoD, "cuMemcpyHtoD_v2")
  MODELC_RESOLVE(cuMemcpyHtoDAsync, "cuMemcpyHtoDAsync_v2")
  MODELC_RESOLVE(cuMemcpyDtoHAsync, "cuMemcpyDtoHAsync_v2")
  MODELC_RESOLVE(cuMemcpyDtoDAsync, "cuMemcpyDtoDAsync_v2")
  MODELC_RESOLVE(cuPointerGetAttribute, "cuPointerGetAttribute")
  MODELC_RESOLVE(cuStreamCreate, "cuStreamCreate")
  MODELC_RESOLVE(cuStreamDestroy, "cuStreamDestroy_v2")
  MODELC_RESOLVE(cuStreamSynchronize, "cuStreamSynchronize")
  MODELC_RESOLVE(cuLaunchKernel, "cuLaunchKernel")
  MODELC_RESOLVE(cuStreamBeginCapture, "cuStreamBeginCapture_v2")
  MODELC_RESOLVE(cuStreamEndCapture, "cuStreamEndCapture")
  MODELC_RESOLVE(cuGraphInstantiateWithFlags, "cuGraphInstantiateWithFlags")
  MODELC_RESOLVE(cuGraphLaunch, "cuGraphLaunch")
  MODELC_RESOLVE(cuGraphExecDestroy, "cuGraphExecDestroy")
  MODELC_RESOLVE(cuGraphDestroy, "cuGraphDestroy")
  MODELC_RESOLVE(cuEventCreate, "cuEventCreate")
  MODELC_RESOLVE(cuEventDestroy, "cuEventDestroy_v2")
  MODELC_RESOLVE(cuEventRecord, "cuEventRecord")
  MODELC_RESOLVE(cuEventElapsedTime, "cuEventElapsedTime")
#undef MODELC_RESOLVE
  if (missing) {
    loaded.code = MODELC_STATUS_UNAVAILABLE;
    loaded.error = std::string("the CUDA driver (") + name + ") lacks " +
                   missing + "; modelc needs a driver for CUDA 12 or later";
    return loaded;
  }
  if (CUresult r = d.cuInit(0)) {
    loaded.code = MODELC_STATUS_UNAVAILABLE;
    loaded.error =
        "cannot initialize the CUDA driver: " + describeCudaError(d, r) +
        (r == CUDA_ERROR_NO_DEVICE ? " (no GPU is visible)" : "");
    return loaded;
  }
  if (CUresult r = d.cuDriverGetVersion(&d.driverVersion)) {
    loaded.code = MODELC_STATUS_UNAVAILABLE;
    loaded.error =
        "cannot read the CUDA driver version: " + describeCudaError(d, r);
  }
  return loaded;
}

} // namespace

modelc_status_t modelc::runtime::getCudaDriver(const CudaDriver **out) {
  static LoadedDriver *loaded = nullptr;
  static std::once_flag once;
  std::call_once(once, [] { loaded = new LoadedDriver(load()); });
  if (loaded->code != MODELC_STATUS_OK)
    return makeStatus(loaded->code, "%s", loaded->error.c_str());
  *out = &loaded->driver;
  return nullptr;
}

std::string modelc::runtime::describeCudaError(const CudaDriver &driver,
                                               CUresult result) {
  const char *name = nullptr, *text = nullptr;
  if (driver.cuGetErrorName)
    driver.cuGetErrorName(result, &name);
  if (driver.cuGetErrorString)
    driver.cuGetErrorString(result, &text);
  std::string s = name ? name : "CUDA error " + std::to_string(result);
  if (text)
    s += std::string(": ") + text;
  return s;
}

unsigned modelc::runtime::parseCudaTarget(const char *target) {
  if (!target || std::strncmp(target, "sm_", 3) != 0)
    return 0;
  unsigned value = 0;
  const char *p = target + 3;
  if (!*p)
    return 0;
  for (; *p; ++p) {
    if (*p < '0' || *p > '9' || value > 10000)
      return 0;
    value = value * 10 + unsigned(*p - '0');
  }
  return value >= 10 ? value : 0;
}

int modelc::runtime::getDriverVersionForPTX(unsigned version) {
  unsigned major = version / 10, minor = version % 10;
  if (major == 7)
    return 11000 + 10 * int(minor); // PTX 7.0 is CUDA 11.0 ... 7.8 is 11.8
  if (major == 8) {
    // PTX 8.0-8.5 are CUDA 12.0-12.5; 8.6 is 12.7, 8.7 12.8, 8.8 12.9.
    static const int versions[] = {12000, 12010, 12020, 12030, 12040,
                                   12050, 12070, 12080, 12090};
    return minor < 9 ? versions[minor] : 0;
  }
  if (major == 9)
    return 13000 + 10 * int(minor);
  return major < 7 ? 10000 : 0;
}

unsigned modelc::runtime::getPTXVersion(const char *ptx) {
  const char *at = std::strstr(ptx, ".version ");
  if (!at)
    return 0;
  unsigned major = 0, minor = 0;
  const char *p = at + 9;
  while (*p >= '0' && *p <= '9')
    major = major * 10 + unsigned(*p++ - '0');
  if (*p++ != '.')
    return 0;
  while (*p >= '0' && *p <= '9')
    minor = minor * 10 + unsigned(*p++ - '0');
  return major * 10 + minor;
}

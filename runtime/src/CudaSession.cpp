//===- CudaSession.cpp - Run a compiled model's plan on a GPU -------------===//
//
// Part of the modelc project, under the Apache License v2.0 with LLVM
// Exceptions. SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// A GPU session owns, on one device: the loaded PTX module and its kernel
// functions, the activation arena, the weights (uploaded once), staging
// buffers for host inputs and outputs, a stream, and, once recorded, a CUDA
// graph of the plan. Everything is allocated at creation; a run allocates
// nothing. Every driver call is checked and a failure becomes a status that
// says what was being done (for launches, the kernel and its ONNX nodes).
// A fault on the device (a sticky driver error: trap, illegal address,
// ...) leaves CUDA unusable in the process, as the driver documents: the
// session that saw it refuses later runs, and every other driver call
// (other sessions' runs, new sessions) fails, which becomes DEVICE_FAULT.
//
//===----------------------------------------------------------------------===//

#include "CublasLt.h"
#include "CudaDriver.h"
#include "Model.h"
#include "Status.h"

#include <cstring>
#include <memory>
#include <string>
#include <vector>

using namespace modelc::runtime;

struct modelc::runtime::CudaSession {
  const CudaDriver *driver = nullptr;
  CUdevice device = 0;
  CUcontext context = nullptr;
  bool contextRetained = false;
  CUmodule module = nullptr;
  std::vector<CUfunction> functions; // one per descriptor kernel
  CUstream stream = nullptr;
  CUdeviceptr arena = 0, weights = 0, staging = 0;
  std::vector<uint64_t> inputStaging, outputStaging; // offsets in staging
  /// The argument values of a run (device addresses) and, for
  /// cuLaunchKernel, pointers to them.
  std::vector<CUdeviceptr> args;
  std::vector<void *> params;
  std::vector<CUdeviceptr> inputs, outputs;
  /// Outputs computed in staging, then copied to the caller's buffer
  /// (host memory, or device memory that is not 16-byte aligned), and
  /// whether that buffer is device memory (asked once per run).
  std::vector<bool> stagedOutput, deviceOutput;
  bool useGraph = true, synchronizeEachKernel = false;
  /// Profiling: an event before and after each step (2 per step).
  std::vector<CUevent> events;
  CUgraph graph = nullptr;
  CUgraphExec graphExec = nullptr;
  std::vector<CUdeviceptr> graphArgs; // the addresses the graph was recorded
  bool faulted = false;
  std::string deviceName;
  /// The kernels cuBLASLt runs, when the artifact has any.
  CublasLtGemms *gemms = nullptr;
};

namespace {

/// Makes the session's context current for a scope, restoring the
/// caller's.
class ContextScope {
public:
  ContextScope(const CudaDriver &driver, CUcontext context) : driver(driver) {
    pushed = context && driver.cuCtxPushCurrent(context) == CUDA_SUCCESS;
  }
  ~ContextScope() {
    CUcontext previous;
    if (pushed)
      driver.cuCtxPopCurrent(&previous);
  }
  bool ok() const { return pushed; }

private:
  const CudaDriver &driver;
  bool pushed = false;
};

/// The driver's "sticky" errors: a kernel faulted (bad address, trap,
/// illegal instruction, ...), and the context, with every session on it in
/// this process, cannot be used anymore.
bool isDeviceFault(CUresult result) {
  switch (result) {
  case 214: // CUDA_ERROR_ECC_UNCORRECTABLE
  case 700: // CUDA_ERROR_ILLEGAL_ADDRESS
  case 702: // CUDA_ERROR_LAUNCH_TIMEOUT
  case 710: // CUDA_ERROR_ASSERT
  case 714: // CUDA_ERROR_HARDWARE_STACK_ERROR
  case 715: // CUDA_ERROR_ILLEGAL_INSTRUCTION
  case 716: // CUDA_ERROR_MISALIGNED_ADDRESS
  case 717: // CUDA_ERROR_INVALID_ADDRESS_SPACE
  case 718: // CUDA_ERROR_INVALID_PC
  case 719: // CUDA_ERROR_LAUNCH_FAILED
    return true;
  default:
    return false;
  }
}

/// The status code for a failed driver call: out of memory and device
/// faults are told apart from `otherwise` (what the call's failure means).
modelc_status_code_t statusCode(CUresult result,
                                modelc_status_code_t otherwise) {
  if (result == CUDA_ERROR_OUT_OF_MEMORY)
    return MODELC_STATUS_RESOURCE_EXHAUSTED;
  if (isDeviceFault(result))
    return MODELC_STATUS_DEVICE_FAULT;
  return otherwise;
}

modelc_status_t cudaStatus(const CudaDriver &driver, CUresult result,
                           const std::string &what, bool fault = false) {
  modelc_status_code_t code = fault
                                  ? MODELC_STATUS_DEVICE_FAULT
                                  : statusCode(result, MODELC_STATUS_INTERNAL);
  return makeStatus(code, "%s: %s", what.c_str(),
                    describeCudaError(driver, result).c_str());
}

uint64_t alignUp(uint64_t value, uint64_t alignment) {
  return (value + alignment - 1) / alignment * alignment;
}

/// Frees what `s` holds; the context must be current.
void release(CudaSession &s) {
  const CudaDriver &d = *s.driver;
  if (s.stream)
    d.cuStreamSynchronize(s.stream);
  if (s.graphExec)
    d.cuGraphExecDestroy(s.graphExec);
  if (s.graph)
    d.cuGraphDestroy(s.graph);
  destroyCublasLtGemms(s.gemms);
  s.gemms = nullptr;
  for (CUevent event : s.events)
    if (event)
      d.cuEventDestroy(event);
  for (CUdeviceptr p : {s.arena, s.weights, s.staging})
    if (p)
      d.cuMemFree(p);
  if (s.module)
    d.cuModuleUnload(s.module);
  if (s.stream)
    d.cuStreamDestroy(s.stream);
}

modelc_status_t checkDevice(const modelc_model_t &model,
                            const modelc_session_options_t &options,
                            CudaSession &s) {
  const CudaDriver &d = *s.driver;
  const modelc_artifact_t &a = *model.artifact;
  int count = 0;
  if (CUresult r = d.cuDeviceGetCount(&count))
    return makeStatus(MODELC_STATUS_UNAVAILABLE, "cannot count GPUs: %s",
                      describeCudaError(d, r).c_str());
  if (count == 0)
    return makeStatus(MODELC_STATUS_UNAVAILABLE,
                      "no GPU is visible to the CUDA driver");
  if (options.device_ordinal >= count)
    return makeStatus(MODELC_STATUS_INVALID_ARGUMENT,
                      "device_ordinal %d is out of range: %d GPU%s visible",
                      options.device_ordinal, count,
                      count == 1 ? " is" : "s are");
  if (CUresult r = d.cuDeviceGet(&s.device, options.device_ordinal))
    return makeStatus(MODELC_STATUS_UNAVAILABLE, "cannot open GPU %d: %s",
                      options.device_ordinal, describeCudaError(d, r).c_str());
  char name[256] = {0};
  d.cuDeviceGetName(name, sizeof(name) - 1, s.device);
  s.deviceName = name;
  int major = 0, minor = 0;
  d.cuDeviceGetAttribute(&major, CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR,
                         s.device);
  d.cuDeviceGetAttribute(&minor, CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR,
                         s.device);
  unsigned needed = parseCudaTarget(a.target);
  unsigned have = unsigned(major * 10 + minor);
  if (have < needed)
    return makeStatus(MODELC_STATUS_INCOMPATIBLE,
                      "artifact '%s' is compiled for %s (compute capability "
                      "%u.%u), but GPU %d (%s) has compute capability %d.%d; "
                      "compile the model with --target=sm_%u or older",
                      model.path.c_str(), a.target, needed / 10, needed % 10,
                      options.device_ordinal, name, major, minor, have);
  unsigned ptx = getPTXVersion(a.device_code);
  int driverNeeded = getDriverVersionForPTX(ptx);
  if (ptx == 0 || driverNeeded == 0)
    return makeStatus(MODELC_STATUS_CORRUPT,
                      "artifact '%s' has PTX of unknown ISA version %u.%u",
                      model.path.c_str(), ptx / 10, ptx % 10);
  if (d.driverVersion < driverNeeded)
    return makeStatus(MODELC_STATUS_INCOMPATIBLE,
                      "artifact '%s' has PTX ISA %u.%u, which needs a driver "
                      "for CUDA %d.%d or newer; the installed driver supports "
                      "CUDA %d.%d",
                      model.path.c_str(), ptx / 10, ptx % 10,
                      driverNeeded / 1000, driverNeeded % 1000 / 10,
                      d.driverVersion / 1000, d.driverVersion % 1000 / 10);
  return nullptr;
}

modelc_status_t loadModule(const modelc_model_t &model, CudaSession &s) {
  const CudaDriver &d = *s.driver;
  const modelc_artifact_t &a = *model.artifact;
  char errorLog[8192] = {0};
  int keys[] = {CU_JIT_ERROR_LOG_BUFFER, CU_JIT_ERROR_LOG_BUFFER_SIZE_BYTES};
  void *values[] = {errorLog,
                    reinterpret_cast<void *>(uintptr_t(sizeof(errorLog) - 1))};
  if (CUresult r =
          d.cuModuleLoadDataEx(&s.module, a.device_code, 2, keys, values)) {
    s.module = nullptr;
    bool incompatible = r == CUDA_ERROR_UNSUPPORTED_PTX_VERSION ||
                        r == CUDA_ERROR_NO_BINARY_FOR_GPU;
    return makeStatus(incompatible ? MODELC_STATUS_INCOMPATIBLE
                                   : statusCode(r, MODELC_STATUS_INTERNAL),
                      "the CUDA driver cannot JIT-compile the PTX of '%s' "
                      "for %s: %s%s%s",
                      model.path.c_str(), s.deviceName.c_str(),
                      describeCudaError(d, r).c_str(),
                      errorLog[0] ? "; JIT log: " : "", errorLog);
  }
  s.functions.resize(a.num_kernels);
  for (uint32_t k = 0; k < a.num_kernels; ++k)
    if (a.kernels[k].gemm)
      continue; // a library runs it
    else if (CUresult r = d.cuModuleGetFunction(&s.functions[k], s.module,
                                                a.kernels[k].name))
      // Kernels load lazily (CUDA_MODULE_LOADING=LAZY, the default): this
      // is where a full device runs out of memory.
      return r == CUDA_ERROR_NOT_FOUND
                 ? makeStatus(MODELC_STATUS_CORRUPT,
                              "the PTX of '%s' has no kernel '%s': %s",
                              model.path.c_str(), a.kernels[k].name,
                              describeCudaError(d, r).c_str())
                 : cudaStatus(d, r,
                              "cannot load kernel '" +
                                  std::string(a.kernels[k].name) + "' of '" +
                                  model.path + "' on " + s.deviceName);
  return nullptr;
}

modelc_status_t allocate(const modelc_model_t &model, CudaSession &s) {
  const CudaDriver &d = *s.driver;
  const modelc_artifact_t &a = *model.artifact;
  auto alloc = [&](CUdeviceptr &p, uint64_t bytes,
                   const char *what) -> modelc_status_t {
    if (!bytes)
      return nullptr;
    if (CUresult r = d.cuMemAlloc(&p, bytes)) {
      p = 0;
      return cudaStatus(d, r,
                        "cannot allocate the " + std::to_string(bytes) +
                            "-byte " + what + " of '" + model.path + "' on " +
                            s.deviceName);
    }
    return nullptr;
  };
  if (modelc_status_t st = alloc(s.arena, a.arena_bytes, "activation arena"))
    return st;
  if (modelc_status_t st = alloc(s.weights, a.weights_bytes, "weights"))
    return st;
  if (a.weights_bytes)
    if (CUresult r = d.cuMemcpyHtoD(s.weights, a.weights, a.weights_bytes))
      return cudaStatus(d, r,
                        "cannot upload the weights of '" + model.path + "'");
  // Host tensors are copied through these.
  uint64_t bytes = 0;
  for (uint32_t i = 0; i < a.num_inputs; ++i) {
    s.inputStaging.push_back(bytes);
    bytes = alignUp(bytes + a.inputs[i].bytes, 256);
  }
  for (uint32_t i = 0; i < a.num_outputs; ++i) {
    s.outputStaging.push_back(bytes);
    bytes = alignUp(bytes + a.outputs[i].bytes, 256);
  }
  return alloc(s.staging, bytes, "input and output staging buffers");
}

/// Kernels read and write with 16-byte vectors; the plan keeps its own
/// buffers 64-byte aligned, caller device memory must be 16.
constexpr uintptr_t kDeviceAlignment = 16;

/// Whether `pointer` is device memory the kernels can use.
bool isDevicePointer(const CudaDriver &d, const void *pointer) {
  unsigned type = 0;
  if (d.cuPointerGetAttribute(&type, CU_POINTER_ATTRIBUTE_MEMORY_TYPE,
                              reinterpret_cast<CUdeviceptr>(pointer)) !=
      CUDA_SUCCESS)
    return false; // ordinary (pageable) host memory
  return type == CU_MEMORYTYPE_DEVICE || type == CU_MEMORYTYPE_UNIFIED;
}

/// Enqueues the plan's steps on `stream`.
modelc_status_t enqueuePlan(const modelc_model_t &model, CudaSession &s,
                            CUstream stream) {
  const CudaDriver &d = *s.driver;
  const modelc_artifact_t &a = *model.artifact;
  for (uint32_t i = 0; i < a.num_steps; ++i) {
    const modelc_artifact_step_t &step = a.steps[i];
    if (step.kind == MODELC_STEP_COPY) {
      if (uint64_t bytes = a.args[step.first_arg].bytes)
        if (CUresult r =
                d.cuMemcpyDtoDAsync(s.args[step.first_arg],
                                    s.args[step.first_arg + 1], bytes, stream))
          return cudaStatus(d, r,
                            "cannot enqueue copy step " + std::to_string(i));
      continue;
    }
    const modelc_artifact_kernel_t &k = a.kernels[step.kernel];
    bool profile = !s.events.empty();
    CUresult r =
        profile ? d.cuEventRecord(s.events[2 * i], stream) : CUDA_SUCCESS;
    if (r == CUDA_SUCCESS && k.gemm) {
      if (modelc_status_t status = enqueueCublasLtGemm(
              *s.gemms, a, step.kernel, s.args.data() + step.first_arg, stream))
        return status;
    } else if (r == CUDA_SUCCESS)
      r = d.cuLaunchKernel(s.functions[step.kernel], k.grid[0], k.grid[1],
                           k.grid[2], k.block[0], k.block[1], k.block[2],
                           k.shared_bytes, stream,
                           s.params.data() + step.first_arg, nullptr);
    if (r == CUDA_SUCCESS && profile)
      r = d.cuEventRecord(s.events[2 * i + 1], stream);
    if (r == CUDA_SUCCESS && s.synchronizeEachKernel)
      r = d.cuStreamSynchronize(stream);
    if (r != CUDA_SUCCESS)
      return cudaStatus(d, r,
                        std::string("kernel '") + k.name + "' (ONNX nodes " +
                            (k.onnx_nodes ? k.onnx_nodes : "?") + ") failed",
                        /*fault=*/s.synchronizeEachKernel);
  }
  return nullptr;
}

} // namespace

namespace {

modelc_status_t create(const modelc_model_t &model,
                       const modelc_session_options_t &options,
                       CudaSession **out) {
  const CudaDriver *driver = nullptr;
  if (modelc_status_t status = getCudaDriver(&driver))
    return status;
  auto s = std::make_unique<CudaSession>();
  s->driver = driver;
  s->useGraph = options.cuda_graph != 0;
  s->synchronizeEachKernel = options.synchronize_each_kernel != 0;
  if (modelc_status_t status = checkDevice(model, options, *s))
    return status;
  if (CUresult r = driver->cuDevicePrimaryCtxRetain(&s->context, s->device))
    return cudaStatus(*driver, r,
                      "cannot create a CUDA context on " + s->deviceName);
  s->contextRetained = true;
  modelc_status_t status = nullptr;
  {
    ContextScope scope(*driver, s->context);
    if (!scope.ok())
      status = makeStatus(MODELC_STATUS_INTERNAL,
                          "cannot make the CUDA context of %s current",
                          s->deviceName.c_str());
    if (!status)
      status = loadModule(model, *s);
    if (!status)
      status = allocate(model, *s);
    if (!status)
      if (CUresult r =
              driver->cuStreamCreate(&s->stream, CU_STREAM_NON_BLOCKING))
        status = cudaStatus(*driver, r, "cannot create a CUDA stream");
    if (!status && hasLibraryGemms(*model.artifact))
      status =
          createCublasLtGemms(*model.artifact, ("'" + model.path + "'").c_str(),
                              s->arena, s->weights, &s->gemms);
    if (!status) {
      const modelc_artifact_t &a = *model.artifact;
      s->args.resize(a.num_args);
      s->params.resize(a.num_args);
      for (uint32_t i = 0; i < a.num_args; ++i)
        s->params[i] = &s->args[i];
      s->inputs.resize(a.num_inputs);
      s->outputs.resize(a.num_outputs);
      s->stagedOutput.resize(a.num_outputs);
      s->deviceOutput.resize(a.num_outputs);
      if (options.profile) {
        s->events.resize(2 * size_t(a.num_steps));
        for (CUevent &event : s->events)
          if (CUresult r = driver->cuEventCreate(&event, 0)) {
            status = cudaStatus(*driver, r, "cannot create a CUDA event");
            break;
          }
      }
      // The arena starts zeroed nowhere else; no kernel reads before it
      // writes, so it is left as allocated.
    }
    if (status)
      release(*s);
  }
  if (status) {
    driver->cuDevicePrimaryCtxRelease(s->device);
    return status;
  }
  *out = s.release();
  return nullptr;
}

} // namespace

modelc_status_t
modelc::runtime::createCudaSession(const modelc_model_t &model,
                                   const modelc_session_options_t &options,
                                   CudaSession **out) {
  modelc_status_t status = create(model, options, out);
  if (modelc_status_code(status) != MODELC_STATUS_DEVICE_FAULT)
    return status;
  modelc_status_t fault = makeStatus(
      MODELC_STATUS_DEVICE_FAULT,
      "%s (a kernel faulted on the GPU earlier in this process; CUDA cannot "
      "be used again in this process: restart it)",
      modelc_status_message(status));
  modelc_status_free(status);
  return fault;
}

void modelc::runtime::destroyCudaSession(CudaSession *s) {
  {
    ContextScope scope(*s->driver, s->context);
    release(*s);
  }
  if (s->contextRetained)
    s->driver->cuDevicePrimaryCtxRelease(s->device);
  delete s;
}

namespace {

modelc_status_t run(modelc_session_t &session,
                    const modelc_run_options_t &options) {
  CudaSession &s = *session.cuda;
  const CudaDriver &d = *s.driver;
  const modelc_model_t &model = *session.model;
  const modelc_artifact_t &a = *model.artifact;
  if (s.faulted)
    return makeStatus(MODELC_STATUS_DEVICE_FAULT,
                      "a previous run of '%s' faulted on %s; CUDA cannot be "
                      "used again in this process (restart it)",
                      model.path.c_str(), s.deviceName.c_str());
  ContextScope scope(d, s.context);
  if (!scope.ok())
    return makeStatus(MODELC_STATUS_INTERNAL,
                      "cannot make the CUDA context of %s current",
                      s.deviceName.c_str());
  CUstream stream = options.cuda_stream
                        ? static_cast<CUstream>(options.cuda_stream)
                        : s.stream;

  // Aligned device tensors are used in place; host tensors and unaligned
  // device tensors go through staging.
  bool allDevice = true;
  for (uint32_t i = 0; i < a.num_inputs; ++i) {
    const modelc_tensor_t &t = *session.boundInputs[i];
    bool device = t.bytes && isDevicePointer(d, t.data);
    allDevice &= device || !t.bytes;
    if (device && reinterpret_cast<uintptr_t>(t.data) % kDeviceAlignment == 0) {
      s.inputs[i] = reinterpret_cast<CUdeviceptr>(t.data);
      continue;
    }
    s.inputs[i] = s.staging + s.inputStaging[i];
    if (!t.bytes)
      continue;
    CUresult r =
        device ? d.cuMemcpyDtoDAsync(s.inputs[i],
                                     reinterpret_cast<CUdeviceptr>(t.data),
                                     t.bytes, stream)
               : d.cuMemcpyHtoDAsync(s.inputs[i], t.data, t.bytes, stream);
    if (r != CUDA_SUCCESS)
      return cudaStatus(d, r,
                        std::string("cannot copy input '") + a.inputs[i].name +
                            "' to the GPU");
  }
  for (uint32_t o = 0; o < a.num_outputs; ++o) {
    const modelc_tensor_t &t = *session.boundOutputs[o];
    bool device = t.bytes && isDevicePointer(d, t.data);
    s.deviceOutput[o] = device;
    allDevice &= device || !t.bytes;
    s.stagedOutput[o] =
        !device || reinterpret_cast<uintptr_t>(t.data) % kDeviceAlignment != 0;
    s.outputs[o] = s.stagedOutput[o] ? s.staging + s.outputStaging[o]
                                     : reinterpret_cast<CUdeviceptr>(t.data);
  }
  for (uint32_t i = 0; i < a.num_args; ++i) {
    const modelc_artifact_buffer_t &b = a.args[i];
    CUdeviceptr base = 0;
    switch (b.kind) {
    case MODELC_BUFFER_INPUT:
      base = s.inputs[b.index];
      break;
    case MODELC_BUFFER_OUTPUT:
      base = s.outputs[b.index];
      break;
    case MODELC_BUFFER_ARENA:
      base = s.arena;
      break;
    case MODELC_BUFFER_WEIGHTS:
      base = s.weights;
      break;
    }
    s.args[i] = base ? base + b.offset : 0;
  }

  bool profile = !s.events.empty();
  if (s.useGraph && !s.synchronizeEachKernel && !profile) {
    if (!s.graphExec || s.graphArgs != s.args) {
      if (s.graphExec) {
        d.cuGraphExecDestroy(s.graphExec);
        d.cuGraphDestroy(s.graph);
        s.graphExec = nullptr;
        s.graph = nullptr;
      }
      if (CUresult r = d.cuStreamBeginCapture(
              stream, CU_STREAM_CAPTURE_MODE_THREAD_LOCAL))
        return cudaStatus(d, r, "cannot record the plan as a CUDA graph");
      modelc_status_t status = enqueuePlan(model, s, stream);
      CUgraph graph = nullptr;
      CUresult r = d.cuStreamEndCapture(stream, &graph);
      if (status) {
        if (graph)
          d.cuGraphDestroy(graph);
        return status;
      }
      if (r != CUDA_SUCCESS)
        return cudaStatus(d, r, "cannot record the plan as a CUDA graph");
      if (CUresult r2 = d.cuGraphInstantiateWithFlags(&s.graphExec, graph, 0)) {
        d.cuGraphDestroy(graph);
        s.graphExec = nullptr;
        return cudaStatus(d, r2, "cannot instantiate the CUDA graph");
      }
      s.graph = graph;
      s.graphArgs = s.args;
    }
    if (CUresult r = d.cuGraphLaunch(s.graphExec, stream))
      return cudaStatus(d, r, "cannot launch the CUDA graph");
  } else if (modelc_status_t status = enqueuePlan(model, s, stream)) {
    return status;
  }

  for (uint32_t o = 0; o < a.num_outputs; ++o) {
    const modelc_tensor_t &t = *session.boundOutputs[o];
    if (!s.stagedOutput[o] || !t.bytes)
      continue;
    CUresult r =
        s.deviceOutput[o]
            ? d.cuMemcpyDtoDAsync(reinterpret_cast<CUdeviceptr>(t.data),
                                  s.outputs[o], t.bytes, stream)
            : d.cuMemcpyDtoHAsync(t.data, s.outputs[o], t.bytes, stream);
    if (r != CUDA_SUCCESS)
      return cudaStatus(d, r,
                        std::string("cannot copy output '") +
                            a.outputs[o].name + "' from the GPU");
  }
  if (options.synchronize || !allDevice || profile) {
    if (CUresult r = d.cuStreamSynchronize(stream)) {
      return cudaStatus(
          d, r,
          "running '" + model.path + "' on " + s.deviceName +
              " failed (create the session with synchronize_each_kernel to "
              "find the kernel)",
          /*fault=*/true);
    }
  }
  for (uint32_t i = 0; profile && i < a.num_steps; ++i) {
    if (a.steps[i].kind != MODELC_STEP_KERNEL)
      continue;
    float ms = 0;
    if (CUresult r =
            d.cuEventElapsedTime(&ms, s.events[2 * i], s.events[2 * i + 1]))
      return cudaStatus(d, r, "cannot read a kernel's time");
    session.kernelMs[a.steps[i].kernel] += ms;
    ++session.kernelLaunches[a.steps[i].kernel];
  }
  return nullptr;
}

} // namespace

modelc_status_t
modelc::runtime::runCudaSession(modelc_session_t &session,
                                const modelc_run_options_t &options) {
  modelc_status_t status = run(session, options);
  if (modelc_status_code(status) == MODELC_STATUS_DEVICE_FAULT)
    session.cuda->faulted = true;
  return status;
}

modelc_status_t modelc::runtime::cudaDeviceAlloc(CudaSession &s, size_t bytes,
                                                 void **out) {
  ContextScope scope(*s.driver, s.context);
  CUdeviceptr pointer = 0;
  if (CUresult r = s.driver->cuMemAlloc(&pointer, bytes ? bytes : 1))
    return cudaStatus(*s.driver, r,
                      "cannot allocate " + std::to_string(bytes) +
                          " bytes on " + s.deviceName);
  *out = reinterpret_cast<void *>(pointer);
  return nullptr;
}

modelc_status_t modelc::runtime::cudaDeviceFree(CudaSession &s, void *pointer) {
  ContextScope scope(*s.driver, s.context);
  if (CUresult r = s.driver->cuMemFree(reinterpret_cast<CUdeviceptr>(pointer)))
    return cudaStatus(*s.driver, r, "cannot free device memory");
  return nullptr;
}

modelc_status_t modelc::runtime::cudaMemcpy(CudaSession &s, void *destination,
                                            const void *source, size_t bytes) {
  ContextScope scope(*s.driver, s.context);
  if (CUresult r =
          s.driver->cuMemcpy(reinterpret_cast<CUdeviceptr>(destination),
                             reinterpret_cast<CUdeviceptr>(source), bytes))
    return cudaStatus(*s.driver, r,
                      "cannot copy " + std::to_string(bytes) + " bytes");
  return nullptr;
}

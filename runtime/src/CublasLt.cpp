//===- CublasLt.cpp - GEMM kernels run by cuBLASLt ------------------------===//
//
// Part of the modelc project, under the Apache License v2.0 with LLVM
// Exceptions. SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// The artifact describes a GEMM in row-major terms; cuBLASLt is
// column-major. A row-major M x N matrix is a column-major N x M one, so
// D = op(A) op(B) is computed as D^T = op(B)^T op(A)^T: cuBLASLt's "A" is
// our B, its "B" our A, its M our N and the other way round, and the bias,
// one value per row of cuBLASLt's D, is one per column of ours.
//
//===----------------------------------------------------------------------===//

#include "CublasLt.h"
#include "CublasLtAbi.h"

#include "Status.h"

#include <cstdlib>
#include <cstring>
#include <dlfcn.h>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

using namespace modelc::runtime;

namespace cl = modelc::runtime::cublaslt;

namespace {

struct LoadedApi {
  cl::Api api{};
  std::string error; // empty when loaded
};

/// Opens cuBLASLt: $MODELC_LIBCUBLASLT alone when set; else the loader's
/// search path, then the CUDA toolkit's library folder ($CUDA_HOME, then
/// /usr/local/cuda), for CUDA 13 then 12 (the API used is the same).
void *open(std::string &name, std::string &error) {
  const char *override = std::getenv("MODELC_LIBCUBLASLT");
  std::vector<std::string> candidates;
  if (override && *override) {
    candidates.push_back(override);
  } else {
    const char *home = std::getenv("CUDA_HOME");
    for (const char *version : {"13", "12"}) {
      std::string file = std::string("libcublasLt.so.") + version;
      candidates.push_back(file);
      if (home && *home)
        candidates.push_back(std::string(home) + "/lib64/" + file);
      candidates.push_back("/usr/local/cuda/lib64/" + file);
    }
  }
  for (const std::string &candidate : candidates) {
    // Never closed: cuBLASLt stays for the life of the process.
    if (void *library = ::dlopen(candidate.c_str(), RTLD_NOW | RTLD_LOCAL)) {
      name = candidate;
      return library;
    }
    const char *text = ::dlerror();
    if (error.empty())
      error = text ? text : "unknown error";
  }
  name = candidates.front();
  return nullptr;
}

LoadedApi load() {
  LoadedApi loaded;
  std::string name, error;
  void *library = open(name, error);
  if (!library) {
    loaded.error = "cannot load cuBLASLt (" + name + "): " + error;
    return loaded;
  }
  cl::Api &a = loaded.api;
  const char *missing = nullptr;
#define MODELC_RESOLVE(FIELD, SYMBOL)                                          \
  if (!missing && !resolve(library, SYMBOL, a.FIELD))                          \
    missing = SYMBOL;
  MODELC_RESOLVE(create, "cublasLtCreate")
  MODELC_RESOLVE(destroy, "cublasLtDestroy")
  MODELC_RESOLVE(getVersion, "cublasLtGetVersion")
  MODELC_RESOLVE(getStatusString, "cublasLtGetStatusString")
  MODELC_RESOLVE(descCreate, "cublasLtMatmulDescCreate")
  MODELC_RESOLVE(descDestroy, "cublasLtMatmulDescDestroy")
  MODELC_RESOLVE(descSetAttribute, "cublasLtMatmulDescSetAttribute")
  MODELC_RESOLVE(layoutCreate, "cublasLtMatrixLayoutCreate")
  MODELC_RESOLVE(layoutDestroy, "cublasLtMatrixLayoutDestroy")
  MODELC_RESOLVE(layoutSetAttribute, "cublasLtMatrixLayoutSetAttribute")
  MODELC_RESOLVE(preferenceCreate, "cublasLtMatmulPreferenceCreate")
  MODELC_RESOLVE(preferenceDestroy, "cublasLtMatmulPreferenceDestroy")
  MODELC_RESOLVE(preferenceSetAttribute, "cublasLtMatmulPreferenceSetAttribute")
  MODELC_RESOLVE(algoGetHeuristic, "cublasLtMatmulAlgoGetHeuristic")
  MODELC_RESOLVE(matmul, "cublasLtMatmul")
#undef MODELC_RESOLVE
  if (missing)
    loaded.error = "cuBLASLt (" + name + ") has no " + missing;
  return loaded;
}

const LoadedApi &getApi() {
  static const LoadedApi loaded = load();
  return loaded;
}

int dataType(int32_t onnxType) {
  return onnxType == 10 ? cl::kR16F : onnxType == 16 ? cl::kR16BF : cl::kR32F;
}

/// The largest power of two up to 16 dividing `bytes` (16 for 0).
uint32_t alignmentOf(uint64_t bytes) {
  uint32_t alignment = 16;
  while (bytes % alignment)
    alignment /= 2;
  return alignment;
}

} // namespace

/// One GEMM kernel, ready to enqueue.
struct PreparedGemm {
  cl::MatmulDesc desc = nullptr;
  cl::MatrixLayout a = nullptr, b = nullptr, c = nullptr, d = nullptr;
  cl::Algo algo{};
};

struct modelc::runtime::CublasLtGemms {
  const cl::Api *api = nullptr;
  cl::Handle handle = nullptr;
  /// Per descriptor kernel; empty for device-code kernels.
  std::vector<std::unique_ptr<PreparedGemm>> gemms;
};

namespace {

std::string statusText(const cl::Api &api, cl::Status status) {
  const char *text = api.getStatusString(status);
  return std::to_string(status) + " (" + (text ? text : "?") + ")";
}

/// "GEMM kernel 'k3' (ONNX nodes a;b), 4096x2304x768".
std::string describe(const modelc_artifact_kernel_t &kernel) {
  const modelc_artifact_gemm_t &g = *kernel.gemm;
  std::string text = std::string("GEMM kernel '") + kernel.name +
                     "' (ONNX nodes " +
                     (kernel.onnx_nodes ? kernel.onnx_nodes : "?") + "), " +
                     std::to_string(g.m) + "x" + std::to_string(g.n) + "x" +
                     std::to_string(g.k);
  if (g.batch > 1)
    text += "x" + std::to_string(g.batch);
  return text;
}

void destroy(const cl::Api &api, PreparedGemm &p) {
  for (cl::MatrixLayout layout : {p.a, p.b, p.c, p.d})
    if (layout)
      api.layoutDestroy(layout);
  if (p.desc)
    api.descDestroy(p.desc);
}

/// The address of argument `arg` of `step` before a run binds inputs and
/// outputs (0 for those: only alignment depends on it).
CUdeviceptr knownAddress(const modelc_artifact_t &a,
                         const modelc_artifact_step_t &step, int32_t arg,
                         CUdeviceptr arena, CUdeviceptr weights) {
  if (arg < 0)
    return 0;
  const modelc_artifact_buffer_t &b = a.args[step.first_arg + arg];
  if (b.kind == MODELC_BUFFER_ARENA)
    return arena + b.offset;
  if (b.kind == MODELC_BUFFER_WEIGHTS)
    return weights + b.offset;
  return 0;
}

modelc_status_t prepare(const cl::Api &api, cl::Handle handle,
                        const modelc_artifact_t &a,
                        const modelc_artifact_step_t &step, const char *what,
                        CUdeviceptr arena, CUdeviceptr weights,
                        PreparedGemm &p) {
  const modelc_artifact_kernel_t &kernel = a.kernels[step.kernel];
  const modelc_artifact_gemm_t &g = *kernel.gemm;
  std::string failed;
  auto check = [&](cl::Status status, const char *call) {
    if (status != cl::kSuccess && failed.empty())
      failed = std::string(call) + " failed: " + statusText(api, status);
    return status == cl::kSuccess;
  };
  int abType = dataType(g.ab_dtype), dType = dataType(g.d_dtype);
  int compute = g.compute == MODELC_GEMM_COMPUTE_TF32 ? cl::kCompute32FFastTF32
                                                      : cl::kCompute32F;
  // cuBLASLt's A is our B, its B our A (see the file comment).
  int opA = g.trans_b ? cl::kOpT : cl::kOpN;
  int opB = g.trans_a ? cl::kOpT : cl::kOpN;
  uint32_t epilogue = cl::kEpilogueDefault;
  if (g.relu || g.arg_bias >= 0)
    epilogue = (g.relu ? cl::kEpilogueRelu : 0) |
               (g.arg_bias >= 0 ? cl::kEpilogueBias : 0);
  CUdeviceptr bias = knownAddress(a, step, g.arg_bias, arena, weights);
  bool ok =
      check(api.descCreate(&p.desc, compute, cl::kR32F),
            "cublasLtMatmulDescCreate") &&
      check(api.descSetAttribute(p.desc, cl::kDescTransA, &opA, sizeof(opA)),
            "setting TRANSA") &&
      check(api.descSetAttribute(p.desc, cl::kDescTransB, &opB, sizeof(opB)),
            "setting TRANSB") &&
      check(api.descSetAttribute(p.desc, cl::kDescEpilogue, &epilogue,
                                 sizeof(epilogue)),
            "setting the epilogue") &&
      (g.arg_bias < 0 ||
       check(api.descSetAttribute(p.desc, cl::kDescBiasPointer, &bias,
                                  sizeof(bias)),
             "setting the bias")) &&
      // Stored shapes, column-major: our B is N x K (K x N when
      // transposed), our A K x M (M x K), C and D N x M.
      check(g.trans_b ? api.layoutCreate(&p.a, abType, g.k, g.n, g.k)
                      : api.layoutCreate(&p.a, abType, g.n, g.k, g.n),
            "cublasLtMatrixLayoutCreate") &&
      check(g.trans_a ? api.layoutCreate(&p.b, abType, g.m, g.k, g.m)
                      : api.layoutCreate(&p.b, abType, g.k, g.m, g.k),
            "cublasLtMatrixLayoutCreate") &&
      check(api.layoutCreate(&p.c, dType, g.n, g.m, g.n),
            "cublasLtMatrixLayoutCreate") &&
      check(api.layoutCreate(&p.d, dType, g.n, g.m, g.n),
            "cublasLtMatrixLayoutCreate");
  if (ok && g.batch > 1) {
    int32_t batch = int32_t(g.batch);
    int64_t strides[] = {int64_t(g.stride_b), int64_t(g.stride_a),
                         int64_t(g.stride_d), int64_t(g.stride_d)};
    cl::MatrixLayout layouts[] = {p.a, p.b, p.c, p.d};
    for (int i = 0; ok && i < 4; ++i)
      ok = check(api.layoutSetAttribute(layouts[i], cl::kLayoutBatchCount,
                                        &batch, sizeof(batch)),
                 "setting the batch count") &&
           check(api.layoutSetAttribute(layouts[i],
                                        cl::kLayoutStridedBatchOffset,
                                        &strides[i], sizeof(strides[i])),
                 "setting the batch stride");
  }
  if (ok) {
    // Every buffer starts 16-byte aligned (the plan aligns to 64, the
    // runtime stages caller tensors that are not); batch entries may not.
    uint64_t ab = modelc_dtype_size(modelc_dtype_t(g.ab_dtype));
    uint64_t d = modelc_dtype_size(modelc_dtype_t(g.d_dtype));
    uint32_t alignA = g.batch > 1 ? alignmentOf(g.stride_b * ab) : 16;
    uint32_t alignB = g.batch > 1 ? alignmentOf(g.stride_a * ab) : 16;
    uint32_t alignD = g.batch > 1 ? alignmentOf(g.stride_d * d) : 16;
    uint64_t workspace = g.workspace_bytes;
    cl::Preference preference = nullptr;
    ok = check(api.preferenceCreate(&preference),
               "cublasLtMatmulPreferenceCreate");
    if (ok)
      ok = check(api.preferenceSetAttribute(preference,
                                            cl::kPrefMaxWorkspaceBytes,
                                            &workspace, sizeof(workspace)),
                 "setting the workspace size") &&
           check(api.preferenceSetAttribute(preference, cl::kPrefMinAlignmentA,
                                            &alignA, sizeof(alignA)),
                 "setting alignments") &&
           check(api.preferenceSetAttribute(preference, cl::kPrefMinAlignmentB,
                                            &alignB, sizeof(alignB)),
                 "setting alignments") &&
           check(api.preferenceSetAttribute(preference, cl::kPrefMinAlignmentC,
                                            &alignD, sizeof(alignD)),
                 "setting alignments") &&
           check(api.preferenceSetAttribute(preference, cl::kPrefMinAlignmentD,
                                            &alignD, sizeof(alignD)),
                 "setting alignments");
    // The heuristic's results up to the tuned one (best first); a GPU
    // offering fewer runs its first.
    std::vector<cl::HeuristicResult> results(g.algorithm + 1);
    int count = 0;
    if (ok)
      ok = check(api.algoGetHeuristic(handle, p.desc, p.a, p.b, p.c, p.d,
                                      preference, int(results.size()),
                                      results.data(), &count),
                 "cublasLtMatmulAlgoGetHeuristic");
    if (preference)
      api.preferenceDestroy(preference);
    if (ok && count == 0)
      return makeStatus(MODELC_STATUS_UNAVAILABLE,
                        "%s: cuBLASLt %zu has no algorithm for %s on this GPU "
                        "(compile with --gemm-library=none to generate it)",
                        what, api.getVersion(), describe(kernel).c_str());
    if (ok)
      p.algo = results[uint32_t(count) > g.algorithm ? g.algorithm : 0].algo;
  }
  if (!ok)
    return makeStatus(MODELC_STATUS_INTERNAL, "%s: preparing %s: %s", what,
                      describe(kernel).c_str(), failed.c_str());
  return nullptr;
}

} // namespace

bool modelc::runtime::hasLibraryGemms(const modelc_artifact_t &a) {
  for (uint32_t k = 0; k < a.num_kernels; ++k)
    if (a.kernels[k].gemm)
      return true;
  return false;
}

modelc_status_t modelc::runtime::createCublasLtGemms(const modelc_artifact_t &a,
                                                     const char *what,
                                                     CUdeviceptr arena,
                                                     CUdeviceptr weights,
                                                     CublasLtGemms **out) {
  const LoadedApi &loaded = getApi();
  if (!loaded.error.empty())
    return makeStatus(MODELC_STATUS_UNAVAILABLE,
                      "%s runs GEMMs with cuBLASLt, which is not available: "
                      "%s; install cuBLAS from CUDA 13, point "
                      "MODELC_LIBCUBLASLT at libcublasLt, or compile the "
                      "model with --gemm-library=none",
                      what, loaded.error.c_str());
  const cl::Api &api = loaded.api;
  auto gemms = std::make_unique<CublasLtGemms>();
  gemms->api = &api;
  if (cl::Status status = api.create(&gemms->handle)) {
    gemms->handle = nullptr;
    return makeStatus(MODELC_STATUS_UNAVAILABLE,
                      "%s: cannot create a cuBLASLt handle: %s", what,
                      statusText(api, status).c_str());
  }
  gemms->gemms.resize(a.num_kernels);
  for (uint32_t i = 0; i < a.num_steps; ++i) {
    const modelc_artifact_step_t &step = a.steps[i];
    if (step.kind != MODELC_STEP_KERNEL || !a.kernels[step.kernel].gemm ||
        gemms->gemms[step.kernel])
      continue;
    auto prepared = std::make_unique<PreparedGemm>();
    modelc_status_t status =
        prepare(api, gemms->handle, a, step, what, arena, weights, *prepared);
    if (status) {
      destroy(api, *prepared);
      destroyCublasLtGemms(gemms.release());
      return status;
    }
    gemms->gemms[step.kernel] = std::move(prepared);
  }
  *out = gemms.release();
  return nullptr;
}

modelc_status_t modelc::runtime::enqueueCublasLtGemm(CublasLtGemms &gemms,
                                                     const modelc_artifact_t &a,
                                                     uint32_t kernel,
                                                     const CUdeviceptr *args,
                                                     CUstream stream) {
  const cl::Api &api = *gemms.api;
  const modelc_artifact_kernel_t &k = a.kernels[kernel];
  const modelc_artifact_gemm_t &g = *k.gemm;
  PreparedGemm &p = *gemms.gemms[kernel];
  auto pointer = [&](int32_t arg) {
    return reinterpret_cast<void *>(arg >= 0 ? args[arg] : 0);
  };
  if (g.arg_bias >= 0) {
    // The bias may be a caller's input, bound per run.
    CUdeviceptr bias = args[g.arg_bias];
    if (cl::Status status = api.descSetAttribute(p.desc, cl::kDescBiasPointer,
                                                 &bias, sizeof(bias)))
      return makeStatus(MODELC_STATUS_INTERNAL,
                        "%s: setting the bias failed: %s", describe(k).c_str(),
                        statusText(api, status).c_str());
  }
  float alpha = g.alpha, beta = g.arg_c >= 0 ? g.beta : 0.0f;
  void *d = pointer(g.arg_d);
  // Without C, beta is 0 and C is not read; cuBLASLt still wants a pointer.
  const void *c = g.arg_c >= 0 ? pointer(g.arg_c) : d;
  void *workspace = g.workspace_bytes
                        ? reinterpret_cast<void *>(args[k.num_args - 1])
                        : nullptr;
  if (cl::Status status =
          api.matmul(gemms.handle, p.desc, &alpha, pointer(g.arg_b), p.a,
                     pointer(g.arg_a), p.b, &beta, c, p.c, d, p.d, &p.algo,
                     workspace, g.workspace_bytes, stream))
    return makeStatus(MODELC_STATUS_INTERNAL, "cuBLASLt failed on %s: %s",
                      describe(k).c_str(), statusText(api, status).c_str());
  return nullptr;
}

void modelc::runtime::destroyCublasLtGemms(CublasLtGemms *gemms) {
  if (!gemms)
    return;
  for (auto &prepared : gemms->gemms)
    if (prepared)
      destroy(*gemms->api, *prepared);
  if (gemms->handle)
    gemms->api->destroy(gemms->handle);
  delete gemms;
}

//===- ArtifactLoader.cpp - Open, check and load a compiled model ---------===//
//
// Part of the modelc project, under the Apache License v2.0 with LLVM
// Exceptions. SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// An artifact is checked from the outside in before any of its code runs:
// the file (exists, regular, ends with a modelc footer of our format
// version, SHA-256 of everything before the footer), then the loaded
// descriptor (magic, format version, target, and every count, index and
// byte range of the plan). The file descriptor that was hashed is the one
// dlopen loads (through /proc/self/fd), so the checked bytes are the loaded
// bytes even if the path is replaced meanwhile.
//
//===----------------------------------------------------------------------===//

#include "CudaDriver.h"
#include "Model.h"
#include "Sha256.h"
#include "Status.h"

#include <cerrno>
#include <cstring>
#include <dlfcn.h>
#include <fcntl.h>
#include <memory>
#include <sys/stat.h>
#include <unistd.h>

using namespace modelc::runtime;

namespace {

/// The architecture prefix of target triples this runtime can run.
#if defined(__x86_64__)
constexpr const char *kHostArch = "x86_64";
#elif defined(__aarch64__)
constexpr const char *kHostArch = "aarch64";
#else
constexpr const char *kHostArch = "unknown";
#endif

/// Most dimensions a tensor of an artifact may have.
constexpr int32_t kMaxRank = 64;

bool readAt(int fd, void *data, size_t size, off_t offset) {
  auto *bytes = static_cast<char *>(data);
  while (size) {
    ssize_t n = ::pread(fd, bytes, size, offset);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0)
      return false;
    bytes += n;
    size -= size_t(n);
    offset += n;
  }
  return true;
}

modelc_status_t checkFile(int fd, const char *path, bool verifyIntegrity) {
  struct stat info;
  if (::fstat(fd, &info) != 0)
    return makeStatus(MODELC_STATUS_INVALID_ARGUMENT, "cannot stat '%s': %s",
                      path, std::strerror(errno));
  if (!S_ISREG(info.st_mode))
    return makeStatus(MODELC_STATUS_INVALID_ARGUMENT,
                      "'%s' is not a regular file", path);
  uint64_t size = uint64_t(info.st_size);
  modelc_artifact_footer_t footer;
  if (size < sizeof(footer) ||
      !readAt(fd, &footer, sizeof(footer), off_t(size - sizeof(footer))) ||
      std::memcmp(footer.magic, MODELC_FOOTER_MAGIC, 8) != 0 ||
      std::memcmp(footer.end_magic, MODELC_FOOTER_MAGIC, 8) != 0)
    return makeStatus(MODELC_STATUS_CORRUPT,
                      "'%s' is not a modelc artifact, or is truncated: it "
                      "does not end with a modelc footer",
                      path);
  if (footer.format_version != MODELC_ARTIFACT_FORMAT_VERSION)
    return makeStatus(MODELC_STATUS_INCOMPATIBLE,
                      "'%s' has artifact format version %u; this runtime "
                      "reads version %u (compile the model with a matching "
                      "modelc)",
                      path, footer.format_version,
                      MODELC_ARTIFACT_FORMAT_VERSION);
  if (footer.payload_bytes != size - sizeof(footer))
    return makeStatus(MODELC_STATUS_CORRUPT,
                      "'%s' is truncated or corrupted: its footer covers %llu "
                      "bytes, the file has %llu before the footer",
                      path, (unsigned long long)footer.payload_bytes,
                      (unsigned long long)(size - sizeof(footer)));
  if (!verifyIntegrity)
    return nullptr;
  Sha256 hash;
  std::unique_ptr<char[]> chunk(new char[1 << 20]);
  for (uint64_t offset = 0; offset < footer.payload_bytes;) {
    size_t n =
        size_t(std::min<uint64_t>(1 << 20, footer.payload_bytes - offset));
    if (!readAt(fd, chunk.get(), n, off_t(offset)))
      return makeStatus(MODELC_STATUS_CORRUPT, "cannot read '%s': %s", path,
                        std::strerror(errno));
    hash.update(chunk.get(), n);
    offset += n;
  }
  if (std::memcmp(hash.finish().data(), footer.sha256, 32) != 0)
    return makeStatus(MODELC_STATUS_CORRUPT,
                      "'%s' is corrupted: its SHA-256 does not match the one "
                      "modelc recorded",
                      path);
  return nullptr;
}

/// Whether [offset, offset + bytes) fits in `size` bytes.
bool fits(uint64_t offset, uint64_t bytes, uint64_t size) {
  return offset <= size && bytes <= size - offset;
}

modelc_status_t validateTensors(const modelc_artifact_tensor_t *tensors,
                                uint32_t count, const char *role,
                                const char *what) {
  if (count && !tensors)
    return makeStatus(MODELC_STATUS_CORRUPT, "%s: no %s table", what, role);
  for (uint32_t i = 0; i < count; ++i) {
    const modelc_artifact_tensor_t &t = tensors[i];
    if (!t.name)
      return makeStatus(MODELC_STATUS_CORRUPT, "%s: %s %u has no name", what,
                        role, i);
    size_t elementBytes = modelc_dtype_size(modelc_dtype_t(t.dtype));
    if (!elementBytes)
      return makeStatus(MODELC_STATUS_CORRUPT,
                        "%s: %s '%s' has unknown dtype %d", what, role, t.name,
                        t.dtype);
    if (t.rank < 0 || t.rank > kMaxRank || (t.rank && !t.dims))
      return makeStatus(MODELC_STATUS_CORRUPT, "%s: %s '%s' has rank %d", what,
                        role, t.name, t.rank);
    unsigned __int128 bytes = elementBytes;
    for (int32_t d = 0; d < t.rank; ++d) {
      if (t.dims[d] < 0)
        return makeStatus(MODELC_STATUS_CORRUPT,
                          "%s: %s '%s' has a negative dimension", what, role,
                          t.name);
      bytes *= uint64_t(t.dims[d]);
      if (bytes > UINT64_MAX)
        bytes = UINT64_MAX;
    }
    if (bytes != t.bytes)
      return makeStatus(MODELC_STATUS_CORRUPT,
                        "%s: %s '%s' has %llu bytes, its shape %s needs %llu",
                        what, role, t.name, (unsigned long long)t.bytes,
                        formatDims(t.dims, t.rank).c_str(),
                        (unsigned long long)bytes);
  }
  return nullptr;
}

modelc_status_t validateBuffer(const modelc_artifact_t &a,
                               const modelc_artifact_buffer_t &b, uint32_t step,
                               const char *what) {
  uint64_t size = 0;
  switch (b.kind) {
  case MODELC_BUFFER_INPUT:
  case MODELC_BUFFER_OUTPUT: {
    bool isInput = b.kind == MODELC_BUFFER_INPUT;
    uint32_t count = isInput ? a.num_inputs : a.num_outputs;
    if (b.index >= count)
      return makeStatus(MODELC_STATUS_CORRUPT, "%s: step %u uses %s %u of %u",
                        what, step, isInput ? "input" : "output", b.index,
                        count);
    size = (isInput ? a.inputs : a.outputs)[b.index].bytes;
    break;
  }
  case MODELC_BUFFER_ARENA:
    size = a.arena_bytes;
    break;
  case MODELC_BUFFER_WEIGHTS:
    size = a.weights_bytes;
    break;
  default:
    return makeStatus(MODELC_STATUS_CORRUPT,
                      "%s: step %u has a buffer of unknown kind %u", what, step,
                      b.kind);
  }
  if (!fits(b.offset, b.bytes, size))
    return makeStatus(MODELC_STATUS_CORRUPT,
                      "%s: step %u reaches past the end of its buffer (%llu "
                      "bytes at %llu of %llu)",
                      what, step, (unsigned long long)b.bytes,
                      (unsigned long long)b.offset, (unsigned long long)size);
  return nullptr;
}

} // namespace

namespace {

bool isGemmType(int32_t dtype) {
  return dtype == 1 /* FLOAT */ || dtype == 10 /* FLOAT16 */ ||
         dtype == 16 /* BFLOAT16 */;
}

/// A library GEMM's description, on its own: values in range, arguments
/// within the kernel's.
modelc_status_t validateGemm(const modelc_artifact_kernel_t &kernel,
                             const char *what) {
  const modelc_artifact_gemm_t &g = *kernel.gemm;
  auto argument = [&](int32_t arg, bool optional) {
    return (optional && arg == -1) ||
           (arg >= 0 && uint32_t(arg) < kernel.num_args);
  };
  constexpr uint64_t kMaxExtent = uint64_t{1} << 31;
  bool valid =
      g.library == MODELC_GEMM_LIBRARY_CUBLASLT &&
      g.compute <= MODELC_GEMM_COMPUTE_TF32 && g.trans_a <= 1 &&
      g.trans_b <= 1 && g.relu <= 1 && isGemmType(g.ab_dtype) &&
      isGemmType(g.d_dtype) && (g.d_dtype == g.ab_dtype || g.d_dtype == 1) &&
      argument(g.arg_a, false) && argument(g.arg_b, false) &&
      argument(g.arg_d, false) && argument(g.arg_bias, true) &&
      argument(g.arg_c, true) && g.m && g.n && g.k && g.batch &&
      g.m < kMaxExtent && g.n < kMaxExtent && g.k < kMaxExtent &&
      g.batch < kMaxExtent && (g.batch == 1 || g.stride_d >= g.m * g.n) &&
      (!g.workspace_bytes || kernel.num_args >= 1) &&
      g.algorithm <= MODELC_GEMM_MAX_ALGORITHM && g.reserved == 0;
  if (!valid)
    return makeStatus(MODELC_STATUS_CORRUPT,
                      "%s: kernel '%s' has an invalid GEMM description", what,
                      kernel.name);
  return nullptr;
}

/// That a step's buffers hold what the GEMM reads and writes.
modelc_status_t validateGemmArguments(const modelc_artifact_kernel_t &kernel,
                                      const modelc_artifact_buffer_t *args,
                                      const char *what) {
  const modelc_artifact_gemm_t &g = *kernel.gemm;
  uint64_t ab = modelc_dtype_size(modelc_dtype_t(g.ab_dtype));
  uint64_t d = modelc_dtype_size(modelc_dtype_t(g.d_dtype));
  // Elements of one operand over all batch entries (strides stay below
  // 2^62 elements: every extent is below 2^31).
  auto span = [&](uint64_t stride, uint64_t matrix) {
    return (g.batch - 1) * stride + matrix;
  };
  struct Need {
    int32_t arg;
    uint64_t bytes;
  } needs[] = {
      {g.arg_a, ab * span(g.stride_a, g.m * g.k)},
      {g.arg_b, ab * span(g.stride_b, g.k * g.n)},
      {g.arg_d, d * span(g.stride_d, g.m * g.n)},
      {g.arg_c, d * span(g.stride_d, g.m * g.n)},
      {g.arg_bias, d * g.n},
      {g.workspace_bytes ? int32_t(kernel.num_args - 1) : -1,
       g.workspace_bytes},
  };
  for (const Need &need : needs)
    if (need.arg >= 0 && args[need.arg].bytes < need.bytes)
      return makeStatus(MODELC_STATUS_CORRUPT,
                        "%s: GEMM kernel '%s' argument %d has %llu bytes, "
                        "needs %llu",
                        what, kernel.name, need.arg,
                        (unsigned long long)args[need.arg].bytes,
                        (unsigned long long)need.bytes);
  return nullptr;
}

} // namespace

modelc_status_t modelc::runtime::validateDescriptor(const modelc_artifact_t &a,
                                                    const char *what) {
  if (a.magic != MODELC_ARTIFACT_MAGIC)
    return makeStatus(MODELC_STATUS_CORRUPT,
                      "%s: the modelc_artifact symbol has the wrong magic",
                      what);
  if (a.format_version != MODELC_ARTIFACT_FORMAT_VERSION)
    return makeStatus(MODELC_STATUS_INCOMPATIBLE,
                      "%s has artifact format version %u; this runtime reads "
                      "version %u (compile the model with a matching modelc)",
                      what, a.format_version, MODELC_ARTIFACT_FORMAT_VERSION);
  if (!a.target || !a.compiler_version || !a.content_hash || !a.model_name)
    return makeStatus(MODELC_STATUS_CORRUPT, "%s: missing header strings",
                      what);
  bool cuda = a.target_kind == MODELC_ARTIFACT_TARGET_CUDA;
  if (!cuda && a.target_kind != MODELC_ARTIFACT_TARGET_HOST)
    return makeStatus(MODELC_STATUS_INCOMPATIBLE,
                      "%s has unknown target kind %u", what, a.target_kind);
  size_t archLength = std::strlen(kHostArch);
  if (cuda) {
    // The device is checked against "sm_NN" when a session is created.
    if (parseCudaTarget(a.target) == 0)
      return makeStatus(MODELC_STATUS_INCOMPATIBLE,
                        "%s targets '%s', which is not a CUDA architecture "
                        "this runtime knows (sm_NN)",
                        what, a.target);
    if (!a.device_code || a.device_code_bytes == 0 ||
        a.device_code[a.device_code_bytes] != '\0')
      return makeStatus(MODELC_STATUS_CORRUPT,
                        "%s: the PTX device code is missing or not "
                        "terminated",
                        what);
  } else if (std::strncmp(a.target, kHostArch, archLength) != 0 ||
             a.target[archLength] != '-') {
    return makeStatus(MODELC_STATUS_INCOMPATIBLE,
                      "%s was compiled for %s; this runtime runs %s host "
                      "code",
                      what, a.target, kHostArch);
  }
  if (modelc_status_t s =
          validateTensors(a.inputs, a.num_inputs, "input", what))
    return s;
  if (modelc_status_t s =
          validateTensors(a.outputs, a.num_outputs, "output", what))
    return s;
  if (a.weights_bytes && !a.weights)
    return makeStatus(MODELC_STATUS_CORRUPT, "%s: weights are missing", what);
  if (a.alignment == 0 || (a.alignment & (a.alignment - 1)) ||
      a.alignment > 4096)
    return makeStatus(MODELC_STATUS_CORRUPT, "%s: bad buffer alignment %u",
                      what, a.alignment);
  if ((a.num_kernels && !a.kernels) || (a.num_steps && !a.steps) ||
      (a.num_args && !a.args))
    return makeStatus(MODELC_STATUS_CORRUPT, "%s: missing plan tables", what);
  for (uint32_t k = 0; k < a.num_kernels; ++k) {
    const modelc_artifact_kernel_t &kernel = a.kernels[k];
    if (!kernel.name || (!cuda && !kernel.host_entry))
      return makeStatus(MODELC_STATUS_CORRUPT,
                        "%s: kernel %u has no name or host entry point", what,
                        k);
    if (kernel.gemm && !cuda)
      return makeStatus(MODELC_STATUS_CORRUPT,
                        "%s: host kernel '%s' is a library GEMM", what,
                        kernel.name);
    if (!cuda)
      continue;
    if (kernel.gemm) {
      if (modelc_status_t status = validateGemm(kernel, what))
        return status;
      continue;
    }
    uint64_t threads =
        uint64_t(kernel.block[0]) * kernel.block[1] * kernel.block[2];
    if (threads == 0 || threads > 1024 || kernel.grid[0] == 0 ||
        kernel.grid[1] == 0 || kernel.grid[1] > 65535 || kernel.grid[2] == 0 ||
        kernel.grid[2] > 65535 || kernel.grid[0] > 0x7fffffffu)
      return makeStatus(MODELC_STATUS_CORRUPT,
                        "%s: kernel '%s' has an invalid launch geometry", what,
                        kernel.name);
  }
  for (uint32_t s = 0; s < a.num_steps; ++s) {
    const modelc_artifact_step_t &step = a.steps[s];
    if (step.first_arg > a.num_args ||
        step.num_args > a.num_args - step.first_arg)
      return makeStatus(MODELC_STATUS_CORRUPT,
                        "%s: step %u has arguments out of range", what, s);
    for (uint32_t i = 0; i < step.num_args; ++i)
      if (modelc_status_t status =
              validateBuffer(a, a.args[step.first_arg + i], s, what))
        return status;
    if (step.kind == MODELC_STEP_KERNEL) {
      if (step.kernel >= a.num_kernels)
        return makeStatus(MODELC_STATUS_CORRUPT,
                          "%s: step %u runs kernel %u of %u", what, s,
                          step.kernel, a.num_kernels);
      if (a.kernels[step.kernel].num_args != step.num_args)
        return makeStatus(MODELC_STATUS_CORRUPT,
                          "%s: step %u passes %u arguments to kernel '%s', "
                          "which takes %u",
                          what, s, step.num_args, a.kernels[step.kernel].name,
                          a.kernels[step.kernel].num_args);
      if (a.kernels[step.kernel].gemm)
        if (modelc_status_t status = validateGemmArguments(
                a.kernels[step.kernel], a.args + step.first_arg, what))
          return status;
    } else if (step.kind == MODELC_STEP_COPY) {
      if (step.num_args != 2 ||
          a.args[step.first_arg].bytes != a.args[step.first_arg + 1].bytes ||
          a.args[step.first_arg].kind == MODELC_BUFFER_INPUT ||
          a.args[step.first_arg].kind == MODELC_BUFFER_WEIGHTS)
        return makeStatus(MODELC_STATUS_CORRUPT,
                          "%s: copy step %u is malformed", what, s);
    } else {
      return makeStatus(MODELC_STATUS_CORRUPT,
                        "%s: step %u has unknown kind %u", what, s, step.kind);
    }
  }
  return nullptr;
}

modelc_model_s::~modelc_model_s() {
  if (library)
    ::dlclose(library);
  if (fd >= 0)
    ::close(fd);
}

modelc_status_t modelc::runtime::loadModel(const char *path,
                                           bool verifyIntegrity,
                                           modelc_model_t **out) {
  auto model = std::make_unique<modelc_model_s>();
  model->path = path;
  model->fd = ::open(path, O_RDONLY | O_CLOEXEC);
  if (model->fd < 0)
    return makeStatus(errno == ENOENT ? MODELC_STATUS_NOT_FOUND
                                      : MODELC_STATUS_INVALID_ARGUMENT,
                      "cannot open artifact '%s': %s", path,
                      std::strerror(errno));
  if (modelc_status_t status = checkFile(model->fd, path, verifyIntegrity))
    return status;

  std::string procPath = "/proc/self/fd/" + std::to_string(model->fd);
  bool viaProc = ::access(procPath.c_str(), F_OK) == 0;
  model->library =
      ::dlopen(viaProc ? procPath.c_str() : path, RTLD_NOW | RTLD_LOCAL);
  if (!model->library) {
    const char *error = ::dlerror();
    std::string reason = error ? error : "unknown error";
    bool foreign = reason.find("ELF class") != std::string::npos ||
                   reason.find("machine") != std::string::npos ||
                   reason.find("wrong ELF") != std::string::npos;
    return makeStatus(foreign ? MODELC_STATUS_INCOMPATIBLE
                              : MODELC_STATUS_CORRUPT,
                      "cannot load artifact '%s': %s", path, reason.c_str());
  }
  ::dlerror();
  model->artifact = static_cast<const modelc_artifact_t *>(
      ::dlsym(model->library, MODELC_ARTIFACT_SYMBOL));
  if (!model->artifact)
    return makeStatus(MODELC_STATUS_CORRUPT,
                      "'%s' is not a modelc artifact: it does not export '%s'",
                      path, MODELC_ARTIFACT_SYMBOL);
  std::string what = "artifact '" + model->path + "'";
  if (modelc_status_t status =
          validateDescriptor(*model->artifact, what.c_str()))
    return status;

  const modelc_artifact_t &a = *model->artifact;
  auto info = [](const modelc_artifact_tensor_t &t) {
    return modelc_tensor_info_t{t.name, modelc_dtype_t(t.dtype), t.rank, t.dims,
                                size_t(t.bytes)};
  };
  for (uint32_t i = 0; i < a.num_inputs; ++i)
    model->inputs.push_back(info(a.inputs[i]));
  for (uint32_t i = 0; i < a.num_outputs; ++i)
    model->outputs.push_back(info(a.outputs[i]));
  *out = model.release();
  return nullptr;
}

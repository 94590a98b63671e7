/*===- modelc/runtime.h - Run modelc-compiled models --------------*- C -*-===*\
|*                                                                            *|
|* Part of the modelc project, under the Apache License v2.0 with LLVM       *|
|* Exceptions. SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception       *|
|*                                                                            *|
\*===----------------------------------------------------------------------===*/
/*
 * The C API for loading a model compiled by `modelc` (an artifact, `.so`)
 * and running it. No exception, signal or abort crosses this API: every
 * function validates its arguments and reports through a status.
 *
 * Statuses. A function that can fail returns a modelc_status_t: NULL means
 * success; otherwise the caller owns the status and frees it with
 * modelc_status_free(). modelc_status_code() and modelc_status_message()
 * read it (both accept NULL, meaning OK).
 *
 * Objects and ownership.
 *   modelc_model_t   an opened artifact: its signature and weights. Created
 *                    by modelc_model_open(), released by modelc_model_close().
 *                    Sessions keep their model alive: closing a model with
 *                    live sessions is allowed, it is freed with the last one.
 *   modelc_session_t the memory to run a model (its activation arena,
 *                    allocated once at creation). Created by
 *                    modelc_session_create(), released by
 *                    modelc_session_destroy().
 *   modelc_tensor_t  a caller-owned description of a caller-owned buffer;
 *                    the runtime never keeps or frees it.
 * Strings and dimension arrays returned in modelc_tensor_info_t and
 * modelc_model_properties_t belong to the model and stay valid until it is
 * freed.
 *
 * Handles. A NULL, closed or destroyed handle passed to any function gives
 * MODELC_STATUS_INVALID_ARGUMENT (or 0 from functions returning a count);
 * the runtime tracks live handles, so this never reads freed memory.
 *
 * Thread safety. A model is immutable: any number of threads may use it and
 * create sessions from it concurrently. A session serializes its runs: two
 * threads calling modelc_session_run() on one session take turns. For
 * parallel runs, create one session per thread. GPU sessions push their
 * device's primary context for the duration of each call and pop it, so
 * they work from any thread and leave the caller's current context alone.
 *
 * Compatibility. modelc_model_open() checks the whole file (a SHA-256 the
 * compiler appended) before loading any of its code, then its format
 * version and target; a truncated, corrupted, foreign or incompatible file
 * is refused with a status.
 */

#ifndef MODELC_RUNTIME_H
#define MODELC_RUNTIME_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(_WIN32)
#define MODELC_API
#else
#define MODELC_API __attribute__((visibility("default")))
#endif

/*===----------------------------------------------------------------------===*
 * Statuses
 *===----------------------------------------------------------------------===*/

typedef struct modelc_status_s *modelc_status_t; /* NULL == OK */

typedef enum modelc_status_code_e {
  MODELC_STATUS_OK = 0,
  /* A NULL pointer, wrong count, unknown name, wrong dtype, shape or byte
     size, misaligned or overlapping buffer, or a stale handle. */
  MODELC_STATUS_INVALID_ARGUMENT = 1,
  /* The artifact file or a named input/output does not exist. */
  MODELC_STATUS_NOT_FOUND = 2,
  /* A valid artifact this runtime cannot run: another format version,
     target or architecture. */
  MODELC_STATUS_INCOMPATIBLE = 3,
  /* Not a modelc artifact, or truncated, or corrupted. */
  MODELC_STATUS_CORRUPT = 4,
  /* A needed driver or device is missing (GPU artifacts). */
  MODELC_STATUS_UNAVAILABLE = 5,
  /* Out of (host or device) memory. */
  MODELC_STATUS_RESOURCE_EXHAUSTED = 6,
  /* A kernel faulted on the device (trap, illegal address, ...). As the
     CUDA driver documents, CUDA is then unusable in the whole process: the
     session refuses later runs, and other GPU sessions' runs and new
     sessions get this status too. Restart the process to use the GPU
     again. */
  MODELC_STATUS_DEVICE_FAULT = 7,
  /* A bug in modelc. */
  MODELC_STATUS_INTERNAL = 8,
  /* Makes any 32-bit value a valid enumerator, for callers passing junk. */
  MODELC_STATUS_FORCE_INT32 = 0x7fffffff
} modelc_status_code_t;

MODELC_API modelc_status_code_t modelc_status_code(modelc_status_t status);
/* A message owned by `status` (valid until it is freed); "OK" for NULL. */
MODELC_API const char *modelc_status_message(modelc_status_t status);
MODELC_API void modelc_status_free(modelc_status_t status);
/* "OK", "INVALID_ARGUMENT", ... (static strings). */
MODELC_API const char *modelc_status_code_name(modelc_status_code_t code);

/*===----------------------------------------------------------------------===*
 * Element types: values equal ONNX TensorProto.DataType
 *===----------------------------------------------------------------------===*/

typedef enum modelc_dtype_e {
  MODELC_DTYPE_UNDEFINED = 0,
#define MODELC_DTYPE(NAME, VALUE, BYTES, MLIR) MODELC_DTYPE_##NAME = VALUE,
#include "modelc/dtype.def"
#undef MODELC_DTYPE
  /* Makes any 32-bit value a valid enumerator, for callers passing junk. */
  MODELC_DTYPE_FORCE_INT32 = 0x7fffffff
} modelc_dtype_t;

/* Bytes per element, or 0 for a dtype modelc does not know. */
MODELC_API size_t modelc_dtype_size(modelc_dtype_t dtype);
/* "FLOAT32", "INT64", ... or "UNDEFINED". */
MODELC_API const char *modelc_dtype_name(modelc_dtype_t dtype);

/*===----------------------------------------------------------------------===*
 * Models
 *===----------------------------------------------------------------------===*/

typedef struct modelc_model_s modelc_model_t;

typedef struct modelc_model_options {
  /* Check the artifact's SHA-256 before loading it (default 1). Skipping it
     saves reading the file once; only for files already verified. */
  int32_t verify_integrity;
} modelc_model_options_t;

MODELC_API void modelc_model_options_init(modelc_model_options_t *options);

/* Opens the artifact at `path`. `options` may be NULL (defaults). */
MODELC_API modelc_status_t
modelc_model_open(const char *path, const modelc_model_options_t *options,
                  modelc_model_t **out_model);
/* Releases the caller's reference. NULL is a no-op. */
MODELC_API void modelc_model_close(modelc_model_t *model);

typedef struct modelc_tensor_info {
  const char *name;
  modelc_dtype_t dtype;
  int32_t rank;
  const int64_t *dims;
  size_t bytes;
} modelc_tensor_info_t;

MODELC_API size_t modelc_model_input_count(const modelc_model_t *model);
MODELC_API size_t modelc_model_output_count(const modelc_model_t *model);
MODELC_API modelc_status_t modelc_model_input_info(
    const modelc_model_t *model, size_t index, modelc_tensor_info_t *out_info);
MODELC_API modelc_status_t modelc_model_output_info(
    const modelc_model_t *model, size_t index, modelc_tensor_info_t *out_info);
MODELC_API modelc_status_t modelc_model_find_input(const modelc_model_t *model,
                                                   const char *name,
                                                   size_t *out_index);
MODELC_API modelc_status_t modelc_model_find_output(const modelc_model_t *model,
                                                    const char *name,
                                                    size_t *out_index);

typedef struct modelc_model_properties {
  const char *model_name;
  const char *target; /* "x86_64-pc-linux-gnu", "sm_89", ... */
  const char *compiler_version;
  const char *content_hash; /* hex SHA-256 of plan, weights and code */
  uint32_t format_version;
  uint32_t num_kernels;
  uint64_t arena_bytes; /* memory one session allocates */
  uint64_t weights_bytes;
} modelc_model_properties_t;

MODELC_API modelc_status_t modelc_model_properties(
    const modelc_model_t *model, modelc_model_properties_t *out_properties);

/*===----------------------------------------------------------------------===*
 * Sessions
 *===----------------------------------------------------------------------===*/

typedef struct modelc_session_s modelc_session_t;

typedef struct modelc_session_options {
  int32_t device_ordinal; /* CUDA device (GPU artifacts); default 0 */
  /* GPU artifacts: record the plan's launches as a CUDA graph on the first
     run and replay it while the tensors' device addresses stay the same
     (host tensors always do: they are staged through session buffers).
     1 (default): on; 0: launch kernel by kernel. */
  int32_t cuda_graph;
  /* GPU artifacts: wait for each kernel and report a fault with the name of
     the kernel and ONNX nodes that caused it (slow; for debugging).
     Default 0. */
  int32_t synchronize_each_kernel;
  /* Time every kernel launch, for modelc_session_kernel_profile(): GPU
     artifacts record a CUDA event before and after each kernel (the plan
     is launched kernel by kernel, not as a CUDA graph, and every run waits
     for its kernels); host artifacts read a steady clock. Default 0. */
  int32_t profile;
} modelc_session_options_t;

MODELC_API void modelc_session_options_init(modelc_session_options_t *options);

/* Allocates the session's memory once. `options` may be NULL.
   GPU artifacts: loads the CUDA driver (libcuda.so.1, with dlopen), checks
   the device against the artifact (compute capability at least the
   target's, a driver new enough for its PTX), JIT-compiles the PTX, and
   allocates the arena and uploads the weights on the device. Artifacts
   whose plan runs GEMMs with cuBLASLt (modelc --gemm-library) also load
   libcublasLt (with dlopen: $MODELC_LIBCUBLASLT, else libcublasLt.so.13
   or .12 from the loader's path, $CUDA_HOME/lib64 or
   /usr/local/cuda/lib64) and pick each GEMM's algorithm here; other
   artifacts never load it. Without a driver, GPU or a needed cuBLASLt
   this returns MODELC_STATUS_UNAVAILABLE; on a device or driver too old
   for the artifact, MODELC_STATUS_INCOMPATIBLE. */
MODELC_API modelc_status_t modelc_session_create(
    modelc_model_t *model, const modelc_session_options_t *options,
    modelc_session_t **out_session);
/* NULL is a no-op. */
MODELC_API void modelc_session_destroy(modelc_session_t *session);

/* A caller-owned buffer. With `name` NULL a tensor is matched by its
   position; with a name, by name (any order). dtype, rank and dims must
   equal the model's, and `bytes` its byte size. `data` must be aligned to
   the element size. Outputs must not overlap inputs or each other.
   Host artifacts read and write host memory. GPU artifacts take either
   host memory (copied through session buffers) or device memory of the
   session's device (cuMemAlloc or cudaMalloc; used in place when 16-byte
   aligned, else copied through session buffers too), told apart by the
   driver, per tensor. */
typedef struct modelc_tensor {
  const char *name;
  modelc_dtype_t dtype;
  int32_t rank;
  const int64_t *dims;
  void *data;
  size_t bytes;
} modelc_tensor_t;

/* Runs the model: reads `inputs`, writes `outputs` (all of them), and
   returns when the outputs are written. */
MODELC_API modelc_status_t modelc_session_run(modelc_session_t *session,
                                              const modelc_tensor_t *inputs,
                                              size_t input_count,
                                              const modelc_tensor_t *outputs,
                                              size_t output_count);

/* One kernel's share of a profiled session's runs so far. */
typedef struct modelc_kernel_profile {
  const char *name;       /* PTX entry point or host symbol */
  const char *onnx_nodes; /* the ONNX nodes it computes, ';'-separated */
  uint64_t flops;    /* per launch, for matmuls and convolutions on GPUs (2
                        per multiply-add); 0 when not counted */
  uint64_t launches; /* timed launches */
  double total_ms;   /* their summed time */
} modelc_kernel_profile_t;

/* The timings of kernel `index` (0 to num_kernels - 1, see
   modelc_model_properties) of a session created with `profile` set;
   INVALID_ARGUMENT otherwise. The strings live as long as the model. Safe
   to call while another thread runs the session (it waits for the run). */
MODELC_API modelc_status_t modelc_session_kernel_profile(
    modelc_session_t *session, uint32_t index,
    modelc_kernel_profile_t *out_profile);

typedef struct modelc_run_options {
  /* GPU artifacts: the CUstream (or cudaStream_t) to run on, ordered after
     the work already on it; NULL (default): the session's own stream. */
  void *cuda_stream;
  /* GPU artifacts: 1 (default) returns when the outputs are written; 0
     returns once the work is enqueued on the stream, which the caller
     synchronizes (only when every input and output is device memory;
     otherwise the run synchronizes anyway). Host artifacts always finish
     the run. */
  int32_t synchronize;
} modelc_run_options_t;

MODELC_API void modelc_run_options_init(modelc_run_options_t *options);

/* GPU sessions: device memory on the session's device, for inputs and
   outputs that stay on the GPU, without linking CUDA. The caller owns the
   allocation and frees it with modelc_session_device_free() before
   destroying the session. Host sessions return INVALID_ARGUMENT. */
MODELC_API modelc_status_t modelc_session_device_alloc(
    modelc_session_t *session, size_t bytes, void **out_pointer);
MODELC_API modelc_status_t modelc_session_device_free(modelc_session_t *session,
                                                      void *pointer);
/* Copies `bytes` between host and device memory, in any direction
   (synchronous). */
MODELC_API modelc_status_t modelc_session_memcpy(modelc_session_t *session,
                                                 void *destination,
                                                 const void *source,
                                                 size_t bytes);

/* modelc_session_run with options; `options` may be NULL (the defaults). */
MODELC_API modelc_status_t modelc_session_run_with_options(
    modelc_session_t *session, const modelc_tensor_t *inputs,
    size_t input_count, const modelc_tensor_t *outputs, size_t output_count,
    const modelc_run_options_t *options);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* MODELC_RUNTIME_H */

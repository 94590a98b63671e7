/*===- modelc/artifact_format.h - Layout of a compiled model -------*- C
-*-===*\
|*                                                                            *|
|* Part of the modelc project, under the Apache License v2.0 with LLVM       *|
|* Exceptions. SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception       *|
|*                                                                            *|
|*===----------------------------------------------------------------------===*|
|*                                                                            *|
|* The contract between the compiler and the runtime. An artifact is a       *|
|* shared library that exports one data symbol, MODELC_ARTIFACT_SYMBOL, of   *|
|* type modelc_artifact_t: the model's signature, its execution plan (steps  *|
|* over kernels and buffers) and its weights. The file ends with a           *|
|* modelc_artifact_footer_t (appended after linking, ignored by the dynamic  *|
|* loader) that lets the runtime check the whole file before it is loaded.   *|
|*                                                                            *|
|* Applications use modelc/runtime.h; this header is for the compiler and    *|
|* the runtime. Any change to these structures bumps                         *|
|* MODELC_ARTIFACT_FORMAT_VERSION; the first two fields never move, so a     *|
|* runtime can tell any artifact's version.                                  *|
|*                                                                            *|
\*===----------------------------------------------------------------------===*/

#ifndef MODELC_ARTIFACT_FORMAT_H
#define MODELC_ARTIFACT_FORMAT_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define MODELC_ARTIFACT_SYMBOL "modelc_artifact"
/* "MODELCAR" read as a little-endian 64-bit integer. */
#define MODELC_ARTIFACT_MAGIC 0x5241434c45444f4dull
#define MODELC_ARTIFACT_FORMAT_VERSION 4u

/* The footer's magic, at both ends of the footer. */
#define MODELC_FOOTER_MAGIC "MODELCFT"

typedef enum modelc_artifact_target_kind_e {
  MODELC_ARTIFACT_TARGET_HOST = 1, /* kernels are host functions */
  MODELC_ARTIFACT_TARGET_CUDA = 2, /* kernels are PTX entry points */
} modelc_artifact_target_kind_t;

/* Where a buffer of the plan lives. */
typedef enum modelc_buffer_kind_e {
  MODELC_BUFFER_INPUT = 0,   /* the caller's input `index` */
  MODELC_BUFFER_OUTPUT = 1,  /* the caller's output `index` */
  MODELC_BUFFER_ARENA = 2,   /* the session's activation arena */
  MODELC_BUFFER_WEIGHTS = 3, /* the artifact's weights */
} modelc_buffer_kind_t;

typedef enum modelc_step_kind_e {
  MODELC_STEP_KERNEL = 0, /* run `kernel` on args[first_arg, +num_args) */
  MODELC_STEP_COPY = 1,   /* copy args[first_arg + 1] into args[first_arg] */
} modelc_step_kind_t;

/* A model input or output. Dimensions are static. */
typedef struct modelc_artifact_tensor {
  const char *name;
  int32_t dtype; /* ONNX TensorProto.DataType, see modelc/dtype.def */
  int32_t rank;
  const int64_t *dims;
  uint64_t bytes;
} modelc_artifact_tensor_t;

/* A byte range: `bytes` bytes at `offset` in a buffer of kind `kind`. */
typedef struct modelc_artifact_buffer {
  uint32_t kind;  /* modelc_buffer_kind_t */
  uint32_t index; /* input or output number (INPUT, OUTPUT) */
  uint64_t offset;
  uint64_t bytes;
} modelc_artifact_buffer_t;

/* A host kernel takes one pointer per argument of its step. */
typedef void (*modelc_host_kernel_fn)(void *const *args);

/* The library that runs a GEMM kernel (modelc_artifact_gemm_t). */
typedef enum modelc_gemm_library_e {
  MODELC_GEMM_LIBRARY_CUBLASLT = 1, /* cuBLASLt, loaded with dlopen */
} modelc_gemm_library_t;

/* How a GEMM multiplies f32 operands; 16-bit ones accumulate in fp32. */
typedef enum modelc_gemm_compute_e {
  MODELC_GEMM_COMPUTE_F32 = 0,  /* fp32 FMA */
  MODELC_GEMM_COMPUTE_TF32 = 1, /* tensor cores, operands rounded to TF32 */
} modelc_gemm_compute_t;

/* A kernel that a library computes instead of device code: per batch
 * entry, in row-major terms,
 *   D = relu?(alpha * op(A) op(B) + beta * C + bias)
 * with op(A) M x K, op(B) K x N, C and D M x N, and the bias N elements
 * added to every row. Operands are arguments of the kernel's step, by
 * number (-1: none); the step's last argument is the workspace when
 * workspace_bytes is not 0. Since version 3. */
typedef struct modelc_artifact_gemm {
  uint32_t library; /* modelc_gemm_library_t */
  uint32_t compute; /* modelc_gemm_compute_t */
  uint32_t trans_a; /* 1: A is stored K x M */
  uint32_t trans_b; /* 1: B is stored N x K */
  uint32_t relu;    /* 1: max(0, .) last */
  int32_t ab_dtype; /* ONNX dtype of A and B: FLOAT, FLOAT16 or BFLOAT16 */
  int32_t d_dtype;  /* ONNX dtype of D, C and the bias */
  int32_t arg_a, arg_b, arg_bias, arg_c, arg_d;
  float alpha, beta;
  uint64_t m, n, k, batch;
  /* Elements between consecutive batch entries; 0 broadcasts A or B. C
     and D use stride_d. */
  uint64_t stride_a, stride_b, stride_d;
  uint64_t workspace_bytes;
  /* Which of cuBLASLt's heuristic results for this GEMM, best first, to
     run: 0 is cuBLASLt's pick; tuning (a tuning cache's 'cublaslt' line)
     may name a later one, at most MODELC_GEMM_MAX_ALGORITHM. When the GPU
     at hand offers fewer, the runtime runs the first. Since version 4. */
  uint32_t algorithm;
  uint32_t reserved; /* 0 */
} modelc_artifact_gemm_t;

#define MODELC_GEMM_MAX_ALGORITHM 31u

typedef struct modelc_artifact_kernel {
  const char *name;       /* its symbol, or PTX entry point */
  const char *onnx_nodes; /* the ONNX nodes it computes, ';'-separated */
  modelc_host_kernel_fn host_entry; /* host target; NULL otherwise */
  uint32_t num_args;                /* inputs + outputs (+ 1 scratch) */
  uint32_t grid[3];                 /* CUDA launch geometry; 0 for host */
  uint32_t block[3];
  uint32_t shared_bytes;
  /* Floating-point operations per launch of a matmul or convolution (2 per
     multiply-add), for profiles; 0 when not counted. Since version 2. */
  uint64_t flops;
  /* CUDA target: the GEMM a library computes instead of launching `name`
     (which the PTX then does not have); NULL for device code. Since
     version 3. */
  const modelc_artifact_gemm_t *gemm;
} modelc_artifact_kernel_t;

typedef struct modelc_artifact_step {
  uint32_t kind;   /* modelc_step_kind_t */
  uint32_t kernel; /* index into kernels (KERNEL) */
  uint32_t first_arg;
  uint32_t num_args;
} modelc_artifact_step_t;

typedef struct modelc_artifact {
  uint64_t magic;          /* MODELC_ARTIFACT_MAGIC */
  uint32_t format_version; /* MODELC_ARTIFACT_FORMAT_VERSION */
  uint32_t target_kind;    /* modelc_artifact_target_kind_t */
  const char *target;      /* "x86_64-unknown-linux-gnu", "sm_89", ... */
  const char *compiler_version;
  const char *content_hash; /* hex SHA-256 of the plan, weights and code */
  const char *model_name;
  uint32_t num_inputs;
  uint32_t num_outputs;
  const modelc_artifact_tensor_t *inputs;
  const modelc_artifact_tensor_t *outputs;
  uint64_t arena_bytes;
  uint64_t weights_bytes;
  const void *weights;
  uint32_t num_kernels;
  uint32_t num_steps;
  uint32_t num_args;
  uint32_t alignment; /* of arena and weight offsets, in bytes */
  const modelc_artifact_kernel_t *kernels;
  const modelc_artifact_step_t *steps;
  const modelc_artifact_buffer_t *args;
  const char *device_code; /* PTX (CUDA target); NULL for host */
  uint64_t device_code_bytes;
} modelc_artifact_t;

/* The last 64 bytes of an artifact file. `sha256` covers the
 * `payload_bytes` bytes before the footer, which are the whole file
 * otherwise. */
typedef struct modelc_artifact_footer {
  char magic[8]; /* MODELC_FOOTER_MAGIC */
  uint64_t payload_bytes;
  uint8_t sha256[32];
  uint32_t format_version;
  uint32_t reserved;
  char end_magic[8]; /* MODELC_FOOTER_MAGIC */
} modelc_artifact_footer_t;

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* MODELC_ARTIFACT_FORMAT_H */

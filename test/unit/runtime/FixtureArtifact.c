/*===- FixtureArtifact.c - Hand-made artifacts for runtime tests ----*- C -*-===*\
|*                                                                            *|
|* Part of the modelc project, under the Apache License v2.0 with LLVM       *|
|* Exceptions. SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception       *|
|*                                                                            *|
|*===----------------------------------------------------------------------===*|
|*                                                                            *|
|* A tiny model written directly against artifact_format.h, so the runtime  *|
|* is tested without the compiler, and so broken variants can be made:      *|
|*                                                                            *|
|*   inputs  x, y : FLOAT32 [2,3]                                            *|
|*   outputs sum = x + y + w (w: weights, 1..6), x_copy = x                  *|
|*   plan    add(x, y -> arena); add(arena, w -> sum); copy(x -> x_copy)     *|
|*                                                                            *|
|* The build compiles it once per variant, selected by FIXTURE_* macros;    *|
|* the tests append the footer that modelc's linker step would.             *|
|*                                                                            *|
\*===----------------------------------------------------------------------===*/

#include "modelc/artifact_format.h"

#include <stddef.h>

#ifndef FIXTURE_FORMAT_VERSION
#define FIXTURE_FORMAT_VERSION MODELC_ARTIFACT_FORMAT_VERSION
#endif
#ifndef FIXTURE_MAGIC
#define FIXTURE_MAGIC MODELC_ARTIFACT_MAGIC
#endif
#ifndef FIXTURE_TARGET_KIND
#define FIXTURE_TARGET_KIND MODELC_ARTIFACT_TARGET_HOST
#endif
#ifndef FIXTURE_TARGET
#if defined(__aarch64__)
#define FIXTURE_TARGET "aarch64-unknown-linux-gnu"
#else
#define FIXTURE_TARGET "x86_64-unknown-linux-gnu"
#endif
#endif
/* Offset of the arena range of step 0's output; past the end if broken. */
#ifndef FIXTURE_ARENA_OFFSET
#define FIXTURE_ARENA_OFFSET 0
#endif
#ifndef FIXTURE_SYMBOL
#define FIXTURE_SYMBOL modelc_artifact
#endif

/* The GPU variants: PTX instead of host code. FIXTURE_CUDA alone is never
   JIT-compiled (the CPU tests have no GPU); FIXTURE_CUDA_ADD computes the
   model on the GPU, FIXTURE_CUDA_TRAP's kernel executes `trap` (a device
   fault on demand, for the GPU fault tests). */
#ifdef FIXTURE_CUDA
#define PTX_HEADER ".version 7.8\n.target sm_89\n.address_size 64\n"
#define PTX_PARAMS "(.param .u64 a, .param .u64 b, .param .u64 c)"
#if defined(FIXTURE_CUDA_ADD)
static const char ptx[] =
    PTX_HEADER ".visible .entry add6" PTX_PARAMS " {\n"
    "  .reg .pred %p<1>;\n  .reg .b32 %r<1>;\n  .reg .f32 %f<3>;\n"
    "  .reg .b64 %rd<7>;\n"
    "  mov.u32 %r0, %tid.x;\n  setp.ge.u32 %p0, %r0, 6;\n  @%p0 bra DONE;\n"
    "  ld.param.u64 %rd0, [a];\n  ld.param.u64 %rd1, [b];\n"
    "  ld.param.u64 %rd2, [c];\n  cvta.to.global.u64 %rd0, %rd0;\n"
    "  cvta.to.global.u64 %rd1, %rd1;\n  cvta.to.global.u64 %rd2, %rd2;\n"
    "  mul.wide.u32 %rd3, %r0, 4;\n  add.s64 %rd4, %rd0, %rd3;\n"
    "  add.s64 %rd5, %rd1, %rd3;\n  add.s64 %rd6, %rd2, %rd3;\n"
    "  ld.global.f32 %f0, [%rd4];\n  ld.global.f32 %f1, [%rd5];\n"
    "  add.rn.f32 %f2, %f0, %f1;\n  st.global.f32 [%rd6], %f2;\n"
    "DONE:\n  ret;\n}\n";
#elif defined(FIXTURE_CUDA_TRAP)
static const char ptx[] = PTX_HEADER ".visible .entry add6" PTX_PARAMS
                          " {\n  trap;\n  ret;\n}\n";
#else
static const char ptx[] = PTX_HEADER ".visible .entry add6() { ret; }\n";
#endif
#define FIXTURE_ENTRY NULL
#define FIXTURE_GRID {1, 1, 1}
#define FIXTURE_BLOCK {32, 1, 1}
#define FIXTURE_DEVICE_CODE ptx
#define FIXTURE_DEVICE_CODE_BYTES (sizeof(ptx) - 1)
#else
#define FIXTURE_ENTRY add6
#define FIXTURE_GRID {0, 0, 0}
#define FIXTURE_BLOCK {0, 0, 0}
#define FIXTURE_DEVICE_CODE NULL
#define FIXTURE_DEVICE_CODE_BYTES 0
#endif

#ifndef FIXTURE_CUDA
static void add6(void *const *args) {
  const float *a = (const float *)args[0];
  const float *b = (const float *)args[1];
  float *c = (float *)args[2];
  for (int i = 0; i < 6; ++i)
    c[i] = a[i] + b[i];
}
#endif

/* FIXTURE_GEMM: the kernel is a cuBLASLt GEMM instead, x (2x3) times y
   transposed (3x2) into the first 16 bytes of its output; FIXTURE_GEMM_K
   (default 3) makes its description read past x, FIXTURE_GEMM_ALGORITHM
   sets its algorithm index. Only opened, never run. */
#ifdef FIXTURE_GEMM
#ifndef FIXTURE_GEMM_K
#define FIXTURE_GEMM_K 3
#endif
#ifndef FIXTURE_GEMM_ALGORITHM
#define FIXTURE_GEMM_ALGORITHM 0
#endif
static const modelc_artifact_gemm_t gemm = {
    MODELC_GEMM_LIBRARY_CUBLASLT,
    MODELC_GEMM_COMPUTE_F32,
    /*trans_a=*/0,
    /*trans_b=*/1,
    /*relu=*/0,
    /*ab_dtype=*/1,
    /*d_dtype=*/1,
    /*arg_a=*/0,
    /*arg_b=*/1,
    /*arg_bias=*/-1,
    /*arg_c=*/-1,
    /*arg_d=*/2,
    /*alpha=*/1.0f,
    /*beta=*/0.0f,
    /*m=*/2,
    /*n=*/2,
    /*k=*/FIXTURE_GEMM_K,
    /*batch=*/1,
    0,
    0,
    0,
    /*workspace_bytes=*/0,
    /*algorithm=*/FIXTURE_GEMM_ALGORITHM,
    /*reserved=*/0};
#define FIXTURE_GEMM_DESCRIPTION &gemm
#else
#define FIXTURE_GEMM_DESCRIPTION NULL
#endif

static const int64_t dims[2] = {2, 3};
static const modelc_artifact_tensor_t inputs[2] = {
    {"x", 1, 2, dims, 24},
    {"y", 1, 2, dims, 24},
};
static const modelc_artifact_tensor_t outputs[2] = {
    {"sum", 1, 2, dims, 24},
    {"x_copy", 1, 2, dims, 24},
};
static const float weights[6] __attribute__((aligned(64))) = {1, 2, 3,
                                                              4, 5, 6};
static const modelc_artifact_kernel_t kernels[1] = {
    {"add6", "Add_0;Add_1", FIXTURE_ENTRY, 3, FIXTURE_GRID, FIXTURE_BLOCK, 0,
     /*flops=*/0, FIXTURE_GEMM_DESCRIPTION},
};
static const modelc_artifact_buffer_t args[8] = {
    {MODELC_BUFFER_INPUT, 0, 0, 24},
    {MODELC_BUFFER_INPUT, 1, 0, 24},
    {MODELC_BUFFER_ARENA, 0, FIXTURE_ARENA_OFFSET, 24},
    {MODELC_BUFFER_ARENA, 0, 0, 24},
    {MODELC_BUFFER_WEIGHTS, 0, 0, 24},
    {MODELC_BUFFER_OUTPUT, 0, 0, 24},
    {MODELC_BUFFER_OUTPUT, 1, 0, 24},
    {MODELC_BUFFER_INPUT, 0, 0, 24},
};
static const modelc_artifact_step_t steps[3] = {
    {MODELC_STEP_KERNEL, 0, 0, 3},
    {MODELC_STEP_KERNEL, 0, 3, 3},
    {MODELC_STEP_COPY, 0, 6, 2},
};

__attribute__((visibility("default"))) const modelc_artifact_t FIXTURE_SYMBOL =
    {
        FIXTURE_MAGIC,
        FIXTURE_FORMAT_VERSION,
        FIXTURE_TARGET_KIND,
        FIXTURE_TARGET,
        "fixture 1.0",
        "0000000000000000000000000000000000000000000000000000000000000000",
        "fixture",
        2,
        2,
        inputs,
        outputs,
        64, /* arena_bytes */
        sizeof(weights),
        weights,
        1,
        3,
        8,
        64,
        kernels,
        steps,
        args,
        FIXTURE_DEVICE_CODE,
        FIXTURE_DEVICE_CODE_BYTES,
};

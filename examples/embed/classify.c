/*===- classify.c - Embed a modelc-compiled classifier in a C program -----===*\
|*                                                                            *|
|* Part of the modelc project, under the Apache License v2.0 with LLVM       *|
|* Exceptions. SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception       *|
|*                                                                            *|
|*===----------------------------------------------------------------------===*|
|*                                                                            *|
|* usage: classify MODEL.so [IMAGE.f32]                                      *|
|*                                                                            *|
|* Loads a model compiled by `modelc` with the runtime's C API, feeds it one *|
|* float32 input (raw little-endian floats from IMAGE.f32, or a fixed test   *|
|* pattern), runs it and prints the five highest scores of its first output. *|
|* Everything an application does: open, inspect the signature, create a    *|
|* session once, run, read statuses, release.                                *|
|*                                                                            *|
\*===----------------------------------------------------------------------===*/

#include "modelc/runtime.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Prints the status, frees it, and returns 1 if it is an error. */
static int failed(modelc_status_t status, const char *what) {
  if (!status)
    return 0;
  fprintf(stderr, "classify: %s: %s: %s\n", what,
          modelc_status_code_name(modelc_status_code(status)),
          modelc_status_message(status));
  modelc_status_free(status);
  return 1;
}

static size_t element_count(const modelc_tensor_info_t *info) {
  size_t n = 1;
  for (int32_t i = 0; i < info->rank; ++i)
    n *= (size_t)info->dims[i];
  return n;
}

static void print_shape(const modelc_tensor_info_t *info) {
  printf("[");
  for (int32_t i = 0; i < info->rank; ++i)
    printf(i ? ",%lld" : "%lld", (long long)info->dims[i]);
  printf("]");
}

int main(int argc, char **argv) {
  if (argc < 2 || argc > 3) {
    fprintf(stderr, "usage: %s MODEL.so [IMAGE.f32]\n", argv[0]);
    return 2;
  }
  int rc = 1;
  modelc_model_t *model = NULL;
  modelc_session_t *session = NULL;
  float *input = NULL, *output = NULL;

  if (failed(modelc_model_open(argv[1], NULL, &model), "opening the model"))
    goto done;
  modelc_model_properties_t props;
  modelc_tensor_info_t in, out;
  if (failed(modelc_model_properties(model, &props), "reading properties") ||
      failed(modelc_model_input_info(model, 0, &in), "reading input 0") ||
      failed(modelc_model_output_info(model, 0, &out), "reading output 0"))
    goto done;
  printf("model '%s' (%s, compiled by %s)\n", props.model_name, props.target,
         props.compiler_version);
  printf("  input  '%s' %s ", in.name, modelc_dtype_name(in.dtype));
  print_shape(&in);
  printf("\n  output '%s' %s ", out.name, modelc_dtype_name(out.dtype));
  print_shape(&out);
  printf("\n  %llu bytes of activations per session, %llu bytes of weights\n",
         (unsigned long long)props.arena_bytes,
         (unsigned long long)props.weights_bytes);
  if (modelc_model_input_count(model) != 1 ||
      in.dtype != MODELC_DTYPE_FLOAT32 || out.dtype != MODELC_DTYPE_FLOAT32) {
    fprintf(stderr, "classify: expects one FLOAT32 input and a FLOAT32 "
                    "first output\n");
    goto done;
  }

  /* The input: a file of raw floats, or a fixed pattern. */
  size_t n_in = element_count(&in), n_out = element_count(&out);
  input = malloc(in.bytes);
  output = malloc(out.bytes);
  if (!input || !output) {
    fprintf(stderr, "classify: out of memory\n");
    goto done;
  }
  if (argc == 3) {
    FILE *f = fopen(argv[2], "rb");
    size_t got = f ? fread(input, sizeof(float), n_in, f) : 0;
    if (f)
      fclose(f);
    if (got != n_in) {
      fprintf(stderr, "classify: '%s' must hold %zu float32 values\n",
              argv[2], n_in);
      goto done;
    }
  } else {
    for (size_t i = 0; i < n_in; ++i)
      input[i] = (float)((i * 37) % 101) / 101.0f;
  }

  /* A session owns the activation memory; create it once, run it often. */
  if (failed(modelc_session_create(model, NULL, &session), "creating a session"))
    goto done;
  modelc_tensor_t inputs[1] = {{in.name, in.dtype, in.rank, in.dims, input, in.bytes}};
  size_t n_outputs = modelc_model_output_count(model);
  modelc_tensor_t *outputs = calloc(n_outputs, sizeof(modelc_tensor_t));
  void **extra = calloc(n_outputs, sizeof(void *));
  int ok = outputs && extra;
  for (size_t i = 0; ok && i < n_outputs; ++i) {
    modelc_tensor_info_t info;
    ok = !failed(modelc_model_output_info(model, i, &info), "reading outputs");
    void *data = i == 0 ? (void *)output : (extra[i] = malloc(info.bytes));
    ok = ok && data;
    if (ok)
      outputs[i] = (modelc_tensor_t){info.name, info.dtype, info.rank,
                                     info.dims, data, info.bytes};
  }
  ok = ok && !failed(modelc_session_run(session, inputs, 1, outputs, n_outputs),
                     "running the model");
  for (size_t i = 1; extra && i < n_outputs; ++i)
    free(extra[i]);
  free(extra);
  free(outputs);
  if (!ok)
    goto done;

  /* The five highest scores. */
  printf("top scores of '%s':\n", out.name);
  for (int rank = 0; rank < 5 && rank < (int)n_out; ++rank) {
    size_t best = 0;
    for (size_t i = 1; i < n_out; ++i)
      if (output[i] > output[best])
        best = i;
    printf("  #%d  class %zu  %.6f\n", rank + 1, best, output[best]);
    output[best] = -HUGE_VALF;
  }
  rc = 0;

done:
  free(input);
  free(output);
  modelc_session_destroy(session);
  modelc_model_close(model);
  return rc;
}

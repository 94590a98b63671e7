//===- CublasLt.h - GEMM kernels run by cuBLASLt ----------------*- C++ -*-===//
//
// Part of the modelc project, under the Apache License v2.0 with LLVM
// Exceptions. SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Kernels the compiler gave to cuBLASLt (modelc_artifact_gemm_t). The
// runtime does not link libcublasLt: it is opened with dlopen when the first
// session of an artifact with such a kernel is created, so artifacts without
// one, and applications running only them, never need it. The name can be
// overridden with $MODELC_LIBCUBLASLT.
//
// A session prepares each GEMM once (descriptors and the algorithm
// cuBLASLt's heuristic picks for its shapes, types and alignment); a run
// only sets the bias pointer and enqueues cublasLtMatmul on the run's
// stream, with the workspace in the session's arena, so runs allocate
// nothing and can be recorded in a CUDA graph.
//
// The few cuBLASLt types and constants needed are declared in CublasLtAbi.h
// (checked against cublasLt.h by a unit test where the header exists), so
// building the runtime needs no CUDA headers.
//
// Thread safety: a CublasLtGemms belongs to one session and is used under
// the session's run mutex.
//
//===----------------------------------------------------------------------===//

#ifndef MODELC_RUNTIME_CUBLASLT_H
#define MODELC_RUNTIME_CUBLASLT_H

#include "CudaDriver.h"
#include "modelc/artifact_format.h"

#include <cstddef>
#include <cstdint>

namespace modelc::runtime {

struct CublasLtGemms;

/// Whether any kernel of `artifact` is a library GEMM.
bool hasLibraryGemms(const modelc_artifact_t &artifact);

/// Loads cuBLASLt (once per process), creates a handle and prepares every
/// GEMM kernel of `artifact` with the arena and weights at `arena` and
/// `weights`. The session's CUDA context must be current. `what` names the
/// artifact in errors.
modelc_status_t createCublasLtGemms(const modelc_artifact_t &artifact,
                                    const char *what, CUdeviceptr arena,
                                    CUdeviceptr weights, CublasLtGemms **out);

/// Enqueues kernel `kernel` (a GEMM) on `stream`, with `args` the device
/// addresses of its step's arguments.
modelc_status_t enqueueCublasLtGemm(CublasLtGemms &gemms,
                                    const modelc_artifact_t &artifact,
                                    uint32_t kernel, const CUdeviceptr *args,
                                    CUstream stream);

/// Frees the descriptors and the handle; the context must be current and
/// the session's work finished.
void destroyCublasLtGemms(CublasLtGemms *gemms);

} // namespace modelc::runtime

#endif // MODELC_RUNTIME_CUBLASLT_H

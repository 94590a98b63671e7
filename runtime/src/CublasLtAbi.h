//===- CublasLtAbi.h - The cuBLASLt API, declared -------------*- C++ -*-===//
//
// Part of the modelc project, under the Apache License v2.0 with LLVM
// Exceptions. SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// The cuBLASLt types, constants and functions the runtime uses, declared
// here so that building it needs no CUDA headers. They are cuBLASLt's
// stable C ABI (CUDA 12 and 13); test/unit/runtime/CublasLtAbiTest.cpp
// checks them against cublasLt.h wherever the header is installed.
//
//===----------------------------------------------------------------------===//

#ifndef MODELC_RUNTIME_CUBLASLTABI_H
#define MODELC_RUNTIME_CUBLASLTABI_H

#include "CudaDriver.h"

#include <cstddef>
#include <cstdint>

namespace modelc::runtime::cublaslt {
using Status = int;
using Handle = struct cublasLtContext *;
using MatmulDesc = struct MatmulDescOpaque *;
using MatrixLayout = struct MatrixLayoutOpaque *;
using Preference = struct PreferenceOpaque *;
struct Algo {
  uint64_t data[8];
};
struct HeuristicResult {
  Algo algo;
  size_t workspaceSize;
  Status state;
  float wavesCount;
  int reserved[4];
};
constexpr Status kSuccess = 0;
constexpr int kR32F = 0, kR16F = 2, kR16BF = 14; // cudaDataType
constexpr int kCompute32F = 68, kCompute32FFastTF32 = 77;
constexpr int kOpN = 0, kOpT = 1;
// cublasLtMatmulDescAttributes_t
constexpr int kDescTransA = 3, kDescTransB = 4, kDescEpilogue = 7,
              kDescBiasPointer = 8;
// cublasLtEpilogue_t
constexpr uint32_t kEpilogueDefault = 1, kEpilogueRelu = 2, kEpilogueBias = 4;
// cublasLtMatrixLayoutAttribute_t
constexpr int kLayoutBatchCount = 5, kLayoutStridedBatchOffset = 6;
// cublasLtMatmulPreferenceAttributes_t
constexpr int kPrefMaxWorkspaceBytes = 1, kPrefMinAlignmentA = 5,
              kPrefMinAlignmentB = 6, kPrefMinAlignmentC = 7,
              kPrefMinAlignmentD = 8;

struct Api {
  Status (*create)(Handle *);
  Status (*destroy)(Handle);
  size_t (*getVersion)();
  const char *(*getStatusString)(Status);
  Status (*descCreate)(MatmulDesc *, int computeType, int scaleType);
  Status (*descDestroy)(MatmulDesc);
  Status (*descSetAttribute)(MatmulDesc, int, const void *, size_t);
  Status (*layoutCreate)(MatrixLayout *, int type, uint64_t rows, uint64_t cols,
                         int64_t ld);
  Status (*layoutDestroy)(MatrixLayout);
  Status (*layoutSetAttribute)(MatrixLayout, int, const void *, size_t);
  Status (*preferenceCreate)(Preference *);
  Status (*preferenceDestroy)(Preference);
  Status (*preferenceSetAttribute)(Preference, int, const void *, size_t);
  Status (*algoGetHeuristic)(Handle, MatmulDesc, MatrixLayout, MatrixLayout,
                             MatrixLayout, MatrixLayout, Preference, int,
                             HeuristicResult *, int *);
  Status (*matmul)(Handle, MatmulDesc, const void *, const void *, MatrixLayout,
                   const void *, MatrixLayout, const void *, const void *,
                   MatrixLayout, void *, MatrixLayout, const Algo *, void *,
                   size_t, CUstream);
};
} // namespace modelc::runtime::cublaslt

#endif // MODELC_RUNTIME_CUBLASLTABI_H

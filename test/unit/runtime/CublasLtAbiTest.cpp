//===- CublasLtAbiTest.cpp - CublasLtAbi.h against cublasLt.h -------------===//
//
// Part of the modelc project, under the Apache License v2.0 with LLVM
// Exceptions. SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// The runtime declares the cuBLASLt API itself (no CUDA headers needed to
// build it); built only where cublasLt.h is installed, this checks every
// constant and layout it declares against the real header. A mismatch
// fails to compile.
//
//===----------------------------------------------------------------------===//

#include "CublasLtAbi.h"

#include <cstddef>
#include <cublasLt.h>
#include <gtest/gtest.h>

namespace cl = modelc::runtime::cublaslt;

static_assert(cl::kSuccess == CUBLAS_STATUS_SUCCESS);
static_assert(cl::kR32F == CUDA_R_32F && cl::kR16F == CUDA_R_16F &&
              cl::kR16BF == CUDA_R_16BF);
static_assert(cl::kCompute32F == CUBLAS_COMPUTE_32F &&
              cl::kCompute32FFastTF32 == CUBLAS_COMPUTE_32F_FAST_TF32);
static_assert(cl::kOpN == CUBLAS_OP_N && cl::kOpT == CUBLAS_OP_T);
static_assert(cl::kDescTransA == CUBLASLT_MATMUL_DESC_TRANSA &&
              cl::kDescTransB == CUBLASLT_MATMUL_DESC_TRANSB &&
              cl::kDescEpilogue == CUBLASLT_MATMUL_DESC_EPILOGUE &&
              cl::kDescBiasPointer == CUBLASLT_MATMUL_DESC_BIAS_POINTER);
static_assert(cl::kEpilogueDefault == CUBLASLT_EPILOGUE_DEFAULT &&
              cl::kEpilogueRelu == CUBLASLT_EPILOGUE_RELU &&
              cl::kEpilogueBias == CUBLASLT_EPILOGUE_BIAS &&
              (cl::kEpilogueRelu | cl::kEpilogueBias) ==
                  CUBLASLT_EPILOGUE_RELU_BIAS);
static_assert(cl::kLayoutBatchCount == CUBLASLT_MATRIX_LAYOUT_BATCH_COUNT &&
              cl::kLayoutStridedBatchOffset ==
                  CUBLASLT_MATRIX_LAYOUT_STRIDED_BATCH_OFFSET);
static_assert(
    cl::kPrefMaxWorkspaceBytes == CUBLASLT_MATMUL_PREF_MAX_WORKSPACE_BYTES &&
    cl::kPrefMinAlignmentA == CUBLASLT_MATMUL_PREF_MIN_ALIGNMENT_A_BYTES &&
    cl::kPrefMinAlignmentB == CUBLASLT_MATMUL_PREF_MIN_ALIGNMENT_B_BYTES &&
    cl::kPrefMinAlignmentC == CUBLASLT_MATMUL_PREF_MIN_ALIGNMENT_C_BYTES &&
    cl::kPrefMinAlignmentD == CUBLASLT_MATMUL_PREF_MIN_ALIGNMENT_D_BYTES);
static_assert(sizeof(cl::Algo) == sizeof(cublasLtMatmulAlgo_t));
static_assert(sizeof(cl::HeuristicResult) ==
              sizeof(cublasLtMatmulHeuristicResult_t));
static_assert(offsetof(cl::HeuristicResult, workspaceSize) ==
              offsetof(cublasLtMatmulHeuristicResult_t, workspaceSize));
static_assert(offsetof(cl::HeuristicResult, state) ==
              offsetof(cublasLtMatmulHeuristicResult_t, state));

// What the static assertions above checked, reported as a test.
TEST(CublasLtAbi, DeclarationsMatchTheHeader) {
  EXPECT_EQ(sizeof(cl::HeuristicResult),
            sizeof(cublasLtMatmulHeuristicResult_t));
}

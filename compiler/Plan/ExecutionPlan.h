//===- ExecutionPlan.h - Steps, buffers and weights of a model --*- C++ -*-===//
//
// Part of the modelc project, under the Apache License v2.0 with LLVM
// Exceptions. SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// The target-independent plan the runtime executes: kernels in order, each
// with the buffers it reads and writes, as byte ranges of the caller's
// inputs and outputs, of one activation arena, or of one weights blob.
//
// Built from the model function after code generation:
// - a model input is the caller's input buffer, a weight (onnx.Constant)
//   a range of the packed weights blob;
// - a kernel result lives in the arena at an offset chosen by liveness, or,
//   when it is a model output, directly in the caller's output buffer;
// - a view (Reshape, Flatten, Squeeze, Unsqueeze, Identity) is the same
//   bytes as its operand, so it costs nothing;
// - only an output that cannot be computed in place (a model input or a
//   weight returned as is, or a value returned twice) needs a copy step.
// Each kernel with temporaries also gets a scratch range of the arena for
// the duration of its step.
//
//===----------------------------------------------------------------------===//

#ifndef MODELC_COMPILER_PLAN_EXECUTIONPLAN_H
#define MODELC_COMPILER_PLAN_EXECUTIONPLAN_H

#include "mlir/IR/BuiltinOps.h"
#include "llvm/Support/raw_ostream.h"

#include "modelc/artifact_format.h"

#include <array>
#include <optional>
#include <string>
#include <vector>

namespace mlir::modelc {

struct PlanTensor {
  std::string name;
  int64_t dtype = 0; // ONNX data type
  SmallVector<int64_t> dims;
  uint64_t bytes = 0;
};

/// One GPU function a kernel launches (CUDA targets).
struct PlanLaunch {
  std::string name; // the PTX entry point
  std::array<uint32_t, 3> grid = {1, 1, 1};
  std::array<uint32_t, 3> block = {1, 1, 1};
  uint64_t flops = 0;   // of a contraction (2 per multiply-add); else 0
  std::string strategy; // how the GPU mapping ran it, for --report
};

struct PlanKernel {
  std::string name;      // the kernel function's symbol
  std::string onnxNodes; // ';'-separated ONNX node names it computes
  uint32_t numArgs = 0;  // inputs + outputs (+ scratch)
  uint64_t scratchBytes = 0;
  /// CUDA targets: the GPU functions that compute it, in order, each taking
  /// the kernel's arguments (from `modelc.launches`; none for the host).
  SmallVector<PlanLaunch> launches;
  /// CUDA targets: the GEMM a library computes instead (from
  /// `modelc.library_gemm`; no launches then). Its workspace is the scratch.
  std::optional<modelc_artifact_gemm_t> gemm;
  /// Whether a tuning cache chose the GEMM's algorithm.
  bool tunedGemm = false;
};

struct PlanStep {
  modelc_step_kind_t kind = MODELC_STEP_KERNEL;
  uint32_t kernel = 0;
  SmallVector<modelc_artifact_buffer_t> args;
};

struct ExecutionPlan {
  std::string modelName;
  SmallVector<PlanTensor> inputs, outputs;
  SmallVector<PlanKernel, 0> kernels;
  SmallVector<PlanStep> steps;
  uint64_t alignment = 64;
  uint64_t arenaBytes = 0;
  /// The arena without any reuse (every buffer its own range), and the most
  /// bytes alive at one step (a lower bound), for reports.
  uint64_t arenaBytesWithoutReuse = 0;
  uint64_t peakLiveBytes = 0;
  /// The weights blob: every constant a step reads, aligned, in first-use
  /// order, with unsigned and bool data in their ONNX byte layout.
  std::vector<char> weights;
  unsigned numWeightTensors = 0;
};

/// Builds the plan of `module` (after the kernels were lowered: their
/// signatures must be final). Reports errors at the offending op.
FailureOr<ExecutionPlan> buildExecutionPlan(ModuleOp module,
                                            uint64_t alignment = 64);

/// 2 * M * N * K * batch.
uint64_t getGemmFlops(const modelc_artifact_gemm_t &gemm);
/// "cuBLASLt GEMM 4096x768x3072, FLOAT16, epilogue C+bias, 19.327 GFLOP,
/// key 4096x768x3072,c,bias" (the tuning-cache key), then ", algorithm 2
/// (tuned)" when a tuning cache chose it, for reports.
std::string describeGemm(const modelc_artifact_gemm_t &gemm,
                         bool tuned = false);

/// Prints the kernels, the memory plan and the weight sizes (`--report`).
void printPlanReport(const ExecutionPlan &plan, StringRef target,
                     llvm::raw_ostream &os);

} // namespace mlir::modelc

#endif // MODELC_COMPILER_PLAN_EXECUTIONPLAN_H

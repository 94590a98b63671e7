//===- FusedAttention.h - Attention as one tensor-core launch ---*- C++ -*-===//
//
// Part of the modelc project, under the Apache License v2.0 with LLVM
// Exceptions. SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// The fused-attention strategy of `modelc-map-kernels-to-gpu`: a kernel
// lowered from one onnx.FusedAttention (marked kFusedAttentionAttrName)
// with 16-bit operands runs as one launch that keeps each block's scores
// in registers (flash attention: an online softmax over blocks of keys),
// instead of its reference body's launches and f32 scores in memory.
//
//===----------------------------------------------------------------------===//

#ifndef MODELC_PASSES_GPU_FUSEDATTENTION_H
#define MODELC_PASSES_GPU_FUSEDATTENTION_H

#include "passes/GPU/KernelMapping.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"

namespace mlir::modelc::mapping {

/// The shapes the fused launch takes: query and key counts multiples of
/// its block (64 query rows per block, 64 keys per step), feature counts
/// (of Q and K, and of V) multiples of 16 and at most 112 (the three
/// 64-row shared tiles then fit in 48 KB). onnx-fuse-attention takes them
/// as its limits on CUDA targets.
constexpr int64_t kFusedAttentionBlock = 64;
constexpr int64_t kFusedAttentionFeatureMultiple = 16;
constexpr int64_t kFusedAttentionMaxFeatures = 112;

/// A kernel the fused launch computes: Y = softmax(scale Q K^T) V per head,
/// its operands the kernel function's arguments (N x S x D each, or
/// S x N x D when `sequenceFirst`).
struct FusedAttentionKernel {
  BlockArgument q, k, v, output;
  float scale = 1.0f;
  bool sequenceFirst = false;
  /// bf16 operands (else f16).
  bool bfloat = false;
  int64_t heads = 0, queries = 0, keys = 0, features = 0, valueFeatures = 0;
};

/// The fused launch for `kernel`, when it is marked as one
/// onnx.FusedAttention and its shapes fit: f16 or bf16 operands; query and
/// key counts multiples of kFusedAttentionBlock; features multiples of 16
/// whose three 64-row shared tiles fit in 48 KB (at most 112 when Q's and
/// V's are equal). None otherwise (the kernel's body is mapped as usual).
std::optional<FusedAttentionKernel>
matchFusedAttentionKernel(func::FuncOp kernel);

/// The shared buffers of the fused launch: Q's, K's and V's tiles.
SmallVector<Type> getFusedAttentionBuffers(MLIRContext *context,
                                           const FusedAttentionKernel &kernel);

/// The fused launch, built at `b` in its gpu.func (`mapping` binds the
/// kernel's arguments, `shared` the buffers above). Each block of 4 warps
/// takes 64 query rows of one head, 16 per warp, its Q fragments loaded
/// once; then, 64 keys at a time (K and V copied by cp.async into padded
/// rows, conflict-free for ldmatrix), each warp computes its 16 x 64
/// scores on tensor cores (m16n8k16, f32 accumulators), updates the rows'
/// running maxima and sums in f32, rescales its output accumulators, and
/// multiplies the probabilities, rounded to 16 bits in registers (the
/// accumulators' layout is the A fragments'), by V (ldmatrix.trans).
/// The scores never reach memory.
void emitFusedAttention(OpBuilder &b, Location loc,
                        const FusedAttentionKernel &kernel, IRMapping &mapping,
                        ArrayRef<Value> shared, Launch &launch);

} // namespace mlir::modelc::mapping

#endif // MODELC_PASSES_GPU_FUSEDATTENTION_H

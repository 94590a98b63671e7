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
/// key counts multiples of 64 (a block's rows, a step's keys); features
/// multiples of 16 whose three 64-row shared tiles fit in 48 KB (at most
/// 96 each). None otherwise (the kernel's body is mapped as usual).
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

//===- FormKernels.cpp - Group compute ops into kernel regions ------------===//
//
// Part of the modelc project, under the Apache License v2.0 with LLVM
// Exceptions. SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Implements `modelc-form-kernels`: one kernel per compute op, extended by
// the chain of elementwise ops that consume its result (bias, activation,
// residual add, casts), so that they run in the same kernel; a Concat
// joins the kernel of a Slice it concatenates. The kernel
// region is isolated from above, so the ops' operands become kernel inputs,
// except small constants, which are cloned in (lowering wants to see axes,
// shapes and scalars as constants).
//
//===----------------------------------------------------------------------===//

#include "passes/Kernels/Passes.h"

#include "dialects/ONNX/IR/ONNXOps.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/IRMapping.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SetVector.h"
#include "llvm/ADT/SmallPtrSet.h"

namespace mlir::modelc {
#define GEN_PASS_DEF_FORMKERNELSPASS
#include "passes/Kernels/Passes.h.inc"

namespace {
/// Ops that only reinterpret a buffer: the memory plan makes their result
/// an alias of their operand, so they need no kernel.
bool isView(Operation *op) {
  return isa<onnx::ReshapeOp, onnx::FlattenOp, onnx::SqueezeOp,
             onnx::UnsqueezeOp, onnx::IdentityOp>(op);
}

/// A convolution with a window (not 1x1): a GEMM library never takes its
/// kernel, so the kernel may grow.
bool isWindowedConvolution(Operation *op) {
  auto conv = dyn_cast<onnx::ConvNHWCOp>(op);
  if (!conv)
    return false;
  auto w = cast<ShapedType>(conv.getW().getType());
  return w.hasRank() && w.getRank() == 4 &&
         (w.getDimSize(1) != 1 || w.getDimSize(2) != 1);
}

/// A compute op: gets a kernel (anything but constants and views).
bool isCompute(Operation &op) {
  return isa<onnx::ONNXDialect>(op.getDialect()) &&
         !isa<onnx::ConstantOp>(op) && !isView(&op);
}

struct FormKernelsPass final : impl::FormKernelsPassBase<FormKernelsPass> {
  using Base::Base;

  void runOnOperation() override {
    func::FuncOp func = getOperation();
    if (func->hasAttr(kKernelAttrName))
      return;
    // Groups in program order: an op, then the elementwise ops fused after
    // it, each consuming the previous one's result.
    SmallVector<SmallVector<Operation *>> groups;
    DenseMap<Operation *, size_t> groupOf;
    for (Operation &op : func.getBody().getOps()) {
      if (!isCompute(op))
        continue;
      if (std::optional<size_t> group = fusibleGroup(op, groups, groupOf)) {
        groups[*group].push_back(&op);
        groupOf[&op] = *group;
        continue;
      }
      groupOf[&op] = groups.size();
      groups.push_back({&op});
    }
    // Groups emptied by a move (concat-producers) get no kernel and no
    // number.
    size_t index = 0;
    for (ArrayRef<Operation *> group : groups)
      if (!group.empty())
        wrapInKernel(group, index++);
  }

  /// The group `op` joins: that of the producer of one of its operands,
  /// when `op` is elementwise, the producer ends its group, and the
  /// producer's only result is used only by `op` at `op`'s full shape (so
  /// the fused intermediate is neither needed elsewhere nor broadcast).
  /// A Transpose or SpaceToDepth of a Pad (or of a SpaceToDepth of one)
  /// joins its group too: all lower to generics over their outputs' points,
  /// which fuse into one (a convolution's input padded with zero channels,
  /// then made NHWC; a stem's input padded, cut into 2x2 blocks, made
  /// NHWC: onnx-space-to-depth-stem). A Concat joins the group of a Slice
  /// it concatenates (that group's last op, used only by the Concat).
  std::optional<size_t>
  fusibleGroup(Operation &op, MutableArrayRef<SmallVector<Operation *>> groups,
               DenseMap<Operation *, size_t> &groupOf) {
    if (!fuseElementwise || op.getNumResults() != 1)
      return std::nullopt;
    if (isa<onnx::TransposeOp, onnx::SpaceToDepthOp>(op)) {
      Operation *data = op.getOperand(0).getDefiningOp();
      auto group = isa_and_nonnull<onnx::PadOp, onnx::SpaceToDepthOp>(data)
                       ? groupOf.find(data)
                       : groupOf.end();
      if (group == groupOf.end() || groups[group->second].back() != data ||
          !data->getResult(0).hasOneUse())
        return std::nullopt;
      return group->second;
    }
    // A Concat joins the group of a Slice it concatenates (the slice is
    // computed straight into the concatenation's window: no buffer of its
    // own for the Concat to copy). Merged residual convolutions concatenate
    // a strided slice of the block's input (onnx-merge-pointwise-conv-sums).
    if (isa<onnx::ConcatOp>(op)) {
      std::optional<size_t> sliceGroup, convGroup;
      for (Value operand : op.getOperands()) {
        Operation *producer = operand.getDefiningOp();
        auto group = producer ? groupOf.find(producer) : groupOf.end();
        if (group == groupOf.end() ||
            groups[group->second].back() != producer || !operand.hasOneUse())
          continue;
        if (isa<onnx::SliceOp>(producer) && !sliceGroup)
          sliceGroup = group->second;
        else if (concatProducers && !convGroup &&
                 isWindowedConvolution(groups[group->second].front()))
          convGroup = group->second;
      }
      if (!convGroup)
        return sliceGroup;
      // The Slice moves into the convolution's group (its operand is
      // outside both, so it may run anywhere before the Concat).
      if (sliceGroup && groups[*sliceGroup].size() == 1) {
        Operation *slice = groups[*sliceGroup].front();
        groups[*sliceGroup].clear();
        groups[*convGroup].push_back(slice);
        groupOf[slice] = *convGroup;
      }
      return convGroup;
    }
    if (!op.hasTrait<onnx::OpTrait::Elementwise>())
      return std::nullopt;
    Type resultType = op.getResult(0).getType();
    for (Value operand : op.getOperands()) {
      Operation *producer = operand.getDefiningOp();
      auto group = producer ? groupOf.find(producer) : groupOf.end();
      if (group == groupOf.end() || groups[group->second].back() != producer ||
          producer->getNumResults() != 1 || !operand.hasOneUse())
        continue;
      // A fused attention's kernel is the op alone (its GPU kernel has no
      // epilogue).
      if (isa<onnx::FusedAttentionOp>(producer))
        continue;
      auto type = cast<ShapedType>(operand.getType());
      if (type.getShape() != cast<ShapedType>(resultType).getShape())
        continue;
      return group->second;
    }
    return std::nullopt;
  }

  bool isInlinedConstant(Value value) {
    auto constant = value.getDefiningOp<onnx::ConstantOp>();
    return constant &&
           constant.getValue().getNumElements() <= maxInlineConstantElements;
  }

  /// Replaces the ops of `group` (each but the last used only by the next)
  /// with one modelc.kernel at the last op's place, which all their
  /// operands dominate.
  void wrapInKernel(ArrayRef<Operation *> group, size_t index) {
    llvm::SmallPtrSet<Operation *, 8> members(group.begin(), group.end());
    llvm::SetVector<Value> inputs;
    for (Operation *op : group)
      for (Value operand : op->getOperands()) {
        Operation *producer = operand.getDefiningOp();
        if (!(producer && members.contains(producer)) &&
            !isInlinedConstant(operand))
          inputs.insert(operand);
      }
    Operation *last = group.back();
    OpBuilder builder(last);
    std::string name = "k" + std::to_string(index);
    SmallVector<Location> locations;
    for (Operation *op : group) {
      name += "_" + op->getName().stripDialect().str();
      locations.push_back(op->getLoc());
    }
    Location loc =
        group.size() == 1 ? last->getLoc() : builder.getFusedLoc(locations);
    auto kernel =
        KernelOp::create(builder, loc, last->getResultTypes(),
                         builder.getStringAttr(name), inputs.getArrayRef());
    Block *body = builder.createBlock(&kernel.getBody());
    IRMapping mapping;
    for (Value input : inputs)
      mapping.map(input, body->addArgument(input.getType(), input.getLoc()));
    SmallVector<Operation *> producers;
    for (Operation *op : group) {
      for (Value operand : op->getOperands()) {
        Operation *producer = operand.getDefiningOp();
        if (producer && !members.contains(producer))
          producers.push_back(producer);
        if (!mapping.contains(operand))
          mapping.map(operand, builder.clone(*producer)->getResult(0));
      }
      builder.clone(*op, mapping);
    }
    SmallVector<Value> results;
    for (Value result : last->getResults())
      results.push_back(mapping.lookup(result));
    YieldOp::create(builder, last->getLoc(), results);
    last->replaceAllUsesWith(kernel.getResults());
    for (Operation *op : llvm::reverse(group))
      op->erase();
    // Constants now cloned into every kernel that reads them go.
    for (Operation *producer : producers)
      if (isa<onnx::ConstantOp>(producer) && producer->use_empty())
        producer->erase();
  }
};
} // namespace
} // namespace mlir::modelc

//===- KernelDestinationPassing.cpp - Kernels write into their outputs ----===//
//
// Part of the modelc project, under the Apache License v2.0 with LLVM
// Exceptions. SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Implements `modelc-kernel-destination-passing`. A kernel on tensors
// returns new tensors; bufferized naively, each result is computed in a
// temporary and copied into the caller's buffer. Here the caller's buffer
// becomes an argument and the computation is redirected into it, so the
// kernel writes its results once, in place.
//
//===----------------------------------------------------------------------===//

#include "passes/Kernels/Passes.h"

#include "mlir/IR/Builders.h"
#include "mlir/Interfaces/DestinationStyleOpInterface.h"

namespace mlir::modelc {
#define GEN_PASS_DEF_KERNELDESTINATIONPASSINGPASS
#include "passes/Kernels/Passes.h.inc"

namespace {
struct KernelDestinationPassingPass final
    : impl::KernelDestinationPassingPassBase<KernelDestinationPassingPass> {
  using Base::Base;

  /// Whether `value` is available at `user`, both in one block.
  static bool definedBefore(Value value, Operation *user) {
    if (auto arg = dyn_cast<BlockArgument>(value))
      return arg.getOwner() == user->getBlock();
    Operation *def = value.getDefiningOp();
    return def->getBlock() == user->getBlock() && def->isBeforeInBlock(user);
  }

  /// Redirects the computation of `value` into `destination` (same type):
  /// follows destination-style ops to their tied init and reshapes to their
  /// source, and replaces the tensor.empty at the start of the chain, where
  /// `destination` is defined before the op using it. Returns true if it
  /// reached one.
  bool redirect(Value value, Value destination, OpBuilder &builder) {
    Operation *def = value.getDefiningOp();
    if (!def)
      return false;
    // An insertion (a window of a Concat) also computes its source in its
    // window of the destination, where the window is static: the source's
    // chain then writes there instead of a temporary that is copied.
    if (auto insert = dyn_cast<tensor::InsertSliceOp>(def)) {
      bool reached = false;
      auto empty = insert.getDest().getDefiningOp<tensor::EmptyOp>();
      if (empty && definedBefore(destination, insert)) {
        insert.getDestMutable().set(destination);
        if (empty->use_empty())
          empty->erase();
        reached = true;
      } else if (!empty) {
        reached = redirect(insert.getDest(), destination, builder);
      }
      computeIntoWindow(insert, builder);
      return reached;
    }
    if (auto dps = dyn_cast<DestinationStyleOpInterface>(def)) {
      OpOperand *init = dps.getTiedOpOperand(cast<OpResult>(value));
      if (!init)
        return false;
      if (auto empty = init->get().getDefiningOp<tensor::EmptyOp>()) {
        if (!definedBefore(destination, def))
          return false;
        init->set(destination);
        if (empty->use_empty())
          empty->erase();
        return true;
      }
      return redirect(init->get(), destination, builder);
    }
    // The reshaped destination must dominate the whole chain: build it right
    // after the destination (an argument or an earlier reshape of one).
    builder.setInsertionPointAfterValue(destination);
    if (auto collapse = dyn_cast<tensor::CollapseShapeOp>(def)) {
      Value expanded = tensor::ExpandShapeOp::create(
          builder, collapse.getLoc(), collapse.getSrcType(), destination,
          collapse.getReassociationIndices());
      return redirect(collapse.getSrc(), expanded, builder);
    }
    if (auto expand = dyn_cast<tensor::ExpandShapeOp>(def)) {
      Value collapsed = tensor::CollapseShapeOp::create(
          builder, expand.getLoc(), expand.getSrcType(), destination,
          expand.getReassociationIndices());
      return redirect(expand.getSrc(), collapsed, builder);
    }
    return false;
  }

  /// Computes `insert`'s source in its (static) window of `insert`'s
  /// destination, where that destination is defined before the source's
  /// computation starts (redirect checks). An earlier insertion of the chain
  /// moves up to just after its operands first, so that a later source may use
  /// its window.
  void computeIntoWindow(tensor::InsertSliceOp insert, OpBuilder &builder) {
    if (!insert.hasUnitStride() || !insert.getOffsets().empty() ||
        !insert.getSizes().empty() || !insert.getStrides().empty())
      return;
    Value dest = insert.getDest();
    auto inner = dest.getDefiningOp<tensor::InsertSliceOp>();
    Block *block = inner ? inner->getBlock() : nullptr;
    auto inBlock = [&](Value v) {
      return isa<BlockArgument>(v) ? cast<BlockArgument>(v).getOwner() == block
                                   : v.getDefiningOp()->getBlock() == block;
    };
    if (inner && inBlock(inner.getSource()) && inBlock(inner.getDest())) {
      Operation *source = inner.getSource().getDefiningOp();
      Operation *innerDest = inner.getDest().getDefiningOp();
      Operation *after = source;
      if (!after || (innerDest && after->isBeforeInBlock(innerDest)))
        after = innerDest;
      if (after)
        inner->moveAfter(after);
      else
        inner->moveBefore(&block->front());
    }
    // The window right after the destination: redirect takes it only where
    // that is before the source's computation starts (a failed redirect
    // leaves dead reshapes of it, which canonicalization erases).
    builder.setInsertionPointAfterValue(dest);
    Value window = tensor::ExtractSliceOp::create(
        builder, insert.getLoc(), insert.getSourceType(), dest,
        insert.getMixedOffsets(), insert.getMixedSizes(),
        insert.getMixedStrides());
    if (!redirect(insert.getSource(), window, builder) && window.use_empty())
      window.getDefiningOp()->erase();
  }

  void rewrite(func::FuncOp func) {
    OpBuilder builder(func.getContext());
    unsigned numInputs = func.getNumArguments();
    // Inputs may be model inputs, weights or buffers other kernels read.
    for (unsigned i = 0; i < numInputs; ++i)
      func.setArgAttr(i, bufferization::BufferizationDialect::kWritableAttrName,
                      builder.getBoolAttr(false));
    auto ret = cast<func::ReturnOp>(func.getBody().front().getTerminator());
    SmallVector<Value> outputs;
    for (auto [i, type] : llvm::enumerate(func.getResultTypes())) {
      unsigned index = numInputs + i;
      (void)func.insertArgument(index, type, {}, func.getLoc());
      outputs.push_back(func.getArgument(index));
    }
    llvm::SmallPtrSet<Value, 4> redirected;
    for (auto [value, output] : llvm::zip_equal(ret.getOperands(), outputs)) {
      // A value returned twice is computed once; the kernel ABI pass copies
      // it into the second output.
      if (redirected.insert(value).second)
        redirect(value, output, builder);
    }
  }

  void runOnOperation() override {
    for (auto func : getOperation().getOps<func::FuncOp>())
      if (func->hasAttr(kKernelAttrName))
        rewrite(func);
  }
};
} // namespace
} // namespace mlir::modelc

//===- FinalizeKernelABI.cpp - Kernels as (inputs, outputs, scratch) ------===//
//
// Part of the modelc project, under the Apache License v2.0 with LLVM
// Exceptions. SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Implements `modelc-finalize-kernel-abi`. After bufferization a kernel
// still returns its results (usually its output arguments) and allocates its
// temporaries (a padded input, the running maximum of a softmax). The plan
// calls kernels as `(inputs, outputs[, scratch])`: results go, and a GPU
// kernel cannot allocate and a run must not, so each temporary becomes a
// view of one scratch buffer the caller provides. Temporaries of one kernel
// are laid out one after another (no reuse inside a kernel; they are small
// next to the activations).
//
//===----------------------------------------------------------------------===//

#include "passes/Kernels/Passes.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/IR/Builders.h"
#include "llvm/Support/MathExtras.h"

namespace mlir::modelc {
#define GEN_PASS_DEF_FINALIZEKERNELABIPASS
#include "passes/Kernels/Passes.h.inc"

namespace {
struct FinalizeKernelABIPass final
    : impl::FinalizeKernelABIPassBase<FinalizeKernelABIPass> {
  using Base::Base;

  /// Drops the results: each must end up in the output argument it
  /// corresponds to, copied there unless it already is that argument.
  LogicalResult dropResults(func::FuncOp func) {
    unsigned numResults = func.getNumResults();
    if (numResults == 0)
      return success();
    unsigned firstOutput = func.getNumArguments() - numResults;
    for (auto ret :
         llvm::make_early_inc_range(func.getBody().getOps<func::ReturnOp>())) {
      OpBuilder builder(ret);
      for (auto [i, value] : llvm::enumerate(ret.getOperands())) {
        Value output = func.getArgument(firstOutput + i);
        if (value == output)
          continue;
        if (!isa<MemRefType>(value.getType()))
          return ret.emitOpError("result #")
                 << i << " of the kernel is not a buffer";
        memref::CopyOp::create(builder, ret.getLoc(), value, output);
      }
      func::ReturnOp::create(builder, ret.getLoc());
      ret.erase();
    }
    func.setType(
        FunctionType::get(func.getContext(), func.getArgumentTypes(), {}));
    func.removeResAttrsAttr();
    return success();
  }

  LogicalResult hoist(func::FuncOp func) {
    SmallVector<memref::AllocOp> allocs;
    SmallVector<memref::DeallocOp> deallocs;
    func.walk([&](memref::AllocOp alloc) { allocs.push_back(alloc); });
    func.walk([&](memref::DeallocOp dealloc) { deallocs.push_back(dealloc); });
    if (allocs.empty())
      return success();
    int64_t offset = 0;
    SmallVector<int64_t> offsets;
    for (memref::AllocOp alloc : allocs) {
      MemRefType type = alloc.getType();
      if (!type.hasStaticShape() || !type.getLayout().isIdentity())
        return alloc.emitOpError("kernel temporary of type ")
               << type << " is not statically shaped with an identity layout";
      int64_t bits = type.getElementTypeBitWidth();
      // i1 and sub-byte types are stored one element per byte.
      int64_t bytes = type.getNumElements() * std::max<int64_t>(bits / 8, 1);
      offset = llvm::alignTo(offset, alignment);
      offsets.push_back(offset);
      offset += bytes;
    }
    int64_t total = llvm::alignTo(offset, alignment);
    OpBuilder builder(func.getContext());
    auto scratchType = MemRefType::get({total}, builder.getI8Type());
    unsigned index = func.getNumArguments();
    if (failed(func.insertArgument(index, scratchType, {}, func.getLoc())))
      return func.emitOpError("cannot add the scratch argument");
    Value scratch = func.getArgument(index);
    for (auto [alloc, byteOffset] : llvm::zip_equal(allocs, offsets)) {
      builder.setInsertionPoint(alloc);
      Value shift =
          arith::ConstantIndexOp::create(builder, alloc.getLoc(), byteOffset);
      Value view =
          memref::ViewOp::create(builder, alloc.getLoc(), alloc.getType(),
                                 scratch, shift, ValueRange());
      alloc.replaceAllUsesWith(view);
      alloc.erase();
    }
    for (memref::DeallocOp dealloc : deallocs)
      dealloc.erase();
    func->setAttr(kScratchBytesAttrName, builder.getI64IntegerAttr(total));
    return success();
  }

  /// A strided memref.copy would become a call into MLIR's runtime
  /// library; as linalg.copy it becomes plain loops, so kernels depend on
  /// nothing but libm.
  void copiesToLinalg(func::FuncOp func) {
    SmallVector<memref::CopyOp> copies;
    func.walk([&](memref::CopyOp copy) { copies.push_back(copy); });
    for (memref::CopyOp copy : copies) {
      OpBuilder builder(copy);
      linalg::CopyOp::create(builder, copy.getLoc(), copy.getSource(),
                             copy.getTarget());
      copy.erase();
    }
  }

  void runOnOperation() override {
    for (auto func : getOperation().getOps<func::FuncOp>())
      if (func->hasAttr(kKernelAttrName)) {
        if (failed(dropResults(func)) || failed(hoist(func)))
          return signalPassFailure();
        copiesToLinalg(func);
      }
  }
};
} // namespace
} // namespace mlir::modelc

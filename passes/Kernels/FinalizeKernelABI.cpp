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
#include "mlir/IR/SymbolTable.h"
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
    if (func.getNumArguments() < numResults)
      return func.emitOpError("has ")
             << numResults << " results but " << func.getNumArguments()
             << " arguments; a kernel takes one output argument per result";
    unsigned firstOutput = func.getNumArguments() - numResults;
    for (auto [i, type] : llvm::enumerate(func.getResultTypes()))
      if (func.getArgument(firstOutput + i).getType() != type)
        return func.emitOpError("result #")
               << i << " has type " << type << ", its output argument "
               << func.getArgument(firstOutput + i).getType();
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

  /// Makes every argument without elements a `memref<0xT>`: the
  /// bare-pointer calling convention has no layout for shapes like 2x0
  /// (their strides are not static). The body reads and writes nothing
  /// through such an argument, so it uses a local empty buffer instead.
  void flattenEmptyArguments(func::FuncOp func) {
    Block &entry = func.getBody().front();
    OpBuilder builder = OpBuilder::atBlockBegin(&entry);
    for (BlockArgument arg : entry.getArguments()) {
      auto type = dyn_cast<MemRefType>(arg.getType());
      if (!type || !type.hasStaticShape() || type.getNumElements() != 0 ||
          type.getRank() == 1)
        continue;
      arg.replaceAllUsesWith(
          memref::AllocaOp::create(builder, func.getLoc(), type));
      arg.setType(MemRefType::get({0}, type.getElementType()));
    }
    func.setType(FunctionType::get(func.getContext(), entry.getArgumentTypes(),
                                   func.getResultTypes()));
  }

  /// Names and orders the module's memref.globals by first use.
  void canonicalizeGlobals(ModuleOp module) {
    SymbolTable symbols(module);
    SmallVector<std::pair<memref::GlobalOp, std::string>> order;
    DenseSet<Operation *> seen;
    for (auto func : module.getOps<func::FuncOp>()) {
      unsigned local = 0;
      func.walk([&](memref::GetGlobalOp get) {
        auto global = symbols.lookup<memref::GlobalOp>(get.getName());
        if (global && seen.insert(global).second)
          order.push_back(
              {global,
               (func.getSymName() + "_cst" + std::to_string(local++)).str()});
      });
    }
    // Two rounds, so no new name collides with an old one.
    for (auto [i, entry] : llvm::enumerate(order))
      (void)symbols.rename(entry.first, "modelc.global." + std::to_string(i));
    Operation *insertAfter = nullptr;
    for (auto &[global, name] : order) {
      (void)symbols.rename(global, name);
      if (insertAfter)
        global->moveAfter(insertAfter);
      else
        global->moveBefore(&module.getBody()->front());
      insertAfter = global;
    }
  }

  void runOnOperation() override {
    for (auto func : getOperation().getOps<func::FuncOp>())
      if (func->hasAttr(kKernelAttrName)) {
        if (failed(dropResults(func)) || failed(hoist(func)))
          return signalPassFailure();
        copiesToLinalg(func);
        flattenEmptyArguments(func);
      }
    canonicalizeGlobals(getOperation());
  }
};
} // namespace
} // namespace mlir::modelc

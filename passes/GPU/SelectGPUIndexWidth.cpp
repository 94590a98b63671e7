//===- SelectGPUIndexWidth.cpp - 32-bit offsets where they fit ------------===//
//
// Part of the modelc project, under the Apache License v2.0 with LLVM
// Exceptions. SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "passes/GPU/Passes.h"

#include "mlir/IR/BuiltinTypes.h"

namespace mlir::modelc {
#define GEN_PASS_DEF_SELECTGPUINDEXWIDTHPASS
#include "passes/GPU/Passes.h.inc"

namespace {

/// Whether `type` is a memref whose elements all lie fewer than `maxBytes`
/// bytes from its base pointer (static shape, strides and offset), or not
/// a memref.
bool fits(Type type, int64_t maxBytes) {
  auto memref = dyn_cast<MemRefType>(type);
  if (!memref)
    return true;
  SmallVector<int64_t> strides;
  int64_t offset;
  if (!memref.hasStaticShape() ||
      failed(memref.getStridesAndOffset(strides, offset)) ||
      ShapedType::isDynamic(offset) ||
      llvm::any_of(strides, ShapedType::isDynamic))
    return false;
  int64_t bytes = std::max<int64_t>(memref.getElementTypeBitWidth() / 8, 1);
  int64_t limit = maxBytes / bytes; // elements
  // The last element's offset: offset + sum (size - 1) * stride.
  int64_t last = offset;
  for (auto [size, stride] : llvm::zip(memref.getShape(), strides)) {
    if (size == 0)
      return true;
    if (stride < 0 || (stride != 0 && size - 1 > (limit - last) / stride))
      return false;
    last += (size - 1) * stride;
  }
  return last < limit;
}

struct SelectGPUIndexWidthPass
    : impl::SelectGPUIndexWidthPassBase<SelectGPUIndexWidthPass> {
  using Base::Base;

  void runOnOperation() override {
    gpu::GPUModuleOp module = getOperation();
    if (maxBytes <= 0 || maxBytes > (int64_t{1} << 30)) {
      module.emitError() << "max-bytes must be in [1, 2^30], not "
                         << int64_t(maxBytes);
      return signalPassFailure();
    }
    // The first type or constant that does not fit keeps 64-bit indices;
    // a remark names it (modelc --verbose shows remarks).
    auto keepWide = [&](Operation *op, Type type) {
      op->emitRemark() << "64-bit index arithmetic kept: " << type
                       << " is dynamic or spans " << int64_t(maxBytes)
                       << " bytes or more";
      return WalkResult::interrupt();
    };
    auto tooWide = module.walk([&](Operation *op) -> WalkResult {
      for (Type type : op->getResultTypes())
        if (!fits(type, maxBytes))
          return keepWide(op, type);
      for (Region &region : op->getRegions())
        for (Block &block : region)
          for (BlockArgument arg : block.getArguments())
            if (!fits(arg.getType(), maxBytes))
              return keepWide(op, arg.getType());
      if (auto global = dyn_cast<memref::GlobalOp>(op))
        if (!fits(global.getType(), maxBytes))
          return keepWide(op, global.getType());
      if (auto constant = dyn_cast<arith::ConstantIndexOp>(op))
        if (std::abs(constant.value()) >= maxBytes) {
          op->emitRemark() << "64-bit index arithmetic kept: constant "
                           << constant.value() << " is " << int64_t(maxBytes)
                           << " or more";
          return WalkResult::interrupt();
        }
      return WalkResult::advance();
    });
    if (tooWide.wasInterrupted())
      return;
    MLIRContext *ctx = &getContext();
    auto entry = DataLayoutEntryAttr::get(
        IndexType::get(ctx), IntegerAttr::get(IntegerType::get(ctx, 32), 32));
    module->setAttr(DLTIDialect::kDataLayoutAttrName,
                    DataLayoutSpecAttr::get(ctx, {entry}));
  }
};

} // namespace
} // namespace mlir::modelc

//===- RoundWeightsToTF32.cpp - Constant GEMM weights rounded to TF32 -----===//
//
// Part of the modelc project, under the Apache License v2.0 with LLVM
// Exceptions. SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Implements `onnx-round-weights-to-tf32`: constant f32 operands of Conv,
// MatMul and Gemm are rounded to TF32 at compile time (as the tensor-core
// kernels would round them at every load) and the ops are marked with
// `modelc.tf32_exact`.
//
//===----------------------------------------------------------------------===//

#include "passes/ONNX/Passes.h"

#include "dialects/Modelc/IR/ModelcDialect.h"
#include "dialects/ONNX/IR/ONNXOps.h"

#include "mlir/IR/Builders.h"

#include <cstring>

namespace mlir::modelc {
#define GEN_PASS_DEF_ONNXROUNDWEIGHTSTOTF32PASS
#include "passes/ONNX/Passes.h.inc"

using namespace mlir::modelc::onnx;

namespace {

/// `value` rounded to TF32 (10 mantissa bits) to nearest, ties away from
/// zero, as `cvt.rna.tf32.f32`: add half of the last kept bit, clear the
/// 13 dropped ones. Infinities and NaNs are returned as they are.
float roundToTF32(float value) {
  uint32_t bits;
  std::memcpy(&bits, &value, sizeof(bits));
  if ((bits & 0x7f800000u) == 0x7f800000u)
    return value;
  bits = (bits + 0x1000u) & ~0x1fffu;
  float rounded;
  std::memcpy(&rounded, &bits, sizeof(rounded));
  return rounded;
}

/// Whether `use` is a multiplied operand (0 or 1) of a Conv (either
/// layout), MatMul or Gemm.
bool isGemmOperand(OpOperand &use) {
  return isa<ConvOp, ConvNHWCOp, MatMulOp, GemmOp>(use.getOwner()) &&
         use.getOperandNumber() < 2;
}

struct ONNXRoundWeightsToTF32Pass final
    : impl::ONNXRoundWeightsToTF32PassBase<ONNXRoundWeightsToTF32Pass> {
  using Base::Base;

  void runOnOperation() override {
    SmallVector<ConstantOp> constants;
    getOperation().walk([&](ConstantOp constant) {
      auto type = dyn_cast<RankedTensorType>(constant.getType());
      if (type && type.getElementType().isF32() && !constant->use_empty() &&
          llvm::all_of(constant->getUses(), isGemmOperand))
        constants.push_back(constant);
    });
    Builder builder(&getContext());
    for (ConstantOp constant : constants) {
      auto value = dyn_cast<DenseElementsAttr>(constant.getValue());
      if (!value)
        continue;
      SmallVector<float> rounded;
      rounded.reserve(value.getNumElements());
      for (float element : value.getValues<float>())
        rounded.push_back(roundToTF32(element));
      constant.setValueAttr(DenseElementsAttr::get(
          cast<ShapedType>(value.getType()), ArrayRef<float>(rounded)));
      for (OpOperand &use : constant->getUses()) {
        Operation *owner = use.getOwner();
        SmallVector<int64_t> exact;
        if (auto old =
                owner->getAttrOfType<DenseI64ArrayAttr>(kTF32ExactAttrName))
          exact.assign(old.asArrayRef().begin(), old.asArrayRef().end());
        if (!llvm::is_contained(exact, use.getOperandNumber()))
          exact.push_back(use.getOperandNumber());
        llvm::sort(exact);
        owner->setAttr(kTF32ExactAttrName, builder.getDenseI64ArrayAttr(exact));
      }
      ++numRounded;
    }
  }
};

} // namespace
} // namespace mlir::modelc

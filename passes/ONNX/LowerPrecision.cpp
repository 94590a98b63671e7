//===- LowerPrecision.cpp - 16-bit weights and activations ----------------===//
//
// Part of the modelc project, under the Apache License v2.0 with LLVM
// Exceptions. SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Implements `onnx-lower-precision`: the ops that are safe in 16 bits run
// on f16 (or bf16) tensors, the rest stay f32, with casts at the borders
// and constants converted at compile time.
//
//===----------------------------------------------------------------------===//

#include "passes/ONNX/Passes.h"

#include "dialects/ONNX/IR/ONNXOps.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Builders.h"

namespace mlir::modelc {
#define GEN_PASS_DEF_ONNXLOWERPRECISIONPASS
#include "passes/ONNX/Passes.h.inc"

using namespace mlir::modelc::onnx;

namespace {

/// Whether `op` runs in 16 bits: its arithmetic is a product or a mean
/// summed in f32 by its lowering, one rounding per element, or it only
/// moves data (or picks a maximum).
/// FusedAttention computes its scores and softmax in f32 (its lowering
/// and its kernel) and rounds the probabilities once, as the MatMul after
/// a Softmax kept in f32 would read them.
/// LayerNormalization with an f32 stash type computes its statistics and
/// the normalization in f32 and rounds once, at its output (when it has no
/// Mean and InvStdDev results, which ONNX types in the stash type).
bool isSafeIn16Bits(Operation *op) {
  if (auto norm = dyn_cast<LayerNormalizationOp>(op))
    return norm.getStashType() == 1 && !norm.getMean() && !norm.getInvStdDev();
  return isa<ConvOp, ConvNHWCOp, ConvTransposeOp, MatMulOp, GemmOp, AddOp,
             SubOp, MulOp, DivOp, ReluOp, LeakyReluOp, PReluOp, SigmoidOp,
             TanhOp, ClipOp, HardSigmoidOp, HardSwishOp, MaxOp, MinOp, NegOp,
             AbsOp, WhereOp, MaxPoolOp, MaxPoolNHWCOp, GlobalAveragePoolOp,
             GlobalAveragePoolNHWCOp, GlobalMaxPoolOp, ReshapeOp, FlattenOp,
             TransposeOp, ConcatOp, SplitOp, SliceOp, SqueezeOp, UnsqueezeOp,
             GatherOp, ExpandOp, TileOp, PadOp, IdentityOp, DepthToSpaceOp,
             SpaceToDepthOp, FusedAttentionOp>(op);
}

bool isF32Tensor(Type type) {
  auto tensor = dyn_cast<RankedTensorType>(type);
  return tensor && tensor.getElementType().isF32();
}

struct ONNXLowerPrecisionPass final
    : impl::ONNXLowerPrecisionPassBase<ONNXLowerPrecisionPass> {
  using Base::Base;

  void runOnOperation() override {
    func::FuncOp func = getOperation();
    MLIRContext *ctx = &getContext();
    Type low;
    int64_t lowCode = 0;
    if (type == "f16") {
      low = Float16Type::get(ctx);
      lowCode = 10;
    } else if (type == "bf16") {
      low = BFloat16Type::get(ctx);
      lowCode = 16;
    } else {
      func.emitError() << "onnx-lower-precision: type must be f16 or bf16, "
                          "not '"
                       << type << "'";
      return signalPassFailure();
    }
    auto lowered = [&](Type t) { return cast<RankedTensorType>(t).clone(low); };

    // Values made 16-bit by this pass, and the casts made so far (one per
    // value and direction).
    DenseSet<Value> narrowed;
    DenseMap<Value, Value> down, up;
    OpBuilder b(ctx);
    // A cast of `value` to `to` (ONNX type `code`) right after its
    // definition.
    auto insertCast = [&](Value value, Type to, int64_t code) {
      b.setInsertionPointAfterValue(value);
      ++numCasts;
      return CastOp::create(
                 b, value.getLoc(), to, value,
                 b.getIntegerAttr(
                     IntegerType::get(ctx, 64, IntegerType::Signed), code))
          .getResult();
    };
    // `value` (f32) as a 16-bit value: a converted constant or a cast.
    auto narrow = [&](Value value) -> Value {
      if (Value known = down.lookup(value))
        return known;
      Value result;
      if (auto constant = value.getDefiningOp<ConstantOp>();
          constant && isa<DenseElementsAttr>(constant.getValue())) {
        auto values = cast<DenseElementsAttr>(constant.getValue());
        const llvm::fltSemantics &semantics =
            cast<FloatType>(low).getFloatSemantics();
        auto converted = values.mapValues(low, [&](const APFloat &v) {
          APFloat x = v;
          bool losesInfo;
          x.convert(semantics, APFloat::rmNearestTiesToEven, &losesInfo);
          return x.bitcastToAPInt();
        });
        b.setInsertionPointAfter(constant);
        result = ConstantOp::create(b, constant.getLoc(), converted.getType(),
                                    converted)
                     .getResult();
      } else {
        result = insertCast(value, lowered(value.getType()), lowCode);
      }
      down[value] = result;
      return result;
    };
    // A 16-bit value of this pass as f32, for an op that stays f32.
    auto widen = [&](Value value) -> Value {
      if (Value known = up.lookup(value))
        return known;
      Value result = insertCast(
          value,
          cast<RankedTensorType>(value.getType()).clone(Float32Type::get(ctx)),
          /*code=*/1);
      up[value] = result;
      return result;
    };

    // --io-precision: the f32 arguments are 16-bit from the start.
    if (narrowIO)
      for (BlockArgument arg : func.getArguments())
        if (isF32Tensor(arg.getType())) {
          arg.setType(lowered(arg.getType()));
          narrowed.insert(arg);
        }
    for (Operation &op : llvm::make_early_inc_range(func.getOps())) {
      if (isa<ConstantOp>(op))
        continue;
      // --io-precision: the results are 16-bit too.
      if (narrowIO && isa<func::ReturnOp>(op)) {
        for (OpOperand &operand : op.getOpOperands())
          if (isF32Tensor(operand.get().getType()))
            operand.set(narrow(operand.get()));
        continue;
      }
      bool hasF32 = llvm::any_of(op.getOperandTypes(), isF32Tensor) ||
                    llvm::any_of(op.getResultTypes(), isF32Tensor);
      if (isSafeIn16Bits(&op) && hasF32) {
        for (OpOperand &operand : op.getOpOperands())
          if (isF32Tensor(operand.get().getType()))
            operand.set(narrow(operand.get()));
        for (OpResult result : op.getResults())
          if (isF32Tensor(result.getType())) {
            result.setType(lowered(result.getType()));
            narrowed.insert(result);
          }
        ++numLowered;
        continue;
      }
      for (OpOperand &operand : op.getOpOperands())
        if (narrowed.contains(operand.get()))
          operand.set(widen(operand.get()));
    }
    if (narrowIO)
      func.setFunctionType(FunctionType::get(
          ctx, func.getBody().getArgumentTypes(),
          func.getBody().back().getTerminator()->getOperandTypes()));
    // Constants whose every use now takes the 16-bit copy.
    for (ConstantOp constant :
         llvm::make_early_inc_range(func.getOps<ConstantOp>()))
      if (constant->use_empty() && down.count(constant.getResult()))
        constant.erase();
  }
};

} // namespace
} // namespace mlir::modelc

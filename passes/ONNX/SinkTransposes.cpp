//===- SinkTransposes.cpp - Transposes moved down until they cancel -------===//
//
// Part of the modelc project, under the Apache License v2.0 with LLVM
// Exceptions. SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Implements `onnx-sink-transposes`. A transpose moves below the ops that
// do not care about the order of the dimensions it permutes: elementwise
// ops, and, when it keeps the last dimension in place, LayerNormalization
// over that dimension and a MatMul by a matrix. Where it meets a transpose
// back, the two cancel. The pass keeps the result only when the graph
// then moves fewer bytes through transposes.
//
//===----------------------------------------------------------------------===//

#include "passes/ONNX/Passes.h"
#include "passes/ONNX/Transposes.h"

#include "dialects/ONNX/IR/ONNXOps.h"

#include "mlir/IR/IRMapping.h"
#include "mlir/IR/PatternMatch.h"
#include "llvm/ADT/SetVector.h"

namespace mlir::modelc {
#define GEN_PASS_DEF_ONNXSINKTRANSPOSESPASS
#include "passes/ONNX/Passes.h.inc"

using namespace mlir::modelc::onnx;

namespace {

SmallVector<int64_t> invert(ArrayRef<int64_t> perm) {
  SmallVector<int64_t> inverse(perm.size());
  for (auto [i, p] : llvm::enumerate(perm))
    inverse[p] = i;
  return inverse;
}

/// The transpose defining `value` when it is a static one of the same rank
/// as `value`, or null.
TransposeOp getStaticTranspose(Value value) {
  auto transpose = value.getDefiningOp<TransposeOp>();
  auto type = dyn_cast<RankedTensorType>(value.getType());
  if (!transpose || !type || !type.hasStaticShape())
    return {};
  return transpose;
}

/// Whether `perm` leaves the last dimension in place.
bool keepsLast(ArrayRef<int64_t> perm) {
  return !perm.empty() && perm.back() == static_cast<int64_t>(perm.size()) - 1;
}

/// Whether `value`, a broadcast operand (a bias, a scalar), broadcasts to
/// a result of rank `perm.size()` the same way in both orders: all its
/// dimensions are 1 but maybe the last, which `perm` keeps, and it has
/// fewer dimensions than the result (else it is a full operand).
bool isOrderFree(Value value, ArrayRef<int64_t> perm) {
  auto type = dyn_cast<RankedTensorType>(value.getType());
  if (!type || type.getRank() > static_cast<int64_t>(perm.size()))
    return false;
  ArrayRef<int64_t> leading = type.getShape();
  if (!leading.empty() && keepsLast(perm))
    leading = leading.drop_back();
  return llvm::all_of(leading, [](int64_t d) { return d == 1; });
}

int64_t getBytes(Value value) {
  auto type = cast<RankedTensorType>(value.getType());
  return type.getNumElements() *
         llvm::divideCeil(type.getElementTypeBitWidth(), 8);
}

/// A set of transposes by one permutation sunk together: the values that
/// carry the permutation (each computed untransposed instead), the ops
/// that move, and where the permutation ends.
struct SinkGroup {
  SmallVector<int64_t> perm;
  /// Transposes by `perm` whose sources the group's ops read instead.
  SetVector<TransposeOp> seeds;
  /// Ops computed on untransposed values, their results carrying `perm`.
  SetVector<Operation *> moved;
  /// Transposes by the inverse of `perm` of a carried value: they cancel.
  SetVector<TransposeOp> cancelled;
  /// Per moved elementwise op: the operands read through an existing
  /// transpose by the inverse (the op's other operands, not carried).
  DenseMap<OpOperand *, Value> reused;
  /// Carried values some op outside the group reads: transposed there.
  SetVector<Value> materialized;
};

/// Whether `value` (not carried) has a transpose by `inverse` defined
/// before `before` (so reading it copies nothing new), and which.
TransposeOp findInverse(Value value, ArrayRef<int64_t> inverse,
                        Operation *before) {
  for (Operation *user : value.getUsers())
    if (auto back = dyn_cast<TransposeOp>(user))
      if (getStaticTranspose(back.getResult()) &&
          back->getBlock() == before->getBlock() &&
          back->isBeforeInBlock(before) && back.getEffectivePerm() == inverse)
        return back;
  return {};
}

/// Grows the group from `seed`: follows every carried value's users,
/// moving the ops that can compute untransposed (isMovable), pulling in
/// other transposes by the same permutation that those ops read, and
/// noting where the permutation cancels or must be materialized.
SinkGroup growGroup(TransposeOp seed, const DenseSet<Operation *> &taken) {
  SinkGroup group;
  int64_t rank = cast<RankedTensorType>(seed.getType()).getRank();
  group.perm = seed.getEffectivePerm();
  SmallVector<int64_t> inverse = invert(group.perm);
  DenseSet<Value> carried;
  SmallVector<Value> worklist;
  auto carry = [&](Value v) {
    if (carried.insert(v).second)
      worklist.push_back(v);
  };
  auto addSeed = [&](TransposeOp t) {
    if (group.seeds.insert(t))
      carry(t.getResult());
  };
  addSeed(seed);
  // Ops waiting for all their non-constant operands to be carried.
  SetVector<Operation *> pending;
  while (!worklist.empty()) {
    Value v = worklist.pop_back_val();
    for (OpOperand &use : v.getUses()) {
      Operation *user = use.getOwner();
      if (group.moved.contains(user))
        continue;
      if (auto t = dyn_cast<TransposeOp>(user);
          t && !taken.contains(t) && t.getEffectivePerm() == inverse) {
        group.cancelled.insert(t);
        continue;
      }
      bool movable = false;
      if (auto ln = dyn_cast<LayerNormalizationOp>(user)) {
        int64_t axis = ln.getAxis() < 0 ? ln.getAxis() + rank : ln.getAxis();
        movable = use.getOperandNumber() == 0 && !ln.getMean() &&
                  !ln.getInvStdDev() && axis == rank - 1 &&
                  keepsLast(group.perm);
      } else if (auto mm = dyn_cast<MatMulOp>(user)) {
        auto b = dyn_cast<RankedTensorType>(mm.getB().getType());
        movable = use.getOperandNumber() == 0 && b && b.getRank() == 2 &&
                  rank >= 3 && keepsLast(group.perm);
      } else if (user->hasTrait<onnx::OpTrait::Elementwise>() &&
                 user->getNumResults() == 1 &&
                 user->getResult(0).getType() == v.getType()) {
        pending.insert(user);
        continue;
      }
      if (!movable) {
        group.materialized.insert(v);
        continue;
      }
      group.moved.insert(user);
      carry(user->getResult(0));
    }
    // Elementwise ops move once every operand is carried, an order-free
    // constant, or reads an existing inverse transpose (other transposes
    // by the permutation join the group).
    for (bool progress = true; progress && worklist.empty();) {
      progress = false;
      for (Operation *op : llvm::make_early_inc_range(pending)) {
        bool ready = true;
        SmallVector<std::pair<OpOperand *, Value>> reads;
        for (OpOperand &operand : op->getOpOperands()) {
          Value x = operand.get();
          if (!x || carried.contains(x) || isOrderFree(x, group.perm))
            continue;
          if (x.getType() != op->getResult(0).getType()) {
            ready = false;
            break;
          }
          if (TransposeOp t = getStaticTranspose(x);
              t && !taken.contains(t) && t.getEffectivePerm() == group.perm) {
            addSeed(t);
            continue;
          }
          // Reused only from before every carried operand's definition.
          Operation *first = op;
          for (Value y : op->getOperands())
            if (y && carried.contains(y) && y.getDefiningOp() &&
                y.getDefiningOp()->isBeforeInBlock(first))
              first = y.getDefiningOp();
          if (TransposeOp back = findInverse(x, inverse, first)) {
            reads.push_back({&operand, back.getResult()});
            continue;
          }
          ready = false;
          break;
        }
        if (!ready || !llvm::all_of(op->getOperands(), [&](Value x) {
              return !x || carried.contains(x) || isOrderFree(x, group.perm) ||
                     llvm::any_of(reads,
                                  [&](auto &r) { return r.first->get() == x; });
            }))
          continue;
        for (auto [operand, value] : reads)
          group.reused[operand] = value;
        pending.remove(op);
        group.moved.insert(op);
        carry(op->getResult(0));
        progress = true;
      }
    }
  }
  // Carried values read by an op that never became movable.
  for (Operation *op : pending)
    for (Value x : op->getOperands())
      if (x && carried.contains(x))
        group.materialized.insert(x);
  return group;
}

/// Bytes the group's transposes write now, less what they would write
/// after it moves: positive when it pays.
int64_t getSaving(const SinkGroup &group) {
  int64_t saving = 0;
  for (TransposeOp t : group.seeds)
    saving += getBytes(t.getResult());
  for (TransposeOp t : group.cancelled)
    saving += getBytes(t.getResult());
  for (Value v : group.materialized)
    saving -= getBytes(v);
  return saving;
}

/// Moves the group: every moved op computed on untransposed values, the
/// seeds' and cancelled transposes' uses rewired, one transpose per
/// materialized value.
void applyGroup(const SinkGroup &group, OpBuilder &b) {
  IRMapping untransposed;
  for (TransposeOp t : group.seeds)
    untransposed.map(t.getResult(), t.getData());
  SmallVector<int64_t> inverse = invert(group.perm);
  SmallVector<Operation *> order(group.moved.begin(), group.moved.end());
  llvm::sort(order,
             [](Operation *x, Operation *y) { return x->isBeforeInBlock(y); });
  for (Operation *op : order) {
    b.setInsertionPoint(op);
    SmallVector<Value> operands;
    for (OpOperand &operand : op->getOpOperands()) {
      Value x = operand.get();
      if (auto it = group.reused.find(&operand); it != group.reused.end())
        operands.push_back(it->second);
      else
        operands.push_back(x ? untransposed.lookupOrDefault(x) : x);
    }
    Operation *moved = b.clone(*op);
    moved->setOperands(operands);
    moved->getResult(0).setType(
        permuteType(op->getResult(0).getType(), inverse));
    untransposed.map(op->getResult(0), moved->getResult(0));
  }
  for (TransposeOp t : group.cancelled)
    t.getResult().replaceAllUsesWith(untransposed.lookup(t.getData()));
  // What is left reading a carried value is outside the group.
  for (Value v : group.materialized) {
    Value source = untransposed.lookup(v);
    b.setInsertionPointAfterValue(source);
    Value back = createTranspose(b, v.getLoc(), source, group.perm);
    v.replaceUsesWithIf(back, [&](OpOperand &use) {
      return !group.moved.contains(use.getOwner()) &&
             !llvm::is_contained(group.cancelled, use.getOwner());
    });
  }
  for (TransposeOp t : group.cancelled)
    if (t->use_empty())
      t->erase();
  for (Operation *op : llvm::reverse(order))
    if (op->use_empty())
      op->erase();
  for (TransposeOp t : group.seeds)
    if (t->use_empty())
      t->erase();
}

struct ONNXSinkTransposesPass final
    : impl::ONNXSinkTransposesPassBase<ONNXSinkTransposesPass> {
  using Base::Base;

  void runOnOperation() override {
    func::FuncOp func = getOperation();
    OpBuilder b(&getContext());
    // Each transpose starts a group unless an earlier group took it; after
    // a group moves (it may erase transposes), the scan starts over.
    DenseSet<Operation *> taken, tried;
    for (bool moved = true; moved;) {
      moved = false;
      SmallVector<TransposeOp> transposes(func.getOps<TransposeOp>());
      for (TransposeOp seed : transposes) {
        if (taken.contains(seed) || !tried.insert(seed).second ||
            !getStaticTranspose(seed.getResult()))
          continue;
        SinkGroup group = growGroup(seed, taken);
        int64_t saving = getSaving(group);
        if (saving <= 0)
          continue;
        for (TransposeOp t : group.seeds)
          taken.insert(t);
        for (TransposeOp t : group.cancelled)
          taken.insert(t);
        applyGroup(group, b);
        bytesRemoved += saving;
        ++numGroups;
        moved = true;
        break;
      }
    }
  }
};

} // namespace
} // namespace mlir::modelc

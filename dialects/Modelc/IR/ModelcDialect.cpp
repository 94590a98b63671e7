//===- ModelcDialect.cpp - The modelc dialect -----------------------------===//
//
// Part of the modelc project, under the Apache License v2.0 with LLVM
// Exceptions. SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "dialects/Modelc/IR/ModelcDialect.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OpImplementation.h"

using namespace mlir;
using namespace mlir::modelc;

#include "dialects/Modelc/IR/ModelcDialect.cpp.inc"

void ModelcDialect::initialize() {
  addOperations<
#define GET_OP_LIST
#include "dialects/Modelc/IR/ModelcOps.cpp.inc"
      >();
}

//===----------------------------------------------------------------------===//
// KernelOp
//===----------------------------------------------------------------------===//

LogicalResult KernelOp::verify() {
  Block &body = getBody().front();
  if (body.getNumArguments() != getInputs().size())
    return emitOpError("expects one block argument per input, got ")
           << body.getNumArguments() << " for " << getInputs().size();
  for (auto [arg, input] : llvm::zip_equal(body.getArguments(), getInputs()))
    if (arg.getType() != input.getType())
      return emitOpError("block argument type ")
             << arg.getType() << " differs from input type " << input.getType();
  auto yield = cast<YieldOp>(body.getTerminator());
  if (TypeRange(yield.getValues().getTypes()) != getResultTypes())
    return emitOpError("yields ")
           << yield.getValues().getTypes() << " but its results are "
           << getResultTypes();
  if (getResults().empty())
    return emitOpError("expects at least one result");
  return success();
}

//===----------------------------------------------------------------------===//
// LaunchOp
//===----------------------------------------------------------------------===//

/// Whether a value of type `a` can be passed where `b` is expected: kernels
/// use signless integers where the graph has signed or unsigned ones (the
/// bytes are the same).
static bool isSameStorage(Type a, Type b) {
  if (a == b)
    return true;
  auto ta = dyn_cast<TensorType>(a), tb = dyn_cast<TensorType>(b);
  if (!ta || !tb || ta.getShape() != tb.getShape())
    return false;
  auto ia = dyn_cast<IntegerType>(ta.getElementType());
  auto ib = dyn_cast<IntegerType>(tb.getElementType());
  return ia && ib && ia.getWidth() == ib.getWidth();
}

static bool isSameStorage(TypeRange a, TypeRange b) {
  return a.size() == b.size() && llvm::all_of(llvm::zip(a, b), [](auto pair) {
           return isSameStorage(std::get<0>(pair), std::get<1>(pair));
         });
}

LogicalResult LaunchOp::verifySymbolUses(SymbolTableCollection &symbolTable) {
  // After code generation a kernel is an llvm.func (or a GPU function):
  // any symbol marked as a kernel will do.
  Operation *symbol = symbolTable.lookupNearestSymbolFrom(*this, getKernel());
  if (!symbol)
    return emitOpError("refers to '")
           << getKernel() << "', which is not defined";
  if (!symbol->hasAttr(kKernelAttrName))
    return emitOpError("refers to '") << getKernel() << "', which lacks the '"
                                      << kKernelAttrName << "' attribute";
  auto kernel = dyn_cast<func::FuncOp>(symbol);
  if (!kernel)
    return success();
  // While kernels are on tensors their signature must match the launch:
  // (inputs) -> (results), or, in destination-passing style,
  // (inputs, outputs) -> (results) with one output per result.
  FunctionType type = kernel.getFunctionType();
  bool onTensors = llvm::all_of(type.getInputs(), llvm::IsaPred<TensorType>);
  if (!onTensors)
    return success();
  SmallVector<Type> withOutputs(getInputs().getTypes());
  llvm::append_range(withOutputs, getResultTypes());
  bool resultsMatch = isSameStorage(getResultTypes(), type.getResults());
  bool inputsMatch = isSameStorage(getInputs().getTypes(), type.getInputs()) ||
                     isSameStorage(TypeRange(withOutputs), type.getInputs());
  if (!resultsMatch || !inputsMatch)
    return emitOpError("does not match the signature ")
           << type << " of '" << getKernel() << "'";
  return success();
}

#define GET_OP_CLASSES
#include "dialects/Modelc/IR/ModelcOps.cpp.inc"

//===- Passes.td - Conversions between dialects ------------*- tablegen -*-===//
//
// Part of the modelc project, under the Apache License v2.0 with LLVM
// Exceptions. SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#ifndef MODELC_PASSES_CONVERSION_PASSES_TD
#define MODELC_PASSES_CONVERSION_PASSES_TD

include "mlir/Pass/PassBase.td"

def ConvertONNXToLinalgPass
    : Pass<"convert-onnx-to-linalg", "::mlir::func::FuncOp"> {
  let summary = "Lowers onnx ops to linalg, tensor, arith, math and scf";
  let description = [{
    Pre-condition: static shapes (the graph phase's contract).

    Lowers every onnx op of the function: elementwise ops, matrix products
    and convolutions, pooling, reductions and softmax, normalizations and
    data movement become linalg ops (mostly linalg.generic) on tensors;
    constants become arith.constant. Unsigned element types become signless
    in the function signature and body (each lowering keeps signedness from
    the onnx op it lowers). Values read from tensors as indices (Gather
    indices, Slice starts) are clamped into range.

    Post-condition: no onnx op remains; an op that cannot be lowered (for
    example a Dropout in training mode, or a linear Resize of integers)
    fails the pass with an error at the op.
  }];
  let dependentDialects = [
    "::mlir::arith::ArithDialect", "::mlir::linalg::LinalgDialect",
    "::mlir::math::MathDialect", "::mlir::scf::SCFDialect",
    "::mlir::tensor::TensorDialect"
  ];
}

#endif // MODELC_PASSES_CONVERSION_PASSES_TD

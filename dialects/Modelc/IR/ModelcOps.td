//===- ModelcOps.td - The modelc dialect: kernels and launches --*- tablegen -*-===//
//
// Part of the modelc project, under the Apache License v2.0 with LLVM
// Exceptions. SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// modelc's own ops: what is neither an ONNX operator nor upstream MLIR. The
// kernel boundary is explicit in the IR, so every phase after partitioning
// works kernel by kernel.
//
//===----------------------------------------------------------------------===//

#ifndef MODELC_DIALECTS_MODELC_IR_MODELCOPS_TD
#define MODELC_DIALECTS_MODELC_IR_MODELCOPS_TD

include "mlir/IR/OpBase.td"
include "mlir/IR/SymbolInterfaces.td"
include "mlir/Interfaces/SideEffectInterfaces.td"
include "mlir/Interfaces/ControlFlowInterfaces.td"

def Modelc_Dialect : Dialect {
  let name = "modelc";
  let cppNamespace = "::mlir::modelc";
  let summary = "kernels and their launches";
  let description = [{
    The ops modelc adds between the graph and code generation. A model is
    compiled as a sequence of kernels: `modelc.kernel` groups graph ops that
    become one kernel (a region isolated from above), and after outlining
    each kernel is a function in the nested `module @kernels`, called from
    the model function by `modelc.launch`. Ops left in the model function
    outside kernels are views of buffers (reshapes) and constants (weights).
  }];
}

class Modelc_Op<string mnemonic, list<Trait> traits = []>
    : Op<Modelc_Dialect, mnemonic, traits>;

def Modelc_KernelOp : Modelc_Op<"kernel", [
    IsolatedFromAbove, SingleBlockImplicitTerminator<"YieldOp">,
    RecursiveMemoryEffects]> {
  let summary = "a group of ops that becomes one kernel";
  let description = [{
    The ops of the body, computing the results from the block arguments
    (which are the operands), become one kernel. The region is isolated from
    above: small constants the body needs are cloned into it, and large ones
    (weights) are operands. `sym_name` is the kernel's name once outlined.

    Example:

    ```mlir
    %y = modelc.kernel "k0_Conv" (%x, %w) : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x6x6xf32> {
    ^bb0(%a: tensor<1x3x8x8xf32>, %b: tensor<4x3x3x3xf32>):
      %c = onnx.Conv %a, %b : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x6x6xf32>
      modelc.yield %c : tensor<1x4x6x6xf32>
    }
    ```
  }];
  let arguments = (ins StrAttr:$sym_name, Variadic<AnyRankedTensor>:$inputs);
  let results = (outs Variadic<AnyRankedTensor>:$results);
  let regions = (region SizedRegion<1>:$body);
  let assemblyFormat = [{
    $sym_name ` ` `(` $inputs `)` attr-dict `:` functional-type($inputs, $results) $body
  }];
  let hasVerifier = 1;
}

def Modelc_YieldOp : Modelc_Op<"yield", [Pure, Terminator, ReturnLike,
                                         HasParent<"KernelOp">]> {
  let summary = "returns the results of a kernel region";
  let description = [{
    Terminates a `modelc.kernel` body; its operands are the kernel's results.
  }];
  let arguments = (ins Variadic<AnyRankedTensor>:$values);
  let assemblyFormat = "($values^ `:` type($values))? attr-dict";
  let builders = [OpBuilder<(ins), [{ /* nothing to yield */ }]>];
}

def Modelc_LaunchOp : Modelc_Op<"launch", [
    DeclareOpInterfaceMethods<SymbolUserOpInterface>]> {
  let summary = "runs an outlined kernel";
  let description = [{
    Runs the kernel function `kernel` (in the nested `@kernels` module) on
    `inputs`; its results are the kernel's outputs. At the tensor level the
    callee's signature is `(inputs) -> (results)`. After the kernels are
    bufferized their signature becomes `(inputs, outputs[, scratch])` in
    memrefs, and the memory plan gives every operand and result a buffer.

    Example:

    ```mlir
    %y = modelc.launch @kernels::@k0_Conv(%x, %w) : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x6x6xf32>
    ```
  }];
  let arguments = (ins SymbolRefAttr:$kernel, Variadic<AnyRankedTensor>:$inputs);
  let results = (outs Variadic<AnyRankedTensor>:$results);
  let assemblyFormat = [{
    $kernel `(` $inputs `)` attr-dict `:` functional-type($inputs, $results)
  }];
}

#endif // MODELC_DIALECTS_MODELC_IR_MODELCOPS_TD

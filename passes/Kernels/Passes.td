//===- Passes.td - Kernel partitioning and kernel-level passes -*- tablegen -*-===//
//
// Part of the modelc project, under the Apache License v2.0 with LLVM
// Exceptions. SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#ifndef MODELC_PASSES_KERNELS_PASSES_TD
#define MODELC_PASSES_KERNELS_PASSES_TD

include "mlir/Pass/PassBase.td"

def FormKernelsPass : Pass<"modelc-form-kernels", "::mlir::func::FuncOp"> {
  let summary = "Groups the graph's compute ops into modelc.kernel regions";
  let description = [{
    Pre-condition: the graph phase has run (static shapes, folded constants).

    Wraps every onnx op that computes (anything but `onnx.Constant` and the
    views `onnx.Reshape`, `onnx.Flatten`, `onnx.Squeeze`, `onnx.Unsqueeze`,
    `onnx.Identity`) in a `modelc.kernel`, named `k<N>_<OpType>[_<OpType>...]`
    in program order. With `fuse-elementwise` (default), an elementwise op
    (trait `Elementwise`: activations, casts, broadcasting arithmetic such
    as a residual Add) joins the kernel of the op producing one of its
    operands when that result has no other use and is not broadcast; chains
    grow one op at a time, so Conv -> Add -> Relu is one kernel. A fused
    kernel's location fuses its ops' locations, so the plan lists every
    ONNX node it covers. Constants with at most
    `max-inline-constant-elements` elements are cloned into the kernel
    (attribute-like operands: axes, shapes, scalars); larger ones (weights)
    become kernel inputs.

    Post-condition: the function holds only onnx.Constant, views,
    modelc.kernel and func.return.
  }];
  let options = [
    Option<"maxInlineConstantElements", "max-inline-constant-elements",
           "int64_t", /*default=*/"64",
           "Largest constant cloned into a kernel instead of passed to it">,
    Option<"fuseElementwise", "fuse-elementwise", "bool", /*default=*/"true",
           "Fuse chains of elementwise consumers into their producer's "
           "kernel">,
    Option<"concatProducers", "concat-producers", "bool",
           /*default=*/"false",
           "With fuse-elementwise: a Concat also joins the kernel of a "
           "convolution with a window (not 1x1, which a GEMM library may "
           "take) that computes one of its inputs, used by nothing else, "
           "and a Slice it concatenates moves in too; the convolution's "
           "epilogue then writes its window of the concatenation "
           "(modelc-kernel-destination-passing)">,
  ];
  let dependentDialects = ["::mlir::modelc::ModelcDialect"];
}

def OutlineKernelsPass : Pass<"modelc-outline-kernels", "::mlir::ModuleOp"> {
  let summary = "Moves each modelc.kernel into a function of module @kernels";
  let description = [{
    Replaces every `modelc.kernel` with a `modelc.launch` of a new function
    in the nested `module @kernels` (created if absent), marked with the
    `modelc.kernel` unit attribute, whose body is the kernel's region and
    whose signature is `(inputs) -> (results)` on tensors.

    Post-condition: no `modelc.kernel` remains; the kernels module holds the
    code to generate and the model function only orchestrates.
  }];
  let dependentDialects = ["::mlir::modelc::ModelcDialect",
                           "::mlir::func::FuncDialect"];
}

def SelectLibraryGemmsPass
    : Pass<"modelc-select-library-gemms", "::mlir::ModuleOp"> {
  let summary = "Chooses cuBLASLt for kernels that are one plain GEMM";
  let description = [{
    Runs on the model's module after outlining, on the onnx ops of the
    kernel functions. A kernel whose body is one GEMM and an epilogue
    cuBLASLt computes itself gets a `modelc.library_gemm` dictionary
    describing it; code generation then
    leaves it without device code and the execution plan runs it with
    cuBLASLt (the runtime loads libcublasLt only for artifacts that have
    such a kernel).

    The GEMM (row-major, per batch entry), `D = alpha * op(A) op(B)`:
    - `onnx.MatMul` of rank >= 2 operands: B without batch (A's batch
      dimensions fold into M), A without batch (B's are batched, A
      broadcast), or equal batch dimensions (strided batches);
    - `onnx.Gemm` with `alpha`, `transA`, `transB`; its C is the GEMM's C
      (`beta`) when it is M x N, the bias when it is N or 1 x N and `beta`
      is 1;
    - `onnx.ConvNHWC` with 1 x 1 filters, stride 1, no padding and one
      group: the `N*H*W x C` input times the transposed `M x C` filters,
      its optional bias the GEMM's bias.
    Then, in order: `onnx.Add`s of a kernel input that is a bias (N
    elements, along the rows) or a C (D's shape), at most one of each,
    `onnx.Relu`, and an `onnx.Cast` from f16 or bf16 to f32 when the kernel
    has neither bias nor C (cuBLASLt gives them D's type).

    A and B are f16, bf16 or f32 and must be kernel inputs. A bias or C
    that is a constant cloned into the kernel (FormKernels clones small
    ones) becomes a new last input, passed by the kernel's launches as a
    weight, since cuBLASLt reads it from device memory. f32 GEMMs use
    TF32 tensor cores when `precision` is tf32, plain fp32 otherwise;
    16-bit ones accumulate in fp32. cuBLASLt computes the epilogue in fp32
    and rounds once, where generated code rounds after each op: results can
    differ in the last bit of a 16-bit value.

    Anything else stays generated code; with `--verbose` a remark on each
    GEMM kernel left says why.

    The runtime runs the first algorithm cuBLASLt's heuristic proposes for
    the GEMM on the GPU at hand, unless a `tuning-cache` line
    `cublaslt KEY ALGORITHM` names another (the dictionary's `algorithm`:
    which of the heuristic's results, best first, measured fastest on the
    tuning GPU). KEY is the shape `MxNxK[xBATCH]` and, comma-separated,
    `aT`, `bT`, `c`, `bias`, `relu`, `f32` where they apply, as
    `modelc --report` prints it.
  }];
  let options = [
    Option<"precision", "precision", "std::string", /*default=*/"\"fp32\"",
           "How f32 GEMMs multiply: fp32 or tf32">,
    Option<"workspaceBytes", "workspace-bytes", "int64_t",
           /*default=*/"4194304",
           "cuBLASLt workspace of each GEMM (arena scratch during its step)">,
    Option<"minFlops", "min-flops", "int64_t", /*default=*/"0",
           "Smallest GEMM (2*M*N*K*batch) given to the library">,
    Option<"tuningCache", "tuning-cache", "std::string", /*default=*/"\"\"",
           "A tuning cache (scripts/gpu/tune.py) whose 'cublaslt' lines "
           "choose GEMMs' algorithms">,
  ];
}

def KernelDestinationPassingPass
    : Pass<"modelc-kernel-destination-passing", "::mlir::ModuleOp"> {
  let summary = "Gives kernel functions output arguments their results are "
                "computed in";
  let description = [{
    Pre-condition: kernel functions on tensors, `(inputs) -> (results)`.

    Appends one tensor argument per result (the caller's output buffer) and
    makes each result computed in it: following the result back through
    destination-style ops (linalg, insert_slice) and reshapes, the
    `tensor.empty` it started from is replaced by that argument (reshaped to
    match). The source of a `tensor.insert_slice` with a static window (a
    Concat's input) is computed the same way in its window of the
    insertion's destination, where that destination is defined before the
    source's computation starts; an earlier insertion of the chain moves up
    to just after its operands so that later sources can use its window.
    Inputs are marked not writable. The results stay; after
    bufferization `modelc-finalize-kernel-abi` drops those that are their
    output argument and copies the others (a kernel returning an input).

    Post-condition: the kernel computes each result in place in its output
    argument whenever its chain starts from a tensor.empty.
  }];
  let dependentDialects = ["::mlir::bufferization::BufferizationDialect",
                           "::mlir::tensor::TensorDialect"];
}

def FinalizeKernelABIPass
    : Pass<"modelc-finalize-kernel-abi", "::mlir::ModuleOp"> {
  let summary = "Gives bufferized kernels the ABI (inputs, outputs[, scratch])";
  let description = [{
    Pre-condition: kernels bufferized with identity layouts, in destination
    passing style (`modelc-kernel-destination-passing`): arguments are
    (inputs, outputs), results one per output.

    1. Results: a result that is its output argument is dropped; any other
       (a kernel returning an input or a constant) is copied into its output
       argument first. Kernels return nothing.
    2. Temporaries: a run must not allocate. Each remaining `memref.alloc`
       (static, identity layout) becomes a `memref.view` of a new trailing
       `memref<Nxi8>` scratch argument, at an offset aligned to `alignment`;
       deallocations are removed and N is recorded in the
       `modelc.scratch_bytes` attribute. The memory plan gives the scratch a
       slot in the arena for the duration of the launch.

    3. Copies: `memref.copy` becomes `linalg.copy`, which lowers to loops
       (a strided memref.copy would call MLIR's runtime library).
    4. Empty arguments: an argument without elements and of rank > 1 becomes
       `memref<0xT>` (the bare-pointer calling convention cannot lay out
       shapes like 2x0); the body uses a local empty buffer instead.
    5. Constant globals (small constants bufferization put in
       `memref.global`s) are renamed `<kernel>_cst<N>` after the first
       kernel using them and ordered by first use, so the module, and the
       artifact, do not depend on the order bufferization created them in.

    Post-condition: every kernel function is `(inputs..., outputs...[,
    scratch]) -> ()` and contains no `memref.alloc` or `memref.copy`.
  }];
  let options = [
    Option<"alignment", "alignment", "int64_t", /*default=*/"64",
           "Byte alignment of each temporary inside the scratch buffer">,
  ];
  let dependentDialects = ["::mlir::memref::MemRefDialect",
                           "::mlir::arith::ArithDialect",
                           "::mlir::linalg::LinalgDialect"];
}

def SelectBFloat16AsIntegerPass
    : Pass<"modelc-select-bfloat16-as-integer", "::mlir::ModuleOp"> {
  let summary = "Selects between bf16 values by their 16 bits (host code)";
  let description = [{
    Host code generation, after the 16-bit emulation (arithmetic in f32):
    every `arith.select` of bf16 values (scalars or vectors) becomes a
    select of their bits as i16, bitcast back. LLVM's x86 backend has no
    bfloat select without AVX512-BF16: it promotes one to float and
    truncates the result with `__truncsfbf2`, a compiler-rt builtin that
    libgcc does not provide, so an artifact with such a select (a Pad
    reading a bf16 pad value, for one) could not be loaded. A select
    moves bits unchanged, so the result is the same.
  }];
  let dependentDialects = ["::mlir::arith::ArithDialect"];
}

#endif // MODELC_PASSES_KERNELS_PASSES_TD

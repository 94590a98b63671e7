//===- Passes.td - Graph-level passes on the onnx dialect --*- tablegen -*-===//
//
// Part of the modelc project, under the Apache License v2.0 with LLVM
// Exceptions. SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#ifndef MODELC_PASSES_ONNX_PASSES_TD
#define MODELC_PASSES_ONNX_PASSES_TD

include "mlir/Pass/PassBase.td"

//===----------------------------------------------------------------------===//
// Contracts
//===----------------------------------------------------------------------===//

def VerifyStaticShapesPass
    : Pass<"modelc-verify-static-shapes", "::mlir::func::FuncOp"> {
  let summary = "Checks that every tensor is statically shaped";
  let description = [{
    Code generation assumes static shapes. This pass is the gate between the
    graph phase and the phases after it: it emits one error per offending
    value (function argument or op result), naming it and its type, at the
    location of the ONNX node or tensor that produced it, and fails.
  }];
}

//===----------------------------------------------------------------------===//
// Shapes and constants
//===----------------------------------------------------------------------===//

def ONNXConstantFoldPass
    : Pass<"onnx-constant-fold", "::mlir::func::FuncOp"> {
  let summary = "Evaluates onnx ops whose operands are all constants";
  let description = [{
    Replaces every onnx op whose operands are all `onnx.Constant` and whose
    results are statically shaped with `onnx.Constant` results computed at
    compile time (elementwise math with broadcasting, casts, comparisons,
    reductions, and data movement such as Reshape, Transpose, Concat, Slice,
    Gather, Expand, Tile, ConstantOfShape and Range).

    The size budget keeps folding from turning a small model into a huge one
    (a "constant-folding bomb" such as `ConstantOfShape([100000, 100000])`):
    an op is folded only if its results hold at most `max-elements` elements,
    and folding stops growing the module once `max-total-elements` elements
    have been created. Ops left unfolded stay as they are and are computed at
    run time; a remark says which were skipped for the budget.

    An op whose results all have zero elements (a static dimension of 0)
    becomes an empty `onnx.Constant` whatever its operands: there is nothing
    to compute.

    Post-condition: no onnx op whose operands are all constants remains,
    except ops over the budget and ops the evaluator does not implement
    (convolutions, matrix products, resizes, ...).
  }];
  let options = [
    Option<"maxElements", "max-elements", "int64_t", /*default=*/"1 << 22",
           "Largest result (in elements) one folded op may produce">,
    Option<"maxTotalElements", "max-total-elements", "int64_t",
           /*default=*/"1 << 28",
           "Most elements the pass may create in total">,
  ];
  let statistics = [
    Statistic<"numFolded", "folded", "Number of ops folded to constants">,
    Statistic<"numOverBudget", "over-budget",
              "Number of foldable ops skipped for the size budget">,
  ];
}

def ONNXFoldShapeComputationsPass
    : Pass<"onnx-fold-shape-computations", "::mlir::func::FuncOp"> {
  let summary = "Folds Shape/Size subgraphs into constants and refines types";
  let description = [{
    Exported models compute shapes at run time: `Shape -> Gather -> Unsqueeze
    -> Concat -> Reshape` chains, `Size`, `Range` over a dimension. Once the
    input shapes are fixed, these are compile-time constants. The pass walks
    each function in program order and, for every op:

    1. refines its result types from its operands (which may have become
       constants or more static), as `onnx-shape-inference` does;
    2. replaces `onnx.Shape` and `onnx.Size` of a statically shaped tensor
       with a constant;
    3. evaluates any op whose operands are all constants and whose results
       are small (at most `max-elements` elements each).

    One forward walk reaches a fixed point, since every operand is visited
    before its users. Function result types are updated at the end.

    Post-condition: no `onnx.Shape` or `onnx.Size` of a static tensor
    remains, and every result type is as static as its operands allow.
  }];
  let options = [
    Option<"maxElements", "max-elements", "int64_t", /*default=*/"4096",
           "Largest result (in elements) of a shape computation to fold">,
  ];
  let statistics = [
    Statistic<"numFolded", "folded", "Number of ops folded to constants">,
    Statistic<"numRefined", "refined", "Number of result types refined">,
  ];
}

def ONNXShapeInferencePass
    : Pass<"onnx-shape-inference", "::mlir::func::FuncOp"> {
  let summary = "Refines result types of onnx ops from their operands";
  let description = [{
    Walks each function in program order and replaces every result type by
    the most static type compatible with both the declared and the inferred
    type (per dimension, the static one). Updates the function's result
    types to match what it returns. Fails, at the op, if the declared and
    inferred types contradict each other.
  }];
  let statistics = [
    Statistic<"numRefined", "refined", "Number of result types refined">,
  ];
}

//===----------------------------------------------------------------------===//
// Graph simplification
//===----------------------------------------------------------------------===//

def ONNXDeadCodeEliminationPass : Pass<"onnx-dce", "::mlir::func::FuncOp"> {
  let summary = "Removes ops whose results are unused";
  let description = [{
    Erases, in reverse program order, every side-effect-free op whose results
    have no uses, so that chains of dead ops (a dead Reshape and the Shape
    subgraph feeding it, unused initializers) disappear in one walk. Function
    arguments and results are kept, since they are the model's interface.
  }];
  let statistics = [
    Statistic<"numErased", "erased", "Number of dead ops erased">,
  ];
}

def ONNXChannelsLastPass
    : Pass<"onnx-channels-last", "::mlir::func::FuncOp"> {
  let summary = "Runs 2-D convolutions and max and global average pooling "
                "in NHWC";
  let description = [{
    Rewrites every statically shaped 2-D `Conv` into `ConvNHWC` and every
    2-D `MaxPool` into `MaxPoolNHWC`, with a Transpose to NHWC before and
    one back to NCHW after. Constant filters are transposed at compile time
    (`M x C/group x kH x kW` to `M x kH x kW x C/group`); `auto_pad` becomes
    explicit `pads`.

    Transposes to NCHW then sink through elementwise ops whose other
    operands are transposed the same way or are constants that need only a
    reshape (scalars, per-channel vectors), through a Concat of transposed
    inputs and through a Slice with constant axes (the axes renumbered); a
    Transpose to NHWC of a Transpose to NCHW cancels; a GlobalAveragePool
    of a transposed input becomes `GlobalAveragePoolNHWC` (`N x 1 x 1 x C`),
    the transpose after it moving unit dimensions only. A network of
    convolutions, activations and residual adds keeps its activations in
    NHWC; transposes are left where an op reads NCHW (graph inputs and
    outputs, Flatten, other global pooling).

    On a GPU, an implicit-GEMM convolution in NHWC reads its input window
    contiguously along the channels, its K dimension, so the copies into
    shared memory are wide (16 bytes) instead of one element at a time.
    With `pad-channels` N, a dense convolution whose input channels C are
    not a multiple of N gets zero channels up to the next multiple, when
    that adds at most a third to its work (an image's 3 channels become 4):
    an `onnx.Pad` of its NHWC input and zero filter channels at compile
    time. Its copies then move N channels at once (8 bytes of f16) instead
    of single elements through registers.

    Example:

    ```mlir
    %y = onnx.Conv %x, %w {pads = array<i64: 1, 1, 1, 1>} : ...
    %r = onnx.Relu %y : ...
    ```

    becomes

    ```mlir
    %t = onnx.Transpose %x {perm = array<i64: 0, 2, 3, 1>} : ...
    %c = onnx.ConvNHWC %t, %w_ohwi {...} : ...
    %r = onnx.Relu %c : ...
    %y = onnx.Transpose %r {perm = array<i64: 0, 3, 1, 2>} : ...
    ```
  }];
  let options = [
    Option<"denseOnly", "dense-only", "bool", /*default=*/"false",
           "Leave a function with a grouped (depthwise) 2-D convolution in "
           "NCHW: its GPU kernels are faster there (MobileNetV2)">,
    Option<"padChannels", "pad-channels", "int64_t", /*default=*/"0",
           "Pad a dense convolution's input channels with zeros to a "
           "multiple of this when that adds at most a third (0: never)">,
  ];
  let statistics = [
    Statistic<"numConvs", "convs", "Number of Conv ops made NHWC">,
    Statistic<"numPaddedConvs", "padded-convs",
              "Number of convolutions whose input channels were padded">,
    Statistic<"numPools", "pools", "Number of MaxPool ops made NHWC">,
    Statistic<"numTransposesLeft", "transposes-left",
              "Number of transposes in the function afterwards">,
  ];
}

def ONNXLowerPrecisionPass
    : Pass<"onnx-lower-precision", "::mlir::func::FuncOp"> {
  let summary = "Stores weights and activations in 16 bits (fp16 or bf16)";
  let description = [{
    For `--precision fp16|bf16`. Ops that are safe in 16 bits run on
    16-bit tensors: Conv, ConvTranspose, MatMul and Gemm (whose lowering
    accumulates in f32 and rounds once), elementwise arithmetic and
    activations (Add, Sub, Mul, Div, Relu, LeakyRelu, PRelu, Sigmoid, Tanh,
    Clip, HardSigmoid, HardSwish, Max, Min, Neg, Abs, Where), MaxPool,
    GlobalMaxPool, GlobalAveragePool and its NHWC form (whose lowering sums
    in f32 and rounds once) and data movement (Reshape, Flatten, Transpose, Concat, Split, Slice,
    Squeeze, Unsqueeze, Gather, Expand, Tile, Pad, Identity, DepthToSpace,
    SpaceToDepth), and LayerNormalization with `stash_type` 1 and only its
    Y result (its lowering computes the statistics and the normalization
    in f32 and rounds once, at the output): every f32 tensor they take or
    produce becomes `type`.
    Everything else stays f32: softmax, other normalizations, reductions and
    other pooling that sums (AveragePool), exp/log/erf/pow/sqrt, resizes (their scales), and
    ops this pass does not know. These are the numerically sensitive ops,
    which accumulate in f32.

    Where a 16-bit value meets an f32 op (and at the function's results:
    inputs and outputs keep the model's f32 unless `narrow-io`, which makes
    them 16-bit too), an `onnx.Cast` converts it;
    an f32 value meeting a 16-bit op is cast down, except f32 constants,
    which are converted at compile time (round to nearest even) into a
    16-bit constant. Casts are later fused into the neighbouring kernels.
  }];
  let options = [
    Option<"type", "type", "std::string", /*default=*/"\"f16\"",
           "The 16-bit type: f16 or bf16">,
    Option<"narrowIO", "narrow-io", "bool", /*default=*/"false",
           "The function's f32 arguments and results take the 16-bit type "
           "too (--io-precision), instead of casts at the edges">,
  ];
  let statistics = [
    Statistic<"numLowered", "lowered", "Ops computed in 16 bits">,
    Statistic<"numCasts", "casts", "Casts inserted at 16/32-bit borders">
  ];
}

def ONNXRoundWeightsToTF32Pass
    : Pass<"onnx-round-weights-to-tf32", "::mlir::func::FuncOp"> {
  let summary = "Rounds constant Conv/MatMul/Gemm weights to TF32 once, at "
                "compile time";
  let description = [{
    For `--precision tf32` on CUDA targets. Tensor cores multiply TF32
    (10-bit mantissa) values; kernels round each f32 operand element to
    nearest (ties away from zero, as `cvt.rna.tf32.f32`) as they load it,
    two instructions per element. For a constant operand that work can be
    done once: this pass rounds every f32 `onnx.Constant` whose uses are
    all operands 0 or 1 of `onnx.Conv`, `onnx.MatMul` or `onnx.Gemm` the
    same way, and marks each such op with `modelc.tf32_exact`, the operand
    indices that are now exact in TF32. The kernels' results are the same
    bits as rounding at load time. Infinities and NaNs are kept.

    A constant with any other use (a bias, an elementwise operand) is left
    alone, and so are other element types.
  }];
  let statistics = [
    Statistic<"numRounded", "rounded", "Constants rounded to TF32">
  ];
}

def ONNXFoldBatchNormPass
    : Pass<"onnx-fold-batchnorm", "::mlir::func::FuncOp"> {
  let summary = "Folds inference BatchNormalization into Conv/Gemm or a "
                "scale-and-shift";
  let description = [{
    Removes every `onnx.BatchNormalization` (inference mode, constant
    parameters):

    - after an `onnx.Conv` (or `onnx.Gemm`, normalizing its output columns)
      with constant weights and bias, whose result has no other use, the
      normalization folds into the weights and bias:
      `W' = W * s`, `B' = (B - mean) * s + beta`, with
      `s = scale / sqrt(var + epsilon)` per output channel;
    - otherwise, it becomes `onnx.Mul` and `onnx.Add` with constant
      per-channel `s` and `beta - mean * s`, shaped to broadcast along axis 1.

    Arithmetic is done in double precision and rounded once to the weight
    type. Normalizations with non-constant parameters are left alone (and
    rejected later), with a remark.

    Post-condition: no `onnx.BatchNormalization` with constant parameters
    remains.
  }];
  let statistics = [
    Statistic<"numFolded", "folded", "Number of BatchNormalizations folded "
              "into a Conv or Gemm">,
    Statistic<"numDecomposed", "decomposed", "Number of BatchNormalizations "
              "rewritten as Mul and Add">,
  ];
}

def ONNXSpaceToDepthStemPass
    : Pass<"onnx-space-to-depth-stem", "::mlir::func::FuncOp"> {
  let summary = "Stride-2 convolutions of few channels over 2x2 blocks";
  let description = [{
    A dense 2-D `onnx.Conv` at stride 2 (no dilation, constant filters,
    static shapes) whose input has at most `max-channels` channels (an
    image's stem) becomes a stride-1 convolution over the input's 2x2
    blocks: `onnx.SpaceToDepth` (blocksize 2) of the input zero-padded by
    the convolution's pads (and at the end to an even extent), 4C channels,
    a kernel of ceil(k/2) per axis, no padding; the filters are rearranged
    at compile time into SpaceToDepth's channel order, zero past the kernel.
    On a GPU the implicit GEMM then reads its window in runs of 4C channels
    without bounds checks: ResNet-50's 7x7 stem over 3 channels becomes a
    4x4 convolution over 12, K = 192 (6 steps of 32) instead of 196 with
    padding checks at 4 padded channels; the Pad, the SpaceToDepth and the
    transpose to NHWC run as one kernel over the input
    (`modelc-form-kernels`). On by default in NHWC
    (`--stem-space-to-depth=false` turns it off): ResNet-50 b256 on an
    H200, tf32 14.718 -> 14.630 ms, fp16 7.650 -> 7.631.

    Example:

    ```mlir
    %y = onnx.Conv %x, %w {pads = array<i64: 3, 3, 3, 3>,
        strides = array<i64: 2, 2>}
        : (tensor<1x3x224x224xf32>, tensor<64x3x7x7xf32>)
        -> tensor<1x64x112x112xf32>
    ```

    becomes

    ```mlir
    %p = onnx.Pad %x, %pads : (...) -> tensor<1x3x230x230xf32>
    %s = onnx.SpaceToDepth %p {blocksize = 2 : si64}
        : (...) -> tensor<1x12x115x115xf32>
    %y = onnx.Conv %s, %w2 {kernel_shape = array<i64: 4, 4>, ...}
        : (tensor<1x12x115x115xf32>, tensor<64x12x4x4xf32>)
        -> tensor<1x64x112x112xf32>
    ```
  }];
  let options = [
    Option<"maxChannels", "max-channels", "int64_t", /*default=*/"4",
           "Rewrite convolutions whose input has at most this many "
           "channels">,
  ];
  let statistics = [
    Statistic<"numRewritten", "rewritten",
              "Number of convolutions rewritten over 2x2 blocks">,
  ];
}

def ONNXUnstridePointwiseConvsPass
    : Pass<"onnx-unstride-pointwise-convs", "::mlir::func::FuncOp"> {
  let summary = "Strided 1x1 NHWC convolutions as a strided slice and a GEMM";
  let description = [{
    A 1x1 `onnx.ConvNHWC` with a stride above 1, no padding and one group
    reads every s-th pixel of its input. It becomes an `onnx.Slice` with
    those steps along H and W, then the same convolution at stride 1: a
    plain GEMM (rows: pixels, K: channels), which cuBLASLt runs on CUDA
    targets (`modelc-select-library-gemms`). The pipeline runs it after
    `onnx-channels-last` when GEMM kernels may use cuBLASLt. ResNet's
    downsample convolutions are this shape: generated, the stride-2 one of
    layer2 ran at 109 TFLOP/s on an H200, while cuBLASLt ran the same GEMM
    shape at 523.

    Example:

    ```mlir
    %y = onnx.ConvNHWC %x, %w, %b {dilations = array<i64: 1, 1>,
        group = 1 : si64, pads = array<i64: 0, 0, 0, 0>,
        strides = array<i64: 2, 2>}
        : (tensor<1x56x56x256xf16>, tensor<512x1x1x256xf16>, tensor<512xf16>)
        -> tensor<1x28x28x512xf16>
    ```

    becomes

    ```mlir
    %s = onnx.Slice %x, %starts, %ends axes %axes steps %steps
        : (...) -> tensor<1x28x28x256xf16>
    %y = onnx.ConvNHWC %s, %w, %b {..., strides = array<i64: 1, 1>} : ...
    ```
  }];
  let statistics = [
    Statistic<"numConvs", "convs", "Number of strided 1x1 convolutions "
              "unstrided">,
  ];
}

def ONNXMergePointwiseConvSumsPass
    : Pass<"onnx-merge-pointwise-conv-sums", "::mlir::func::FuncOp"> {
  let summary = "A sum of two 1x1 NHWC convolutions as one convolution";
  let description = [{
    `Add(ConvNHWC(A, Wa, Ba), ConvNHWC(D, Wd, Bd))`, both 1x1 without
    padding, in one group, with constant weights and biases, each used only
    by the sum, is one 1x1 convolution over their inputs' pixels
    concatenated along the channels, the weights side by side and the
    biases summed:

    ```mlir
    %y = onnx.ConvNHWC(onnx.Concat(%a, onnx.Slice(%d, steps s)) {axis = 3},
                       [Wa Wd], Ba + Bd) {strides = array<i64: 1, 1>}
    ```

    (a strided convolution's input sliced as
    `onnx-unstride-pointwise-convs` does). The merged convolution never
    writes or reads back the second output; the concatenated input is one
    more tensor written. It runs where that moves fewer bytes: an output of
    N channels per pixel from Ka + Kd input channels, 2 N > Ka + Kd.
    ResNet's first bottleneck of each stage (conv3 plus the downsample):
    ResNet-50 b256 on an H200, built from an equivalent model in PyTorch,
    tf32 14.200 -> 13.952 ms, fp16 7.340 -> 7.137.
  }];
  let statistics = [
    Statistic<"numMerged", "merged", "Number of sums of two 1x1 "
              "convolutions merged">,
  ];
}

def ONNXFuseAttentionPass
    : Pass<"onnx-fuse-attention", "::mlir::func::FuncOp"> {
  let summary = "Scaled dot-product attention subgraphs as onnx.FusedAttention";
  let description = [{
    Recognizes attention as exporters write it, on 3-D tensors of heads
    (`N x S x D`, the batch and heads flattened) or 4-D ones
    (`B x H x S x D`):

    ```
    MatMul(Softmax(MatMul(Q', Transpose(K')), axis = -1), V')
    ```

    with optional scales, a `Div` or `Mul` by a constant scalar, of `Q'`,
    of `K'`'s transpose or of the scores (factors multiply: PyTorch 2
    exports sqrt(1/sqrt(D)) on both Q and K^T), and rewrites it into one
    `onnx.FusedAttention(Q, K, V) {scale}`, which a single kernel computes:
    the scores are never written to memory. The op takes 3-D heads-first
    operands: a 4-D operand is the 3-D tensor it is a `Reshape` of, else
    reshaped (a view), and the result is reshaped back. When every operand
    is (through such reshapes) a `Transpose` by `[1, 0, 2]` of a
    sequence-first tensor (`S x N x D`; for a 3-D `K'`, a transpose by
    `[1, 2, 0]` of one), as sequence-first `nn.MultiheadAttention` exports
    are, the op reads those tensors (`sequence_first`), and its result is
    transposed back, which cancels with the transpose that usually follows
    (a 4-D result permuted by `[2, 0, 1, 3]` becomes a reshape).
    Intermediate results used elsewhere, other softmax axes, a negative
    scale, mixed element types or dynamic shapes are left alone.

    The pipeline runs it for `--precision fp16` and `bf16` (where CUDA
    targets have a fused tensor-core kernel for it), unless
    `--fuse-attention=false`. On CUDA targets it passes the fused kernel's
    limits (`sequence-multiple=64 feature-multiple=16 max-features=96`):
    attention of other shapes (ViT's 197 tokens) keeps its MatMul, Softmax
    and MatMul kernels (cuBLASLt and a row kernel), which are faster than
    the fused op's reference body mapped op by op.

    Example:

    ```mlir
    %qs = onnx.Div %q, %c8 : (tensor<12x128x64xf32>, tensor<f32>) -> ...
    %kt = onnx.Transpose %k {perm = array<i64: 0, 2, 1>} : ... -> tensor<12x64x128xf32>
    %s = onnx.MatMul %qs, %kt : ... -> tensor<12x128x128xf32>
    %p = onnx.Softmax %s {axis = -1 : si64} : ...
    %y = onnx.MatMul %p, %v : ... -> tensor<12x128x64xf32>
    ```

    becomes

    ```mlir
    %y = onnx.FusedAttention %q, %k, %v {scale = 1.250000e-01 : f32}
        : (...) -> tensor<12x128x64xf32>
    ```
  }];
  let options = [
    Option<"sequenceMultiple", "sequence-multiple", "int64_t",
           /*default=*/"1",
           "Fuse only when the query and key counts are multiples of this "
           "(a target's fused kernel's block; 1: any)">,
    Option<"featureMultiple", "feature-multiple", "int64_t",
           /*default=*/"1",
           "Fuse only when the feature counts of Q/K and of V are multiples "
           "of this (1: any)">,
    Option<"maxFeatures", "max-features", "int64_t", /*default=*/"0",
           "Fuse only when the feature counts are at most this (0: any)">,
  ];
  let statistics = [
    Statistic<"numFused", "fused", "Number of attention subgraphs fused">,
    Statistic<"numUnfit", "unfit", "Number of attention subgraphs left "
              "because their shapes exceed the options' limits">,
  ];
}

def ONNXSinkTransposesPass
    : Pass<"onnx-sink-transposes", "::mlir::func::FuncOp"> {
  let summary = "Moves transposes down the graph until they cancel";
  let description = [{
    A transpose moves below the ops that do not care about the order of
    the dimensions it permutes:

    - an elementwise op whose other operands are transposed the same way
      (those transposes join the group), operands that broadcast the same
      in both orders (all dimensions 1 but maybe the last, when the
      transpose keeps it: a bias, a scalar), or values that already have
      a transpose by the inverse permutation, defined earlier (which the
      moved op then reads, so nothing new is copied);
    - when the transpose keeps the last dimension in place: a
      LayerNormalization over that dimension without statistics results,
      and a MatMul of the transposed value by a matrix.

    The pass grows a group from each transpose along every user of the
    values that carry the permutation: a transpose back cancels; any other
    user gets the value transposed again. The group moves only when the
    transposes it removes write more bytes than those it adds.

    A PyTorch `nn.TransformerEncoder` layer built with `batch_first=True`
    transposes its input to (sequence, batch) and its attention output
    back before the residual Add: the transpose back sinks through the Add
    (the input's transpose is already there), both LayerNorms and the
    feed-forward block, and cancels with the next layer's transpose in.

    Example:

    ```mlir
    %t = onnx.Transpose %x {perm = array<i64: 1, 0, 2>}
        : (tensor<128x32x768xf32>) -> tensor<32x128x768xf32>
    %y = onnx.LayerNormalization %t, %scale, %b
        {resultSegmentSizes = array<i32: 1, 0, 0>} : ...
    %u = onnx.Transpose %y {perm = array<i64: 1, 0, 2>}
        : (tensor<32x128x768xf32>) -> tensor<128x32x768xf32>
    ```

    becomes `%u = onnx.LayerNormalization %x, %scale, %b : ...`, and no
    transpose is left.
  }];
  let statistics = [
    Statistic<"bytesRemoved", "bytes-removed",
              "Bytes the graph's transposes no longer write">,
    Statistic<"numGroups", "groups",
              "Groups of transposes sunk together">,
  ];
}

def ONNXRemoveIdentitiesPass
    : Pass<"onnx-remove-identities", "::mlir::func::FuncOp"> {
  let summary = "Removes Identity and inference Dropout";
  let description = [{
    Replaces `onnx.Identity` by its operand, and `onnx.Dropout` in inference
    (no `training_mode`, or a constant false one) by its `data` operand; a
    used `mask` result becomes an all-true constant. A Dropout whose
    `training_mode` is not a constant false is left in place: modelc compiles
    inference graphs, and lowering rejects it.
  }];
  let statistics = [
    Statistic<"numRemoved", "removed", "Number of Identity/Dropout ops removed">,
  ];
}

#endif // MODELC_PASSES_ONNX_PASSES_TD

//===- ONNXOps.td - onnx dialect operations ----------------*- tablegen -*-===//
//
// Part of the modelc project, under the Apache License v2.0 with LLVM
// Exceptions. SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// One op per ONNX operator (opset 17). Names, order and defaults of operands,
// attributes and results come from the ONNX schemas; element types are
// narrowed to what modelc compiles (no strings, complex or float8). The
// last section adds channels-last forms of Conv and MaxPool, which are not
// ONNX operators: only modelc's layout pass creates them.
//
//===----------------------------------------------------------------------===//

#ifndef MODELC_DIALECTS_ONNX_IR_ONNXOPS_TD
#define MODELC_DIALECTS_ONNX_IR_ONNXOPS_TD

include "dialects/ONNX/IR/ONNXBase.td"

//===----------------------------------------------------------------------===//
// Constants and shapes
//===----------------------------------------------------------------------===//

def ONNX_ConstantOp : ONNX_Op<"Constant", [ConstantLike]> {
  let summary = "a constant tensor";
  let description = [{
    Produces the tensor `value`. The importer turns every ONNX initializer and
    every `Constant` node (whatever its `value_*` form) into this op, with the
    ONNX name as its location.

    Mirrors ONNX `Constant` (opset 17), normalized to the `value` form:
    https://onnx.ai/onnx/operators/onnx__Constant.html

    Example:

    ```mlir
    %c = onnx.Constant dense<[1, 2]> : tensor<2xi64>
    ```
  }];
  let arguments = (ins ElementsAttr:$value);
  let results = (outs ONNX_AnyTensor:$output);
  let assemblyFormat = "$value attr-dict";
  let hasFolder = 1;
}

def ONNX_ConstantOfShapeOp : ONNX_Op<"ConstantOfShape"> {
  let summary = "a tensor of a given shape filled with one value";
  let description = [{
    Produces a tensor whose shape is the 1-D `input` and whose elements all
    equal the single element of `value` (a one-element tensor; 0.0 as `f32`
    when absent).

    Mirrors ONNX `ConstantOfShape` (opset 17):
    https://onnx.ai/onnx/operators/onnx__ConstantOfShape.html

    Example:

    ```mlir
    %z = onnx.ConstantOfShape %shape {value = dense<0> : tensor<1xi64>}
        : (tensor<2xi64>) -> tensor<2x3xi64>
    ```
  }];
  let arguments = (ins ONNX_I64Tensor:$input, OptionalAttr<ElementsAttr>:$value);
  let results = (outs ONNX_AnyTensor:$output);
  let hasVerifier = 1;
}

def ONNX_ShapeOp : ONNX_Op<"Shape"> {
  let summary = "the shape of a tensor as a 1-D `i64` tensor";
  let description = [{
    Produces the dimensions `start` to `end` (exclusive; negative values count
    from the back, out-of-range values are clamped) of the shape of `data`.

    Mirrors ONNX `Shape` (opset 17):
    https://onnx.ai/onnx/operators/onnx__Shape.html

    Example:

    ```mlir
    %s = onnx.Shape %x : (tensor<2x3x4xf32>) -> tensor<3xi64>
    ```
  }];
  let arguments = (ins ONNX_AnyTensor:$data, OptionalAttr<SI64Attr>:$end,
                       DefaultValuedAttr<SI64Attr, "0">:$start);
  let results = (outs ONNX_I64Tensor:$shape);
  let hasFolder = 1;
}

def ONNX_SizeOp : ONNX_Op<"Size"> {
  let summary = "the number of elements of a tensor as an `i64` scalar";
  let description = [{
    Produces the element count of `data` as a 0-D `i64` tensor.

    Mirrors ONNX `Size` (opset 17):
    https://onnx.ai/onnx/operators/onnx__Size.html

    Example:

    ```mlir
    %n = onnx.Size %x : (tensor<2x3xf32>) -> tensor<i64>
    ```
  }];
  let arguments = (ins ONNX_AnyTensor:$data);
  let results = (outs ONNX_I64Tensor:$size);
  let hasFolder = 1;
}

def ONNX_RangeOp : ONNX_Op<"Range"> {
  let summary = "the 1-D sequence `start, start + delta, ...` below `limit`";
  let description = [{
    Produces `max(ceil((limit - start) / delta), 0)` elements
    `start + i * delta`. The three operands are scalars of one type.

    Mirrors ONNX `Range` (opset 17):
    https://onnx.ai/onnx/operators/onnx__Range.html

    Example:

    ```mlir
    %r = onnx.Range %start, %limit, %delta
        : (tensor<i64>, tensor<i64>, tensor<i64>) -> tensor<?xi64>
    ```
  }];
  let arguments = (ins ONNX_SignedTensor:$start, ONNX_SignedTensor:$limit,
                       ONNX_SignedTensor:$delta);
  let results = (outs ONNX_SignedTensor:$output);
  let hasVerifier = 1;
}

def ONNX_IdentityOp : ONNX_Op<"Identity"> {
  let summary = "forwards its operand";
  let description = [{
    Produces `input` unchanged. Removed by `onnx-remove-identities`.

    Mirrors ONNX `Identity` (opset 17, tensors only):
    https://onnx.ai/onnx/operators/onnx__Identity.html

    Example:

    ```mlir
    %y = onnx.Identity %x : (tensor<4xf32>) -> tensor<4xf32>
    ```
  }];
  let arguments = (ins ONNX_AnyTensor:$input);
  let results = (outs ONNX_AnyTensor:$output);
}

def ONNX_DropoutOp
    : ONNX_Op<"Dropout", [AttrSizedOperandSegments], /*fixedResults=*/0> {
  let summary = "dropout; the identity in inference";
  let description = [{
    In inference (`training_mode` absent or false) produces `data` unchanged
    and an all-true `mask`. modelc compiles inference graphs only: a
    `training_mode` that is not a constant false is rejected when the graph
    is lowered. Removed by `onnx-remove-identities`.

    Mirrors ONNX `Dropout` (opset 17):
    https://onnx.ai/onnx/operators/onnx__Dropout.html

    Example:

    ```mlir
    %y = onnx.Dropout %x ratio %r : (tensor<4xf32>, tensor<f32>) -> tensor<4xf32>
    ```
  }];
  let arguments = (ins ONNX_FloatTensor:$data,
                       Optional<ONNX_FloatTensor>:$ratio,
                       Optional<ONNX_BoolTensor>:$training_mode,
                       OptionalAttr<SI64Attr>:$seed);
  let results = (outs ONNX_FloatTensor:$output,
                      Optional<ONNX_BoolTensor>:$mask);
  let assemblyFormat = [{
    $data (`ratio` $ratio^)? (`training_mode` $training_mode^)? attr-dict
    `:` functional-type(operands, results)
  }];
}

//===----------------------------------------------------------------------===//
// Elementwise unary
//===----------------------------------------------------------------------===//

def ONNX_AbsOp : ONNX_UnaryOp<"Abs", "|X|", ONNX_NumericTensor>;
def ONNX_AcosOp : ONNX_UnaryOp<"Acos", "acos(X)", ONNX_FloatTensor>;
def ONNX_AcoshOp : ONNX_UnaryOp<"Acosh", "acosh(X)", ONNX_FloatTensor>;
def ONNX_AsinOp : ONNX_UnaryOp<"Asin", "asin(X)", ONNX_FloatTensor>;
def ONNX_AsinhOp : ONNX_UnaryOp<"Asinh", "asinh(X)", ONNX_FloatTensor>;
def ONNX_AtanOp : ONNX_UnaryOp<"Atan", "atan(X)", ONNX_FloatTensor>;
def ONNX_AtanhOp : ONNX_UnaryOp<"Atanh", "atanh(X)", ONNX_FloatTensor>;
def ONNX_CeilOp : ONNX_UnaryOp<"Ceil", "ceil(X)", ONNX_FloatTensor>;
def ONNX_CosOp : ONNX_UnaryOp<"Cos", "cos(X)", ONNX_FloatTensor>;
def ONNX_CoshOp : ONNX_UnaryOp<"Cosh", "cosh(X)", ONNX_FloatTensor>;
def ONNX_ErfOp : ONNX_UnaryOp<"Erf", "erf(X)", ONNX_NumericTensor>;
def ONNX_ExpOp : ONNX_UnaryOp<"Exp", "exp(X)", ONNX_FloatTensor>;
def ONNX_FloorOp : ONNX_UnaryOp<"Floor", "floor(X)", ONNX_FloatTensor>;
def ONNX_HardSwishOp
    : ONNX_UnaryOp<"HardSwish", "X * max(0, min(1, X / 6 + 0.5))",
                   ONNX_FloatTensor>;
def ONNX_LogOp : ONNX_UnaryOp<"Log", "log(X)", ONNX_FloatTensor>;
def ONNX_NegOp : ONNX_UnaryOp<"Neg", "-X", ONNX_SignedTensor>;
def ONNX_NotOp : ONNX_UnaryOp<"Not", "!X", ONNX_BoolTensor>;
def ONNX_ReciprocalOp : ONNX_UnaryOp<"Reciprocal", "1 / X", ONNX_FloatTensor>;
def ONNX_ReluOp : ONNX_UnaryOp<"Relu", "max(X, 0)", ONNX_SignedTensor>;
def ONNX_RoundOp
    : ONNX_UnaryOp<"Round", "round(X), halves to even", ONNX_FloatTensor>;
def ONNX_SigmoidOp
    : ONNX_UnaryOp<"Sigmoid", "1 / (1 + exp(-X))", ONNX_FloatTensor>;
def ONNX_SignOp : ONNX_UnaryOp<"Sign", "sign(X)", ONNX_NumericTensor>;
def ONNX_SinOp : ONNX_UnaryOp<"Sin", "sin(X)", ONNX_FloatTensor>;
def ONNX_SinhOp : ONNX_UnaryOp<"Sinh", "sinh(X)", ONNX_FloatTensor>;
def ONNX_SoftplusOp
    : ONNX_UnaryOp<"Softplus", "log(exp(X) + 1)", ONNX_FloatTensor>;
def ONNX_SoftsignOp
    : ONNX_UnaryOp<"Softsign", "X / (1 + |X|)", ONNX_FloatTensor>;
def ONNX_SqrtOp : ONNX_UnaryOp<"Sqrt", "sqrt(X)", ONNX_FloatTensor>;
def ONNX_TanOp : ONNX_UnaryOp<"Tan", "tan(X)", ONNX_FloatTensor>;
def ONNX_TanhOp : ONNX_UnaryOp<"Tanh", "tanh(X)", ONNX_FloatTensor>;

// Parameterized activations: the parameters are f32 attributes, as in ONNX.
def ONNX_CeluOp
    : ONNX_UnaryOp<"Celu", "max(0, X) + min(0, alpha * (exp(X / alpha) - 1))",
                   ONNX_FloatTensor,
                   (ins DefaultValuedAttr<F32Attr, "1.0f">:$alpha)>;
def ONNX_EluOp
    : ONNX_UnaryOp<"Elu", "X < 0 ? alpha * (exp(X) - 1) : X", ONNX_FloatTensor,
                   (ins DefaultValuedAttr<F32Attr, "1.0f">:$alpha)>;
def ONNX_HardSigmoidOp
    : ONNX_UnaryOp<"HardSigmoid", "max(0, min(1, alpha * X + beta))",
                   ONNX_FloatTensor,
                   (ins DefaultValuedAttr<F32Attr, "0.2f">:$alpha,
                        DefaultValuedAttr<F32Attr, "0.5f">:$beta)>;
def ONNX_LeakyReluOp
    : ONNX_UnaryOp<"LeakyRelu", "X < 0 ? alpha * X : X", ONNX_FloatTensor,
                   (ins DefaultValuedAttr<F32Attr, "0.01f">:$alpha)>;
def ONNX_SeluOp
    : ONNX_UnaryOp<"Selu",
                   "X <= 0 ? gamma * (alpha * exp(X) - alpha) : gamma * X",
                   ONNX_FloatTensor,
                   (ins DefaultValuedAttr<F32Attr, "1.67326319217681884765625f">:$alpha,
                        DefaultValuedAttr<F32Attr, "1.05070102214813232421875f">:$gamma)>;
def ONNX_ShrinkOp
    : ONNX_UnaryOp<"Shrink",
                   "X < -lambd ? X + bias : (X > lambd ? X - bias : 0)",
                   ONNX_NumericTensor,
                   (ins DefaultValuedAttr<F32Attr, "0.0f">:$bias,
                        DefaultValuedAttr<F32Attr, "0.5f">:$lambd)>;
def ONNX_ThresholdedReluOp
    : ONNX_UnaryOp<"ThresholdedRelu", "X > alpha ? X : 0", ONNX_FloatTensor,
                   (ins DefaultValuedAttr<F32Attr, "1.0f">:$alpha)>;

def ONNX_IsNaNOp : ONNX_UnaryPredicateOp<"IsNaN", "isnan(X)">;
def ONNX_IsInfOp
    : ONNX_UnaryPredicateOp<"IsInf",
          "(detect_positive && X == +inf) || (detect_negative && X == -inf)",
          (ins DefaultValuedAttr<SI64Attr, "1">:$detect_negative,
               DefaultValuedAttr<SI64Attr, "1">:$detect_positive)>;

def ONNX_ClipOp : ONNX_Op<"Clip", [AttrSizedOperandSegments, ONNX_Elementwise]> {
  let summary = "clamps every element into `[min, max]`";
  let description = [{
    Produces `min(max(input, min), max)` elementwise; an absent bound does not
    clamp. `min` and `max` are scalars (0-D or one-element) of the input's
    element type.

    Mirrors ONNX `Clip` (opset 17):
    https://onnx.ai/onnx/operators/onnx__Clip.html

    Example:

    ```mlir
    %y = onnx.Clip %x min %lo max %hi
        : (tensor<8xf32>, tensor<f32>, tensor<f32>) -> tensor<8xf32>
    ```
  }];
  let arguments = (ins ONNX_NumericTensor:$input,
                       Optional<ONNX_NumericTensor>:$min,
                       Optional<ONNX_NumericTensor>:$max);
  let results = (outs ONNX_NumericTensor:$output);
  let assemblyFormat = [{
    $input (`min` $min^)? (`max` $max^)? attr-dict
    `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

def ONNX_CastOp : ONNX_Op<"Cast", [ONNX_Elementwise]> {
  let summary = "converts every element to the type `to`";
  let description = [{
    Converts `input` elementwise to the ONNX data type numbered `to`
    (TensorProto.DataType: 1 float, 10 float16, 16 bfloat16, 11 double, 3 int8,
    5 int16, 6 int32, 7 int64, 2 uint8, 4 uint16, 12 uint32, 13 uint64,
    9 bool). Float to integer truncates toward zero.

    Mirrors ONNX `Cast` (opset 17):
    https://onnx.ai/onnx/operators/onnx__Cast.html

    Example:

    ```mlir
    %y = onnx.Cast %x {to = 7 : si64} : (tensor<4xf32>) -> tensor<4xi64>
    ```
  }];
  let arguments = (ins ONNX_AnyTensor:$input, SI64Attr:$to);
  let results = (outs ONNX_AnyTensor:$output);
}

def ONNX_CastLikeOp : ONNX_Op<"CastLike", [ONNX_Elementwise]> {
  let summary = "converts every element to the element type of `target_type`";
  let description = [{
    Converts `input` elementwise, as `Cast` does, to the element type of
    `target_type` (whose values are not read).

    Mirrors ONNX `CastLike` (opset 17):
    https://onnx.ai/onnx/operators/onnx__CastLike.html

    Example:

    ```mlir
    %y = onnx.CastLike %x, %t : (tensor<4xf32>, tensor<1xf16>) -> tensor<4xf16>
    ```
  }];
  let arguments = (ins ONNX_AnyTensor:$input, ONNX_AnyTensor:$target_type);
  let results = (outs ONNX_AnyTensor:$output);
}

//===----------------------------------------------------------------------===//
// Elementwise binary and variadic (broadcasting)
//===----------------------------------------------------------------------===//

def ONNX_AddOp : ONNX_BinaryOp<"Add", "A + B", ONNX_NumericTensor,
                               ONNX_NumericTensor> {
  let hasCanonicalizer = 1;
}
def ONNX_SubOp : ONNX_BinaryOp<"Sub", "A - B", ONNX_NumericTensor,
                               ONNX_NumericTensor>;
def ONNX_MulOp : ONNX_BinaryOp<"Mul", "A * B", ONNX_NumericTensor,
                               ONNX_NumericTensor>;
def ONNX_DivOp : ONNX_BinaryOp<"Div", "A / B (integers truncate)",
                               ONNX_NumericTensor, ONNX_NumericTensor>;
def ONNX_ModOp : ONNX_BinaryOp<"Mod",
    "A mod B (sign of B; with fmod = 1, C fmod: sign of A)",
    ONNX_NumericTensor, ONNX_NumericTensor, 0,
    (ins DefaultValuedAttr<SI64Attr, "0">:$fmod)>;
def ONNX_AndOp : ONNX_BinaryOp<"And", "A && B", ONNX_BoolTensor,
                               ONNX_BoolTensor, 1>;
def ONNX_OrOp : ONNX_BinaryOp<"Or", "A || B", ONNX_BoolTensor,
                              ONNX_BoolTensor, 1>;
def ONNX_XorOp : ONNX_BinaryOp<"Xor", "A != B", ONNX_BoolTensor,
                               ONNX_BoolTensor, 1>;
def ONNX_EqualOp : ONNX_BinaryOp<"Equal", "A == B", ONNX_AnyTensor,
                                 ONNX_BoolTensor, 1>;
def ONNX_GreaterOp : ONNX_BinaryOp<"Greater", "A > B", ONNX_NumericTensor,
                                   ONNX_BoolTensor, 1>;
def ONNX_GreaterOrEqualOp : ONNX_BinaryOp<"GreaterOrEqual", "A >= B",
                                          ONNX_NumericTensor,
                                          ONNX_BoolTensor, 1>;
def ONNX_LessOp : ONNX_BinaryOp<"Less", "A < B", ONNX_NumericTensor,
                                ONNX_BoolTensor, 1>;
def ONNX_LessOrEqualOp : ONNX_BinaryOp<"LessOrEqual", "A <= B",
                                       ONNX_NumericTensor, ONNX_BoolTensor, 1>;

def ONNX_MaxOp : ONNX_VariadicOp<"Max", "max", ONNX_NumericTensor, "max">;
def ONNX_MinOp : ONNX_VariadicOp<"Min", "min", ONNX_NumericTensor, "min">;
def ONNX_SumOp : ONNX_VariadicOp<"Sum", "sum", ONNX_FloatTensor, "sum">;
def ONNX_MeanOp : ONNX_VariadicOp<"Mean", "mean", ONNX_FloatTensor, "mean">;

def ONNX_PowOp : ONNX_Op<"Pow", [ONNX_Elementwise]> {
  let summary = "elementwise `X ^ Y` with broadcasting";
  let description = [{
    Raises `X` to the power `Y` for every element of their broadcast shape.
    `Y` may have another element type than `X`; the result has the element
    type of `X`.

    Mirrors ONNX `Pow` (opset 17):
    https://onnx.ai/onnx/operators/onnx__Pow.html

    Example:

    ```mlir
    %z = onnx.Pow %x, %y : (tensor<2x3xf32>, tensor<f32>) -> tensor<2x3xf32>
    ```
  }];
  let arguments = (ins ONNX_SignedTensor:$X, ONNX_NumericTensor:$Y);
  let results = (outs ONNX_SignedTensor:$Z);
}

def ONNX_PReluOp : ONNX_Op<"PRelu", [ONNX_Elementwise]> {
  let summary = "elementwise `X < 0 ? slope * X : X`";
  let description = [{
    Leaky ReLU with a learned `slope` that broadcasts to `X`
    (unidirectionally: the result has the shape of `X`).

    Mirrors ONNX `PRelu` (opset 17):
    https://onnx.ai/onnx/operators/onnx__PRelu.html

    Example:

    ```mlir
    %y = onnx.PRelu %x, %slope
        : (tensor<1x8x4x4xf32>, tensor<8x1x1xf32>) -> tensor<1x8x4x4xf32>
    ```
  }];
  let arguments = (ins ONNX_SignedTensor:$X, ONNX_SignedTensor:$slope);
  let results = (outs ONNX_SignedTensor:$Y);
  let hasVerifier = 1;
}

def ONNX_WhereOp : ONNX_Op<"Where", [ONNX_Elementwise]> {
  let summary = "elementwise `condition ? X : Y` with broadcasting";
  let description = [{
    Selects from `X` where `condition` is true and from `Y` elsewhere, over
    the broadcast shape of the three operands.

    Mirrors ONNX `Where` (opset 17):
    https://onnx.ai/onnx/operators/onnx__Where.html

    Example:

    ```mlir
    %o = onnx.Where %c, %x, %y
        : (tensor<2x3xi1>, tensor<2x3xf32>, tensor<f32>) -> tensor<2x3xf32>
    ```
  }];
  let arguments = (ins ONNX_BoolTensor:$condition, ONNX_AnyTensor:$X,
                       ONNX_AnyTensor:$Y);
  let results = (outs ONNX_AnyTensor:$output);
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Matrix products and convolutions
//===----------------------------------------------------------------------===//

def ONNX_GemmOp : ONNX_Op<"Gemm"> {
  let summary = "general matrix multiply: `Y = alpha * A' * B' + beta * C`";
  let description = [{
    Computes `Y = alpha * op(A) * op(B) + beta * C`, where `op(X)` is `X` or
    its transpose according to `transA` / `transB`, `op(A)` is `M x K`,
    `op(B)` is `K x N`, and the optional `C` broadcasts to `M x N`.

    Mirrors ONNX `Gemm` (opset 17):
    https://onnx.ai/onnx/operators/onnx__Gemm.html

    Example:

    ```mlir
    %y = onnx.Gemm %a, %b, %c {transB = 1 : si64}
        : (tensor<4x8xf32>, tensor<16x8xf32>, tensor<16xf32>) -> tensor<4x16xf32>
    ```
  }];
  let arguments = (ins ONNX_NumericTensor:$A, ONNX_NumericTensor:$B,
                       Optional<ONNX_NumericTensor>:$C,
                       DefaultValuedAttr<F32Attr, "1.0f">:$alpha,
                       DefaultValuedAttr<F32Attr, "1.0f">:$beta,
                       DefaultValuedAttr<SI64Attr, "0">:$transA,
                       DefaultValuedAttr<SI64Attr, "0">:$transB);
  let results = (outs ONNX_NumericTensor:$Y);
  let hasVerifier = 1;
  let hasCanonicalizer = 1;
}

def ONNX_MatMulOp : ONNX_Op<"MatMul"> {
  let summary = "matrix product with numpy semantics";
  let description = [{
    Multiplies the last two dimensions of `A` and `B` and broadcasts the
    leading (batch) dimensions; a 1-D `A` is a row vector and a 1-D `B` a
    column vector, whose added dimension is removed from the result (numpy
    `matmul`).

    Mirrors ONNX `MatMul` (opset 17):
    https://onnx.ai/onnx/operators/onnx__MatMul.html

    Example:

    ```mlir
    %y = onnx.MatMul %a, %b
        : (tensor<8x128x64xf32>, tensor<64x32xf32>) -> tensor<8x128x32xf32>
    ```
  }];
  let arguments = (ins ONNX_NumericTensor:$A, ONNX_NumericTensor:$B);
  let results = (outs ONNX_NumericTensor:$Y);
}

def ONNX_ConvOp : ONNX_Op<"Conv"> {
  let summary = "N-D convolution (cross-correlation) with groups";
  let description = [{
    Convolves `X` (`N x C x D1 x ... x Dn`) with the filters `W`
    (`M x C/group x k1 x ... x kn`) and adds the optional bias `B` (`M`).
    `kernel_shape` defaults to the spatial dimensions of `W`; `strides` and
    `dilations` default to 1; `pads` (`[x1_begin, ..., x1_end, ...]`) to 0;
    `auto_pad` (`NOTSET`, `SAME_UPPER`, `SAME_LOWER`, `VALID`) overrides
    `pads` when not `NOTSET`.

    Mirrors ONNX `Conv` (opset 17):
    https://onnx.ai/onnx/operators/onnx__Conv.html

    Example:

    ```mlir
    %y = onnx.Conv %x, %w, %b {pads = array<i64: 1, 1, 1, 1>}
        : (tensor<1x3x224x224xf32>, tensor<64x3x3x3xf32>, tensor<64xf32>)
        -> tensor<1x64x224x224xf32>
    ```
  }];
  let arguments = (ins ONNX_FloatTensor:$X, ONNX_FloatTensor:$W,
                       Optional<ONNX_FloatTensor>:$B,
                       ONNX_AutoPadAttr:$auto_pad,
                       OptionalAttr<DenseI64ArrayAttr>:$dilations,
                       DefaultValuedAttr<SI64Attr, "1">:$group,
                       OptionalAttr<DenseI64ArrayAttr>:$kernel_shape,
                       OptionalAttr<DenseI64ArrayAttr>:$pads,
                       OptionalAttr<DenseI64ArrayAttr>:$strides);
  let results = (outs ONNX_FloatTensor:$Y);
}

def ONNX_ConvTransposeOp : ONNX_Op<"ConvTranspose"> {
  let summary = "N-D transposed convolution with groups";
  let description = [{
    The gradient of `Conv` with respect to its input: scatters every element
    of `X` (`N x C x D1 x ... x Dn`) through the filters `W`
    (`C x M/group x k1 x ... x kn`) and adds the optional bias `B` (`M`).
    The output size per spatial axis is
    `stride * (D - 1) + output_padding + (k - 1) * dilation + 1 - pad_begin - pad_end`,
    unless `output_shape` gives it (then the padding is derived from
    `auto_pad`).

    Mirrors ONNX `ConvTranspose` (opset 17):
    https://onnx.ai/onnx/operators/onnx__ConvTranspose.html

    Example:

    ```mlir
    %y = onnx.ConvTranspose %x, %w {strides = array<i64: 2, 2>}
        : (tensor<1x8x4x4xf32>, tensor<8x4x2x2xf32>) -> tensor<1x4x8x8xf32>
    ```
  }];
  let arguments = (ins ONNX_FloatTensor:$X, ONNX_FloatTensor:$W,
                       Optional<ONNX_FloatTensor>:$B,
                       ONNX_AutoPadAttr:$auto_pad,
                       OptionalAttr<DenseI64ArrayAttr>:$dilations,
                       DefaultValuedAttr<SI64Attr, "1">:$group,
                       OptionalAttr<DenseI64ArrayAttr>:$kernel_shape,
                       OptionalAttr<DenseI64ArrayAttr>:$output_padding,
                       OptionalAttr<DenseI64ArrayAttr>:$output_shape,
                       OptionalAttr<DenseI64ArrayAttr>:$pads,
                       OptionalAttr<DenseI64ArrayAttr>:$strides);
  let results = (outs ONNX_FloatTensor:$Y);
}

//===----------------------------------------------------------------------===//
// Normalizations
//===----------------------------------------------------------------------===//

def ONNX_BatchNormalizationOp : ONNX_Op<"BatchNormalization"> {
  let summary = "inference batch normalization over the channel axis";
  let description = [{
    Computes `Y = (X - input_mean) / sqrt(input_var + epsilon) * scale + B`,
    with the 1-D parameters applied along axis 1 (channels). modelc compiles
    inference only: the training outputs `running_mean` and `running_var` are
    not supported, and `training_mode` must be 0. `onnx-fold-batchnorm`
    folds it into a preceding Conv or Gemm.

    Mirrors ONNX `BatchNormalization` (opset 17):
    https://onnx.ai/onnx/operators/onnx__BatchNormalization.html

    Example:

    ```mlir
    %y = onnx.BatchNormalization %x, %scale, %b, %mean, %var
        : (tensor<1x64x56x56xf32>, tensor<64xf32>, tensor<64xf32>,
           tensor<64xf32>, tensor<64xf32>) -> tensor<1x64x56x56xf32>
    ```
  }];
  let arguments = (ins ONNX_FloatTensor:$X, ONNX_FloatTensor:$scale,
                       ONNX_FloatTensor:$B, ONNX_FloatTensor:$input_mean,
                       ONNX_FloatTensor:$input_var,
                       DefaultValuedAttr<F32Attr, "1e-5f">:$epsilon,
                       DefaultValuedAttr<F32Attr, "0.9f">:$momentum,
                       DefaultValuedAttr<SI64Attr, "0">:$training_mode);
  let results = (outs ONNX_FloatTensor:$Y);
  let hasVerifier = 1;
}

def ONNX_InstanceNormalizationOp : ONNX_Op<"InstanceNormalization"> {
  let summary = "normalizes each channel of each sample over its spatial axes";
  let description = [{
    Computes `output = scale * (input - mean) / sqrt(var + epsilon) + B`, with
    mean and variance over the spatial axes (2...) of each sample and channel,
    and `scale`, `B` of size C.

    Mirrors ONNX `InstanceNormalization` (opset 17):
    https://onnx.ai/onnx/operators/onnx__InstanceNormalization.html

    Example:

    ```mlir
    %y = onnx.InstanceNormalization %x, %s, %b
        : (tensor<2x3x8x8xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<2x3x8x8xf32>
    ```
  }];
  let arguments = (ins ONNX_FloatTensor:$input, ONNX_FloatTensor:$scale,
                       ONNX_FloatTensor:$B,
                       DefaultValuedAttr<F32Attr, "1e-5f">:$epsilon);
  let results = (outs ONNX_FloatTensor:$output);
  let hasVerifier = 1;
}

def ONNX_LayerNormalizationOp
    : ONNX_Op<"LayerNormalization", [AttrSizedResultSegments],
              /*fixedResults=*/0> {
  let summary = "normalizes over the trailing axes from `axis` on";
  let description = [{
    Computes `Y = (X - mean) / sqrt(var + epsilon) * Scale + B`, with mean and
    variance over the axes `axis` to the last, and `Scale` and `B`
    broadcasting to those axes. The optional results `Mean` and `InvStdDev`
    are the statistics (`stash_type` 1: `f32`), with the normalized axes kept
    as size 1.

    Mirrors ONNX `LayerNormalization` (opset 17):
    https://onnx.ai/onnx/operators/onnx__LayerNormalization.html

    Example:

    ```mlir
    %y = onnx.LayerNormalization %x, %scale, %b {resultSegmentSizes = array<i32: 1, 0, 0>}
        : (tensor<1x128x768xf32>, tensor<768xf32>, tensor<768xf32>)
        -> tensor<1x128x768xf32>
    ```
  }];
  let arguments = (ins ONNX_FloatTensor:$X, ONNX_FloatTensor:$Scale,
                       Optional<ONNX_FloatTensor>:$B,
                       DefaultValuedAttr<SI64Attr, "-1">:$axis,
                       DefaultValuedAttr<F32Attr, "1e-5f">:$epsilon,
                       DefaultValuedAttr<SI64Attr, "1">:$stash_type);
  let results = (outs ONNX_FloatTensor:$Y, Optional<ONNX_FloatTensor>:$Mean,
                      Optional<ONNX_FloatTensor>:$InvStdDev);
  let hasVerifier = 1;
}

class ONNX_SoftmaxLikeOp<string name, string formula> : ONNX_Op<name> {
  let summary = "`" # formula # "` along one axis";
  let description = "Computes `" # formula # "` along `axis` (negative "
      # "counts from the back); the result has the type of `input`.\n\n"
      # "Mirrors ONNX `" # name # "` (opset 17): "
      # ONNX_SpecLink<name>.link # "\n\nExample:\n\n```mlir\n"
      # "%y = onnx." # name # " %x {axis = -1 : si64} : (tensor<2x10xf32>) -> "
      # "tensor<2x10xf32>\n```";
  let arguments = (ins ONNX_FloatTensor:$input,
                       DefaultValuedAttr<SI64Attr, "-1">:$axis);
  let results = (outs ONNX_FloatTensor:$output);
  let familyDefinition = [{
    ::llvm::LogicalResult $cppClass::inferReturnTypes(
        ::mlir::MLIRContext *, std::optional<::mlir::Location> loc,
        Adaptor adaptor, ::llvm::SmallVectorImpl<::mlir::Type> &inferred) {
      auto type = ::llvm::cast<::mlir::RankedTensorType>(
          adaptor.getInput().getType());
      if (::mlir::failed(::mlir::modelc::onnx::normalizeAxis(
              loc, "axis", adaptor.getAxis(), type.getRank())))
        return ::mlir::failure();
      inferred.push_back(type);
      return ::mlir::success();
    }
  }];
}

def ONNX_SoftmaxOp
    : ONNX_SoftmaxLikeOp<"Softmax", "exp(x) / sum(exp(x))">;
def ONNX_LogSoftmaxOp
    : ONNX_SoftmaxLikeOp<"LogSoftmax", "x - log(sum(exp(x)))">;
def ONNX_HardmaxOp
    : ONNX_SoftmaxLikeOp<"Hardmax",
                         "1 at the first maximum, 0 elsewhere">;

//===----------------------------------------------------------------------===//
// Pooling
//===----------------------------------------------------------------------===//

def ONNX_MaxPoolOp : ONNX_Op<"MaxPool"> {
  let summary = "N-D max pooling";
  let description = [{
    Takes the maximum over each `kernel_shape` window of `X`
    (`N x C x D1 x ... x Dn`), with `strides`, `dilations`, `pads`,
    `auto_pad` as in `Conv` and `ceil_mode` choosing ceil over floor for the
    output size. Padded elements never win. The optional `Indices` result of
    ONNX is not supported.

    Mirrors ONNX `MaxPool` (opset 17):
    https://onnx.ai/onnx/operators/onnx__MaxPool.html

    Example:

    ```mlir
    %y = onnx.MaxPool %x {kernel_shape = array<i64: 3, 3>,
                          pads = array<i64: 1, 1, 1, 1>,
                          strides = array<i64: 2, 2>}
        : (tensor<1x64x112x112xf32>) -> tensor<1x64x56x56xf32>
    ```
  }];
  let arguments = (ins RankedTensorOf<[ONNX_FloatElt, I8, UI8]>:$X,
                       ONNX_AutoPadAttr:$auto_pad,
                       DefaultValuedAttr<SI64Attr, "0">:$ceil_mode,
                       OptionalAttr<DenseI64ArrayAttr>:$dilations,
                       DenseI64ArrayAttr:$kernel_shape,
                       OptionalAttr<DenseI64ArrayAttr>:$pads,
                       DefaultValuedAttr<SI64Attr, "0">:$storage_order,
                       OptionalAttr<DenseI64ArrayAttr>:$strides);
  let results = (outs RankedTensorOf<[ONNX_FloatElt, I8, UI8]>:$Y);
}

def ONNX_AveragePoolOp : ONNX_Op<"AveragePool"> {
  let summary = "N-D average pooling";
  let description = [{
    Averages each `kernel_shape` window of `X` (`N x C x D1 x ... x Dn`),
    with `strides`, `pads`, `auto_pad` as in `Conv` and `ceil_mode` choosing
    ceil over floor for the output size. Padded elements count in the divisor
    only when `count_include_pad` is 1.

    Mirrors ONNX `AveragePool` (opset 17):
    https://onnx.ai/onnx/operators/onnx__AveragePool.html

    Example:

    ```mlir
    %y = onnx.AveragePool %x {kernel_shape = array<i64: 2, 2>,
                              strides = array<i64: 2, 2>}
        : (tensor<1x8x8x8xf32>) -> tensor<1x8x4x4xf32>
    ```
  }];
  let arguments = (ins ONNX_FloatTensor:$X, ONNX_AutoPadAttr:$auto_pad,
                       DefaultValuedAttr<SI64Attr, "0">:$ceil_mode,
                       DefaultValuedAttr<SI64Attr, "0">:$count_include_pad,
                       DenseI64ArrayAttr:$kernel_shape,
                       OptionalAttr<DenseI64ArrayAttr>:$pads,
                       OptionalAttr<DenseI64ArrayAttr>:$strides);
  let results = (outs ONNX_FloatTensor:$Y);
}

class ONNX_GlobalPoolOp<string name, string what> : ONNX_Op<name> {
  let summary = "the " # what # " over all spatial positions";
  let description = "Reduces every spatial axis (2...) of `X` to size 1 with "
      # "the " # what # ".\n\nMirrors ONNX `" # name # "` (opset 17): "
      # ONNX_SpecLink<name>.link # "\n\nExample:\n\n```mlir\n"
      # "%y = onnx." # name # " %x : (tensor<1x2048x7x7xf32>) -> "
      # "tensor<1x2048x1x1xf32>\n```";
  let arguments = (ins ONNX_FloatTensor:$X);
  let results = (outs ONNX_FloatTensor:$Y);
  let familyDefinition = [{
    ::llvm::LogicalResult $cppClass::inferReturnTypes(
        ::mlir::MLIRContext *, std::optional<::mlir::Location> loc,
        Adaptor adaptor, ::llvm::SmallVectorImpl<::mlir::Type> &inferred) {
      return ::mlir::modelc::onnx::inferGlobalPoolResultType(
          loc, adaptor.getX(), inferred);
    }
  }];
}

def ONNX_GlobalAveragePoolOp : ONNX_GlobalPoolOp<"GlobalAveragePool", "mean">;
def ONNX_GlobalMaxPoolOp : ONNX_GlobalPoolOp<"GlobalMaxPool", "maximum">;

//===----------------------------------------------------------------------===//
// Reductions
//===----------------------------------------------------------------------===//

def ONNX_ReduceL1Op : ONNX_ReduceOp<"ReduceL1", "sum(|x|)", ONNX_NumericTensor>;
def ONNX_ReduceL2Op
    : ONNX_ReduceOp<"ReduceL2", "sqrt(sum(x^2))", ONNX_NumericTensor>;
def ONNX_ReduceLogSumOp
    : ONNX_ReduceOp<"ReduceLogSum", "log(sum(x))", ONNX_NumericTensor>;
def ONNX_ReduceLogSumExpOp
    : ONNX_ReduceOp<"ReduceLogSumExp", "log(sum(exp(x)))", ONNX_NumericTensor>;
def ONNX_ReduceMaxOp : ONNX_ReduceOp<"ReduceMax", "max", ONNX_NumericTensor>;
def ONNX_ReduceMeanOp : ONNX_ReduceOp<"ReduceMean", "mean", ONNX_NumericTensor>;
def ONNX_ReduceMinOp : ONNX_ReduceOp<"ReduceMin", "min", ONNX_NumericTensor>;
def ONNX_ReduceProdOp : ONNX_ReduceOp<"ReduceProd", "product",
                                      ONNX_NumericTensor>;
def ONNX_ReduceSumSquareOp
    : ONNX_ReduceOp<"ReduceSumSquare", "sum(x^2)", ONNX_NumericTensor>;

def ONNX_ReduceSumOp : ONNX_Op<"ReduceSum"> {
  let summary = "reduces `data` along `axes` with a sum";
  let description = [{
    Sums `data` along the axes given by the optional 1-D `axes` operand
    (negative axes count from the back). Without `axes` (or with an empty
    one) it sums over all axes, unless `noop_with_empty_axes` is 1, which
    makes it the identity. With `keepdims = 1` the reduced dimensions stay as
    size 1.

    Mirrors ONNX `ReduceSum` (opset 17), whose axes are an input:
    https://onnx.ai/onnx/operators/onnx__ReduceSum.html

    Example:

    ```mlir
    %r = onnx.ReduceSum %x, %axes {keepdims = 0 : si64}
        : (tensor<2x3xf32>, tensor<1xi64>) -> tensor<2xf32>
    ```
  }];
  let arguments = (ins ONNX_NumericTensor:$data,
                       Optional<ONNX_I64Tensor>:$axes,
                       DefaultValuedAttr<SI64Attr, "1">:$keepdims,
                       DefaultValuedAttr<SI64Attr, "0">:$noop_with_empty_axes);
  let results = (outs ONNX_NumericTensor:$reduced);
}

class ONNX_ArgReduceOp<string name, string what> : ONNX_Op<name> {
  let summary = "indices of the " # what # " along one axis";
  let description = "Produces the `i64` index of the " # what # " of `data` "
      # "along `axis` (the first one, or the last when `select_last_index` is "
      # "1). With `keepdims = 1` the axis stays as size 1.\n\n"
      # "Mirrors ONNX `" # name # "` (opset 17): "
      # ONNX_SpecLink<name>.link # "\n\nExample:\n\n```mlir\n"
      # "%i = onnx." # name # " %x {axis = 1 : si64} : (tensor<2x10xf32>) -> "
      # "tensor<2x1xi64>\n```";
  let arguments = (ins ONNX_NumericTensor:$data,
                       DefaultValuedAttr<SI64Attr, "0">:$axis,
                       DefaultValuedAttr<SI64Attr, "1">:$keepdims,
                       DefaultValuedAttr<SI64Attr, "0">:$select_last_index);
  let results = (outs ONNX_I64Tensor:$reduced);
  let familyDefinition = [{
    ::llvm::LogicalResult $cppClass::inferReturnTypes(
        ::mlir::MLIRContext *ctx, std::optional<::mlir::Location> loc,
        Adaptor adaptor, ::llvm::SmallVectorImpl<::mlir::Type> &inferred) {
      ::llvm::SmallVector<::mlir::Type, 1> reduced;
      if (::mlir::failed(::mlir::modelc::onnx::inferReductionResultType(
              loc, adaptor.getData(),
              ::llvm::SmallVector<int64_t>{adaptor.getAxis()},
              adaptor.getKeepdims() != 0, /*noopWithEmptyAxes=*/false,
              reduced)))
        return ::mlir::failure();
      inferred.push_back(::llvm::cast<::mlir::RankedTensorType>(reduced[0])
                             .clone(::mlir::IntegerType::get(ctx, 64)));
      return ::mlir::success();
    }
  }];
}

def ONNX_ArgMaxOp : ONNX_ArgReduceOp<"ArgMax", "maximum">;
def ONNX_ArgMinOp : ONNX_ArgReduceOp<"ArgMin", "minimum">;

def ONNX_CumSumOp : ONNX_Op<"CumSum"> {
  let summary = "cumulative sum along one axis";
  let description = [{
    Produces the running sum of `x` along the axis given by the scalar `axis`
    operand; `exclusive` leaves out the current element and `reverse` sums
    from the end.

    Mirrors ONNX `CumSum` (opset 17):
    https://onnx.ai/onnx/operators/onnx__CumSum.html

    Example:

    ```mlir
    %y = onnx.CumSum %x, %axis : (tensor<2x3xf32>, tensor<i64>) -> tensor<2x3xf32>
    ```
  }];
  let arguments = (ins ONNX_NumericTensor:$x, ONNX_IndexTensor:$axis,
                       DefaultValuedAttr<SI64Attr, "0">:$exclusive,
                       DefaultValuedAttr<SI64Attr, "0">:$reverse);
  let results = (outs ONNX_NumericTensor:$y);
}

def ONNX_TopKOp : ONNX_Op<"TopK"> {
  let summary = "the `K` largest (or smallest) elements along one axis";
  let description = [{
    Produces the `K` (a 1-element `i64` operand) largest elements along
    `axis` (smallest with `largest = 0`), sorted when `sorted = 1`, and their
    `i64` indices.

    Mirrors ONNX `TopK` (opset 17):
    https://onnx.ai/onnx/operators/onnx__TopK.html

    Example:

    ```mlir
    %v, %i = onnx.TopK %x, %k
        : (tensor<2x10xf32>, tensor<1xi64>) -> (tensor<2x5xf32>, tensor<2x5xi64>)
    ```
  }];
  let arguments = (ins ONNX_NumericTensor:$X, ONNX_I64Tensor:$K,
                       DefaultValuedAttr<SI64Attr, "-1">:$axis,
                       DefaultValuedAttr<SI64Attr, "1">:$largest,
                       DefaultValuedAttr<SI64Attr, "1">:$sorted);
  let results = (outs ONNX_NumericTensor:$Values, ONNX_I64Tensor:$Indices);
}

//===----------------------------------------------------------------------===//
// Data movement
//===----------------------------------------------------------------------===//

def ONNX_ReshapeOp : ONNX_Op<"Reshape"> {
  let summary = "gives a tensor a new shape with the same elements";
  let description = [{
    Reinterprets `data` with the shape given by the 1-D `shape` operand. A 0
    copies the input's dimension at that position (unless `allowzero` is 1,
    where 0 means an empty dimension); at most one -1 is inferred from the
    element count.

    Mirrors ONNX `Reshape` (opset 17):
    https://onnx.ai/onnx/operators/onnx__Reshape.html

    Example:

    ```mlir
    %y = onnx.Reshape %x, %shape
        : (tensor<1x2048x1x1xf32>, tensor<2xi64>) -> tensor<1x2048xf32>
    ```
  }];
  let arguments = (ins ONNX_AnyTensor:$data, ONNX_I64Tensor:$shape,
                       DefaultValuedAttr<SI64Attr, "0">:$allowzero);
  let results = (outs ONNX_AnyTensor:$reshaped);
  let hasFolder = 1;
  let hasCanonicalizer = 1;
}

def ONNX_FlattenOp : ONNX_Op<"Flatten"> {
  let summary = "flattens a tensor into a matrix at `axis`";
  let description = [{
    Reshapes `input` to 2-D: the dimensions before `axis` multiply into the
    first, the rest into the second.

    Mirrors ONNX `Flatten` (opset 17):
    https://onnx.ai/onnx/operators/onnx__Flatten.html

    Example:

    ```mlir
    %y = onnx.Flatten %x {axis = 1 : si64}
        : (tensor<1x512x7x7xf32>) -> tensor<1x25088xf32>
    ```
  }];
  let arguments = (ins ONNX_AnyTensor:$input,
                       DefaultValuedAttr<SI64Attr, "1">:$axis);
  let results = (outs ONNX_AnyTensor:$output);
  let hasFolder = 1;
}

def ONNX_TransposeOp : ONNX_Op<"Transpose"> {
  let summary = "permutes the dimensions of a tensor";
  let description = [{
    Permutes the dimensions of `data` by `perm` (result dimension `i` is
    input dimension `perm[i]`); without `perm` the dimensions are reversed.

    Mirrors ONNX `Transpose` (opset 17):
    https://onnx.ai/onnx/operators/onnx__Transpose.html

    Example:

    ```mlir
    %y = onnx.Transpose %x {perm = array<i64: 0, 2, 1>}
        : (tensor<2x3x4xf32>) -> tensor<2x4x3xf32>
    ```
  }];
  let arguments = (ins ONNX_AnyTensor:$data,
                       OptionalAttr<DenseI64ArrayAttr>:$perm);
  let results = (outs ONNX_AnyTensor:$transposed);
  let hasFolder = 1;
  let hasCanonicalizer = 1;
  let extraClassDeclaration = [{
    /// `perm`, or without it the reversal of `data`'s dimensions.
    ::llvm::SmallVector<int64_t> getEffectivePerm();
  }];
}

def ONNX_ConcatOp : ONNX_Op<"Concat"> {
  let summary = "joins tensors along one axis";
  let description = [{
    Concatenates `inputs` (same rank, same element type, equal dimensions
    except along `axis`) along `axis`.

    Mirrors ONNX `Concat` (opset 17):
    https://onnx.ai/onnx/operators/onnx__Concat.html

    Example:

    ```mlir
    %y = onnx.Concat %a, %b {axis = 1 : si64}
        : (tensor<1x2xi64>, tensor<1x3xi64>) -> tensor<1x5xi64>
    ```
  }];
  let arguments = (ins Variadic<ONNX_AnyTensor>:$inputs, SI64Attr:$axis);
  let results = (outs ONNX_AnyTensor:$concat_result);
  let hasFolder = 1;
}

def ONNX_SplitOp : ONNX_Op<"Split", [], /*fixedResults=*/0> {
  let summary = "splits a tensor into parts along one axis";
  let description = [{
    Splits `input` along `axis` into as many parts as the op has results,
    with the sizes given by the 1-D `split` operand, or equal sizes without
    it.

    Mirrors ONNX `Split` (opset 17):
    https://onnx.ai/onnx/operators/onnx__Split.html

    Example:

    ```mlir
    %a, %b = onnx.Split %x, %split {axis = 1 : si64}
        : (tensor<2x6xf32>, tensor<2xi64>) -> (tensor<2x2xf32>, tensor<2x4xf32>)
    ```
  }];
  let arguments = (ins ONNX_AnyTensor:$input, Optional<ONNX_I64Tensor>:$split,
                       DefaultValuedAttr<SI64Attr, "0">:$axis);
  let results = (outs Variadic<ONNX_AnyTensor>:$outputs);
}

def ONNX_SliceOp : ONNX_Op<"Slice", [AttrSizedOperandSegments]> {
  let summary = "takes a strided slice of a tensor";
  let description = [{
    Takes `data[starts:ends:steps]` along each of `axes` (default: the first
    `len(starts)` axes; steps default to 1). Negative starts and ends count
    from the back; out-of-range values are clamped as in numpy.

    Mirrors ONNX `Slice` (opset 17):
    https://onnx.ai/onnx/operators/onnx__Slice.html

    Example:

    ```mlir
    %y = onnx.Slice %x, %starts, %ends axes %axes
        : (tensor<4x10xf32>, tensor<1xi64>, tensor<1xi64>, tensor<1xi64>)
        -> tensor<4x5xf32>
    ```
  }];
  let arguments = (ins ONNX_AnyTensor:$data, ONNX_IndexTensor:$starts,
                       ONNX_IndexTensor:$ends,
                       Optional<ONNX_IndexTensor>:$axes,
                       Optional<ONNX_IndexTensor>:$steps);
  let results = (outs ONNX_AnyTensor:$output);
  let assemblyFormat = [{
    $data `,` $starts `,` $ends (`axes` $axes^)? (`steps` $steps^)? attr-dict
    `:` functional-type(operands, results)
  }];
}

def ONNX_GatherOp : ONNX_Op<"Gather"> {
  let summary = "gathers slices of `data` along `axis` by `indices`";
  let description = [{
    Produces `data` indexed along `axis` by every element of `indices`
    (negative indices count from the back); the result shape is
    `data.shape[:axis] + indices.shape + data.shape[axis+1:]`.

    Mirrors ONNX `Gather` (opset 17):
    https://onnx.ai/onnx/operators/onnx__Gather.html

    Example:

    ```mlir
    %e = onnx.Gather %table, %ids
        : (tensor<30522x768xf32>, tensor<1x128xi64>) -> tensor<1x128x768xf32>
    ```
  }];
  let arguments = (ins ONNX_AnyTensor:$data, ONNX_IndexTensor:$indices,
                       DefaultValuedAttr<SI64Attr, "0">:$axis);
  let results = (outs ONNX_AnyTensor:$output);
}

def ONNX_GatherElementsOp : ONNX_Op<"GatherElements"> {
  let summary = "gathers single elements of `data` along `axis`";
  let description = [{
    Produces, for every position of `indices` (same rank as `data`), the
    element of `data` at that position with the `axis` coordinate replaced by
    the index.

    Mirrors ONNX `GatherElements` (opset 17):
    https://onnx.ai/onnx/operators/onnx__GatherElements.html

    Example:

    ```mlir
    %y = onnx.GatherElements %x, %i {axis = 1 : si64}
        : (tensor<2x3xf32>, tensor<2x2xi64>) -> tensor<2x2xf32>
    ```
  }];
  let arguments = (ins ONNX_AnyTensor:$data, ONNX_IndexTensor:$indices,
                       DefaultValuedAttr<SI64Attr, "0">:$axis);
  let results = (outs ONNX_AnyTensor:$output);
}

def ONNX_SqueezeOp : ONNX_Op<"Squeeze"> {
  let summary = "removes size-1 dimensions";
  let description = [{
    Removes the dimensions listed in the 1-D `axes` operand (each must have
    size 1), or every size-1 dimension when `axes` is absent.

    Mirrors ONNX `Squeeze` (opset 17), whose axes are an input:
    https://onnx.ai/onnx/operators/onnx__Squeeze.html

    Example:

    ```mlir
    %y = onnx.Squeeze %x, %axes : (tensor<1x3x1xf32>, tensor<1xi64>) -> tensor<3x1xf32>
    ```
  }];
  let arguments = (ins ONNX_AnyTensor:$data, Optional<ONNX_I64Tensor>:$axes);
  let results = (outs ONNX_AnyTensor:$squeezed);
  let hasFolder = 1;
}

def ONNX_UnsqueezeOp : ONNX_Op<"Unsqueeze"> {
  let summary = "inserts size-1 dimensions";
  let description = [{
    Inserts a size-1 dimension at every position of the 1-D `axes` operand
    (positions in the result; negative ones count from its back).

    Mirrors ONNX `Unsqueeze` (opset 17), whose axes are an input:
    https://onnx.ai/onnx/operators/onnx__Unsqueeze.html

    Example:

    ```mlir
    %y = onnx.Unsqueeze %x, %axes : (tensor<3xf32>, tensor<1xi64>) -> tensor<1x3xf32>
    ```
  }];
  let arguments = (ins ONNX_AnyTensor:$data, ONNX_I64Tensor:$axes);
  let results = (outs ONNX_AnyTensor:$expanded);
  let hasFolder = 1;
}

def ONNX_ExpandOp : ONNX_Op<"Expand"> {
  let summary = "broadcasts a tensor to a shape";
  let description = [{
    Broadcasts `input` with the 1-D `shape` operand (numpy rules, so the
    result shape is the broadcast of both and may be larger than `shape`).

    Mirrors ONNX `Expand` (opset 17):
    https://onnx.ai/onnx/operators/onnx__Expand.html

    Example:

    ```mlir
    %y = onnx.Expand %x, %shape : (tensor<3x1xf32>, tensor<2xi64>) -> tensor<3x4xf32>
    ```
  }];
  let arguments = (ins ONNX_AnyTensor:$input, ONNX_I64Tensor:$shape);
  let results = (outs ONNX_AnyTensor:$output);
  let hasFolder = 1;
}

def ONNX_TileOp : ONNX_Op<"Tile"> {
  let summary = "repeats a tensor along each dimension";
  let description = [{
    Repeats `input` `repeats[i]` times along dimension `i` (`repeats` is a
    1-D `i64` operand with one entry per dimension).

    Mirrors ONNX `Tile` (opset 17):
    https://onnx.ai/onnx/operators/onnx__Tile.html

    Example:

    ```mlir
    %y = onnx.Tile %x, %repeats : (tensor<2x3xf32>, tensor<2xi64>) -> tensor<4x3xf32>
    ```
  }];
  let arguments = (ins ONNX_AnyTensor:$input, ONNX_I64Tensor:$repeats);
  let results = (outs ONNX_AnyTensor:$output);
}

def ONNX_PadOp : ONNX_Op<"Pad"> {
  let summary = "pads a tensor";
  let description = [{
    Pads `data` by the 1-D `pads` operand (`[x1_begin, x2_begin, ...,
    x1_end, x2_end, ...]`, negative values crop) in `mode` `constant` (with
    the optional scalar `constant_value`, default 0), `reflect` or `edge`.

    Mirrors ONNX `Pad` (opset 17):
    https://onnx.ai/onnx/operators/onnx__Pad.html

    Example:

    ```mlir
    %y = onnx.Pad %x, %pads : (tensor<1x3x4x4xf32>, tensor<8xi64>) -> tensor<1x3x6x6xf32>
    ```
  }];
  let arguments = (ins ONNX_AnyTensor:$data, ONNX_I64Tensor:$pads,
                       Optional<ONNX_AnyTensor>:$constant_value,
                       DefaultValuedStrAttr<StrAttr, "constant">:$mode);
  let results = (outs ONNX_AnyTensor:$output);
  let hasVerifier = 1;
}

def ONNX_ResizeOp : ONNX_Op<"Resize", [AttrSizedOperandSegments]> {
  let summary = "resizes (interpolates) a tensor";
  let description = [{
    Resizes `X` to the output size given either by `sizes` (1-D `i64`) or by
    `scales` (1-D float; output = floor(input * scale)), interpolating with
    `mode` `nearest`, `linear` or `cubic`. `coordinate_transformation_mode`
    maps output to input coordinates; `roi` is used only by
    `tf_crop_and_resize`.

    Mirrors ONNX `Resize` (opset 17):
    https://onnx.ai/onnx/operators/onnx__Resize.html

    Example:

    ```mlir
    %y = onnx.Resize %x scales %s {mode = "nearest"}
        : (tensor<1x64x20x20xf32>, tensor<4xf32>) -> tensor<1x64x40x40xf32>
    ```
  }];
  let arguments = (ins ONNX_AnyTensor:$X, Optional<ONNX_FloatTensor>:$roi,
                       Optional<ONNX_FloatTensor>:$scales,
                       Optional<ONNX_I64Tensor>:$sizes,
                       DefaultValuedStrAttr<StrAttr, "half_pixel">:
                           $coordinate_transformation_mode,
                       DefaultValuedAttr<F32Attr, "-0.75f">:$cubic_coeff_a,
                       DefaultValuedAttr<SI64Attr, "0">:$exclude_outside,
                       DefaultValuedAttr<F32Attr, "0.0f">:$extrapolation_value,
                       DefaultValuedStrAttr<StrAttr, "nearest">:$mode,
                       DefaultValuedStrAttr<StrAttr, "round_prefer_floor">:
                           $nearest_mode);
  let results = (outs ONNX_AnyTensor:$Y);
  let assemblyFormat = [{
    $X (`roi` $roi^)? (`scales` $scales^)? (`sizes` $sizes^)? attr-dict
    `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

def ONNX_DepthToSpaceOp : ONNX_Op<"DepthToSpace"> {
  let summary = "moves channel blocks into spatial blocks";
  let description = [{
    Rearranges `N x C x H x W` into `N x C/(b*b) x H*b x W*b` with
    `b = blocksize`, in `DCR` (depth-column-row) or `CRD` order.

    Mirrors ONNX `DepthToSpace` (opset 17):
    https://onnx.ai/onnx/operators/onnx__DepthToSpace.html

    Example:

    ```mlir
    %y = onnx.DepthToSpace %x {blocksize = 2 : si64}
        : (tensor<1x8x2x3xf32>) -> tensor<1x2x4x6xf32>
    ```
  }];
  let arguments = (ins ONNX_AnyTensor:$input, SI64Attr:$blocksize,
                       DefaultValuedStrAttr<StrAttr, "DCR">:$mode);
  let results = (outs ONNX_AnyTensor:$output);
}

def ONNX_SpaceToDepthOp : ONNX_Op<"SpaceToDepth"> {
  let summary = "moves spatial blocks into channels";
  let description = [{
    Rearranges `N x C x H x W` into `N x C*b*b x H/b x W/b` with
    `b = blocksize`.

    Mirrors ONNX `SpaceToDepth` (opset 17):
    https://onnx.ai/onnx/operators/onnx__SpaceToDepth.html

    Example:

    ```mlir
    %y = onnx.SpaceToDepth %x {blocksize = 2 : si64}
        : (tensor<1x2x4x6xf32>) -> tensor<1x8x2x3xf32>
    ```
  }];
  let arguments = (ins ONNX_AnyTensor:$input, SI64Attr:$blocksize);
  let results = (outs ONNX_AnyTensor:$output);
}

def ONNX_TriluOp : ONNX_Op<"Trilu"> {
  let summary = "keeps the upper or lower triangle of the last two dimensions";
  let description = [{
    Zeroes the elements below (`upper = 1`) or above (`upper = 0`) the `k`-th
    diagonal (optional scalar `i64` operand, default 0) of each matrix in the
    last two dimensions of `input`.

    Mirrors ONNX `Trilu` (opset 17):
    https://onnx.ai/onnx/operators/onnx__Trilu.html

    Example:

    ```mlir
    %y = onnx.Trilu %x : (tensor<4x4xf32>) -> tensor<4x4xf32>
    ```
  }];
  let arguments = (ins ONNX_AnyTensor:$input, Optional<ONNX_I64Tensor>:$k,
                       DefaultValuedAttr<SI64Attr, "1">:$upper);
  let results = (outs ONNX_AnyTensor:$output);
}

//===----------------------------------------------------------------------===//
// Channels-last forms (modelc additions, not ONNX operators)
//===----------------------------------------------------------------------===//

def ONNX_ConvNHWCOp : ONNX_Op<"ConvNHWC"> {
  let summary = "2-D convolution with channels innermost (NHWC)";
  let description = [{
    `Conv` on channels-last tensors: `X` is `N x H x W x C`, the filters `W`
    are `M x kH x kW x C/group`, the optional bias `B` is `M`, and the result
    is `N x OH x OW x M`. `pads` (`[h_begin, w_begin, h_end, w_end]`) are
    explicit (no `auto_pad`); `strides` and `dilations` have one entry per
    spatial axis.

    Not an ONNX operator: `onnx-channels-last` rewrites a 2-D `Conv` into
    this form between transposes, so that a convolution's input window is
    contiguous along its channels (an implicit GEMM's K), with the filters
    transposed once at compile time.

    Example:

    ```mlir
    %y = onnx.ConvNHWC %x, %w, %b {dilations = array<i64: 1, 1>,
                                   group = 1 : si64,
                                   pads = array<i64: 1, 1, 1, 1>,
                                   strides = array<i64: 1, 1>}
        : (tensor<1x56x56x64xf32>, tensor<64x3x3x64xf32>, tensor<64xf32>)
        -> tensor<1x56x56x64xf32>
    ```
  }];
  let arguments = (ins ONNX_FloatTensor:$X, ONNX_FloatTensor:$W,
                       Optional<ONNX_FloatTensor>:$B,
                       DenseI64ArrayAttr:$dilations,
                       DefaultValuedAttr<SI64Attr, "1">:$group,
                       DenseI64ArrayAttr:$pads,
                       DenseI64ArrayAttr:$strides);
  let results = (outs ONNX_FloatTensor:$Y);
}

def ONNX_MaxPoolNHWCOp : ONNX_Op<"MaxPoolNHWC"> {
  let summary = "2-D max pooling with channels innermost (NHWC)";
  let description = [{
    `MaxPool` on a channels-last `X` (`N x H x W x C`); the result is
    `N x OH x OW x C`. `pads` (`[h_begin, w_begin, h_end, w_end]`) are
    explicit (no `auto_pad`); `ceil_mode` chooses ceil over floor for the
    output size. Padded elements never win.

    Not an ONNX operator: `onnx-channels-last` rewrites a 2-D `MaxPool`
    between convolutions into this form.

    Example:

    ```mlir
    %y = onnx.MaxPoolNHWC %x {ceil_mode = 0 : si64,
                              dilations = array<i64: 1, 1>,
                              kernel_shape = array<i64: 3, 3>,
                              pads = array<i64: 1, 1, 1, 1>,
                              strides = array<i64: 2, 2>}
        : (tensor<1x112x112x64xf32>) -> tensor<1x56x56x64xf32>
    ```
  }];
  let arguments = (ins RankedTensorOf<[ONNX_FloatElt, I8, UI8]>:$X,
                       DefaultValuedAttr<SI64Attr, "0">:$ceil_mode,
                       DenseI64ArrayAttr:$dilations,
                       DenseI64ArrayAttr:$kernel_shape,
                       DenseI64ArrayAttr:$pads,
                       DenseI64ArrayAttr:$strides);
  let results = (outs RankedTensorOf<[ONNX_FloatElt, I8, UI8]>:$Y);
}

def ONNX_GlobalAveragePoolNHWCOp : ONNX_Op<"GlobalAveragePoolNHWC"> {
  let summary = "the mean over all spatial positions, channels innermost";
  let description = [{
    `GlobalAveragePool` on a channels-last `X` (`N x H x W x C`); the result
    is `N x 1 x 1 x C`.

    Not an ONNX operator: `onnx-channels-last` rewrites a 2-D
    `GlobalAveragePool` of a convolution's channels-last result into this
    form, so that the activations need no transpose first.

    Example:

    ```mlir
    %y = onnx.GlobalAveragePoolNHWC %x
        : (tensor<1x7x7x2048xf32>) -> tensor<1x1x1x2048xf32>
    ```
  }];
  let arguments = (ins ONNX_FloatTensor:$X);
  let results = (outs ONNX_FloatTensor:$Y);
}

def ONNX_FusedAttentionOp : ONNX_Op<"FusedAttention"> {
  let summary = "softmax(scale * Q K^T) V over a batch of heads";
  let description = [{
    Scaled dot-product attention without a mask: for each of `N` heads,
    `Y = softmax(scale * Q K^T, axis = -1) V`, with `Q` `N x Sq x D`, `K`
    `N x Sk x D`, `V` `N x Sk x Dv` and `Y` `N x Sq x Dv`. With
    `sequence_first`, every operand and the result have their first two
    dimensions swapped (`Sq x N x D`, ...): the layout of a sequence-first
    transformer's heads, read without transposing them.

    Not an ONNX operator: `onnx-fuse-attention` rewrites the subgraph
    `MatMul(Q, Transpose(K))`, a scale (`Div` or `Mul` by a constant scalar,
    of `Q` or of the scores), `Softmax` on the last axis and `MatMul(., V)`
    into this op, so that one kernel computes it (the scores need not be
    written to memory). The scores and the softmax are computed in f32
    whatever the operands' type.

    Example:

    ```mlir
    %y = onnx.FusedAttention %q, %k, %v {scale = 1.250000e-01 : f32}
        : (tensor<12x128x64xf16>, tensor<12x128x64xf16>,
           tensor<12x128x64xf16>) -> tensor<12x128x64xf16>
    ```
  }];
  let arguments = (ins RankedTensorOf<[ONNX_FloatElt]>:$Q,
                       RankedTensorOf<[ONNX_FloatElt]>:$K,
                       RankedTensorOf<[ONNX_FloatElt]>:$V,
                       F32Attr:$scale,
                       DefaultValuedAttr<BoolAttr, "false">:$sequence_first);
  let results = (outs RankedTensorOf<[ONNX_FloatElt]>:$Y);
}

#endif // MODELC_DIALECTS_ONNX_IR_ONNXOPS_TD

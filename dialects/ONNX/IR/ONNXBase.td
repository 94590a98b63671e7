//===- ONNXBase.td - onnx dialect, types and op families ---*- tablegen -*-===//
//
// Part of the modelc project, under the Apache License v2.0 with LLVM
// Exceptions. SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// The `onnx` dialect: one op per ONNX operator, mirroring the default-domain
// schemas of opset 17 (operand, attribute and result names, order, defaults).
// Models of older opsets are upgraded to opset 17 by the importer (libonnx's
// version converter) before any op is built, so each op has exactly one form.
//
//===----------------------------------------------------------------------===//

#ifndef MODELC_DIALECTS_ONNX_IR_ONNXBASE_TD
#define MODELC_DIALECTS_ONNX_IR_ONNXBASE_TD

include "mlir/IR/OpBase.td"
include "mlir/IR/AttrTypeBase.td"
include "mlir/Interfaces/InferTypeOpInterface.td"
include "mlir/Interfaces/SideEffectInterfaces.td"

def ONNX_Dialect : Dialect {
  let name = "onnx";
  let cppNamespace = "::mlir::modelc::onnx";
  let summary = "ONNX operators (opset 17) on ranked tensors";
  let description = [{
    The graph-level dialect of modelc. Every op mirrors one ONNX operator of
    the default domain at opset 17: its operands, attributes and results carry
    the spec's names, order and default values, so an ONNX node maps to one op
    and back. Optional ONNX inputs are `Optional<>` operands (absent, not a
    `none` value). Four ops are modelc's additions, not ONNX operators:
    `ConvNHWC`, `MaxPoolNHWC` and `GlobalAveragePoolNHWC`, the
    channels-last forms that the `onnx-channels-last` pass gives 2-D
    convolutions, max pooling and global average pooling, and
    `FusedAttention`, which `onnx-fuse-attention` makes of a
    MatMul-Softmax-MatMul attention subgraph.

    Types follow ONNX: `float`, `float16`, `bfloat16`, `double` are `f32`,
    `f16`, `bf16`, `f64`; signed integers are signless (`i8` ... `i64`);
    unsigned integers are `ui8` ... `ui64`; `bool` is `i1`. All tensors are
    ranked; a dimension may be dynamic (`?`) until the graph pipeline fixes
    it. Integer attributes are `si64`, as ONNX stores them.

    Every op infers its result types from its operands and attributes
    (InferTypeOpInterface). The verifier checks that the declared result types
    are compatible with the inferred ones (equal element types, equal ranks,
    equal static dimensions), so a declared type may be more static than the
    inferred one but never contradict it.
  }];
  let hasConstantMaterializer = 1;
  let dependentDialects = ["::mlir::func::FuncDialect"];
}

//===----------------------------------------------------------------------===//
// Element and tensor types
//===----------------------------------------------------------------------===//

def ONNX_FloatElt : AnyTypeOf<[F16, BF16, F32, F64], "ONNX floating-point">;
def ONNX_SIntElt : AnyTypeOf<[I8, I16, I32, I64], "ONNX signed integer">;
def ONNX_UIntElt : AnyTypeOf<[UI8, UI16, UI32, UI64], "ONNX unsigned integer">;
def ONNX_BoolElt : AnyTypeOf<[I1], "ONNX bool">;

def ONNX_FloatTensor : RankedTensorOf<[ONNX_FloatElt]>;
def ONNX_BoolTensor : RankedTensorOf<[I1]>;
def ONNX_I64Tensor : RankedTensorOf<[I64]>;
def ONNX_IndexTensor : RankedTensorOf<[I32, I64]>;
def ONNX_IntTensor : RankedTensorOf<[ONNX_SIntElt, ONNX_UIntElt]>;
/// float or signed integer: what ONNX allows for signed arithmetic (Neg, Relu).
def ONNX_SignedTensor : RankedTensorOf<[ONNX_FloatElt, ONNX_SIntElt]>;
/// float or any integer, no bool.
def ONNX_NumericTensor : RankedTensorOf<[ONNX_FloatElt, ONNX_SIntElt,
                                         ONNX_UIntElt]>;
/// Every element type modelc compiles.
def ONNX_AnyTensor : RankedTensorOf<[ONNX_FloatElt, ONNX_SIntElt,
                                     ONNX_UIntElt, ONNX_BoolElt]>;

//===----------------------------------------------------------------------===//
// Base op class
//===----------------------------------------------------------------------===//

/// Result type inference for the few ops whose result count is not a
/// function of their operands and attributes (Split, Dropout,
/// LayerNormalization): InferTypeOpInterface cannot describe them, so the op
/// instance infers the types of the results it has.
def ONNX_InferResultTypesOpInterface
    : OpInterface<"InferResultTypesOpInterface"> {
  let cppNamespace = "::mlir::modelc::onnx";
  let description = [{
    Infers the types of an existing op's results from its operands and
    attributes. Implemented by ops with optional or variadic results; every
    other onnx op implements InferTypeOpInterface.
  }];
  let methods = [
    InterfaceMethod<"Infers one type per result of this op.",
      "::llvm::LogicalResult", "inferResultTypes",
      (ins "::llvm::SmallVectorImpl<::mlir::Type> &":$inferred)>,
  ];
  let verify = [{
    return ::mlir::modelc::onnx::verifyInferredResultTypes($_op);
  }];
}

/// Every onnx op is pure (modelc compiles inference graphs only) and infers
/// its result types. `familyDefinition` holds C++ shared by an op family (for
/// example the type inference of all broadcasting binary ops); ops with
/// bespoke inference define `inferReturnTypes` in ONNXOps.cpp. Ops whose
/// result count varies pass `fixedResults = 0` and implement
/// InferResultTypesOpInterface instead.
class ONNX_Op<string mnemonic, list<Trait> traits = [], bit fixedResults = 1>
    : Op<ONNX_Dialect, mnemonic,
         !listconcat(traits, [Pure],
                     !if(fixedResults, [InferTypeOpAdaptorWithIsCompatible],
                         [DeclareOpInterfaceMethods<
                              ONNX_InferResultTypesOpInterface>]))> {
  code familyDefinition = "";
  let extraClassDefinition = !strconcat(!if(fixedResults, [{
    bool $cppClass::isCompatibleReturnTypes(::mlir::TypeRange inferred,
                                           ::mlir::TypeRange actual) {
      return ::mlir::modelc::onnx::areCompatibleResultTypes(inferred, actual);
    }
  }], ""), familyDefinition);
  let assemblyFormat =
      "operands attr-dict `:` functional-type(operands, results)";
}

/// Computed element by element, with numpy broadcasting of the operands:
/// the result's element at an index depends only on the operands' elements
/// at the broadcast index. The kernel former fuses chains of such ops into
/// the kernel of their producer.
def ONNX_Elementwise : NativeOpTrait<"Elementwise"> {
  let cppNamespace = "::mlir::modelc::onnx::OpTrait";
}

/// The spec link every description ends with.
class ONNX_SpecLink<string name> {
  string link = "https://onnx.ai/onnx/operators/onnx__" # name # ".html";
}

//===----------------------------------------------------------------------===//
// Families
//===----------------------------------------------------------------------===//

/// `Y = f(X)` elementwise; the result has the operand's type.
class ONNX_UnaryOp<string name, string formula, Type tensorType,
                   dag attrs = (ins), list<Trait> traits = []>
    : ONNX_Op<name, !listconcat(traits, [ONNX_Elementwise])> {
  let summary = "elementwise `" # formula # "`";
  let description = "Computes `" # formula # "` for every element of `X`; "
      # "the result has the type of `X`.\n\n"
      # "Mirrors ONNX `" # name # "` (opset 17): "
      # ONNX_SpecLink<name>.link # "\n\nExample:\n\n```mlir\n"
      # "%y = onnx." # name # " %x : (tensor<2x3xf32>) -> tensor<2x3xf32>\n```";
  let arguments = !con((ins tensorType:$X), attrs);
  let results = (outs tensorType:$Y);
  let familyDefinition = [{
    ::llvm::LogicalResult $cppClass::inferReturnTypes(
        ::mlir::MLIRContext *, std::optional<::mlir::Location>,
        Adaptor adaptor, ::llvm::SmallVectorImpl<::mlir::Type> &inferred) {
      inferred.push_back(adaptor.getX().getType());
      return ::mlir::success();
    }
  }];
}

/// `Y = f(X)` elementwise with a `bool` result (IsNaN, IsInf).
class ONNX_UnaryPredicateOp<string name, string formula, dag attrs = (ins)>
    : ONNX_Op<name, [ONNX_Elementwise]> {
  let summary = "elementwise predicate `" # formula # "`";
  let description = "Computes the predicate `" # formula # "` for every "
      # "element of `X`; the result is a `bool` (`i1`) tensor of the shape of "
      # "`X`.\n\nMirrors ONNX `" # name # "` (opset 17): "
      # ONNX_SpecLink<name>.link # "\n\nExample:\n\n```mlir\n"
      # "%y = onnx." # name # " %x : (tensor<4xf32>) -> tensor<4xi1>\n```";
  let arguments = !con((ins ONNX_FloatTensor:$X), attrs);
  let results = (outs ONNX_BoolTensor:$Y);
  let familyDefinition = [{
    ::llvm::LogicalResult $cppClass::inferReturnTypes(
        ::mlir::MLIRContext *ctx, std::optional<::mlir::Location>,
        Adaptor adaptor, ::llvm::SmallVectorImpl<::mlir::Type> &inferred) {
      auto x = ::llvm::cast<::mlir::RankedTensorType>(adaptor.getX().getType());
      inferred.push_back(x.clone(::mlir::IntegerType::get(ctx, 1)));
      return ::mlir::success();
    }
  }];
}

/// `C = A op B` with multidirectional (numpy) broadcasting. The result
/// element type is the operands' (both must agree), or `i1` for comparisons.
class ONNX_BinaryOp<string name, string formula, Type operandType,
                    Type resultType, bit isPredicate = 0,
                    dag attrs = (ins)>
    : ONNX_Op<name, [ONNX_Elementwise]> {
  let summary = "elementwise `" # formula # "` with broadcasting";
  let description = "Computes `" # formula # "` for every element of the "
      # "broadcast of `A` and `B` (numpy multidirectional broadcasting). "
      # !if(isPredicate, "The result is a `bool` (`i1`) tensor.",
                        "`A` and `B` have the same element type, which the "
                        # "result keeps.")
      # "\n\nMirrors ONNX `" # name # "` (opset 17): "
      # ONNX_SpecLink<name>.link # "\n\nExample:\n\n```mlir\n"
      # "%c = onnx." # name # " %a, %b : (tensor<2x3xf32>, tensor<3xf32>) -> "
      # !if(isPredicate, "tensor<2x3xi1>", "tensor<2x3xf32>") # "\n```";
  let arguments = !con((ins operandType:$A, operandType:$B), attrs);
  let results = (outs resultType:$C);
  let hasVerifier = 1;
  let familyDefinition = !if(isPredicate, [{
    ::llvm::LogicalResult $cppClass::inferReturnTypes(
        ::mlir::MLIRContext *ctx, std::optional<::mlir::Location> loc,
        Adaptor adaptor, ::llvm::SmallVectorImpl<::mlir::Type> &inferred) {
      return ::mlir::modelc::onnx::inferBroadcastResultType(
          loc, adaptor.getOperands(), ::mlir::IntegerType::get(ctx, 1),
          inferred);
    }
    ::llvm::LogicalResult $cppClass::verify() {
      return ::mlir::modelc::onnx::verifySameOperandElementTypes(*this);
    }
  }], [{
    ::llvm::LogicalResult $cppClass::inferReturnTypes(
        ::mlir::MLIRContext *, std::optional<::mlir::Location> loc,
        Adaptor adaptor, ::llvm::SmallVectorImpl<::mlir::Type> &inferred) {
      return ::mlir::modelc::onnx::inferBroadcastResultType(
          loc, adaptor.getOperands(),
          ::mlir::getElementTypeOrSelf(adaptor.getA().getType()), inferred);
    }
    ::llvm::LogicalResult $cppClass::verify() {
      return ::mlir::modelc::onnx::verifySameOperandElementTypes(*this);
    }
  }]);
}

/// `y = f(x0, x1, ...)` over one or more broadcast operands (Max, Min, Sum,
/// Mean).
class ONNX_VariadicOp<string name, string formula, Type tensorType,
                      string resultName>
    : ONNX_Op<name, [ONNX_Elementwise]> {
  let summary = "elementwise `" # formula # "` of one or more tensors";
  let description = "Computes `" # formula # "` over all operands for every "
      # "element of their broadcast shape (numpy multidirectional "
      # "broadcasting). All operands have the same element type.\n\n"
      # "Mirrors ONNX `" # name # "` (opset 17): "
      # ONNX_SpecLink<name>.link # "\n\nExample:\n\n```mlir\n"
      # "%y = onnx." # name # " %a, %b, %c : (tensor<3xf32>, tensor<1xf32>, "
      # "tensor<2x3xf32>) -> tensor<2x3xf32>\n```";
  let arguments = (ins Variadic<tensorType>:$data_0);
  let results = !dag(outs, [tensorType], [resultName]);
  let hasVerifier = 1;
  let familyDefinition = [{
    ::llvm::LogicalResult $cppClass::inferReturnTypes(
        ::mlir::MLIRContext *, std::optional<::mlir::Location> loc,
        Adaptor adaptor, ::llvm::SmallVectorImpl<::mlir::Type> &inferred) {
      if (adaptor.getData_0().empty())
        return ::mlir::emitOptionalError(loc, "expects at least one operand");
      return ::mlir::modelc::onnx::inferBroadcastResultType(
          loc, adaptor.getOperands(),
          ::mlir::getElementTypeOrSelf(adaptor.getData_0().front().getType()),
          inferred);
    }
    ::llvm::LogicalResult $cppClass::verify() {
      return ::mlir::modelc::onnx::verifySameOperandElementTypes(*this);
    }
  }];
}

/// Reductions with `axes` as an attribute (ReduceMean, ReduceMax, ...).
class ONNX_ReduceOp<string name, string formula, Type tensorType>
    : ONNX_Op<name> {
  let summary = "reduces `data` along `axes` with `" # formula # "`";
  let description = "Reduces `data` along `axes` (all axes when absent; "
      # "negative axes count from the back) with `" # formula # "`. With "
      # "`keepdims = 1` the reduced dimensions stay as size 1.\n\n"
      # "Mirrors ONNX `" # name # "` (opset 17): "
      # ONNX_SpecLink<name>.link # "\n\nExample:\n\n```mlir\n"
      # "%r = onnx." # name # " %x {axes = array<i64: 1>, keepdims = 0 : si64}"
      # " : (tensor<2x3xf32>) -> tensor<2xf32>\n```";
  let arguments = (ins tensorType:$data,
                       OptionalAttr<DenseI64ArrayAttr>:$axes,
                       DefaultValuedAttr<SI64Attr, "1">:$keepdims);
  let results = (outs tensorType:$reduced);
  let familyDefinition = [{
    ::llvm::LogicalResult $cppClass::inferReturnTypes(
        ::mlir::MLIRContext *, std::optional<::mlir::Location> loc,
        Adaptor adaptor, ::llvm::SmallVectorImpl<::mlir::Type> &inferred) {
      std::optional<::llvm::SmallVector<int64_t>> axes;
      if (auto a = adaptor.getAxes())
        axes = ::llvm::SmallVector<int64_t>(a->begin(), a->end());
      return ::mlir::modelc::onnx::inferReductionResultType(
          loc, adaptor.getData(), axes, adaptor.getKeepdims() != 0,
          /*noopWithEmptyAxes=*/false, inferred);
    }
  }];
}

/// Shared ODS pieces of convolution and pooling windows.
defvar ONNX_AutoPadAttr = DefaultValuedStrAttr<StrAttr, "NOTSET">;

#endif // MODELC_DIALECTS_ONNX_IR_ONNXBASE_TD

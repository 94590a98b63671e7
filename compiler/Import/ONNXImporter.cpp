//===- ONNXImporter.cpp - ONNX models to the onnx dialect -----------------===//
//
// Part of the modelc project, under the Apache License v2.0 with LLVM
// Exceptions. SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "compiler/Import/ONNXImporter.h"

#include "compiler/Import/NodeNames.h"
#include "compiler/Import/TensorConversion.h"
#include "dialects/ONNX/IR/ONNXOps.h"
#include "passes/ONNX/ConstantEvaluator.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/Verifier.h"
#include "llvm/ADT/StringMap.h"

#include "onnx/defs/schema.h"

using namespace mlir;
using namespace mlir::modelc;

namespace {

class GraphImporter {
public:
  GraphImporter(MLIRContext *context, StringRef path)
      : context(context), builder(context),
        fileLoc(FileLineColLoc::get(context, path, 0, 0)) {}

  OwningOpRef<ModuleOp> import(const LoadedModel &model);

private:
  /// The location of node #`index`: its name, or "<op_type>_<index>" for an
  /// unnamed node, inside the model file.
  Location getNodeLoc(const ::onnx::NodeProto &node, int index) {
    std::string name = node.name().empty()
                           ? node.op_type() + "_" + std::to_string(index)
                           : node.name();
    return NameLoc::get(StringAttr::get(context, name), fileLoc);
  }

  /// Returns the type ONNX shape inference gave `name`, a null type if it
  /// gave none, or failure for a type modelc cannot represent.
  FailureOr<Type> getInferredType(StringRef name, Location loc);

  FailureOr<Attribute> convertAttribute(const ::onnx::AttributeProto &attr,
                                        Location loc, StringRef nodeDesc);
  LogicalResult importInitializer(const ::onnx::TensorProto &tensor);
  LogicalResult importConstantNode(const ::onnx::NodeProto &node, Location loc,
                                   StringRef nodeDesc);
  LogicalResult importNode(const ::onnx::NodeProto &node, int index);
  Value adaptLegacyPReluSlope(Value x, Value slope, Location loc);

  MLIRContext *context;
  OpBuilder builder;
  Location fileLoc;
  llvm::StringMap<Value> values;
  llvm::StringMap<const ::onnx::TypeProto *> inferredTypes;
  int64_t sourceOpset = kTargetOpset;
};

namespace {
/// Replaces `op` by onnx.Constant ops when it computes a small integer
/// tensor from constants; returns the op holding the results (the last
/// constant's parent block keeps them in order), or null if not folded.
Operation *foldSmallIntegerOp(Operation *op) {
  constexpr int64_t kMaxElements = 64;
  if (!modelc::onnx::isEvaluable(op) || op->getNumResults() != 1 ||
      op->getNumOperands() == 0)
    return nullptr;
  auto type = dyn_cast<RankedTensorType>(op->getResult(0).getType());
  if (!type || !type.hasStaticShape() || type.getNumElements() > kMaxElements ||
      !type.getElementType().isSignlessInteger())
    return nullptr;
  for (Value operand : op->getOperands())
    if (!operand.getDefiningOp<modelc::onnx::ConstantOp>())
      return nullptr;
  FailureOr<SmallVector<DenseElementsAttr>> values =
      modelc::onnx::evaluate(op, kMaxElements);
  if (failed(values))
    return nullptr;
  OpBuilder builder(op);
  Operation *constant =
      modelc::onnx::ConstantOp::create(builder, op->getLoc(), (*values)[0]);
  op->replaceAllUsesWith(constant->getResults());
  op->erase();
  return constant;
}
} // namespace

FailureOr<Type> GraphImporter::getInferredType(StringRef name, Location loc) {
  auto it = inferredTypes.find(name);
  if (it == inferredTypes.end())
    return Type();
  return convertTensorType(*it->second, context, loc, "tensor '" + name + "'");
}

FailureOr<Attribute>
GraphImporter::convertAttribute(const ::onnx::AttributeProto &attr,
                                Location loc, StringRef nodeDesc) {
  auto fail = [&](const Twine &why) -> FailureOr<Attribute> {
    return emitError(loc) << "attribute '" << attr.name() << "' of " << nodeDesc
                          << " " << why;
  };
  if (!attr.ref_attr_name().empty())
    return fail("refers to a function attribute, which is not supported");
  switch (attr.type()) {
  case ::onnx::AttributeProto::FLOAT:
    return Attribute(builder.getF32FloatAttr(attr.f()));
  case ::onnx::AttributeProto::INT:
    return Attribute(IntegerAttr::get(
        IntegerType::get(context, 64, IntegerType::Signed), attr.i()));
  case ::onnx::AttributeProto::STRING:
    return Attribute(builder.getStringAttr(attr.s()));
  case ::onnx::AttributeProto::FLOATS:
    return Attribute(builder.getDenseF32ArrayAttr(
        SmallVector<float>(attr.floats().begin(), attr.floats().end())));
  case ::onnx::AttributeProto::INTS:
    return Attribute(builder.getDenseI64ArrayAttr(
        SmallVector<int64_t>(attr.ints().begin(), attr.ints().end())));
  case ::onnx::AttributeProto::TENSOR: {
    FailureOr<DenseElementsAttr> value =
        convertTensor(attr.t(), context, loc,
                      "attribute '" + attr.name() + "' of " + nodeDesc);
    if (failed(value))
      return failure();
    return Attribute(*value);
  }
  default:
    return fail("has type " +
                ::onnx::AttributeProto::AttributeType_Name(attr.type()) +
                ", which modelc does not support");
  }
}

LogicalResult
GraphImporter::importInitializer(const ::onnx::TensorProto &tensor) {
  Location loc = NameLoc::get(StringAttr::get(context, tensor.name()), fileLoc);
  FailureOr<DenseElementsAttr> value = convertTensor(
      tensor, context, loc, "initializer '" + tensor.name() + "'");
  if (failed(value))
    return failure();
  values[tensor.name()] =
      modelc::onnx::ConstantOp::create(builder, loc, *value);
  return success();
}

LogicalResult GraphImporter::importConstantNode(const ::onnx::NodeProto &node,
                                                Location loc,
                                                StringRef nodeDesc) {
  if (node.attribute_size() != 1 || node.output_size() != 1)
    return emitError(loc) << nodeDesc
                          << " must have exactly one value attribute and one "
                             "output";
  const ::onnx::AttributeProto &attr = node.attribute(0);
  StringRef name = attr.name();
  DenseElementsAttr value;
  if (name == "value") {
    FailureOr<Attribute> converted = convertAttribute(attr, loc, nodeDesc);
    if (failed(converted))
      return failure();
    value = cast<DenseElementsAttr>(*converted);
  } else if (name == "value_float") {
    value = DenseElementsAttr::get(
        RankedTensorType::get({}, builder.getF32Type()), attr.f());
  } else if (name == "value_floats") {
    SmallVector<float> v(attr.floats().begin(), attr.floats().end());
    value = DenseElementsAttr::get(
        RankedTensorType::get({static_cast<int64_t>(v.size())},
                              builder.getF32Type()),
        ArrayRef<float>(v));
  } else if (name == "value_int") {
    value =
        DenseElementsAttr::get(RankedTensorType::get({}, builder.getI64Type()),
                               static_cast<int64_t>(attr.i()));
  } else if (name == "value_ints") {
    SmallVector<int64_t> v(attr.ints().begin(), attr.ints().end());
    value = DenseElementsAttr::get(
        RankedTensorType::get({static_cast<int64_t>(v.size())},
                              builder.getI64Type()),
        ArrayRef<int64_t>(v));
  } else {
    return emitError(loc) << "attribute '" << name << "' of " << nodeDesc
                          << " is not supported (strings and sparse tensors "
                             "are not compiled)";
  }
  values[node.output(0)] =
      modelc::onnx::ConstantOp::create(builder, loc, value);
  return success();
}

LogicalResult GraphImporter::importNode(const ::onnx::NodeProto &node,
                                        int index) {
  Location loc = getNodeLoc(node, index);
  std::string nodeDesc = describeNode(node, index);
  if (node.op_type() == "Constant")
    return importConstantNode(node, loc, nodeDesc);

  std::optional<RegisteredOperationName> opName =
      RegisteredOperationName::lookup("onnx." + node.op_type(), context);
  const ::onnx::OpSchema *schema = ::onnx::OpSchemaRegistry::Schema(
      node.op_type(), static_cast<int>(kTargetOpset), "");
  if (!opName || !schema)
    return emitError(loc) << "unsupported ONNX operator '" << node.op_type()
                          << "' at " << nodeDesc;

  // Splits the node's inputs (or outputs) over the schema's formal
  // parameters: one entry per parameter, with the count of values it gets.
  // An empty name is an absent optional value.
  auto getSegments =
      [&](const std::vector<::onnx::OpSchema::FormalParameter> &formals,
          const google::protobuf::RepeatedPtrField<std::string> &names,
          StringRef kind) -> FailureOr<SmallVector<int32_t>> {
    SmallVector<int32_t> segments;
    int count = names.size();
    while (count > 0 && names[count - 1].empty())
      --count;
    int next = 0;
    for (const ::onnx::OpSchema::FormalParameter &formal : formals) {
      switch (formal.GetOption()) {
      case ::onnx::OpSchema::Single:
        if (next >= count || names[next].empty())
          return emitError(loc) << nodeDesc << " lacks its required " << kind
                                << " '" << formal.GetName() << "'";
        segments.push_back(1);
        ++next;
        break;
      case ::onnx::OpSchema::Optional:
        segments.push_back(next < count && !names[next].empty() ? 1 : 0);
        ++next;
        break;
      case ::onnx::OpSchema::Variadic:
        segments.push_back(std::max(count - next, 0));
        for (; next < count; ++next)
          if (names[next].empty())
            return emitError(loc)
                   << nodeDesc << " has an empty variadic " << kind;
        break;
      }
    }
    if (next < count)
      return emitError(loc) << nodeDesc << " has " << count << " " << kind
                            << "s, more than its schema allows";
    return segments;
  };

  FailureOr<SmallVector<int32_t>> operandSegments =
      getSegments(schema->inputs(), node.input(), "input");
  FailureOr<SmallVector<int32_t>> resultSegments =
      getSegments(schema->outputs(), node.output(), "output");
  if (failed(operandSegments) || failed(resultSegments))
    return failure();
  bool hasOperandSegments =
      opName->hasTrait<OpTrait::AttrSizedOperandSegments>();
  bool hasResultSegments = opName->hasTrait<OpTrait::AttrSizedResultSegments>();

  OperationState state(loc, *opName);
  for (const std::string &input : node.input()) {
    if (input.empty())
      continue;
    auto it = values.find(input);
    if (it == values.end())
      return emitError(loc)
             << nodeDesc << " reads '" << input << "', which is not defined";
    state.operands.push_back(it->second);
  }
  if (sourceOpset < 7 && node.op_type() == "PRelu" &&
      state.operands.size() == 2)
    state.operands[1] =
        adaptLegacyPReluSlope(state.operands[0], state.operands[1], loc);
  // Without segment sizes, an absent optional value can only be the last.
  auto checkTrailingOnly = [&](ArrayRef<int32_t> segments,
                               StringRef kind) -> LogicalResult {
    bool sawAbsent = false;
    for (int32_t s : segments) {
      if (s == 0)
        sawAbsent = true;
      else if (sawAbsent)
        return emitError(loc) << nodeDesc << " omits an optional " << kind
                              << " before a present one, which modelc does "
                                 "not support for this operator";
    }
    return success();
  };
  if (hasOperandSegments)
    state.addAttribute("operandSegmentSizes",
                       builder.getDenseI32ArrayAttr(*operandSegments));
  else if (failed(checkTrailingOnly(*operandSegments, "input")))
    return failure();
  if (hasResultSegments)
    state.addAttribute("resultSegmentSizes",
                       builder.getDenseI32ArrayAttr(*resultSegments));
  else if (failed(checkTrailingOnly(*resultSegments, "output")))
    return failure();

  ArrayRef<StringAttr> known = opName->getAttributeNames();
  for (const ::onnx::AttributeProto &attr : node.attribute()) {
    if (!llvm::is_contained(known, StringAttr::get(context, attr.name())))
      return emitError(loc) << "attribute '" << attr.name() << "' of "
                            << nodeDesc << " is not supported by modelc";
    FailureOr<Attribute> value = convertAttribute(attr, loc, nodeDesc);
    if (failed(value))
      return failure();
    state.addAttribute(attr.name(), *value);
  }

  // Result types: what ONNX inferred, or a placeholder that the op's own
  // inference replaces below.
  SmallVector<std::string> outputs;
  for (const std::string &output : node.output()) {
    if (output.empty())
      continue;
    FailureOr<Type> type = getInferredType(output, loc);
    if (failed(type))
      return failure();
    state.types.push_back(*type ? *type : builder.getNoneType());
    outputs.push_back(output);
  }
  Operation *op = builder.create(state);

  FailureOr<SmallVector<Type>> inferred = modelc::onnx::inferResultTypes(op);
  if (failed(inferred) || inferred->size() != op->getNumResults())
    return emitError(loc) << "cannot infer the result types of " << nodeDesc;
  for (auto [result, inferredType, name] :
       llvm::zip_equal(op->getResults(), *inferred, outputs)) {
    if (isa<NoneType>(result.getType())) {
      if (!isa<RankedTensorType>(inferredType))
        return emitError(loc) << "cannot infer the rank of output '" << name
                              << "' of " << nodeDesc;
      result.setType(inferredType);
      continue;
    }
    FailureOr<Type> refined =
        modelc::onnx::refineType(result.getType(), inferredType);
    if (failed(refined))
      return emitError(loc)
             << "output '" << name << "' of " << nodeDesc
             << ": ONNX shape inference gives " << result.getType()
             << " but modelc infers " << inferredType;
    result.setType(*refined);
  }
  // Index arithmetic on constants (exporters compute slice bounds and
  // shapes with Add, Mod, Reshape of scalars) is evaluated now, so that the
  // ops using it get static types here even where ONNX's data propagation
  // stops.
  if (Operation *folded = foldSmallIntegerOp(op))
    op = folded;
  for (auto [result, name] : llvm::zip_equal(op->getResults(), outputs)) {
    // A hostile model can ask for absurd sizes through shapes alone.
    auto type = cast<RankedTensorType>(result.getType());
    SmallVector<int64_t> dims;
    for (int64_t d : type.getShape())
      dims.push_back(ShapedType::isDynamic(d) ? 1 : d);
    if (failed(getCheckedElementCount(
            loc, "output '" + name + "' of " + nodeDesc, dims)))
      return failure();
    values[name] = result;
  }
  return success();
}

/// Before opset 7, PRelu applied a 1-D slope of C values per channel (axis
/// 1); since then it broadcasts numpy-style from the back, and the version
/// converter does not adapt it. Reshapes such a slope to [C, 1, ..., 1].
Value GraphImporter::adaptLegacyPReluSlope(Value x, Value slope, Location loc) {
  auto xType = cast<RankedTensorType>(x.getType());
  auto slopeType = cast<RankedTensorType>(slope.getType());
  if (xType.getRank() < 3 || slopeType.getRank() != 1 ||
      slopeType.getDimSize(0) <= 1 ||
      slopeType.getDimSize(0) != xType.getDimSize(1))
    return slope;
  SmallVector<int64_t> shape{slopeType.getDimSize(0)};
  shape.append(xType.getRank() - 2, 1);
  auto shapeType = RankedTensorType::get({static_cast<int64_t>(shape.size())},
                                         builder.getI64Type());
  Value shapeValue = modelc::onnx::ConstantOp::create(
      builder, loc,
      DenseElementsAttr::get(shapeType, ArrayRef<int64_t>(shape)));
  return modelc::onnx::ReshapeOp::create(builder, loc, slopeType.clone(shape),
                                         slope, shapeValue,
                                         /*allowzero=*/0);
}

OwningOpRef<ModuleOp> GraphImporter::import(const LoadedModel &model) {
  sourceOpset = model.sourceOpset;
  const ::onnx::GraphProto &graph = model.proto.graph();
  OwningOpRef<ModuleOp> module = ModuleOp::create(fileLoc);
  builder.setInsertionPointToEnd(module->getBody());
  (*module)->setAttr("onnx.opset", builder.getI64IntegerAttr(kTargetOpset));
  (*module)->setAttr("onnx.source_opset",
                     builder.getI64IntegerAttr(model.sourceOpset));
  if (!model.proto.producer_name().empty()) {
    std::string producer = model.proto.producer_name();
    if (!model.proto.producer_version().empty())
      producer += " " + model.proto.producer_version();
    (*module)->setAttr("onnx.producer", builder.getStringAttr(producer));
  }

  for (const ::onnx::ValueInfoProto &info : graph.value_info())
    inferredTypes[info.name()] = &info.type();
  for (const ::onnx::ValueInfoProto &info : graph.output())
    inferredTypes[info.name()] = &info.type();

  SmallVector<Type> argTypes;
  SmallVector<Attribute> argAttrs;
  for (const ::onnx::ValueInfoProto &input : graph.input()) {
    FailureOr<Type> type = convertTensorType(input.type(), context, fileLoc,
                                             "input '" + input.name() + "'");
    if (failed(type))
      return nullptr;
    if (!*type) {
      emitError(fileLoc) << "input '" << input.name() << "' has no shape";
      return nullptr;
    }
    argTypes.push_back(*type);
    argAttrs.push_back(builder.getDictionaryAttr(builder.getNamedAttr(
        "onnx.name", builder.getStringAttr(input.name()))));
  }

  std::string name = graph.name().empty() ? "main_graph" : graph.name();
  auto func = func::FuncOp::create(builder, fileLoc, name,
                                   builder.getFunctionType(argTypes, {}));
  func.setAllArgAttrs(argAttrs);
  Block *body = func.addEntryBlock();
  builder.setInsertionPointToEnd(body);
  for (auto [input, arg] : llvm::zip_equal(graph.input(), body->getArguments()))
    values[input.name()] = arg;

  for (const ::onnx::TensorProto &tensor : graph.initializer())
    if (failed(importInitializer(tensor)))
      return nullptr;
  for (int i = 0, e = graph.node_size(); i < e; ++i)
    if (failed(importNode(graph.node(i), i)))
      return nullptr;

  SmallVector<Value> results;
  SmallVector<Attribute> resultAttrs;
  for (const ::onnx::ValueInfoProto &output : graph.output()) {
    auto it = values.find(output.name());
    if (it == values.end()) {
      emitError(fileLoc) << "graph output '" << output.name()
                         << "' is not defined";
      return nullptr;
    }
    results.push_back(it->second);
    resultAttrs.push_back(builder.getDictionaryAttr(builder.getNamedAttr(
        "onnx.name", builder.getStringAttr(output.name()))));
  }
  func::ReturnOp::create(builder, fileLoc, results);
  func.setType(
      builder.getFunctionType(argTypes, ValueRange(results).getTypes()));
  func.setAllResultAttrs(resultAttrs);

  if (failed(verify(*module)))
    return nullptr;
  return module;
}

} // namespace

OwningOpRef<ModuleOp> mlir::modelc::importModel(MLIRContext *context,
                                                const LoadedModel &model,
                                                StringRef path) {
  context->loadDialect<modelc::onnx::ONNXDialect, func::FuncDialect>();
  return GraphImporter(context, path).import(model);
}

OwningOpRef<ModuleOp>
mlir::modelc::importModelFile(MLIRContext *context, StringRef path,
                              const CompilerOptions &options) {
  context->loadDialect<modelc::onnx::ONNXDialect, func::FuncDialect>();
  FailureOr<LoadedModel> model = loadModel(context, path, options);
  if (failed(model))
    return nullptr;
  return importModel(context, *model, path);
}

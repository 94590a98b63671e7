//===- ModelLoader.cpp - Read, validate and normalize ONNX models ---------===//
//
// Part of the modelc project, under the Apache License v2.0 with LLVM
// Exceptions. SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "compiler/Import/ModelLoader.h"

#include "compiler/Import/ExternalData.h"
#include "compiler/Import/GuardedSchemas.h"
#include "compiler/Import/NodeNames.h"
#include "compiler/Import/TensorConversion.h"

#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/Location.h"
#include "mlir/IR/OperationSupport.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

#include "onnx/checker.h"
#include "onnx/defs/parser.h"
#include "onnx/defs/schema.h"
#include "onnx/shape_inference/implementation.h"
#include "onnx/version_converter/convert.h"

#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/io/zero_copy_stream_impl_lite.h>
#include <google/protobuf/stubs/logging.h>

#include <climits>
#include <queue>

using namespace mlir;
using namespace mlir::modelc;

namespace {

/// Protobuf messages nest (graph -> node -> attribute -> graph ...); real
/// models stay far below this, crafted ones may not.
constexpr int kMaxProtobufNesting = 64;
/// Most errors of one kind listed before the rest are summarized.
constexpr int kMaxListedErrors = 20;

/// Squeezes a libonnx message (which may span lines) into one line.
std::string oneLine(StringRef message) {
  std::string result;
  bool space = false;
  for (char c : message) {
    if (c == '\n' || c == '\r' || c == '\t' || c == ' ') {
      space = !result.empty();
      continue;
    }
    if (space)
      result.push_back(' ');
    space = false;
    result.push_back(c);
  }
  constexpr size_t kMaxLength = 600;
  if (result.size() > kMaxLength)
    result = result.substr(0, kMaxLength) + "...";
  return result;
}

bool isDefaultDomain(StringRef domain) {
  return domain.empty() || domain == "ai.onnx";
}

//===----------------------------------------------------------------------===//
// Reading
//===----------------------------------------------------------------------===//

FailureOr<::onnx::ModelProto> readModelFile(StringRef path, Location loc) {
  if (!llvm::sys::fs::exists(path))
    return emitError(loc) << "cannot open the model: no such file";
  if (llvm::sys::fs::is_directory(path))
    return emitError(loc) << "is a directory, not an ONNX model file";
  llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> buffer =
      llvm::MemoryBuffer::getFile(path, /*IsText=*/false,
                                  /*RequiresNullTerminator=*/false);
  if (!buffer)
    return emitError(loc) << "cannot read the model: "
                          << buffer.getError().message();
  StringRef data = (*buffer)->getBuffer();
  if (data.empty())
    return emitError(loc) << "the file is empty; expected an ONNX model";

  ::onnx::ModelProto model;
  if (path.ends_with(".onnxtext") || path.ends_with(".onnxtxt")) {
    std::string text = data.str();
    try {
      ::onnx::OnnxParser parser(text.c_str());
      ::onnx::Common::Status status = parser.Parse(model);
      if (!status.IsOK())
        return emitError(loc) << "is not valid textual ONNX: "
                              << oneLine(status.ErrorMessage());
    } catch (const std::exception &e) {
      return emitError(loc)
             << "is not valid textual ONNX: " << oneLine(e.what());
    }
    return model;
  }

  if (data.size() > static_cast<size_t>(INT_MAX))
    return emitError(loc) << "is " << data.size()
                          << " bytes; an ONNX protobuf file cannot exceed 2 "
                             "GiB (keep large weights as external data)";
  google::protobuf::io::ArrayInputStream stream(data.data(),
                                                static_cast<int>(data.size()));
  google::protobuf::io::CodedInputStream coded(&stream);
  coded.SetRecursionLimit(kMaxProtobufNesting);
  coded.SetTotalBytesLimit(INT_MAX);
  if (!model.ParseFromCodedStream(&coded) || !coded.ConsumedEntireMessage())
    return emitError(loc) << "is not a valid ONNX model: the protobuf data is "
                             "malformed, truncated or nested too deeply";
  return model;
}

//===----------------------------------------------------------------------===//
// Graph structure
//===----------------------------------------------------------------------===//

/// Checks that names are defined once and every use is defined, then puts
/// the nodes in topological order (ONNX requires it, exporters usually
/// comply) or reports a cycle.
LogicalResult checkGraphStructure(::onnx::GraphProto &graph, Location loc) {
  llvm::StringSet<> initializers, inputs;
  for (const ::onnx::TensorProto &t : graph.initializer())
    if (!initializers.insert(t.name()).second)
      return emitError(loc)
             << "initializer '" << t.name() << "' is defined twice";
  for (const ::onnx::ValueInfoProto &v : graph.input())
    if (!inputs.insert(v.name()).second)
      return emitError(loc)
             << "graph input '" << v.name() << "' is declared twice";

  // Which node produces each tensor (-1: a graph input or initializer).
  llvm::StringMap<int> producer;
  for (const auto &name : initializers)
    producer[name.getKey()] = -1;
  for (const auto &name : inputs)
    producer[name.getKey()] = -1;
  int numNodes = graph.node_size();
  for (int i = 0; i < numNodes; ++i) {
    const ::onnx::NodeProto &node = graph.node(i);
    for (const std::string &output : node.output()) {
      if (output.empty())
        continue;
      auto [it, inserted] = producer.try_emplace(output, i);
      if (inserted)
        continue;
      if (it->second < 0)
        return emitError(loc) << describeNode(node, i) << " writes '" << output
                              << "', which is already a graph input or "
                                 "initializer";
      return emitError(loc) << "tensor '" << output << "' is produced by both "
                            << describeNode(graph.node(it->second), it->second)
                            << " and " << describeNode(node, i);
    }
  }

  int undefined = 0;
  SmallVector<SmallVector<int>> users(numNodes);
  SmallVector<int> pending(numNodes, 0);
  for (int i = 0; i < numNodes; ++i) {
    const ::onnx::NodeProto &node = graph.node(i);
    if (node.op_type().empty())
      return emitError(loc) << describeNode(node, i) << " has no op_type";
    llvm::SmallDenseSet<int> deps;
    for (const std::string &input : node.input()) {
      if (input.empty())
        continue; // An absent optional input.
      auto it = producer.find(input);
      if (it == producer.end()) {
        if (++undefined <= kMaxListedErrors)
          emitError(loc) << describeNode(node, i) << " reads '" << input
                         << "', which no node, initializer or graph input "
                            "defines";
        continue;
      }
      if (it->second >= 0 && deps.insert(it->second).second) {
        users[it->second].push_back(i);
        ++pending[i];
      }
    }
  }
  for (const ::onnx::ValueInfoProto &output : graph.output()) {
    if (!producer.count(output.name()) && ++undefined <= kMaxListedErrors)
      emitError(loc) << "graph output '" << output.name()
                     << "' is not produced by any node, initializer or graph "
                        "input";
  }
  if (undefined > kMaxListedErrors)
    emitError(loc) << "... and " << undefined - kMaxListedErrors
                   << " more undefined tensors";
  if (undefined)
    return failure();

  // Kahn's algorithm, preferring the file's order among ready nodes.
  std::priority_queue<int, std::vector<int>, std::greater<int>> ready;
  for (int i = 0; i < numNodes; ++i)
    if (pending[i] == 0)
      ready.push(i);
  SmallVector<int> order;
  while (!ready.empty()) {
    int i = ready.top();
    ready.pop();
    order.push_back(i);
    for (int user : users[i])
      if (--pending[user] == 0)
        ready.push(user);
  }
  if (static_cast<int>(order.size()) != numNodes) {
    // Walk backwards from a node left over along its unfinished producers
    // until a node repeats: that is a cycle.
    int start = 0;
    while (pending[start] == 0)
      ++start;
    llvm::DenseMap<int, int> seenAt;
    SmallVector<int> path;
    int current = start;
    while (!seenAt.count(current)) {
      seenAt[current] = path.size();
      path.push_back(current);
      for (const std::string &input : graph.node(current).input()) {
        auto it = producer.find(input);
        if (it != producer.end() && it->second >= 0 &&
            pending[it->second] > 0) {
          current = it->second;
          break;
        }
      }
    }
    // path[k + 1] produces an input of path[k], so data flows from
    // `current` through path.back() ... down to path[seenAt[current]],
    // which is `current` again.
    InFlightDiagnostic diag = emitError(loc)
                              << "the graph has a cycle: "
                              << describeNode(graph.node(current), current);
    for (size_t k = path.size(); k-- > static_cast<size_t>(seenAt[current]);)
      diag << " -> " << describeNode(graph.node(path[k]), path[k]);
    return failure();
  }
  bool sorted = llvm::is_sorted(order);
  if (!sorted) {
    google::protobuf::RepeatedPtrField<::onnx::NodeProto> nodes;
    for (int i : order)
      *nodes.Add() = std::move(*graph.mutable_node(i));
    graph.mutable_node()->Swap(&nodes);
  }
  return success();
}

//===----------------------------------------------------------------------===//
// Operator support
//===----------------------------------------------------------------------===//

/// ONNX outputs that the onnx dialect leaves out: training statistics and
/// pooling indices. Maps op type to how many outputs modelc supports.
std::optional<int> getSupportedOutputCount(StringRef opType) {
  if (opType == "BatchNormalization" || opType == "MaxPool")
    return 1;
  return std::nullopt;
}

/// Reports every node whose operator modelc does not compile, in one go.
LogicalResult checkOperatorsSupported(const ::onnx::ModelProto &model,
                                      MLIRContext *context, Location loc,
                                      bool allowUpgradable) {
  llvm::StringMap<int64_t> opsets;
  for (const ::onnx::OperatorSetIdProto &opset : model.opset_import())
    opsets[isDefaultDomain(opset.domain()) ? "" : opset.domain()] =
        opset.version();
  int unsupported = 0;
  const ::onnx::GraphProto &graph = model.graph();
  for (int i = 0, e = graph.node_size(); i < e; ++i) {
    const ::onnx::NodeProto &node = graph.node(i);
    StringRef domain = node.domain();
    bool supported = false;
    if (isDefaultDomain(domain)) {
      supported =
          RegisteredOperationName::lookup("onnx." + node.op_type(), context)
              .has_value();
      // Deprecated operators the version converter turns into supported
      // ones.
      if (allowUpgradable && node.op_type() == "Upsample")
        supported = true;
    }
    if (supported) {
      if (std::optional<int> count = getSupportedOutputCount(node.op_type())) {
        for (int k = *count; k < node.output_size(); ++k) {
          if (node.output(k).empty())
            continue;
          emitError(loc) << "unsupported output #" << k << " ('"
                         << node.output(k) << "') of " << describeNode(node, i)
                         << "; modelc supports only its first " << *count
                         << " output(s) (the inference result)";
          ++unsupported;
          break;
        }
      }
      continue;
    }
    ++unsupported;
    auto opset = opsets.find(isDefaultDomain(domain) ? "" : domain);
    InFlightDiagnostic diag =
        emitError(loc) << "unsupported ONNX operator '" << node.op_type()
                       << "' (domain '"
                       << (domain.empty() ? StringRef("ai.onnx") : domain)
                       << "', opset ";
    if (opset != opsets.end())
      diag << opset->second;
    else
      diag << "not imported";
    diag << ") at " << describeNode(node, i);
  }
  if (unsupported) {
    emitError(loc) << unsupported
                   << " unsupported operator(s) in the model; nothing was "
                      "compiled (see the README for the supported list)";
    return failure();
  }
  return success();
}

//===----------------------------------------------------------------------===//
// Tensors and inputs
//===----------------------------------------------------------------------===//

LogicalResult checkTensors(::onnx::ModelProto &model, MLIRContext *context,
                           StringRef path, Location loc) {
  ::onnx::GraphProto &graph = *model.mutable_graph();
  if (graph.sparse_initializer_size() > 0)
    return emitError(loc) << "sparse initializer '"
                          << graph.sparse_initializer(0).values().name()
                          << "' is not supported";
  if (failed(loadExternalData(model, path, loc)))
    return failure();
  bool ok = true;
  for (const ::onnx::TensorProto &tensor : graph.initializer())
    ok &= succeeded(checkTensor(tensor, context, loc,
                                "initializer '" + tensor.name() + "'"));
  for (int i = 0, e = graph.node_size(); i < e; ++i) {
    const ::onnx::NodeProto &node = graph.node(i);
    for (const ::onnx::AttributeProto &attr : node.attribute())
      if (attr.has_t())
        ok &= succeeded(checkTensor(attr.t(), context, loc,
                                    "attribute '" + attr.name() + "' of " +
                                        describeNode(node, i)));
  }
  return success(ok);
}

/// Applies --input-shape and --batch to the graph inputs and rejects any
/// dynamic dimension left, naming the input and the dimension.
LogicalResult fixInputShapes(::onnx::GraphProto &graph,
                             const CompilerOptions &options,
                             MLIRContext *context, Location loc) {
  llvm::StringSet<> initializers;
  for (const ::onnx::TensorProto &t : graph.initializer())
    initializers.insert(t.name());
  llvm::StringMap<const InputShapeSpec *> specs;
  for (const InputShapeSpec &spec : options.inputShapes)
    specs[spec.name] = &spec;

  std::string inputList;
  for (const ::onnx::ValueInfoProto &input : graph.input())
    if (!initializers.contains(input.name()))
      inputList += (inputList.empty() ? "'" : ", '") + input.name() + "'";
  bool ok = true;
  for (const InputShapeSpec &spec : options.inputShapes) {
    bool found = false;
    for (const ::onnx::ValueInfoProto &input : graph.input())
      found |=
          input.name() == spec.name && !initializers.contains(input.name());
    if (!found) {
      emitError(loc) << "--input-shape names '" << spec.name
                     << "', which is not a model input (inputs: "
                     << (inputList.empty() ? "none" : inputList) << ")";
      ok = false;
    }
  }

  for (::onnx::ValueInfoProto &input : *graph.mutable_input()) {
    if (initializers.contains(input.name()))
      continue;
    std::string what = "input '" + input.name() + "'";
    if (!input.type().has_tensor_type()) {
      emitError(loc) << what
                     << " is not a tensor (sequences, maps and optionals are "
                        "not supported)";
      ok = false;
      continue;
    }
    ::onnx::TypeProto::Tensor &tensor =
        *input.mutable_type()->mutable_tensor_type();
    if (failed(convertElementType(context, loc, what, tensor.elem_type()))) {
      ok = false;
      continue;
    }
    auto specIt = specs.find(input.name());
    const InputShapeSpec *spec =
        specIt == specs.end() ? nullptr : specIt->second;
    if (!tensor.has_shape() && !spec) {
      emitError(loc) << what << " has no shape; give it with --input-shape "
                     << input.name() << "=D0,D1,...";
      ok = false;
      continue;
    }
    ::onnx::TensorShapeProto &shape = *tensor.mutable_shape();
    if (spec) {
      if (tensor.has_shape() &&
          shape.dim_size() != static_cast<int>(spec->dims.size())) {
        emitError(loc) << "--input-shape gives " << what << " rank "
                       << spec->dims.size() << ", but the model says rank "
                       << shape.dim_size();
        ok = false;
        continue;
      }
      for (int d = 0; d < shape.dim_size(); ++d) {
        const ::onnx::TensorShapeProto::Dimension &dim = shape.dim(d);
        if (dim.has_dim_value() && dim.dim_value() != spec->dims[d]) {
          emitError(loc) << "--input-shape gives " << what << " dimension " << d
                         << " size " << spec->dims[d]
                         << ", but the model fixes it to " << dim.dim_value();
          ok = false;
        }
      }
      shape.clear_dim();
      for (int64_t d : spec->dims)
        shape.add_dim()->set_dim_value(d);
      continue;
    }
    for (int d = 0; d < shape.dim_size(); ++d) {
      ::onnx::TensorShapeProto::Dimension &dim = *shape.mutable_dim(d);
      if (dim.has_dim_value()) {
        if (dim.dim_value() < 0) {
          emitError(loc) << what << " has a negative dimension "
                         << dim.dim_value() << " at " << d;
          ok = false;
        }
        continue;
      }
      if (d == 0 && options.batch) {
        dim.set_dim_value(*options.batch);
        continue;
      }
      InFlightDiagnostic diag = emitError(loc) << what << " dimension " << d;
      if (dim.has_dim_param() && !dim.dim_param().empty())
        diag << " ('" << dim.dim_param() << "')";
      diag << " is dynamic; fix it with --input-shape " << input.name()
           << "=D0,D1,..." << (d == 0 ? " or --batch N" : "");
      ok = false;
    }
  }
  return success(ok);
}

//===----------------------------------------------------------------------===//
// libonnx: checker, version converter, shape inference
//===----------------------------------------------------------------------===//

/// While alive, names each unnamed node of the model (subgraphs included)
/// "#<index>", as describeNode does, so that libonnx's checker and shape
/// inference errors name the node.
class TemporaryNodeNames {
public:
  explicit TemporaryNodeNames(::onnx::GraphProto &graph) { name(graph); }
  ~TemporaryNodeNames() {
    for (::onnx::NodeProto *node : named)
      node->clear_name();
  }

private:
  void name(::onnx::GraphProto &graph) {
    for (int i = 0; i < graph.node_size(); ++i) {
      ::onnx::NodeProto &node = *graph.mutable_node(i);
      if (node.name().empty()) {
        node.set_name("#" + std::to_string(i));
        named.push_back(&node);
      }
      for (::onnx::AttributeProto &attr : *node.mutable_attribute()) {
        if (attr.has_g())
          name(*attr.mutable_g());
        for (::onnx::GraphProto &g : *attr.mutable_graphs())
          name(g);
      }
    }
  }

  std::vector<::onnx::NodeProto *> named;
};

LogicalResult runChecker(::onnx::ModelProto &model, Location loc) {
  TemporaryNodeNames names(*model.mutable_graph());
  try {
    ::onnx::checker::check_model(model);
  } catch (const std::exception &e) {
    return emitError(loc) << "the ONNX checker rejects the model: "
                          << oneLine(e.what());
  }
  return success();
}

/// Resize before opset 11 (and the Upsample it replaced) had one coordinate
/// mapping, x_in = x_out / scale, with nearest rounding down. libonnx 1.12's
/// Resize 10->11 adapter leaves the opset-11 defaults (half_pixel,
/// round_prefer_floor) instead, which changes results (ONNX fixed the
/// adapter later). In a model older than opset 11 every Resize is such a
/// legacy one, so the attributes are set here.
void restoreLegacyResizeSemantics(::onnx::GraphProto &graph) {
  for (::onnx::NodeProto &node : *graph.mutable_node()) {
    if (node.op_type() != "Resize" || !isDefaultDomain(node.domain()))
      continue;
    bool hasCoordinateMode = false, hasNearestMode = false;
    std::string mode = "nearest";
    for (const ::onnx::AttributeProto &attr : node.attribute()) {
      hasCoordinateMode |= attr.name() == "coordinate_transformation_mode";
      hasNearestMode |= attr.name() == "nearest_mode";
      if (attr.name() == "mode")
        mode = attr.s();
    }
    auto addString = [&](StringRef name, StringRef value) {
      ::onnx::AttributeProto *attr = node.add_attribute();
      attr->set_name(name.str());
      attr->set_type(::onnx::AttributeProto::STRING);
      attr->set_s(value.str());
    };
    if (!hasCoordinateMode)
      addString("coordinate_transformation_mode", "asymmetric");
    if (!hasNearestMode && mode == "nearest")
      addString("nearest_mode", "floor");
  }
}

LogicalResult upgradeOpset(::onnx::ModelProto &model, int64_t sourceOpset,
                           Location loc) {
  if (sourceOpset != kTargetOpset) {
    // The converter's adapters (broadcasting, Softmax axes) need shapes.
    try {
      ::onnx::shape_inference::InferShapes(model, getGuardedSchemaRegistry());
    } catch (const std::exception &e) {
      return emitError(loc) << "ONNX shape inference fails at opset "
                            << sourceOpset << ": " << oneLine(e.what());
    }
    try {
      model = ::onnx::version_conversion::ConvertVersion(
          model, static_cast<int>(kTargetOpset));
    } catch (const std::exception &e) {
      return emitError(loc)
             << "cannot upgrade the model from opset " << sourceOpset << " to "
             << kTargetOpset
             << " (libonnx version converter): " << oneLine(e.what());
    }
  }
  if (sourceOpset < 11)
    restoreLegacyResizeSemantics(*model.mutable_graph());
  // Opset 17 needs IR version 8; old IR versions also listed initializers
  // as graph inputs, which modelc treats as constants.
  if (model.ir_version() < 8)
    model.set_ir_version(8);
  llvm::StringSet<> initializers;
  for (const ::onnx::TensorProto &t : model.graph().initializer())
    initializers.insert(t.name());
  auto *inputs = model.mutable_graph()->mutable_input();
  for (int i = inputs->size() - 1; i >= 0; --i)
    if (initializers.contains(inputs->Get(i).name()))
      inputs->DeleteSubrange(i, 1);
  return success();
}

LogicalResult inferShapes(::onnx::ModelProto &model, Location loc) {
  TemporaryNodeNames names(*model.mutable_graph());
  try {
    ::onnx::ShapeInferenceOptions options(/*check_type_val=*/true,
                                          /*strict_mode_val=*/1,
                                          /*data_prop_val=*/true);
    ::onnx::shape_inference::InferShapes(model, getGuardedSchemaRegistry(),
                                         options);
  } catch (const std::exception &e) {
    return emitError(loc) << "ONNX shape inference fails: "
                          << oneLine(e.what());
  }
  return success();
}

} // namespace

FailureOr<LoadedModel> mlir::modelc::loadModel(MLIRContext *context,
                                               StringRef path,
                                               const CompilerOptions &options) {
  // Protobuf would otherwise print its own multi-line complaints.
  google::protobuf::SetLogHandler(nullptr);
  Location loc = FileLineColLoc::get(context, path, 0, 0);

  FailureOr<::onnx::ModelProto> proto = readModelFile(path, loc);
  if (failed(proto))
    return failure();
  LoadedModel result;
  ::onnx::ModelProto &model = result.proto;
  model = std::move(*proto);

  if (!model.has_graph())
    return emitError(loc) << "the model has no graph";
  std::optional<int64_t> opset;
  for (const ::onnx::OperatorSetIdProto &o : model.opset_import())
    if (isDefaultDomain(o.domain()))
      opset = o.version();
  // A model with no default-domain opset can only use other domains; its
  // nodes are listed as unsupported below.
  if (!opset)
    opset = kTargetOpset;
  if (*opset > kTargetOpset || *opset < 1)
    return emitError(loc) << "unsupported opset " << *opset
                          << " of the default ONNX domain; modelc supports "
                             "opsets "
                          << kOldestTestedOpset << " to " << kTargetOpset;
  result.sourceOpset = *opset;

  if (failed(checkGraphStructure(*model.mutable_graph(), loc)) ||
      failed(checkOperatorsSupported(model, context, loc,
                                     /*allowUpgradable=*/true)) ||
      failed(checkTensors(model, context, path, loc)) ||
      failed(fixInputShapes(*model.mutable_graph(), options, context, loc)) ||
      failed(runChecker(model, loc)) ||
      failed(upgradeOpset(model, *opset, loc)) ||
      failed(checkOperatorsSupported(model, context, loc,
                                     /*allowUpgradable=*/false)) ||
      failed(inferShapes(model, loc)))
    return failure();
  return result;
}

//===- ExecutionPlan.cpp - Steps, buffers and weights of a model ----------===//
//
// Part of the modelc project, under the Apache License v2.0 with LLVM
// Exceptions. SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "compiler/Plan/ExecutionPlan.h"

#include "compiler/Plan/ArenaAllocator.h"
#include "dialects/Modelc/IR/ModelcDialect.h"
#include "dialects/ONNX/IR/ONNXOps.h"
#include "dialects/ONNX/IR/ONNXTypes.h"
#include "passes/GPU/Passes.h"
#include "passes/Kernels/Passes.h"
#include "passes/Kernels/TuningCache.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/SymbolTable.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/MathExtras.h"

using namespace mlir;
using namespace mlir::modelc;

namespace {

uint64_t getByteSize(RankedTensorType type) {
  unsigned bits = type.getElementTypeBitWidth();
  return type.getNumElements() * std::max<uint64_t>(bits / 8, 1);
}

PlanTensor describe(StringRef name, RankedTensorType type) {
  PlanTensor t;
  t.name = name.str();
  t.dtype = onnx::getDataType(type.getElementType()).value_or(0);
  t.dims.assign(type.getShape().begin(), type.getShape().end());
  t.bytes = getByteSize(type);
  return t;
}

/// Reads a kernel's `modelc.launches` (CUDA targets) into `info`.
LogicalResult readLaunches(Operation *kernel, PlanKernel &info) {
  auto list = kernel->getAttrOfType<ArrayAttr>(kLaunchesAttrName);
  if (!list)
    return success();
  auto invalid = [&]() {
    return kernel->emitOpError("has an invalid '")
           << kLaunchesAttrName
           << "' attribute: expected {name, grid, block[, flops, strategy]} "
              "dictionaries with three positive 32-bit sizes each";
  };
  for (Attribute entry : list) {
    auto dict = dyn_cast<DictionaryAttr>(entry);
    if (!dict)
      return invalid();
    auto name = dict.getAs<StringAttr>("name");
    auto grid = dict.getAs<DenseI64ArrayAttr>("grid");
    auto block = dict.getAs<DenseI64ArrayAttr>("block");
    if (!name || !grid || !block || grid.size() != 3 || block.size() != 3)
      return invalid();
    PlanLaunch launch;
    launch.name = name.str();
    if (Attribute flops = dict.get("flops")) {
      auto value = dyn_cast<IntegerAttr>(flops);
      if (!value || value.getValue().isNegative())
        return invalid();
      launch.flops = value.getValue().getZExtValue();
    }
    if (Attribute strategy = dict.get("strategy")) {
      auto text = dyn_cast<StringAttr>(strategy);
      if (!text)
        return invalid();
      launch.strategy = text.str();
    }
    for (int i = 0; i < 3; ++i) {
      if (grid[i] < 1 || grid[i] > UINT32_MAX || block[i] < 1 ||
          block[i] > 1024)
        return invalid();
      launch.grid[i] = grid[i];
      launch.block[i] = block[i];
    }
    info.launches.push_back(std::move(launch));
  }
  return success();
}

static_assert(kMaxLibraryGemmAlgorithm == MODELC_GEMM_MAX_ALGORITHM,
              "a tuning cache's algorithms must fit the artifact's");

/// Reads a kernel's `modelc.library_gemm` into `info` (with its operand
/// types from `launch`), checking it against them.
LogicalResult readLibraryGemm(Operation *kernel, LaunchOp launch,
                              PlanKernel &info) {
  auto dict = kernel->getAttrOfType<DictionaryAttr>(kLibraryGemmAttrName);
  if (!dict)
    return success();
  auto invalid = [&](StringRef what) {
    return kernel->emitOpError("has an invalid '")
           << kLibraryGemmAttrName << "' attribute: " << what;
  };
  auto integer = [&](StringRef name, int64_t &out) -> bool {
    auto value = dict.getAs<IntegerAttr>(name);
    if (!value)
      return false;
    out = value.getInt();
    return true;
  };
  auto flag = [&](StringRef name, uint32_t &out) -> bool {
    auto value = dict.getAs<BoolAttr>(name);
    if (!value)
      return false;
    out = value.getValue();
    return true;
  };
  auto real = [&](StringRef name, float &out) -> bool {
    auto value = dict.getAs<FloatAttr>(name);
    if (!value)
      return false;
    out = value.getValueAsDouble();
    return true;
  };
  if (!info.launches.empty())
    return invalid("the kernel also has launches");
  modelc_artifact_gemm_t g{};
  g.library = MODELC_GEMM_LIBRARY_CUBLASLT;
  int64_t m, n, k, batch, strideA, strideB, strideD, a, b, bias, c, d,
      workspace;
  auto library = dict.getAs<StringAttr>("library");
  auto compute = dict.getAs<StringAttr>("compute");
  if (!library || library.getValue() != "cublaslt")
    return invalid("library must be \"cublaslt\"");
  if (!compute || (compute.getValue() != "f32" && compute.getValue() != "tf32"))
    return invalid("compute must be \"f32\" or \"tf32\"");
  g.compute = compute.getValue() == "tf32" ? MODELC_GEMM_COMPUTE_TF32
                                           : MODELC_GEMM_COMPUTE_F32;
  if (!integer("m", m) || !integer("n", n) || !integer("k", k) ||
      !integer("batch", batch) || !integer("stride_a", strideA) ||
      !integer("stride_b", strideB) || !integer("stride_d", strideD) ||
      !integer("a", a) || !integer("b", b) || !integer("bias", bias) ||
      !integer("c", c) || !integer("d", d) ||
      !integer("workspace_bytes", workspace) || !flag("trans_a", g.trans_a) ||
      !flag("trans_b", g.trans_b) || !flag("relu", g.relu) ||
      !real("alpha", g.alpha) || !real("beta", g.beta))
    return invalid("expected integers m, n, k, batch, stride_a, stride_b, "
                   "stride_d, a, b, bias, c, d, workspace_bytes, booleans "
                   "trans_a, trans_b, relu and floats alpha, beta");
  if (m < 1 || n < 1 || k < 1 || batch < 1 || strideA < 0 || strideB < 0 ||
      strideD < 0 || workspace < 0)
    return invalid("sizes must be positive, strides not negative");
  int64_t numArgs = launch.getInputs().size() + launch.getNumResults();
  auto typeOf = [&](int64_t arg) -> RankedTensorType {
    if (arg < 0 || arg >= numArgs)
      return nullptr;
    Value v = arg < int64_t(launch.getInputs().size())
                  ? launch.getInputs()[arg]
                  : launch.getResult(arg - launch.getInputs().size());
    return cast<RankedTensorType>(v.getType());
  };
  RankedTensorType aType = typeOf(a), bType = typeOf(b), dType = typeOf(d);
  if (!aType || !bType || !dType || (bias >= 0 && !typeOf(bias)) ||
      (c >= 0 && !typeOf(c)) || bias < -1 || c < -1)
    return invalid("an operand number is out of range");
  if (aType.getElementType() != bType.getElementType() ||
      (bias >= 0 && typeOf(bias).getElementType() != dType.getElementType()) ||
      (c >= 0 && typeOf(c).getElementType() != dType.getElementType()))
    return invalid("A and B, and D, C and the bias, must have one type each");
  g.ab_dtype = onnx::getDataType(aType.getElementType()).value_or(0);
  g.d_dtype = onnx::getDataType(dType.getElementType()).value_or(0);
  g.m = m;
  g.n = n;
  g.k = k;
  g.batch = batch;
  g.stride_a = strideA;
  g.stride_b = strideB;
  g.stride_d = strideD;
  g.arg_a = a;
  g.arg_b = b;
  g.arg_bias = bias;
  g.arg_c = c;
  g.arg_d = d;
  g.workspace_bytes = workspace;
  if (Attribute algorithm = dict.get("algorithm")) {
    auto value = dyn_cast<IntegerAttr>(algorithm);
    if (!value || value.getInt() < 0 ||
        value.getInt() > MODELC_GEMM_MAX_ALGORITHM)
      return invalid("algorithm must be an integer from 0 to " +
                     std::to_string(MODELC_GEMM_MAX_ALGORITHM));
    g.algorithm = value.getInt();
    info.tunedGemm = true;
  }
  info.gemm = g;
  info.scratchBytes = workspace;
  return success();
}

/// Appends the bytes of `value` (a dense constant) to `blob`, in the layout
/// kernels read: little-endian elements, one byte per bool.
void appendWeights(DenseElementsAttr value, std::vector<char> &blob) {
  auto type = cast<RankedTensorType>(value.getType());
  int64_t count = type.getNumElements();
  if (type.getElementType().isInteger(1)) {
    for (bool b : value.getValues<bool>())
      blob.push_back(b ? 1 : 0);
    return;
  }
  ArrayRef<char> raw = value.getRawData();
  if (!value.isSplat()) {
    blob.insert(blob.end(), raw.begin(), raw.end());
    return;
  }
  for (int64_t i = 0; i < count; ++i)
    blob.insert(blob.end(), raw.begin(), raw.end());
}

/// Where a value of the model function lives before arena offsets are
/// known: a root buffer (model input, weight range, or kernel result) that
/// views share.
struct Storage {
  modelc_artifact_buffer_t buffer{};
  int arenaBuffer = -1; // index into the arena lifetimes, when in the arena
};

class PlanBuilder {
public:
  PlanBuilder(ModuleOp module, uint64_t alignment)
      : module(module), alignment(alignment) {
    plan.alignment = alignment;
  }

  FailureOr<ExecutionPlan> build();

private:
  FailureOr<func::FuncOp> findModelFunction();
  LogicalResult assignStorage(func::FuncOp model);
  modelc_artifact_buffer_t resolve(Value value);
  void useAt(Value value, unsigned step);

  ModuleOp module;
  uint64_t alignment;
  ExecutionPlan plan;
  DenseMap<Value, Value> viewRoot; // view -> the value it views
  DenseMap<Value, Storage> storage;
  SmallVector<BufferLifetime> arena;
  DenseMap<Attribute, uint64_t> weightOffsets;
};

FailureOr<func::FuncOp> PlanBuilder::findModelFunction() {
  func::FuncOp model;
  for (auto func : module.getOps<func::FuncOp>()) {
    if (model)
      return module.emitError("expects one model function, found @")
             << model.getSymName() << " and @" << func.getSymName();
    model = func;
  }
  if (!model)
    return module.emitError("has no model function");
  return model;
}

Value rootOf(const DenseMap<Value, Value> &viewRoot, Value value) {
  while (true) {
    auto it = viewRoot.find(value);
    if (it == viewRoot.end())
      return value;
    value = it->second;
  }
}

modelc_artifact_buffer_t PlanBuilder::resolve(Value value) {
  Value root = rootOf(viewRoot, value);
  modelc_artifact_buffer_t buffer = storage.lookup(root).buffer;
  buffer.bytes = getByteSize(cast<RankedTensorType>(value.getType()));
  return buffer;
}

void PlanBuilder::useAt(Value value, unsigned step) {
  Storage &s = storage[rootOf(viewRoot, value)];
  if (s.arenaBuffer >= 0)
    arena[s.arenaBuffer].lastStep =
        std::max(arena[s.arenaBuffer].lastStep, step);
}

LogicalResult PlanBuilder::assignStorage(func::FuncOp model) {
  // Inputs.
  for (BlockArgument arg : model.getArguments()) {
    auto type = dyn_cast<RankedTensorType>(arg.getType());
    if (!type || !type.hasStaticShape())
      return model.emitError("model input #")
             << arg.getArgNumber() << " is not a static tensor";
    auto name =
        model.getArgAttrOfType<StringAttr>(arg.getArgNumber(), "onnx.name");
    plan.inputs.push_back(
        describe(name ? name.getValue()
                      : StringRef("input" + std::to_string(arg.getArgNumber())),
                 type));
    Storage s;
    s.buffer = {MODELC_BUFFER_INPUT, arg.getArgNumber(), 0, getByteSize(type)};
    storage[arg] = s;
  }
  // Outputs: a kernel result returned by the model is computed in the
  // caller's output buffer (the first output it is returned as).
  auto ret = cast<func::ReturnOp>(model.getBody().front().getTerminator());
  DenseMap<Value, unsigned> outputOf;
  for (auto [i, value] : llvm::enumerate(ret.getOperands())) {
    auto type = cast<RankedTensorType>(value.getType());
    StringAttr name = model.getResultAttrOfType<StringAttr>(i, "onnx.name");
    plan.outputs.push_back(describe(
        name ? name.getValue() : StringRef("output" + std::to_string(i)),
        type));
  }
  // Walk the body: weights, views, kernel results.
  SymbolTableCollection symbols;
  unsigned step = 0;
  for (Operation &op : model.getBody().front()) {
    if (auto constant = dyn_cast<onnx::ConstantOp>(op)) {
      if (constant->use_empty())
        continue;
      auto value = dyn_cast<DenseElementsAttr>(constant.getValue());
      if (!value)
        return constant.emitOpError("is not a dense constant");
      auto [it, inserted] = weightOffsets.try_emplace(value, 0);
      if (inserted) {
        plan.weights.resize(llvm::alignTo(plan.weights.size(), alignment), 0);
        it->second = plan.weights.size();
        appendWeights(value, plan.weights);
        ++plan.numWeightTensors;
      }
      Storage s;
      s.buffer = {MODELC_BUFFER_WEIGHTS, 0, it->second,
                  getByteSize(cast<RankedTensorType>(constant.getType()))};
      storage[constant.getResult()] = s;
      continue;
    }
    if (isa<onnx::ReshapeOp, onnx::FlattenOp, onnx::SqueezeOp,
            onnx::UnsqueezeOp, onnx::IdentityOp>(op)) {
      viewRoot[op.getResult(0)] = op.getOperand(0);
      continue;
    }
    if (isa<func::ReturnOp>(op))
      continue;
    auto launch = dyn_cast<LaunchOp>(op);
    if (!launch)
      return op.emitOpError("cannot be executed: only kernel launches, "
                            "constants and views are left after code "
                            "generation");
    Operation *kernel =
        symbols.lookupNearestSymbolFrom(launch, launch.getKernel());
    if (!kernel)
      return launch.emitOpError("refers to a missing kernel");
    PlanKernel info;
    info.name = launch.getKernel().getLeafReference().str();
    // One NameLoc per ONNX node; a fused kernel's location fuses them.
    auto addNode = [&](Location loc) {
      if (auto name = dyn_cast<NameLoc>(loc))
        info.onnxNodes +=
            (info.onnxNodes.empty() ? "" : ";") + name.getName().str();
    };
    if (auto fused = dyn_cast<FusedLoc>(launch.getLoc()))
      llvm::for_each(fused.getLocations(), addNode);
    else
      addNode(launch.getLoc());
    if (auto scratch =
            kernel->getAttrOfType<IntegerAttr>(kScratchBytesAttrName))
      info.scratchBytes = scratch.getInt();
    if (failed(readLaunches(kernel, info)) ||
        failed(readLibraryGemm(kernel, launch, info)))
      return failure();
    info.numArgs = launch.getInputs().size() + launch.getNumResults() +
                   (info.scratchBytes ? 1 : 0);
    plan.kernels.push_back(info);

    PlanStep planStep;
    planStep.kernel = plan.kernels.size() - 1;
    for (Value input : launch.getInputs())
      useAt(input, step);
    for (Value result : launch.getResults()) {
      Storage s;
      auto type = cast<RankedTensorType>(result.getType());
      s.buffer.bytes = getByteSize(type);
      s.arenaBuffer = arena.size();
      s.buffer.kind = MODELC_BUFFER_ARENA;
      arena.push_back({s.buffer.bytes, step, step});
      storage[result] = s;
    }
    if (info.scratchBytes)
      arena.push_back({info.scratchBytes, step, step});
    plan.steps.push_back(planStep);
    ++step;
  }
  // Outputs computed by kernels move out of the arena into the caller's
  // buffer; everything else returned is copied at the end.
  for (auto [i, value] : llvm::enumerate(ret.getOperands())) {
    Value root = rootOf(viewRoot, value);
    Storage &s = storage[root];
    if (s.arenaBuffer >= 0 && !outputOf.count(root)) {
      outputOf[root] = i;
      arena[s.arenaBuffer].bytes = 0; // no longer in the arena
      s.buffer = {MODELC_BUFFER_OUTPUT, static_cast<uint32_t>(i), 0,
                  s.buffer.bytes};
      s.arenaBuffer = -1;
    }
  }
  return success();
}

FailureOr<ExecutionPlan> PlanBuilder::build() {
  FailureOr<func::FuncOp> model = findModelFunction();
  if (failed(model))
    return failure();
  plan.modelName = model->getSymName().str();
  if (failed(assignStorage(*model)))
    return failure();
  // Copies for outputs not computed in place, after every kernel.
  auto ret = cast<func::ReturnOp>(model->getBody().front().getTerminator());
  unsigned copyStep = plan.steps.size();
  SmallVector<std::pair<unsigned, Value>> copies;
  for (auto [i, value] : llvm::enumerate(ret.getOperands())) {
    Value root = rootOf(viewRoot, value);
    const Storage &s = storage[root];
    if (s.buffer.kind == MODELC_BUFFER_OUTPUT && s.buffer.index == i)
      continue;
    useAt(value, copyStep);
    copies.push_back({static_cast<unsigned>(i), value});
  }
  // Arena offsets: kernel results and scratch buffers by liveness.
  ArenaLayout layout = allocateArena(arena, alignment);
  plan.arenaBytes = layout.bytes;
  plan.peakLiveBytes = layout.peakLiveBytes;
  for (const BufferLifetime &b : arena)
    plan.arenaBytesWithoutReuse += llvm::alignTo(b.bytes, alignment);
  for (auto &[value, s] : storage)
    if (s.arenaBuffer >= 0)
      s.buffer.offset = layout.offsets[s.arenaBuffer];
  // Step arguments: inputs, outputs, then the scratch range.
  unsigned arenaIndex = 0;
  unsigned index = 0;
  for (Operation &op : model->getBody().front()) {
    auto launch = dyn_cast<LaunchOp>(op);
    if (!launch)
      continue;
    PlanStep &planStep = plan.steps[index];
    for (Value input : launch.getInputs())
      planStep.args.push_back(resolve(input));
    for (Value result : launch.getResults()) {
      planStep.args.push_back(resolve(result));
      ++arenaIndex;
    }
    const PlanKernel &kernel = plan.kernels[planStep.kernel];
    if (kernel.scratchBytes) {
      planStep.args.push_back({MODELC_BUFFER_ARENA, 0,
                               layout.offsets[arenaIndex],
                               kernel.scratchBytes});
      ++arenaIndex;
    }
    ++index;
  }
  for (auto [output, value] : copies) {
    PlanStep copy;
    copy.kind = MODELC_STEP_COPY;
    modelc_artifact_buffer_t destination = {MODELC_BUFFER_OUTPUT, output, 0,
                                            plan.outputs[output].bytes};
    copy.args = {destination, resolve(value)};
    plan.steps.push_back(copy);
  }
  return std::move(plan);
}

StringRef bufferKindName(uint32_t kind) {
  switch (kind) {
  case MODELC_BUFFER_INPUT:
    return "input";
  case MODELC_BUFFER_OUTPUT:
    return "output";
  case MODELC_BUFFER_ARENA:
    return "arena";
  case MODELC_BUFFER_WEIGHTS:
    return "weights";
  default:
    return "?";
  }
}

void printTensor(const PlanTensor &t, llvm::raw_ostream &os) {
  os << "'" << t.name << "' " << onnx::getDataTypeName(t.dtype) << "[";
  llvm::interleave(t.dims, os, "x");
  os << "] (" << t.bytes << " bytes)";
}

} // namespace

uint64_t mlir::modelc::getGemmFlops(const modelc_artifact_gemm_t &g) {
  return 2 * g.m * g.n * g.k * g.batch;
}

std::string mlir::modelc::describeGemm(const modelc_artifact_gemm_t &g,
                                       bool tuned) {
  std::string text;
  llvm::raw_string_ostream os(text);
  os << "cuBLASLt GEMM " << g.m << "x" << g.n << "x" << g.k;
  if (g.batch > 1)
    os << "x" << g.batch;
  os << (g.trans_a ? " A^T" : "") << (g.trans_b ? " B^T" : "");
  os << ", " << onnx::getDataTypeName(g.ab_dtype);
  if (g.d_dtype != g.ab_dtype)
    os << " -> " << onnx::getDataTypeName(g.d_dtype);
  if (g.compute == MODELC_GEMM_COMPUTE_TF32)
    os << " (tf32)";
  SmallVector<StringRef> epilogue;
  if (g.alpha != 1.0f)
    epilogue.push_back("alpha");
  if (g.arg_c >= 0)
    epilogue.push_back("C");
  if (g.arg_bias >= 0)
    epilogue.push_back("bias");
  if (g.relu)
    epilogue.push_back("relu");
  if (!epilogue.empty())
    os << ", epilogue " << llvm::join(epilogue, "+");
  os << llvm::format(", %.3f GFLOP", double(getGemmFlops(g)) / 1e9);
  os << ", key "
     << getLibraryGemmKey(g.m, g.n, g.k, g.batch, g.trans_a, g.trans_b,
                          g.arg_c >= 0, g.arg_bias >= 0, g.relu,
                          g.d_dtype != g.ab_dtype);
  if (tuned)
    os << ", algorithm " << g.algorithm << " (tuned)";
  return text;
}

FailureOr<ExecutionPlan> mlir::modelc::buildExecutionPlan(ModuleOp module,
                                                          uint64_t alignment) {
  return PlanBuilder(module, alignment).build();
}

void mlir::modelc::printPlanReport(const ExecutionPlan &plan, StringRef target,
                                   llvm::raw_ostream &os) {
  os << "modelc report for @" << plan.modelName << " (target " << target
     << ")\n";
  for (const PlanTensor &t : plan.inputs) {
    os << "  input   ";
    printTensor(t, os);
    os << "\n";
  }
  for (const PlanTensor &t : plan.outputs) {
    os << "  output  ";
    printTensor(t, os);
    os << "\n";
  }
  os << "  kernels: " << plan.kernels.size() << "\n";
  // The kernel column is as wide as the longest name (fused kernels are
  // named after all their ops).
  size_t width = 24;
  for (const PlanKernel &k : plan.kernels)
    width = std::max(width, k.name.size());
  os << "    step  " << llvm::left_justify("kernel", width)
     << "  scratch  buffers (kind+offset:bytes)  ONNX nodes\n";
  for (auto [i, step] : llvm::enumerate(plan.steps)) {
    os << llvm::format("    %4u  ", static_cast<unsigned>(i));
    if (step.kind == MODELC_STEP_COPY) {
      os << llvm::left_justify("(copy)", width) << llvm::format("  %7s  ", "-");
    } else {
      const PlanKernel &k = plan.kernels[step.kernel];
      os << llvm::left_justify(k.name, width)
         << llvm::format("  %7llu  ",
                         static_cast<unsigned long long>(k.scratchBytes));
    }
    llvm::interleave(
        step.args, os,
        [&](const modelc_artifact_buffer_t &b) {
          os << bufferKindName(b.kind);
          if (b.kind == MODELC_BUFFER_INPUT || b.kind == MODELC_BUFFER_OUTPUT)
            os << b.index;
          else
            os << "+" << b.offset;
          os << ":" << b.bytes;
        },
        " ");
    if (step.kind == MODELC_STEP_KERNEL)
      os << "  " << plan.kernels[step.kernel].onnxNodes;
    os << "\n";
    if (step.kind != MODELC_STEP_KERNEL)
      continue;
    if (const auto &g = plan.kernels[step.kernel].gemm)
      os << "          "
         << describeGemm(*g, plan.kernels[step.kernel].tunedGemm) << "\n";
    for (const PlanLaunch &l : plan.kernels[step.kernel].launches) {
      os << llvm::format("          launch %-28s grid %ux%ux%u block %u",
                         l.name.c_str(), l.grid[0], l.grid[1], l.grid[2],
                         l.block[0] * l.block[1] * l.block[2]);
      if (!l.strategy.empty())
        os << "  " << l.strategy;
      if (l.flops)
        os << llvm::format(", %.3f GFLOP", double(l.flops) / 1e9);
      os << "\n";
    }
  }
  os << "  arena: " << plan.arenaBytes << " bytes (peak live "
     << plan.peakLiveBytes << ", without reuse " << plan.arenaBytesWithoutReuse
     << "), alignment " << plan.alignment << "\n";
  os << "  weights: " << plan.weights.size() << " bytes in "
     << plan.numWeightTensors << " tensors\n";
}

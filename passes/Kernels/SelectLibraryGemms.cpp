//===- SelectLibraryGemms.cpp - cuBLASLt for plain GEMM kernels -----------===//
//
// Part of the modelc project, under the Apache License v2.0 with LLVM
// Exceptions. SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Recognizes kernels that are one GEMM with an epilogue cuBLASLt computes
// (bias, C, ReLU, a widening cast) and describes them in a
// `modelc.library_gemm` dictionary, in row-major terms; the runtime maps
// them onto cuBLASLt's column-major API.
//
//===----------------------------------------------------------------------===//

#include "passes/Kernels/Passes.h"
#include "passes/Kernels/TuningCache.h"

#include "dialects/ONNX/IR/ONNXOps.h"

#include "mlir/IR/Builders.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/TypeSwitch.h"

namespace mlir::modelc {
#define GEN_PASS_DEF_SELECTLIBRARYGEMMSPASS
#include "passes/Kernels/Passes.h.inc"

namespace {

/// One GEMM per batch entry, `D = relu?(alpha * op(A) op(B) + beta * C +
/// bias)`, row-major; operands are kernel arguments.
struct Gemm {
  int64_t m = 0, n = 0, k = 0, batch = 1;
  int64_t strideA = 0, strideB = 0, strideD = 0; // elements; 0: broadcast
  bool transA = false, transB = false, relu = false;
  /// Kernel arguments; a bias or C that is a constant cloned into the kernel
  /// (a small one, FormKernels inlines up to 64 elements) becomes one.
  Value a, b, bias, c;
  float alpha = 1, beta = 0;
  Type abType, dType;
};

int64_t product(ArrayRef<int64_t> dims) {
  int64_t p = 1;
  for (int64_t d : dims)
    p *= d;
  return p;
}

/// The kernel argument `value` is, or null.
BlockArgument asArgument(Value value) { return dyn_cast<BlockArgument>(value); }

/// `value` if it is a kernel argument or a constant the kernel holds (which
/// can become one), else null.
Value asOperand(Value value) {
  if (isa<BlockArgument>(value) || value.getDefiningOp<onnx::ConstantOp>())
    return value;
  return nullptr;
}

bool isSupportedType(Type type) {
  return type.isF16() || type.isBF16() || type.isF32();
}

/// Whether `type` is a vector along a GEMM's N columns: N elements, every
/// dimension but the last 1.
bool isRowVector(RankedTensorType type, int64_t n) {
  ArrayRef<int64_t> shape = type.getShape();
  return !shape.empty() && shape.back() == n && product(shape) == n;
}

class GemmMatcher {
public:
  explicit GemmMatcher(func::FuncOp kernel) : kernel(kernel) {}

  /// Describes the kernel as a GEMM, or returns why not (empty when the
  /// kernel has no GEMM at all, so nothing is worth a remark).
  FailureOr<Gemm> match(std::string &why);

private:
  LogicalResult matchMatMul(onnx::MatMulOp op, std::string &why);
  LogicalResult matchGemm(onnx::GemmOp op, std::string &why);
  LogicalResult matchConv(onnx::ConvNHWCOp op, std::string &why);
  LogicalResult matchEpilogue(Operation *op, Value chain, std::string &why);

  func::FuncOp kernel;
  Gemm gemm;
};

LogicalResult GemmMatcher::matchMatMul(onnx::MatMulOp op, std::string &why) {
  auto a = cast<RankedTensorType>(op.getA().getType());
  auto b = cast<RankedTensorType>(op.getB().getType());
  if (a.getRank() < 2 || b.getRank() < 2) {
    why = "a 1-D operand";
    return failure();
  }
  ArrayRef<int64_t> aBatch = a.getShape().drop_back(2);
  ArrayRef<int64_t> bBatch = b.getShape().drop_back(2);
  int64_t m = a.getShape()[a.getRank() - 2], k = a.getShape().back();
  int64_t n = b.getShape().back();
  gemm.k = k;
  gemm.n = n;
  if (product(bBatch) == 1) {
    // B is one matrix: A's rows of every batch entry are one taller A.
    gemm.m = product(aBatch) * m;
    return success();
  }
  gemm.m = m;
  gemm.batch = product(bBatch);
  gemm.strideB = k * n;
  gemm.strideD = m * n;
  if (product(aBatch) == 1)
    return success(); // A broadcast to every batch entry
  SmallVector<int64_t> paddedA(std::max(aBatch.size(), bBatch.size()), 1);
  SmallVector<int64_t> paddedB(paddedA.size(), 1);
  llvm::copy(aBatch, paddedA.end() - aBatch.size());
  llvm::copy(bBatch, paddedB.end() - bBatch.size());
  if (paddedA != paddedB) {
    why = "partially broadcast batch dimensions";
    return failure();
  }
  gemm.strideA = m * k;
  return success();
}

LogicalResult GemmMatcher::matchGemm(onnx::GemmOp op, std::string &why) {
  auto a = cast<RankedTensorType>(op.getA().getType());
  auto b = cast<RankedTensorType>(op.getB().getType());
  gemm.transA = op.getTransA() != 0;
  gemm.transB = op.getTransB() != 0;
  gemm.m = a.getShape()[gemm.transA ? 1 : 0];
  gemm.k = a.getShape()[gemm.transA ? 0 : 1];
  gemm.n = b.getShape()[gemm.transB ? 0 : 1];
  gemm.alpha = op.getAlpha().convertToFloat();
  if (!op.getC())
    return success();
  auto c = cast<RankedTensorType>(op.getC().getType());
  Value arg = asOperand(op.getC());
  if (!arg) {
    why = "C is computed in the kernel";
    return failure();
  }
  float beta = op.getBeta().convertToFloat();
  if (c.getShape() == ArrayRef<int64_t>{gemm.m, gemm.n}) {
    gemm.c = arg;
    gemm.beta = beta;
    return success();
  }
  if (isRowVector(c, gemm.n) && beta == 1.0f) {
    gemm.bias = arg;
    return success();
  }
  why = "C is neither M x N nor a bias (N, or 1 x N with beta 1)";
  return failure();
}

LogicalResult GemmMatcher::matchConv(onnx::ConvNHWCOp op, std::string &why) {
  auto x = cast<RankedTensorType>(op.getX().getType());
  auto w = cast<RankedTensorType>(op.getW().getType());
  if (w.getShape()[1] != 1 || w.getShape()[2] != 1 || op.getGroup() != 1 ||
      llvm::any_of(op.getStrides(), [](int64_t s) { return s != 1; }) ||
      llvm::any_of(op.getPads(), [](int64_t p) { return p != 0; })) {
    why = "not a 1x1 convolution with stride 1, no padding and one group";
    return failure();
  }
  gemm.m = x.getShape()[0] * x.getShape()[1] * x.getShape()[2];
  gemm.k = x.getShape()[3];
  gemm.n = w.getShape()[0];
  gemm.transB = true; // M x C filters: B^T
  if (Value bias = op.getB()) {
    gemm.bias = asOperand(bias);
    if (!gemm.bias) {
      why = "the bias is computed in the kernel";
      return failure();
    }
  }
  return success();
}

/// Matches the ops after the GEMM, from `op` on, each consuming `chain`.
LogicalResult GemmMatcher::matchEpilogue(Operation *op, Value chain,
                                         std::string &why) {
  for (; op; op = op->getNextNode()) {
    if (isa<onnx::ConstantOp>(op))
      continue;
    if (auto ret = dyn_cast<func::ReturnOp>(op)) {
      if (ret.getNumOperands() != 1 || ret.getOperand(0) != chain) {
        why = "the kernel does not return the GEMM's result alone";
        return failure();
      }
      return success();
    }
    if (op->getNumOperands() == 0 || !chain.hasOneUse() ||
        !llvm::is_contained(op->getOperands(), chain)) {
      why = "'" + op->getName().getStringRef().str() +
            "' does not continue the GEMM's epilogue";
      return failure();
    }
    auto type = cast<RankedTensorType>(op->getResult(0).getType());
    if (auto add = dyn_cast<onnx::AddOp>(op)) {
      Value other = add.getA() == chain ? add.getB() : add.getA();
      Value arg = asOperand(other);
      auto otherType = cast<RankedTensorType>(other.getType());
      if (gemm.relu || !arg || type != chain.getType()) {
        why = "an Add after the ReLU, of a computed value, or broadcasting "
              "the GEMM's result";
        return failure();
      }
      if (otherType == type && !gemm.c) {
        gemm.c = arg;
        gemm.beta = 1;
      } else if (isRowVector(otherType, gemm.n) && !gemm.bias) {
        gemm.bias = arg;
      } else {
        why = "an Add that is neither a bias (N elements) nor a C";
        return failure();
      }
    } else if (isa<onnx::ReluOp>(op) && !gemm.relu) {
      gemm.relu = true;
    } else if (auto castOp = dyn_cast<onnx::CastOp>(op)) {
      if (!type.getElementType().isF32() || gemm.dType.isF32() || gemm.c ||
          gemm.bias) {
        why = "a Cast other than 16 to 32 bits of a result without bias or C";
        return failure();
      }
      gemm.dType = type.getElementType();
    } else {
      why = "'" + op->getName().getStringRef().str() +
            "' is not an epilogue cuBLASLt computes";
      return failure();
    }
    chain = op->getResult(0);
  }
  why = "the kernel has no return";
  return failure();
}

FailureOr<Gemm> GemmMatcher::match(std::string &why) {
  Block &body = kernel.getBody().front();
  // The first op computing something is the GEMM.
  Operation *anchor = nullptr;
  for (Operation &op : body)
    if (!isa<onnx::ConstantOp>(op)) {
      anchor = &op;
      break;
    }
  if (!anchor || !isa<onnx::MatMulOp, onnx::GemmOp, onnx::ConvNHWCOp>(anchor))
    return failure();
  Value a = anchor->getOperand(0), b = anchor->getOperand(1);
  gemm.a = asArgument(a);
  gemm.b = asArgument(b);
  // (Only the epilogue's operands are hoisted: A and B are large.)
  auto aType = cast<RankedTensorType>(a.getType());
  gemm.abType = aType.getElementType();
  gemm.dType = gemm.abType;
  if (!gemm.a || !gemm.b) {
    why = "an operand is computed in the kernel";
    return failure();
  }
  if (!isSupportedType(gemm.abType)) {
    why = "operands are not f16, bf16 or f32";
    return failure();
  }
  LogicalResult matched =
      TypeSwitch<Operation *, LogicalResult>(anchor)
          .Case([&](onnx::MatMulOp op) { return matchMatMul(op, why); })
          .Case([&](onnx::GemmOp op) { return matchGemm(op, why); })
          .Case([&](onnx::ConvNHWCOp op) { return matchConv(op, why); });
  if (failed(matched) ||
      failed(matchEpilogue(anchor->getNextNode(), anchor->getResult(0), why)))
    return failure();
  if (gemm.m == 0 || gemm.n == 0 || gemm.k == 0 || gemm.batch == 0) {
    why = "an empty GEMM";
    return failure();
  }
  return gemm;
}

struct SelectLibraryGemmsPass final
    : impl::SelectLibraryGemmsPassBase<SelectLibraryGemmsPass> {
  using Base::Base;

  void runOnOperation() override {
    if (precision != "fp32" && precision != "tf32") {
      getOperation().emitError()
          << "precision must be fp32 or tf32, not '" << precision << "'";
      return signalPassFailure();
    }
    if (workspaceBytes < 0 || workspaceBytes % 256 != 0) {
      getOperation().emitError()
          << "workspace-bytes must be a non-negative multiple of 256, not "
          << int64_t(workspaceBytes);
      return signalPassFailure();
    }
    ModuleOp module = getOperation();
    TuningCache cache;
    if (!tuningCache.empty()) {
      FailureOr<TuningCache> read =
          readTuningCache(tuningCache, module.getLoc());
      if (failed(read))
        return signalPassFailure();
      cache = std::move(*read);
    }
    // The launches of each kernel (kernel names are unique), to give them
    // hoisted operands.
    llvm::StringMap<SmallVector<LaunchOp>> launches;
    module.walk([&](LaunchOp launch) {
      launches[launch.getKernel().getLeafReference()].push_back(launch);
    });
    SmallVector<func::FuncOp> kernels;
    module.walk([&](func::FuncOp func) {
      if (func->hasAttr(kKernelAttrName) && !func.isExternal())
        kernels.push_back(func);
    });
    for (func::FuncOp kernel : kernels) {
      std::string why;
      FailureOr<Gemm> gemm = GemmMatcher(kernel).match(why);
      if (failed(gemm)) {
        if (!why.empty())
          kernel.emitRemark() << "generated code, not cuBLASLt: " << why;
        continue;
      }
      int64_t flops = 2 * gemm->m * gemm->n * gemm->k * gemm->batch;
      if (flops < minFlops) {
        kernel.emitRemark() << "generated code, not cuBLASLt: " << flops
                            << " FLOP is under min-flops";
        continue;
      }
      // (A copy: lookup returns the vector by value.)
      SmallVector<LaunchOp> uses = launches.lookup(kernel.getSymName());
      gemm->bias = toArgument(kernel, gemm->bias, uses);
      gemm->c = toArgument(kernel, gemm->c, uses);
      describe(kernel, *gemm, cache);
    }
  }

  /// `value` as a kernel argument: a constant the kernel holds becomes a
  /// new last input, which its launches pass as a weight.
  static Value toArgument(func::FuncOp kernel, Value value,
                          ArrayRef<LaunchOp> launches) {
    auto constant = value ? value.getDefiningOp<onnx::ConstantOp>() : nullptr;
    if (!constant)
      return value;
    unsigned index = kernel.getNumArguments();
    if (failed(kernel.insertArgument(index, value.getType(), {},
                                     constant.getLoc())))
      return nullptr;
    for (LaunchOp launch : launches) {
      OpBuilder builder(launch);
      Operation *weight = builder.clone(*constant);
      launch.getInputsMutable().append(weight->getResult(0));
    }
    BlockArgument argument = kernel.getArgument(index);
    value.replaceAllUsesWith(argument);
    constant.erase();
    return argument;
  }

  void describe(func::FuncOp kernel, const Gemm &gemm,
                const TuningCache &cache) {
    Builder b(kernel.getContext());
    auto i64 = [&](int64_t v) { return b.getI64IntegerAttr(v); };
    auto argument = [&](Value arg) {
      return i64(arg ? int64_t(cast<BlockArgument>(arg).getArgNumber()) : -1);
    };
    StringRef compute =
        gemm.abType.isF32() && precision == "tf32" ? "tf32" : "f32";
    SmallVector<NamedAttribute> entries = {
        b.getNamedAttr("library", b.getStringAttr("cublaslt")),
        b.getNamedAttr("m", i64(gemm.m)), b.getNamedAttr("n", i64(gemm.n)),
        b.getNamedAttr("k", i64(gemm.k)),
        b.getNamedAttr("batch", i64(gemm.batch)),
        b.getNamedAttr("stride_a", i64(gemm.strideA)),
        b.getNamedAttr("stride_b", i64(gemm.strideB)),
        b.getNamedAttr("stride_d", i64(gemm.strideD)),
        b.getNamedAttr("trans_a", b.getBoolAttr(gemm.transA)),
        b.getNamedAttr("trans_b", b.getBoolAttr(gemm.transB)),
        b.getNamedAttr("a", argument(gemm.a)),
        b.getNamedAttr("b", argument(gemm.b)),
        b.getNamedAttr("bias", argument(gemm.bias)),
        b.getNamedAttr("c", argument(gemm.c)),
        // D is the kernel's one result, the argument after the inputs.
        b.getNamedAttr("d", i64(kernel.getNumArguments())),
        b.getNamedAttr("alpha", b.getF32FloatAttr(gemm.alpha)),
        b.getNamedAttr("beta", b.getF32FloatAttr(gemm.beta)),
        b.getNamedAttr("relu", b.getBoolAttr(gemm.relu)),
        b.getNamedAttr("compute", b.getStringAttr(compute)),
        b.getNamedAttr("workspace_bytes", i64(workspaceBytes))};
    auto tuned = cache.libraryAlgorithms.find(getLibraryGemmKey(
        gemm.m, gemm.n, gemm.k, gemm.batch, gemm.transA, gemm.transB,
        bool(gemm.c), bool(gemm.bias), gemm.relu, gemm.dType != gemm.abType));
    if (tuned != cache.libraryAlgorithms.end())
      entries.push_back(b.getNamedAttr("algorithm", i64(tuned->second)));
    kernel->setAttr(kLibraryGemmAttrName, b.getDictionaryAttr(entries));
  }
};

} // namespace
} // namespace mlir::modelc

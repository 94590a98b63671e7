//===- GuardedSchemas.cpp - Operator schemas safe for untrusted models ----===//
//
// Part of the modelc project, under the Apache License v2.0 with LLVM
// Exceptions. SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "compiler/Import/GuardedSchemas.h"

#include "onnx/defs/shape_inference.h"

#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <tuple>

using namespace mlir::modelc;

namespace {

/// The rank of input `index` if shape inference knows it, else -1.
int64_t inputRank(::onnx::InferenceContext &ctx, size_t index) {
  if (index >= ctx.getNumInputs())
    return -1;
  const ::onnx::TypeProto *type = ctx.getInputType(index);
  if (!type || !type->has_tensor_type() || !type->tensor_type().has_shape())
    return -1;
  return type->tensor_type().shape().dim_size();
}

void checkAxis(const std::string &op, const char *attribute, int64_t axis,
               int64_t rank, int64_t lo, int64_t hi) {
  if (axis < lo || axis > hi)
    fail_shape_inference(op, " attribute '", attribute, "' has value ", axis,
                         ", out of range [", lo, ", ", hi,
                         "] for an input of rank ", rank);
}

/// Throws an InferenceError if a node of `op` (default domain) has an
/// attribute its inference function would trust to be in range.
void checkNode(const std::string &op, ::onnx::InferenceContext &ctx) {
  int64_t rank = inputRank(ctx, 0);

  if (op == "Conv" || op == "ConvTranspose") {
    int64_t weightRank = inputRank(ctx, 1);
    if (rank >= 0 && weightRank >= 0 && (rank < 3 || rank != weightRank))
      fail_shape_inference(op, " has an input of rank ", rank,
                           " and a weight of rank ", weightRank,
                           "; both must have the same rank, at least 3");
  }
  // Window attributes (Conv*, *Pool, ...): libonnx divides by strides and
  // dilations (SIGFPE on 0) and trusts sizes and pads to be sane.
  for (const char *name : {"strides", "dilations", "kernel_shape"})
    if (const ::onnx::AttributeProto *a = ctx.getAttribute(name))
      for (int64_t v : a->ints())
        if (v < 1)
          fail_shape_inference(op, " attribute '", name, "' has value ", v,
                               "; it must be at least 1");
  if (op != "Pad") // Pad-2's `pads` may be negative (cropping)
    for (const char *name : {"pads", "output_padding"})
      if (const ::onnx::AttributeProto *a = ctx.getAttribute(name))
        for (int64_t v : a->ints())
          if (v < 0)
            fail_shape_inference(op, " attribute '", name, "' has value ", v,
                                 "; it must not be negative");
  for (const char *name : {"group", "blocksize"})
    if (const ::onnx::AttributeProto *a = ctx.getAttribute(name))
      if (a->type() == ::onnx::AttributeProto::INT && a->i() < 1)
        fail_shape_inference(op, " attribute '", name, "' has value ", a->i(),
                             "; it must be at least 1");

  if (rank < 0)
    return;

  // `axis`: an axis of input 0, except where noted.
  const ::onnx::AttributeProto *axis = ctx.getAttribute("axis");
  if (axis && axis->type() == ::onnx::AttributeProto::INT &&
      op != "QuantizeLinear" && op != "DequantizeLinear") {
    if (op == "Flatten") // splits before axis: [-r, r]
      checkAxis(op, "axis", axis->i(), rank, -rank, rank);
    else if (op == "OneHot") // an axis of the output, one rank more
      checkAxis(op, "axis", axis->i(), rank, -rank - 1, rank);
    else if (rank > 0)
      checkAxis(op, "axis", axis->i(), rank, -rank, rank - 1);
  }

  // `axes` (Reduce*, Squeeze and Unsqueeze before they became inputs,
  // MeanVarianceNormalization, Slice-1): axes of input 0, of the output for
  // Unsqueeze; each at most once.
  const ::onnx::AttributeProto *axes = ctx.getAttribute("axes");
  if (axes && axes->type() == ::onnx::AttributeProto::INTS) {
    int64_t r = op == "Unsqueeze" ? rank + axes->ints_size() : rank;
    std::set<int64_t> seen;
    for (int64_t a : axes->ints()) {
      checkAxis(op, "axes", a, r, -r, r - 1);
      if (!seen.insert(a < 0 ? a + r : a).second)
        fail_shape_inference(op, " attribute 'axes' repeats axis ", a);
    }
  }

  // Transpose `perm`: a permutation of the input's axes.
  const ::onnx::AttributeProto *perm = ctx.getAttribute("perm");
  if (op == "Transpose" && perm &&
      perm->type() == ::onnx::AttributeProto::INTS) {
    if (perm->ints_size() != rank)
      fail_shape_inference("Transpose attribute 'perm' has ", perm->ints_size(),
                           " entries for an input of rank ", rank);
    std::set<int64_t> seen;
    for (int64_t p : perm->ints())
      if (p < 0 || p >= rank || !seen.insert(p).second)
        fail_shape_inference("Transpose attribute 'perm' is not a "
                             "permutation of 0..",
                             rank - 1);
  }
}

class GuardedSchemaRegistry final : public ::onnx::ISchemaRegistry {
public:
  const ::onnx::OpSchema *GetSchema(const std::string &key,
                                    const int maxInclusiveVersion,
                                    const std::string &domain) const override {
    const ::onnx::OpSchema *schema =
        ::onnx::OpSchemaRegistry::Instance()->GetSchema(
            key, maxInclusiveVersion, domain);
    bool standard = domain.empty() || domain == "ai.onnx";
    if (!schema || !standard ||
        !schema->has_type_and_shape_inference_function())
      return schema;
    std::lock_guard<std::mutex> lock(mutex);
    std::unique_ptr<::onnx::OpSchema> &guarded =
        schemas[{schema->Name(), schema->SinceVersion()}];
    if (!guarded) {
      guarded = std::make_unique<::onnx::OpSchema>(*schema);
      ::onnx::InferenceFunction infer =
          schema->GetTypeAndShapeInferenceFunction();
      std::string op = schema->Name();
      guarded->TypeAndShapeInferenceFunction(
          [infer, op](::onnx::InferenceContext &ctx) {
            checkNode(op, ctx);
            infer(ctx);
          });
    }
    return guarded.get();
  }

private:
  mutable std::mutex mutex;
  mutable std::map<std::tuple<std::string, int>,
                   std::unique_ptr<::onnx::OpSchema>>
      schemas;
};

} // namespace

const ::onnx::ISchemaRegistry *mlir::modelc::getGuardedSchemaRegistry() {
  static GuardedSchemaRegistry registry;
  return &registry;
}

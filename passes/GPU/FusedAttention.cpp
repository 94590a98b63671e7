//===- FusedAttention.cpp - Attention as one tensor-core launch -----------===//
//
// Part of the modelc project, under the Apache License v2.0 with LLVM
// Exceptions. SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "passes/GPU/FusedAttention.h"

#include "dialects/Modelc/IR/ModelcDialect.h"
#include "passes/GPU/TensorCoreGemm.h"
#include "passes/Kernels/Passes.h"

#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/NVGPU/IR/NVGPUDialect.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "llvm/Support/FormatVariadic.h"

#include <limits>

namespace mlir::modelc::mapping {
namespace {

/// Query rows per block (16 per warp), keys per step.
constexpr int64_t kRows = kFusedAttentionBlock;
constexpr int64_t kKeys = kFusedAttentionBlock;
constexpr int64_t kWarps = 4;
/// Elements after each shared row: rows of 2 (D + 8) bytes put the eight
/// 16-byte rows an ldmatrix reads in distinct bank groups.
constexpr int64_t kRowPadding = 8;
/// Elements per 16-byte cp.async.
constexpr int64_t kChunk = 8;
constexpr int64_t kMaxSharedBytes = 48 * 1024;
// copyRows copies 64-row tiles of Q, K and V alike.
static_assert(kRows == kKeys, "Q, K and V tiles share one copy loop");
// The largest features onnx-fuse-attention lets through fit.
static_assert(2 * 3 * kRows * (kFusedAttentionMaxFeatures + kRowPadding) <=
                  kMaxSharedBytes,
              "kFusedAttentionMaxFeatures must fit in shared memory");

int64_t getSharedBytes(const FusedAttentionKernel &kernel) {
  return 2 * (kRows * (kernel.features + kRowPadding) +
              kKeys * (kernel.features + kRowPadding) +
              kKeys * (kernel.valueFeatures + kRowPadding));
}

} // namespace

std::optional<FusedAttentionKernel>
matchFusedAttentionKernel(func::FuncOp kernel) {
  auto attr = kernel->getAttrOfType<DictionaryAttr>(kFusedAttentionAttrName);
  if (!attr)
    return std::nullopt;
  auto scale = attr.getAs<FloatAttr>("scale");
  auto sequenceFirst = attr.getAs<BoolAttr>("sequence_first");
  if (!scale || !sequenceFirst)
    return std::nullopt;
  // (Q, K, V, Y): three distinct inputs, then the output.
  unsigned buffers = kernel.getNumArguments() -
                     (kernel->hasAttr(kScratchBytesAttrName) ? 1 : 0);
  if (buffers != 4)
    return std::nullopt;
  SmallVector<MemRefType> types;
  for (unsigned i = 0; i < 4; ++i) {
    auto type = dyn_cast<MemRefType>(kernel.getArgument(i).getType());
    if (!type || type.getRank() != 3 || !type.hasStaticShape() ||
        !type.getLayout().isIdentity() ||
        (!type.getElementType().isF16() && !type.getElementType().isBF16()) ||
        (!types.empty() &&
         type.getElementType() != types.front().getElementType()))
      return std::nullopt;
    types.push_back(type);
  }
  FusedAttentionKernel result;
  result.q = kernel.getArgument(0);
  result.k = kernel.getArgument(1);
  result.v = kernel.getArgument(2);
  result.output = kernel.getArgument(3);
  result.scale = scale.getValueAsDouble();
  result.sequenceFirst = sequenceFirst.getValue();
  result.bfloat = types[0].getElementType().isBF16();
  unsigned seq = result.sequenceFirst ? 0 : 1, head = 1 - seq;
  result.heads = types[0].getDimSize(head);
  result.queries = types[0].getDimSize(seq);
  result.keys = types[1].getDimSize(seq);
  result.features = types[0].getDimSize(2);
  result.valueFeatures = types[2].getDimSize(2);
  auto is = [&](MemRefType type, int64_t heads, int64_t rows, int64_t cols) {
    return type.getDimSize(head) == heads && type.getDimSize(seq) == rows &&
           type.getDimSize(2) == cols;
  };
  if (!is(types[1], result.heads, result.keys, result.features) ||
      !is(types[2], result.heads, result.keys, result.valueFeatures) ||
      !is(types[3], result.heads, result.queries, result.valueFeatures))
    return std::nullopt;
  if (result.queries % kRows != 0 || result.keys % kKeys != 0 ||
      result.features % kFusedAttentionFeatureMultiple != 0 ||
      result.valueFeatures % kFusedAttentionFeatureMultiple != 0 ||
      getSharedBytes(result) > kMaxSharedBytes)
    return std::nullopt;
  return result;
}

SmallVector<Type> getFusedAttentionBuffers(MLIRContext *context,
                                           const FusedAttentionKernel &kernel) {
  Builder b(context);
  Type element = kernel.bfloat ? Type(b.getBF16Type()) : b.getF16Type();
  auto space =
      gpu::AddressSpaceAttr::get(context, gpu::AddressSpace::Workgroup);
  auto tile = [&](int64_t rows, int64_t cols) -> Type {
    return MemRefType::get({rows, cols + kRowPadding}, element, AffineMap(),
                           space);
  };
  return {tile(kRows, kernel.features), tile(kKeys, kernel.features),
          tile(kKeys, kernel.valueFeatures)};
}

void emitFusedAttention(OpBuilder &b, Location loc,
                        const FusedAttentionKernel &kernel, IRMapping &mapping,
                        ArrayRef<Value> shared, Launch &launch) {
  auto c = [&](int64_t v) { return constantIndex(b, loc, v); };
  auto add = [&](Value x, Value y) -> Value {
    return arith::AddIOp::create(b, loc, x, y);
  };
  auto mul = [&](Value x, int64_t y) -> Value {
    return arith::MulIOp::create(b, loc, x, c(y));
  };
  auto div = [&](Value x, int64_t y) -> Value {
    return arith::DivUIOp::create(b, loc, x, c(y));
  };
  auto rem = [&](Value x, int64_t y) -> Value {
    return arith::RemUIOp::create(b, loc, x, c(y));
  };
  Type f32 = b.getF32Type();
  Type element = kernel.bfloat ? Type(b.getBF16Type()) : b.getF16Type();
  Value q = mapping.lookup(kernel.q), k = mapping.lookup(kernel.k),
        v = mapping.lookup(kernel.v), output = mapping.lookup(kernel.output);
  Value qTile = shared[0], kTile = shared[1], vTile = shared[2];
  const int64_t rowBlocks = kernel.queries / kRows;
  const int64_t threads = 32 * kWarps;
  launch.grid = {rowBlocks * kernel.heads, 1, 1};
  launch.block = {threads, 1, 1};
  launch.flops = 2 * kernel.heads * kernel.queries * kernel.keys *
                 (kernel.features + kernel.valueFeatures);
  launch.strategy =
      llvm::formatv("fused attention, {0} heads of {1} queries x {2} keys, "
                    "{3}/{4} features, tensor cores {5}, {6} query rows per "
                    "block of {7} warps, {8} keys per step, scores in "
                    "registers, online softmax in f32",
                    kernel.heads, kernel.queries, kernel.keys, kernel.features,
                    kernel.valueFeatures, kernel.bfloat ? "bf16" : "f16", kRows,
                    kWarps, kKeys)
          .str();

  Value tid = gpu::ThreadIdOp::create(b, loc, gpu::Dimension::x);
  Value bid = gpu::BlockIdOp::create(b, loc, gpu::Dimension::x);
  Value warp = div(tid, 32), lane = rem(tid, 32);
  Value head = div(bid, rowBlocks);
  Value firstRow = mul(rem(bid, rowBlocks), kRows);
  // An operand's indices of (sequence position, feature) of this head.
  auto at = [&](Value position, Value feature) -> SmallVector<Value> {
    if (kernel.sequenceFirst)
      return {position, head, feature};
    return {head, position, feature};
  };
  // cp.async of rows [first, first + 64) of `source`, `cols` wide, into
  // `tile`: 16 bytes per copy, consecutive threads along a row.
  auto copyRows = [&](Value source, Value tile, Value first, int64_t cols,
                      SmallVectorImpl<Value> &tokens) {
    int64_t perRow = cols / kChunk, chunks = kRows * perRow;
    for (int64_t i = 0; i < chunks / threads; ++i) {
      Value chunk = add(tid, c(i * threads));
      Value row = div(chunk, perRow), col = mul(rem(chunk, perRow), kChunk);
      tokens.push_back(nvgpu::DeviceAsyncCopyOp::create(
          b, loc, tile, ValueRange{row, col}, source, at(add(first, row), col),
          b.getIndexAttr(kChunk), /*srcElements=*/Value(),
          /*bypassL1=*/UnitAttr()));
    }
  };
  auto waitForCopies = [&](ArrayRef<Value> tokens) {
    Value group = nvgpu::DeviceAsyncCreateGroupOp::create(b, loc, tokens);
    nvgpu::DeviceAsyncWaitOp::create(b, loc, group, b.getI32IntegerAttr(0));
    gpu::BarrierOp::create(b, loc);
  };
  auto fragments = [&](int64_t registers) {
    return VectorType::get({registers, 2}, element);
  };
  auto mma = [&](Value x, Value y, Value acc) -> Value {
    if (kernel.bfloat)
      return emitBF16Mma(b, loc, x, y, acc);
    return nvgpu::MmaSyncOp::create(b, loc, x, y, acc,
                                    ArrayRef<int64_t>{16, 8, 16},
                                    /*tf32Enabled=*/false);
  };
  auto extract = [&](Value vector, int64_t h, int64_t w) -> Value {
    return vector::ExtractOp::create(b, loc, vector, ArrayRef<int64_t>{h, w});
  };
  auto constantF32 = [&](float value) -> Value {
    return arith::ConstantOp::create(b, loc, b.getF32FloatAttr(value));
  };
  auto shuffleXor = [&](Value value, int32_t offset) -> Value {
    return gpu::ShuffleOp::create(b, loc, value, offset, 32,
                                  gpu::ShuffleMode::XOR)
        .getShuffleResult();
  };

  // This warp's 16 query rows of Q as A fragments (x4: rows 0-7 | 8-15 by
  // features 0-7 | 8-15 of each 16), loaded once.
  {
    SmallVector<Value> tokens;
    copyRows(q, qTile, firstRow, kernel.features, tokens);
    waitForCopies(tokens);
  }
  Value warpRow = mul(warp, 16);
  Value lane16 = rem(lane, 16), lane8 = rem(lane, 8);
  SmallVector<Value> qFragments;
  for (int64_t f = 0; f < kernel.features / 16; ++f)
    qFragments.push_back(nvgpu::LdMatrixOp::create(
        b, loc, fragments(4), qTile,
        ValueRange{add(warpRow, lane16), add(c(16 * f), mul(div(lane, 16), 8))},
        /*transpose=*/false, /*numTiles=*/4));

  // Carried per step: the running maximum and (this lane's partial) sum
  // of rows g and g + 8 of the warp's 16 (g = lane / 4), then the output
  // accumulators, m16n8 tiles along the value features.
  const int64_t outputTiles = kernel.valueFeatures / 8, scoreTiles = kKeys / 8;
  auto accumulatorType = VectorType::get({2, 2}, f32);
  Value zeroTile = arith::ConstantOp::create(b, loc, accumulatorType,
                                             b.getZeroAttr(accumulatorType));
  // The lowest finite float: exp(scale (lowest - m)) is 0, never NaN.
  Value lowest = constantF32(std::numeric_limits<float>::lowest());
  Value zero = constantF32(0.0f), scale = constantF32(kernel.scale);
  SmallVector<Value> init = {lowest, lowest, zero, zero};
  init.append(outputTiles, zeroTile);
  auto loop = scf::ForOp::create(b, loc, c(0), c(kernel.keys), c(kKeys), init);
  b.setInsertionPointToStart(loop.getBody());
  ValueRange carried = loop.getRegionIterArgs();
  {
    // Every warp is done reading the previous step's K and V.
    gpu::BarrierOp::create(b, loc);
    SmallVector<Value> tokens;
    copyRows(k, kTile, loop.getInductionVar(), kernel.features, tokens);
    copyRows(v, vTile, loop.getInductionVar(), kernel.valueFeatures, tokens);
    waitForCopies(tokens);
  }
  // Scores S = Q K^T of 16 rows x 64 keys: B fragments (x2) of 8 keys by
  // features 0-7 | 8-15, K's rows being the fragment's columns.
  SmallVector<Value> scores(scoreTiles, zeroTile);
  Value featureHalf = mul(rem(div(lane, 8), 2), 8);
  for (int64_t f = 0; f < kernel.features / 16; ++f)
    for (int64_t j = 0; j < scoreTiles; ++j) {
      Value fragment = nvgpu::LdMatrixOp::create(
          b, loc, fragments(2), kTile,
          ValueRange{add(c(8 * j), lane8), add(c(16 * f), featureHalf)},
          /*transpose=*/false, /*numTiles=*/2);
      scores[j] = mma(qFragments[f], fragment, scores[j]);
    }
  // Online softmax: the new row maxima (over the quad holding a row), the
  // old accumulators' correction exp(scale (m_old - m_new)), and this
  // step's unnormalized probabilities exp(scale (s - m_new)).
  SmallVector<Value> maxima, corrections, sums;
  SmallVector<SmallVector<Value>> probabilities(2);
  for (int64_t h = 0; h < 2; ++h) {
    Value rowMax = carried[h];
    for (int64_t j = 0; j < scoreTiles; ++j)
      for (int64_t w = 0; w < 2; ++w)
        rowMax =
            arith::MaximumFOp::create(b, loc, rowMax, extract(scores[j], h, w));
    for (int32_t offset : {1, 2})
      rowMax =
          arith::MaximumFOp::create(b, loc, rowMax, shuffleXor(rowMax, offset));
    maxima.push_back(rowMax);
    auto exponential = [&](Value x) -> Value {
      return math::ExpOp::create(
          b, loc,
          arith::MulFOp::create(b, loc, scale,
                                arith::SubFOp::create(b, loc, x, rowMax)));
    };
    corrections.push_back(exponential(carried[h]));
    Value sum = arith::MulFOp::create(b, loc, carried[2 + h], corrections[h]);
    for (int64_t j = 0; j < scoreTiles; ++j)
      for (int64_t w = 0; w < 2; ++w) {
        Value p = exponential(extract(scores[j], h, w));
        sum = arith::AddFOp::create(b, loc, sum, p);
        probabilities[h].push_back(arith::TruncFOp::create(b, loc, element, p));
      }
    sums.push_back(sum);
  }
  SmallVector<Value> outputs;
  for (int64_t e = 0; e < outputTiles; ++e) {
    Value tile = carried[4 + e];
    SmallVector<Value> elements;
    for (int64_t h = 0; h < 2; ++h)
      for (int64_t w = 0; w < 2; ++w)
        elements.push_back(
            arith::MulFOp::create(b, loc, extract(tile, h, w), corrections[h]));
    outputs.push_back(
        vector::FromElementsOp::create(b, loc, accumulatorType, elements));
  }
  // O += P V, 16 keys at a time: the score tiles 2s and 2s + 1 are the A
  // fragment (rows g | g + 8 by keys 0-7 | 8-15), V's B fragments load
  // transposed (x2: keys 0-7 | 8-15 of 8 value features).
  for (int64_t s = 0; s < kKeys / 16; ++s) {
    SmallVector<Value> elements;
    for (int64_t j : {2 * s, 2 * s + 1})
      for (int64_t h = 0; h < 2; ++h)
        for (int64_t w = 0; w < 2; ++w)
          elements.push_back(probabilities[h][2 * j + w]);
    Value a = vector::FromElementsOp::create(b, loc, fragments(4), elements);
    for (int64_t e = 0; e < outputTiles; ++e) {
      Value fragment = nvgpu::LdMatrixOp::create(
          b, loc, fragments(2), vTile,
          ValueRange{add(c(16 * s), lane16), c(8 * e)},
          /*transpose=*/true, /*numTiles=*/2);
      outputs[e] = mma(a, fragment, outputs[e]);
    }
  }
  SmallVector<Value> yielded = maxima;
  yielded.append(sums);
  yielded.append(outputs);
  scf::YieldOp::create(b, loc, yielded);

  // Y = O / sum (the quad's partial sums added), two columns per store.
  b.setInsertionPointAfter(loop);
  ValueRange results = loop.getResults();
  SmallVector<Value> inverses;
  for (int64_t h = 0; h < 2; ++h) {
    Value sum = results[2 + h];
    for (int32_t offset : {1, 2})
      sum = arith::AddFOp::create(b, loc, sum, shuffleXor(sum, offset));
    inverses.push_back(arith::DivFOp::create(b, loc, constantF32(1.0f), sum));
  }
  Value g = div(lane, 4), t = rem(lane, 4);
  auto pairType = VectorType::get({2}, element);
  for (int64_t e = 0; e < outputTiles; ++e)
    for (int64_t h = 0; h < 2; ++h) {
      SmallVector<Value> pair;
      for (int64_t w = 0; w < 2; ++w)
        pair.push_back(arith::TruncFOp::create(
            b, loc, element,
            arith::MulFOp::create(b, loc, extract(results[4 + e], h, w),
                                  inverses[h])));
      Value row = add(add(firstRow, warpRow), add(g, c(8 * h)));
      Value col = add(c(8 * e), mul(t, 2));
      vector::StoreOp::create(
          b, loc, vector::FromElementsOp::create(b, loc, pairType, pair),
          output, at(row, col), /*nontemporal=*/false, llvm::MaybeAlign(4));
    }
}

} // namespace mlir::modelc::mapping

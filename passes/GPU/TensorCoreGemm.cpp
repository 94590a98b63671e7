//===- TensorCoreGemm.cpp - Contractions on tensor cores ------------------===//
//
// Part of the modelc project, under the Apache License v2.0 with LLVM
// Exceptions. SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "passes/GPU/TensorCoreGemm.h"

#include "dialects/Modelc/IR/ModelcDialect.h"

#include "mlir/Analysis/FlatLinearValueConstraints.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/LLVMIR/NVVMDialect.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/NVGPU/IR/NVGPUDialect.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Utils/IndexingUtils.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "llvm/ADT/StringExtras.h"

namespace mlir::modelc::mapping {
namespace {

/// `candidates[index]`, `index` an index value below their count, as a
/// chain of selects (registers cannot be indexed).
Value selectByIndex(OpBuilder &b, Location loc, Value index,
                    ArrayRef<Value> candidates) {
  Value chosen = candidates.back();
  for (int64_t k = candidates.size() - 2; k >= 0; --k) {
    Value is = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, index,
                                     constantIndex(b, loc, k));
    chosen = arith::SelectOp::create(b, loc, is, candidates[k], chosen);
  }
  return chosen;
}

/// Exchanges accumulator pairs within a quad (the four lanes 4 q + t of a
/// warp sharing a fragment row) so that each lane holds neighbouring
/// columns. Lane t holds `pairs[s]`, columns 8 s + 2 t, + 1 of g = 2 or
/// 4 fragments; it gets back the 2 g values of columns 2 g t to
/// 2 g t + 2 g - 1: pair p = g t + s of the quad's 4 g (in column order)
/// lives in lane p mod 4 as its pairs[p / 4]. Four rounds: in round r
/// each lane reads lane (t + r) mod 4, which sends the pair that lane
/// needs (the quad's lanes all run this, outside any branch).
SmallVector<Value> exchangeInQuad(OpBuilder &b, Location loc, Value lane,
                                  Value t,
                                  ArrayRef<std::array<Value, 2>> pairs) {
  const int64_t g = pairs.size();
  assert((g == 2 || g == 4) && "two or four fragments");
  auto c = [&](int64_t v) { return constantIndex(b, loc, v); };
  auto mod4 = [&](Value v) { return arith::AndIOp::create(b, loc, v, c(3)); };
  auto add = [&](Value x, Value y) {
    return arith::AddIOp::create(b, loc, x, y);
  };
  auto mul = [&](Value x, int64_t y) {
    return arith::MulIOp::create(b, loc, x, c(y));
  };
  auto sub = [&](Value x, Value y) {
    return arith::SubIOp::create(b, loc, x, y);
  };
  Value quad = sub(lane, t);
  Type i32 = b.getI32Type();
  Value width = arith::ConstantOp::create(b, loc, b.getI32IntegerAttr(32));
  // received[r][k], and the slot s (pair g t + s) it fills.
  SmallVector<std::array<Value, 2>> received;
  SmallVector<Value> slots;
  for (int64_t r = 0; r < 4; ++r) {
    // As the sender: the reader is lane (t - r) mod 4, which needs pair
    // p = g reader + ((t - g reader) mod 4) of this lane.
    Value reader = mod4(add(t, c(4 - r)));
    Value gReader = mul(reader, g);
    Value pair = add(gReader, mod4(sub(add(t, c(4 * g)), gReader)));
    Value index = arith::DivUIOp::create(b, loc, pair, c(4));
    std::array<Value, 2> values;
    for (int64_t k = 0; k < 2; ++k) {
      SmallVector<Value> candidates;
      for (const std::array<Value, 2> &p : pairs)
        candidates.push_back(p[k]);
      values[k] = selectByIndex(b, loc, index, candidates);
    }
    // As the reader: from lane (t + r) mod 4.
    Value source = mod4(add(t, c(r)));
    if (r > 0) {
      Value from = arith::IndexCastOp::create(b, loc, i32, add(quad, source));
      for (Value &v : values)
        v = gpu::ShuffleOp::create(b, loc, v, from, width,
                                   gpu::ShuffleMode::IDX)
                .getShuffleResult();
    }
    received.push_back(values);
    slots.push_back(mod4(sub(add(source, c(4 * g)), mul(t, g))));
  }
  // Slot s came in the one round whose source gave it.
  SmallVector<Value> columns;
  for (int64_t s = 0; s < g; ++s)
    for (int64_t k = 0; k < 2; ++k) {
      Value v = received[3][k];
      for (int64_t r = 2; r >= 0; --r) {
        Value is = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq,
                                         slots[r], c(s));
        v = arith::SelectOp::create(b, loc, is, received[r][k], v);
      }
      columns.push_back(v);
    }
  return columns;
}

/// Points of a tensor-core epilogue whose loads are issued together (more
/// overlap their latencies, and hold more registers).
constexpr size_t kInteriorEpilogueBatch = 16;

/// The most shared memory a block may declare statically.
constexpr int64_t kMaxStaticSharedBytes = 48 * 1024;

/// The block tiles a tensor-core GEMM may use, largest first.
/// The heuristic's tiles (chooseBlockTile), in order of preference on
/// ties. 256x64 (four 128x32 warp tiles, 2 stages) serves GEMMs of exactly
/// 64 columns and many rows only (ResNet-50's layer1 and stem at batch
/// 256: tuning measured it 11% faster than 128x64 on the 3x3
/// convolutions at both fp16 and tf32).
constexpr TensorCoreConfig kTensorCoreTiles[] = {
    {128, 128}, {256, 64}, {128, 64}, {64, 128}, {128, 32},
    {64, 64},   {64, 32},  {32, 64},  {32, 32}};

/// Tiles a tuning cache may name (the heuristic does not choose them).
/// The larger ones: fewer shared-memory loads per mma, but shallower
/// pipelines in 48 KB and fewer blocks per SM (tuning ResNet-50 found them
/// slower). 112x64: a block per output row of a 112-wide image (ResNet-50's
/// stem), the tile a max pool fused into the stem's epilogue would use
/// (docs/performance.md, seventeenth session); 4 warps of 112x16.
constexpr TensorCoreConfig kTuningOnlyTiles[] = {
    {64, 256}, {256, 128}, {128, 256}, {112, 64}};

/// Among the block tiles that still give the GEMM `targetBlocks` blocks (so
/// small layers fill the GPU) and that `fitting` completes into a kernel
/// configuration fitting in static shared memory, the one computing the
/// most useful outputs per block (tile area times the share of it inside
/// M x N: a 128-wide tile on a 64-column GEMM wastes half its tensor-core
/// work), the less padded on ties, completed; none when no tile qualifies.
std::optional<TensorCoreConfig> chooseBlockTile(
    int64_t M, int64_t N, int64_t batch, int64_t targetBlocks,
    function_ref<std::optional<TensorCoreConfig>(TensorCoreConfig)> fitting) {
  std::optional<TensorCoreConfig> best;
  double bestUseful = 0, bestShare = 0;
  for (const TensorCoreConfig &tile : kTensorCoreTiles) {
    int64_t blocksM = ceilDiv(M, tile.m), blocksN = ceilDiv(N, tile.n);
    if (blocksM * blocksN * batch < targetBlocks)
      continue;
    // 256-row tiles only where they were measured faster: exactly 64
    // columns (see kTensorCoreTiles).
    if (tile.m > 128 && N != tile.n)
      continue;
    double share =
        double(M) * N / (double(blocksM * tile.m) * (blocksN * tile.n));
    double useful = double(tile.m * tile.n) * share;
    if (best &&
        !(useful > bestUseful || (useful == bestUseful && share > bestShare)))
      continue;
    std::optional<TensorCoreConfig> complete = fitting(tile);
    if (!complete)
      continue;
    best = complete;
    bestUseful = useful;
    bestShare = share;
  }
  return best;
}

/// The warps' arrangement in a block tile (warpsM x warps / warpsM) that
/// moves the least through shared memory per mma. A warp with fm x fn
/// fragments issues fm * fn mma per step.
/// - ldmatrix fragments (16-bit, or swizzled TF32): an A fragment is four
///   8x8 matrices of 16 bytes a row (4 shared-memory wavefronts), a B
///   fragment two; the L1 data pipe that carries them (and the cp.async
///   writes) is what bounds the mainloop (ncu: 77% busy, tensor pipe
///   50-55%, ResNet-50 b256's 3x3 convolutions), so a square warp tile
///   beats a long one. TF32 roundings (ALU) do not count; of two
///   arrangements moving the same, the one with fewer ldmatrix wins.
/// - Padded TF32 rows: per 8-deep step each A fragment (4 elements) takes
///   2 64-bit loads and each B fragment (2 elements) one (two when B is
///   K-major), and every element of an operand that is not pre-rounded
///   takes 2 rounding instructions.
void chooseWarpLayout(TensorCoreConfig &tile, bool bKMajor) {
  const bool roundA = tile.roundA, roundB = tile.roundB;
  std::pair<double, double> best;
  int64_t bestWarpsM = 0;
  for (int64_t warpsM : {2, 4, 1, 8}) {
    TensorCoreConfig t = tile;
    t.warpsM = warpsM;
    if (tile.warps % warpsM != 0 || t.m % (16 * warpsM) != 0 ||
        t.n % (8 * t.warpsN()) != 0)
      continue;
    // Powers of two: the sums below are exact, and so are their ties.
    double fm = double(t.fragmentsM()), fn = double(t.fragmentsN());
    // ldmatrix: wavefronts, then instructions (one per A fragment and one
    // per B fragment, as x4 and x2 or their equivalent).
    std::pair<double, double> perMma =
        !tile.pairedSlots()
            ? std::pair{4 / fn + 2 / fm, 1 / fn + 1 / fm}
            : std::pair{(2 + 8 * roundA) / fn +
                            ((bKMajor ? 2 : 1) + 4 * roundB) / fm,
                        0.0};
    if (!bestWarpsM || perMma < best) {
      best = perMma;
      bestWarpsM = warpsM;
    }
  }
  tile.warpsM = bestWarpsM;
}

/// How a staged operand sits in shared memory: K-major ([stage][k][row],
/// rows padded by 4 words) when global memory is contiguous along its rows,
/// row-major ([stage][row][k], 16 + 8 words per row) when contiguous along
/// K. Either way consecutive threads copy consecutive global addresses.
///
/// Slots are permuted so that fragments load 64 bits at a time. Within
/// each 8-deep K step, k and k + 4 (which an mma thread holds together)
/// sit side by side: slot(k) = 2 k for k < 4, 2 (k - 4) + 1 else, in both
/// operands (a permutation of the reduction changes nothing). In a K-major
/// A, rows g and g + 8 of each 16-row fragment sit side by side too. With
/// these paddings the loads of each half-warp hit 32 different banks.
struct StagedOperand {
  OpOperand *operand;
  ArrayRef<unsigned> rowDims;
  int64_t rows, rowCount;
  bool kMajor;
  Value buffer;

  static SmallVector<int64_t> shape(int64_t rows, bool kMajor,
                                    const TensorCoreConfig &tile) {
    // Swizzled rows need no padding (TensorCoreConfig::swizzled).
    if (tile.swizzled)
      return {tile.stages, rows, tile.k};
    // f16 rows are padded by 8 elements (16 bytes): the 8 rows an ldmatrix
    // lane group reads start on 8 different 4-bank groups.
    if (kMajor)
      return {tile.stages, tile.k, rows + (tile.half ? 8 : 4)};
    return {tile.stages, rows, tile.k + 8};
  }
};

int64_t getTensorCoreSharedBytes(const TensorCoreConfig &tile, bool aKMajor,
                                 bool bKMajor) {
  return tile.elementBytes() *
         (product(StagedOperand::shape(tile.m, aKMajor, tile)) +
          product(StagedOperand::shape(tile.n, bKMajor, tile)));
}

/// The most blocks sharing an output tile, and the shortest part of K each
/// computes.
constexpr int64_t kMaxSplits = 16, kMinSplitK = 256;

/// Split-K for a GEMM whose tiles alone do not fill the GPU (at most
/// `targetBlocks`, about the SMs) but whose K is long: the late 3x3
/// convolutions at batch 1 (ResNet-50's layer4: 32 blocks of 288 K steps
/// each). The most splits that keep the blocks within two per SM, divide
/// the K steps evenly (each block then runs the same constant-length
/// pipeline) and leave each at least kMinSplitK.
void chooseSplitK(TensorCoreConfig &tile, int64_t M, int64_t N, int64_t K,
                  int64_t batch, int64_t targetBlocks) {
  int64_t blocks = ceilDiv(M, tile.m) * ceilDiv(N, tile.n) * batch;
  int64_t steps = ceilDiv(K, tile.k);
  for (int64_t s = kMaxSplits; s >= 2; --s)
    if (blocks * s <= 2 * targetBlocks && steps % s == 0 &&
        steps / s * tile.k >= kMinSplitK) {
      tile.splitK = s;
      return;
    }
}

/// The most stages of a tensor-core GEMM's copy pipeline.
constexpr int64_t kMaxTensorCoreStages = 4;

/// The deepest pipeline (2 to `maxStages`, the tensor-core-max-stages
/// option, at most kMaxTensorCoreStages) whose buffers fit in static shared
/// memory: more slices in flight hide more of the copies' latency.
void chooseStages(TensorCoreConfig &tile, bool aKMajor, bool bKMajor,
                  int64_t maxStages) {
  tile.stages = 2;
  for (int64_t stages = std::min(maxStages, kMaxTensorCoreStages); stages > 2;
       --stages) {
    TensorCoreConfig t = tile;
    t.stages = stages;
    if (getTensorCoreSharedBytes(t, aKMajor, bKMajor) <=
        kMaxStaticSharedBytes) {
      tile.stages = stages;
      return;
    }
  }
}

/// The shared-memory slot of `index` when, within each group of
/// 2 * `half` indices, i and i + half sit side by side (slot 2i and
/// 2i + 1; `half` a power of two): slice column kk with half 4 (k and
/// k + 4 of each 8-deep step), tile row r of a K-major A with half 8 (rows
/// g and g + 8 of each 16-row fragment). See StagedOperand. `groupBits`
/// masks the bits above the group's (8 for slice columns, which are below
/// 16; ~15 for rows).
Value getPairedSlot(OpBuilder &b, Location loc, Value index, int64_t half,
                    int64_t groupBits) {
  auto c = [&](int64_t v) { return constantIndex(b, loc, v); };
  Value group = arith::AndIOp::create(b, loc, index, c(groupBits));
  Value low = arith::ShLIOp::create(
      b, loc, arith::AndIOp::create(b, loc, index, c(half - 1)), c(1));
  Value high = arith::AndIOp::create(
      b, loc, arith::ShRUIOp::create(b, loc, index, c(llvm::Log2_64(half))),
      c(1));
  return arith::OrIOp::create(b, loc, group,
                              arith::OrIOp::create(b, loc, low, high));
}

/// An operand's element offset from its base pointer as a linear function
/// of the loop indices, offset = constant + sum_i weights[i] * iv[i]: its
/// indexing map is affine without mod or div and its layout static, as for
/// every matmul and convolution. A tensor-core GEMM splits it into a row
/// part computed once per thread and a K part computed once per slice.
struct LinearAccess {
  SmallVector<int64_t> weights;
  int64_t constant = 0;
  /// One past the last element's offset.
  int64_t span = 0;
};

/// `expr`, an affine function of `numDims` loop indices without mod or div,
/// as weights and a constant (span unset).
std::optional<LinearAccess> flattenAffine(AffineExpr expr, unsigned numDims) {
  SmallVector<int64_t> flat;
  if (failed(getFlattenedAffineExpr(expr, numDims, 0, &flat)) ||
      flat.size() != numDims + 1)
    return std::nullopt;
  LinearAccess access;
  access.weights.assign(flat.begin(), flat.end() - 1);
  access.constant = flat.back();
  return access;
}

/// The offset of the element of a memref of `type` at `map`'s results
/// minus `low` (empty: none).
std::optional<LinearAccess> getLinearAccess(AffineMap map, MemRefType type,
                                            ArrayRef<int64_t> low = {}) {
  SmallVector<int64_t> strides;
  int64_t offset;
  if (!type || !type.hasStaticShape() ||
      failed(type.getStridesAndOffset(strides, offset)) ||
      ShapedType::isDynamic(offset) ||
      llvm::any_of(strides, ShapedType::isDynamic) || map.getNumSymbols() != 0)
    return std::nullopt;
  LinearAccess access;
  access.weights.assign(map.getNumDims(), 0);
  access.constant = offset;
  for (auto [i, expr, stride] : llvm::enumerate(map.getResults(), strides)) {
    std::optional<LinearAccess> flat = flattenAffine(expr, map.getNumDims());
    if (!flat)
      return std::nullopt;
    for (unsigned d = 0; d < map.getNumDims(); ++d)
      access.weights[d] += stride * flat->weights[d];
    access.constant += stride * (flat->constant - (low.empty() ? 0 : low[i]));
  }
  int64_t last = offset;
  for (auto [size, stride] : llvm::zip(type.getShape(), strides))
    last += (size - 1) * stride;
  access.span = last + 1;
  return access;
}

std::optional<LinearAccess> getLinearAccess(linalg::LinalgOp op,
                                            OpOperand &operand) {
  return getLinearAccess(op.getMatchingIndexingMap(&operand),
                         dyn_cast<MemRefType>(operand.get().getType()));
}

/// sum over `dims` of weights[d] * point[i] (the i-th of `dims`), plus
/// `start`.
Value emitLinearOffset(OpBuilder &b, Location loc, const LinearAccess &access,
                       ArrayRef<unsigned> dims, ValueRange point, Value start) {
  Value sum = start;
  for (auto [d, iv] : llvm::zip(dims, point)) {
    int64_t weight = access.weights[d];
    if (weight == 0)
      continue;
    Value term =
        weight == 1
            ? iv
            : arith::MulIOp::create(b, loc, iv, constantIndex(b, loc, weight))
                  .getResult();
    sum = arith::AddIOp::create(b, loc, sum, term);
  }
  return sum;
}

/// Whether the combined value of `op` is a float product of its two inputs
/// summed (out + a * b), each input taken as it is or, with `extended`,
/// through arith.extf (as 16-bit contractions accumulate in f32).
bool isSumOfInputProducts(linalg::LinalgOp op, const Combiner &combiner,
                          bool extended) {
  if (combiner.kind != arith::AtomicRMWKind::addf)
    return false;
  auto mul = combiner.x.getDefiningOp<arith::MulFOp>();
  if (!mul)
    return false;
  auto input = [&](Value v) -> Value {
    if (!extended)
      return v;
    auto ext = v.getDefiningOp<arith::ExtFOp>();
    return ext ? ext.getIn() : Value();
  };
  Value a = op.getMatchingBlockArgument(op.getDpsInputOperand(0));
  Value b = op.getMatchingBlockArgument(op.getDpsInputOperand(1));
  Value lhs = input(mul.getLhs()), rhs = input(mul.getRhs());
  return (lhs == a && rhs == b) || (lhs == b && rhs == a);
}

/// Whether `op` can run on tensor cores at `precision`: f32 operands and
/// accumulator, payload out + a * b (addf of mulf of the two inputs).
bool isTensorCoreGemm(linalg::LinalgOp op, const Combiner &combiner,
                      StringRef precision) {
  if (precision != "tf32" ||
      !isSumOfInputProducts(op, combiner, /*extended=*/false))
    return false;
  return llvm::all_of(
             op->getOperands(),
             [](Value v) {
               return cast<MemRefType>(v.getType()).getElementType().isF32();
             }) &&
         llvm::all_of(op.getDpsInputOperands(), [&](OpOperand *operand) {
           return getLinearAccess(op, *operand).has_value();
         });
}

/// Whether `op` can run on 16-bit tensor cores: both operands f16 or both
/// bf16, an f32 accumulator, payload out + extf(a) * extf(b) (as the
/// lowering of a 16-bit Conv, MatMul or Gemm writes it), and both
/// operands' offsets affine (getLinearAccess). Operands that copyInPairs
/// rejects are copied element by element.
bool isHalfTensorCoreGemm(linalg::LinalgOp op, const Combiner &combiner,
                          const ContractionDims &dims) {
  if (!combiner.x.getType().isF32() ||
      !isSumOfInputProducts(op, combiner, /*extended=*/true) ||
      !cast<MemRefType>(op.getDpsInitOperand(0)->get().getType())
           .getElementType()
           .isF32() ||
      dims.m.empty() || dims.n.empty() || dims.k.empty())
    return false;
  Type element = cast<MemRefType>(op.getDpsInputOperand(0)->get().getType())
                     .getElementType();
  if (!element.isF16() && !element.isBF16())
    return false;
  for (OpOperand *operand : op.getDpsInputOperands())
    if (cast<MemRefType>(operand->get().getType()).getElementType() !=
            element ||
        !getLinearAccess(op, *operand))
      return false;
  return true;
}

/// Whether a 16-bit operand copies in aligned runs of `width` elements
/// (a power of two: 2, 4 or 8 halves, one 4-, 8- or 16-byte `cp.async`)
/// along `dims` (its rows when K-major, else K), flattened as the copies
/// index them (the last dim fastest): elements width i to width i +
/// width - 1 are neighbours in memory and the first one's offset is a
/// multiple of `width`. That holds when the innermost of `dims` form a
/// contiguous run (weight 1 innermost, each outer weight the inner one's
/// times its extent) whose extents multiply to a multiple of `width`, and
/// every other weight and the constant offset are multiples of `width`: a
/// copy, starting at a multiple of `width`, never straddles the run. A
/// convolution's weights [F][C][KH][KW] copy in pairs along (c, kh, kw)
/// when C is even; an NCHW input's window (offset ow + kw) does not. Each
/// of `uniform` (a padded operand's bounds checks) must be the same across
/// a run: it must not depend on the run's dimensions.
bool copiesInRuns(const LinearAccess &access, ArrayRef<unsigned> dims,
                  ArrayRef<int64_t> ranges, int64_t width,
                  ArrayRef<LinearAccess> uniform) {
  SmallVector<bool> inRun(access.weights.size(), false);
  int64_t weight = 1, count = 1;
  for (unsigned d : llvm::reverse(dims)) {
    if (access.weights[d] != weight || count % width == 0)
      break;
    inRun[d] = true;
    count *= ranges[d];
    weight *= ranges[d];
  }
  if (count % width != 0 || access.constant % width != 0)
    return false;
  for (auto [d, w] : llvm::enumerate(access.weights))
    if (!inRun[d] && ranges[d] != 1 && w % width != 0)
      return false;
  for (const LinearAccess &u : uniform)
    for (auto [d, w] : llvm::enumerate(u.weights))
      if (inRun[d] && ranges[d] != 1 && w != 0)
        return false;
  return true;
}

/// Swizzled 64-byte rows (TensorCoreConfig::swizzled) for a GEMM whose
/// operands are both contiguous along K and copy in aligned runs of 16
/// bytes along it (8 halves or 4 floats), each thread copying at least
/// one run per slice, and whose K is at least two steps of 64 bytes. At
/// 16 bits the steps are 32 deep: twice the mma per barrier and per copy
/// address, and each operand row's slice is 64 bytes of one cache line
/// instead of 32. At TF32 the copies move 16 bytes instead of 4, and
/// fragments load with ldmatrix instead of 64-bit loads.
void chooseSwizzledRows(TensorCoreConfig &tile, linalg::LinalgOp op,
                        const ContractionDims &dims, ArrayRef<int64_t> ranges) {
  const int64_t run = tile.chunkElements(), step = 4 * run;
  if ((tile.half && !tile.wideCopies) || tile.aKMajor || tile.bKMajor ||
      dims.extent(dims.k, ranges) < 2 * step)
    return;
  for (auto [operand, rows] : {std::pair{op.getDpsInputOperand(0), tile.m},
                               std::pair{op.getDpsInputOperand(1), tile.n}}) {
    std::optional<LinearAccess> access = getLinearAccess(op, *operand);
    if (!access || rows * step / run < tile.threads() ||
        !copiesInRuns(*access, dims.k, ranges, run, {}))
      return;
  }
  tile.k = step;
  tile.swizzled = true;
}

/// `point` (indices over loops of `extents`, the last innermost) moved `by`
/// elements along the innermost loop, carrying into the outer ones; `by`
/// divides the innermost extent. Compares and selects, no division. The
/// outermost index is not wrapped (past the end the point is unused).
SmallVector<Value> advanceKPoint(OpBuilder &b, Location loc,
                                 ArrayRef<Value> point,
                                 ArrayRef<int64_t> extents, int64_t by) {
  SmallVector<Value> next(point);
  Value carry;
  for (int64_t i = int64_t(point.size()) - 1; i >= 0; --i) {
    if (extents[i] == 1)
      continue; // always 0; a carry passes on
    Value increment = arith::ConstantIndexOp::create(b, loc, carry ? 1 : by);
    Value moved = arith::AddIOp::create(b, loc, point[i], increment);
    if (carry)
      moved = arith::SelectOp::create(b, loc, carry, moved, point[i]);
    if (i == 0) {
      next[i] = moved;
      break;
    }
    Value extent = arith::ConstantIndexOp::create(b, loc, extents[i]);
    carry =
        arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, moved, extent);
    next[i] = arith::SelectOp::create(
        b, loc, carry, arith::ConstantIndexOp::create(b, loc, 0), moved);
  }
  return next;
}

} // namespace

Value emitBF16Mma(OpBuilder &b, Location loc, Value a, Value bv, Value acc) {
  auto packed = [&](Value fragment) {
    SmallVector<Value> registers;
    auto shape = cast<VectorType>(fragment.getType()).getShape();
    for (int64_t r = 0; r < shape[0]; ++r) {
      Value pair = vector::ExtractOp::create(b, loc, fragment, r);
      Value bits = vector::BitCastOp::create(
          b, loc, VectorType::get({1}, b.getI32Type()), pair);
      registers.push_back(vector::ExtractOp::create(b, loc, bits, 0));
    }
    return registers;
  };
  SmallVector<Value> c;
  for (int64_t h = 0; h < 2; ++h)
    for (int64_t w = 0; w < 2; ++w)
      c.push_back(
          vector::ExtractOp::create(b, loc, acc, ArrayRef<int64_t>{h, w}));
  Type f32 = b.getF32Type();
  auto result =
      LLVM::LLVMStructType::getLiteral(b.getContext(), {f32, f32, f32, f32});
  Value d = NVVM::MmaOp::create(
      b, loc, result, packed(a), packed(bv), c, ArrayRef<int64_t>{16, 8, 16},
      /*b1Op=*/std::nullopt, /*intOverflow=*/std::nullopt,
      std::array{NVVM::MMATypes::bf16, NVVM::MMATypes::bf16},
      std::array{NVVM::MMALayout::row, NVVM::MMALayout::col});
  SmallVector<Value> elements;
  for (int64_t i = 0; i < 4; ++i)
    elements.push_back(LLVM::ExtractValueOp::create(b, loc, d, i));
  return vector::FromElementsOp::create(b, loc, acc.getType(), elements);
}

std::optional<TensorCoreConfig>
selectTensorCoreConfig(linalg::LinalgOp op, const Combiner &combiner,
                       const ContractionDims &dims, ArrayRef<int64_t> ranges,
                       const Tiling &tiling) {
  bool half = false;
  if (!isTensorCoreGemm(op, combiner, tiling.precision)) {
    half = tiling.f16TensorCores && isHalfTensorCoreGemm(op, combiner, dims);
    if (!half)
      return std::nullopt;
  }
  int64_t M = dims.extent(dims.m, ranges), N = dims.extent(dims.n, ranges),
          batch = dims.extent(dims.batch, ranges);
  auto isKMajor = [&](OpOperand *operand, ArrayRef<unsigned> rowDims) {
    return innermostUses(op.getMatchingIndexingMap(operand), rowDims);
  };
  bool aKMajor = isKMajor(op.getDpsInputOperand(0), dims.m),
       bKMajor = isKMajor(op.getDpsInputOperand(1), dims.n);
  // The tile's kernel choices, once its shape is known.
  auto complete = [&](TensorCoreConfig tile) {
    tile.aKMajor = aKMajor;
    tile.bKMajor = bKMajor;
    if (auto exact = op->getAttrOfType<DenseI64ArrayAttr>(kTF32ExactAttrName)) {
      tile.roundA = !llvm::is_contained(exact.asArrayRef(), 0);
      tile.roundB = !llvm::is_contained(exact.asArrayRef(), 1);
    }
    tile.half = half;
    tile.bfloat =
        half && cast<MemRefType>(op.getDpsInputOperand(0)->get().getType())
                    .getElementType()
                    .isBF16();
    // Four warps from 112x64 up to 128x128 tiles (warp tiles up to 64x64);
    // larger tiles keep 8, so the accumulators stay within 128 registers.
    if (tiling.tensorCoreWarps == 4 && tile.m * tile.n >= 112 * 64 &&
        tile.m * tile.n <= 128 * 128)
      tile.warps = 4;
    tile.wideCopies = half && tiling.wideCopies;
    if (tiling.swizzledRows)
      chooseSwizzledRows(tile, op, dims, ranges);
    tile.pairedEpilogue = tiling.pairedEpilogue;
    tile.wideEpilogue = tiling.pairedEpilogue && tiling.wideEpilogue;
    tile.l1Bypass = tiling.l1Bypass;
    chooseWarpLayout(tile, bKMajor);
    chooseStages(tile, aKMajor, bKMajor, tiling.tensorCoreMaxStages);
    if (tiling.splitK)
      chooseSplitK(tile, M, N, dims.extent(dims.k, ranges), batch,
                   tiling.targetBlocks);
    return tile;
  };
  // The tile completed, when its pipeline (2 stages at least) fits in
  // shared memory.
  auto fitting = [&](TensorCoreConfig tile) -> std::optional<TensorCoreConfig> {
    tile = complete(tile);
    if (getTensorCoreSharedBytes(tile, aKMajor, bKMajor) >
        kMaxStaticSharedBytes)
      return std::nullopt;
    return tile;
  };
  // A tuned tile that does not fit (layouts change between versions) is
  // not used.
  auto tuned = tiling.tunedTiles.find(
      getGemmKey(M, N, dims.extent(dims.k, ranges), batch));
  if (tuned != tiling.tunedTiles.end())
    if (std::optional<TensorCoreConfig> tile =
            fitting({tuned->second.m, tuned->second.n})) {
      tile->tuned = true;
      return *tile;
    }
  if (std::optional<TensorCoreConfig> tile =
          chooseBlockTile(M, N, batch, tiling.targetBlocks, fitting))
    return *tile;
  // None gives enough blocks: the smallest (most blocks).
  return complete(kTensorCoreTiles[std::size(kTensorCoreTiles) - 1]);
}

std::string describeTensorCoreTiles() {
  SmallVector<std::string> names;
  for (ArrayRef<TensorCoreConfig> tiles :
       {ArrayRef(kTensorCoreTiles), ArrayRef(kTuningOnlyTiles)})
    for (const TensorCoreConfig &t : tiles)
      names.push_back(std::to_string(t.m) + "x" + std::to_string(t.n));
  std::string text = llvm::join(ArrayRef(names).drop_back(), ", ");
  return text + " or " + names.back();
}

bool isTensorCoreTile(int64_t m, int64_t n) {
  auto is = [&](const TensorCoreConfig &t) { return t.m == m && t.n == n; };
  return llvm::any_of(kTensorCoreTiles, is) ||
         llvm::any_of(kTuningOnlyTiles, is);
}

SmallVector<Type> getTensorCoreBuffers(linalg::LinalgOp op,
                                       const TensorCoreConfig &tile) {
  SmallVector<Type> types;
  for (auto [operand, rows, kMajor] :
       {std::tuple{op.getDpsInputOperand(0), tile.m, tile.aKMajor},
        std::tuple{op.getDpsInputOperand(1), tile.n, tile.bKMajor}}) {
    types.push_back(MemRefType::get(
        StagedOperand::shape(rows, kMajor, tile),
        cast<MemRefType>(operand->get().getType()).getElementType(),
        AffineMap(),
        gpu::AddressSpaceAttr::get(op.getContext(),
                                   gpu::AddressSpace::Workgroup)));
  }
  return types;
}

void emitTensorCoreGemm(OpBuilder &b, linalg::LinalgOp op, IRMapping &mapping,
                        ArrayRef<int64_t> ranges, const Combiner &combiner,
                        const TensorCoreConfig &tile, ArrayRef<Value> shared,
                        linalg::LinalgOp initializer, linalg::LinalgOp epilogue,
                        bool storeOutput, bool interiorEpilogue,
                        ArrayRef<std::optional<PaddedInput>> padded,
                        Value partials, Launch &launch) {
  Location loc = op.getLoc();
  ContractionDims dims = *matchContraction(op, combiner);
  int64_t M = dims.extent(dims.m, ranges), N = dims.extent(dims.n, ranges),
          K = dims.extent(dims.k, ranges),
          batch = dims.extent(dims.batch, ranges);
  const int64_t BK = tile.k, threads = tile.threads();
  Type halfType = tile.bfloat ? Type(b.getBF16Type()) : b.getF16Type();
  const int64_t splits = partials ? tile.splitK : 1;
  launch.grid = {ceilDiv(M, tile.m), ceilDiv(N, tile.n), batch * splits};
  launch.block = {threads, 1, 1};
  launch.flops = 2 * M * N * K * batch;
  launch.strategy = describeGemm(
      tile.half ? (tile.bfloat ? "tensor cores bf16" : "tensor cores f16")
                : "tensor cores tf32",
      tile.m, tile.n, M, N, K, batch);
  if (tile.warps != 8)
    launch.strategy += ", " + std::to_string(tile.warps) + " warps";
  if (tile.swizzled)
    launch.strategy += ", swizzled rows";
  if (splits > 1)
    launch.strategy += ", split-K " + std::to_string(splits);
  if (tile.tuned)
    launch.strategy += " (tuned)";
  auto c = [&](int64_t v) { return constantIndex(b, loc, v); };

  Value tid = gpu::ThreadIdOp::create(b, loc, gpu::Dimension::x);
  Value m0 = arith::MulIOp::create(
      b, loc, gpu::BlockIdOp::create(b, loc, gpu::Dimension::x), c(tile.m));
  Value n0 = arith::MulIOp::create(
      b, loc, gpu::BlockIdOp::create(b, loc, gpu::Dimension::y), c(tile.n));
  // Block z computes batch z / splits, over the K steps of split z %
  // splits (each `splitSteps` long) when K is split.
  const int64_t steps = ceilDiv(K, BK), splitSteps = steps / splits;
  Value z = gpu::BlockIdOp::create(b, loc, gpu::Dimension::z);
  Value kBase = c(0), batchIndex = z;
  if (splits > 1) {
    batchIndex = arith::DivUIOp::create(b, loc, z, c(splits));
    kBase = arith::MulIOp::create(b, loc,
                                  arith::RemUIOp::create(b, loc, z, c(splits)),
                                  c(splitSteps * BK));
  }
  SmallVector<Value> base = getBatchIndices(b, loc, dims, ranges, batchIndex);

  StagedOperand staged[2] = {
      {op.getDpsInputOperand(0), dims.m, tile.m, M, tile.aKMajor, shared[0]},
      {op.getDpsInputOperand(1), dims.n, tile.n, N, tile.bKMajor, shared[1]}};

  // What each thread copies per K slice. A K-major operand (contiguous
  // along its rows): lane l of warp w copies rows l, l + 32, ... at slice
  // columns 2w and 2w + 1, so a warp reads 32 consecutive addresses. A
  // row-major one (contiguous along K): thread t copies column t % 16 of
  // rows t / 16, t / 16 + 16, .... Either way a thread touches few rows
  // and columns: a row's offset (and whether it is inside the operand) is
  // computed once, a column's once per slice, and each copy adds the two.
  // Rows are all inside when the tile divides the operand's rows, and
  // columns when BK divides K (the slice past the end is not copied).
  struct Row {
    Value slot, offset, inside;    // inside: null when always
    SmallVector<Value> checkBases; // the row part of each padding check
  };
  // A 16-bit operand copies pairs of halves (4-byte `cp.async`) where
  // copiesInRuns allows, with `wideCopies` runs of up to 8 halves (16
  // bytes) as long as every thread still copies one at least; single
  // halves otherwise. `cp.async` has no 2-byte form, so those go through
  // registers: loaded before the step's mma, stored to shared memory
  // after it (latency hidden behind the mma), visible after the next
  // barrier.
  struct Copies {
    const StagedOperand *operand;
    LinearAccess access;
    Value flat; // the operand as a 1-D memref from its base pointer
    SmallVector<Row> rows;
    SmallVector<std::pair<Value, Value>> columns; // slice column, its slot
    int64_t width = 1;                            // elements per copy
    bool async = true;     // cp.async, else through registers
    bool bypassL1 = false; // cp.async.cg (16-byte copies only)
    // A padded input's bounds checks: an element is inside the source
    // when each check's value lies in [0, its bound).
    SmallVector<LinearAccess> checks;
    SmallVector<int64_t> bounds;
  };
  const bool kDivides = K % BK == 0;
  const SmallVector<int64_t> kExtents = selectExtents(ranges, dims.k);
  // Every slice lies within one run of K's innermost loop (its extent a
  // multiple of BK): the main loop carries the K point of the slice it
  // copies ahead, advancing it by BK per step with compares and selects,
  // instead of dividing each step's K by the loops' extents (a 3x3
  // convolution's (kh, kw, c)).
  const bool carriesKPoint =
      kDivides && kExtents.size() > 1 && kExtents.back() % BK == 0;
  SmallVector<Copies, 2> copies;
  Value lane0 = arith::RemUIOp::create(b, loc, tid, c(32));
  Value warp0 = arith::DivUIOp::create(b, loc, tid, c(32));
  Value rowBases[2] = {m0, n0};
  for (auto [index, s, rowBase] : llvm::enumerate(staged, rowBases)) {
    Copies group{&s, {}, {}, {}, {}};
    Value source = mapping.lookup(s.operand->get());
    const PaddedInput *pad =
        padded.empty() || !padded[index] ? nullptr : &*padded[index];
    if (pad) {
      // The padded buffer's index j is the source's j + low[j]: checked
      // where the padding has extent along j.
      source = mapping.lookup(pad->source);
      auto sourceType = cast<MemRefType>(source.getType());
      auto paddedType = cast<MemRefType>(s.operand->get().getType());
      AffineMap map = op.getMatchingIndexingMap(s.operand);
      group.access = *getLinearAccess(map, sourceType, pad->low);
      for (auto [j, expr] : llvm::enumerate(map.getResults())) {
        int64_t size = sourceType.getDimSize(j);
        if (pad->low[j] == 0 && paddedType.getDimSize(j) == size)
          continue;
        LinearAccess check = *flattenAffine(expr, map.getNumDims());
        check.constant -= pad->low[j];
        group.checks.push_back(std::move(check));
        group.bounds.push_back(size);
      }
    } else {
      group.access = *getLinearAccess(op, *s.operand);
    }
    if (!tile.pairedSlots()) {
      // Swizzled f32 operands copy 16, 8 or 4 bytes (4, 2 or 1 floats).
      ArrayRef<unsigned> runDims = s.kMajor ? s.rowDims : dims.k;
      int64_t widest = tile.half ? (tile.wideCopies ? 8 : 2) : 4;
      for (int64_t width = widest; width >= (tile.half ? 2 : 1); width /= 2) {
        if (s.rows * BK / width >= threads &&
            copiesInRuns(group.access, runDims, ranges, width, group.checks)) {
          group.width = width;
          break;
        }
      }
      group.async = !tile.half || group.width > 1;
    }
    group.bypassL1 =
        group.async && group.width * tile.elementBytes() == 16 &&
        (tile.l1Bypass == L1Bypass::All ||
         (tile.swizzled && (tile.l1Bypass == L1Bypass::Swizzled ||
                            (tile.l1Bypass == L1Bypass::SwizzledWideK &&
                             kExtents.back() >= BK))));
    group.flat = memref::ReinterpretCastOp::create(
        b, loc,
        MemRefType::get({group.access.span},
                        cast<MemRefType>(source.getType()).getElementType()),
        source, /*offset=*/0, ArrayRef<int64_t>{group.access.span},
        ArrayRef<int64_t>{1});
    // The batch part and the constant, common to every row.
    SmallVector<Value> batchPoint =
        selectAt(ArrayRef<Value>(base), ArrayRef<unsigned>(dims.batch));
    Value start = emitLinearOffset(b, loc, group.access, dims.batch, batchPoint,
                                   c(group.access.constant));
    SmallVector<Value> checkStarts;
    for (const LinearAccess &check : group.checks)
      checkStarts.push_back(emitLinearOffset(b, loc, check, dims.batch,
                                             batchPoint, c(check.constant)));
    SmallVector<Value> rows, columns;
    if (!tile.pairedSlots()) {
      // Copies of `width` elements along the contiguous dimension:
      // a K-major operand's thread copies rows w u to w u + w - 1 (u = t %
      // (rows / w)) at several columns, a row-major one's columns w v to
      // w v + w - 1 (v = t % (BK / w)) of several rows. With more such
      // units than threads (a K-major operand of 256 rows copied a half at
      // a time by 128 threads) each thread takes units u, u + threads, ...
      // at every column.
      int64_t units = (s.kMajor ? s.rows : BK) / group.width;
      int64_t unitsPerThread = std::max<int64_t>(1, units / threads);
      assert(units % unitsPerThread == 0 && "units and threads: powers of 2");
      int64_t unitThreads = units / unitsPerThread;
      Value unit = arith::RemUIOp::create(b, loc, tid, c(unitThreads));
      Value outer = arith::DivUIOp::create(b, loc, tid, c(unitThreads));
      SmallVector<Value> inners;
      for (int64_t u = 0; u < unitsPerThread; ++u)
        inners.push_back(arith::MulIOp::create(
            b, loc,
            u ? arith::AddIOp::create(b, loc, unit, c(u * unitThreads))
                    .getResult()
              : unit,
            c(group.width)));
      int64_t outerCount = (s.kMajor ? BK : s.rows) * unitThreads / threads;
      SmallVector<Value> outers;
      for (int64_t q = 0; q < outerCount; ++q)
        outers.push_back(
            arith::AddIOp::create(b, loc, outer, c(q * threads / unitThreads)));
      if (s.kMajor) {
        rows = inners;
        columns = outers;
      } else {
        rows = outers;
        columns = inners;
      }
    } else if (s.kMajor) {
      for (int64_t r = 0; r < s.rows / 32; ++r)
        rows.push_back(arith::AddIOp::create(b, loc, lane0, c(32 * r)));
      for (int64_t j = 0; j < BK * 32 / threads; ++j)
        columns.push_back(arith::AddIOp::create(
            b, loc, arith::MulIOp::create(b, loc, warp0, c(BK * 32 / threads)),
            c(j)));
    } else {
      Value row = arith::DivUIOp::create(b, loc, tid, c(BK));
      for (int64_t q = 0; q < s.rows * BK / threads; ++q)
        rows.push_back(arith::AddIOp::create(b, loc, row, c(q * threads / BK)));
      columns.push_back(arith::RemUIOp::create(b, loc, tid, c(BK)));
    }
    for (Value kk : columns)
      group.columns.push_back(
          {kk, tile.pairedSlots()
                   ? getPairedSlot(b, loc, kk, 4, /*groupBits=*/8)
                   : kk});
    bool rowsDivide = s.rowCount % s.rows == 0;
    for (Value row : rows) {
      Value r = arith::AddIOp::create(b, loc, rowBase, row);
      Value inside;
      if (!rowsDivide) {
        inside = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ult, r,
                                       c(s.rowCount));
        // Outside, copy nothing (zero-fill) from a valid address.
        r = arith::SelectOp::create(b, loc, inside, r, c(0));
      }
      SmallVector<Value> point =
          delinearize(b, loc, r, selectExtents(ranges, s.rowDims));
      Value offset =
          emitLinearOffset(b, loc, group.access, s.rowDims, point, start);
      Value slot =
          s.kMajor && index == 0 && !tile.half
              ? getPairedSlot(b, loc, row, 8, /*groupBits=*/~int64_t(15))
              : row;
      SmallVector<Value> checkBases;
      for (auto [check, checkStart] : llvm::zip(group.checks, checkStarts))
        checkBases.push_back(
            emitLinearOffset(b, loc, check, s.rowDims, point, checkStart));
      group.rows.push_back({slot, offset, inside, std::move(checkBases)});
    }
    copies.push_back(std::move(group));
  }

  // Calls `body(group, row, kSlot, src, inside)` for every element (or
  // pair) this thread copies of K slice [k0, k0 + BK): its source offset
  // in `group.flat`, and whether it is inside the operand (null: always).
  // `k0Point`, when given, is k0 delinearized over K's loops (a slice
  // within one run of the innermost: carriesKPoint): a column's point is
  // then k0's with column added to the innermost index, no division.
  auto forEachCopy =
      [&](OpBuilder &b, Value k0, ArrayRef<Value> k0Point, bool async,
          function_ref<void(const Copies &, const Row &, Value, Value, Value)>
              body) {
        for (const Copies &group : copies) {
          if (group.async != async)
            continue;
          for (auto [kk, kSlot] : group.columns) {
            Value k = arith::AddIOp::create(b, loc, k0, kk);
            Value kInside;
            if (!kDivides) {
              kInside = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ult,
                                              k, c(K));
              k = arith::SelectOp::create(b, loc, kInside, k, c(0));
            }
            SmallVector<Value> kPoint;
            if (k0Point.empty()) {
              kPoint = delinearize(b, loc, k, kExtents);
            } else {
              kPoint.assign(k0Point.begin(), k0Point.end());
              kPoint.back() = arith::AddIOp::create(b, loc, kPoint.back(), kk);
            }
            Value kOffset =
                emitLinearOffset(b, loc, group.access, dims.k, kPoint, c(0));
            SmallVector<Value> checkParts;
            for (const LinearAccess &check : group.checks)
              checkParts.push_back(
                  emitLinearOffset(b, loc, check, dims.k, kPoint, c(0)));
            for (const Row &row : group.rows) {
              Value inside = row.inside;
              auto both = [&](Value condition) {
                inside = inside
                             ? arith::AndIOp::create(b, loc, inside, condition)
                                   .getResult()
                             : condition;
              };
              if (kInside)
                both(kInside);
              for (auto [base, part, bound] :
                   llvm::zip(row.checkBases, checkParts, group.bounds))
                both(arith::CmpIOp::create(
                    b, loc, arith::CmpIPredicate::ult,
                    arith::AddIOp::create(b, loc, base, part), c(bound)));
              Value src = arith::AddIOp::create(b, loc, row.offset, kOffset);
              // In the padding the offset may leave the source: copy
              // nothing from a valid address.
              if (!group.checks.empty())
                src = arith::SelectOp::create(b, loc, inside, src, c(0));
              body(group, row, kSlot, src, inside);
            }
          }
        }
      };
  // The swizzled column of `kSlot` in row `row` (TensorCoreConfig::
  // swizzled): its 16-byte chunk (8 halves or 4 floats) XOR (row / 2) %
  // 4. An aligned copy of up to 16 bytes stays within its chunk.
  auto swizzle = [&](OpBuilder &b, Value row, Value kSlot) {
    Value bits = arith::ShLIOp::create(
        b, loc,
        arith::AndIOp::create(b, loc, arith::ShRUIOp::create(b, loc, row, c(1)),
                              c(3)),
        c(llvm::Log2_64(tile.chunkElements())));
    return arith::XOrIOp::create(b, loc, kSlot, bits).getResult();
  };
  auto destination = [&](OpBuilder &b, const StagedOperand &s, Value stage,
                         Value kSlot, const Row &row) {
    if (tile.swizzled)
      return SmallVector<Value>{stage, row.slot, swizzle(b, row.slot, kSlot)};
    return s.kMajor ? SmallVector<Value>{stage, kSlot, row.slot}
                    : SmallVector<Value>{stage, row.slot, kSlot};
  };
  // Starts the `cp.async` copies of K slice [k0, k0 + BK) into `stage`;
  // one group.
  auto issue = [&](OpBuilder &b, Value stage, Value k0,
                   ArrayRef<Value> k0Point) {
    SmallVector<Value> tokens;
    forEachCopy(
        b, k0, k0Point, /*async=*/true,
        [&](const Copies &group, const Row &row, Value kSlot, Value src,
            Value inside) {
          Value count = inside ? arith::SelectOp::create(b, loc, inside,
                                                         c(group.width), c(0))
                                     .getResult()
                               : Value();
          // Past L1 (.cg) where group.bypassL1 (L1Bypass; ResNet-50 b256
          // 3% faster at fp16 and tf32), else cached in L1 (.ca), where
          // neighbouring windows' re-reads may hit (the eighth session's
          // kernels, 4-byte copies into padded rows, were 9% slower with
          // .cg).
          tokens.push_back(nvgpu::DeviceAsyncCopyOp::create(
              b, loc, group.operand->buffer,
              destination(b, *group.operand, stage, kSlot, row), group.flat,
              ValueRange{src}, b.getIndexAttr(group.width), count,
              /*bypassL1=*/group.bypassL1 ? b.getUnitAttr() : UnitAttr()));
        });
    return nvgpu::DeviceAsyncCreateGroupOp::create(b, loc, tokens).getResult();
  };
  // The copies through registers of slice [k0, k0 + BK): the loaded
  // values (zero outside the operand), then their stores into `stage`.
  bool registerCopies =
      llvm::any_of(copies, [](const Copies &group) { return !group.async; });
  auto loadSlice = [&](OpBuilder &b, Value k0, ArrayRef<Value> k0Point) {
    SmallVector<Value> values;
    forEachCopy(
        b, k0, k0Point, /*async=*/false,
        [&](const Copies &group, const Row &, Value, Value src, Value inside) {
          Value v = memref::LoadOp::create(b, loc, group.flat, src);
          if (inside)
            v = arith::SelectOp::create(
                b, loc, inside, v,
                arith::ConstantOp::create(b, loc, b.getZeroAttr(v.getType())));
          values.push_back(v);
        });
    return values;
  };
  auto storeSlice = [&](OpBuilder &b, Value stage, Value k0,
                        ArrayRef<Value> k0Point, ArrayRef<Value> values) {
    size_t next = 0;
    forEachCopy(
        b, k0, k0Point, /*async=*/false,
        [&](const Copies &group, const Row &row, Value kSlot, Value, Value) {
          memref::StoreOp::create(
              b, loc, values[next++], group.operand->buffer,
              destination(b, *group.operand, stage, kSlot, row));
        });
  };

  // Warp and lane coordinates: lane = 4 * group + thread-in-group.
  Value lane = arith::RemUIOp::create(b, loc, tid, c(32));
  Value warp = arith::DivUIOp::create(b, loc, tid, c(32));
  Value group = arith::DivUIOp::create(b, loc, lane, c(4));
  Value inGroup = arith::RemUIOp::create(b, loc, lane, c(4));
  Value warpM = arith::MulIOp::create(
      b, loc, arith::RemUIOp::create(b, loc, warp, c(tile.warpsM)),
      c(tile.m / tile.warpsM));
  Value warpN = arith::MulIOp::create(
      b, loc, arith::DivUIOp::create(b, loc, warp, c(tile.warpsM)),
      c(tile.n / tile.warpsN()));

  const int64_t fm = tile.fragmentsM(), fn = tile.fragmentsN();
  auto accType = VectorType::get({2, 2}, b.getF32Type());
  Value zeroAcc = arith::ConstantOp::create(
      b, loc, accType, DenseElementsAttr::get(accType, 0.0f));
  SmallVector<Value> init(fm * fn, zeroAcc);

  // The pipeline: slices 0 to S - 2 start before the loop, one group
  // each; step s waits for slice s, then starts slice s + S - 1 into the
  // stage step s - 1 read (every thread is past that step: the barrier),
  // and multiplies slice s. Past the last slice an empty group keeps the
  // count of groups in flight.
  const int64_t S = tile.stages;
  // Slice p of this block's K range starts at kBase + p * BK.
  auto sliceK = [&](OpBuilder &b, Value p) {
    return arith::AddIOp::create(b, loc, kBase,
                                 arith::MulIOp::create(b, loc, p, c(BK)))
        .getResult();
  };
  auto emptyGroup = [&](OpBuilder &b) {
    return nvgpu::DeviceAsyncCreateGroupOp::create(b, loc, ValueRange{})
        .getResult();
  };
  Value lastPrologueGroup;
  for (int64_t p = 0; p + 1 < S; ++p) {
    lastPrologueGroup =
        p < splitSteps ? issue(b, c(p), sliceK(b, c(p)), {}) : emptyGroup(b);
    if (p < splitSteps && registerCopies)
      storeSlice(b, c(p), sliceK(b, c(p)), {},
                 loadSlice(b, sliceK(b, c(p)), {}));
  }
  // Carried past the accumulators: unless S is a power of two (a mask),
  // the stage step s multiplies (s % S) and the one it refills ((s + S -
  // 1) % S, what step s - 1 multiplied); with carriesKPoint the K point of
  // slice s + S - 1. No step divides.
  const bool carriesStages = !llvm::isPowerOf2_64(S);
  const size_t numAcc = init.size();
  if (carriesStages) {
    init.push_back(c(0));
    init.push_back(c(S - 1));
  }
  if (carriesKPoint)
    llvm::append_range(init,
                       delinearize(b, loc, sliceK(b, c(S - 1)), kExtents));
  auto kLoop = scf::ForOp::create(b, loc, c(0), c(splitSteps), c(1), init);
  {
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(kLoop.getBody());
    Value step = kLoop.getInductionVar();
    ValueRange carried = kLoop.getRegionIterArgs().drop_front(numAcc);
    Value current, aheadStage;
    if (carriesStages) {
      current = carried[0];
      aheadStage = carried[1];
      carried = carried.drop_front(2);
    } else {
      current = arith::RemUIOp::create(b, loc, step, c(S));
    }
    SmallVector<Value> aheadPoint(carried);
    // All but the newest S - 2 groups landed: this step's slice is in
    // place, for every thread after the barrier.
    nvgpu::DeviceAsyncWaitOp::create(b, loc, lastPrologueGroup,
                                     b.getI32IntegerAttr(S - 2));
    gpu::BarrierOp::create(b, loc);
    Value ahead = arith::AddIOp::create(b, loc, step, c(S - 1));
    if (!carriesStages)
      aheadStage = arith::RemUIOp::create(b, loc, ahead, c(S));
    Value aheadK = sliceK(b, ahead);
    Value aheadExists = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ult,
                                              ahead, c(splitSteps));
    scf::IfOp::create(
        b, loc, aheadExists,
        [&](OpBuilder &b, Location loc) {
          scf::YieldOp::create(b, loc,
                               issue(b, aheadStage, aheadK, aheadPoint));
        },
        [&](OpBuilder &b, Location loc) {
          scf::YieldOp::create(b, loc, emptyGroup(b));
        });
    // Register copies of the slice ahead: loaded now, stored after the
    // mma (below).
    scf::IfOp aheadLoads;
    if (registerCopies) {
      size_t loaded = 0; // values per slice (the then-builder runs first)
      aheadLoads = scf::IfOp::create(
          b, loc, aheadExists,
          [&](OpBuilder &b, Location loc) {
            SmallVector<Value> values = loadSlice(b, aheadK, aheadPoint);
            loaded = values.size();
            scf::YieldOp::create(b, loc, values);
          },
          [&](OpBuilder &b, Location loc) {
            Value zero =
                arith::ConstantOp::create(b, loc, b.getZeroAttr(halfType));
            scf::YieldOp::create(b, loc, SmallVector<Value>(loaded, zero));
          });
    }

    SmallVector<Value> acc(kLoop.getRegionIterArgs().take_front(numAcc));
    // A step in swizzled rows (TensorCoreConfig::swizzled), either
    // precision: two halves h of K (16 halves or 8 floats each). Every
    // fragment starts at a multiple of 8 rows, so a lane's rows share the
    // swizzle (lane / 2) % 4. Each A fragment of half h is one x4
    // ldmatrix, lane l addressing row l % 16, chunk 2 h + l / 16 (16-bit:
    // matrices (rows 0-7 | 8-15) x (k 0-7 | 8-15); f32: an 8x8 b16 matrix
    // is 8 rows of 4 floats, lane l receiving row l / 4, float l % 4,
    // element (g, t) of an m16n8k8 fragment). Each B fragment column is
    // one x4 for both halves, lane l addressing row l % 8, chunk l / 8.
    // `aFragment` and `bFragment` (of half h) make the loaded registers
    // mma operands; `mma` multiplies them into an accumulator.
    auto multiplySwizzled = [&](function_ref<Value(Value)> aFragment,
                                function_ref<Value(Value, int64_t)> bFragment,
                                function_ref<Value(Value, Value, Value)> mma) {
      // Four 32-bit registers of 2 halves or 1 float.
      auto registers =
          VectorType::get({4, 4 / tile.elementBytes()},
                          tile.half ? halfType : Type(b.getF32Type()));
      Value lane16 = arith::RemUIOp::create(b, loc, lane, c(16));
      Value lane8 = arith::RemUIOp::create(b, loc, lane, c(8));
      Value aChunk = arith::DivUIOp::create(b, loc, lane, c(16));
      Value bChunk = arith::DivUIOp::create(b, loc, lane, c(8));
      auto load = [&](const StagedOperand &s, Value row, Value chunk) {
        Value col =
            arith::MulIOp::create(b, loc, chunk, c(tile.chunkElements()));
        return nvgpu::LdMatrixOp::create(
            b, loc, registers, s.buffer,
            ValueRange{current, row, swizzle(b, row, col)},
            /*transpose=*/false, /*numTiles=*/4);
      };
      SmallVector<Value> as[2], bs[2];
      for (int64_t h = 0; h < 2; ++h)
        for (int64_t i = 0; i < fm; ++i) {
          Value row = arith::AddIOp::create(
              b, loc, arith::AddIOp::create(b, loc, warpM, c(16 * i)), lane16);
          Value chunk = arith::AddIOp::create(b, loc, aChunk, c(2 * h));
          as[h].push_back(aFragment(load(staged[0], row, chunk)));
        }
      for (int64_t j = 0; j < fn; ++j) {
        Value row = arith::AddIOp::create(
            b, loc, arith::AddIOp::create(b, loc, warpN, c(8 * j)), lane8);
        Value loaded = load(staged[1], row, bChunk);
        for (int64_t h = 0; h < 2; ++h)
          bs[h].push_back(bFragment(loaded, h));
      }
      for (int64_t h = 0; h < 2; ++h)
        for (int64_t i = 0; i < fm; ++i)
          for (int64_t j = 0; j < fn; ++j)
            acc[i * fn + j] = mma(as[h][i], bs[h][j], acc[i * fn + j]);
    };
    if (tile.half) {
      // 16-bit: m16n8k16 steps, fragments loaded with ldmatrix
      // (each lane addresses one 16-byte row of an 8x8 matrix; `.trans`
      // when the operand is contiguous along the fragment's other
      // dimension). A (x4): matrices (rows 0-7 | 8-15) x (k 0-7 | 8-15) in
      // the order of the fragment's registers; B (x2): k 0-7, then 8-15
      // (16-deep slices; swizzled 32-deep ones: multiplySwizzled).
      Value lane16 = arith::RemUIOp::create(b, loc, lane, c(16));
      Value lane8 = arith::RemUIOp::create(b, loc, lane, c(8));
      Value matrix = arith::DivUIOp::create(b, loc, lane, c(8)); // 0 to 3
      auto ldmatrix = [&](const StagedOperand &s, Value row, Value col,
                          int64_t tiles, bool transpose) {
        return nvgpu::LdMatrixOp::create(
            b, loc, VectorType::get({tiles, 2}, halfType), s.buffer,
            ValueRange{current, row, col}, transpose, tiles);
      };
      auto mma = [&](Value a, Value bv, Value acc) -> Value {
        if (tile.bfloat)
          return emitBF16Mma(b, loc, a, bv, acc);
        return nvgpu::MmaSyncOp::create(b, loc, a, bv, acc,
                                        ArrayRef<int64_t>{16, 8, 16},
                                        /*tf32Enabled=*/false);
      };
      if (tile.swizzled) {
        // B's x4 holds both halves: registers 2 h and 2 h + 1 as an x2.
        auto halfType2 = VectorType::get({2, 2}, halfType);
        Value zeroHalf = arith::ConstantOp::create(b, loc, halfType2,
                                                   b.getZeroAttr(halfType2));
        multiplySwizzled(
            [](Value loaded) { return loaded; },
            [&](Value loaded, int64_t h) {
              Value result = zeroHalf;
              for (int64_t r = 0; r < 2; ++r)
                result = vector::InsertOp::create(
                    b, loc,
                    vector::ExtractOp::create(b, loc, loaded, 2 * h + r),
                    result, r);
              return result;
            },
            mma);
      } else {
        SmallVector<Value> as, bs;
        for (int64_t i = 0; i < fm; ++i) {
          Value fragment = arith::AddIOp::create(b, loc, warpM, c(16 * i));
          Value a;
          if (staged[0].kMajor) {
            // [k][m]: lane l addresses k = l % 8 + 8 (l / 16), m = 8 ((l / 8)
            // % 2).
            Value k = arith::AddIOp::create(
                b, loc, lane8,
                arith::MulIOp::create(
                    b, loc, arith::DivUIOp::create(b, loc, lane, c(16)), c(8)));
            Value m = arith::AddIOp::create(
                b, loc, fragment,
                arith::MulIOp::create(
                    b, loc, arith::RemUIOp::create(b, loc, matrix, c(2)),
                    c(8)));
            a = ldmatrix(staged[0], k, m, 4, /*transpose=*/true);
          } else {
            // [m][k]: lane l addresses m = l % 16, k = 8 (l / 16).
            Value m = arith::AddIOp::create(b, loc, fragment, lane16);
            Value k = arith::MulIOp::create(
                b, loc, arith::DivUIOp::create(b, loc, lane, c(16)), c(8));
            a = ldmatrix(staged[0], m, k, 4, /*transpose=*/false);
          }
          as.push_back(a);
        }
        for (int64_t j = 0; j < fn; ++j) {
          Value fragment = arith::AddIOp::create(b, loc, warpN, c(8 * j));
          Value bv;
          if (staged[1].kMajor) {
            // [k][n]: lane l (< 16) addresses k = l, n = 0.
            bv = ldmatrix(staged[1], lane16, fragment, 2, /*transpose=*/true);
          } else {
            // [n][k]: lane l addresses n = l % 8, k = 8 ((l / 8) % 2).
            Value n = arith::AddIOp::create(b, loc, fragment, lane8);
            Value k = arith::MulIOp::create(
                b, loc, arith::RemUIOp::create(b, loc, matrix, c(2)), c(8));
            bv = ldmatrix(staged[1], n, k, 2, /*transpose=*/false);
          }
          bs.push_back(bv);
        }
        for (int64_t i = 0; i < fm; ++i)
          for (int64_t j = 0; j < fn; ++j)
            acc[i * fn + j] = mma(as[i], bs[j], acc[i * fn + j]);
      }
    } else {
      auto tf32 = [&](Value v) -> Value {
        Value rounded = NVVM::ConvertFloatToTF32Op::create(
            b, loc, b.getI32Type(), v, NVVM::FPRoundingMode::RNA,
            NVVM::SaturationMode::NONE, /*relu=*/false);
        return arith::BitcastOp::create(b, loc, b.getF32Type(), rounded);
      };
      auto pair = VectorType::get({2}, b.getF32Type());
      // Operand `s`'s elements as the mma takes them: rounded to TF32
      // unless exact already.
      auto operandValue = [&](const StagedOperand &s, Value v) -> Value {
        bool round = &s == &staged[0] ? tile.roundA : tile.roundB;
        return round ? tf32(v) : v;
      };
      // Two neighbouring slots, 8-byte aligned (even slots, even rows).
      auto load2 = [&](const StagedOperand &s, Value i, Value j) {
        Value v = vector::LoadOp::create(
            b, loc, pair, s.buffer, ValueRange{current, i, j},
            /*nontemporal=*/false, llvm::MaybeAlign(8));
        return std::pair{
            operandValue(s, vector::ExtractOp::create(b, loc, v, 0)),
            operandValue(s, vector::ExtractOp::create(b, loc, v, 1))};
      };
      if (tile.swizzled) {
        // Registers `regs` of a loaded x4, rounded: A's are (g, t),
        // (g + 8, t), (g, t + 4), (g + 8, t + 4); B's 2 h and 2 h + 1 are
        // half h's k = t and t + 4 of column g.
        Type f32 = b.getF32Type();
        auto fragment = [&](const StagedOperand &s, Value loaded,
                            ArrayRef<int64_t> regs) -> Value {
          SmallVector<Value> e;
          for (int64_t r : regs)
            e.push_back(
                operandValue(s, vector::ExtractOp::create(
                                    b, loc, loaded, ArrayRef<int64_t>{r, 0})));
          return vector::FromElementsOp::create(
              b, loc, VectorType::get({int64_t(regs.size()), 1}, f32), e);
        };
        multiplySwizzled(
            [&](Value loaded) {
              return fragment(staged[0], loaded, {0, 1, 2, 3});
            },
            [&](Value loaded, int64_t h) {
              return fragment(staged[1], loaded, {2 * h, 2 * h + 1});
            },
            [&](Value a, Value bv, Value acc) -> Value {
              return nvgpu::MmaSyncOp::create(b, loc, a, bv, acc,
                                              ArrayRef<int64_t>{16, 8, 8},
                                              /*tf32Enabled=*/true);
            });
      } else {
        // Thread-in-group t holds k = t and t + 4: slots 2t and 2t + 1.
        Value kSlot0 = arith::MulIOp::create(b, loc, inGroup, c(2));
        Value group2 = arith::MulIOp::create(b, loc, group, c(2));
        for (int64_t k8 = 0; k8 < BK; k8 += 8) {
          Value k = arith::AddIOp::create(b, loc, kSlot0, c(k8));
          Value k1 = arith::AddIOp::create(b, loc, k, c(1));
          SmallVector<Value> as, bs;
          // A fragment: rows g, g + 8 at k = t, t + 4, elements in the order
          // (g, t), (g + 8, t), (g, t + 4), (g + 8, t + 4).
          for (int64_t i = 0; i < fm; ++i) {
            Value fragment = arith::AddIOp::create(b, loc, warpM, c(16 * i));
            SmallVector<Value> e(4);
            if (staged[0].kMajor) {
              Value row = arith::AddIOp::create(b, loc, fragment, group2);
              std::tie(e[0], e[1]) = load2(staged[0], k, row);
              std::tie(e[2], e[3]) = load2(staged[0], k1, row);
            } else {
              Value row = arith::AddIOp::create(b, loc, fragment, group);
              Value row8 = arith::AddIOp::create(b, loc, row, c(8));
              std::tie(e[0], e[2]) = load2(staged[0], row, k);
              std::tie(e[1], e[3]) = load2(staged[0], row8, k);
            }
            as.push_back(vector::FromElementsOp::create(
                b, loc, VectorType::get({4, 1}, b.getF32Type()), e));
          }
          // B fragment: column g at k = t, t + 4.
          for (int64_t j = 0; j < fn; ++j) {
            Value col = arith::AddIOp::create(
                b, loc, warpN, arith::AddIOp::create(b, loc, group, c(8 * j)));
            SmallVector<Value> e(2);
            if (staged[1].kMajor) {
              e[0] = operandValue(staged[1], memref::LoadOp::create(
                                                 b, loc, staged[1].buffer,
                                                 ValueRange{current, k, col}));
              e[1] = operandValue(staged[1], memref::LoadOp::create(
                                                 b, loc, staged[1].buffer,
                                                 ValueRange{current, k1, col}));
            } else {
              std::tie(e[0], e[1]) = load2(staged[1], col, k);
            }
            bs.push_back(vector::FromElementsOp::create(
                b, loc, VectorType::get({2, 1}, b.getF32Type()), e));
          }
          for (int64_t i = 0; i < fm; ++i)
            for (int64_t j = 0; j < fn; ++j)
              acc[i * fn + j] = nvgpu::MmaSyncOp::create(
                  b, loc, as[i], bs[j], acc[i * fn + j],
                  ArrayRef<int64_t>{16, 8, 8}, /*tf32Enabled=*/true);
        }
      }
    }
    if (aheadLoads)
      scf::IfOp::create(b, loc, aheadExists, [&](OpBuilder &b, Location loc) {
        storeSlice(b, aheadStage, aheadK, aheadPoint,
                   SmallVector<Value>(aheadLoads.getResults()));
        scf::YieldOp::create(b, loc);
      });
    // The next step multiplies the stage after this one and refills this
    // one; its slice ahead is BK further along K.
    SmallVector<Value> yielded(acc);
    if (carriesStages) {
      Value next = arith::AddIOp::create(b, loc, current, c(1));
      yielded.push_back(arith::SelectOp::create(
          b, loc,
          arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, next, c(S)),
          c(0), next));
      yielded.push_back(current);
    }
    llvm::append_range(yielded,
                       advanceKPoint(b, loc, aheadPoint, kExtents, BK));
    scf::YieldOp::create(b, loc, yielded);
  }
  // Nothing may be left in flight when the block exits.
  Value empty = nvgpu::DeviceAsyncCreateGroupOp::create(b, loc, ValueRange{});
  nvgpu::DeviceAsyncWaitOp::create(b, loc, empty, b.getI32IntegerAttr(0));

  // Fragment (i, j) element [h][w] is output row 16 i + group + 8 h,
  // column 8 j + 2 inGroup + w of the warp's tile: a thread's w = 0, 1 are
  // neighbouring columns, handed to the epilogue as one pair where its
  // buffers allow (4- or 8-byte accesses instead of 2 of half the size).
  // Wider still (wideEpilogue), the quad exchanges the pairs of g
  // fragments j: each thread then holds 2 g neighbouring columns.
  ContractionOutput result{op, dims, base,        ranges,   combiner,
                           M,  N,    initializer, epilogue, storeOutput};
  auto forEachPoint =
      [&](OpBuilder &b, int64_t i, int64_t lanes,
          function_ref<void(Value, Value, ArrayRef<Value>)> body) {
        auto row = [&](int64_t h) {
          return arith::AddIOp::create(
              b, loc, arith::AddIOp::create(b, loc, m0, warpM),
              arith::AddIOp::create(b, loc, group, c(16 * i + 8 * h)));
        };
        auto element = [&](int64_t j, int64_t h, int64_t w) {
          return vector::ExtractOp::create(b, loc, kLoop.getResult(i * fn + j),
                                           ArrayRef<int64_t>{h, w})
              .getResult();
        };
        if (lanes > 2) {
          const int64_t g = lanes / 2;
          for (int64_t jj = 0; jj < fn / g; ++jj)
            for (int64_t h = 0; h < 2; ++h) {
              SmallVector<std::array<Value, 2>> pairs;
              for (int64_t j = g * jj; j < g * (jj + 1); ++j)
                pairs.push_back({element(j, h, 0), element(j, h, 1)});
              SmallVector<Value> values =
                  exchangeInQuad(b, loc, lane, inGroup, pairs);
              Value n = arith::AddIOp::create(
                  b, loc, arith::AddIOp::create(b, loc, n0, warpN),
                  arith::AddIOp::create(
                      b, loc, arith::MulIOp::create(b, loc, inGroup, c(lanes)),
                      c(8 * g * jj)));
              body(row(h), n, values);
            }
          return;
        }
        for (int64_t j = 0; j < fn; ++j)
          for (int64_t h = 0; h < 2; ++h)
            for (int64_t w = 0; w < 2; w += lanes) {
              Value m = row(h);
              Value inGroup2 = arith::MulIOp::create(b, loc, inGroup, c(2));
              Value n = arith::AddIOp::create(
                  b, loc, arith::AddIOp::create(b, loc, n0, warpN),
                  arith::AddIOp::create(b, loc, inGroup2, c(8 * j + w)));
              SmallVector<Value> values;
              for (int64_t k = 0; k < lanes; ++k)
                values.push_back(element(j, h, w + k));
              body(m, n, values);
            }
      };
  int64_t lanes = tile.pairedEpilogue && result.allowsLanes(2) ? 2 : 1;
  // 16 bytes of columns: 8 at 16 bits (g = 4 fragments), else 4 (g = 2).
  if (lanes == 2 && tile.wideEpilogue)
    for (int64_t g : {4, 2})
      if (fn % g == 0 && result.allowsLanes(2 * g)) {
        lanes = 2 * g;
        break;
      }
  // Split K: this block's partial sums, raw, to partials[z][m][n]; the
  // next launch (emitSplitKSum) adds them and applies the epilogue.
  if (splits > 1) {
    Value zBase = arith::MulIOp::create(b, loc, z, c(M * N));
    for (int64_t i = 0; i < fm; ++i)
      forEachPoint(b, i, 1, [&](Value m, Value n, ArrayRef<Value> values) {
        Value inside = arith::AndIOp::create(
            b, loc,
            arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ult, m, c(M)),
            arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ult, n, c(N)));
        scf::IfOp::create(b, loc, inside, [&](OpBuilder &b, Location loc) {
          Value index = arith::AddIOp::create(
              b, loc, zBase,
              arith::AddIOp::create(b, loc,
                                    arith::MulIOp::create(b, loc, m, c(N)), n));
          memref::StoreOp::create(b, loc, values.front(), partials, index);
          scf::YieldOp::create(b, loc);
        });
      });
    return;
  }
  // Every point guarded by its bounds.
  auto emitGuarded = [&](OpBuilder &b) {
    for (int64_t i = 0; i < fm; ++i)
      forEachPoint(b, i, lanes, [&](Value m, Value n, ArrayRef<Value> values) {
        result.emit(b, loc, mapping, m, n, values);
      });
  };
  if (!interiorEpilogue) {
    emitGuarded(b);
    return;
  }
  // A block whose tile lies inside the output needs no bounds checks: per
  // batch of points (16 a thread, in fragment order), all loads first, so
  // their latencies overlap, then the combines and stores.
  auto emitInterior = [&](OpBuilder &b) {
    std::vector<std::pair<ContractionOutput::Pending, SmallVector<Value>>>
        points;
    auto flush = [&] {
      for (auto &[pending, values] : points)
        result.finish(b, loc, mapping, pending, values);
      points.clear();
    };
    for (int64_t i = 0; i < fm; ++i)
      forEachPoint(b, i, lanes, [&](Value m, Value n, ArrayRef<Value> values) {
        points.emplace_back(result.load(b, loc, mapping, m, n, lanes,
                                        /*epilogueInputs=*/true),
                            SmallVector<Value>(values));
        if (points.size() * lanes == kInteriorEpilogueBatch)
          flush();
      });
    flush();
  };
  // Whether the block's tile ends inside the output along the dimensions
  // the tile does not divide (none: every block is interior).
  Value interior;
  for (auto [start, size, extent] :
       {std::tuple{m0, tile.m, M}, std::tuple{n0, tile.n, N}}) {
    if (extent % size == 0)
      continue;
    Value inside = arith::CmpIOp::create(
        b, loc, arith::CmpIPredicate::ule,
        arith::AddIOp::create(b, loc, start, c(size)), c(extent));
    interior =
        interior ? arith::AndIOp::create(b, loc, interior, inside) : inside;
  }
  if (!interior) {
    emitInterior(b);
    return;
  }
  auto ifOp = scf::IfOp::create(b, loc, interior, /*withElse=*/true);
  {
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(ifOp.thenBlock());
    emitInterior(b);
    b.setInsertionPointToStart(ifOp.elseBlock());
    emitGuarded(b);
  }
}

void emitSplitKSum(OpBuilder &b, linalg::LinalgOp op, IRMapping &mapping,
                   ArrayRef<int64_t> ranges, const Combiner &combiner,
                   int64_t splits, Value partials, linalg::LinalgOp initializer,
                   linalg::LinalgOp epilogue, bool storeOutput,
                   int64_t blockSize, Launch &launch) {
  Location loc = op.getLoc();
  ContractionDims dims = *matchContraction(op, combiner);
  int64_t M = dims.extent(dims.m, ranges), N = dims.extent(dims.n, ranges),
          batch = dims.extent(dims.batch, ranges);
  int64_t points = batch * M * N;
  launch.grid = {ceilDiv(points, blockSize), 1, 1};
  launch.block = {blockSize, 1, 1};
  launch.strategy = "split-K sum of " + std::to_string(splits) +
                    " partials and epilogue, 1 per thread";
  auto c = [&](int64_t v) { return constantIndex(b, loc, v); };
  Value p = arith::AddIOp::create(
      b, loc,
      arith::MulIOp::create(b, loc,
                            gpu::BlockIdOp::create(b, loc, gpu::Dimension::x),
                            c(blockSize)),
      gpu::ThreadIdOp::create(b, loc, gpu::Dimension::x));
  Value inside =
      arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ult, p, c(points));
  auto ifOp = scf::IfOp::create(b, loc, inside, /*withElse=*/false);
  OpBuilder::InsertionGuard guard(b);
  b.setInsertionPointToStart(ifOp.thenBlock());
  Value batchIndex = arith::DivUIOp::create(b, loc, p, c(M * N));
  Value mn = arith::RemUIOp::create(b, loc, p, c(M * N));
  Value m = arith::DivUIOp::create(b, loc, mn, c(N));
  Value n = arith::RemUIOp::create(b, loc, mn, c(N));
  // The splits in order, so the sum is the same every run.
  Value first = arith::AddIOp::create(
      b, loc, arith::MulIOp::create(b, loc, batchIndex, c(splits * M * N)), mn);
  Value acc;
  for (int64_t s = 0; s < splits; ++s) {
    Value partial = memref::LoadOp::create(
        b, loc, partials,
        ValueRange{arith::AddIOp::create(b, loc, first, c(s * M * N))});
    acc = acc ? emitCombine(b, combiner, acc, partial) : partial;
  }
  SmallVector<Value> base = getBatchIndices(b, loc, dims, ranges, batchIndex);
  ContractionOutput result{op, dims, base,        ranges,   combiner,
                           M,  N,    initializer, epilogue, storeOutput};
  result.emit(b, loc, mapping, m, n, acc);
}

} // namespace mlir::modelc::mapping

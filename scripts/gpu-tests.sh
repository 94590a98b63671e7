#!/bin/bash
# The GPU test tiers and the benchmark baseline, on the GPU machine, in one
# command. The GPU machine has CUDA, PyTorch and onnx but no LLVM/MLIR:
# scripts/gpu/prepare.sh, on the build machine, fills gpu/ (a static modelc,
# modelc-run, their shared libraries, the ONNX backend test data, the
# peers' benchmark); the device tool carries gpu/ with the checkout. Models
# too large to travel (ResNet-50 is ~100 MB) are exported here with torch
# and compiled here.
#
# usage: bash scripts/gpu-tests.sh [MODE...] (default all; modes run in order)
#        (default all)
#   conformance  the ONNX backend tests on sm_89 (each step, compile or
#                run, limited to CONFORMANCE_TIMEOUT seconds, default 60:
#                one hung test once took 300 s of a 600 s call)
#   models       ResNet-50, MobileNetV2, ViT-B/16 and the BERT-style encoder
#                against torch (batch 1, and batch 8 for the classifiers'
#                top-1 agreement), an artifact for a newer GPU refused, CUDA
#                graph replay at batch 1
#   robustness  the runtime's GPU tests (out of memory at creation, a run
#               after a failed run, a trapping kernel, 8 threads with own or
#               shared sessions, 1,000 create/destroy cycles) on the fixtures
#               and ResNet-50, and compute-sanitizer (memcheck, racecheck,
#               initcheck, synccheck) on ResNet-50 and every 8th node test;
#               `runtime` and `sanitizers` run either half
#   fusion ResNet-50 (batch 1, 8, 64), MobileNetV2, BERT, ViT compiled with
#          --fusion=off and on in the same run: launches and median latency
#          (after `models`, which exports them)
#   tf32   the tensor-core path: the backend tests and the models at
#          --precision tf32, then fp32 vs tf32 latency of ResNet-50 (batch
#          1 to 256), MobileNetV2, BERT (batch 1, 32) and ViT
#          (tf32-models, tf32-compare, conformance-tf32 run one part;
#          COMPARE="resnet50:1 resnet50:256" picks the compared models)
#   tf32-peers  peer_bench.py at tf32 for ResNet-50 (PEER_BATCHES,
#               default 1,256; PEER_MODES, default eager,compile)
#   benchmark  issue 6's table: models checked at BENCH_PRECISION (tf32),
#              modelc (at fp16/bf16 with 16-bit inputs and outputs, as the
#              peers) and the peers (eager, compile, reduce-overhead) timed
#              for BENCH_SPECS ("resnet50:1 resnet50:256 bert_base:1
#              bert_base:32 mobilenet_v2:1 mobilenet_v2:64"), one table;
#              BENCH_FLAGS: more modelc flags for the timed builds (e.g.
#              --tuning-cache FILE); each timed build is also checked
#              at its batch against torch's batch-1 output in every row
#   interior-epilogue  latency of the tensor-core epilogue's guarded path
#              (--gpu-interior-epilogue=false) against the default
#   ab     a flag (AB_FLAG, default --gpu-tensor-core-warps=8; AB_PRECISION;
#          AB_MODELC=gpu/bin/X.xz: another modelc build for 'on'):
#          the backend tests through it (AB_CONFORMANCE=1), the models
#          through it against torch (unless AB_MODELS=0), latency off/on
#          (COMPARE)
#   fp16   --precision fp16: the models against torch (f16 tensor cores),
#          latency against the FMA kernels and tf32 (COMPARE,
#          HALF_VARIANTS); bf16 the same at --precision bf16;
#          conformance-fp16 (conformance-bf16) runs the backend tests at
#          fp16 (bf16)
#   ncu    Nsight Compute sections of chosen ResNet-50 kernels (NCU_KERNELS,
#          NCU_BATCH, NCU_VARIANTS: extra modelc flags per build)
#   tune   scripts/gpu/tune.py on TUNE_MODEL (default resnet50; or
#          mobilenet_v2, bert_base; TUNE_BATCH, default 256;
#          TUNE_FLAGS modelc flags; TUNE_ARGS tune.py's, e.g.
#          "--algorithms 0 --keep-algorithms OLD_CACHE": tiles only,
#          cuBLASLt's lines copied): tiles and cuBLASLt algorithms, a tuning
#          cache, then heuristic against tuned latency and outputs, and
#          outputs with every cuBLASLt GEMM at algorithm 31 (fallback)
#   tile-check  each tile line of the tuning cache TILE_CACHE alone
#          (TUNE_MODEL, TUNE_BATCH, TUNE_FLAGS as tune) against the
#          heuristic build's outputs: which shape and tile change them
#          (TILE_CHECK_FLAGS: more modelc flags for the lines' builds only)
#   profile  modelc-run --profile of ResNet-50 batch 256 and 1 at tf32
#            (PROFILE_TOP kernels listed, default 20; 0: all)
#            (PROFILE="model:batch ..." picks others, PROFILE_PRECISION
#            another precision)
#   example  the quickstart's example model, default flags, against torch
#   attention  the fused attention kernel (fp16, bf16; and unfused)
#              against fp32 builds of two attention models, memcheck
#   bench  ResNet-50 fp32 at batch 1, 8, 64, 256: modelc-run --bench next to
#          PyTorch eager and torch.compile (peer_bench.py), per-kernel
#          throughput with Nsight Compute at batch 8
# The summary goes to $OUT/summary.md (the device tool's folder, else
# gpu-results/), every log into $OUT/logs.tar.gz.
# Without a GPU it says so and exits 77 (skipped).
set -uo pipefail
cd "$(dirname "$0")/.."
final=${OUT:-$PWD/gpu-results}
mkdir -p "$final"
if ! nvidia-smi -L >/dev/null 2>&1; then
  echo "SKIPPED: no GPU here (nvidia-smi finds none); the GPU tiers run on the GPU machine (see README)"
  exit 77
fi
if [ ! -f gpu/bin/modelc.xz ]; then
  echo "error: gpu/ is not prepared; run scripts/gpu/prepare.sh on the build machine and carry gpu/"
  exit 2
fi

work=/tmp/modelc-gpu
# Fresh each time: nothing from an earlier run (a warm machine) is reused.
rm -rf "$work"
mkdir -p "$work/bin" "$work/logs"
xz -dc gpu/bin/modelc.xz > "$work/bin/modelc" && chmod +x "$work/bin/modelc"
cp gpu/bin/modelc-run "$work/bin/"
export LD_LIBRARY_PATH=$PWD/gpu/lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}
modelc=$work/bin/modelc run=$work/bin/modelc-run py=${PYTHON:-python3}
gpu_name=$(nvidia-smi --query-gpu=name,driver_version,compute_cap --format=csv,noheader | head -1)
out=$work/logs
summary=$final/summary.md
echo "# GPU run on $gpu_name ($(date -u +%F))" > "$summary"
failed=0
section() { echo; echo "== $*"; echo; echo "## $*" >> "$summary"; }

# spec_shape MODEL BATCH: modelc's shape flags for a model:batch spec (the
# BERT-style encoder takes token ids of length 128).
spec_shape() {
  if [ "$1" = bert_base ]; then echo "--input-shape input=$2,128"; else echo "--batch $2"; fi
}

# bench_line SO BATCH [BIG]: modelc-run --bench's summary line (30 runs
# from batch BIG, default 32, on; else 200).
bench_line() {
  "$run" "$1" --bench $([ "$2" -ge "${3:-32}" ] && echo 30 || echo 200) --warmup 5 -q | grep '^bench:'
}

# median_ms LINE: the median latency of a bench_line.
median_ms() { echo "$1" | sed -n 's/.*latency median \([0-9.]*\) ms.*/\1/p'; }

# run_conformance [PRECISION]: the backend tests at --precision fp32
# (default) or tf32 (with the runner's tf32 tolerance).
run_conformance() {
  local precision=${1:-fp32} tag=
  [ "$precision" = fp32 ] || tag=-$precision
  section "ONNX backend tests, --target sm_89 --precision $precision"
  [ -d "$work/data" ] || tar -xJf gpu/onnx-testdata.tar.xz -C "$work"
  $py test/conformance/run_backend_tests.py --modelc "$modelc" --modelc-run "$run" \
    --data-root "$work/data" --target sm_89 --precision "$precision" --jobs "$(nproc)" \
    --min-node-passed 450 --results "$out/conformance-sm_89$tag.txt" \
    --timeout "${CONFORMANCE_TIMEOUT:-60}" \
    --work-dir "$work/conformance$tag" > "$out/conformance$tag.log" 2>&1 || failed=1
  grep -E "^(suite|node|pytorch|simple|all|results|node tests|PASS|FAIL|XFAIL|CRASHED|UNEXPECTED)" \
    "$out/conformance$tag.log" | tee -a "$summary"
}

# run_models_at PRECISION: the models against torch at that precision
# (batch 1, and batch 8 for the classifiers' top-1 agreement).
run_models_at() {
  local precision=$1
  section "Models against torch (fp32 on the CPU), --target sm_89 --precision $precision"
  $py test/models/run_torch_models.py --modelc "$modelc" --modelc-run "$run" \
    --work-dir "$work/models" --target sm_89 --precision "$precision" \
    --models "${MODELS:-resnet50,mobilenet_v2,vit_b_16,bert_base}" > "$out/models-$precision.log" 2>&1 || failed=1
  sed -n '/^model .*vs torch/,$p' "$out/models-$precision.log" | tee -a "$summary"
  $py test/models/run_torch_models.py --modelc "$modelc" --modelc-run "$run" \
    --work-dir "$work/models" --target sm_89 --precision "$precision" \
    --models resnet50 --batch 8 > "$out/models-$precision-b8.log" 2>&1 || failed=1
  sed -n '/^model .*vs torch/,$p' "$out/models-$precision-b8.log" | tee -a "$summary"
}

# The same models compiled with --precision fp32 (FMA) and tf32 (tensor
# cores), timed in one run (device-resident tensors, CUDA graph, median).
run_precision_compare() {
  section "fp32 (FMA) vs tf32 (tensor cores), same run: median latency"
  resnet50_b1
  echo "| model | batch | precision | median ms | inferences/s |" | tee -a "$summary"
  echo "|---|---|---|---|---|" | tee -a "$summary"
  for spec in ${COMPARE:-resnet50:1 resnet50:8 resnet50:64 resnet50:256 mobilenet_v2:1 bert_base:1 bert_base:32 vit_b_16:1}; do
    local model=${spec%:*} batch=${spec#*:}
    local onnx=$work/models/$model/model.onnx
    [ -f "$onnx" ] || { echo "($model not exported; run models first)"; continue; }
    for precision in fp32 tf32; do
      local so=$work/precision-$model-b$batch-$precision.so
      "$modelc" "$onnx" $(spec_shape "$model" "$batch") --precision=$precision -o "$so" > /dev/null ||
        { failed=1; continue; }
      local line ms ips
      line=$(bench_line "$so" "$batch")
      ms=$(median_ms "$line")
      ips=$(echo "$line" | sed -n 's/.*throughput \([0-9.]*\) inferences.*/\1/p')
      echo "| $model | $batch | $precision | $ms | $ips |" | tee -a "$summary"
    done
  done
}

run_models() {
  section "Models against torch (fp32 on the CPU), --target sm_89"
  $py test/models/run_torch_models.py --modelc "$modelc" --modelc-run "$run" \
    --work-dir "$work/models" --target sm_89 --models resnet50,mobilenet_v2,vit_b_16,bert_base \
    > "$out/models.log" 2>&1 || failed=1
  sed -n '/^model .*vs torch/,$p' "$out/models.log" | tee -a "$summary"
  $py test/models/run_torch_models.py --modelc "$modelc" --modelc-run "$run" \
    --work-dir "$work/models" --target sm_89 --models resnet50,mobilenet_v2,vit_b_16 --batch 8 \
    > "$out/models-b8.log" 2>&1 || failed=1
  sed -n '/^model .*vs torch/,$p' "$out/models-b8.log" | tee -a "$summary"

  section "An artifact for a newer GPU is refused"
  "$modelc" "$work/models/resnet50/model.onnx" --batch 1 --target sm_120 -o "$work/sm120.so"
  if "$run" "$work/sm120.so" -q > "$out/incompatible.log" 2>&1; then
    echo "FAIL: the sm_120 artifact ran" | tee -a "$summary"; failed=1
  else
    tail -1 "$out/incompatible.log" | tee -a "$summary"
    grep -q "INCOMPATIBLE" "$out/incompatible.log" || failed=1
  fi

  section "CUDA graph replay, ResNet-50 batch 1"
  for graph in on off; do
    "$run" "$work/models/resnet50/model.sm_89.so" --test-data "$work/models/resnet50/test_data_set_0" \
      --bench 200 --warmup 20 --cuda-graph=$graph -q 2>&1 | grep -E "bench|PASS|FAIL" | tee -a "$summary"
  done
}

run_bench() {
  section "Benchmark: ResNet-50 fp32, modelc vs PyTorch"
  [ -f "$work/models/resnet50/model.onnx" ] ||
    $py test/models/run_torch_models.py --modelc "$modelc" --modelc-run "$run" \
      --work-dir "$work/models" --target sm_89 --models resnet50 > "$out/models-bench.log" 2>&1
  echo "| batch | modelc ms | modelc img/s | note |" > "$out/bench-modelc.md"
  echo "|---|---|---|---|" >> "$out/bench-modelc.md"
  for batch in 1 8 64 256; do
    so=$work/resnet50_b$batch.so
    "$modelc" "$work/models/resnet50/model.onnx" --batch $batch --precision fp32 -o "$so" || { failed=1; continue; }
    iters=$([ $batch -ge 64 ] && echo 30 || echo 200)
    line=$("$run" "$so" --bench $iters --warmup 5 -q 2>&1 | grep "^bench:")
    echo "batch $batch: $line" | tee -a "$out/bench.log"
    ms=$(median_ms "$line")
    ips=$(echo "$line" | sed -n 's/.*throughput \([0-9.]*\) inferences.*/\1/p')
    echo "| $batch | $ms | $ips | device-resident tensors, CUDA graph |" >> "$out/bench-modelc.md"
  done
  cat "$out/bench-modelc.md" | tee -a "$summary"
  if [ -f gpu/peer_bench.py ]; then
    timeout 420 $py gpu/peer_bench.py --model resnet50 --batch 1,8,64,256 --precision fp32 \
      --mode eager,compile --iters 50 > "$out/peers.log" 2>&1 || echo "(peer_bench exited $?)"
    grep -v '^{' "$out/peers.log" | tail -15 | tee -a "$summary"
  fi
  if command -v ncu >/dev/null; then
    section "Per-kernel throughput (Nsight Compute), ResNet-50 batch 8"
    timeout 300 ncu --csv --metrics gpu__time_duration.sum,smsp__sass_thread_inst_executed_op_ffma_pred_on.sum,smsp__sass_thread_inst_executed_op_fadd_pred_on.sum,smsp__sass_thread_inst_executed_op_fmul_pred_on.sum \
      "$run" "$work/resnet50_b8.so" --cuda-graph=off -q > "$out/ncu.csv" 2> "$out/ncu.err"
    $py scripts/gpu/kernel_throughput.py "$out/ncu.csv" | tee -a "$summary"
  fi
}

# run_peers PRECISION: peer_bench.py for ResNet-50 at $PEER_BATCHES
# (default 1,256) in $PEER_MODES (default eager,compile).
run_peers() {
  local precision=$1
  section "Peers: ResNet-50 $precision, PyTorch eager and torch.compile (peer_bench.py)"
  [ -f gpu/peer_bench.py ] || { echo "(no gpu/peer_bench.py)"; return; }
  timeout 400 $py gpu/peer_bench.py --model resnet50 --batch "${PEER_BATCHES:-1,256}" \
    --precision "$precision" --mode "${PEER_MODES:-eager,compile}" --iters 50 \
    > "$out/peers-$precision.log" 2>&1 || echo "(peer_bench exited $?)"
  grep -v '^{' "$out/peers-$precision.log" | tail -15 | tee -a "$summary"
}

# The issue-6 benchmark in one table: for each model:batch of
# $BENCH_SPECS at $BENCH_PRECISION (default tf32): the models checked
# against torch at that precision, modelc timed (modelc-run --bench,
# device-resident tensors, CUDA graph, median), the peers timed
# (peer_bench.py: $BENCH_MODES, default eager, compile, reduce-overhead),
# then scripts/gpu/bench_table.py merges them.
# The timed build SO of MODEL at BATCH (PRECISION; 16-bit inputs and
# outputs at fp16) against torch's batch-1 output in every row: the
# batch-1 test data run_torch_models.py wrote, tiled (batch_check.py).
# The models' check builds at batch 1 without BENCH_FLAGS; the timed
# builds' tiles differ (a tuned 256x64 tile gave wrong outputs only there).
check_timed_build() {
  local model=$1 batch=$2 precision=$3 so=$4 io=fp32 flags verdict rc
  case $precision in fp16|bf16) io=$precision ;; esac
  flags=$($py scripts/gpu/batch_check.py --batch "$batch" --precision "$precision" \
    --io-precision "$io" "$work/models/$model/test_data_set_0" "$work/batch-check-$model-b$batch" 2>&1)
  rc=$?
  # shellcheck disable=SC2086 # the flags are words
  case $rc in
    0) verdict=$("$run" "$so" $flags -q 2>&1 | tail -1) ;;
    77) verdict="not checked ($flags)" ;;
    *) verdict="FAIL: $flags" ;;
  esac
  echo "timed build $model batch $batch against torch's batch-1 output in every row: $verdict" | tee -a "$summary"
  case $verdict in PASS*|"not checked"*) ;; *) failed=1 ;; esac
}

run_benchmark() {
  local precision=${BENCH_PRECISION:-tf32}
  local specs=${BENCH_SPECS:-resnet50:1 resnet50:256 bert_base:1 bert_base:32 mobilenet_v2:1 mobilenet_v2:64}
  local models
  models=$(for spec in $specs; do echo "${spec%:*}"; done | sort -u | paste -sd,)
  section "Benchmark: modelc --precision $precision against PyTorch (one table)"
  $py test/models/run_torch_models.py --modelc "$modelc" --modelc-run "$run" \
    --work-dir "$work/models" --target sm_89 --precision "$precision" \
    --models "$models" > "$out/benchmark-models.log" 2>&1 || failed=1
  sed -n '/^model .*vs torch/,$p' "$out/benchmark-models.log" | tee -a "$summary"
  local tsv=$out/benchmark-modelc.tsv
  printf 'model\tbatch\tprecision\tmedian_ms\n' > "$tsv"
  for spec in $specs; do
    local model=${spec%:*} batch=${spec#*:}
    local onnx=$work/models/$model/model.onnx so=$work/benchmark-$model-b$batch.so
    local ms=- io=()
    # The peers feed 16-bit models 16-bit inputs: so does modelc.
    case $precision in fp16|bf16) io=(--io-precision "$precision") ;; esac
    # shellcheck disable=SC2086 # BENCH_FLAGS are words
    if "$modelc" "$onnx" $(spec_shape "$model" "$batch") --precision "$precision" "${io[@]}" \
      ${BENCH_FLAGS:-} -o "$so" > /dev/null; then
      ms=$(median_ms "$(bench_line "$so" "$batch")")
      check_timed_build "$model" "$batch" "$precision" "$so"
    else
      failed=1
    fi
    printf '%s\t%s\t%s\t%s\n' "$model" "$batch" "$precision" "${ms:--}" >> "$tsv"
  done
  local logs=()
  if [ -f gpu/peer_bench.py ]; then
    for model in ${models//,/ }; do
      local batches
      batches=$(for spec in $specs; do [ "${spec%:*}" = "$model" ] && echo "${spec#*:}"; done | paste -sd,)
      timeout 540 $py gpu/peer_bench.py --model "$model" --batch "$batches" --precision "$precision" \
        --mode "${BENCH_MODES:-eager,compile,reduce-overhead}" --iters 50 \
        > "$out/benchmark-peers-$model.log" 2>&1 || echo "(peer_bench $model exited $?)"
      logs+=("$out/benchmark-peers-$model.log")
    done
  fi
  $py scripts/gpu/bench_table.py --modelc "$tsv" "${logs[@]}" | tee -a "$summary"
}

# The tensor-core interior epilogue (blocks inside the output skip the
# per-point bounds checks, loads first; the default since 2026-12-01, when
# this mode measured it correct on the backend tests and models and 15%
# faster on ResNet-50 b256): latency with --gpu-interior-epilogue=false and
# with the default in the same run ($COMPARE, default ResNet-50 1 and 256,
# BERT 32).
run_interior_epilogue() {
  section "Interior epilogue: guarded (=false) against the default, A/B"
  resnet50_b1
  latency_ab "interior epilogue" --gpu-interior-epilogue=false ""
}

# A flag against the default, in one run, at $AB_PRECISION (default tf32):
# with AB_CONFORMANCE=1 the ONNX backend tests through modelc with $AB_FLAG
# (default --gpu-tensor-core-warps=8, the former default), the models at tf32 against torch through it,
# then latency without and with it ($COMPARE, default ResNet-50 1 and 256,
# BERT 32).
run_flag_ab() {
  local flag=${AB_FLAG:---gpu-tensor-core-warps=8} precision=${AB_PRECISION:-tf32}
  section "A/B: $flag against the default, --precision $precision"
  cat > "$work/bin/modelc-ab" <<WRAP
#!/bin/bash
exec "$modelc" "\$@" $flag
WRAP
  chmod +x "$work/bin/modelc-ab"
  if [ "${AB_CONFORMANCE:-0}" = 1 ]; then
    [ -d "$work/data" ] || tar -xJf gpu/onnx-testdata.tar.xz -C "$work"
    $py test/conformance/run_backend_tests.py --modelc "$work/bin/modelc-ab" --modelc-run "$run" \
      --data-root "$work/data" --target sm_89 --precision "$precision" --jobs "$(nproc)" \
      --min-node-passed 450 --results "$out/conformance-sm_89-ab.txt" \
      > "$out/conformance-ab.log" 2>&1 || failed=1
    grep -E "^(suite|node|pytorch|simple|all|results|node tests|PASS|FAIL|CRASHED)" \
      "$out/conformance-ab.log" | tee -a "$summary"
  fi
  if [ "${AB_MODELS:-1}" = 1 ]; then
    $py test/models/run_torch_models.py --modelc "$work/bin/modelc-ab" --modelc-run "$run" \
      --work-dir "$work/models" --target sm_89 --precision "$precision" \
      --models "${MODELS:-resnet50,bert_base}" > "$out/models-ab.log" 2>&1 || failed=1
    sed -n '/^model .*vs torch/,$p' "$out/models-ab.log" | tee -a "$summary"
  fi
  latency_ab "$flag" "--precision $precision" "--precision $precision $flag"
}

# latency_ab HEADER OFF_FLAGS ON_FLAGS: one table of median latency of the
# models in $COMPARE (default ResNet-50 1 and 256, BERT 32) built with
# OFF_FLAGS ("off") and ON_FLAGS ("on"), words, empty for the defaults,
# timed in the same run.
latency_ab() {
  local header=$1 off=$2 on=$3
  echo "| model | batch | $header | median ms |" | tee -a "$summary"
  echo "|---|---|---|---|" | tee -a "$summary"
  for spec in ${COMPARE:-resnet50:1 resnet50:256 bert_base:32}; do
    local model=${spec%:*} batch=${spec#*:}
    local onnx=$work/models/$model/model.onnx
    # Exported here when no mode before did (AB_MODELS=0 skips the
    # models' check); a model that cannot be is a failure, not a skip.
    export_model "$model" ||
      { echo "FAIL: $model not exported (models-$model.log)" | tee -a "$summary"; failed=1; continue; }
    for variant in off on; do
      local so=$work/ab-$model-b$batch-$variant.so flags=() flag=$off compiler=$modelc
      [ $variant = on ] && flag=$on
      # AB_MODELC: another build of modelc (an .xz in gpu/bin, linked by
      # scripts/gpu/link-static-modelc.sh) compiles the 'on' variant, to
      # compare code changes that have no flag.
      if [ $variant = on ] && [ -n "${AB_MODELC:-}" ]; then
        compiler=$work/bin/modelc-other
        [ -x "$compiler" ] || { xz -dc "$AB_MODELC" > "$compiler" && chmod +x "$compiler"; }
      fi
      # shellcheck disable=SC2206 # flags are words
      [ -n "$flag" ] && flags=($flag)
      "$compiler" "$onnx" $(spec_shape "$model" "$batch") "${flags[@]}" -o "$so" > /dev/null ||
        { failed=1; continue; }
      local ms
      ms=$(median_ms "$(bench_line "$so" "$batch")")
      echo "| $model | $batch | $variant | $ms |" | tee -a "$summary"
    done
  done
}

# run_half PRECISION (fp16 or bf16) on the GPU: the models against torch
# (16-bit tensor cores, the default), then latency of the variants in
# $HALF_VARIANTS (default "tf32 fma tc": tf32, PRECISION with the FMA
# kernels (--gpu-f16-tensor-cores=false), PRECISION on tensor cores) for
# $COMPARE (default BERT 1 and 32, ResNet-50 1 and 256).
run_half() {
  local precision=$1 variants=${HALF_VARIANTS:-tf32 fma tc}
  section "--precision $precision: models, then latency ($variants)"
  run_models_at "$precision"
  local header="| model | batch |" rule="|---|---|"
  for variant in $variants; do
    case $variant in
      tf32) header="$header tf32 ms |" ;;
      fma) header="$header $precision FMA ms |" ;;
      tc) header="$header $precision tensor cores ms |" ;;
    esac
    rule="$rule---|"
  done
  echo "$header" | tee -a "$summary"
  echo "$rule" | tee -a "$summary"
  for spec in ${COMPARE:-bert_base:1 bert_base:32 resnet50:1 resnet50:256}; do
    local model=${spec%:*} batch=${spec#*:} row=""
    local onnx=$work/models/$model/model.onnx
    [ -f "$onnx" ] || { echo "($model not exported)"; continue; }
    for variant in $variants; do
      local so=$work/$precision-$model-b$batch-$variant.so flags=(--precision tf32)
      [ $variant = fma ] && flags=(--precision "$precision" --gpu-f16-tensor-cores=false)
      [ $variant = tc ] && flags=(--precision "$precision")
      local ms=-
      if "$modelc" "$onnx" $(spec_shape "$model" "$batch") "${flags[@]}" -o "$so" > /dev/null; then
        ms=$(median_ms "$(bench_line "$so" "$batch")")
      else
        failed=1
      fi
      row="$row | ${ms:--}"
    done
    echo "| $model | $batch$row |" | tee -a "$summary"
  done
}

# Tile tuning (scripts/gpu/tune.py) of $TUNE_MODEL (default resnet50; or
# mobilenet_v2, bert_base) at $TUNE_BATCH (default 256) with the modelc
# flags $TUNE_FLAGS (words; default none: tf32), then the heuristic's tiles
# against the tuned ones in the same run, and the tuned build against the
# heuristic's outputs.
run_tune() {
  local model=${TUNE_MODEL:-resnet50} batch=${TUNE_BATCH:-256} tag
  # shellcheck disable=SC2206 # flags are words
  local flags=(${TUNE_FLAGS:-})
  tag=$(echo "${TUNE_FLAGS:-}" | tr -c 'a-z0-9' '-' | sed 's/-*$//; s/^-*//')
  section "Tile tuning: $model batch $batch ${TUNE_FLAGS:-}, heuristic against tuned"
  local onnx=$work/models/$model/model.onnx cache=$out/tuning-$model-b$batch${tag:+-$tag}.txt
  export_model "$model" || { echo "FAIL: $model not exported (models-$model.log)" | tee -a "$summary"; failed=1; return; }
  local shape
  read -ra shape <<< "$(spec_shape "$model" "$batch")"
  # shellcheck disable=SC2086 # TUNE_ARGS are words
  $py scripts/gpu/tune.py --modelc "$modelc" --modelc-run "$run" -o "$cache" ${TUNE_ARGS:-} "$onnx" \
    -- "${shape[@]}" "${flags[@]}" 2>&1 | tee "$out/tune${tag:+-$tag}.log" | tee -a "$summary" || failed=1
  [ -f "$cache" ] || return
  for variant in heuristic tuned; do
    local so=$work/tune-$variant.so flag=()
    [ $variant = tuned ] && flag=(--tuning-cache "$cache")
    "$modelc" "$onnx" "${shape[@]}" "${flags[@]}" "${flag[@]}" -o "$so" > /dev/null || { failed=1; continue; }
    echo "$variant: $("$run" "$so" --bench 30 --warmup 5 -q | grep '^bench:')" | tee -a "$summary"
  done
  # The same random input through both builds (tuned_atol).
  local atol
  atol=$(tuned_atol "$model")
  "$run" "$work/tune-heuristic.so" --save-outputs "$work/tune-reference" -q > /dev/null &&
    "$run" "$work/tune-tuned.so" --expected "$work/tune-reference/output_0.pb" \
      --rtol 1e-2 --atol "$atol" -q 2>&1 | tail -1 | tee -a "$summary"
  # Every cuBLASLt GEMM at algorithm 31, past what cuBLASLt usually offers:
  # the runtime falls back to its first, and the outputs stay the same.
  local fallback=$work/tune-fallback.txt
  awk '$1 == "cublaslt" { print $1, $2, 31 }' "$cache" > "$fallback"
  if [ -s "$fallback" ]; then
    echo "fallback (every cuBLASLt GEMM at algorithm 31):" | tee -a "$summary"
    { "$modelc" "$onnx" "${shape[@]}" "${flags[@]}" --tuning-cache "$fallback" \
        -o "$work/tune-fallback.so" > /dev/null &&
      "$run" "$work/tune-fallback.so" --expected "$work/tune-reference/output_0.pb" \
        --rtol 1e-2 --atol "$atol" -q 2>&1 | tail -1; } | tee -a "$summary" || failed=1
  fi
}

# Each tile line of the tuning cache $TILE_CACHE alone (every other GEMM
# at the heuristic's tile), built for $TUNE_MODEL at $TUNE_BATCH with
# $TUNE_FLAGS, against the heuristic build's outputs on the same random
# input: which shape and tile, if any, changes the results beyond the
# summation order's (tune's tolerance).
run_tile_check() {
  local model=${TUNE_MODEL:-resnet50} batch=${TUNE_BATCH:-256} cache=${TILE_CACHE:?TILE_CACHE names a tuning cache}
  # shellcheck disable=SC2206 # flags are words
  local flags=(${TUNE_FLAGS:-}) lineFlags=(${TILE_CHECK_FLAGS:-}) shape atol
  section "Tile check: $model batch $batch ${TUNE_FLAGS:-}, each line of $(basename "$cache") alone${TILE_CHECK_FLAGS:+ with $TILE_CHECK_FLAGS}"
  [ -f "$cache" ] || { echo "FAIL: no tuning cache $cache" | tee -a "$summary"; failed=1; return; }
  export_model "$model" || { echo "FAIL: $model not exported (models-$model.log)" | tee -a "$summary"; failed=1; return; }
  read -ra shape <<< "$(spec_shape "$model" "$batch")"
  atol=$(tuned_atol "$model")
  local onnx=$work/models/$model/model.onnx so=$work/tile-check.so
  "$modelc" "$onnx" "${shape[@]}" "${flags[@]}" -o "$so" > /dev/null &&
    "$run" "$so" --save-outputs "$work/tile-check-reference" -q > /dev/null ||
    { echo "FAIL: the heuristic build" | tee -a "$summary"; failed=1; return; }
  # Every line's build first, in parallel (the GPU machine has 16 cores),
  # then each run against the reference.
  local line i=0 verdict
  local -a lines=()
  while read -r line; do
    line=${line%%#*}
    [ -n "${line// /}" ] && [ "${line%% *}" != cublaslt ] || continue
    lines+=("$line")
    echo "$line" > "$work/tile-check-$i.txt"
    i=$((i + 1))
  done < "$cache"
  for i in "${!lines[@]}"; do echo "$i"; done |
    xargs -P "$(nproc)" -I{} "$modelc" "$onnx" "${shape[@]}" "${flags[@]}" "${lineFlags[@]}" \
      --tuning-cache "$work/tile-check-{}.txt" -o "$work/tile-check-{}.so" > /dev/null 2>&1
  # The runs, 4 at a time (each mostly loads and JIT-compiles its PTX),
  # each verdict to a file, then printed in the cache's order.
  # shellcheck disable=SC2016 # the script's arguments expand in sh
  for i in "${!lines[@]}"; do echo "$i"; done |
    xargs -P 4 -I{} sh -c '[ -f "$1/tile-check-$2.so" ] || exit 0
      "$3" "$1/tile-check-$2.so" --expected "$1/tile-check-reference/output_0.pb" \
        --rtol 1e-2 --atol "$4" > "$1/tile-check-$2.log" 2>&1' sh "$work" {} "$run" "$atol"
  for i in "${!lines[@]}"; do
    verdict=
    [ -f "$work/tile-check-$i.log" ] &&
      verdict=$(grep -E 'match|error|max' "$work/tile-check-$i.log" | tail -2 | tr '\n' ' ')
    [ -f "$work/tile-check-$i.so" ] || verdict="build failed"
    echo "${lines[$i]}: ${verdict:-no verdict}" | tee -a "$summary"
    case $verdict in *PASS*) ;; *) failed=1 ;; esac
  done
}

# Nsight Compute detail (speed of light, occupancy, warp stalls,
# instruction mix, shared-memory bank conflicts) of the kernels matching
# $NCU_KERNELS in ResNet-50 at batch $NCU_BATCH (default 256), built with
# the default flags and with each of $NCU_VARIANTS' extra flags
# (comma-separated flags per variant, "default" for none). The reports go
# to $OUT/ncu-*.txt.
run_ncu() {
  section "Nsight Compute detail, ResNet-50 batch ${NCU_BATCH:-256}"
  command -v ncu >/dev/null || { echo "(no ncu here)" | tee -a "$summary"; return; }
  resnet50_b1
  local onnx=$work/models/resnet50/model.onnx batch=${NCU_BATCH:-256}
  # Default: ResNet-50 b256's stem, a layer1 and a layer3 3x3 convolution
  # at tf32 (k1, k4, k33) and at fp16 (k2, k5, k34; NCU_VARIANTS
  # --precision=fp16); the names of the other precision match nothing.
  local kernels=${NCU_KERNELS:-k1_ConvNHWC_Relu_0|k4_ConvNHWC_Relu_0|k33_ConvNHWC_Relu_0|k2_ConvNHWC_Relu_0|k5_ConvNHWC_Relu_0|k34_ConvNHWC_Relu_0}
  for variant in ${NCU_VARIANTS:-default}; do
    local tag=${variant//[^a-z0-9]/} flags=()
    [ "$variant" = default ] || IFS=, read -ra flags <<< "$variant"
    local so=$work/ncu-$tag.so
    "$modelc" "$onnx" --batch "$batch" "${flags[@]}" -o "$so" > /dev/null || { failed=1; continue; }
    # The report, then its details page (text) and raw page (every metric
    # collected, the warp stall reasons among them, as CSV).
    timeout 300 ncu -k "regex:^($kernels)\$" \
      --section SpeedOfLight --section Occupancy --section LaunchStats \
      --section WarpStateStats --section InstructionStats --section SchedulerStats \
      --section MemoryWorkloadAnalysis_Tables --section ComputeWorkloadAnalysis \
      -f -o "$out/ncu-$tag" "$run" "$so" --cuda-graph=off -q > "$out/ncu-$tag.log" 2> "$out/ncu-$tag.err" ||
      echo "(ncu exited $?; see ncu-$tag.err)" | tee -a "$summary"
    ncu --import "$out/ncu-$tag.ncu-rep" > "$final/ncu-$tag.txt" 2>> "$out/ncu-$tag.err"
    ncu --import "$out/ncu-$tag.ncu-rep" --page raw --csv > "$final/ncu-$tag-raw.csv" 2>> "$out/ncu-$tag.err"
    echo "### $variant" >> "$summary"
    grep -E '^  [a-zA-Z_0-9]+.*\(|Duration|Registers Per|Achieved Occupancy|Compute \(SM\) Throughput|Memory Throughput|Issue Slots Busy|Executed Ipc A|Warp Cycles Per Issued|Shared Memory|Bank' \
      "$final/ncu-$tag.txt" | head -80 >> "$summary"
  done
}

# Per-kernel profile (modelc-run --profile) of $PROFILE (default ResNet-50
# batch 256 and 1) at --precision tf32, % of $PEAK_TFLOPS (default: the
# mma.sync ceiling measured for issue 6 at the precision profiled, 325
# TFLOP/s for m16n8k8 TF32, 650 for m16n8k16 fp16/bf16); $PROFILE_FLAGS
# go to modelc.
run_profile() {
  local precision=${PROFILE_PRECISION:-tf32} peak=325
  case $precision in fp16|bf16) peak=650 ;; esac
  section "Per-kernel profile (modelc-run --profile), --precision $precision ${PROFILE_FLAGS:-}"
  resnet50_b1
  for spec in ${PROFILE:-resnet50:256 resnet50:1}; do
    local model=${spec%:*} batch=${spec#*:}
    local onnx=$work/models/$model/model.onnx
    export_model "$model" || { echo "($model not exported: models-$model.log)"; failed=1; continue; }
    local so=$work/profile-$model-b$batch.so
    # shellcheck disable=SC2086 # PROFILE_FLAGS are words
    "$modelc" "$onnx" $(spec_shape "$model" "$batch") --precision "$precision" ${PROFILE_FLAGS:-} \
      -o "$so" > /dev/null ||
      { failed=1; continue; }
    echo "### $model batch $batch, $precision" | tee -a "$summary"
    "$run" "$so" --profile --bench 10 --warmup 3 --profile-top "${PROFILE_TOP:-20}" \
      --peak-tflops "${PEAK_TFLOPS:-$peak}" -q 2>&1 | tee "$out/profile-$model-b$batch.txt" | tee -a "$summary"
  done
}

# The quickstart's main job on this GPU: the example model exported with
# torch, compiled with the default flags, run against torch's output with
# the quickstart's tolerance.
run_example() {
  section "Example model (quickstart): tiny_resnet, default flags, sm_89"
  local dir=$work/example
  mkdir -p "$dir"
  $py examples/tiny_resnet/export_tiny_resnet.py "$dir/tiny_resnet.onnx" \
    --test-data "$dir/reference" > "$out/example-export.log" 2>&1 || failed=1
  "$modelc" "$dir/tiny_resnet.onnx" --batch 1 -o "$dir/tiny_resnet.so" || failed=1
  "$run" "$dir/tiny_resnet.so" --test-data "$dir/reference" --bench 20 --rtol 1e-2 --atol 1e-3 \
    2>&1 | tee "$out/example.log" | tee -a "$summary"
  grep -q "^PASS" "$out/example.log" || failed=1
}

# The fused attention kernel against an fp32 build of the same model (same
# seeded inputs): the sequence-first fixture of the PTX test, a
# heads-first one with more keys than queries and a scale on the scores,
# and nn.MultiheadAttention's form in PyTorch 2 (4-D heads, the scale
# split between Q and K^T, the result permuted to sequence-first),
# at fp16 and bf16, fused and not (--fuse-attention=false), and
# compute-sanitizer memcheck on the fused fp16 builds.
run_attention() {
  section "Fused attention against fp32 (sm_89)"
  local dir=$work/attention
  mkdir -p "$dir"
  local model name
  for model in test/Target/CUDA/ptxas-fused-attention.onnxtext \
               test/Target/CUDA/Inputs/attention-heads-first.onnxtext \
               test/Target/CUDA/Inputs/attention-torch2.onnxtext; do
    name=$(basename "$model" .onnxtext)
    "$modelc" "$model" --precision=fp32 -o "$dir/$name-fp32.so" &&
      "$run" "$dir/$name-fp32.so" --seed 7 --save-outputs "$dir/$name-ref" -q > /dev/null ||
      { echo "FAIL: $name fp32 reference" | tee -a "$summary"; failed=1; continue; }
    local variant precision flags tol
    for variant in fp16 fp16-unfused bf16; do
      precision=${variant%%-*}
      flags=$([ "$variant" = fp16-unfused ] && echo --fuse-attention=false)
      tol=$([ "$precision" = bf16 ] && echo 5e-2 || echo 2e-2)
      "$modelc" "$model" --precision="$precision" $flags --report -o "$dir/$name-$variant.so" \
        > "$out/attention-$name-$variant-report.log" 2>&1 || { echo "FAIL: $name $variant compile" | tee -a "$summary"; failed=1; continue; }
      echo "$name $variant: $(grep -c 'fused attention,' "$out/attention-$name-$variant-report.log") fused launch(es); \
$("$run" "$dir/$name-$variant.so" --seed 7 --expected "$dir/$name-ref/output_0.pb" --rtol "$tol" --atol "$tol" --bench 50 2>&1 |
        tee "$out/attention-$name-$variant.log" | grep -E '^(PASS|FAIL)|bench:' | tr '\n' ' ')" | tee -a "$summary"
      grep -q "^PASS" "$out/attention-$name-$variant.log" || failed=1
    done
    sanitize memcheck "$dir/$name-fp16.so" --seed 7
  done
}

# tuned_atol MODEL: the absolute tolerance between a tuned build's outputs
# and the heuristic build's on the same random input (tiles change the
# summation order only): ResNet-50's logits are ~1e3, so 10 is 1e-2 of the
# range; MobileNetV2's ~0.2, BERT's ~4.
tuned_atol() {
  case $1 in resnet50) echo 10 ;; mobilenet_v2) echo 0.01 ;; *) echo 0.05 ;; esac
}

# export_model MODEL: $work/models/MODEL/model.onnx, exported (and checked
# against torch at batch 1) by run_torch_models.py unless an earlier mode
# of this run did; fails when it is still missing (models-MODEL.log).
export_model() {
  local onnx=$work/models/$1/model.onnx
  [ -f "$onnx" ] || $py test/models/run_torch_models.py --modelc "$modelc" --modelc-run "$run" \
    --work-dir "$work/models" --target sm_89 --models "$1" > "$out/models-$1.log" 2>&1
  [ -f "$onnx" ]
}

resnet50_b1() {
  [ -f "$work/models/resnet50/model.sm_89.so" ] ||
    $py test/models/run_torch_models.py --modelc "$modelc" --modelc-run "$run" \
      --work-dir "$work/models" --target sm_89 --models resnet50 > "$out/models-resnet50.log" 2>&1 ||
    { echo "FAIL: ResNet-50 export/compile/compare (models-resnet50.log)" | tee -a "$summary"; failed=1; }
}

# compute-sanitizer TOOL ARTIFACT [modelc-run args]: exit 86 on any report.
sanitize() {
  local tool=$1 so=$2; shift 2
  timeout 400 compute-sanitizer --tool "$tool" --error-exitcode 86 --print-limit 20 \
    $([ "$tool" = memcheck ] && echo --leak-check full) "$run" "$so" -q "$@" \
    > "$out/sanitizer-$tool-$(basename "$so").log" 2>&1
  local rc=$?
  echo "compute-sanitizer --tool $tool $(basename "$so"): exit $rc; $(grep -m1 'ERROR SUMMARY\|RACECHECK SUMMARY' \
    "$out/sanitizer-$tool-$(basename "$so").log")" | tee -a "$summary"
  [ $rc -eq 0 ] || failed=1
}

run_runtime() {
  section "Runtime faults, threads and memory (modelc-runtime-gpu-tests)"
  resnet50_b1
  MODELC_FIXTURE_DIR=$PWD/gpu/fixtures MODELC_GPU_TEST_MODEL=$work/models/resnet50/model.sm_89.so \
    timeout 500 gpu/bin/modelc-runtime-gpu-tests > "$out/runtime-gpu-tests.log" 2>&1 || failed=1
  grep -E "^\[ (memory|fault) \]|^\[  (PASSED|FAILED|SKIPPED) |^\[       OK|^\[  FAILED|Failure|tests? from .* ran" \
    "$out/runtime-gpu-tests.log" | tee -a "$summary"
}

# SANITIZE_PRECISION (default tf32) picks the ResNet-50 build,
# SANITIZE_TOOLS (default all four) the tools; SANITIZE_BACKEND=0 skips the
# backend tests.
run_sanitizers() {
  local precision=${SANITIZE_PRECISION:-tf32}
  resnet50_b1
  section "compute-sanitizer on ResNet-50 batch 1, --precision $precision (${SANITIZE_TOOLS:-memcheck racecheck initcheck synccheck})"
  local so=$work/models/resnet50/model.sm_89.so data=$work/models/resnet50/test_data_set_0
  local check=(--test-data "$data")
  if [ "$precision" != tf32 ]; then
    so=$work/sanitize-resnet50-$precision.so
    "$modelc" "$work/models/resnet50/model.onnx" --batch 1 --precision "$precision" -o "$so" > /dev/null ||
      { failed=1; return; }
    # Loose: accuracy is checked by `models`; here only the tool reports.
    check+=(--rtol 0.1 --atol 50)
  fi
  for tool in ${SANITIZE_TOOLS:-memcheck racecheck initcheck synccheck}; do
    case $tool in
      racecheck|synccheck) sanitize "$tool" "$so" "${check[@]}" --cuda-graph=off ;;
      *) sanitize "$tool" "$so" "${check[@]}" ;;
    esac
  done
  [ "${SANITIZE_BACKEND:-1}" = 1 ] || return 0

  section "compute-sanitizer memcheck on every 8th ONNX backend test (sm_89)"
  [ -d "$work/data" ] || tar -xJf gpu/onnx-testdata.tar.xz -C "$work"
  mkdir -p "$out/sanitizer-node"
  cat > "$work/bin/modelc-run-memcheck" <<WRAP
#!/bin/bash
exec compute-sanitizer --tool memcheck --leak-check full --error-exitcode 86 \\
  --log-file "$out/sanitizer-node/%p.log" "$run" "\$@"
WRAP
  chmod +x "$work/bin/modelc-run-memcheck"
  $py test/conformance/run_backend_tests.py --modelc "$modelc" --modelc-run "$work/bin/modelc-run-memcheck" \
    --data-root "$work/data" --target sm_89 --jobs "$(nproc)" --sample 8 \
    --results "$out/conformance-memcheck.txt" > "$out/conformance-memcheck.log" 2>&1 || failed=1
  grep -E "^(suite|all|node tests|CRASHED|FAIL)" "$out/conformance-memcheck.log" | tee -a "$summary"
  local reports
  reports=$(cat "$out"/sanitizer-node/*.log 2>/dev/null | grep -c "ERROR SUMMARY: [1-9]")
  echo "memcheck logs: $(ls "$out/sanitizer-node" | wc -l) runs, $reports with errors" | tee -a "$summary"
  [ "$reports" = 0 ] || failed=1
}

# The same models compiled with --fusion=off and on, timed in one run:
# launches per inference and median latency (device-resident tensors, CUDA
# graph). Uses the models `models` exported (ResNet-50 is exported if
# missing).
run_fusion() {
  section "Fusion off/on, same run: launches and latency"
  resnet50_b1
  echo "| model | batch | fusion | launches | median ms |" | tee -a "$summary"
  echo "|---|---|---|---|---|" | tee -a "$summary"
  for spec in resnet50:1 resnet50:8 resnet50:64 mobilenet_v2:1 bert_base:1 vit_b_16:1; do
    local model=${spec%:*} batch=${spec#*:}
    local onnx=$work/models/$model/model.onnx
    [ -f "$onnx" ] || { echo "($model not exported; run models first)"; continue; }
    for fusion in off on; do
      local so=$work/fusion-$model-b$batch-$fusion.so
      "$modelc" "$onnx" $(spec_shape "$model" "$batch") --fusion=$fusion -o "$so" > /dev/null ||
        { failed=1; continue; }
      local launches line ms
      launches=$("$run" "$so" --info | sed -n 's/.*, \([0-9]*\) kernels,.*/\1/p')
      line=$(bench_line "$so" "$batch" 64)
      ms=$(median_ms "$line")
      echo "| $model | $batch | $fusion | $launches | $ms |" | tee -a "$summary"
    done
  done
}

[ $# -eq 0 ] && set -- all
for what in "$@"; do
  case $what in
    conformance) run_conformance ;;
    tf32) run_conformance tf32; run_models_at tf32; run_precision_compare ;;
    tf32-models) run_models_at tf32 ;;
    tf32-compare) run_precision_compare ;;
    tf32-peers) run_peers tf32 ;;
    conformance-tf32) run_conformance tf32 ;;
    conformance-fp16) run_conformance fp16 ;;
    conformance-bf16) run_conformance bf16 ;;
    profile) run_profile ;;
    benchmark) run_benchmark ;;
    interior-epilogue) run_interior_epilogue ;;
    tune) run_tune ;;
    tile-check) run_tile_check ;;
    ab) run_flag_ab ;;
    fp16) run_half fp16 ;;
    bf16) run_half bf16 ;;
    ncu) run_ncu ;;
    example) run_example ;;
    attention) run_attention ;;
    models) run_models ;;
    bench) run_bench ;;
    fusion) run_fusion ;;
    robustness) run_runtime; run_sanitizers ;;
    runtime) run_runtime ;;
    sanitizers) run_sanitizers ;;
    all) run_conformance; run_models; run_runtime; run_sanitizers; run_bench ;;
    *) echo "usage: bash scripts/gpu-tests.sh [conformance|models|robustness|runtime|sanitizers|fusion|tf32|tf32-models|tf32-compare|tf32-peers|conformance-tf32|benchmark|interior-epilogue|tune|tile-check|ab|fp16|bf16|conformance-fp16|conformance-bf16|ncu|profile|example|bench|all]..."
       exit 2 ;;
  esac
done
tar -czf "$final/logs.tar.gz" -C "$work" logs
echo
echo "summary: $summary; logs: $final/logs.tar.gz"
[ $failed -eq 0 ] && echo PASS || echo FAIL
exit $failed

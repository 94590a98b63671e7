//===- modelc-run.cpp - Run, check and time a compiled model --------------===//
//
// Part of the modelc project, under the Apache License v2.0 with LLVM
// Exceptions. SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Loads an artifact with the runtime, feeds it inputs (ONNX .pb or .npy
// files, an ONNX backend test directory, or seeded random values), compares
// its outputs with expected ones under per-dtype tolerances, saves them, and
// times runs. Exits 0 when everything ran and matched, 1 otherwise.
//
// It depends on the runtime and protobuf only (no MLIR or LLVM), so it runs
// wherever the artifact runs.
//
//===----------------------------------------------------------------------===//

#include "TensorFile.h"

#include "modelc/runtime.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <dirent.h>
#include <random>
#include <string>
#include <sys/stat.h>
#include <vector>

using namespace modelc::tools;

namespace {

const char *kUsage = R"(usage: modelc-run MODEL.so [options]

Runs a model compiled by modelc, checks and times it.

inputs (one of; default: seeded random values)
  --test-data DIR        ONNX backend test data: DIR holds input_N.pb and
                         output_N.pb, or test_data_set_N folders of them
  --inputs F[,F...]      input tensors (.pb or .npy), matched by the name
                         stored in a .pb, else by position
  --seed N               seed of the random inputs (default 0)

checking
  --expected F[,F...]    expected outputs (.pb or .npy) to compare with
  --rtol X, --atol X     tolerances for floating-point outputs (defaults per
                         dtype: f32 1e-3/1e-5, f64 1e-5/1e-8, f16 1e-2/1e-3,
                         bf16 2e-2/1e-2; integers and bools must be equal)
  --save-outputs DIR     write the outputs to DIR/output_N.pb (or .npy)
  --save-format pb|npy   format of --save-outputs (default pb)

timing
  --bench N              time N runs after warm-up: latency median and min,
                         throughput
  --warmup N             warm-up runs before timing (default 3)
  --profile              time every kernel over the --bench runs (20 if not
                         given) and print the kernels by time: ms per run,
                         share, TFLOP/s of matmuls and convolutions, ONNX
                         nodes (GPU: launched one by one, no CUDA graph)
  --profile-top N        kernels listed (default 25; 0: all)
  --peak-tflops X        add each kernel's % of X TFLOP/s (the measured peak
                         of the precision the kernels run at)

other
  --device N             GPU artifacts: the CUDA device (default 0)
  --cuda-graph=on|off    GPU artifacts: replay the plan as a CUDA graph
                         (default on)
  --sync-each-kernel     GPU artifacts: wait for every kernel, to name the
                         one that faults (slow)
  --info                 print the model's signature and properties only
  --no-verify            skip the artifact's SHA-256 check when opening it
  -q, --quiet            print only failures and the summary
  -h, --help             this text
)";

struct Options {
  std::string model;
  std::string testData;
  std::vector<std::string> inputs, expected;
  std::string saveOutputs, saveFormat = "pb";
  double rtol = -1, atol = -1;
  long bench = 0, warmup = 3, profileTop = 25;
  bool profile = false;
  double peakTflops = 0;
  unsigned long seed = 0;
  int device = 0;
  bool cudaGraph = true, syncEachKernel = false;
  bool info = false, verify = true, quiet = false;
};

/// `text` with control bytes as \xNN: names come from the model (untrusted)
/// and must not move the terminal's cursor or split a line.
std::string printable(const std::string &text) {
  std::string out;
  for (unsigned char c : text) {
    if (c >= 0x20 && c != 0x7f) {
      out += char(c);
      continue;
    }
    char escape[5];
    std::snprintf(escape, sizeof(escape), "\\x%02x", c);
    out += escape;
  }
  return out;
}

[[noreturn]] void fail(const std::string &message) {
  std::fprintf(stderr, "modelc-run: error: %s\n", printable(message).c_str());
  std::exit(1);
}

/// Every kernel's timings so far (the session was created with profile).
std::vector<modelc_kernel_profile_t> readProfile(modelc::Session &session,
                                                 uint32_t kernels) {
  std::vector<modelc_kernel_profile_t> profile(kernels);
  for (uint32_t k = 0; k < kernels; ++k)
    if (modelc::Status s = session.kernelProfile(k, profile[k]); !s)
      fail(std::string(s.codeName()) + ": " + s.message());
  return profile;
}

/// The kernels by time over `runs` runs (the difference `after - before`):
/// ms per run, share of the kernels' total, TFLOP/s where the compiler
/// counted the kernel's operations (and % of `peakTflops` if given).
void printProfile(const std::vector<modelc_kernel_profile_t> &before,
                  const std::vector<modelc_kernel_profile_t> &after, long runs,
                  long top, double peakTflops) {
  struct Row {
    size_t index;
    double msPerRun, launchesPerRun;
  };
  std::vector<Row> rows;
  double total = 0, flops = 0, flopMs = 0;
  for (size_t k = 0; k < after.size(); ++k) {
    double ms = (after[k].total_ms - before[k].total_ms) / double(runs);
    double launches =
        double(after[k].launches - before[k].launches) / double(runs);
    rows.push_back({k, ms, launches});
    total += ms;
    if (after[k].flops) {
      flops += double(after[k].flops) * launches;
      flopMs += ms;
    }
  }
  std::stable_sort(rows.begin(), rows.end(), [](const Row &a, const Row &b) {
    return a.msPerRun > b.msPerRun;
  });
  std::printf("profile: %zu kernels, %ld runs, kernels %.3f ms per run "
              "(launched one by one); counted matmuls and convolutions: "
              "%.1f GFLOP in %.3f ms, %.1f TFLOP/s\n",
              after.size(), runs, total, flops / 1e9, flopMs,
              flopMs > 0 ? flops / flopMs / 1e9 : 0.0);
  std::printf("  %9s %6s %8s%s %7s  %s\n", "ms/run", "share", "TFLOP/s",
              peakTflops > 0 ? "  %peak" : "", "GFLOP", "kernel (ONNX nodes)");
  size_t shown =
      top > 0 ? std::min<size_t>(size_t(top), rows.size()) : rows.size();
  double rest = 0;
  for (size_t i = 0; i < rows.size(); ++i) {
    const Row &row = rows[i];
    if (i >= shown) {
      rest += row.msPerRun;
      continue;
    }
    const modelc_kernel_profile_t &k = after[row.index];
    double gflop = double(k.flops) * row.launchesPerRun / 1e9;
    double tflops = k.flops && row.msPerRun > 0 ? gflop / row.msPerRun : 0;
    char rate[16] = "-", work[16] = "-", percent[16] = "-", peak[24] = "";
    if (k.flops) {
      std::snprintf(rate, sizeof(rate), "%.1f", tflops);
      std::snprintf(work, sizeof(work), "%.2f", gflop);
      if (peakTflops > 0)
        std::snprintf(percent, sizeof(percent), "%d%%",
                      int(100 * tflops / peakTflops + 0.5));
    }
    if (peakTflops > 0)
      std::snprintf(peak, sizeof(peak), " %6s", percent);
    std::printf("  %9.4f %5.1f%% %8s%s %7s  %s (%s)\n", row.msPerRun,
                total > 0 ? 100 * row.msPerRun / total : 0.0, rate, peak, work,
                printable(k.name).c_str(), printable(k.onnx_nodes).c_str());
  }
  if (shown < rows.size())
    std::printf("  %9.4f %5.1f%%  (%zu more kernels)\n", rest,
                total > 0 ? 100 * rest / total : 0.0, rows.size() - shown);
}

std::vector<std::string> splitList(const std::string &list) {
  std::vector<std::string> items;
  size_t start = 0;
  while (start <= list.size()) {
    size_t comma = list.find(',', start);
    if (comma == std::string::npos)
      comma = list.size();
    if (comma > start)
      items.push_back(list.substr(start, comma - start));
    start = comma + 1;
  }
  return items;
}

double parseNumber(const std::string &flag, const std::string &text) {
  char *end = nullptr;
  double value = std::strtod(text.c_str(), &end);
  if (text.empty() || *end || !(value >= 0) || std::isinf(value))
    fail(flag + " expects a non-negative number, got '" + text + "'");
  return value;
}

long parseCount(const std::string &flag, const std::string &text) {
  char *end = nullptr;
  long value = std::strtol(text.c_str(), &end, 10);
  if (text.empty() || *end || value < 0 || value > 100000000)
    fail(flag + " expects a count, got '" + text + "'");
  return value;
}

Options parseOptions(int argc, char **argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    std::string value;
    bool hasValue = false;
    if (arg.rfind("--", 0) == 0 && arg.find('=') != std::string::npos) {
      value = arg.substr(arg.find('=') + 1);
      arg = arg.substr(0, arg.find('='));
      hasValue = true;
    }
    auto next = [&]() -> std::string {
      if (hasValue)
        return value;
      if (i + 1 >= argc)
        fail(arg + " expects a value");
      return argv[++i];
    };
    if (arg == "-h" || arg == "--help") {
      std::fputs(kUsage, stdout);
      std::exit(0);
    } else if (arg == "--test-data") {
      o.testData = next();
    } else if (arg == "--inputs") {
      o.inputs = splitList(next());
    } else if (arg == "--expected") {
      o.expected = splitList(next());
    } else if (arg == "--save-outputs") {
      o.saveOutputs = next();
    } else if (arg == "--save-format") {
      o.saveFormat = next();
      if (o.saveFormat != "pb" && o.saveFormat != "npy")
        fail("--save-format expects pb or npy, got '" + o.saveFormat + "'");
    } else if (arg == "--rtol") {
      o.rtol = parseNumber(arg, next());
    } else if (arg == "--atol") {
      o.atol = parseNumber(arg, next());
    } else if (arg == "--bench") {
      o.bench = parseCount(arg, next());
    } else if (arg == "--warmup") {
      o.warmup = parseCount(arg, next());
    } else if (arg == "--profile") {
      o.profile = true;
    } else if (arg == "--profile-top") {
      o.profileTop = parseCount(arg, next());
    } else if (arg == "--peak-tflops") {
      o.peakTflops = parseNumber(arg, next());
      if (!(o.peakTflops > 0))
        fail("--peak-tflops expects a positive number");
    } else if (arg == "--seed") {
      o.seed = (unsigned long)parseCount(arg, next());
    } else if (arg == "--cuda-graph") {
      std::string v = hasValue ? value : "on";
      if (v != "on" && v != "off")
        fail("--cuda-graph expects on or off, got '" + v + "'");
      o.cudaGraph = v == "on";
    } else if (arg == "--device") {
      o.device = int(parseCount(arg, next()));
    } else if (arg == "--sync-each-kernel") {
      o.syncEachKernel = true;
    } else if (arg == "--info") {
      o.info = true;
    } else if (arg == "--no-verify") {
      o.verify = false;
    } else if (arg == "-q" || arg == "--quiet") {
      o.quiet = true;
    } else if (arg.size() > 1 && arg[0] == '-') {
      fail("unknown option '" + arg + "' (see --help)");
    } else if (o.model.empty()) {
      o.model = arg;
    } else {
      fail("more than one model given: '" + o.model + "' and '" + arg + "'");
    }
  }
  if (o.model.empty())
    fail("no model given (usage: modelc-run MODEL.so [options]; see --help)");
  if (!o.testData.empty() && (!o.inputs.empty() || !o.expected.empty()))
    fail("--test-data cannot be combined with --inputs or --expected");
  return o;
}

std::string describe(const modelc_tensor_info_t &t) {
  std::string text = std::string(modelc_dtype_name(t.dtype)) + " [";
  for (int32_t i = 0; i < t.rank; ++i)
    text += (i ? "," : "") + std::to_string(t.dims[i]);
  return text + "]";
}

std::string formatBytes(uint64_t bytes) {
  char text[64];
  if (bytes < 1024)
    std::snprintf(text, sizeof(text), "%llu B", (unsigned long long)bytes);
  else if (bytes < 1024 * 1024)
    std::snprintf(text, sizeof(text), "%.1f KiB", bytes / 1024.0);
  else
    std::snprintf(text, sizeof(text), "%.1f MiB", bytes / 1048576.0);
  return text;
}

bool isDirectory(const std::string &path) {
  struct stat info;
  return ::stat(path.c_str(), &info) == 0 && S_ISDIR(info.st_mode);
}

/// Files of `dir` named `<prefix><N><suffix>`, ordered by N.
std::vector<std::string> numberedEntries(const std::string &dir,
                                         const std::string &prefix,
                                         const std::string &suffix) {
  std::vector<std::pair<long, std::string>> found;
  if (DIR *d = ::opendir(dir.c_str())) {
    while (dirent *entry = ::readdir(d)) {
      std::string name = entry->d_name;
      if (name.size() <= prefix.size() + suffix.size() ||
          name.compare(0, prefix.size(), prefix) != 0 ||
          name.compare(name.size() - suffix.size(), suffix.size(), suffix) != 0)
        continue;
      std::string number = name.substr(
          prefix.size(), name.size() - prefix.size() - suffix.size());
      if (number.find_first_not_of("0123456789") != std::string::npos)
        continue;
      found.push_back({std::stol(number), dir + "/" + name});
    }
    ::closedir(d);
  }
  std::sort(found.begin(), found.end());
  std::vector<std::string> paths;
  for (auto &entry : found)
    paths.push_back(entry.second);
  return paths;
}

struct DataSet {
  std::string label;
  std::vector<std::string> inputs, expected;
};

std::vector<DataSet> collectDataSets(const Options &o) {
  std::vector<DataSet> sets;
  if (o.testData.empty()) {
    sets.push_back({"", o.inputs, o.expected});
    return sets;
  }
  if (!isDirectory(o.testData))
    fail("--test-data '" + o.testData + "' is not a directory");
  std::vector<std::string> dirs =
      numberedEntries(o.testData, "test_data_set_", "");
  if (dirs.empty())
    dirs.push_back(o.testData);
  for (const std::string &dir : dirs) {
    DataSet set{dir, numberedEntries(dir, "input_", ".pb"),
                numberedEntries(dir, "output_", ".pb")};
    if (set.inputs.empty() && set.expected.empty())
      fail("--test-data '" + dir + "' has no input_N.pb or output_N.pb");
    sets.push_back(std::move(set));
  }
  return sets;
}

void fillRandom(HostTensor &t, std::mt19937_64 &random) {
  std::uniform_real_distribution<float> uniform(-1.0f, 1.0f);
  size_t n = t.numElements();
  if (t.dtype == MODELC_DTYPE_FLOAT32) {
    auto *p = reinterpret_cast<float *>(t.data.data());
    for (size_t i = 0; i < n; ++i)
      p[i] = uniform(random);
  } else if (t.dtype == MODELC_DTYPE_FLOAT64) {
    auto *p = reinterpret_cast<double *>(t.data.data());
    for (size_t i = 0; i < n; ++i)
      p[i] = uniform(random);
  } else if (t.dtype == MODELC_DTYPE_FLOAT16 ||
             t.dtype == MODELC_DTYPE_BFLOAT16) {
    auto *p = reinterpret_cast<uint16_t *>(t.data.data());
    for (size_t i = 0; i < n; ++i)
      p[i] = t.dtype == MODELC_DTYPE_FLOAT16 ? floatToHalf(uniform(random))
                                             : floatToBFloat16(uniform(random));
  } else {
    // Integer inputs are often indices or sizes: zero is always valid.
    std::fill(t.data.begin(), t.data.end(), 0);
  }
}

HostTensor emptyTensor(const modelc_tensor_info_t &info) {
  HostTensor t;
  t.name = info.name;
  t.dtype = info.dtype;
  t.dims.assign(info.dims, info.dims + info.rank);
  t.data.resize(info.bytes);
  return t;
}

struct Tolerance {
  double rtol, atol;
};

Tolerance defaultTolerance(modelc_dtype_t dtype) {
  switch (dtype) {
  case MODELC_DTYPE_FLOAT32:
    return {1e-3, 1e-5};
  case MODELC_DTYPE_FLOAT64:
    return {1e-5, 1e-8};
  case MODELC_DTYPE_FLOAT16:
    return {1e-2, 1e-3};
  case MODELC_DTYPE_BFLOAT16:
    return {2e-2, 1e-2};
  default:
    return {0, 0};
  }
}

bool isFloating(modelc_dtype_t dtype) {
  return dtype == MODELC_DTYPE_FLOAT32 || dtype == MODELC_DTYPE_FLOAT64 ||
         dtype == MODELC_DTYPE_FLOAT16 || dtype == MODELC_DTYPE_BFLOAT16;
}

std::string indexToString(const std::vector<int64_t> &dims, size_t flat) {
  std::vector<int64_t> index(dims.size());
  for (size_t d = dims.size(); d-- > 0;) {
    index[d] = dims[d] ? int64_t(flat % size_t(dims[d])) : 0;
    flat = dims[d] ? flat / size_t(dims[d]) : 0;
  }
  std::string text = "[";
  for (size_t d = 0; d < index.size(); ++d)
    text += (d ? "," : "") + std::to_string(index[d]);
  return text + "]";
}

/// Compares one output; prints a line; returns whether it matches.
bool compareOutput(const Options &o, size_t number,
                   const modelc_tensor_info_t &info, const HostTensor &got,
                   const HostTensor &want, const std::string &prefix) {
  std::string label = prefix + "output " + std::to_string(number) + " '" +
                      printable(info.name) + "' " + describe(info);
  if (want.dtype != got.dtype) {
    std::printf("%s: FAIL: expected dtype %s\n", label.c_str(),
                modelc_dtype_name(want.dtype));
    return false;
  }
  if (want.dims != got.dims) {
    modelc_tensor_info_t w{"", want.dtype, int32_t(want.dims.size()),
                           want.dims.data(), 0};
    std::printf("%s: FAIL: expected shape %s\n", label.c_str(),
                describe(w).c_str());
    return false;
  }
  Tolerance tol = defaultTolerance(got.dtype);
  if (o.rtol >= 0)
    tol.rtol = o.rtol;
  if (o.atol >= 0)
    tol.atol = o.atol;
  bool floating = isFloating(got.dtype);
  size_t n = got.numElements(), bad = 0, worst = 0;
  double maxAbs = 0, maxRel = 0, worstExcess = -1;
  size_t elementBytes = modelc_dtype_size(got.dtype);
  for (size_t i = 0; i < n; ++i) {
    double g = elementAsDouble(got, i), w = elementAsDouble(want, i);
    bool ok;
    double diff;
    if (floating) {
      if (std::isnan(g) || std::isnan(w)) {
        ok = std::isnan(g) && std::isnan(w);
        diff = ok ? 0 : INFINITY;
      } else if (std::isinf(g) || std::isinf(w)) {
        ok = g == w;
        diff = ok ? 0 : INFINITY;
      } else {
        diff = std::fabs(g - w);
        ok = diff <= tol.atol + tol.rtol * std::fabs(w);
      }
    } else {
      ok = std::memcmp(got.data.data() + i * elementBytes,
                       want.data.data() + i * elementBytes, elementBytes) == 0;
      diff = ok ? 0 : std::fabs(g - w);
    }
    maxAbs = std::max(maxAbs, diff);
    if (w != 0 && !std::isnan(diff))
      maxRel = std::max(maxRel, diff / std::fabs(w));
    if (!ok) {
      ++bad;
      double excess = std::isinf(diff) || std::isnan(diff)
                          ? INFINITY
                          : diff - tol.atol - tol.rtol * std::fabs(w);
      if (excess > worstExcess) {
        worstExcess = excess;
        worst = i;
      }
    }
  }
  if (!bad) {
    if (!o.quiet)
      std::printf("%s: max abs err %.3g, max rel err %.3g: ok\n", label.c_str(),
                  maxAbs, maxRel);
    return true;
  }
  std::printf("%s: max abs err %.3g, max rel err %.3g: FAIL: %zu of %zu "
              "elements differ",
              label.c_str(), maxAbs, maxRel, bad, n);
  if (floating)
    std::printf(" (rtol %g, atol %g)", tol.rtol, tol.atol);
  std::printf("; worst at %s: got %.9g, expected %.9g\n",
              indexToString(got.dims, worst).c_str(),
              elementAsDouble(got, worst), elementAsDouble(want, worst));
  return false;
}

/// NumPy has no bfloat16: ONNX test data stores bfloat16 tensors as their
/// uint16 bit patterns. Reads them as bfloat16 where the model wants that.
void adoptBfloat16(HostTensor &t, modelc_dtype_t wanted) {
  if (wanted == MODELC_DTYPE_BFLOAT16 && t.dtype == MODELC_DTYPE_UINT16)
    t.dtype = MODELC_DTYPE_BFLOAT16;
}

/// Binds the caller's tensors: by their name when it is one of the model's,
/// else by position.
std::vector<modelc_tensor_t>
bindByNameOrPosition(std::vector<HostTensor> &tensors,
                     const std::vector<modelc_tensor_info_t> &expected) {
  std::vector<modelc_tensor_t> views;
  for (size_t i = 0; i < tensors.size(); ++i) {
    HostTensor &t = tensors[i];
    const modelc_tensor_info_t *match =
        i < expected.size() ? &expected[i] : nullptr;
    bool known = false;
    for (const modelc_tensor_info_t &e : expected)
      if (!t.name.empty() && t.name == e.name) {
        known = true;
        match = &e;
      }
    if (match)
      adoptBfloat16(t, match->dtype);
    modelc_tensor_t view = t.view();
    if (!known)
      view.name = nullptr;
    views.push_back(view);
  }
  return views;
}

/// The expected tensor for output `index`: the one with its name, else the
/// one at its position.
const HostTensor *findExpected(const std::vector<HostTensor> &expected,
                               const modelc_tensor_info_t &info, size_t index) {
  for (const HostTensor &t : expected)
    if (t.name == info.name)
      return &t;
  return index < expected.size() ? &expected[index] : nullptr;
}

/// Device copies of a run's tensors (GPU artifacts), allocated on first
/// use through the runtime and freed with it.
class DeviceTensors {
public:
  explicit DeviceTensors(modelc_session_t *session) : session(session) {}
  ~DeviceTensors() {
    for (void *p : pointers)
      modelc_session_device_free(session, p);
  }

  /// Points `views` at device copies, copying the host data there when
  /// `transfer`.
  modelc::Status bind(std::vector<modelc_tensor_t> &views, bool transfer) {
    if (pointers.empty()) {
      for (const modelc_tensor_t &v : views) {
        void *p = nullptr;
        if (modelc::Status s(modelc_session_device_alloc(session, v.bytes, &p));
            !s)
          return s;
        pointers.push_back(p);
      }
    }
    for (size_t i = 0; i < views.size(); ++i) {
      if (transfer && views[i].bytes)
        if (modelc::Status s(modelc_session_memcpy(
                session, pointers[i], views[i].data, views[i].bytes));
            !s)
          return s;
      views[i].data = pointers[i];
    }
    return modelc::Status();
  }

  modelc::Status copyBack(std::vector<modelc_tensor_t> &views) {
    for (size_t i = 0; i < views.size(); ++i)
      if (views[i].bytes)
        if (modelc::Status s(modelc_session_memcpy(
                session, views[i].data, pointers[i], views[i].bytes));
            !s)
          return s;
    return modelc::Status();
  }

private:
  modelc_session_t *session;
  std::vector<void *> pointers;
};

} // namespace

int main(int argc, char **argv) {
  Options o = parseOptions(argc, argv);

  modelc_model_options_t modelOptions;
  modelc_model_options_init(&modelOptions);
  modelOptions.verify_integrity = o.verify;
  modelc::Model model;
  if (modelc::Status s =
          modelc::Model::open(o.model.c_str(), model, &modelOptions);
      !s)
    fail(std::string(s.codeName()) + ": " + s.message());
  modelc_model_properties_t props;
  if (modelc::Status s = model.properties(props); !s)
    fail(s.message());
  std::vector<modelc_tensor_info_t> inputInfo(model.inputCount()),
      outputInfo(model.outputCount());
  for (size_t i = 0; i < inputInfo.size(); ++i)
    model.inputInfo(i, inputInfo[i]);
  for (size_t i = 0; i < outputInfo.size(); ++i)
    model.outputInfo(i, outputInfo[i]);

  if (!o.quiet || o.info) {
    std::printf("modelc-run: %s: model '%s', target %s, %u kernels, arena "
                "%s, weights %s\n",
                o.model.c_str(), printable(props.model_name).c_str(),
                props.target, props.num_kernels,
                formatBytes(props.arena_bytes).c_str(),
                formatBytes(props.weights_bytes).c_str());
    for (size_t i = 0; i < inputInfo.size(); ++i)
      std::printf("  input  %zu '%s' %s\n", i,
                  printable(inputInfo[i].name).c_str(),
                  describe(inputInfo[i]).c_str());
    for (size_t i = 0; i < outputInfo.size(); ++i)
      std::printf("  output %zu '%s' %s\n", i,
                  printable(outputInfo[i].name).c_str(),
                  describe(outputInfo[i]).c_str());
  }
  if (o.info) {
    std::printf("  compiled by %s\n  content hash %s\n", props.compiler_version,
                props.content_hash);
    return 0;
  }

  modelc_session_options_t sessionOptions;
  modelc_session_options_init(&sessionOptions);
  sessionOptions.device_ordinal = o.device;
  sessionOptions.cuda_graph = o.cudaGraph;
  sessionOptions.synchronize_each_kernel = o.syncEachKernel;
  sessionOptions.profile = o.profile;
  if (o.profile && o.bench == 0)
    o.bench = 20;
  modelc::Session session;
  if (modelc::Status s =
          modelc::Session::create(model, session, &sessionOptions);
      !s)
    fail(std::string(s.codeName()) + ": " + s.message());
  bool gpu = std::strncmp(props.target, "sm_", 3) == 0;
  // GPU artifacts run on device copies of the inputs and outputs: outputs
  // are poisoned on the device, and timings exclude host transfers, as the
  // peers' do.
  DeviceTensors deviceInputs(session.get()), deviceOutputs(session.get());
  auto runModel = [&](std::vector<modelc_tensor_t> &inputViews,
                      std::vector<modelc_tensor_t> &outputViews,
                      bool transfer) -> modelc::Status {
    if (!gpu)
      return session.run(inputViews.data(), inputViews.size(),
                         outputViews.data(), outputViews.size());
    std::vector<modelc_tensor_t> in = inputViews, out = outputViews;
    if (modelc::Status s = deviceInputs.bind(in, transfer); !s)
      return s;
    if (modelc::Status s = deviceOutputs.bind(out, transfer); !s)
      return s;
    if (modelc::Status s =
            session.run(in.data(), in.size(), out.data(), out.size());
        !s)
      return s;
    return transfer ? deviceOutputs.copyBack(outputViews) : modelc::Status();
  };

  std::vector<DataSet> sets = collectDataSets(o);
  size_t failedSets = 0;
  std::vector<HostTensor> inputs, outputs;
  std::vector<modelc_tensor_t> inputViews;
  for (size_t setIndex = 0; setIndex < sets.size(); ++setIndex) {
    const DataSet &set = sets[setIndex];
    std::string prefix = set.label.empty() ? "" : set.label + ": ";
    std::string error;
    inputs.clear();
    if (set.inputs.empty() && o.testData.empty()) {
      std::mt19937_64 random(o.seed);
      for (const modelc_tensor_info_t &info : inputInfo) {
        inputs.push_back(emptyTensor(info));
        fillRandom(inputs.back(), random);
      }
      if (!o.quiet && !inputInfo.empty())
        std::printf("inputs: random values (seed %lu)\n", o.seed);
    } else {
      for (const std::string &path : set.inputs) {
        inputs.emplace_back();
        if (!readTensorFile(path, inputs.back(), error))
          fail(error);
      }
    }
    std::vector<HostTensor> expected(set.expected.size());
    for (size_t i = 0; i < set.expected.size(); ++i)
      if (!readTensorFile(set.expected[i], expected[i], error))
        fail(error);

    inputViews = bindByNameOrPosition(inputs, inputInfo);
    outputs.clear();
    std::vector<modelc_tensor_t> outputViews;
    for (const modelc_tensor_info_t &info : outputInfo) {
      outputs.push_back(emptyTensor(info));
      // Poison, so elements the model forgets to write show up.
      std::fill(outputs.back().data.begin(), outputs.back().data.end(),
                char(0xff));
    }
    for (HostTensor &t : outputs)
      outputViews.push_back(t.view());
    if (modelc::Status s = runModel(inputViews, outputViews, true); !s)
      fail(prefix + s.codeName() + ": " + s.message());

    bool ok = true;
    if (!expected.empty()) {
      if (expected.size() != outputs.size())
        std::printf("%swarning: %zu expected outputs for %zu model outputs\n",
                    prefix.c_str(), expected.size(), outputs.size());
      for (size_t i = 0; i < outputs.size(); ++i) {
        HostTensor *want =
            const_cast<HostTensor *>(findExpected(expected, outputInfo[i], i));
        if (want)
          adoptBfloat16(*want, outputInfo[i].dtype);
        if (!want) {
          std::printf("%soutput %zu '%s': no expected value given\n",
                      prefix.c_str(), i, printable(outputInfo[i].name).c_str());
          continue;
        }
        ok &= compareOutput(o, i, outputInfo[i], outputs[i], *want, prefix);
      }
    } else if (!o.quiet) {
      // Nothing to compare with: summarize the values.
      for (size_t i = 0; i < outputs.size(); ++i) {
        size_t n = outputs[i].numElements();
        std::printf("%soutput %zu '%s' %s:", prefix.c_str(), i,
                    printable(outputInfo[i].name).c_str(),
                    describe(outputInfo[i]).c_str());
        for (size_t k = 0; k < std::min<size_t>(n, 8); ++k)
          std::printf(" %.6g", elementAsDouble(outputs[i], k));
        std::printf("%s\n", n > 8 ? " ..." : "");
      }
    }
    if (!ok)
      ++failedSets;

    if (!o.saveOutputs.empty()) {
      if (!isDirectory(o.saveOutputs) &&
          ::mkdir(o.saveOutputs.c_str(), 0777) != 0)
        fail("cannot create '" + o.saveOutputs + "': " + std::strerror(errno));
      for (size_t i = 0; i < outputs.size(); ++i) {
        std::string path =
            o.saveOutputs + "/" +
            (sets.size() > 1 ? "set" + std::to_string(setIndex) + "_" : "") +
            "output_" + std::to_string(i) + "." + o.saveFormat;
        if (!writeTensorFile(path, outputs[i], error))
          fail(error);
        if (!o.quiet)
          std::printf("%swrote %s\n", prefix.c_str(), path.c_str());
      }
    }
  }

  if (o.bench > 0) {
    std::vector<modelc_tensor_t> outputViews;
    for (HostTensor &t : outputs)
      outputViews.push_back(t.view());
    // The inputs go to the device once; runs then stay there.
    if (modelc::Status s = runModel(inputViews, outputViews, true); !s)
      fail(std::string(s.codeName()) + ": " + s.message());
    auto runOnce = [&] {
      if (modelc::Status s = runModel(inputViews, outputViews, false); !s)
        fail(std::string(s.codeName()) + ": " + s.message());
    };
    for (long i = 0; i < o.warmup; ++i)
      runOnce();
    // Kernel times so far (the first runs and the warm-up), subtracted.
    std::vector<modelc_kernel_profile_t> before =
        o.profile ? readProfile(session, props.num_kernels)
                  : std::vector<modelc_kernel_profile_t>();
    std::vector<double> ms;
    for (long i = 0; i < o.bench; ++i) {
      auto start = std::chrono::steady_clock::now();
      runOnce();
      auto end = std::chrono::steady_clock::now();
      ms.push_back(
          std::chrono::duration<double, std::milli>(end - start).count());
    }
    std::sort(ms.begin(), ms.end());
    double median = ms.size() % 2
                        ? ms[ms.size() / 2]
                        : (ms[ms.size() / 2 - 1] + ms[ms.size() / 2]) / 2;
    int64_t batch = !inputInfo.empty() && inputInfo[0].rank > 0
                        ? std::max<int64_t>(inputInfo[0].dims[0], 1)
                        : 1;
    std::printf("bench: %ld runs after %ld warm-up (%s, %s%s): latency "
                "median %.3f ms, min %.3f ms; throughput %.1f inferences/s "
                "(batch %lld)\n",
                o.bench, o.warmup, gpu ? "gpu" : "host", props.target,
                gpu ? (o.profile     ? ", device-resident tensors, profiled: "
                                       "kernel by kernel with events"
                       : o.cudaGraph ? ", device-resident tensors, CUDA graph"
                                     : ", device-resident tensors, no graph")
                    : "",
                median, ms.front(),
                median > 0 ? 1000.0 * double(batch) / median : 0.0,
                (long long)batch);
    if (o.profile)
      printProfile(before, readProfile(session, props.num_kernels), o.bench,
                   o.profileTop, o.peakTflops);
  }

  bool compared = !o.testData.empty() || !o.expected.empty();
  if (compared) {
    std::printf("%s: %zu of %zu data set%s match\n",
                failedSets ? "FAIL" : "PASS", sets.size() - failedSets,
                sets.size(), sets.size() == 1 ? "" : "s");
  }
  return failedSets ? 1 : 0;
}

//===- RuntimeGpuTest.cpp - GPU sessions under faults and load ------------===//
//
// Part of the modelc project, under the Apache License v2.0 with LLVM
// Exceptions. SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// The runtime's GPU promises, on a real GPU: out of device memory at
// session creation is a RESOURCE_EXHAUSTED status that leaks nothing; a
// failed run does not spoil the next; a kernel that faults gives a sticky
// DEVICE_FAULT and later calls say so; threads with their own sessions, or
// sharing one, get bit-identical results to a serial run; creating and
// destroying sessions 1,000 times leaves host and device memory flat.
//
// Artifacts: the hand-written PTX fixtures (FixtureArtifact.c: cuda_add
// computes, cuda_trap executes `trap`), and, when $MODELC_GPU_TEST_MODEL
// names one, a compiled model (scripts/gpu-tests.sh passes ResNet-50).
// Without a GPU every test is skipped. Run by `scripts/gpu-tests.sh
// robustness` on the GPU machine.
//
//===----------------------------------------------------------------------===//

#include "modelc/runtime.hpp"

#include "FixtureFiles.h"

#include "gtest/gtest.h"

#include <dlfcn.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <random>
#include <string>
#include <thread>
#include <vector>

namespace {

using modelc::Status;
using modelc::test::fixture;

//===----------------------------------------------------------------------===//
// The test's own view of the device (free memory, and a way to fill it),
// through the driver API, looked up like the runtime does.
//===----------------------------------------------------------------------===//

class Device {
public:
  /// The device, or nullptr without a driver or GPU.
  static Device *get() {
    static Device *device = [] {
      auto *d = new Device;
      if (!d->load()) {
        delete d;
        return static_cast<Device *>(nullptr);
      }
      return d;
    }();
    return device;
  }

  /// Free bytes on GPU 0, read inside the primary context (retained for the
  /// call only, so the test never keeps a context alive by itself).
  size_t freeBytes() {
    size_t free = 0, total = 0;
    withContext([&] { memGetInfo(&free, &total); });
    return free;
  }

  /// Allocates device memory until nothing more fits (chunks halving down
  /// to 64 KiB); returns the pointers.
  std::vector<unsigned long long> fill() {
    std::vector<unsigned long long> chunks;
    withContext([&] {
      size_t free = 0, total = 0;
      memGetInfo(&free, &total);
      for (size_t chunk = free; chunk >= (64u << 10);) {
        unsigned long long pointer = 0;
        if (memAlloc(&pointer, chunk) == 0)
          chunks.push_back(pointer);
        else
          chunk /= 2;
      }
    });
    return chunks;
  }

  void release(const std::vector<unsigned long long> &chunks) {
    withContext([&] {
      for (unsigned long long pointer : chunks)
        memFree(pointer);
    });
  }

private:
  template <typename F>
  void withContext(F f) {
    void *context = nullptr, *previous = nullptr;
    ASSERT_EQ(retain(&context, 0), 0);
    ASSERT_EQ(push(context), 0);
    f();
    pop(&previous);
    releaseContext(0);
  }

  bool load() {
    void *lib = dlopen("libcuda.so.1", RTLD_NOW | RTLD_LOCAL);
    if (!lib)
      return false;
    auto sym = [&](auto &fn, const char *name) {
      fn = reinterpret_cast<std::remove_reference_t<decltype(fn)>>(
          dlsym(lib, name));
      return fn != nullptr;
    };
    int (*init)(unsigned) = nullptr;
    int (*count)(int *) = nullptr;
    int n = 0;
    return sym(init, "cuInit") && sym(count, "cuDeviceGetCount") &&
           sym(retain, "cuDevicePrimaryCtxRetain") &&
           sym(releaseContext, "cuDevicePrimaryCtxRelease_v2") &&
           sym(push, "cuCtxPushCurrent_v2") && sym(pop, "cuCtxPopCurrent_v2") &&
           sym(memGetInfo, "cuMemGetInfo_v2") &&
           sym(memAlloc, "cuMemAlloc_v2") && sym(memFree, "cuMemFree_v2") &&
           init(0) == 0 && count(&n) == 0 && n > 0;
  }

  int (*retain)(void **, int) = nullptr;
  int (*releaseContext)(int) = nullptr;
  int (*push)(void *) = nullptr;
  int (*pop)(void **) = nullptr;
  int (*memGetInfo)(size_t *, size_t *) = nullptr;
  int (*memAlloc)(unsigned long long *, size_t) = nullptr;
  int (*memFree)(unsigned long long) = nullptr;
};

#define REQUIRE_GPU()                                                          \
  if (!Device::get())                                                          \
  GTEST_SKIP() << "no CUDA driver or GPU here"

size_t residentBytes() {
  long pages = 0, resident = 0;
  if (FILE *f = std::fopen("/proc/self/statm", "r")) {
    if (std::fscanf(f, "%ld %ld", &pages, &resident) != 2)
      resident = 0;
    std::fclose(f);
  }
  return size_t(resident) * size_t(sysconf(_SC_PAGESIZE));
}

double mib(double bytes) { return bytes / (1024.0 * 1024.0); }

//===----------------------------------------------------------------------===//
// A model with deterministic inputs and host output buffers
//===----------------------------------------------------------------------===//

struct Buffers {
  std::vector<std::vector<char>> in, out;
  std::vector<modelc_tensor_t> inputs, outputs;
};

/// Inputs filled from `seed` (floats in [-1, 1], integers 0), outputs
/// poisoned with 0xff bytes.
Buffers makeBuffers(const modelc::Model &model, unsigned seed) {
  Buffers b;
  std::mt19937 rng(seed);
  std::uniform_real_distribution<float> uniform(-1.0f, 1.0f);
  size_t numInputs = modelc_model_input_count(model.get());
  size_t numOutputs = modelc_model_output_count(model.get());
  b.in.resize(numInputs);
  b.out.resize(numOutputs);
  for (size_t i = 0; i < numInputs; ++i) {
    modelc_tensor_info_t info;
    Status(modelc_model_input_info(model.get(), i, &info));
    b.in[i].assign(info.bytes, 0);
    if (info.dtype == MODELC_DTYPE_FLOAT32)
      for (size_t e = 0; e < info.bytes / 4; ++e) {
        float v = uniform(rng);
        std::memcpy(b.in[i].data() + 4 * e, &v, 4);
      }
    b.inputs.push_back({nullptr, info.dtype, info.rank, info.dims,
                        b.in[i].data(), info.bytes});
  }
  for (size_t o = 0; o < numOutputs; ++o) {
    modelc_tensor_info_t info;
    Status(modelc_model_output_info(model.get(), o, &info));
    b.out[o].assign(info.bytes, char(0xff));
    b.outputs.push_back({nullptr, info.dtype, info.rank, info.dims,
                         b.out[o].data(), info.bytes});
  }
  return b;
}

Status runOnce(modelc::Session &session, Buffers &b) {
  return Status(modelc_session_run(session.get(), b.inputs.data(),
                                   b.inputs.size(), b.outputs.data(),
                                   b.outputs.size()));
}

/// The artifacts the load tests use: the fixture, and the compiled model
/// named by $MODELC_GPU_TEST_MODEL.
std::vector<std::string> artifacts() {
  std::vector<std::string> paths = {fixture("cuda_add")};
  if (const char *model = std::getenv("MODELC_GPU_TEST_MODEL"))
    if (*model)
      paths.push_back(model);
  return paths;
}

modelc::Model open(const std::string &path) {
  modelc::Model model;
  Status status = modelc::Model::open(path.c_str(), model);
  EXPECT_TRUE(status.ok()) << status.message();
  return model;
}

/// One serial run's outputs: the reference for the concurrent tests.
std::vector<std::vector<char>> reference(const modelc::Model &model,
                                         unsigned seed) {
  modelc::Session session;
  Status created = modelc::Session::create(model, session);
  EXPECT_TRUE(created.ok()) << created.message();
  Buffers b = makeBuffers(model, seed);
  Status status = runOnce(session, b);
  EXPECT_TRUE(status.ok()) << status.message();
  return b.out;
}

//===----------------------------------------------------------------------===//
// Correct results, and a failed run does not spoil the next
//===----------------------------------------------------------------------===//

void expectFixtureResults(const Buffers &b) {
  // sum = x + y + w (w = 1..6), x_copy = x.
  for (int i = 0; i < 6; ++i) {
    float x, y, sum, copy;
    std::memcpy(&x, b.in[0].data() + 4 * i, 4);
    std::memcpy(&y, b.in[1].data() + 4 * i, 4);
    std::memcpy(&sum, b.out[0].data() + 4 * i, 4);
    std::memcpy(&copy, b.out[1].data() + 4 * i, 4);
    EXPECT_EQ(sum, (x + y) + float(i + 1)) << i;
    EXPECT_EQ(copy, x) << i;
  }
}

// An artifact with cuBLASLt GEMMs on a machine without cuBLASLt: the
// session is refused with what to do. cuBLASLt is loaded once per process,
// so this test comes first in the file (gtest runs them in order).
TEST(GpuSession, LibraryGemmsWithoutCublasLtAreUnavailable) {
  REQUIRE_GPU();
  ::setenv("MODELC_LIBCUBLASLT", "/nonexistent/libcublasLt.so.13", 1);
  modelc::Model model = open(fixture("cuda_gemm"));
  modelc::Session session;
  Status created = modelc::Session::create(model, session);
  ::unsetenv("MODELC_LIBCUBLASLT");
  EXPECT_EQ(created.code(), MODELC_STATUS_UNAVAILABLE);
  for (const char *part :
       {"runs GEMMs with cuBLASLt", "/nonexistent/libcublasLt.so.13",
        "--gemm-library=none"})
    EXPECT_NE(std::string(created.message()).find(part), std::string::npos)
        << created.message();
}

TEST(GpuSession, FixtureComputesWithAndWithoutGraph) {
  REQUIRE_GPU();
  modelc::Model model = open(fixture("cuda_add"));
  for (int graph : {1, 0}) {
    modelc_session_options_t options;
    modelc_session_options_init(&options);
    options.cuda_graph = graph;
    modelc::Session session;
    Status created = modelc::Session::create(model, session, &options);
    ASSERT_TRUE(created.ok()) << created.message();
    for (unsigned seed = 0; seed < 3; ++seed) {
      Buffers b = makeBuffers(model, seed);
      Status status = runOnce(session, b);
      ASSERT_TRUE(status.ok()) << status.message();
      expectFixtureResults(b);
    }
  }
}

TEST(GpuSession, RunAfterAFailedRunIsCorrect) {
  REQUIRE_GPU();
  for (const std::string &path : artifacts()) {
    SCOPED_TRACE(path);
    modelc::Model model = open(path);
    auto expected = reference(model, 7);
    modelc::Session session;
    ASSERT_TRUE(modelc::Session::create(model, session).ok());
    Buffers b = makeBuffers(model, 7);
    // A wrong byte size, then a wrong rank, then a NULL output: each fails.
    b.outputs[0].bytes -= 1;
    EXPECT_EQ(runOnce(session, b).code(), MODELC_STATUS_INVALID_ARGUMENT);
    b.outputs[0].bytes += 1;
    int32_t rank = b.inputs[0].rank;
    b.inputs[0].rank = rank + 1;
    EXPECT_EQ(runOnce(session, b).code(), MODELC_STATUS_INVALID_ARGUMENT);
    b.inputs[0].rank = rank;
    void *data = b.outputs[0].data;
    b.outputs[0].data = nullptr;
    EXPECT_EQ(runOnce(session, b).code(), MODELC_STATUS_INVALID_ARGUMENT);
    b.outputs[0].data = data;
    // Then the same session, the same buffers: the right answer.
    Status status = runOnce(session, b);
    ASSERT_TRUE(status.ok()) << status.message();
    EXPECT_EQ(b.out, expected);
  }
}

//===----------------------------------------------------------------------===//
// Out of device memory
//===----------------------------------------------------------------------===//

TEST(GpuSession, OutOfMemoryAtCreationLeaksNothing) {
  REQUIRE_GPU();
  Device &device = *Device::get();
  for (const std::string &path : artifacts()) {
    SCOPED_TRACE(path);
    modelc::Model model = open(path);
    // A session first, so that the context and the JIT cache exist and the
    // free memory below is the steady state.
    { auto warm = reference(model, 1); }
    modelc::Session keepContext;
    ASSERT_TRUE(modelc::Session::create(model, keepContext).ok());
    size_t before = device.freeBytes();
    std::vector<unsigned long long> hog = device.fill();
    size_t leftWhileFull = device.freeBytes();
    modelc::Session session;
    Status status = modelc::Session::create(model, session);
    std::printf("[ memory ] %s: %.1f MiB free, %.2f MiB left after filling; "
                "create: %s: %s\n",
                path.c_str(), mib(double(before)), mib(double(leftWhileFull)),
                status.codeName(), status.message());
    EXPECT_EQ(status.code(), MODELC_STATUS_RESOURCE_EXHAUSTED);
    EXPECT_EQ(session.get(), nullptr);
    device.release(hog);
    size_t after = device.freeBytes();
    std::printf("[ memory ] after releasing: %.1f MiB free (%+.2f MiB)\n",
                mib(double(after)), mib(double(after) - double(before)));
    EXPECT_EQ(after, before) << "the failed creation leaked device memory";
    // And now a session can be created and gives the right answer.
    Status created = modelc::Session::create(model, session);
    ASSERT_TRUE(created.ok()) << created.message();
    Buffers b = makeBuffers(model, 1);
    Status ran = runOnce(session, b);
    ASSERT_TRUE(ran.ok()) << ran.message();
    EXPECT_EQ(b.out, reference(model, 1));
  }
}

//===----------------------------------------------------------------------===//
// Threads
//===----------------------------------------------------------------------===//

constexpr int kThreads = 8, kRunsPerThread = 4;

/// Runs `body(t)` for t in [0, kThreads) on as many threads at once, and
/// waits for them.
void onThreads(const std::function<void(int)> &body) {
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t)
    threads.emplace_back(body, t);
  for (std::thread &thread : threads)
    thread.join();
}

/// kRunsPerThread runs on `session` with the inputs of `seed`, counting
/// failed runs and results other than `expected`.
void runAndCompare(modelc::Session &session, const modelc::Model &model,
                   unsigned seed,
                   const std::vector<std::vector<char>> &expected,
                   std::atomic<int> &failures, std::atomic<int> &mismatches) {
  for (int r = 0; r < kRunsPerThread; ++r) {
    Buffers b = makeBuffers(model, seed);
    if (!runOnce(session, b))
      ++failures;
    else if (b.out != expected)
      ++mismatches;
  }
}

TEST(GpuSession, ThreadsWithTheirOwnSessionsMatchASerialRun) {
  REQUIRE_GPU();
  for (const std::string &path : artifacts()) {
    SCOPED_TRACE(path);
    modelc::Model model = open(path);
    std::vector<std::vector<std::vector<char>>> expected;
    for (int t = 0; t < kThreads; ++t)
      expected.push_back(reference(model, 100 + t));
    std::atomic<int> failures{0}, mismatches{0};
    onThreads([&](int t) {
      modelc::Session session;
      if (!modelc::Session::create(model, session)) {
        ++failures;
        return;
      }
      runAndCompare(session, model, 100 + t, expected[t], failures, mismatches);
    });
    EXPECT_EQ(failures.load(), 0);
    EXPECT_EQ(mismatches.load(), 0) << "results differ from a serial run";
  }
}

TEST(GpuSession, ThreadsSharingASessionMatchASerialRun) {
  REQUIRE_GPU();
  for (const std::string &path : artifacts()) {
    SCOPED_TRACE(path);
    modelc::Model model = open(path);
    std::vector<std::vector<std::vector<char>>> expected;
    for (int t = 0; t < kThreads; ++t)
      expected.push_back(reference(model, 200 + t));
    // Each thread runs with its own buffers on the one session (runs take
    // turns, and the graph is re-recorded as addresses change).
    for (int graph : {1, 0}) {
      modelc_session_options_t options;
      modelc_session_options_init(&options);
      options.cuda_graph = graph;
      modelc::Session session;
      ASSERT_TRUE(modelc::Session::create(model, session, &options).ok());
      std::atomic<int> failures{0}, mismatches{0};
      onThreads([&](int t) {
        runAndCompare(session, model, 200 + t, expected[t], failures,
                      mismatches);
      });
      EXPECT_EQ(failures.load(), 0) << "cuda_graph=" << graph;
      EXPECT_EQ(mismatches.load(), 0) << "cuda_graph=" << graph;
    }
  }
}

//===----------------------------------------------------------------------===//
// Many sessions
//===----------------------------------------------------------------------===//

TEST(GpuSession, CreatingAndDestroyingSessionsLeavesMemoryFlat) {
  REQUIRE_GPU();
  Device &device = *Device::get();
  int cycles = 1000;
  if (const char *n = std::getenv("MODELC_GPU_TEST_CYCLES"))
    cycles = std::atoi(n);
  for (const std::string &path : artifacts()) {
    SCOPED_TRACE(path);
    modelc::Model model = open(path);
    // One session stays alive, as in an application, so the context is not
    // torn down and rebuilt every cycle.
    modelc::Session keepContext;
    ASSERT_TRUE(modelc::Session::create(model, keepContext).ok());
    Buffers b = makeBuffers(model, 3);
    auto cycle = [&] {
      modelc::Session session;
      Status created = modelc::Session::create(model, session);
      if (!created)
        return std::string(created.message());
      Status ran = runOnce(session, b);
      return ran ? std::string() : std::string(ran.message());
    };
    for (int i = 0; i < 20; ++i) // warm-up: allocator pools, JIT cache
      ASSERT_EQ(cycle(), "");
    size_t hostBefore = residentBytes(), deviceBefore = device.freeBytes();
    int failed = 0;
    for (int i = 0; i < cycles; ++i)
      if (!cycle().empty())
        ++failed;
    size_t hostAfter = residentBytes(), deviceAfter = device.freeBytes();
    std::printf("[ memory ] %s: %d create/run/destroy cycles: host RSS %.1f -> "
                "%.1f MiB (%+.2f), device free %.1f -> %.1f MiB (%+.2f)\n",
                path.c_str(), cycles, mib(double(hostBefore)),
                mib(double(hostAfter)),
                mib(double(hostAfter) - double(hostBefore)),
                mib(double(deviceBefore)), mib(double(deviceAfter)),
                mib(double(deviceAfter) - double(deviceBefore)));
    EXPECT_EQ(failed, 0);
    EXPECT_EQ(deviceAfter, deviceBefore) << "device memory leaked";
    // Host memory: the allocator may keep a little; a leak of one session's
    // bookkeeping per cycle would show as 1,000 times that.
    EXPECT_LT(double(hostAfter), double(hostBefore) + 4.0 * 1024 * 1024)
        << "host memory grew";
  }
}

//===----------------------------------------------------------------------===//
// Device faults. After a fault CUDA is unusable in the process that saw it
// (the driver says so: "the process must be terminated and relaunched"), so
// each case runs in a child process of its own (a gtest death test that
// re-executes this binary) and exits 0 when all its checks passed.
//===----------------------------------------------------------------------===//

void trapCase(bool syncEachKernel) {
  modelc::Model good = open(fixture("cuda_add"));
  modelc::Model trap = open(fixture("cuda_trap"));
  modelc_session_options_t options;
  modelc_session_options_init(&options);
  options.synchronize_each_kernel = syncEachKernel;
  auto restartHint = [](const Status &status) {
    return std::string(status.message()).find("restart") != std::string::npos;
  };
  {
    modelc::Session bystander, faulting;
    ASSERT_TRUE(modelc::Session::create(good, bystander).ok());
    ASSERT_TRUE(modelc::Session::create(trap, faulting, &options).ok());
    Buffers g = makeBuffers(good, 5), t = makeBuffers(trap, 5);
    ASSERT_TRUE(runOnce(bystander, g).ok());

    Status fault = runOnce(faulting, t);
    std::printf("[ fault ] first run: %s: %s\n", fault.codeName(),
                fault.message());
    EXPECT_EQ(fault.code(), MODELC_STATUS_DEVICE_FAULT);
    if (syncEachKernel) // the kernel and its ONNX nodes are named
      EXPECT_NE(
          std::string(fault.message()).find("'add6' (ONNX nodes Add_0;Add_1)"),
          std::string::npos)
          << fault.message();
    Status again = runOnce(faulting, t);
    std::printf("[ fault ] second run: %s: %s\n", again.codeName(),
                again.message());
    EXPECT_EQ(again.code(), MODELC_STATUS_DEVICE_FAULT);
    EXPECT_TRUE(restartHint(again)) << again.message();

    // The other session: a status, no crash, and sticky too.
    Status other = runOnce(bystander, g);
    std::printf("[ fault ] other session: %s: %s\n", other.codeName(),
                other.message());
    EXPECT_EQ(other.code(), MODELC_STATUS_DEVICE_FAULT);
    Status otherAgain = runOnce(bystander, g);
    EXPECT_EQ(otherAgain.code(), MODELC_STATUS_DEVICE_FAULT);
    EXPECT_TRUE(restartHint(otherAgain)) << otherAgain.message();
    void *pointer = nullptr;
    Status alloc(modelc_session_device_alloc(faulting.get(), 256, &pointer));
    std::printf("[ fault ] device alloc: %s: %s\n", alloc.codeName(),
                alloc.message());
    EXPECT_EQ(alloc.code(), MODELC_STATUS_DEVICE_FAULT);
    EXPECT_EQ(pointer, nullptr);
  } // both sessions destroyed: no crash, no hang

  // New sessions are refused, saying why.
  modelc::Session late;
  Status created = modelc::Session::create(good, late);
  std::printf("[ fault ] new session: %s: %s\n", created.codeName(),
              created.message());
  EXPECT_EQ(created.code(), MODELC_STATUS_DEVICE_FAULT);
  EXPECT_TRUE(restartHint(created)) << created.message();
  EXPECT_EQ(late.get(), nullptr);
}

void inChildProcess(void (*body)(bool), bool argument) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  EXPECT_EXIT(
      {
        body(argument);
        std::fflush(stdout);
        std::_Exit(::testing::Test::HasFailure() ? 1 : 0);
      },
      ::testing::ExitedWithCode(0), "");
}

TEST(GpuFault, TrapIsAStickyDeviceFault) {
  REQUIRE_GPU();
  inChildProcess(trapCase, /*syncEachKernel=*/false);
}

TEST(GpuFault, TrapIsReportedWithItsKernelWhenSynchronizingEachKernel) {
  REQUIRE_GPU();
  inChildProcess(trapCase, /*syncEachKernel=*/true);
}

} // namespace

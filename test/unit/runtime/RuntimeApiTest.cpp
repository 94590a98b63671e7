//===- RuntimeApiTest.cpp - The runtime's C API under misuse --------------===//
//
// Part of the modelc project, under the Apache License v2.0 with LLVM
// Exceptions. SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// Every entry point with NULL for each pointer, stale handles, wrong
// tensors, and artifacts that are missing, foreign, truncated, corrupted,
// of another format version or for another target: each must return the
// right status with a message and never crash. Runs under AddressSanitizer
// in scripts/test-runtime-asan.sh.
//
//===----------------------------------------------------------------------===//

#include "modelc/artifact_format.h"
#include "modelc/runtime.hpp"

#include "FixtureFiles.h"
#include "Sha256.h"

#include "gtest/gtest.h"

#include <atomic>
#include <cstring>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace {

using modelc::Status;

using modelc::test::fixture;
using modelc::test::readFile;
using modelc::test::seal;
using modelc::test::writeTemp;

/// Opens `path` and returns the status code; the message must name it.
modelc_status_code_t openCode(const std::string &path,
                              std::string *message = nullptr) {
  modelc_model_t *model = reinterpret_cast<modelc_model_t *>(0x1);
  Status status(modelc_model_open(path.c_str(), nullptr, &model));
  EXPECT_EQ(model, nullptr) << "a failed open must clear out_model";
  if (!status.ok()) {
    EXPECT_NE(std::string(status.message()).find(path), std::string::npos)
        << status.message();
  }
  if (message)
    *message = status.message();
  modelc_model_close(model);
  return status.code();
}

TEST(RuntimeStatus, NullIsOk) {
  EXPECT_EQ(modelc_status_code(nullptr), MODELC_STATUS_OK);
  EXPECT_STREQ(modelc_status_message(nullptr), "OK");
  modelc_status_free(nullptr);
  EXPECT_STREQ(modelc_status_code_name(MODELC_STATUS_CORRUPT), "CORRUPT");
  EXPECT_STREQ(modelc_status_code_name(modelc_status_code_t(99)), "UNKNOWN");
}

TEST(RuntimeDtype, SizesAndNames) {
  EXPECT_EQ(modelc_dtype_size(MODELC_DTYPE_FLOAT32), 4u);
  EXPECT_EQ(modelc_dtype_size(MODELC_DTYPE_BFLOAT16), 2u);
  EXPECT_EQ(modelc_dtype_size(MODELC_DTYPE_BOOL), 1u);
  EXPECT_EQ(modelc_dtype_size(modelc_dtype_t(8)), 0u); // ONNX string
  EXPECT_STREQ(modelc_dtype_name(MODELC_DTYPE_INT64), "INT64");
  EXPECT_STREQ(modelc_dtype_name(modelc_dtype_t(1 << 20)), "UNDEFINED");
}

TEST(RuntimeSha256, KnownVectors) {
  auto hex = [](const std::string &text) {
    modelc::runtime::Sha256 hash;
    hash.update(text.data(), text.size());
    return modelc::runtime::Sha256::toHex(hash.finish());
  };
  EXPECT_EQ(hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b"
                     "7852b855");
  EXPECT_EQ(hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410f"
                        "f61f20015ad");
  EXPECT_EQ(hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c"
            "1");
  // One million 'a', fed in uneven pieces.
  modelc::runtime::Sha256 hash;
  std::string chunk(997, 'a');
  size_t left = 1000000;
  while (left) {
    size_t n = std::min(left, chunk.size());
    hash.update(chunk.data(), n);
    left -= n;
  }
  EXPECT_EQ(modelc::runtime::Sha256::toHex(hash.finish()),
            "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

//===----------------------------------------------------------------------===//
// Opening artifacts
//===----------------------------------------------------------------------===//

TEST(RuntimeOpen, NullArguments) {
  modelc_model_t *model = nullptr;
  Status a(modelc_model_open(nullptr, nullptr, &model));
  EXPECT_EQ(a.code(), MODELC_STATUS_INVALID_ARGUMENT);
  EXPECT_NE(std::string(a.message()).find("path"), std::string::npos);
  Status b(modelc_model_open("x.so", nullptr, nullptr));
  EXPECT_EQ(b.code(), MODELC_STATUS_INVALID_ARGUMENT);
  EXPECT_NE(std::string(b.message()).find("out_model"), std::string::npos);
  modelc_model_options_init(nullptr);
  modelc_model_close(nullptr);
}

TEST(RuntimeOpen, MissingFileAndDirectory) {
  EXPECT_EQ(openCode("/nonexistent/model.so"), MODELC_STATUS_NOT_FOUND);
  EXPECT_EQ(openCode(::testing::TempDir()), MODELC_STATUS_INVALID_ARGUMENT);
}

TEST(RuntimeOpen, NotAnArtifact) {
  std::string message;
  EXPECT_EQ(openCode(writeTemp("empty.so", ""), &message),
            MODELC_STATUS_CORRUPT);
  EXPECT_NE(message.find("not a modelc artifact"), std::string::npos);
  EXPECT_EQ(openCode(writeTemp("text.so", "hello, I am not a library\n")),
            MODELC_STATUS_CORRUPT);
  // A real shared library without a footer.
  std::string plain =
      readFile(std::string(MODELC_FIXTURE_DIR) + "/libfixture_valid.so");
  EXPECT_EQ(openCode(writeTemp("plain.so", plain)), MODELC_STATUS_CORRUPT);
  // A footer over bytes that are no library.
  EXPECT_EQ(openCode(writeTemp("junk.so", seal(std::string(4096, 'x')))),
            MODELC_STATUS_CORRUPT);
  // A library with a footer but no descriptor symbol.
  EXPECT_EQ(openCode(fixture("no_symbol"), &message), MODELC_STATUS_CORRUPT);
  EXPECT_NE(message.find("modelc_artifact"), std::string::npos) << message;
}

TEST(RuntimeOpen, TruncatedOrCorrupted) {
  std::string good = readFile(fixture("valid"));
  std::string message;
  // Cut anywhere: the footer is gone or does not cover the file.
  for (size_t keep : {size_t(0), size_t(10), good.size() / 2, good.size() - 1,
                      good.size() - 64})
    EXPECT_EQ(openCode(writeTemp("truncated.so", good.substr(0, keep))),
              MODELC_STATUS_CORRUPT)
        << keep;
  // Cut out of the middle, footer intact.
  std::string cut = good.substr(0, 100) + good.substr(200);
  EXPECT_EQ(openCode(writeTemp("cut.so", cut), &message),
            MODELC_STATUS_CORRUPT);
  EXPECT_NE(message.find("truncated"), std::string::npos) << message;
  // One flipped bit anywhere before the footer.
  for (size_t at :
       {size_t(0), size_t(1000), good.size() / 2, good.size() - 65}) {
    std::string bad = good;
    bad[at] ^= 0x10;
    EXPECT_EQ(openCode(writeTemp("flipped.so", bad), &message),
              MODELC_STATUS_CORRUPT)
        << at;
    EXPECT_NE(message.find("SHA-256"), std::string::npos) << message;
  }
}

TEST(RuntimeOpen, OtherFormatVersion) {
  std::string message;
  // Told by the footer, before anything is loaded.
  EXPECT_EQ(
      openCode(fixture("valid", MODELC_ARTIFACT_FORMAT_VERSION + 1), &message),
      MODELC_STATUS_INCOMPATIBLE);
  std::string reads = "this runtime reads version " +
                      std::to_string(MODELC_ARTIFACT_FORMAT_VERSION);
  EXPECT_NE(message.find(reads), std::string::npos) << message;
  // Told by the descriptor (an artifact of version 1, before kernels
  // carried their operation counts).
  EXPECT_EQ(openCode(fixture("v1"), &message), MODELC_STATUS_INCOMPATIBLE);
  EXPECT_NE(message.find("format version 1"), std::string::npos) << message;
  EXPECT_NE(message.find(reads), std::string::npos) << message;
}

TEST(RuntimeOpen, OtherTarget) {
  std::string message;
  EXPECT_EQ(openCode(fixture("foreign_arch"), &message),
            MODELC_STATUS_INCOMPATIBLE);
  EXPECT_NE(message.find("riscv64"), std::string::npos) << message;
  EXPECT_EQ(openCode(fixture("cuda_bad_target"), &message),
            MODELC_STATUS_INCOMPATIBLE);
  EXPECT_NE(message.find("gfx90a"), std::string::npos) << message;
}

// A GPU artifact opens and describes itself anywhere; a session needs the
// CUDA driver, and without one says so (the driver is loaded once per
// process, so this is the only test here that creates a GPU session).
TEST(RuntimeCuda, OpensWithoutDriverButNoSession) {
  ::setenv("MODELC_LIBCUDA", "/nonexistent/libcuda.so.1", 1);
  modelc_model_t *model = nullptr;
  ASSERT_EQ(modelc_model_open(fixture("cuda").c_str(), nullptr, &model),
            nullptr);
  modelc_model_properties_t props;
  ASSERT_EQ(modelc_model_properties(model, &props), nullptr);
  EXPECT_STREQ(props.target, "sm_89");
  EXPECT_EQ(modelc_model_input_count(model), 2u);
  modelc_session_t *session = reinterpret_cast<modelc_session_t *>(1);
  modelc_status_t status = modelc_session_create(model, nullptr, &session);
  EXPECT_EQ(modelc_status_code(status), MODELC_STATUS_UNAVAILABLE);
  std::string message = modelc_status_message(status);
  EXPECT_NE(message.find("cannot load the CUDA driver"), std::string::npos)
      << message;
  EXPECT_NE(message.find("/nonexistent/libcuda.so.1"), std::string::npos)
      << message;
  EXPECT_EQ(session, nullptr);
  modelc_status_free(status);
  // The same answer again (the failure is remembered, not retried).
  EXPECT_EQ(modelc_status_code(
                status = modelc_session_create(model, nullptr, &session)),
            MODELC_STATUS_UNAVAILABLE);
  modelc_status_free(status);
  modelc_model_close(model);
}

TEST(RuntimeOpen, BadDescriptor) {
  std::string message;
  EXPECT_EQ(openCode(fixture("bad_magic")), MODELC_STATUS_CORRUPT);
  EXPECT_EQ(openCode(fixture("bad_plan"), &message), MODELC_STATUS_CORRUPT);
  EXPECT_NE(message.find("step 0"), std::string::npos) << message;
}

// A GEMM kernel's description is checked when the artifact opens: against
// its step's buffers (no cuBLASLt call may read past them), and only GPU
// artifacts may have one.
TEST(RuntimeOpen, LibraryGemms) {
  modelc_model_t *model = nullptr;
  ASSERT_EQ(modelc_model_open(fixture("cuda_gemm").c_str(), nullptr, &model),
            nullptr);
  modelc_model_close(model);
  std::string message;
  EXPECT_EQ(openCode(fixture("cuda_gemm_overread"), &message),
            MODELC_STATUS_CORRUPT);
  EXPECT_NE(message.find("GEMM kernel 'add6' argument 0 has 24 bytes, needs "
                         "32"),
            std::string::npos)
      << message;
  // Tuning may pick one of cuBLASLt's first 32 heuristic results, no more.
  EXPECT_EQ(openCode(fixture("cuda_gemm_bad_algorithm"), &message),
            MODELC_STATUS_CORRUPT);
  EXPECT_NE(message.find("kernel 'add6' has an invalid GEMM description"),
            std::string::npos)
      << message;
  EXPECT_EQ(openCode(fixture("host_gemm"), &message), MODELC_STATUS_CORRUPT);
  EXPECT_NE(message.find("host kernel 'add6' is a library GEMM"),
            std::string::npos)
      << message;
}

TEST(RuntimeOpen, SkipIntegrityCheck) {
  modelc_model_options_t options;
  modelc_model_options_init(&options);
  EXPECT_EQ(options.verify_integrity, 1);
  options.verify_integrity = 0;
  modelc_model_t *model = nullptr;
  Status status(modelc_model_open(fixture("valid").c_str(), &options, &model));
  EXPECT_TRUE(status.ok()) << status.message();
  modelc_model_close(model);
}

//===----------------------------------------------------------------------===//
// Signature
//===----------------------------------------------------------------------===//

class RuntimeModel : public ::testing::Test {
protected:
  void SetUp() override {
    path = fixture("valid");
    Status status(modelc_model_open(path.c_str(), nullptr, &model));
    ASSERT_TRUE(status.ok()) << status.message();
  }
  void TearDown() override { modelc_model_close(model); }

  std::string path;
  modelc_model_t *model = nullptr;
};

TEST_F(RuntimeModel, Signature) {
  ASSERT_EQ(modelc_model_input_count(model), 2u);
  ASSERT_EQ(modelc_model_output_count(model), 2u);
  modelc_tensor_info_t info;
  ASSERT_TRUE(Status(modelc_model_input_info(model, 1, &info)).ok());
  EXPECT_STREQ(info.name, "y");
  EXPECT_EQ(info.dtype, MODELC_DTYPE_FLOAT32);
  EXPECT_EQ(info.rank, 2);
  EXPECT_EQ(info.dims[0], 2);
  EXPECT_EQ(info.dims[1], 3);
  EXPECT_EQ(info.bytes, 24u);
  ASSERT_TRUE(Status(modelc_model_output_info(model, 1, &info)).ok());
  EXPECT_STREQ(info.name, "x_copy");
  size_t index = 7;
  ASSERT_TRUE(Status(modelc_model_find_output(model, "sum", &index)).ok());
  EXPECT_EQ(index, 0u);
  modelc_model_properties_t props;
  ASSERT_TRUE(Status(modelc_model_properties(model, &props)).ok());
  EXPECT_STREQ(props.model_name, "fixture");
  EXPECT_EQ(props.format_version, MODELC_ARTIFACT_FORMAT_VERSION);
  EXPECT_EQ(props.num_kernels, 1u);
  EXPECT_EQ(props.arena_bytes, 64u);
  EXPECT_EQ(props.weights_bytes, 24u);
}

TEST_F(RuntimeModel, SignatureMisuse) {
  modelc_tensor_info_t info;
  size_t index;
  modelc_model_properties_t props;
  auto code = [](modelc_status_t s) { return Status(s).code(); };
  EXPECT_EQ(modelc_model_input_count(nullptr), 0u);
  EXPECT_EQ(modelc_model_output_count(nullptr), 0u);
  EXPECT_EQ(code(modelc_model_input_info(nullptr, 0, &info)),
            MODELC_STATUS_INVALID_ARGUMENT);
  EXPECT_EQ(code(modelc_model_input_info(model, 0, nullptr)),
            MODELC_STATUS_INVALID_ARGUMENT);
  EXPECT_EQ(code(modelc_model_input_info(model, 2, &info)),
            MODELC_STATUS_INVALID_ARGUMENT);
  EXPECT_EQ(code(modelc_model_output_info(nullptr, 0, &info)),
            MODELC_STATUS_INVALID_ARGUMENT);
  EXPECT_EQ(code(modelc_model_output_info(model, 0, nullptr)),
            MODELC_STATUS_INVALID_ARGUMENT);
  EXPECT_EQ(code(modelc_model_output_info(model, SIZE_MAX, &info)),
            MODELC_STATUS_INVALID_ARGUMENT);
  EXPECT_EQ(code(modelc_model_find_input(nullptr, "x", &index)),
            MODELC_STATUS_INVALID_ARGUMENT);
  EXPECT_EQ(code(modelc_model_find_input(model, nullptr, &index)),
            MODELC_STATUS_INVALID_ARGUMENT);
  EXPECT_EQ(code(modelc_model_find_input(model, "x", nullptr)),
            MODELC_STATUS_INVALID_ARGUMENT);
  EXPECT_EQ(code(modelc_model_find_input(model, "sum", &index)),
            MODELC_STATUS_NOT_FOUND);
  EXPECT_EQ(code(modelc_model_find_output(nullptr, "sum", &index)),
            MODELC_STATUS_INVALID_ARGUMENT);
  EXPECT_EQ(code(modelc_model_find_output(model, nullptr, &index)),
            MODELC_STATUS_INVALID_ARGUMENT);
  EXPECT_EQ(code(modelc_model_find_output(model, "sum", nullptr)),
            MODELC_STATUS_INVALID_ARGUMENT);
  EXPECT_EQ(code(modelc_model_properties(nullptr, &props)),
            MODELC_STATUS_INVALID_ARGUMENT);
  EXPECT_EQ(code(modelc_model_properties(model, nullptr)),
            MODELC_STATUS_INVALID_ARGUMENT);
}

TEST(RuntimeHandles, ClosedAndForeignHandles) {
  modelc_model_t *model = nullptr;
  ASSERT_TRUE(
      Status(modelc_model_open(fixture("valid").c_str(), nullptr, &model))
          .ok());
  modelc_session_t *session = nullptr;
  ASSERT_TRUE(Status(modelc_session_create(model, nullptr, &session)).ok());
  // A session is not a model, a model not a session.
  auto *sessionAsModel = reinterpret_cast<modelc_model_t *>(session);
  auto *modelAsSession = reinterpret_cast<modelc_session_t *>(model);
  EXPECT_EQ(modelc_model_input_count(sessionAsModel), 0u);
  EXPECT_EQ(
      Status(modelc_session_run(modelAsSession, nullptr, 0, nullptr, 0)).code(),
      MODELC_STATUS_INVALID_ARGUMENT);
  modelc_session_destroy(modelAsSession); // ignored
  modelc_model_close(sessionAsModel);     // ignored

  // A closed model is a stale handle; its session keeps working.
  modelc_model_close(model);
  EXPECT_EQ(modelc_model_input_count(model), 0u);
  modelc_tensor_info_t info;
  Status stale(modelc_model_input_info(model, 0, &info));
  EXPECT_EQ(stale.code(), MODELC_STATUS_INVALID_ARGUMENT);
  EXPECT_NE(std::string(stale.message()).find("closed"), std::string::npos);
  modelc_session_t *another = nullptr;
  EXPECT_EQ(Status(modelc_session_create(model, nullptr, &another)).code(),
            MODELC_STATUS_INVALID_ARGUMENT);
  EXPECT_EQ(another, nullptr);
  modelc_model_close(model); // closing twice is ignored

  float x[6] = {1, 1, 1, 1, 1, 1}, y[6] = {0}, sum[6], copy[6];
  int64_t dims[2] = {2, 3};
  modelc_tensor_t in[2] = {{"x", MODELC_DTYPE_FLOAT32, 2, dims, x, 24},
                           {"y", MODELC_DTYPE_FLOAT32, 2, dims, y, 24}};
  modelc_tensor_t out[2] = {{nullptr, MODELC_DTYPE_FLOAT32, 2, dims, sum, 24},
                            {nullptr, MODELC_DTYPE_FLOAT32, 2, dims, copy, 24}};
  Status ran(modelc_session_run(session, in, 2, out, 2));
  EXPECT_TRUE(ran.ok()) << ran.message();
  EXPECT_EQ(sum[5], 7.0f);

  // A destroyed session is a stale handle.
  modelc_session_destroy(session);
  Status gone(modelc_session_run(session, in, 2, out, 2));
  EXPECT_EQ(gone.code(), MODELC_STATUS_INVALID_ARGUMENT);
  EXPECT_NE(std::string(gone.message()).find("destroyed"), std::string::npos);
  modelc_session_destroy(session); // destroying twice is ignored
  modelc_session_destroy(nullptr);
}

//===----------------------------------------------------------------------===//
// Sessions and runs
//===----------------------------------------------------------------------===//

class RuntimeSession : public RuntimeModel {
protected:
  void SetUp() override {
    RuntimeModel::SetUp();
    Status status(modelc_session_create(model, nullptr, &session));
    ASSERT_TRUE(status.ok()) << status.message();
    for (int i = 0; i < 6; ++i) {
      x[i] = float(i);
      y[i] = 10.0f * float(i);
    }
    inputs[0] = {nullptr, MODELC_DTYPE_FLOAT32, 2, dims, x, sizeof(x)};
    inputs[1] = {nullptr, MODELC_DTYPE_FLOAT32, 2, dims, y, sizeof(y)};
    outputs[0] = {nullptr, MODELC_DTYPE_FLOAT32, 2, dims, sum, sizeof(sum)};
    outputs[1] = {nullptr, MODELC_DTYPE_FLOAT32, 2, dims, copy, sizeof(copy)};
  }
  void TearDown() override {
    modelc_session_destroy(session);
    RuntimeModel::TearDown();
  }

  /// Runs with the current tensors; returns the code and the message.
  modelc_status_code_t run(std::string *message = nullptr,
                           size_t inputCount = 2, size_t outputCount = 2) {
    Status status(
        modelc_session_run(session, inputs, inputCount, outputs, outputCount));
    if (message)
      *message = status.message();
    return status.code();
  }

  void expectResults() {
    for (int i = 0; i < 6; ++i) {
      EXPECT_EQ(sum[i], 11.0f * float(i) + float(i + 1)) << i;
      EXPECT_EQ(copy[i], float(i)) << i;
    }
  }

  modelc_session_t *session = nullptr;
  int64_t dims[2] = {2, 3};
  float x[6], y[6], sum[6], copy[6];
  modelc_tensor_t inputs[2], outputs[2];
};

TEST_F(RuntimeSession, RunsByPositionAndByName) {
  ASSERT_EQ(run(), MODELC_STATUS_OK);
  expectResults();
  // By name, in any order.
  std::swap(inputs[0], inputs[1]);
  inputs[0].name = "y";
  inputs[1].name = "x";
  std::swap(outputs[0], outputs[1]);
  outputs[0].name = "x_copy";
  outputs[1].name = "sum";
  std::fill(sum, sum + 6, -1.0f);
  ASSERT_EQ(run(), MODELC_STATUS_OK);
  expectResults();
}

TEST_F(RuntimeSession, KernelProfile) {
  modelc_kernel_profile_t profile;
  // Not without the option.
  std::string message;
  Status status(modelc_session_kernel_profile(session, 0, &profile));
  EXPECT_EQ(status.code(), MODELC_STATUS_INVALID_ARGUMENT);
  EXPECT_NE(std::string(status.message()).find("without the profile option"),
            std::string::npos)
      << status.message();

  modelc_session_options_t options;
  modelc_session_options_init(&options);
  EXPECT_EQ(options.profile, 0);
  options.profile = 1;
  modelc_session_destroy(session);
  session = nullptr;
  ASSERT_TRUE(Status(modelc_session_create(model, &options, &session)).ok());
  modelc_model_properties_t props;
  ASSERT_TRUE(Status(modelc_model_properties(model, &props)).ok());
  ASSERT_GT(props.num_kernels, 0u);
  // Nothing timed before the first run.
  ASSERT_TRUE(Status(modelc_session_kernel_profile(session, 0, &profile)).ok());
  EXPECT_EQ(profile.launches, 0u);
  EXPECT_EQ(profile.total_ms, 0.0);
  for (int i = 0; i < 3; ++i)
    ASSERT_EQ(run(), MODELC_STATUS_OK);
  expectResults();
  for (uint32_t k = 0; k < props.num_kernels; ++k) {
    ASSERT_TRUE(
        Status(modelc_session_kernel_profile(session, k, &profile)).ok());
    EXPECT_NE(profile.name, nullptr);
    EXPECT_NE(profile.onnx_nodes, nullptr);
    // The fixture's plan launches its one kernel twice per run.
    EXPECT_EQ(profile.launches, 6u) << profile.name;
    EXPECT_GE(profile.total_ms, 0.0);
    EXPECT_EQ(profile.flops, 0u); // host kernels are not counted
  }
  // Misuse: an index past the kernels, no output, a stale session.
  status = Status(
      modelc_session_kernel_profile(session, props.num_kernels, &profile));
  EXPECT_EQ(status.code(), MODELC_STATUS_INVALID_ARGUMENT);
  EXPECT_NE(std::string(status.message()).find("of a model with"),
            std::string::npos)
      << status.message();
  EXPECT_EQ(Status(modelc_session_kernel_profile(session, 0, nullptr)).code(),
            MODELC_STATUS_INVALID_ARGUMENT);
  EXPECT_EQ(Status(modelc_session_kernel_profile(nullptr, 0, &profile)).code(),
            MODELC_STATUS_INVALID_ARGUMENT);
}

TEST_F(RuntimeSession, CreateMisuse) {
  modelc_session_t *other = nullptr;
  EXPECT_EQ(Status(modelc_session_create(model, nullptr, nullptr)).code(),
            MODELC_STATUS_INVALID_ARGUMENT);
  EXPECT_EQ(Status(modelc_session_create(nullptr, nullptr, &other)).code(),
            MODELC_STATUS_INVALID_ARGUMENT);
  modelc_session_options_t options;
  modelc_session_options_init(&options);
  modelc_session_options_init(nullptr);
  EXPECT_EQ(options.device_ordinal, 0);
  options.device_ordinal = -1;
  EXPECT_EQ(Status(modelc_session_create(model, &options, &other)).code(),
            MODELC_STATUS_INVALID_ARGUMENT);
  EXPECT_EQ(other, nullptr);
}

TEST_F(RuntimeSession, WrongCounts) {
  std::string message;
  EXPECT_EQ(run(&message, 1, 2), MODELC_STATUS_INVALID_ARGUMENT);
  EXPECT_NE(message.find("2 inputs, 1 were given"), std::string::npos)
      << message;
  EXPECT_EQ(run(&message, 2, 3), MODELC_STATUS_INVALID_ARGUMENT);
  EXPECT_EQ(run(&message, 2, 0), MODELC_STATUS_INVALID_ARGUMENT);
  EXPECT_EQ(Status(modelc_session_run(session, nullptr, 2, outputs, 2)).code(),
            MODELC_STATUS_INVALID_ARGUMENT);
  EXPECT_EQ(Status(modelc_session_run(session, inputs, 2, nullptr, 2)).code(),
            MODELC_STATUS_INVALID_ARGUMENT);
  EXPECT_EQ(Status(modelc_session_run(nullptr, inputs, 2, outputs, 2)).code(),
            MODELC_STATUS_INVALID_ARGUMENT);
}

TEST_F(RuntimeSession, WrongNames) {
  std::string message;
  inputs[1].name = "z";
  EXPECT_EQ(run(&message), MODELC_STATUS_INVALID_ARGUMENT);
  EXPECT_NE(message.find("no input named 'z'"), std::string::npos) << message;
  inputs[1].name = "x"; // x twice (once by position)
  EXPECT_EQ(run(&message), MODELC_STATUS_INVALID_ARGUMENT);
  EXPECT_NE(message.find("given twice"), std::string::npos) << message;
  inputs[1].name = nullptr;
  outputs[0].name = "x"; // an input's name
  EXPECT_EQ(run(&message), MODELC_STATUS_INVALID_ARGUMENT);
  EXPECT_NE(message.find("no output named 'x'"), std::string::npos) << message;
}

TEST_F(RuntimeSession, WrongDtype) {
  std::string message;
  inputs[1].dtype = MODELC_DTYPE_FLOAT64;
  EXPECT_EQ(run(&message), MODELC_STATUS_INVALID_ARGUMENT);
  EXPECT_NE(message.find("input 'y' has dtype FLOAT64, the model expects "
                         "FLOAT32"),
            std::string::npos)
      << message;
  inputs[1].dtype = modelc_dtype_t(12345);
  EXPECT_EQ(run(&message), MODELC_STATUS_INVALID_ARGUMENT);
  inputs[1].dtype = MODELC_DTYPE_FLOAT32;
  outputs[1].dtype = MODELC_DTYPE_INT32;
  EXPECT_EQ(run(&message), MODELC_STATUS_INVALID_ARGUMENT);
  EXPECT_NE(message.find("output 'x_copy'"), std::string::npos) << message;
}

TEST_F(RuntimeSession, WrongShape) {
  std::string message;
  int64_t transposed[2] = {3, 2};
  inputs[0].dims = transposed;
  EXPECT_EQ(run(&message), MODELC_STATUS_INVALID_ARGUMENT);
  EXPECT_NE(message.find("input 'x' has shape [3,2], the model expects "
                         "[2,3]"),
            std::string::npos)
      << message;
  inputs[0].dims = dims;
  inputs[0].rank = 1;
  EXPECT_EQ(run(&message), MODELC_STATUS_INVALID_ARGUMENT);
  inputs[0].rank = -1;
  EXPECT_EQ(run(&message), MODELC_STATUS_INVALID_ARGUMENT);
  inputs[0].rank = 2;
  inputs[0].dims = nullptr;
  EXPECT_EQ(run(&message), MODELC_STATUS_INVALID_ARGUMENT);
  EXPECT_NE(message.find("dims NULL"), std::string::npos) << message;
}

TEST_F(RuntimeSession, WrongBytesAndData) {
  std::string message;
  inputs[0].bytes = 20;
  EXPECT_EQ(run(&message), MODELC_STATUS_INVALID_ARGUMENT);
  EXPECT_NE(message.find("20 bytes, the model expects 24"), std::string::npos)
      << message;
  inputs[0].bytes = 24;
  inputs[0].data = nullptr;
  EXPECT_EQ(run(&message), MODELC_STATUS_INVALID_ARGUMENT);
  EXPECT_NE(message.find("NULL data"), std::string::npos) << message;
  alignas(8) char raw[32];
  inputs[0].data = raw + 1;
  EXPECT_EQ(run(&message), MODELC_STATUS_INVALID_ARGUMENT);
  EXPECT_NE(message.find("not aligned"), std::string::npos) << message;
}

TEST_F(RuntimeSession, OverlappingOutputs) {
  std::string message;
  outputs[1].data = x;
  EXPECT_EQ(run(&message), MODELC_STATUS_INVALID_ARGUMENT);
  EXPECT_NE(message.find("output 'x_copy' overlaps input 'x'"),
            std::string::npos)
      << message;
  float both[8];
  outputs[0].data = both;
  outputs[1].data = both + 2;
  EXPECT_EQ(run(&message), MODELC_STATUS_INVALID_ARGUMENT);
  EXPECT_NE(message.find("overlap"), std::string::npos) << message;
  // Inputs may share memory: they are only read.
  outputs[0].data = sum;
  outputs[1].data = copy;
  inputs[1].data = x;
  EXPECT_EQ(run(&message), MODELC_STATUS_OK) << message;
}

TEST_F(RuntimeSession, OneSessionManyThreads) {
  // Runs on one session take turns; each thread checks its own results.
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&, t] {
      float tx[6], ty[6], ts[6], tc[6];
      for (int i = 0; i < 6; ++i) {
        tx[i] = float(t);
        ty[i] = float(i);
      }
      modelc_tensor_t in[2] = {
          {nullptr, MODELC_DTYPE_FLOAT32, 2, dims, tx, 24},
          {nullptr, MODELC_DTYPE_FLOAT32, 2, dims, ty, 24}};
      modelc_tensor_t out[2] = {
          {nullptr, MODELC_DTYPE_FLOAT32, 2, dims, ts, 24},
          {nullptr, MODELC_DTYPE_FLOAT32, 2, dims, tc, 24}};
      for (int r = 0; r < 200; ++r) {
        Status s(modelc_session_run(session, in, 2, out, 2));
        for (int i = 0; i < 6; ++i)
          if (!s.ok() || ts[i] != float(t + i + i + 1) || tc[i] != float(t))
            ++failures;
      }
    });
  for (std::thread &thread : threads)
    thread.join();
  EXPECT_EQ(failures.load(), 0);
}

TEST(RuntimeCpp, WrapperReportsAndOwns) {
  modelc::Model model;
  Status failed = modelc::Model::open("/nonexistent.so", model);
  EXPECT_FALSE(failed);
  EXPECT_EQ(failed.code(), MODELC_STATUS_NOT_FOUND);
  EXPECT_STREQ(failed.codeName(), "NOT_FOUND");
  EXPECT_FALSE(model.valid());
  ASSERT_TRUE(modelc::Model::open(fixture("valid").c_str(), model));
  modelc::Session session;
  ASSERT_TRUE(modelc::Session::create(model, session));
  modelc::Model moved = std::move(model);
  EXPECT_FALSE(model.valid());
  EXPECT_EQ(moved.inputCount(), 2u);
  modelc_tensor_info_t info;
  EXPECT_TRUE(moved.outputInfo(0, info));
  EXPECT_STREQ(info.name, "sum");
  EXPECT_FALSE(moved.outputInfo(5, info));
  Status wrong = session.run(nullptr, 0, nullptr, 0);
  EXPECT_EQ(wrong.code(), MODELC_STATUS_INVALID_ARGUMENT);
}

} // namespace

// Device memory belongs to GPU sessions only.
TEST_F(RuntimeSession, DeviceMemoryNeedsAGpuSession) {
  void *pointer = reinterpret_cast<void *>(1);
  modelc_status_t status = modelc_session_device_alloc(session, 16, &pointer);
  EXPECT_EQ(modelc_status_code(status), MODELC_STATUS_INVALID_ARGUMENT);
  EXPECT_EQ(pointer, nullptr);
  modelc_status_free(status);
  status = modelc_session_memcpy(session, &pointer, &pointer, 8);
  EXPECT_EQ(modelc_status_code(status), MODELC_STATUS_INVALID_ARGUMENT);
  modelc_status_free(status);
  status = modelc_session_device_alloc(nullptr, 16, &pointer);
  EXPECT_EQ(modelc_status_code(status), MODELC_STATUS_INVALID_ARGUMENT);
  modelc_status_free(status);
}

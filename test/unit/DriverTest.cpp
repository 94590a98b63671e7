//===- DriverTest.cpp - Atomic output and one-line diagnostics
//-------------===//
//
// Part of the modelc project, under the Apache License v2.0 with LLVM
// Exceptions. SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "compiler/Driver.h"
#include "compiler/Diagnostics.h"

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/MLIRContext.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

#include <gtest/gtest.h>

using namespace mlir;

namespace {
std::string readFile(StringRef path) {
  auto buffer = llvm::MemoryBuffer::getFile(path);
  return buffer ? (*buffer)->getBuffer().str() : "<missing>";
}

/// Lists the files of `dir`.
std::vector<std::string> listDir(StringRef dir) {
  std::vector<std::string> names;
  std::error_code ec;
  for (llvm::sys::fs::directory_iterator it(dir, ec), end; it != end && !ec;
       it.increment(ec))
    names.push_back(llvm::sys::path::filename(it->path()).str());
  return names;
}
} // namespace

TEST(WriteFileAtomically, ReplacesTheFileAndLeavesNoTemporary) {
  MLIRContext context;
  SmallString<128> dir;
  ASSERT_FALSE(llvm::sys::fs::createUniqueDirectory("modelc-driver", dir));
  SmallString<128> path(dir);
  llvm::sys::path::append(path, "out.mlir");
  ASSERT_TRUE(succeeded(modelc::writeFileAtomically(
      context, path, [](raw_ostream &os) { os << "first"; })));
  ASSERT_TRUE(succeeded(modelc::writeFileAtomically(
      context, path, [](raw_ostream &os) { os << "second"; })));
  EXPECT_EQ(readFile(path), "second");
  EXPECT_EQ(listDir(dir), std::vector<std::string>{"out.mlir"});
  llvm::sys::fs::remove_directories(dir);
}

TEST(WriteFileAtomically, FailsCleanlyForAnUnwritableDirectory) {
  MLIRContext context;
  std::string errors;
  llvm::raw_string_ostream os(errors);
  modelc::ModelDiagnosticHandler handler(&context, os, false);
  EXPECT_TRUE(
      failed(modelc::writeFileAtomically(context, "/nonexistent-dir/out.mlir",
                                         [](raw_ostream &os) { os << "x"; })));
  EXPECT_FALSE(llvm::sys::fs::exists("/nonexistent-dir/out.mlir"));
  EXPECT_NE(errors.find("/nonexistent-dir/out.mlir: error: cannot create the "
                        "output file"),
            std::string::npos)
      << errors;
}

TEST(ModelDiagnosticHandler, NamesFileAndNodeOnOneLine) {
  MLIRContext context;
  std::string errors;
  llvm::raw_string_ostream os(errors);
  modelc::ModelDiagnosticHandler handler(&context, os, /*showRemarks=*/false);
  Location file = FileLineColLoc::get(&context, "model.onnx", 0, 0);
  Location node = NameLoc::get(StringAttr::get(&context, "conv1"), file);
  emitError(node) << "first line\nsecond line";
  emitRemark(node) << "hidden";
  emitWarning(file) << "careful";
  EXPECT_EQ(errors, "model.onnx: error: at 'conv1': first line second line\n"
                    "model.onnx: warning: careful\n");
  EXPECT_EQ(handler.getNumErrors(), 1u);
}

//===- modelc-opt.cpp - modelc's dialects and passes for lit --------------===//
//
// Part of the modelc project, under the Apache License v2.0 with LLVM
// Exceptions. SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "compiler/Pipelines.h"
#include "dialects/InitAllDialects.h"
#include "passes/InitAllPasses.h"

#include "mlir/Tools/mlir-opt/MlirOptMain.h"

int main(int argc, char **argv) {
  mlir::modelc::registerAllPasses();
  mlir::modelc::registerPipelines();
  mlir::DialectRegistry registry;
  mlir::modelc::registerAllDialects(registry);
  return mlir::asMainReturnCode(
      mlir::MlirOptMain(argc, argv, "modelc optimizer driver\n", registry));
}

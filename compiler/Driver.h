//===- Driver.h - Compile an ONNX model end to end ---------------*- C++
//-*-===//
//
// Part of the modelc project, under the Apache License v2.0 with LLVM
// Exceptions. SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// The one entry point every tool uses: import a model, run the phases the
// options ask for, and write the result atomically. All logic the `modelc`
// tool has lives here, so its main() only parses flags.
//
//===----------------------------------------------------------------------===//

#ifndef MODELC_COMPILER_DRIVER_H
#define MODELC_COMPILER_DRIVER_H

#include "compiler/Options.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/Support/raw_ostream.h"

namespace mlir::modelc {

/// Imports `inputPath` and runs the phases up to `options.compileTo`. Returns
/// null after reporting errors. MLIR's pass manager and timing command-line
/// options (--mlir-print-ir-after-all, --mlir-timing, ...) apply.
OwningOpRef<ModuleOp> compileModel(MLIRContext &context, StringRef inputPath,
                                   const CompilerOptions &options);

/// Writes what `write` prints to `path` ("-": stdout) through a temporary
/// file in the same directory that is renamed into place only when writing
/// succeeded, so a failed or interrupted run never leaves a partial file.
LogicalResult writeFileAtomically(MLIRContext &context, StringRef path,
                                  function_ref<void(raw_ostream &)> write);

/// Builds the plan of `module` (compiled to the LLVM phase), generates host
/// code and writes the artifact (or the kernels' LLVM IR) to `outputPath`.
LogicalResult emitArtifact(MLIRContext &context, ModuleOp module,
                           StringRef outputPath,
                           const CompilerOptions &options);

/// compileModel, then writes what `options.emit` asks for to `outputPath`.
/// Prints one-line diagnostics to stderr; returns failure if any error was
/// reported.
LogicalResult runCompiler(MLIRContext &context, StringRef inputPath,
                          StringRef outputPath, const CompilerOptions &options);

} // namespace mlir::modelc

#endif // MODELC_COMPILER_DRIVER_H

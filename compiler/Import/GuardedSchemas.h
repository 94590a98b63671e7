//===- GuardedSchemas.h - Operator schemas safe for untrusted models -*- C++
//-*-//
//
// Part of the modelc project, under the Apache License v2.0 with LLVM
// Exceptions. SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// libonnx's shape-inference functions trust attribute values and operand
// ranks that its checker does not verify: an `axis` out of range or a Conv
// weight of the wrong rank makes them index past the end of a shape (the
// fuzzer found SEGVs in ConvTranspose and LayerNormalization inference).
// This registry hands out the standard schemas with each inference function
// wrapped: before it runs, the node's axis-like attributes are checked
// against the ranks shape inference has found so far (graph inputs,
// initializers, and every earlier node's outputs), and a bad value fails
// inference for that node with a message instead.
//
//===----------------------------------------------------------------------===//

#ifndef MODELC_COMPILER_IMPORT_GUARDEDSCHEMAS_H
#define MODELC_COMPILER_IMPORT_GUARDEDSCHEMAS_H

#include "onnx/defs/schema.h"

namespace mlir::modelc {

/// The guarded schema registry; pass it to every InferShapes call on an
/// untrusted model. Thread-safe.
const ::onnx::ISchemaRegistry *getGuardedSchemaRegistry();

} // namespace mlir::modelc

#endif // MODELC_COMPILER_IMPORT_GUARDEDSCHEMAS_H

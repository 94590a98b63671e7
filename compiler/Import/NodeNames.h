//===- NodeNames.h - How diagnostics name ONNX nodes ------------*- C++ -*-===//
//
// Part of the modelc project, under the Apache License v2.0 with LLVM
// Exceptions. SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#ifndef MODELC_COMPILER_IMPORT_NODENAMES_H
#define MODELC_COMPILER_IMPORT_NODENAMES_H

#include "onnx/onnx_pb.h"

#include <string>

namespace mlir::modelc {

/// "node 'conv1' (Conv)", or "node #12 (Conv)" for an unnamed node #12.
inline std::string describeNode(const ::onnx::NodeProto &node, int index) {
  std::string name = node.name().empty() ? "#" + std::to_string(index)
                                         : "'" + node.name() + "'";
  return "node " + name + " (" + node.op_type() + ")";
}

} // namespace mlir::modelc

#endif // MODELC_COMPILER_IMPORT_NODENAMES_H

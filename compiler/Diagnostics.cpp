//===- Diagnostics.cpp - One-line diagnostics naming the model ------------===//
//
// Part of the modelc project, under the Apache License v2.0 with LLVM
// Exceptions. SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "compiler/Diagnostics.h"

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Location.h"

using namespace mlir;
using namespace mlir::modelc;

namespace {
/// The parts of a location that name something in a model.
struct ModelPlace {
  std::string file;
  unsigned line = 0, column = 0;
  std::string name;
};

void findPlace(Location loc, ModelPlace &place) {
  if (auto nameLoc = dyn_cast<NameLoc>(loc)) {
    if (place.name.empty())
      place.name = nameLoc.getName().str();
    findPlace(nameLoc.getChildLoc(), place);
  } else if (auto fileLoc = dyn_cast<FileLineColLoc>(loc)) {
    if (place.file.empty()) {
      place.file = fileLoc.getFilename().str();
      place.line = fileLoc.getLine();
      place.column = fileLoc.getColumn();
    }
  } else if (auto fused = dyn_cast<FusedLoc>(loc)) {
    for (Location inner : fused.getLocations())
      findPlace(inner, place);
  } else if (auto callSite = dyn_cast<CallSiteLoc>(loc)) {
    findPlace(callSite.getCallee(), place);
  }
}

StringRef getSeverityName(DiagnosticSeverity severity) {
  switch (severity) {
  case DiagnosticSeverity::Error:
    return "error";
  case DiagnosticSeverity::Warning:
    return "warning";
  case DiagnosticSeverity::Note:
    return "note";
  case DiagnosticSeverity::Remark:
    return "remark";
  }
  return "error";
}
} // namespace

ModelDiagnosticHandler::ModelDiagnosticHandler(MLIRContext *context,
                                               llvm::raw_ostream &os,
                                               bool showRemarks)
    : ScopedDiagnosticHandler(context), os(os), showRemarks(showRemarks) {
  setHandler([this](Diagnostic &diag) {
    if (diag.getSeverity() == DiagnosticSeverity::Remark && !this->showRemarks)
      return success();
    if (diag.getSeverity() == DiagnosticSeverity::Error)
      ++numErrors;
    print(diag, "");
    for (Diagnostic &note : diag.getNotes())
      print(note, "  ");
    this->os.flush();
    return success();
  });
}

void ModelDiagnosticHandler::print(Diagnostic &diag, StringRef indent) {
  ModelPlace place;
  findPlace(diag.getLocation(), place);
  os << indent << (place.file.empty() ? "modelc" : place.file);
  if (place.line > 0)
    os << ":" << place.line << ":" << place.column;
  os << ": " << getSeverityName(diag.getSeverity()) << ": ";
  if (!place.name.empty())
    os << "at '" << place.name << "': ";
  // Keep each diagnostic on one line.
  std::string message = diag.str();
  for (char &c : message)
    if (c == '\n')
      c = ' ';
  os << message << "\n";
}

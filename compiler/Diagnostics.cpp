//===- Diagnostics.cpp - One-line diagnostics naming the model ------------===//
//
// Part of the modelc project, under the Apache License v2.0 with LLVM
// Exceptions. SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//

#include "compiler/Diagnostics.h"

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Location.h"
#include "llvm/Support/ConvertUTF.h"
#include "llvm/Support/Format.h"

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

/// Prints `text` as one line of printable text: names from a model are
/// untrusted bytes, so control characters and invalid UTF-8 are written as
/// \xNN (valid UTF-8, e.g. non-Latin node names, is kept; a newline, which
/// messages use only to wrap, becomes a space).
void printEscaped(llvm::raw_ostream &os, StringRef text) {
  const auto *p = reinterpret_cast<const llvm::UTF8 *>(text.data());
  const auto *end = p + text.size();
  while (p < end) {
    if (*p == '\n') {
      os << ' ';
      ++p;
      continue;
    }
    if (*p >= 0x20 && *p < 0x7f) {
      os << char(*p++);
      continue;
    }
    unsigned length = llvm::getNumBytesForUTF8(*p);
    if (*p >= 0x80 && length <= unsigned(end - p) &&
        llvm::isLegalUTF8Sequence(p, p + length)) {
      os.write(reinterpret_cast<const char *>(p), length);
      p += length;
      continue;
    }
    os << "\\x" << llvm::format_hex_no_prefix(*p++, 2);
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
  if (!place.name.empty()) {
    os << "at '";
    printEscaped(os, place.name);
    os << "': ";
  }
  // One line of printable text per diagnostic.
  printEscaped(os, diag.str());
  os << "\n";
}

# -*- Python -*-
# lit configuration of the modelc regression tests (see test/CMakeLists.txt).
import os
import shutil
import subprocess

import lit.formats
from lit.llvm import llvm_config

config.name = "MODELC"
config.test_format = lit.formats.ShTest(not llvm_config.use_lit_shell)
config.suffixes = [".mlir", ".onnxtext", ".test"]
config.excludes = ["Inputs", "CMakeLists.txt", "lit.cfg.py", "lit.site.cfg.py",
                   "conformance", "models", "unit", "lit-tools"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.modelc_obj_root, "test")

# Same FileCheck defaults as upstream MLIR: captures do not leak across
# CHECK-LABELs, and a --check-prefixes entry that no line uses is an error.
config.environment["FILECHECK_OPTS"] = "-enable-var-scope --allow-unused-prefixes=false"

llvm_config.use_default_substitutions()
llvm_config.with_environment("PATH", config.llvm_tools_dir, append_path=True)
llvm_config.add_tool_substitutions(["modelc", "modelc-opt", "modelc-run", "modelc-classify"],
                                   [config.modelc_tools_dir])

# `%expect-exit 1 modelc ...` checks the exact exit status (not only
# non-zero, as `not` does): bad input must exit 1, never crash.
config.substitutions.append(
    ("%expect-exit", f"{config.python_with_onnx} "
     f"{os.path.join(config.test_source_root, 'lit-tools', 'expect_exit.py')}"))

# Tests that build binary models use the Python of Debian's python3-onnx.
config.substitutions.append(("%python", config.python_with_onnx))
if subprocess.run([config.python_with_onnx, "-c", "import onnx"],
                  capture_output=True).returncode == 0:
    config.available_features.add("onnx-python")

# GPU tests say `REQUIRES: cuda` and run only where a driver answers.
if shutil.which("nvidia-smi") and subprocess.run(
        ["nvidia-smi", "-L"], capture_output=True).returncode == 0:
    config.available_features.add("cuda")

# PTX tests say `REQUIRES: ptxas`: the CUDA toolkit's assembler checks what
# the NVPTX backend emits, without a GPU.
ptxas = shutil.which("ptxas") or next(
    (p for p in [os.path.join(os.environ.get("CUDA_HOME", "/usr/local/cuda"),
                              "bin", "ptxas")] if os.path.exists(p)), None)
if ptxas:
    config.available_features.add("ptxas")
    config.substitutions.append(("%ptxas", ptxas))

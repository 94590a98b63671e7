#!/usr/bin/env python3
"""A check of a timed build at the batch it is timed at.

run_torch_models.py checks a model against torch at batch 1 (and
ResNet-50 at 8), built without the benchmark's flags; the benchmark then
times other builds (batch 256, a tuning cache) whose tiles differ. This
tiles that batch-1 test data set (input_0.pb, output_0.pb: torch's
output) to batch B, float tensors cast to the timed build's input/output
precision, and prints the modelc-run flags that check every row of the
timed build's output against torch's: a kernel that is wrong only at
some batches or tiles (the 256x64 copies of 2026-12-03) fails it.

usage: batch_check.py --batch B --precision P [--io-precision Q] SRC OUT
  SRC: the batch-1 test data set; OUT: where the tiled one goes.
  Prints: --inputs OUT/input_0.pb --expected OUT/output_0.pb --rtol R
  --atol A (run_torch_models.py's tolerance for P). Exits 77 when the io
  precision has no numpy type (bf16).
"""
import argparse
import os
import sys

# The models' check's tolerances (rtol, atol per unit of the output's
# magnitude): run_torch_models.py's own.
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "..", "test", "models"))
from run_torch_models import TOLERANCES  # noqa: E402


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--batch", type=int, required=True)
    ap.add_argument("--precision", required=True, choices=sorted(TOLERANCES))
    ap.add_argument("--io-precision", default="fp32", choices=["fp32", "fp16", "bf16"])
    ap.add_argument("src")
    ap.add_argument("out")
    a = ap.parse_args()
    if a.io_precision == "bf16":
        print("batch_check: no numpy bf16; not checked", file=sys.stderr)
        return 77
    import numpy as np
    from onnx import TensorProto, numpy_helper

    def load(path):
        tensor = TensorProto()
        with open(path, "rb") as f:
            tensor.ParseFromString(f.read())
        return tensor.name, numpy_helper.to_array(tensor)

    def tiled(path):
        name, array = load(path)
        if array.ndim == 0 or array.shape[0] != 1:
            sys.exit(f"batch_check: {path}: '{name}' has no batch of 1: {array.shape}")
        array = np.repeat(array, a.batch, axis=0)
        if a.io_precision == "fp16" and array.dtype == np.float32:
            array = array.astype(np.float16)
        return numpy_helper.from_array(array, name), array

    os.makedirs(a.out, exist_ok=True)
    paths = {}
    magnitude = 1.0
    for kind in ("input", "output"):
        src = os.path.join(a.src, f"{kind}_0.pb")
        if not os.path.exists(src):
            sys.exit(f"batch_check: no {src}")
        tensor, array = tiled(src)
        if kind == "output":
            magnitude = max(magnitude, float(np.abs(array.astype(np.float64)).max()))
        paths[kind] = os.path.join(a.out, f"{kind}_0.pb")
        with open(paths[kind], "wb") as f:
            f.write(tensor.SerializeToString())
    rtol, atol = TOLERANCES[a.precision]
    print(f"--inputs {paths['input']} --expected {paths['output']} "
          f"--rtol {rtol:g} --atol {atol * magnitude:g}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Real models, exported by torch, compiled by modelc and checked against torch.

For ResNet-50, MobileNetV2, ViT-B/16, the BERT-style encoder and a small
YOLO-style detector (see torch_models.py), in --work-dir (cached between
runs):

1. export the model (ONNX opset 17) and a reference: a fixed input and the
   output torch computes for it in fp32 on the CPU, as test_data_set_0/
   input_0.pb and output_N.pb (the ONNX backend test layout);
2. run the graph phase (`modelc --emit=mlir`) and check its contract on a
   real model: no BatchNormalization, Identity, Dropout, Shape or Size left,
   every tensor type static;
3. compile it for the host (`modelc -o model.so`) and run it with
   `modelc-run --test-data`, which compares every output with torch's
   (fp32: rtol 1e-3, atol 1e-5 scaled by the outputs' largest magnitude).

Prints a table: ops before/after the graph phase, compile time and peak
memory, artifact size, run time, max abs/rel error. Exits 1 on any failure,
77 (skipped) if torch is not installed.
"""
import argparse
import os
import re
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

GONE_AFTER_GRAPH_PHASE = ["BatchNormalization", "Identity", "Dropout", "Shape", "Size"]


def count_ops(mlir):
    counts = {}
    for op in re.findall(r"= onnx\.([A-Za-z]+)", mlir):
        counts[op] = counts.get(op, 0) + 1
    return counts


# Runs a command and reports its own peak memory: RUSAGE_CHILDREN of this
# process would be the maximum over every child it ever waited for.
PEAK_WRAPPER = """
import resource, subprocess, sys
code = subprocess.run(sys.argv[1:]).returncode
print(f"MAXRSS_KB={resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}", file=sys.stderr)
sys.exit(code)
"""


def run_tool(tool, args, check=True):
    start = time.monotonic()
    proc = subprocess.run([sys.executable, "-c", PEAK_WRAPPER, tool] + args,
                          capture_output=True, text=True)
    elapsed = time.monotonic() - start
    match = re.search(r"MAXRSS_KB=(\d+)", proc.stderr)
    peak_mb = int(match.group(1)) / 1024 if match else float("nan")
    if check and proc.returncode != 0:
        raise RuntimeError(f"{os.path.basename(tool)} {' '.join(args)} failed "
                           f"({proc.returncode}):\n{proc.stdout[-2000:]}{proc.stderr[-2000:]}")
    return proc, elapsed, peak_mb


def export_with_reference(torch_models, name, work, batch=1):
    """model.onnx and test_data_set_0/ for `name` in work/name[_bN]/."""
    import torch
    from onnx import numpy_helper

    folder = os.path.join(work, name if batch == 1 else f"{name}_b{batch}")
    model_path = os.path.join(folder, "model.onnx")
    data = os.path.join(folder, "test_data_set_0")
    if os.path.exists(model_path) and os.path.isdir(data):
        return model_path, data
    os.makedirs(data, exist_ok=True)
    start = time.monotonic()
    torch_models.export(name, model_path + ".tmp")
    os.replace(model_path + ".tmp", model_path)
    model, example = torch_models.build(name, batch=batch)
    with torch.no_grad():
        outputs = model(example)
    if isinstance(outputs, torch.Tensor):
        outputs = (outputs,)
    with open(os.path.join(data, "input_0.pb"), "wb") as f:
        f.write(numpy_helper.from_array(example.numpy(), "input").SerializeToString())
    for i, out in enumerate(outputs):
        with open(os.path.join(data, f"output_{i}.pb"), "wb") as f:
            f.write(numpy_helper.from_array(out.numpy(), "").SerializeToString())
    print(f"exported {name} and its torch reference in {time.monotonic() - start:.1f} s",
          flush=True)
    return model_path, data


def reference_magnitude(data):
    """The largest |value| among torch's outputs: the scale of the errors."""
    import numpy as np
    from onnx import TensorProto, numpy_helper

    largest = 0.0
    for entry in sorted(os.listdir(data)):
        if entry.startswith("output_"):
            tensor = TensorProto()
            with open(os.path.join(data, entry), "rb") as f:
                tensor.ParseFromString(f.read())
            largest = max(largest, float(np.abs(numpy_helper.to_array(tensor)).max()))
    return largest


CLASSIFIERS = ("resnet50", "mobilenet_v2", "vit_b_16")

# (rtol, atol relative to max(1, max |torch|)) per --precision. fp32: the
# accumulation order is all that differs. tf32: every GEMM operand is
# rounded to a 10-bit mantissa (relative error 2^-11 per operand), which
# deep networks compound; TensorRT and cuBLAS users see errors of this
# order too. fp16: weights and activations are stored with the same 10-bit
# mantissa, rounded at every op (products summed in fp32). bf16: a 7-bit
# mantissa, 8x coarser. Top-1 agreement is reported beside it.
TOLERANCES = {"fp32": (1e-3, 1e-5), "tf32": (2e-2, 1e-2),
              "fp16": (2e-2, 1e-2), "bf16": (1e-1, 5e-2)}


def top1_agreement(data, outputs):
    """"k/n": rows of output 0 whose arg max is torch's."""
    import numpy as np
    from onnx import TensorProto, numpy_helper

    def load(path):
        tensor = TensorProto()
        with open(path, "rb") as f:
            tensor.ParseFromString(f.read())
        return numpy_helper.to_array(tensor)

    try:
        want = load(os.path.join(data, "output_0.pb"))
        got = load(os.path.join(outputs, "output_0.pb"))
    except OSError:
        return "-"
    want, got = want.reshape(want.shape[0], -1), got.reshape(got.shape[0], -1)
    agree = int((want.argmax(axis=1) == got.argmax(axis=1)).sum())
    return f"{agree}/{want.shape[0]}"


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--modelc", required=True)
    ap.add_argument("--modelc-run", required=True)
    ap.add_argument("--work-dir", required=True)
    ap.add_argument("--models", default=None, help="comma-separated subset")
    ap.add_argument("--target", default="host", help="modelc --target (host, sm_89, ...)")
    ap.add_argument("--batch", type=int, default=1,
                    help="batch size of the inputs (and of the reference)")
    ap.add_argument("--modelc-flags", default="",
                    help="more modelc flags (words), e.g. --layout=nhwc")
    ap.add_argument("--precision", default="fp32", choices=sorted(TOLERANCES),
                    help="modelc --precision; the tolerance follows it")
    args = ap.parse_args()
    try:
        import torch_models
    except ImportError as e:
        print(f"SKIPPED: torch/torchvision are not installed ({e})")
        return 77

    os.makedirs(args.work_dir, exist_ok=True)
    names = args.models.split(",") if args.models else torch_models.MODELS
    rows, failures = [], []
    for name in names:
        model, data = export_with_reference(torch_models, name, args.work_dir, args.batch)
        shape = torch_models.input_shape_flags(name, batch=args.batch)
        folder = os.path.dirname(model)
        elide = ["--mlir-elide-elementsattrs-if-larger=16"]
        imported, _, _ = run_tool(args.modelc, [model, "--emit=mlir-import"] + shape + elide)
        graph, _, _ = run_tool(args.modelc, [model, "--emit=mlir"] + shape + elide)
        before, after = count_ops(imported.stdout), count_ops(graph.stdout)
        left = [f"{op} x{after[op]}" for op in GONE_AFTER_GRAPH_PHASE if after.get(op)]
        dynamic = re.findall(r"tensor<[^>]*\?[^>]*>", graph.stdout)
        if left:
            failures.append(f"{name}: still has {', '.join(left)} after the graph phase")
        if dynamic:
            failures.append(f"{name}: dynamic types after the graph phase: {dynamic[:3]}")

        suffix = args.target if args.precision == "fp32" else f"{args.target}.{args.precision}"
        if args.modelc_flags:
            suffix += "." + re.sub(r"[^A-Za-z0-9]+", "_", args.modelc_flags).strip("_")
        artifact = os.path.join(folder, f"model.{suffix}.so")
        _, compile_s, peak_mb = run_tool(args.modelc, [model, "--target", args.target,
                                                       "--precision", args.precision,
                                                       "-o", artifact] + shape +
                                         args.modelc_flags.split())
        print(f"compiled {name} in {compile_s:.1f} s (peak {peak_mb:.0f} MB)", flush=True)
        outputs = os.path.join(folder, f"outputs.{suffix}")
        # The tolerance: rtol, and an absolute error scaled to the outputs'
        # magnitude (a randomized ResNet-50 gives logits near 1e3, where
        # accumulation order alone moves small logits by 1e-4 in fp32).
        rtol, atol = TOLERANCES[args.precision]
        scale = max(1.0, reference_magnitude(data))
        run, run_s, _ = run_tool(args.modelc_run, [artifact, "--test-data", data,
                                                   "--rtol", f"{rtol:g}",
                                                   "--atol", f"{atol * scale:g}",
                                                   "--save-outputs", outputs], check=False)
        top1 = top1_agreement(data, outputs) if name in CLASSIFIERS else ""
        errors = re.findall(r"max abs err ([0-9.e+-]+|inf|nan), max rel err ([0-9.e+-]+|inf|nan)",
                            run.stdout)
        max_abs = max((float(a) for a, _ in errors), default=float("nan"))
        max_rel = max((float(r) for _, r in errors), default=float("nan"))
        if run.returncode != 0:
            failures.append(f"{name}: outputs differ from torch:\n{run.stdout}{run.stderr}")
        rows.append((name, sum(before.values()), sum(after.values()), compile_s, peak_mb,
                     os.path.getsize(artifact) / 2**20, run_s, reference_magnitude(data),
                     max_abs, max_rel, "ok" if run.returncode == 0 else "FAIL", top1))

    print(f"\n{'model':14} {'ops in':>7} {'ops out':>8} {'compile s':>10} {'peak MB':>8} "
          f"{'.so MB':>7} {'run s':>6} {'max |torch|':>12} {'max abs err':>12} "
          f"{'max rel err':>12} {'vs torch':>9} {'top-1':>6}")
    for r in rows:
        print(f"{r[0]:14} {r[1]:7d} {r[2]:8d} {r[3]:10.1f} {r[4]:8.0f} {r[5]:7.1f} "
              f"{r[6]:6.1f} {r[7]:12.3g} {r[8]:12.3g} {r[9]:12.3g} {r[10]:>9} {r[11]:>6}")
    rtol, atol = TOLERANCES[args.precision]
    print(f"({args.target} target, --precision {args.precision}, batch {args.batch}; run s "
          "includes loading the artifact; errors against torch fp32 on the CPU; tolerance "
          f"rtol {rtol:g}, atol {atol:g} x max(1, max |torch|); "
          "top-1: "
          "rows whose arg max matches torch's, random inputs)")
    for f in failures:
        print("FAIL:", f)
    print("PASS" if not failures else "FAIL")
    return 0 if not failures else 1


if __name__ == "__main__":
    sys.exit(main())

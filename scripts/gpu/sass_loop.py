#!/usr/bin/env python3
"""Instruction mix of a kernel's main loop, from `cuobjdump -sass` text.

The loop is the innermost backward branch whose body holds an HMMA (a
tensor-core loop) or, with --any, any backward branch. Prints the loop's
instruction count, its HMMA count and instructions per HMMA, then the
opcodes by frequency (predicates stripped). No GPU is needed:

    modelc MODEL.onnx --emit=ptx -o m.ptx
    ptxas -arch=sm_89 m.ptx -o m.cubin
    cuobjdump -sass m.cubin > m.sass
    python3 scripts/gpu/sass_loop.py m.sass k3_Conv_Relu_2 [KERNEL...]

(cuobjdump comes with the full CUDA toolkit, or PyPI's
nvidia-cuda-cuobjdump wheel.)
"""
import argparse
import collections
import re
import sys

INSTRUCTION = re.compile(r"\s*/\*([0-9a-f]{4,})\*/\s+(.*?)\s*;")
BRANCH = re.compile(r"\bBRA\b.*?(0x[0-9a-f]+)")


def kernel_text(sass, name):
    """The SASS of function `name`, or None."""
    start = sass.find(f"Function : {name}\n")
    if start < 0:
        return None
    end = sass.find("Function : ", start + 1)
    return sass[start:end if end >= 0 else None]


def innermost_loop(text, need_hmma=True):
    """[(address, instruction)] of the shortest backward-branch loop."""
    instructions = [(int(m.group(1), 16), m.group(2))
                    for m in map(INSTRUCTION.match, text.splitlines()) if m]
    index = {address: i for i, (address, _) in enumerate(instructions)}
    loops = []
    for i, (address, instruction) in enumerate(instructions):
        branch = BRANCH.search(instruction)
        if not branch:
            continue
        target = int(branch.group(1), 16)
        if target < address and target in index:
            body = instructions[index[target]:i + 1]
            if not need_hmma or any("HMMA" in s for _, s in body):
                loops.append(body)
    return min(loops, key=len) if loops else None


def opcode(instruction):
    return re.sub(r"^@!?U?P\w+\s+", "", instruction).split()[0]


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("sass", help="cuobjdump -sass output")
    ap.add_argument("kernels", nargs="+", help="kernel (function) names")
    ap.add_argument("--any", action="store_true",
                    help="the innermost loop even without HMMA")
    args = ap.parse_args()
    try:
        sass = open(args.sass).read()
    except OSError as e:
        sys.exit(f"sass_loop: cannot read {args.sass}: {e.strerror}")
    status = 0
    for name in args.kernels:
        text = kernel_text(sass, name)
        if text is None:
            print(f"sass_loop: no function '{name}' in {args.sass}", file=sys.stderr)
            status = 1
            continue
        loop = innermost_loop(text, need_hmma=not args.any)
        if loop is None:
            print(f"{name}: no loop" + ("" if args.any else " with HMMA"))
            continue
        counts = collections.Counter(opcode(s) for _, s in loop)
        hmma = sum(v for k, v in counts.items() if k.startswith("HMMA"))
        per = f", {len(loop) / hmma:.2f} per HMMA" if hmma else ""
        print(f"{name}: loop {len(loop)} instructions, {hmma} HMMA{per}")
        print("  " + ", ".join(f"{k} {v}" for k, v in counts.most_common()))
    return status


if __name__ == "__main__":
    sys.exit(main())

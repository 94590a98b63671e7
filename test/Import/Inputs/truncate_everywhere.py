"""Runs modelc on MODEL truncated at every byte offset (and with every byte
flipped, for small models), in parallel. Each run must exit 0 or 1, print
every error on one line naming the file, and leave no output file behind
when it fails; a signal, another exit status or a timeout is reported.

usage: truncate_everywhere.py MODELC MODEL WORKDIR
"""
import concurrent.futures
import os
import subprocess
import sys


def run(modelc, path, out):
    try:
        p = subprocess.run([modelc, path, "--target", "host", "--emit=mlir", "-o", out],
                           capture_output=True, timeout=60)
    except subprocess.TimeoutExpired:
        return f"{path}: timeout"
    stderr = p.stderr.decode("utf-8", errors="replace")
    if p.returncode not in (0, 1):
        return f"{path}: exit {p.returncode}: {stderr[-300:]}"
    # Names from the model are printed escaped: messages are printable text.
    if "\ufffd" in stderr or any(c not in "\n\t" and not c.isprintable() for c in stderr):
        return f"{path}: unprintable characters in the message: {stderr[:200]!r}"
    if p.returncode == 1:
        if os.path.exists(out):
            return f"{path}: failed but wrote {out}"
        for line in stderr.splitlines():
            if not line.startswith(path + ":"):
                return f"{path}: error line not naming the file: {line!r}"
    return None


def main():
    modelc, model, work = sys.argv[1:4]
    os.makedirs(work, exist_ok=True)
    data = open(model, "rb").read()
    jobs = []
    for n in range(len(data)):
        path = os.path.join(work, f"trunc_{n}.onnx")
        with open(path, "wb") as f:
            f.write(data[:n])
        jobs.append(path)
    for i in range(len(data)):
        path = os.path.join(work, f"flip_{i}.onnx")
        with open(path, "wb") as f:
            f.write(data[:i] + bytes([data[i] ^ 0xFF]) + data[i + 1:])
        jobs.append(path)
    with concurrent.futures.ThreadPoolExecutor(os.cpu_count() or 2) as pool:
        problems = [p for p in pool.map(lambda j: run(modelc, j, j + ".mlir"), jobs) if p]
    for p in problems:
        print("PROBLEM:", p)
    print(f"{len(jobs)} variants of {len(data)} bytes: {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Runs a command and succeeds only if it exits with exactly CODE.

usage: expect_exit.py CODE COMMAND [ARGS...]

The command's stdout and stderr are forwarded (stderr to stdout, so a test
can FileCheck both). A signal or any other exit status fails, which `not`
cannot tell apart from a clean error exit.
"""
import subprocess
import sys

code = int(sys.argv[1])
proc = subprocess.run(sys.argv[2:], stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
sys.stdout.buffer.write(proc.stdout)
if proc.returncode != code:
    how = (f"was killed by signal {-proc.returncode}" if proc.returncode < 0
           else f"exited with {proc.returncode}")
    print(f"expect_exit: {sys.argv[2]} {how}, expected exit status {code}")
    sys.exit(1)

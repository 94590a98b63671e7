#!/usr/bin/env python3
"""Which kernels differ between two PTX files of one model (two builds).

Kernels are compared by body, with what renumbering changes taken out:
kernel numbers (k14_ -> kN_), basic-block labels ($L__BB14_ -> BBN_) and
the `// .globl` comment that ends each body. A change that adds or drops a
kernel renumbers every later one; this says which bodies really changed.

usage: scripts/compare_ptx.py OLD.ptx NEW.ptx
Exit status: 0 when every body has an identical one on the other side, 1
otherwise (the kernels only in OLD, then only in NEW, are printed).
"""
import collections
import re
import sys


def kernels(path):
    """Normalized body -> (count, a name it has) for each entry in `path`."""
    text = open(path).read()
    counts, names = collections.Counter(), {}
    for body in re.split(r"(?=\.visible \.entry )", text)[1:]:
        name = re.match(r"\.visible \.entry (\w+)", body).group(1)
        norm = re.sub(r"// \.globl.*", "", body)
        norm = re.sub(r"k\d+_", "kN_", norm)
        norm = re.sub(r"BB\d+_", "BBN_", norm)
        counts[norm] += 1
        names[norm] = name
    return counts, names


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    old, old_names = kernels(sys.argv[1])
    new, new_names = kernels(sys.argv[2])
    only_old = sorted(old_names[k] for k in old - new)
    only_new = sorted(new_names[k] for k in new - old)
    print(f"{sum(old.values())} kernels in {sys.argv[1]}, {sum(new.values())} in {sys.argv[2]}")
    print("only in the first:", " ".join(only_old) or "none")
    print("only in the second:", " ".join(only_new) or "none")
    sys.exit(1 if only_old or only_new else 0)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Writes tensors for the modelc-run tests into DIR.

x.npy, x.pb        input x, float32 [2,3]
y.npy              expected y = relu(x) * 2 + 1
y_wrong.npy        y with one element off by 0.5
x_shape.npy        float32 [3,2] (wrong shape)
bad.npy            not a .npy file
set/test_data_set_0/input_0.pb, output_0.pb   an ONNX backend test layout
"""
import os
import sys

import numpy as np
from onnx import numpy_helper

out = sys.argv[1]
os.makedirs(os.path.join(out, "set", "test_data_set_0"), exist_ok=True)
x = np.array([[-1.5, 0.0, 0.25], [2.0, -3.0, 4.5]], dtype=np.float32)
y = np.maximum(x, 0) * 2 + 1
np.save(os.path.join(out, "x.npy"), x)
np.save(os.path.join(out, "y.npy"), y)
wrong = y.copy()
wrong[1, 2] += 0.5
np.save(os.path.join(out, "y_wrong.npy"), wrong)
np.save(os.path.join(out, "x_shape.npy"), x.reshape(3, 2))
with open(os.path.join(out, "bad.npy"), "wb") as f:
    f.write(b"not numpy")
with open(os.path.join(out, "x.pb"), "wb") as f:
    f.write(numpy_helper.from_array(x, "x").SerializeToString())
for name, value, tensor in (("input_0.pb", x, "x"), ("output_0.pb", y, "y")):
    with open(os.path.join(out, "set", "test_data_set_0", name), "wb") as f:
        f.write(numpy_helper.from_array(value, tensor).SerializeToString())

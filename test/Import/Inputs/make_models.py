#!/usr/bin/env python3
"""Writes the binary ONNX models the importer tests need into a directory.

Textual ONNX (.onnxtext) covers most importer tests; what it cannot express
(node names, raw data, broken protobuf, external data) is built here with
the onnx package, so no binary model is committed.

usage: make_models.py OUT_DIR
"""
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper


def save(model, out, name, check=True):
    if check:
        onnx.checker.check_model(model)
    with open(os.path.join(out, name), "wb") as f:
        f.write(model.SerializeToString())


def relu_model(name="relu", opset=17, **kw):
    node = helper.make_node("Relu", ["x"], ["y"], name="stem_relu")
    graph = helper.make_graph([node], name,
                              [helper.make_tensor_value_info("x", TensorProto.FLOAT, [2, 3])],
                              [helper.make_tensor_value_info("y", TensorProto.FLOAT, [2, 3])],
                              **kw)
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", opset)])


def add_initializer_model(tensor, name="with_initializer"):
    node = helper.make_node("Add", ["x", tensor.name], ["y"], name="add_w")
    graph = helper.make_graph([node], name,
                              [helper.make_tensor_value_info("x", TensorProto.FLOAT, [4])],
                              [helper.make_tensor_value_info("y", TensorProto.FLOAT, [4])],
                              [tensor])
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])


def external(tensor, location, offset=None, length=None):
    """Turns `tensor` into a reference to external data at `location`."""
    tensor.ClearField("raw_data")
    tensor.data_location = TensorProto.EXTERNAL
    for key, value in (("location", location), ("offset", offset), ("length", length)):
        if value is not None:
            entry = tensor.external_data.add()
            entry.key, entry.value = key, str(value)
    return tensor


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)

    # Named nodes, for locations.
    names = helper.make_graph(
        [helper.make_node("Relu", ["x"], ["h"], name="stem_relu"),
         helper.make_node("Sigmoid", ["h"], ["y"], name="head_sigmoid")],
        "named",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, [2, 3])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, [2, 3])])
    save(helper.make_model(names, opset_imports=[helper.make_opsetid("", 17)]), out, "named.onnx")

    # Raw data of every supported type, and typed (non-raw) data.
    weights = np.arange(4, dtype=np.float32) - 1.5
    save(add_initializer_model(numpy_helper.from_array(weights, "w")), out, "raw_f32.onnx")
    typed = helper.make_tensor("w", TensorProto.FLOAT, [4], [0.5, 1.5, 2.5, 3.5], raw=False)
    save(add_initializer_model(typed), out, "typed_f32.onnx")

    # External data: a valid reference, and every way to escape or overrun.
    ext_dir = os.path.join(out, "ext")
    os.makedirs(os.path.join(ext_dir, "sub"), exist_ok=True)
    with open(os.path.join(ext_dir, "weights.bin"), "wb") as f:
        f.write(b"\0" * 8 + weights.tobytes())
    with open(os.path.join(out, "outside.bin"), "wb") as f:
        f.write(weights.tobytes())
    link = os.path.join(ext_dir, "link.bin")
    if os.path.lexists(link):
        os.remove(link)
    os.symlink(os.path.join(out, "outside.bin"), link)
    hard = os.path.join(ext_dir, "hard.bin")
    if os.path.lexists(hard):
        os.remove(hard)
    os.link(os.path.join(out, "outside.bin"), hard)
    fifo = os.path.join(ext_dir, "fifo.bin")
    if not os.path.lexists(fifo):
        os.mkfifo(fifo)
    cases = {
        "ext_ok.onnx": ("weights.bin", 8, 16),
        "ext_absolute.onnx": (os.path.join(out, "outside.bin"), None, None),
        "ext_dotdot.onnx": ("../outside.bin", None, None),
        "ext_symlink.onnx": ("link.bin", None, None),
        "ext_beyond_end.onnx": ("weights.bin", 16, 16),
        "ext_missing.onnx": ("nothere.bin", None, None),
        "ext_directory.onnx": ("sub", None, None),
        "ext_hardlink.onnx": ("hard.bin", None, None),
        "ext_fifo.onnx": ("fifo.bin", None, None),
        "ext_wrong_size.onnx": ("weights.bin", 0, 12),
    }
    for name, (location, offset, length) in cases.items():
        tensor = external(numpy_helper.from_array(weights, "w"), location, offset, length)
        save(add_initializer_model(tensor), ext_dir, name, check=False)

    # Tensors that lie about their size.
    short = numpy_helper.from_array(weights, "w")
    short.raw_data = short.raw_data[:10]
    save(add_initializer_model(short), out, "raw_size_mismatch.onnx", check=False)
    negative = numpy_helper.from_array(weights, "w")
    negative.dims[:] = [-4]
    save(add_initializer_model(negative), out, "negative_dims.onnx", check=False)
    huge = numpy_helper.from_array(weights, "w")
    huge.dims[:] = [1 << 40, 1 << 40]
    save(add_initializer_model(huge), out, "overflowing_dims.onnx", check=False)
    strings = helper.make_tensor("w", TensorProto.STRING, [1], [b"a"])
    save(add_initializer_model(strings), out, "string_initializer.onnx", check=False)

    # Containers: no graph, truncated, not ONNX, empty.
    save(helper.make_model(helper.make_graph([], "g", [], []),
                           opset_imports=[helper.make_opsetid("", 17)]), out, "empty_graph.onnx")
    no_graph = onnx.ModelProto(ir_version=8)
    no_graph.opset_import.add().version = 17
    save(no_graph, out, "no_graph.onnx", check=False)
    data = relu_model().SerializeToString()
    with open(os.path.join(out, "truncated.onnx"), "wb") as f:
        f.write(data[: len(data) // 2])
    with open(os.path.join(out, "not_onnx.onnx"), "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    # Subgraphs nested 200 deep (If branches): protobuf recursion past the
    # loader's limit, which must fail cleanly, not overflow the stack.
    inner = helper.make_graph([], "g0", [], [])
    for depth in range(200):
        node = helper.make_node("If", ["c"], [], then_branch=inner,
                                else_branch=helper.make_graph([], "e", [], []))
        inner = helper.make_graph([node], f"g{depth + 1}", [], [])
    deep = helper.make_model(inner, opset_imports=[helper.make_opsetid("", 17)])
    with open(os.path.join(out, "deep_nesting.onnx"), "wb") as f:
        f.write(deep.SerializeToString())
    open(os.path.join(out, "empty.onnx"), "wb").close()


if __name__ == "__main__":
    main()

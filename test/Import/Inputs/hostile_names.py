# hostile-names.test: `write PATH` writes a model whose names are hostile;
# `check PATH` checks a saved output kept its name byte for byte.
import sys

import onnx
from onnx import TensorProto, helper

X, Y = 'x%s%n"; rm -rf / #', 'y%n"\n.globl'

if sys.argv[1] == "check":
    name = onnx.load_tensor(sys.argv[2]).name
    sys.exit(0 if name == Y else f"output name {name!r}, expected {Y!r}")

node = helper.make_node("Relu", [X], [Y], name='%s%p\x01"}\n__asm__("int3")')
graph = helper.make_graph([node], 'g%s%x\x07${IFS}`id`',
                          [helper.make_tensor_value_info(X, TensorProto.FLOAT, [2, 3])],
                          [helper.make_tensor_value_info(Y, TensorProto.FLOAT, [2, 3])])
model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
model.ir_version = 8
onnx.checker.check_model(model)
onnx.save(model, sys.argv[2])

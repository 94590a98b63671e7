#!/usr/bin/env python3
"""Exports the bundled example model: a small ResNet-style image classifier.

A 3x32x32 input, a conv + BatchNorm + ReLU stem, two residual blocks (one
with a strided projection shortcut), global average pooling, a linear
classifier over 10 classes and a softmax: the operators of ResNet-50 at a
size that compiles and runs in a moment. Weights are random (fixed seed);
the batch dimension is dynamic, as exporters write it.

It is exported the way models arrive from many exporters: BatchNorm nodes
kept, a Shape-based flatten, opset 17.

With --test-data DIR it also writes a reference input and the output
PyTorch computes for it, as DIR/input_0.pb and DIR/output_0.pb (the layout of
the ONNX backend tests), for `modelc-run --test-data DIR`.

usage: export_tiny_resnet.py OUT.onnx [--test-data DIR]
"""
import argparse
import inspect
import os

import torch
from onnx import numpy_helper


class Block(torch.nn.Module):
    def __init__(self, cin, cout, stride):
        super().__init__()
        self.conv1 = torch.nn.Conv2d(cin, cout, 3, stride, 1, bias=False)
        self.bn1 = torch.nn.BatchNorm2d(cout)
        self.conv2 = torch.nn.Conv2d(cout, cout, 3, 1, 1, bias=False)
        self.bn2 = torch.nn.BatchNorm2d(cout)
        self.shortcut = torch.nn.Identity()
        if stride != 1 or cin != cout:
            self.shortcut = torch.nn.Sequential(
                torch.nn.Conv2d(cin, cout, 1, stride, bias=False), torch.nn.BatchNorm2d(cout))

    def forward(self, x):
        y = torch.relu(self.bn1(self.conv1(x)))
        return torch.relu(self.bn2(self.conv2(y)) + self.shortcut(x))


class TinyResNet(torch.nn.Module):
    def __init__(self, classes=10):
        super().__init__()
        self.stem = torch.nn.Sequential(torch.nn.Conv2d(3, 16, 3, 1, 1, bias=False),
                                        torch.nn.BatchNorm2d(16), torch.nn.ReLU())
        self.block1 = Block(16, 16, 1)
        self.block2 = Block(16, 32, 2)
        self.fc = torch.nn.Linear(32, classes)

    def forward(self, x):
        x = self.block2(self.block1(self.stem(x)))
        x = torch.nn.functional.adaptive_avg_pool2d(x, 1)
        x = x.reshape(x.shape[0], -1)
        return torch.softmax(self.fc(x), dim=1)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("output")
    parser.add_argument("--test-data", metavar="DIR")
    args = parser.parse_args()
    torch.manual_seed(0)
    model = TinyResNet().eval()
    # Give BatchNorm non-trivial statistics, so folding it is visible.
    for m in model.modules():
        if isinstance(m, torch.nn.BatchNorm2d):
            m.running_mean.uniform_(-0.5, 0.5)
            m.running_var.uniform_(0.5, 2.0)
    # torch >= 2.9 exports through dynamo by default, at opset 18; the
    # TorchScript exporter keeps opset 17, which modelc reads.
    legacy = {"dynamo": False} if "dynamo" in inspect.signature(torch.onnx.export).parameters else {}
    torch.onnx.export(model, torch.randn(1, 3, 32, 32), args.output, opset_version=17, **legacy,
                      input_names=["image"], output_names=["probabilities"],
                      dynamic_axes={"image": {0: "batch"}, "probabilities": {0: "batch"}},
                      do_constant_folding=False, training=torch.onnx.TrainingMode.PRESERVE)
    if args.test_data:
        os.makedirs(args.test_data, exist_ok=True)
        image = torch.rand(1, 3, 32, 32, generator=torch.Generator().manual_seed(1))
        with torch.no_grad():
            probabilities = model(image)
        for name, value in (("input_0.pb", ("image", image)),
                            ("output_0.pb", ("probabilities", probabilities))):
            proto = numpy_helper.from_array(value[1].numpy(), value[0])
            with open(os.path.join(args.test_data, name), "wb") as f:
                f.write(proto.SerializeToString())


if __name__ == "__main__":
    main()

"""The real models modelc is tested on, built with torch.

`build(name)` returns an eval-mode torch module and an example input:
torchvision's resnet50, mobilenet_v2, vit_b_16 (random weights), and
`bert_base`, the BERT-base-style encoder that ../shared/bench/peer_bench.py
times (token + position embedding, LayerNorm, 12 post-norm layers with 768
channels, 12 heads, 3072 hidden, GELU), and `tiny_yolo`, a small YOLO-style
detector (SiLU convs, a split/concat block, SPPF max pooling, nearest
upsampling, a transposed-conv upsampling path, sigmoid heads).

`export(name, path)` writes it as ONNX opset 17 with a dynamic batch (and,
for bert_base, sequence) dimension. It keeps what exporters other than
torch's default path leave in a model: BatchNormalization nodes (torch
otherwise folds them into the convolutions) and the Shape subgraphs, so the
graph passes have real work to do.
"""
import torch
import torchvision


class BertBase(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.emb = torch.nn.Embedding(30522, 768)
        self.pos = torch.nn.Embedding(512, 768)
        self.ln = torch.nn.LayerNorm(768)
        layer = torch.nn.TransformerEncoderLayer(768, 12, 3072, activation="gelu",
                                                 batch_first=True)
        self.enc = torch.nn.TransformerEncoder(layer, 12, enable_nested_tensor=False)

    def forward(self, ids):
        p = torch.arange(ids.shape[1], device=ids.device).unsqueeze(0)
        return self.enc(self.ln(self.emb(ids) + self.pos(p)))


class ConvBnSilu(torch.nn.Sequential):
    def __init__(self, cin, cout, k=3, s=1):
        super().__init__(torch.nn.Conv2d(cin, cout, k, s, k // 2, bias=False),
                         torch.nn.BatchNorm2d(cout), torch.nn.SiLU())


class TinyYolo(torch.nn.Module):
    """YOLOv5/v8-style in miniature: the operators, not the accuracy."""

    def __init__(self, classes=8, anchors=3):
        super().__init__()
        self.stem = ConvBnSilu(3, 16, 3, 2)
        self.down1 = ConvBnSilu(16, 32, 3, 2)
        self.split_conv = ConvBnSilu(16, 16)
        self.merge = ConvBnSilu(48, 32, 1)
        self.down2 = ConvBnSilu(32, 64, 3, 2)
        self.sppf_in = ConvBnSilu(64, 32, 1)
        self.pool = torch.nn.MaxPool2d(5, 1, 2)
        self.sppf_out = ConvBnSilu(128, 64, 1)
        self.up = torch.nn.Upsample(scale_factor=2, mode="nearest")
        self.deconv = torch.nn.ConvTranspose2d(64, 32, 2, 2)
        self.fuse = ConvBnSilu(64 + 32 + 32, 64)
        self.head_small = torch.nn.Conv2d(64, anchors * (5 + classes), 1)
        self.head_large = torch.nn.Conv2d(64, anchors * (5 + classes), 1)

    def forward(self, x):
        x = self.down1(self.stem(x))
        a, b = x.chunk(2, dim=1)
        x = self.merge(torch.cat([a, b, self.split_conv(b)], dim=1))
        p4 = self.down2(x)
        y = self.sppf_in(p4)
        y1 = self.pool(y)
        y2 = self.pool(y1)
        p4 = self.sppf_out(torch.cat([y, y1, y2, self.pool(y2)], dim=1))
        p3 = self.fuse(torch.cat([self.up(p4), self.deconv(p4), x], dim=1))
        return torch.sigmoid(self.head_large(p4)), torch.sigmoid(self.head_small(p3))


class KConcatBottleneck(torch.nn.Module):
    """A torchvision Bottleneck with a downsample, computed as one 1x1
    convolution over [conv2's output, the (strided) block input] with the
    two BatchNorm-folded weights side by side: relu(W3 o + b3 + Wd x + bd)
    = relu([W3 Wd] [o; x] + b3 + bd), the same function. An experiment for
    the issue-6 question 'what would fusing the downsample into conv3 save'
    (docs/performance.md, eighteenth session); not in MODELS."""

    def __init__(self, block):
        super().__init__()
        self.conv1, self.bn1 = block.conv1, block.bn1
        self.conv2, self.bn2, self.relu = block.conv2, block.bn2, block.relu
        self.stride = block.downsample[0].stride[0]

        def fold(conv, bn):
            scale = bn.weight / torch.sqrt(bn.running_var + bn.eps)
            return (conv.weight * scale[:, None, None, None],
                    bn.bias - bn.running_mean * scale)

        w3, b3 = fold(block.conv3, block.bn3)
        wd, bd = fold(block.downsample[0], block.downsample[1])
        self.cat = torch.nn.Conv2d(w3.shape[1] + wd.shape[1], w3.shape[0], 1)
        with torch.no_grad():
            self.cat.weight.copy_(torch.cat([w3, wd], 1))
            self.cat.bias.copy_(b3 + bd)

    def forward(self, x):
        out = self.relu(self.bn1(self.conv1(x)))
        out = self.relu(self.bn2(self.conv2(out)))
        # A 1x1 max pool of stride 2 is the strided subsample (one op; a
        # slice x[:, :, ::2, ::2] exports as two).
        xs = torch.nn.functional.max_pool2d(x, 1, self.stride) if self.stride > 1 else x
        return self.relu(self.cat(torch.cat([out, xs], 1)))


def resnet50_kconcat():
    model = torchvision.models.resnet50(weights=None).eval()
    randomize_degenerate_parameters(model)
    for layer in (model.layer1, model.layer2, model.layer3, model.layer4):
        layer[0] = KConcatBottleneck(layer[0])
    return model.eval()


MODELS = ["resnet50", "mobilenet_v2", "vit_b_16", "bert_base", "tiny_yolo"]


def build(name, batch=1, seq=128):
    torch.manual_seed(0)
    if name == "bert_base":
        return BertBase().eval(), torch.randint(0, 30522, (batch, seq))
    if name == "tiny_yolo":
        return TinyYolo().eval(), torch.randn(batch, 3, 128, 128)
    if name == "resnet50_kconcat":
        return resnet50_kconcat(), torch.randn(batch, 3, 224, 224)
    model = getattr(torchvision.models, name)(weights=None).eval()
    randomize_degenerate_parameters(model)
    return model, torch.randn(batch, 3, 224, 224)


def randomize_degenerate_parameters(model):
    """torchvision initializes some layers so that outputs are trivial with
    random weights: ViT's head is all zeros (every logit 0), BatchNorm is the
    identity. Give them random values so a comparison with torch checks real
    numbers."""
    generator = torch.Generator().manual_seed(1)
    with torch.no_grad():
        for m in model.modules():
            if isinstance(m, torch.nn.modules.batchnorm._BatchNorm):
                m.running_mean.uniform_(-0.1, 0.1, generator=generator)
                m.running_var.uniform_(0.5, 1.5, generator=generator)
                m.weight.uniform_(0.5, 1.5, generator=generator)
                m.bias.uniform_(-0.1, 0.1, generator=generator)
            elif isinstance(m, torch.nn.Linear) and not m.weight.any():
                m.weight.normal_(0, 0.02, generator=generator)
                if m.bias is not None:
                    m.bias.uniform_(-0.1, 0.1, generator=generator)


def export(name, path):
    model, example = build(name)
    dynamic = {0: "batch", 1: "sequence"} if name == "bert_base" else {0: "batch"}
    # Not under torch.no_grad(): without autograd, torch 1.13 takes the fused
    # attention fast path (aten::_native_multi_head_attention), which does not
    # export to ONNX.
    outputs = ["boxes_large", "boxes_small"] if name == "tiny_yolo" else ["output"]
    # torch >= 2.9 exports through dynamo by default, at opset 18; the
    # TorchScript exporter keeps opset 17 and the BatchNorm/shape subgraphs
    # the graph phase is tested on.
    import inspect
    legacy = {"dynamo": False} if "dynamo" in inspect.signature(torch.onnx.export).parameters else {}
    torch.onnx.export(model, example, path, opset_version=17, **legacy,
                      input_names=["input"], output_names=outputs,
                      dynamic_axes={"input": dynamic, **{o: {0: "batch"} for o in outputs}},
                      do_constant_folding=False,
                      training=torch.onnx.TrainingMode.PRESERVE)


def input_shape_flags(name, batch=1, seq=128):
    if name == "bert_base":
        return ["--input-shape", f"input={batch},{seq}"]
    return ["--batch", str(batch)]

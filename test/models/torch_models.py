"""The real models modelc is tested on, built with torch.

`build(name)` returns an eval-mode torch module and an example input:
torchvision's resnet50, mobilenet_v2, vit_b_16 (random weights), and
`bert_base`, the BERT-base-style encoder that ../shared/bench/peer_bench.py
times (token + position embedding, LayerNorm, 12 post-norm layers with 768
channels, 12 heads, 3072 hidden, GELU).

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


MODELS = ["resnet50", "mobilenet_v2", "vit_b_16", "bert_base"]


def build(name, batch=1, seq=128):
    torch.manual_seed(0)
    if name == "bert_base":
        return BertBase().eval(), torch.randint(0, 30522, (batch, seq))
    model = getattr(torchvision.models, name)(weights=None).eval()
    return model, torch.randn(batch, 3, 224, 224)


def export(name, path):
    model, example = build(name)
    dynamic = {0: "batch", 1: "sequence"} if name == "bert_base" else {0: "batch"}
    # Not under torch.no_grad(): without autograd, torch 1.13 takes the fused
    # attention fast path (aten::_native_multi_head_attention), which does not
    # export to ONNX.
    torch.onnx.export(model, example, path, opset_version=17,
                      input_names=["input"], output_names=["output"],
                      dynamic_axes={"input": dynamic, "output": {0: "batch"}},
                      do_constant_folding=False,
                      training=torch.onnx.TrainingMode.PRESERVE)


def input_shape_flags(name, batch=1, seq=128):
    if name == "bert_base":
        return ["--input-shape", f"input={batch},{seq}"]
    return ["--batch", str(batch)]

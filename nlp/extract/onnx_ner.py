"""ONNX Runtime inference for token-classification models: the recognizer's fast CPU path.

`export_onnx(model_dir)` takes a Hugging Face token-classification folder
(BERT-style inputs: input_ids, attention_mask, token_type_ids), exports it to
ONNX, quantises its matrix multiplications to int8 (per-channel weight scales,
activations quantised per batch at run time, as the torch int8 path does) and
writes `model.int8.onnx` into the folder. The file records the sha256 of the
weights it was made from, so a retrained model never runs with a stale export.

`OnnxClassifier.load(model_dir, threads)` returns a session for that file, or
None where the fast path does not apply (no export, a stale one, no
onnxruntime); `classifier.logits(input_ids, attention_mask, token_type_ids)`
takes int64 arrays of shape (batch, length) and returns float logits of shape
(batch, length, labels).

    python -m nlp.extract.onnx_ner models/ner-minilm-conll03    # (re)write the shipped export
"""

from __future__ import annotations

import argparse
import tempfile
import warnings
from pathlib import Path

import numpy as np

from nlp.model_pins import file_sha256

ONNX_FILE = "model.int8.onnx"
WEIGHTS_FILE = "model.safetensors"
SOURCE_KEY = "presslens_source_sha256"  # metadata entry: sha256 of the weights the export came from
INPUT_NAMES = ["input_ids", "attention_mask", "token_type_ids"]
QUANTISED_OPS = ["MatMul", "Attention", "Gather"]  # Gather: the embedding tables, four times smaller on disk


def weights_digest(model_dir: Path) -> str | None:
    """sha256 of the folder's safetensors weights (None without them: a hub name or another format)."""
    weights = model_dir / WEIGHTS_FILE
    # file_sha256 remembers the hash for the process: choosing a shipped model and fingerprinting
    # a run have already hashed these weights where the driver is also the worker.
    return file_sha256(weights) if weights.is_file() else None


def export_onnx(model_dir: str | Path, opset: int = 17) -> Path:
    """Export and int8-quantise the model in `model_dir`; returns the path of the written file."""
    import onnx
    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic
    from onnxruntime.transformers import optimizer
    from transformers import AutoModelForTokenClassification

    model_dir = Path(model_dir)
    # Eager attention exports to plain MatMul/Softmax nodes, which the quantiser and every runtime know.
    model = AutoModelForTokenClassification.from_pretrained(model_dir, dtype=torch.float32, attn_implementation="eager").eval()
    example = torch.ones((2, 8), dtype=torch.long)
    with tempfile.TemporaryDirectory(prefix="presslens-onnx-") as scratch:
        fp32 = Path(scratch) / "model.onnx"
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # tracer warnings about Python-side shape checks
            torch.onnx.export(
                model,
                (example, example, torch.zeros_like(example)),
                str(fp32),
                input_names=INPUT_NAMES,
                output_names=["logits"],
                dynamic_axes={name: {0: "batch", 1: "length"} for name in [*INPUT_NAMES, "logits"]},
                opset_version=opset,
                dynamo=False,
            )
        fused = Path(scratch) / "fused.onnx"
        # Fused layer-norm and GELU kernels. Attention stays unfused (num_heads=0): fusing it
        # measured within 3% here and keeps the embedding tables in fp32 (52 MiB instead of 18).
        optimizer.optimize_model(str(fp32), model_type="bert", num_heads=0, hidden_size=0, opt_level=1).save_model_to_file(str(fused))
        target = model_dir / ONNX_FILE
        quantize_dynamic(
            fused, target, per_channel=True, weight_type=QuantType.QInt8, op_types_to_quantize=QUANTISED_OPS,
            extra_options={"DefaultTensorType": onnx.TensorProto.FLOAT},  # fused nodes have no inferred output types
        )
    exported = onnx.load(str(target))
    onnx.helper.set_model_props(exported, {SOURCE_KEY: weights_digest(model_dir) or ""})
    onnx.save(exported, str(target))
    return target


class OnnxClassifier:
    """An ONNX Runtime session over an exported token classifier, on `threads` CPU threads."""

    def __init__(self, session) -> None:
        self.session = session

    @classmethod
    def load(cls, model_dir: str | Path, threads: int | None = 1) -> OnnxClassifier | None:
        """The fast path for `model_dir`, or None when it has no up-to-date export or onnxruntime is missing."""
        path = Path(model_dir) / ONNX_FILE
        if not path.is_file():
            return None
        try:
            import onnxruntime
        except ImportError:
            return None
        options = onnxruntime.SessionOptions()
        # One thread per worker process: workers already fill the cores, and extra
        # threads only spin and fight over caches when the machine is busy.
        options.intra_op_num_threads = threads or 1
        options.inter_op_num_threads = 1
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        options.graph_optimization_level = onnxruntime.GraphOptimizationLevel.ORT_ENABLE_ALL
        session = onnxruntime.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
        source = session.get_modelmeta().custom_metadata_map.get(SOURCE_KEY)
        if source and source != weights_digest(Path(model_dir)):
            warnings.warn(f"{path} was exported from other weights; using the slower torch path. Re-export: python -m nlp.extract.onnx_ner {model_dir}", stacklevel=2)
            return None
        return cls(session)

    def logits(self, input_ids: np.ndarray, attention_mask: np.ndarray, token_type_ids: np.ndarray) -> np.ndarray:
        """Logits (batch, length, labels) for int64 inputs of shape (batch, length)."""
        feed = {"input_ids": input_ids, "attention_mask": attention_mask, "token_type_ids": token_type_ids}
        return self.session.run(["logits"], {name: array.astype(np.int64, copy=False) for name, array in feed.items()})[0]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Export a token-classification model folder to int8 ONNX (model.int8.onnx).")
    parser.add_argument("model_dir", type=Path, help="a folder with config.json, model.safetensors and the tokenizer")
    args = parser.parse_args(argv)
    target = export_onnx(args.model_dir)
    print(f"wrote {target} ({target.stat().st_size / 2**20:.1f} MiB)")


if __name__ == "__main__":
    main()

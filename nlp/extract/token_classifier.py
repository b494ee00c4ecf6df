"""One inference path for the project's token-classification models (entity and attribution taggers).

`TokenClassifier(model)` loads a Hugging Face token-classification folder or
hub name; `tag_words(windows)` takes lists of pre-split words and returns one
label of the model per word (its first sub-word's best label; words cut off at
`max_length` sub-words are "O"). Windows are encoded at once, sorted by
sub-word count and run `batch_size` at a time, so batches pad to almost nothing.

Three ways to run, chosen at load: on a CUDA GPU with torch in fp16 and larger
batches; on the CPU with ONNX Runtime when the folder holds an up-to-date int8
export (`nlp.extract.onnx_ner`); else on the CPU with torch and int8 linear layers,
which serves any Hugging Face model. `TokenClassifier.from_model(model,
tokenizer)` wraps a torch model in memory (training scores dev with it).
The ONNX path needs onnxruntime and tokenizers only; the torch paths need
torch and transformers; none needs spaCy.
"""

from __future__ import annotations

import glob
import json
import sys
import warnings
from pathlib import Path
from types import SimpleNamespace

import numpy as np

from nlp.data.ner import CASE_FEATURE, case_token_types, first_subwords
from nlp.extract.onnx_ner import OnnxClassifier

# Windows per model call on a GPU, where big batches are cheap: on an H200, 64: 32k
# words/s, 256: 123k, 1024: 149k (1.4 GB of GPU memory).
GPU_BATCH_SIZE = 1024
INPUT_NAMES = ("input_ids", "attention_mask", "token_type_ids")
TOKENIZER_FILE = "tokenizer.json"
GPU_DEVICE_FILES = ("/dev/nvidia[0-9]*", "/dev/kfd")


class TokenClassifier:
    """A token-classification model that labels pre-split words (first sub-word labels, as trained)."""

    def __init__(self, model: str, threads: int | None = None, batch_size: int = 8, device: str | None = None, max_length: int = 512) -> None:
        self.device = device or ("cuda" if cuda_available() else "cpu")
        # ONNX Runtime gets one thread whatever `threads` says: a second one cost 6% more CPU
        # time for no faster wall time (batches of 8 windows, a busy 2-core machine).
        self.onnx = OnnxClassifier.load(model, 1) if self.device == "cpu" else None
        batch_size = batch_size if self.device == "cpu" else GPU_BATCH_SIZE
        word_pieces = WordPieces.load(model, max_length) if self.onnx else None
        if word_pieces:
            # The fast path reads the folder's own files: importing transformers (and the
            # torch it loads) cost about 2 CPU s per worker for a tokenizer and a label list.
            self._setup(_folder_config(model), word_pieces, None, batch_size, max_length)
            return
        from transformers import AutoConfig, AutoTokenizer
        from transformers.utils import logging

        logging.disable_progress_bar()  # a loading bar per worker would tear through rich's progress bar
        torch_model = None if self.onnx else _torch_model(model, self.device, threads)
        self._setup(AutoConfig.from_pretrained(model), AutoTokenizer.from_pretrained(model), torch_model, batch_size, max_length)

    @classmethod
    def from_model(cls, model, tokenizer, batch_size: int = 32, max_length: int = 512) -> TokenClassifier:
        """A classifier over a torch model already in memory, on whatever device it sits."""
        classifier = cls.__new__(cls)
        classifier.device, classifier.onnx = next(model.parameters()).device.type, None
        classifier._setup(model.config, tokenizer, model, batch_size, max_length)
        return classifier

    def _setup(self, config, tokenizer, torch_model, batch_size: int, max_length: int) -> None:
        self.tokenizer = tokenizer
        self.model = torch_model
        self.labels = [config.id2label[i] for i in range(config.num_labels)]
        self.case_feature = getattr(config, "presslens_case_feature", None) == CASE_FEATURE
        self.batch_size = batch_size
        self.max_length = max_length

    @property
    def backend(self) -> str:
        """"onnx", "torch-int8" (CPU) or "torch-fp16" (GPU)."""
        return "onnx" if self.onnx else ("torch-int8" if self.device == "cpu" else "torch-fp16")

    def tag_words(self, windows: list[list[str]]) -> list[list[str]]:
        """The model's label for each word of each window."""
        if not windows:
            return []
        if isinstance(self.tokenizer, WordPieces):
            input_ids, word_ids = self.tokenizer.encode(windows)
        else:
            encoded = self.tokenizer(windows, is_split_into_words=True, truncation=True, max_length=self.max_length)
            input_ids, word_ids = encoded["input_ids"], [encoded.word_ids(row) for row in range(len(windows))]
        order = sorted(range(len(windows)), key=lambda row: len(word_ids[row]))
        tagged: list[list[str]] = [[] for _ in windows]
        for first in range(0, len(order), self.batch_size):
            batch = order[first : first + self.batch_size]
            label_ids = self._label_ids(self._padded([input_ids[row] for row in batch], [self._types(windows[row], word_ids[row]) for row in batch]))
            for row, row_labels in zip(batch, label_ids):
                tags = ["O"] * len(windows[row])
                for position, word in first_subwords(word_ids[row]):
                    tags[word] = self.labels[row_labels[position]]
                tagged[row] = tags
        return tagged

    def _types(self, words: list[str], word_ids: list[int | None]) -> list[int]:
        return case_token_types(words, word_ids) if self.case_feature else [0] * len(word_ids)

    def _padded(self, ids: list[list[int]], types: list[list[int]]) -> dict[str, np.ndarray]:
        """input_ids, attention_mask and token_type_ids for a batch, right-padded to its longest row."""
        length = max(map(len, ids))
        arrays = {name: np.zeros((len(ids), length), dtype=np.int64) for name in INPUT_NAMES}
        arrays["input_ids"][:] = self.tokenizer.pad_token_id or 0
        for row, (row_ids, row_types) in enumerate(zip(ids, types)):
            arrays["input_ids"][row, : len(row_ids)] = row_ids
            arrays["attention_mask"][row, : len(row_ids)] = 1
            arrays["token_type_ids"][row, : len(row_types)] = row_types
        return arrays

    def _label_ids(self, encoded: dict[str, np.ndarray]) -> list[list[int]]:
        """The best label of every sub-word position."""
        if self.onnx:
            return self.onnx.logits(encoded["input_ids"], encoded["attention_mask"], encoded["token_type_ids"]).argmax(-1).tolist()
        import torch

        inputs = {name: torch.from_numpy(array).to(self.device) for name, array in encoded.items()}
        if "token_type_ids" not in self.tokenizer.model_input_names:
            del inputs["token_type_ids"]  # DistilBERT- and RoBERTa-style models take none
        # A model in training sits in fp32 on the GPU: bf16 autocast, as it was trained.
        autocast = self.device == "cuda" and next(self.model.parameters()).dtype == torch.float32
        with torch.inference_mode(), torch.autocast(self.device, dtype=torch.bfloat16, enabled=autocast):
            return self.model(**inputs).logits.argmax(-1).tolist()


def cuda_available() -> bool:
    """Whether torch sees a CUDA GPU (never true on the CPU-only torch these machines install).

    On Linux a GPU that torch can use shows as a device file (/dev/nvidia0..., /dev/kfd for
    ROCm); without one the answer is no, and torch (1.3 CPU s to import) is left unloaded.
    """
    if not _may_have_gpu():
        return False
    import torch

    return torch.cuda.is_available()


def _may_have_gpu() -> bool:
    return not sys.platform.startswith("linux") or "torch" in sys.modules or any(glob.glob(pattern) for pattern in GPU_DEVICE_FILES)


class WordPieces:
    """The WordPiece (BERT) tokenizer of a model folder, run by the `tokenizers` library from its
    tokenizer.json as transformers' fast tokenizer runs it: special tokens added, truncated to
    `max_length`, no padding."""

    def __init__(self, tokenizer, model: str, max_length: int) -> None:
        self.tokenizer = tokenizer
        self.tokenizer.no_padding()  # a saved tokenizer.json may carry the padding it was trained with
        self.tokenizer.enable_truncation(max_length)
        settings_file = Path(model) / "tokenizer_config.json"
        settings = json.loads(settings_file.read_text(encoding="utf-8")) if settings_file.is_file() else {}
        pad_token = settings.get("pad_token") or "[PAD]"
        if isinstance(pad_token, dict):  # older transformers saved special tokens with their settings
            pad_token = pad_token.get("content", "[PAD]")
        self.pad_token_id = self.tokenizer.token_to_id(pad_token)  # None: padding uses id 0 (masked out either way)

    @classmethod
    def load(cls, model: str, max_length: int) -> WordPieces | None:
        """The folder's tokenizer, or None without a WordPiece tokenizer.json: transformers then runs it
        (it adjusts byte-level BPE tokenizers, RoBERTa's, to pre-split words)."""
        from tokenizers import Tokenizer, models

        path = Path(model) / TOKENIZER_FILE
        if not path.is_file():
            return None
        tokenizer = Tokenizer.from_file(str(path))
        return cls(tokenizer, model, max_length) if isinstance(tokenizer.model, models.WordPiece) else None

    def encode(self, windows: list[list[str]]) -> tuple[list[list[int]], list[list[int | None]]]:
        """Sub-word ids of each window, and the word each sub-word belongs to (None: a special token)."""
        encodings = self.tokenizer.encode_batch(windows, is_pretokenized=True)
        return [encoding.ids for encoding in encodings], [encoding.word_ids for encoding in encodings]


def _folder_config(model: str) -> SimpleNamespace:
    """The parts of a folder's config.json that tagging reads, as transformers' config gives them."""
    config = json.loads((Path(model) / "config.json").read_text(encoding="utf-8"))
    id2label = {int(index): label for index, label in config["id2label"].items()}
    return SimpleNamespace(id2label=id2label, num_labels=len(id2label), presslens_case_feature=config.get("presslens_case_feature"))


def _torch_model(model: str, device: str, threads: int | None):
    import torch
    from transformers import AutoModelForTokenClassification

    if threads:
        torch.set_num_threads(threads)
    if device != "cpu":
        return AutoModelForTokenClassification.from_pretrained(model, dtype=torch.float16).to(device).eval()
    # fp16 weights on disk; CPUs compute fastest with int8 linear layers
    # (2.7x fp32 here, for 0.4 F1 on CoNLL-2003 dev; see the README).
    return int8_linear_layers(AutoModelForTokenClassification.from_pretrained(model, dtype=torch.float32).eval())


def int8_linear_layers(model):
    import torch
    from torch.ao.quantization import per_channel_dynamic_qconfig

    with warnings.catch_warnings():
        # Deprecated in favour of torchao, which is not a dependency; torch is pinned at 2.13, where it works.
        warnings.simplefilter("ignore")
        # Per-channel weight scales: per-tensor ones cost about twice the F1.
        return torch.ao.quantization.quantize_dynamic(model, {torch.nn.Linear: per_channel_dynamic_qconfig}, dtype=torch.qint8)

"""The ONNX Runtime fast path tags as the torch path does, on tiny models the test builds and exports.

Both taggers run through it (`nlp.extract.token_classifier`): the entity tagger and the attribution tagger.
"""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
import pytest

from nlp.extract import onnx_ner
from nlp.extract.attribution_tagger import WINDOW_WORDS, AttributionTagger
from nlp.extract.onnx_ner import ONNX_FILE, OnnxClassifier, export_onnx
from nlp.extract.transformer_ner import WordTagger

WORDS = ["angela", "merkel", "met", "joe", "biden", "in", "berlin", "and", "paris", "on", "friday", "."]
SENTENCES = [
    ["Angela", "Merkel", "met", "Joe", "Biden", "in", "Berlin", "."],
    ["Joe", "met", "Angela", "in", "Paris", "on", "Friday", "."],
    ["Berlin", "and", "Paris", "met", "Biden", "."],
    ["in", "Berlin", "Merkel", "met", "Biden", "and", "Angela", "on", "Friday", "in", "Paris", "."],
]


ENTITY_LABELS = ["O", "B-PER", "I-PER", "B-LOC", "I-LOC"]
ATTRIBUTION_LABELS = ["O", "B-SOURCE", "I-SOURCE", "B-CUE", "I-CUE", "B-CONTENT", "I-CONTENT"]


def build_tiny_model(folder: Path, labels: list[str]) -> Path:
    """A random 2-layer BERT token classifier with a word-level vocabulary, saved like a hub model and exported.

    Its classifier weights are scaled up so that each word's best label wins by a
    margin far above int8 rounding: the test then checks the two paths, not noise.
    """
    import torch
    from transformers import BertConfig, BertForTokenClassification, BertTokenizerFast

    vocabulary = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", *WORDS]
    (folder / "vocab.txt").write_text("\n".join(vocabulary) + "\n", encoding="utf-8")
    config = BertConfig(
        vocab_size=len(vocabulary), hidden_size=32, num_hidden_layers=2, num_attention_heads=2, intermediate_size=64,
        num_labels=len(labels), id2label=dict(enumerate(labels)), label2id={label: i for i, label in enumerate(labels)},
        presslens_case_feature="capitalised_word_as_token_type",
    )
    torch.manual_seed(7)
    model = BertForTokenClassification(config)
    with torch.no_grad():
        model.classifier.weight.mul_(40)
    model.save_pretrained(folder)
    BertTokenizerFast(vocab_file=str(folder / "vocab.txt")).save_pretrained(folder)
    export_onnx(folder)
    return folder


@pytest.fixture(scope="module")
def tiny_model(tmp_path_factory) -> Path:
    return build_tiny_model(tmp_path_factory.mktemp("tiny-bert"), ENTITY_LABELS)


@pytest.fixture(scope="module")
def tiny_attribution_model(tmp_path_factory) -> Path:
    return build_tiny_model(tmp_path_factory.mktemp("tiny-attribution"), ATTRIBUTION_LABELS)


def test_export_writes_an_int8_model_that_names_its_weights(tiny_model):
    assert (tiny_model / ONNX_FILE).is_file()
    assert WordTagger(str(tiny_model), threads=1, device="cpu").backend == "onnx"


def entity_tags(model: Path) -> tuple[str, list[str]]:
    tagger = WordTagger(str(model), threads=1, device="cpu")
    return tagger.backend, [tag for tags in tagger.tag(SENTENCES) for tag in tags]


def attribution_tags(model: Path) -> tuple[str, list[str]]:
    from nlp.data.attribution import words_of

    tagger = AttributionTagger(str(model), threads=1)
    # Texts of one paragraph, of several and of a whole window, so that windows of different lengths share a batch.
    texts = [" ".join(SENTENCES[0]), "\n\n".join(" ".join(words) for words in SENTENCES), " ".join(SENTENCES[3] * 20)]
    assert any(tagger.tag(texts))
    windows = [[word.text for word in words_of(text)][:WINDOW_WORDS] for text in texts]
    return tagger.classifier.backend, [tag for tags in tagger.classifier.tag_words(windows) for tag in tags]


# Share of words both paths tag alike. Short sentences: all. Windows of up to 160 words of
# this random model leave a few words within int8 rounding of a second label (5 of 202 here).
@pytest.mark.parametrize(("fixture", "run", "agreement"), [("tiny_model", entity_tags, 1.0), ("tiny_attribution_model", attribution_tags, 0.95)])
def test_fast_path_tags_as_the_torch_path(fixture, run, agreement, request, monkeypatch):
    model = request.getfixturevalue(fixture)
    fast_backend, fast_tags = run(model)
    monkeypatch.setattr(OnnxClassifier, "load", classmethod(lambda cls, *args, **kwargs: None))
    slow_backend, slow_tags = run(model)
    assert (fast_backend, slow_backend) == ("onnx", "torch-int8")
    assert len(fast_tags) == len(slow_tags)
    assert sum(fast == slow for fast, slow in zip(fast_tags, slow_tags)) >= agreement * len(fast_tags)
    assert len(set(fast_tags)) > 1  # not a model that says "O" to everything


def test_fast_path_logits_stay_close_to_fp32(tiny_model):
    """Tolerance: int8 weights and activations move each logit by under 5% of the logits' spread."""
    import torch
    from transformers import AutoModelForTokenClassification

    ids = np.array([[2, 5, 6, 7, 8, 9, 10, 11, 3]])
    mask, types = np.ones_like(ids), (ids % 2)
    fast = OnnxClassifier.load(tiny_model).logits(ids, mask, types)
    model = AutoModelForTokenClassification.from_pretrained(tiny_model).eval()
    with torch.inference_mode():
        exact = model(torch.from_numpy(ids), torch.from_numpy(mask), torch.from_numpy(types)).logits.numpy()
    assert np.abs(fast - exact).max() < 0.05 * (exact.max() - exact.min())
    assert (fast.argmax(-1) == exact.argmax(-1)).all()


def test_stale_export_falls_back_to_torch(tiny_model, tmp_path):
    import shutil

    copy = Path(shutil.copytree(tiny_model, tmp_path / "retrained"))
    (copy / onnx_ner.WEIGHTS_FILE).write_bytes((copy / onnx_ner.WEIGHTS_FILE).read_bytes() + b" ")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert OnnxClassifier.load(copy) is None
    assert any("exported from other weights" in str(warning.message) for warning in caught)


def test_model_without_export_uses_torch(tiny_model, tmp_path):
    import shutil

    copy = Path(shutil.copytree(tiny_model, tmp_path / "plain"))
    (copy / ONNX_FILE).unlink()
    assert WordTagger(str(copy), threads=1, device="cpu").backend == "torch-int8"

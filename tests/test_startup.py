"""Start-up: a process loads only what its options need, and what it skips still loads when chosen.

Each check runs in a fresh interpreter, since this test session has imported everything already.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from nlp.extract.pipeline import PRESSLENS_COMPONENTS, ModelError, resolve_model
from nlp.extract.token_classifier import WordPieces

REPOSITORY = Path(__file__).resolve().parent.parent

DEFAULT_PIPELINE_WITHOUT_TORCH = """
import sys
import nlp.cli_support, nlp.run.runner  # what `presslens analyze` imports
from nlp.extract.pipeline import load_pipeline, resolve_model, resolve_ner, resolve_quotes
pipeline = load_pipeline(resolve_model(None), None, resolve_ner(None), 1, resolve_quotes(None))
doc = pipeline("Angela Merkel met Joe Biden in Berlin. \\"We agreed,\\" Merkel said.")
assert [ent.text for ent in doc.ents if ent.label_ == "PERSON"], doc.ents
heavy = [name for name in ("torch", "transformers", "distributed", "dask") if name in sys.modules]
print("loaded:", heavy)
assert not heavy, heavy
import thinc.compat
assert not thinc.compat.has_torch
"""

ANALYZE_DRIVER_WITHOUT_SPACY = """
import sys
import typer
import cli
import nlp.run.process, nlp.render.terminal, nlp.run.runner  # what `presslens analyze` imports
from nlp.cli_support import user_errors
from nlp.extract.pipeline_choice import describe, resolve_model, resolve_ner, resolve_quotes
description = describe(resolve_model(None), resolve_ner(None))
resolve_quotes(None)
try:
    with user_errors():
        resolve_model("no_such_pipeline")
except typer.Exit as stop:
    print("exit code", stop.exit_code)
print("loaded:", [name for name in ("spacy", "thinc", "torch", "pint") if name in sys.modules])
"""

TORCH_PATH_AFTER_SPACY = """
import nlp.extract.pipeline, thinc.compat, torch
from nlp.extract.onnx_ner import OnnxClassifier
from nlp.extract.token_classifier import TokenClassifier
assert not thinc.compat.has_torch and torch.ones(2).sum().item() == 2
OnnxClassifier.load = classmethod(lambda cls, *args, **kwargs: None)  # as for a model without an export
classifier = TokenClassifier("models/ner-minilm-conll03", threads=1)
assert classifier.backend == "torch-int8"
print(classifier.tag_words([["Angela", "Merkel", "visited", "Paris", "."]]))
"""

TORCH_FIRST = """
import torch, spacy, thinc.compat
assert thinc.compat.has_torch  # torch was loaded anyway: thinc gets it as usual
"""


def python(code: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", code], cwd=REPOSITORY, capture_output=True, text=True, timeout=300)


def test_default_pipeline_runs_without_importing_torch_transformers_or_dask():
    result = python(DEFAULT_PIPELINE_WITHOUT_TORCH)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "loaded: []" in result.stdout


def test_a_runs_driver_chooses_the_pipeline_and_reports_errors_without_importing_spacy():
    result = python(ANALYZE_DRIVER_WITHOUT_SPACY)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "exit code 2" in result.stdout and "loaded: []" in result.stdout
    assert "Unknown spaCy model 'no_such_pipeline'" in result.stderr


def test_the_pipeline_choice_reads_what_spacy_reads(tmp_path):
    import spacy

    from nlp.extract.pipeline_choice import describe, installed_models

    assert installed_models() == sorted(spacy.util.get_installed_models())
    model = resolve_model(None)
    meta = spacy.util.get_model_meta(spacy.util.get_package_path(model))
    described = describe(model, "hf:some-model")
    assert (described["name"], described["version"], described["spacy_version"]) == (f"{meta['lang']}_{meta['name']}", meta["version"], spacy.__version__)
    assert described["components"] == ["presslens_typography", *meta["pipeline"], "presslens_transformer_ner", *PRESSLENS_COMPONENTS]
    spacy.blank("de").to_disk(tmp_path / "blank")
    assert describe(str(tmp_path / "blank"))["name"] == f"de_{spacy.util.get_model_meta(tmp_path / 'blank')['name']}"
    with pytest.raises(ModelError, match="Cannot read spaCy model 'no_such_pipeline'"):
        describe("no_such_pipeline")


def test_torch_path_still_loads_after_spacy_started_without_torch():
    result = python(TORCH_PATH_AFTER_SPACY)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "PER" in result.stdout


def test_thinc_keeps_torch_when_torch_is_imported_first():
    result = python(TORCH_FIRST)
    assert result.returncode == 0, result.stderr[-2000:]


@pytest.mark.parametrize("model", ["models/ner-minilm-conll03", "models/attribution-minilm-polnear"])
def test_word_pieces_encode_as_transformers_tokenizer(model):
    from transformers import AutoTokenizer

    windows = [
        ["Angela", "Merkel", "met", "Joe", "Biden", "in", "Berlin", "."],
        ["Ünïcödé", "naïve", "café", "中文", "—", "don’t", "U.S.-based", "3.5%"],
        ["word"] * 300,  # longer than max_length sub-words: truncated alike
    ]
    expected = AutoTokenizer.from_pretrained(REPOSITORY / model)(windows, is_split_into_words=True, truncation=True, max_length=256)
    ids, word_ids = WordPieces.load(str(REPOSITORY / model), 256).encode(windows)
    assert ids == expected["input_ids"]
    assert word_ids == [expected.word_ids(row) for row in range(len(windows))]
    assert len(ids[2]) == 256


def test_gpu_check_asks_torch_only_where_a_gpu_device_file_exists(monkeypatch):
    from nlp.extract import token_classifier

    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.delitem(sys.modules, "torch", raising=False)  # as in a process that has not loaded torch
    monkeypatch.setattr(token_classifier.glob, "glob", lambda pattern: [])
    assert not token_classifier._may_have_gpu()
    assert not token_classifier.cuda_available() and "torch" not in sys.modules
    monkeypatch.setattr(token_classifier.glob, "glob", lambda pattern: ["/dev/nvidia0"] if "nvidia" in pattern else [])
    assert token_classifier._may_have_gpu()


def test_word_pieces_read_a_pad_token_saved_with_its_settings(tmp_path):
    import shutil

    folder = Path(shutil.copytree(REPOSITORY / "models/ner-minilm-conll03", tmp_path / "model", ignore=shutil.ignore_patterns("*.onnx", "*.safetensors")))
    (folder / "tokenizer_config.json").write_text('{"pad_token": {"content": "[PAD]", "lstrip": false}}', encoding="utf-8")
    assert WordPieces.load(str(folder), 256).pad_token_id == 0


def test_word_pieces_leave_other_tokenizers_to_transformers(tmp_path):
    from tokenizers import Tokenizer, models

    Tokenizer(models.BPE()).save(str(tmp_path / "tokenizer.json"))
    assert WordPieces.load(str(tmp_path), 256) is None
    assert WordPieces.load(str(tmp_path / "missing"), 256) is None

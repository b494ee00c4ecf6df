"""Installing anywhere: a lean install's features name the extra they need, the models folder is found
in a wheel or a checkout, the model files are pinned by hash, and the missing-model hint names a real file."""

from __future__ import annotations

import re
from importlib.util import find_spec
from pathlib import Path

import pytest
from typer.testing import CliRunner

import nlp
import nlp.extras
import nlp.extract.pipeline_choice
from cli import app
from nlp import model_pins
from nlp.lexicons import MODELS_DIR, models_dir, registry
from nlp.extract.pipeline import ModelError, resolve_model, resolve_ner

runner = CliRunner(env={"COLUMNS": "200"})


@pytest.fixture
def lean_install(monkeypatch: pytest.MonkeyPatch) -> None:
    """Dask, distributed, Datasette and sqlite-utils look uninstalled."""
    absent = {"dask", "distributed", "datasette", "sqlite_utils"}
    monkeypatch.setattr(nlp.extras, "find_spec", lambda name: None if name in absent else find_spec(name))


def one_line_error(result) -> str:
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error:"), result.stderr
    return lines[0]


def test_dask_options_name_the_dask_extra(lean_install, articles_dir: Path, tmp_path: Path):
    result = runner.invoke(app, ["analyze", str(articles_dir), "--out", str(tmp_path / "out"), "--dask-local", "1", "--ner", "spacy", "--quiet"])
    assert "pip install 'presslens[dask]'" in one_line_error(result)


def test_browse_names_the_browse_extra(lean_install, tmp_path: Path):
    result = runner.invoke(app, ["browse", str(tmp_path), "--no-serve"])
    assert "pip install 'presslens[browse]'" in one_line_error(result)


def test_models_folder_of_a_wheel_then_of_a_checkout(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.delenv("PRESSLENS_MODELS_DIR", raising=False)
    package = tmp_path / "checkout" / "nlp"
    package.mkdir(parents=True)
    assert models_dir(package) == tmp_path / "checkout" / "models"  # a source tree: models/ beside nlp/
    (package / "models").mkdir()
    assert models_dir(package) == package / "models"  # an installed wheel: package data inside nlp/
    monkeypatch.setenv("PRESSLENS_MODELS_DIR", str(tmp_path / "mine"))
    assert models_dir(package) == tmp_path / "mine"


def test_no_spacy_pipeline_names_a_requirements_file_that_exists(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(nlp.extract.pipeline_choice, "installed_models", lambda: [])
    with pytest.raises(ModelError) as error:
        resolve_model(None)
    assert Path(re.search(r"-r (\S+?)`", str(error.value)).group(1)).is_file()


def test_every_shipped_model_file_matches_its_pin():
    pinned = model_pins.pins()
    folders = [MODELS_DIR / registry()[key] for key in model_pins.REGISTRY_MODELS] + [MODELS_DIR / name for name in model_pins.OTHER_MODELS]
    loaded = {path.relative_to(MODELS_DIR).as_posix() for folder in folders for path in model_pins.loaded_files(folder)}
    assert set(pinned) == loaded, "run `python -m nlp.model_pins` after changing a shipped model"
    assert not any(model_pins.mismatched(folder) for folder in folders)


def test_a_changed_model_file_is_refused_at_load(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    folder = tmp_path / "tagger"
    folder.mkdir()
    (folder / "config.json").write_text("{}")
    (folder / "README.md").write_text("card")
    (tmp_path / model_pins.PINS_FILE).write_text(f"{model_pins.file_sha256(folder / 'config.json')}  tagger/config.json\n")
    assert model_pins.mismatched(folder, tmp_path) == []
    (folder / "config.json").write_text('{"edited": 1}')
    assert model_pins.mismatched(folder, tmp_path) == ["tagger/config.json"]

    monkeypatch.setattr(nlp.extract.pipeline_choice, "mismatched", lambda folder: ["ner-minilm-conll03/model.int8.onnx"])
    with pytest.raises(ModelError, match="ner-minilm-conll03/model.int8.onnx are missing or differ from models/SHA256SUMS"):
        resolve_ner("hybrid")


def test_version_is_the_installed_distributions():
    from importlib.metadata import version

    assert nlp.__version__ == version("presslens") != "0+unknown"

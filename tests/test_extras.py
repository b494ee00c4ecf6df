"""A lean install (no dask or browse extra): the features that need one end in a one-line error naming the extra."""

from __future__ import annotations

from importlib.util import find_spec
from pathlib import Path

import pytest
from typer.testing import CliRunner

import nlp.extras
from cli import app
from nlp.lexicons import models_dir

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

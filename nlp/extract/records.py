"""One plain function per extraction, as textacy offers them: a parsed `Doc` in, a list of dicts out.

`entities(doc)`, `quotes(doc)` and `claims(doc)` read what the pipeline's components left on the
Doc (`doc._.entities`, `doc._.quotes`, `doc._.claims`) and return one dict per row, with the same
keys as the columns of the tables (less the `doc_id` and id columns the tables add). A Doc that
did not go through the component gives an empty list.

    from nlp.extract.pipeline import load_pipeline, resolve_model
    from nlp.extract import records
    doc = load_pipeline(resolve_model(None))("Police said 25 people were killed.")
    records.claims(doc)   # [{"start": 12, "end": 14, "value": 25.0, ...}]
"""

from __future__ import annotations

from dataclasses import asdict

from spacy.tokens import Doc


def entities(doc: Doc) -> list[dict]:
    """The document's entity mentions, each with its canonical name and corpus-wide key."""
    return [asdict(mention) for mention in doc._.entities or []]


def quotes(doc: Doc) -> list[dict]:
    """The document's attributions: content, kind, cue and speaker, resolved and typed."""
    return [asdict(quote) for quote in doc._.quotes or []]


def claims(doc: Doc) -> list[dict]:
    """The document's numeric claims: value, range, qualifier, change, unit, what is counted, time and claimant."""
    return [asdict(claim) for claim in doc._.claims or []]

"""Numeric claims: every number in an article as a value, range, qualifier, change and unit.

The `presslens_claims` component takes a parsed `Doc` (after `presslens_quotes`,
whose speakers become claim sources) and sets `doc._.claims` to a list of
`Claim`s.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc

Doc.set_extension("claims", default=None, force=True)


@dataclass
class Claim:
    """One numeric expression; offsets are characters of the document text."""

    start: int
    end: int
    text: str
    value: float
    low: float
    high: float
    qualifier: str
    change: str | None
    factor: float | None
    unit: str | None
    quantity: str | None
    time: str | None
    source: str | None
    sentence: int
    sentence_text: str


@Language.component("presslens_claims")
def extract_claims(doc: Doc) -> Doc:
    """Set `doc._.claims`."""
    doc._.claims = []
    return doc

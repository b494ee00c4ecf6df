"""Quote attribution: who said what.

The `presslens_quotes` component takes a parsed `Doc` whose entities are
clustered (`doc._.entities`) and sets `doc._.quotes` to a list of `Quote`s:
the content span, its kind (direct, indirect, mixed), the speaker as written
and resolved, the speaker's type and the reporting cue.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc

Doc.set_extension("quotes", default=None, force=True)


@dataclass
class Quote:
    """One attribution; offsets are characters of the document text (None when there is no span)."""

    start: int
    end: int
    text: str
    kind: str
    speaker: str | None
    speaker_start: int | None
    speaker_end: int | None
    speaker_canonical: str | None
    speaker_key: str | None
    speaker_type: str
    cue: str | None
    cue_start: int | None
    cue_end: int | None
    sentence: int
    sentence_text: str


@Language.component("presslens_quotes")
def attribute_quotes(doc: Doc) -> Doc:
    """Set `doc._.quotes`."""
    doc._.quotes = []
    return doc

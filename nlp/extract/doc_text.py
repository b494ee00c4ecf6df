"""A document's text, joined from its tokens once: `keep_text(doc)` joins it and keeps it in the Doc (the first
component, `presslens_typography`, calls it); `doc_text(doc)` returns the kept text, or joins it for a Doc that has
none (one made outside the pipeline, or joined from sections by `Doc.from_docs`).

spaCy's `Doc.text` joins every token's text on each access; the extractors (quotes, entities, claims) each read the
whole text, so each paid the join again. A Doc's text never changes once it is tokenized (retokenizing merges and
splits tokens, not characters), so the kept one stays right.
"""

from __future__ import annotations

from spacy.tokens import Doc

TEXT_KEY = "presslens_text"  # in doc.user_data, which travels with the Doc (to_bytes, copy) and holds its text


def keep_text(doc: Doc) -> str:
    """The Doc's text, joined now and kept for `doc_text`."""
    text = doc.user_data[TEXT_KEY] = doc.text
    return text


def doc_text(doc: Doc) -> str:
    """The Doc's text: the one `keep_text` kept, else joined from the tokens."""
    text = doc.user_data.get(TEXT_KEY)
    return doc.text if text is None else text

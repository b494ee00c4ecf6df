"""Line breaks inside a claim's sentence: takes spaCy tokens, returns whether a break parts them and the part of
a phrase on one line.

The parser joins a line with no full stop to the next one: a table row to the note under it ("up 3.3 pct\\nNOTE -
..."), a dateline to the story's first sentence ("ROME 2001-03-05\\nItalian exports rose 4%"), one row of a table
to the next ("45 Tests\\nJohn Brown"). What a number counts, and the noun phrase a claim measures, are written on
one line; these helpers keep the parts of claim_parts from reaching across a break.
"""

from __future__ import annotations

from spacy.tokens import Span


def crosses_line(doc_span: Span, first: int, last: int) -> bool:
    """Whether a line break stands between tokens `first` and `last` (either order) of `doc_span`'s document."""
    first, last = sorted((first, last))
    # The tokens' own text, not Doc.text: that joins the whole document's tokens on every access.
    return "\n" in doc_span.doc[first:last].text_with_ws


def on_line(tokens: Span, anchor: int) -> Span:
    """The part of `tokens` on the line of token `anchor` (a document index inside them): "2001-03-05\\nItalian
    exports" -> "Italian exports" for the noun "exports"."""
    doc = tokens.doc
    start, end = tokens.start, tokens.end
    for token in doc[start:anchor]:
        if "\n" in token.text_with_ws:
            start = token.i + 1
    for token in doc[anchor:end]:
        if "\n" in token.text_with_ws:
            end = token.i if token.is_space else token.i + 1
            break
    return doc[start:end]

"""Line breaks inside a claim's sentence: takes spaCy tokens, returns whether a break parts them.

The parser joins a line with no full stop to the next one: a table row to the note under it ("up 3.3 pct\\nNOTE -
..."), a dateline to the story's first sentence ("ROME 2001-03-05\\nItalian exports rose 4%"), one row of a table
to the next ("45 Tests\\nJohn Brown"). What a number counts is written on its line; `crosses_line` keeps claim_parts'
counted noun from reaching across a break, and a measured subject from a caption's line. (Cutting a measured noun
phrase to its noun's line, "2001-03-05\\nItalian exports", added a noise group to compare's check half: tag
rejected-h13r27-line-phrase.)
"""

from __future__ import annotations

from spacy.tokens import Doc

from nlp.extract.doc_text import doc_text


def crosses_line(doc: Doc, first: int, last: int) -> bool:
    """Whether a line break stands between tokens `first` and `last` (either order) of `doc`."""
    if "\n" not in doc_text(doc):
        return False  # most texts (a sentence, a story's paragraph) break no line: a substring test spares the tokens
    first, last = sorted((first, last))
    # A line break is a token of its own (a token's trailing whitespace is one space at most), so each token's text
    # is asked alone: a span's text would be joined first, and Doc.text joins the whole document's tokens.
    return any("\n" in doc[index].text for index in range(first, last))


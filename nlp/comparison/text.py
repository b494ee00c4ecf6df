"""Text normalisation shared by quote matching and claim linking.

`normal_text(text)` takes any text and returns it lower-cased (NFKC), with
punctuation and quotation marks turned into spaces and one space between words:
the form in which two quotes are the same statement and two time or quantity
phrases are the same phrase.
"""

from __future__ import annotations

import unicodedata


def normal_text(text: str) -> str:
    """Lower case, no punctuation or quotation marks, one space between words."""
    text = unicodedata.normalize("NFKC", text).lower()
    text = "".join(" " if unicodedata.category(char).startswith("P") else char for char in text)
    return " ".join(text.split())

"""Entity keys: the corpus-wide key of an entity's canonical name, without spaCy.

`entity_key(canonical, coarse_type)` returns "person:joe-biden" for ("Joe
Biden", "person"). The extractor (`nlp.extract.entities`) keys each mention with it,
and the tables (`nlp.io.tables`) key lone surnames with it in a run's driver,
which does not import spaCy.
"""

from __future__ import annotations

import re
import unicodedata

MIDDLE_INITIAL = re.compile(r"[A-Z]\.?")


def without_middle_initials(name: str) -> str:
    """"Donald J. Trump" -> "Donald Trump"; a name of initials only ("J. K. Rowling") keeps its first word."""
    words = name.split()
    return " ".join([words[0], *(word for word in words[1:-1] if not MIDDLE_INITIAL.fullmatch(word)), words[-1]]) if len(words) > 2 else name


def entity_key(canonical: str, coarse_type: str) -> str:
    """Corpus-wide key: coarse type and an ASCII slug of the canonical name ("person:joe-biden").

    A person's middle initials are left out, so "Donald J. Trump" and "Donald Trump" share a key.
    """
    if coarse_type == "person":
        canonical = without_middle_initials(canonical)
    folded = unicodedata.normalize("NFKD", canonical).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", folded.lower().replace(".", "").replace("'", "")).strip("-")
    return f"{coarse_type}:{slug or 'unnamed'}"

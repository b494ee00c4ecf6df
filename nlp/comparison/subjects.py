"""Claim subjects: whose figure a claim states, from the person or organisation named next to its number.

`claim_subjects(claims, entities)` takes a claims table and the entities table of
the same documents and returns, per claim, the entity_key of the person or
organisation named closest to its number within SUBJECT_CHARS characters of its
sentence ("his eight seasons with the Pittsburgh Steelers", "Tavon Kaiseen
Alleyne, 21"), the claim's source left out, or None. `different_subjects(a, b,
keys_a, keys_b)` says whether two claims name two subjects: both have one, of
one kind (two people, or two organisations), not one name, and neither claim's
sentence names the other's. Linking then treats one counted noun of two
subjects ("seasons" of the Steelers and of the Bengals) as no evidence of one
quantity.
"""

from __future__ import annotations

import pandas as pd

SUBJECT_LABELS = ("PERSON", "ORG")  # who a figure belongs to; places and events frame it ("in Brazil", "the World Series")
SUBJECT_CHARS = 20  # farther from the number, a name is rather its clause's setting than its owner


def claim_subjects(claims: pd.DataFrame, entities: pd.DataFrame) -> list[str | None]:
    """The entity_key of the person or organisation nearest each claim's number in its sentence, or None."""
    named = entities[entities["label"].isin(SUBJECT_LABELS)]
    by_sentence: dict[tuple, list[tuple[int, int, str, str]]] = {}
    for name in named[["doc_id", "sentence", "start", "end", "text", "entity_key"]].itertuples(index=False):
        by_sentence.setdefault((name.doc_id, name.sentence), []).append((name.start, name.end, name.text, str(name.entity_key)))
    subjects = []
    for claim in claims[["doc_id", "sentence", "start", "end", "source"]].itertuples(index=False):
        names = by_sentence.get((claim.doc_id, claim.sentence), [])
        if isinstance(claim.source, str):
            # Who states a figure is not whose it is ("Sony said 10 million units").
            names = [name for name in names if name[2] not in claim.source]
        subjects.append(_nearest(names, claim.start, claim.end))
    return subjects


def _nearest(names: list[tuple[int, int, str, str]], start: int, end: int) -> str | None:
    """The entity_key of the (start, end, text, entity_key) name closest to the span start..end, when within
    SUBJECT_CHARS; the first of equally close ones."""
    gaps = [start - name_end if name_end <= start else name_start - end for name_start, name_end, _, _ in names]
    if not gaps or min(gaps) > SUBJECT_CHARS:
        return None
    return names[gaps.index(min(gaps))][3]


def different_subjects(a: str | None, b: str | None, keys_a: frozenset[str], keys_b: frozenset[str]) -> bool:
    """Whether two claims with subjects `a` and `b` and sentence entity keys `keys_a`, `keys_b` are about two
    subjects: both named, not one, and neither sentence naming the other's subject."""
    if not (isinstance(a, str) and isinstance(b, str)) or _one_name(a, b):  # a table holds no subject as NaN
        return False
    if a.split(":", 1)[0] != b.split(":", 1)[0]:
        return False  # a person and an organisation may be one side: a player and his team, a chief and her company
    return not any(_one_name(a, key) for key in keys_b) and not any(_one_name(b, key) for key in keys_a)


def _one_name(a: str, b: str) -> bool:
    """Whether two entity keys may name one thing: equal, or sharing their last word ("org:chicago-cubs",
    "org:go-cubs"), as a team's or a person's short and long names do."""
    return a == b or a.rsplit("-", 1)[-1].split(":")[-1] == b.rsplit("-", 1)[-1].split(":")[-1]

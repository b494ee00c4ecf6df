"""Race distances in "K": "a 5K race", "the 10k run", "the women's 5K final", "the 50K walk".

`race_distances(claims, text)` takes the document's claims and its text and,
in place, reads a figure in "K" right after its digits that a word for a race
follows as kilometres, whatever the parse made of that word: runners
and walkers name a race by its length in kilometres with the thousands letter
("a 10K run" is ten kilometres, not ten thousand runs). "K" before any other
noun keeps its thousands ("a 50K fee", "the 7k barrier"), and so does money.
"""

from __future__ import annotations

import re

from nlp.extract.claim_units import normalize_unit
from nlp.schemas import Claim

KILOMETRE = "kilometre"
IN_K = re.compile(r"\d[kK]\Z")  # "5K", "10k": the letter right after the digits
# A word for a race after the figure, which a length in kilometres names: "a 5K race", "the 10k run" (the tagger may
# take "run" for a verb), "the 50K walk final", "a 5K road race", "a 5K heat".
RACE_AFTER = re.compile(r"\s+(?:road\s+|fun\s+)?(?:race|run|walk|final|heat|relay)s?\b", re.IGNORECASE)


def race_distances(claims: list[Claim], text: str) -> None:
    """Give kilometres, a thousandth of the value read, to each count or bare number in "K" that a word for a race
    follows ("$5K race fees" stay money)."""
    for claim in claims:
        counts = claim.unit is None or claim.counted is not None
        race = RACE_AFTER.match(text, claim.end) if counts and IN_K.search(claim.text) else None
        if race is None:
            continue
        claim.value, claim.low, claim.high = claim.value / 1000, claim.low / 1000, claim.high / 1000
        claim.quantity, claim.counted = race.group().strip(), None
        claim.unit, claim.unit_normalized = KILOMETRE, normalize_unit(KILOMETRE)

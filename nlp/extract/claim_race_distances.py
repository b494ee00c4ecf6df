"""Race distances in "K": "a 5K race", "the 10k run", "the women's 5K final", "the 50K walk".

`race_distances(claims)` takes the document's claims and, in place, reads a
figure in "K" right after its digits that counts a race as kilometres: runners
and walkers name a race by its length in kilometres with the thousands letter
("a 10K run" is ten kilometres, not ten thousand runs). "K" before any other
noun keeps its thousands ("a 50K fee", "the 7k barrier").
"""

from __future__ import annotations

import re

from nlp.extract.claim_units import normalize_unit
from nlp.schemas import Claim

KILOMETRE = "kilometre"
IN_K = re.compile(r"\d[kK]\Z")  # "5K", "10k": the letter right after the digits
# Nouns for a race that a length in kilometres names: "a 5K race", "the 10k run", "the 50K walk", "a 5K heat".
RACE_NOUNS = frozenset({"race", "run", "walk", "final", "heat", "relay"})


def race_distances(claims: list[Claim]) -> None:
    """Give kilometres, a thousandth of the value read, to each claim in "K" that counts a race."""
    for claim in claims:
        if claim.counted not in RACE_NOUNS or not IN_K.search(claim.text):
            continue
        claim.value, claim.low, claim.high = claim.value / 1000, claim.low / 1000, claim.high / 1000
        claim.quantity, claim.counted = claim.counted, None
        claim.unit, claim.unit_normalized = KILOMETRE, normalize_unit(KILOMETRE)

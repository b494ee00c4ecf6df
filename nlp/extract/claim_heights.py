"""Heights in feet and inches written with prime marks ("a 6'2\" forward", "the 5’2’’ singer", "6′1″") or hyphened
("6-foot-5", "a 5-foot-11-inch guard"): takes the document's text and returns two amounts for each, the feet
(`foot`) and the inches (`inch`), as "5ft 2in" reads. The amount pattern reads a mark only at a number's end, so it
takes the feet for a count of the noun after them and the inches alone, a double mark after digits being seconds
as often as inches; a hyphened height it does not read at all."""

import re

from nlp.extract.claim_amounts import Amount
from nlp.schemas import Claim

# Feet of a person's or a thing's height (3 to 8), a single mark, inches below 12 and a double mark: typewriter
# marks, the curly quotes a word processor makes of them ("’" and "”", or two "’"), or primes.
HEIGHT = re.compile(r"(?<![\w.,'’′])(?P<feet>[3-8])\s?(?P<foot_mark>['’′])\s?(?P<inches>1[01]|\d)(?P<inch_mark>\"|”|″|''|’’)(?![\w'’\"”])")
# The hyphened form American papers use: "6-foot-5", "5-foot-11-inch"; "a 6-foot wall" has no inches.
HYPHENED_HEIGHT = re.compile(r"(?<![\w.,-])(?P<feet>[3-8])-(?P<foot_mark>foot|ft)-(?P<inches>1[01]|\d)(?P<inch_mark>-inch(?:es)?)?(?![\w.,]\d|-?\d|\w)")
HEIGHT_MARKS = "'’′"  # a substring test spares most texts the pattern's scan


def heights(text: str) -> list[Amount]:
    """The feet and the inches of each height written with marks or hyphens, in text order."""
    matches = list(HEIGHT.finditer(text)) if any(map(text.__contains__, HEIGHT_MARKS)) else []
    if "-foot-" in text or "-ft-" in text:
        matches = sorted(matches + list(HYPHENED_HEIGHT.finditer(text)), key=lambda match: match.start())
    amounts: list[Amount] = []
    for match in matches:
        feet, inches = float(match["feet"]), float(match["inches"])
        amounts.append(Amount(match.start("feet"), match.end("foot_mark"), feet, feet, unit="foot"))
        amounts.append(Amount(match.start("inches"), match.end(), inches, inches, unit="inch"))
    return amounts


def share_height_quantity(claims: list[Claim], measured: list[Amount]) -> None:
    """Give the feet of each height what its inches measure ("the 5’2’’ singer": singer): the words after the feet
    open with the inches, so they name nothing."""
    by_end = {claim.end: claim for claim in claims}
    for feet, inches in zip(measured[::2], measured[1::2]):
        if feet.end in by_end and inches.end in by_end:
            by_end[feet.end].quantity = by_end[inches.end].quantity

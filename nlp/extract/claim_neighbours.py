"""Claims that share their neighbour's unit, change or quantity, because the text writes it once.

`share_with_neighbours(claims, text)` takes a sentence-ordered list of one
document's claims (scores' sides left out) and its text, and returns the same
list, each claim that leaves its noun or change out filled from the claim it
shares them with: a bracketed conversion ("296 hp (224 kW)"), a suspended
hyphen ("four-, five- and six-cylinder"), an elided noun ("tens of thousands of
the 2 million cases", "by 210 votes to 198"), a number a name owns ("Cruz's
538"), the two levels of one change ("to 3,400 units from the earlier 3,550"),
a numbered list's rows and a coordinated "by" ("by 5% in 2020 and by 3% in 2021").
"""

from __future__ import annotations

import re

from nlp.extract.claim_forms import SUSPENDED_HYPHEN
from nlp.extract.claim_scores import SCORE_QUANTITY
from nlp.extract.claim_shapes import LIST_PLACE
from nlp.schemas import Claim

# "of the 2 million", "of the past seven", "of their last three": the whole a part of it is counted out of
OF_THE_BETWEEN = re.compile(r"\s+of\s+(?:(?:the|their|his|her|its|our|my|your|these|those)\s+)?(?:[a-z]+\s+)?", re.IGNORECASE)
CONJUNCTION_BEFORE = re.compile(r"\b(?:and|or|but)\s+$", re.IGNORECASE)
CONJOINED_BY_BEFORE = re.compile(r"\b(?:and|or)\s+by\s+$", re.IGNORECASE)
RESTATED_BETWEEN = re.compile(r",\s+or\s+", re.IGNORECASE)  # "up 8 pence, or 1.3%": the same change as a share
# From a claim to a number a name owns, set against it: ", compared to Cruz's ", " and Ohio Governor John Kasich's ",
# " delegates to Sanders' ".
POSSESSED_AFTER = re.compile(r"[^;]{0,60}?\b(?:to|with|and|versus|vs\.?)\s+(?:\S+\s+){0,4}?\S+(?:['’]s|s['’])\s+", re.IGNORECASE)
# Before a number set against an earlier one: "47 films, compared with 45 in 2003", "20,645 votes, compared to 14,738".
COMPARED_BEFORE = re.compile(r"\b(?:compared\s+(?:with|to)|against|versus|vs\.?)\s+(?:(?:just|only|about|around|some|an?\s+estimated)\s+)?$", re.IGNORECASE)
COMPARED_LOOKBACK = 60  # characters before a number that "compared with" and a rounding word may take
PER_BEFORE = re.compile(r"\bper\s+$", re.IGNORECASE)  # "5.5 connections per 100 people": 100 is a rate's base
TO_BETWEEN = re.compile(r"\s+to\s+", re.IGNORECASE)
TALLY_BETWEEN = re.compile(r"\s+[a-z]+\s+to\s+", re.IGNORECASE)  # "by 210 votes to 198": the counted noun, then "to"
# The level a change reaches and the one it left, "to ... from ..." or "from ... to ..." with a few words between
# ("cut its forecast to 12 billion from an earlier 15 billion yen", "to 3,400 units from the revised 3,550"; a
# count's noun stands outside its claim's text).
LEVEL_TO_BEFORE = re.compile(r"\b(?P<first>to|from)\s+$", re.IGNORECASE)
LEVELS_BETWEEN = re.compile(r"(?:\s+[a-z][\w-]*){0,2}\s*,?\s+(?P<second>to|from)\s+(?:[a-z][\w-]*\s+){0,4}", re.IGNORECASE)
ELIDED_UNIT_LOOKBACK = 10  # earlier claims in the sentence a unit-less claim may borrow its unit from


def share_with_neighbours(claims: list[Claim], text: str) -> list[Claim]:
    """`claims` with units, changes and quantities a neighbour writes for them filled in; a conversion first, since
    what it takes from the figure it converts it may pass on."""
    claims = _inherit_into_conversions(claims, text)
    claims = _inherit_coordinated_changes(_inherit_elided_units(_inherit_suspended_units(claims, text), text), text)
    claims = _inherit_list_units(_inherit_level_units(_inherit_possessed_units(claims, text), text), text)
    return _inherit_compared_units(claims, text)


def _inherit_into_conversions(claims: list[Claim], text: str) -> list[Claim]:
    """A conversion in brackets right after a claim ("just under 296 hp (224 kW)", "fell 1 to 1.5 C (1.8 to 2.7 F)")
    says the same thing, so it takes that claim's change and quantity ("a $16bn (£8.5bn) takeover"), and its
    qualifier unless it rounds with one of its own ("fell 2,000 km (about 1,200 miles)" is down too)."""
    for previous, claim in zip(claims, claims[1:]):
        if text[previous.end : claim.start].strip() != "(":
            continue
        if claim.qualifier == "=" and claim.change is None:
            claim.qualifier = previous.qualifier
        claim.change = claim.change or previous.change
        claim.quantity = previous.quantity or claim.quantity
    return claims


def _inherit_elided_units(claims: list[Claim], text: str) -> list[Claim]:
    """A number without a unit counts what its neighbour counts when the noun is left out: the whole it is part of
    ("tens of thousands of the 2 million cases", "280 million of the 1.5 billion shekels"), the count before it in a
    tally ("passed by 210 votes to 198", "won 52 to 38 percent"), the claim before it
    in the sentence when a conjunction joins them ("360,000 closed cases by April and 1 million by summer"), and
    for the size of a change, the change before it in the sentence ("the DAX rose 2 percent and the CAC fell 1")."""
    for claim, whole in zip(claims, claims[1:]):
        if claim.unit is None and whole.unit and OF_THE_BETWEEN.fullmatch(text, claim.end, whole.start):
            _take_unit(claim, whole)
        elif whole.unit is None and claim.counted and TALLY_BETWEEN.fullmatch(text, claim.end, whole.start):
            _take_unit(whole, claim)
        elif claim.unit is None and whole.unit and claim.low > whole.high and TO_BETWEEN.fullmatch(text, claim.end, whole.start):
            _take_unit(claim, whole)  # "won 52 to 38 percent": a tally names its unit once, after its second side
    for index, claim in enumerate(claims):
        conjoined = claim.unit is None and CONJUNCTION_BEFORE.search(text, max(0, claim.start - 5), claim.start)
        if not conjoined and not (claim.unit is None and claim.change):
            continue
        for other in reversed(claims[max(0, index - ELIDED_UNIT_LOOKBACK) : index]):
            if other.sentence != claim.sentence:
                break
            if other.unit and (conjoined or other.change):
                _take_unit(claim, other)
                break
    return claims


def _inherit_possessed_units(claims: list[Claim], text: str) -> list[Claim]:
    """ "has won 758 delegates, compared to Cruz's 538 and Kasich's 145", "568 billionaires to America's 535": a number
    a name owns after "to", "with" or "and" counts what the count before it in the sentence counts."""
    for claim, other in zip(claims[1:], claims):
        # A count's noun, not money: "raised $5m and the firm's 20 said no".
        if claim.unit is None and other.counted and claim.sentence == other.sentence and POSSESSED_AFTER.fullmatch(text, other.end, claim.start):
            _take_unit(claim, other)
    return claims


def _inherit_compared_units(claims: list[Claim], text: str) -> list[Claim]:
    """ "47 British films were made, compared with 45 in 2003", "10 instruction sequences, compared with two": a
    number set against an earlier one in its sentence by "compared with", "against" or "versus" counts or measures
    what that one does, written once; a rate's base ("per 100 people") is no such number."""
    for index, claim in enumerate(claims):
        if claim.unit is not None or not COMPARED_BEFORE.search(text, max(0, claim.start - COMPARED_LOOKBACK), claim.start):
            continue
        earlier = [other for other in claims[:index] if other.sentence == claim.sentence and other.quantity != SCORE_QUANTITY]
        earlier = [other for other in earlier if other.unit and not PER_BEFORE.search(text, max(0, other.start - 5), other.start)]
        if earlier:
            _take_unit(claim, earlier[-1])
    return claims


def _inherit_level_units(claims: list[Claim], text: str) -> list[Claim]:
    """The two levels of one change, the one reached and the one left ("revised output to 3,400 units from the
    earlier 3,550", "from 15 billion yen to an expected 12 billion"), are of one unit, written once."""
    for claim, other in zip(claims, claims[1:]):
        if (claim.unit is None) == (other.unit is None) or claim.sentence != other.sentence:
            continue
        before, between = LEVEL_TO_BEFORE.search(text, max(0, claim.start - 6), claim.start), LEVELS_BETWEEN.fullmatch(text, claim.end, other.start)
        if before and between and before["first"].lower() != between["second"].lower():
            _take_unit(*((claim, other) if claim.unit is None else (other, claim)))
    return claims


def _inherit_list_units(claims: list[Claim], text: str) -> list[Claim]:
    """ "1. Ann Lee (Canada) 6.72 metres\n2. Jo Fox (Chile) 6.65": a numbered list of results names the unit in its
    first row; a row's first claim without one takes the unit of the last claim of the row above."""
    for previous, claim in zip(claims, claims[1:]):
        if claim.unit is not None or previous.unit is None or previous.quantity == SCORE_QUANTITY:
            continue
        line = text.rfind("\n", 0, claim.start) + 1
        above = text.rfind("\n", 0, line - 1) + 1
        if line and above <= previous.start < line and LIST_PLACE.match(text, line) and LIST_PLACE.match(text, above):
            _take_unit(claim, previous)
    return claims


def _inherit_coordinated_changes(claims: list[Claim], text: str) -> list[Claim]:
    """ "rose by 5% in 2020 and by 3% in 2021", "by either 49 percent or by 27 percent": a "by" joined to the one
    before it measures the same change; so does a percentage that restates a change after ", or" ("fell 24 points,
    or 0.2 percent", "were up 8 pence, or 1.3%", as agencies and business pages write a move)."""
    for previous, claim in zip(claims, claims[1:]):
        conjoined = CONJOINED_BY_BEFORE.search(text, max(0, claim.start - 10), claim.start)
        restated = claim.unit == "percent" and RESTATED_BETWEEN.fullmatch(text, previous.end, claim.start)
        if (conjoined or restated) and claim.change is None and previous.change and previous.sentence == claim.sentence:
            claim.change = previous.change
    return claims


def _inherit_suspended_units(claims: list[Claim], text: str) -> list[Claim]:
    """ "four-, five- and six-cylinder": a number left hanging on its hyphen counts what the next number counts."""
    for claim, following in reversed(list(zip(claims, claims[1:]))):
        if claim.unit is None and following.unit and SUSPENDED_HYPHEN.fullmatch(text, claim.end, following.start):
            _take_unit(claim, following)
    return claims


def _take_unit(claim: Claim, other: Claim) -> None:
    """Give a claim whose noun is left out the unit and quantity of the claim it shares them with."""
    claim.unit, claim.unit_normalized, claim.counted, claim.quantity = other.unit, other.unit_normalized, other.counted, other.quantity

"""Bare degrees read as temperatures where the text allows one scale only: "95 degrees in Phoenix" is Fahrenheit.

`resolve_degrees(claims, context)` takes the document's claims and its
`ClaimContext` and, in place, gives a temperature scale to each claim whose
unit is a bare `degree` (the writer named no scale) when its sentence speaks
of a temperature and one scale is certain. The words of
`models/lexicons/degree_cues.tsv` say temperature, oven or angle (an angle
stays a degree); a sentence with none of them reads as a temperature when it
names a place or a date, as weather reports do ("It was 95 degrees in Phoenix
on Monday"). The scale is the one the document names elsewhere ("30C (86F)"
... "35 degrees"), else the one the value leaves: a weather or body reading
above 57 (the hottest air measured in Celsius) and up to 134 (the same in
Fahrenheit) is Fahrenheit, and so is an oven above 260 (no Celsius oven gets
there); a body's reading ("fever", "patient") from 34 to 43 is Celsius, from 93
to 110 Fahrenheit, and so is a temperature a person owns or has by the
parse ("her temperature", "the baby had a temperature of 38.5 degrees"). Any
other reading keeps `degree`: "30 degrees" may be either scale.

A figure in "C" that the unit-sense model read as coulombs is a Celsius
reading when its sentence speaks of a temperature by the same cues (a
temperature word, or a place, not a date: "It was 25C in Madrid on Tuesday")
and the value is one the air, a body or an oven takes in Celsius; charge has
no weather ("The capacitor stores 25C of charge" keeps coulombs).
"""

from __future__ import annotations

import re

from spacy.tokens import Token

from nlp.extract.claim_filters import ClaimContext
from nlp.extract.claim_units import normalize_unit
from nlp.lexicons import pair_table, word_list
from nlp.schemas import Claim

DEGREE = "degree"
CELSIUS, FAHRENHEIT = "degree Celsius", "degree Fahrenheit"
# Readings only one scale can give: weather hotter than any measured in Celsius (56.7) but not than any measured in
# Fahrenheit (134, so "a 180-degree turn" and "360 degrees" stay angles), ovens hotter than Celsius ovens go, and a
# living body's temperature, 34 to 43 in Celsius and 93 to 110 in Fahrenheit.
SCALE_RANGES = {
    "temperature": ((57.0, 134.0, FAHRENHEIT),),
    "oven": ((260.0, 600.0, FAHRENHEIT),),
    "body": ((34.0, 43.0, CELSIUS), (93.0, 110.0, FAHRENHEIT)),
}
COULOMB = "coulomb"
CELSIUS_SYMBOL = re.compile(r"\d\s?C\Z")  # "25C", "25 C": the symbol, not a word ("25 Coulombs")
# The Celsius readings each kind of temperature takes: air from the coldest measured (-89.2) to the hottest (56.7), a
# living or dying body, an oven.
CELSIUS_RANGES = {"temperature": (-90.0, 57.0), "body": (25.0, 45.0), "oven": (30.0, 300.0)}
HAVING_VERBS = frozenset({"have", "run"})  # "had a temperature of 39", "ran a temperature"
PLACE_ENTITIES = frozenset({"GPE", "LOC", "FAC"})
SETTING_ENTITIES = PLACE_ENTITIES | {"DATE", "TIME"}


def resolve_degrees(claims: list[Claim], context: ClaimContext) -> None:
    """Set a temperature scale on the claims in bare degrees whose sentence speaks of a temperature in one scale, and
    Celsius on those in "C" read as coulombs whose sentence speaks of a temperature in a range Celsius takes."""
    if not any(claim.unit == DEGREE or _celsius_symbol(claim) for claim in claims):
        return
    named = {claim.unit for claim in claims if claim.unit in (CELSIUS, FAHRENHEIT)}
    cues: dict[tuple[int, bool], str | None] = {}  # per sentence: a table of readings is one long sentence
    for claim in claims:
        symbol = _celsius_symbol(claim)
        if claim.unit != DEGREE and not symbol:
            continue
        if (claim.sentence, symbol) not in cues:
            # A date is no setting for "C": "a charge of 2C ... for 4 hours" names a time too.
            cues[claim.sentence, symbol] = _sentence_cue(context, claim.sentence, PLACE_ENTITIES if symbol else SETTING_ENTITIES)
        cue = cues[claim.sentence, symbol]
        if cue is None or cue == "angle":
            continue
        if symbol:
            low, high = CELSIUS_RANGES[cue]
            scale = CELSIUS if low <= claim.low and claim.high <= high else None
        else:
            scale = next(iter(named)) if len(named) == 1 else next((scale for low, high, scale in SCALE_RANGES[cue] if low < claim.high <= high), None)
        if scale is not None:
            claim.unit, claim.unit_normalized = scale, normalize_unit(scale)


def _celsius_symbol(claim: Claim) -> bool:
    """Whether a claim is a figure in "C" that the unit-sense model read as coulombs."""
    return claim.unit == COULOMB and CELSIUS_SYMBOL.search(claim.text) is not None


def _sentence_cue(context: ClaimContext, index: int, settings: frozenset[str]) -> str | None:
    """ "angle", "oven", "body" or "temperature" from the sentence's words, in that order ("a 90-degree turn in the heat" is
    an angle), "temperature" for a sentence that names an entity of `settings` (a place, a date), else None."""
    cues = pair_table("lexicons/degree_cues.tsv")
    sentence = context.sentences[index]
    kinds = {cues.get(token.lemma_.lower()) or cues.get(token.lower_) for token in sentence}
    if "temperature" in kinds and any(_a_persons_temperature(token) for token in sentence if cues.get(token.lemma_.lower()) == "temperature"):
        kinds.add("body")
    for kind in ("angle", "oven", "body", "temperature"):
        if kind in kinds:
            return kind
    return "temperature" if any(ent.label_ in settings for ent in sentence.ents) else None


def _a_persons_temperature(token: Token) -> bool:
    """Whether a temperature word is a person's, by the parse: owned by one ("her temperature", "the boy's
    temperature") or had or run by one ("the baby had a temperature of", "he ran a temperature"), where a person is a
    personal pronoun, a PERSON entity or a noun of `person_nouns.txt`; a place that has a temperature is weather."""
    owners = [child for child in token.children if child.dep_ == "poss"]
    if token.dep_ == "dobj" and token.head.lemma_ in HAVING_VERBS:
        owners += [child for child in token.head.children if child.dep_ == "nsubj"]
    return any(_is_person(owner) for owner in owners)


def _is_person(token: Token) -> bool:
    if token.pos_ == "PRON":
        return token.morph.get("PronType") == ["Prs"] and token.lower_ not in ("it", "its")
    return token.ent_type_ == "PERSON" or token.lemma_.lower() in word_list("lexicons/person_nouns.txt")

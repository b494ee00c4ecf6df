"""Currencies named by their last word alone after a number ("50 million marks", "down 1.70 guilders"), as older
agency text writes them: money in the currency of the country the document names.

`resolve_bare_currencies(claims, context)` takes one document's claims (text order) and its `ClaimContext`, and turns
in place each count of such a word ("mark", "guilder", "franc") into money: unit the ISO 4217 code, the word joined
to the claim's text, no counted noun. It does so only where one currency with that word is the document's, by its
name's first word or a country CLDR says uses it ("German", "Germany" for DEM; "Swiss" for CHF, not "French" too),
and where the sentence speaks of money: a scale word ("72 million marks"), a change ("down 1.70 guilders") or
another amount of money in it ("1.4788 marks and 107 yen"); once one is, every count of the word in the document is.
"Question marks", "took 12 marks" and a document that names two countries of the word stay counts.

`resolve_bare_francs(claims, context)` does the same for money the lexicon already reads: a bare "francs" is the
Swiss franc there, but before the euro French, Belgian and African papers wrote their own franc so ("drained 3.9
billion francs" in a Bank of France story is FRF), and the document names which.
"""

from __future__ import annotations

import re
from functools import cache
from typing import TYPE_CHECKING

from nlp.extract.claim_direction import change_before, governing_change
from nlp.extract.claim_units import CURRENCY_CODE, normalize_unit
from nlp.schemas import Claim

if TYPE_CHECKING:
    from nlp.extract.claim_filters import ClaimContext

SCALE_AFTER_NUMBER = re.compile(r"(?:million|billion|bn|m)\b", re.IGNORECASE)
WORD_AFTER = re.compile(r"\s+(?P<word>[a-z]+)")
BARE_FRANCS = re.compile(r"(?:\d|million|billion|thousand|bn|m)\s+francs?\Z", re.IGNORECASE)  # not "Swiss francs"


@cache
def bare_currency_words() -> dict[str, tuple[tuple[str, tuple[str, ...]], ...]]:
    """The last word of each currency's English name of two words (CLDR, current and withdrawn; no X codes): "mark"
    -> (code, the names that make it a document's: the name's first word and its countries' English names). Longer
    names are funds and units of account ("Colombian Real Value Unit": "unit") or name a word the two-word names have."""
    from babel import Locale
    from babel.core import get_global

    english, places = Locale("en"), {}
    for territory, rows in get_global("territory_currencies").items():
        for code, *_ in rows:
            places.setdefault(code, set()).add(english.territories.get(territory))
    words: dict[str, list] = {}
    for code, name in english.currencies.items():
        words_of_name = name.split()
        if len(words_of_name) == 2 and CURRENCY_CODE.fullmatch(code) and not code.startswith("X"):
            kind, last = words_of_name
            names = (kind, *sorted(place for place in places.get(code, ()) if place))
            words.setdefault(last.lower(), []).append((code, names))
    return {word: tuple(found) for word, found in words.items()}


def _documents_currency(word: str, text: str) -> str | None:
    """The one currency ending in `word` whose name or country the text names, else None (none, or several)."""
    named = [code for code, names in bare_currency_words().get(word, ()) if any(re.search(rf"\b{re.escape(name)}\b", text) for name in names)]
    return named[0] if len(named) == 1 else None


def _speaks_of_money(claim: Claim, claims: list[Claim]) -> bool:
    """A scale word or a change in the claim, or another amount of money in its sentence."""
    if claim.change or SCALE_AFTER_NUMBER.search(claim.text):
        return True
    return any(other is not claim and other.sentence == claim.sentence and CURRENCY_CODE.fullmatch(other.unit or "") for other in claims)


def resolve_bare_currencies(claims: list[Claim], context: ClaimContext) -> None:
    """Make a count of a currency's last word money where the document and sentence say which and that it is, then
    every other count of that word in a document where one is ("closed 2.40 guilders down" after "earned 34.9
    million guilders"); as money, it may be the size of a change, which a count is not ("down 1.70 guilders")."""
    money: set[str] = set()
    codes: dict[str, str | None] = {}  # per word: the document's currency, searched for once
    for strict in (True, False):
        for claim in claims:
            after = WORD_AFTER.match(context.text, claim.end) if claim.counted else None
            word = after["word"].removesuffix("s") if after else ""  # the lemmatizer makes "guilders" "guilde"
            if word not in bare_currency_words() or (not strict and word not in money):
                continue
            span = context.span(claim.start, after.end())
            change = claim.change or (span is not None and (change_before(span, context) or governing_change(span, context))) or None
            if word not in codes:
                codes[word] = _documents_currency(word, context.text)
            code = codes[word]
            if code is not None and (not strict or change or _speaks_of_money(claim, claims)):
                money.add(word)
                _make_money(claim, code, change, after, context.text)


def _make_money(claim: Claim, code: str, change: str | None, word: re.Match, text: str) -> None:
    """Set a count's claim to money in `code`, its currency word joined to its text."""
    claim.end = word.end()
    claim.text = text[claim.start : claim.end]
    claim.unit, claim.unit_normalized, claim.counted, claim.change = code, normalize_unit(code), None, change
    if claim.quantity and claim.quantity.lower().startswith(word["word"]):
        claim.quantity = None  # "marks earned" said what was counted; the money's measure is not known here


def resolve_bare_francs(claims: list[Claim], context: ClaimContext) -> None:
    """Set the franc the document names (its country or the name's first word: "France", "Belgian") on each amount in
    bare "francs" the lexicon made Swiss; a document that names Switzerland too, or no country of a franc, keeps CHF.
    Only the franc: a bare "pounds" in a story that names Ireland is still sterling, as round 34 found."""
    code = None
    for claim in claims:
        if claim.unit == "CHF" and BARE_FRANCS.search(claim.text):
            code = code or _documents_currency("franc", context.text) or "CHF"
            claim.unit, claim.unit_normalized = code, normalize_unit(code)

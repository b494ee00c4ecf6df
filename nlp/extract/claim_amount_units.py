"""The unit an amount's symbol names, where the claim regex alone cannot say (used by `claim_amounts.read_amount`).

`sensed_unit(match, surface, force)` takes a regex match of an amount and the
symbol after its number and returns the learned unit-sense model's unit for
it ("15p" pence or points), or None; `ratio_unit(match, letters)` the unit of
a symbol over a slash ("100 b/s" bits, not barns); `converted_money(match,
lex)` the currency of a bare "m" restated in brackets in money ("a total of
204.3m (£109m)"), "" when none is written, None when no money follows.
`normal_variant` is the lexicons' key of a written variant; `lower_case_symbols()` holds the lower-case forms
news types for the unit lexicon's symbols of data and frequency ("512mb", "1.4ghz"), which `lexicon_unit(match,
written, lex)` reads with the lexicon's own; `sense_alternation(surfaces)` the claim regex's part
for the symbols the model knows after a number; `normalize_known_units(lex, named)`, called when the claims
component is made, has every unit the lexicons and the model name normalised as soon as pint is loaded.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache
from typing import TYPE_CHECKING

from nlp.extract.claim_units import currency_code, expect_units, glued_unit, normalize_unit, symbol_reading
from nlp.extract.claim_regex import alternation
from nlp.lexicons import field_rows
from nlp.extract.unit_senses import TYPED_PRIMES, UNIT_GAP, closes_quotation, surface_key, unit_senses, window_text

if TYPE_CHECKING:
    from nlp.extract.claim_amounts import ClaimLexicons

# What may open a bracketed conversion before its figure: "(£109m)", "(about $1,680)".
CONVERSION_OPENER = re.compile(r"\s*\(\s*(?:[A-Za-z]+\s+)?")
SENTENCE_BREAK = re.compile(r"[.!?][\"')]*\s+(?=[\"'(]?[A-Z])|\n")
# Where a lone letter after a number and a space ends a clause ("9.58 s.", "38 c,"), so that it is no word's start.
CLAUSE_END = r"(?=[.,;:!?)]+(?:\s|$)|$)(?!\.[A-Za-z])"
ENGLISH_LETTER_WORDS = ("a",)  # a lone letter that is also a word ("$5 a share")
# Words the article "a" never stands before: a lone "a" between a number and one of them is a symbol ("20 a of land").
NO_ARTICLE_BEFORE = r"(?:of|and|or|but|for|to|from|by|with|at|on|in)(?![\w-])"
SUM_AS_MONEY = re.compile(r"\s?(?:\d{1,3}(?:,\d{3})+(?:\.\d\d)?|\d+\.\d\d|\d+(?:\.\d+)?\s?(?:bn|m|billion|million|trillion)\b)(?![\d-])")
# Units whose symbols tech writing types in lower case as often as in their case: sizes and rates of data, frequencies.
LOWER_CASE_TYPED = re.compile(r".*(?:byte|bit|bit per second|hertz)")


def normal_variant(variant: str) -> str:
    """A variant as the lexicons key it: lower-cased, its blanks one space ("HK  $" -> "hk $")."""
    return " ".join(variant.split()).lower()


@cache
def lower_case_symbols() -> dict[str, str]:
    """For each symbol of the unit lexicon for a size or rate of data or a frequency written with capitals ("GB",
    "GHz", "Mbps"), the same letters in lower case, which news types too ("a 40gb player", "a 1.4ghz chip",
    "1-2mbps"), and their unit; none where the lexicon has those letters already. Where several symbols lower-case
    alike ("MB" megabyte, "Mb" megabit), the one in capitals wins: lower case is how capitals are typed fast, and news
    writes a rate of bits with its "ps"."""
    rows = field_rows("lexicons/units.tsv")
    written = {variant for variant, _ in rows}
    typed: dict[str, str] = {}
    for variant, unit in sorted(rows, key=lambda row: not row[0].isupper()):
        if variant != variant.lower() and LOWER_CASE_TYPED.fullmatch(unit) and variant.lower() not in written:
            typed.setdefault(variant.lower(), unit)
    return typed


def letter_without_sum(match: re.Match) -> bool:
    """Whether the currency written before the number is a lone letter ("R", the rand, as South African news writes
    it) with no sum written as money after it: thousands separators, cents or a scale ("R7,500", "R18.50", "R2bn").
    "R0", "R101" and "R2-D2" are a rate, a road and a robot; in "TR1.50" the letter ends a model's name."""
    written, start = match["currency"], match.start("currency")
    if written is None or len(written) != 1 or not written.isalpha():
        return False
    return (start > 0 and match.string[start - 1].isalnum()) or not SUM_AS_MONEY.match(match.string, match.end("currency"))


def lexicon_unit(match: re.Match, written: str, lex: ClaimLexicons) -> str | None:
    """The unit lexicon's unit for the symbol or word after the number, as written or by its key `written`. A symbol
    of `lower_case_symbols` counts in lower case or in capitals, not in a mixed case the lexicon lacks ("12.5 MBps"
    is no megabit rate); in lower case over a slash it is a rate, read as any symbol over a slash is ("56 kb/s":
    kilobits, as news writes rates of bits; "16 kb" alone is a size, kilobytes)."""
    letters = match["unit"].strip(" -")
    unit = lex.units.get(letters) or lex.units.get(written)
    if letters.lower() not in lower_case_symbols() or (letters in lex.units and not letters.islower()):
        return unit  # the lexicon's own symbol: keys with a capital are those written so
    if not letters.islower():
        return unit if letters.isupper() else None
    return ratio_unit(match, letters) if match.string.startswith("/", match.end("unit")) else unit


def sensed_unit(match: re.Match, surface: str | None, force: bool) -> str | None:
    """The learned model's unit for the symbol after the number: always for a symbol only the model knows, and for a
    lexicon unit only when the model has seen it name several units ("pounds")."""
    if not surface:
        return None
    model = unit_senses()
    surface = surface.strip()
    if not force and len(model.priors.get(surface_key(surface), {})) < 2 or surface in TYPED_PRIMES and closes_quotation(match.string, match.start("sense")):
        return None
    return model.predict(surface, window_text(match.string, match.start(), match.end(), model.window))


def sense_alternation(surfaces: list[str]) -> str:
    """The learned model's unit symbols after a number. A lone small letter ("15p", "38 c.", "75 c per loaf") when
    attached to the digits, or after a space when a word or punctuation ends it; the article "a" only attached,
    before punctuation or before a word no article precedes ("for 3 a and"), so that "$5 a share" stays what it is. "5 p.m." is an hour, not pence. A typewriter mark
    for a prime only attached ("20'"): after a space it opens a quotation."""
    letters = [surface for surface in surfaces if len(surface) == 1 and surface.islower()]
    typed = [surface for surface in surfaces if surface in TYPED_PRIMES]
    others = [surface for surface in surfaces if surface not in letters and surface not in typed]
    parts = [rf"(?<=\d)[{re.escape(''.join(typed))}]"] if typed else []
    if letters:
        letter = "(?-i:[" + "".join(sorted(letters)) + "])"
        spaced = "(?-i:[" + "".join(sorted(set(letters) - set(ENGLISH_LETTER_WORDS))) + "])"
        ends = CLAUSE_END
        parts += [rf"(?<=\d){letter}(?![A-Za-z])", rf"\s{letter}{ends}", rf"\s{spaced}(?=\s)", rf"\s{letter}(?=\s+{NO_ARTICLE_BEFORE})"]
    if others:
        parts.append(rf"{UNIT_GAP}(?:{alternation(others)})")
    return "|".join(parts) or "(?!)"


def ratio_unit(match: re.Match, letters: str) -> str | None:
    """The unit of a symbol over a slash ("1.3 A/cm2", "100 b/s", "56 kb/s"): pint's, unless the learned model knows
    several units for the symbol without its prefix, when the words around say which ("b" a bit or a barn)."""
    reading = symbol_reading(letters)
    sensed = sensed_unit(match, reading[1], force=False) if reading else None
    if sensed is None or currency_code(sensed):
        return glued_unit(letters)
    return normalize_unit(reading[0] + normalize_unit(sensed))


def converted_money(match: re.Match, lex: ClaimLexicons) -> str | None:
    """For a figure restated right after it in brackets in money ("204.3m (£109m)"), the currency it is written in:
    that of the last figure in money before it in its sentence and outside brackets ("took $28.5m (£15.2m), making a
    total of 204.3m (£109m)"), or "" when none says; None when no figure in money follows in brackets."""
    text = match.string
    opener = CONVERSION_OPENER.match(text, match.end())
    converted = lex.amount.match(text, opener.end()) if opener else None
    if converted is None or not converted["currency"]:
        return None
    sentence_start = max((found.end() for found in SENTENCE_BREAK.finditer(text, 0, match.start())), default=0)
    before = [found for found in lex.amount.finditer(text, sentence_start, match.start()) if found["currency"]]
    stated = [found for found in before if not text[: found.start()].rstrip().endswith("(")]
    return lex.currencies[normal_variant(stated[-1]["currency"])] if stated else ""


def normalize_known_units(lex: ClaimLexicons, named: Iterable[str]) -> None:
    """Have every unit the lexicons, the unit-sense model and the rules (`named`) name normalised once, so that
    `currency_code` and `normalize_unit` hold them cached: the first is asked now, the second once pint is loaded
    (`expect_units`), whose parser is slow on a name the first time."""
    senses = {unit for units in unit_senses().priors.values() for unit in units}
    measures = {sense for sense in senses if currency_code(sense) is None}  # as read_amount asks: money or a unit
    expect_units({*measures, *lex.units.values(), *lex.currencies.values(), *named})

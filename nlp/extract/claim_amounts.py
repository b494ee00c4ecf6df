"""Step 1 of claim extraction: every amount in a text, read into an `Amount`.

`claim_lexicons()` loads the lexicons in `models/lexicons/` and builds one regex that finds "$3.2 billion",
"two-thirds", "tens of thousands", "45-year-old", "3-4", "fourfold" and "half a dram"; `read_amount(match, lexicons)`
turns one match into an `Amount` (value or range ends, scale, currency and unit), or None when the match is no amount
after all ("a five-year plan"). Scores ("won 4-1") are read by `claim_scores.read_amounts`, which calls `read_amount`
for the rest.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from spacy.lang.en.stop_words import STOP_WORDS

from nlp.extract.claim_regex import alternation, first_character_test, ignores_case
from nlp.extract.claim_amount_units import CLAUSE_END, converted_money, letter_without_sum, lexicon_unit, lower_case_symbols, normal_variant, ratio_unit, sense_alternation, sensed_unit
from nlp.extract.claim_units import SI_PREFIXES, currency_code, glued_unit, iso_currency_words, normalize_unit, powered_unit, prefixed_symbol, prefixed_unit, spaced_symbol, stone
from nlp.lexicons import field_rows, pair_table, word_list
from nlp.extract.unit_senses import UNIT_GAP, unit_senses

DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+"
# A number must not continue into another number, date or time ("1,00,0", "4/25", "3:45").
DIGITS_END = r"(?![.,:/]?\d)"
# "1/2", "3/4": a fraction only with a denominator a recipe or a measure uses (so "4/25" stays a date), numerator smaller.
FRACTION_DENOMINATORS = frozenset({2, 3, 4, 8, 16})
FRACTION_FOLLOWER = re.compile(r"[ \t]+[A-Za-z]")  # a word on the same line after a fraction written with a slash
VULGAR_FRACTIONS = {"½": 0.5, "⅓": 1 / 3, "⅔": 2 / 3, "¼": 0.25, "¾": 0.75, "⅛": 0.125, "⅜": 0.375, "⅝": 0.625, "⅞": 0.875}
MULTIPLICATIVE_UNIT = "times"
# A plural of a scale is an amount without "of" too ("Hundreds dead"); "tens", "scores" only with it ("test scores").
BARE_VAGUE_END = r"(?<!tens)(?<!scores)"
# "two quarters", "the next one or two quarters", "six quarters of growth" count periods of a year in news; a count
# and "quarters" make a fraction only hyphened or before "of" ("three quarters of voters").
QUARTERS_AS_PERIODS = r"(?!quarters\b(?!\s+of\b))"
# A fraction alone after "by" (or "by nearly") is the size of a change ("fell by a quarter") where no noun follows it: the
# clause or its phrase ends, or a preposition, conjunction or time word comes next ("by a third party" is none).
BY_FRACTION_END = r"(?=\s*(?:[.,;:!?)]|$)|\s+(?:in|on|at|to|for|from|since|over|during|after|before|and|or|but|than|last|this|compared)\b)"
BY_QUALIFIED = "".join(rf"|(?<=\bby\s{word}\s)" for word in ("nearly", "almost", "about", "around", "roughly", "over", "more than", "less than"))
# A capitalised word before another opens a name, which a number in words does not run into ("three Six Nations games").
NAME_START = r"(?-i:[A-Z][a-z]+\s+[A-Z])"
AFTER_BOUND_OPENERS = r"the|an?|its|their|his|her|this|that|these|those|last|next"  # words that open a noun phrase
# "two and a half years", "an 11-and-a-half hour journey": half a unit more, before a unit ("one and a half" is none).
AND_A_HALF = r"(?:\s+and\s+a\s+half|-and-a-half)(?=[\s-]+[A-Za-z])"
DIMENSION_WORDS = ("deep", "long", "high", "wide", "tall", "thick")
DIMENSION_AFTER = re.compile(rf"-(?:{'|'.join(DIMENSION_WORDS)})\b", re.IGNORECASE)
# What opens a unit after the number ("5 km", "5-km", "5 - km"). No lone blank: the one-blank gap reaches that place
# first, and the unit alternation (hundreds of variants) would be tried there twice.
UNIT_OPENING = rf"(?:{UNIT_GAP.removesuffix('?')}-?\s?|(?:-\s?)?)"
TIME_UNITS = frozenset({"second", "minute", "hour", "day", "week", "month", "year", "decade", "century"})


@dataclass
class Amount:
    """One number as written, before ranges, qualifiers and context are attached."""

    start: int
    end: int
    low: float
    high: float
    currency: str | None = None
    unit: str | None = None
    factor: float | None = None
    vague: bool = False
    multiplier: float = 1.0  # the scale word's value: 1e6 for "2 million"
    is_range: bool = False  # written as one range: "3-4", "33-35 billion"
    change: str | None = None  # a "+" sign: "+0.2%"
    bare: bool = False  # a plain integer (no separators, decimals, scale, unit or currency): maybe a year, day or label
    lone_word: bool = False  # a single number word without a unit ("one", "three"): a number only before a noun
    metre_or_million: bool = False  # "5m" without a currency
    score: bool = False  # one side of a score or result ("4" of "won 4-1"): a claim alone, with no unit

    @property
    def has_unit(self) -> bool:
        return bool(self.currency or self.unit)


@dataclass(frozen=True)
class ClaimLexicons:
    """The claim lexicons and the regexes built from them, loaded once per process."""

    numbers: dict[str, tuple[float, str]]  # word -> (value, kind)
    currencies: dict[str, str]  # lower-cased variant -> ISO code (the first, for a sign several currencies write)
    shared_signs: dict[str, frozenset[str]]  # a sign several currencies write -> their codes: "¥" yen and yuan
    # variants written after a number, lower-cased: "PS" (£ in ASCII) only before, so "300 PS" is metric horsepower
    currencies_after: frozenset[str]
    units: dict[str, str]  # lower-cased variant -> unit name
    qualifiers: dict[str, str]
    qualifiers_after: dict[str, str]  # "or more", "-plus": written after the number
    changes: dict[str, str]  # a change word -> its direction, "up" or "down"
    verb_changes: frozenset[str]  # change words whose noun names a thing ("a $5m contract"): a change only as a verb
    by_changes: frozenset[str]  # change verbs whose object is an amount they get ("raised $1bn"): a change only by "by"
    factors: dict[str, float]
    months: frozenset[str]
    labels: frozenset[str]
    boilerplate: frozenset[str]
    time_prepositions: frozenset[str]
    amount: re.Pattern
    factor_verb: re.Pattern
    qualifier_before: re.Pattern
    qualifier_after: re.Pattern
    number_idiom: re.Pattern  # "open 24-7", "a 50-50 chance": numbers that state no amount


def _amount_pattern(
    numbers: dict[str, tuple[float, str]], currency_rows: tuple, unit_variants: Iterable[str], sense_surfaces: list[str], hyphened: list[str]
) -> re.Pattern:
    def kind(*kinds: str, hyphens: bool = False) -> str:
        return alternation((word for word, (_, word_kind) in numbers.items() if word_kind in kinds), hyphens=hyphens)

    count, scale, fraction, vague, abbreviation, few = kind("count"), kind("scale"), kind("fraction"), kind("vague", hyphens=True), kind("abbreviation"), kind("few")
    count_prefix, scale_prefix = (
        alternation((word for word, (_, word_kind) in numbers.items() if word_kind == wanted), whole_words=False) for wanted in ("count", "scale")
    )
    number_word = kind("count", "scale")
    # "and" joins number words only after a scale word ("one hundred and five"); after a count it joins two numbers
    and_after_scale = "|".join(rf"(?<={word})" for word, (_, word_kind) in numbers.items() if word_kind == "scale")
    currency_before = alternation(variant for variant, _, where in currency_rows if where in ("before", "both"))
    after = alternation([*unit_variants, *(variant for variant, _, where in currency_rows if where in ("after", "both"))], hyphens=True)
    vulgar = "[" + "".join(VULGAR_FRACTIONS) + "]"
    # A fraction with an article stands alone before "of"/"the" and at either end of a range of such fractions ("by
    # between a quarter and a third", "a fifth to a quarter"); elsewhere "a third" is an ordinal ("a third straight win").
    fraction_words = [word for word, (_, word_kind) in numbers.items() if word_kind == "fraction"]
    # With an article only a fraction that is no ordinal is part of a unit: "a quarter pint", never "a third week".
    part_fraction = alternation(word for word in fraction_words if word not in pair_table("lexicons/ordinal_words.tsv"))
    fraction_range_end = "|".join(rf"(?<=\b{word}\s{joiner}\s)" for word in fraction_words for joiner in ("and", "to"))  # after "a"/"an": tested first
    # A word with an SI prefix ("megapixels", "millisieverts", "terawatt-hours"): a unit when pint says so (read_amount).
    prefixed = rf"{first_character_test(SI_PREFIXES)}(?:{'|'.join(SI_PREFIXES)})[a-z]{{2,}}(?:-hours?)?"  # one test, not 20
    # Where an amount may start: a currency written before it, or at a word's start a number word, a digit, a sign, a
    # fraction, "a"/"an", "half" or "minus". Tested first, that spares the rest at most positions: a number word by its
    # first three letters, as one letter lets through most words ("the" would pass for "three"). Digits after a word
    # and a hyphen are a name's ("COVID-19", "F-22"), except after "now-"/"then-": an age ("the now-39-year-old").
    # A currency is tested whole, not by its first character: that lets through every capitalised word ("Brazil"),
    # where the rest of the pattern, which holds no number start there, would be tried for nothing.
    number_words = [word for word, (_, word_kind) in numbers.items() if word_kind in ("count", "scale", "fraction", "vague")]
    prefixes = alternation({word.split()[0][:3] for word in number_words} | {"half", "minus"}, whole_words=False)
    start = rf"(?:(?={currency_before})|(?<!\w)(?=[\d.+\-−{vulgar[1:-1]}]|an?\s|{prefixes}))"
    pattern = rf"""
        {start}
        (?:(?P<currency_sign>(?<![^\s(\[])(?<!\d\s)[-−])?(?P<currency>{currency_before})\s?)?
        (?:
            (?<![\w-])(?P<fold>(?:(?:an?\s+)?(?:{scale_prefix})|{count_prefix}|\d+(?:\.\d+)?)[\s-]?fold)
          | (?<![\w-])(?P<numerator>{count})(?:-|\s+{QUARTERS_AS_PERIODS})(?P<denominator>{fraction})
          | (?<![\w-])(?P<article_fraction>an?\s+(?:{fraction})|half)(?=\s+(?:of|the)\b|\s+(?:and|to)\s+an?\s+(?:{fraction}))
          | (?=an?\s)(?:{fraction_range_end})(?P<fraction_end>an?\s+(?:{fraction}))
          | (?:(?<=\bby\s){BY_QUALIFIED})(?P<by_fraction>an?\s+(?:{fraction})|half){BY_FRACTION_END}
          | (?<![\w-])(?P<half_unit>half\s+an?)(?=\s+(?:{after}))
          | (?<![\w-])(?P<unit_fraction>an?\s+(?:{part_fraction}))(?=[\s-]+(?:{after}))
          | (?<![\w-])(?P<vague>{vague})(?:\s+of\s+(?P<vague_scale>{vague}))?(?:(?=\s+of\b)|{BARE_VAGUE_END})
          | (?<![\w-])(?P<few>{few})\s+(?P<few_scale>(?:{scale})(?:\s+(?:{scale}))*)
          | (?<![\w/.,])(?P<fraction_numerator>\d{{1,2}})/(?P<fraction_denominator>\d{{1,2}})(?![\d/])
          | (?<![\w.,])(?P<lone_vulgar>{vulgar})
          | (?:(?<![\w-])(?P<minus>minus[\s-])|(?(currency)|(?:(?<![\w.,/:])(?<!\w-)|(?<=\bnow-)|(?<=\bthen-)))(?:(?P<sign>[-−](?=\d))|(?P<plus>\+))?)(?P<digits>{DIGITS}){DIGITS_END}
            (?:(?:\s+|-(?=\d/(?:16|[2348])(?![\d/])))(?P<mixed_numerator>\d)/(?P<mixed_denominator>\d{{1,2}})(?![\d/])|(?P<vulgar>{vulgar})|(?P<and_half>{AND_A_HALF}))?
            (?:\s?(?P<dash>[-–—])\s?(?P<high>{DIGITS}){DIGITS_END})?
            (?:(?P<abbreviation>{abbreviation})(?:[-–](?P<abbreviated_high>{DIGITS})(?P=abbreviation))?|(?:[\s-]?|-plus\s+)(?P<scale>(?:{scale})(?:\s+(?:{scale}))*))?
          | (?<![\w-])(?P<words>(?:(?:half\s+)?an?\s+(?:{scale})|{count})(?:(?:(?:{and_after_scale})\s+and\s+|\s+|-)(?!{NAME_START})(?:{number_word}))*)(?P<words_and_half>{AND_A_HALF}(?![\s-]+(?:{scale})\b))?
          | (?<![\w-])(?:(?P<part_of>half\s+an?|an?\s+(?:{part_fraction}))|an?(?=\s+[a-z]+\s+and\s+a\s+half\b))\s+(?!(?:{number_word})\b)(?P<measure>(?-i:[a-z]{{3,}}))(?P<measure_and_half>\s+and\s+a\s+half\b)?
        )
        (?:{UNIT_OPENING}(?P<unit>{after}|(?P<prefixed>{prefixed}))(?P<power>[23²³](?!\d))?|(?P<sense>{sense_alternation(sense_surfaces)})|(?<=\d)(?P<glued>(?-i:[a-z]{{2,4}}))(?![A-Za-z])|\s(?P<spaced>(?-i:[b-z])){CLAUSE_END}|\s?(?P<ratio>(?-i:[A-Za-z]{{1,3}}))(?=/[A-Za-z])|[ ]?(?P<symbol>(?-i:(?=[A-Z]*[a-z])(?=[A-Za-z][a-z]*[A-Z])[A-Za-z]{{2,4}}))(?![A-Za-z]))?
        (?:(?:\s+(?:per|a|an)\s+|/|(?P<hyphenated_per>-(?:per|a|an)-))(?P<per>{after}|(?:square\s+)?[A-Za-z]+)(?P<per_power>[23²³](?!\d))?(?!\s+(?:earlier|ago|before|later)\b))?
        (?![A-Za-z0-9]|-(?!(?:{"|".join(hyphened) or "(?!)"})(?![A-Za-z]))[A-Za-z0-9])
    """
    return re.compile(pattern, re.IGNORECASE | re.VERBOSE)


def _idiom_pattern(idioms: Iterable[str]) -> re.Pattern:
    """The idioms, longest first, as whole words. A test of their first characters comes first: without it each
    word start of the text would try every idiom."""
    ordered = sorted(idioms, key=len, reverse=True)
    firsts = re.escape("".join(sorted({idiom[0] for idiom in ordered})))  # IGNORECASE: "[z]" also passes "Z"
    return re.compile(rf"(?<![\w/-])(?=[{firsts}])(?:{'|'.join(map(re.escape, ordered))})(?![\w/-])", re.IGNORECASE)


@cache
def claim_lexicons() -> ClaimLexicons:
    number_rows = field_rows("lexicons/number_words.tsv")
    numbers = {word.lower(): (float(value), kind) for word, value, kind in number_rows}
    currency_rows = (*field_rows("lexicons/currencies.tsv"), *iso_currency_words())
    unit_rows = (*field_rows("lexicons/units.tsv"), *lower_case_symbols().items())
    qualifiers = pair_table("lexicons/claim_qualifiers.tsv")
    qualifiers_after = pair_table("lexicons/claim_qualifiers_after.tsv")
    factors = {word: float(value) for word, value in pair_table("lexicons/factor_words.tsv").items()}
    change_rows = field_rows("lexicons/change_words.tsv")
    return ClaimLexicons(
        numbers=numbers,
        currencies={normal_variant(variant): codes.split("|")[0] for variant, codes, _ in currency_rows},
        shared_signs={variant: frozenset(codes.split("|")) for variant, codes, _ in currency_rows if "|" in codes},
        currencies_after=frozenset(normal_variant(variant) for variant, _, where in currency_rows if where in ("after", "both")),
        # a variant matched in its case is also kept in it: "nm" is a nanometre, "Nm" a newton metre
        units={normal_variant(variant): unit for variant, unit in unit_rows} | {variant: unit for variant, unit in unit_rows if not ignores_case(variant)},
        qualifiers=qualifiers,
        qualifiers_after=qualifiers_after,
        changes={word.lower(): direction for word, direction, *_ in change_rows},
        verb_changes=frozenset(word.lower() for word, _, *kind in change_rows if kind == ["verb"]),
        by_changes=frozenset(word.lower() for word, _, *kind in change_rows if kind == ["by"]),
        factors=factors,
        months=word_list("lexicons/months.txt"),
        labels=word_list("lexicons/number_labels.txt"),
        boilerplate=word_list("lexicons/boilerplate.txt"),
        time_prepositions=word_list("lexicons/time_prepositions.txt"),
        # The pattern keeps the lexicon's case: "M" is a million, "m" a metre or a million (see _read_digits).
        amount=_amount_pattern(
            {word: (float(value), kind) for word, value, kind in number_rows}, currency_rows, [variant for variant, _ in unit_rows], unit_senses().surfaces,
            # a qualifier written on after a hyphen ("30-plus years") ends the number as a space would, and so does
            # the dimension a measure gives ("a 40-metre-deep well", "a 10-mile-long road")
            [re.escape(phrase[1:]) for phrase in qualifiers_after if phrase.startswith("-")] + list(DIMENSION_WORDS),
        ),
        number_idiom=_idiom_pattern(word_list("lexicons/number_idioms.txt")),
        factor_verb=re.compile(rf"(?<![\w-])(?:{alternation(factors)})(?!-)", re.IGNORECASE),
        qualifier_before=re.compile(rf"(?<![\w$])(?P<qualifier>{alternation(qualifiers)})\s*$", re.IGNORECASE),
        # "+" and "-plus" attached to the number; a "+" before a digit adds ("2+2"). A bound ends its phrase: before a
        # determiner or a number, "over"/"under" open a phrase of their own ("rose 5% and over the year").
        qualifier_after=re.compile(rf"(?:(?=[-+])|\s+)(?P<qualifier>{alternation(qualifiers_after)})(?!\d)(?!\s+(?:(?:{AFTER_BOUND_OPENERS})\b|\d))", re.IGNORECASE),
    )


def _word_number(words: str, numbers: dict[str, tuple[float, str]]) -> float:
    """The value of "two million", "a dozen", "one hundred and twenty", "twenty-five"."""
    total, current = 0.0, 0.0
    for word in re.split(r"[\s-]+", words.lower()):
        if word == "half":  # "half a million"
            current = 0.5
        elif word in ("a", "an"):
            current = current or 1.0
        elif word != "and":
            value, kind = numbers[word]
            if kind == "count":
                current += value
            elif value < 1000:  # hundred, dozen: multiply what precedes, keep adding after
                current = (current or 1.0) * value
            else:
                total += (current or 1.0) * value
                current = 0.0
    return total + current


def _currency_and_unit(match: re.Match, lex: ClaimLexicons) -> tuple[str | None, str | None, int] | None:
    """The match's currency code and unit, and where the amount ends; None when the match is no amount."""
    if letter_without_sum(match):  # "R0", "R2-D2": a lone letter is a currency only before a sum written as money
        return None
    currency = lex.currencies[normal_variant(match["currency"])] if match["currency"] else None
    end = match.end()
    if match["currency"] in lex.shared_signs:  # "¥800" in Beijing is yuan: the model reads the words around it
        currency = currency_code(sensed_unit(match, match["currency"], force=False) or "") or currency
    unit = None
    sense = sensed_unit(match, match["sense"] or match["unit"], force=bool(match["sense"])) if not currency else None
    if sense is not None:
        currency = currency_code(sense)
        unit = None if currency else normalize_unit(sense)
    elif match["sense"]:
        end = match.start("sense")  # a mark closing a quotation: the number alone
    elif match["unit"]:
        written = normal_variant(match["unit"]).lstrip("-").strip()
        if written not in lex.units and written not in lex.currencies:
            written = written.replace("-", " ")  # "a 5,000-square-foot house"; "lb-ft" and "year-old" keep theirs
        if written in lex.currencies_after and not currency:
            currency = lex.currencies[written]
        else:
            unit = lexicon_unit(match, written, lex) or (prefixed_unit(written) if match["prefixed"] else None)
            if unit is None and match["prefixed"]:  # "5 microphones": the number alone, the noun is what it counts
                end = match.start("unit")
                while match.string[end - 1] in " -":
                    end -= 1
            if unit in TIME_UNITS and "-" in match.string[match.start("unit") - 2 : match.start("unit")]:
                return None  # "a five-year plan", "a two-month delay": a term, not an amount
            if match["power"] and (unit := powered_unit(unit, match["power"])) is None:
                return None  # "m3", "cm²" are a length's powers; "kg2" is no unit
    elif match["glued"]:
        unit = glued_unit(match["glued"]) or stone(match["digits"] or "", match["glued"])
        if unit is None:
            return None  # "3pm", "21st", "5star": letters against the digits that name no unit
    elif match["spaced"]:  # "9.58 s.": a unit's symbol at a clause's end, its full stop the sentence's
        if (unit := spaced_symbol(match["spaced"])) is None:
            end = len(match.string[: match.start("spaced")].rstrip())
    elif match["symbol"] and (unit := prefixed_symbol(match["symbol"])) is None:  # "400 kV" (a capital after the first letter)
        end = len(match.string[: match.start("symbol")].rstrip())
    elif match["ratio"]:  # a symbol over another: "1.3 A/cm2", "40 L/min"; both must be units ("3 in/out" is none)
        per = match["per"] or ""
        unit = ratio_unit(match, match["ratio"]) if lex.units.get(normal_variant(per)) or glued_unit(per) else None
        if unit is None:  # "5 and/or 6": letters that name no unit end the amount before them
            end = len(match.string[: match.start("ratio")].rstrip())
    return currency, unit, end


def read_amount(match: re.Match, lex: ClaimLexicons) -> Amount | None:
    """Read one regex match into an `Amount` (value, scale, currency, unit). Groups are read by name from the match,
    as groupdict() would build all of the pattern's 46 for the few read."""
    measure = _currency_and_unit(match, lex)
    if measure is None:
        return None
    currency, unit, end = measure
    amount = Amount(match.start(), end, 0.0, 0.0, currency, unit, change="up" if match["plus"] else None)
    if match["fold"]:
        number = match["fold"].lower().removesuffix("fold").rstrip("- ")  # "18-fold", "tenfold", "a thousand fold"
        amount.factor = float(number) if number[0].isdigit() else _word_number(number, lex.numbers)
        amount.low = amount.high = amount.factor
        amount.unit = MULTIPLICATIVE_UNIT
    elif match["denominator"]:
        amount.low = amount.high = lex.numbers[match["numerator"].lower()][0] * lex.numbers[match["denominator"].lower()][0]
    elif match["half_unit"]:  # "half an hour", "half a mile" ("a half hour", "a quarter mile": `unit_fraction`)
        amount.low = amount.high = 0.5
    elif fraction_words := match["article_fraction"] or match["fraction_end"] or match["by_fraction"] or match["unit_fraction"]:
        amount.low = amount.high = lex.numbers[fraction_words.split()[-1].lower()][0]
    elif match["vague"]:
        scale = lex.numbers[match["vague_scale"].lower()][0] if match["vague_scale"] else 1.0
        amount.low = lex.numbers[" ".join(match["vague"].lower().replace("-", " ").split())][0] * scale
        amount.high, amount.vague = amount.low * 10, True  # "hundreds" is 100 to 1,000; "tens of thousands" 10,000 to 100,000
    elif match["few"]:  # "several hundred", "a few thousand": at least the few of the scale, below ten of it
        amount.multiplier = scale = math.prod(lex.numbers[word][0] for word in match["few_scale"].lower().split())
        amount.low, amount.high, amount.vague = lex.numbers[" ".join(match["few"].lower().split())][0] * scale, 10 * scale, True
    elif match["fraction_numerator"] or match["lone_vulgar"]:
        fraction = _fraction(match["fraction_numerator"], match["fraction_denominator"]) if match["fraction_numerator"] else VULGAR_FRACTIONS[match["lone_vulgar"]]
        if fraction is None:
            return None
        amount.low = amount.high = fraction
        if not amount.has_unit and not FRACTION_FOLLOWER.match(match.string, match.end()):
            return None  # "Derailment 1/8" ends a line: a photo counter; "1/2 cup", "1/3 of voters" count
    elif match["digits"]:
        _read_digits(match, amount, lex)
        if amount.metre_or_million and (converted := converted_money(match, lex)) is not None:
            # "a total of 204.3m (£109m)": a figure restated in money is money, in millions
            amount.unit, amount.currency, amount.metre_or_million = None, converted or None, False
            amount.multiplier, amount.low, amount.high = 1e6, amount.low * 1e6, amount.high * 1e6
        # "30-plus years", "20 or more": a number bounded so is an amount, not a day or a label
        amount.bare = amount.bare and not lex.qualifier_after.match(match.string, amount.end)
    elif match["measure"]:
        if not _read_measure(match, amount, lex):
            return None
    else:
        amount.low = amount.high = _word_number(match["words"], lex.numbers) + (0.5 if match["words_and_half"] else 0.0)
        amount.lone_word = match["words"].lower() in lex.numbers and not amount.has_unit and not match["words_and_half"]
    if amount.unit == "pound" and (amount.multiplier > 1 or amount.currency):  # "2 million pounds" is money, "208 pounds" weight
        amount.unit, amount.currency = None, "GBP"
    if match["hyphenated_per"] and not amount.has_unit:
        return None  # "5-a-side", "two-a-day": a compound adjective; "$100,000-a-year" is money per year
    if not amount.has_unit and DIMENSION_AFTER.match(match.string, end):
        return None  # "stood three-deep": a dimension gives a measure's sense only after its unit
    if match["per"] and (amount.unit or amount.currency):
        per = normal_variant(match["per"])
        per = lex.units.get(per) or glued_unit(match["per"]) or per.removesuffix("s")  # "m/s": pint reads "s"
        if match["per_power"] and (per := powered_unit(per, match["per_power"])) is None:
            return None
        amount.unit = f"{amount.unit or amount.currency} per {per}"
    return amount


def _read_measure(match: re.Match, amount: Amount, lex: ClaimLexicons) -> bool:
    """A part of one unit written in words, or one and a half: "half a pint", "a quarter dram" (a unit pint names,
    where the lexicon has none), "a pound and a half", "an hour and a half". False for a word that names no unit ("a
    third straight win"); "a pint" alone is no amount, as "an hour later" is none."""
    word = match["measure"]
    if word in STOP_WORDS:
        return False  # "less than a quarter are": pint's are (100 square metres) is a verb here
    # A currency's name, not its code in lower case ("a third try" is no Turkish lira)
    amount.currency = lex.currencies[word] if word in lex.currencies_after and word.upper() != lex.currencies[word] else None
    amount.unit = None if amount.currency else lex.units.get(word) or glued_unit(word)
    part = (match["part_of"] or "a").lower().split()  # "half a", "a quarter", or the "a" of "a pound and a half"
    value = 0.5 if part[0] == "half" else lex.numbers[part[-1]][0] if len(part) > 1 else 1.0
    amount.low = amount.high = value + (0.5 if match["measure_and_half"] else 0.0)
    return amount.has_unit


def _fraction(numerator: str, denominator: str) -> float | None:
    """ "1/2" -> 0.5; None for what is more likely a date or a score ("4/25", "5/3")."""
    top, bottom = int(numerator), int(denominator)
    return top / bottom if bottom in FRACTION_DENOMINATORS and 0 < top < bottom else None


def _read_digits(match: re.Match, amount: Amount, lex: ClaimLexicons) -> None:
    """Fill value, range end and scale from the digit groups."""
    low = float(match["digits"].replace(",", ""))
    if match["mixed_numerator"]:  # "10 1/2"
        fraction = _fraction(match["mixed_numerator"], match["mixed_denominator"])
        low += fraction if fraction is not None else 0.0
    elif match["vulgar"]:
        low += VULGAR_FRACTIONS[match["vulgar"]]
    elif match["and_half"]:  # "2 and a half years"
        low += 0.5
    high = float(written_high.replace(",", "")) if (written_high := match["high"] or match["abbreviated_high"]) else low  # "3-4m", "$779m-798m"
    multiplier = 1.0
    if match["abbreviation"]:
        written = match["abbreviation"]
        # "m": a million with a currency ("£1.2m") or in capitals ("4.3M"), else metres ("100m"; million_before_plural).
        if written == "m" and not amount.currency:
            amount.unit = amount.unit or lex.units["m"]
            amount.metre_or_million = True
        else:
            multiplier = lex.numbers[written.lower()][0]
    elif match["scale"]:
        for word in match["scale"].lower().split():  # "4 hundred million"
            multiplier *= lex.numbers[word][0]
    sign = -1.0 if match["sign"] or match["minus"] or match["currency_sign"] else 1.0  # "-0.3", "minus 5C", "-$1.2 bln"
    amount.low, amount.high = sorted((sign * low * multiplier, sign * high * multiplier))
    amount.multiplier, amount.is_range = multiplier, bool(written_high)
    fraction_written = bool(match["mixed_numerator"] or match["vulgar"] or match["and_half"])
    amount.bare = multiplier == 1 and not amount.has_unit and not fraction_written and "." not in match["digits"] and "," not in match["digits"]

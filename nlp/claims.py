"""Numeric claims: every number in an article as a value, range, qualifier, change and unit.

The `presslens_claims` component takes a parsed `Doc` (after `presslens_quotes`,
whose speakers become claim sources) and sets `doc._.claims` to a list of
`Claim`s.

It works in three steps, so that the expensive part stays in compiled regexes:
1. one regex built from the lexicons in `models/lexicons/` finds every amount in
   the text ("$3.2 billion", "two-thirds", "tens of thousands", "45-year-old",
   "3-4", "fourfold") and `_amount` reads its value, scale, currency and unit;
2. amounts that are dates, times of day, labels ("Route 66", "Apollo 11"),
   phone numbers, addresses, boilerplate or the pronoun "one" are dropped, and
   neighbours joined by "to"/"and" become ranges;
3. the parse around each claim gives the qualifier ("more than"), the change
   ("rose 5%"), the counted noun (unit and quantity), the time expression and
   the source (an enclosing quote's speaker, or "according to X").
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from nlp.lexicons import field_rows, pair_table, word_list

Doc.set_extension("claims", default=None, force=True)

DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+"
# A number must not continue into another number, date or time ("1,00,0", "4/25", "3:45").
DIGITS_END = r"(?![.,:/]?\d)"
PHONE = re.compile(r"(?<!\d)(?:\+\d{1,3}[\s.-]?)?\(?\d{3}\)?[\s.-]\d{3}[\s.-]\d{4}(?!\d)")
ADDRESS = re.compile(
    r"\b\d{1,5}\s+(?:[A-Z][\w.'-]*\s+){1,3}(?:Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Dr|Way|Place|Pl|Court|Ct|Square|Terrace)\b"
)
TIME_OF_DAY_AFTER = re.compile(r"\s*(?:[ap]\.?m\b\.?|o'clock\b|(?-i:GMT|UTC|[ECMP][SD]?T)\b)", re.IGNORECASE)
RANGE_OPENER_BEFORE = re.compile(r"(?<![\w$])(?P<opener>between|from)\s+$", re.IGNORECASE)
RANGE_JOINER = re.compile(r"\s*(?:-|–|—|to|and|or|through)\s*", re.IGNORECASE)
# "from $36,040 at 10.45pm last night to $34,935": words between the ends of a "from" range, within one clause.
SPLIT_RANGE_JOINER = re.compile(r"\s[^;:!?()—]{1,60}?\sto\s+", re.IGNORECASE)
# A number whose noun is left out: "tens of thousands of the 2 million cases", "... and 1 million by 2024".
OF_THE_BETWEEN = re.compile(r"\s+of\s+(?:the\s+)?", re.IGNORECASE)
CONJUNCTION_BEFORE = re.compile(r"\b(?:and|or|but)\s+$", re.IGNORECASE)
AGED_BEFORE = re.compile(r"(?<![\w])aged\s+$", re.IGNORECASE)
MULTIPLICATIVE_UNIT = "times"
TIME_UNITS = frozenset({"second", "minute", "hour", "day", "week", "month", "year", "decade", "century"})
YEAR_OF_AGE = "year of age"
QUANTITY_MAX_TOKENS = 8
QUOTES_LOOKBACK = 20  # quotes starting before a claim that may still enclose it (nested attributions)
ELIDED_UNIT_LOOKBACK = 10  # earlier claims in the sentence a unit-less claim may borrow its unit from


@dataclass
class Claim:
    """One numeric expression; offsets are characters of the document text."""

    start: int
    end: int
    text: str
    value: float
    low: float
    high: float
    qualifier: str
    change: str | None
    factor: float | None
    unit: str | None
    quantity: str | None
    time: str | None
    source: str | None
    sentence: int
    sentence_text: str


@dataclass
class _Amount:
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
    # A plain integer (no separators, decimals, scale, unit or currency) could be a year, a day or a label.
    bare: bool = False
    lone_word: bool = False  # a single number word without a unit ("one", "three"): a number only before a noun
    metre_or_million: bool = False  # "5m" without a currency

    @property
    def has_unit(self) -> bool:
        return bool(self.currency or self.unit)


@dataclass(frozen=True)
class _Lexicons:
    """The claim lexicons and the regexes built from them, loaded once per process."""

    numbers: dict[str, tuple[float, str]]  # word -> (value, kind)
    currencies: dict[str, str]  # lower-cased variant -> ISO code
    units: dict[str, str]  # lower-cased variant -> unit name
    qualifiers: dict[str, str]
    changes: dict[str, str]
    factors: dict[str, float]
    months: frozenset[str]
    labels: frozenset[str]
    boilerplate: frozenset[str]
    time_prepositions: frozenset[str]
    amount: re.Pattern
    factor_verb: re.Pattern
    qualifier_before: re.Pattern


def _normal(variant: str) -> str:
    return " ".join(variant.split()).lower()


def _alternation(variants: Iterable[str], whole_words: bool = True) -> str:
    """Regex alternation of `variants`, longest first, ending at a word boundary unless `whole_words` is False.

    Short or capitalised variants ("m", "W", "Rs", "USD") match case-sensitively,
    so that "4G" is not four grams and "PS" is not "ps".
    """
    parts = []
    for variant in sorted(set(variants), key=len, reverse=True):
        body = r"\s+".join(re.escape(word) for word in variant.split())
        if whole_words and variant[-1].isalnum():
            body += r"(?![A-Za-z])"
        ignores_case = len(variant) > 2 and variant == variant.lower()
        parts.append(body if ignores_case else f"(?-i:{body})")
    return "|".join(parts)


def _amount_pattern(numbers: dict[str, tuple[float, str]], currency_rows: tuple, unit_variants: Iterable[str]) -> re.Pattern:
    def kind(*kinds: str) -> str:
        return _alternation(word for word, (_, word_kind) in numbers.items() if word_kind in kinds)

    count, scale, fraction, vague, abbreviation = kind("count"), kind("scale"), kind("fraction"), kind("vague"), kind("abbreviation")
    count_prefix = _alternation((word for word, (_, word_kind) in numbers.items() if word_kind == "count"), whole_words=False)
    number_word = kind("count", "scale")
    currency_before = _alternation(variant for variant, _, where in currency_rows if where in ("before", "both"))
    after = _alternation([*unit_variants, *(variant for variant, _, where in currency_rows if where in ("after", "both"))])
    pattern = rf"""
        (?:(?P<currency>{currency_before})\s?)?
        (?:
            (?<![\w-])(?P<fold>(?:{count_prefix}|\d+(?:\.\d+)?)-?fold)
          | (?<![\w-])(?P<numerator>{count})[\s-]+(?P<denominator>{fraction})
          | (?<![\w-])(?P<article_fraction>an?\s+(?:{fraction})|half)(?=\s+(?:of|the)\b)
          | (?<![\w-])(?P<vague>{vague})(?:\s+of\s+(?P<vague_scale>{vague}))?(?=\s+of\b)
          | (?:(?<![\w-])(?P<minus>minus[\s-])|(?(currency)|(?<![\w.,/:])(?<!\w-))(?:(?P<sign>[-−](?=\d))|(?P<plus>\+))?)(?P<digits>{DIGITS}){DIGITS_END}
            (?:\s?[-–—]\s?(?P<high>{DIGITS}){DIGITS_END})?
            (?:(?P<abbreviation>{abbreviation})|[\s-]?(?P<scale>(?:{scale})(?:\s+(?:{scale}))*))?
          | (?<![\w-])(?P<words>(?:an?\s+(?:{scale})|{count})(?:(?:\s+and\s+|\s+|-)(?:{number_word}))*)
        )
        (?:\s?-?\s?(?P<unit>{after}))?
        (?:(?:\s+(?:per|a|an)\s+|/)(?P<per>{after}|(?:square\s+)?[A-Za-z]+)(?!\s+(?:earlier|ago|before|later)\b))?
        (?![A-Za-z0-9]|-[A-Za-z0-9])
    """
    return re.compile(pattern, re.IGNORECASE | re.VERBOSE)


@cache
def _lexicons() -> _Lexicons:
    number_rows = field_rows("lexicons/number_words.tsv")
    numbers = {word.lower(): (float(value), kind) for word, value, kind in number_rows}
    currency_rows = field_rows("lexicons/currencies.tsv")
    unit_rows = field_rows("lexicons/units.tsv")
    qualifiers = pair_table("lexicons/claim_qualifiers.tsv")
    factors = {word: float(value) for word, value in pair_table("lexicons/factor_words.tsv").items()}
    return _Lexicons(
        numbers=numbers,
        currencies={_normal(variant): code for variant, code, _ in currency_rows},
        units={_normal(variant): unit for variant, unit in unit_rows},
        qualifiers=qualifiers,
        changes=pair_table("lexicons/change_words.tsv"),
        factors=factors,
        months=word_list("lexicons/months.txt"),
        labels=word_list("lexicons/number_labels.txt"),
        boilerplate=word_list("lexicons/boilerplate.txt"),
        time_prepositions=word_list("lexicons/time_prepositions.txt"),
        # The pattern keeps the lexicon's case: "M" is a million, "m" a metre or a million (see _read_digits).
        amount=_amount_pattern({word: (float(value), kind) for word, value, kind in number_rows}, currency_rows, (variant for variant, _ in unit_rows)),
        factor_verb=re.compile(rf"(?<![\w-])(?:{_alternation(factors)})(?!-)", re.IGNORECASE),
        qualifier_before=re.compile(rf"(?<![\w$])(?P<qualifier>{_alternation(qualifiers)})\s*$", re.IGNORECASE),
    )


# ---------------------------------------------------------------- step 1: amounts


def _word_number(words: str, numbers: dict[str, tuple[float, str]]) -> float:
    """The value of "two million", "a dozen", "one hundred and twenty", "twenty-five"."""
    total, current = 0.0, 0.0
    for word in re.split(r"[\s-]+", words.lower()):
        if word in ("a", "an"):
            current = 1.0
        elif word != "and":
            value, kind = numbers[word]
            if kind == "count":
                current += value
            elif value < 1000:  # hundred, dozen: multiply what precedes, keep adding after
                current = max(current, 1.0) * value
            else:
                total += max(current, 1.0) * value
                current = 0.0
    return total + current


def _amount(match: re.Match, lex: _Lexicons) -> _Amount | None:
    """Read one regex match into an `_Amount` (value, scale, currency, unit)."""
    group = match.groupdict()
    currency = lex.currencies[_normal(group["currency"])] if group["currency"] else None
    unit = None
    if group["unit"]:
        written = _normal(group["unit"]).lstrip("-").strip()
        if written in lex.currencies and not currency:
            currency = lex.currencies[written]
        else:
            unit = lex.units.get(written)
            if unit in TIME_UNITS and "-" in match.string[match.start("unit") - 2 : match.start("unit")]:
                return None  # "a five-year plan", "a two-month delay": a term, not an amount
    amount = _Amount(match.start(), match.end(), 0.0, 0.0, currency, unit, change="up" if group["plus"] else None)
    if group["fold"]:
        number = group["fold"].lower().removesuffix("fold").rstrip("-")
        amount.factor = float(number) if number[0].isdigit() else lex.numbers[number][0]
        amount.low = amount.high = amount.factor
        amount.unit = MULTIPLICATIVE_UNIT
    elif group["denominator"]:
        amount.low = amount.high = lex.numbers[group["numerator"].lower()][0] * lex.numbers[group["denominator"].lower()][0]
    elif group["article_fraction"]:
        amount.low = amount.high = lex.numbers[group["article_fraction"].split()[-1].lower()][0]
    elif group["vague"]:
        scale = lex.numbers[group["vague_scale"].lower()][0] if group["vague_scale"] else 1.0
        amount.low = lex.numbers[group["vague"].lower()][0] * scale
        amount.high = amount.low * 10  # "hundreds" is 100 to 1,000; "tens of thousands" 10,000 to 100,000
        amount.vague = True
    elif group["digits"]:
        if not _read_digits(group, amount, lex):
            return None
    else:
        amount.low = amount.high = _word_number(group["words"], lex.numbers)
        amount.lone_word = group["words"].lower() in lex.numbers and not amount.has_unit
    if group["per"] and (amount.unit or amount.currency):
        per = _normal(group["per"])
        amount.unit = f"{amount.unit or amount.currency} per {lex.units.get(per, per.removesuffix('s'))}"
    return amount


def _read_digits(group: dict, amount: _Amount, lex: _Lexicons) -> bool:
    """Fill value, range end and scale from the digit groups; False when it is not a number after all."""
    low = float(group["digits"].replace(",", ""))
    high = float(group["high"].replace(",", "")) if group["high"] else low
    multiplier = 1.0
    if group["abbreviation"]:
        written = group["abbreviation"]
        # "m" is a million with a currency ("£1.2m") or in capitals ("4.3M sales"), otherwise metres ("100m") unless
        # a plural noun follows ("5m people"; see _million_before_plural).
        if written == "m" and not amount.currency:
            amount.unit = amount.unit or lex.units["m"]
            amount.metre_or_million = True
        else:
            multiplier = lex.numbers[written.lower()][0]
    elif group["scale"]:
        for word in group["scale"].lower().split():  # "4 hundred million"
            multiplier *= lex.numbers[word][0]
    if amount.unit == "pound" and (multiplier > 1 or amount.currency):  # "2 million pounds" is money, "208 pounds" is weight
        amount.unit, amount.currency = None, "GBP"
    sign = -1.0 if group["sign"] or group["minus"] else 1.0
    amount.low, amount.high = sorted((sign * low * multiplier, sign * high * multiplier))
    amount.multiplier, amount.is_range = multiplier, bool(group["high"])
    amount.bare = multiplier == 1 and not amount.has_unit and not re.search(r"[.,]", group["digits"])
    return True


# ---------------------------------------------------------------- step 2: what is not a claim


class _Context:
    """Per-document lookups the rules share: sentences, tokens by character, excluded spans."""

    def __init__(self, doc: Doc, lex: _Lexicons) -> None:
        self.doc = doc
        self.text = doc.text
        self.lex = lex
        self.sentences = list(doc.sents)
        self.sentence_starts = [sentence.start_char for sentence in self.sentences]
        self.excluded = [match.span() for pattern in (PHONE, ADDRESS) for match in pattern.finditer(self.text)]
        # Sorted lookups, so that a long document costs no more per claim than a short one.
        self.dates = [ent for ent in doc.ents if ent.label_ == "DATE"]
        self.date_starts = [date.start_char for date in self.dates]
        self.quotes = sorted(doc._.quotes or [], key=lambda quote: quote.start)
        self.quote_starts = [quote.start for quote in self.quotes]

    def dates_in(self, sentence: Span) -> list[Span]:
        return self.dates[bisect_left(self.date_starts, sentence.start_char) : bisect_left(self.date_starts, sentence.end_char)]

    def sentence_index(self, char: int) -> int:
        return max(bisect_right(self.sentence_starts, char) - 1, 0)

    def span(self, start: int, end: int) -> Span | None:
        return self.doc.char_span(start, end, alignment_mode="expand")

    def in_boilerplate(self, char: int) -> bool:
        sentence = self.sentences[self.sentence_index(char)].text.lower()
        return any(phrase in sentence for phrase in self.lex.boilerplate)


def _is_claim(amount: _Amount, context: _Context) -> bool:
    """False for dates, times of day, labels, names, phone numbers, addresses, boilerplate and the pronoun "one"."""
    if any(start < amount.end and amount.start < end for start, end in context.excluded):
        return False
    if TIME_OF_DAY_AFTER.match(context.text, amount.end) and not amount.has_unit:
        return False
    span = context.span(amount.start, amount.end)
    if span is None or context.in_boilerplate(amount.start):
        return False
    if amount.lone_word:  # "one case", "three viruses", "seven to 10 years" count; "one of them", "no one" do not
        opens_range = bool(re.match(r"\s*(?:-|to|or)\s*\d", context.text[amount.end : amount.end + 8]))
        return opens_range or span.root.dep_ == "nummod" or (span.end < len(span.doc) and span.doc[span.end].pos_ == "NOUN")
    return not (amount.bare and _is_date_or_label(amount, span, context))


def _is_date_or_label(amount: _Amount, span: Span, context: _Context) -> bool:
    doc, lex = context.doc, context.lex
    before = doc[span.start - 1] if span.start > 0 else None
    after = doc[span.end] if span.end < len(doc) else None
    counts_something = after is not None and after.tag_ == "NNS"
    if amount.low <= 2100 and any(token.ent_type_ in ("DATE", "TIME") for token in span) and not counts_something:
        return True
    # A year, unless it counts something ("2000 workers").
    if 1000 <= amount.low <= 2100 and amount.low.is_integer() and not counts_something:
        return True
    neighbours = [token.lower_.rstrip(".") for token in (before, after) if token is not None]
    if amount.high <= 31 and any(word in lex.months for word in neighbours):
        return True
    if before is not None and (before.lower_ in lex.labels or before.pos_ == "PROPN"):
        return True  # "page 5", "Route 66", "Apollo 11", "Big 12"
    return after is not None and after.pos_ == "PROPN" and after.tag_ != "NNPS"  # "787 Dreamliner", "90049 ZIP Code"


def _million_before_plural(amount: _Amount, context: _Context) -> None:
    """ "5m people", "2.5m years": a lower-case "m" before a plural noun is a million, not metres ("100m race")."""
    span = context.span(amount.start, amount.end)
    if span is not None and span.end < len(span.doc) and span.doc[span.end].tag_ in ("NNS", "NNPS"):
        amount.unit, amount.multiplier = None, 1e6
        amount.low, amount.high = amount.low * 1e6, amount.high * 1e6


def _join_ranges(amounts: list[_Amount], context: _Context) -> list[tuple[_Amount, _Amount, int]]:
    """Pairs (first, last, start) where "between A and B", "from A to B" or "A to B" make one range."""
    joined: list[tuple[_Amount, _Amount, int]] = []
    index = 0
    while index < len(amounts):
        first = amounts[index]
        start = first.start
        opener = RANGE_OPENER_BEFORE.search(context.text, max(0, first.start - 12), first.start)
        if index + 1 < len(amounts) and _is_range(first, amounts[index + 1], opener, context):
            if opener:
                start = opener.start()
            joined.append((first, amounts[index + 1], start))
            index += 2
        else:
            joined.append((first, first, start))
            index += 1
    return joined


def _is_range(first: _Amount, second: _Amount, opener: re.Match | None, context: _Context) -> bool:
    if first.vague or second.vague or first.factor or second.factor or first.is_range:
        return False
    joiner = RANGE_JOINER.fullmatch(context.text, first.end, second.start)
    if not joiner:
        split = opener and opener["opener"].lower() == "from" and SPLIT_RANGE_JOINER.fullmatch(context.text, first.end, second.start)
        return bool(split) and (not second.has_unit or (first.currency, first.unit) == (second.currency, second.unit))
    word = joiner.group().strip().lower()
    if word == "and":
        return bool(opener) and opener["opener"].lower() == "between"
    if opener:
        return True
    if first.has_unit and second.has_unit and (first.currency, first.unit) != (second.currency, second.unit):
        return False  # "110 JPY to 1 USD"
    if word == "or" or not first.has_unit:
        return not first.has_unit  # "three or four years", "by 1 to 1.5 degrees"
    # "rose 5% to $84", "increased by $43.6 billion to $419.2 billion": a change, then the new level.
    span = context.span(first.start, first.end)
    return _change_before(span, context) is None if span is not None else True


# ---------------------------------------------------------------- step 3: the claim and its context


def _change_word(token: Token, context: _Context) -> str | None:
    return context.lex.changes.get(token.lower_) or context.lex.changes.get(token.lemma_.lower())


def _change_before(span: Span, context: _Context) -> str | None:
    """ "rose 5%", "up 9.4 per cent", "fell by 2", "+0.2%": the direction the word before the number says."""
    doc, index = context.doc, span.start - 1
    if index >= 0 and doc[index].lower_ == "by":
        index -= 1
    return _change_word(doc[index], context) if index >= 0 else None


def _change_to(span: Span, context: _Context) -> str | None:
    """ "rose to $7.36 billion", "plunged 4.28 percent to Y=28,030": the new level, in the direction of the word
    that "to" hangs on in the parse (not the word before it: "rose 18 sen to RM23.50", "boiling down to $21")."""
    doc, index = span.doc, span.start - 1
    if index < 1 or doc[index].lower_ != "to":
        return None
    head = doc[index].head
    # A parse that hangs "to" on the number itself ("dip down to minus-130") leaves the word before "to".
    return _change_word(doc[index - 1] if span.start <= head.i < span.end else head, context)


def _change_after(span: Span, context: _Context) -> str | None:
    """ "a 20 percent drop": a change noun right after the number."""
    if span.end < len(span.doc) and span.doc[span.end].pos_ == "NOUN":
        return context.lex.changes.get(span.doc[span.end].lemma_.lower())
    return None


def _counted_noun(span: Span) -> Token | None:
    """The noun a bare number counts: "2 million backlogged cases" -> cases (skipping modifiers and "of the")."""
    doc = span.doc
    for index in range(span.end, min(span.end + 5, len(doc))):
        token = doc[index]
        if token.ent_type_ in ("DATE", "TIME"):
            return None  # "3bn last year" counts no years
        if token.pos_ == "NOUN" or token.tag_ == "NNPS":
            while token.dep_ == "compound" and token.head.i > token.i:
                token = token.head
            return token
        if not (token.pos_ in ("ADJ", "DET") or token.tag_ in ("VBN", "VBG") or token.text in ("-", "of")):
            return None
    return None


def _short_text(tokens: Span) -> str | None:
    return tokens.text if 0 < len(tokens) <= QUANTITY_MAX_TOKENS else None


def _noun_unit(noun: Token) -> str:
    """The counted noun's lemma with its noun compounds: "heart transplants" -> "heart transplant"."""
    compounds = [child.lemma_.lower() for child in noun.lefts if child.dep_ == "compound" and child.pos_ == "NOUN"]
    lemma = noun.lemma_.lower()
    if noun.tag_ == "NNPS" and lemma == noun.lower_:  # the lemmatizer keeps plural proper nouns: "Americans"
        lemma = lemma.removesuffix("s")
    return " ".join([*compounds, lemma])


def _has_date(token: Token) -> bool:
    return any(child.ent_type_ in ("DATE", "TIME") for child in token.subtree)


def _noun_phrase_quantity(span: Span, noun: Token) -> str:
    """The counted noun with its modifiers, and what happened to it: "cases closed", "migrants released into the U.S."."""
    doc = span.doc
    words = doc[span.end : noun.i + 1].text.removeprefix("of the ").removeprefix("of ")
    verb = noun.head
    if noun.dep_ == "nsubjpass" and verb.pos_ == "VERB":
        words += f" {verb.text}"
    elif noun.dep_ == "dobj" and verb.pos_ == "VERB":
        # "released 1,049,532 migrants into the U.S." -> "migrants released into the U.S."; a bare "hit" adds nothing.
        places = [child for child in verb.children if child.dep_ == "prep" and child.i > noun.i and not _has_date(child)]
        place = _short_text(doc[places[0].i : places[0].right_edge.i + 1]) if places else None
        if place:
            words += f" {verb.text} {place}"
    return words


def _measured_quantity(span: Span) -> str | None:
    """What a money, percent or measurement claim measures: "5% of its workforce", or the clause's subject."""
    doc = span.doc
    if span.end < len(doc) and doc[span.end].lower_ == "of":
        objects = [child for child in doc[span.end].children if child.dep_ == "pobj"]
        if objects:
            return _short_text(doc[objects[0].left_edge.i : objects[0].right_edge.i + 1])
    head = span.root
    for _ in range(4):
        if head.pos_ in ("VERB", "AUX"):
            subjects = [child for child in head.children if child.dep_ in ("nsubj", "nsubjpass") and not span.start <= child.i < span.end]
            return _short_text(doc[subjects[0].left_edge.i : subjects[0].right_edge.i + 1]) if subjects else None
        if head.head is head:
            break
        head = head.head
    return None


def _time(span: Span, claims_spans: list[tuple[int, int]], context: _Context) -> str | None:
    """The date expression attached to a claim: the nearest DATE entity in its sentence, within a few words
    after it (else right before it) with no other claim in between, with its time preposition ("since April 25")."""
    doc = context.doc
    sentence = context.sentences[context.sentence_index(span.start_char)]
    claim_starts = [start for start, _ in claims_spans]  # claims are disjoint and in text order

    def overlaps_a_claim(date: Span) -> bool:
        before_end = bisect_left(claim_starts, date.end_char) - 1
        return before_end >= 0 and claims_spans[before_end][1] > date.start_char

    def claim_between(start: int, end: int) -> bool:
        starts = claim_starts[bisect_left(claim_starts, start) : bisect_left(claim_starts, end)]
        return any(not span.start_char <= other < span.end_char for other in starts)

    dates = [date for date in context.dates_in(sentence) if not overlaps_a_claim(date)]
    after = next((ent for ent in dates if 0 <= ent.start - span.end <= 10), None)
    if after is not None and not claim_between(span.end_char, after.start_char):
        return _with_preposition(after, span.end, doc, context.lex)
    # A date before the claim only when nothing but a comma separates them ("In 2021, 5,000 ...").
    before = next((ent for ent in reversed(dates) if 0 <= span.start - ent.end <= 1), None)
    if before is not None and not claim_between(before.end_char, span.start_char):
        return _with_preposition(before, before.start - 1, doc, context.lex)
    return None


def _with_preposition(date: Span, earliest: int, doc: Doc, lex: _Lexicons) -> str:
    """ "since April 25": the date with the nearest time preposition before it, looking back to token `earliest`."""
    for index in range(date.start - 1, max(earliest, date.start - 8, 0) - 1, -1):
        if doc[index].lower_ in lex.time_prepositions:
            return f"{doc[index].text} {date.text}"
    return date.text


def _source(start: int, end: int, context: _Context) -> str | None:
    """The speaker of the quote around the claim, else the X of "according to X" in its sentence."""
    # The innermost quote around it: "the Examiner reported [Doyle told "... 60,000 ..."]" is Doyle's number.
    latest = bisect_right(context.quote_starts, start)
    for quote in reversed(context.quotes[max(0, latest - QUOTES_LOOKBACK) : latest]):
        if end <= quote.end:
            return quote.speaker_canonical or quote.speaker
    doc = context.doc
    for token in context.sentences[context.sentence_index(start)]:
        if token.lower_ == "according" and token.i + 1 < len(doc) and doc[token.i + 1].lower_ == "to":
            objects = [child for child in doc[token.i + 1].children if child.dep_ == "pobj"]
            if objects:
                return doc[objects[0].left_edge.i : objects[0].right_edge.i + 1].text
    return None


def _build_claim(first: _Amount, last: _Amount, start: int, claims_spans: list[tuple[int, int]], context: _Context) -> Claim | None:
    """One claim from an amount (or the two ends of a range) that starts at `start` ("between", "from" or the number)."""
    lex, text = context.lex, context.text
    opened_range = start != first.start
    qualifier_match = lex.qualifier_before.search(text, max(0, start - 24), start)
    if qualifier_match:
        start = qualifier_match.start()
    end = last.end
    span = context.span(first.start, end)
    if span is None:
        return None
    if first is not last and first.multiplier == 1 and last.multiplier > 1 and first.low * last.multiplier <= last.high:
        first.low = first.high = first.low * last.multiplier  # "$89 to $93 billion", "1 to 2 thousand"
    # The more specific end names the unit: "$62 and $68 per share" is USD per share.
    unit = first.unit or last.unit or first.currency or last.currency
    if unit is None and AGED_BEFORE.search(text, max(0, start - 8), start):
        unit = YEAR_OF_AGE
    quantity, counted = None, False
    if unit is None:
        noun = _counted_noun(span)
        if noun is not None:
            unit, quantity, counted = _noun_unit(noun), _noun_phrase_quantity(span, noun), True
    else:
        quantity = _measured_quantity(span)
    # Counted things do not change ("lost 5 games" is five games); money, percentages and measures do. A range
    # opened by "from"/"between" gives levels, not the size of a change ("dropped from 208 pounds to 193").
    change = first.change
    if change is None and not counted and not opened_range:
        whole = context.span(start, end) or span
        change = _change_before(whole, context) or _change_to(whole, context) or _change_after(span, context)
    if first.factor is not None and change is None:
        change = "up" if first.factor > 1 else "down"
    qualifier = lex.qualifiers[_normal(qualifier_match["qualifier"])] if qualifier_match else ("~" if first.vague else "=")
    low, high = min(first.low, last.low), max(first.high, last.high)
    sentence = context.sentence_index(start)
    return Claim(
        start=start,
        end=end,
        text=text[start:end],
        value=(low + high) / 2,
        low=low,
        high=high,
        qualifier=qualifier,
        change=change,
        factor=first.factor,
        unit=unit,
        quantity=quantity,
        time=_time(span, claims_spans, context),
        source=_source(start, end, context),
        sentence=sentence,
        sentence_text=context.sentences[sentence].text,
    )


def _factor_verb(match: re.Match, context: _Context) -> _Amount | None:
    """ "doubled", "halved" used as a verb: a multiplicative change."""
    span = context.span(match.start(), match.end())
    if span is None or span.root.pos_ != "VERB":
        return None
    factor = context.lex.factors[match.group().lower()]
    return _Amount(match.start(), match.end(), factor, factor, unit=MULTIPLICATIVE_UNIT, factor=factor)


@Language.component("presslens_claims")
def extract_claims(doc: Doc) -> Doc:
    """Set `doc._.claims` to the document's numeric claims, in text order."""
    lex = _lexicons()
    matches = list(lex.amount.finditer(doc.text))
    factor_verbs = list(lex.factor_verb.finditer(doc.text))
    doc._.claims = []
    if not matches and not factor_verbs:
        return doc
    context = _Context(doc, lex)
    amounts = [amount for amount in (_amount(match, lex) for match in matches) if amount is not None and _is_claim(amount, context)]
    for amount in amounts:
        if amount.metre_or_million:
            _million_before_plural(amount, context)
    amounts += [amount for amount in (_factor_verb(match, context) for match in factor_verbs) if amount is not None]
    amounts.sort(key=lambda amount: amount.start)
    ranges = _join_ranges(amounts, context)
    claims_spans = [(start, last.end) for _, last, start in ranges]
    claims = (_build_claim(first, last, start, claims_spans, context) for first, last, start in ranges)
    found = _inherit_into_conversions([claim for claim in claims if claim is not None], doc.text)
    doc._.claims = _inherit_elided_units(found, doc.text)
    return doc


def _inherit_into_conversions(claims: list[Claim], text: str) -> list[Claim]:
    """A conversion in brackets right after a claim ("just under 296 hp (224 kW)", "fell 1 to 1.5 C (1.8 to 2.7 F)")
    says the same thing, so it takes that claim's qualifier and change."""
    for previous, claim in zip(claims, claims[1:]):
        if claim.qualifier == "=" and claim.change is None and text[previous.end : claim.start].strip() == "(":
            claim.qualifier, claim.change = previous.qualifier, previous.change
    return claims


def _inherit_elided_units(claims: list[Claim], text: str) -> list[Claim]:
    """A number without a unit counts what its neighbour counts when the noun is left out: the whole it is part of
    ("tens of thousands of the 2 million cases", "280 million of the 1.5 billion shekels"), or the claim before it
    in the sentence when a conjunction joins them ("360,000 closed cases by April and 1 million by summer")."""
    for claim, whole in zip(claims, claims[1:]):
        if claim.unit is None and whole.unit and OF_THE_BETWEEN.fullmatch(text, claim.end, whole.start):
            claim.unit, claim.quantity = whole.unit, whole.quantity
    for index, claim in enumerate(claims):
        if claim.unit is None and CONJUNCTION_BEFORE.search(text, max(0, claim.start - 5), claim.start):
            for other in reversed(claims[max(0, index - ELIDED_UNIT_LOOKBACK) : index]):
                if other.sentence != claim.sentence:
                    break
                if other.unit:
                    claim.unit, claim.quantity = other.unit, other.quantity
                    break
    return claims

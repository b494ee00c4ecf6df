"""Numeric claims: every number in an article as a value, range, qualifier, change and unit.

The `presslens_claims` component takes a parsed `Doc` (after `presslens_quotes`,
whose speakers become claim sources) and sets `doc._.claims` to a list of
`Claim`s.

It works in three steps, so that the expensive part stays in compiled regexes:
1. one regex built from the lexicons in `models/lexicons/` finds every amount in
   the text ("$3.2 billion", "two-thirds", "tens of thousands", "45-year-old",
   "3-4", "fourfold") and `read_amount` reads its value, scale, currency and unit
   (`claim_scores` reads a score's sides: "won 4-1" is 4 and 1);
2. amounts that are dates, times of day, labels ("Route 66", "Apollo 11"),
   phone numbers, addresses or the pronoun "one" are dropped, and
   neighbours joined by "to"/"and" become ranges;
3. the parse around each claim gives the qualifier ("more than"), the change
   ("rose 5%"), the counted noun (unit and quantity), the time expression and
   the source (an enclosing quote's speaker, or "according to X"), and
   `claim_context` says where the number stands (body, caption, byline, ...).
Each step is a module: `claim_amounts` (and `claim_scores`), `claim_filters`, `claim_parts` (and
`claim_ellipsis` for a count whose noun is left out, `claim_attribution` for the time and the source,
`claim_neighbours` for a unit or change a neighbouring claim writes once).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from spacy.language import Language
from spacy.tokens import Doc, Span

from nlp.extract.claim_amounts import MULTIPLICATIVE_UNIT, TIME_UNITS, Amount, ClaimLexicons, claim_lexicons, normal_variant
from nlp.extract.claim_amount_units import normalize_known_units
from nlp.extract.claim_forms import AGE_UNITS, GROUP_MEMBERS, TIME_OF_DAY, clock_times, counting_ordinals, group_quantity, race_times, has_number_word_form, hyphen_counts, mark_age_after_name, name_before_age, mark_occurrences
from nlp.extract.claim_filters import ClaimContext, is_claim, join_ranges, join_spaced_thousands, million_before_plural
from nlp.extract.claim_bare_currencies import resolve_bare_currencies, resolve_bare_francs
from nlp.extract.claim_race_distances import race_distances
from nlp.extract.claim_temperature import resolve_degrees
from nlp.extract.claim_unit_cues import drop_product_names, resolve_pounds
from nlp.extract.claim_units import count_name, normalize_unit
from nlp.extract.claim_scores import SCORE_QUANTITY, line_results, read_amounts, record_sides, result_sides
from nlp.extract.claim_direction import change_after, change_before, change_noun_of, count_cut, governing_change, leads_contest, locates, may_cut_stock
from nlp.extract.claim_attribution import claim_source, claim_time
from nlp.extract.claim_parts import counted_noun, counted_phrase, measured_quantity, noun_phrase_quantity, noun_unit
from nlp.extract.claim_regex import may_hold
from nlp.extract.claim_periods import duration_quantity, is_period, is_time_of
from nlp.extract.claim_polls import ratio_denominator, unsigned_margin
from nlp.extract.claim_neighbours import share_with_neighbours
from nlp.extract.claim_heights import heights, share_height_quantity
from nlp.extract.claim_ellipsis import ELLIPTIC_HEADS, elided_count
from nlp.extract.claim_number_of import THRESHOLD_NOUNS, tallied_count
from nlp.extract.doc_text import doc_text
from nlp.schemas import Claim

Doc.set_extension("claims", default=None, force=True)

BY_BEFORE = re.compile(r"\bby\s+$", re.IGNORECASE)
ANY_DIGIT = re.compile(r"\d")  # clock times ("9am") hold digits the amount regex does not match
# A qualifier that places a level, which a movement crosses: "falls below $6,000", "a low below $6,000", "rose above
# 5%" state the level reached, as "fell to $5,920" does. "over" and "under" say more or less than an amount, so
# after a change word they bound its size ("rose under 4%", "rose over 5%"), as "more than" does.
LEVEL_QUALIFIERS = frozenset({"above", "below", "just below", "north of", "south of"})
VERB_QUALIFIER = "top"  # "temperatures could top 35C" (more than); "the top 10 firms" ranks them
# Verbs whose particle "over" passes a thing on ("hand over three men", "turned over 5,000 files"): no bound. Not
# "take": "taken over 300 wickets" is more than 300, and the parse makes that "over" a particle too.
HANDOVER_VERBS = frozenset({"hand", "turn", "sign"})
# "5-6,000 people", "between 20 and 30,000 fans": a low end written short takes the high end's groups of zeros, as
# it takes a scale word ("1 to 2 million"); "from" sets two levels apart ("from 5 to 6,000 members"): no such range.
SHORT_LOW_END = re.compile(r"[$£€]?(?P<low>\d{1,3})(?:\s*[-–]\s*|\s+and\s+)[$£€]?(?P<high>\d{1,3}(?P<zeros>(?:,000)+))(?![\d.,]\d)")
PERIOD_PREPOSITIONS = frozenset({"over"})  # "over 10 years": during them ("within 48 hours" bounds: the parse says prep too)
# A currency's name before the number, as agencies write it ("Australian dollars 648m", "US dollars 25 million", "USD
# 25 million"): one or two words, the last a plural of four or more letters or a code in capitals ("all seven" and
# "the top three" name no lek nor pa'anga, "Euro 2016" is a tournament); no symbol, which the amount regex reads.
CURRENCY_NAME_BEFORE = re.compile(r"(?P<name>(?:\b[A-Za-z.]+\s+)?\b(?:[A-Za-z]{3,}s|[A-Z]{3}))\s+$")
SCALED_PLUS = re.compile(r"(?<=\d)(?P<qualifier>-plus)\s", re.IGNORECASE)  # before the scale word: "$20-plus trillion"
AGE_GROUP_NOUN = "olds"  # "16-year-olds", "18-24 year olds": a group named by its age


def _build_claim(first: Amount, last: Amount, start: int, claims_spans: list[tuple[int, int]], claim_starts: list[int], context: ClaimContext) -> Claim | None:
    """One claim from an amount (or the two ends of a range) that starts at `start` ("between", "from" or the number)."""
    opened_range = start != first.start
    start, end, qualifier = _qualified_bounds(start, last.end, context)
    span = context.span(first.start, end)
    if span is None:
        return None
    _scale_low_end(first, last, context)
    # The more specific end names the unit: "$62 and $68 per share" is USD per share.
    unit = first.unit or last.unit or first.currency or last.currency
    if first.score:  # a side of "won 4-1": no noun counted ("a 2-1 win" counts no wins), no change
        quantity, counted, counted_words = SCORE_QUANTITY, False, None
    elif unit is None:
        unit, quantity, counted, counted_words = _counted(span, context.span(start, end) or span, first.vague)
        if first.vague and _names_figures_unit(span, unit, context.lex):
            return None
    else:
        quantity, counted, counted_words = _measure_quantity(span, unit), False, None
    if unit in TIME_UNITS and _period_preposition(start, first.start, context):
        start, qualifier = first.start, "="  # "rose 20% over 3 years": the period of a change, not more than 3 years
    # Counted things do not change ("lost 5 games" is five games); money, percentages and measures do. A range
    # opened by "from"/"between" gives levels, not the size of a change ("dropped from 208 pounds to 193"), unless
    # "by" says it is one ("rose by between 5 and 10 percent").
    change = first.change
    crossed = normal_variant(context.text[start : first.start]) in LEVEL_QUALIFIERS
    levels = opened_range and not BY_BEFORE.search(context.text, max(0, start - 8), start)
    # "lost three years of my life": time lost; "fell away two minutes after liftoff": when. Neither moves a level.
    time_of = unit in TIME_UNITS and (is_time_of(span) or is_period(span))
    if change is None and not counted and not levels and not crossed and not first.score and not time_of and not locates(span) and not leads_contest(span):
        whole = context.span(start, end) or span
        # The level a change reaches ("rose 5% to $84") has no change of its own: it reads like any level.
        change = change_before(whole, context) or change_after(span, context) or governing_change(whole, context) or change_noun_of(span)
    if change is None and counted and not levels:
        change = _cut_count(span, start, context)  # "cut 1,200 jobs": a count that falls, unlike "lost 5 games"
    if first.factor is not None and change is None:
        change = "up" if first.factor > 1 else "down"
    low, high = min(first.low, last.low), max(first.high, last.high)
    sentence = context.sentence_index(start)
    return Claim(
        start=start,
        end=end,
        text=context.text[start:end],
        value=(low + high) / 2,
        low=low,
        high=high,
        qualifier=qualifier,
        change=change,
        factor=first.factor,
        unit=unit,
        # A counted noun is its own canonical name: only measures and money go through the unit libraries.
        unit_normalized=count_name(unit) if counted or counted_words else normalize_unit(unit),
        counted=counted_words,
        quantity=quantity,
        time=claim_time(span, claims_spans, claim_starts, context),
        source=claim_source(start, end, context),
        context=context.place(start, end),
        sentence=sentence,
        sentence_text=context.sentence_text(sentence, start, end),
    )


def _scale_low_end(first: Amount, last: Amount, context: ClaimContext) -> None:
    """Give a range's low end the scale its high end writes: "$89 to $93 billion", "1 to 2 thousand", "5-6,000"."""
    if first is not last and first.multiplier == 1 and last.multiplier > 1 and first.low * last.multiplier <= last.high:
        first.low = first.high = first.low * last.multiplier
    elif (scale := _zeros_of_high_end(first, last, context)) > 1:
        first.low *= scale
        first.high = max(first.high, first.low)


def _zeros_of_high_end(first: Amount, last: Amount, context: ClaimContext) -> int:
    """The thousands a range's short low end takes from its high end ("5-6,000" is 5,000 to 6,000), or 1: only where
    the low end so scaled is at most the high end and more than a tenth of it ("300 to 20,000" is written in full)."""
    match = SHORT_LOW_END.match(context.text, first.start, last.end)  # the end may hold a rate: "$5-6,000 a year"
    if match is None or first.multiplier != 1 or last.multiplier != 1:
        return 1
    scale = 1000 ** (len(match["zeros"]) // len(",000"))
    low, high = int(match["low"]) * scale, int(match["high"].replace(",", ""))
    return scale if low <= high < 10 * low else 1


def _cut_count(span: Span, start: int, context: ClaimContext) -> str | None:
    """ "down" for a count a verb cuts (`count_cut`); the parse is asked only when the sentence's text may hold one."""
    if not may_cut_stock(context.sentence_chars(context.sentence_index(start))):
        return None
    return count_cut(counted_noun(span))


def _period_preposition(start: int, number_start: int, context: ClaimContext) -> bool:
    """Whether the qualifier word before a span of time is the preposition of a period ("raise $5 billion over 10
    years", where the parse hangs the years on "over") rather than a bound on it ("for over 3 years")."""
    word = context.span(start, number_start)
    return word is not None and len(word) == 1 and word[0].lower_ in PERIOD_PREPOSITIONS and word[0].dep_ == "prep"


def _measure_quantity(span: Span, unit: str) -> str | None:
    """What a measure (a claim with a unit) measures: the group of a group's size ("the 13-strong jury": jury), a
    span of time's act or place ("14 years in prison"), the noun "worth" it describes ("loans worth $2bn"), else the
    noun or subject `measured_quantity` finds."""
    if unit == GROUP_MEMBERS:
        return group_quantity(span)
    if unit in TIME_UNITS and is_period(span):
        return None  # "over the next 20 years" dates an act, measures nothing
    if unit in AGE_UNITS.values() and span[-1].lower_ == AGE_GROUP_NOUN:
        return None  # "surveyed 16 to 17-year-olds": the amount names the people whose age it is, not the clause's subject
    worth = span.doc[span.start - 1] if span.start > 0 else None
    if worth is not None and worth.lower_ == "worth" and worth.dep_ == "amod" and worth.head.pos_ == "NOUN" and worth.head.i < worth.i:
        return worth.doc[worth.head.left_edge.i : worth.head.i + 1].text  # "vast loans worth $2bn": what is worth it
    # A span of time is mostly an act's ("jailed for three years in prison"), so a line's opening noun is no guess for it.
    quantity = (unit in AGE_UNITS.values() and name_before_age(span)) or measured_quantity(span, _measured_actor(unit), own_line=unit not in TIME_UNITS)
    return duration_quantity(span) if quantity is None and unit in TIME_UNITS else quantity


def _measured_actor(unit: str) -> str:
    """Whose measure a claim in `unit` may be (see `measured_quantity`): an age is a person's, a time of day no
    subject's (it dates an act), any other measure a thing's."""
    return "none" if unit == TIME_OF_DAY else "person" if unit in AGE_UNITS.values() else "thing"


def _qualified_bounds(start: int, end: int, context: ClaimContext) -> tuple[int, int, str]:
    """Start, end and qualifier of a claim with the words that bound or blur it, before the number ("more than
    20") or after it ("20 or more", "30-plus"); "=" without them. A vague amount ("tens of thousands") is stated by
    its explicit bounds, so it is "=" like any range."""
    lex, text = context.lex, context.text
    before = lex.qualifier_before.search(text, max(0, start - 24), start)
    after = lex.qualifier_after.match(text, end)
    if after:
        end = after.end()  # "about 300 or so people": the words before say it, those after end it
    else:
        after = SCALED_PLUS.search(text, start, end)
    if before and not _bounds_nothing(before, context):
        return before.start(), end, lex.qualifiers[normal_variant(before["qualifier"])]
    return start, end, lex.qualifiers_after[normal_variant(after["qualifier"])] if after else "="


def _bounds_nothing(qualifier: re.Match, context: ClaimContext) -> bool:
    """Whether a one-word qualifier is no bound here: "top" that ranks as an adjective ("the top 10"; only the verb
    bounds: "could top 35C"), or "over" as the particle of a verb that passes a thing on ("handed over 21 hostages")."""
    words = context.span(qualifier.start("qualifier"), qualifier.end("qualifier"))
    if words is None or len(words) != 1:
        return False
    word = words[0]
    ranks = word.lemma_.lower() == VERB_QUALIFIER and word.pos_ != "VERB"
    return ranks or (word.lower_ == "over" and word.dep_ == "prt" and word.head.lemma_.lower() in HANDOVER_VERBS)


def _currency_before(amount: Amount, context: ClaimContext) -> None:
    """Give an amount with no unit the currency whose name is written right before it ("Australian dollars 648m"), the
    longer name first ("US dollars", then "dollars"); a "m" is then a million, as "$648m" is."""
    if amount.currency or (amount.unit and not amount.metre_or_million):
        return
    window = (max(0, amount.start - 30), amount.start)
    last = context.text[window[0] : window[1]].rstrip()[-1:]  # a name ends in "s" or a code's capital: else no search
    before = CURRENCY_NAME_BEFORE.search(context.text, *window) if last == "s" or "A" <= last <= "Z" else None
    words = before["name"].lower().split() if before else []
    code = next((context.lex.currencies.get(" ".join(words[first:])) for first in range(len(words)) if " ".join(words[first:]) in context.lex.currencies), None)
    if code is None:
        return
    amount.currency, amount.bare = code, False
    if amount.metre_or_million:
        amount.unit, amount.metre_or_million = None, False
        amount.multiplier, amount.low, amount.high = 1e6, amount.low * 1e6, amount.high * 1e6


def _names_figures_unit(span: Span, unit: str | None, lex: ClaimLexicons) -> bool:
    """ "(in millions of yen unless stated)", "all figures in thousands of tonnes": a vague scale after the
    preposition "in" and before "of" and money or a unit says in what a table's figures are written, no amount
    ("bring in billions of dollars" takes "in" as a particle: an amount brought in)."""
    doc = span.doc
    if unit is None or span.start == 0 or span.end >= len(doc) or doc[span.end].lower_ != "of":
        return False
    if doc[span.start - 1].lower_ != "in" or doc[span.start - 1].dep_ != "prep":
        return False
    return unit.lower() in lex.units or unit.lower() in lex.currencies or count_name(unit) != unit.lower()


def _counted(span: Span, whole: Span, vague: bool) -> tuple[str | None, str | None, bool, str | None]:
    """Unit, quantity, whether it counts, and the counted phrase of a number with no unit of its own, from the noun
    it counts (`whole` is the claim with its qualifier). Vague amounts of pounds are money ("millions of pounds",
    "tens of thousands of pounds cheaper"), as "2 million pounds" is, unless something is weighed in them
    ("thousands of pounds of explosives")."""
    if vague and span.text.lower().endswith(("figure", "figures")):
        return None, measured_quantity(span), False, None  # "a six-figure deal": how large a sum is, no deals counted
    noun = counted_noun(span)
    if noun is not None and noun.tag_ == "NN" and noun.lemma_.lower() in THRESHOLD_NOUNS:
        noun = None  # "broke the 100,000 mark": a level crossed, no marks counted; plural "2.15 marks" are counted
    if noun is None and ratio_denominator(span) is not None:
        return None, None, False, None  # "one in three agree": a ratio's numerator, no count of what happened ("agree")
    tally = tallied_count(span) if noun is None else None
    if tally is not None:  # "The number of jobless rose 32,000 to 1.4 million": a count that changes
        return tally[0], tally[2], False, tally[1]
    if noun is None or noun.lemma_.lower() in ELLIPTIC_HEADS:
        return elided_count(whole, noun or span.root)
    if vague and noun.lemma_.lower() == "pound" and not (noun.i + 1 < len(noun.doc) and noun.doc[noun.i + 1].lower_ == "of"):
        return "GBP", measured_quantity(span), False, None
    return noun_unit(span, noun), noun_phrase_quantity(span, noun), True, count_name(counted_phrase(span, noun))


def _factor_verb(match: re.Match, context: ClaimContext) -> Amount | None:
    """ "doubled", "halved" used as a verb: a multiplicative change."""
    span = context.span(match.start(), match.end())
    if span is None or span.root.pos_ != "VERB":
        return None
    factor = context.lex.factors[match.group().lower()]
    return Amount(match.start(), match.end(), factor, factor, unit=MULTIPLICATIVE_UNIT, factor=factor)


@Language.factory(
    "presslens_claims",
    requires=["token.pos", "token.dep", "token.lemma", "token.is_sent_start", "doc.ents", "doc._.quotes"],
    assigns=["doc._.claims"],
)
def make_claims(nlp: Language, name: str) -> Callable[[Doc], Doc]:
    """`extract_claims`, its lexicons built as the pipeline loads (built in a worker's first document, they took part
    of its time limit, analyze --doc-timeout) and their unit names normalised then or, for pint's, once pint is
    loaded: pint parses a name slowly the first time (a millisecond or more), which would otherwise fall in the first
    documents' time."""
    has_number_word_form("")  # compiles the ordinal and hyphen patterns now, not in the first text with a hyphen
    normalize_known_units(claim_lexicons(), (TIME_OF_DAY, GROUP_MEMBERS, MULTIPLICATIVE_UNIT, *AGE_UNITS.values()))
    return extract_claims


def extract_claims(doc: Doc) -> Doc:
    """Set `doc._.claims` to the document's numeric claims, in text order."""
    lex = claim_lexicons()
    text = doc_text(doc)  # Doc.text joins the tokens on every access: read it once
    matches = list(lex.amount.finditer(text))
    factor_verbs = list(lex.factor_verb.finditer(text)) if may_hold(text, lex.factors) else []
    if not matches and not factor_verbs and not ANY_DIGIT.search(text) and not has_number_word_form(text):
        doc._.claims = []
        return doc
    context = ClaimContext(doc, lex, text)
    amounts = []
    lines = line_results(text)
    on_lines = {side.start for side in lines}
    readings = [side for match in matches for amount in read_amounts(match, lex) for side in result_sides(amount, context) or [amount] if side.start not in on_lines]
    # A results line's shape says what its numbers are, though the recognizer may take "PSV Eindhoven 4" for a name.
    scores = [amount for amount in readings + record_sides(context) if amount.score and is_claim(amount, context)] + lines
    for amount in join_spaced_thousands([amount for amount in readings if not amount.score], context):
        mark_age_after_name(amount, context)
        unsigned_margin(amount, text)
        mark_occurrences(amount, context)
        _currency_before(amount, context)
        if is_claim(amount, context):
            amounts.append(amount)
    for amount in amounts:
        if amount.metre_or_million:
            million_before_plural(amount, context)
    amounts += [amount for amount in (_factor_verb(match, context) for match in factor_verbs) if amount is not None]
    if measured := heights(text):  # "a 6'2\" forward": the amount pattern reads its feet as a count, its inches alone
        amounts = [amount for amount in amounts if not any(height.start < amount.end and amount.start < height.end for height in measured)]
    amounts.sort(key=lambda amount: amount.start)
    read = {amount.start for amount in amounts}  # "a 100-metre race" is a measure the amount regex has read
    compounds = [amount for amount in hyphen_counts(context) if amount.start not in read]
    # Clock times, counting ordinals, hyphened counts and the sides of a score never join a range with their
    # neighbours ("from $36,040 at 10pm to $34,935", "four- to six-cylinder", "won 4-1").
    alone = [(amount, amount, amount.start) for amount in clock_times(context) + race_times(text) + measured + counting_ordinals(context) + compounds + scores]
    ranges = sorted(join_ranges(amounts, context) + alone, key=lambda joined: joined[2])
    claims_spans = [(start, last.end) for _, last, start in ranges]
    claim_starts = [start for start, _ in claims_spans]
    claims = (_build_claim(first, last, start, claims_spans, claim_starts, context) for first, last, start in ranges)
    built = [claim for claim in claims if claim is not None]
    # The sides of a score neither give nor take a unit, qualifier or change ("won 2-1 and 3-0", "7-6 (7-3)").
    sides = [claim for claim in built if claim.quantity == SCORE_QUANTITY]
    found = share_with_neighbours([claim for claim in built if claim.quantity != SCORE_QUANTITY], text)
    found = drop_product_names(sorted(found + sides, key=lambda claim: claim.start), context)
    resolve_degrees(found, context)
    race_distances(found, text)
    resolve_pounds(found, context)
    resolve_bare_currencies(found, context)
    resolve_bare_francs(found, context)
    share_height_quantity(found, measured)
    doc._.claims = found  # set once: each write and read of an extension goes through spaCy's lookups
    return doc

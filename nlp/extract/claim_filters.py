"""Step 2 of claim extraction: which amounts are claims, and which pairs make one range.

`ClaimContext` holds the per-document lookups the rules share (sentences,
dates, quotes, excluded spans); `is_claim(amount, context)` drops dates, times
of day, labels, places in a table ("the bottom three"), phone numbers,
addresses, betting odds and the pronoun "one";
`join_ranges(amounts, context)` pairs the two ends of "between A and B",
"from A to B" and "A to B"; `join_spaced_thousands(amounts, context)` reads
"1, 600 officers" (a thousands separator scraped with a space) as one number.
"""

from __future__ import annotations

import calendar
import re
from bisect import bisect_left, bisect_right

from spacy.tokens import Doc, Span, Token

from nlp.schemas import excerpt
from nlp.extract.claim_amounts import TIME_UNITS, Amount, ClaimLexicons
from nlp.extract.claim_context import ContextFinder
from nlp.extract.claim_direction import change_before
from nlp.extract.claim_polls import ratio_denominator
from nlp.extract.claim_models import SINGULAR_COUNTS, count_before_model, glued_model_name, inside_model, inside_running_name, model_before_singular, running_text, titled_amount, version_number
from nlp.extract.claim_shapes import shapes_of_no_claim
from nlp.extract.claim_shirts import shirt_number
from nlp.extract.claim_attribution import according_to
from nlp.extract.claim_regex import may_hold
from nlp.lexicons import word_list

# A figure set against another, as results tables set a year's against the one before ("pre-tax profit 188 vs 160").
COMPARED_AFTER = re.compile(r"\s+(?:vs\.?|versus)\s+[-$(]?\d", re.IGNORECASE)
TIME_OF_DAY_AFTER = re.compile(r"\s*(?:[ap]\.?m\b\.?|o'clock\b|(?-i:GMT|UTC|[ECMP][SD]?T)\b)", re.IGNORECASE)
RANGE_OPENER_BEFORE = re.compile(r"(?<![\w$])(?P<opener>between|from)\s+(?:the\s+ages\s+of\s+)?$", re.IGNORECASE)  # "between the ages of 18 and 35"
SMALL_NUMBER_WORDS = r"(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\b"  # "three to four weeks"
RANGE_TO_NUMBER = re.compile(rf"\s*(?:-|–|to|or|and)\s*(?:\d[\d,.]*|{SMALL_NUMBER_WORDS})\s*(?P<next>[A-Za-z]+)?", re.IGNORECASE)
WORD_RANGE_TO = re.compile(rf"\s*(?:-|to|or)\s*(?:(?P<digit>\d)|{SMALL_NUMBER_WORDS})", re.IGNORECASE)
RANGE_FROM_NUMBER = re.compile(r"(?:\b(?P<before>[A-Za-z]+)\.?\s+)?\d[\d,.]*\s*(?:-|–|to|or|and)\s*$", re.IGNORECASE)
DASHES = frozenset("-–—")
RANGE_JOINER = re.compile(r"\s*(?:-|–|—|to|and|or|through)\s*", re.IGNORECASE)
RANGE_ENDS_MAX_RATIO = 5  # a range's high end is at most this many times its low end after a change word
# "from $36,040 at 10.45pm last night to $34,935": a "from" range's ends within one clause (", and", ", while" end it).
SPLIT_RANGE_JOINER = re.compile(r"\s(?:(?!,\s*(?:and|but|while|whilst|whereas|although|though)\b)[^;:!?()—]){1,60}?\sto\s+", re.IGNORECASE)
RESULT_VERBS = frozenset({"win", "lose", "beat", "lead", "trail", "tie", "defeat", "edge", "draw"})
NAME_LABELS = frozenset({"PERSON", "PER", "ORG", "MISC", "EVENT", "WORK_OF_ART", "PRODUCT", "LAW", "FAC", "NORP", "LANGUAGE"})  # a name's number is its
PHRASE_MODIFIERS = frozenset({"compound", "amod", "nmod"})  # words before a noun that say what kind
PHRASE_MODIFIER_REACH = 3  # a modifier's noun within this many words, so a misparse does not reach across a clause
NOUN_PHRASE_HEADS = frozenset({"nsubj", "nsubjpass", "dobj", "pobj", "appos"})
WEEKDAYS = frozenset(calendar.day_name)  # English in the C locale, which nothing here changes
MODEL_DIGITS = 3  # "the 747": a bare number of three digits after "the", counting nothing, is a model's name
TABLE_STEPS = frozenset({"place", "spot", "position", "rung", "notch"})  # what a move in a chart or table is counted in
# A place in a table or ranking: "the top three", "ranked 106 in the world", "ranked number 4" (no noun after), and
# "top" before a number that modifies a singular noun ("a top 10 hit", "a top 20 finish"; "the top 100 companies" count).
RANK_BEFORE = re.compile(r"(?:\bthe\s+(?:top|bottom)|\branked(?:\s+(?:no\.?|number))?)\s+$", re.IGNORECASE)
TOP_BEFORE = re.compile(r"\btop[\s-]$", re.IGNORECASE)
# "1, 600 officers": one to three digits, a comma and a space, then exactly three digits. The first group must not
# continue a list of numbers ("1, 2, 600 people").
SPACED_THOUSANDS = re.compile(r"(?<![\d.,]\s)(?<![\d.,])\d{1,3}, \d{3}")


class ClaimContext:
    """Per-document lookups the rules share: sentences, tokens by character, excluded spans."""

    def __init__(self, doc: Doc, lex: ClaimLexicons, text: str) -> None:
        self.doc = doc
        self.text = text  # doc.text, read once
        self.lex = lex
        self.sentences = list(doc.sents)
        self.sentence_starts = [sentence.start_char for sentence in self.sentences]
        self.excluded = shapes_of_no_claim(self.text)
        # Sorted lookups, so that a long document costs no more per claim than a short one.
        self.dates = [ent for ent in doc.ents if ent.label_ == "DATE"]
        self.date_starts = [date.start_char for date in self.dates]
        self.quotes = sorted(doc._.quotes or [], key=lambda quote: quote.start)
        self.quote_starts = [quote.start for quote in self.quotes]
        self.places = ContextFinder(self.text, [(sentence.start_char, sentence.end_char) for sentence in self.sentences])
        self._according_to: dict[int, str | None] = {}
        self._spans: dict[tuple[int, int], Span | None] = {}
        idioms = lex.number_idiom.finditer(self.text) if may_hold(self.text, word_list("lexicons/number_idioms.txt")) else ()
        self.excluded += [match.span() for match in idioms if not self._after_a_result_verb(match.start())]

    def _after_a_result_verb(self, char: int) -> bool:
        """ "won 24-7", "tied 50-50": a pair right after a verb of a result is its score, not an idiom."""
        words = self.text[max(0, char - 40) : char].split()
        span = self.span(char - len(words[-1]) - 1, char - 1) if words and self.text[char - 1 : char].isspace() else None
        return span is not None and span.root.lemma_.lower() in RESULT_VERBS

    def sentence_chars(self, index: int) -> str:
        """Sentence `index` as a slice of the text, for a cheap word test before its tokens are walked."""
        sentence = self.sentences[index]
        return self.text[sentence.start_char : sentence.end_char]

    def sentence_text(self, index: int, start: int, end: int) -> str:
        """The `sentence_text` of a claim at text[start:end] in sentence `index` (see nlp.schemas.excerpt)."""
        sentence = self.sentences[index]  # a slice of the text: Span.text would join the sentence's tokens
        return excerpt(self.text, (sentence.start_char, sentence.end_char), start, end)

    def according_to(self, index: int) -> str | None:
        """The X of "according to X" in sentence `index`, looked up once per sentence."""
        if index not in self._according_to:
            # Most sentences say no "according": a text search spares walking their tokens.
            said = "ccording" in self.sentence_chars(index)
            self._according_to[index] = according_to(self.sentences[index]) if said else None
        return self._according_to[index]

    def dates_in(self, sentence: Span) -> list[Span]:
        return self.dates[bisect_left(self.date_starts, sentence.start_char) : bisect_left(self.date_starts, sentence.end_char)]

    def sentence_index(self, char: int) -> int:
        return max(bisect_right(self.sentence_starts, char) - 1, 0)

    def span(self, start: int, end: int) -> Span | None:
        """The tokens over text[start:end], looked up once: the steps ask for the same amount's span several times."""
        if (start, end) not in self._spans:
            self._spans[start, end] = self.doc.char_span(start, end, alignment_mode="expand")
        return self._spans[start, end]

    def place(self, start: int, end: int) -> str:
        """The claim's `context` column: body, caption, gallery, byline, timestamp or boilerplate."""
        return self.places.context(start, end)


def is_claim(amount: Amount, context: ClaimContext) -> bool:
    """False for dates, times of day, labels, names, table places, phone numbers, addresses and the pronoun "one"."""
    if context.excluded and any(start < amount.end and amount.start < end for start, end in context.excluded):  # mostly none
        return False
    # The cheap tests first, here and below: most amounts are dropped or kept before a regex runs.
    if not amount.has_unit and TIME_OF_DAY_AFTER.match(context.text, amount.end):
        return False
    span = context.span(amount.start, amount.end)
    if span is None:
        return False
    if _inside_a_name(span) or titled_amount(span) or (span[0].is_alpha and span[0].like_num and (_opens_a_name(span) or inside_running_name(span))):  # not "Rs 42"
        return False  # "lost three Six Nations games", "the Four-Kings team", "shown on Five"
    if amount.score:
        return True  # "beat Boston 13-3": after a name, yet no label
    follows_noun = span.end < len(span.doc) and span.doc[span.end].pos_ in ("NOUN", "PROPN")
    if not amount.has_unit and not follows_noun and RANK_BEFORE.search(context.text, max(0, amount.start - 16), amount.start):
        return False
    if not amount.has_unit and follows_noun and span.doc[span.end].tag_ == "NN" and TOP_BEFORE.search(context.text, max(0, amount.start - 4), amount.start):
        return False
    if not amount.has_unit and _place_reached(span):
        return False
    if amount.lone_word:  # "one case", "three viruses", "seven to 10 years" count; "one of them", "no one" do not
        if span.start > 0 and span.doc[span.start - 1].lower_ in context.lex.labels or _labelled_by_noun(span):
            return False  # "reached number one", "season two", "on lap seven"
        opens_range = (high := WORD_RANGE_TO.match(context.text, amount.end)) is not None and (high["digit"] or amount.low >= 2)
        # "they lost four or five", "two to three days": a range of number words ("one or two of them": the pronoun's)
        closes_range = span.root.dep_ == "conj" and span.root.head.like_num and span.root.head.lower_ not in SINGULAR_COUNTS
        # A number word of two or more that heads its noun phrase counts what the context says: "all six aboard", "a
        # panel of twelve", "groups of three"; a lone "one" there is the pronoun.
        heads_phrase = amount.low >= 2 and span.root.dep_ in NOUN_PHRASE_HEADS
        opens_ratio = ratio_denominator(span) is not None  # "one in three visits": the numerator of a ratio
        doc, end = span.doc, span.end  # "two 737 jets": a model after the count
        return opens_range or closes_range or opens_ratio or heads_phrase or span.root.dep_ == "nummod" or (end < len(doc) and (inside_model(doc, end, end) or doc[end].pos_ == "NOUN"))
    if (not amount.has_unit and (_model_after_count(span) or model_before_singular(span))) or version_number(span):
        return False
    if amount.has_unit and glued_model_name(span):
        return False
    return not (amount.bare and _is_date_or_label(amount, span, context))


def _model_after_count(span: Span) -> bool:
    """ "10 737-800 planes", "30 737 jets": a number right after a count and before the noun that count counts is the
    noun's model, no amount (a count of counts is written with "of": "10 sets of 20"); a year is no count ("In 2019
    300 people died"), nor a gallery's counter ("7/8 40 people") or an ordinal ("his first 10 games", which spaCy's
    like_num takes for a number), and a count of one counts a singular ("1 600 officers" is 1,600 with a space)."""
    doc = span.doc
    if span.start == 0 or span.end >= len(doc):
        return False
    count, after = doc[span.start - 1], doc[span.end]
    if not count.like_num or count.tag_ != "CD" or "/" in count.text or count.lower_ in SINGULAR_COUNTS or not count.whitespace_ or count.ent_type_ in ("DATE", "TIME"):
        return False
    return after.pos_ in ("NOUN", "PROPN") or after.tag_ == "VBZ"


def _place_reached(span: Span) -> bool:
    """ "dropped a place to three", "climbed two places to 5": the number a move counted in places reaches is a place
    in a chart or table, a rank (as "reached number one" is), not an amount."""
    root = span.root
    if root.dep_ != "pobj" or root.head.lower_ not in ("to", "at") or (span.end < len(span.doc) and span.doc[span.end].pos_ == "NOUN"):
        return False
    verb = root.head.head
    return any(child.dep_ in ("dobj", "npadvmod") and child.lemma_.lower() in TABLE_STEPS for child in verb.children)


def _opens_a_name(span: Span) -> bool:
    """Whether a number word is or opens a name the recognizer missed: capitalised after a word in lower case and
    before another capitalised word, joined by a hyphen or not ("lost three Six Nations games", "the Four-Kings
    team"; a title-cased headline capitalises the word before), or counting no noun after it in a sentence written in
    lower case after a preposition ("shown on Five in the evenings", "a deal with Five": a channel, a band, a team)."""
    doc = span.doc
    if span.start == 0 or not span[0].is_title or not doc[span.start - 1].is_lower:
        return False
    after = doc[span.end : span.end + 2]
    if after and (after[0].is_title or (after.text[:1] == "-" and len(after) == 2 and after[1].is_title)):
        return True
    # Title case writes its small words in lower case too ("Toll Rises to Five"); a lower-case noun, verb or
    # adjective says the sentence is running text, where a number word is capitalised only in a name. Only after a
    # preposition: scraped text runs a caption's label into its sentence ("Image caption Dozens of rescuers ...").
    counts = bool(after) and (after[0].pos_ == "NOUN" or after[0].lower_ == "of")
    if counts or doc[span.start - 1].pos_ != "ADP":
        return False
    return running_text(span.sent)


def _inside_a_name(span: Span) -> bool:
    """Whether the number is part of a name the recognizer found, with words of its own ("Six Nations", "Fortune
    500", "Catch-22"): a label, not an amount. No name opens with a minus ("-10 F last night" is no product)."""
    if span[0].ent_type_ not in NAME_LABELS or (span[0].ent_type_ == "PERSON" and span[0].is_digit) or (span[0].ent_iob_ == "B" and span.text[0] in "-−"):
        return False  # a person's name holds no digits: "beat Peter Luczak 7-6" runs a score into it
    after = span.doc[span.end] if span.end < len(span.doc) else None
    # The name goes on before or after; it goes on after only when the whole number is inside it ("Rs 35 two years
    # ago": the name "Rs" ends at the number, a date opens inside it).
    return span[0].ent_iob_ == "I" or (after is not None and after.ent_iob_ == "I" and all(token.ent_iob_ == "I" for token in span[1:]))


def _is_date_or_label(amount: Amount, span: Span, context: ClaimContext) -> bool:
    doc, lex = context.doc, context.lex
    before = doc[span.start - 1] if span.start > 0 else None
    after = doc[span.end] if span.end < len(doc) else None
    counts_something = after is not None and after.tag_ == "NNS"
    year_like = 1000 <= amount.low <= 2100 and amount.low.is_integer()
    dated = any(token.ent_type_ in ("DATE", "TIME") for token in span)
    # A date, and a year unless it counts something ("2000 workers", not "its 2004 results", which the recognizer dates).
    # The low end of a range the recognizer dates ("3 to 4 days", "5 or 6 hours") is read with its high end.
    high_end = RANGE_TO_NUMBER.match(context.text, amount.end)
    opens_range = not year_like and high_end is not None and (high_end["next"] or "").lower().rstrip(".") not in lex.months
    # The high end of such a range is read with its low end ("aged 18 to 35"), unless a month comes before the low
    # end ("on May 22 and 23": days).
    low_end = RANGE_FROM_NUMBER.search(context.text, max(0, amount.start - 24), amount.start)
    after_month = low_end is not None and (low_end["before"] or "").lower() in lex.months
    if amount.high <= 31 and after_month:
        return True
    closes_range = not year_like and low_end is not None and not after_month
    if amount.low <= 2100 and dated and (not counts_something or year_like) and not opens_range and not closes_range:
        return True
    if year_like and not counts_something:
        return True
    if COMPARED_AFTER.match(context.text, amount.end):
        return False
    neighbours = [token.lower_.rstrip(".") for token in (before, after) if token is not None]
    if amount.high <= 31 and any(word in lex.months for word in neighbours):
        return True
    # After a name, a number that opens a range of a unit is its low end ("the Sea of Japan 125 to 155 miles west").
    measured_range = opens_range and (high_end["next"] or "").lower() in lex.units
    named = before is not None and before.pos_ == "PROPN" and not _count_after_day_or_person(span, before) and not measured_range
    if before is not None and (_label_word(before, counts_something) in lex.labels or named or _labelled_by_noun(span)):
        return True  # "page 5", "Route 66", "Apollo 11", "Big 12", "lap 7"
    if before is not None and (_names_a_model(span, before, after) or shirt_number(span)):  # "the 747", "Reyes (54)"
        return True
    return after is not None and after.pos_ == "PROPN" and after.tag_ != "NNPS" and not count_before_model(span)  # "787 Dreamliner", "90049 ZIP Code"


def _label_word(before: Token, counts_something: bool) -> str:
    """The word before a number, with the full stop the tokenizer may split from an abbreviation ("the No. 2 seed"),
    unless the number counts a plural after it: then the stop ends a sentence ("He said no. 25 people came")."""
    doc = before.doc
    if before.text == "." and before.i > 0 and not doc[before.i - 1].whitespace_ and not counts_something:
        return doc[before.i - 1].lower_ + "."
    return before.lower_


def _count_after_day_or_person(span: Span, before: Token) -> bool:
    """ "On Monday 300 people marched", "gave Cruz 34 delegates": after a day of the week or a person's name, a number
    that counts the plural after it is a count (no number labels a weekday or a person; "Friday 15 April" is a date by
    its month, "Windows 10 users" and "Boeing 747 jets" stay labels)."""
    after = span.doc[span.end] if span.end < len(span.doc) else None
    named = before.text in WEEKDAYS or before.ent_type_ == "PERSON"
    return named and after is not None and after.tag_ == "NNS"  # the parse may hang it on the day


def _names_a_model(span: Span, before: Token, after: Token | None) -> bool:
    """ "the 747, which ...", "the 757 in 2011", "The 411": "the" before a bare three-digit number that counts nothing
    after it names a model or a title. A count of people says who ("the 300 who stayed"); two digits count as
    often as they name ("the 12 were freed")."""
    if before.lower_ != "the" or len(span) != 1 or len(span.text) != MODEL_DIGITS or not span.text.isdigit():
        return False
    return after is None or not (after.pos_ in ("NOUN", "PROPN", "ADJ", "NUM") or after.tag_ == "VBN" or after.lower_ in ("who", "whom"))


def _labelled_by_noun(span: Span) -> bool:
    """A number right after a singular noun it modifies, with no noun of its own after it, is a label: "lap seven",
    "game 3", "row 12" (English numbers what they count before the noun: "seven laps"); so is one the parse makes
    the head of that noun as a compound ("the sp 500 is poised", an index's name in lower case)."""
    doc = span.doc
    before = doc[span.start - 1] if span.start > 0 else None
    named = before is not None and before.dep_ == "compound" and before.head.i == span.root.i
    if before is None or before.tag_ != "NN" or not (span.root.head.i == before.i or named):
        return False
    # "Image 3 of 25" is a counter, which `context` marks as a gallery's.
    return span.end == len(doc) or (doc[span.end].pos_ not in ("NOUN", "PROPN") and doc[span.end].lower_ != "of")


def join_spaced_thousands(amounts: list[Amount], context: ClaimContext) -> list[Amount]:
    """ "some 1, 600 officers": text scraped with a space after a thousands separator splits one number in two. Two
    plain integers so written are one number when the second counts a plural noun and the first is no day of a
    month ("on March 1, 600 people marched"); a list of numbers before a plural noun is rarely written so."""
    joined: list[Amount] = []
    for amount in amounts:
        previous = joined[-1] if joined else None
        if previous is not None and _spaced_thousands(previous, amount, context):
            value = previous.low * 1000 + amount.low
            joined[-1] = Amount(previous.start, amount.end, value, value)
        else:
            joined.append(amount)
    return joined


def _spaced_thousands(first: Amount, second: Amount, context: ClaimContext) -> bool:
    if not (first.bare and second.bare) or second.end - second.start != 3:
        return False
    if not SPACED_THOUSANDS.fullmatch(context.text, first.start, second.end):
        return False
    span, number = context.span(second.start, second.end), context.span(first.start, first.end)
    if span is None or number is None or span.end >= len(span.doc) or span.doc[span.end].tag_ != "NNS":
        return False
    before = number.doc[number.start - 1].lower_.rstrip(".") if number.start > 0 else ""
    return before not in context.lex.months and number[0].ent_type_ not in ("DATE", "TIME")


def million_before_plural(amount: Amount, context: ClaimContext) -> None:
    """ "5m people", "2.5m years", "4m DS consoles": a lower-case "m" before a noun phrase with a plural head is a
    million, not metres ("100m race", "the 60m hurdles title"), unless that plural names races ("60m hurdles")."""
    span = context.span(amount.start, amount.end)
    head = _phrase_head(span.doc[span.end]) if span is not None and span.end < len(span.doc) else None
    if head is not None and head.tag_ in ("NNS", "NNPS") and span.doc[span.end].lower_ not in word_list("lexicons/track_events.txt"):
        amount.unit, amount.multiplier = None, 1e6
        amount.low, amount.high = amount.low * 1e6, amount.high * 1e6


def _phrase_head(token: Token) -> Token:
    """The noun a modifier chain leads to ("cash" -> "machines" in "cash machines"), or the token itself."""
    while token.dep_ in PHRASE_MODIFIERS and token.i < token.head.i <= token.i + PHRASE_MODIFIER_REACH:
        token = token.head
    return token


def join_ranges(amounts: list[Amount], context: ClaimContext) -> list[tuple[Amount, Amount, int]]:
    """Pairs (first, last, start) where "between A and B", "from A to B" or "A to B" make one range."""
    joined: list[tuple[Amount, Amount, int]] = []
    index = 0
    while index < len(amounts):
        first = amounts[index]
        start = first.start
        opener = RANGE_OPENER_BEFORE.search(context.text, max(0, first.start - 28), first.start)
        if index + 1 < len(amounts) and _is_range(first, amounts[index + 1], opener, context):
            if opener:
                start = opener.start()
            joined.append((first, amounts[index + 1], start))
            index += 2
        else:
            joined.append((first, first, start))
            index += 1
    return joined


def _is_range(first: Amount, second: Amount, opener: re.Match | None, context: ClaimContext) -> bool:
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
    if word in DASHES and joiner.group() != word and context.text[first.end - 1].isalpha():
        return False  # "on 31 points - four points behind": a dash between spaces after a unit word sets off an aside
    if first.has_unit and second.has_unit and (first.currency, first.unit) != (second.currency, second.unit) and not _rate_written_once(first, second):
        return False  # "110 JPY to 1 USD"
    if word == "to" and (not first.has_unit or first.unit == second.unit == "percent") and first.low > second.high:
        return False  # "beat him 46 to 40 percent", "56% to 32%", "a vote of 90 to 10": a tally ("1.3 A/cm2 to 0.03 A/cm2" a range)
    if word == "or" or not first.has_unit:
        # "three or four years", "by 1 to 1.5 degrees"; but "grew by 1.5 million to 66 million" is a change and the
        # level it reaches: ends far apart after a change word.
        return not first.has_unit and not (word == "to" and _change_then_level(first, second, context))
    # "rose 5% to $84", "increased by $43.6 billion to $419.2 billion": a change, then the new level; "grew in three
    # years to 84 million": a span of time, then a level.
    span = context.span(first.start, first.end)
    return (change_before(span, context) is None if span is not None else True) and (second.has_unit or first.unit not in TIME_UNITS)


def _rate_written_once(first: Amount, second: Amount) -> bool:
    """ "$30,000 to $50,000 a year", "5 to 10 km per hour": a rate written after the high end is both ends' rate."""
    return first.currency == second.currency and (second.unit or "").startswith(f"{first.unit or first.currency} per ")


def _change_then_level(first: Amount, second: Amount, context: ClaimContext) -> bool:
    span = context.span(first.start, first.end)
    if span is None or change_before(span, context) is None:
        return False
    # "rose by 3 to 4 million": the low end takes the high end's scale word, as the range would, unless that puts it
    # above the high end ("fell by 600,000 to 5.9 million" is written in full).
    shares_scale = first.multiplier == 1 and second.multiplier > 1 and first.high * second.multiplier <= second.high
    low = first.high * (second.multiplier if shares_scale else 1)
    return 0 < low and second.low > RANGE_ENDS_MAX_RATIO * low

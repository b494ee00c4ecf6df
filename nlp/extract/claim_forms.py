"""Claims in forms the amount regex does not read: clock times, ordinals that count, ages after a name.

Each function takes the document's `ClaimContext` (and an `Amount` for ages)
and returns `Amount`s that join the others before claims are built:

- `clock_times`: "3:45 p.m.", "9am", "10 o'clock", "14:30 GMT" as unit
  `time of day`, valued in hours on a 24-hour clock (3:45 p.m. is 15.75);
- `counting_ordinals`: "the 19th launch", "a third straight win": the ordinal
  counts occurrences of an event noun (`models/lexicons/ordinal_count_nouns.txt`),
  while "2nd place", "19th century" and "5th Avenue" stay labels;
- `hyphen_counts`: "a six-cylinder engine", "a 10-point lead" count the noun
  after the hyphen, and so do the numbers of a suspended series ("four-, five-
  and six-cylinder"), while "a five-year plan" names a term;
- `mark_occurrences`: "used a million times", "three times a day" count
  occurrences (`time`), while "6.5 times earnings" multiplies;
- `mark_age_after_name`: "Smith, 30, ...", "aged 14", "at age seventeen",
  "when she was six" give the number the unit `year of age`.
"""

from __future__ import annotations

import re
from functools import cache

from spacy.tokens import Span, Token

from nlp.extract.claim_amounts import MULTIPLICATIVE_UNIT, TIME_UNITS, Amount
from nlp.extract.claim_filters import ClaimContext
from nlp.extract.claim_lines import crosses_line
from nlp.extract.claim_parts import names_a_person
from nlp.extract.claim_regex import alternation, may_hold
from nlp.lexicons import field_rows, pair_table, word_list

TIME_OF_DAY = "time of day"
YEAR_OF_AGE = "year of age"
CLOCK = re.compile(  # opens with a digit, the test of what stands before it after it: the engine skips to digits
    r"(?P<hour>\d(?<![\w:.,$£€]\d)\d?)(?:[:.]?(?P<minute>[0-5]\d))?\s*"
    r"(?:(?P<half>[ap])(?:\.m\.|m\b)|(?P<oclock>o'clock\b)|(?P<zone>(?-i:GMT|UTC|BST|CET|[ECMP][SD]?T|ET|PT)\b))",
    re.IGNORECASE,
)
AGE_MAX = 120
# "aged 14", "at age seventeen", "at the age of 16": the number after is an age, in years unless it names a shorter
# span of time ("at the age of four months").
AGE_UNITS = {None: YEAR_OF_AGE, "year": YEAR_OF_AGE, "month": "month of age", "week": "week of age", "day": "day of age"}
# "the age of" after any word ("a retirement age of 65", "from the age of seven", "between the ages of 10 and 17"),
# "age to" ("the voting age to 16") and the US "ages" before the number ("children ages 6 and 7") name an age too, and
# so does an age a qualifier bounds ("aged over 19", "at the age of just 28").
AGE_BEFORE = re.compile(
    r"(?<!\w)(?:aged|ages|(?:at|over|under|above|below|from|after|since|by|until)\s+(?:the\s+)?age|ages?\s+(?:of|to))\s+"
    r"(?:between\s+|from\s+)?(?:(?:just|only|about|around|nearly|almost|over|under)\s+)?$",
    re.IGNORECASE,
)
AGE_BOUNDS = frozenset({"over", "under", "above", "below"})  # "children under 5"
# Pronouns for people that a bound on an age may follow with no noun: "those over 65", "anyone under 18".
PEOPLE_PRONOUNS = frozenset({"those", "anyone", "anybody", "everyone", "everybody"})
AGE_NOUN = "age"  # "the average age of a buyer is now 34": the number an age is
AGE_CLOSERS = frozenset({",", ".", ";", ")"})  # what closes an age set off after a name: "Jane Smith, 30, said"
CURLY_BE = {"’re": "be", "’s": "be", "’m": "be"}  # the lemmatizer knows "'re" with a straight apostrophe only
AGE_VERBS = {"be": ("attr", "acomp"), "turn": ("dobj",)}  # "she is 62", "he turned 18": the number a person is or turns
# Between a number left hanging on its hyphen and the next number of its series: "four-, five- and six-cylinder".
SUSPENDED_HYPHEN = re.compile(r"-\s*,?\s*(?:(?:and|or|to)\s+)?", re.IGNORECASE)
# After "N times", what makes it a multiplier: "times earnings", "times higher", "times as many", "times the size".
MULTIPLIED = frozenset({"NOUN", "PROPN", "ADJ", "NUM"})
COMPARATIVE_TAGS = frozenset({"JJR", "RBR"})  # "ten times faster", "five times higher": a comparative is multiplied
MULTIPLIER_WORDS = frozenset({"as", "more", "less", "the", "that", "this", "its", "their", "his", "her", "than", "over"})
# "the 13-strong jury", "a 5,000-strong army": English states a group's size as an adjective in "-strong"; the number
# counts the group's members, not the noun it modifies (13 juries), so the unit is theirs.
GROUP_SIZE_WORD, GROUP_MEMBERS = "strong", "member"
RACE_TIME = re.compile(r"(?<![\d:.,])(?:(?P<hours>\d{1,2}):(?=\d{2}:))?(?P<minutes>\d{1,2}):(?P<seconds>[0-5]\d\.\d{1,3})(?![\d:])")
RACE_TIME_UNIT = "second"
ORDINAL_MODIFIERS = frozenset({"straight", "consecutive", "successive", "annual", "such"})
# In every ordinal written in digits ("19th"); it opens with a digit, so the engine skips to the text's digits.
DIGITS_ORDINAL_SUFFIX = re.compile(r"\d(?:st|nd|rd|th)", re.IGNORECASE)


def clock_times(context: ClaimContext) -> list[Amount]:
    """Times of day with a.m./p.m., o'clock or a time zone ("0300 GMT" with no colon too); a bare "3:45" may be a
    score or a race time."""
    amounts = []
    for match in CLOCK.finditer(context.text):
        hour, minute = int(match["hour"]), int(match["minute"] or 0)
        if match["zone"] and (match["minute"] is None or len(match["hour"]) < 2 and match.end("hour") == match.start("minute")):
            continue  # "5 ET" and "100 ET" are no times; "5:30 ET" and "0300 GMT" (a 24-hour clock's four digits) are
        if match["half"]:
            if not 1 <= hour <= 12:
                continue
            hour = hour % 12 + (12 if match["half"].lower() == "p" else 0)
        elif hour > 24:
            continue
        value = hour + minute / 60
        end = match.end() if match["half"] or match["oclock"] else match.end("minute")
        amounts.append(Amount(match.start(), end, value, value, unit=TIME_OF_DAY))
    return amounts


def race_times(text: str) -> list[Amount]:
    """Race times: minutes and seconds with the seconds' fraction ("clocked 1:54.342", "the previous mark of
    26:43.53"), hours first in a long race ("2:07:12.5"); no clock writes fractions of a second. In seconds."""
    amounts: list[Amount] = []
    if ":" not in text:
        return amounts  # every race time holds a colon: a substring test spares most texts the pattern's scan
    for match in RACE_TIME.finditer(text):
        value = round(int(match["hours"] or 0) * 3600 + int(match["minutes"]) * 60 + float(match["seconds"]), 3)
        amounts.append(Amount(match.start(), match.end(), value, value, unit=RACE_TIME_UNIT))
    return amounts


def _first_letters(words) -> str:
    """The letters `words` start with, escaped for a character class. A pattern that opens with a test of its first
    character skips most positions cheaply (as claim_amounts' patterns do); the patterns here ignore case."""
    return re.escape("".join(sorted({word[0] for word in words})))


@cache
def _ordinal_pattern() -> re.Pattern:
    ordinals = pair_table("lexicons/ordinal_words.tsv")
    words = alternation(ordinals, whole_words=False)  # grouped by first letter: a word start tries one group, not all
    return re.compile(rf"(?<!\w)(?=[\d{_first_letters(ordinals)}])(?:(?<![\w.,])(?P<digits>\d{{1,4}})(?:st|nd|rd|th)\b|(?<![\w-])(?P<word>{words})\b)", re.IGNORECASE)


def has_number_word_form(text: str) -> bool:
    """Whether a text without digits may still hold a counting ordinal ("a third straight win") or a hyphened count
    ("a six-cylinder engine")."""
    return _ordinal_pattern().search(text) is not None or _hyphen_pattern().search(text) is not None


def counting_ordinals(context: ClaimContext) -> list[Amount]:
    """ "the 19th launch", "a third straight win": ordinals followed by an event noun they count."""
    nouns = word_list("lexicons/ordinal_count_nouns.txt")
    ordinal_words = pair_table("lexicons/ordinal_words.tsv")
    amounts = []
    # The ordinal pattern opens with a lookbehind, tried at every character: most texts, with no ordinal suffix after
    # a digit and no ordinal word, are spared the scan.
    text = context.text
    may_count = DIGITS_ORDINAL_SUFFIX.search(text) is not None or may_hold(text, ordinal_words)
    for match in _ordinal_pattern().finditer(text) if may_count else ():
        span = context.span(match.start(), match.end())
        if span is None or span.end >= len(span.doc):
            continue
        following = span.doc[span.end]
        if following.lower_ in ORDINAL_MODIFIERS and span.end + 1 < len(span.doc):
            following = span.doc[span.end + 1]
        if following.pos_ == "NOUN" and following.lemma_.lower() in nouns and following.ent_type_ not in ("DATE", "TIME"):
            value = float(match["digits"]) if match["digits"] else float(ordinal_words[match["word"].lower()])
            amounts.append(Amount(match.start(), match.end(), value, value))
    return amounts


@cache
def _hyphen_pattern() -> re.Pattern:
    """A number (digits or a count word) before a hyphen: with the word joined to it ("six-cylinder"), or left hanging
    before a comma, "and", "or" or "to" ("four-, five- and ...")."""
    counts = sorted((word for word, _, kind in field_rows("lexicons/number_words.tsv") if kind == "count" and word != "one"), key=len, reverse=True)
    number = rf"\d{{1,3}}(?:,\d{{3}})+|\d+(?:\.\d+)?|{alternation(counts, whole_words=False)}"  # "a 5,000-seat stadium" too
    return re.compile(rf"(?=[\d{_first_letters(counts)}])(?<![\w.,/-])(?P<number>{number})-(?:(?P<word>[A-Za-z]+)\b(?!-)|(?=\s*,|\s+(?:and|or|to)\s))", re.IGNORECASE)


def hyphen_counts(context: ClaimContext) -> list[Amount]:
    """ "a six-cylinder engine", "a three-point shot": a number joined by a hyphen to the noun it counts; a term
    ("five-year", "two-month"), another adjective or "one-" ("one-way") is none, and "-strong" gives a group's size
    in members ("a 20-strong squad"). A number left hanging on
    its hyphen ("four-, five- and six-cylinder") counts what the series' last number counts (claims.py gives it
    that unit), so it is kept only when a counted noun ends the series."""
    amounts: list[Amount] = []
    hanging: list[Amount] = []
    for match in _hyphen_pattern().finditer(context.text) if "-" in context.text else ():
        written = match["number"].lower()
        value = float(written.replace(",", "")) if written[0].isdigit() else context.lex.numbers[written][0]
        amount = Amount(match.start(), match.end("number"), value, value)
        if hanging and not SUSPENDED_HYPHEN.fullmatch(context.text, hanging[-1].end, amount.start):
            hanging = []  # not the same series
        if match["word"] is None:
            hanging.append(amount)
            continue
        if match["word"].lower() == GROUP_SIZE_WORD:
            amounts.append(Amount(amount.start, amount.end, value, value, unit=GROUP_MEMBERS))
            hanging = []
            continue
        noun = context.span(match.start("word"), match.end("word"))
        # A capitalised noun after the hyphen makes a name ("the Four-Kings team"), as a count is written in lower case.
        if noun is not None and len(noun) == 1 and noun[0].pos_ == "NOUN" and noun[0].is_lower and noun[0].lemma_.lower() not in TIME_UNITS:
            amounts += [*hanging, amount]
        hanging = []
    return amounts


def name_before_age(span: Span) -> str | None:
    """The person an age between commas right after a name or a noun for a person measures ("the gunman, Omar
    Mateen, 29, a U.S. citizen" -> "Omar Mateen"), which the parse may hang on the clause's subject; else None."""
    doc = span.doc
    if span.start < 2 or doc[span.start - 1].text != "," or span.end >= len(doc) or doc[span.end].text not in AGE_CLOSERS:
        return None
    name = doc[span.start - 2]
    if not (name.pos_ == "PROPN" or names_a_person(name)):
        return None
    start = name.i
    while start > 0 and doc[start - 1].pos_ == "PROPN" and not crosses_line(doc, start - 1, start):
        start -= 1  # "Army Capt. Humayun Khan"
    if name.pos_ == "NOUN":
        start = next(token.i for token in doc[name.left_edge.i : name.i + 1] if not token.is_punct)  # "the grandmother"
    return doc[start : name.i + 1].text


def group_quantity(span: Span) -> str | None:
    """The group whose size a number in "-strong" is: "the 13-strong AFI jury" -> "AFI jury"; None when "strong"
    modifies no noun after it ("the squad, 25-strong, ...")."""
    doc = span.doc
    strong = doc[span.end + 1] if span.end + 1 < len(doc) else None
    if strong is None or strong.lower_ != GROUP_SIZE_WORD or strong.head.i <= strong.i or strong.head.pos_ not in ("NOUN", "PROPN"):
        return None
    return doc[strong.i + 1 : strong.head.i + 1].text


def mark_age_after_name(amount: Amount, context: ClaimContext) -> None:
    """ "Jane Smith, 30, said": a bare whole number between commas right after a person's name is an age; so is
    one that a person is ("she is 62", "He will be 35 by then", "when she was six") and one after "aged", "at age" or a bound
    on an age ("aged 14", "at the age of 16", "aged 8-10 years", "over the age of 21"), or after a bound that
    follows a noun or pronoun for people ("children under 5", "those over 80")."""
    if amount.unit in AGE_UNITS and AGE_BEFORE.search(context.text, max(0, amount.start - 32), amount.start):
        _mark_age(amount, AGE_UNITS[amount.unit])
        return
    # A lone "one" a person is, is the pronoun ("he was the one who left", "she was one too").
    if not (amount.bare or (amount.lone_word and amount.low >= 2)) or not 0 < amount.low <= AGE_MAX:
        return
    if _is_persons_number(amount, context) or _bounds_persons_age(amount, context):
        _mark_age(amount)
        return
    text = context.text
    if not (text[amount.end : amount.end + 1] in (",", ".", ";", ")") and text[max(0, amount.start - 2) : amount.start] == ", "):
        return
    span = context.span(amount.start - 2, amount.start - 1)
    if span is None or span.start == 0:
        return
    name = span.doc[span.start - 1]
    if names_a_person(name) or (name.pos_ == "PROPN" and (name.ent_type_ not in ("GPE", "LOC", "FAC", "DATE") or _titled(name))):
        _mark_age(amount)


def _titled(name: Token) -> bool:
    """Whether a title opens the name ("Mr Mubanga", "Dr Ali"): a person's, whatever type the recognizer gave it."""
    titles = word_list("lexicons/titles.txt")
    before = name.doc[name.i - 1] if name.i > 0 else None
    return before is not None and before.pos_ == "PROPN" and (before.lower_ in titles or before.lower_ + "." in titles)


def _bounds_persons_age(amount: Amount, context: ClaimContext) -> bool:
    """ "children under 5", "women over 50", "those over 80": a bare number after a bound that follows a noun or
    pronoun for people, with no noun of its own after it."""
    span = context.span(amount.start, amount.end)
    if span is None or span.start < 2 or (span.end < len(span.doc) and _counted_after(span.doc[span.end], amount)):
        return False
    bound, people = span.doc[span.start - 1], span.doc[span.start - 2]
    counts_people = names_a_person(people) or people.lemma_.lower() in word_list("lexicons/people_nouns.txt")
    return bound.lower_ in AGE_BOUNDS and (people.tag_ == "NNS" and counts_people or people.lower_ in PEOPLE_PRONOUNS)


def _counted_after(token: Token, amount: Amount) -> bool:
    """Whether the noun after a number may be what it counts: a number above one counts a plural, so a singular
    noun after it is a verb the parse took for a noun ("children under 12 travel free", "kids under 5 ride")."""
    return token.pos_ == "PROPN" or token.pos_ == "NOUN" and (token.tag_ != "NN" or amount.low == 1)


def _mark_age(amount: Amount, unit: str = YEAR_OF_AGE) -> None:
    amount.unit, amount.bare, amount.lone_word = unit, False, False


def _is_persons_number(amount: Amount, context: ClaimContext) -> bool:
    """A bare number that is the complement of "be" or the object of "turn" whose subject is a person ("she is 62",
    "the driver was 45", "he turned 18", "the actor, who turned 58"), or that an age is ("the median age was 41"), with
    no noun after it."""
    span = context.span(amount.start, amount.end)
    verb = span.root.head if span is not None else None
    if span is None or len(span) != 1 or span.root.dep_ not in AGE_VERBS.get(CURLY_BE.get(verb.lower_, verb.lemma_), ()):
        return False
    if span.start > 0 and span.doc[span.start - 1].pos_ == "DET":
        return False  # "they were the two who stayed": a count, not an age
    after = span.doc[span.end] if span.end < len(span.doc) else None
    if after is not None and (after.pos_ in ("NOUN", "PROPN") or after.lower_ in ("of", "out")):
        return False  # "she is 5 feet tall", "he was 3 of 10", "it is 20 percent" are not ages; "he was 30 at the time" is
    subjects = [child for child in verb.children if child.dep_ == "nsubj"]
    if not subjects:
        return False
    subject = verb.head if subjects[0].tag_ == "WP" and verb.dep_ == "relcl" else subjects[0]  # "the singer, who turned 70"
    return names_a_person(subject) or subject.lemma_.lower() == AGE_NOUN and verb.lemma_ == "be"


def mark_occurrences(amount: Amount, context: ClaimContext) -> None:
    """ "used over a million times", "visited 3 times", "three times a day": "times" with nothing multiplied after it
    counts occurrences, unit `time`; "6.5 times earnings", "five times higher", "ten times faster" multiply and keep
    `times`."""
    measure, _, per = (amount.unit or "").partition(" per ")
    if measure != MULTIPLICATIVE_UNIT or amount.factor is not None:
        return
    span = context.span(amount.start, amount.end)
    after = span.doc[span.end] if span is not None and span.end < len(span.doc) else None
    if after is None or not (after.pos_ in MULTIPLIED or after.tag_ in COMPARATIVE_TAGS or after.lower_ in MULTIPLIER_WORDS):
        amount.unit = f"time per {per}" if per else "time"

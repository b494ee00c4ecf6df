"""Scores and results ("won 4-1", "tied at 2-2", "6-7 6-4 6-4", "Arsenal 1-2 Chelsea", "a 50-32-1 record"): one
claim per side.

`read_amounts(match, lexicons)` reads one match of the amount regex
(claim_amounts): a result gives one `Amount` per side, anything else what
`read_amount` gives. `result_sides(amount, context)` splits a pair read as a
range ("1-2") where the parse says it is a result; `record_sides(context)` reads a record of wins, losses and
ties, which the amount regex does not match, and `line_results(text)` a results line ("Bahia 2 Atletico 0", a
headline's "Wasps 31-37 Leicester") and
the points of an Australian rules tally ("14.12 (96)"). Each side becomes a claim
of its own with quantity `SCORE_QUANTITY`, no unit (NewsQuant's gold and
bench/gum-claims.json name none), no change and no range: "won 3-1" and "won
3-2" state different results, side by side.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from nlp.extract.claim_amounts import Amount, ClaimLexicons, read_amount
from nlp.extract.claim_regex import line_matches
from nlp.extract.claim_shapes import tallies

if TYPE_CHECKING:
    from spacy.tokens import Token

    from nlp.extract.claim_filters import ClaimContext

SCORE_QUANTITY = "score"
SIDE_DIGITS = 3  # the longest side of a score: "won 112-98"
SCORE_PAIR_AFTER = re.compile(r"\s+\(?\d{1,2}[-–]\d{1,2}(?![\d%])")  # the next set of a match: " 6-4", " (7-3)"
SCORE_PAIR_BEFORE = re.compile(r"(?<![\d.,])\d{1,2}[-–]\d{1,2}\)?\s+\(?$")  # "6-7 (5-7)": a tie-break after its set
OPPONENT_WORDS = frozenset({"to", "against"})  # before the side a result was won or lost against
PAIR = re.compile(r"(?P<low>\d+)\s?[-–—]\s?(?P<high>\d+)")
# A season's record of wins, losses and ties ("a 50-32-1 record", "went 7-8-1"); a formation ("a 4-4-2", "3-4-1
# scrum") is none.
RECORD = re.compile(r"(?<![\w.,/-])(?P<wins>\d{1,3})-(?P<losses>\d{1,3})-(?P<ties>\d{1,3})(?![\w/-]|\.\d)")
RECORD_NOUNS = frozenset({"record", "mark"})
RECORD_VERBS = frozenset({"be", "go", "finish"})  # "was 50-32-1", "went 7-8-1", "finished 10-5-1"
# A results line: two names, each followed by its side's score, and nothing else ("Bahia 2 Atletico Paranaense 0",
# "NEC Nijmegen 1 PSV Eindhoven 4"), as agencies list a round's matches; the names hold no digits.
RESULT_LINE = re.compile(r"^[ \t]*[A-Z][^\d\n]*?[\w.)][ \t]+(?P<home>\d{1,3})[ \t]+[A-Z][^\d\n]*?[\w.)][ \t]+(?P<away>\d{1,3})\.?[ \t]*$", re.MULTILINE)
# A result as a match report's headline writes it, on a line of its own: a name, the two sides joined by a dash, a
# name ("Wasps 31-37 Leicester", "Hearts of Oak 3-2 Cotonsport"); each name up to four words, capitalised, no digits.
NAME_WORDS = r"[A-Z][\w.'&]*(?:[ \t]+(?:[A-Z][\w.'&]*|of|de|and|&)){0,3}"
HEADLINE_RESULT = re.compile(rf"^[ \t]*{NAME_WORDS}[ \t]+(?P<home>\d{{1,3}})[-–](?P<away>\d{{1,3}})[ \t]+{NAME_WORDS}[ \t]*$", re.MULTILINE)
# Where a results line may end: its away side's number. A text with no line that ends so is spared RESULT_LINE's tries
# (one per line, each walking the line's words); a digit first lets the regex engine skip to the next digit.
RESULT_LINE_END = re.compile(r"\d\.?[ \t]*$", re.MULTILINE)
# What makes a pair of numbers a range of a measure, money or a scale ("3-2 million", "5-4 kg", "$5-4").
NOT_PLAIN = ("unit", "scale", "abbreviation", "currency")


def _plain_pair(match: re.Match) -> bool:
    """Two whole numbers joined by a dash, with nothing after them."""
    if not (match["high"] and match["dash"] and match["digits"]) or any(match[name] for name in NOT_PLAIN):
        return False
    return match["digits"].isdigit() and match["high"].isdigit()


def is_score(match: re.Match) -> bool:
    """ "4-1", "13-3", "2-2": a plain pair with the second number not above the first is a result (ranges are written
    low to high: "3-4 days")."""
    return _plain_pair(match) and int(match["high"]) <= int(match["digits"])


def in_a_run_of_scores(match: re.Match) -> bool:
    """ "won 6-7 6-4 6-4", "4-6 7-6 (7-3)": a pair of small whole numbers next to another such pair is one of a
    match's set scores, whichever number is higher."""
    if not (_plain_pair(match) and len(match["digits"]) <= 2 and len(match["high"]) <= 2):
        return False
    text, start, end = match.string, match.start(), match.end()
    return bool(SCORE_PAIR_AFTER.match(text, end) or SCORE_PAIR_BEFORE.search(text, max(0, start - 10), start))


def read_amounts(match: re.Match, lex: ClaimLexicons) -> list[Amount]:
    """The amounts of one regex match: none, one, or a score's two sides ("won 4-1" is 4 and 1, never a range)."""
    # Only a pair may be a score: most matches skip the tests.
    if not (match["high"] and match["digits"] and (is_score(match) or in_a_run_of_scores(match))):
        amount = read_amount(match, lex)
        return [amount] if amount is not None else []
    # A side longer than SIDE_DIGITS is a span of years or a code ("the 2019-20 season"), which says no number;
    # letters after the pair ("6-4 a.", "2-1pm") make it neither a score nor a measure.
    if match["sense"] or match["glued"] or max(len(match["digits"]), len(match["high"])) > SIDE_DIGITS:
        return []
    return [_side(match.start(side), match.end(side), match[side]) for side in ("digits", "high")]


def _side(start: int, end: int, digits: str) -> Amount:
    return Amount(start, end, float(digits), float(digits), score=True)


def result_sides(amount: Amount, context: ClaimContext) -> list[Amount]:
    """The sides of a plain pair written low to high that no range can be ("Arsenal 1-2 Chelsea", "a 5-11 season",
    "a 1-2 defeat", "lost 1-2 to Chelsea"), else []. A range counts a plural ("3-4 days") or modifies the noun after
    its own ("a 10-12 page report"); a pair between two names, before a singular noun that it modifies, or before
    the name of an opponent states a result."""
    pair = PAIR.fullmatch(context.text, amount.start, amount.end) if amount.is_range and amount.bare else None
    if pair is None or len(pair["high"]) > SIDE_DIGITS:
        return []
    span = context.span(amount.start, amount.end)
    if span is None or span.start == 0 or span.end >= len(span.doc):
        return []
    before, after = span.doc[span.start - 1], span.doc[span.end]
    if any(token.lower_.rstrip(".") in context.lex.months for token in (before, after)):
        return []  # "in London 12-14 March": days of a month
    between_names = before.pos_ == "PROPN" and after.pos_ == "PROPN"
    singular_head = after.tag_ == "NN" and after.dep_ != "compound" and span.root.head.i == after.i
    opponent = span.root.head.pos_ == "VERB" and _before_an_opponent(after)  # what a verb's result was against
    if not (between_names or singular_head or opponent):
        return []
    return [_side(pair.start(side), pair.end(side), pair[side]) for side in ("low", "high")]


def _before_an_opponent(after: Token) -> bool:
    """ "lost 1-2 to Chelsea", "beaten 0-3 against Italy": "to" or "against" and a name that is no date."""
    doc = after.doc
    if after.lower_ not in OPPONENT_WORDS or after.i + 1 >= len(doc):
        return False
    name = doc[after.i + 1]
    return name.pos_ == "PROPN" and name.ent_type_ not in ("DATE", "TIME")


def record_sides(context: ClaimContext) -> list[Amount]:
    """The three sides of each record of wins, losses and ties: before "record"/"mark" or after "was", "went" or
    "finished" ("a 50-32-1 record", "went 59-35-1"); each a claim as a score's side is."""
    sides: list[Amount] = []
    for match in RECORD.finditer(context.text) if "-" in context.text else ():
        span = context.span(match.start(), match.end())
        if span is None:
            continue
        doc = span.doc
        after = doc[span.end].lemma_.lower() if span.end < len(doc) else ""
        before = doc[span.start - 1].lemma_.lower() if span.start > 0 else ""
        if after in RECORD_NOUNS or before in RECORD_VERBS:
            sides += [_side(match.start(side), match.end(side), match[side]) for side in ("wins", "losses", "ties")]
    return sides


def line_results(text: str) -> list[Amount]:
    """The two sides of each results line (`RESULT_LINE`, `HEADLINE_RESULT`) in `text`, home side first, and the
    points of each Australian rules tally ("Essendon 14.12 (96) d Carlton 10.8 (68)": 96 and 68)."""
    lines = line_matches(RESULT_LINE, text) if RESULT_LINE_END.search(text) else []
    lines += line_matches(HEADLINE_RESULT, text) if "-" in text or "–" in text else []
    sides = [_side(match.start(side), match.end(side), match[side]) for match in lines for side in ("home", "away")]
    return sides + [_side(match.start("points"), match.end("points"), match["points"]) for match in tallies(text)]


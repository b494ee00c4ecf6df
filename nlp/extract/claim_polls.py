"""Forms of election and poll reports for claim extraction: shares that share their whole, margins of error.

Takes tokens of a parsed sentence and returns what the parse says about them;
`claim_parts` asks it when the subject or object it would name as a claim's
quantity is itself an amount ("28 percent of voters backed A, while 23 percent
favored B": the 23 percent are voters too, not "28 percent of voters");
it also tells a participle before a counted noun ("758 pledged delegates") from a past tense and finds the
denominator of a ratio ("one in three voters"). `claims` asks it
whether an amount is a margin written with both signs.
"""

from __future__ import annotations

import re

from spacy.tokens import Span, Token

from nlp.extract.claim_amounts import Amount
from nlp.extract.claim_regex import may_hold

SHARE_WORDS = frozenset({"percent", "%", "pct", "cent", "half"})  # heads of a share ("per cent" ends in "cent")
MARGIN_WINDOW = 16  # characters before a number where "plus or minus" or "+/-" may stand
MINUS_WORD = re.compile(r"minus\s+", re.IGNORECASE)  # the amount regex reads "minus 3" as one negative number
MARGIN_SIGN = re.compile(r"(?:\bplus(?:\s+or\s+|\s*/\s*)minus|\+\s*/\s*[-−]|±)\s*$", re.IGNORECASE)
MARGIN_SIGN_PIECES = ("minus", "/", "±")  # one stands in every MARGIN_SIGN match


def is_amount(noun: Token) -> bool:
    """A share or a number as a noun: "23 percent", "half of the voters", "the 40"; not a count ("four donations")."""
    return noun.like_num or noun.lower_ in SHARE_WORDS


def share_whole(noun: Token) -> Token | None:
    """The whole an amount noun is a share of ("28 percent of likely voters" -> "voters"), else None."""
    return next((word for prep in noun.rights if prep.lower_ == "of" for word in prep.children if word.dep_ == "pobj"), None)


def ratio_denominator(span: Span) -> Span | None:
    """The denominator of a ratio whose numerator is `span` ("one in three adults": "three"), else None."""
    doc = span.doc
    return doc[span.end + 1 : span.end + 2] if span.end + 1 < len(doc) and doc[span.end].lower_ == "in" and doc[span.end + 1].like_num else None


def past_as_modifier(token: Token, span: Span) -> bool:
    """ "won 758 pledged delegates": the tagger takes a participle after a count (`span`) for a past tense, but a count
    that is no subject of it ("758 voted for him") has it as a modifier of the noun it counts."""
    return token.tag_ == "VBD" and span.root.head.i != token.i and not span.root.dep_.startswith("nsubj")


def unsigned_margin(amount: Amount, text: str) -> None:
    """An amount after "plus or minus", "+/-" or "±" is the size of a margin either way ("a margin of error of plus
    or minus 3 percentage points"): positive and no change, with the sign words in its text."""
    minus = MINUS_WORD.match(text, amount.start)
    window = max(0, amount.start - MARGIN_WINDOW)
    before = text[window : minus.end() if minus else amount.start]
    # Most amounts have no margin sign before them: a substring test of those few characters spares the pattern.
    sign = MARGIN_SIGN.search(before) if may_hold(before, MARGIN_SIGN_PIECES) else None
    if sign is None:
        return
    amount.low, amount.high = sorted((abs(amount.low), abs(amount.high)))
    amount.change = None
    amount.start = window + sign.start()

"""Step 3 of claim extraction, when and from whom: the time expression attached to a claim ("since April 25")
and its source (the speaker of an enclosing quote, or the X of "according to X").

Each function takes the claim (its token span or its character offsets) and the document's `ClaimContext`
and returns one column, or a string for it.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from typing import TYPE_CHECKING

from spacy.tokens import Doc, Span

from nlp.extract.claim_amounts import ClaimLexicons

if TYPE_CHECKING:
    from nlp.extract.claim_filters import ClaimContext

QUOTES_LOOKBACK = 20  # quotes starting before a claim that may still enclose it (nested attributions)


def claim_time(span: Span, claims_spans: list[tuple[int, int]], claim_starts: list[int], context: ClaimContext) -> str | None:
    """The date expression attached to a claim: the nearest DATE entity in its sentence, within a few words
    after it (else right before it) with no other claim in between, with its time preposition ("since April 25").
    `claims_spans` are the document's claims, disjoint and in text order; `claim_starts` their starts."""
    if not context.dates:
        return None  # most documents date nothing: no sentence to look up
    doc = context.doc
    sentence = context.sentences[context.sentence_index(span.start_char)]

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


def _with_preposition(date: Span, earliest: int, doc: Doc, lex: ClaimLexicons) -> str:
    """ "since April 25": the date with the nearest time preposition before it, looking back to token `earliest`."""
    for index in range(date.start - 1, max(earliest, date.start - 8, 0) - 1, -1):
        if doc[index].lower_ in lex.time_prepositions:
            return f"{doc[index].text} {date.text}"
    return date.text


def claim_source(start: int, end: int, context: ClaimContext) -> str | None:
    """The speaker of the quote around the claim, else the X of "according to X" in its sentence."""
    # The innermost quote around it: "the Examiner reported [Doyle told "... 60,000 ..."]" is Doyle's number.
    latest = bisect_right(context.quote_starts, start)
    for quote in reversed(context.quotes[max(0, latest - QUOTES_LOOKBACK) : latest]):
        if end <= quote.end:
            return quote.speaker_canonical or quote.speaker
    return context.according_to(context.sentence_index(start))


def according_to(sentence: Span) -> str | None:
    """The X of "according to X" in a sentence."""
    doc = sentence.doc
    for token in sentence:
        if token.lower_ == "according" and token.i + 1 < len(doc) and doc[token.i + 1].lower_ == "to":
            objects = [child for child in doc[token.i + 1].children if child.dep_ == "pobj"]
            if objects:
                return doc[objects[0].left_edge.i : objects[0].right_edge.i + 1].text
    return None

"""Spans of time in claims ("14 years in prison", "over the next 20 years", "five years ago"): takes a claim's token
span and returns what a span of time is spent as, or whether it dates an act rather than measures a thing."""

from spacy.tokens import Span

from nlp.extract.claim_parts import QUANTITY_MAX_TOKENS

PLACE_PREPOSITIONS = frozenset({"in", "behind"})  # "14 years in prison", "10 years behind bars"
PERIOD_WORDS = frozenset({"next", "last", "past", "previous", "coming", "first", "every", "each"})  # "the next 20 years"
DATING_HEADS = frozenset({"ago", "later", "earlier", "within"})  # "five years ago", "two days later", "within a year"
DATING_FOLLOWERS = frozenset({"after", "before"})  # "two minutes after liftoff", whatever the parse hangs it on
PERIOD_END_WORDS = frozenset({"to", "ending", "ended"})  # "the three months to September": a period up to a date


def duration_quantity(span: Span) -> str | None:
    """What a span of time with no measured subject is spent as: the place the parse attaches right after it ("faces
    up to 14 years in prison" `time in prison`, "10 years behind bars" `time behind bars`), or the sentence a court
    passes ("sentenced to 5 years" `sentence`)."""
    doc, root = span.doc, span.root
    after = doc[span.end] if span.end < len(doc) else None
    if after is not None and after.lower_ in PLACE_PREPOSITIONS and after.head.i == root.i:
        place = [child for child in after.children if child.dep_ == "pobj"]
        if place and place[0].pos_ == "NOUN":
            words = doc[after.i + 1 : place[0].i + 1]
            return f"time {after.lower_} {words.text}" if len(words) <= QUANTITY_MAX_TOKENS else None
    if root.dep_ == "pobj" and root.head.head.lemma_.lower() == "sentence":
        return "sentence"
    return None


def is_period(span: Span) -> bool:
    """Whether a span of time places an act in time rather than measures a thing: one counted from now or from
    another time or event ("over the next 20 years", "in the past five years", "its first three days", "five years
    ago", "within two years", "two minutes after liftoff"), one that ends at a date ("the three months to
    September"), or a repeat ("once every three years"). Like a time of day it dates the act, so no subject is what it measures."""
    if span.root.head.lower_ in DATING_HEADS and span.root.head.i != span.root.i:
        return True  # "five years ago", "two days later", "within two years": counted from another time
    if span.end < len(span.doc) and span.doc[span.end].lower_ in DATING_FOLLOWERS:
        return True  # "around two minutes after liftoff": counted from an event
    if span.end + 1 < len(span.doc) and span.doc[span.end].lower_ in PERIOD_END_WORDS and span.doc[span.end + 1].ent_type_ == "DATE":
        return True  # "revenues of $806m for the three months to September", "the 12 months ending 30 June": a period
    return any(child.lower_ in PERIOD_WORDS and child.i < span.start for child in span.root.children)


def is_time_of(span: Span) -> bool:
    """Whether a span of time measures the noun after its "of" ("lost three years of my life", "gained two hours of
    sleep"): time spent, lost or won, no change in a level ("life expectancy fell two years" is one)."""
    doc = span.doc
    return span.end + 1 < len(doc) and doc[span.end].lower_ == "of" and doc[span.end + 1].pos_ in ("DET", "PRON", "NOUN", "ADJ")

"""Shirt numbers in sports captions: takes a spaCy span of a bare number and returns whether it is a player's shirt
number written in brackets after the player's name and position ("Dallas linebacker Tom Reyes (54) tackles ..."),
a label, no amount. A number in brackets after a name without a position is often an age or a poll's figure
("Smith (45) and Jones (38) lead"), so it stays a claim."""

from spacy.tokens import Span

from nlp.lexicons import word_list

MAX_SHIRT = 99  # shirt numbers have one or two digits


def shirt_number(span: Span) -> bool:
    """Whether a whole number of one or two digits, alone in brackets, follows a name that a playing position
    (`lexicons/playing_positions.txt`: "cornerback", "wide receiver", "midfielder") stands right before."""
    doc, text = span.doc, span[0].text
    closed = text.endswith(")")  # the tokenizer keeps a single digit with its bracket ("(8) runs": "8)")
    digits = text[:-1] if closed else text
    if len(span) != 1 or not digits.isdigit() or int(digits) > MAX_SHIRT or span.start < 3 or doc[span.start - 1].text != "(":
        return False
    if not closed and (span.end >= len(doc) or doc[span.end].text != ")"):
        return False
    first = span.start - 2
    if doc[first].pos_ != "PROPN":
        return False
    while first > 0 and doc[first - 1].pos_ == "PROPN":
        first -= 1
    return first > 0 and doc[first - 1].is_lower and doc[first - 1].lower_ in word_list("lexicons/playing_positions.txt")

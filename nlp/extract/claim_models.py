"""Model numbers inside a counted noun phrase ("10 737-800 planes", "200,000 iPhone 6 handsets"): takes spaCy tokens
and returns whether a word is a model's code and whether it stands between a count and the noun it counts, so that
the count counts the noun and the code is no claim; whether a count stands before a maker's name and a code ("70
Boeing 737-800 planes"); whether a number after "a" or an owner names the singular noun after it ("a 737 jet");
whether a measure glued to its letter after a name is a model's name ("a Long March 4C rocket"), whether an amount
in title case is part of a title in running text ("the film The 40-Year-Old Virgin"), whether a capitalised number
word stands inside a name ("the RBS Six Nations"), and whether a decimal is a version's number ("version 2.5",
"Firefox 1.0")."""

from spacy.tokens import Doc, Span, Token

MODEL_NOUNS = frozenset({"NOUN", "PROPN", "NUM"})  # what may follow a model inside its noun phrase ("737-800 planes")
SINGULAR_COUNTS = frozenset({"1", "one"})  # counts that take a singular noun
MODEL_REACH = 5  # a maker's name and a code between a count and its noun: "Boeing 737-800", "Rolls Royce Trent"
TITLE_JOINERS = frozenset({"or", "to"})  # between two capitalised number words of a title ("One or Two Instances")
RUNNING_TEXT_TAGS = frozenset({"NOUN", "VERB", "ADJ"})  # a word of these in lower case: no title-case headline
VERSION_WORDS = frozenset({"version", "versions", "update"})  # a decimal after one numbers a release ("version 7.60")
MODEL_CODE_DIGITS = (3, 4)  # "737", "7610": a model's code; "a 12 gauge" and "a 45 record" stay as they were
SINGULAR_DETERMINERS = frozenset({"a", "an"})
SIZED_NOUNS = frozenset({"majority", "lead", "margin", "deficit", "surplus", "total", "average"})  # "a 176 majority"


def is_model_code(token: Token) -> bool:
    """Whether a word in a noun phrase is a model's number or code ("737", "PS4", "A320", "F-16"): it holds a digit."""
    return any(character.isdigit() for character in token.text)


def inside_model(doc: Doc, index: int, first: int) -> bool:
    """Whether the word at `index` is a model code ("is_model_code") that, with the words from `first` to it (names,
    hyphens, other codes: "iPhone 6", "737-800"), stands between a count and the noun it counts; "3 of 4 games"
    has none. A count of one counts a singular: "1 600 officers" is 1,600 written with a space."""
    if first == 0 or doc[first - 1].lower_ in SINGULAR_COUNTS or not is_model_code(doc[index]) or index + 1 >= len(doc) or not all(_model_part(doc[other]) for other in range(first, index)):
        return False
    following = doc[index + 1]
    return following.pos_ in MODEL_NOUNS or following.tag_ == "VBZ" or following.text == "-"


def count_before_model(span: Span) -> bool:
    """ "70 Boeing 737-800 planes", "18 Boeing 747 aircraft", "30 Airbus A320 planes": a number before a maker's name
    and a model's code ("inside_model") counts the common noun after them, though a number before a name is mostly a
    label ("787 Dreamliner"); a number after the name is no model's code in a table's row ("128 Ian Woosnam 64 64")."""
    doc, first = span.doc, span.end
    return any(doc[index + 1].pos_ == "NOUN" and inside_model(doc, index, first) for index in range(first + 1, min(first + MODEL_REACH, len(doc) - 1)))


def _model_part(token: Token) -> bool:  # "iPhone 6", "737-800"; codes spaced apart are a list ("6 3 5 4 people")
    return token.pos_ == "PROPN" or token.text == "-" or (is_model_code(token) and not token.whitespace_)


def model_before_singular(span: Span) -> bool:
    """ "a fully booked 737 jet", "his 757 jet", "their 7610 phone", "a 911 call": a bare number of three or four digits
    that modifies the singular noun right after it, the head of a phrase that "a", "an" or an owner opens, names a
    model, a line or a service, no amount: a count makes its noun plural ("a 500 page report" counts pages, the
    compound, "the 600 mark" is a level, and a number before a noun that a number sizes is its size: "a 176
    majority")."""
    token = span[0]
    if len(span) != 1 or not token.text.isdigit() or len(token.text) not in MODEL_CODE_DIGITS or span.end >= len(span.doc):
        return False
    noun = span.doc[span.end]
    if noun.tag_ != "NN" or token.head.i != noun.i or noun.dep_ in ("compound", "amod", "nmod") or noun.lower_ in SIZED_NOUNS:
        return False
    return any((child.dep_ == "det" and child.lower_ in SINGULAR_DETERMINERS) or child.dep_ == "poss" for child in noun.children)


def version_number(span: Span) -> bool:
    """ "version 2.5", "Update 5.50", "the Firefox 1.0 browser", "Opera 8.0": a plain decimal with no unit after a
    word for a release, or one in ".0" right after a name, numbers a release of software, no amount; a measure
    writes ".0" after a name rarely ("Brent 51.43" in a price table keeps its figure; "USB 2.0 ports" is a label)."""
    token = span[0]
    if len(span) != 1 or span.start == 0 or not token.text.replace(".", "").isdigit() or "." not in token.text:
        return False
    before = span.doc[span.start - 1]
    # The recognizer takes a product for anything ("Firefox" a person) and the tagger an acronym for a noun ("USB").
    name = before.pos_ in ("PROPN", "NOUN") and before.text[:1].isupper() and token.text.endswith(".0")
    return before.lower_ in VERSION_WORDS or (name and not before.is_sent_start)


def glued_model_name(span: Span) -> bool:
    """ "a Long March 4C rocket": digits and a letter in one word after a name, modifying the noun after them, are a
    model's name, no measure ("a 30C day" has no name before it; "Rome 30C, Madrid 35C" modifies no noun)."""
    doc, token = span.doc, span[0]
    if len(span) != 1 or not token.text[0].isdigit() or not token.text[-1].isalpha() or span.start == 0:
        return False
    before = doc[span.start - 1]
    return before.pos_ == "PROPN" and bool(before.whitespace_) and token.dep_ == "compound" and token.head.i > token.i and token.head.pos_ == "NOUN"


def running_text(sentence: Span) -> bool:
    """Whether a sentence is running text, not a headline in title case: a noun, verb or adjective in lower case."""
    return any(token.is_lower and token.pos_ in RUNNING_TEXT_TAGS for token in sentence)


def titled_amount(span: Span) -> bool:
    """Whether an amount in title case opens or stands inside a title before a capitalised word, in running text:
    hyphened words capitalised after its digits ("the film The 40-Year-Old Virgin", "the 10-Mile Creek bridge"), or a
    capitalised number word joined by "or" or "to" to another ("the headline 'One or Two Instances'"). In a headline
    in title case ("Police Arrest 40-Year-Old Man") nothing tells a title, so its numbers stay claims."""
    doc, end, first = span.doc, span.end, span[0]
    words = [token for token in span if token.is_alpha]
    if first.is_alpha and first.is_title and end + 1 < len(doc) and doc[end].lower_ in TITLE_JOINERS and doc[end + 1].is_title and doc[end + 1].like_num:
        end += 2  # the other number word: "One or Two Instances"
    elif not (first.like_num and not first.is_alpha and len(span) > 1 and span[1].text == "-" and words and all(word.is_title for word in words)):
        return False
    return end < len(doc) and doc[end].is_title and running_text(span.sent)


def inside_running_name(span: Span) -> bool:
    """Whether a capitalised number word stands inside a name that runs on both sides of it, in running text: after a
    capitalised word that opens no sentence and before another ("the RBS Six Nations", "BBC Radio Five Live", "the
    Ford Five Hundred"). In a headline in title case every word is capitalised, so nothing there tells a name; after
    a word in lower case, `claim_filters` asks whether the number word opens a name."""
    doc, first = span.doc, span[0]
    if span.start == 0 or span.end >= len(doc) or not first.is_title:
        return False
    before, after = doc[span.start - 1], doc[span.end]
    if not before.is_alpha or before.is_lower or before.is_sent_start or not after.is_title or after.like_num:
        return False
    return running_text(span.sent)

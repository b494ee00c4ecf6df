"""Model numbers inside a counted noun phrase ("10 737-800 planes", "200,000 iPhone 6 handsets"): takes spaCy tokens
and returns whether a word is a model's code and whether it stands between a count and the noun it counts, so that
the count counts the noun and the code is no claim."""

from spacy.tokens import Doc, Token

MODEL_NOUNS = frozenset({"NOUN", "PROPN", "NUM"})  # what may follow a model inside its noun phrase ("737-800 planes")
SINGULAR_COUNTS = frozenset({"1", "one"})  # counts that take a singular noun


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


def _model_part(token: Token) -> bool:  # "iPhone 6", "737-800"; codes spaced apart are a list ("6 3 5 4 people")
    return token.pos_ == "PROPN" or token.text == "-" or (is_model_code(token) and not token.whitespace_)

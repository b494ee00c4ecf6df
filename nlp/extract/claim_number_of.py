"""A bare number that a clause gives as the size of "the number of X": takes the number's spaCy span and returns the
unit, counted phrase and quantity of the noun X it counts, so that "The number of broadband subscribers doubled to 13
million" counts subscribers and "The number of students was 4,500" students, as "13 million subscribers" would, and
"The count of viruses broke the 100,000 barrier" viruses: a threshold noun after a number is no counted noun."""

from __future__ import annotations

from spacy.tokens import Span, Token

from nlp.extract.claim_models import is_model_code

THRESHOLD_NOUNS = frozenset({"mark", "barrier", "milestone", "threshold"})  # "passed the 1 million mark": a level
TALLY_NOUNS = frozenset({"number", "total", "count"})  # "the (total) number of X", "the total of X"
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
# Roles an amount holds in the clause whose subject sizes it: "rose to 13 million", "reached 200,000", "was 4,500".
AMOUNT_ROLES = frozenset({"pobj", "dobj", "attr", "acomp", "npadvmod", "prep", "quantmod", "nummod", "compound", "advmod"})
CONTROL_DEPS = frozenset({"xcomp", "aux", "auxpass"})  # "is expected to reach 200,000": the subject of "expected"
HEADS_MAX = 5
KIND_DEPS = frozenset({"amod", "compound"})
QUANTITY_WORDS_MAX = 8


def tallied_noun(span: Span) -> Token | None:
    """X of "the number of X" as the subject of the clause that gives `span` (a number with no noun) as its size."""
    node = span.root
    for _ in range(HEADS_MAX):
        if node.pos_ in ("VERB", "AUX"):
            subjects = [child for child in node.children if child.dep_ in SUBJECT_DEPS]
            if subjects:
                return _of_noun(subjects[0])
            if node.dep_ not in CONTROL_DEPS:
                return None
        elif node.dep_ not in AMOUNT_ROLES:
            return None
        if node.head == node:
            return None
        node = node.head
    return None


def _of_noun(subject: Token) -> Token | None:
    """The plural noun after "of" when the subject is a tally noun: "The number of subscribers" -> "subscribers"."""
    if subject.lemma_.lower() not in TALLY_NOUNS:
        return None
    for preposition in subject.rights:
        if preposition.dep_ == "prep" and preposition.lower_ == "of":
            nouns = [child for child in preposition.children if child.dep_ == "pobj" and child.pos_ == "NOUN" and child.tag_ == "NNS"]
            return nouns[0] if nouns else None
    return None


def tallied_count(span: Span) -> tuple[str, str, str | None] | None:
    """The unit (the tallied noun's lemma with its noun compounds), counted phrase (with the words that say what kind)
    and quantity (the subject, when short) of a number that "the number of X" sizes: "The number of broadband
    subscribers doubled to 13 million" -> "broadband subscriber" twice, "The number of broadband subscribers"."""
    noun = tallied_noun(span)
    if noun is None:
        return None
    kinds = [child for child in noun.lefts if child.dep_ in KIND_DEPS and not is_model_code(child)]
    unit = " ".join([*(child.lemma_.lower() for child in kinds if child.dep_ == "compound" and child.pos_ == "NOUN"), noun.lemma_.lower()])
    counted = " ".join([*(child.lower_ for child in kinds if child.pos_ in ("ADJ", "NOUN")), noun.lemma_.lower()])
    subject = noun.head.head
    words = span.doc[subject.left_edge.i : subject.right_edge.i + 1]
    return unit, counted, words.text if len(words) <= QUANTITY_WORDS_MAX else None

"""Counts whose counted noun is left out: "killed at least 50 people and wounded over 400", "59 people were killed,
and 527 were injured", "the deaths of 20,000 people and displacement of 2.3 million others", "injuring around 100".

`elided_count` takes a claim's span with its qualifier and its number (or the "others"/"more" standing for the
noun) and returns the claim's unit, quantity, whether it counts, and its counted phrase, as `claims._counted`
does for a count whose noun is written: the noun comes from the conjunct the count is coordinated with, the
predicate from the count's own clause ("people wounded"); with no noun to share, the quantity is at least the
predicate ("injured", "dead").
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from nlp.extract.claim_amounts import claim_lexicons
from nlp.extract.claim_parts import LIGHT_VERBS, counted_noun, counted_phrase, elided_quantity, noun_unit, verb_state
from nlp.extract.claim_units import count_name

# Heads that stand for a counted noun left out: "2.3 million others", "75 more".
ELLIPTIC_HEADS = frozenset({"other", "more"})
# What a number whose noun is left out can be to its clause: "[527] were injured", "wounded [400]".
ELIDED_ROLES = frozenset({"nsubj", "nsubjpass", "dobj", "attr"})
QUALIFIER_ROLES = frozenset({"prep", "advmod"})  # the claim's own "over"/"around" the parse hangs the number on
# Where a conjunct's counted noun stands below its head: "killed [50 people]", "the deaths of [20,000 people]", or
# in the clause it reports, when the parser hangs the later conjunct on the reporting verb ("said 40 people died, but
# 12 survived").
SIBLING_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "attr", "prep", "pobj", "ccomp"})
SIBLING_DEPTH = 3


def elided_count(whole: Span, head: Token) -> tuple[str | None, str | None, bool, str | None]:
    """A count whose noun is left out ("and wounded over 400", "2.3 million others") counts the noun of the
    conjunct before it, with its own predicate ("people wounded"); with no such noun, its quantity is at least
    what happened to it ("injuring around 100": "injuring"), so that a reader knows what is counted."""
    argument = elided_argument(whole, head)
    verb = elided_predicate(head, argument)
    sibling = elided_noun(argument) if argument is not None else None
    if sibling is None:
        return None, verb.text if verb is not None else None, False, None
    noun, number = sibling
    return noun_unit(number, noun), elided_quantity(number, noun, verb), True, count_name(counted_phrase(number, noun))


def elided_argument(whole: Span, head: Token) -> Token | None:
    """What a count whose noun is left out stands as in its clause (its head is the verb or noun it belongs to):
    "wounded [over 400]", "[527] were injured", "displacement [of 2.3 million others]"; `whole` is the claim with its
    qualifier, `head` its number or the "others" standing for the noun. None when it is no argument ("closed at
    300")."""
    node = head
    while node.head != node and whole.start <= node.head.i < whole.end:
        node = node.head  # the claim's own qualifier: "over 400"
    if node.dep_ == "nummod" and node.head.lemma_.lower() in ELLIPTIC_HEADS:
        node = node.head  # "damaged 75 more"
    if node.dep_ == "pobj" and node.head.lower_ == "of":
        node = node.head  # "the displacement of 2.3 million others"
    elif not (node.dep_ in ELIDED_ROLES or (node.dep_ in QUALIFIER_ROLES and whole.start <= node.i < whole.end)):
        return None
    return node if node.head != node else None


def elided_predicate(head: Token, argument: Token | None) -> Token | None:
    """What happened to a count whose noun is left out (`head` its number or "others", `argument` from
    `elided_argument`): a participle or adjective after it ("58 killed, 527 injured", "22 dead", as headlines
    write), the state its clause leaves it in ("left 50 dead", "leaving 202 injured", "59 are dead"), else its verb
    ("injuring around 100"); not a light verb or a change ("rose 5")."""
    after = [child for child in head.rights if child.dep_ in ("acl", "amod")]
    if head.dep_ == "nummod" and head.head.i > head.i:
        after.append(head.head)  # the parser may hang the number on the word: "[22] dead"
    said = (word for word in after if (word.tag_ == "VBN" or word.pos_ == "ADJ") and word.is_alpha and word.lemma_.lower() not in ELLIPTIC_HEADS)
    participle = next(said, None)
    if participle is not None or argument is None:
        return participle
    governor = argument.head
    state = verb_state(governor, argument)
    if state is not None:
        return state
    lemma = governor.lemma_.lower()
    if governor.pos_ != "VERB" or lemma in LIGHT_VERBS or lemma in claim_lexicons().changes:
        return None
    return governor


def elided_noun(argument: Token) -> tuple[Token, Span] | None:
    """The noun a count left without one shares with the conjunct before it, with that conjunct's number: "killed at
    least 50 people and wounded over 400", "59 people were killed, and 527 were injured", "the deaths of 20,000
    people and displacement of 2.3 million others" count people. "Others" and "more" say that a noun is left out,
    so they also take it from a participle clause's head ("gunned down 14 people, wounding 22 others"; not "sold 500
    cars, earning 3 million") or else from the counts before them ("... were killed. 500 others were injured").
    None when no counted noun is there, or a unit is."""
    governor = argument.head
    elliptic = any(token.lemma_.lower() in ELLIPTIC_HEADS for token in argument.subtree)
    participle_clause = governor.dep_ == "advcl" and governor.tag_ == "VBG" and governor.i > governor.head.i
    if not (governor.dep_ == "conj" or (elliptic and participle_clause)):
        return _antecedent(argument) if elliptic else None
    level = [governor.head]  # the conjunct itself may be the noun: "20,000 people and [displacement of] 2.3 million others"
    for _ in range(SIBLING_DEPTH + 1):
        found = next((counted for counted in map(_counted_by_number, level) if counted is not None), None)
        if found is not None:
            return found
        level = [child for token in level for child in token.children if child.dep_ in SIBLING_DEPS and child != governor]
    return None


def _antecedent(argument: Token) -> tuple[Token, Span] | None:
    """The nearest counted noun before an "others" with none in its clause, in its sentence or the one before."""
    doc = argument.doc
    sentence = argument.sent
    start = doc[sentence.start - 1].sent.start if sentence.start > 0 else sentence.start
    return next((counted for counted in map(_counted_by_number, reversed(doc[start : argument.left_edge.i])) if counted is not None), None)


def _counted_by_number(noun: Token) -> tuple[Token, Span] | None:
    """A noun a number counts ("50 people"), with the number nearest it (a headline the parser joins may hang
    another on it); None for other words, "others" and units ("5 miles")."""
    if noun.pos_ != "NOUN" or noun.lemma_.lower() in ELLIPTIC_HEADS or noun.lower_ in claim_lexicons().units:
        return None
    for number in reversed([child for child in noun.lefts if child.dep_ == "nummod" and child.pos_ == "NUM"]):
        if counted_noun(noun.doc[number.i : number.i + 1]) == noun:
            return noun, noun.doc[number.i : number.i + 1]
    return None

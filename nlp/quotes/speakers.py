"""Speakers: a source span resolved to a name, an entity and a type.

`resolve_speaker(finder, source)` takes the `DocumentIndex` of the document
and an attribution's source span and returns a `Speaker`: the words as written
with their offsets, the resolved name and entity key, the type (person,
organization, outlet, anonymous, document or unknown) and, for people, whether
they are named. `is_outlet(name)` says whether an organisation is a news outlet.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Span

from nlp.lexicons import word_list
from nlp.quotes.document import DocumentIndex

PRONOUNS = {"he", "she", "i", "we", "they", "it", "him", "her", "them", "you"}
PERSON_PRONOUNS = {"he", "she", "him", "her", "i"}
RELATIVE_PRONOUNS = {"who", "which", "that", "whom"}


@dataclass
class Speaker:
    """Who an attribution is to: the words as written (with offsets), resolved name, entity key and type."""

    text: str | None = None
    start: int | None = None
    end: int | None = None
    canonical: str | None = None
    key: str | None = None
    kind: str = "unknown"
    named: bool | None = None  # for people: a name, or only a description ("a flight attendant")


def resolve_speaker(finder: DocumentIndex, source: Span) -> Speaker:
    """Resolve a source span: pronouns and relative pronouns to names, nouns to a source type."""
    speaker = Speaker(source.text, source.start_char, source.end_char)
    head = source.root
    if head.lower_ in RELATIVE_PRONOUNS and head.head.dep_ == "relcl":
        noun = head.head.head  # "Clinton, who said ...": the noun the clause describes
        source, head = noun.doc[noun.left_edge.i : noun.i + 1], noun
    if head.lower_ in PRONOUNS:
        if head.lower_ in PERSON_PRONOUNS:
            speaker.kind = "person"
            antecedent = finder.last_mention_before(head.idx, lambda mention: mention.label == "PERSON" and finder.is_subject(mention))
            antecedent = antecedent or finder.last_mention_before(head.idx, lambda mention: mention.label == "PERSON")
            if antecedent is not None:
                speaker.canonical, speaker.key = antecedent.canonical, antecedent.entity_key
        return speaker
    mentions = finder.mentions_in(source.start_char, source.end_char)
    people = [mention for mention in mentions if mention.label == "PERSON"]
    named = [mention for mention in mentions if mention.label in ("ORG", "GPE", "NORP", "FAC", "LOC")]
    lemma = head.lemma_.lower() if head.pos_ == "NOUN" else None
    surname_of = finder.person_by_surname(head.text) if head.pos_ == "PROPN" and len(source) <= 2 else None
    if surname_of is not None:  # "Rathbun said" after "Mark Rathbun", even where the recognizer missed or mislabelled it
        speaker.kind, speaker.canonical, speaker.key = "person", surname_of.canonical, surname_of.entity_key
        return speaker
    if lemma in word_list("lexicons/document_sources.txt"):
        speaker.kind, speaker.canonical = "document", source.text
    elif lemma in word_list("lexicons/outlet_nouns.txt"):
        outlet = finder.last_mention_before(source.start_char, lambda mention: mention.label == "ORG" and is_outlet(mention.canonical))
        speaker.kind = "outlet"
        speaker.canonical, speaker.key = (outlet.canonical, outlet.entity_key) if outlet else (source.text, None)
    elif people:  # "spokesman John Kirby", "Kerry Doyle, ICE's principal legal adviser"
        person = _mention_at(people, head.idx) or people[0]
        speaker.kind, speaker.canonical, speaker.key = "person", person.canonical, person.entity_key
    elif lemma in word_list("lexicons/anonymous_sources.txt"):
        speaker.kind, speaker.canonical = "anonymous", source.text
    elif named:
        organization = _mention_at(named, head.idx) or named[0]
        speaker.canonical, speaker.key = organization.canonical, organization.entity_key
        speaker.kind = "outlet" if is_outlet(organization.canonical) else "organization"
    elif head.pos_ == "PROPN":
        speaker.canonical = source.text
        speaker.kind = "outlet" if is_outlet(source.text) else "unknown"
    return speaker


def is_outlet(name: str) -> bool:
    """Whether an organisation's name is a news outlet's: a known outlet, or a newspaper-style last word."""
    lowered = name.lower().removeprefix("the ").strip()
    words = lowered.split()
    return bool(words) and (
        lowered in word_list("lexicons/news_outlets.txt") or f"the {lowered}" in word_list("lexicons/news_outlets.txt") or words[-1] in word_list("lexicons/outlet_name_endings.txt")
    )


def _mention_at(mentions: list, position: int):
    return next((mention for mention in mentions if mention.start <= position < mention.end), None)


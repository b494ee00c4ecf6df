"""Speakers: a source span resolved to a name, an entity and a type.

`resolve_speaker(finder, source)` takes the `DocumentIndex` of the document
and an attribution's source span and returns a `Speaker`: the words as written
with their offsets, the resolved name and entity key, the type (person,
organization, outlet, anonymous, document or unknown) and, for people, whether
they are named. `is_outlet(name)` says whether an organisation is a news outlet.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from spacy.tokens import Span, Token

from nlp.lexicons import word_list
from nlp.extract.quotes.document import SUBJECTS, DocumentIndex, trim_span

PRONOUNS = {"he", "she", "i", "we", "they", "it", "him", "her", "them", "you", "me"}
PERSON_PRONOUNS = {"he", "she", "him", "her", "i", "me"}
RELATIVE_PRONOUNS = {"who", "which", "that", "whom"}
PRONOUN_GENDERS = {"he": "male", "him": "male", "his": "male", "himself": "male", "she": "female", "her": "female", "hers": "female", "herself": "female"}
TITLE_GENDERS = {"mr": "male", "mrs": "female", "ms": "female", "miss": "female"}
SUBJECT_REACH = 500  # characters (a few sentences) back within which a body that was a subject is preferred as "it"
GENDER_REACH = 250  # characters from a person's mention to a pronoun that votes on their gender
NAMED_SPEAKER_LABELS = ("PERSON", "ORG")  # what a speaker the recognizer tagged only elsewhere may be
AGE_DESCRIPTION = re.compile(r"\b\d+-year-old\b")


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
    """Resolve a source span: relative and personal pronouns to their antecedents, descriptions to the
    entity they refer back to or to an unnamed person, nouns to a source type."""
    source = _speaking_part(finder, source)
    if source is None:
        return Speaker()
    speaker = Speaker(source.text, source.start_char, source.end_char)
    head = source.root
    if head.lower_ in RELATIVE_PRONOUNS:
        noun = _relative_antecedent(head)
        if noun is not None:
            source, head = noun.doc[noun.left_edge.i : noun.i + 1], noun
    if head.lower_ in PRONOUNS:
        return _resolve_pronoun(finder, head, speaker)
    if head.pos_ == "NUM":  # "One of the injured passengers": the noun counted from is what is described
        head = next((grandchild for child in head.children if child.lower_ == "of" for grandchild in child.children if grandchild.dep_ == "pobj"), head)
    mentions = finder.mentions_in(source.start_char, source.end_char)
    people = [mention for mention in mentions if mention.label == "PERSON"]
    named = [mention for mention in mentions if mention.label in ("ORG", "GPE", "NORP", "FAC", "LOC") and not _is_nationality_modifier(finder, mention, head)]
    lemma = head.lemma_.lower() if head.pos_ in ("NOUN", "ADJ", "PRON", "NUM") else None  # "some", "one", "others"
    surname_of = finder.person_by_surname(head.text) if head.pos_ == "PROPN" and len(source) <= 2 else None
    if surname_of is not None:  # "Rathbun said" after "Mark Rathbun", even where the recognizer missed or mislabelled it
        return _to_mention(speaker, surname_of, "person")
    if lemma in word_list("lexicons/document_sources.txt"):
        speaker.kind, speaker.canonical = "document", source.text
    elif lemma in word_list("lexicons/outlet_nouns.txt"):
        outlet = finder.last_mention_before(source.start_char, lambda mention: mention.label == "ORG" and is_outlet(mention.canonical))
        speaker.kind = "outlet"
        speaker.canonical, speaker.key = (outlet.canonical, outlet.entity_key) if outlet else (source.text, None)
    elif people:  # "spokesman John Kirby", "Kerry Doyle, ICE's principal legal adviser"
        return _to_mention(speaker, _mention_at(people, head.idx) or _named_person(finder, people), "person")
    elif lemma is not None and not _is_definite(head) and _is_description(source, lemma):
        return _resolve_description(finder, source, head, lemma, speaker)
    elif named:
        organization = _mention_at(named, head.idx) or named[0]
        return _to_mention(speaker, organization, "outlet" if is_outlet(organization.canonical) else "organization")
    elif lemma is not None or AGE_DESCRIPTION.search(source.text):
        return _resolve_description(finder, source, head, lemma, speaker)
    elif head.pos_ == "PROPN":
        elsewhere = _mention_named(finder, source.text)
        if elsewhere is not None:  # "SpaceX said", where the recognizer tagged SpaceX only in other sentences
            kind = "person" if elsewhere.label == "PERSON" else "outlet" if is_outlet(elsewhere.canonical) else "organization"
            return _to_mention(speaker, elsewhere, kind)
        speaker.canonical = source.text
        speaker.kind = "outlet" if is_outlet(source.text) else "unknown"
    return speaker


def _named_person(finder: DocumentIndex, people: list):
    """The person a source names when its head is a noun: the first who is not a possessor or a preposition's
    object ("Bruce Steinberg's sister, Tamara Steinberg Jacobson", "a spokesperson for Buhari, Garba Shehu":
    the sister and the spokesperson speak, for or about the others), else the first."""
    for mention in people:
        span = finder.span_of(mention)
        if span is not None and span.root.dep_ not in ("poss", "pobj"):
            return mention
    return people[0]


def _mention_named(finder: DocumentIndex, name: str):
    """A person or organisation mentioned in the document with these very words (without a leading "the")."""
    wanted = name.lower().removeprefix("the ")
    return next((mention for mention in finder.mentions if mention.label in NAMED_SPEAKER_LABELS and finder.text[mention.start : mention.end].lower().removeprefix("the ") == wanted), None)


def _relative_antecedent(pronoun: Token) -> Token | None:
    """The noun a relative clause describes ("Clinton, who said ..."): the parse's, or where the parse
    missed the clause, the noun just before the pronoun and its comma."""
    if pronoun.head.dep_ == "relcl":
        return pronoun.head.head
    before = pronoun.doc[pronoun.i - 1] if pronoun.i > 0 else None
    if before is not None and before.text == "," and pronoun.i > 1:
        before = pronoun.doc[pronoun.i - 2]
    return before if before is not None and before.pos_ in ("PROPN", "NOUN") else None


def _resolve_pronoun(finder: DocumentIndex, pronoun: Token, speaker: Speaker) -> Speaker:
    """he/she to the last person of a compatible gender (a subject first); it/they to the last organisation.
    "I" and "we" outside a quotation are the writer's: a person and the outlet, unresolved. "they" with no
    organisation before but people is those people (unnamed persons)."""
    word = pronoun.lower_
    if word in PERSON_PRONOUNS:
        speaker.kind = "person"
        if word in ("i", "me"):
            return speaker
        clash = "female" if word in ("he", "him") else "male"
        compatible = lambda mention: mention.label == "PERSON" and person_genders(finder).get(mention.entity_key) != clash  # noqa: E731
        antecedent = finder.last_mention_before(pronoun.idx, lambda mention: compatible(mention) and finder.is_subject(mention))
        antecedent = antecedent or finder.last_mention_before(pronoun.idx, compatible)
        if antecedent is not None:
            _to_mention(speaker, antecedent, "person")
        return speaker
    if word == "we":  # outside a quotation: the publication's own voice ("we know", "as we reported")
        speaker.kind = "outlet"
        return speaker
    if word in ("it", "they", "them"):
        described = _clause_subject(finder, pronoun)
        if described is not None:
            described.text, described.start, described.end = speaker.text, speaker.start, speaker.end
            return described
        # "it" is one body: not "Americans" or "Democrats" (a plural NORP), nor a country speaking as its people;
        # a nationality word describing a noun ("the Israeli military") is no body at all
        accepted = lambda mention: (  # noqa: E731
            mention.label == "ORG"
            or (mention.label == "NORP" and (word != "it" or not _is_plural(finder, mention)) and not _is_nationality_modifier(finder, mention, None))
            or (word != "it" and mention.label == "GPE")
        )
        organization = _last_subject_first(finder, pronoun.idx, accepted)
        if organization is not None:
            return _to_mention(speaker, organization, "outlet" if is_outlet(organization.canonical) else "organization")
        if word != "it" and finder.last_mention_before(pronoun.idx, lambda mention: mention.label == "PERSON") is not None:
            speaker.kind, speaker.named = "person", False  # "they" after people and no organisation: the people, together
    return speaker


def _clause_subject(finder: DocumentIndex, pronoun: Token) -> Speaker | None:
    """The body an "it" or "they" refers to when its sentence has a subject of that number before it ("The
    military confirmed ... what it said was ...", "The airlines said they ..."): the subject of a clause holding
    the pronoun first, then the nearest earlier subject (a misparse may hide the clause), the first that resolves
    to something other than a person."""
    plural = pronoun.lower_ != "it"
    governing = [child for verb in pronoun.ancestors for child in verb.children if child.dep_ in SUBJECTS]
    earlier = [token for token in reversed(pronoun.doc[pronoun.sent.start : pronoun.i]) if token.dep_ in SUBJECTS]
    for subject in governing + earlier:
        if subject.i < pronoun.i and subject.pos_ in ("NOUN", "PROPN") and (subject.tag_ in ("NNS", "NNPS")) == plural and not finder.in_quotation(subject.idx):
            resolved = resolve_speaker(finder, pronoun.doc[subject.left_edge.i : subject.i + 1])
            if resolved.kind not in ("unknown", "person"):
                return resolved
    return None


def _is_plural(finder: DocumentIndex, mention) -> bool:
    span = finder.span_of(mention)
    return span is not None and span[-1].tag_ in ("NNS", "NNPS")


def _resolve_description(finder: DocumentIndex, source: Span, head: Token, lemma: str | None, speaker: Speaker) -> Speaker:
    """"the company" to the last organisation; "the singer", "the 45-year-old" to the last person; "a flight
    attendant" to an unnamed person; "officials", "a source" (identity withheld) to anonymous; "airlines",
    "a group" to an unnamed organisation."""
    person_noun = _is_person_noun(lemma) or AGE_DESCRIPTION.search(source.text) is not None
    definite = _is_definite(head) or source.text.lower().startswith("the ")  # "the 45-year-old" parses with "old" as head
    introduced = _introduction(finder, head) if definite and lemma is not None else None
    if introduced is not None:
        resolved = resolve_speaker(finder, introduced)
        if resolved.kind != "unknown":  # "A spokesperson for the State Department ... the spokesperson said"
            resolved.text, resolved.start, resolved.end = speaker.text, speaker.start, speaker.end
            return resolved
    # "The Israeli army" says which army it is: it does not refer back to the last organisation named.
    national = any(_is_nationality_modifier(finder, mention, head) for mention in finder.mentions_in(source.start_char, source.end_char))
    if definite and lemma in word_list("lexicons/organization_nouns.txt") and not national:
        organization = _compatible_organization(finder, source.start_char, lemma)
        if organization is not None:
            return _to_mention(speaker, organization, "organization")
    # "the prosecutors" are not the one person named last: a plural describes a group of its own; and a
    # body ("the military", "the police") is never a person.
    collective = lemma in word_list("lexicons/organization_nouns.txt")
    if definite and head.tag_ not in ("NNS", "NNPS") and not collective and (person_noun or lemma in word_list("lexicons/anonymous_sources.txt")):
        person = finder.last_mention_before(source.start_char, lambda mention: mention.label == "PERSON")
        if person is not None:
            return _to_mention(speaker, person, "person")
    if lemma in word_list("lexicons/anonymous_sources.txt"):
        speaker.kind, speaker.canonical = "anonymous", source.text
    elif person_noun:
        speaker.kind, speaker.canonical, speaker.named = "person", source.text, False
    elif lemma in word_list("lexicons/organization_nouns.txt"):  # "airlines", "a group", "the company" with none named before
        speaker.kind, speaker.canonical = "organization", source.text
    elif national:  # "two Democratic speechwriters": a body of the nation's, unnamed, and never the nation itself
        speaker.kind, speaker.canonical = "organization", source.text
    return speaker


def _compatible_organization(finder: DocumentIndex, position: int, noun: str):
    """The organisation a definite description ("the airline", "the army") refers back to: the last one whose
    name holds the noun ("the ministry" -> "the Foreign Ministry"), else the last one it can describe. A news
    outlet is described only by outlet nouns (handled before), and a name with a kind noun of its own is not
    described by another ("the army" is not "the Foreign Ministry")."""
    naming = finder.last_mention_before(position, lambda mention: mention.label == "ORG" and noun in mention.canonical.lower().split())
    if naming is not None and not is_outlet(naming.canonical):
        return naming
    if noun in word_list("lexicons/anonymous_sources.txt"):  # "the police", "the military": unnamed unless a name holds the noun
        return None
    return _last_subject_first(finder, position, lambda mention: mention.label == "ORG" and not is_outlet(mention.canonical) and _kind_of(finder, mention) in (None, noun))


def _last_subject_first(finder: DocumentIndex, position: int, accept):
    """The last accepted mention before `position` that is its clause's subject, else the last accepted one: a
    body spoken of again ("it said", "the firm said") is the one that acted before, not one named in passing
    ("Broadcom said its offer stood whether Qualcomm's bid for NXP ... The firm said"), within SUBJECT_REACH."""
    acted = lambda mention: accept(mention) and position - mention.end < SUBJECT_REACH and finder.is_subject(mention)  # noqa: E731
    return finder.last_mention_before(position, acted) or finder.last_mention_before(position, accept)


def _kind_of(finder: DocumentIndex, mention) -> str | None:
    """The kind noun an organisation carries: the last word of its name ("the Foreign Ministry") or a noun it
    stands with in the text ("the newspaper Haaretz", "Haaretz, a newspaper") or just before it."""
    kinds = word_list("lexicons/organization_nouns.txt") | word_list("lexicons/outlet_nouns.txt")
    words = [word.removesuffix("s") for word in mention.canonical.lower().split()[-1:]]
    span = finder.span_of(mention)
    if span is not None:
        root = span.root
        beside = [root.head] if root.dep_ in ("appos", "compound") else []
        beside += [child for child in root.children if child.dep_ in ("appos", "compound") and not span.start <= child.i < span.end]
        beside += span.doc[span.start - 1 : span.start]  # "left-wing newspaper Haaretz", whatever the parse made of it
        words += [token.lemma_.lower() for token in beside if token.pos_ == "NOUN"]
    return next((word for word in words if word in kinds), None)


def _is_nationality_modifier(finder: DocumentIndex, mention, head: Token) -> bool:
    """Whether a nationality word only describes the source's noun ("a commentator in Israeli left-wing newspaper
    Haaretz", "Israeli troops"): the people or body described speak, not the nation."""
    span = finder.span_of(mention)
    return mention.label == "NORP" and span is not None and (head is None or span.root.i != head.i) and (span.root.dep_ == "amod" or span.root.tag_ == "JJ")


def _speaking_part(finder: DocumentIndex, source: Span) -> Span | None:
    """The part of a source that can speak. A wh-word cannot ("what Israel says was ...", a parse with two
    subjects): the verb's other subject speaks. Nor can a quotation's start ('the advertisement "unmistakably',
    'a "political trial" saying ...'): the words before the quotation speak when they hold a noun, else the
    subject of the clause the cue hangs on."""
    if source.root.tag_ == "WP" and source.root.lower_ in ("what", "whatever"):
        return _other_subject(finder, source)
    # a quotation that opens inside the source and runs on past it (a source wholly inside one may be a nested
    # attribution; an apostrophe is no quotation: "Flight attendants' union")
    opening = next((quotation.start for quotation in finder.quotations if source.start_char <= quotation.start < source.end_char < quotation.end), None)
    if opening is None:
        return source
    before = source.doc[source.start : next(token.i for token in source if token.idx + len(token) > opening)]
    if any(token.pos_ in ("NOUN", "PROPN", "PRON") for token in before):
        return trim_span(before)
    return _other_subject(finder, source)


def _other_subject(finder: DocumentIndex, source: Span) -> Span | None:
    """The speaker in place of a source that cannot speak: another subject of the same verb ("what Israel says"),
    else the subject of the clause the cue hangs on ("Bassem called it a "trial", saying ..."), outside quotations."""
    verb = source.root.head
    while verb is not None:
        subjects = [child for child in verb.children if child.dep_ in SUBJECTS and child.tag_ != "WP" and not source.start <= child.i < source.end and not finder.in_quotation(child.idx)]
        if subjects:
            subject = subjects[0]
            return trim_span(source.doc[subject.left_edge.i : subject.right_edge.i + 1], subject)
        verb = verb.head if verb.dep_ in ("advcl", "xcomp", "conj", "csubj") and verb.head is not verb else None
    return None


def _introduction(finder: DocumentIndex, head: Token) -> Span | None:
    """The phrase that introduced a definite description's noun: the last earlier use of the same noun, outside
    quotations, when it was not definite itself ("a spokesperson for the State Department", "Buhari's spokesman"),
    with the name it stands in apposition to ("John Smith, a spokesman")."""
    lemma = head.lemma_.lower()
    for token in reversed(head.doc[: head.i]):
        if token.lemma_.lower() == lemma and token.pos_ == "NOUN" and not finder.in_quotation(token.idx):
            if _is_definite(token):
                return None
            noun = token.head if token.dep_ == "appos" else token
            return head.doc[noun.left_edge.i : noun.right_edge.i + 1]
    return None


def _is_description(source: Span, lemma: str) -> bool:
    """A person described, or an anonymous source: "a flight attendant", "an ICE federal prosecutor"."""
    return _is_person_noun(lemma) or lemma in word_list("lexicons/anonymous_sources.txt") or AGE_DESCRIPTION.search(source.text) is not None


def _is_person_noun(lemma: str | None) -> bool:
    """A noun for people: the speakers' lexicon, or the nouns that count people in claims ("consumers", "adults")."""
    return lemma in word_list("lexicons/person_nouns.txt") or lemma in word_list("lexicons/people_nouns.txt")


def _is_definite(head: Token) -> bool:
    return any(child.dep_ == "det" and child.lower_ in ("the", "this", "that") for child in head.children)


def _to_mention(speaker: Speaker, mention, kind: str) -> Speaker:
    speaker.kind, speaker.canonical, speaker.key = kind, mention.canonical, mention.entity_key
    speaker.named = True if kind == "person" else None
    return speaker


def person_genders(finder: DocumentIndex) -> dict[str, str]:
    """Entity key -> "male"/"female" for the people of a document, from a title before a mention
    ("Mr.", "Ms.") or, failing that, the pronouns that follow the person's mentions in the same or the
    next sentence with no other person between (the majority wins). Computed once per document."""
    if finder.genders is not None:
        return finder.genders
    votes: dict[str, Counter] = {}
    doc = finder.doc
    for mention in finder.mentions:
        if mention.label != "PERSON":
            continue
        tally = votes.setdefault(mention.entity_key, Counter())
        span = finder.span_of(mention)
        if span is not None and span.start > 0 and doc[span.start - 1].lower_.rstrip(".") in TITLE_GENDERS:
            tally[TITLE_GENDERS[doc[span.start - 1].lower_.rstrip(".")]] += 5
    for token in doc:
        gender = PRONOUN_GENDERS.get(token.lower_)
        if gender is None or finder.in_quotation(token.idx):
            continue
        previous = finder.last_mention_before(token.idx, lambda mention: True)
        if previous is not None and previous.label == "PERSON" and token.idx - previous.end < GENDER_REACH:
            votes[previous.entity_key][gender] += 1
    finder.genders = {key: tally.most_common(1)[0][0] for key, tally in votes.items() if tally}
    return finder.genders


def is_outlet(name: str) -> bool:
    """Whether an organisation's name is a news outlet's: a known outlet, or a newspaper-style last word."""
    lowered = name.lower().removeprefix("the ").strip()
    words = lowered.split()
    return bool(words) and (
        lowered in word_list("lexicons/news_outlets.txt") or f"the {lowered}" in word_list("lexicons/news_outlets.txt") or words[-1] in word_list("lexicons/outlet_name_endings.txt")
    )


def _mention_at(mentions: list, position: int):
    return next((mention for mention in mentions if mention.start <= position < mention.end), None)


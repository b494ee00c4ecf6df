"""Entity extraction: spaCy's entities, clustered within a document and keyed across documents.

The `presslens_entities` component takes a parsed `Doc` and sets `doc._.entities`
to a list of `EntityMention`s, one per spaCy entity, each with the canonical name
of its cluster ("Biden", "President Joe Biden" -> "Joe Biden"; "ICE" ->
"U.S. Immigration and Customs Enforcement") and an `entity_key` that is the same
for the same entity in any article ("person:joe-biden").
"""

from __future__ import annotations

import re
from bisect import bisect_right

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from nlp.extract.doc_text import doc_text
from nlp.extract.entity_keys import entity_key, without_middle_initials
from nlp.lexicons import pair_table, word_list
from nlp.schemas import EntityMention

COARSE_TYPES = {
    "PERSON": "person",
    "ORG": "org",
    "GPE": "place",
    "LOC": "place",
    "FAC": "place",
    "NORP": "group",
    "DATE": "date",
    "TIME": "date",
    "CARDINAL": "number",
    "ORDINAL": "number",
    "QUANTITY": "number",
    "MONEY": "number",
    "PERCENT": "number",
}
# Single-word mentions with these labels may be a person's surname that spaCy mislabelled.
SURNAME_CANDIDATE_LABELS = {"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC"}
EDITOR_BRACKETS = re.compile(r"[\[\]]")
POSSESSIVE = re.compile(r"(?:['’]s|(?<=s)['’])$")

Doc.set_extension("entities", default=None, force=True)


@Language.component("presslens_entities", requires=["doc.ents", "token.is_sent_start"], assigns=["doc.ents", "doc._.entities"])
def cluster_entities(doc: Doc) -> Doc:
    """Set `doc._.entities` with every entity's canonical name and corpus-wide key."""
    sentence_starts = [sentence.start for sentence in doc.sents] if doc.has_annotation("SENT_START") else [0]
    doc.ents = _join_bracket_split_names(doc, _without_credits(doc, _with_acronym_definitions(doc)))
    clusters = _Clusters()
    for ent in doc.ents:
        clusters.add(ent)
    clusters.link_short_forms(doc)
    doc._.entities = [
        EntityMention(
            start=ent.start_char,
            end=ent.end_char,
            text=ent.text,
            label=ent.label_,
            sentence=bisect_right(sentence_starts, ent.start) - 1,
            canonical=canonical,
            entity_key=entity_key(canonical, coarse),
        )
        for ent, (canonical, coarse) in zip(doc.ents, clusters.resolve())
    ]
    return doc


def _with_acronym_definitions(doc: Doc) -> list[Span]:
    """doc.ents, with each "Long Name (LN)" long form as one entity and every use of LN as an entity.

    spaCy's small model often cuts such names ("U.S. Immigration" | "and Customs
    Enforcement"); the initials tell where the name really starts.
    """
    definitions: list[tuple[Span, str]] = []
    for paren in doc:
        if paren.text != "(" or paren.i + 2 >= len(doc) or doc[paren.i + 2].text != ")":
            continue
        acronym = doc[paren.i + 1].text
        if not (2 <= len(acronym) <= 8 and acronym.isupper() and acronym.isalpha()):
            continue
        long_form = _long_form_before(doc, paren.i, acronym)
        if long_form is not None:
            definitions.append((long_form, acronym))
    if not definitions:
        return list(doc.ents)
    added: list[Span] = []
    for long_form, acronym in definitions:
        labels = [ent.label_ for ent in doc.ents if ent.start < long_form.end and long_form.start < ent.end]
        label = "ORG" if not labels or "ORG" in labels else labels[0]
        added.append(Span(doc, long_form.start, long_form.end, label=label))
        added.extend(Span(doc, token.i, token.i + 1, label=label) for token in doc if token.text == acronym)
    kept = [ent for ent in doc.ents if not any(ent.start < new.end and new.start < ent.end for new in added)]
    # Longer spans win overlaps between the new entities themselves.
    return sorted(filter_spans(added) + kept, key=lambda span: span.start)


def _without_credits(doc: Doc, ents: list[Span]) -> list[Span]:
    """`ents` less photo credits: on a line with a credit cue ("Getty Images", "Photo:", "toggle caption"),
    picture agencies' names and names joined to one by a slash ("Spencer Platt/Getty Images")."""
    text = doc_text(doc)
    cues = word_list("lexicons/credit_cues.txt")
    lowered = text.lower()
    if not any(cue in lowered for cue in cues):  # most articles: nothing to look at
        return ents
    agencies = word_list("lexicons/photo_agencies.txt")
    kept = []
    for ent in ents:
        line = lowered[lowered.rfind("\n", 0, ent.start_char) + 1 : _line_end(lowered, ent.end_char)]
        slashed = "/" in ent.text or text[ent.start_char - 1 : ent.start_char] == "/" or text[ent.end_char : ent.end_char + 1] == "/"
        credit = _coarse(ent.label_) not in ("date", "number") and (slashed or _match_key(ent.text) in agencies)
        if not (credit and any(cue in line for cue in cues)):
            kept.append(ent)
    return kept


def _line_end(text: str, offset: int) -> int:
    end = text.find("\n", offset)
    return len(text) if end < 0 else end


def _join_bracket_split_names(doc: Doc, ents: list[Span]) -> list[Span]:
    """Join two person names split by an editor's bracket: "[Secretary Alejandro] Mayorkas"."""
    joined: list[Span] = []
    for ent in ents:
        previous = joined[-1] if joined else None
        if (
            previous is not None
            and ent.label_ == previous.label_ == "PERSON"
            and ent.start == previous.end + 1
            and doc[previous.end].text in ("[", "]")
        ):
            joined[-1] = Span(doc, previous.start, ent.end, label="PERSON")
        else:
            joined.append(ent)
    return joined


def _long_form_before(doc: Doc, paren: int, acronym: str) -> Span | None:
    """The capitalised words just before `paren` whose initials spell `acronym`, if any."""
    connectors = word_list("lexicons/name_stopwords.txt")
    start = paren
    while start > 0 and paren - start < 12:
        token = doc[start - 1]
        if not (token.is_title or token.is_upper or token.lower_ in connectors) or token.is_punct:
            break
        start -= 1
    for first in range(start, paren):
        words = doc[first:paren]
        if initials(words.text) == acronym and doc[first].lower_ not in connectors - {"u.s.", "us"}:
            return words
    return None


class _Clusters:
    """Union of mentions into clusters; each cluster's canonical name is its longest full form."""

    def __init__(self) -> None:
        self.mentions: list[tuple[Span, str]] = []  # (entity, cleaned name)
        self.parent: list[int] = []
        self.places: list[int] = []  # mentions of places with more than one word

    def add(self, ent: Span) -> None:
        self.mentions.append((ent, clean_name(ent)))
        self.parent.append(len(self.parent))

    def _root(self, index: int) -> int:
        while self.parent[index] != index:
            self.parent[index] = self.parent[self.parent[index]]
            index = self.parent[index]
        return index

    def _join(self, short: int, long: int) -> None:
        self.parent[self._root(short)] = self._root(long)

    def link_short_forms(self, doc: Doc) -> None:
        """Join mentions that name the same thing: equal full names, surnames, acronyms and short forms."""
        full_names: dict[tuple[str, str], int] = {}
        for index, (ent, name) in enumerate(self.mentions):
            if len(name.split()) > 1:
                coarse = _coarse(ent.label_)
                key = (coarse, _match_key(without_middle_initials(name) if coarse == "person" else name))
                self._join(index, full_names.setdefault(key, index))

        persons = [i for i, (ent, name) in enumerate(self.mentions) if ent.label_ == "PERSON" and len(name.split()) > 1]
        orgs = [i for i, (ent, name) in enumerate(self.mentions) if ent.label_ == "ORG" and len(name.split()) > 1]
        self.places = [i for i, (ent, name) in enumerate(self.mentions) if _coarse(ent.label_) == "place" and len(name.split()) > 1]
        acronyms = self._acronyms(doc, orgs)
        unmatched: dict[tuple[str, str], int] = {}
        for index, (ent, name) in enumerate(self.mentions):
            if len(name.split()) != 1:
                continue
            target = self._long_form_of(index, ent, name, persons, orgs, acronyms)
            if target is None:
                # A one-word name with no long form: equal names still form one cluster.
                target = unmatched.setdefault((_coarse(ent.label_), _match_key(name)), index)
            self._join(index, target)

    def _long_form_of(self, index: int, ent: Span, name: str, persons: list[int], orgs: list[int], acronyms: dict[str, int]) -> int | None:
        """The full-name mention a one-word mention stands for: a surname, an acronym or a short org name."""
        word = _match_key(name)
        is_acronym = name.isupper() and len(name) > 1
        if ent.label_ in SURNAME_CANDIDATE_LABELS and not is_acronym:
            target = _nearest_before(index, [i for i in persons if _match_key(self.mentions[i][1]).split()[-1] == word])
            if target is not None:
                return target
        if ent.label_ in SURNAME_CANDIDATE_LABELS and name in acronyms:
            return acronyms[name]
        if ent.label_ == "ORG":
            return _nearest_before(index, [i for i in orgs if _org_key(self.mentions[i][1]).split()[-1] == word])
        if _coarse(ent.label_) == "place":  # "the North" after "North Korea"
            return _nearest_before(index, [i for i in self.places if _match_key(self.mentions[i][1]).split()[0] == word])
        return None

    def _acronyms(self, doc: Doc, orgs: list[int]) -> dict[str, int]:
        """Acronym -> mention index, from "Long Name (LN)" definitions and from the long names' initials."""
        found: dict[str, int] = {}
        for index in orgs:
            ent, name = self.mentions[index]
            found.setdefault(initials(name), index)
            after = doc[ent.end : ent.end + 3]
            if len(after) == 3 and after[0].text == "(" and after[2].text == ")" and after[1].text.isupper():
                found[after[1].text] = index
        return found

    def resolve(self) -> list[tuple[str, str]]:
        """(canonical name, coarse type) for every mention, in mention order."""
        best: dict[int, tuple[str, str]] = {}
        for index, (ent, name) in enumerate(self.mentions):
            root = self._root(index)
            current = best.get(root)
            if current is None or len(name.split()) > len(current[0].split()) or (
                len(name.split()) == len(current[0].split()) and len(name) > len(current[0])
            ):
                # The longest form names the cluster and its type ("Doyle" mislabelled ORG joins a PERSON).
                best[root] = (name, _coarse(ent.label_))
        return [best[self._root(index)] for index in range(len(self.mentions))]


def _nearest_before(index: int, candidates: list[int]) -> int | None:
    """The closest candidate mention before `index`, else the first after it."""
    before = [c for c in candidates if c < index]
    if before:
        return before[-1]
    return candidates[0] if candidates else None


def clean_name(ent: Span) -> str:
    """The mention as a name: no leading "the", no possessive, persons without titles, aliases applied."""
    tokens = [token for token in ent if not token.is_space]
    while len(tokens) > 1 and (tokens[0].is_punct or tokens[0].lower_ == "the"):
        tokens = tokens[1:]
    while len(tokens) > 1 and (tokens[-1].is_punct or tokens[-1].text in {"'s", "’s"}):
        tokens = tokens[:-1]
    if ent.label_ == "PERSON":
        titles = word_list("lexicons/titles.txt")
        while len(tokens) > 1 and (tokens[0].lower_ in titles or tokens[0].lower_ + "." in titles):
            tokens = tokens[1:]
    # Rebuild from the text, so "Chung-tai" keeps its hyphen and line breaks become spaces.
    name = " ".join(EDITOR_BRACKETS.sub(" ", ent.doc[tokens[0].i : tokens[-1].i + 1].text).split())
    if len(tokens) == 1 and len(name) > 3:
        name = POSSESSIVE.sub("", name)
    return pair_table("lexicons/aliases.tsv").get(name.lower().replace(".", ""), name)


def initials(name: str) -> str:
    """Capitalised words' first letters, function words skipped: "Immigration and Customs Enforcement" -> "ICE"."""
    skip = word_list("lexicons/name_stopwords.txt")
    return "".join(word[0] for word in name.split() if word.lower() not in skip and word[:1].isupper())


def _org_key(name: str) -> str:
    suffixes = word_list("lexicons/org_suffixes.txt")
    words = _match_key(name).split()
    while len(words) > 1 and (words[-1] in suffixes or words[-1] + "." in suffixes):
        words = words[:-1]
    return " ".join(words)


def _match_key(name: str) -> str:
    return " ".join(name.lower().replace(".", "").split())


def _coarse(label: str) -> str:
    return COARSE_TYPES.get(label, "misc")

"""Rule cues, nouns and phrases: "his claim that ...", "according to X, ...", "Doyle: ...".

`PhraseCues(doc)` adds to the verb cues `_noun_attributions()` (a cue noun's
complement, its possessor or the subject of its verb as source),
`_phrase_attributions()` ("according to X": X the source, the rest of the
clause the content) and `_colon_attributions()` (a short name, a colon, a
statement); each returns a list of `Attribution`s.
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from nlp.extract.quotes.document import EDGE_PUNCTUATION, SUBJECTS, Attribution, end_of, trim_span, trimmed
from nlp.extract.quotes.marks import QUOTATION_MARK
from nlp.extract.quotes.verbs import VerbCues

COLON_LEAD_TOKENS = 6  # "Senator John McCain:"; longer leads are sentences, not names
PRONOUNS = {"he", "she", "i", "we", "they", "it", "him", "her", "them", "you"}


class PhraseCues(VerbCues):
    """Attributions whose cue is a noun, a prepositional phrase or a colon."""

    def _noun_attributions(self) -> list[Attribution]:
        """"his criticism of [the deal]", "Trump voiced support for [the ban]", "the claim that [wages rose]"."""
        found = []
        for noun in self.doc:
            if noun.pos_ != "NOUN" or self.in_quotation(noun.idx):
                continue
            complement = self._noun_complement(noun)
            if complement is None:
                continue
            start, end = self._grow_to_quotations(*self._phrase_of(complement))
            if end - start < 2:
                continue
            found.append(Attribution(start, end, self._holder_of(noun), noun.idx, end_of(noun)))
        return found

    def _noun_complement(self, noun: Token) -> Token | None:
        """The head of what a cue noun attributes: a preposition's object, an infinitive, or the
        that-clause of any noun but a factive, temporal or degree one ("the fact that")."""
        lemma = noun.lemma_.lower()
        for child in noun.children:
            if child.i < noun.i:
                continue
            if child.dep_ == "prep" and f"{lemma} {child.lower_}" in self.noun_cues:
                objects = [c for c in child.children if c.dep_ in ("pobj", "pcomp") and c.pos_ != "PRON"]
                return objects[0] if objects else None
            if child.dep_ in ("acl", "ccomp", "relcl"):
                marks = {c.lower_ for c in child.children if c.dep_ in ("mark", "aux")}
                if "to" in marks and f"{lemma} to" in self.noun_cues:
                    return child
                # A content clause ("the claim that wages rose"), not a relative one ("the claim that he made").
                content_clause = child.dep_ != "relcl" and "that" in marks and any(c.dep_ in SUBJECTS for c in child.children)
                if content_clause and lemma not in self.non_cue_nouns:
                    return child
        return None

    def _holder_of(self, noun: Token) -> Span | None:
        """Whose the noun's stance is: its possessor, or the subject of the verb it is the object of."""
        possessor = next((child for child in noun.children if child.dep_ == "poss"), None)
        if possessor is not None:
            return trim_span(self.doc[possessor.left_edge.i : possessor.i + 1])
        if noun.dep_ == "dobj" and noun.head.pos_ in ("VERB", "AUX"):
            subject = next((child for child in noun.head.children if child.dep_ in SUBJECTS), None)
            if subject is not None and not self.in_quotation(subject.idx):
                return trim_span(self.doc[subject.left_edge.i : subject.right_edge.i + 1], subject)
        return None

    def _phrase_attributions(self) -> list[Attribution]:
        """"according to X, ...": X is the source, the rest of the clause the content."""
        found = []
        words = [token.lower_ for token in self.doc]
        for phrase in self.cue_phrases:
            size = len(phrase)
            for first in range(len(words) - size + 1):
                if words[first : first + size] != phrase:
                    continue
                last = self.doc[first + size - 1]
                objects = [child for child in last.children if child.dep_ == "pobj"]
                if not objects:
                    continue
                source = trim_span(self.doc[objects[0].left_edge.i : objects[0].right_edge.i + 1])
                cue = self.doc[first : first + size]
                content = self._clause_without(cue[0], source.end_char)
                if content is None:
                    continue
                start, end = self._grow_to_quotations(*self._within_paragraph(*content, anchor=cue.start_char))
                found.append(Attribution(start, end, source, cue.start_char, cue.end_char))
        return found

    def _clause_without(self, cue: Token, source_end: int) -> tuple[int, int] | None:
        """The rest of the sentence around a prepositional cue phrase: after "According to X," or before ", according to X"."""
        sentence = cue.sent
        if not self.text[sentence.start_char : cue.idx].strip(EDGE_PUNCTUATION + "\"“”"):
            return trimmed(self.text, source_end, sentence.end_char)
        return trimmed(self.text, sentence.start_char, cue.idx)

    def _colon_attributions(self) -> list[Attribution]:
        """`Doyle: "..."` and headline-style `Ryan: Images Have No Place in a Campaign`: a short name, a colon, a statement."""
        found = []
        for sentence in self.sentences:
            colon = next((token for token in sentence[:COLON_LEAD_TOKENS + 1] if token.text == ":"), None)
            if colon is None or colon.i == sentence.start:
                continue
            lead = self.doc[sentence.start : colon.i]
            rest = self.doc[colon.i + 1 : sentence.end]
            names_someone = any(token.ent_type_ in ("PERSON", "ORG", "NORP", "GPE") or token.lower_ in PRONOUNS for token in lead)
            if not names_someone or any(token.pos_ in ("VERB", "AUX") for token in lead) or len(rest) < 3:
                continue
            if not (any(token.pos_ in ("VERB", "AUX") for token in rest) or QUOTATION_MARK.match(rest.text)):
                continue
            start, end = self._grow_to_quotations(*trimmed(self.text, rest.start_char, rest.end_char))
            found.append(Attribution(start, end, trim_span(lead), colon.idx, colon.idx + 1))
        return found

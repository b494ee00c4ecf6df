"""Rule cues, verbs: attributions of reporting verbs found in the parse.

`VerbCues(doc)._verb_attributions()` returns an `Attribution` for every
reporting verb (`models/lexicons/reporting_verbs.txt`), verb with a cue
preposition ("called for") and verb with a finite clausal complement: its
subject (a passive verb's agent) is the source; its clausal complement, the
clause it comments on, an adjacent quotation or its object the content.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right

from spacy.tokens import Span, Token

from nlp.extract.quotes.document import SUBJECTS, Attribution, DocumentIndex, end_of, trim_span, trimmed
from nlp.extract.quotes.marks import INTRODUCING_MARK

SUBJECT_WORDS = 6  # the longest paragraph-initial noun phrase taken as a subject the parse lost
SUBJECT_POS = {"PROPN", "NOUN", "DET", "ADJ", "NUM", "PART", "PUNCT"}  # "the group's Facebook page", "Zoo officials"


class VerbCues(DocumentIndex):
    """Attributions whose cue is a verb."""

    def _verb_attributions(self) -> list[Attribution]:
        found = []
        for token in self.doc:
            if token.pos_ not in ("VERB", "AUX") or not self._is_cue(token) or token.dep_ in ("amod", "compound"):
                continue
            if self.in_quotation(token.idx):  # speech reported inside a quotation belongs to the quoted speaker
                continue
            content = self._content_of(token)
            if content is None:
                continue
            start, end = self._grow_to_quotations(*content)
            if end - start < 2:
                continue
            source = self._source_of(token, start, end)  # before the first part joins: the subject lies between the parts
            found.append(Attribution(self._with_first_part(token, start), end, source, token.idx, token.idx + len(token.text)))
        return found

    def _with_first_part(self, verb: Token, start: int) -> int:
        """Where a content that starts at `start` begins: '"By locking in China," Mr. Obama said, "it now allowed me ..."':
        one that is the quotation opening right after the reporting clause starts at the quotation closing right
        before it, the first part of one statement the clause interrupts."""
        clause_start, clause_end = self._reporting_clause(verb)
        after = bisect_left(self.quotation_starts, clause_end)
        if after >= len(self.quotations) or self.quotation_starts[after] != start or self.text[clause_end:start].strip(" ,:"):
            return start
        before = bisect_right(self.quotation_ends, clause_start) - 1
        if before < 0 or self.text[self.quotation_ends[before] : clause_start].strip(" ,"):
            return start
        return self.quotation_starts[before]

    def _is_cue(self, verb: Token) -> bool:
        """A reporting verb, a verb whose preposition makes it one ("called for", "pointed to"), or one
        with a finite clause for its complement."""
        return verb.lemma_.lower() in self.verbs or self._cue_preposition(verb) is not None or self._finite_complement(verb)

    def _finite_complement(self, verb: Token) -> bool:
        """A verb outside the lexicon whose subject states a clause with its own subject ("Sanders
        insisted the primary was rigged"), unless it is a copula, light or causative verb."""
        lemma = verb.lemma_.lower()
        if not lemma.isalpha() or lemma in self.non_reporting_verbs or not self._subjects(verb):
            return False
        return any(child.dep_ == "ccomp" and child.i > verb.i and any(c.dep_ in SUBJECTS for c in child.children) for child in verb.children)

    def _cue_preposition(self, verb: Token) -> Token | None:
        lemma = verb.lemma_.lower()
        return next((child for child in verb.children if child.dep_ == "prep" and f"{lemma} {child.lower_}" in self.prepositional_verbs), None)

    def _content_of(self, verb: Token) -> tuple[int, int] | None:
        """Characters of what `verb` attributes: the sentence around it when it is parenthetical, its
        clausal complement, the clause it comments on, an adjacent quotation, its cue preposition's
        object ("called for"), its object (for verbs like "criticize") or, passive, its subject."""
        if self._is_parenthetical(verb):  # "In his state, Christie said, offenders are sent to treatment"
            return self._within_paragraph(verb.sent.start_char, verb.sent.end_char, anchor=verb.idx)
        if self._comments_on_what_precedes(verb):
            # '"...," he said' and "The wall is great, he said": all before the reporting clause is reported,
            # from the quotation on when a dash or colon sets it off ('He fumed - "I love Oreos," he said').
            start, end = self._within_paragraph(verb.sent.start_char, self._reporting_clause(verb)[0], anchor=verb.idx)
            introduced = [q for q in self._quotations_overlapping(start, end) if INTRODUCING_MARK.search(self.text[start : q.start].rstrip())]
            return (introduced[-1].start, end) if introduced else (start, end)
        for child in verb.children:
            infinitive = child.dep_ == "xcomp" and child.i > verb.i and any(c.lower_ == "to" for c in child.children)
            if child.dep_ == "ccomp" or (infinitive and verb.lemma_.lower() in self.infinitive_verbs):
                start, end = self._within_paragraph(child.left_edge.idx, self._clause_end(child), anchor=verb.idx)
                if end > start:  # else the complement lies on the next line: 'he said:' then a quotation
                    return start, end
        content = self._adjacent_quotation(verb) or self._prepositional_object(verb)
        if content is None and verb.lemma_.lower() in self.object_verbs:
            content = self._object_of(verb)
        return content or self._passive_subject(verb)

    def _comments_on_what_precedes(self, verb: Token) -> bool:
        """A reporting clause after its content, set off by a comma or closing quotation mark: ', he said.'"""
        clause_start = self._reporting_clause(verb)[0]
        before = self.text[verb.sent.start_char : clause_start].rstrip()
        if not before.endswith((",", "”", '"', "''", "—")):
            return False
        preceding = self.doc[verb.sent.start : bisect_left(self.token_starts, clause_start)]
        if not any(token.pos_ in ("VERB", "AUX") for token in preceding) and not self._quotations_overlapping(verb.sent.start_char, clause_start):
            return False  # "Additionally, Trump said ...": an opening phrase, not a reported clause
        return any(child.dep_ == "ccomp" and child.i < verb.i for child in verb.children) or (verb.dep_ == "parataxis" and verb.head.i < verb.i)

    def _is_parenthetical(self, verb: Token) -> bool:
        """A reporting clause between commas inside a sentence (", economists say, "): what comes before
        and after it is one statement, unless a quotation ends before it or opens after it (those are
        paired as quotations), or a participle ("adding ...") or a new clause ("and ...") follows."""
        sentence = verb.sent
        clause_start, clause_end = self._reporting_clause(verb)
        before = self.text[sentence.start_char : clause_start].rstrip()
        if not before.endswith(",") or before[:-1].rstrip().endswith(("”", '"', "''")):
            return False
        after = self.doc[bisect_left(self.token_starts, clause_end) : sentence.end]
        words = [token for token in after if not token.is_space]
        return len(words) >= 3 and words[0].text == "," and not words[1].is_punct and not self.in_quotation(words[1].idx) and words[1].tag_ != "VBG" and words[1].dep_ != "cc"

    def _reporting_clause(self, verb: Token) -> tuple[int, int]:
        """Characters of the verb with its subject: "he said", "said Richard Sabato, the president"."""
        tokens = [verb, *(token for child in self._subjects(verb) for token in (child.left_edge, child.right_edge))]
        tokens += [child for child in verb.children if child.dep_ in ("aux", "neg", "advmod") and abs(child.i - verb.i) <= 2]
        return min(token.idx for token in tokens), max(end_of(token) for token in tokens)

    def _clause_end(self, clause: Token) -> int:
        """Where a reported clause ends: before a coordinated reporting verb ("he respects her and calls her ..."),
        or before a comma and a trailing comment on it (", pointing to ...", ", while others ...")."""
        for child in clause.children:
            after_comma = child.i > clause.i and child.left_edge.i > 0 and self.doc[child.left_edge.i - 1].text == ","
            if after_comma and _is_trailing_comment(child):
                return end_of(self.doc[child.left_edge.i - 2])
        for child in clause.children:
            if child.dep_ == "conj" and child.lemma_.lower() in self.verbs:
                before = [token for token in clause.subtree if token.i < child.left_edge.i and token.dep_ != "cc"]
                return end_of(before[-1]) if before else end_of(clause)
        return end_of(clause.right_edge)

    def _object_of(self, verb: Token) -> tuple[int, int] | None:
        """The direct object with its "for"/"as" phrase: "criticized [Clinton for her emails]"."""
        objects = [child for child in verb.children if child.dep_ == "dobj" and child.pos_ != "PRON"]
        if not objects:
            return None
        end = end_of(objects[0].right_edge)
        for child in verb.children:
            if child.i > objects[0].i and (child.dep_ == "oprd" or (child.dep_ == "prep" and child.lower_ in ("for", "as"))):
                end = max(end, end_of(child.right_edge))
        return trimmed(self.text, objects[0].left_edge.idx, end)

    def _prepositional_object(self, verb: Token) -> tuple[int, int] | None:
        """The object of a cue preposition: "called for [a ban]", "accused Trump of [lying]"; not a time."""
        preposition = self._cue_preposition(verb)
        if preposition is None:
            return None
        objects = [child for child in preposition.children if child.dep_ in ("pobj", "pcomp")]
        if not objects or objects[0].pos_ == "PRON" or objects[0].ent_type_ in ("DATE", "TIME"):
            return None
        return self._phrase_of(objects[0])

    def _passive_subject(self, verb: Token) -> tuple[int, int] | None:
        """What a passive reporting verb with an agent reports: "[The meeting] was first reported by Politico"."""
        if not any(child.dep_ == "agent" for child in verb.children):
            return None
        subject = next((child for child in verb.children if child.dep_ == "nsubjpass" and child.pos_ != "PRON"), None)
        return None if subject is None else self._phrase_of(subject)

    def _adjacent_quotation(self, verb: Token) -> tuple[int, int] | None:
        """A quotation that ends just before the reporting clause or opens just after it
        ('he said: "..."', also on the next line after a colon)."""
        clause_start, clause_end = self._reporting_clause(verb)
        before = bisect_right(self.quotation_ends, clause_start) - 1
        if before >= 0:
            gap = self.text[self.quotation_ends[before] : clause_start]
            if len(gap) <= 3 and not gap.strip(" ,"):
                return self.quotation_starts[before], self.quotation_ends[before]
        after = bisect_left(self.quotation_starts, clause_end)
        if after < len(self.quotations):
            gap = self.text[clause_end : self.quotation_starts[after]]
            if (len(gap) <= 3 or gap.strip() == ":") and not gap.strip(" ,:\n"):
                return self.quotation_starts[after], self.quotation_ends[after]
        return None

    def _source_of(self, verb: Token, content_start: int, content_end: int) -> Span | None:
        """The verb's subject, borrowed from the verb it is coordinated with or subordinate to when it has none."""
        for candidate in (verb, verb.head if verb.dep_ in ("conj", "advcl", "xcomp") else None):
            if candidate is None:
                continue
            # A passive verb's agent is its source: "[The meeting] was first reported by Politico". An active
            # verb's "by" phrase is a means ("said by telephone") the parse may also label agent: its subject comes first.
            passive = any(child.dep_ in ("nsubjpass", "auxpass") for child in candidate.children)
            for child in sorted(candidate.children, key=lambda child: (child.dep_ != "agent") if passive else (child.dep_ == "agent")):
                if (child.dep_ in SUBJECTS or child.dep_ == "agent") and not self.in_quotation(child.idx):
                    subject = child if child.dep_ != "agent" else next((c for c in child.children if c.dep_ == "pobj"), None)
                    if subject is None:
                        continue
                    span = self.doc[subject.left_edge.i : subject.right_edge.i + 1]
                    if span.start_char < content_end and content_start < span.end_char:
                        span = self.doc[subject.i : subject.i + 1]  # the parse folded the content into the subject
                    if self._line_break_between(subject.idx, verb.idx):  # a subject in the paragraph before is a misparse
                        return self._subject_across_line_break(verb) or trim_span(span, subject)
                    return trim_span(span, subject)
        return self._name_after(verb, content_start, content_end) or self._subject_across_line_break(verb) or self._name_before(verb)

    def _name_after(self, verb: Token, content_start: int, content_end: int) -> Span | None:
        """'"The risk," said Edward Leamer, an economist, "is ..."': the parser may give the name after an
        inverted reporting verb to the resumed quotation's verb; the name with its description is the source."""
        if verb.i + 1 >= len(self.doc) or not self.text[content_start:verb.idx].rstrip().endswith((",", "”", '"', "''")):
            return None
        name = self.doc[verb.i + 1]
        while name.dep_ == "compound" and name.head.i > name.i:
            name = name.head
        if name.pos_ != "PROPN" or self.in_quotation(name.idx):
            return None
        span = self.doc[verb.i + 1 : name.right_edge.i + 1]
        if span.start_char < content_end and content_start < span.end_char:
            span = self.doc[verb.i + 1 : name.i + 1]
        return trim_span(span, name)

    def _subject_across_line_break(self, verb: Token) -> Span | None:
        """'... in Abuja\nAli said that ...': reading on over a line break, the parser hung a paragraph's first
        words on the sentence before; the noun phrase from the line's start to the verb is the verb's subject."""
        first = bisect_left(self.token_starts, self._line_around(verb.idx)[0])
        words = [token for token in self.doc[first : verb.i] if not token.is_space]
        if first == 0 or not 0 < len(words) <= SUBJECT_WORDS or words[-1].pos_ not in ("PROPN", "NOUN"):
            return None
        if any(token.pos_ not in SUBJECT_POS for token in words) or all(token.head.i >= first for token in words):
            return None  # not a plain noun phrase, or one the parse kept in its own line
        return trim_span(self.doc[words[0].i : words[-1].i + 1], words[-1])


    def _name_before(self, verb: Token) -> Span | None:
        """'Ajmal Jan, a local shopkeeper, said ...', 'In Florida, Rabbi Jacob Luski of B'nai Israel said ...': where the
        parse lost a reporting verb's subject (often by joining its line to a caption), the first person or
        organisation of the line is the subject when only a place or time phrase and titles come before it, and
        a prepositional phrase, or an apposition or relative clause set off by commas, between it and the verb."""
        if verb.pos_ != "VERB" or verb.lower_ == "according" or verb.lemma_.lower() not in self.verbs:
            return None
        line_start = self._line_around(verb.idx)[0]
        name = next((mention for mention in self.mentions_in(line_start, verb.idx) if mention.label in ("PERSON", "ORG")), None)
        span = self.span_of(name) if name is not None else None
        if span is None or self.in_quotation(name.start):
            return None
        before = [token for token in self.doc[bisect_left(self.token_starts, line_start) : span.start] if not token.is_space]
        comma = max((index for index, token in enumerate(before) if token.text == ","), default=-1)
        leading, titles = before[: comma + 1], before[comma + 1 :]
        if (leading and leading[0].pos_ != "ADP") or any(token.pos_ not in ("PROPN", "ADJ", "DET", "NOUN") for token in titles) or any(token.pos_ in ("VERB", "AUX") for token in leading):
            return None
        gap = self.doc[span.end : verb.i]
        if any(token.text in (".", "!", "?") for token in gap):
            return None
        set_off = len(gap) > 1 and gap[0].text == "," and gap[-1].text == ","
        of_phrase = len(gap) > 0 and gap[0].pos_ == "ADP" and not any(token.pos_ in ("VERB", "AUX") or token.is_punct for token in gap)
        return span if not gap or set_off or of_phrase else None


def _is_trailing_comment(token: Token) -> bool:
    """A participle clause or a "while"/"whereas" clause hung on a clause after a comma."""
    return token.dep_ == "advcl" and (token.tag_ == "VBG" or any(child.dep_ == "mark" and child.lower_ in ("while", "whereas") for child in token.children))


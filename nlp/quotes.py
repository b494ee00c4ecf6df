"""Quote attribution: who said what.

The `presslens_quotes` component takes a parsed `Doc` whose entities are
clustered (`doc._.entities`) and sets `doc._.quotes` to a list of `Quote`s:
the content span, its kind (direct, indirect, mixed), the speaker as written
and resolved, the speaker's type and the reporting cue.

It works in three passes:
1. `find_quotations` pairs quotation marks paragraph by paragraph, so an
   unbalanced mark never reaches past its paragraph.
2. Every reporting verb (`models/lexicons/reporting_verbs.txt`), verb with a
   cue preposition ("called for"), cue noun ("his claim that") and cue phrase
   ("according to") in the parse yields an attribution: its subject (a passive
   verb's agent, a noun's possessor) is the source; its clausal complement,
   the clause it comments on, or its object the content. Content that touches
   a quotation grows to the whole quotation.
   A short name before a colon ("Doyle: ...") is an attribution too.
3. Quotations still unclaimed take their speaker from a name with a dash
   ("Maria Lopez ― "..."", '"..." ― Pamela Padilla'), from a verb beside them
   ('"...," she quipped.'), or from the attribution just before them: a
   quotation in the same paragraph, or one reopening a paragraph left open,
   extends it; one in the next paragraph inherits its speaker (floating quotes).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from nlp.lexicons import word_list

Doc.set_extension("quotes", default=None, force=True)

OPENING_MARKS = "“„«"
CLOSING_MARKS = "”»"
# Straight marks, and the doubled single marks of older newswire text, open or close by position.
QUOTATION_MARK = re.compile(r"``|''|[\"“”„«»]")
SINGLE_MARK = re.compile(r"[‘’']")
PARAGRAPH_BREAK = re.compile(r"\n")
PARAGRAPHS = re.compile(r"\n\s*")
COLON_LEAD_TOKENS = 6  # "Senator John McCain:"; longer leads are sentences, not names
REPORTING_CLAUSE_TOKENS = 5  # '"...," the senator from Ohio quipped.' reaches its verb within this many tokens
INTRODUCING_MARK = re.compile(r"\s*(?::|―|—|–|--|\s-)$")
SIGNING_MARK = re.compile(r"\s*(―|—|–|--)\s*")
INTRODUCER_TOKENS = 14  # "Maria Lopez, 24, a student from Phoenix ―"
MENTION_LOOKBACK = 200  # entity mentions searched back for a pronoun's antecedent
SPEECH_MIN_WORDS = 4  # shorter quotations without a reporting verb are titles, nicknames or scare quotes
PRONOUNS = {"he", "she", "i", "we", "they", "it", "him", "her", "them", "you"}
PERSON_PRONOUNS = {"he", "she", "him", "her", "i"}
RELATIVE_PRONOUNS = {"who", "which", "that", "whom"}
SUBJECTS = {"nsubj", "nsubjpass", "csubj"}
EDGE_PUNCTUATION = " \t\n,;:—–-"


@dataclass
class Quote:
    """One attribution; offsets are characters of the document text (None when there is no span)."""

    start: int
    end: int
    text: str
    kind: str
    speaker: str | None
    speaker_start: int | None
    speaker_end: int | None
    speaker_canonical: str | None
    speaker_key: str | None
    speaker_type: str
    cue: str | None
    cue_start: int | None
    cue_end: int | None
    sentence: int
    sentence_text: str


@dataclass
class Quotation:
    """Characters between a pair of quotation marks, marks included; `closed` is False when the paragraph ended first."""

    start: int
    end: int
    closed: bool


def find_quotations(text: str) -> list[Quotation]:
    """Quotation spans of `text`, paired within each paragraph (a line).

    Double marks pair first; single marks ('British style') pair only in a
    paragraph without double marks, where they cannot be nested quotations.
    """
    quotations = []
    paragraph_start = 0
    for paragraph_end in [match.start() for match in PARAGRAPH_BREAK.finditer(text)] + [len(text)]:
        found = _pair_marks(text, paragraph_start, paragraph_end, QUOTATION_MARK, _can_open, _can_close)
        if not found and not QUOTATION_MARK.search(text, paragraph_start, paragraph_end):
            found = _pair_marks(text, paragraph_start, paragraph_end, SINGLE_MARK, _can_open_single, _can_close_single)
        quotations.extend(found)
        paragraph_start = paragraph_end + 1
    return quotations


def _pair_marks(text: str, start: int, end: int, marks: re.Pattern, can_open, can_close) -> list[Quotation]:
    """Pair marks left to right; a quotation still open at the paragraph's end stops there."""
    found = []
    opened: int | None = None
    for mark in marks.finditer(text, start, end):
        if opened is None:
            if can_open(text, mark.start(), mark.group()):
                opened = mark.start()
        elif can_close(text, mark.end(), mark.group()):
            found.append(Quotation(opened, mark.end(), True))
            opened = None
        elif can_open(text, mark.start(), mark.group()):  # a second opening mark: the first one was stray
            opened = mark.start()
    if opened is not None and text[opened:end].strip(" \"“”„«»'`‘’"):
        found.append(Quotation(opened, end, False))
    return found


def _can_open(text: str, position: int, mark: str) -> bool:
    follows_space = position == 0 or not text[position - 1].isalnum()
    if mark in CLOSING_MARKS:  # a mismatched mark ('”Mr. Trump ...') opens only where a word starts right after it
        after = position + len(mark)
        return follows_space and after < len(text) and text[after].isalnum()
    return mark in OPENING_MARKS or mark == "``" or follows_space


def _can_close(text: str, end: int, mark: str) -> bool:
    if mark in CLOSING_MARKS or mark == "''":
        return True
    if mark in OPENING_MARKS or mark == "``":
        return False
    return end >= len(text) or not text[end].isalnum()  # a straight mark closes unless a word follows at once


def _can_open_single(text: str, position: int, mark: str) -> bool:
    # An apostrophe sits inside or at the end of a word; an opening mark starts one.
    before_ok = position == 0 or not text[position - 1].isalnum()
    return before_ok and position + 1 < len(text) and text[position + 1].isalnum()


def _can_close_single(text: str, end: int, mark: str) -> bool:
    return end >= 2 and not text[end - 2].isspace() and (end >= len(text) or not text[end].isalnum())


def quotation_kind(text: str) -> str:
    """direct (opens with a quotation mark), mixed (marks inside) or indirect (none).

    Single marks count only around the whole text: inside, they are apostrophes as often as not.
    """
    stripped = text.strip()
    if len(stripped) > 2 and stripped[0] in "‘'" and stripped[1].isalnum() and stripped[-1] in "’'":
        return "direct"
    match = QUOTATION_MARK.search(stripped)
    if match is None:
        return "indirect"
    return "direct" if match.start() == 0 else "mixed"


@dataclass
class _Attribution:
    """An attribution being built: content characters, source and cue tokens."""

    start: int
    end: int
    source: Span | None
    cue_start: int | None
    cue_end: int | None
    speaker: Speaker | None = None  # resolved on demand; floating quotes share the one before them


@Language.component("presslens_quotes")
def attribute_quotes(doc: Doc) -> Doc:
    """Set `doc._.quotes` to the document's attributions in text order."""
    doc._.quotes = _QuoteFinder(doc).quotes()
    return doc


class _QuoteFinder:
    """Finds and resolves the attributions of one document."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.text = doc.text
        self.quotations = find_quotations(self.text)
        # Quotations are disjoint and in text order, so both lists are sorted: lookups bisect them.
        self.quotation_starts = [quotation.start for quotation in self.quotations]
        self.quotation_ends = [quotation.end for quotation in self.quotations]
        self.line_breaks = [match.start() for match in PARAGRAPH_BREAK.finditer(self.text)]
        self.sentences = list(doc.sents) if doc.has_annotation("SENT_START") else [doc[:]]
        self.sentence_starts = [sentence.start_char for sentence in self.sentences]
        self.token_starts = [token.idx for token in doc]
        self.mentions = sorted(doc._.entities or [], key=lambda mention: mention.start)
        self.mention_starts = [mention.start for mention in self.mentions]
        self.surnames: dict[str, object] | None = None  # built on first use
        self.verbs = word_list("lexicons/reporting_verbs.txt")
        self.object_verbs = word_list("lexicons/object_cue_verbs.txt")
        self.infinitive_verbs = word_list("lexicons/infinitive_cue_verbs.txt")
        self.prepositional_verbs = word_list("lexicons/prepositional_cue_verbs.txt")
        self.noun_cues = word_list("lexicons/noun_cues.txt")
        self.non_reporting_verbs = word_list("lexicons/non_reporting_verbs.txt")
        self.non_cue_nouns = word_list("lexicons/non_cue_nouns.txt")
        self.cue_phrases = [phrase.split() for phrase in word_list("lexicons/cue_phrases.txt")]

    def quotes(self) -> list[Quote]:
        attributions = [*self._verb_attributions(), *self._noun_attributions(), *self._phrase_attributions(), *self._colon_attributions()]
        attributions = _without_nested_duplicates(attributions)
        attributions = self._add_unclaimed_quotations(attributions)
        return [self._quote(attribution) for attribution in attributions]

    # --- pass 2: reporting verbs and cue phrases ---------------------------------------------

    def _verb_attributions(self) -> list[_Attribution]:
        found = []
        for token in self.doc:
            if token.pos_ not in ("VERB", "AUX") or not self._is_cue(token) or token.dep_ in ("amod", "compound"):
                continue
            if self._in_quotation(token.idx):  # speech reported inside a quotation belongs to the quoted speaker
                continue
            content = self._content_of(token)
            if content is None:
                continue
            start, end = self._grow_to_quotations(*content)
            if end - start < 2:
                continue
            found.append(_Attribution(start, end, self._source_of(token, start, end), token.idx, token.idx + len(token.text)))
        return found

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

    def _subjects(self, verb: Token) -> list[Token]:
        """The verb's subjects outside quotations (a subject inside one is a misparse of the quoted words)."""
        return [child for child in verb.children if child.dep_ in SUBJECTS and not self._in_quotation(child.idx)]

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
        return len(words) >= 3 and words[0].text == "," and not words[1].is_punct and not self._in_quotation(words[1].idx) and words[1].tag_ != "VBG" and words[1].dep_ != "cc"

    def _reporting_clause(self, verb: Token) -> tuple[int, int]:
        """Characters of the verb with its subject: "he said", "said Richard Sabato, the president"."""
        tokens = [verb, *(token for child in self._subjects(verb) for token in (child.left_edge, child.right_edge))]
        tokens += [child for child in verb.children if child.dep_ in ("aux", "neg", "advmod") and abs(child.i - verb.i) <= 2]
        return min(token.idx for token in tokens), max(_end(token) for token in tokens)

    def _clause_end(self, clause: Token) -> int:
        """Where a reported clause ends: before a coordinated reporting verb ("he respects her and calls her ..."),
        or before a comma and a trailing comment on it (", pointing to ...", ", while others ...")."""
        for child in clause.children:
            after_comma = child.i > clause.i and child.left_edge.i > 0 and self.doc[child.left_edge.i - 1].text == ","
            if after_comma and _is_trailing_comment(child):
                return _end(self.doc[child.left_edge.i - 2])
        for child in clause.children:
            if child.dep_ == "conj" and child.lemma_.lower() in self.verbs:
                before = [token for token in clause.subtree if token.i < child.left_edge.i and token.dep_ != "cc"]
                return _end(before[-1]) if before else _end(clause)
        return _end(clause.right_edge)

    def _object_of(self, verb: Token) -> tuple[int, int] | None:
        """The direct object with its "for"/"as" phrase: "criticized [Clinton for her emails]"."""
        objects = [child for child in verb.children if child.dep_ == "dobj" and child.pos_ != "PRON"]
        if not objects:
            return None
        end = _end(objects[0].right_edge)
        for child in verb.children:
            if child.i > objects[0].i and (child.dep_ == "oprd" or (child.dep_ == "prep" and child.lower_ in ("for", "as"))):
                end = max(end, _end(child.right_edge))
        return _trimmed(self.text, objects[0].left_edge.idx, end)

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

    def _phrase_of(self, head: Token) -> tuple[int, int]:
        """Characters of the phrase `head` heads (its subtree), without edge punctuation."""
        return _trimmed(self.text, head.left_edge.idx, _end(head.right_edge))

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
            # A passive verb's agent is its source: "[The meeting] was first reported by Politico".
            for child in sorted(candidate.children, key=lambda child: child.dep_ != "agent"):
                if (child.dep_ in SUBJECTS or child.dep_ == "agent") and not self._in_quotation(child.idx):
                    subject = child if child.dep_ != "agent" else next((c for c in child.children if c.dep_ == "pobj"), None)
                    if subject is None:
                        continue
                    span = self.doc[subject.left_edge.i : subject.right_edge.i + 1]
                    if span.start_char < content_end and content_start < span.end_char:
                        span = self.doc[subject.i : subject.i + 1]  # the parse folded the content into the subject
                    return _trim_span(span, subject)
        return self._name_after(verb, content_start, content_end)

    def _name_after(self, verb: Token, content_start: int, content_end: int) -> Span | None:
        """'"The risk," said Edward Leamer, an economist, "is ..."': the parser may give the name after an
        inverted reporting verb to the resumed quotation's verb; the name with its description is the source."""
        if verb.i + 1 >= len(self.doc) or not self.text[content_start:verb.idx].rstrip().endswith((",", "”", '"', "''")):
            return None
        name = self.doc[verb.i + 1]
        while name.dep_ == "compound" and name.head.i > name.i:
            name = name.head
        if name.pos_ != "PROPN" or self._in_quotation(name.idx):
            return None
        span = self.doc[verb.i + 1 : name.right_edge.i + 1]
        if span.start_char < content_end and content_start < span.end_char:
            span = self.doc[verb.i + 1 : name.i + 1]
        return _trim_span(span, name)

    def _noun_attributions(self) -> list[_Attribution]:
        """"his criticism of [the deal]", "Trump voiced support for [the ban]", "the claim that [wages rose]"."""
        found = []
        for noun in self.doc:
            if noun.pos_ != "NOUN" or self._in_quotation(noun.idx):
                continue
            complement = self._noun_complement(noun)
            if complement is None:
                continue
            start, end = self._grow_to_quotations(*self._phrase_of(complement))
            if end - start < 2:
                continue
            found.append(_Attribution(start, end, self._holder_of(noun), noun.idx, _end(noun)))
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
            return _trim_span(self.doc[possessor.left_edge.i : possessor.i + 1])
        if noun.dep_ == "dobj" and noun.head.pos_ in ("VERB", "AUX"):
            subject = next((child for child in noun.head.children if child.dep_ in SUBJECTS), None)
            if subject is not None and not self._in_quotation(subject.idx):
                return _trim_span(self.doc[subject.left_edge.i : subject.right_edge.i + 1], subject)
        return None

    def _phrase_attributions(self) -> list[_Attribution]:
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
                source = _trim_span(self.doc[objects[0].left_edge.i : objects[0].right_edge.i + 1])
                cue = self.doc[first : first + size]
                content = self._clause_without(cue[0], source.end_char)
                if content is None:
                    continue
                start, end = self._grow_to_quotations(*self._within_paragraph(*content, anchor=cue.start_char))
                found.append(_Attribution(start, end, source, cue.start_char, cue.end_char))
        return found

    def _clause_without(self, cue: Token, source_end: int) -> tuple[int, int] | None:
        """The rest of the sentence around a prepositional cue phrase: after "According to X," or before ", according to X"."""
        sentence = cue.sent
        if not self.text[sentence.start_char : cue.idx].strip(EDGE_PUNCTUATION + "\"“”"):
            return _trimmed(self.text, source_end, sentence.end_char)
        return _trimmed(self.text, sentence.start_char, cue.idx)

    def _colon_attributions(self) -> list[_Attribution]:
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
            start, end = self._grow_to_quotations(*_trimmed(self.text, rest.start_char, rest.end_char))
            found.append(_Attribution(start, end, _trim_span(lead), colon.idx, colon.idx + 1))
        return found

    def _grow_to_quotations(self, start: int, end: int) -> tuple[int, int]:
        """Widen content to whole quotations it starts in, or that start inside it and run on."""
        for quotation in self._quotations_overlapping(start, end):
            if quotation.start <= start + 1 or quotation.end > end:
                start, end = min(start, quotation.start), max(end, quotation.end)
        return _trimmed(self.text, start, end)

    def _quotations_overlapping(self, start: int, end: int) -> list[Quotation]:
        return self.quotations[bisect_right(self.quotation_ends, start) : bisect_left(self.quotation_starts, end)]

    # --- pass 3: quotations without a verb ---------------------------------------------------

    def _add_unclaimed_quotations(self, attributions: list[_Attribution]) -> list[_Attribution]:
        """Colon- and dash-introduced, floating and multi-paragraph quotations, merged into document order.

        One sweep through the quotations in text order: `covering` holds the attributions whose
        content reaches the current quotation, `last_held` the latest quotation some attribution holds.
        """
        pending = sorted(attributions, key=lambda attribution: attribution.start)
        starts = [attribution.start for attribution in pending]
        cues = {attribution.cue_start for attribution in pending}
        added: list[_Attribution] = []
        covering: list[_Attribution] = []
        next_pending = 0
        last_held: tuple[Quotation, _Attribution] | None = None
        for quotation in self.quotations:
            while next_pending < len(pending) and pending[next_pending].start <= quotation.start:
                covering.append(pending[next_pending])
                next_pending += 1
            covering = [a for a in covering if a.end > quotation.start]
            if covering:
                last_held = (quotation, min(covering, key=lambda a: a.end - a.start))
                continue
            long_enough = self._long_enough(quotation)
            attribution = (self._introduced(quotation) or self._beside_a_verb(quotation, cues)) if long_enough else None
            if attribution is None and last_held is not None:
                held, holder = last_held
                # A continuation opens a sentence, or resumes right after the reporting clause ('"A," he said, "b"').
                resumes = holder.cue_start is not None and held.end <= holder.cue_start < quotation.start
                if (self._opens_sentence(quotation) or resumes) and self._continues(held, holder, quotation, pending, starts):
                    if not self._line_break_between(holder.end, quotation.start) or (not held.closed and not self.text[held.end : quotation.start].strip()):
                        # Same paragraph ('"A," he said. "B"', however short B is), or a quotation left open that the next paragraph reopens.
                        holder.end = max(holder.end, quotation.end)
                        covering.append(holder)
                        last_held = (quotation, holder)
                        continue
                    if long_enough:
                        attribution = _Attribution(quotation.start, quotation.end, holder.source, None, None, speaker=self.speaker_of(holder))
            if attribution is not None:
                added.append(attribution)
                covering.append(attribution)
                cues.add(attribution.cue_start)
                last_held = (quotation, attribution)
        return sorted(pending + added, key=lambda attribution: attribution.start)

    def _continues(self, held: Quotation, holder: _Attribution, quotation: Quotation, pending: list[_Attribution], starts: list[int]) -> bool:
        """Whether `quotation` continues `holder`, the attribution holding `held`: in the same paragraph or
        the next, with no other speaker's attribution starting in between. One inside the holder's source
        ('"A," said Peter King, who endorsed Mr. Rubio. "B"') or on a verb hung on the holder's own
        ('"A," he said, referring to the debate. "B"') is the same speaker's."""
        gap = self.text[held.end : quotation.start]
        if len(gap) > 300 or len(PARAGRAPHS.findall(gap)) > 1:
            return False
        between = pending[bisect_left(starts, held.end) : bisect_left(starts, quotation.start)]
        return all(self._same_speaker(holder, attribution) for attribution in between)

    def _same_speaker(self, holder: _Attribution, other: _Attribution) -> bool:
        """Whether `other` starts inside the holder's source or hangs, subjectless, on the holder's cue verb."""
        source = holder.source
        if source is not None and source.start_char <= other.start < source.end_char:
            return True
        if holder.cue_start is None or other.cue_start is None:
            return False
        holder_cue = self.doc[bisect_left(self.token_starts, holder.cue_start)]
        other_cue = self.doc[bisect_left(self.token_starts, other.cue_start)]
        return other_cue.head == holder_cue and other_cue.dep_ in ("advcl", "conj", "xcomp") and not self._subjects(other_cue)

    def _line_break_between(self, start: int, end: int) -> bool:
        return bisect_left(self.line_breaks, start) != bisect_left(self.line_breaks, end)

    def _introduced(self, quotation: Quotation) -> _Attribution | None:
        """'Maria Lopez, 24, a student ― "..."', 'Doyle: "..."', '"..." ― Pamela Padilla'."""
        introduced = self._introducer_of(quotation)
        if introduced is None:
            return None
        lead, mark_start, mark_end = introduced
        return _Attribution(quotation.start, quotation.end, lead, mark_start, mark_end)

    def _beside_a_verb(self, quotation: Quotation, cues: set[int | None]) -> _Attribution | None:
        """'"...," he shot back.': a verb outside the lexicon in the reporting clause's place."""
        verb = self._verb_beside(quotation)
        if verb is None or verb.idx in cues:
            return None
        return _Attribution(quotation.start, quotation.end, self._source_of(verb, quotation.start, quotation.end), verb.idx, _end(verb))

    def _introducer_of(self, quotation: Quotation) -> tuple[Span, int, int] | None:
        """A short name with a colon or dash that opens the quotation's line ('Maria Lopez, 24 ― "..."')
        or, set off by a dash, closes it ('"..." ― Pamela Padilla'): the source and the mark."""
        line_start, line_end = self._line_around(quotation.start)
        line_end = max(line_end, quotation.end)  # a quotation left open ends at its line's end
        before = self.text[max(line_start, quotation.start - 8) : quotation.start].rstrip()  # only a mark's width matters
        opening = INTRODUCING_MARK.search(before)
        closing = SIGNING_MARK.match(self.text, quotation.end, line_end)
        if opening is not None:
            offset = max(line_start, quotation.start - 8)
            mark_start, mark_end = offset + opening.start(), offset + opening.end()
            sentence_start = self.sentences[bisect_right(self.sentence_starts, mark_start) - 1].start_char
            lead = self.doc.char_span(max(line_start, sentence_start), mark_start, alignment_mode="contract")
        elif closing is not None:
            mark_start, mark_end = closing.start(1), closing.end(1)
            lead = self.doc.char_span(mark_end, line_end, alignment_mode="contract")
        else:
            return None
        if lead is None or not 0 < len(lead) <= INTRODUCER_TOKENS:
            return None
        if not any(token.ent_type_ in ("PERSON", "ORG", "NORP") or token.pos_ == "PROPN" or token.lower_ in PRONOUNS for token in lead):
            return None
        if any(token.pos_ in ("VERB", "AUX") and token.lemma_.lower() not in self.verbs for token in lead):
            return None
        mark_start += len(self.text[mark_start:mark_end]) - len(self.text[mark_start:mark_end].lstrip())
        return _trim_span(lead), mark_start, mark_end

    def _verb_beside(self, quotation: Quotation) -> Token | None:
        """The verb of a short clause that ends the sentence right after a quotation ('"...," she quipped.'),
        or of one that ends right before it ('Protesters chanted: "..."')."""
        following = bisect_left(self.token_starts, quotation.end)
        clause = [token for token in self.doc[following : following + REPORTING_CLAUSE_TOKENS + 2] if not token.is_space]
        if clause and clause[0].text == ",":
            clause = clause[1:]
        for position, token in enumerate(clause[:REPORTING_CLAUSE_TOKENS]):
            if token.is_punct:
                break
            if token.pos_ == "VERB" and self._subjects(token):
                rest = clause[position + 1 :]
                return token if rest and rest[0].text in (".", "!", "?", ":") else None
        preceding = [token for token in self.doc[max(0, bisect_left(self.token_starts, quotation.start) - 2) : bisect_left(self.token_starts, quotation.start)] if not token.is_space]
        if preceding and preceding[-1].text in (":", ","):
            preceding = preceding[:-1]
        if preceding and preceding[-1].pos_ == "VERB" and self._subjects(preceding[-1]):
            return preceding[-1]
        return None

    def _long_enough(self, quotation: Quotation) -> bool:
        return len(self.text[quotation.start : quotation.end].strip(" \"“”„«»'`‘’").split()) >= SPEECH_MIN_WORDS

    def _opens_sentence(self, quotation: Quotation) -> bool:
        """A sentence of its own rather than a phrase quoted inside one."""
        before = self.text[self._line_around(quotation.start)[0] : quotation.start].rstrip()
        return not before or before[-1] in ".!?:\"”'―—–-"

    def _within_paragraph(self, start: int, end: int, anchor: int) -> tuple[int, int]:
        """Content clipped to the paragraph (line) holding `anchor`: a parse may run across a line break."""
        paragraph_start, paragraph_end = self._line_around(anchor)
        return _trimmed(self.text, max(start, paragraph_start), min(end, paragraph_end))

    def _line_around(self, position: int) -> tuple[int, int]:
        """Start and end of the line (paragraph) holding `position`."""
        index = bisect_left(self.line_breaks, position)
        start = self.line_breaks[index - 1] + 1 if index > 0 else 0
        end = self.line_breaks[index] if index < len(self.line_breaks) else len(self.text)
        return start, end

    # --- resolving speakers -------------------------------------------------------------------

    def _quote(self, attribution: _Attribution) -> Quote:
        sentence_number = bisect_right(self.sentence_starts, attribution.start) - 1
        text = self.text[attribution.start : attribution.end]
        cue = None if attribution.cue_start is None else self.text[attribution.cue_start : attribution.cue_end]
        speaker = self.speaker_of(attribution)
        return Quote(
            start=attribution.start,
            end=attribution.end,
            text=text,
            kind=quotation_kind(text),
            speaker=speaker.text,
            speaker_start=speaker.start,
            speaker_end=speaker.end,
            speaker_canonical=speaker.canonical,
            speaker_key=speaker.key,
            speaker_type=speaker.kind,
            cue=cue,
            cue_start=attribution.cue_start,
            cue_end=attribution.cue_end,
            sentence=sentence_number,
            sentence_text=self.sentences[sentence_number].text,
        )

    def speaker_of(self, attribution: _Attribution) -> Speaker:
        """The attribution's speaker, resolved once."""
        if attribution.speaker is None:
            attribution.speaker = resolve_speaker(self, attribution.source) if attribution.source is not None else Speaker()
        return attribution.speaker

    def mentions_in(self, start: int, end: int) -> list:
        first = bisect_left(self.mention_starts, start)
        return [mention for mention in self.mentions[first : bisect_left(self.mention_starts, end)] if mention.end <= end]

    def last_mention_before(self, position: int, accept) -> object | None:
        """The last of the entity mentions just before `position` that `accept` takes, outside quotations."""
        last = bisect_left(self.mention_starts, position)
        for mention in reversed(self.mentions[max(0, last - MENTION_LOOKBACK) : last]):
            if mention.end <= position and accept(mention) and not self._in_quotation(mention.start):
                return mention
        return None

    def person_by_surname(self, word: str):
        """The one person in the document whose full name ends with `word`, if exactly one does."""
        if self.surnames is None:
            by_surname: dict[str, dict[str, object]] = {}
            for mention in self.mentions:
                if mention.label == "PERSON" and " " in mention.canonical:
                    by_surname.setdefault(mention.canonical.split()[-1].lower(), {})[mention.entity_key] = mention
            self.surnames = {surname: next(iter(people.values())) for surname, people in by_surname.items() if len(people) == 1}
        return self.surnames.get(word.lower())

    def is_subject(self, mention) -> bool:
        """Whether a mention is the subject of its clause (the likeliest antecedent of a later "he" or "she")."""
        span = self.doc.char_span(mention.start, mention.end, alignment_mode="expand")
        root = span.root if span is not None else None
        while root is not None and root.dep_ in ("compound", "appos") and root.head is not root:
            root = root.head
        return root is not None and root.dep_ in SUBJECTS

    def _in_quotation(self, position: int) -> bool:
        index = bisect_right(self.quotation_starts, position) - 1
        return index >= 0 and self.quotation_starts[index] < position < self.quotation_ends[index]


@dataclass
class Speaker:
    """Who an attribution is to: the words as written (with offsets), resolved name, entity key and type."""

    text: str | None = None
    start: int | None = None
    end: int | None = None
    canonical: str | None = None
    key: str | None = None
    kind: str = "unknown"


def resolve_speaker(finder: _QuoteFinder, source: Span) -> Speaker:
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


def _without_nested_duplicates(attributions: list[_Attribution]) -> list[_Attribution]:
    """Drop an attribution whose content and cue equal another's (two verbs of one clause)."""
    seen: set[tuple[int, int]] = set()
    unique = []
    for attribution in attributions:
        if (attribution.start, attribution.end) in seen:
            continue
        seen.add((attribution.start, attribution.end))
        unique.append(attribution)
    return unique


def _is_trailing_comment(token: Token) -> bool:
    """A participle clause or a "while"/"whereas" clause hung on a clause after a comma."""
    return token.dep_ == "advcl" and (token.tag_ == "VBG" or any(child.dep_ == "mark" and child.lower_ in ("while", "whereas") for child in token.children))


def _end(token: Token) -> int:
    return token.idx + len(token.text)


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    """(start, end) without surrounding spaces and clause punctuation."""
    while start < end and text[start] in EDGE_PUNCTUATION:
        start += 1
    while end > start and (text[end - 1] in EDGE_PUNCTUATION or text[end - 1] == "."):  # a sentence's full stop is not content
        end -= 1
    return start, end


def _trim_span(span: Span, keep: Token | None = None) -> Span:
    """The span without edge punctuation, and only the line holding `keep` (default: its root) when it spans lines."""
    start, end = span.start, span.end
    if "\n" in span.text:
        keep = keep or span.root
        line_break = [token.i for token in span if "\n" in token.text or "\n" in token.whitespace_]
        start = max([i + 1 for i in line_break if i < keep.i] + [start])
        end = min([i + 1 if "\n" in span.doc[i].whitespace_ else i for i in line_break if i >= keep.i] + [end])
    while end - start > 1 and span.doc[end - 1].is_punct and not (span.doc[end - 1].text == ")" and "(" in span.doc[start : end - 1].text):
        end -= 1
    while end - start > 1 and span.doc[start].is_punct:
        start += 1
    return span.doc[start:end]

"""The look-ups every attribution pass shares: one document's quotations, lines, sentences and mentions.

`DocumentIndex(doc)` takes a parsed `Doc` whose entities are clustered
(`doc._.entities`) and indexes it: quotations (`nlp.extract.quotes.marks`), line
breaks, sentences, token offsets, entity mentions and the cue lexicons. Its
methods answer "is this inside a quotation?", "which line holds this?", "which
mentions come before this?". `Attribution` is an attribution being built (content
characters, source span, cue characters); `trimmed`, `trim_span` and `end_of`
tidy characters and spans.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from typing import TYPE_CHECKING

from spacy.tokens import Doc, Span, Token

from nlp.extract.doc_text import doc_text
from nlp.lexicons import word_list
from nlp.extract.quotes.marks import PARAGRAPH_BREAK, Quotation, find_quotations

if TYPE_CHECKING:
    from nlp.extract.quotes.speakers import Speaker

PARAGRAPHS = re.compile(r"\n\s*")
MENTION_LOOKBACK = 200  # entity mentions searched back for a pronoun's antecedent
SUBJECTS = {"nsubj", "nsubjpass", "csubj"}
EDGE_PUNCTUATION = " \t\n,;:—–-"
DATELINE_DASHES = {"―", "—", "–", "-", "--"}
DANGLING_WORDS = {"and", "or", "but", "which", "who", "whose"}  # a content never ends on one: the next clause began


@dataclass
class Attribution:
    """An attribution being built: content characters, source and cue tokens."""

    start: int
    end: int
    source: Span | None
    cue_start: int | None
    cue_end: int | None
    speaker: Speaker | None = None  # resolved on demand; floating quotes share the one before them


class DocumentIndex:
    """A document's quotations, lines, sentences, tokens and mentions, indexed for bisecting."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.text = doc_text(doc)
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
        self.genders: dict[str, str] | None = None  # people's genders, built on first use (nlp.extract.quotes.speakers)
        self.verbs = word_list("lexicons/reporting_verbs.txt")
        self.object_verbs = word_list("lexicons/object_cue_verbs.txt")
        self.infinitive_verbs = word_list("lexicons/infinitive_cue_verbs.txt")
        self.prepositional_verbs = word_list("lexicons/prepositional_cue_verbs.txt")
        self.noun_cues = word_list("lexicons/noun_cues.txt")
        self.non_reporting_verbs = word_list("lexicons/non_reporting_verbs.txt")
        self.non_cue_nouns = word_list("lexicons/non_cue_nouns.txt")
        self.cue_phrases = [phrase.split() for phrase in word_list("lexicons/cue_phrases.txt")]

    def mentions_in(self, start: int, end: int) -> list:
        first = bisect_left(self.mention_starts, start)
        return [mention for mention in self.mentions[first : bisect_left(self.mention_starts, end)] if mention.end <= end]

    def last_mention_before(self, position: int, accept) -> object | None:
        """The last of the entity mentions just before `position` that `accept` takes, outside quotations."""
        last = bisect_left(self.mention_starts, position)
        for mention in reversed(self.mentions[max(0, last - MENTION_LOOKBACK) : last]):
            if mention.end <= position and accept(mention) and not self.in_quotation(mention.start):
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

    def span_of(self, mention) -> Span | None:
        """The tokens of an entity mention."""
        return self.doc.char_span(mention.start, mention.end, alignment_mode="expand")

    def is_subject(self, mention) -> bool:
        """Whether a mention is the subject of its clause (the likeliest antecedent of a later "he" or "she")."""
        span = self.span_of(mention)
        root = span.root if span is not None else None
        while root is not None and root.dep_ in ("compound", "appos") and root.head is not root:
            root = root.head
        return root is not None and root.dep_ in SUBJECTS

    def in_quotation(self, position: int) -> bool:
        index = bisect_right(self.quotation_starts, position) - 1
        return index >= 0 and self.quotation_starts[index] < position < self.quotation_ends[index]


    def _words(self, start: int, end: int) -> list[Token]:
        """The tokens that start in text[start:end], spaces left out."""
        return [token for token in self.doc[bisect_left(self.token_starts, start) : bisect_left(self.token_starts, end)] if not token.is_space]

    def _without_leading_connective(self, start: int, end: int) -> int:
        """The start of a reported content after a conjunction joining it to the sentence before ("But ...")
        or a dateline ("WASHINGTON ― ..."): the writer's words, not what was reported."""
        words = self._words(start, end)
        first = 0
        if len(words) > 2 and words[0].is_upper and words[0].is_alpha and words[1].text in DATELINE_DASHES:
            first = 2
        while first < len(words) - 1 and words[first].pos_ == "CCONJ" and words[first].is_sent_start and not self.in_quotation(words[first].idx):
            first += 1
        return trimmed(self.text, words[first].idx, end)[0] if first else start

    def _without_trailing_comment(self, start: int, end: int) -> int:
        """The end of a reported content before what closes it but was not reported: a conjunction left
        dangling ("..., and"), a non-restrictive relative clause on its last noun ("..., who is 70") or an
        aside in parentheses that closes it ("... the Republican Party (which lets the GOP off the hook)")."""
        words = self._words(start, end)
        opening = next((index for index in range(len(words) - 1, 0, -1) if words[index].text == "("), None)
        if opening is not None and all(word.text != ")" for word in words[opening + 1 : -1]) and not self.in_quotation(words[opening].idx):
            words = words[:opening]
        while words and (words[-1].lower_ in DANGLING_WORDS or (words[-1].is_punct and not words[-1].is_right_punct and not words[-1].is_quote)) and not self.in_quotation(words[-1].idx):
            words.pop()
        for index in range(len(words) - 2, 0, -1):
            relative = words[index + 1]
            if words[index].text == "," and relative.lower_ in ("which", "who", "whose") and relative.head.dep_ == "relcl" and relative.head.right_edge.i >= words[-1].i:
                if not self.in_quotation(relative.idx):
                    words = words[:index]
                break
        return trimmed(self.text, start, end_of(words[-1]))[1] if words else end

    def _within_paragraph(self, start: int, end: int, anchor: int) -> tuple[int, int]:
        """Content clipped to the paragraph (line) holding `anchor`: a parse may run across a line break."""
        paragraph_start, paragraph_end = self._line_around(anchor)
        return trimmed(self.text, max(start, paragraph_start), min(end, paragraph_end))

    def _line_around(self, position: int) -> tuple[int, int]:
        """Start and end of the line (paragraph) holding `position`."""
        index = bisect_left(self.line_breaks, position)
        start = self.line_breaks[index - 1] + 1 if index > 0 else 0
        end = self.line_breaks[index] if index < len(self.line_breaks) else len(self.text)
        return start, end

    def _line_break_between(self, start: int, end: int) -> bool:
        return bisect_left(self.line_breaks, start) != bisect_left(self.line_breaks, end)

    def _grow_to_quotations(self, start: int, end: int) -> tuple[int, int]:
        """Widen content to whole quotations it starts in, or that start inside it and run on."""
        for quotation in self._quotations_overlapping(start, end):
            if quotation.start <= start + 1 or quotation.end > end:
                start, end = min(start, quotation.start), max(end, quotation.end)
        return trimmed(self.text, start, end)

    def _quotations_overlapping(self, start: int, end: int) -> list[Quotation]:
        return self.quotations[bisect_right(self.quotation_ends, start) : bisect_left(self.quotation_starts, end)]

    def _subjects(self, verb: Token) -> list[Token]:
        """The verb's subjects outside quotations (a subject inside one is a misparse of the quoted words)."""
        return [child for child in verb.children if child.dep_ in SUBJECTS and not self.in_quotation(child.idx)]

    def _phrase_of(self, head: Token) -> tuple[int, int]:
        """Characters of the phrase `head` heads (its subtree), without edge punctuation."""
        return trimmed(self.text, head.left_edge.idx, end_of(head.right_edge))


def end_of(token: Token) -> int:
    return token.idx + len(token.text)


def trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    """(start, end) without surrounding spaces and clause punctuation."""
    while start < end and text[start] in EDGE_PUNCTUATION:
        start += 1
    while end > start and (text[end - 1] in EDGE_PUNCTUATION or text[end - 1] == "."):  # a sentence's full stop is not content
        end -= 1
    return start, end


def trim_span(span: Span, keep: Token | None = None) -> Span:
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

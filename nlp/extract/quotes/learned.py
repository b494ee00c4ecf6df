"""The learned attribution tagger in the pipeline, and its spans turned into attributions.

`presslens_attribution_tagger` (a factory: config `model`, `threads`,
`batch_size`) takes parsed docs, runs `nlp.extract.attribution_tagger.AttributionTagger`
over their texts in batches and sets `doc._.attribution_spans` to the tagger's
`CharSpan`s (role SOURCE, CUE or CONTENT, character offsets).

`LearnedAttributions` turns those spans into `Attribution`s: each content is
linked to the cue the tagger found next to it (in its paragraph), and the source
is the cue verb's subject in the parse where there is one, else the tagger's
nearest source. A content ends at its paragraph and (outside quotations) its
sentence; one of function words only is dropped; a short one cut inside its
phrase runs on to the phrase's end. `_merged(rules, learned)` keeps the rules
where they are precise (quotations, "according to", colons) or where the tagger
tagged content (growing them to the tagger's extent where what it adds holds no
cue, and taking its source where the parse found none), drops a quoted phrase
that a longer tagger content holds, and adds the tagger's contents elsewhere.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from functools import cache

from spacy.language import Language
from spacy.tokens import Doc, Token

from nlp.extract.doc_text import doc_text
from nlp.lexicons import word_list
from nlp.extract.quotes.document import Attribution, end_of, trim_span, trimmed
from nlp.extract.quotes.floating import UnclaimedQuotations
from nlp.extract.quotes.marks import quotation_kind
from nlp.extract.transformer_ner import BatchComponent

Doc.set_extension("attribution_spans", default=None, force=True)

CUE_REACH = 120  # characters between a content and its cue, past which the tagger's cue is not its cue
SHORT_CONTENT_WORDS = 6  # a tagger content this short is often cut inside its phrase
PARTICIPLE_HOPS = 3  # clauses climbed from a participle cue to a verb with a subject
PRECISE_RULE_CUES = {"according to", ":"}  # rule attributions kept whatever the tagger says
CUE_LEXICONS = ("reporting_verbs", "object_cue_verbs", "infinitive_cue_verbs", "prepositional_cue_verbs", "noun_cues")
CUE_MARKS = ('"', "“", "”", "„", "«", "»", "''", "``", ":")


@Language.factory(
    "presslens_attribution_tagger",
    default_config={"model": "", "threads": None, "batch_size": 16, "cue_sentences_only": False},
    assigns=["doc._.attribution_spans"],
)
def make_attribution_tagger(nlp: Language, name: str, model: str, threads: int | None, batch_size: int, cue_sentences_only: bool) -> AttributionTaggerComponent:
    from nlp.extract.attribution_tagger import AttributionTagger

    return AttributionTaggerComponent(AttributionTagger(model, threads), batch_size, cue_sentences_only)


class AttributionTaggerComponent(BatchComponent):
    """Sets doc._.attribution_spans, tagging the texts of `batch_size` documents together
    (with `cue_sentences_only`, only their sentences that hold a cue candidate)."""

    def __init__(self, tagger, batch_size: int, cue_sentences_only: bool = False) -> None:
        super().__init__(tagger, batch_size)
        self.cue_sentences_only = cue_sentences_only

    def tag_batch(self, docs: list[Doc]) -> None:
        regions = [cue_sentences(doc) for doc in docs] if self.cue_sentences_only else None
        for doc, spans in zip(docs, self.tagger.tag([doc_text(doc) for doc in docs], regions)):
            doc._.attribution_spans = spans


def cue_sentences(doc: Doc) -> list[tuple[int, int]]:
    """Character ranges of the sentences that hold a cue candidate: a word whose lemma is in a cue
    lexicon, "according", a quotation mark or a colon. An attribution needs one of them nearly always,
    so the tagger may skip the other sentences (narration, figures, captions) for a little recall."""
    return [(sentence.start_char, sentence.end_char) for sentence in doc.sents if any(is_cue_word(token) for token in sentence)]


def is_cue_word(token: Token) -> bool:
    """Whether a word may cue an attribution: its lemma is in a cue lexicon, or it is "according", a quotation mark or a colon."""
    return token.lemma_.lower() in _cue_lemmas() or token.lower_ == "according" or any(mark in token.text for mark in CUE_MARKS)


@cache
def _cue_lemmas() -> frozenset[str]:
    return frozenset().union(*(word_list(f"lexicons/{name}.txt") for name in CUE_LEXICONS))


class LearnedAttributions(UnclaimedQuotations):
    """Attributions from the tagger's spans, and their merge with the rules' attributions."""

    require_source = False  # hybrid keeps only the tagger's attributions that have a source

    def __init__(self, doc: Doc) -> None:
        super().__init__(doc)
        self.cut_off: list[tuple[int, int]] = []  # what decoding cut off the tagger's contents: it confirms rules there

    def _learned_attributions(self) -> list[Attribution]:
        spans = self.doc._.attribution_spans or []
        cues = [span for span in spans if span.role == "CUE"]
        # "I" and "we" inside a quotation are the quoted words, never their speaker.
        sources = [span for span in spans if span.role == "SOURCE" and not self.in_quotation(span.start)]
        found = []
        self.cut_off = []
        for content in (span for span in spans if span.role == "CONTENT"):
            # A reported-speech content stays in its paragraph: one that runs past a line break
            # has swallowed the narration after it (quotations over paragraphs are the rules' part).
            start, end = trimmed(self.text, content.start, min(content.end, self._line_around(content.start)[1], self._sentence_end(content.start)))
            if end < content.end:
                self.cut_off.append((end, content.end))
            if end - start < 2 or self._is_fragment(start, end):
                continue
            end = self._to_phrase_end(start, end)
            cue = self._nearest(cues, start, end)
            source = self._parse_source(cue.start, start, end) if cue is not None else None
            if source is None:
                near = self._nearest(sources, *((cue.start, cue.end) if cue is not None else (start, end)))
                source = self.doc.char_span(near.start, near.end, alignment_mode="expand") if near is not None else None
            if source is None and (cue is None or self.require_source):
                # With nobody and no cue it is most often a mistagged name; with a cue but nobody
                # ("is expected", "reportedly") it is a hedge, not a quote, in the hybrid tables.
                continue
            found.append(Attribution(start, end, source, cue.start if cue else None, cue.end if cue else None))
        return found

    def _is_fragment(self, start: int, end: int) -> bool:
        """A content of function words only ("that", "it to", "these") or cut after a determiner ("an", "the"):
        a piece the tagger split off a phrase, never something said. Quotations are words said, whatever they are."""
        words = [token for token in self.doc.char_span(start, end, alignment_mode="expand") if not token.is_punct]
        if not words or quotation_kind(self.text[start:end]) != "indirect":
            return not words
        return all(word.is_stop or word.pos_ == "PRON" for word in words) or words[-1].pos_ == "DET"

    def _to_phrase_end(self, start: int, end: int) -> int:
        """A short content that stops inside its phrase in the parse ("the remarks" of "the remarks that Trump had made
        about Machado", "to figure out" of "to figure out how to cut emissions") runs on to that phrase's end, within
        its sentence and paragraph: the tagger cut it before the words that say what the noun or verb is about."""
        words = [word for word in self._words(start, end) if not word.is_punct]
        if not 0 < len(words) <= SHORT_CONTENT_WORDS or quotation_kind(self.text[start:end]) != "indirect":
            return end
        root = next((word for word in words if not start <= word.head.idx < end or word.head is word), words[-1])
        last = root.right_edge
        if last.i <= words[-1].i or last.sent != words[-1].sent or self._line_break_between(end, end_of(last)):
            return end
        return trimmed(self.text, start, end_of(last))[1]

    def _sentence_end(self, position: int) -> int:
        """The end of the sentence holding `position`, unless a quotation runs on past it (then the text's end).

        Reported speech seldom runs past its sentence, while the tagger's contents do ("..., he noted.
        Kiribati is buying ..."); a quotation that spans sentences, or resumes in the next one, is kept whole.
        """
        sentence = self.sentences[bisect_right(self.sentence_starts, position) - 1]
        rest = self.text[sentence.end_char : sentence.end_char + 8]
        following = sentence.end_char + len(rest) - len(rest.lstrip(" "))  # where the next sentence starts
        if self.in_quotation(sentence.end_char - 1) or following in self.quotation_starts:  # '"A," X said. "B."' is one quote
            return len(self.text)
        return sentence.end_char

    def _nearest(self, candidates: list, start: int, end: int):
        """The candidate span closest to [start, end) in the same paragraph and within CUE_REACH characters."""
        paragraph = self._line_around(start)
        best, best_distance = None, CUE_REACH + 1
        for candidate in candidates:
            if not (paragraph[0] <= candidate.start < paragraph[1] or start <= candidate.start < end):
                continue
            distance = max(0, candidate.start - end, start - candidate.end)
            if distance < best_distance:
                best, best_distance = candidate, distance
        return best

    def _parse_source(self, cue_start: int, start: int, end: int):
        """The subject (or agent) of the cue's verb in the parse, when the cue is a verb; a participle's
        ("blasting", "by saying") from the clause it hangs on, or the noun it describes ("Biden, accusing ...")."""
        verb = self.doc[min(bisect_left(self.token_starts, cue_start), len(self.doc) - 1)]
        if verb.pos_ not in ("VERB", "AUX"):
            return None
        for _ in range(PARTICIPLE_HOPS):
            source = self._source_of(verb, start, end)
            if source is not None:
                return source
            if verb.dep_ == "acl" and verb.head.pos_ in ("NOUN", "PROPN"):
                noun = verb.head
                return trim_span(self.doc[noun.left_edge.i : noun.i + 1], noun)
            if verb.dep_ == "pcomp" and verb.head.head is not verb.head:
                verb = verb.head.head  # "explained it by saying": the verb the preposition hangs on
            elif verb.dep_ in ("advcl", "xcomp", "conj") and verb.head is not verb:
                verb = verb.head
            else:
                return None
        return None

    def _merged(self, rules: list[Attribution], learned: list[Attribution]) -> list[Attribution]:
        """Rule attributions that are quotations or precise cues, or that a learned content confirms;
        then every learned content that no kept attribution overlaps."""
        kept = [rule for rule in rules if self._rule_is_precise(rule) or any(soft_match(rule, other) for other in learned) or self._in_cut_off(rule)]
        for rule in kept:
            confirming = [other for other in learned if soft_match(rule, other)]
            self._widen(rule, confirming)
            if rule.source is None:  # the parse found no subject; the tagger's linking may have, if it names somebody
                rule.source = next((other.source for other in confirming if other.source is not None and self.speaker_of(other).kind != "unknown"), None)
        kept = [rule for rule in kept if not self._quoted_phrase_in(rule, learned)]
        for attribution in learned:
            if not any(_overlap(attribution, other) > 0 for other in kept):
                kept.append(attribution)
        return sorted(kept, key=lambda attribution: attribution.start)

    def _quoted_phrase_in(self, rule: Attribution, learned: list[Attribution]) -> bool:
        """Whether the rule's content is a phrase quoted inside a sentence ('admires Putin as a “strong leader”') that
        a longer tagger content holds: the words quoted are part of that reported statement, not all of it."""
        if quotation_kind(self.text[rule.start : rule.end]) != "direct" or self._opens_sentence(rule.start):
            return False
        return any(other.start <= rule.start and rule.end <= other.end and not soft_match(rule, other) for other in learned)

    def _widen(self, rule: Attribution, confirming: list[Attribution]) -> None:
        """Grow the rule's content to the extent of a tagger content that confirms it, on each side where what it
        adds holds no cue word nor the rule's source or cue: the parse ends a clause early at a list, a coordinated
        clause or a verb's object ("urged [North Korea] to resume talks"), while what the tagger runs on into a
        reporting clause (", he said") or another attribution is not this content."""
        for other in confirming:
            if other.start < rule.start and not self._holds_cue(other.start, rule.start, rule, before=True):
                rule.start = other.start
            if other.end > rule.end and not self._holds_cue(rule.end, other.end, rule, before=False):
                rule.end = other.end

    def _holds_cue(self, start: int, end: int, rule: Attribution, before: bool) -> bool:
        """Whether text[start:end], added `before` the rule's content or after it, holds a word of a cue lexicon,
        "according", the rule's source or cue, or a sentence start past the one it may open (an addition that
        reaches into another sentence is another statement); one with no word at all (a mark, a space) too."""
        source = (rule.source.start_char, rule.source.end_char) if rule.source is not None else (-1, -1)
        words = self._words(start, end)
        if all(token.is_punct for token in words) or any(token.is_sent_start for token in words[1 if before else 0 :]):
            return True
        for token in words:
            inside = lambda span: span[0] is not None and span[0] < token.idx + len(token.text) and token.idx < span[1]
            if token.lemma_.lower() in _cue_lemmas() or token.lower_ == "according" or inside(source) or inside((rule.cue_start, rule.cue_end)):
                return True
        return False

    def _in_cut_off(self, rule: Attribution) -> bool:
        """Whether the rule's content lies in what the tagger tagged as content past a sentence or paragraph end."""
        return any(start <= rule.start and rule.end <= end for start, end in self.cut_off)

    def _rule_is_precise(self, rule: Attribution) -> bool:
        cue = self.text[rule.cue_start : rule.cue_end].lower() if rule.cue_start is not None else None
        return quotation_kind(self.text[rule.start : rule.end]) == "direct" or cue in PRECISE_RULE_CUES


def _overlap(a: Attribution, b: Attribution) -> int:
    return max(0, min(a.end, b.end) - max(a.start, b.start))


def soft_match(a: Attribution, b: Attribution) -> bool:
    """Each covers at least half of the other (as `eval quotes` matches softly)."""
    shared = _overlap(a, b)
    return shared >= (a.end - a.start) / 2 and shared >= (b.end - b.start) / 2

"""The `presslens_quotes` component: rule attributions, learned ones, or both merged, as `Quote`s.

It takes a parsed `Doc` whose entities are clustered (`doc._.entities`) and
sets `doc._.quotes` to a list of `Quote`s in text order: the content span, its
kind (direct, indirect, mixed), the speaker as written and resolved, the
speaker's type, whether the speaker is named, and the reporting cue.
`QuoteFinder(doc).quotes()` runs the rule passes: cue verbs (`verbs`), cue
nouns and phrases (`phrases`), then quotations without a cue (`floating`).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right

from spacy.language import Language
from spacy.tokens import Doc, Token

from nlp.lexicons import word_list
from nlp.extract.quotes.document import Attribution
from nlp.extract.quotes.learned import LearnedAttributions, is_cue_word, soft_match
from nlp.extract.quotes.marks import quotation_kind
from nlp.extract.quotes.speakers import Speaker, resolve_speaker
from nlp.schemas import Quote, excerpt

Doc.set_extension("quotes", default=None, force=True)


MODES = ("rules", "learned", "hybrid")


@Language.factory(
    "presslens_quotes",
    default_config={"mode": "rules"},
    requires=["token.pos", "token.dep", "token.lemma", "token.is_sent_start", "doc._.entities"],
    assigns=["doc._.quotes"],
)
def make_quote_attributor(nlp: Language, name: str, mode: str) -> QuoteAttributor:
    """`mode`: rules; learned or hybrid need `presslens_attribution_tagger` earlier in the pipeline."""
    if mode not in MODES:
        raise ValueError(f"Unknown quotes mode '{mode}'; choose from {', '.join(MODES)}.")
    return QuoteAttributor(mode)


class QuoteAttributor:
    """Sets `doc._.quotes` to the document's attributions in text order."""

    def __init__(self, mode: str) -> None:
        self.mode = mode

    def __call__(self, doc: Doc) -> Doc:
        doc._.quotes = QuoteFinder(doc).quotes(self.mode)
        return doc


class QuoteFinder(LearnedAttributions):
    """Finds and resolves the attributions of one document."""

    def quotes(self, mode: str = "rules") -> list[Quote]:
        """Quotes by the rules, by the tagger's spans (`doc._.attribution_spans`), or both merged (hybrid)."""
        attributions = self._rule_attributions() if mode != "learned" else []
        if mode != "rules":
            self.require_source = mode == "hybrid"
            learned = self._learned_attributions()
            attributions = self._merged(attributions, learned) if mode == "hybrid" else learned
        attributions = self._joined(attributions)
        for attribution in attributions:
            if quotation_kind(self.text[attribution.start : attribution.end]) != "direct":
                attribution.end = self._without_trailing_comment(attribution.start, attribution.end)
                attribution.start = self._without_leading_connective(attribution.start, attribution.end)
        quotes = [self._quote(attribution) for attribution in attributions if not self._is_not_a_quote(attribution)]
        return _without_reported_inside(quotes)

    def _joined(self, attributions: list[Attribution]) -> list[Attribution]:
        """Join a content to the one right after it, with only a space between, when that one has the same cue or
        none ("urged [Republicans] [to join the ranks ...]"): one statement cut in two at a word boundary.
        Quotations end at their marks and stay apart."""
        joined: list[Attribution] = []
        for attribution in sorted(attributions, key=lambda attribution: attribution.start):
            previous = joined[-1] if joined else None
            same_cue = previous is not None and attribution.cue_start in (None, previous.cue_start)
            if same_cue and attribution.start > previous.end and not self.text[previous.end : attribution.start].strip(" ") and not self._quotation_at_either(previous, attribution):
                previous.end = attribution.end
                continue
            joined.append(attribution)
        return joined

    def _quotation_at_either(self, first: Attribution, second: Attribution) -> bool:
        return any(quotation_kind(self.text[a.start : a.end]) == "direct" for a in (first, second))

    def _is_not_a_quote(self, attribution: Attribution) -> bool:
        return self._is_reporters_question(attribution) or self._is_event(attribution) or self._is_readers(attribution)

    def _is_readers(self, attribution: Attribution) -> bool:
        """'If you witnessed the accident', 'You wonder why': outside quotations "you" is the story's reader, who is
        no source; and a cue in the imperative ("Continue reading the main story") tells the reader what to do."""
        source = attribution.source
        if source is not None and source.root.lower_ == "you" and not self.in_quotation(source.start_char):
            return True
        cue = self.doc[bisect_left(self.token_starts, attribution.cue_start)] if attribution.cue_start is not None else None
        return cue is not None and _is_imperative(cue) and not self.in_quotation(cue.idx)

    def _is_event(self, attribution: Attribution) -> bool:
        """'The launch came as ...', 'Media playback is unsupported': a source that resolves to nobody and a cue
        with no reporting word (nor a verb stating a clause) tell what happened, not what was said. Quotations are words said, and kept."""
        if attribution.source is None or attribution.cue_start is None or quotation_kind(self.text[attribution.start : attribution.end]) == "direct":
            return False
        cue = self.doc.char_span(attribution.cue_start, attribution.cue_end, alignment_mode="expand")
        return self.speaker_of(attribution).kind == "unknown" and cue is not None and not any(is_cue_word(token) or self._is_cue(token) for token in cue)

    def _is_reporters_question(self, attribution: Attribution) -> bool:
        """'"Will you run?" a reporter asked' or 'I asked him whether ...': the story's own question, not a quote."""
        if attribution.cue_start is None or attribution.source is None:
            return False
        cue = self.doc[bisect_left(self.token_starts, attribution.cue_start)]
        asker = attribution.source.root
        return cue.lemma_.lower() == "ask" and (asker.lower_ in ("i", "we") or asker.lemma_.lower() in word_list("lexicons/reporter_nouns.txt"))

    def _rule_attributions(self) -> list[Attribution]:
        attributions = [*self._verb_attributions(), *self._noun_attributions(), *self._phrase_attributions(), *self._colon_attributions()]
        for attribution in attributions:
            if attribution.source is None and attribution.cue_start is not None:
                # A participle cue ("responded by saying", "reports claiming"): the clause or noun it hangs on.
                attribution.source = self._parse_source(attribution.cue_start, attribution.start, attribution.end)
        return self._add_unclaimed_quotations(self._without_provenance(_without_nested_duplicates(attributions)))

    def _without_provenance(self, attributions: list[Attribution]) -> list[Attribution]:
        """Drop an "according to" attribution after a verb that already gives the same words a source ('"...," he
        said, according to a translation by X'): there it names where the words were found, not who said them."""
        spoken = [a for a in attributions if a.source is not None and a.cue_start is not None and not self._is_according_to(a)]
        return [
            a for a in attributions if not (self._is_according_to(a) and any(soft_match(a, other) and other.cue_start < a.cue_start for other in spoken))
        ]

    def _is_according_to(self, attribution: Attribution) -> bool:
        return attribution.cue_start is not None and self.text[attribution.cue_start : attribution.cue_end].lower() == "according to"

    def _quote(self, attribution: Attribution) -> Quote:
        sentence_number = bisect_right(self.sentence_starts, attribution.start) - 1
        text = self.text[attribution.start : attribution.end]
        cue = None if attribution.cue_start is None else self.text[attribution.cue_start : attribution.cue_end]
        speaker = self.speaker_of(attribution)
        sentence = self.sentences[sentence_number]
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
            speaker_named=speaker.named,
            cue=cue,
            cue_start=attribution.cue_start,
            cue_end=attribution.cue_end,
            sentence=sentence_number,
            sentence_text=excerpt(self.text, (sentence.start_char, sentence.end_char), attribution.start, attribution.end),
        )

    def speaker_of(self, attribution: Attribution) -> Speaker:
        """The attribution's speaker, resolved once."""
        if attribution.speaker is None:
            attribution.speaker = resolve_speaker(self, attribution.source) if attribution.source is not None else Speaker()
        return attribution.speaker

def _is_imperative(verb: Token) -> bool:
    """A base-form verb with no subject, no modal or "to" before it and no verb it depends on ("Continue reading").
    The parse of page furniture is rough (its first word may come out as the verb's auxiliary), so tags decide."""
    if verb.tag_ != "VB" or not verb.is_alpha or verb.dep_ in ("xcomp", "conj", "advcl", "pcomp", "acl", "relcl", "aux", "auxpass"):
        return False
    if any(child.dep_ in ("nsubj", "nsubjpass", "expl") or (child.dep_ == "aux" and (child.tag_ in ("MD", "TO") or child.lemma_ == "do")) for child in verb.children):
        return False
    return verb.i == 0 or verb.doc[verb.i - 1].tag_ not in ("MD", "TO")


def _without_reported_inside(quotes: list[Quote]) -> list[Quote]:
    """Drop a quote reported inside another quote's content, cue and all ("Clinton said [she thinks America is
    strongest]"): the outer one says who said it; the inner "thinks" is part of what was said, not a second source.
    A quotation keeps its own speaker ('"...," Doyle told them, the Examiner reported')."""

    def inside(inner: Quote, outer: Quote) -> bool:
        return (
            inner is not outer
            and inner.kind != "direct"
            and outer.start <= inner.start
            and inner.end <= outer.end
            and inner.cue_start is not None
            and outer.start <= inner.cue_start < outer.end
        )

    return [quote for quote in quotes if not any(inside(quote, other) for other in quotes)]


def _without_nested_duplicates(attributions: list[Attribution]) -> list[Attribution]:
    """Drop an attribution whose content and cue equal another's (two verbs of one clause)."""
    seen: set[tuple[int, int]] = set()
    unique = []
    for attribution in attributions:
        if (attribution.start, attribution.end) in seen:
            continue
        seen.add((attribution.start, attribution.end))
        unique.append(attribution)
    return unique


"""Transformer entity recognition inside the spaCy pipeline (`--ner hybrid` and `--ner hf:NAME_OR_PATH`).

The `presslens_transformer_ner` component takes docs that spaCy has parsed and
tagged, runs a Hugging Face token-classification model over each line's
words (batched across documents; see `tagger_lines`), and replaces `doc.ents`: the transformer's
PER/ORG/LOC/MISC spans, mapped onto spaCy's OntoNotes labels, plus spaCy's own
DATE, TIME and number entities where they do not overlap them.

`WordTagger(model)` is the model part on its own: lists of words in, one IOB2
tag per word out. Sentences longer than a window are tagged in overlapping
windows, so no entity is cut at a window edge.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import minibatch

from nlp.data.ner import spans, to_iob2
from nlp.extract.token_classifier import TokenClassifier

SPACY_KEPT_LABELS = {"DATE", "TIME", "CARDINAL", "MONEY", "PERCENT", "QUANTITY", "ORDINAL"}
PLACE_LABELS = {"GPE", "LOC", "FAC"}
MISC_LABELS = {"NORP", "EVENT", "WORK_OF_ART", "LAW", "PRODUCT", "LANGUAGE"}
DEMONYM_ENDINGS = ("an", "ish", "ese", "i", "ic", "ch")
WINDOW_WORDS = 128  # words per model window; lines (paragraphs) are almost always shorter
WINDOW_OVERLAP = 32  # words two neighbouring windows share


class WordTagger(TokenClassifier):
    """A token-classification model that tags pre-split sentences with IOB2 tags (`nlp.extract.token_classifier`)."""

    def __init__(self, model: str, threads: int | None = None, batch_size: int = 8, device: str | None = None) -> None:
        super().__init__(model, threads, batch_size, device)
        self.labels = [_iob2_label(label) for label in self.labels]

    def tag(self, sentences: list[list[str]]) -> list[list[str]]:
        """One IOB2 tag per word of each sentence."""
        windows = [(index, start) for index, words in enumerate(sentences) if words for start in _window_starts(len(words))]
        window_tags = self.tag_words([sentences[index][start : start + WINDOW_WORDS] for index, start in windows])
        tagged = [["O"] * len(words) for words in sentences]
        for (index, start), tags in zip(windows, window_tags):
            # Each word takes its tag from the window where it sits furthest from an edge.
            keep_from = 0 if start == 0 else WINDOW_OVERLAP // 2
            tagged[index][start + keep_from : start + len(tags)] = tags[keep_from:]
        return [to_iob2(tags) for tags in tagged]


def _window_starts(n_words: int) -> list[int]:
    return list(range(0, max(n_words - WINDOW_OVERLAP, 1), WINDOW_WORDS - WINDOW_OVERLAP))


def _iob2_label(label: str) -> str:
    """Models label "B-PER", "I-PER", "PER" or "O"; make every one a B-/I-/O tag."""
    return label if label == "O" or label[:2] in ("B-", "I-") else f"I-{label}"


@Language.factory(
    "presslens_transformer_ner",
    requires=["doc.ents"],  # spaCy's dates, numbers and place labels, which it keeps or refines
    assigns=["doc.ents"],
    # Lines from 64 documents at a time, sorted by sub-word count, go to the model 8
    # at a time: on a busy 2-core machine small batches were fastest with ONNX
    # Runtime (words per CPU-second, batches of 4: 13.2k, 8: 12.4k, 16: 11.2k, 32: 8.9k).
    default_config={"model": "", "threads": None, "batch_size": 64, "model_batch_size": 8},
)
def make_transformer_ner(
    nlp: Language, name: str, model: str, threads: int | None, batch_size: int, model_batch_size: int
) -> TransformerNer:
    return TransformerNer(WordTagger(model, threads, model_batch_size), batch_size)


class BatchComponent:
    """A pipeline component that runs its `tagger` over documents `batch_size` at a time: `tag_batch(docs)` sets their results."""

    def __init__(self, tagger, batch_size: int) -> None:
        self.tagger = tagger
        self.batch_size = batch_size

    def __call__(self, doc: Doc) -> Doc:
        return next(iter(self.pipe([doc])))

    def pipe(self, docs: Iterable[Doc], batch_size: int | None = None) -> Iterator[Doc]:
        for batch in minibatch(docs, size=batch_size or self.batch_size):
            self.tag_batch(batch)
            yield from batch

    def tag_batch(self, docs: list[Doc]) -> None:
        raise NotImplementedError


class TransformerNer(BatchComponent):
    """Replaces doc.ents with the transformer's named entities plus spaCy's dates and numbers."""

    def tag_batch(self, docs: list[Doc]) -> None:
        lines = [(doc, words) for doc in docs for words in tagger_lines(doc)]
        token_texts = {id(doc): [token.text for token in doc] for doc in docs}
        # A word's tokens have no space between them (see tagger_lines), so their texts joined are its text.
        tags = self.tagger.tag([["".join(token_texts[id(doc)][start:end]) for start, end in words] for doc, words in lines])
        found: dict[int, list[Span]] = {}
        for (doc, words), line_tags in zip(lines, tags):
            line_spans = [Span(doc, words[first][0], words[last - 1][1], label=entity_type) for entity_type, first, last in spans(line_tags)]
            found.setdefault(id(doc), []).extend(_names(line_spans))
        for doc in docs:
            doc.ents = merge_entities(doc, found.get(id(doc), []), list(doc.ents))


def tagger_lines(doc: Doc) -> list[list[tuple[int, int]]]:
    """The document as the tagger reads it: lines of words, each word a (start, end) range of spaCy tokens.

    Lines, not spaCy's sentences: a name never runs across a line break (a
    caption, a byline, a headline above the text), and the tagger does not
    depend on the parser's sentence breaks, which headlines and lists often get
    wrong; long lines are tagged in overlapping windows. A word is one token,
    or tokens that spaCy split at hyphens inside a word ("Nagorno-Karabakh",
    "Itar-Tass"), which the tagger learned as one word from CoNLL's tokens.
    """
    lines: list[list[tuple[int, int]]] = []
    words: list[tuple[int, int]] = []
    for token in doc:
        if token.is_space:
            if "\n" in token.text and words:
                lines.append(words)
                words = []
        elif words and _inside_hyphenated_word(doc, token):
            words[-1] = (words[-1][0], token.i + 1)
        else:
            words.append((token.i, token.i + 1))
    if words:
        lines.append(words)
    return lines


def _inside_hyphenated_word(doc: Doc, token) -> bool:
    """Whether `token` continues the word before it: a hyphen or the part after one, with no space between."""
    previous = doc[token.i - 1]
    if previous.whitespace_ or previous.is_space:
        return False
    return (token.text == "-" and previous.text[-1:].isalnum()) or (previous.text == "-" and token.text[:1].isalnum())


def _names(line_spans: list[Span]) -> list[Span]:
    """A line's tagged spans as names: trimmed of punctuation, function words joined to the name they open.

    The CoNLL-trained tagger sometimes opens a name with its own one-word span
    ("The" | "New York Times"): such a word joins the span of the same type right
    after it, and is dropped otherwise. Spans without a capital letter ("space",
    "pro") or with nothing but punctuation ("." after "1") are not names.
    """
    names: list[Span] = []
    for span in (_trimmed(span) for span in line_spans):
        if span is None or not any(character.isupper() for character in span.text):
            continue
        previous = names[-1] if names else None
        if previous is not None and previous.end == span.start and previous.label_ == span.label_ and _function_words(previous):
            names[-1] = Span(span.doc, previous.start, span.end, label=span.label_)
        else:
            names.append(span)
    return [span for span in names if not _function_words(span)]


def _function_words(span: Span) -> bool:
    """"The", "This": stop words only (an upper-case "US" or "IT" is a name, not the word)."""
    return all(token.is_stop and not token.is_upper for token in span)


def _trimmed(span: Span) -> Span | None:
    """The span without punctuation at either end ("Gold Fields '"), or None when nothing else is left ("1 .")."""
    start, end = span.start, span.end
    while start < end and span.doc[start].is_punct:
        start += 1
    while end > start and span.doc[end - 1].is_punct:
        end -= 1
    return Span(span.doc, start, end, label=span.label_) if start < end else None


def merge_entities(doc: Doc, transformer_spans: list[Span], spacy_entities: list[Span]) -> list[Span]:
    """Transformer spans with OntoNotes labels, then spaCy's date/number entities that do not overlap them."""
    spacy_labels = {(ent.start, ent.end): ent.label_ for ent in spacy_entities}
    named = [Span(doc, span.start, span.end, label=_ontonotes_label(span, spacy_labels)) for span in transformer_spans]
    taken = {i for span in named for i in range(span.start, span.end)}
    kept = [ent for ent in spacy_entities if ent.label_ in SPACY_KEPT_LABELS and not taken.intersection(range(ent.start, ent.end))]
    return sorted(named + kept, key=lambda span: span.start)


def _ontonotes_label(span: Span, spacy_labels: dict[tuple[int, int], str]) -> str:
    """PER -> PERSON; LOC -> spaCy's GPE/LOC/FAC for the same span, else GPE; MISC -> spaCy's finer label, NORP or MISC."""
    same_span = spacy_labels.get((span.start, span.end))
    if span.label_ in ("PER", "PERSON"):
        return "PERSON"
    if span.label_ == "LOC":
        return same_span if same_span in PLACE_LABELS else "GPE"
    if span.label_ == "MISC":
        if same_span in MISC_LABELS or same_span == "GPE":  # a country's name as an adjective ("US officials") is still the country
            return same_span
        return "NORP" if _is_demonym(span) else "MISC"
    return span.label_


def _is_demonym(span: Span) -> bool:
    """"French", "Afghan", "Americans", "Pakistani": one capitalised adjective or plural proper noun."""
    if len(span) != 1 or not span[0].is_title or span[0].tag_ not in {"JJ", "NNPS", "NNP"}:
        return False
    return span[0].lower_.removesuffix("s").endswith(DEMONYM_ENDINGS)

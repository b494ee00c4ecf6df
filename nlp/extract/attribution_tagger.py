"""The learned attribution tagger: article texts in, source, cue and content spans (characters) out.

`AttributionTagger(model_path)` loads a token-classification model trained by
`nlp.train.attribution` and runs it as the entity tagger runs (`nlp.extract.token_classifier`:
the folder's int8 ONNX export on the CPU where it has an up-to-date one);
`AttributionTagger.from_model(model, tokenizer)` wraps one in memory (training
scores dev with it). `tag(texts)` returns, per text, a list of `CharSpan(role,
start, end)` in text order: role SOURCE, CUE or CONTENT; a content's extent may
hold the source and cue that interrupt it ('"A," said X, "b"'). Each text is
cut into windows of whole paragraphs (`nlp.data.attribution.windows`); where two
overlap, each word takes its tag from the one in which it sits furthest from an edge.
Needs torch and transformers, not spaCy.
"""

from __future__ import annotations

from bisect import bisect_right
from typing import NamedTuple

from nlp.data.attribution import Word, decode, windows, words_of
from nlp.extract.token_classifier import TokenClassifier

WINDOW_WORDS = 160  # about 210 MiniLM word pieces: a few paragraphs of news
# Training windows overlap by half (`windows`' default); tagging ones do not overlap (each still
# whole paragraphs): half the windows, for the CPU budget of the default pipeline.
TAGGING_STEP = 1.0
MAX_PIECES = 256
# Windows per ONNX call on the CPU. Fewer rows keep a layer's activations in cache: a window of about
# 210 word pieces cost 9.6 ms alone or in pairs, 12.7 ms in batches of 8 and 13.9 ms in 16 (one thread).
CPU_BATCH_SIZE = 2


class CharSpan(NamedTuple):
    role: str
    start: int
    end: int


class AttributionTagger:
    """Tags whole texts with source, cue and content spans."""

    def __init__(self, model_path: str, threads: int | None = None, batch_size: int = CPU_BATCH_SIZE) -> None:
        self.classifier = TokenClassifier(model_path, threads, batch_size, max_length=MAX_PIECES)

    @classmethod
    def from_model(cls, model, tokenizer, batch_size: int = 32) -> AttributionTagger:
        tagger = cls.__new__(cls)
        tagger.classifier = TokenClassifier.from_model(model, tokenizer, batch_size, max_length=MAX_PIECES)
        return tagger

    def tag(self, texts: list[str], regions: list[list[tuple[int, int]]] | None = None) -> list[list[CharSpan]]:
        """Source, cue and content spans of each text, in text order.

        `regions`, one list per text of sorted, disjoint (start, end) character ranges, names the parts
        to tag; the words outside them are not read, so a text costs only the parts that may hold an
        attribution.
        """
        all_words = [words_of(text) for text in texts]
        if regions is not None:
            all_words = [_inside(words, ranges) for words, ranges in zip(all_words, regions)]
        jobs = [(index, start, end) for index, words in enumerate(all_words) for start, end in windows(words, WINDOW_WORDS, TAGGING_STEP)]
        tags = [["O"] * len(words) for words in all_words]
        distance = [[-1] * len(words) for words in all_words]  # how far from its window's edge each tag was read
        predicted = self.classifier.tag_words([[word.text for word in all_words[index][start:end]] for index, start, end in jobs])
        for (index, start, end), window_tags in zip(jobs, predicted):
            size = len(all_words[index])
            for offset, tag in enumerate(window_tags):
                # A text's own start and end are no window edge.
                from_edge = min(offset if start > 0 else size, end - start - 1 - offset if end < size else size)
                if from_edge > distance[index][start + offset]:
                    distance[index][start + offset] = from_edge
                    tags[index][start + offset] = tag
        return [
            [CharSpan(span.role, words[span.first].start, words[span.last - 1].end) for span in decode(text_tags)]
            for words, text_tags in zip(all_words, tags)
        ]


def _inside(words: list[Word], ranges: list[tuple[int, int]]) -> list[Word]:
    """The words that start inside one of the sorted, disjoint character ranges."""
    starts = [start for start, _ in ranges]
    return [word for word in words if (index := bisect_right(starts, word.start) - 1) >= 0 and word.start < ranges[index][1]]

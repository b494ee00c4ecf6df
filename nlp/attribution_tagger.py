"""The learned attribution tagger: article texts in, source, cue and content spans (characters) out.

`AttributionTagger(model_path)` loads a token-classification model trained by
`nlp.attribution_train` (int8 linear layers on the CPU, as the entity tagger);
`AttributionTagger.from_model(model, tokenizer)` wraps one in memory (training
scores dev with it). `tag(texts)` returns, per text, a list of `CharSpan(role,
start, end)` in text order: role SOURCE, CUE or CONTENT; a content's extent may
hold the source and cue that interrupt it ('"A," said X, "b"'). Each text is
cut into windows of whole paragraphs (`nlp.attribution_data.windows`); where two
overlap, each word takes its tag from the one in which it sits furthest from an edge.
Needs torch and transformers, not spaCy.
"""

from __future__ import annotations

from typing import NamedTuple

from nlp.attribution_data import decode, windows, words_of
from nlp.ner_data import CASE_FEATURE, case_token_types, first_subwords

WINDOW_WORDS = 160  # about 210 MiniLM word pieces: a few paragraphs of news
# Training windows overlap by half (`windows`' default); tagging ones do not overlap (each still
# whole paragraphs): half the windows, for the CPU budget of the default pipeline.
TAGGING_STEP = 1.0
MAX_PIECES = 256


class CharSpan(NamedTuple):
    role: str
    start: int
    end: int


class AttributionTagger:
    """Tags whole texts with source, cue and content spans."""

    def __init__(self, model_path: str, threads: int | None = None, batch_size: int = 8) -> None:
        import torch
        from transformers import AutoModelForTokenClassification, AutoTokenizer
        from transformers.utils import logging

        from nlp.transformer_ner import int8_linear_layers

        logging.disable_progress_bar()
        if threads:
            torch.set_num_threads(threads)
        model = AutoModelForTokenClassification.from_pretrained(model_path, dtype=torch.float32).eval()
        self._setup(int8_linear_layers(model), AutoTokenizer.from_pretrained(model_path), batch_size)

    @classmethod
    def from_model(cls, model, tokenizer, batch_size: int = 32) -> AttributionTagger:
        tagger = cls.__new__(cls)
        tagger._setup(model, tokenizer, batch_size)
        return tagger

    def _setup(self, model, tokenizer, batch_size: int) -> None:
        import torch

        self.torch = torch
        self.model = model
        self.tokenizer = tokenizer
        self.labels = [model.config.id2label[i] for i in range(model.config.num_labels)]
        self.case_feature = getattr(model.config, "presslens_case_feature", None) == CASE_FEATURE
        self.batch_size = batch_size
        self.step = TAGGING_STEP

    def tag(self, texts: list[str]) -> list[list[CharSpan]]:
        """Source, cue and content spans of each text, in text order."""
        all_words = [words_of(text) for text in texts]
        jobs = [(index, start, end) for index, words in enumerate(all_words) for start, end in windows(words, WINDOW_WORDS, self.step)]
        tags = [["O"] * len(words) for words in all_words]
        distance = [[-1] * len(words) for words in all_words]  # how far from its window's edge each tag was read
        order = sorted(range(len(jobs)), key=lambda job: jobs[job][2] - jobs[job][1])  # similar lengths, less padding
        for first in range(0, len(order), self.batch_size):
            batch = [jobs[job] for job in order[first : first + self.batch_size]]
            predicted = self.tag_words([[word.text for word in all_words[index][start:end]] for index, start, end in batch])
            for (index, start, end), window_tags in zip(batch, predicted):
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

    def tag_words(self, batch: list[list[str]]) -> list[list[str]]:
        """One tag per word of each window (words cut off at MAX_PIECES are O)."""
        encoded = self.tokenizer(batch, is_split_into_words=True, truncation=True, max_length=MAX_PIECES, padding=True, return_tensors="pt")
        if self.case_feature:
            types = [case_token_types(words, encoded.word_ids(row)) for row, words in enumerate(batch)]
            encoded["token_type_ids"] = self.torch.tensor(types)
        device = next(self.model.parameters()).device
        with self.torch.inference_mode(), self.torch.autocast(device.type, dtype=self.torch.bfloat16, enabled=device.type == "cuda"):
            label_ids = self.model(**encoded.to(device)).logits.argmax(-1).tolist()
        tagged = []
        for row, (words, ids) in enumerate(zip(batch, label_ids)):
            tags = ["O"] * len(words)
            for position, word in first_subwords(encoded.word_ids(row)):
                tags[word] = self.labels[ids[position]]
            tagged.append(tags)
        return tagged

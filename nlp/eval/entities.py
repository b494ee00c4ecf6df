"""Evaluation: presslens's entity recognition scored against gold data (`presslens eval entities`).

`GoldDataError` is the one-line error of every `presslens eval` command.

`evaluate_entities(gold_path, model, ner)` takes a CoNLL (or JSONL span) file,
runs the analysis pipeline over each gold sentence as given (the gold words
become the spaCy tokens, so no tokenization mismatch is scored), folds the
OntoNotes labels onto CoNLL's four types, and returns entity-level `NerScores`.
With `raw=True` each gold sentence is instead written out as text (its words
joined by spaces) and analysed as `analyze` would analyse it, with spaCy's own
tokenization and sentence splitting; an entity then counts when its type and
character offsets equal a gold entity's.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from spacy.tokens import Doc

from nlp.errors import PresslensError
from nlp.data.ner import Sentence, read_sentences, spans
from nlp.eval.ner_scores import NerScores, score, score_spans
from nlp.extract.pipeline import load_pipeline, resolve_model, resolve_ner



class GoldDataError(PresslensError):
    """A gold file or folder for `presslens eval` is missing or not in the expected format."""


# OntoNotes label -> CoNLL-2003 type; labels not listed (dates, numbers) are not CoNLL entities.
CONLL_FOLDING = {
    "PERSON": "PER",
    "ORG": "ORG",
    "GPE": "LOC",
    "LOC": "LOC",
    "FAC": "LOC",
    "NORP": "MISC",
    "EVENT": "MISC",
    "WORK_OF_ART": "MISC",
    "LAW": "MISC",
    "PRODUCT": "MISC",
    "LANGUAGE": "MISC",
    "MISC": "MISC",
}
BATCH_SIZE = 256


def evaluate_entities(
    gold_path: str | Path,
    model: str | None = None,
    ner: str | None = None,
    fold: bool = True,
    advance: Callable[[int], None] = lambda count: None,
    raw: bool = False,
) -> NerScores:
    """Entity-level P/R/F1 of the pipeline's entities on the gold sentences; `advance(n)` reports progress."""
    sentences = read_sentences(gold_path)
    pipeline = load_pipeline(resolve_model(model), None, resolve_ner(ner))
    if raw:
        return _evaluate_raw(pipeline, sentences, fold, advance)
    docs = (Doc(pipeline.vocab, words=sentence.words) for sentence in sentences)
    predicted = []
    for doc in pipeline.pipe(docs, batch_size=BATCH_SIZE):
        predicted.append(_tags(doc, fold))
        advance(1)
    return score([sentence.tags for sentence in sentences], predicted)


def _evaluate_raw(pipeline, sentences: list[Sentence], fold: bool, advance: Callable[[int], None]) -> NerScores:
    """Scores on character offsets, each gold sentence analysed from its text as `analyze` does."""
    gold, predicted = [], []
    texts = [" ".join(sentence.words) for sentence in sentences]
    for sentence, doc in zip(sentences, pipeline.pipe(texts, batch_size=BATCH_SIZE)):
        starts = [0]
        for word in sentence.words:
            starts.append(starts[-1] + len(word) + 1)
        gold.append({(label, starts[first], starts[last] - 1) for label, first, last in spans(sentence.tags)})
        labels = ((CONLL_FOLDING.get(ent.label_) if fold else ent.label_, ent) for ent in doc.ents)
        predicted.append({(label, ent.start_char, ent.end_char) for label, ent in labels if label is not None})
        advance(1)
    return score_spans(gold, predicted)


def _tags(doc: Doc, fold: bool) -> list[str]:
    tags = ["O"] * len(doc)
    for ent in doc.ents:
        label = CONLL_FOLDING.get(ent.label_) if fold else ent.label_
        if label is None:
            continue
        tags[ent.start] = f"B-{label}"
        for i in range(ent.start + 1, ent.end):
            tags[i] = f"I-{label}"
    return tags

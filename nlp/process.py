"""Processing: a batch of articles through the spaCy pipeline, to table rows.

`process_batch(job)` takes a `BatchJob` (articles with their text hashes, the
models to use and the character limit) and returns one `Rows` dict per article.
It runs in a worker process or in the driver; the pipeline is loaded once per
process. An article that makes the pipeline fail becomes an error row and the
rest of the batch is kept.
"""

from __future__ import annotations

from dataclasses import dataclass

from nlp.pipeline import load_pipeline
from nlp.read import Article
from nlp.tables import Rows, document_rows

BATCH_SIZE = 32  # documents per nlp.pipe batch and per task sent to a worker


@dataclass
class BatchJob:
    """Articles to process, each with the sha256 of its text, and how to process them."""

    articles: list[tuple[Article, str]]
    model: str
    max_chars: int | None
    ner: str = "spacy"  # resolved: "spacy" or "hf:<model>"
    threads: int | None = None  # torch threads for a transformer recognizer


def process_batch(job: BatchJob) -> list[Rows]:
    """Rows for every article of the batch, in the batch's order."""
    pipeline = load_pipeline(job.model, job.max_chars, job.ner, job.threads)
    limit = pipeline.max_length
    results: dict[int, Rows] = {}
    runnable: list[int] = []
    for position, (article, sha256) in enumerate(job.articles):
        if len(article.text) > limit:
            reason = f"document too long ({len(article.text):,} characters; the limit is {limit:,}, see --max-chars)"
            results[position] = document_rows(article, sha256, error=reason)
        else:
            runnable.append(position)
    texts = [job.articles[position][0].text for position in runnable]
    try:
        docs = list(pipeline.pipe(texts, batch_size=BATCH_SIZE))
    except Exception:  # noqa: BLE001  (isolate the failing document below)
        docs = [_process_one(pipeline, text) for text in texts]
    for position, doc in zip(runnable, docs):
        article, sha256 = job.articles[position]
        if isinstance(doc, str):
            results[position] = document_rows(article, sha256, error=doc)
        else:
            results[position] = document_rows(article, sha256, doc)
    return [results[position] for position in range(len(job.articles))]


def _process_one(pipeline, text: str):
    """A Doc, or the one-line reason the pipeline failed on this text."""
    try:
        return pipeline(text)
    except Exception as error:  # noqa: BLE001  (any pipeline failure becomes the document's error row)
        return f"processing failed: {type(error).__name__}: {' '.join(str(error).split())[:200]}"

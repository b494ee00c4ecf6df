"""Processing: a batch of articles through the spaCy pipeline, to table rows.

`process_batch(job)` takes a `BatchJob` (articles with their text hashes, the
models to use, the character limit and the time limit per document) and
returns one `Rows` dict per article. It runs in a worker process, a Dask
worker's thread or the driver; the pipeline is loaded once per process. An
article that makes the pipeline fail, or takes longer than `doc_timeout`,
becomes an error row and the rest of the batch is kept.
"""

from __future__ import annotations

import ctypes
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from nlp.io.read import Article
from nlp.io.tables import Rows, document_rows

BATCH_SIZE = 32  # documents per nlp.pipe batch and per task sent to a worker
DEFAULT_DOC_TIMEOUT = 600.0  # seconds; generous: a long article takes a few seconds
TIMED_OUT = "timed out"  # how a timeout's error message starts; such results are redone on the next run


class DocumentTimeout(BaseException):
    """The time limit expired. A BaseException, so that `except Exception` in a component cannot swallow it."""


@dataclass
class BatchJob:
    """Articles to process, each with the sha256 of its text, and how to process them."""

    articles: list[tuple[Article, str]]
    model: str
    max_chars: int | None
    ner: str = "spacy"  # resolved: "spacy" or "hf:<model>"
    threads: int | None = None  # torch threads for a transformer recognizer
    doc_timeout: float | None = DEFAULT_DOC_TIMEOUT  # seconds per document; None: no limit
    quotes: str = "rules"  # a resolved quote attribution mode (nlp.extract.pipeline_choice.resolve_quotes)
    job_id: int = 0  # the batch's number in the run, for the pool's time keeping (nlp.run.pool)
    one_by_one: bool = False  # each document alone: the batch is redone after one of its documents got stuck


def process_batch(job: BatchJob, report: Callable[[int, int | None], None] | None = None) -> list[Rows]:
    """Rows for every article of the batch, in the batch's order.

    `report(job_id, position)` is told which document is in work from now
    (-1: the whole batch, None: done), so that a pool can stop a stuck one.
    """
    # spaCy is imported here, not with this module: a run's driver imports this module but, with
    # worker processes, never processes a document, and spaCy's import takes about a second.
    from nlp.extract.pipeline import analyse, load_pipeline

    report = report or (lambda job_id, position: None)
    pipeline = load_pipeline(job.model, job.max_chars, job.ner, job.threads, job.quotes)
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
        if job.one_by_one:
            raise DocumentTimeout
        # The whole batch gets one document's time; past that, each document gets its own below.
        report(job.job_id, -1)
        with time_limit(job.doc_timeout):
            docs = list(analyse(pipeline, texts, BATCH_SIZE))
    except (Exception, DocumentTimeout):  # noqa: BLE001  (isolate the failing or hanging document below)
        docs = []
        for position, text in zip(runnable, texts):
            report(job.job_id, position)
            docs.append(_process_one(pipeline, text, job.doc_timeout))
    report(job.job_id, None)
    for position, doc in zip(runnable, docs):
        article, sha256 = job.articles[position]
        if isinstance(doc, str):
            results[position] = document_rows(article, sha256, error=doc)
        else:
            results[position] = document_rows(article, sha256, doc)
    return [results[position] for position in range(len(job.articles))]


def redo_next_run(rows: Rows) -> bool:
    """Whether a document's result should not be reused: a timeout may not happen again."""
    return (rows["documents"][0]["error"] or "").startswith(TIMED_OUT)


def timed_out(timeout: float) -> str:
    """The error of a document that took longer than `timeout` seconds; it starts with TIMED_OUT, so it is redone."""
    return f"{TIMED_OUT}: processing took longer than {timeout:g} s (--doc-timeout)"


def _process_one(pipeline, text: str, timeout: float | None):
    """A Doc, or the one-line reason the pipeline failed on this text."""
    from nlp.extract.pipeline import analyse  # see process_batch

    try:
        with time_limit(timeout):
            return next(analyse(pipeline, [text], 1))
    except DocumentTimeout:
        return timed_out(timeout)
    except Exception as error:  # noqa: BLE001  (any pipeline failure becomes the document's error row)
        return f"processing failed: {type(error).__name__}: {' '.join(str(error).split())[:200]}"


@contextmanager
def time_limit(seconds: float | None) -> Iterator[None]:
    """Raise `DocumentTimeout` in the calling thread when the block runs longer than `seconds`.

    A watchdog thread raises the exception in this thread through
    PyThreadState_SetAsyncExc rather than a signal, because Dask runs tasks in
    worker threads, where signals cannot be received; so one mechanism serves
    the driver, process-pool workers and Dask workers. Like a signal handler it
    takes effect between Python bytecodes: one call into C code that never
    returns is not interrupted.
    """
    if not seconds:
        yield
        return
    thread_id = ctypes.c_ulong(threading.get_ident())
    lock = threading.Lock()
    state = {"inside": True, "fired": False}

    def expire() -> None:
        with lock:
            if state["inside"]:
                state["fired"] = True
                ctypes.pythonapi.PyThreadState_SetAsyncExc(thread_id, ctypes.py_object(DocumentTimeout))

    watchdog = threading.Timer(seconds, expire)
    watchdog.daemon = True
    try:
        watchdog.start()
        yield
    finally:
        with lock:
            state["inside"] = False
            watchdog.cancel()
            if state["fired"]:  # the block ended as the time ran out: withdraw the exception if still pending
                ctypes.pythonapi.PyThreadState_SetAsyncExc(thread_id, None)

"""Runner: one `analyze` run, from input paths to tables in the out folder.

`run(paths, options, progress)` reads articles lazily, skips those whose text
and settings are unchanged since a previous run, sends the rest in batches to
worker processes (or processes them in this process when `workers == 1`, or
sends them to a Dask cluster, see `nlp.run.distributed`), stores every finished
batch at once, and finally streams the stored results into the tables
(`nlp.io.export`) and writes `manifest.json`. It returns a `RunResult`: the
summary figures, and the tables on demand.
"""

from __future__ import annotations

import errno
import os
import signal
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext, suppress
from dataclasses import asdict, dataclass, replace
from datetime import datetime, timezone
from functools import cached_property
from pathlib import Path

import duckdb
import pandas as pd

from nlp import __version__
from nlp.io.encoding import escape_surrogates
from nlp.io.export import compact, export_tables
from nlp.io.fingerprints import extraction_record, fingerprint, what_changed
from nlp.extract.pipeline_choice import describe, resolve_model, resolve_ner, resolve_quotes
from nlp.run.pool import WorkerPool, run_in_pool
from nlp.run.process import BATCH_SIZE, DEFAULT_DOC_TIMEOUT, BatchJob, process_batch, redo_next_run
from nlp.io.read import Article, Skipped, Source, discover, read_articles, text_sha256
from nlp.schemas import METADATA_COLUMNS, TABLES
from nlp.io.store import FORMATS, ResultStore, RunLock, Stored, StoreError, has_results, metadata_hash, read_table, write_json
from nlp.io.tables import Rows, document_rows, merge_rows, to_arrow

BATCH_CHARS = 200_000  # also close a batch early when its texts add up to this many characters
SKIPPED_IN_MANIFEST = 1_000  # skipped inputs listed in manifest.json; the count covers all


class Progress:
    """What a run reports while it works; the CLI draws it, the Python API ignores it."""

    def add_total(self, count: int) -> None: ...

    def advance(self, documents: int, words: int, errors: int) -> None: ...


@dataclass
class RunOptions:
    """Settings of one run (the CLI's options)."""

    out: Path = Path("out")
    model: str | None = None
    workers: int = 1
    formats: tuple[str, ...] = ("parquet",)
    force: bool = False
    max_chars: int | None = None
    ner: str | None = None  # hybrid | spacy | hf:NAME_OR_PATH; None: hybrid when the shipped model is present
    doc_timeout: float | None = DEFAULT_DOC_TIMEOUT  # seconds per document; None: no limit
    scheduler: str | None = None  # a Dask scheduler's address: process the batches on that cluster
    dask_local: int | None = None  # process the batches on a Dask LocalCluster of this many workers
    quotes: str | None = None  # hybrid | rules | learned; None: hybrid when the shipped tagger is present


@dataclass
class RunResult:
    """Where a run wrote its tables, its manifest, and the summary figures (see `nlp.io.export.SUMMARY_QUERIES`)."""

    out: Path
    manifest: dict
    summary: dict[str, pd.DataFrame]

    @cached_property
    def tables(self) -> dict[str, pd.DataFrame]:
        """Every table, read back from the out folder: the whole corpus in memory, for notebooks and tests."""
        return {name: read_table(self.out, name) for name in TABLES}


def run(paths: list[str | Path], options: RunOptions, progress: Progress | None = None) -> RunResult:
    """Analyze the articles under `paths` into `options.out`; see the module docstring."""
    progress = progress or Progress()
    started = datetime.now(timezone.utc)
    clock = time.perf_counter()
    unknown = [f for f in options.formats if f not in FORMATS]
    if unknown:
        raise StoreError(f"Unknown format '{unknown[0]}'; choose from {', '.join(FORMATS)}.")
    model, ner, quotes = resolve_model(options.model), resolve_ner(options.ner), resolve_quotes(options.quotes)
    settings = BatchJob([], model, options.max_chars, ner, _torch_threads(options), options.doc_timeout, quotes)
    out = Path(options.out)
    skipped: list[Skipped] = []
    sources = discover(paths, exclude=[out], skipped=skipped)
    with _local_workers(options, settings, sources) as pool:
        model_description = describe(model, ner)
        record = extraction_record(model_description, {"max_chars": options.max_chars, "ner": ner, "quotes": quotes})
        run_fingerprint = fingerprint(record)
        _prepare_out(out)
        progress.add_total(len(sources))

        with RunLock(out), _terminate_as_interrupt(), _full_disk_as_store_error(out):
            batches = _StoredBatches(ResultStore(out), run_fingerprint, progress, force=options.force)
            batches.store.save_record(run_fingerprint, record)
            batches.counts["skipped"] = len(skipped)
            jobs = (replace(settings, articles=batch) for batch in _batches(batches.pending_articles(read_articles(sources))))
            _process(jobs, options, batches.save, pool)
            process_seconds = time.perf_counter() - clock

            batches.apply_metadata_updates()
            compact(batches.store)
            exported = export_tables(batches.store, batches.doc_ids, out, options.formats)
            manifest = {
                "tool": "presslens",
                "version": __version__,
                "model": model_description,
                "ner": ner,
                "fingerprint": run_fingerprint,
                "redone": batches.redone_because(record),
                "arguments": {"paths": [escape_surrogates(str(p)) for p in paths], **asdict(options), "out": escape_surrogates(str(out))},
                "counts": {**{key: exported.counts[key] for key in ("documents", "ok", "error")}, **batches.counts, **exported.counts},
                "skipped": [asdict(item) for item in skipped[:SKIPPED_IN_MANIFEST]],
                "started": started.isoformat(),
                "timings": {"process_seconds": round(process_seconds, 3), "total_seconds": round(time.perf_counter() - clock, 3)},
                "ended": datetime.now(timezone.utc).isoformat(),
            }
            write_json(manifest, out / "manifest.json")
    return RunResult(out, manifest, exported.summary)


def _torch_threads(options: RunOptions) -> int:
    """Torch threads share the cores with the other workers; Dask workers are single-threaded processes."""
    return 1 if options.scheduler or options.dask_local else max(1, (os.cpu_count() or 1) // options.workers)


def _local_workers(options: RunOptions, settings: BatchJob, sources: list[Source]) -> WorkerPool | nullcontext:
    """The pool of worker processes of a run with `--workers` 2 or more (else nothing to enter).

    They start now, to load the pipeline while this process fingerprints and reads, unless the out
    folder holds results to reuse (an unchanged re-run processes nothing): then with the first batch.
    Inputs that make fewer batches than --workers get as many workers as batches.
    """
    if options.scheduler or options.dask_local or options.workers <= 1:
        return nullcontext()
    _single_threaded_blas()
    if not options.force and has_results(Path(options.out)):
        return WorkerPool(options.workers, settings)
    pool = WorkerPool(min(options.workers, _most_batches(sources)), settings)
    pool.start(pool.workers)
    return pool


def _most_batches(sources: list[Source]) -> int:
    """How many batches the sources may make at most: a batch closes at BATCH_SIZE articles or BATCH_CHARS
    characters, and a file holds no more characters than bytes; a .jsonl file may hold any number of articles."""
    if any(source.path.suffix.lower() == ".jsonl" for source in sources):
        return len(sources) + BATCH_SIZE  # more than any --workers
    size = 0
    for source in sources:
        with suppress(OSError):  # gone or unreadable: reading it says so, later
            size += source.path.stat().st_size
    return len(sources) // BATCH_SIZE + size // BATCH_CHARS + 1


class _StoredBatches:
    """The run's side of the result store: which articles need processing, saving finished batches,
    and the counts, doc_ids and metadata changes the tables and manifest are built from."""

    def __init__(self, store: ResultStore, run_fingerprint: str, progress: Progress, force: bool) -> None:
        self.store, self.fingerprint, self.progress = store, run_fingerprint, progress
        self.previous = {} if force else store.index()
        self.counts = {"processed": 0, "reused": 0, "read_errors": 0, "metadata_updated": 0, "skipped": 0, "damaged_parts": len(store.damaged)}
        self.doc_ids: list[str] = []
        self.metadata_updates: dict[str, dict] = {}
        self.outdated: dict[str, int] = {}  # fingerprint of unchanged texts' stored results -> how many are redone

    def pending_articles(self, articles: Iterator[Article]) -> Iterator[tuple[Article, str]]:
        """(article, text sha256) of each article to process; unreadable ones are saved as error rows,
        unchanged ones reused (their metadata changes noted)."""
        previous_path = None
        unreadable: list[Rows] = []
        for article in articles:
            if article.path == previous_path:  # a further line of a .jsonl file
                self.progress.add_total(1)
            previous_path = article.path
            self.doc_ids.append(article.doc_id)
            if article.error:
                self.counts["read_errors"] += 1
                unreadable.append(document_rows(article, None))
                if len(unreadable) >= BATCH_SIZE:
                    self.save(unreadable, reusable=False)
                    unreadable = []
                continue
            sha256 = text_sha256(article.text)
            stored = self.previous.get(article.doc_id)
            if stored and (stored.sha256, stored.fingerprint) == (sha256, self.fingerprint):
                self.counts["reused"] += 1
                if (changed := _changed_metadata(article, sha256, stored)) is not None:
                    self.metadata_updates[article.doc_id] = changed
                self.progress.advance(1, 0, 0)
                continue
            if stored and stored.sha256 == sha256 and stored.fingerprint:
                self.outdated[stored.fingerprint] = self.outdated.get(stored.fingerprint, 0) + 1
            yield article, sha256
        if unreadable:
            self.save(unreadable, reusable=False)

    def save(self, batch_rows: list[Rows], reusable: bool = True) -> None:
        """Store one finished batch as a part and advance the progress."""
        # Results saved without a fingerprint are redone on the next run.
        tags = [self.fingerprint if reusable and not redo_next_run(rows) else None for rows in batch_rows]
        self.store.write_part(to_arrow(merge_rows(batch_rows)), tags)
        self.counts["processed"] += sum(rows["documents"][0]["sha256"] is not None for rows in batch_rows)
        words = sum(rows["documents"][0]["n_words"] or 0 for rows in batch_rows)
        errors = sum(rows["documents"][0]["status"] == "error" for rows in batch_rows)
        self.progress.advance(len(batch_rows), words, errors)

    def redone_because(self, record: dict) -> list[dict]:
        """Why documents whose text is unchanged were processed again: one entry per earlier fingerprint."""
        return [{"documents": count, "because": what_changed(self.store.record(old), record)} for old, count in self.outdated.items()]

    def apply_metadata_updates(self) -> None:
        """Write the reused articles' changed metadata (title, date, url...) into their stored documents rows."""
        if self.metadata_updates:
            self.store.update_metadata(self.metadata_updates, self.previous)
            self.counts["metadata_updated"] = len(self.metadata_updates)


def _changed_metadata(article: Article, sha256: str, stored: Stored) -> dict | None:
    """The article's metadata columns (title, date, url...) when they differ from its stored result's."""
    document = document_rows(article, sha256)["documents"][0]
    if metadata_hash(document) == stored.metadata_sha256:
        return None
    return {column: document[column] for column in METADATA_COLUMNS}


def _process(jobs: Iterator[BatchJob], options: RunOptions, save, pool: WorkerPool | None) -> None:
    """Process the batches on Dask, on the pool of worker processes, or here (one worker), saving each."""
    if options.scheduler or options.dask_local:
        from nlp.run.distributed import run_on_dask  # Dask's import costs 0.4 CPU s: only runs on Dask pay it

        _single_threaded_blas()
        run_on_dask(jobs, options.scheduler, options.dask_local, save)
    elif pool is None:
        for job in jobs:
            save(process_batch(job))
    else:
        run_in_pool(jobs, pool, save, options.doc_timeout)


def _single_threaded_blas() -> None:
    """Worker processes started after this use one BLAS thread each, so that N workers fit N cores."""
    for variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(variable, "1")


def _prepare_out(out: Path) -> None:
    """Fail early, in one line, on an out folder that cannot be written (the probe's name is this run's own)."""
    try:
        out.mkdir(parents=True, exist_ok=True)
        probe = out / f".presslens-write-test-{uuid.uuid4().hex[:8]}"
        probe.write_text("")
        probe.unlink()
    except OSError as error:
        raise StoreError(f"Cannot write to the out folder {out}: {error.strerror or error}") from None


@contextmanager
def _terminate_as_interrupt() -> Iterator[None]:
    """SIGTERM ends a run as Ctrl-C does (saved batches kept, workers stopped); only the main thread gets signals."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def interrupt(signum, frame):
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


@contextmanager
def _full_disk_as_store_error(out: Path) -> Iterator[None]:
    """A full disk is a one-line error; every batch saved before it stays saved for the next run."""
    try:
        yield
    except (OSError, duckdb.Error) as error:
        full = getattr(error, "errno", None) in (errno.ENOSPC, errno.EDQUOT) or any(
            text in str(error) for text in ("No space left on device", "Disk quota exceeded")
        )
        if not full:
            raise
        raise StoreError(f"The disk holding {out} is full; the finished documents are saved: free some space and run the same command again.") from None


def _batches(articles: Iterator[tuple[Article, str]]) -> Iterator[list[tuple[Article, str]]]:
    batch: list[tuple[Article, str]] = []
    chars = 0
    for item in articles:
        batch.append(item)
        chars += len(item[0].text)
        if len(batch) >= BATCH_SIZE or chars >= BATCH_CHARS:
            yield batch
            batch, chars = [], 0
    if batch:
        yield batch

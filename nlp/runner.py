"""Runner: one `analyze` run, from input paths to tables in the out folder.

`run(paths, options, progress)` reads articles lazily, skips those whose text
and settings are unchanged since a previous run, sends the rest in batches to
worker processes (or processes them in this process when `workers == 1`, or
sends them to a Dask cluster, see `nlp.distributed`), stores every finished
batch at once, and finally streams the stored results into the tables
(`nlp.export`) and writes `manifest.json`. It returns a `RunResult`: the
summary figures, and the tables on demand.
"""

from __future__ import annotations

import multiprocessing
import os
import time
from collections.abc import Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import asdict, dataclass
from datetime import datetime, timezone
from functools import cached_property
from pathlib import Path

import pandas as pd

from nlp import __version__
from nlp.distributed import run_on_dask
from nlp.export import compact, export_tables
from nlp.pipeline import describe, fingerprint, resolve_model, resolve_ner, resolve_quotes
from nlp.process import BATCH_SIZE, DEFAULT_DOC_TIMEOUT, BatchJob, process_batch, redo_next_run
from nlp.read import Article, discover, read_articles, text_sha256
from nlp.schemas import TABLES
from nlp.store import FORMATS, ResultStore, RunLock, StoreError, read_table, write_json
from nlp.tables import Rows, document_rows, merge_rows, to_arrow

BATCH_CHARS = 200_000  # also close a batch early when its texts add up to this many characters


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
    """Where a run wrote its tables, its manifest, and the summary figures (see `nlp.export.SUMMARY_QUERIES`)."""

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
    model = resolve_model(options.model)
    ner = resolve_ner(options.ner)
    model_description = describe(model, ner)
    quotes = resolve_quotes(options.quotes)
    settings = {"max_chars": options.max_chars, "ner": ner, "quotes": quotes}
    run_fingerprint = fingerprint(model_description, settings)
    out = Path(options.out)
    sources = discover(paths, exclude=[out])
    _prepare_out(out)
    progress.add_total(len(sources))

    with RunLock(out):
        store = ResultStore(out)
        previous = {} if options.force else store.index()
        counts = {"processed": 0, "reused": 0, "read_errors": 0}
        doc_ids: list[str] = []

        def pending_articles() -> Iterator[tuple[Article, str]]:
            previous_path = None
            unreadable: list[Rows] = []
            for article in read_articles(sources):
                if article.path == previous_path:  # a further line of a .jsonl file
                    progress.add_total(1)
                previous_path = article.path
                doc_ids.append(article.doc_id)
                if article.error:
                    counts["read_errors"] += 1
                    unreadable.append(document_rows(article, None))
                    if len(unreadable) >= BATCH_SIZE:
                        save(unreadable, reusable=False)
                        unreadable = []
                    continue
                sha256 = text_sha256(article.text)
                if previous.get(article.doc_id) == (sha256, run_fingerprint):
                    counts["reused"] += 1
                    progress.advance(1, 0, 0)
                    continue
                yield article, sha256
            if unreadable:
                save(unreadable, reusable=False)

        def save(batch_rows: list[Rows], reusable: bool = True) -> None:
            # Results saved without a fingerprint are redone on the next run.
            tags = [run_fingerprint if reusable and not redo_next_run(rows) else None for rows in batch_rows]
            store.write_part(to_arrow(merge_rows(batch_rows)), tags)
            counts["processed"] += sum(rows["documents"][0]["sha256"] is not None for rows in batch_rows)
            words = sum(rows["documents"][0]["n_words"] or 0 for rows in batch_rows)
            errors = sum(rows["documents"][0]["status"] == "error" for rows in batch_rows)
            progress.advance(len(batch_rows), words, errors)

        on_dask = bool(options.scheduler or options.dask_local)
        # Torch threads share the cores with the other workers; Dask workers are single-threaded processes.
        threads = 1 if on_dask else max(1, (os.cpu_count() or 1) // options.workers)
        jobs = (
            BatchJob(batch, model, options.max_chars, ner, threads, options.doc_timeout, quotes) for batch in _batches(pending_articles())
        )
        if on_dask:
            _single_threaded_blas()
            run_on_dask(jobs, options.scheduler, options.dask_local, save)
        elif options.workers <= 1:
            for job in jobs:
                save(process_batch(job))
        else:
            _run_in_pool(jobs, options.workers, save)
        process_seconds = time.perf_counter() - clock

        compact(store)
        exported = export_tables(store, doc_ids, out, options.formats)
        manifest = {
            "tool": "presslens",
            "version": __version__,
            "model": model_description,
            "ner": ner,
            "fingerprint": run_fingerprint,
            "arguments": {"paths": [str(p) for p in paths], **asdict(options), "out": str(out)},
            "counts": {**{key: exported.counts[key] for key in ("documents", "ok", "error")}, **counts, **exported.counts},
            "started": started.isoformat(),
            "timings": {"process_seconds": round(process_seconds, 3), "total_seconds": round(time.perf_counter() - clock, 3)},
            "ended": datetime.now(timezone.utc).isoformat(),
        }
        write_json(manifest, out / "manifest.json")
    return RunResult(out, manifest, exported.summary)


def _single_threaded_blas() -> None:
    """Worker processes started after this use one BLAS thread each, so that N workers fit N cores."""
    for variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(variable, "1")


def _prepare_out(out: Path) -> None:
    try:
        out.mkdir(parents=True, exist_ok=True)
        probe = out / ".presslens-write-test"
        probe.write_text("")
        probe.unlink()
    except OSError as error:
        raise StoreError(f"Cannot write to the out folder {out}: {error.strerror or error}") from None


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


def _run_in_pool(jobs: Iterator[BatchJob], workers: int, save) -> None:
    """Keep `2 * workers` batches in flight and save each as it finishes; a dying worker costs only its batch."""
    _single_threaded_blas()
    context = multiprocessing.get_context("spawn")
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=context)
    in_flight: dict[Future, BatchJob] = {}

    def collect_finished() -> bool:
        done, _ = wait(in_flight, return_when=FIRST_COMPLETED)
        broken = False
        for future in done:
            job = in_flight.pop(future)
            try:
                save(future.result())
            except BrokenProcessPool:
                broken = True
                reason = "a worker process died while processing this batch (out of memory?)"
                save([document_rows(article, sha256, error=reason) for article, sha256 in job.articles], reusable=False)
        return broken

    try:
        for job in jobs:
            in_flight[pool.submit(process_batch, job)] = job
            while len(in_flight) >= 2 * workers:
                if collect_finished():
                    # Every batch of a broken pool fails; finish them, then carry on with a new pool.
                    while in_flight:
                        collect_finished()
                    pool.shutdown(wait=False, cancel_futures=True)
                    pool = ProcessPoolExecutor(max_workers=workers, mp_context=context)
        while in_flight:
            collect_finished()
    finally:
        pool.shutdown(wait=False, cancel_futures=True)

"""Local worker processes: batches of articles on a process pool, with a hard time limit per document.

`WorkerPool(workers, settings)` starts the worker processes, each of which
loads the pipeline at once; `run_in_pool(jobs, pool, save, doc_timeout)` takes
the run's `BatchJob`s (a lazy iterator), the pool, the function that stores a
finished batch's rows and the seconds one document may take. It keeps two
batches per worker in flight and saves each as it finishes.

Each worker tells the driver, on a shared board, which batch and document it
is working on since when. `nlp.run.process.time_limit` stops a slow document from
inside the worker, but only between Python steps; a document stuck in compiled
code (spaCy's tokenizer on 20,000 `=`) holds on. So the driver kills a worker
whose document overruns its limit by `HARD_LIMIT_GRACE`, starts a new pool,
records that document as timed out and redoes the rest of its batch one
document at a time (and every other batch the kill broke). A worker that dies
on its own (out of memory) costs its batches until the next run.

Workers die with their driver: a kill -9 or an out-of-memory kill of the
driver leaves no worker behind (Linux's parent-death signal).
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
import sys
import time
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import replace

from nlp.run.process import BatchJob, process_batch, timed_out
from nlp.io.tables import Rows, document_rows

BATCHES_PER_WORKER = 2  # in flight: one running, one waiting
LOOKAHEAD_PER_WORKER = 4  # batches read ahead, of which the largest goes next (texts held: about 4 x 200,000 characters a worker)
HARD_LIMIT_GRACE = 2.0  # seconds past --doc-timeout before a stuck worker is killed (the soft limit goes first)
POLL_SECONDS = 0.5  # how often the driver looks at the board while it waits
WORKER_DIED = "a worker process died while processing this batch (out of memory?)"
SLOT = 4  # board values per worker: pid, job number, document position (-1: the whole batch), started (0: idle)
PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>

_board = None  # in a worker: (the shared board, this worker's first index on it)


class WorkerPool:
    """`workers` processes for the batches of a run; each loads the pipeline that `settings` (a `BatchJob`
    without articles) names as soon as it starts. A context manager: leaving it on an error (Ctrl-C,
    SIGTERM, a full disk) ends the processes without waiting for their running batches."""

    def __init__(self, workers: int, settings: BatchJob | None = None) -> None:
        self.workers, self.settings = workers, settings
        self.context = multiprocessing.get_context("spawn")
        self.executor: ProcessPoolExecutor | None = None
        self.board = None

    def start(self, processes: int = 0) -> None:
        """Make the pool, with `processes` of its processes started at once; the others start when batches
        come in (the executor starts one per task submitted while none is idle). The driver starts some
        early, so that they load the pipeline while it is still busy fingerprinting and reading."""
        if self.executor is None:
            self.board = self.context.Array("d", SLOT * self.workers)
            self.executor = ProcessPoolExecutor(self.workers, mp_context=self.context, initializer=_start_worker, initargs=(self.board, self.settings))
        for _ in range(min(processes, self.workers)):
            self.executor.submit(int)

    def restart(self) -> None:
        """New processes, after one was killed (the batches in flight on the old ones are lost)."""
        self.close()
        self.start()

    def close(self) -> None:
        """Let the processes end once their work is done."""
        if self.executor is not None:
            self.executor.shutdown(wait=False, cancel_futures=True)
            self.executor = None

    def stop(self) -> None:
        """End the processes now, without waiting for their running batches or pipeline loading."""
        # The executor has no public way to stop running work; its process table is the only handle on the workers.
        for process in list((getattr(self.executor, "_processes", None) or {}).values()):
            process.terminate()
        self.close()

    def __enter__(self) -> WorkerPool:
        return self

    def __exit__(self, error_type, error, traceback) -> None:
        self.stop()  # after run_in_pool they are closed already; else they may still be loading the pipeline


def run_in_pool(jobs: Iterator[BatchJob], pool: WorkerPool, save: Callable[..., None], doc_timeout: float | None) -> None:
    """Process `jobs` on the pool's processes and `save(rows)` each batch; see the module docstring."""
    numbered = (replace(job, job_id=number) for number, job in enumerate(_largest_first(jobs, LOOKAHEAD_PER_WORKER * pool.workers), start=1))
    retry: deque[BatchJob] = deque()
    in_flight: dict[Future, BatchJob] = {}
    while True:
        broken = False
        while not broken and len(in_flight) < BATCHES_PER_WORKER * pool.workers and (job := retry.popleft() if retry else next(numbered, None)):
            pool.start()
            try:
                in_flight[pool.executor.submit(_run_job, job)] = job
            except BrokenProcessPool:  # a worker died since the last wait: this batch never ran, so the next pool takes it
                retry.appendleft(job)
                broken = True
        if not in_flight and broken:
            pool.restart()
            continue
        if not in_flight:
            pool.close()
            return
        done, _ = wait(in_flight, timeout=POLL_SECONDS, return_when=FIRST_COMPLETED)
        stuck = _overdue(pool.board, doc_timeout) if doc_timeout else None
        if stuck is None and not any(future.exception() for future in done):
            for future in done:
                save(future.result())
                del in_flight[future]
            continue
        if stuck is not None:
            os.kill(int(stuck[0]), signal.SIGKILL)
        wait(in_flight)  # a broken pool fails every batch still in flight
        for future, job in list(in_flight.items()):
            _collect(future, job, stuck, doc_timeout, save, retry)
        in_flight.clear()
        pool.restart()


def _largest_first(jobs: Iterator[BatchJob], window: int) -> Iterator[BatchJob]:
    """The jobs, each time the one with the most characters among those read ahead: the small batches are
    left for the end, where each worker takes one, so the last batch run alone is a short one. Each batch
    keeps its articles, so every document's result stays the same. The first jobs go at once (reading
    HTML takes time), then up to `window` are read ahead."""
    waiting: list[BatchJob] = []
    given = 0
    for job in jobs:
        waiting.append(job)
        if len(waiting) > min(window - 1, given):
            given += 1
            yield waiting.pop(_largest(waiting))
    while waiting:
        yield waiting.pop(_largest(waiting))


def _largest(jobs: list[BatchJob]) -> int:
    sizes = [sum(len(article.text) for article, _ in job.articles) for job in jobs]
    return sizes.index(max(sizes))


def _collect(future: Future, job: BatchJob, stuck: tuple | None, doc_timeout: float | None, save, retry: deque) -> None:
    """Save a finished batch; after a kill, queue the batches it broke again; after a death, save error rows."""
    if future.exception() is None:
        save(future.result())
    elif not isinstance(future.exception(), BrokenProcessPool):
        raise future.exception()
    elif stuck is None:
        save([document_rows(article, sha256, error=WORKER_DIED) for article, sha256 in job.articles], reusable=False)
    elif job.job_id != stuck[1]:
        retry.append(job)
    elif stuck[2] < 0:  # stuck somewhere in the whole batch: find the document one by one
        retry.append(replace(job, one_by_one=True))
    else:
        position = int(stuck[2])
        article, sha256 = job.articles[position]
        reason = f"{timed_out(doc_timeout)}; its worker was stopped"
        save([document_rows(article, sha256, error=reason)], reusable=False)
        rest = job.articles[:position] + job.articles[position + 1 :]
        if rest:
            retry.append(replace(job, articles=rest, one_by_one=True))


def _overdue(board, doc_timeout: float) -> tuple[float, float, float] | None:
    """(pid, job number, position) of a worker whose current document is past the hard limit, if any."""
    now = time.monotonic()
    with board.get_lock():
        for first in range(0, len(board), SLOT):
            pid, job_id, position, started = board[first : first + SLOT]
            if pid and started and now - started > doc_timeout + HARD_LIMIT_GRACE:
                return pid, job_id, position
    return None


# --- in the worker processes ----------------------------------------------------------------------


def _start_worker(board, settings: BatchJob | None) -> None:
    """Pool initializer: die with the driver, take a free place on the board, load the pipeline."""
    die_with_parent()
    global _board
    with board.get_lock():
        first = next((first for first in range(0, len(board), SLOT) if not board[first]), None)
        if first is not None:
            board[first] = os.getpid()
    _board = None if first is None else (board, first)
    if settings is not None:
        _load_ahead(settings)


def _load_ahead(settings: BatchJob) -> None:
    """Load the pipeline a batch with these settings will use (`process_batch` finds it loaded); a failure
    is left for the first batch to raise again, as the run's one-line error."""
    from nlp.extract.pipeline import load_pipeline

    try:
        load_pipeline(settings.model, settings.max_chars, settings.ner, settings.threads, settings.quotes)
    except Exception:  # noqa: BLE001, S110  (an initializer that raises would break the pool instead)
        pass


def _run_job(job: BatchJob) -> list[Rows]:
    return process_batch(job, report=_report)


def _report(job_id: int, position: int | None) -> None:
    """Tell the driver which document this worker works on from now (None: none)."""
    if _board is None:
        return
    board, first = _board
    with board.get_lock():
        board[first + 1 : first + SLOT] = [job_id, -1 if position is None else position, 0.0 if position is None else time.monotonic()]


def die_with_parent() -> None:
    """Ask Linux to SIGKILL this process when the process that started it dies (elsewhere: nothing)."""
    if not sys.platform.startswith("linux"):
        return
    parent = multiprocessing.parent_process()
    ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if parent is not None and os.getppid() != parent.pid:  # the driver died before the request was made
        os._exit(1)

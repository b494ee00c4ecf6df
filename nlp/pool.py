"""Local worker processes: batches of articles on a process pool, with a hard time limit per document.

`run_in_pool(jobs, workers, save, doc_timeout)` takes the run's `BatchJob`s (a
lazy iterator), the number of worker processes, the function that stores a
finished batch's rows and the seconds one document may take. It keeps two
batches per worker in flight and saves each as it finishes.

Each worker tells the driver, on a shared board, which batch and document it
is working on since when. `nlp.process.time_limit` stops a slow document from
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

from nlp.process import BatchJob, process_batch, timed_out
from nlp.tables import Rows, document_rows

BATCHES_PER_WORKER = 2  # in flight: one running, one waiting
HARD_LIMIT_GRACE = 2.0  # seconds past --doc-timeout before a stuck worker is killed (the soft limit goes first)
POLL_SECONDS = 0.5  # how often the driver looks at the board while it waits
WORKER_DIED = "a worker process died while processing this batch (out of memory?)"
SLOT = 4  # board values per worker: pid, job number, document position (-1: the whole batch), started (0: idle)
PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>

_board = None  # in a worker: (the shared board, this worker's first index on it)


def run_in_pool(jobs: Iterator[BatchJob], workers: int, save: Callable[..., None], doc_timeout: float | None) -> None:
    """Process `jobs` on `workers` processes and `save(rows)` each batch; see the module docstring."""
    context = multiprocessing.get_context("spawn")
    numbered = (replace(job, job_id=number) for number, job in enumerate(jobs, start=1))
    retry: deque[BatchJob] = deque()
    in_flight: dict[Future, BatchJob] = {}
    pool, board = _new_pool(context, workers)
    try:
        while True:
            while len(in_flight) < BATCHES_PER_WORKER * workers and (job := retry.popleft() if retry else next(numbered, None)):
                in_flight[pool.submit(_run_job, job)] = job
            if not in_flight:
                return
            done, _ = wait(in_flight, timeout=POLL_SECONDS, return_when=FIRST_COMPLETED)
            stuck = _overdue(board, doc_timeout) if doc_timeout else None
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
            pool.shutdown(wait=False, cancel_futures=True)
            pool, board = _new_pool(context, workers)
    except BaseException:
        _stop_workers(pool)  # Ctrl-C, SIGTERM or a full disk: do not wait for the running batches
        raise
    finally:
        pool.shutdown(wait=False, cancel_futures=True)


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


def _new_pool(context, workers: int) -> tuple[ProcessPoolExecutor, object]:
    board = context.Array("d", SLOT * workers)
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_join_board, initargs=(board,))
    return pool, board


def _overdue(board, doc_timeout: float) -> tuple[float, float, float] | None:
    """(pid, job number, position) of a worker whose current document is past the hard limit, if any."""
    now = time.monotonic()
    with board.get_lock():
        for first in range(0, len(board), SLOT):
            pid, job_id, position, started = board[first : first + SLOT]
            if pid and started and now - started > doc_timeout + HARD_LIMIT_GRACE:
                return pid, job_id, position
    return None


def _stop_workers(pool: ProcessPoolExecutor) -> None:
    # The executor has no public way to stop running work; its process table is the only handle on the workers.
    for process in list((getattr(pool, "_processes", None) or {}).values()):
        process.terminate()


# --- in the worker processes ----------------------------------------------------------------------


def _join_board(board) -> None:
    """Pool initializer: die with the driver, and take a free place on the board."""
    die_with_parent()
    global _board
    with board.get_lock():
        first = next((first for first in range(0, len(board), SLOT) if not board[first]), None)
        if first is not None:
            board[first] = os.getpid()
    _board = None if first is None else (board, first)


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

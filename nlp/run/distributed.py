"""Distributed: batches of articles processed on a Dask cluster.

`run_on_dask(jobs, scheduler, local_workers, save)` takes the run's `BatchJob`s
(a lazy iterator), either the address of a running Dask scheduler or a number
of workers for a `LocalCluster` started for this run, and the function that
stores a finished batch's rows. Each batch is one Dask task running
`process_batch`; each worker process loads the pipeline once (`load_pipeline`
is cached per process) and reuses it for every batch it gets. At most two
batches per worker thread are in flight, so the driver never reads far ahead
of the cluster, and every batch is saved as soon as it comes back.

A LocalCluster's workers exit when the driver dies, even by kill -9 (Dask's
own watch on the parent process). A worker that dies takes its running batch
with it; the scheduler gives the batch to another worker. A batch that keeps killing workers (Dask's
`allowed-failures`) becomes error rows that the next run redoes.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from nlp.errors import PresslensError
from nlp.extras import require
from nlp.run.process import BatchJob, process_batch
from nlp.io.tables import Rows, document_rows

if TYPE_CHECKING:  # Dask, the optional `dask` extra, is imported where it runs: it costs 0.4 CPU s, and the CLI imports this module for ClusterError
    from distributed import Client, Future

CONNECT_TIMEOUT_SECONDS = 10  # to reach a scheduler
WORKERS_TIMEOUT_SECONDS = 120  # for the first worker to join it
BATCHES_PER_THREAD = 2  # in flight: one running, one waiting on the worker
# Dask starts workers with MALLOC_TRIM_THRESHOLD_=65536, so glibc returns freed memory to the system at once;
# spaCy frees and reallocates so much per document that the page faults cost workers about 10% of their speed.
LOCAL_WORKER_CONFIG = {"distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None}
WORKER_DIED = "Dask workers kept dying while processing this batch (out of memory?)"


class ClusterError(PresslensError):
    """The Dask cluster cannot be reached or has no workers (reported as a one-line error)."""


def run_on_dask(
    jobs: Iterator[BatchJob],
    scheduler: str | None,
    local_workers: int | None,
    save: Callable[..., None],
) -> None:
    """Process `jobs` on the cluster at `scheduler` (or a LocalCluster of `local_workers`); `save(rows)` each batch."""
    require(("dask", "distributed"), "dask", "--scheduler and --dask-local")
    from distributed import KilledWorker, as_completed

    with _client(scheduler, local_workers) as client:
        pending: dict[Future, BatchJob] = {}
        finished = as_completed(loop=client.loop)

        def fill() -> None:
            slots = BATCHES_PER_THREAD * max(1, sum(client.nthreads().values()))
            while len(pending) < slots and (job := next(jobs, None)) is not None:
                future = client.submit(process_batch, job, pure=False)
                pending[future] = job
                finished.add(future)

        fill()
        for future in finished:
            job = pending.pop(future)
            try:
                rows: list[Rows] = future.result()
            except KilledWorker:
                save([document_rows(article, sha256, error=WORKER_DIED) for article, sha256 in job.articles], reusable=False)
            else:
                save(rows)
            future.release()  # the cluster can forget the batch's rows
            fill()


@contextmanager
def _client(scheduler: str | None, local_workers: int | None) -> Iterator[Client]:
    """A client of the scheduler at `scheduler`, or of a LocalCluster of `local_workers` single-threaded processes."""
    import dask
    from distributed import Client, LocalCluster

    if scheduler and local_workers:
        raise ClusterError("Use either --scheduler or --dask-local, not both.")
    if scheduler:
        try:
            client = Client(scheduler, timeout=CONNECT_TIMEOUT_SECONDS, set_as_default=False)
        except (OSError, ValueError, TypeError) as error:
            raise ClusterError(f"Cannot reach the Dask scheduler at {scheduler}: {_one_line(error)}") from None
        cluster = None
    else:
        with dask.config.set(LOCAL_WORKER_CONFIG):
            cluster = LocalCluster(
                n_workers=local_workers, threads_per_worker=1, processes=True, dashboard_address=None, silence_logs=logging.ERROR
            )
        client = Client(cluster, set_as_default=False)
    try:
        try:
            client.wait_for_workers(1, timeout=WORKERS_TIMEOUT_SECONDS)
        except TimeoutError:
            raise ClusterError(f"No Dask worker joined the scheduler at {scheduler} within {WORKERS_TIMEOUT_SECONDS} s.") from None
        yield client
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def _one_line(error: BaseException) -> str:
    return " ".join(str(error).split())[:200] or type(error).__name__

"""The local worker pool as a run uses it: how many workers start, when, and what they load first.

Starting a worker costs seconds (spaCy and the models), so most checks here
watch `WorkerPool.start` instead of starting processes.
"""

from __future__ import annotations

from concurrent.futures import Future
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

import pytest

import nlp.run.runner
from conftest import ARTICLES
from nlp.extract.pipeline import ModelError, load_pipeline, resolve_model
from nlp.run.pool import WorkerPool, _largest_first, _load_ahead, run_in_pool
from nlp.run.process import BATCH_SIZE, BatchJob
from nlp.io.read import Article
from nlp.run.runner import BATCH_CHARS, RunOptions, run


@pytest.fixture
def starts(monkeypatch) -> list[tuple[str, int, int]]:
    """What happens in a run, in order: ("start", pool size, processes started now) and ("fingerprint", 0, 0)."""
    events: list[tuple[str, int, int]] = []
    record = nlp.run.runner.extraction_record

    def start(pool, processes=0):
        events.append(("start", pool.workers, processes))

    def fingerprinted(*args):
        events.append(("fingerprint", 0, 0))
        return record(*args)

    monkeypatch.setattr(WorkerPool, "start", start)
    monkeypatch.setattr(nlp.run.runner, "extraction_record", fingerprinted)
    monkeypatch.setattr(nlp.run.runner, "_process", lambda jobs, options, save, pool: list(jobs))
    return events


def write_files(folder: Path, count: int, size: int = 100, suffix: str = ".txt") -> Path:
    folder.mkdir(parents=True)
    for number in range(count):
        (folder / f"{number:04d}{suffix}").write_text("x" * size)
    return folder


@pytest.mark.parametrize(
    ("count", "size", "workers", "started"),
    [(20, 100, 2, 1), (BATCH_SIZE + 1, 100, 2, 2), (2, BATCH_CHARS, 2, 2), (3, 100, 4, 1), (100, 100, 4, 4)],
)
def test_workers_start_before_the_fingerprint_one_per_possible_batch(tmp_path, starts, count, size, workers, started):
    src = write_files(tmp_path / "src", count, size)
    run([src], RunOptions(out=tmp_path / "out", workers=workers, ner="spacy", quotes="rules"))
    assert starts == [("start", started, started), ("fingerprint", 0, 0)]


def test_a_jsonl_file_may_hold_many_batches(tmp_path, starts):
    src = write_files(tmp_path / "src", 1, 100, ".jsonl")
    run([src], RunOptions(out=tmp_path / "out", workers=2, ner="spacy", quotes="rules"))
    assert starts[0] == ("start", 2, 2)


def test_workers_wait_for_a_batch_where_results_may_be_reused(tmp_path, starts):
    src = write_files(tmp_path / "src", 40)
    out = tmp_path / "out"
    (out / ".presslens" / "parts" / "00001-part").mkdir(parents=True)
    run([src], RunOptions(out=out, workers=2, ner="spacy", quotes="rules"))
    assert starts == [("fingerprint", 0, 0)]  # run_in_pool starts them (not called here)
    starts.clear()
    run([src], RunOptions(out=out, workers=2, ner="spacy", quotes="rules", force=True))
    assert starts[0] == ("start", 2, 2)


def test_one_worker_runs_in_this_process(tmp_path, starts):
    src = write_files(tmp_path / "src", 40)
    run([src], RunOptions(out=tmp_path / "out", workers=1, ner="spacy", quotes="rules"))
    assert starts == [("fingerprint", 0, 0)]


def test_loading_ahead_leaves_the_pipeline_loaded_and_a_failure_to_the_first_batch():
    settings = BatchJob([], resolve_model(None), None, "spacy", 1, None, "rules")
    _load_ahead(settings)
    hits = load_pipeline.cache_info().hits
    load_pipeline(settings.model, settings.max_chars, settings.ner, settings.threads, settings.quotes)
    assert load_pipeline.cache_info().hits == hits + 1
    _load_ahead(BatchJob([], "/no/such/model", None, "spacy", 1, None, "rules"))  # no exception


def test_a_pipeline_the_workers_cannot_load_is_the_runs_one_line_error(tmp_path, write_articles):
    model = tmp_path / "model"
    model.mkdir()
    (model / "meta.json").write_text('{"lang": "en", "name": "broken", "version": "0.0.1"}')  # no config.cfg: spaCy cannot load it
    src = write_articles(tmp_path / "src", ARTICLES)
    with pytest.raises(ModelError, match="Cannot load spaCy model"):
        run([src], RunOptions(out=tmp_path / "out", model=str(model), workers=2, ner="spacy", quotes="rules"))


def test_the_largest_batch_read_ahead_goes_first_and_the_smallest_last():
    sizes = [5, 1, 9, 3, 7, 2, 8, 4, 6]
    jobs = [BatchJob([(Article(f"d{size}", "p", text="x" * size), "sha")], "model", None) for size in sizes]
    read: list[int] = []

    def reading():
        for job in jobs:
            read.append(len(job.articles[0][0].text))
            yield job

    order = []
    for job in _largest_first(reading(), 4):
        order.append(len(job.articles[0][0].text))
        if len(order) == 1:
            assert read == [5]  # the first batch goes before any other is read
    assert sorted(order) == sorted(sizes)
    assert order == [5, 9, 7, 8, 4, 6, 3, 2, 1]  # read ahead: 2, 3, then 4 batches; at the end, the rest from the largest


def test_two_workers_taking_batches_out_of_order_give_the_same_tables_as_one(tmp_path, write_articles, monkeypatch):
    src = write_articles(tmp_path / "src", {**ARTICLES, "short.txt": "Merkel spoke.\n", "long.txt": " ".join(ARTICLES.values())})
    monkeypatch.setattr(nlp.run.runner, "BATCH_SIZE", 2)  # three batches of two documents, of different lengths
    one = run([src], RunOptions(out=tmp_path / "one", workers=1, ner="spacy", quotes="rules")).tables
    two = run([src], RunOptions(out=tmp_path / "two", workers=2, ner="spacy", quotes="rules")).tables
    for name, table in one.items():
        columns = list(table.columns)
        expected = table.astype(str).sort_values(columns).reset_index(drop=True)
        assert two[name].astype(str).sort_values(columns).reset_index(drop=True).equals(expected), name


class PoolBrokenOnce:
    """A pool whose first submit finds it broken, as when a worker died after the driver's last wait."""

    workers, board = 1, None

    def __init__(self) -> None:
        self.restarts, self.submitted = 0, []
        self.executor = self

    def start(self, processes: int = 0) -> None:
        pass

    def restart(self) -> None:
        self.restarts += 1

    def close(self) -> None:
        pass

    def submit(self, function, job: BatchJob) -> Future:
        if not self.restarts:
            raise BrokenProcessPool("a child process terminated abruptly")
        self.submitted.append(job.articles[0][0].doc_id)
        future: Future = Future()
        future.set_result([job.articles[0][0].doc_id])
        return future


def test_a_batch_that_finds_the_pool_broken_goes_to_the_next_pool():
    pool, saved = PoolBrokenOnce(), []
    jobs = [BatchJob([(Article(name, "p", text="x" * size), "sha")], "model", None) for name, size in (("a", 30), ("b", 20))]
    run_in_pool(iter(jobs), pool, lambda rows, **_: saved.extend(rows), doc_timeout=None)
    assert pool.restarts == 1 and sorted(saved) == ["a", "b"]

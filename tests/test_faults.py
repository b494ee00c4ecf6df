"""Faults a run survives: a hanging document (--doc-timeout), in the driver and in a worker thread; a second run on the same out folder."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from typer.testing import CliRunner

import nlp.extract.pipeline
from cli import app
from nlp.extract.pipeline import resolve_model
from nlp.run.process import BatchJob, DocumentTimeout, process_batch, time_limit
from nlp.io.read import Article, text_sha256
from nlp.run.runner import RunOptions, run
from nlp.io.store import RunLock

HANG = "HANG-HERE"  # a document with this text never finishes
HANGING_ARTICLE = f"Stuck\n\nAnna Schmidt visited Hamburg. {HANG}\n"


class HangOnMarker:
    """A pipeline wrapper whose documents containing HANG never finish (in Python code, as a runaway component would)."""

    def __init__(self, pipeline) -> None:
        self.pipeline = pipeline
        self.max_length = pipeline.max_length

    def __call__(self, text: str):
        while HANG in text:
            time.sleep(0.01)
        return self.pipeline(text)

    def pipe(self, texts, batch_size: int):
        for text in texts:
            yield self(text)


@pytest.fixture
def hanging_pipeline(monkeypatch):
    real = nlp.extract.pipeline.load_pipeline
    monkeypatch.setattr(nlp.extract.pipeline, "load_pipeline", lambda *args: HangOnMarker(real(*args)))


def test_hanging_document_becomes_an_error_row_and_the_batch_goes_on(tmp_path, articles_dir, article_texts, write_articles, hanging_pipeline):
    write_articles(articles_dir, {"stuck.txt": HANGING_ARTICLE})
    started = time.monotonic()
    result = run([articles_dir], RunOptions(out=tmp_path / "out", workers=1, ner="spacy", doc_timeout=0.5))
    assert time.monotonic() - started < 30
    documents = result.tables["documents"].set_index("doc_id")
    assert documents.loc["stuck.txt", "status"] == "error"
    assert documents.loc["stuck.txt", "error"].startswith("timed out: processing took longer than 0.5 s")
    assert (documents.loc[list(article_texts), "status"] == "ok").all()
    assert set(result.tables["entities"]["doc_id"]) == set(article_texts)

    again = run([articles_dir], RunOptions(out=tmp_path / "out", workers=1, ner="spacy", doc_timeout=0.5))
    assert again.manifest["counts"]["processed"] == 1  # a timeout is not a result: the next run tries again


def test_time_limit_holds_in_a_worker_thread_as_dask_runs_tasks(article_texts, hanging_pipeline):
    texts = [*article_texts.values(), HANGING_ARTICLE]
    articles = [(Article(f"d{i}", f"d{i}", text=text), text_sha256(text)) for i, text in enumerate(texts)]
    job = BatchJob(articles, resolve_model(None), max_chars=None, doc_timeout=0.5)
    with ThreadPoolExecutor(1) as pool:
        rows = pool.submit(process_batch, job).result(timeout=60)
    statuses = [batch["documents"][0]["status"] for batch in rows]
    assert statuses == ["ok"] * len(article_texts) + ["error"]


def test_time_limit_raises_only_inside_its_with_statement():
    # Limits about as long as the block: the watchdog fires just before, during and just after the block ends.
    for _ in range(300):
        try:
            with time_limit(0.0005):
                sum(range(3000))
        except DocumentTimeout:
            pass  # the time ran out inside the with statement: as it should be
        sum(range(3000))  # outside the with statement: a late timeout would raise here
    time.sleep(0.05)


def test_second_run_on_the_same_out_folder_is_refused_in_one_line(tmp_path, articles_dir):
    out = tmp_path / "out"
    out.mkdir()
    with RunLock(out):
        result = CliRunner(env={"COLUMNS": "300"}).invoke(app, ["analyze", str(articles_dir), "--out", str(out), "--ner", "spacy", "--workers", "1"])
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines() == [f"error: Another presslens run is using {out}; wait for it or use another --out."]

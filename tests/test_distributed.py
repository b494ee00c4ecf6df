"""Runs on Dask: the same tables as a local run, a killed worker, a killed driver, cluster mistakes."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import psutil
import pytest
from typer.testing import CliRunner

import nlp.run.distributed
from cli import app
from conftest import KillOneWorker, assert_every_document_once, generated_articles, sorted_table, wait_for_first_part
from nlp.run.runner import RunOptions, run
from nlp.schemas import TABLES


def analyze(src: Path, out: Path, **options):
    return run([src], RunOptions(out=out, ner="spacy", **options))


def test_dask_local_gives_the_same_tables_as_a_local_run(tmp_path, articles_dir):
    local = analyze(articles_dir, tmp_path / "local", workers=1).tables
    dask = analyze(articles_dir, tmp_path / "dask", dask_local=2).tables
    for name in TABLES:
        pd.testing.assert_frame_equal(sorted_table(dask[name]), sorted_table(local[name]), obj=name)


def test_killed_dask_worker_loses_no_document(tmp_path, write_articles):
    texts = generated_articles(160)
    src = write_articles(tmp_path / "src", texts)
    progress = KillOneWorker()
    result = run([src], RunOptions(out=tmp_path / "out", ner="spacy", dask_local=2), progress)
    assert progress.killed is not None
    assert not psutil.pid_exists(progress.killed) or psutil.Process(progress.killed).status() == psutil.STATUS_ZOMBIE
    assert_every_document_once(result.tables, texts)
    assert result.manifest["counts"]["processed"] == len(texts)


def _running(process: psutil.Process) -> bool:
    try:
        return process.status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


def test_killed_dask_driver_resumes_without_duplicates(tmp_path, write_articles):
    texts = generated_articles(200)
    src = write_articles(tmp_path / "src", texts)
    out = tmp_path / "out"
    command = [str(Path(sys.executable).parent / "presslens"), "analyze", str(src), "--out", str(out), "--dask-local", "2", "--ner", "spacy", "--quiet"]
    driver = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    cluster: list[psutil.Process] = []
    try:
        wait_for_first_part(out / ".presslens" / "parts", driver, timeout=120)
        cluster = psutil.Process(driver.pid).children(recursive=True)
    finally:
        driver.kill()  # SIGKILL: the driver gets no chance to close its cluster
        driver.wait(timeout=30)
        deadline = time.monotonic() + 20
        while (orphans := [process for process in cluster if _running(process)]) and time.monotonic() < deadline:
            time.sleep(0.1)
        for process in orphans:  # workers that outlived the killed driver (a failure)
            process.kill()
    assert driver.returncode == -signal.SIGKILL
    assert not orphans, "the cluster's workers outlived their driver"
    assert not (out / "manifest.json").exists(), "the first run finished before it was killed"

    result = analyze(src, out, workers=1)
    assert_every_document_once(result.tables, texts)
    assert result.manifest["counts"]["reused"] > 0
    assert result.manifest["counts"]["processed"] + result.manifest["counts"]["reused"] == len(texts)


runner = CliRunner(env={"COLUMNS": "200"})


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        (["--scheduler", "tcp://127.0.0.1:9"], "Cannot reach the Dask scheduler at tcp://127.0.0.1:9"),
        (["--scheduler", "tcp://127.0.0.1:9", "--dask-local", "2"], "either --scheduler or --dask-local"),
    ],
    ids=["unreachable", "both"],
)
def test_cluster_mistakes_are_one_line_errors(tmp_path, articles_dir, monkeypatch, options, expected):
    monkeypatch.setattr(nlp.run.distributed, "CONNECT_TIMEOUT_SECONDS", 2)
    result = runner.invoke(app, ["analyze", str(articles_dir), "--out", str(tmp_path / "out"), "--ner", "spacy", *options])
    assert result.exit_code == 2, (result.output, result.exception)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error:") and expected in lines[0], result.stderr


def test_local_cluster_workers_keep_glibc_default_trimming():
    # Dask's default MALLOC_TRIM_THRESHOLD_=65536 made every worker page-fault its way through spaCy's allocations.
    with nlp.run.distributed._client(None, 1) as client:
        environment = client.run(lambda: dict(os.environ))
    (worker_environment,) = environment.values()
    assert "MALLOC_TRIM_THRESHOLD_" not in worker_environment
    assert worker_environment["OMP_NUM_THREADS"] == "1"

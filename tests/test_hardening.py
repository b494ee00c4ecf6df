"""Hostile and careless inputs a new user meets, one test (or two) per numbered case of issue 17.

Each case once failed: a crash, a silent loss, a hang or a process left behind.
"""

from __future__ import annotations

import codecs
import errno
import json
import os
import signal
import subprocess
import sys
import threading
import time
import tracemalloc
from pathlib import Path

import psutil
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

import nlp.run.runner
import nlp.io.store
from cli import app
from conftest import generated_articles, wait_for_first_part
from nlp.io.read import Source, decode, discover, read_articles
from nlp.run.runner import RunOptions, run

runner = CliRunner(env={"COLUMNS": "200"})
PRESSLENS = str(Path(sys.executable).parent / "presslens")


def analyze(src: Path, out: Path, **options):
    options.setdefault("workers", 1)
    options.setdefault("ner", "spacy")
    return run([src], RunOptions(out=out, **options))


# 1. file names that are not UTF-8, ids and texts with lone surrogates ---------------------------


def test_non_utf8_file_name_and_lone_surrogate_ids_are_analysed(tmp_path, write_articles, article_texts):
    src = write_articles(tmp_path / "src")
    (src / os.fsdecode(b"caf\xe9-\xff.txt")).write_text("Cafe news\n\nAngela Merkel visited Paris on Monday.\n", encoding="utf-8")
    lines = [
        {"id": "x\ud800y", "text": "Joe Biden spoke in Ohio on Tuesday."},
        {"id": "plain", "title": "T\udc00", "text": "Angela Merkel said \udfff the talks went well in Berlin."},
    ]
    (src / "feed.jsonl").write_text("\n".join(json.dumps(line) for line in lines) + "\n", encoding="utf-8")
    result = analyze(src, tmp_path / "out")
    documents = result.tables["documents"].set_index("doc_id")
    assert len(documents) == len(article_texts) + 3
    assert (documents["status"] == "ok").all(), documents["error"]
    assert "caf\\xe9-\\xff.txt" in documents.index
    assert "x\\ud800y" in documents.index
    text_row = result.tables["texts"].set_index("doc_id").loc["plain", "text"]
    assert text_row == "Angela Merkel said \ufffd the talks went well in Berlin."  # same length: offsets still hold


# 2. workers exit when their driver dies; SIGTERM is Ctrl-C ---------------------------------------


def _start_run(tmp_path: Path, write_articles) -> tuple[subprocess.Popen, Path]:
    src = write_articles(tmp_path / "src", generated_articles(400))
    out = tmp_path / "out"
    command = [PRESSLENS, "analyze", str(src), "--out", str(out), "--workers", "2", "--ner", "spacy", "--quiet"]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    wait_for_first_part(out / ".presslens" / "parts", process, timeout=120)
    return process, out


def _running(process: psutil.Process) -> bool:
    """Alive and not a zombie (a container's init may never reap the orphans)."""
    try:
        return process.status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGTERM], ids=["kill-9", "sigterm"])
def test_workers_exit_when_the_driver_dies(tmp_path, write_articles, how):
    process, out = _start_run(tmp_path, write_articles)
    workers = psutil.Process(process.pid).children(recursive=True)
    assert workers
    process.send_signal(how)
    process.wait(timeout=60)
    deadline = time.monotonic() + 20
    while (alive := [worker for worker in workers if _running(worker)]) and time.monotonic() < deadline:
        time.sleep(0.1)
    for worker in alive:
        worker.kill()
    assert not alive, "workers outlived their driver"
    if how == signal.SIGTERM:
        assert process.returncode == 130
        assert "Interrupted" in process.stderr.read().decode()


# 3. parts are fsynced; a truncated part is detected and redone ----------------------------------


def test_truncated_part_is_detected_and_redone(tmp_path, articles_dir, article_texts):
    out = tmp_path / "out"
    analyze(articles_dir, out)
    (part,) = [p for p in (out / ".presslens" / "parts").iterdir() if not p.name.startswith(".")]
    damaged = part / "entities.parquet"
    damaged.write_bytes(damaged.read_bytes()[: damaged.stat().st_size // 2])  # a power loss mid-write
    result = analyze(articles_dir, out)
    assert result.manifest["counts"]["processed"] == len(article_texts)
    assert set(result.tables["entities"]["doc_id"]) == set(article_texts)


def test_parts_and_manifest_are_fsynced_before_they_are_renamed(tmp_path, articles_dir, monkeypatch):
    synced: list[str] = []
    real_fsync = os.fsync

    def fsync(fd):
        synced.append(os.readlink(f"/proc/self/fd/{fd}"))
        return real_fsync(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    analyze(articles_dir, tmp_path / "out")
    assert any("/.tmp-" in path and path.endswith("documents.parquet") for path in synced), synced
    assert any(".manifest.json." in path for path in synced), synced


# 4. metadata edits update `documents` without re-running the NLP ---------------------------------


def test_metadata_edit_updates_documents_without_reprocessing(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    record = {"id": "a1", "title": "Old title", "outlet": "example.com", "text": "Joe Biden met Angela Merkel in Berlin on Tuesday."}
    (src / "feed.jsonl").write_text(json.dumps(record) + "\n", encoding="utf-8")
    first = analyze(src, tmp_path / "out")
    record.update(title="New title", url="https://example.com/a1", published="2024-05-01")
    (src / "feed.jsonl").write_text(json.dumps(record) + "\n", encoding="utf-8")
    second = analyze(src, tmp_path / "out")
    assert second.manifest["counts"]["processed"] == 0
    document = second.tables["documents"].iloc[0]
    assert document["title"] == "New title" and document["url"] == "https://example.com/a1"
    assert str(document["published"])[:10] == "2024-05-01"
    assert len(second.tables["entities"]) == len(first.tables["entities"]) > 0
    third = analyze(src, tmp_path / "out")
    assert third.tables["documents"].iloc[0]["title"] == "New title"


# 5. symlink loops are skipped with a warning -----------------------------------------------------


def test_symlink_loops_are_skipped_with_a_warning(tmp_path, write_articles, article_texts):
    src = write_articles(tmp_path / "src")
    (src / "sub").mkdir()
    (src / "sub" / "again").symlink_to(src)  # a loop back to the root
    (src / "ping").symlink_to(src / "pong")  # two links pointing at each other
    (src / "pong").symlink_to(src / "ping")
    skipped: list = []
    sources = discover([src], skipped=skipped)
    assert sorted(source.relative_id for source in sources) == sorted(article_texts)
    reasons = {Path(item.path).name: item.reason for item in skipped}
    assert "symlink loop" in reasons["again"]
    assert "ping" in reasons and "pong" in reasons


# 6. --doc-timeout holds inside compiled code ----------------------------------------------------


def test_doc_timeout_stops_a_document_stuck_in_the_tokenizer(tmp_path, write_articles, article_texts):
    src = write_articles(tmp_path / "src", {**article_texts, "equals.txt": "=" * 14_000})
    started = time.monotonic()
    result = analyze(src, tmp_path / "out", workers=2, doc_timeout=1.0)
    elapsed = time.monotonic() - started
    documents = result.tables["documents"].set_index("doc_id")
    assert documents.loc["equals.txt", "error"].startswith("timed out"), documents.loc["equals.txt", "error"]
    assert "worker was stopped" in documents.loc["equals.txt", "error"]
    assert (documents.loc[list(article_texts), "status"] == "ok").all()
    assert elapsed < 45, elapsed  # the tokenizer alone takes about a minute on this text


# 7. UTF-16 and UTF-32 with a BOM -----------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"])
def test_utf16_and_utf32_with_a_bom_are_decoded(encoding):
    bom = {"utf-16-le": codecs.BOM_UTF16_LE, "utf-16-be": codecs.BOM_UTF16_BE, "utf-32-le": codecs.BOM_UTF32_LE, "utf-32-be": codecs.BOM_UTF32_BE}
    text = "Angela Merkel traf Emmanuel Macron in Straßburg – «enfin».\n"
    assert decode(bom[encoding] + text.encode(encoding)) == text


def test_utf16_jsonl_is_read_line_by_line(tmp_path):
    lines = [{"text": "Joe Biden spoke."}, {"text": "Angela Merkel listened."}]
    path = tmp_path / "feed.jsonl"
    path.write_bytes(codecs.BOM_UTF16_LE + "\n".join(json.dumps(line) for line in lines).encode("utf-16-le"))
    articles = list(read_articles([Source(path, tmp_path)]))
    assert [article.text for article in articles] == ["Joe Biden spoke.", "Angela Merkel listened."]


# 8. a full disk is a one-line error, and nothing is lost -----------------------------------------


def test_full_disk_is_one_error_line_and_nothing_is_lost(tmp_path, write_articles, monkeypatch):
    texts = generated_articles(12)
    src = write_articles(tmp_path / "src", texts)
    out = tmp_path / "out"
    monkeypatch.setattr(nlp.run.runner, "BATCH_SIZE", 4)
    real_write_part = nlp.io.store.ResultStore.write_part
    calls = []

    def write_part(self, tables, fingerprints):
        calls.append(1)
        if len(calls) == 2:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_write_part(self, tables, fingerprints)

    monkeypatch.setattr(nlp.io.store.ResultStore, "write_part", write_part)
    result = runner.invoke(app, ["analyze", str(src), "--out", str(out), "--workers", "1", "--ner", "spacy", "--quiet"])
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error:") and "disk" in lines[0] and "full" in lines[0], result.stderr
    monkeypatch.setattr(nlp.io.store.ResultStore, "write_part", real_write_part)
    again = analyze(src, out)
    assert again.manifest["counts"]["reused"] == 4
    assert sorted(again.tables["documents"]["doc_id"]) == sorted(texts)


# 9. two runs started at the same instant ---------------------------------------------------------


def test_out_folder_checks_started_at_once_do_not_race(tmp_path):
    out = tmp_path / "out"
    failures = []

    def prepare() -> None:
        for _ in range(300):
            try:
                nlp.run.runner._prepare_out(out)
            except nlp.io.store.StoreError as error:
                failures.append(str(error))

    threads = [threading.Thread(target=prepare) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []


# 10. a large .jsonl is streamed --------------------------------------------------------------------


def test_large_jsonl_is_streamed_line_by_line(tmp_path):
    path = tmp_path / "big.jsonl"
    line = json.dumps({"text": "Joe Biden spoke in Ohio. " * 400}) + "\n"
    path.write_text(line * 2_000, encoding="utf-8")  # about 20 MB
    tracemalloc.start()
    try:
        first = next(read_articles([Source(path, tmp_path)]))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert first.doc_id == "big.jsonl#1" and first.text
    assert peak < 2_000_000, peak


# 11. an old out folder inside the input ------------------------------------------------------------


def test_old_out_folder_inside_the_input_is_skipped(tmp_path, write_articles, article_texts):
    src = write_articles(tmp_path / "src")
    analyze(src, src / "old-out", formats=("parquet", "jsonl", "csv"))
    result = analyze(src, tmp_path / "out")
    assert sorted(result.tables["documents"]["doc_id"]) == sorted(article_texts)
    assert {"path": str(src / "old-out"), "reason": "a presslens out folder"} in result.manifest["skipped"]


# 12. temporary files of a killed run are removed ----------------------------------------------------


def test_temporary_files_of_a_killed_run_are_removed(tmp_path, articles_dir):
    out = tmp_path / "out"
    out.mkdir()
    leftovers = [out / ".presslens.duckdb.1a2b3c4d.tmp", out / ".presslens.duckdb.1a2b3c4d.tmp.wal", out / ".entities.csv.deadbeef.tmp"]
    for path in leftovers:
        path.write_bytes(b"half written")
    keep = out / "notes.tmp"
    keep.write_text("the user's own file")
    analyze(articles_dir, out)
    assert not any(path.exists() for path in leftovers)
    assert keep.exists()


# 13. skipped inputs are listed; --strict fails an empty run -----------------------------------------


def test_skipped_inputs_are_listed_in_the_summary(tmp_path, write_articles):
    src = write_articles(tmp_path / "src")
    os.mkfifo(src / "pipe.txt")
    (src / "gone.txt").symlink_to(src / "nowhere.txt")
    (src / "paper.pdf").write_bytes(b"%PDF-1.4")
    (src / "photo.png").write_bytes(b"\x89PNG")
    result = runner.invoke(app, ["analyze", str(src), "--out", str(tmp_path / "out"), "--workers", "1", "--ner", "spacy"])
    assert result.exit_code == 0, result.output
    assert "Skipped 4 inputs" in result.stdout
    for name, reason in [("pipe.txt", "not a regular file"), ("gone.txt", "broken link"), ("paper.pdf", "unsupported"), ("photo.png", "unsupported")]:
        line = next((line for line in result.stdout.splitlines() if name in line), "")
        assert reason in line, (name, result.stdout)


def test_strict_fails_a_run_with_no_documents(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    (src / "paper.pdf").write_bytes(b"%PDF-1.4")
    result = runner.invoke(app, ["analyze", str(src), "--out", str(tmp_path / "out"), "--workers", "1", "--ner", "spacy", "--quiet", "--strict"])
    assert result.exit_code == 1, result.output
    relaxed = runner.invoke(app, ["analyze", str(src), "--out", str(tmp_path / "out"), "--workers", "1", "--ner", "spacy", "--quiet"])
    assert relaxed.exit_code == 0, relaxed.output

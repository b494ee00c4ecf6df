"""`nlp.run.runner.run` end to end: tables, manifest, incremental re-runs, crashes, workers, bad inputs, the lock."""

from __future__ import annotations

import json
import re
import signal
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import nlp
import nlp.io.export
from conftest import KillOneWorker, assert_every_document_once, generated_articles, sorted_table, wait_for_first_part
from nlp.extract.pipeline import resolve_model
from nlp.run.runner import RunOptions, RunResult, run
from nlp.schemas import TABLES
from nlp.io.store import ResultStore, RunLock, StoreError

TABLE_NAMES = list(TABLES)


def analyze(src: Path, out: Path, **options) -> RunResult:
    """One in-process run of `src` into `out` (workers=1 unless given)."""
    options.setdefault("workers", 1)
    return run([src], RunOptions(out=out, **options))


def read_parquet(out: Path, name: str) -> pd.DataFrame:
    return pq.read_table(out / f"{name}.parquet").to_pandas()


def read_format(out: Path, name: str, file_format: str) -> pd.DataFrame:
    path = out / f"{name}.{file_format}"
    if file_format == "parquet":
        return pd.read_parquet(path)
    if file_format == "csv":
        return pd.read_csv(path)
    return pd.read_json(path, lines=True)


def source_text(path: Path) -> str:
    """A file's text exactly as presslens reads it (no newline translation)."""
    return path.read_bytes().decode("utf-8-sig")


def counts(result: RunResult) -> dict[str, int]:
    return {key: result.manifest["counts"][key] for key in ("processed", "reused")}


# --- end to end on corpus/ -------------------------------------------------------------------


def test_every_corpus_article_is_one_ok_document(corpus_out, corpus_dir):
    documents = read_parquet(corpus_out, "documents")
    articles = sorted(path.name for path in corpus_dir.glob("*.txt"))
    assert sorted(documents["doc_id"]) == articles  # ATTRIBUTION (no suffix) is not an article
    assert (documents["status"] == "ok").all()


@pytest.mark.parametrize("name", TABLE_NAMES)
def test_parquet_tables_have_the_declared_schema(corpus_out, name):
    schema = pq.read_schema(corpus_out / f"{name}.parquet")
    assert schema.remove_metadata().equals(TABLES[name]), f"{schema}\n!=\n{TABLES[name]}"


def test_entity_offsets_slice_the_source_text(corpus_out, corpus_dir):
    entities = read_parquet(corpus_out, "entities")
    assert len(entities) > 0
    texts = {doc_id: source_text(corpus_dir / doc_id) for doc_id in entities["doc_id"].unique()}
    mismatches = [
        (row.doc_id, row.start, row.end, row.text)
        for row in entities.itertuples(index=False)
        if texts[row.doc_id][row.start : row.end] != row.text
    ]
    assert mismatches == []


def test_sentence_indexes_never_decrease_along_a_document(corpus_out):
    entities = read_parquet(corpus_out, "entities")
    assert (entities["sentence"] >= 0).all()
    for doc_id, mentions in entities.groupby("doc_id"):
        sentences = mentions.sort_values("start")["sentence"]
        assert sentences.is_monotonic_increasing, doc_id


def test_manifest_describes_the_run(corpus_out, corpus_dir):
    manifest = json.loads((corpus_out / "manifest.json").read_text(encoding="utf-8"))
    n_articles = len(list(corpus_dir.glob("*.txt")))
    assert (manifest["tool"], manifest["version"]) == ("presslens", nlp.__version__)
    assert manifest["model"]["name"] == resolve_model(None)
    assert manifest["model"]["version"]
    assert {"ner", "presslens_entities", "presslens_quotes", "presslens_claims"} <= set(manifest["model"]["components"])
    assert manifest["arguments"]["paths"] == [str(corpus_dir)]
    assert manifest["arguments"]["workers"] == 1
    assert manifest["counts"] == {
        "documents": n_articles,
        "ok": n_articles,
        "error": 0,
        "processed": n_articles,
        "reused": 0,
        "read_errors": 0,
        "metadata_updated": 0,
        "skipped": 1,  # corpus/ATTRIBUTION, a file without a supported suffix
        "damaged_parts": 0,
        **{name: len(read_parquet(corpus_out, name)) for name in ("entities", "quotes", "claims", "texts")},
    }
    assert manifest["skipped"] == [{"path": str(corpus_dir / "ATTRIBUTION"), "reason": "unsupported file type '(none)'"}]
    assert set(manifest["timings"]) >= {"process_seconds", "total_seconds"}
    assert datetime.fromisoformat(manifest["started"]) <= datetime.fromisoformat(manifest["ended"])


def test_duckdb_holds_the_same_tables(corpus_out):
    with duckdb.connect(str(corpus_out / "presslens.duckdb"), read_only=True) as connection:
        names = {row[0] for row in connection.execute("SELECT table_name FROM information_schema.tables").fetchall()}
        assert names == set(TABLE_NAMES)
        for name in TABLE_NAMES:
            (rows,) = connection.execute(f'SELECT count(*) FROM "{name}"').fetchone()
            assert rows == len(read_parquet(corpus_out, name)), name


@pytest.mark.parametrize("name", TABLE_NAMES)
def test_every_format_holds_the_same_rows(corpus_out, name):
    frames = {file_format: read_format(corpus_out, name, file_format) for file_format in ("parquet", "csv", "jsonl")}
    lengths = {file_format: len(frame) for file_format, frame in frames.items()}
    assert len(set(lengths.values())) == 1, lengths
    # An empty JSONL file has no way to name columns.
    assert all(list(frame.columns) == TABLES[name].names for file_format, frame in frames.items() if len(frame) or file_format != "jsonl")


# --- incremental runs -------------------------------------------------------------------------


def test_rerun_on_unchanged_inputs_reuses_everything(tmp_path, articles_dir, article_texts):
    out = tmp_path / "out"
    analyze(articles_dir, out)
    first = {name: read_parquet(out, name) for name in TABLE_NAMES}
    second = analyze(articles_dir, out)
    assert counts(second) == {"processed": 0, "reused": len(article_texts)}
    for name in TABLE_NAMES:
        pd.testing.assert_frame_equal(read_parquet(out, name), first[name], obj=name)


def test_editing_one_file_reprocesses_only_it(tmp_path, articles_dir, article_texts):
    out = tmp_path / "out"
    analyze(articles_dir, out)
    (articles_dir / "nasa_moon.txt").write_text(article_texts["nasa_moon.txt"] + "Jared Isaacman joined NASA in Houston.\n")
    result = analyze(articles_dir, out)
    assert counts(result) == {"processed": 1, "reused": len(article_texts) - 1}
    entities = result.tables["entities"]
    assert "Jared Isaacman" in set(entities.loc[entities["doc_id"] == "nasa_moon.txt", "text"])


def test_adding_a_file_processes_only_it(tmp_path, articles_dir, article_texts, write_articles):
    out = tmp_path / "out"
    analyze(articles_dir, out)
    write_articles(articles_dir, {"later.txt": "Later news\n\nBarack Obama visited Chicago on Friday.\n"})
    result = analyze(articles_dir, out)
    assert counts(result) == {"processed": 1, "reused": len(article_texts)}
    assert "later.txt" in set(result.tables["documents"]["doc_id"])


def test_force_redoes_every_document(tmp_path, articles_dir, article_texts):
    out = tmp_path / "out"
    analyze(articles_dir, out)
    result = analyze(articles_dir, out, force=True)
    assert counts(result) == {"processed": len(article_texts), "reused": 0}


def test_tables_list_only_the_documents_of_the_current_run(tmp_path, articles_dir, article_texts):
    out = tmp_path / "out"
    analyze(articles_dir, out)
    (articles_dir / "apple_india.txt").unlink()
    analyze(articles_dir, out)
    expected = set(article_texts) - {"apple_india.txt"}
    assert set(read_parquet(out, "documents")["doc_id"]) == expected
    assert set(read_parquet(out, "entities")["doc_id"]) <= expected


# --- crashes and interruptions ---------------------------------------------------------------


def test_killed_run_resumes_without_duplicates(tmp_path, write_articles):
    # 200 docs are ~7 batches of 32: the run goes on for about a second after its first part.
    n_articles = 200
    src = write_articles(tmp_path / "many", generated_articles(n_articles))
    out = tmp_path / "out"
    command = [str(Path(sys.executable).parent / "presslens"), "analyze", str(src), "--out", str(out), "--workers", "1", "--quiet"]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for_first_part(out / ".presslens" / "parts", process, timeout=60)
    finally:
        process.kill()  # SIGKILL: no cleanup, as in a crash or an OOM kill
        process.wait(timeout=30)
    assert process.returncode == -signal.SIGKILL
    assert not (out / "manifest.json").exists(), "the first run finished before it was killed"

    result = analyze(src, out)
    documents, entities = result.tables["documents"], result.tables["entities"]
    assert sorted(documents["doc_id"]) == sorted(generated_articles(n_articles))
    assert not documents["doc_id"].duplicated().any()
    assert not entities.duplicated(["doc_id", "start", "end"]).any()
    assert result.manifest["counts"]["reused"] > 0
    assert sum(counts(result).values()) == n_articles


def test_stale_tmp_part_is_ignored_and_removed(tmp_path, articles_dir, article_texts):
    out = tmp_path / "out"
    analyze(articles_dir, out)
    stale = out / ".presslens" / "parts" / ".tmp-00000000000000000001-deadbeef"
    stale.mkdir()
    (stale / "documents.parquet").write_bytes(b"half a parquet file")
    result = analyze(articles_dir, out)
    assert not stale.exists()
    assert counts(result) == {"processed": 0, "reused": len(article_texts)}
    assert set(result.tables["documents"]["doc_id"]) == set(article_texts)


# --- workers, bad inputs, limits, the lock, the Python API -----------------------------------


def test_two_workers_give_the_same_tables_as_one(tmp_path, articles_dir):
    one = analyze(articles_dir, tmp_path / "one", workers=1).tables
    two = analyze(articles_dir, tmp_path / "two", workers=2).tables
    for name in TABLE_NAMES:
        pd.testing.assert_frame_equal(sorted_table(two[name]), sorted_table(one[name]), obj=name)


BAD_INPUTS = {
    "empty-txt": ("empty.txt", b"", "empty file"),
    "broken-json": ("broken.json", b'{"title": "Cut off", "text": ', "invalid JSON"),
    "binary-txt": ("image.txt", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8, "undecodable|binary"),
}


@pytest.mark.parametrize(("name", "content", "reason"), BAD_INPUTS.values(), ids=BAD_INPUTS.keys())
def test_bad_input_becomes_an_error_row_among_good_ones(tmp_path, articles_dir, article_texts, write_articles, name, content, reason):
    write_articles(articles_dir, {name: content})
    documents = analyze(articles_dir, tmp_path / "out").tables["documents"].set_index("doc_id")
    assert documents.loc[name, "status"] == "error"
    assert re.search(reason, documents.loc[name, "error"]), documents.loc[name, "error"]
    assert (documents.loc[list(article_texts), "status"] == "ok").all()


def test_document_over_max_chars_becomes_an_error_row(tmp_path, articles_dir, article_texts, write_articles):
    limit = max(len(text) for text in article_texts.values())
    write_articles(articles_dir, {"long.txt": "".join(article_texts.values())})
    documents = analyze(articles_dir, tmp_path / "out", max_chars=limit).tables["documents"].set_index("doc_id")
    assert documents.loc["long.txt", "status"] == "error"
    assert "--max-chars" in documents.loc["long.txt", "error"]
    assert (documents.loc[list(article_texts), "status"] == "ok").all()


def test_run_refuses_an_out_folder_locked_by_another_run(tmp_path, articles_dir):
    out = tmp_path / "out"
    out.mkdir()
    with RunLock(out), pytest.raises(StoreError, match="Another presslens run"):
        analyze(articles_dir, out)


def test_python_api_returns_dataframes_without_an_out_folder(tmp_path, articles_dir, article_texts, monkeypatch):
    monkeypatch.chdir(tmp_path)
    before = set(tmp_path.iterdir())
    tables = nlp.analyze(articles_dir)
    assert isinstance(tables["documents"], pd.DataFrame) and isinstance(tables["entities"], pd.DataFrame)
    assert sorted(tables["documents"]["doc_id"]) == sorted(article_texts)
    assert "person:angela-merkel" in set(tables["entities"]["entity_key"])
    assert set(tmp_path.iterdir()) == before  # nothing written next to the caller


def test_lone_surname_takes_the_full_name_from_another_article(tmp_path, write_articles):
    src = write_articles(
        tmp_path / "src",
        {
            "full.txt": "Summit in Berlin\n\nPresident Joe Biden met Angela Merkel in Berlin on Tuesday.\n",
            "short.txt": "Talks end\n\nBiden told reporters on Friday that he was hopeful.\n",
        },
    )
    entities = analyze(src, tmp_path / "out").tables["entities"]
    lone = entities[(entities["doc_id"] == "short.txt") & (entities["text"] == "Biden")]
    assert list(lone["entity_key"]) == ["person:joe-biden"] and list(lone["canonical"]) == ["Joe Biden"]


def test_killed_local_worker_costs_its_batches_until_the_next_run(tmp_path, write_articles):
    texts = generated_articles(160)
    src = write_articles(tmp_path / "src", texts)
    out = tmp_path / "out"
    progress = KillOneWorker()
    first = run([src], RunOptions(out=out, workers=2, ner="spacy"), progress)
    assert progress.killed is not None
    documents = first.tables["documents"]
    assert sorted(documents["doc_id"]) == sorted(texts) and not documents["doc_id"].duplicated().any()
    lost = documents.loc[documents["status"] == "error", "error"]
    assert (lost == "a worker process died while processing this batch (out of memory?)").all()

    second = analyze(src, out, ner="spacy")
    assert second.manifest["counts"]["processed"] == len(lost)
    assert_every_document_once(second.tables, texts)


@pytest.mark.parametrize("sort_rows", [1, 7])
def test_rows_sorted_a_few_documents_at_a_time_keep_the_table_order(tmp_path, articles_dir, monkeypatch, sort_rows):
    whole = analyze(articles_dir, tmp_path / "whole", ner="spacy").tables
    monkeypatch.setattr(nlp.io.export, "SORT_ROWS", sort_rows)
    piecewise = analyze(articles_dir, tmp_path / "piecewise", ner="spacy").tables
    for name in TABLE_NAMES:
        pd.testing.assert_frame_equal(piecewise[name], whole[name], obj=name)


def test_compaction_keeps_each_documents_latest_rows_and_fills_columns_older_parts_lack(tmp_path):
    store = ResultStore(tmp_path)

    def write_part(doc_ids: list[str], label: str, drop: str | None = None) -> None:
        with store.new_part() as part:
            for name in TABLES:
                schema = nlp.io.export._stored_schema(name)
                rows = {field.name: [None] * len(doc_ids) for field in schema}
                rows["doc_id"] = doc_ids
                if name == "entities":
                    rows["label"] = [label] * len(doc_ids)
                table = pa.table(rows, schema=schema)
                if drop and name == "entities":
                    table = table.drop_columns([drop])
                pq.write_table(table, part / f"{name}.parquet")

    write_part(["a", "b"], "old", drop="canonical")  # as written by a version without that column
    write_part(["b"], "new")
    write_part(["c"], "new")
    nlp.io.export.compact(store)

    (part,) = store.parts()
    entities = pq.read_table(part / "entities.parquet").to_pandas()
    assert sorted(zip(entities.doc_id, entities.label)) == [("a", "old"), ("b", "new"), ("c", "new")]
    assert entities.canonical.isna().all()
    assert sorted(pq.read_table(part / "documents.parquet")["doc_id"].to_pylist()) == ["a", "b", "c"]


def test_export_that_runs_out_of_memory_is_redone_with_the_next_limit(tmp_path, articles_dir, monkeypatch):
    whole = analyze(articles_dir, tmp_path / "whole", ner="spacy").tables
    monkeypatch.setattr(nlp.io.export, "DUCKDB_MEMORY_LIMITS", ("1MB", "64MB"))
    limits_used = []
    connect = nlp.io.export._connect
    monkeypatch.setattr(nlp.io.export, "_connect", lambda database, store, limit: limits_used.append(limit) or connect(database, store, limit))
    retried = analyze(articles_dir, tmp_path / "retried", ner="spacy").tables
    assert limits_used == ["1MB", "64MB"]
    for name in TABLE_NAMES:
        pd.testing.assert_frame_equal(retried[name], whole[name], obj=name)

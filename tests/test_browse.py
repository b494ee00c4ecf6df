"""`presslens browse`: the SQLite copy of the tables, and Datasette serving it on a loopback port."""

from __future__ import annotations

import json
import shutil
import socket
import sqlite3
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pyarrow as pa
import pytest
from typer.testing import CliRunner

from cli import app
from nlp.io.browse import build_database, serve, write_metadata
from nlp.io.export import write_small_table
from nlp.run.runner import RunOptions, run
from nlp.schemas import CLAIM_GROUPS, ENTITY_SUMMARY, SPEAKERS

runner = CliRunner(env={"COLUMNS": "200"})
SERVER_START_SECONDS = 60
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="module")
def browsed(tmp_path_factory, write_articles) -> Path:
    """An out folder of the small articles with one hand-made claim group, and its presslens.db."""
    root = tmp_path_factory.mktemp("browse")
    out = root / "out"
    result = run([write_articles(root / "src")], RunOptions(out=out, workers=1, ner="spacy"))
    claim_ids = result.tables["claims"]["claim_id"].head(2).tolist()
    group = {"claim_group": [1], "unit": ["USD"], "n_claims": [len(claim_ids)], "status": ["agree"], "claim_ids": [claim_ids]}
    write_small_table(pa.table({field.name: group.get(field.name, [None]) for field in CLAIM_GROUPS}, schema=CLAIM_GROUPS), out / "claim_groups.parquet", "parquet")
    # Tables that analyze's tables point to (quotes to speakers, entities to entity_summary), as compare writes them.
    speaker = {"speaker": [result.tables["quotes"]["speaker_key"].iloc[0]], "n_quotes": [1]}
    write_small_table(pa.table({field.name: speaker.get(field.name, [None]) for field in SPEAKERS}, schema=SPEAKERS), out / "speakers.parquet", "parquet")
    entity = {"entity_key": [result.tables["entities"]["entity_key"].iloc[0]], "n_docs": [1]}
    write_small_table(pa.table({field.name: entity.get(field.name, [None]) for field in ENTITY_SUMMARY}, schema=ENTITY_SUMMARY), out / "entity_summary.parquet", "parquet")
    result = runner.invoke(app, ["browse", str(out), "--no-serve"])
    assert result.exit_code == 0, result.output
    return out


def test_database_has_every_table_with_links_and_search(browsed):
    with sqlite3.connect(browsed / "presslens.db") as connection:
        tables = {name for (name,) in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        assert {"documents", "entities", "quotes", "claims", "texts", "claim_groups", "claim_group_members", "texts_fts", "quotes_fts", "claims_fts"} <= tables
        links = {(row[2], row[3]) for row in connection.execute("PRAGMA foreign_key_list(quotes)")}
        assert {("documents", "doc_id"), ("speakers", "speaker_key")} <= links
        assert ("entity_summary", "entity_key") in {(row[2], row[3]) for row in connection.execute("PRAGMA foreign_key_list(entities)")}
        found = connection.execute("SELECT doc_id FROM texts WHERE rowid IN (SELECT rowid FROM texts_fts WHERE texts_fts MATCH 'Guterres')").fetchall()
        assert found == [("un_summit.txt",)]
        members = connection.execute("SELECT count(*) FROM claim_group_members JOIN claims USING (claim_id)").fetchone()
        assert members == (2,)


def test_browse_of_a_folder_without_tables_is_one_error_line(tmp_path):
    result = runner.invoke(app, ["browse", str(tmp_path), "--no-serve"])
    assert result.exit_code == 2
    assert result.stderr.strip().startswith("error: No 'documents' table")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _get(url: str) -> dict:
    with urllib.request.urlopen(url, timeout=10) as response:
        return json.loads(response.read())


@contextmanager
def _served(browsed: Path) -> Iterator[str]:
    """Datasette serving the out folder's database on a free loopback port; yields the database's base URL."""
    port = _free_port()
    server = serve(browsed / "presslens.db", write_metadata(browsed), "127.0.0.1", port)
    try:
        deadline = time.monotonic() + SERVER_START_SECONDS
        while True:
            try:
                _get(f"http://127.0.0.1:{port}/-/versions.json")
                break
            except OSError:
                assert server.poll() is None, "datasette exited"
                assert time.monotonic() < deadline, "datasette did not answer in time"
                time.sleep(0.2)
        yield f"http://127.0.0.1:{port}/presslens"
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_datasette_serves_search_facets_and_labelled_links(browsed):
    with _served(browsed) as base:
        found = _get(f"{base}/quotes.json?_search=Guterres&_shape=array")
        assert found and all(row["doc_id"] == "un_summit.txt" for row in found)
        faceted = _get(f"{base}/quotes.json?_size=1")
        assert "speaker_type" in faceted["facet_results"]
        labelled = _get(f"{base}/entities.json?_labels=on&_shape=array&doc_id=biden_merkel.txt&_size=1")
        assert labelled[0]["doc_id"] == {"value": "biden_merkel.txt", "label": "Biden meets Merkel in Berlin"}


@pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (Debian: apt-get install chromium); the browser check is skipped")
def test_browse_page_opens_in_headless_chromium(browsed):
    with _served(browsed) as base:
        command = [CHROMIUM, "--headless", "--disable-gpu", "--no-sandbox", "--dump-dom", f"{base}/entities?doc_id=biden_merkel.txt"]
        result = subprocess.run(command, capture_output=True, text=True, timeout=120)
    dom = result.stdout
    assert "<table" in dom, result.stderr[-2000:]
    assert "Biden meets Merkel in Berlin" in dom  # the foreign key shown as the article's title
    assert "label" in dom  # the facet on entity label

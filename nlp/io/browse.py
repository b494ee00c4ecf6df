"""Browse: the out folder's tables as one SQLite database, served by Datasette.

`build_database(out_dir)` takes a folder `analyze` (and maybe `compare`) wrote
and writes `OUT/presslens.db` with sqlite-utils: every table, primary keys,
foreign keys from each row to its article (and from a quote to its speaker,
an entity mention to its entity, a claim group to its member claims through
`claim_group_members`), and full-text search over article texts, quotes and
claim sentences. `write_metadata(out_dir)` writes the Datasette metadata
beside it: facets (outlet, speaker type, label, unit, status) and the
article title as the label of a link to `documents`. `serve(...)` starts
Datasette on it and returns the process.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import sqlite_utils

from nlp.schemas import COMPARE_TABLES, TABLES
from nlp.io.store import StoreError, read_table, replace_atomically

DATABASE = "presslens.db"
METADATA = "browse-metadata.json"
CHUNK_ROWS = 2_000

PRIMARY_KEYS = {"documents": "doc_id", "texts": "doc_id", "quotes": "quote_id", "claims": "claim_id", "entity_summary": "entity_key", "speakers": "speaker", "claim_groups": "claim_group"}
# (column, other table, other column): the links Datasette follows.
FOREIGN_KEYS = {
    "entities": [("doc_id", "documents", "doc_id"), ("entity_key", "entity_summary", "entity_key")],
    "quotes": [("doc_id", "documents", "doc_id"), ("speaker_key", "speakers", "speaker")],
    "claims": [("doc_id", "documents", "doc_id")],
    "texts": [("doc_id", "documents", "doc_id")],
    "coverage": [("entity_key", "entity_summary", "entity_key")],
    "quote_matches": [("quote_id_a", "quotes", "quote_id"), ("quote_id_b", "quotes", "quote_id"), ("doc_id_a", "documents", "doc_id"), ("doc_id_b", "documents", "doc_id")],
    "claim_group_members": [("claim_group", "claim_groups", "claim_group"), ("claim_id", "claims", "claim_id")],
}
SEARCHABLE = {"texts": ["text"], "quotes": ["text", "speaker", "speaker_canonical", "sentence_text"], "claims": ["text", "quantity", "sentence_text"]}
FACETS = {
    "documents": ["outlet", "status"],
    "entities": ["label"],
    "quotes": ["speaker_type", "kind"],
    "claims": ["unit", "change"],
    "speakers": ["speaker_type"],
    "source_mix": ["group", "speaker_type"],
    "quote_matches": ["match"],
    "claim_groups": ["status", "unit"],
}
LABELS = {"documents": "title", "entity_summary": "canonical", "speakers": "speaker_canonical", "quotes": "text", "claims": "text", "claim_groups": "quantity"}


def build_database(out_dir: Path) -> Path:
    """Write OUT/presslens.db from the tables in `out_dir` and return its path; StoreError without analyze's tables."""
    names = [name for name in [*TABLES, *COMPARE_TABLES] if (out_dir / f"{name}.parquet").exists()]
    if "documents" not in names:
        read_table(out_dir, "documents")  # a folder without analyze's tables at all fails here, in one line
        raise StoreError(f"`presslens browse` reads the Parquet tables; run `presslens analyze ... --out {out_dir} --format parquet` first.")

    def write(target: Path) -> None:
        database = sqlite_utils.Database(target)
        for name in names:
            _copy_table(database, name, out_dir / f"{name}.parquet")
        if "claim_groups" in names:
            _claim_group_members(database, out_dir / "claim_groups.parquet")
        # Links are added once every table exists: a table may point to one copied after it (quotes to speakers).
        tables = set(database.table_names())
        links = [(name, column, table, other) for name, keys in FOREIGN_KEYS.items() if name in tables for column, table, other in keys]
        database.add_foreign_keys([link for link in links if link[2] in tables and link[1] in database[link[0]].columns_dict])
        for name, columns in SEARCHABLE.items():
            if name in names:
                database[name].enable_fts(columns, create_triggers=False)
        database.close()

    return replace_atomically(out_dir / DATABASE, lambda tmp: write(tmp) or out_dir / DATABASE)


def _copy_table(database: sqlite_utils.Database, name: str, path: Path) -> None:
    source = pq.ParquetFile(path)
    schema = TABLES.get(name) or COMPARE_TABLES[name]
    columns = {field.name: _sqlite_type(field.type) for field in schema if field.name in source.schema_arrow.names}
    database[name].create(columns, pk=PRIMARY_KEYS.get(name), if_not_exists=True)
    for rows in _row_chunks(source, list(columns)):
        database[name].insert_all(rows, batch_size=CHUNK_ROWS, alter=False)


def _claim_group_members(database: sqlite_utils.Database, path: Path) -> None:
    """One row per (claim group, member claim): the link from a group to its claims and their articles."""
    groups = pq.read_table(path, columns=["claim_group", "claim_ids"]).to_pylist()
    database["claim_group_members"].create({"claim_group": int, "claim_id": str})
    database["claim_group_members"].insert_all(
        ({"claim_group": group["claim_group"], "claim_id": claim_id} for group in groups for claim_id in group["claim_ids"] or []),
        batch_size=CHUNK_ROWS,
    )


def _row_chunks(source: pq.ParquetFile, columns: list[str]) -> Iterator[list[dict]]:
    for batch in source.iter_batches(batch_size=CHUNK_ROWS, columns=columns):
        rows = batch.to_pylist()
        for row in rows:
            for column, value in row.items():
                if isinstance(value, list):
                    row[column] = json.dumps(value, ensure_ascii=False)
                elif hasattr(value, "isoformat"):
                    row[column] = value.isoformat()
        yield rows


def _sqlite_type(arrow_type: pa.DataType) -> type:
    if pa.types.is_integer(arrow_type) or pa.types.is_boolean(arrow_type):
        return int
    if pa.types.is_floating(arrow_type):
        return float
    return str


def write_metadata(out_dir: Path) -> Path:
    """Write the Datasette metadata (title, facets, link labels, searchable columns) and return its path."""
    tables = {
        name: {
            **({"facets": FACETS[name]} if name in FACETS else {}),
            **({"label_column": LABELS[name]} if name in LABELS else {}),
            **({"fts_table": f"{name}_fts", "fts_pk": "rowid"} if name in SEARCHABLE else {}),
        }
        for name in [*TABLES, *COMPARE_TABLES]
    }
    metadata = {"title": f"presslens: {out_dir}", "databases": {Path(DATABASE).stem: {"tables": tables}}}
    target = out_dir / METADATA
    replace_atomically(target, lambda tmp: tmp.write_text(json.dumps(metadata, indent=2), encoding="utf-8"))
    return target


def serve(database: Path, metadata: Path, host: str, port: int) -> subprocess.Popen:
    """Start Datasette on `database` at http://host:port/ and return its process (the caller stops it)."""
    command = [sys.executable, "-m", "datasette", "serve", str(database), "--metadata", str(metadata), "--host", host, "--port", str(port)]
    return subprocess.Popen([*command, "--setting", "default_page_size", "50", "--setting", "facet_time_limit_ms", "1000"])

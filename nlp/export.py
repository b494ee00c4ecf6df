"""Export: a run's stored results, streamed through DuckDB into the final tables and the summary.

`export_tables(store, doc_ids, out_dir, formats)` takes the results store, the
run's doc_ids in input order and the formats to write. It picks each
document's latest stored result, links lone surnames across the corpus, and
writes every table in `TABLES` as files (Parquet/CSV/JSONL) and into
`presslens.duckdb`; it returns an `Export` with the row counts and the
summary figures (small DataFrames, one per entry of `SUMMARY_QUERIES`).
`compact(store)` rewrites the store's parts as one, each document's latest
result kept.

All of it runs in DuckDB over the part files with a memory limit, spilling to
disk, and files are written in chunks of rows, so the driver's memory does not
grow with the corpus.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from nlp.schemas import TABLES
from nlp.store import ResultStore, replace_atomically
from nlp.tables import surname_links

DUCKDB_MEMORY_LIMIT = "64MB"  # DuckDB spills beyond this; 160MB let the driver grow by 100 MB from 2k to 20k documents
CHUNK_ROWS = 20_000  # rows per chunk written to the files
SORT_DOCUMENTS = 1_000  # documents whose rows are sorted at once (a whole-table sort ran out of memory)

# The end-of-run summary: name -> a query over the final tables. Add an entry to show more.
SUMMARY_QUERIES: dict[str, str] = {
    "failures": """
        SELECT doc_id, error FROM documents WHERE status = 'error' ORDER BY rowid LIMIT 20""",
    "entities_by_label": """
        SELECT label, count(*) AS mentions, count(DISTINCT entity_key) AS distinct_keys
        FROM entities GROUP BY label ORDER BY mentions DESC, label""",
    "top_entities": """
        SELECT entity_key, arg_min(canonical, rowid) AS canonical, count(DISTINCT doc_id) AS documents, count(*) AS mentions
        FROM entities WHERE NOT starts_with(entity_key, 'date:') AND NOT starts_with(entity_key, 'number:')
        GROUP BY entity_key ORDER BY documents DESC, mentions DESC, entity_key LIMIT 15""",
    "quotes_by_speaker_type": """
        SELECT speaker_type, count(*) AS quotes, round(100.0 * count(*) / sum(count(*)) OVER (), 1) AS share
        FROM quotes GROUP BY speaker_type ORDER BY quotes DESC, speaker_type""",
    "top_speakers": """
        SELECT coalesce(speaker_key, speaker_canonical) AS speaker_id, arg_min(speaker_canonical, rowid) AS speaker,
               arg_min(speaker_type, rowid) AS speaker_type, count(*) AS quotes, count(DISTINCT doc_id) AS documents
        FROM quotes WHERE speaker_canonical IS NOT NULL AND speaker_type IN ('person', 'organization', 'outlet')
        GROUP BY speaker_id ORDER BY quotes DESC, documents DESC, speaker_id LIMIT 10""",
    "claims_by_unit": """
        SELECT coalesce(unit, '(none)') AS unit, count(*) AS claims, count(DISTINCT doc_id) AS documents
        FROM claims GROUP BY ALL ORDER BY claims DESC, unit LIMIT 12""",
}


@dataclass
class Export:
    """What the export wrote: rows per table, documents ok and failed, and the summary figures."""

    counts: dict[str, int]
    summary: dict[str, pd.DataFrame]


def export_tables(store: ResultStore, doc_ids: list[str], out_dir: Path, formats: tuple[str, ...]) -> Export:
    """Write the tables of `doc_ids` (their latest stored results) to `out_dir`; see the module docstring."""

    def build(database: Path) -> Export:
        with _connect(database, store) as connection:
            run_order = pa.table({"doc_id": pa.array(doc_ids, pa.string()), "position": pa.array(range(len(doc_ids)), pa.int64())})
            connection.register("run_order", run_order)
            connection.execute("CREATE TEMP TABLE chosen AS SELECT doc_id, position, part FROM run_order JOIN latest USING (doc_id)")
            for name in TABLES:
                _create_table(connection, name, len(doc_ids))
            for name in TABLES:
                for file_format in formats:
                    replace_atomically(out_dir / f"{name}.{file_format}", partial(_write_file, connection, name, file_format=file_format))
            return Export(_counts(connection), {name: connection.execute(query).df() for name, query in SUMMARY_QUERIES.items()})

    return replace_atomically(out_dir / "presslens.duckdb", build)


def compact(store: ResultStore) -> None:
    """Rewrite all parts as one, keeping each document's latest result, so that re-runs read one part."""
    parts = store.parts()
    if len(parts) < 2:
        return
    with _connect(None, store) as connection, store.new_part() as staging:
        for name in TABLES:
            columns = ", ".join(f's."{column}"' for column in _stored_schema(name).names)
            query = f"SELECT {columns} FROM stored_{name} s JOIN latest l ON s.doc_id = l.doc_id AND s.part = l.part"
            connection.execute(f"COPY ({query}) TO '{_sql_string(staging / f'{name}.parquet')}' (FORMAT parquet)")
    for part in parts:
        store.remove_part(part)


def _connect(database: Path | None, store: ResultStore) -> duckdb.DuckDBPyConnection:
    """A DuckDB connection with a view `stored_<table>` per table over all parts and `latest` (doc_id -> its latest part)."""
    connection = duckdb.connect(
        str(database) if database else ":memory:",
        config={"memory_limit": DUCKDB_MEMORY_LIMIT, "threads": 1, "temp_directory": str(store.scratch_dir())},
    )
    parts = store.parts()
    for name in TABLES:
        files = [str(part / f"{name}.parquet") for part in parts if (part / f"{name}.parquet").exists()]
        if files:
            listed = ", ".join(f"'{_sql_string(Path(file))}'" for file in files)
            source = f"read_parquet([{listed}], filename = true, file_row_number = true, union_by_name = true)"
            connection.execute(f"CREATE TEMP VIEW stored_{name} AS SELECT *, parse_dirpath(filename) AS part FROM {source}")
        else:
            extra = [pa.field("file_row_number", pa.int64()), pa.field("part", pa.string())]
            connection.register(f"stored_{name}", pa.schema([*_stored_schema(name), *extra]).empty_table())
    # Part names start with a nanosecond timestamp, so the greatest part holds the latest result.
    connection.execute("CREATE TEMP TABLE latest AS SELECT doc_id, max(part) AS part FROM stored_documents GROUP BY doc_id")
    return connection


def _stored_schema(name: str) -> pa.Schema:
    """The columns a part file holds: the table's, and for documents the fingerprint of each result."""
    schema = TABLES[name]
    return schema.append(pa.field("fingerprint", pa.string())) if name == "documents" else schema


def _create_table(connection: duckdb.DuckDBPyConnection, name: str, documents: int) -> None:
    """Table `name` in the database, its rows in order, sorted SORT_DOCUMENTS documents at a time.

    DuckDB's sort of a whole table ran out of memory under the memory limit at
    20,000 documents; sorting a range of documents at a time keeps each sort
    small, and appending the ranges in turn keeps the order.
    """
    query = _final_rows(connection, name)
    connection.execute(f'CREATE TABLE "{name}" AS {query.format(where="WHERE false")}')
    for first in range(0, documents, SORT_DOCUMENTS):
        connection.execute(f'INSERT INTO "{name}" {query.format(where=f"WHERE c.position >= {first} AND c.position < {first + SORT_DOCUMENTS}")}')


def _final_rows(connection: duckdb.DuckDBPyConnection, name: str) -> str:
    """The query for table `name`: the run's documents' latest rows, documents in input order, others by start.

    `{where}` in it is the place for a WHERE clause on `c.position`, the document's place in the input.
    """
    expressions = {column: f's."{column}"' for column in TABLES[name].names}
    joins = ""
    if name == "entities":
        _register_surname_links(connection)
        joins = "LEFT JOIN surname_links k ON s.entity_key = k.short_key"
        expressions["entity_key"] = "coalesce(k.entity_key, s.entity_key) AS entity_key"
        expressions["canonical"] = "coalesce(k.canonical, s.canonical) AS canonical"
    order = ["c.position", *(["s.start"] if "start" in expressions else []), "s.file_row_number"]
    return (
        f"SELECT {', '.join(expressions.values())} FROM stored_{name} s "
        f"JOIN chosen c ON s.doc_id = c.doc_id AND s.part = c.part {joins} {{where}} ORDER BY {', '.join(order)}"
    )


def _register_surname_links(connection: duckdb.DuckDBPyConnection) -> None:
    """A table `surname_links` (short_key, entity_key, canonical): lone surnames and the full name they take."""
    full_names = connection.execute(
        "SELECT DISTINCT s.entity_key, s.canonical FROM stored_entities s JOIN chosen c ON s.doc_id = c.doc_id AND s.part = c.part "
        "WHERE starts_with(s.entity_key, 'person:') AND contains(s.canonical, ' ')"
    ).fetchall()
    links = surname_links(full_names)
    table = pa.table(
        {
            "short_key": pa.array(list(links), pa.string()),
            "entity_key": pa.array([key for key, _ in links.values()], pa.string()),
            "canonical": pa.array([canonical for _, canonical in links.values()], pa.string()),
        }
    )
    connection.register("surname_links", table)


def _write_file(connection: duckdb.DuckDBPyConnection, name: str, target: Path, file_format: str) -> None:
    """Write table `name` to `target` chunk by chunk, in the table's schema and row order."""
    schema = TABLES[name]
    reader = connection.sql(f'SELECT * FROM "{name}"').to_arrow_reader(CHUNK_ROWS)
    chunks = (pa.Table.from_batches([batch]).cast(schema) for batch in reader)
    if file_format == "parquet":
        with pq.ParquetWriter(target, schema) as writer:
            for chunk in chunks:
                writer.write_table(chunk)
        return
    with target.open("w", encoding="utf-8", newline="") as handle:
        written = False
        for chunk in chunks:
            _write_text_chunk(chunk, handle, file_format, header=not written)
            written = True
        if not written:  # an empty table still gets its CSV header (and JSONL its one empty line)
            _write_text_chunk(schema.empty_table(), handle, file_format, header=True)


def write_small_table(table: pa.Table, target: Path, file_format: str) -> None:
    """Write an Arrow table that fits in memory (compare's tables) to `target` in `file_format`."""
    if file_format == "parquet":
        pq.write_table(table, target)
        return
    with target.open("w", encoding="utf-8", newline="") as handle:
        _write_text_chunk(table, handle, file_format, header=True)


def _write_text_chunk(chunk: pa.Table, handle, file_format: str, header: bool) -> None:
    frame = chunk.to_pandas(types_mapper=pd.ArrowDtype)
    if file_format == "csv":
        frame.to_csv(handle, index=False, header=header)
    else:
        handle.write(frame.to_json(orient="records", lines=True, force_ascii=False))


def _counts(connection: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Documents, ok and error, then the rows of every other table."""
    documents, ok = connection.execute("SELECT count(*), count(*) FILTER (WHERE status = 'ok') FROM documents").fetchone()
    counts = {"documents": documents, "ok": ok, "error": documents - ok}
    for name in TABLES:
        if name != "documents":
            (counts[name],) = connection.execute(f'SELECT count(*) FROM "{name}"').fetchone()
    return counts


def _sql_string(path: Path) -> str:
    return str(path).replace("'", "''")

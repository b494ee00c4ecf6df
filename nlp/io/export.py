"""Export: a run's stored results, streamed through DuckDB into the final tables and the summary.

`export_tables(store, doc_ids, out_dir, formats)` takes the results store, the
run's doc_ids in input order and the formats to write. It picks each
document's latest stored result, links lone surnames across the corpus, and
writes every table in `TABLES` as files (Parquet/CSV/JSONL) and into
`presslens.duckdb`; it returns an `Export` with the row counts and the
summary figures (small DataFrames, one per entry of `SUMMARY_QUERIES`).
`compact(store)` rewrites the store's parts as one, each document's latest
result kept, reading one part at a time.

The export runs in DuckDB over the part files with a memory limit, spilling to
disk, and files are written in chunks of rows, so the driver's memory does not
grow with the corpus.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from nlp.schemas import TABLES
from nlp.io.store import ResultStore, replace_atomically
from nlp.io.tables import surname_links

# DuckDB spills beyond its memory limit. The driver grew with it from 2,000 to 20,000 documents
# (160MB: +100 MB) until 32MB; 24MB measured the same, 16MB could not sort SORT_ROWS rows of BBC
# entities. Rows with huge values (a 10 MB one-line document's sentence) need more: the export
# is redone with the next limit when DuckDB runs out of memory.
DUCKDB_MEMORY_LIMITS = ("32MB", "512MB", "4GB")
CHUNK_ROWS = 5_000  # rows per chunk written to the files and per row group of a compacted part
SORT_ROWS = 10_000  # rows sorted at once, whole documents (a whole-table sort ran out of memory)

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

    def build(database: Path, memory_limit: str) -> Export:
        with _returning_freed_memory(), _connect(database, store, memory_limit) as connection:
            run_order = pa.table({"doc_id": pa.array(doc_ids, pa.string()), "position": pa.array(range(len(doc_ids)), pa.int64())})
            connection.register("run_order", run_order)
            connection.execute("CREATE TEMP TABLE chosen AS SELECT doc_id, position, part FROM run_order JOIN latest USING (doc_id)")
            for name in TABLES:
                _create_table(connection, name)
            for name in TABLES:
                for file_format in formats:
                    replace_atomically(out_dir / f"{name}.{file_format}", partial(_write_file, connection, name, file_format=file_format))
            return Export(_counts(connection), {name: connection.execute(query).df() for name, query in SUMMARY_QUERIES.items()})

    for memory_limit in DUCKDB_MEMORY_LIMITS[:-1]:
        try:
            return replace_atomically(out_dir / "presslens.duckdb", partial(build, memory_limit=memory_limit))
        except duckdb.OutOfMemoryException:
            continue
    return replace_atomically(out_dir / "presslens.duckdb", partial(build, memory_limit=DUCKDB_MEMORY_LIMITS[-1]))


def compact(store: ResultStore) -> None:
    """Rewrite all parts as one, keeping each document's latest result, so that re-runs read one part.

    It streams part by part with pyarrow rather than through one DuckDB query:
    DuckDB holds every listed file's metadata at once, which grew the driver by
    70 MB at 625 parts (20,000 documents).
    """
    parts = store.parts()
    if len(parts) < 2:
        return
    kept = _latest_doc_ids(parts)
    with _returning_freed_memory(), store.new_part() as staging:
        for name in TABLES:
            schema = _stored_schema(name)
            with pq.ParquetWriter(staging / f"{name}.parquet", schema, write_statistics=False) as writer:
                pending: list[pa.Table] = []
                for number, part in enumerate(parts):
                    file = part / f"{name}.parquet"
                    if number in kept and file.exists():
                        rows = _conform(pq.read_table(file), schema)
                        pending.append(rows.filter(pc.is_in(rows["doc_id"], kept[number])))
                    # Few large row groups: the writer keeps every row group's metadata until it closes.
                    if sum(table.num_rows for table in pending) >= CHUNK_ROWS or number == len(parts) - 1:
                        writer.write_table(pa.concat_tables(pending or [schema.empty_table()]))
                        pending = []
    for part in parts:
        store.remove_part(part)


def _latest_doc_ids(parts: list[Path]) -> dict[int, pa.Array]:
    """Part number -> the doc_ids whose latest result is in that part."""
    latest_part: dict[str, int] = {}
    for number, part in enumerate(parts):
        doc_ids = pq.read_table(part / "documents.parquet", columns=["doc_id"])["doc_id"].to_pylist()
        latest_part.update(dict.fromkeys(doc_ids, number))
    by_part: dict[int, list[str]] = {}
    for doc_id, number in latest_part.items():
        by_part.setdefault(number, []).append(doc_id)
    return {number: pa.array(doc_ids, pa.string()) for number, doc_ids in by_part.items()}


@contextmanager
def _returning_freed_memory() -> Iterator[None]:
    """Allocate Arrow buffers with malloc for the block: Arrow's default allocator (mimalloc) kept
    the buffers of every part read during compaction, 35 MB more at 20,000 documents than at 2,000."""
    previous = pa.default_memory_pool()
    pa.set_memory_pool(pa.system_memory_pool())
    try:
        yield
    finally:
        pa.set_memory_pool(previous)


def _conform(table: pa.Table, schema: pa.Schema) -> pa.Table:
    """`table` in `schema`: a column that a part written by an older version lacks, or holds in a type
    that does not convert (a free-text `published` as a timestamp), becomes nulls."""
    columns = [_conform_column(table, field) for field in schema]
    return pa.Table.from_arrays(columns, schema=schema.remove_metadata()).cast(schema)


def _conform_column(table: pa.Table, field: pa.Field) -> pa.ChunkedArray | pa.Array:
    if field.name not in table.column_names:
        return pa.nulls(table.num_rows, field.type)
    try:
        return table[field.name].cast(field.type)
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return pa.nulls(table.num_rows, field.type)


def _connect(database: Path, store: ResultStore, memory_limit: str) -> duckdb.DuckDBPyConnection:
    """A DuckDB connection with a view `stored_<table>` per table over all parts and `latest` (doc_id -> its latest part)."""
    connection = duckdb.connect(
        str(database),
        config={
            "memory_limit": memory_limit,
            "allocator_flush_threshold": memory_limit,
            "threads": 1,
            "temp_directory": str(store.scratch_dir()),
        },
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
    """The columns a part file holds: the table's, and for documents the fingerprint and metadata hash of each result."""
    schema = TABLES[name]
    if name != "documents":
        return schema
    return schema.append(pa.field("fingerprint", pa.string())).append(pa.field("metadata_sha256", pa.string()))


def _create_table(connection: duckdb.DuckDBPyConnection, name: str) -> None:
    """Table `name` in the database, its rows in order, sorted about SORT_ROWS rows at a time.

    DuckDB's sort of a whole table ran out of memory under the memory limit at
    20,000 documents; sorting a range of documents at a time keeps each sort
    small, and appending the ranges in turn keeps the order. Ranges are cut
    by rows, so that long documents make shorter ranges.
    """
    query = _final_rows(connection, name)
    connection.execute(f'CREATE TABLE "{name}" AS {query.format(where="WHERE false")}')
    firsts = [position for (position,) in connection.execute(f"""
        SELECT min(position) FROM (
            SELECT position, sum(rows) OVER (ORDER BY position) - rows AS rows_before
            FROM (SELECT c.position, count(*) AS rows FROM stored_{name} s JOIN chosen c ON s.doc_id = c.doc_id AND s.part = c.part GROUP BY ALL))
        GROUP BY rows_before // {SORT_ROWS} ORDER BY 1""").fetchall()]
    for first, end in zip(firsts, [*firsts[1:], None]):
        where = f"WHERE c.position >= {first}" + ("" if end is None else f" AND c.position < {end}")
        connection.execute(f'INSERT INTO "{name}" {query.format(where=where)}')


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
        "SELECT s.entity_key, any_value(s.canonical), count(DISTINCT s.doc_id) FROM stored_entities s "
        "JOIN chosen c ON s.doc_id = c.doc_id AND s.part = c.part "
        "WHERE starts_with(s.entity_key, 'person:') AND contains(s.canonical, ' ') GROUP BY s.entity_key"
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
        for field in chunk.schema:  # a list cell as a JSON array (["a", "b"]), not numpy's printed form
            if pa.types.is_list(field.type) or pa.types.is_large_list(field.type):
                frame[field.name] = [None if cell is None else json.dumps(cell, ensure_ascii=False) for cell in chunk[field.name].to_pylist()]
        frame.to_csv(handle, index=False, header=header)
    else:
        handle.write(frame.to_json(orient="records", lines=True, force_ascii=False, date_format="iso"))


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

"""Storage: the results cache inside the out folder, and the tables written from it.

`ResultStore(out_dir)` keeps every processed batch as a part folder under
`OUT/.presslens/parts/`, written aside and renamed into place so that a crash
never leaves half a part. `index()` says which (doc_id, sha256, fingerprint)
results exist; `collect(doc_ids)` returns the latest rows for those documents.
`write_tables(frames, out_dir, formats)` writes Parquet/CSV/JSONL files and
`presslens.duckdb`, each aside and then renamed. `RunLock` refuses a second run
on the same out folder.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import time
import uuid
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from nlp.schemas import TABLES

STATE_DIR = ".presslens"
FORMATS = ("parquet", "csv", "jsonl")


class StoreError(Exception):
    """The out folder cannot be used (not writable, or locked by another run)."""


class RunLock:
    """An exclusive lock on an out folder for the length of a run."""

    def __init__(self, out_dir: Path) -> None:
        self.path = out_dir / STATE_DIR / "lock"
        self.handle = None

    def __enter__(self) -> RunLock:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.handle = self.path.open("w")
        try:
            fcntl.flock(self.handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            self.handle.close()
            raise StoreError(f"Another presslens run is using {self.path.parent.parent}; wait for it or use another --out.") from None
        self.handle.write(str(os.getpid()))
        self.handle.flush()
        return self

    def __exit__(self, *exc_info) -> None:
        fcntl.flock(self.handle, fcntl.LOCK_UN)
        self.handle.close()


class ResultStore:
    """Per-batch part folders of table rows, each document tagged with its sha256 and fingerprint."""

    def __init__(self, out_dir: Path) -> None:
        self.parts_dir = out_dir / STATE_DIR / "parts"
        self.parts_dir.mkdir(parents=True, exist_ok=True)
        for leftover in self.parts_dir.glob(".tmp-*"):  # an interrupted write: never renamed, never used
            shutil.rmtree(leftover, ignore_errors=True)

    def _parts(self) -> list[Path]:
        # Names start with a nanosecond timestamp, so name order is write order.
        return sorted(path for path in self.parts_dir.iterdir() if not path.name.startswith("."))

    def write_part(self, tables: dict[str, pa.Table], fingerprints: list[str | None]) -> None:
        """Save tables of rows, one fingerprint per `documents` row (None: redo this document next run)."""
        name = f"{time.time_ns():020d}-{uuid.uuid4().hex[:8]}"
        staging = self.parts_dir / f".tmp-{name}"
        staging.mkdir()
        for table_name, table in tables.items():
            if table_name == "documents":
                table = table.append_column("fingerprint", pa.array(fingerprints, pa.string()))
            pq.write_table(table, staging / f"{table_name}.parquet")
        os.rename(staging, self.parts_dir / name)

    def index(self) -> dict[str, tuple[str | None, str | None]]:
        """doc_id -> (sha256, fingerprint) of its latest stored result."""
        latest: dict[str, tuple[str | None, str | None]] = {}
        for part in self._parts():
            columns = pq.read_table(part / "documents.parquet", columns=["doc_id", "sha256", "fingerprint"]).to_pydict()
            latest.update(zip(columns["doc_id"], zip(columns["sha256"], columns["fingerprint"])))
        return latest

    def collect(self, doc_ids: list[str]) -> dict[str, pd.DataFrame]:
        """The latest stored rows of each table for `doc_ids`, documents in the order given."""
        wanted = set(doc_ids)
        owner: dict[str, Path] = {}  # doc_id -> the part holding its latest result
        for part in self._parts():
            ids = pq.read_table(part / "documents.parquet", columns=["doc_id"]).column("doc_id").to_pylist()
            owner.update((doc_id, part) for doc_id in ids if doc_id in wanted)
        frames: dict[str, list[pd.DataFrame]] = {name: [] for name in TABLES}
        for part in sorted(set(owner.values())):
            mine = [doc_id for doc_id, holder in owner.items() if holder == part]
            for name in TABLES:
                table = pq.read_table(part / f"{name}.parquet", filters=[("doc_id", "in", mine)])
                frames[name].append(table.select(TABLES[name].names).to_pandas(types_mapper=pd.ArrowDtype))
        order = {doc_id: position for position, doc_id in enumerate(doc_ids)}
        result = {}
        for name, pieces in frames.items():
            frame = pd.concat(pieces, ignore_index=True) if pieces else TABLES[name].empty_table().to_pandas(types_mapper=pd.ArrowDtype)
            sort_columns = ["_order"] + (["start"] if "start" in frame.columns else [])
            frame = frame.assign(_order=frame["doc_id"].map(order)).sort_values(sort_columns, kind="stable")
            result[name] = frame.drop(columns="_order").reset_index(drop=True)
        return result

    def compact(self) -> None:
        """Rewrite all parts as one, keeping each document's latest result, to keep re-runs fast."""
        parts = self._parts()
        if len(parts) < 2:
            return
        latest = self.index()
        frames = self.collect(list(latest))
        tables = {name: pa.Table.from_pandas(frame, schema=TABLES[name], preserve_index=False) for name, frame in frames.items()}
        self.write_part(tables, [latest[doc_id][1] for doc_id in frames["documents"]["doc_id"]])
        for part in parts:
            shutil.rmtree(part, ignore_errors=True)


def write_tables(frames: dict[str, pd.DataFrame], out_dir: Path, formats: tuple[str, ...]) -> list[Path]:
    """Write each table in each format, and all of them to presslens.duckdb; returns the files written."""
    written = []
    for name, frame in frames.items():
        table = pa.Table.from_pandas(frame, schema=TABLES[name], preserve_index=False)
        for file_format in formats:
            target = out_dir / f"{name}.{file_format}"
            _replace_atomically(target, lambda tmp: _write_one(table, frame, tmp, file_format))
            written.append(target)
    database = out_dir / "presslens.duckdb"
    _replace_atomically(database, lambda tmp: _write_duckdb(frames, tmp))
    written.append(database)
    return written


def write_json(value: dict, target: Path) -> None:
    """Write a JSON file aside, then rename it into place."""
    _replace_atomically(target, lambda tmp: tmp.write_text(json.dumps(value, indent=2, default=str), encoding="utf-8"))


def read_table(out_dir: Path, name: str) -> pd.DataFrame:
    """A table from a finished run's out folder (Parquet, else JSONL, else CSV)."""
    for file_format in FORMATS:
        path = out_dir / f"{name}.{file_format}"
        if path.exists():
            if file_format == "parquet":
                return pd.read_parquet(path)
            if file_format == "jsonl":
                return pd.read_json(path, lines=True, dtype=False)
            return pd.read_csv(path, keep_default_na=False, na_values=[""])
    raise StoreError(f"No '{name}' table in {out_dir}; run `presslens analyze ... --out {out_dir}` first.")


def _write_one(table: pa.Table, frame: pd.DataFrame, tmp: Path, file_format: str) -> None:
    if file_format == "parquet":
        pq.write_table(table, tmp)
    elif file_format == "csv":
        frame.to_csv(tmp, index=False)
    else:
        frame.to_json(tmp, orient="records", lines=True, force_ascii=False)


def _write_duckdb(frames: dict[str, pd.DataFrame], tmp: Path) -> None:
    with duckdb.connect(str(tmp)) as connection:
        for name, frame in frames.items():
            arrow_table = pa.Table.from_pandas(frame, schema=TABLES[name], preserve_index=False)  # noqa: F841 (read by DuckDB)
            connection.execute(f'CREATE TABLE "{name}" AS SELECT * FROM arrow_table')


def _replace_atomically(target: Path, write) -> None:
    tmp = target.with_name(f".{target.name}.{uuid.uuid4().hex[:8]}.tmp")
    try:
        write(tmp)
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)

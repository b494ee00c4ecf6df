"""Storage: the results cache inside the out folder, and the tables written from it.

`ResultStore(out_dir)` keeps every processed batch as a part folder under
`OUT/.presslens/parts/`, written aside, fsynced and renamed into place so that
a crash or a power loss never leaves half a part; a part damaged anyway (a
truncated file) is removed when the store opens, so its documents are redone,
and so are the temporary files of a killed run. `index()` says which results
exist (`Stored`: sha256, fingerprint, metadata hash, part), and `record(fingerprint)`
what made the results with that fingerprint (`save_record`); `update_metadata`
rewrites documents rows whose metadata changed, keeping their other rows;
`nlp.io.export` turns the parts into the tables. `replace_atomically(target,
write)` writes any output file aside and renames it; `read_table(out_dir,
name)` reads a finished run's table back. `RunLock` refuses a second run on the
same out folder.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import re
import shutil
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import NamedTuple, TypeVar

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from nlp.errors import PresslensError
from nlp.schemas import METADATA_COLUMNS

STATE_DIR = ".presslens"
FORMATS = ("parquet", "csv", "jsonl")
# Files a killed run leaves in the out folder: replace_atomically's `.<name>.<8 hex>.tmp` and DuckDB's `.wal` beside it.
LEFTOVER = re.compile(r"^\..+\.[0-9a-f]{8}\.tmp(\.wal)?$|^\.presslens-write-test-")
T = TypeVar("T")


class Stored(NamedTuple):
    """What the store holds for a document: its text's hash, the settings' fingerprint, its metadata's hash and its part."""

    sha256: str | None
    fingerprint: str | None
    metadata_sha256: str | None
    part: Path


class StoreError(PresslensError):
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


def has_results(out_dir: Path) -> bool:
    """Whether the out folder holds stored results (read nothing: a run asks before it opens the store)."""
    parts_dir = out_dir / STATE_DIR / "parts"
    return parts_dir.is_dir() and any(not path.name.startswith(".") for path in parts_dir.iterdir())


class ResultStore:
    """Per-batch part folders of table rows, each document tagged with its sha256 and fingerprint."""

    def __init__(self, out_dir: Path) -> None:
        self.parts_dir = out_dir / STATE_DIR / "parts"
        self.parts_dir.mkdir(parents=True, exist_ok=True)
        for leftover in self.parts_dir.glob(".tmp-*"):  # an interrupted write: never renamed, never used
            shutil.rmtree(leftover, ignore_errors=True)
        shutil.rmtree(self.scratch_dir(), ignore_errors=True)
        for leftover in out_dir.iterdir():
            if LEFTOVER.match(leftover.name) and leftover.is_file():
                leftover.unlink(missing_ok=True)
        self.damaged = [part for part in self.parts() if not _readable(part)]
        for part in self.damaged:  # its documents are not in the index, so they are processed again
            self.remove_part(part)

    def parts(self) -> list[Path]:
        """The finished part folders, oldest first (names start with a nanosecond timestamp)."""
        return sorted(path for path in self.parts_dir.iterdir() if not path.name.startswith("."))

    def scratch_dir(self) -> Path:
        """A folder for temporary files (DuckDB's spill files), emptied when the store is opened."""
        return self.parts_dir.parent / "scratch"

    @contextmanager
    def new_part(self) -> Iterator[Path]:
        """A folder to write one part's table files into; it becomes a part only when the block ends without error."""
        name = f"{time.time_ns():020d}-{uuid.uuid4().hex[:8]}"
        staging = self.parts_dir / f".tmp-{name}"
        staging.mkdir()
        try:
            yield staging
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        for file in staging.iterdir():  # on disk before the rename makes the part visible
            _fsync(file)
        _fsync(staging)
        os.rename(staging, self.parts_dir / name)
        _fsync(self.parts_dir)

    def remove_part(self, part: Path) -> None:
        shutil.rmtree(part, ignore_errors=True)

    def write_part(self, tables: dict[str, pa.Table], fingerprints: list[str | None]) -> None:
        """Save tables of rows, one fingerprint per `documents` row (None: redo this document next run)."""
        with self.new_part() as staging:
            for table_name, table in tables.items():
                if table_name == "documents":
                    table = table.append_column("fingerprint", pa.array(fingerprints, pa.string()))
                    table = table.append_column("metadata_sha256", pa.array(metadata_hashes(table), pa.string()))
                pq.write_table(table, staging / f"{table_name}.parquet")

    def save_record(self, fingerprint: str, record: dict) -> None:
        """Keep what made the results tagged `fingerprint` (`nlp.io.fingerprints.extraction_record`), to say later why they are redone."""
        target = self.parts_dir.parent / "records" / f"{fingerprint}.json"
        if not target.exists():
            target.parent.mkdir(exist_ok=True)
            write_json(record, target)

    def record(self, fingerprint: str) -> dict | None:
        """The record saved for `fingerprint`, None when there is none (results of an older version) or it is unreadable."""
        try:
            return json.loads((self.parts_dir.parent / "records" / f"{fingerprint}.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None

    def index(self) -> dict[str, Stored]:
        """doc_id -> what is stored of its latest result."""
        latest: dict[str, Stored] = {}
        for part in self.parts():
            file = pq.ParquetFile(part / "documents.parquet")
            wanted = [name for name in ("doc_id", "sha256", "fingerprint", "metadata_sha256") if name in file.schema_arrow.names]
            columns = file.read(columns=wanted).to_pydict()
            hashes = columns.get("metadata_sha256") or [None] * len(columns["doc_id"])  # parts of older versions lack it
            for doc_id, sha256, fingerprint, metadata_sha256 in zip(columns["doc_id"], columns["sha256"], columns["fingerprint"], hashes):
                latest[doc_id] = Stored(sha256, fingerprint, metadata_sha256, part)
        return latest

    def update_metadata(self, updates: dict[str, dict], index: dict[str, Stored]) -> None:
        """Give the stored documents in `updates` (doc_id -> new metadata columns) their new metadata, in a new part
        that copies their rows of every table from their latest part: no document is processed again."""
        by_part: dict[Path, list[str]] = {}
        for doc_id in updates:
            by_part.setdefault(index[doc_id].part, []).append(doc_id)
        for part, doc_ids in by_part.items():
            with self.new_part() as staging:
                for file in part.glob("*.parquet"):
                    table = pq.read_table(file)
                    table = table.filter(pc.is_in(table["doc_id"], pa.array(doc_ids, pa.string())))
                    if file.stem == "documents":
                        table = _with_metadata(table, updates)
                    pq.write_table(table, staging / file.name)


def metadata_hash(document: dict) -> str:
    """The hash of a documents row's columns that come from the input's metadata (title, outlet, url, ...)."""
    values = [document[name] for name in METADATA_COLUMNS]
    return hashlib.sha256(json.dumps(values, default=str).encode("utf-8", "surrogatepass")).hexdigest()


def metadata_hashes(documents: pa.Table) -> list[str]:
    return [metadata_hash(row) for row in documents.select(list(METADATA_COLUMNS)).to_pylist()]


def _with_metadata(documents: pa.Table, updates: dict[str, dict]) -> pa.Table:
    rows = [updates[doc_id] for doc_id in documents["doc_id"].to_pylist()]
    for name in METADATA_COLUMNS:
        position = documents.schema.get_field_index(name)
        values = pa.array([row[name] for row in rows], documents.schema.field(name).type)
        documents = documents.set_column(position, name, values)
    position = documents.schema.get_field_index("metadata_sha256")
    hashes = pa.array(metadata_hashes(documents), pa.string())
    return documents.set_column(position, "metadata_sha256", hashes) if position >= 0 else documents.append_column("metadata_sha256", hashes)


def _readable(part: Path) -> bool:
    """Whether every table file of a part has its footer: a file cut short by a power loss has none."""
    try:
        return (part / "documents.parquet").is_file() and all(pq.read_metadata(file) is not None for file in part.glob("*.parquet"))
    except (OSError, ValueError, pa.ArrowException):
        return False


def _fsync(path: Path) -> None:
    """Flush a file's (or a folder's entries') data to the disk."""
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def write_json(value: dict, target: Path) -> None:
    """Write a JSON file aside, then rename it into place."""
    replace_atomically(target, lambda tmp: tmp.write_text(json.dumps(value, indent=2, default=str), encoding="utf-8"))


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


def replace_atomically(target: Path, write: Callable[[Path], T]) -> T:
    """Call `write(tmp)` on a temporary name next to `target`, then rename it to `target`; on failure nothing changes."""
    tmp = target.with_name(f".{target.name}.{uuid.uuid4().hex[:8]}.tmp")
    try:
        result = write(tmp)
        _fsync(tmp)
        os.replace(tmp, target)
        _fsync(target.parent)
        return result
    finally:
        tmp.unlink(missing_ok=True)

"""Storage: the results cache inside the out folder, and the tables written from it.

`ResultStore(out_dir)` keeps every processed batch as a part folder under
`OUT/.presslens/parts/`, written aside and renamed into place so that a crash
never leaves half a part. `index()` says which (doc_id, sha256, fingerprint)
results exist; `nlp.export` turns the parts into the tables.
`replace_atomically(target, write)` writes any output file aside and renames it;
`read_table(out_dir, name)` reads a finished run's table back. `RunLock`
refuses a second run on the same out folder.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

STATE_DIR = ".presslens"
FORMATS = ("parquet", "csv", "jsonl")
T = TypeVar("T")


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
        shutil.rmtree(self.scratch_dir(), ignore_errors=True)

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
        os.rename(staging, self.parts_dir / name)

    def remove_part(self, part: Path) -> None:
        shutil.rmtree(part, ignore_errors=True)

    def write_part(self, tables: dict[str, pa.Table], fingerprints: list[str | None]) -> None:
        """Save tables of rows, one fingerprint per `documents` row (None: redo this document next run)."""
        with self.new_part() as staging:
            for table_name, table in tables.items():
                if table_name == "documents":
                    table = table.append_column("fingerprint", pa.array(fingerprints, pa.string()))
                pq.write_table(table, staging / f"{table_name}.parquet")

    def index(self) -> dict[str, tuple[str | None, str | None]]:
        """doc_id -> (sha256, fingerprint) of its latest stored result."""
        latest: dict[str, tuple[str | None, str | None]] = {}
        for part in self.parts():
            columns = pq.read_table(part / "documents.parquet", columns=["doc_id", "sha256", "fingerprint"]).to_pydict()
            latest.update(zip(columns["doc_id"], zip(columns["sha256"], columns["fingerprint"])))
        return latest


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
        os.replace(tmp, target)
        return result
    finally:
        tmp.unlink(missing_ok=True)

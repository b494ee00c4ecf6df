"""Helpers the benchmark scripts share: a copy of the data to run on, and a timed `analyze`."""

from __future__ import annotations

import time
from pathlib import Path

from nlp.io.read import discover
from nlp.run.runner import RunOptions, run

DEFAULT_DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "bbc"


def copy_corpus(data: Path, limit: int | None, target: Path) -> int:
    """Copy the first `limit` articles of `data` (all when None) under `target`; returns how many."""
    if not data.is_dir():
        raise SystemExit(f"No data folder at {data}; pass --data DIR.")
    sources = discover([data])[:limit]
    for source in sources:
        destination = target / source.relative_id
        destination.parent.mkdir(parents=True, exist_ok=True)
        destination.write_bytes(source.path.read_bytes())
    return len(sources)


def timed_run(paths: list[Path], out: Path, workers: int, ner: str) -> tuple[float, dict]:
    """Seconds an `analyze` run took, and its manifest counts."""
    started = time.perf_counter()
    result = run(paths, RunOptions(out=out, workers=workers, ner=ner))
    return time.perf_counter() - started, result.manifest["counts"]

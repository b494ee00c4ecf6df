"""Scale benchmark: the driver's peak memory at 2,000 and 20,000 documents, and local against Dask throughput.

Generates documents by replicating the BBC articles (default: ../shared/data/bbc,
2,225 files) under new ids (`copy-03/business/001.txt`) into a temporary folder,
then runs `presslens analyze` as a subprocess:
  1. throughput on the first --throughput-docs documents (default 2,000):
     `--workers 2` against `--dask-local 2`, words/s over the command's wall time
     (start-up, model loading and writing the tables included);
  2. memory: `--workers 2` on --small-docs (default 2,000) and on --docs
     (default 20,000) documents, each into a fresh out folder. The driver's peak
     RSS is its own high-water mark (VmHWM in /proc/PID/status, read every
     50 ms); its worker processes are not counted.

    .venv/bin/python bench/scale.py [--data DIR] [--docs N] [--small-docs N] [--throughput-docs N] [--ner spacy]
                                    [--skip-throughput] [--skip-memory] [--skip-large]

Every run uses `--ner spacy` unless --ner says otherwise; the figures are printed with it.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pyarrow.compute as pc
import pyarrow.parquet as pq
from common import DEFAULT_DATA

from nlp.io.read import discover

PRESSLENS = Path(sys.executable).parent / "presslens"


def replicate(data: Path, count: int, target: Path) -> Path:
    """Write `count` documents into `target` by copying the files of `data` again and again under new ids."""
    if not data.is_dir():
        raise SystemExit(f"No data folder at {data}; pass --data DIR.")
    sources = discover([data])
    for number in range(count):
        source = sources[number % len(sources)]
        destination = target / f"copy-{number // len(sources):02d}" / source.relative_id
        destination.parent.mkdir(parents=True, exist_ok=True)
        destination.write_bytes(source.path.read_bytes())
    return target


def analyze(corpus: Path, out: Path, ner: str, *options: str) -> tuple[float, int, dict]:
    """Run `presslens analyze` on `corpus`; returns (wall seconds, the driver's peak RSS in bytes, the manifest)."""
    command = [str(PRESSLENS), "analyze", str(corpus), "--out", str(out), "--ner", ner, "--quiet", *options]
    started = time.perf_counter()
    driver = subprocess.Popen(command)
    peak = 0
    while driver.poll() is None:
        peak = max(peak, _high_water_mark(driver.pid))
        time.sleep(0.05)
    seconds = time.perf_counter() - started
    if driver.returncode != 0:
        raise SystemExit(f"{' '.join(command)} exited with {driver.returncode}")
    return seconds, peak, json.loads((out / "manifest.json").read_text(encoding="utf-8"))


def _high_water_mark(pid: int) -> int:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:  # the process has just exited
        return 0
    kilobytes = next((line.split()[1] for line in status.splitlines() if line.startswith("VmHWM:")), "0")
    return int(kilobytes) * 1024


def words_in(out: Path) -> int:
    return pc.sum(pq.read_table(out / "documents.parquet", columns=["n_words"])["n_words"]).as_py() or 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="folder of articles to replicate (default: the BBC corpus)")
    parser.add_argument("--docs", type=int, default=20_000, help="documents for the large memory run")
    parser.add_argument("--small-docs", type=int, default=2_000, help="documents for the small memory run")
    parser.add_argument("--throughput-docs", type=int, default=2_000, help="documents for the local/Dask throughput runs")
    parser.add_argument("--ner", default="spacy", help="entity recognizer for every run (default: spacy)")
    parser.add_argument("--skip-throughput", action="store_true", help="only the memory runs")
    parser.add_argument("--skip-memory", action="store_true", help="only the throughput runs")
    parser.add_argument("--skip-large", action="store_true", help="memory at --small-docs only")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="presslens-scale-") as scratch:
        root = Path(scratch)
        print(f"--ner {args.ner}; documents replicated from {args.data}", flush=True)

        if not args.skip_throughput:
            throughput(args, root)
        if not args.skip_memory:
            memory(args, root)


def throughput(args: argparse.Namespace, root: Path) -> None:
    corpus = replicate(args.data, args.throughput_docs, root / "throughput")
    rates = {}
    for label, options in (("--workers 2", ["--workers", "2"]), ("--dask-local 2", ["--dask-local", "2"])):
        out = root / f"out-{label.strip('-').replace(' ', '-')}"
        seconds, peak, manifest = analyze(corpus, out, args.ner, *options)
        rates[label] = words_in(out) / seconds
        counts = manifest["counts"]
        print(
            f"{label:15} {args.throughput_docs:>7,} docs: {rates[label]:8,.0f} words/s ({seconds:.1f} s wall, "
            f"{counts['ok']:,} ok, {counts['error']:,} failed), driver peak RSS {peak / 2**20:,.0f} MiB", flush=True
        )
    print(f"Dask / local: {rates['--dask-local 2'] / rates['--workers 2']:.1%}")


def memory(args: argparse.Namespace, root: Path) -> None:
    peaks = {}
    for count in [args.small_docs] + ([] if args.skip_large else [args.docs]):
        corpus = replicate(args.data, count, root / f"memory-{count}")
        seconds, peaks[count], manifest = analyze(corpus, root / f"out-memory-{count}", args.ner, "--workers", "2")
        print(
            f"--workers 2 {count:>9,} docs: driver peak RSS {peaks[count] / 2**20:,.0f} MiB "
            f"({seconds:.0f} s wall, {manifest['counts']['entities']:,} entity rows)", flush=True
        )
    if len(peaks) == 2:
        small, large = peaks[args.small_docs], peaks[args.docs]
        print(f"driver peak RSS, {args.docs:,} against {args.small_docs:,} documents: {(large - small) / small:+.1%}")


if __name__ == "__main__":
    main()

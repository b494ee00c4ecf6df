"""Throughput benchmark: plain spaCy against `presslens analyze` with each recognizer, 1 and 2 workers.

Every run is a whole process, as a user starts it (imports, model loading and
worker start-up included), on the same articles (default: the first 300 files
of the BBC corpus in ../shared/data/bbc, which are business articles):
  - plain `en_core_web_sm` `nlp.pipe` over the texts (one process; it imports
    torch through thinc, as any spaCy process does where torch is installed,
    which presslens's processes avoid: see nlp/thinc_without_torch.py);
  - `analyze --ner spacy --quotes rules` (spaCy's recognizer, rule quotes);
  - `analyze --quotes rules` (the hybrid recognizer, no learned quote tagger);
  - `analyze`, the default: the hybrid recognizer and hybrid quotes (the learned
    quote tagger; rule quotes where this install has no tagger);
    each with `--workers 1` and `--workers 2`.
Prints CPU seconds (user + system, workers included) and wall seconds for each,
the CPU-time ratio of plain spaCy to each run (1.00 = as cheap as spaCy alone),
the 2-worker speed-up in wall time, the peak RSS of each worker of the default
2-worker run, and the time of an unchanged re-run.

    .venv/bin/python bench/throughput.py [--data DIR] [--limit N] [--runs spacy,hybrid,default]
    .venv/bin/python bench/throughput.py --limit 2000 --runs spacy    # the 2-worker scaling check

The machines are shared: run `uptime` next to it and compare ratios within one run.
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil
from common import DEFAULT_DATA, copy_corpus

PLAIN_SPACY = """
import sys
from pathlib import Path
import spacy
from nlp.extract.pipeline import resolve_model
from nlp.io.read import discover, read_articles
texts = [article.text for article in read_articles(discover([Path(sys.argv[1])])) if article.text]
for doc in spacy.load(resolve_model(None)).pipe(texts, batch_size=32):
    pass
"""
REPOSITORY = Path(__file__).resolve().parent.parent
DEFAULT_RUN = "default: hybrid NER + learned quotes"
RUNS = {  # --runs name: (the name printed, analyze's options)
    "spacy": ("--ner spacy --quotes rules", ["--ner", "spacy", "--quotes", "rules"]),
    "hybrid": ("--quotes rules: hybrid NER only", ["--quotes", "rules"]),
    "default": (DEFAULT_RUN, []),
}


def timed(command: list[str], peaks: dict[int, int] | None = None) -> tuple[float, float]:
    """(CPU seconds of the process and all its children, wall seconds) of one command run to its end."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=REPOSITORY, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    while process.poll() is None:
        if peaks is not None:
            _sample_workers(process.pid, peaks)
        time.sleep(0.05)
    wall = time.perf_counter() - started
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed: {process.stderr.read()[-500:]}")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime), wall


def _sample_workers(pid: int, peaks: dict[int, int]) -> None:
    try:
        for child in psutil.Process(pid).children(recursive=True):
            peaks[child.pid] = max(peaks.get(child.pid, 0), child.memory_info().rss)
    except psutil.Error:
        pass


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="folder of articles (default: the BBC corpus)")
    parser.add_argument("--limit", type=int, default=300, help="use only the first N files (default: 300)")
    parser.add_argument(
        "--runs", default=",".join(RUNS), help=f"comma-separated runs to time (default: all: {','.join(RUNS)}); "
        "one run on 2,000 files is the 2-worker scaling check",
    )
    args = parser.parse_args()
    chosen = args.runs.split(",")
    if unknown := [name for name in chosen if name not in RUNS]:
        parser.error(f"unknown run {unknown[0]!r}; choose from {', '.join(RUNS)}")
    analyze = [sys.executable, "-c", "from cli import app; app()", "analyze"]
    runs = {RUNS[name][0]: RUNS[name][1] for name in chosen}
    with tempfile.TemporaryDirectory(prefix="presslens-bench-") as scratch:
        corpus = Path(scratch) / "corpus"
        count = copy_corpus(args.data, args.limit, corpus)
        print(f"{count:,} files from {args.data}; load average {' '.join(f'{load:.2f}' for load in psutil.getloadavg())}")
        plain_cpu, plain_wall = timed([sys.executable, "-c", PLAIN_SPACY, str(corpus)])
        print(f"{'run':36s} {'workers':>7s} {'CPU s':>8s} {'wall s':>8s} {'CPU ratio':>10s} {'2w speed-up':>12s}")
        print(f"{'plain spaCy nlp.pipe':36s} {1:7d} {plain_cpu:8.1f} {plain_wall:8.1f} {1:10.2f}")
        peaks: dict[int, int] = {}
        for number, (name, options) in enumerate(runs.items()):
            single_wall = None
            for workers in (1, 2):
                out = Path(scratch) / f"out-{number}-{workers}"
                command = [*analyze, str(corpus), "--out", str(out), "--workers", str(workers), "--quiet", *options]
                cpu, wall = timed(command, peaks if (name, workers) == (DEFAULT_RUN, 2) else None)
                speedup = f"{single_wall / wall:12.2f}" if single_wall else ""
                single_wall = single_wall or wall
                print(f"{name:36s} {workers:7d} {cpu:8.1f} {wall:8.1f} {plain_cpu / cpu:10.2f} {speedup}", flush=True)
        workers_rss = sorted(peaks.values(), reverse=True)[:2]
        if workers_rss:
            print(f"peak RSS per worker, default, 2 workers: {', '.join(f'{peak / 2**20:,.0f} MiB' for peak in workers_rss)}")
        rerun_cpu, rerun_wall = timed([*analyze, str(corpus), "--out", str(out), "--workers", "2", "--quiet", *runs[name]])
        print(f"re-run of the last run, unchanged input: {rerun_wall:.1f} s wall, {rerun_cpu:.1f} s CPU")
        print(f"load average after: {' '.join(f'{load:.2f}' for load in psutil.getloadavg())}")


if __name__ == "__main__":
    main()

"""Throughput, scaling, memory and re-run benchmark for `presslens analyze`.

Runs, in one process and on the same articles (default: the BBC corpus in
../shared/data/bbc, 2,225 articles):
  1. plain `nlp.pipe` over the texts already in memory, with the same pipeline;
  2. `analyze` with 1 worker (reading, hashing, storing and table writing included);
  3. `analyze` with 2 workers, sampling each worker's peak RSS;
  4. `analyze` again on the unchanged corpus (incremental re-run).
Prints words/s, the ratio of (2) to (1), the speed-up of (3) over (2), peak RSS
per worker and the re-run time as a share of the first run.

    .venv/bin/python bench/throughput.py [--data DIR] [--limit N]

All runs use spaCy's own entity recognizer (`--ner spacy`), the pipeline that
plain `nlp.pipe` runs; bench/ner_throughput.py measures the hybrid recognizer.
"""

from __future__ import annotations

import argparse
import tempfile
import threading
import time
from pathlib import Path

import psutil
from common import DEFAULT_DATA, copy_corpus, timed_run

from nlp.pipeline import load_pipeline, resolve_model
from nlp.process import BATCH_SIZE
from nlp.read import discover, read_articles


class PeakChildRss:
    """Samples the RSS of this process's children every 50 ms and keeps each one's peak."""

    def __init__(self) -> None:
        self.peaks: dict[int, int] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self) -> None:
        me = psutil.Process()
        while not self._stop.is_set():
            for child in me.children(recursive=True):
                try:
                    self.peaks[child.pid] = max(self.peaks.get(child.pid, 0), child.memory_info().rss)
                except psutil.Error:
                    pass
            time.sleep(0.05)

    def __enter__(self) -> PeakChildRss:
        self._thread.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self._stop.set()
        self._thread.join()


def plain_pipe_rate(texts: list[str]) -> tuple[float, int]:
    pipeline = load_pipeline(resolve_model(None))
    pipeline("warm up")
    started = time.perf_counter()
    words = 0
    for doc in pipeline.pipe(texts, batch_size=BATCH_SIZE):
        words += sum(1 for token in doc if not (token.is_punct or token.is_space))
    return words / (time.perf_counter() - started), words


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="folder of articles (default: the BBC corpus)")
    parser.add_argument("--limit", type=int, default=None, help="use only the first N files")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="presslens-bench-") as scratch:
        corpus = Path(scratch) / "corpus"
        count = copy_corpus(args.data, args.limit, corpus)
        texts = [article.text for article in read_articles(discover([corpus])) if article.text]
        print(f"{count:,} files from {args.data}")

        pipe_rate, words = plain_pipe_rate(texts)
        print(f"plain nlp.pipe:          {pipe_rate:8,.0f} words/s ({words:,} words)")

        single_seconds, _ = timed_run([corpus], Path(scratch) / "out1", workers=1, ner="spacy")
        single_rate = words / single_seconds
        print(f"analyze --workers 1:     {single_rate:8,.0f} words/s ({single_seconds:.1f} s) = {single_rate / pipe_rate:.1%} of plain nlp.pipe")

        with PeakChildRss() as rss:
            double_seconds, counts = timed_run([corpus], Path(scratch) / "out2", workers=2, ner="spacy")
        double_rate = words / double_seconds
        print(f"analyze --workers 2:     {double_rate:8,.0f} words/s ({double_seconds:.1f} s) = {double_rate / single_rate:.2f}x one worker")
        peaks = sorted(rss.peaks.values(), reverse=True)[:2]
        print(f"peak RSS per worker:     {', '.join(f'{peak / 2**20:,.0f} MiB' for peak in peaks)}")
        print(f"documents: {counts['ok']:,} ok, {counts['error']:,} failed")

        rerun_seconds, counts = timed_run([corpus], Path(scratch) / "out2", workers=2, ner="spacy")
        print(
            f"re-run, unchanged input: {rerun_seconds:.1f} s = {rerun_seconds / double_seconds:.1%} of the first run "
            f"({counts['processed']} processed, {counts['reused']:,} reused)"
        )


if __name__ == "__main__":
    main()

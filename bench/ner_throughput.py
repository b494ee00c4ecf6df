"""Throughput of the hybrid entity recognizer against spaCy's own, on 2 workers.

Runs `analyze --ner spacy` and `analyze --ner hybrid` on the same articles
(default: the BBC corpus in ../shared/data/bbc) and prints the words/s of each
and their ratio. Each run starts from an empty out folder, worker start-up
included, as a user would see it.

    .venv/bin/python bench/ner_throughput.py [--data DIR] [--limit N] [--workers N]
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from common import DEFAULT_DATA, copy_corpus, timed_run


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="folder of articles (default: the BBC corpus)")
    parser.add_argument("--limit", type=int, default=None, help="use only the first N files")
    parser.add_argument("--workers", type=int, default=2, help="worker processes for both runs (default: 2)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="presslens-bench-") as scratch:
        corpus = Path(scratch) / "corpus"
        count = copy_corpus(args.data, args.limit, corpus)
        print(f"{count:,} files from {args.data}, {args.workers} workers")
        rates = {}
        for ner in ("spacy", "hybrid"):
            seconds, counts = timed_run([corpus], Path(scratch) / f"out-{ner}", workers=args.workers, ner=ner)
            words = _words(Path(scratch) / f"out-{ner}")
            rates[ner] = words / seconds
            print(f"--ner {ner:7s} {rates[ner]:8,.0f} words/s ({words:,} words, {seconds:.1f} s, {counts['ok']:,} ok)")
        print(f"hybrid / spacy: {rates['hybrid'] / rates['spacy']:.1%}")


def _words(out: Path) -> int:
    import pandas as pd

    return int(pd.read_parquet(out / "documents.parquet", columns=["n_words"])["n_words"].sum())


if __name__ == "__main__":
    main()

"""Sentences per second of compare's sentence embedder, on the quotes and claim sentences of an out folder.

Embeds up to `--limit` distinct texts (quote texts, then claim sentences) from
an analysed folder with no cache, `--repeats` times, and prints the best rate.

    .venv/bin/python bench/embed_speed.py --out /tmp/nc-out [--threads N] [--embedder NAME_OR_PATH]
"""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

from nlp.comparison.embed import Embedder
from nlp.io.store import read_table


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, required=True, help="an out folder that `presslens analyze` wrote")
    parser.add_argument("--limit", type=int, default=2000, help="distinct texts to embed (default: 2000)")
    parser.add_argument("--threads", type=int, default=len(os.sched_getaffinity(0)), help="torch threads (default: the number of cores, as compare's --workers)")
    parser.add_argument("--embedder", default=None, help="model name or folder (default: the packaged all-MiniLM-L6-v2)")
    parser.add_argument("--repeats", type=int, default=2)
    args = parser.parse_args()
    texts = list(dict.fromkeys([*read_table(args.out, "quotes")["text"], *read_table(args.out, "claims")["sentence_text"]]))[: args.limit]
    words = sum(len(text.split()) for text in texts)
    best, best_cpu = float("inf"), float("inf")
    for _ in range(args.repeats):
        embedder = Embedder(args.embedder, threads=args.threads)  # a fresh in-memory cache each time
        started, started_cpu = time.perf_counter(), time.process_time()
        embedder.embed(texts)
        best, best_cpu = min(best, time.perf_counter() - started), min(best_cpu, time.process_time() - started_cpu)
    # On a shared machine the wall rate depends on the neighbours; CPU seconds say what the cores would give alone.
    print(
        f"{len(texts)} texts ({words / len(texts):.1f} words each) on {args.threads} threads: "
        f"{len(texts) / best:,.0f} sentences/s wall, {len(texts) / best_cpu * args.threads:,.0f} sentences/s "
        f"if the {args.threads} cores were free (CPU time; best of {args.repeats}; load average {os.getloadavg()[0]:.1f})"
    )


if __name__ == "__main__":
    main()

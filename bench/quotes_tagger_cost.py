"""CPU cost of the attribution tagger: the default pipeline with `--quotes hybrid` against `--quotes rules`,
and hybrid with the tagger reading only the sentences that hold a cue candidate (`cue_sentences_only`).

Loads both pipelines in this process (entity recognizer `--ner hybrid`, one
torch thread each, loading not timed), runs each over the same articles
(default: the first 100 BBC business articles) and prints the CPU seconds
(process time) of each and their ratio. CPU time, not wall time, so that other
work on the machine changes the figure little.

    .venv/bin/python bench/quotes_tagger_cost.py [--data DIR] [--limit N]
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from common import DEFAULT_DATA


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA / "business", help="folder of .txt articles (default: BBC business)")
    parser.add_argument("--limit", type=int, default=100, help="use the first N files (default: 100)")
    args = parser.parse_args()

    from nlp.pipeline import load_pipeline, resolve_model, resolve_ner, resolve_quotes

    files = sorted(args.data.rglob("*.txt"))[: args.limit]
    texts = [path.read_bytes().decode("utf-8", errors="replace") for path in files]
    words = sum(len(text.split()) for text in texts)
    model, ner = resolve_model(None), resolve_ner("hybrid")
    seconds = {}
    for label, quotes, cue_sentences_only in (("rules", "rules", False), ("hybrid", "hybrid", False), ("hybrid, cue sentences only", "hybrid", True)):
        pipeline = load_pipeline(model, None, ner, 1, resolve_quotes(quotes))
        if quotes != "rules":
            pipeline.get_pipe("presslens_attribution_tagger").cue_sentences_only = cue_sentences_only
        list(pipeline.pipe(texts[:2]))  # first calls allocate; not part of the steady cost
        clock = time.process_time()
        quotes_found = sum(len(doc._.quotes) for doc in pipeline.pipe(texts, batch_size=32))
        seconds[label] = time.process_time() - clock
        print(f"{label:26s} {seconds[label]:7.1f} CPU s ({words:,} words, {len(texts)} articles, {quotes_found:,} quotes)")
    for label in ("hybrid", "hybrid, cue sentences only"):
        print(f"{label} / rules: {seconds[label] / seconds['rules']:.1%} CPU time")


if __name__ == "__main__":
    main()

"""CPU cost of the attribution tagger: the default pipeline with `--quotes hybrid` against `--quotes rules`,
and (with `--cue-sentences`) hybrid with the tagger reading only the sentences that hold a cue candidate.

Loads the pipelines in this process (entity recognizer `--ner hybrid`, one
torch thread each, loading not timed), runs them in turn over the same articles
(default: the first 100 BBC business articles), `--rounds` times interleaved
(rules, hybrid, rules, hybrid, ...) so that a change in the machine's load
touches both, and prints the CPU seconds (process time) of each run and the
ratio of their sums. CPU time, not wall time, so that other work on the machine
changes the figure little.

    .venv/bin/python bench/quotes_tagger_cost.py [--data DIR] [--limit N] [--rounds N] [--cue-sentences]
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
    parser.add_argument("--rounds", type=int, default=2, help="times each pipeline runs, interleaved (default: 2)")
    parser.add_argument("--cue-sentences", action="store_true", help="also time hybrid with cue_sentences_only")
    args = parser.parse_args()

    from nlp.extract.pipeline import load_pipeline, resolve_model, resolve_ner, resolve_quotes

    files = sorted(args.data.rglob("*.txt"))[: args.limit]
    texts = [path.read_bytes().decode("utf-8", errors="replace") for path in files]
    words = sum(len(text.split()) for text in texts)
    model, ner = resolve_model(None), resolve_ner("hybrid")
    variants = [("rules", "rules", False), ("hybrid", "hybrid", False)] + [("hybrid, cue sentences only", "hybrid", True)] * args.cue_sentences
    pipelines = {}
    for label, quotes, cue_sentences_only in variants:
        pipelines[label] = load_pipeline(model, None, ner, 1, resolve_quotes(quotes))
        if quotes != "rules":
            pipelines[label].get_pipe("presslens_attribution_tagger").cue_sentences_only = cue_sentences_only
        list(pipelines[label].pipe(texts[:2]))  # first calls allocate; not part of the steady cost
    seconds = dict.fromkeys(pipelines, 0.0)
    for round_number in range(1, args.rounds + 1):
        for label, pipeline in pipelines.items():
            clock = time.process_time()
            quotes_found = sum(len(doc._.quotes) for doc in pipeline.pipe(texts, batch_size=32))
            spent = time.process_time() - clock
            seconds[label] += spent
            print(f"round {round_number} {label:26s} {spent:7.1f} CPU s ({words:,} words, {len(texts)} articles, {quotes_found:,} quotes)")
    for label in list(pipelines)[1:]:
        print(f"{label} / rules: {seconds[label] / seconds['rules']:.1%} CPU time ({args.rounds} rounds)")


if __name__ == "__main__":
    main()

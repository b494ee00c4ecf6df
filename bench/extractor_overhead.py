"""What quote attribution and claim extraction add to `analyze` time, on the BBC articles.

Runs the analysis pipeline over the articles with `presslens_quotes` and
`presslens_claims` switched off (everything else `analyze` does per document:
parse, recognizer, entity clustering), then times each of the two components
on the same parsed documents, and prints each as a share of the rest. One
process, one core: the shares are what the components cost per document.

    .venv/bin/python bench/extractor_overhead.py [--data DIR] [--limit N] [--ner spacy|hybrid]
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from common import DEFAULT_DATA

from nlp.extract.pipeline import load_pipeline, resolve_model, resolve_ner
from nlp.io.read import discover, read_articles

EXTRACTORS = ("presslens_quotes", "presslens_claims")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="folder of articles (default: ../shared/data/bbc)")
    parser.add_argument("--limit", type=int, default=None, help="only the first N articles")
    parser.add_argument("--ner", default="spacy", help="recognizer: spacy (default, the faster baseline) or hybrid")
    args = parser.parse_args()
    if not args.data.is_dir():
        raise SystemExit(f"No data folder at {args.data}; pass --data DIR.")
    texts = [article.text for article in read_articles(discover([args.data])[: args.limit]) if article.text]
    pipeline = load_pipeline(resolve_model(None), None, resolve_ner(args.ner))
    pipeline(texts[0])  # load lexicons and warm caches outside the timings

    started = time.perf_counter()
    docs = list(pipeline.pipe(texts, batch_size=32, disable=list(EXTRACTORS)))
    base = time.perf_counter() - started
    words = sum(1 for doc in docs for token in doc if not (token.is_punct or token.is_space))
    print(f"{len(docs):,} articles, {words:,} words, recognizer {args.ner}")
    print(f"pipeline without the two extractors: {base:.1f} s ({words / base:,.0f} words/s)")
    for name in EXTRACTORS:  # quotes first: claims read the quotes' speakers
        component = pipeline.get_pipe(name)
        started = time.perf_counter()
        for doc in docs:
            component(doc)
        spent = time.perf_counter() - started
        print(f"{name}: {spent:.2f} s, {100 * spent / base:.1f}% of the rest of the pipeline")


if __name__ == "__main__":
    main()

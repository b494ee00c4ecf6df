"""Pair precision and recall of the stories compare finds, against a corpus's event field.

Reads an out folder that `presslens analyze` wrote on articles with an event
field (news_cluster's newsCluster.Event), hides the field from story finding
(`find_stories` sees doc_id, published date, title, lead and entities only)
and prints, per half of the events and for all of them: pair precision (of the
article pairs put in one story, the share that share an event), pair recall (of
the pairs of one event, the share put in one story), stories and events. The
events are split once by the SHA-256 of the event id: even last byte `tune`,
odd `check`. Each half is clustered on its own articles only, so settings
chosen on the tuning half never see the check half's articles; `all` clusters
the whole corpus, as `compare --find-stories` does.

    .venv/bin/presslens analyze /work/shared/data/news_cluster --out /tmp/nc --quiet
    .venv/bin/python bench/stories_accuracy.py --out /tmp/nc [--errors]

`--errors` also lists the tuning half's missed and wrong pairs (titles and
scores' parts), never the check half's.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import time
from pathlib import Path

import numpy as np
import pandas as pd

from nlp.comparison.compare import NO_GROUP, document_groups
from nlp.comparison.embed import Embedder
from nlp.comparison.stories import document_leads, find_stories
from nlp.io.lookup import article_texts
from nlp.io.store import read_table

HALVES = ("tune", "check")


def event_half(event: str) -> str:
    """`tune` or `check`: the half of the events `event` falls in, by its SHA-256."""
    return HALVES[hashlib.sha256(event.encode()).digest()[-1] % 2]


def pairs(labels: np.ndarray) -> np.ndarray:
    """Upper-triangle mask of the pairs that carry the same label."""
    return np.triu(labels[:, None] == labels[None, :], k=1)


def score(found: np.ndarray, events: np.ndarray) -> tuple[float, float, int, int]:
    """(pair precision, pair recall, found pairs, event pairs) of found story labels against events."""
    together, same = pairs(found), pairs(events)
    hits = (together & same).sum()
    return hits / max(together.sum(), 1), hits / max(same.sum(), 1), int(together.sum()), int(same.sum())


def run_half(documents: pd.DataFrame, entities: pd.DataFrame, embedder: Embedder, leads: list[tuple[str, ...]]) -> np.ndarray:
    """Story ids per document of `documents` (in their order), found without the event field."""
    hidden = documents[["doc_id", "title", "published"]].reset_index(drop=True)
    stories = find_stories(hidden, entities[entities["doc_id"].isin(hidden["doc_id"])], embedder, leads)
    return hidden["doc_id"].map(dict(zip(stories["doc_id"], stories["story_id"]))).to_numpy()


def show_errors(documents: pd.DataFrame, found: np.ndarray, events: np.ndarray) -> None:
    """The tuning half's missed pairs (one event, two stories) and wrong ones (one story, two events)."""
    together, same = pairs(found), pairs(events)
    titles = documents["title"].fillna("").str.slice(0, 70).tolist()
    dates = documents["published"].astype(str).str.slice(0, 10).tolist()
    for name, mask in (("missed", same & ~together), ("wrong", together & ~same)):
        rows, cols = np.nonzero(mask)
        print(f"\n{name} pairs: {len(rows)}")
        for a, b in zip(rows, cols):
            print(f"  [{events[a][:20]} / {events[b][:20]}] {dates[a]} {titles[a]}\n      {dates[b]} {titles[b]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, required=True, help="an out folder that `presslens analyze` wrote on articles with an event field")
    parser.add_argument("--errors", action="store_true", help="list the tuning half's missed and wrong pairs")
    parser.add_argument("--threads", type=int, default=len(os.sched_getaffinity(0)))
    args = parser.parse_args()
    documents = read_table(args.out, "documents")
    documents = documents[documents["status"] == "ok"].reset_index(drop=True)
    events = document_groups(documents, "event")
    documents, events = documents[events != NO_GROUP].reset_index(drop=True), events[events != NO_GROUP].reset_index(drop=True)
    entities = read_table(args.out, "entities")
    leads = document_leads(documents, article_texts(args.out))
    embedder = Embedder(threads=args.threads, cache_dir=args.out / ".presslens")
    half = events.map(event_half)
    errors = None
    print("half   precision  recall  stories  events  articles  (pairs found / pairs of one event)")
    for name in (*HALVES, "all"):
        keep = (half == name).to_numpy() if name != "all" else np.ones(len(documents), dtype=bool)
        started = time.perf_counter()
        found = run_half(documents[keep], entities, embedder, [lead for lead, kept in zip(leads, keep) if kept])
        precision, recall, n_found, n_same = score(found, events[keep].to_numpy())
        print(
            f"{name:6} {precision:9.1%} {recall:7.1%} {len(set(found)):8} {events[keep].nunique():7} {keep.sum():9}"
            f"  ({n_found} / {n_same}; {time.perf_counter() - started:.1f} s)"
        )
        if args.errors and name == "tune":
            errors = (documents[keep].reset_index(drop=True), found, events[keep].to_numpy())
    if errors is not None:
        show_errors(*errors)


if __name__ == "__main__":
    main()

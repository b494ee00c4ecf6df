"""Fitting the claim-link model (`nlp.comparison.link_model`) on the compare gold's tuning split.

`link_examples(out_dir, gold_path, split)` takes an out folder that `analyze`
wrote for the gold's articles (news_cluster) and returns one example per pair
of claims that `candidate_pairs` leaves in a story of the split: its FEATURES,
its label (1 when both claims are mentions of one gold quantity, 0 when they
are mentions of two, or one is no gold quantity) and its story. `fit_link_model`
returns a logistic regression whose regularisation is chosen by
cross-validation over stories (never over pairs: pairs of one story share
sentences), with its held-out figures. Run from the repository root:

    .venv/bin/python -m nlp.train.link_model OUT_DIR --gold bench/compare-gold.jsonl
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score, log_loss
from sklearn.model_selection import GroupKFold

from nlp.comparison.claim_groups import comparable_blocks
from nlp.comparison.compare import load_corpus, story_claims
from nlp.comparison.embed import Embedder
from nlp.comparison.link_model import FEATURES, KINDS, MODEL_PATH, LinkModel, block_features
from nlp.eval.compare import _doc_ids, _tag_rows, read_gold

C_GRID = (0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0)  # inverse L2 strengths tried
FOLDS = 5
THRESHOLDS = (0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6)  # probabilities from which a pair may link


def link_examples(out_dir: Path, gold_path: Path, split: str = "tuning") -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(FEATURES per candidate pair of the split's stories, each pair's kind (KINDS), labels, story_ids)."""
    items = read_gold(gold_path)
    embedder = Embedder(cache_dir=out_dir / ".presslens")
    corpus, _ = load_corpus(out_dir, "event", embedder)
    ids = _doc_ids(corpus.documents)
    split_docs = {ids[m["file"]] for item in items if item.get("split") == split for m in item["mentions"] if m["file"] in ids}
    claims = story_claims(corpus)
    stories = set(claims.loc[claims["doc_id"].isin(split_docs), "story_id"])
    claims = claims[claims["story_id"].isin(stories)].reset_index(drop=True)
    claims = claims.assign(item=_tag_rows(claims, [item for item in items if item["kind"] == "quantity"], "quantity", ids))
    blocks = comparable_blocks(claims, corpus.entities, embedder)
    features, kinds, labels, groups = [], [], [], []
    for members in ([] if blocks is None else blocks.claims.groupby(blocks.block_of).indices.values()):
        if len(members) < 2:
            continue
        found, rows, pair_kinds = block_features(blocks.block_pairs(members))
        tags = blocks.claims["item"].to_numpy()[members]
        features.append(rows)
        kinds.append(pair_kinds)
        labels += [int(tags[x] >= 0 and tags[x] == tags[y]) for x, y in found]
        groups += [blocks.claims["story_id"].iloc[members[0]]] * len(found)
    if not features:
        return np.zeros((0, len(FEATURES))), np.zeros(0, dtype=int), np.zeros(0, dtype=int), np.array([])
    return np.vstack(features), np.concatenate(kinds), np.array(labels), np.array(groups)


def fit_link_model(features: np.ndarray, kinds: np.ndarray, labels: np.ndarray, groups: np.ndarray) -> tuple[LinkModel, dict]:
    """One regression per kind of pair, each fitted on all its examples at the C that held-out stories score best
    (log-loss), and the cross-validation figures."""
    fitted = [_fit_kind(features[kinds == kind], labels[kinds == kind], groups[kinds == kind]) for kind in range(len(KINDS))]
    arrays = [np.array([part[index] for part in fitted]) for index in range(5)]
    figures = {name: part[5] for name, part in zip(KINDS, fitted)}
    return LinkModel(*arrays), {"pairs": len(labels), "positives": int(labels.sum()), "stories": len(set(groups)), **figures}


def _fit_kind(features: np.ndarray, labels: np.ndarray, groups: np.ndarray) -> tuple:
    """(mean, scale, coef, intercept, threshold, figures) of one kind's regression: the threshold is the one whose
    held-out links score the best F1 at the chosen C."""
    mean, scale = features.mean(axis=0), features.std(axis=0)
    scale[scale == 0] = 1.0
    z = (features - mean) / scale
    folds = list(GroupKFold(n_splits=min(FOLDS, len(set(groups)))).split(z, labels, groups))
    scores, held = {}, {}
    for c in C_GRID:
        held[c] = np.zeros(len(labels))
        for train, test in folds:
            held[c][test] = LogisticRegression(C=c, max_iter=1000).fit(z[train], labels[train]).predict_proba(z[test])[:, 1]
        scores[c] = {"log_loss": round(log_loss(labels, held[c]), 4), "f1": {str(t): round(f1_score(labels, held[c] >= t), 4) for t in THRESHOLDS}}
    best = min(C_GRID, key=lambda c: scores[c]["log_loss"])
    threshold = max(THRESHOLDS, key=lambda t: scores[best]["f1"][str(t)])
    model = LogisticRegression(C=best, max_iter=1000).fit(z, labels)
    figures = {"C": best, "threshold": threshold, "pairs": len(labels), "positives": int(labels.sum()), "cv": {str(c): score for c, score in scores.items()}}
    return mean, scale, model.coef_[0], float(model.intercept_[0]), threshold, figures


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Fit the claim-link model on the compare gold's tuning split.")
    parser.add_argument("out_dir", type=Path, help="the out folder analyze wrote for news_cluster")
    parser.add_argument("--gold", type=Path, default=Path("bench/compare-gold.jsonl"))
    parser.add_argument("--model", type=Path, default=MODEL_PATH, help="where to write model.json")
    args = parser.parse_args(argv)
    model, figures = fit_link_model(*link_examples(args.out_dir, args.gold, "tuning"))
    args.model.parent.mkdir(parents=True, exist_ok=True)
    args.model.write_text(json.dumps({**model.to_json(), "training": {"split": "tuning", **figures}}, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(figures, indent=1))
    for name, weights in zip(FEATURES, model.coef.T):
        print(f"{name:18} " + " ".join(f"{kind} {weight:+.3f}" for kind, weight in zip(KINDS, weights)))


if __name__ == "__main__":
    main()

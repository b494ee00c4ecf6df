"""The learned link: whether two claims of one block measure the same quantity, from a small logistic regression.

`claim_links(pairs)` takes one block's `BlockPairs` and returns a symmetric
boolean matrix of links: each pair that `candidate_pairs` leaves (no rule about
meaning keeps it apart) is linked when the model's probability reaches its
threshold. `block_features(pairs)` gives the candidate pairs and the model's
inputs (FEATURES); `link_model()` reads the shipped coefficients
(`models/claim_links/model.json`, fitted on the tuning half of the compare gold
by `python -m nlp.train.link_model`).
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd

from nlp.comparison.claim_links import BlockPairs, _has_quantity, _overlap, _phrases_agree, _same_open_bound, _time_of_day, candidate_pairs, near_figures, predicate
from nlp.lexicons import MODELS_DIR

MODEL_PATH = MODELS_DIR / "claim_links" / "model.json"
HOURS_MAX = 48  # hours apart beyond which a gap tells no more (the update rule's 12 hours lies within)
SPECIFICITY_FLOOR = 1e-6  # the least relative rounding width counted (a figure of 6 significant digits or more)
SHARED_ENTITIES_MAX = 3  # named entities both sentences name, counted up to this many

FEATURES = (
    "sentence",  # cosine of the two masked sentences
    "quantity",  # cosine of the quantity phrases (0 when neither names one: two units say nothing)
    "predicate",  # cosine of the predicates when both name one ("injured", "wounded"), else 0
    "both_predicates",
    "same_noun",  # one counted noun or unit key
    "log_ratio",  # |log| of the figures' ratio
    "near_figures",  # within 5% of each other
    "specificity",  # -log10 of the rounding width over the figure, the vaguer figure's: "2" coincides, "$5,967.34" rarely
    "same_qualifier",  # one qualifier kind ("about", "more than", "up to", none)
    "same_open_bound",  # both bound one side alike ("up to 10 years", "up to 14 years")
    "hours",  # hours between the two publications, capped, in days
    "hours_unknown",
    "shared_entities",  # named entities of both sentences, capped
    "unnamed",  # how many of the two name no quantity, only a unit (0, 1, 2)
    "phrases_agree",  # quantity phrases one without numbers and articles, or a bare noun and its phrase
    "times_of_day",  # both are times of day
)


KINDS = ("same", "different")  # one figure within rounding, or two: each kind of pair has its own regression


@dataclass(frozen=True)
class LinkModel:
    """One logistic regression on standardised FEATURES per kind of pair (KINDS, rows of each array): a pair links
    when sigmoid(intercept + coef · z) of its kind reaches its kind's threshold."""

    mean: np.ndarray
    scale: np.ndarray
    coef: np.ndarray
    intercept: np.ndarray
    threshold: np.ndarray

    def probability(self, features: np.ndarray, kinds: np.ndarray) -> np.ndarray:
        """The probability that each row of `features` (columns in FEATURES order) is one quantity; `kinds` holds
        each row's index into KINDS."""
        z = (features - self.mean[kinds]) / self.scale[kinds]
        return 1.0 / (1.0 + np.exp(-((z * self.coef[kinds]).sum(axis=1) + self.intercept[kinds])))

    def to_json(self) -> dict:
        arrays = {key: getattr(self, key).tolist() for key in ("mean", "scale", "coef", "intercept", "threshold")}
        return {"features": list(FEATURES), "kinds": list(KINDS), **arrays}

    @classmethod
    def from_json(cls, data: dict) -> LinkModel:
        if tuple(data["features"]) != FEATURES:
            raise ValueError(f"{MODEL_PATH}: fitted on features {data['features']}, this code computes {list(FEATURES)}; refit it")
        return cls(*(np.array(data[key], dtype=float) for key in ("mean", "scale", "coef", "intercept", "threshold")))


@cache
def link_model(path: Path = MODEL_PATH) -> LinkModel:
    """The shipped link model."""
    return LinkModel.from_json(json.loads(path.read_text(encoding="utf-8")))


def _features(a: dict, b: dict, pairs: BlockPairs, x: int, y: int) -> list[float]:
    unnamed = (not _has_quantity(a)) + (not _has_quantity(b))
    sentence = float(pairs.similarity[x, y])
    quantity = float(pairs.quantity_similarity[x, y]) if unnamed < 2 else 0.0
    both_predicates = bool(predicate(a)) and bool(predicate(b))
    low, high = sorted((abs(float(a["value"])), abs(float(b["value"]))))
    hours = None if pd.isna(a.get("published_at")) or pd.isna(b.get("published_at")) else abs((a["published_at"] - b["published_at"]).total_seconds()) / 3600
    qualifiers = [row.get("qualifier") if isinstance(row.get("qualifier"), str) else "=" for row in (a, b)]
    return [
        sentence,
        quantity,
        float(pairs.predicate_similarity[x, y]) if both_predicates else 0.0,
        float(both_predicates),
        float(a.get("unit_key") == b.get("unit_key")),
        math.log(high / low) if low > 0 else math.log(1 + high),
        float(near_figures(a, b)),
        min(_specificity(pairs.bounds[x][0], a["value"]), _specificity(pairs.bounds[y][0], b["value"])),
        float(qualifiers[0] == qualifiers[1]),
        float(_same_open_bound(a, b)),
        0.0 if hours is None else min(hours, HOURS_MAX) / 24,
        float(hours is None),
        float(min(len(pairs.keys[x] & pairs.keys[y]), SHARED_ENTITIES_MAX)),
        float(unnamed),
        float(_phrases_agree(a, b)),
        float(_time_of_day(a) and _time_of_day(b)),
    ]


def _specificity(bounds: tuple[float, float], value: float) -> float:
    """How many significant digits a figure as written has, about: -log10(its rounding width / the figure)."""
    return -math.log10(max((bounds[1] - bounds[0]) / max(abs(float(value)), SPECIFICITY_FLOOR), SPECIFICITY_FLOOR))


def block_features(pairs: BlockPairs) -> tuple[list[tuple[int, int]], np.ndarray, np.ndarray]:
    """(the candidate pairs of a block, their FEATURES as rows, each pair's kind: an index into KINDS)."""
    rows = pairs.block.to_dict("records")
    found = candidate_pairs(pairs)
    features = np.array([_features(rows[x], rows[y], pairs, x, y) for x, y in found], dtype=float).reshape(len(found), len(FEATURES))
    return found, features, np.array([int(not _overlap(pairs.bounds[x][0], pairs.bounds[y][0])) for x, y in found], dtype=int)


def claim_links(pairs: BlockPairs, model: LinkModel | None = None) -> np.ndarray:
    """Which pairs of one block's claims measure the same thing (a symmetric boolean matrix)."""
    model = model or link_model()
    links = np.zeros(pairs.similarity.shape, dtype=bool)
    found, features, kinds = block_features(pairs)
    if found:
        linked = model.probability(features, kinds) >= model.threshold[kinds]
        for (x, y), link in zip(found, linked):
            links[x, y] = links[y, x] = link
    return links

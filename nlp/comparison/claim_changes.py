"""Opposite changes: one quantity's move reported up by one outlet and down by another.

Claims of a change ("fell 3%", "edged up 0.2 percent") are grouped in blocks of
one direction, so two outlets reporting the same day's move of one thing in
opposite directions never meet there. `change_subjects(claims, entities)`
takes the claims and the entities tables and returns, for each claim, the
named entities its sentence gives before the figure (after any earlier figure
of that sentence): what moved ("Broadcom (AVGO) gave up gains to fall 3%" ->
Broadcom, AVGO). `join_opposite_changes(labels, claims, similarity, subjects)`
joins the clusters of two claims of opposite directions when they name one
subject, come from two documents published within a day of each other, give
no two different periods ("on the year", "from intra-day lows") and sit in
sentences as close as two different figures of one quantity need
(DIFFERENT_FIGURE_SIMILAR_MIN). `join_opposite_moves` does so for every story
and unit. `opposite_changes(rows, update_hours)` gives such a group's status
and reason: `differ` when the move is an update (the reports published
`update_hours` apart, or one article states both), else `conflict`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from nlp.comparison.claim_links import DIFFERENT_FIGURE_SIMILAR_MIN, times_compatible
from nlp.comparison.stories import named_entities

SAME_DAY_HOURS = 24  # reports of one day's move are published at most this far apart
DIRECTIONS = ("up", "down")


def change_subjects(claims: pd.DataFrame, entities: pd.DataFrame) -> list[frozenset[str]]:
    """For each claim of a change, the named entity keys of its sentence between the previous figure of that sentence
    (or its start) and its own figure: the thing that moved. Other claims get an empty set."""
    if not claims["change"].isin(DIRECTIONS).any():
        return [frozenset()] * len(claims)
    named = named_entities(entities)
    spans = named.groupby(["doc_id", "sentence"])[["start", "entity_key"]].agg(list).to_dict("index")
    starts = claims.groupby(["doc_id", "sentence"])["start"].agg(sorted).to_dict()
    subjects = []
    for doc_id, sentence, start, change in zip(claims["doc_id"], claims["sentence"], claims["start"], claims["change"]):
        if change not in DIRECTIONS:
            subjects.append(frozenset())
            continue
        earlier = [other for other in starts.get((doc_id, sentence), []) if other < start]
        after = earlier[-1] if earlier else -1
        found = spans.get((doc_id, sentence), {"start": [], "entity_key": []})
        subjects.append(frozenset(key for at, key in zip(found["start"], found["entity_key"]) if after < at < start))
    return subjects


def join_opposite_changes(labels: np.ndarray, claims: pd.DataFrame, similarity: np.ndarray, subjects: list[frozenset[str]]) -> np.ndarray:
    """`labels` (one cluster id per claim of `claims`, a story's claims of one unit) with the clusters of two opposite
    moves of one subject joined; `similarity` holds the claims' masked-sentence cosines."""
    rows = claims.to_dict("records")
    labels = labels.copy()
    for x, first in enumerate(rows):
        for y in range(x + 1, len(rows)):
            second = rows[y]
            if {first["change"], second["change"]} != set(DIRECTIONS) or first["doc_id"] == second["doc_id"]:
                continue
            # Moves over two stated periods ("on the year", "from intra-day lows") are two quantities.
            if not times_compatible(first["time"], second["time"]) or similarity[x, y] < DIFFERENT_FIGURE_SIMILAR_MIN:
                continue
            if _same_subject(subjects[x], subjects[y]) and _within_day(first, second):
                labels[labels == labels[y]] = labels[x]
    return labels


def with_published_at(claims: pd.DataFrame) -> pd.DataFrame:
    """The claims with `published_at`, their article's publication parsed once (NaT when unknown), which
    `hours_apart` and `published_at` read for every pair of a group."""
    published = claims["published"] if "published" in claims.columns else pd.Series(None, index=claims.index, dtype=object)
    return claims.assign(published_at=pd.to_datetime(published, errors="coerce", utc=True, format="mixed"))


def hours_apart(first: dict, second: dict) -> float | None:
    """Hours between two claims' publication (rows of `with_published_at`); None when a date is missing."""
    a, b = first["published_at"], second["published_at"]
    return None if pd.isna(a) or pd.isna(b) else abs((a - b).total_seconds()) / 3600


def join_opposite_moves(claims: pd.DataFrame, story_units: pd.Series, sentences: np.ndarray, entities: pd.DataFrame) -> np.ndarray:
    """The claims' `claim_group` labels with opposite moves of one subject joined (see `join_opposite_changes`);
    `story_units` holds each claim's story and unit, `sentences` its masked-sentence embedding."""
    labels = claims["claim_group"].to_numpy().copy()
    subjects = change_subjects(claims, entities)
    for members in claims.groupby(story_units.where(claims["change"].isin(DIRECTIONS))).indices.values():
        similarity = sentences[members] @ sentences[members].T
        labels[members] = join_opposite_changes(labels[members], claims.iloc[members], similarity, [subjects[i] for i in members])
    return labels


def published_at(row: dict) -> pd.Timestamp:
    """When a claim's article was published (a row of `with_published_at`; the earliest time when unknown, for ordering)."""
    stamp = row["published_at"]
    return stamp if pd.notna(stamp) else pd.Timestamp.min.tz_localize("UTC")


def _same_subject(first: frozenset[str], second: frozenset[str]) -> bool:
    """Whether two claims' subjects share an entity, one outlet's key possibly a longer form of the other's name
    ("org:broadcom", "org:broadcom-ltd"; "org:qualcomm", "org:qualcomm-inc")."""
    names = [[key.split(":", 1)[-1].split("-") for key in keys] for keys in (first, second)]
    return any(a[: len(b)] == b or b[: len(a)] == a for a in names[0] for b in names[1])


def _within_day(first: dict, second: dict) -> bool:
    hours = hours_apart(first, second)
    return hours is not None and hours < SAME_DAY_HOURS


def signed_values(members: pd.DataFrame) -> pd.Series:
    """The members' figures, a fall negative when the group holds moves of both directions."""
    downs = members["change"] == "down"
    both = downs.any() and (members["change"] == "up").any()
    return members["value"].where(~(downs & both), -members["value"])


def opposite_changes(rows: list[dict], update_hours: float) -> tuple[str, str] | None:
    """(status, reason) of a group's rows (`with_published_at`) holding moves of both directions, else None: `differ` when one article states both
    or two reports were published `update_hours` or more apart (the move turned during the day), else `conflict`."""
    ups = [row for row in rows if row.get("change") == "up"]
    downs = [row for row in rows if row.get("change") == "down"]
    if not ups or not downs:
        return None
    pair = f"down {said(downs[0])} vs up {said(ups[0])}"
    one_article = {row["doc_id"] for row in ups} & {row["doc_id"] for row in downs}
    hours = [hours_apart(up, down) for up in ups for down in downs]
    if one_article or (None not in hours and min(hours) >= update_hours):
        return "differ", f"an update, moves in opposite directions: {pair}"
    return "conflict", f"moves in opposite directions: {pair}"


def said(row: dict) -> str:
    """A claim's text and its outlet, for reasons."""
    return f"{row['text']!s} ({row.get('outlet') or row['doc_id']})"

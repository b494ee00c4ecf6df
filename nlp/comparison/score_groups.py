"""Score groups: one match's result ("won 3-1", "a 3-2 victory") as two or more articles of a story report it.

Analyze gives a score one claim per side (quantity `SCORE_QUANTITY`, no unit),
so its sides never join the counted or measured claims, and each side alone
says nothing: "3-1" and "3-2" share a 3. `score_results(claims)` takes the
claims table and returns one row per result in an article's reporting
(`group_filters.reporting`): two score claims of one sentence joined by a
dash ("26-24", "3 - 1"), with their `sides` (larger first, as "won 3-1" and
"lost 1-3" report one result) and both `claim_ids`; a run of three or more numbers ("went 7-8-1", a record) is
no result. `score_groups(claims, entities, embedder)` links the results of
two documents of one story as claim_links links figures (the same result on
sentences at SAME_FIGURE_SIMILAR_MIN when they name a shared entity, else
SAME_FIGURE_ALONE; two different results on sentences at
DIFFERENT_RESULT_SIMILAR_MIN that name a shared entity, the teams, and state
neither other result), groups them by complete linkage and returns
claim_groups rows: `agree` when every result is the same, else `conflict`:
a match played has one result, whenever it is reported.
"""

from __future__ import annotations

import re
from collections import Counter

import numpy as np
import pandas as pd

from nlp.comparison.claim_changes import said
from nlp.comparison.group_filters import reporting
from nlp.comparison.claim_links import SAME_FIGURE_ALONE, SAME_FIGURE_SIMILAR_MIN, complete_linkage, masked_sentence, sentence_entity_keys, times_compatible
from nlp.comparison.embed import Embedder
from nlp.comparison.score_sides import result_teams, same_result, told
from nlp.comparison.stories import named_entities
from nlp.extract.claim_scores import SCORE_QUANTITY

DASH = r"\s?[-–—]\s?"
SIDE_GAP = 3  # the most characters between a result's two sides: a dash and a space either side
# Sentence cosine from which two different results are one match's result reported two ways. A story reports many
# results of one game or season in alike sentences ("a 5-1 lead", "making the score 5-3", "led 20-0 at halftime",
# "a 34-6 win": up to 0.76 on news_cluster), and a score names no quantity phrase to tell them apart; two outlets'
# sentences of one result reach 0.8 ("Arsenal beat Chelsea 3-1", "Chelsea lost 3-2 to Arsenal").
DIFFERENT_RESULT_SIMILAR_MIN = 0.8
RESULT_FIELDS = ("doc_id", "story_id", "outlet", "group", "published", "sentence", "sentence_text", "time", "source")


def score_results(claims: pd.DataFrame) -> pd.DataFrame:
    """One row per result stated by two score sides of one sentence (see the module docstring)."""
    scores = claims[claims["quantity"] == SCORE_QUANTITY]
    if scores.empty:
        return pd.DataFrame()
    scores = scores[reporting(scores)].sort_values(["doc_id", "sentence", "start"])
    rows = scores.to_dict("records")
    results = []
    for first, second in zip(rows, rows[1:]):
        if (first["doc_id"], first["sentence"]) != (second["doc_id"], second["sentence"]) or not 0 < second["start"] - first["end"] <= SIDE_GAP:
            continue
        # Neither side may run on into another number ("7-8-1"): a record of wins, losses and ties is no result.
        written = re.search(rf"(?<![\d\-–—]){re.escape(str(first['text']))}{DASH}{re.escape(str(second['text']))}(?!\d|{DASH}\d)", str(first["sentence_text"] or ""))
        if written is None:
            continue
        as_written = (float(first["value"]), float(second["value"]))
        results.append({
            **{field: first.get(field) for field in RESULT_FIELDS},
            "text": written[0], "sides": tuple(sorted(as_written, reverse=True)), "as_written": as_written,
            "span": written.span(), "sentence_start": first["start"] - written.start(), "claim_ids": [first["claim_id"], second["claim_id"]],
        })
    return pd.DataFrame(results)


def score_groups(claims: pd.DataFrame, entities: pd.DataFrame, embedder: Embedder) -> list[dict]:
    """claim_groups rows for the results that two or more documents of one story report."""
    results = score_results(claims)
    if results.empty:
        return []
    results = results[results.groupby("story_id")["doc_id"].transform("nunique") > 1].reset_index(drop=True)
    if results.empty:
        return []
    sentences = embedder.embed([masked_sentence(result) for result in results.to_dict("records")])
    keys = sentence_entity_keys(results, entities)
    results["teams"] = with_teams(results, entities)
    rows = []
    for members in results.groupby("story_id").indices.values():
        story = results.iloc[members]
        similarity = sentences[members] @ sentences[members].T
        story_keys = [keys[i] for i in members]
        labels = join_one_result(story, complete_linkage(result_links(story, similarity, story_keys), similarity), story_keys)
        rows += [_score_row(story.iloc[np.nonzero(labels == label)[0]]) for label in np.unique(labels)]
    return [row for row in rows if row is not None]


def with_teams(results: pd.DataFrame, entities: pd.DataFrame) -> list[tuple]:
    """Each result's `result_teams`, from the named entities of its sentence (none when entities carry no offsets)."""
    if results.empty or not {"start", "end"} <= set(entities.columns):
        return [()] * len(results)
    named = named_entities(entities)
    by_sentence = {key: rows.to_dict("records") for key, rows in named.groupby(["doc_id", "sentence"])}
    teams = []
    for result in results.to_dict("records"):
        offset = result["sentence_start"]
        names = sorted(
            (int(row["start"]) - offset, int(row["end"]) - offset, str(row["text"]))
            for row in by_sentence.get((result["doc_id"], result["sentence"]), [])
            if not (row["start"] - offset < result["span"][1] and row["end"] - offset > result["span"][0])  # a name is never the score
        )
        teams.append(result_teams(str(result["sentence_text"] or ""), result["span"], result["as_written"], names))
    return teams


def join_one_result(results: pd.DataFrame, labels: np.ndarray, keys: list[frozenset[str]]) -> np.ndarray:
    """Join the clusters of one story that state one result (`same_result` for every two members) and name a team in
    common (an entity key of half or more of each cluster's sentences), or of which at most one names a team, so
    nothing tells two games apart: complete linkage splits a result stated alike in many articles (wordings that
    are far apart need not all be linked pair by pair)."""
    rows, labels = results.to_dict("records"), labels.copy()
    for sides in results["sides"].unique():
        clusters = [np.nonzero(labels == label)[0] for label in np.unique(labels)]
        clusters = [cluster for cluster in clusters if all(rows[member]["sides"] == sides for member in cluster)]
        teams = [_cluster_teams(cluster, keys) for cluster in clusters]
        pairs = [(i, j) for i in range(len(clusters)) for j in range(i + 1, len(clusters))]
        one = {pair for pair in pairs if all(same_result(rows[x], rows[y]) for x in clusters[pair[0]] for y in clusters[pair[1]])}
        for i, j in sorted(one):
            if teams[i] & teams[j]:
                labels[labels == labels[clusters[j][0]]] = labels[clusters[i][0]]
        if len({labels[cluster[0]] for cluster, named in zip(clusters, teams) if named}) <= 1:
            for i, j in sorted(one):
                labels[labels == labels[clusters[j][0]]] = labels[clusters[i][0]]
    return labels


def _cluster_teams(members: np.ndarray, keys: list[frozenset[str]]) -> frozenset[str]:
    """The entity keys named in half or more of a cluster's sentences."""
    counts = Counter(key for member in members for key in keys[member])
    return frozenset(key for key, count in counts.items() if 2 * count >= len(members))


def result_links(results: pd.DataFrame, similarity: np.ndarray, keys: list[frozenset[str]]) -> np.ndarray:
    """Which pairs of one story's results may report one match's result (a symmetric boolean matrix)."""
    rows = results.to_dict("records")
    links = np.zeros(similarity.shape, dtype=bool)
    for x in range(len(rows)):
        for y in range(x + 1, len(rows)):
            a, b = rows[x], rows[y]
            if (a["doc_id"], a["sentence"]) == (b["doc_id"], b["sentence"]) or not times_compatible(a["time"], b["time"]):
                continue
            shared = bool(keys[x] & keys[y])
            if same_result(a, b):
                linked = similarity[x, y] >= (SAME_FIGURE_SIMILAR_MIN if shared else SAME_FIGURE_ALONE)
            else:
                # A story states many scores of one game ("a 5-1 lead", "making the score 5-3"): two different results
                # are one only from two articles, about the same teams, in close sentences that state no other result.
                # One score with the winner reversed ("Arsenal 1-2 Chelsea", "Arsenal 2-1 Chelsea") states itself, no other.
                stated = a["sides"] != b["sides"] and (_states(a, b) or _states(b, a))
                linked = a["doc_id"] != b["doc_id"] and shared and similarity[x, y] >= DIFFERENT_RESULT_SIMILAR_MIN and not stated
            links[x, y] = links[y, x] = linked
    return links


def _states(result: dict, other: dict) -> bool:
    """Whether a result's sentence also states the other result, in either order ("3-1", "1-3")."""
    high, low = (f"{side:g}" for side in other["sides"])
    pattern = rf"(?<![\d.]){high}{DASH}{low}(?!\d)|(?<![\d.]){low}{DASH}{high}(?!\d)"
    return re.search(pattern, str(result["sentence_text"] or "")) is not None


def _score_row(members: pd.DataFrame) -> dict | None:
    """The claim_groups row of one cluster of results, None when one document states them all. `min` and `max` are
    of the side that differs most between the results (the larger side when they agree)."""
    if members["doc_id"].nunique() < 2:
        return None
    rows = members.to_dict("records")
    sides = np.array([row["sides"] for row in rows])
    spreads = [(sides[:, side].max() - sides[:, side].min()) / sides[:, side].max() if sides[:, side].max() else 0.0 for side in (0, 1)]
    side = int(np.argmax(spreads))
    different = [(a, b) for i, a in enumerate(rows) for b in rows[i + 1 :] if not same_result(a, b)]
    if not different:
        status, reason = "agree", f"all {len(rows)} reports state the result {told(max(rows, key=lambda row: len(row['teams'])))}"
    else:
        first, second = sorted(different[0], key=lambda row: row["sides"])
        status, reason = "conflict", f"different results of one match: {said({**first, 'text': told(first)})} vs {said({**second, 'text': told(second)})}"
    times = members["time"].dropna()
    return {
        "story_id": rows[0]["story_id"],
        "unit": SCORE_QUANTITY,
        "quantity": SCORE_QUANTITY,
        "time": times.value_counts().index[0] if len(times) else None,
        "n_claims": sum(len(row["claim_ids"]) for row in rows),
        "n_docs": members["doc_id"].nunique(),
        "groups": "; ".join(sorted(members["group"].dropna().astype(str).unique())),
        "min": float(sides[:, side].min()),
        "max": float(sides[:, side].max()),
        "spread": round(spreads[side], 4),
        "status": status,
        "reason": reason,
        "claim_ids": [claim_id for row in rows for claim_id in row["claim_ids"]],
    }

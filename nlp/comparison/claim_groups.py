"""Claim groups: the numeric claims of a story's articles about one quantity, and whether the outlets agree.

`claim_groups(claims, entities, embedder)` takes the claims table joined with
each document's story_id, outlet, group and published date, and returns the
`claim_groups` table: one row per quantity reported by two or more documents
of a story, with its members, range, a status and a one-line reason:

- `agree`: the members state the same figure within rounding;
- `differ`: different figures that are compatible ("at least 60" and "at
  least 84", "about 130" and "about 140"), or an update (one article states
  both figures, or the reports were published UPDATE_HOURS or more apart);
- `conflict`: incompatible figures published at about the same time.

Opposite moves of one thing ("fell 3%", "up 0.2 percent") join across blocks: `claim_changes`. Figures in units
of one dimension ("19,000 pounds", "8.5 tonnes") are compared in one unit (`nlp.comparison.measures`), never money
in two currencies. Which claims may join at all: `nlp.comparison.group_filters`; match results ("won 3-1"):
`nlp.comparison.score_groups`.
"""

from __future__ import annotations

import re
from functools import cache

import numpy as np
import pandas as pd

from nlp.comparison.claim_changes import hours_apart, join_opposite_moves, published_at, opposite_changes, said, signed_values, with_published_at
from nlp.comparison.claim_links import claim_links, close_predicates, complete_linkage, join_fragments, masked_sentence, merge_figures, predicate, same_figure, sentence_entity_keys, times_compatible
from nlp.extract.claim_forms import TIME_OF_DAY
from nlp.extract.claim_units import unit_registry
from nlp.comparison.embed import Embedder
from nlp.comparison.measures import bracketed_conversions, convert_bounds, group_unit, measure_dimension, pint_name, stated_bounds, to_reference
from nlp.comparison.group_filters import UNNAMED_COUNT, comparable_claims
from nlp.comparison.score_groups import score_groups
from nlp.comparison.subjects import claim_subjects
from nlp.lexicons import word_list
from nlp.schemas import COMPARE_TABLES

ROUNDING_MAX = 0.1  # the most that rounding may move a stated figure ("200,000" is not 150,000 to 250,000)
APPROXIMATE = 0.15  # relative tolerance of an approximate one ("about 60,000")
COUNT_BLOCK = "(count)"  # the block of claims that count things rather than measure them in a unit
COUNTED_NOUN_SIMILAR_MIN = 0.5  # cosine of two counted nouns that may count one thing ("girls", "schoolgirls")
UPDATE_HOURS = 12  # reports published this far apart may give a figure that changed in between
CLOCK_AFTER = r"\s+(?:at|by|as of)\s+"  # between a figure and the time of day it was taken at ("$65.09 at 9:34 a.m.")


@cache
def is_unit_of_measure(unit: str) -> bool:
    """Whether a unit name measures (a currency's ISO name, "US Dollar", or a unit pint knows) rather than counts ("people")."""
    if unit != unit.lower() or unit in ("percent", "percentage point"):
        return True
    try:
        unit_registry().parse_units(pint_name(unit))
    except Exception:  # noqa: BLE001 (pint raises several kinds for a name it does not know)
        return False
    return True



def claim_groups(claims: pd.DataFrame, entities: pd.DataFrame, embedder: Embedder | None) -> pd.DataFrame:
    """Groups of claims about one quantity in two or more documents of a story; see the module docstring."""
    if embedder is None:
        return pd.DataFrame(columns=COMPARE_TABLES["claim_groups"].names)
    groups = _figure_groups(claims, entities, embedder) + score_groups(claims, entities, embedder)
    if not groups:
        return pd.DataFrame(columns=COMPARE_TABLES["claim_groups"].names)
    order = {"conflict": 0, "differ": 1, "agree": 2}
    table = pd.DataFrame(groups)
    table = table.assign(rank=table["status"].map(order)).sort_values(["rank", "n_docs", "spread"], ascending=[True, False, False], ignore_index=True)
    table["claim_group"] = range(1, len(table) + 1)
    return table.drop(columns="rank")


def _figure_groups(claims: pd.DataFrame, entities: pd.DataFrame, embedder: Embedder) -> list[dict]:
    """claim_groups rows of the counted and measured claims (scores are `score_groups`')."""
    claims, block_of = _blocked_claims(comparable_claims(claims))
    if claims.empty:
        return []
    claims = with_published_at(claims)
    claims["converts"] = bracketed_conversions(claims)
    sentences = embedder.embed([masked_sentence(claim) for claim in claims.to_dict("records")])
    # A claim naming no quantity is compared by the unit it states ("10 years"), not the unit it is converted to.
    quantities = embedder.embed(claims["quantity"].fillna(claims["stated_unit"]).astype(str).tolist())
    heads = [counted_head(unit, quantity) for unit, quantity in zip(claims["unit_key"].astype(str), claims["quantity"])]
    nouns = embedder.embed([head or "thing" for head in heads])
    unnamed = np.array([not head for head in heads])
    predicates = embedder.embed([predicate(row) or "thing" for row in claims.to_dict("records")])
    sentence_keys = sentence_entity_keys(claims, entities)
    claims["subject"] = claim_subjects(claims, entities)
    claims["clock"] = clock_times(claims, entities)
    bounds = [(exact_bounds(row), claim_bounds(row)) for row in claims.to_dict("records")]
    claims["claim_group"] = range(len(claims))
    converts = claims.set_index("claim_id")["converts"]
    for members in claims.groupby(block_of).indices.values():
        if len(members) > 1:
            similarity = sentences[members] @ sentences[members].T
            quantity_similarity = quantities[members] @ quantities[members].T
            links = claim_links(claims.iloc[members], similarity, quantity_similarity, [sentence_keys[i] for i in members], [bounds[i] for i in members])
            # A count said without its noun ("143million") may count what any other claim of its sentence context counts.
            links &= ((nouns[members] @ nouns[members].T) >= COUNTED_NOUN_SIMILAR_MIN) | unnamed[members][:, None] | unnamed[members][None, :]
            links = _tie_conversions(links, members, converts)
            labels = merge_figures(complete_linkage(links, similarity), claims.iloc[members], similarity, quantity_similarity, close_predicates(claims.iloc[members], predicates[members]))
            labels = join_fragments(labels, links, [bounds[i] for i in members])
            claims.loc[members, "claim_group"] = members[labels]
    # Moves of one thing in opposite directions sit in two blocks ("fell 3%", "edged up 0.2 percent").
    claims["claim_group"] = join_opposite_moves(claims, block_of.str.rsplit("|", n=1).str[0], sentences, entities)
    return [_group_row(members) for _, members in claims.groupby("claim_group") if members["doc_id"].nunique() > 1]


def _tie_conversions(links: np.ndarray, members: np.ndarray, converts: pd.Series) -> np.ndarray:
    """A block's links with each bracketed conversion and the figure it converts ("770 kilometers (480 miles)",
    `converts`: the claim_id converted, per claim of the story) linked to each other and to whatever either links to:
    the one figure said twice. Two claims of one sentence never link, so each would else seed a group of its own
    ("about 230 km (140 miles)" links to "roughly 130 miles" by its miles only)."""
    links = links.copy()
    local = {claim_id: index for index, claim_id in enumerate(converts.index[members])}
    for index, source in enumerate(converts.iloc[members]):
        if isinstance(source, str) and source in local:
            pair = [local[source], index]
            either = links[pair].any(axis=0)
            links[pair], links[:, pair] = either, either[:, None]
            links[pair[0], pair[1]] = links[pair[1], pair[0]] = True
    return links


def _blocked_claims(claims: pd.DataFrame) -> tuple[pd.DataFrame, pd.Series]:
    """The claims of blocks that two documents share, in their block's unit (see measures.to_reference), and each
    claim's block."""
    # Units of measure must measure one dimension ("pounds", "tonnes"), in one currency; counted nouns ("people",
    # "consumers", "Americans") may name one count.
    # A time of day counts nothing: its block is its own ("11:57am" never joins "the 19th launch").
    unit_block = claims["unit_key"].astype(str).map(lambda unit: (measure_dimension(unit) or unit) if is_unit_of_measure(unit) or unit == TIME_OF_DAY else COUNT_BLOCK)
    story_unit = claims["story_id"].astype(str) + "|" + unit_block
    block_of = story_unit + "|" + claims["change"].fillna("").astype(str)
    # Only blocks with claims from two documents can make a group (moves of either direction may join): embed no other.
    comparable = claims.groupby(story_unit + claims["change"].notna().astype(str))["doc_id"].transform("nunique") > 1
    block_of = block_of[comparable].reset_index(drop=True)
    return to_reference(claims[comparable].reset_index(drop=True), block_of), block_of


def counted_head(unit_key: str, quantity) -> str:
    """The noun a claim counts, for comparing counted nouns: people words and plural capitalised groups ("Americans",
    "Britons") are "people"; a count said without a noun has none ("")."""
    if unit_key == UNNAMED_COUNT:
        return ""
    first = str(quantity).split()[0] if isinstance(quantity, str) and quantity.strip() else ""
    if unit_key in people_nouns() or (first[:1].isupper() and first.lower().rstrip("s").startswith(unit_key) and first.endswith("s")):
        return "people"
    return unit_key


@cache
def people_nouns() -> frozenset[str]:
    return word_list("lexicons/people_nouns.txt")


def clock_times(claims: pd.DataFrame, entities: pd.DataFrame) -> list[str | None]:
    """The time of day each claim's figure was taken at, when its sentence says so right after it ("shares fell to
    $65.09 at 9:34 a.m.", "to $63.20 at mid-afternoon"): spaCy's TIME entities of the sentence after "at", "by" or
    "as of". A price or a count read at two clock times is one quantity updated during the day."""
    times = entities[entities["label"] == "TIME"].groupby(["doc_id", "sentence"])["text"].agg(list).to_dict()
    return [
        _clock_after(str(text), str(sentence_text or ""), times.get((doc_id, sentence), []))
        for doc_id, sentence, text, sentence_text in zip(claims["doc_id"], claims["sentence"], claims["text"], claims["sentence_text"])
    ]


def _clock_after(text: str, sentence: str, times: list[str]) -> str | None:
    return next((time for time in times if re.search(rf"{re.escape(text)}{CLOCK_AFTER}{re.escape(time)}", sentence)), None)


def exact_bounds(row: pd.Series | dict) -> tuple[float, float]:
    """The figure a claim states, widened by half a unit of its last significant digit (at most ROUNDING_MAX):
    "143 million" states 142.5 to 143.5 million, "145.5 million" 145.45 to 145.55 million. A bound widens only
    away from the side it excludes: "at least 60" states 60 to 65, "more than 200" is no 197, "up to 400" no 420;
    a range ("20-25 mph") does not widen."""
    return convert_bounds(row, *_stated_exact_bounds(row))


def _stated_exact_bounds(row: pd.Series | dict) -> tuple[float, float]:
    """exact_bounds in the claim's stated unit: rounding is read from the figure as written ("19,000 pounds")."""
    low, high = stated_bounds(row)
    if low < high:
        return low, high  # a range states its own ends: "between 40-70%" is no 36%, whatever rounding "40" allows
    qualifier = row.get("qualifier")
    wide_low = low if qualifier in (">", ">=") else low - min(half_unit(low), abs(low) * ROUNDING_MAX)
    wide_high = high if qualifier in ("<", "<=") else high + min(half_unit(high), abs(high) * ROUNDING_MAX)
    return wide_low, wide_high


def half_unit(number: float) -> float:
    """Half the place value of a number's last significant digit: 130 -> 5, 7 -> 0.5, 5967.34 -> 0.005."""
    for power in range(15, -7, -1):
        step = 10.0**power
        if abs(number) >= step and abs(number / step - round(number / step)) < 1e-9:
            return step / 2
    return 0.5e-6


def claim_bounds(row: pd.Series | dict) -> tuple[float, float]:
    """The values a claim allows: its rounded figure, APPROXIMATE either side of an "about", open-ended for "more/less than"."""
    low, high = _stated_exact_bounds(row)
    qualifier = row["qualifier"] if isinstance(row["qualifier"], str) else "="
    if qualifier == "~":
        stated_low, stated_high = stated_bounds(row)
        low, high = min(low, stated_low * (1 - APPROXIMATE)), max(high, stated_high * (1 + APPROXIMATE))
    elif qualifier in (">", ">="):
        high = np.inf
    elif qualifier in ("<", "<="):
        low = -np.inf
    return convert_bounds(row, low, high)


def _all_overlap(bounds: list[tuple[float, float]]) -> bool:
    return max(low for low, _ in bounds) <= min(high for _, high in bounds)


def group_status(members: pd.DataFrame) -> tuple[str, str]:
    """(status, reason) of a group's members; see the module docstring."""
    rows = members.to_dict("records")
    moved = opposite_changes(rows, UPDATE_HOURS)
    if moved:
        return moved
    if same_figure([exact_bounds(row) for row in rows]):
        # The narrowest claim names the figure: a range's midpoint ("20-25 mph" -> 22.5) is a figure nobody stated.
        narrowest = min(rows, key=lambda row: row["high"] - row["low"])
        # In the unit that claim states, named when the group states several ("8.5 metric ton": "19,000 pounds" too).
        unit = f" {narrowest['unit_normalized']}" if "unit_normalized" in members.columns and members["unit_normalized"].nunique() > 1 else ""
        return "agree", f"all {len(rows)} claims state {_figure(narrowest)}{unit} within rounding"
    smallest, largest = min(rows, key=lambda row: row["value"]), max(rows, key=lambda row: row["value"])
    pair = f"{said(smallest)} vs {said(largest)}"
    if _all_overlap([claim_bounds(row) for row in rows]):
        return "differ", f"compatible but different figures: {pair}"
    readings = _clock_readings(rows)
    if readings:
        return "differ", f"an update: {readings}"
    both = members.groupby("doc_id")["value"].nunique()
    if (both > 1).any():
        return "differ", f"an update: {both.idxmax()} states {members[members['doc_id'] == both.idxmax()]['value'].nunique()} of the figures; {pair}"
    apart, sources = _incompatible_pairs(rows)
    if apart is not None and apart >= UPDATE_HOURS and not sources:
        earliest, latest = min(rows, key=published_at), max(rows, key=published_at)
        return "differ", f"an update over {apart:.0f} hours: {said(earliest)} → {said(latest)}"
    return "conflict", f"incompatible figures: {pair}" + (" from different sources" if sources else "")


def _clock_readings(rows: list[dict]) -> str | None:
    """"$65.09 (a) at 9:34 a.m. vs $63.20 (b) at mid-afternoon" when two incompatible figures are read at two different
    times of day (their sentences say so right after them): a price or a count that moved during the day."""
    for index, first in enumerate(rows):
        for second in rows[index + 1 :]:
            clocks = [row.get("clock") for row in (first, second)]
            if all(isinstance(clock, str) for clock in clocks) and not times_compatible(*clocks) and not _all_overlap([claim_bounds(first), claim_bounds(second)]):
                return f"{said(first)} at {clocks[0]} vs {said(second)} at {clocks[1]}"
    return None


def _incompatible_pairs(rows: list[dict]) -> tuple[float | None, bool]:
    """(the fewest hours between the publication of two incompatible claims, None when a date is missing;
    whether two incompatible claims name different sources, as "police" and "organisers" do: that is no update)."""
    hours, sources = [], False
    for index, first in enumerate(rows):
        for second in rows[index + 1 :]:
            if _all_overlap([claim_bounds(first), claim_bounds(second)]):
                continue
            sources |= different_sources(first, second)
            hours.append(hours_apart(first, second))
    known = [hour for hour in hours if hour is not None]
    return (min(known) if known and len(known) == len(hours) else None), sources


def different_sources(first: dict, second: dict) -> bool:
    """Whether two claims name two different sources. A description that its sentence follows with the other's name
    ("Consumer credit agency Equifax says", "Equifax said") is that source, not another."""
    named = [row["source"].strip() for row in (first, second) if isinstance(row.get("source"), str) and row["source"].strip()]
    if len(named) < 2 or named[0].lower() == named[1].lower():
        return False
    return not any(
        re.search(rf"(?<!\w){re.escape(description)}\s+{re.escape(name)}(?!\w)", str(row.get("sentence_text") or ""), re.IGNORECASE)
        for row, description, name in ((first, named[0], named[1]), (second, named[1], named[0]))
    )


def _figure(row: dict) -> str:
    """The figure a claim states, in its own unit."""
    low, high = stated_bounds(row)
    return f"{row.get('stated_value', row['value']):,.10g}" if low == high else f"{low:,.10g}-{high:,.10g}"


def _group_row(members: pd.DataFrame) -> dict:
    # A conversion restates its figure in another unit, rounded otherwise: no second figure of its article.
    stated = members[members["converts"].isna()] if "converts" in members.columns else members
    status, reason = group_status(stated)
    unit, scale, shift = group_unit(stated)
    values = signed_values(stated)
    smallest, largest = (float(values.min()) * scale + shift, float(values.max()) * scale + shift)
    return {
        "story_id": members["story_id"].iloc[0],
        "unit": unit,
        "quantity": _most_frequent(members["quantity"]),
        "time": _most_frequent(members["time"]),
        "n_claims": len(members),
        "n_docs": members["doc_id"].nunique(),
        "groups": "; ".join(sorted(members["group"].dropna().astype(str).unique())),
        "min": smallest,
        "max": largest,
        "spread": 0.0 if largest == 0 else round((largest - smallest) / abs(largest), 4),
        "status": status,
        "reason": reason,
        "claim_ids": members["claim_id"].tolist(),
    }


def _most_frequent(values: pd.Series):
    counts = values.dropna().value_counts()
    return counts.index[0] if len(counts) else None

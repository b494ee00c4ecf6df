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
in two currencies.

Claims in captions, gallery counters, video widgets, bylines and timestamps
never join a group (`is_noise`, which reads the claim's own line of a
sentence that runs over several), nor does a sentence that one outlet prints
in several articles (its boilerplate).
"""

from __future__ import annotations

import re
from functools import cache

import numpy as np
import pandas as pd

from nlp.comparison.claim_changes import hours_apart, join_opposite_moves, published_at, opposite_changes, said, signed_values
from nlp.comparison.claim_links import claim_links, close_predicates, complete_linkage, join_fragments, masked_sentence, merge_figures, predicate, same_figure, times_compatible
from nlp.extract.claim_units import unit_registry
from nlp.comparison.embed import Embedder
from nlp.comparison.measures import convert_bounds, group_unit, measure_dimension, pint_name, stated_bounds, to_reference
from nlp.lexicons import field_rows, word_list
from nlp.schemas import COMPARE_TABLES
from nlp.comparison.stories import NOT_NAMES

ROUNDING_MAX = 0.1  # the most that rounding may move a stated figure ("200,000" is not 150,000 to 250,000)
APPROXIMATE = 0.15  # relative tolerance of an approximate one ("about 60,000")
COUNT_BLOCK = "(count)"  # the block of claims that count things rather than measure them in a unit
UNNAMED_COUNT = "(number)"  # the unit key of "143 million" said without a noun: a count of something the sentence names
LARGE_SCALES = ("thousand", "million", "billion", "trillion", "lakh", "crore")  # scale words of a stated count, not a vague one
COUNTED_NOUN_SIMILAR_MIN = 0.5  # cosine of two counted nouns that may count one thing ("girls", "schoolgirls")
UPDATE_HOURS = 12  # reports published this far apart may give a figure that changed in between
BOILERPLATE_DOCS = 3  # documents of one outlet with the same sentence from which it is boilerplate
BODY_CONTEXTS = ("body", "quote", "headline", "title", "lead")  # claims' `context` values that are reporting
GALLERY_COUNTER = re.compile(r"\b(\d{1,2}) ?/ ?(\d{1,2})\b(?= +[A-Z0-9])")  # "7/8 Emergency services ..."
PHOTO_CREDIT = re.compile(r"\w/(?:PA|AP|AFP|Reuters|Getty|EPA|Rex)\b|\b(?:AP|PA|Reuters|AFP|EPA) Images?\b")
STAMP_REACH = 30  # characters after an update stamp's marker that its date, time and byline take ("Updated: 10:32 EDT, 15 July 2016")
CLOCK_TIME = re.compile(r"^\d{1,2}[:.]\d{2}\b")
MODEL_NAME = re.compile(r"^(?:[A-Z]+-?\d+|\d+[A-Z])$")  # "PS4", "F-16", "4K", "Long March 4C": a product or format, not a figure
NEW_LINE = re.compile(r"\n(?=\s*[A-Z\"“‘'•])")  # a line break before a capital or a quotation opens a paragraph, caption or headline
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


def noise_markers() -> frozenset[str]:
    return word_list("lexicons/compare_noise.txt")


def stamp_markers() -> frozenset[str]:
    return word_list("lexicons/compare_stamps.txt")


def in_stamp(lowered_sentence: str, claim_text: str) -> bool:
    """Whether the claim stands within STAMP_REACH characters after an update stamp or byline marker."""
    at = lowered_sentence.find(claim_text.lower())
    for marker in stamp_markers():
        start = lowered_sentence.find(marker)
        if start >= 0 and (at < 0 or start <= at <= start + len(marker) + STAMP_REACH):
            return True
    return False


@cache
def vague_words() -> frozenset[str]:
    """"dozens", "thousands", ...: a figure nobody states, so two of them agree or differ by chance."""
    return frozenset(row[0].lower() for row in field_rows("lexicons/number_words.tsv") if len(row) > 2 and row[2] == "vague")


def is_vague(claim_text: str) -> bool:
    """Whether a claim's number is only vague words ("dozens of", "tens of thousands"), no digits."""
    words = [word for word in re.findall(r"[a-z]+", claim_text.lower()) if word != "of"]
    return not re.search(r"\d", claim_text) and any(word in vague_words() for word in words)


def claim_line(sentence: str, text: str) -> str:
    """The line of a sentence that holds the claim's text. A caption, headline or credit without a full stop runs
    into the next paragraph as one "sentence" ("Photograph: Jane Doe/Getty Images\nThe price fell to $5,920"); the
    claim's own line says where it stands. A line break before a lower-case word wraps one sentence, kept whole."""
    lines = NEW_LINE.split(sentence)
    holding = [line for line in lines if text and text in line]
    return holding[0].strip() if len(lines) > 1 and holding else sentence


def is_noise(sentence: str, claim_text: str) -> bool:
    """Whether a claim stands in a caption, gallery, video widget, byline or timestamp rather than in reporting.
    Only the claim's own line counts: a caption glued to a paragraph as one "sentence" makes no noise of the paragraph."""
    line = claim_line(sentence, claim_text)
    lowered = line.lower()
    if any(marker in lowered for marker in noise_markers()) or PHOTO_CREDIT.search(line) or in_stamp(lowered, claim_text):
        return True
    if opens_with_credit(line) and sum(opens_with_credit(other) for other in NEW_LINE.split(sentence)) > 1:
        return True  # a photo gallery: each caption opens with the previous picture's credit ("Reuters Around 100 people ...")
    counters = [(int(found[1]), int(found[2])) for found in GALLERY_COUNTER.finditer(line)]
    return any(0 < shown <= total for shown, total in counters) or bool(CLOCK_TIME.match(claim_text.strip()))


@cache
def _credit_opening() -> re.Pattern:
    agencies = sorted(word_list("lexicons/photo_agencies.txt"), key=len, reverse=True)
    return re.compile(rf"^\W*(?i:{'|'.join(re.escape(agency) for agency in agencies)})[\s:]+[A-Z]")


def opens_with_credit(line: str) -> bool:
    """Whether a line opens with a picture agency's credit before a capitalised word ("AP:Associated Press An aerial view")."""
    return bool(_credit_opening().match(line.strip()))


def is_unnamed_count(claim_text: str) -> bool:
    """Whether a claim without a unit still states a count: "143million", "145.5 million" (a scale word after digits)."""
    return bool(re.search(rf"\d\s*(?:{'|'.join(LARGE_SCALES)})\b", claim_text.lower()))


def is_lone_one(claim_text: str, quantity, names_speaker: bool = False) -> bool:
    """Whether a claim is the word "one" naming an instance ("one witness said", "one way or another", "one side")
    rather than counting: a count of one says what happened to it ("one worker injured"). Within a quote's speaker
    ("one social media user tweeted ...", `names_speaker`) it names who spoke, however long its noun."""
    return claim_text.strip().lower() == "one" and (names_speaker or len(str(quantity or "").split()) < 2)


def in_speaker(claims: pd.DataFrame, quotes: pd.DataFrame) -> pd.Series:
    """Whether each claim's span lies within the speaker span of a quote of its document ("One social media user")."""
    speakers = quotes.dropna(subset=["speaker_start", "speaker_end"])[["doc_id", "speaker_start", "speaker_end"]]
    spans = claims[["doc_id", "start", "end"]].reset_index().merge(speakers, on="doc_id")
    inside = spans[(spans["start"] >= spans["speaker_start"]) & (spans["end"] <= spans["speaker_end"])]["index"]
    return pd.Series(claims.index.isin(inside), index=claims.index)


def comparable_claims(claims: pd.DataFrame) -> pd.DataFrame:
    """Claims that may join a group: a number of something, said in an article's reporting."""
    unit = claims["unit_normalized"] if "unit_normalized" in claims.columns else pd.Series(None, index=claims.index, dtype=object)
    unit = unit.fillna(claims["unit"])
    unnamed = unit.isna() & pd.Series([is_unnamed_count(str(text)) for text in claims["text"].fillna("")], index=claims.index, dtype=bool)
    claims = claims.assign(unit_key=unit.mask(unnamed, UNNAMED_COUNT).astype("string"))
    keep = claims["unit_key"].notna() & claims["low"].notna() & claims["factor"].isna()
    speaking = claims["in_speaker"] if "in_speaker" in claims.columns else pd.Series(False, index=claims.index)
    keep &= ~pd.Series([is_lone_one(str(text), quantity, bool(inside)) for text, quantity, inside in zip(claims["text"], claims["quantity"], speaking)], index=claims.index)
    if "context" in claims.columns:
        keep &= claims["context"].isna() | claims["context"].isin(BODY_CONTEXTS)
    sentences, texts = claims["sentence_text"].fillna("").astype(str), claims["text"].fillna("").astype(str)
    keep &= ~pd.Series([is_noise(sentence, text) or is_vague(text) or bool(MODEL_NAME.match(text.strip())) for sentence, text in zip(sentences, texts)], index=claims.index)
    # A sentence one outlet prints in many articles is its boilerplate ("Sign up for our ... 3 times a week").
    keep &= claims.assign(sentences=sentences).groupby(["outlet", "sentences"], dropna=False)["doc_id"].transform("nunique") < BOILERPLATE_DOCS
    return claims[keep]


def claim_groups(claims: pd.DataFrame, entities: pd.DataFrame, embedder: Embedder | None) -> pd.DataFrame:
    """Groups of claims about one quantity in two or more documents of a story; see the module docstring."""
    claims, block_of = _blocked_claims(comparable_claims(claims))
    if claims.empty or embedder is None:
        return pd.DataFrame(columns=COMPARE_TABLES["claim_groups"].names)
    sentences = embedder.embed([masked_sentence(claim) for claim in claims.to_dict("records")])
    # A claim naming no quantity is compared by the unit it states ("10 years"), not the unit it is converted to.
    quantities = embedder.embed(claims["quantity"].fillna(claims["stated_unit"]).astype(str).tolist())
    heads = [counted_head(unit, quantity) for unit, quantity in zip(claims["unit_key"].astype(str), claims["quantity"])]
    nouns = embedder.embed([head or "thing" for head in heads])
    unnamed = np.array([not head for head in heads])
    predicates = embedder.embed([predicate(row) or "thing" for row in claims.to_dict("records")])
    sentence_keys = _sentence_entity_keys(claims, entities)
    claims["clock"] = clock_times(claims, entities)
    bounds = [(exact_bounds(row), claim_bounds(row)) for row in claims.to_dict("records")]
    claims["claim_group"] = range(len(claims))
    for members in claims.groupby(block_of).indices.values():
        if len(members) > 1:
            similarity = sentences[members] @ sentences[members].T
            quantity_similarity = quantities[members] @ quantities[members].T
            links = claim_links(claims.iloc[members], similarity, quantity_similarity, [sentence_keys[i] for i in members], [bounds[i] for i in members])
            # A count said without its noun ("143million") may count what any other claim of its sentence context counts.
            links &= ((nouns[members] @ nouns[members].T) >= COUNTED_NOUN_SIMILAR_MIN) | unnamed[members][:, None] | unnamed[members][None, :]
            labels = merge_figures(complete_linkage(links, similarity), claims.iloc[members], similarity, quantity_similarity, close_predicates(claims.iloc[members], predicates[members]))
            labels = join_fragments(labels, links, [bounds[i] for i in members])
            claims.loc[members, "claim_group"] = members[labels]
    # Moves of one thing in opposite directions sit in two blocks ("fell 3%", "edged up 0.2 percent").
    claims["claim_group"] = join_opposite_moves(claims, block_of.str.rsplit("|", n=1).str[0], sentences, entities)
    groups = [_group_row(members) for _, members in claims.groupby("claim_group") if members["doc_id"].nunique() > 1]
    if not groups:
        return pd.DataFrame(columns=COMPARE_TABLES["claim_groups"].names)
    order = {"conflict": 0, "differ": 1, "agree": 2}
    table = pd.DataFrame(groups)
    table = table.assign(rank=table["status"].map(order)).sort_values(["rank", "n_docs", "spread"], ascending=[True, False, False], ignore_index=True)
    table["claim_group"] = range(1, len(table) + 1)
    return table.drop(columns="rank")


def _blocked_claims(claims: pd.DataFrame) -> tuple[pd.DataFrame, pd.Series]:
    """The claims of blocks that two documents share, in their block's unit (see measures.to_reference), and each
    claim's block."""
    # Units of measure must measure one dimension ("pounds", "tonnes"), in one currency; counted nouns ("people",
    # "consumers", "Americans") may name one count.
    unit_block = claims["unit_key"].astype(str).map(lambda unit: (measure_dimension(unit) or unit) if is_unit_of_measure(unit) else COUNT_BLOCK)
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


def _sentence_entity_keys(claims: pd.DataFrame, entities: pd.DataFrame) -> list[frozenset[str]]:
    named = entities[~entities["entity_key"].astype(str).str.startswith(NOT_NAMES)]
    keys = named.groupby(["doc_id", "sentence"])["entity_key"].agg(frozenset).to_dict()
    return [keys.get((doc_id, sentence), frozenset()) for doc_id, sentence in zip(claims["doc_id"], claims["sentence"])]


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
    away from the side it excludes: "at least 60" states 60 to 65, "more than 200" is no 197, "up to 400" no 420."""
    return convert_bounds(row, *_stated_exact_bounds(row))


def _stated_exact_bounds(row: pd.Series | dict) -> tuple[float, float]:
    """exact_bounds in the claim's stated unit: rounding is read from the figure as written ("19,000 pounds")."""
    low, high = stated_bounds(row)
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
    status, reason = group_status(members)
    unit, scale, shift = group_unit(members)
    values = signed_values(members)
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

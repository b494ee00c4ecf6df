"""Claim links: which two claims of one story and unit may measure the same quantity.

`claim_links(block, similarity, quantity_similarity, keys, bounds)` takes the
claims of one block (a story's claims with one unit and direction of change),
the cosines of their masked sentences and of their quantity phrases, the named
entities of each claim's sentence and each claim's (exact, allowed) bounds, and
returns a symmetric boolean matrix of links. `complete_linkage(links,
similarity)` turns the links into groups in which every two members are
linked, so a chain of loosely related claims never becomes one group;
`merge_figures` and `join_fragments` then join clusters of one quantity that
complete linkage kept apart.

Two claims stating the same figure need only moderately similar sentences (a
story repeats its figures in varied words); two different figures need close
sentences and quantity phrases, and neither may count a part of a whole ("21
of the schoolgirls") or state the other's number too ("Hilton had three sacks,
Heyward two").
"""

from __future__ import annotations

import calendar
import re

import numpy as np
import pandas as pd

from nlp.comparison.stories import named_entities
from nlp.comparison.subjects import different_subjects
from nlp.comparison.text import normal_text
from nlp.extract.claim_forms import TIME_OF_DAY
from nlp.lexicons import word_list

SAME_FIGURE_SIMILAR_MIN = 0.3  # sentence cosine from which two claims of one figure are one quantity
SAME_FIGURE_ALONE = 0.45  # ... when their quantity phrases differ (QUANTITY_SIMILAR_MIN not reached)
SAME_FIGURE_UNNAMED = 0.5  # ... when neither names a quantity, only a unit ("$1,000"): round figures coincide
QUANTITY_SIMILAR_MIN = 0.6  # cosine of two quantity phrases ("people killed", "people who died")
DIFFERENT_FIGURE_SIMILAR_MIN = 0.55  # sentence cosine from which two different figures may be one quantity
DIFFERENT_FIGURE_QUANTITY_MIN = 0.8  # ... and quantity-phrase cosine, unless the phrases are equal without numbers
PREDICATE_SIMILAR_MIN = 0.6  # cosine of two predicates of one counted noun that say one thing ("injured", "wounded")
MERGE_SIMILAR_MIN = 0.5  # average sentence cosine from which two clusters of different figures are one quantity
NEAR_FIGURE = 0.05  # relative gap within which two figures of one sentence context need no matching quantity phrases
FIGURE_RATIO_MAX = 3.0  # two figures further apart are two quantities, as a part and its whole are ("21 freed of 276 seized")
TIME_OF_DAY_SIMILAR_MIN = 0.4  # sentence cosine from which two close times of day are the time of one event
NO_QUANTITY_SIMILAR_MIN = 0.7  # ... pair or average cosine when a claim names no quantity, only a unit ("770 kilometres")

WEEKDAYS = frozenset(day.lower() for day in calendar.day_name)  # English in the C locale, which nothing here changes
DIGITS = re.compile(r"\d[\d,.]*")
ARTICLES_AND_NUMBERS = re.compile(r"\b(?:a|an|the|its|their|his|her|\w*\d\w*|year old)\b")
PARTITIVE = re.compile(r"\s+of\s+(?:the|those|them|these|its|their|whom|which|all|\d)", re.IGNORECASE)


def masked_sentence(claim: dict) -> str:
    """The claim's sentence with the digits of its number and its source masked: "Police said 60,000 people
    ..." and "Organisers said 97,000 people ..." are one sentence about one quantity, which is what linking asks."""
    sentence = str(claim["sentence_text"] or "")
    text, source = claim["text"], claim.get("source")
    if isinstance(text, str) and text:
        sentence = sentence.replace(text, DIGITS.sub("N", text), 1)
    if isinstance(source, str) and source:
        # As a whole word: a source "it" is no part of "addition".
        sentence = re.sub(rf"(?<!\w){re.escape(source)}(?!\w)", "someone", sentence, count=1)
    return sentence


def sentence_entity_keys(claims: pd.DataFrame, entities: pd.DataFrame) -> list[frozenset[str]]:
    """The named entity keys of each claim's sentence (dates, numbers and other non-names left out)."""
    named = named_entities(entities)
    keys = named.groupby(["doc_id", "sentence"])["entity_key"].agg(frozenset).to_dict()
    return [keys.get((doc_id, sentence), frozenset()) for doc_id, sentence in zip(claims["doc_id"], claims["sentence"])]


def claim_links(
    block: pd.DataFrame,
    similarity: np.ndarray,
    quantity_similarity: np.ndarray,
    keys: list[frozenset[str]],
    bounds: list[tuple[tuple[float, float], tuple[float, float]]],
) -> np.ndarray:
    """Which pairs of one block's claims may measure the same thing (a symmetric boolean matrix)."""
    rows = block.to_dict("records")
    links = np.zeros(similarity.shape, dtype=bool)
    for x in range(len(rows)):
        for y in range(x + 1, len(rows)):
            if rows[x]["doc_id"] == rows[y]["doc_id"] and rows[x]["sentence"] == rows[y]["sentence"]:
                continue  # two numbers of one sentence are two quantities
            if not times_compatible(rows[x]["time"], rows[y]["time"]):
                continue
            # One counted noun of two teams or people ("his eight seasons with the Steelers", the Bengals') is no evidence.
            two_subjects = different_subjects(rows[x].get("subject"), rows[y].get("subject"), keys[x], keys[y])
            # A claim naming no quantity is compared by its unit, so two such claims' "quantities" always match: no evidence.
            named = _has_quantity(rows[x]) or _has_quantity(rows[y])
            close_quantity = (named and quantity_similarity[x, y] >= QUANTITY_SIMILAR_MIN and not two_subjects) or bool(keys[x] & keys[y])
            if _overlap(bounds[x][0], bounds[y][0]):
                alone = SAME_FIGURE_ALONE if named else SAME_FIGURE_UNNAMED
                linked = similarity[x, y] >= (SAME_FIGURE_SIMILAR_MIN if close_quantity else alone)
                # Figures whose rounding only touches ("22", "23") may be one figure, or a part and another count.
                linked &= same_figure([bounds[x][0], bounds[y][0]]) or not _apart(rows[x], rows[y])
            else:
                linked = not two_subjects and _may_differ(rows[x], rows[y], float(similarity[x, y]), float(quantity_similarity[x, y]))
            links[x, y] = links[y, x] = linked
    return links


def _may_differ(a: dict, b: dict, similarity: float, quantity_similarity: float) -> bool:
    """Whether two claims stating different figures are close enough to be one quantity reported two ways."""
    # A figure naming only its unit needs closer sentences, unless the figures are within NEAR_FIGURE of each other
    # ("some $146 billion", "$148.9 billion"): two quantities of one story are rarely so close.
    named = (_has_quantity(a) and _has_quantity(b)) or near_figures(a, b) or _same_open_bound(a, b)
    if _time_of_day(a) and _time_of_day(b) and near_figures(a, b):
        # A time of day names no quantity: the noun next to it ("around 10:30 p.m., a large white truck") is no
        # predicate. Two close times of one story's event are compared by their sentences alone.
        return similarity >= TIME_OF_DAY_SIMILAR_MIN and not _apart(a, b)
    if similarity < (DIFFERENT_FIGURE_SIMILAR_MIN if named else NO_QUANTITY_SIMILAR_MIN):
        return False
    if _apart(a, b):
        return False
    # Two limits bounding one side alike, one naming only its unit ("up to 10 years", "up to 14 years in prison"):
    # the unnamed one has no phrase to set against the other's, and a stated limit is one thing's.
    limits = _same_open_bound(a, b) and (_unit_only(a) or _unit_only(b))
    if quantity_similarity < DIFFERENT_FIGURE_QUANTITY_MIN and not _phrases_agree(a, b) and not near_figures(a, b) and not limits:
        return False
    if isinstance(a["change"], str) and a["change"]:
        # Two changes ("fell 4.3%") measure one period only when they say which, and the same.
        return isinstance(a["time"], str) and isinstance(b["time"], str) and normal_text(a["time"]) == normal_text(b["time"])
    return True


def _same_open_bound(a: dict, b: dict) -> bool:
    """Whether two figures bound one side alike ("up to 10 years", "up to 14 years"): a stated limit, one thing's."""
    return a.get("qualifier") == b.get("qualifier") and a.get("qualifier") in ("<", "<=", ">", ">=")


def _apart(a: dict, b: dict) -> bool:
    """Whether two different figures are two quantities whatever their sentences: one counts a part of a whole, a
    sentence states both numbers, or the figures are too far apart."""
    return _is_partitive(a) or _is_partitive(b) or _states(a, b["text"]) or _states(b, a["text"]) or far_figures(a, b)


def predicate(claim: dict) -> str:
    """What a claim says happened to the noun it counts: its quantity phrase without that noun and numbers ("people
    killed" -> "killed", "freed girls" -> "freed"); "" for a bare noun ("captives"), or a phrase that does not name
    its unit ("Qualcomm shares" in dollars: a measure, not a count)."""
    noun = claim["unit"].lower() if isinstance(claim.get("unit"), str) else ""
    words = _bare_quantity(claim["quantity"]).split()
    rest = [word for word in words if not (noun and word.startswith(noun[: max(len(noun) - 1, 3)]))]
    return " ".join(rest) if len(rest) < len(words) else ""


def close_predicates(block: pd.DataFrame, vectors: np.ndarray) -> np.ndarray:
    """Which pairs of claims name close predicates (PREDICATE_SIMILAR_MIN), both naming one; `vectors` embed each
    claim's `predicate` (normalised). Of one counted noun, the
    predicate tells two counts apart better than the whole phrase, whose cosine the shared noun raises: "people
    killed" and "people wounded" are at 0.67, "killed" and "wounded" at 0.52, "injured" and "wounded" at 0.64."""
    named = np.array([bool(predicate(row)) for row in block.to_dict("records")])
    return (vectors @ vectors.T >= PREDICATE_SIMILAR_MIN) & named[:, None] & named[None, :]


def complete_linkage(links: np.ndarray, similarity: np.ndarray) -> np.ndarray:
    """A cluster label per row: pairs join closest first, and two clusters merge only when all their members are linked."""
    label = np.arange(len(links))
    pairs = [(x, y) for x, y in zip(*np.nonzero(np.triu(links, k=1)))]
    for x, y in sorted(pairs, key=lambda pair: -similarity[pair]):
        left, right = label == label[x], label == label[y]
        if label[x] != label[y] and links[np.ix_(left, right)].all():
            label[right] = label[x]
    return label


def merge_figures(labels: np.ndarray, block: pd.DataFrame, similarity: np.ndarray, quantity_similarity: np.ndarray, predicates: np.ndarray | None = None) -> np.ndarray:
    """Join clusters of one block that give different figures for one quantity, on evidence from all their members.

    Linking two different figures pair by pair is strict, so a toll reported as
    77, 80 and 84 first forms one cluster per figure. Two clusters join when
    their sentences are close on average (MERGE_SIMILAR_MIN), some two of their
    quantity phrases are nearly the same or every two name close predicates
    (`predicates`, from `close_predicates`: "over 400 people wounded", "more than
    500 people injured"; then the sentences need only SAME_FIGURE_SIMILAR_MIN on
    average), no sentence states numbers of both, and no two articles each state
    both figures.
    """
    rows = block.to_dict("records")
    labels = labels.copy()
    while True:
        best, pair = 0.0, None
        clusters = np.unique(labels)
        for i, first in enumerate(clusters):
            for second in clusters[i + 1 :]:
                left, right = np.nonzero(labels == first)[0], np.nonzero(labels == second)[0]
                score = float(similarity[np.ix_(left, right)].mean())
                unnamed = not all(_has_quantity(rows[x]) for x in (*left, *right))
                # When every two members say one thing happened to one counted noun, only the figure differs: the
                # sentences need no more than two claims of one figure do ("About 100 people injured", "around 202").
                alike = predicates is not None and bool(predicates[np.ix_(left, right)].all())
                bar = NO_QUANTITY_SIMILAR_MIN if unnamed else SAME_FIGURE_SIMILAR_MIN if alike else MERGE_SIMILAR_MIN
                if score >= max(best, bar) and _one_quantity(rows, left, right, quantity_similarity, predicates):
                    best, pair = score, (first, second)
        if pair is None:
            return labels
        labels[labels == pair[1]] = pair[0]


def _one_quantity(rows: list[dict], left: np.ndarray, right: np.ndarray, quantity_similarity: np.ndarray, predicates: np.ndarray | None) -> bool:
    """Whether two clusters may count one thing: close quantity phrases, one time, no shared sentence, no
    sentence stating both clusters' numbers, no part of a whole, no two articles each stating a figure of both."""
    if all(rows[x]["value"] == rows[y]["value"] for x in left for y in right):
        return False  # one figure on both sides: its claims link pair by pair or not at all (complete linkage)
    for x in left:
        for y in right:
            a, b = rows[x], rows[y]
            if (a["doc_id"], a["sentence"]) == (b["doc_id"], b["sentence"]) or not times_compatible(a["time"], b["time"]):
                return False
            # A sentence stating the other's figure counts against only two different figures: the same one it states anyway.
            if a["value"] != b["value"] and (_states(a, b["text"]) or _states(b, a["text"]) or far_figures(a, b)):
                return False
    if any(_is_partitive(rows[x]) for x in (*left, *right)):
        return False
    # One article stating both figures may be updating one; two articles that each do more likely report two
    # quantities ("276 abducted", "197 still held") than the same update twice.
    # An article whose members in both clusters give one figure states no second one.
    stating_both = {rows[x]["doc_id"] for x in left for y in right if rows[x]["doc_id"] == rows[y]["doc_id"] and rows[x]["value"] != rows[y]["value"]}
    if len(stating_both) >= 2:
        return False
    if predicates is not None and predicates[np.ix_(left, right)].all():
        return True  # every two members say the same thing happened to what they count
    # A claim naming only its unit has no phrase to set against the other's; the clusters' sentences, held to
    # NO_QUANTITY_SIMILAR_MIN by the caller, are the evidence ("Qualcomm's $47 billion bid for NXP", "its $38 billion bid").
    # A bare count ("324 million") names not even a unit, so it still needs a matching phrase.
    return any(
        quantity_similarity[x, y] >= DIFFERENT_FIGURE_QUANTITY_MIN
        or _bare_quantity(rows[x]["quantity"]) == _bare_quantity(rows[y]["quantity"])
        or near_figures(rows[x], rows[y])
        or _unit_only(rows[x]) or _unit_only(rows[y])
        for x in left
        for y in right
    )


def near_figures(a: dict, b: dict) -> bool:
    """Whether two figures are within NEAR_FIGURE of each other ("143 million", "145.5 million"): of one magnitude,
    outlets rarely report two different quantities so close, so the counted noun's wording matters less."""
    largest = max(abs(float(a["value"])), abs(float(b["value"])))
    return largest > 0 and abs(float(a["value"]) - float(b["value"])) <= NEAR_FIGURE * largest


def far_figures(a: dict, b: dict) -> bool:
    """Whether two figures are more than FIGURE_RATIO_MAX times apart (or of opposite signs): no rounding, update or
    discrepancy between outlets moves a figure so far, but a part and its whole differ so ("21 of the 276 girls")."""
    low, high = sorted((float(a["value"]), float(b["value"])))
    return low <= 0 < high or (low > 0 and high > FIGURE_RATIO_MAX * low)


def _time_of_day(claim: dict) -> bool:
    """Whether a claim states a time of day ("around 10:30 p.m."), which counts nothing."""
    return claim.get("unit_key") == TIME_OF_DAY


def _has_quantity(claim: dict) -> bool:
    """Whether a claim says what it counts or measures: a unit alone ("770 kilometres") may be an altitude or a range."""
    return isinstance(claim["quantity"], str) and bool(claim["quantity"].strip())


def _unit_only(claim: dict) -> bool:
    """Whether a claim names its unit but no quantity ("$47 billion", "770 kilometres")."""
    return not _has_quantity(claim) and isinstance(claim.get("unit"), str) and bool(claim["unit"].strip())


def _bare_quantity(quantity) -> str:
    """A quantity phrase without articles, possessives and numbers: "a 4-year-old boy" -> "boy"."""
    return " ".join(ARTICLES_AND_NUMBERS.sub(" ", normal_text(str(quantity or ""))).split())


def _phrases_agree(a: dict, b: dict) -> bool:
    """Whether two quantity phrases are one without numbers and articles, or one is the bare noun the other opens with
    ("people", "people thought to be critical"): a bare noun names no predicate to set against the other's."""
    first, second = sorted((_bare_quantity(a["quantity"]).split(), _bare_quantity(b["quantity"]).split()), key=len)
    return first == second or (len(first) == 1 and second[:1] == first)


def _is_partitive(claim: dict) -> bool:
    """Whether the claim's number may count a part: "21 of the schoolgirls", "20 of those injured", "15 of 25"."""
    sentence, text = str(claim["sentence_text"] or ""), str(claim["text"])
    return any(PARTITIVE.match(sentence, found.end()) for found in re.finditer(re.escape(text), sentence))


def _states(claim: dict, number: str) -> bool:
    """Whether the claim's sentence also states `number` (as a whole word)."""
    return re.search(rf"(?<![\w.,]){re.escape(str(number))}(?![\w]|[.,]\d)", str(claim["sentence_text"] or "")) is not None


def _overlap(a: tuple[float, float], b: tuple[float, float]) -> bool:
    return max(a[0], b[0]) <= min(a[1], b[1])


def same_figure(bounds: list[tuple[float, float]]) -> bool:
    """Whether rounded figures can be one: 130 (125 to 135) and 140 (135 to 145) only touch, so they cannot."""
    return max(low for low, _ in bounds) < min(high for _, high in bounds)


def times_compatible(a, b) -> bool:
    """Times differ only when both claims give one and the two share no date word (with a digit, a month or a weekday):
    "on Saturday" and "from Saturday" are one time, "on Saturday" and "on Sunday" two."""
    if pd.isna(a) or pd.isna(b):
        return True
    return bool(_time_words(a) & _time_words(b)) or normal_text(a) == normal_text(b)


def _time_words(time: str) -> set[str]:
    dates = word_list("lexicons/months.txt") | WEEKDAYS
    return {word for word in normal_text(time).split() if word in dates or re.search(r"\d", word)}


def join_fragments(labels: np.ndarray, links: np.ndarray, bounds: list[tuple[tuple[float, float], tuple[float, float]]]) -> np.ndarray:
    """Join a cluster to another that states each of its figures, when every member is linked to every member of the
    other cluster stating the same figure. Complete linkage keeps "84 died" apart from a toll cluster of 60, 80 and 84
    when one of its claims links to 84 but not to 60; that 84 is still the toll's 84. A lone claim joins so on two
    links or more ("$5,920" to three "below $6,000" of a cluster that also holds "$5,995.58")."""
    labels = labels.copy()
    for small in sorted(np.unique(labels), key=lambda label: (labels == label).sum()):
        left = np.nonzero(labels == small)[0]
        for large in np.unique(labels):
            right = np.nonzero(labels == large)[0]
            if large == small or len(right) <= len(left):
                continue
            same = [[y for y in right if _overlap(bounds[x][0], bounds[y][0])] for x in left]
            # The figure must be the cluster's own (half its members or more), not one stray member's.
            # A lone claim needs two such links: one is a pair that complete linkage already weighed.
            if all(2 * len(peers) >= len(right) and len(peers) >= 3 - len(left) and links[x, peers].all() for x, peers in zip(left, same)):
                labels[left] = large
                break
    return labels

"""Scores and results ("won 4-1", "tied at 2-2", "6-7 6-4 6-4"): which amounts the amount regex finds are scores.

`is_result(match)` takes a match of the amount regex (claim_amounts) and says
whether its two numbers joined by a dash are a result rather than a range;
`claim_amounts.read_amounts` then gives one amount per side, which becomes a
claim of its own with quantity `SCORE_QUANTITY`, no unit (NewsQuant's gold
and bench/gum-claims.json name none), no change and no range: "won 3-1" and
"won 3-2" state different results, side by side.
"""

from __future__ import annotations

import re

SCORE_QUANTITY = "score"
SIDE_DIGITS = 3  # the longest side of a score: "won 112-98"
SCORE_PAIR_AFTER = re.compile(r"\s+\(?\d{1,2}[-–]\d{1,2}(?![\d%])")  # the next set of a match: " 6-4", " (7-3)"
SCORE_PAIR_BEFORE = re.compile(r"(?<![\d.,])\d{1,2}[-–]\d{1,2}\)?\s+$")
# What makes a pair of numbers a range of a measure, money or a scale ("3-2 million", "5-4 kg", "$5-4").
NOT_PLAIN = ("unit", "scale", "abbreviation", "currency")


def _plain_pair(group: dict) -> bool:
    """Two whole numbers joined by a dash, with nothing after them."""
    if not (group["high"] and group["dash"] and group["digits"]) or any(group[name] for name in NOT_PLAIN):
        return False
    return group["digits"].isdigit() and group["high"].isdigit()


def is_score(group: dict) -> bool:
    """ "4-1", "13-3", "2-2": a plain pair with the second number not above the first is a result (ranges are written
    low to high: "3-4 days")."""
    return _plain_pair(group) and int(group["high"]) <= int(group["digits"])


def in_a_run_of_scores(match: re.Match) -> bool:
    """ "won 6-7 6-4 6-4", "4-6 7-6 (7-3)": a pair of small whole numbers next to another such pair is one of a
    match's set scores, whichever number is higher."""
    group = match.groupdict()
    if not (_plain_pair(group) and len(group["digits"]) <= 2 and len(group["high"]) <= 2):
        return False
    text, start, end = match.string, match.start(), match.end()
    return bool(SCORE_PAIR_AFTER.match(text, end) or SCORE_PAIR_BEFORE.search(text, max(0, start - 10), start))


def is_result(match: re.Match) -> bool:
    """Whether an amount match is a score or result, or a pair written like one: never a range."""
    return is_score(match.groupdict()) or in_a_run_of_scores(match)


def has_sides(match: re.Match) -> bool:
    """Whether a result's numbers are the sides of a score, of at most SIDE_DIGITS digits each ("112-98"); a longer
    one is a span of years or a code ("the 2019-20 season", "fiscal 2021-22"), and says no number."""
    return len(match["digits"]) <= SIDE_DIGITS and len(match["high"]) <= SIDE_DIGITS

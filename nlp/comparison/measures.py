"""Claims measured in different units of one dimension, brought to one unit: "19,000 pounds" and "8.5 tonnes".

`measure_dimension(unit)` takes a claim's `unit_normalized` and returns the
dimension it measures in pint's words ("[mass]", "[length] / [time]") when
it is a unit of measure that news write after a number
(`models/lexicons/units.tsv`) and that pint converts; None otherwise: a
counted noun pint happens to know ("point", "hand"), a currency (no exchange
rates offline), a dimensionless unit ("percent") or an age ("year of age")
keeps its own name and is compared only with itself.

`to_reference(claims, block_of)` takes comparable claims and their blocks (a
story's claims of one dimension) and returns the claims with `value`, `low`
and `high` in the unit the block's claims use most and `unit_key` set to that
unit; `stated_unit`, `stated_value`, `stated_low`, `stated_high`,
`scale_low`, `scale_high` and `shift` keep what the claim stated and how it
was converted, so that rounding is read from the stated figure ("19,000
pounds" is 18,500 to 19,500 pounds) and then converted (`convert_bounds`). A unit whose size news use loosely
(`models/lexicons/loose_units.tsv`: a "ton" may be a short, long or metric
ton) converts its low bound at its smallest size and its high bound at its
largest. `group_unit(members)` names the unit a group's range is shown in:
the one its members state most.

`restates(figure_unit, figure_value, unit, value)` says whether a figure
restates another in a unit of its dimension ("480 miles" after "770
kilometers"), and `bracketed_conversions(claims)` names, for each claim that
so restates the claim before it in brackets, the claim it converts; the gold
tool `bench/fix_gold_conversions.py` applies the same reading to the gold's
mentions.
"""

from __future__ import annotations

import re
from functools import cache

import pandas as pd

from nlp.extract.claim_units import normalize_unit, unit_registry
from nlp.lexicons import field_rows

IDENTITY = (1.0, 1.0, 0.0)  # (scale of the low bound, scale of the high bound, shift): no conversion
CONVERSION_GAP = 3  # characters between a figure and its bracketed conversion (" (")
CONVERSION_NEAR = 0.05  # relative gap within which a bracketed figure restates the one before it ("770 km (about 500 miles)")
CONVERSION_OPENING = r"\s*\(\s*"  # what lies between a figure with its unit and its conversion with its qualifier


def pint_name(unit: str) -> str:
    """The name pint parses for a `unit_normalized` ("kilometre per hour" -> "kilometre / hour", "degree Celsius" ->
    "degree_Celsius"). Words join with "_" so that pint reads one unit, not a product of two."""
    return unit.replace(" per ", " / ").replace(" ", "_").replace("_/_", " / ")


@cache
def news_measures() -> frozenset[str]:
    """The normalised names of the units news write after a number (units.tsv's second column)."""
    return frozenset(filter(None, (normalize_unit(row[1]) for row in field_rows("lexicons/units.tsv") if len(row) > 1)))


@cache
def measure_dimension(unit: str) -> str | None:
    """The dimension a unit of measure measures ("[mass]"), None for a unit not converted (see the module docstring)."""
    if unit not in news_measures():
        return None
    try:
        dimensionality = unit_registry().parse_units(pint_name(unit)).dimensionality
    except Exception:  # noqa: BLE001 (pint raises several kinds for a name it does not know)
        return None
    return str(dimensionality) if dict(dimensionality) else None


@cache
def _loose_units() -> dict[str, tuple[str, str]]:
    """unit name -> (pint name of its smallest size, of its largest): "ton" -> (short_ton, long_ton)."""
    return {row[0]: (row[1], row[2]) for row in field_rows("lexicons/loose_units.tsv") if len(row) > 2}


@cache
def conversion(unit: str, reference: str) -> tuple[float, float, float]:
    """(scale of a low bound, scale of a high bound, shift) taking a figure in `unit` to `reference`, affine as
    temperatures are (°F = °C × 1.8 + 32); a loose unit's bounds scale at its smallest and largest size."""
    if unit == reference:
        return IDENTITY
    quantity = unit_registry().Quantity
    smallest, largest = _loose_units().get(unit, (pint_name(unit),) * 2)
    target = pint_name(reference)
    shift = float(quantity(0.0, smallest).to(target).magnitude)
    scales = [float(quantity(1.0, name).to(target).magnitude) - shift for name in (smallest, largest)]
    return scales[0], scales[1], shift


def convert_bounds(row: dict, low: float, high: float) -> tuple[float, float]:
    """A claim's bounds, read in its stated unit, in its block's unit (unchanged for a claim not converted)."""
    scale_low, scale_high, shift = (row.get(name, default) for name, default in zip(("scale_low", "scale_high", "shift"), IDENTITY))
    return low * scale_low + shift, high * scale_high + shift


def stated_bounds(row: dict) -> tuple[float, float]:
    """The low and high figure a claim states, in its own unit."""
    return float(row.get("stated_low", row["low"])), float(row.get("stated_high", row["high"]))


def to_reference(claims: pd.DataFrame, block_of: pd.Series) -> pd.DataFrame:
    """The claims with figures in their block's most used unit; see the module docstring."""
    units = claims["unit_key"].astype(str)
    reference = units.copy()
    for members in units.groupby(block_of).groups.values():
        most_used = _most_used_firm(units[members])
        # A block of counts or of one currency keeps its unit; a block only of a loose unit ("ton") stays in it.
        if most_used is not None and all(measure_dimension(unit) for unit in units[members]):
            reference[members] = most_used
    factors = pd.DataFrame([conversion(unit, ref) for unit, ref in zip(units, reference)], index=claims.index, columns=["scale_low", "scale_high", "shift"])
    middle = (factors["scale_low"] + factors["scale_high"]) / 2
    return claims.assign(
        stated_value=claims["value"],
        stated_low=claims["low"],
        stated_high=claims["high"],
        **factors,
        low=claims["low"] * factors["scale_low"] + factors["shift"],
        high=claims["high"] * factors["scale_high"] + factors["shift"],
        value=claims["value"] * middle + factors["shift"],
        stated_unit=claims["unit_key"],
        unit_key=reference.astype("string"),
    )


def _most_used_firm(units: pd.Series) -> str | None:
    """The unit named most often (the first in order on a tie), a loose one not counted: "ton" and "tonne" compare in
    tonnes. None when every unit is loose."""
    counts = units[~units.isin(_loose_units().keys())].value_counts()
    return sorted(counts[counts == counts.max()].index)[0] if len(counts) else None


def group_unit(members: pd.DataFrame) -> tuple[str, float, float]:
    """The unit a group's figures are shown in, the one its members state most (a loose one only when all do: the
    block's unit), and (scale, shift) taking a figure in the block's unit to it."""
    reference = str(members["unit_key"].iloc[0])
    if measure_dimension(reference) is None or "unit_normalized" not in members.columns:
        return reference, 1.0, 0.0
    unit = _most_used_firm(members["unit_normalized"].dropna().astype(str))
    if unit is None:
        return reference, 1.0, 0.0
    scale, _, shift = conversion(reference, unit)
    return unit, scale, shift


def restates(figure_unit: str, figure_value: float, unit: str, value: float) -> bool:
    """Whether `value` in `unit` restates `figure_value` in `figure_unit` in another unit ("480 miles" after "770
    kilometers"): two measures (`measure_dimension`) of one dimension, in different units, within CONVERSION_NEAR of
    each other once in one unit. A count ("12 people (2 children)": a part) or a time in another zone ("6 a.m. (2100
    GMT)") restates nothing."""
    dimension = measure_dimension(unit)
    if dimension is None or unit == figure_unit or dimension != measure_dimension(figure_unit):
        return False
    # Compared in a firm unit: a loose "ton" converts at its middle size, while pint reads a "ton" target as a short one.
    reference = unit if figure_unit in _loose_units() else figure_unit
    first, second = (_middle_value(number, name, reference) for number, name in ((figure_value, figure_unit), (value, unit)))
    return abs(first - second) <= CONVERSION_NEAR * max(abs(first), abs(second))


def _middle_value(value: float, unit: str, reference: str) -> float:
    """A figure in `reference`, a loose unit at its middle size (as `to_reference` converts a claim's value)."""
    scale_low, scale_high, shift = conversion(unit, reference)
    return value * (scale_low + scale_high) / 2 + shift


def bracketed_conversions(claims: pd.DataFrame) -> pd.Series:
    """For each claim that restates the claim right before it (`restates`) in brackets in one sentence ("770
    kilometers (480 miles)", "100 metres (328 feet)"), the claim_id of the figure it converts; None for any other.
    `claims` carry what they stated (`to_reference`)."""
    rows = claims.sort_values(["doc_id", "start"])
    previous = rows.groupby("doc_id").shift(1)
    bracketed = [
        isinstance(before, str) and re.search(rf"{re.escape(before)}{CONVERSION_OPENING}{re.escape(str(text))}", str(sentence or "")) is not None
        for before, text, sentence in zip(previous["text"], rows["text"], rows["sentence_text"])
    ]
    converted = [
        bracket and same and gap <= CONVERSION_GAP and restates(str(figure_unit), figure, str(unit), value)
        for bracket, same, gap, figure_unit, figure, unit, value in zip(
            bracketed, previous["sentence"] == rows["sentence"], rows["start"] - previous["end"],
            previous["stated_unit"], previous["stated_value"], rows["stated_unit"], rows["stated_value"])
    ]
    return previous["claim_id"].where(pd.Series(converted, index=rows.index)).reindex(claims.index)

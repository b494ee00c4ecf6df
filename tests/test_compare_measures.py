"""Claim groups across units of one dimension: pounds and tonnes, miles and kilometres, Fahrenheit and Celsius."""

from __future__ import annotations

import pandas as pd
import pytest

from nlp.comparison.measures import bracketed_conversions, conversion, group_unit, measure_dimension, restates, to_reference
from tests.test_claim_groups import claim, groups_of


def measured(doc: int, sentence: str, number: str, unit: str, **fields) -> dict:
    """A claims row measured in `unit`, which analyze writes as unit and unit_normalized alike."""
    row = claim(doc, sentence, number, fields.pop("quantity", None), unit, **fields)
    return {**row, "unit_normalized": unit}


def test_units_of_measure_convert_within_a_dimension_only():
    assert measure_dimension("pound") == measure_dimension("metric ton") == "[mass]"
    assert measure_dimension("mile") == measure_dimension("kilometre") == "[length]"
    # Counted nouns pint knows, currencies (no rates offline) and shares keep their own name.
    assert measure_dimension("point") is None and measure_dimension("US Dollar") is None and measure_dimension("percent") is None
    scale_low, scale_high, shift = conversion("degree Fahrenheit", "degree Celsius")
    assert 212 * scale_low + shift == pytest.approx(100) and scale_low == scale_high


def test_a_loose_ton_spans_short_to_long_tons():
    scale_low, scale_high, _ = conversion("ton", "metric ton")
    assert scale_low == pytest.approx(0.907, abs=0.001) and scale_high == pytest.approx(1.016, abs=0.001)


def test_pounds_and_tonnes_of_one_figure_agree(embedder):
    groups = groups_of(
        embedder,
        measured(0, "The space station weighs nearly 19,000 pounds and is falling to Earth.", "19,000", "pound", quantity="The space station", qualifier="~"),
        measured(1, "The 8.5-tonne space station is falling to Earth.", "8.5", "metric ton", quantity="space station"),
    )
    assert groups["status"].tolist() == ["agree"]
    group = groups.iloc[0]
    # The range is shown in one unit the members state; the reason names the figure in its own unit.
    assert group["unit"] == "metric ton" and (group["min"], group["max"]) == pytest.approx((8.5, 8.618), abs=0.001)
    assert group["reason"] == "all 2 claims state 19,000 pound within rounding"


def test_a_ton_and_a_tonne_of_one_figure_agree(embedder):
    groups = groups_of(
        embedder,
        measured(0, "The 8.5-tonne space station is falling to Earth.", "8.5", "metric ton", quantity="space station"),
        measured(1, "The 8.5 ton space station is falling to Earth, experts say.", "8.5", "ton", quantity="space station"),
    )
    assert groups["status"].tolist() == ["agree"]
    assert groups["unit"].iloc[0] == "metric ton"


def test_pounds_and_tonnes_that_differ_conflict(embedder):
    groups = groups_of(
        embedder,
        measured(0, "The driver ploughed a 25-tonne truck into the crowd.", "25", "metric ton", quantity="truck"),
        measured(1, "The driver ploughed a 42,000-pound truck into the crowd.", "42,000", "pound", quantity="truck"),
    )
    assert groups["status"].tolist() == ["conflict"]
    assert "25 (outlet0.example)" in groups["reason"].iloc[0] and "42,000 (outlet1.example)" in groups["reason"].iloc[0]


def test_miles_and_kilometres_agree(embedder):
    groups = groups_of(
        embedder,
        measured(0, "The plane crashed roughly 130 miles northwest of the capital.", "130", "mile", qualifier="~"),
        measured(1, "The plane crashed 210 km northwest of the capital.", "210", "kilometre"),
    )
    assert groups["status"].tolist() == ["agree"]


def test_fahrenheit_and_celsius_agree_and_conflict(embedder):
    same = groups_of(
        embedder,
        measured(0, "Temperatures in the city reached 100F on Monday.", "100", "degree Fahrenheit"),
        measured(1, "Temperatures in the city reached 38C on Monday.", "38", "degree Celsius"),
    )
    assert same["status"].tolist() == ["agree"]
    apart = groups_of(
        embedder,
        measured(0, "Temperatures in the city reached 50F on Monday.", "50", "degree Fahrenheit"),
        measured(1, "Temperatures in the city reached 20C on Monday.", "20", "degree Celsius"),
    )
    assert apart["status"].tolist() == ["conflict"]


def test_two_currencies_are_never_converted(embedder):
    groups = groups_of(
        embedder,
        measured(0, "The company was sold for $100 million on Friday.", "100", "US Dollar"),
        measured(1, "The company was sold for £100 million on Friday.", "100", "Pound Sterling"),
    )
    assert groups.empty


def test_a_group_of_one_unit_shows_that_unit():
    members = pd.DataFrame({"unit_key": ["kilometre", "kilometre"], "unit_normalized": ["mile", "mile"]})
    unit, scale, shift = group_unit(members)
    assert unit == "mile" and scale == pytest.approx(1 / 1.609344) and shift == 0


def test_claims_take_the_unit_their_block_uses_most_and_keep_what_they_stated():
    claims = pd.DataFrame({"unit_key": ["mile", "mile", "kilometre"], "value": [130.0, 140.0, 230.0], "low": [130.0, 140.0, 230.0], "high": [130.0, 140.0, 230.0]})
    converted = to_reference(claims, pd.Series(["story|[length]|"] * 3))
    assert converted["unit_key"].tolist() == ["mile"] * 3
    assert converted["stated_unit"].tolist() == ["mile", "mile", "kilometre"]
    assert converted["value"].iloc[2] == pytest.approx(142.9, abs=0.1) and converted["stated_value"].iloc[2] == 230


def converted(doc: int, sentence: str, first: tuple[str, str], second: tuple[str, str], quantity: str | None) -> list[dict]:
    """A figure and the bracketed figure after it in one sentence ("770 kilometers (480 miles)"): (text, unit) each."""
    rows = [measured(doc, sentence, text, unit, quantity=quantity) for text, unit in (first, second)]
    rows[1]["claim_id"] = f"d{doc}:c1"
    return rows


def test_a_bracketed_conversion_is_one_measure_restated_in_another_unit():
    sentence = "It flew 770 kilometers (480 miles), 12 people (2 children) watched, at 0600 (2100 GMT), for 40 km (10 miles)."
    rows = pd.DataFrame([measured(0, sentence, text, unit, position=position) for position, (text, unit) in enumerate(
        (("770 kilometers", "kilometre"), ("480 miles", "mile"), ("12", "people"), ("2", "children"),
         ("0600", "time of day"), ("2100", "time of day"), ("40 km", "kilometre"), ("10 miles", "mile")))])
    rows = rows.assign(sentence=0, unit_key=rows["unit"])
    blocks = rows["unit"].map(lambda unit: measure_dimension(unit) or unit)
    found = bracketed_conversions(to_reference(rows, blocks))
    # Only the miles restate their kilometres: a count in brackets is a part, a time in GMT another figure, and
    # "40 km (10 miles)" is no conversion of one figure.
    assert found.dropna().to_dict() == {1: "d0:c0"}



@pytest.mark.parametrize("figure, restated, expected", [
    (("kilometre", 770), ("mile", 480), True),
    (("foot", 40), ("metre", 12), True),  # 12.19 m, rounded
    (("degree Fahrenheit", 100), ("degree Celsius", 38), True),  # affine: 100.4 °F
    (("metric ton", 64), ("pound", 141000), True),
    (("ton", 64), ("pound", 136000), True),  # a loose ton at its middle size (a short ton 128,000 pounds, a long one 143,360)
    (("pound", 136000), ("ton", 64), True),
    (("kilometre", 40), ("mile", 10), False),  # 16 km: two figures
    (("kilometre", 770), ("kilometre", 770), False),  # one unit: said twice, not converted
    (("people", 12), ("people", 12), False),  # a count is no measure
    (("kilometre", 770), ("kilogram", 770), False),  # another dimension
])
def test_a_figure_restates_another_only_as_a_near_measure_in_another_unit_of_its_dimension(figure, restated, expected):
    assert restates(*figure, *restated) is expected


def test_a_figure_and_its_conversion_join_one_group_as_one_figure(embedder):
    # Linked as two claims of one sentence, each article's figure and its conversion seeded two groups of one altitude.
    groups = groups_of(
        embedder,
        *converted(0, "The missile reached an altitude of 770 kilometers (480 miles) before falling into the sea.", ("770 kilometers", "kilometre"), ("480 miles", "mile"), "an altitude"),
        *converted(1, "It reached an altitude of 770 km (about 480 miles), the military said.", ("770 km", "kilometre"), ("about 480 miles", "mile"), "an altitude"),
    )
    assert (groups["status"].tolist(), groups["n_claims"].tolist(), groups["n_docs"].tolist()) == (["agree"], [4], [2])

"""Numeric-claim forms of wire-service text (results tables, datelines, sign-off lines, to/from revisions), found in
an audit of 1990s agency news; each test writes its own sentences."""

from __future__ import annotations

import pytest

from tests.test_claims import claims


def test_a_counted_noun_or_measured_phrase_never_reaches_across_a_line_break(pipeline):
    found = claims(pipeline, "Bowlers with most wickets: Smith 212 wickets, 45 Tests\nJohn Brown (Wales) 198, 40")
    assert (found["45"].unit, found["45"].counted) == ("test", "test")  # not "test brown" from the next row
    note = claims(pipeline, "Group sales 4,100 up 2.5 percent\nNOTE - Figures are unaudited.")["2.5 percent"]
    assert "NOTE" not in (note.quantity or "")
    assert claims(pipeline, "The firm sold 45 test kits.")["45"].counted == "test kit"  # on one line the noun goes on


def test_international_phone_numbers_are_no_claims(pipeline):
    assert claims(pipeline, "For details call the Lisbon desk, +351 21 3456789.") == {}
    assert claims(pipeline, "-- Osaka Markets Desk (81-6 4455 1234)") == {}
    assert claims(pipeline, "-- Perth Newsroom 61-8 9321-4400") == {}
    assert claims(pipeline, "-- Macau News Room (853) 2831 5566") == {}
    kept = claims(pipeline, "She won the final 6-4 (7-5 6-3) and banked $5,000.")  # a score list in brackets stays
    assert {"6", "4", "$5,000"} <= set(kept)


def test_the_level_reached_and_the_level_left_share_one_unit(pipeline):
    found = claims(pipeline, "The firm cut its forecast to 12 billion from an earlier 15 billion yen.")
    assert found["12 billion"].unit_normalized == "Yen"  # written once, after the level left
    found = claims(pipeline, "Factory output fell to 3,400 units from the revised 3,550.")
    assert found["3,550"].counted == "unit"  # the count's noun is written after the level reached
    found = claims(pipeline, "Shares rose 5% and he bought 200 from a broker.")
    assert found["200"].unit is None  # no "to" before: no pair of levels


def test_pct_is_the_agencies_percent(pipeline):
    found = claims(pipeline, "Unemployment fell 0.3 pct to 7.1 pct in June.")
    assert (found["0.3 pct"].unit_normalized, found["0.3 pct"].change) == ("percent", "down")
    assert found["7.1 pct"].unit_normalized == "percent"


@pytest.mark.parametrize(
    ("text", "expression", "context"),
    [
        ("Rescuers searched all night.\nBy Friday, the three climbers were found alive.", "three", "body"),  # a day
        ("Floods hit the north.\nBy Anna Novak and 2 other reporters", "2", "byline"),
    ],
)
def test_a_line_opening_with_by_and_a_day_is_no_byline(pipeline, text, expression, context):
    assert claims(pipeline, text)[expression].context == context



@pytest.mark.parametrize(
    ("text", "expression", "kept"),
    [
        ("Half-year results (in millions of yen unless stated)", "millions", False),  # the table's unit
        ("All figures in thousands of tonnes.", "thousands", False),
        ("The new films will bring in billions of dollars.", "billions", True),  # "in" a particle: an amount
        ("The virus spread in millions of homes.", "millions", True),  # homes are no unit of figures
    ],
)
def test_a_vague_scale_in_money_or_a_unit_after_in_names_a_tables_unit(pipeline, text, expression, kept):
    assert (expression in claims(pipeline, text)) == kept


def test_a_table_rows_run_of_numbers_is_no_claim(pipeline):
    assert claims(pipeline, "Standings:\nLakeside Rovers 6 4 1 1 12 5 13\nHill United 6 3 2 1 9 6 11") == {}
    assert claims(pipeline, "Leading scores: Ann Fischer 68 71 70, Jo Park 70 70 71") == {}
    assert claims(pipeline, "Lakeside beat Hill 3 1 and 400 fans cheered.")["400"].unit == "fan"  # two numbers are no row


def test_a_results_line_gives_each_side_its_score(pipeline):
    text = "Saturday's results:\nLakeside Rovers 3 Hill United 1\nPort Vale Town 0 Kings Lynn 0"
    sides = [(claim.text, claim.quantity) for claim in pipeline(text)._.claims]
    assert sides == [("3", "score"), ("1", "score"), ("0", "score"), ("0", "score")]
    assert claims(pipeline, "Chapter 3 opens the book.\nVolume 2") == {}  # no two names each with a number


def test_a_seeding_before_a_players_name_is_no_claim(pipeline):
    text = "Women's singles, second round\n1 - Jane Hill (Canada) beat Ann Fox (Britain) 6-3 6-2\nMary Low (U.S.) beat 3/4 - Eve Cole (Ireland) 7-5 6-4"
    assert {claim.quantity for claim in pipeline(text)._.claims} == {"score"}  # the sets, not the seeds 1 and 3/4
    assert [claim.text for claim in pipeline("They led 2 - 1 at half-time.")._.claims] == ["2", "1"]


def test_a_race_time_is_a_duration_in_seconds(pipeline):
    found = claims(pipeline, "She won in 2:05.31, beating the old mark of 26:43.53, and the marathon took 2:07:12.5.")
    assert [(found[time].value, found[time].unit_normalized) for time in ("2:05.31", "26:43.53", "2:07:12.5")] == [
        (125.31, "second"),
        (1603.53, "second"),
        (7632.5, "second"),
    ]
    assert claims(pipeline, "The talks start at 3:45 pm.")["3:45 pm"].unit == "time of day"  # no fraction: a clock


def test_a_place_in_a_numbered_list_is_no_claim(pipeline):
    found = claims(pipeline, "Final standings:\n2. Lakeside 8.61\n3. Hillport 7.90")
    assert set(found) == {"8.61", "7.90"}  # the points, not the places
    assert "1.5 million" in claims(pipeline, "Sales rose.\n1.5 million cars were sold.")


def test_a_figure_set_against_another_is_no_label(pipeline):
    found = claims(pipeline, "Half-year results\nOperating profit 212 vs 187\nTurnover 8.67 vs 9.33")
    assert {"212", "187", "8.67", "9.33"} <= set(found)  # "profit 212" reads like "lap 12", but "vs" compares
    assert "12" not in claims(pipeline, "He crashed on lap 12, then retired.")


def test_a_currency_named_before_the_number(pipeline):
    profit = claims(pipeline, "The miner made a profit of Australian dollars 648m last year.")["648m"]
    assert (profit.value, profit.unit_normalized) == (648e6, "Australian Dollar")  # no metres
    assert claims(pipeline, "The fund holds euros 3.2 billion in bonds.")["3.2 billion"].unit_normalized == "Euro"
    assert claims(pipeline, "It killed all seven astronauts.")["seven"].unit == "astronaut"  # "all" is no lek
    assert "2016" not in claims(pipeline, "Fans travelled to Euro 2016 in France.")  # a tournament, no money


def test_a_noun_worth_an_amount_is_what_it_measures(pipeline):
    text = "A ring of front companies took out vast loans worth $3bn from state banks."
    assert claims(pipeline, text)["$3bn"].quantity == "vast loans"  # not the subject, "A ring of front companies"
    assert claims(pipeline, "The merger is worth $4bn.")["$4bn"].quantity == "The merger"


@pytest.mark.parametrize(
    ("text", "expression", "value"),
    [
        ("The trade gap was $1.45 bln in June.", "$1.45 bln", 1.45e9),  # agencies space their scale abbreviations
        ("Exports rose to 4.5 mln tonnes.", "4.5 mln tonnes", 4.5e6),
        ("Profit was 5mln euros.", "5mln euros", 5e6),  # and glue them too
    ],
)
def test_mln_and_bln_scale_the_number_spaced_or_glued(pipeline, text, expression, value):
    assert claims(pipeline, text)[expression].value == value


def test_a_tie_break_in_brackets_is_a_score_whichever_side_is_higher(pipeline):
    found = [(claim.text, claim.quantity) for claim in pipeline("Ann Lee (Canada) beat Jo Fox (Chile) 6-7 (5-7) 6-2 6-3")._.claims]
    assert ("5", "score") in found and ("7", "score") in found and all(quantity == "score" for _, quantity in found)
    sides = [claim.text for claim in pipeline("Results:\nLakeside 0 Hillport 0.")._.claims]
    assert sides == ["0", "0"]  # a results line may end with a full stop


def test_a_numbered_results_list_names_its_unit_in_the_first_row(pipeline):
    text = "Women's long jump:\n1. Ann Lee (Canada) 6.72 metres\n2. Jo Fox (Chile) 6.65\n3. Mo Day (Peru) 6.64"
    assert [claim.unit_normalized for claim in pipeline(text)._.claims] == ["metre", "metre", "metre"]
    plain = pipeline("Jumps: Ann Lee cleared 6.72 metres.\nJo Fox managed 6.65")._.claims  # no numbered list
    assert plain[-1].unit is None

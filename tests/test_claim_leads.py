"""Numeric-claim forms from the leads of earlier audits (BBC, news_cluster and 1990s agency text); each test writes
its own sentences."""

from __future__ import annotations

import pytest

from tests.test_claims import claims


def test_a_few_or_several_of_a_scale_is_a_vague_amount_with_bounds(pipeline):
    found = claims(pipeline, "Several hundred people marched on Sunday and a few thousand fans waited outside.")
    assert (found["Several hundred"].low, found["Several hundred"].high, found["Several hundred"].counted) == (300, 1000, "people")
    assert (found["a few thousand"].low, found["a few thousand"].high, found["a few thousand"].counted) == (2000, 10000, "fan")
    dozens = claims(pipeline, "Police removed several dozen tents.")["several dozen"]
    assert (dozens.low, dozens.high, dozens.qualifier) == (36, 120, "=")
    money = claims(pipeline, "The repairs cost several hundred thousand dollars.")["several hundred thousand dollars"]
    assert (money.low, money.high, money.unit_normalized) == (300_000, 1_000_000, "US Dollar")
    assert claims(pipeline, "The firm lost a few million pounds.")["a few million pounds"].unit_normalized == "Pound Sterling"
    assert claims(pipeline, "A few people came and several stayed.") == {}  # no scale word: no amount


def test_a_minus_sign_before_a_currency_sign_makes_the_amount_negative(pipeline):
    assert claims(pipeline, "The group posted a net result of -$1.2 bln for the year.")["-$1.2 bln"].value == -1.2e9
    assert claims(pipeline, "The fund's balance stood at (-£2.1 million) in March.")["-£2.1 million"].value == -2.1e6
    assert claims(pipeline, "Its deficit was $-40bn.")["$-40bn"].value == -4e10  # after the sign, as before
    ranged = claims(pipeline, "Tickets cost $3-$5 each.")["$3-$5"]
    assert (ranged.low, ranged.high) == (3, 5)  # a dash after a number joins a range: no sign
    assert claims(pipeline, "Seats ranged from $30 -$50.")["from $30 -$50"].low == 30


def test_withdrawn_currencies_are_money_by_their_cldr_names(pipeline):
    marks = claims(pipeline, "The bank earned 12 million German marks in 1996.")["12 million German marks"]
    assert (marks.value, marks.unit, marks.unit_normalized) == (12e6, "DEM", "German Mark")
    assert claims(pipeline, "The stake was sold for 5 billion Dutch guilders.")["5 billion Dutch guilders"].unit_normalized == "Dutch Guilder"
    assert claims(pipeline, "A ticket cost 300 French francs.")["300 French francs"].unit_normalized == "French Franc"
    assert claims(pipeline, "They paid 30 Egyptian pounds.")["30 Egyptian pounds"].unit_normalized == "Egyptian Pound"  # ISO's own


def test_an_age_range_after_aged_between_or_from_is_in_years_of_age(pipeline):
    found = claims(pipeline, "The grants are open to those aged between 18 and 30.")["between 18 and 30"]
    assert (found.low, found.high, found.unit) == (18, 30, "year of age")
    assert claims(pipeline, "Women aged from 50 to 70 are invited.")["from 50 to 70"].unit == "year of age"
    assert claims(pipeline, "The firm sold between 18 and 30 cars.")["between 18 and 30"].unit == "car"  # no "aged"


def test_a_whole_number_and_a_fraction_joined_by_a_hyphen_are_one_amount(pipeline):
    found = claims(pipeline, "The stock rose 1-1/2 to 18-7/8 on the day.")
    assert (found["1-1/2"].value, found["18-7/8"].value) == (1.5, 18.875)
    assert claims(pipeline, "Fit a 2-1/2 inch pipe.")["2-1/2 inch"].value == 2.5
    assert claims(pipeline, "The note was dated 2-4/25 in pencil.") == {}  # no fraction a measure writes: no amount


def test_an_australian_rules_tally_is_one_score_side_its_points(pipeline):
    found = claims(pipeline, "Essendon 14.12 (96) beat Carlton 10.8 (68) at the MCG.")
    assert set(found) == {"96", "68"}  # goals and behinds read as 14.12 and 10.8 before
    assert {claim.quantity for claim in found.values()} == {"score"}
    kept = claims(pipeline, "Profit was 12.5 (13.1) million and the index stood at 14.12 (95).")
    assert {"12.5", "14.12"} <= set(kept)  # 6 x 12 + 5 is no 13, 6 x 14 + 12 no 95: no tallies


def test_a_number_the_parse_makes_the_head_of_a_singular_compound_noun_is_a_label(pipeline):
    found = claims(pipeline, "the dax is trending up 0.3% and the sp 500 is set to fall 0.1%.")
    assert "500" not in found and {"0.3%", "0.1%"} <= set(found)
    assert claims(pipeline, "The firm hired 300 staff.")["300"].counted == "staff"  # a count before its noun stays


def test_plus_before_a_scale_word_bounds_the_scaled_amount(pipeline):
    claim = claims(pipeline, "The plan would cost $3-plus trillion over a decade.")["$3-plus trillion"]
    assert (claim.value, claim.unit, claim.qualifier) == (3e12, "USD", ">")
    assert claims(pipeline, "The league drew 12-plus million viewers.")["12-plus million"].value == 12e6


def test_the_numerator_of_a_ratio_counts_no_verb(pipeline):
    found = claims(pipeline, "Only one in five agree with the plan.")
    assert (found["one"].unit, found["one"].quantity, found["one"].counted) == (None, None, None)  # was the verb "agree"
    assert claims(pipeline, "Nearly one in four drivers admitted speeding.")["four"].counted == "driver"


def test_an_amount_in_title_case_inside_a_title_in_running_text_is_no_claim(pipeline):
    assert claims(pipeline, 'She starred in "The 30-Year-Old Intern" last spring.') == {}
    assert claims(pipeline, 'The memo ran under the heading "Three or Four Cases" on Friday.') == {}
    assert claims(pipeline, "Police Detain 30-Year-Old Driver After Chase")["30-Year-Old"].value == 30  # a title-case headline
    assert claims(pipeline, "Police detained a 30-year-old driver.")["30-year-old"].value == 30


def test_a_possessive_before_the_counted_noun_says_whose_not_what_kind(pipeline):
    assert claims(pipeline, "The maker delivered 300 of its first tractors.")["300"].counted == "first tractor"  # an ordinal says which
    assert claims(pipeline, "Forty of the delegates left early.")["Forty"].unit == "delegate"


@pytest.mark.xfail(strict=True, reason="rejected in round 34: counting the owned noun lowered compare's check group precision 93.5 -> 92.4")
def test_a_count_of_a_whole_an_owner_holds_counts_the_owned_noun(pipeline):
    found = claims(pipeline, "Thirty of the region's biggest employers joined the scheme.")["Thirty"]
    assert (found.unit, found.counted) == ("employer", "biggest employer")  # counts the owner, "region"


def test_over_after_a_verb_that_hands_things_on_is_no_bound(pipeline):
    found = claims(pipeline, "The rebels agreed to hand over four soldiers on Friday.")["four"]
    assert (found.text, found.qualifier, found.unit) == ("four", "=", "soldier")
    assert claims(pipeline, "The trip took over 12 hours.")["over 12 hours"].qualifier == ">"
    assert claims(pipeline, "He has taken over 250 wickets.")["over 250"].qualifier == ">"


def test_a_bare_currency_word_is_money_in_the_currency_of_the_country_the_document_names(pipeline):
    text = "The Dutch lender earned 420 million guilders in the half. Its shares closed 1.30 guilders lower at 48.20."
    found = claims(pipeline, text)
    assert (found["420 million guilders"].unit, found["420 million guilders"].unit_normalized) == ("NLG", "Dutch Guilder")
    assert found["1.30 guilders"].unit == "NLG"  # the document already speaks of guilders as money
    moved = claims(pipeline, "Shares in the German carmaker were down 2.15 marks on Monday.")["2.15 marks"]
    assert (moved.unit, moved.change) == ("DEM", "down")
    assert claims(pipeline, "She scored 18 marks out of 20 in the German exam.")["18"].unit == "mark"  # no money said
    assert set(claims(pipeline, "The lender earned 420 million guilders.")) == {"420 million"}  # no country named: a count


def test_a_console_named_again_or_beside_another_name_is_no_money(pipeline):
    found = claims(pipeline, "Nintendo will show the GX4 in May, and the PS3 sold 20 million units.")
    assert "PS3" not in found and found["20 million"].value == 20e6  # "sold" after the name is no money noun
    assert claims(pipeline, "With PS5 and Xbox 3 in the shops, buyers can choose.") == {}
    story = claims(pipeline, "Critics praised the PS5 on Monday. PS5 will run older games, Sony said.")
    assert "PS5" not in story  # the second mention is a name as the first is
    money = claims(pipeline, "The council raised PS4 million and spent PS30 and PS40 on repairs.")
    assert [claim.unit for claim in money.values()] == ["GBP", "GBP", "GBP"]


def test_a_distance_before_the_plural_of_a_race_is_in_metres(pipeline):
    hurdles = claims(pipeline, "Jones won the 60m hurdles in Glasgow on Saturday.")["60m"]
    assert (hurdles.value, hurdles.unit) == (60, "metre")
    assert claims(pipeline, "She reached both the 100m and 200m finals.")["200m"].unit == "metre"
    assert claims(pipeline, "He hopes to race over 60m indoors.")["over 60m"].value == 60
    assert claims(pipeline, "The union speaks for 3m workers.")["3m"].value == 3e6  # other plurals: a million


def test_a_decimal_after_version_or_ending_in_point_nought_after_a_name_numbers_a_release(pipeline):
    assert claims(pipeline, "The group shipped version 3.5 of its editor.") == {}
    assert claims(pipeline, "Users should install Update 6.20 soon.") == {}
    assert claims(pipeline, "Fans waited for the Ravenfox 2.0 browser.") == {}
    assert claims(pipeline, "The laptop has USB 3.0 ports.") == {}
    assert claims(pipeline, "The index rose 2.0 points.")["2.0 points"].value == 2  # a measure keeps its unit


def test_euro_cents_are_cents(pipeline):
    found = claims(pipeline, "The brewer lifted its payout to 45 euro cents a share from 38 euro cents.")
    assert [claim.unit for claim in found.values()] == ["cent per share", "cent"]  # were 45 and 38 EUR


def test_a_number_after_lap_is_the_lap_it_names(pipeline):
    assert claims(pipeline, "Ortiz spun out on lap 17 of a wet Dutch race.") == {}  # was 17, counting the race
    assert claims(pipeline, "The crowd groaned at her lap 33 retirement.") == {}
    assert claims(pipeline, "The race ran 62 laps.")["62"].counted == "lap"  # a count of laps stays


def test_a_model_number_before_the_singular_noun_it_names_is_no_count(pipeline):
    assert claims(pipeline, "The charity flew 200 children home in a chartered 767 jet.")["200"].counted == "child"
    assert "767" not in claims(pipeline, "The charity flew 200 children home in a chartered 767 jet.")
    assert claims(pipeline, "The senator travels on his 727 plane.") == {}
    assert claims(pipeline, "A neighbour made a 999 call at midnight.") == {}
    assert claims(pipeline, "The team wrote a 300 page report.")["300"].value == 300  # "page" is a compound: pages
    assert claims(pipeline, "The airline bought 40 737 jets.")["40"].counted == "737 jet"  # a plural: counted
    assert claims(pipeline, "The government won a 142 majority.")["142"].value == 142  # a size, not a name


@pytest.mark.parametrize(
    ("text", "feet", "inches"),
    [
        ("The 6-foot-3 centre signed a two-year deal.", "6-foot", "3"),
        ("Standing 5-foot-9, the mayor was easy to miss.", "5-foot", "9"),
        ("The 6-foot-1-inch winger scored twice.", "6-foot", "1-inch"),
    ],
)
def test_a_hyphened_height_is_feet_and_inches(pipeline, text, feet, inches):
    found = claims(pipeline, text)
    assert (found[feet].value, found[feet].unit, found[inches].unit) == (int(feet[0]), "foot", "inch")
    assert found[feet].quantity == found[inches].quantity


def test_a_hyphened_measure_without_inches_is_no_height(pipeline):
    found = claims(pipeline, "Workers put up a 7-foot fence and a 12-foot-high gate.")
    assert {claim.unit for claim in found.values()} == {"foot"} and len(found) == 2


def test_bare_francs_are_the_franc_of_the_country_the_document_names(pipeline):
    found = claims(pipeline, "The Bank of France lent 5.6 billion francs to banks on Monday.")["5.6 billion francs"]
    assert (found.unit, found.unit_normalized) == ("FRF", "French Franc")
    assert claims(pipeline, "Belgian shares fell and Solvay lost 40 francs to 3,150 francs.")["3,150 francs"].unit == "BEF"
    assert claims(pipeline, "The Swiss club was fined 2,000 francs.")["2,000 francs"].unit == "CHF"
    assert claims(pipeline, "The fee is 500 francs.")["500 francs"].unit == "CHF"  # no country named: the lexicon's
    both = claims(pipeline, "A French player paid 3,000 francs to the league in Switzerland.")
    assert both["3,000 francs"].unit == "CHF"  # two countries of a franc named: the lexicon's


def test_a_count_before_a_makers_name_and_a_model_code_counts_the_noun_after_them(pipeline):
    found = claims(pipeline, "The carrier ordered 45 Boeing 777-300 jets and 12 Embraer E190 aircraft.")
    assert (found["45"].counted, found["12"].counted) == ("boeing 777-300 jet", "embraer e190 aircraft")  # were labels
    assert claims(pipeline, "The 787 Dreamliner landed.") == {}  # a number before a name alone names it
    assert "128" not in claims(pipeline, "128 Ann Carter 64 64")  # a table's row: no model code before a noun


def test_an_age_after_the_age_of_ages_or_a_bound_is_in_years_of_age(pipeline):
    assert claims(pipeline, "She ran the company at the age of only 31.")["31"].unit == "year of age"
    assert claims(pipeline, "The rule covers staff aged over 55.")["over 55"].unit == "year of age"
    ranged = claims(pipeline, "Pupils between the ages of 11 and 16 sat the test.")["between the ages of 11 and 16"]
    assert (ranged.low, ranged.high, ranged.unit) == (11, 16, "year of age")
    assert claims(pipeline, "Ministers set a pension age of 67 for new staff.")["67"].unit == "year of age"
    assert claims(pipeline, "He had played the violin from the age of nine.")["nine"].unit == "year of age"
    assert claims(pipeline, "The plan would lower the voting age to 16.")["16"].unit == "year of age"
    assert claims(pipeline, "Turnout among voters ages 18 to 24 rose.")["18 to 24"].unit == "year of age"
    assert claims(pipeline, "The firm sold 16 cars to a dealer.")["16"].unit == "car"  # no age word


def test_a_race_in_k_is_kilometres(pipeline):
    race = claims(pipeline, "She won a 10K race in Cardiff on Sunday.")["10K"]
    assert (race.value, race.unit, race.counted) == (10, "kilometre", None)
    assert claims(pipeline, "He entered the 5k run for charity.")["5k"].unit == "kilometre"
    assert claims(pipeline, "She reached the men's 20K walk final.")["20K"].value == 20
    assert claims(pipeline, "They paid a 40K fee.")["40K"].value == 40_000  # thousands before any other noun
    assert claims(pipeline, "Entry cost $2K race fees.")["$2K"].value == 2000  # money keeps its thousands


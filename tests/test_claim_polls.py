"""Numeric-claim forms of election and poll reports (an audit of 2016 campaign news), on sentences the tests write."""

from __future__ import annotations

from tests.test_claims import claims


def test_shares_joined_to_a_share_of_a_whole_measure_that_whole(pipeline):
    found = claims(pipeline, "The survey found that 40 percent of the nurses backed the strike, while 35 percent opposed it and 25 percent had no view.")
    assert [found[text].quantity for text in ("40 percent", "35 percent", "25 percent")] == ["the nurses"] * 3


def test_a_share_set_against_a_share_of_a_whole_measures_that_whole(pipeline):
    found = claims(pipeline, "The mayor took 61 percent of the vote to his rival's 39 percent.")
    assert found["39 percent"].quantity == "the vote"
    donations = claims(pipeline, "The fund made four donations totaling $2.35 million.")  # a count is no share
    assert donations["$2.35 million"].quantity == "four donations"


def test_a_share_with_no_whole_is_no_quantity_of_another_share(pipeline):
    found = claims(pipeline, "In the poll, 23 percent favored Smith and 15 percent backed Jones.")
    assert found["15 percent"].quantity is None  # was "23 percent"


def test_a_margin_written_with_both_signs_is_positive(pipeline):
    for text, expression, value in [
        ("The survey has a margin of error of plus or minus 4.5 percentage points.", "plus or minus 4.5 percentage points", 4.5),
        ("Its margin of error is +/-3 percentage points.", "+/-3 percentage points", 3.0),  # no rise for the "+"
        ("It has a margin of error of ±2.5 percentage points.", "±2.5 percentage points", 2.5),
    ]:
        claim = claims(pipeline, text)[expression]
        assert (claim.value, claim.unit, claim.change) == (value, "percentage point", None)
    assert claims(pipeline, "Temperatures fell to minus 5 degrees overnight.")["minus 5 degrees"].value == -5.0


def test_a_tally_written_high_to_low_is_two_claims_of_one_unit(pipeline):
    found = claims(pipeline, "The governor beat his rival 52 to 38 percent in the new poll.")
    assert (found["52"].value, found["52"].unit, found["38 percent"].value) == (52.0, "percent", 38.0)
    vote = claims(pipeline, "The bill passed the chamber by a vote of 90 to 10.")
    assert "90 to 10" not in vote and {"90", "10"} <= set(vote)
    assert claims(pipeline, "It would cost 3 to 4 million dollars.")["3 to 4 million dollars"].low == 3e6
    shares = claims(pipeline, "In the new survey she led him 56 percent to 32 percent.")
    assert (shares["56 percent"].value, shares["32 percent"].value) == (56.0, 32.0)
    assert claims(pipeline, "It will cut emissions 26 percent to 28 percent.")["26 percent to 28 percent"].low == 26.0


def test_numbers_inside_a_markup_tag_are_no_claims(pipeline):
    found = claims(pipeline, 'She wrote <tweet tweet-id="66119611548" tweet-date="March 9, 2016">so true</tweet> and 12 people agreed.')
    assert set(found) == {"12"}
    assert "3" in claims(pipeline, '<img src="a.jpg" width="640"> The 3 men left, as 5 <7 and 9> 8.')


def test_a_modifier_the_tagger_takes_for_a_verb_or_a_quoted_one_says_what_kind(pipeline):
    assert claims(pipeline, "The mayor has won 758 pledged delegates so far.")["758"].unit == "delegate"
    assert claims(pipeline, "Jones courted the 100 or so “unbound” delegates.")["100 or so"].counted == "unbound delegate"


def test_the_number_you_are_is_an_age(pipeline):
    assert claims(pipeline, "It can happen when you're 45.")["45"].unit == "year of age"
    assert claims(pipeline, "It can happen when you’re 45.")["45"].unit == "year of age"  # a curly apostrophe too
    assert claims(pipeline, "We were 11 at one point.")["11"].unit is None  # "we" and "they" may count


def test_the_margin_a_contest_is_lost_by_is_no_fall(pipeline):
    assert claims(pipeline, "He lost the state by 3 percentage points.")["3 percentage points"].change is None
    assert claims(pipeline, "The home side lost by two points.")["two points"].change is None
    assert claims(pipeline, "Shares lost 5 percent on Monday.")["5 percent"].change == "down"


def test_a_date_that_says_what_kind_of_counted_noun_is_part_of_it(pipeline):
    assert claims(pipeline, "The campaign ran ads in at least four Super Tuesday states.")["at least four"].unit == "state"
    assert claims(pipeline, "They held two Monday meetings.")["two"].counted == "monday meeting"


def test_a_number_a_name_owns_set_against_a_count_counts_its_noun(pipeline):
    found = claims(pipeline, "The mayor has won 758 delegates, compared to Jones’s 538 and Ohio Governor John Smith’s 145, a tally says.")
    assert (found["538"].unit, found["145"].unit) == ("delegate", "delegate")
    assert claims(pipeline, "China had 568 billionaires to America's 535.")["535"].unit == "billionaire"
    assert claims(pipeline, "It raised $5 million and the firm's 20 said no.")["20"].unit is None  # money is no count


def test_a_count_after_a_persons_name_counts_the_plural_after_it(pipeline):
    assert claims(pipeline, "The voters gave Jane Smith 34 delegates.")["34"].unit == "delegate"
    assert not {"10", "747"} & set(claims(pipeline, "Windows 10 users bought Boeing 747 jets."))  # labels stay


def test_forms_of_counts_a_second_draw_found(pipeline):
    assert claims(pipeline, "Jones now has 1,163 delegates to Sanders’ 844, based on primaries.")["844"].unit == "delegate"
    assert claims(pipeline, "The service has 320 million monthly active users.")["320 million"].unit == "user"
    assert claims(pipeline, "She will have won six of the past seven contests.")["six"].unit == "contest"


def test_an_age_after_a_name_measures_that_person(pipeline):
    found = claims(pipeline, "Police killed the gunman, Omar Mateen, 29, a U.S. citizen born in New York.")
    assert found["29"].quantity == "Omar Mateen"  # was "Police"
    assert claims(pipeline, "The grandmother, 84, was rescued.")["84"].quantity == "The grandmother"
    text = "“It was wrong not to confront him from the beginning,” Ramos, 58, told AFP."
    assert claims(pipeline, text)["58"].quantity == "Ramos"  # not the quotation mark


def test_a_markup_tag_left_open_hides_no_claims_after_it(pipeline):
    text = '<tweet tweet-author="Jo" tweet-date="\n- Bring back hundreds of billions of offshore dollars.\n- Cut 5 taxes."'
    assert {"hundreds of billions", "5"} <= set(claims(pipeline, text))


def test_points_a_person_or_party_is_up_by_are_a_lead_not_a_rise(pipeline):
    for text in ("A new survey had Smith up by 8 points among older voters.", "Maria Lopez up by 8 points in new survey.", "Democrats are up 8 points, the survey found."):
        assert claims(pipeline, text)["8 points"].change is None, text
    assert claims(pipeline, "The index was up by 8 points on Friday.")["8 points"].change == "up"

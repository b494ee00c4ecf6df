"""Numeric-claim forms found in audits of news text none of the golds holds, each with sentences the tests write."""

from __future__ import annotations

import pytest

from nlp.extract.claim_parts import measured_quantity
from tests.test_claims import claims


@pytest.mark.parametrize(
    ("text", "expression"),
    [
        ("The company turned 50 this year.", "50"),  # no person turns it
        ("The team, 11, won the cup.", "11"),  # no person before the commas
        ("He was 3 of 10 from the field.", "3"),
    ],
)
def test_numbers_that_are_no_persons_age(pipeline, text, expression):
    assert all(claim.unit != "year of age" for claim in pipeline(text)._.claims if claim.text == expression)


@pytest.mark.parametrize(
    ("text", "expression", "normalized"),
    [
        ("Fraudsters took millions of pounds from savers.", "millions", "Pound Sterling"),  # a vague amount of pounds is money
        ("The new model costs tens of thousands of pounds more.", "tens of thousands", "Pound Sterling"),
        ("Police seized thousands of pounds of explosives.", "thousands", "pound"),  # something weighed in them
    ],
)
def test_vague_amounts_of_pounds(pipeline, text, expression, normalized):
    assert claims(pipeline, text)[expression].unit_normalized == normalized


def test_a_year_the_recognizer_dates_is_no_count_before_a_plural_noun(pipeline):
    assert "2004" not in claims(pipeline, "The retailer will publish its 2004 results next week.")
    assert claims(pipeline, "The plant employs 2000 workers.")["2000"].unit == "worker"


def test_a_number_word_after_a_label_word_is_no_amount(pipeline):
    assert "one" not in claims(pipeline, "Her debut single reached number one in the UK.")


@pytest.mark.parametrize(
    ("words", "entity", "number", "inside"),
    [
        (["the", "Six", "Nations", "encounter"], (1, 3, "MISC"), (1, 2), True),  # the name goes on after the number
        (["the", "Fortune", "500", "list"], (1, 3, "MISC"), (2, 3), True),  # ... or before it
        (["some", "3,000", "Americans"], (2, 3, "NORP"), (1, 2), False),  # a count of a named group
        (["it", "cost", "$", "5"], (2, 4, "MONEY"), (3, 4), False),  # an amount the recognizer found
    ],
)
def test_a_number_inside_a_recognised_name_is_part_of_it(words, entity, number, inside):
    import spacy
    from spacy.tokens import Doc, Span

    from nlp.extract.claim_filters import _inside_a_name

    doc = Doc(spacy.blank("en").vocab, words=words)
    doc.ents = [Span(doc, entity[0], entity[1], label=entity[2])]
    assert _inside_a_name(doc[number[0] : number[1]]) is inside


@pytest.mark.parametrize(
    ("text", "expression", "unit"),
    [
        ("The storm killed 20 or more people.", "20 or more", "people"),  # the noun after the qualifier is counted
        ("About 300 or so people came.", "About 300 or so", "people"),
    ],
)
def test_a_qualifier_after_the_number_leaves_its_noun_counted(pipeline, text, expression, unit):
    assert claims(pipeline, text)[expression].unit == unit


@pytest.mark.parametrize(("text", "expression"), [("It costs $5 plus tax.", "$5"), ("He wrote 2+2 on the board.", "2")])
def test_plus_that_adds_is_no_qualifier(pipeline, text, expression):
    assert claims(pipeline, text)[expression].qualifier == "="


@pytest.mark.parametrize(
    ("text", "expression", "low", "high", "unit"),
    [
        ("The trip took 3 to 4 days.", "3 to 4 days", 3, 4, "day"),  # the recognizer dates the low end
        ("It was 5 or 6 hours.", "5 or 6 hours", 5, 6, "hour"),
        ("The talks lasted between 3 and 4 hours.", "between 3 and 4 hours", 3, 4, "hour"),
        ("The striker will be out for three to four weeks.", "three to four weeks", 3, 4, "week"),  # in words
        ("Repairs take two to three days.", "two to three days", 2, 3, "day"),
    ],
)
def test_a_duration_range_keeps_its_low_end(pipeline, text, expression, low, high, unit):
    claim = claims(pipeline, text)[expression]
    assert (claim.low, claim.high, claim.unit) == (low, high, unit)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Earlier on Friday 15 protesters were arrested.", {"15": "protester"}),  # a count after a day of the week
        ("On Monday 300 people marched.", {"300": "people"}),
        ("He arrived on Friday 15 April.", {}),  # a date
    ],
)
def test_a_number_after_a_weekday(pipeline, text, expected):
    assert {expression: claim.unit for expression, claim in claims(pipeline, text).items()} == expected


@pytest.mark.parametrize("text", ["They met on 3 and 4 June.", "Between 1600 and 1900 temperatures fell."])
def test_ranges_of_days_and_years_stay_dates(pipeline, text):
    assert claims(pipeline, text) == {}


@pytest.mark.parametrize(
    ("text", "values"),
    [
        ("Police deployed some 1, 600 officers.", {"some 1, 600": 1600}),  # a separator scraped with a space
        ("On March 1, 600 people marched.", {"600": 600}),  # a day of a month, then a count
        ("They sent 12, 500 troops.", {"12, 500": 12500}),
    ],
)
def test_a_thousands_group_after_a_comma_and_a_space(pipeline, text, values):
    found = claims(pipeline, text)
    assert {expression: found[expression].value for expression in values} == values
    assert not any(claim.value == 1 for claim in found.values())


def test_a_list_of_numbers_is_not_read_as_thousands(pipeline):
    assert all(claim.value < 1000 for claim in claims(pipeline, "The teams scored 1, 2, 600 points.").values())


@pytest.mark.parametrize(
    ("text", "expression", "value"),
    [
        ("The crash killed all six aboard.", "six", 6),  # a number word that heads its noun phrase counts
        ("The chairman of the panel of twelve spoke.", "twelve", 12),
        ("The other two were elected.", "two", 2),
        ("One in five adults smoke.", "One", 1),  # the numerator of a ratio
    ],
)
def test_a_number_word_heading_its_phrase_is_a_count(pipeline, text, expression, value):
    assert claims(pipeline, text)[expression].value == value


def test_one_heading_its_phrase_is_the_pronoun(pipeline):
    assert claims(pipeline, "He was the one who left, and she was one too.") == {}


def test_a_number_word_does_not_run_into_a_name_that_opens_with_one(pipeline):
    found = claims(pipeline, "Wales have won three Six Nations games in a row.")
    assert list(found) == ["three"]
    assert (found["three"].value, found["three"].unit) == (3, "game")


@pytest.mark.parametrize(
    ("text", "expressions"),
    [
        ("The song dropped a place to three.", []),  # a place in a chart, a rank
        ("The single climbed two places to 5 this week.", ["two"]),  # the move counts places; the place reached is none
        ("Shares jumped 10 points to 300.", ["10 points", "300"]),  # a level a move in points reaches is an amount
    ],
)
def test_the_place_a_move_in_places_reaches_is_a_rank(pipeline, text, expressions):
    assert list(claims(pipeline, text)) == expressions


@pytest.mark.parametrize(
    "text",
    [
        "The comedy was shown on Five in the evenings.",  # a capitalised number word counting nothing: a channel
        "Players get a contract with the Four-Kings team.",  # hyphened to a capitalised word: a name
    ],
)
def test_a_capitalised_number_word_in_running_text_is_a_name(pipeline, text):
    assert claims(pipeline, text) == {}


def test_a_number_word_opening_a_headline_or_counting_stays_a_claim(pipeline):
    assert list(claims(pipeline, "Police said Two people died.")) == ["Two"]
    assert claims(pipeline, "It has a six-cylinder engine.")["six"].unit == "cylinder"


@pytest.mark.parametrize(
    ("text", "expression"),
    [
        ("The survey asked 16 to 17-year-olds about work.", "16 to 17-year-olds"),
        ("Turnout among 18-24 year olds rose sharply.", "18-24 year olds"),  # "year olds" with a space
    ],
)
def test_the_age_of_a_group_measures_the_group_not_the_subject(pipeline, text, expression):
    claim = claims(pipeline, text)[expression]
    assert (claim.unit, claim.quantity) == ("year of age", None)


@pytest.mark.parametrize(
    ("text", "expression", "opening"),
    [
        ("The price rose 90% last year. Photograph: George Frey/Getty Images\nThe price of gold seesawed wildly again on Tuesday, falling 4% to $1,200 before bouncing back.", "4%", "gold price"),
        ("Photograph: George Frey/Getty Images\nThe price of bitcoin yo-yoed again on Tuesday, falling 14% to $5,920.", "$5,920", "The price of bitcoin"),
    ],
)
def test_a_line_joined_to_a_caption_above_it_measures_its_own_opening_noun(pipeline, text, expression, opening):
    # The parser runs the credit line into the next line's sentence; the credit's words are no subject of the fall.
    assert claims(pipeline, text)[expression].quantity.startswith(opening)


def test_a_span_of_time_takes_no_guess_from_its_line(pipeline):
    # Spans of time are mostly an act's ("sentenced ... to three years"), so the caller turns the line's guess off.
    doc = pipeline("Photograph: George Frey/Getty Images\nThe price of bitcoin yo-yoed again on Tuesday, falling 14% to $5,920.")
    number = next(token.i for token in doc if token.text == "14")
    span = doc[number : number + 2]
    assert measured_quantity(span).startswith("The price of bitcoin")
    assert measured_quantity(span, own_line=False) is None


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("Scotland finished third in the RBS Six Nations last spring.", "Six"),  # inside a name, with words either side
        ("She told BBC Radio Five Live she would stay.", "Five"),
    ],
)
def test_a_capitalised_number_word_inside_a_name_is_no_amount(pipeline, text, word):
    assert word not in claims(pipeline, text)


def test_a_capitalised_number_word_opening_a_sentence_still_counts(pipeline):
    assert claims(pipeline, "Two Oscar winners came to the opening.")["Two"].value == 2


@pytest.mark.parametrize(
    ("text", "expression", "unit"),
    [
        ("Two of their last four matches are at home.", "Two", "match"),  # a whole after a possessive and an adjective
        ("She scored three of her nine goals from the spot.", "three", "goal"),
        ("The studio released 31 films last year, compared with 28 in 2002.", "28", "film"),
        ("The new chip runs 12 threads at once, compared with four for its rival.", "four", "thread"),
        ("The town recorded 7,250 votes against 6,900 for the rival list.", "6,900", "vote"),
        ("The city has 4.5 doctors per 1,000 people, compared to 3.2 in the capital.", "3.2", "doctor"),  # not the base
        ("The club won none of its first 8 matches.", "8", "match"),  # an ordinal before a count is no count
        ("She scored twice in her last 15 games.", "15", "game"),
        ("The index closed above the 12,000 mark for the first time.", "12,000", None),  # a level crossed, no marks
        ("The number of registered users passed the 2 million milestone.", "2 million", "user"),  # what is tallied
    ],
)
def test_what_a_count_counts_from_the_words_around_it(pipeline, text, expression, unit):
    # a part of a whole after a possessive; a number compared with an earlier one; a count after an ordinal; a
    # threshold noun after a number
    assert claims(pipeline, text)[expression].unit == unit


@pytest.mark.parametrize(
    ("text", "expression", "unit", "change"),
    [
        ("The number of mobile subscribers tripled to 9 million.", "9 million", "subscriber", None),
        ("The number of jobless fell 12,000 to 850,000.", "12,000", None, "down"),  # no plural noun after "of"
        ("The number of registered voters rose by 40,000 this spring.", "40,000", "voter", "up"),  # a count that changes
        ("The number of hotel rooms is expected to reach 15,000 by 2010.", "15,000", "hotel room", None),
        ("At the school the number of pupils was 640.", "640", "pupil", None),
    ],
)
def test_the_number_of_a_plural_counts_that_plural(pipeline, text, expression, unit, change):
    claim = claims(pipeline, text)[expression]
    assert (claim.unit, claim.change) == (unit, change)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Visits grew in three years to 40 million.", {"three years": (3, 3), "40 million": (40e6, 40e6)}),  # a span, a level
        ("Terms of 2 years to 5 years were handed down.", {"2 years to 5 years": (2, 5)}),  # one unit: a range
    ],
)
def test_a_span_of_time_before_to_and_a_level_is_no_range(pipeline, text, expected):
    assert {expression: (claim.low, claim.high) for expression, claim in claims(pipeline, text).items()} == expected


@pytest.mark.parametrize(
    ("text", "sides"),
    [
        ("Leeds 24-30 Bath\n\nBath held on for a narrow win at Headingley.", ["24", "30"]),  # a match report's headline
        ("Dundee Utd 3-0 Hibernian\n\nA second-half burst settled it.", ["3", "0"]),
    ],
)
def test_a_headline_result_between_two_names_is_a_score(pipeline, text, sides):
    found = [claim for claim in pipeline(text)._.claims if claim.quantity == "score"]
    assert [claim.text for claim in found] == sides


@pytest.mark.parametrize(
    ("text", "expression"),
    [
        ("The new drive reads data eight times faster than the old one.", "eight times"),  # a comparative adverb
        ("The rival chip is 20-times slower.", "20-times"),
    ],
)
def test_times_before_a_comparative_multiplies(pipeline, text, expression):
    assert claims(pipeline, text)[expression].unit == "times"


@pytest.mark.parametrize(
    ("text", "expression"),
    [
        ("The retailer made a profit of £12m in the six months to October.", "six months"),  # a reporting period
        ("Exports grew 4% in the 12 months ending in March.", "12 months"),
    ],
)
def test_a_span_of_time_up_to_a_date_dates_the_act(pipeline, text, expression):
    assert claims(pipeline, text)[expression].quantity is None


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("Dallas linebacker Tom Reyes (54) tackles Jim Cole during the second half.", "54"),
        ("Ohio running back Ray Dunn (8) runs past the defense in the fourth quarter.", "8"),
        ("Miami forward Joe Dale (23) shoots over the defender.", "23"),
    ],
)
def test_a_shirt_number_after_a_position_and_a_name_is_no_claim(pipeline, text, number):
    assert all(number not in claim.text for claim in pipeline(text)._.claims)


def test_a_measure_in_brackets_after_a_player_stays_a_claim(pipeline):
    assert claims(pipeline, "Houston guard Sam Pike (40 points) led the team.")["40 points"].unit == "point"


@pytest.mark.parametrize(
    ("text", "expression", "low", "high"),
    [
        ("Police said about 3-4,000 people joined the march.", "about 3-4,000", 3000, 4000),  # the low end written short
        ("Between 40 and 60,000 fans are expected.", "Between 40 and 60,000", 40000, 60000),
        ("A new roof costs $7-9,000 a year.", "$7-9,000 a year", 7000, 9000),
        ("Tickets sold for 200 to 15,000 dollars.", "200 to 15,000 dollars", 200, 15000),  # written in full
        ("Membership grew from 4 to 5,000.", "from 4 to 5,000", 4, 5000),  # two levels
    ],
)
def test_a_short_low_end_takes_the_high_ends_thousands(pipeline, text, expression, low, high):
    claim = claims(pipeline, text)[expression]
    assert (claim.low, claim.high) == (low, high)


@pytest.mark.parametrize(
    "text",
    [
        "She read the whole report in one go.",
        "He finished the puzzle in one sitting.",
        "The council cut four services in one fell swoop.",  # "four" stays a claim
        "At one stage the visitors led by a goal.",
    ],
)
def test_idioms_of_one_state_no_amount(pipeline, text):
    assert "one" not in claims(pipeline, text)


def test_one_before_a_hyphened_noun_still_counts(pipeline):
    assert claims(pipeline, "The club bought one go-kart in one go.")["one"].start == len("The club bought ")


@pytest.mark.parametrize(
    ("text", "feet", "inches"),
    [
        ("Police are looking for a 5'10\" man in a grey coat.", "5'", '10"'),  # typewriter marks
        ("The 6’1” guard signed a new deal.", "6’", "1”"),  # a word processor's curly quotes
        ("She is 5’4’’ and plays in goal.", "5’", "4’’"),
        ("The team's centre stands 6′ 9″.", "6′", "9″"),  # primes, spaced
    ],
)
def test_a_height_in_feet_and_inches_written_with_marks(pipeline, text, feet, inches):
    found = claims(pipeline, text)
    assert (found[feet].unit, found[inches].unit) == ("foot", "inch")
    assert found[feet].quantity == found[inches].quantity
    assert not [claim for claim in found.values() if claim.unit not in ("foot", "inch")]


@pytest.mark.parametrize(
    "text",
    [
        "The coach said the young striker could one day captain the side.",
        "Her backers hope that one day she will stand for mayor.",
        "He may one day return to the club he left.",
    ],
)
def test_one_day_after_a_modal_or_hope_is_some_day(pipeline, text):
    assert not [claim for claim in claims(pipeline, text).values() if claim.unit == "day"]


@pytest.mark.parametrize(
    "text", ["Drivers at the depot held a one day strike.", "The union will walk out for one day next week.", "The fare rose one day later."]
)
def test_one_day_as_a_duration_stays(pipeline, text):
    assert claims(pipeline, text)["one day"].unit == "day"


@pytest.mark.parametrize(
    ("text", "levels"),
    [
        ("Inflation fell from 4.2% last year, while wages are forecast to rise to 3%.", ["4.2%", "3%"]),
        ("Output slowed, down from 6% in May, and prices climbed to 4.4% by June.", ["6%", "4.4%"]),
    ],
)
def test_a_comma_and_a_conjunction_end_a_from_range(pipeline, text, levels):
    found = claims(pipeline, text)
    assert [found[level].low == found[level].high for level in levels] == [True, True]


def test_words_between_the_ends_of_a_from_range_within_one_clause(pipeline):
    claim = claims(pipeline, "Sales dropped from 40,000 in 2019 to 31,000 last year.")["from 40,000 in 2019 to 31,000"]
    assert (claim.low, claim.high) == (31000, 40000)


@pytest.mark.parametrize("text", ["The film led the charts for a third week in a row.", "Rates were held for a sixth month running."])
def test_an_ordinal_before_a_unit_is_no_fraction_of_it(pipeline, text):
    assert not [claim for claim in claims(pipeline, text).values() if claim.value < 1]


def test_a_quarter_before_a_unit_is_still_a_fraction(pipeline):
    assert claims(pipeline, "The bank raised rates by a quarter point.")["a quarter point"].value == 0.25


@pytest.mark.parametrize(
    ("text", "expression", "value"),
    [
        ("The rebate was cut to one-sixth of the fee.", "one-sixth", 1 / 6),
        ("The maximum discount would be one sixth, the panel said.", "one sixth", 1 / 6),
        ("A sixth of all callers hang up.", "A sixth", 1 / 6),
        ("Rents rose by one-eighth of a point.", "one-eighth", 0.125),
    ],
)
def test_sixths_and_eighths_are_fractions(pipeline, text, expression, value):
    assert claims(pipeline, text)[expression].value == pytest.approx(value)


@pytest.mark.parametrize(
    ("text", "expression", "qualifier"),
    [
        ("Car sales fell by nearly a quarter from a year earlier.", "nearly a quarter", "~"),
        ("The board cut the payroll by about a third in two years.", "about a third", "~"),
        ("Judges may reduce the term by a third for an early plea.", "a third", "="),
    ],
)
def test_a_fraction_after_by_with_a_qualifier_or_before_for(pipeline, text, expression, qualifier):
    claim = claims(pipeline, text)[expression]
    assert claim.qualifier == qualifier and claim.value < 1


@pytest.mark.parametrize(
    ("text", "expression", "low", "high"),
    [
        ("The winger signed a six-figure deal with the club.", "six-figure", 100_000, 1_000_000),
        ("The author sold the rights for a seven-figure sum.", "seven-figure", 1_000_000, 10_000_000),
        ("Her pay reached six figures last year.", "six figures", 100_000, 1_000_000),
    ],
)
def test_a_sum_of_n_figures_is_a_vague_amount(pipeline, text, expression, low, high):
    claim = claims(pipeline, text)[expression]
    assert (claim.low, claim.high, claim.unit, claim.counted) == (low, high, None, None)


@pytest.mark.parametrize(
    "text",
    [
        "Staff can save into a 401(k) plan or a 403(b) account.",
        "The trust is a 501(c)(3) charity.",
        "The shop sold 4K TVs and 8K monitors.",
        "The phone films 1080p video and streams at 720p.",
    ],
)
def test_labels_of_a_format_or_a_plan_are_no_amounts(pipeline, text):
    assert claims(pipeline, text) == {}


def test_pence_written_like_a_resolution_stay_pence(pipeline):
    assert claims(pipeline, "Shares in the grocer closed 9p higher at 720p.")["720p"].unit == "penny"

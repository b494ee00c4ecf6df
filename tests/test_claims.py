"""Numeric claims: the forms the extractor reads, what it must not read, the seed article and the scoring."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from nlp.extract.claim_parts import measured_quantity
from nlp.extract.claim_units import normalize_unit
from nlp.extract.claims import extract_claims
from cli import app
from nlp.eval.claims import GoldSentence, Quantity, read_newsquant, score_claims, sentence_half
from nlp.eval.entities import GoldDataError
from nlp.extract.pipeline import load_pipeline, resolve_model
from nlp.schemas import SENTENCE_TEXT_CHARS
from nlp.extract.quotes import Quote
from nlp.extract.unit_senses import ALPHAS, WINDOWS, choose_settings, held_out_accuracy, train

SEED = Path(__file__).parent.parent / "corpus" / "seed_ice_amnesty.txt"


@pytest.fixture(scope="module")
def pipeline():
    return load_pipeline(resolve_model(None))


def claims(pipeline, text: str) -> dict[str, object]:
    """claim text -> claim, checking every offset against the text."""
    found = {}
    for claim in pipeline(text)._.claims:
        assert text[claim.start : claim.end] == claim.text
        found[claim.text] = claim
    return found


@pytest.mark.parametrize(
    ("text", "expression", "low", "high", "unit"),
    [
        ("Officials counted 1,049,532 migrants last year.", "1,049,532", 1049532, 1049532, "migrant"),
        ("The rate was 3.75 percent.", "3.75 percent", 3.75, 3.75, "percent"),
        ("Two million people voted.", "Two million", 2e6, 2e6, "people"),
        ("She bought a dozen eggs.", "a dozen", 12, 12, "egg"),
        ("Three-quarters of the voters stayed home.", "Three-quarters", 0.75, 0.75, "voter"),
        ("Half of the staff left.", "Half", 0.5, 0.5, "staff"),
        ("The deal is worth $3.2 billion.", "$3.2 billion", 3.2e9, 3.2e9, "USD"),
        ("The club paid £1.2m for him.", "£1.2m", 1.2e6, 1.2e6, "GBP"),
        ("Sales reached US$58 million.", "US$58 million", 58e6, 58e6, "USD"),
        ("The ticket costs 5 euros.", "5 euros", 5, 5, "EUR"),
        ("He was fined Rs 500.", "Rs 500", 500, 500, "INR"),
        ("Prices hit ¥28,030 on Monday.", "¥28,030", 28030, 28030, "JPY"),
        ("Revenue was 3bn last year.", "3bn", 3e9, 3e9, None),
        ("Unemployment fell 2 percentage points.", "2 percentage points", 2, 2, "percentage point"),
        ("The road is 12 kilometres long.", "12 kilometres", 12, 12, "kilometre"),
        ("Winds reached 87 mph.", "87 mph", 87, 87, "mile per hour"),
        ("Between 60,000 and 80,000 cases were closed.", "Between 60,000 and 80,000", 60000, 80000, "case"),
        ("They expect 360,000 to 480,000 closed cases.", "360,000 to 480,000", 360000, 480000, "case"),
        ("It takes 3-4 days.", "3-4 days", 3, 4, "day"),
        ("Revenue of $779m-798m is expected.", "$779m-798m", 779e6, 798e6, "USD"),  # the scale written on both ends
        ("It will cost £2bn-3bn.", "£2bn-3bn", 2e9, 3e9, "GBP"),
        ("Rates rose from 5% to 7%.", "from 5% to 7%", 5, 7, "percent"),
        ("A fine of $3 to $5 billion was expected.", "$3 to $5 billion", 3e9, 5e9, "USD"),
        ("Tens of thousands of people marched.", "Tens of thousands", 1e4, 1e5, "people"),
        ("The virus infected 5m people.", "5m", 5e6, 5e6, "people"),  # "m" before a plural noun is a million
        ("He won the 100m race.", "100m", 100, 100, "metre"),
        ("Stores sold 2.5m mobile phones.", "2.5m", 2.5e6, 2.5e6, "phone"),  # the phrase's head is plural
        ("She took the 60m hurdles title.", "60m", 60, 60, "metre"),  # the phrase's head is singular
        ("The firm will spend $13.6M on it.", "$13.6M", 13.6e6, 13.6e6, "USD"),
        ("About minus 387 Fahrenheit ,minus 233 Celsius", "minus 233 Celsius", -233, -233, "degree Celsius"),
        ("Revenue was $6.78 billion a year earlier.", "$6.78 billion", 6.78e9, 6.78e9, "USD"),  # "a year earlier" is no rate
        ("Growth will come in seven to 10 years.", "seven to 10 years", 7, 10, "year"),
        ("In total, 1,307,000 Americans were collecting aid.", "1,307,000", 1307000, 1307000, "american"),
        # Ranges split by words, and numbers whose noun is left out.
        ("Bitcoin fell from $36,040 at 10pm last night to $34,935.", "from $36,040 at 10pm last night to $34,935", 34935, 36040, "USD"),
        ("Economy climbed from 21 mpg combined to 23 for FWD models.", "from 21 mpg combined to 23", 21, 23, "mile per gallon"),
        ("They tossed tens of thousands of the 2 million backlogged cases.", "tens of thousands", 1e4, 1e5, "case"),
        ("He raised 280 million of the 1.5 billion shekels he needs.", "280 million", 280e6, 280e6, "ILS"),
        ("Fewer than 50 cases fell under it and no more than 25,000 were threats.", "no more than 25,000", 25000, 25000, "case"),
        ("Hundreds of homes burned.", "Hundreds", 100, 1000, "home"),
        ("The trial lasted eight months.", "eight months", 8, 8, "month"),
        ("He waited 18 months for a hearing.", "18 months", 18, 18, "month"),
        ("Police arrested a 45-year-old man.", "45-year-old", 45, 45, "year of age"),
        ("The shares trade at 6.5 times earnings.", "6.5 times", 6.5, 6.5, "times"),
        ("Prices are five times higher.", "five times", 5, 5, "times"),
        ("The clip was shared over a million times by Friday.", "over a million times", 1e6, 1e6, "time"),  # occurrences
        ("They meet three times a day.", "three times a day", 3, 3, "time per day"),
        ("Oil was at $58.24 per barrel.", "$58.24 per barrel", 58.24, 58.24, "USD per barrel"),
        ("Some spent $30,000 to $50,000 a year on it.", "$30,000 to $50,000 a year", 30000, 50000, "USD per year"),  # one rate for both ends
        ("They were men aged 18 to 35.", "18 to 35", 18, 35, "year of age"),  # the high end the recognizer dates
        ("It was a crowd of men between the ages of 18 and 35.", "between the ages of 18 and 35", 18, 35, None),
        ("It landed in the Sea of Japan 125 to 155 miles west.", "125 to 155 miles", 125, 155, "mile"),  # after a name
        ("Between a quarter and a third of voters are undecided.", "Between a quarter and a third", 0.25, 1 / 3, "voter"),
        ("A fifth to a quarter of homes were flooded.", "A fifth to a quarter", 0.2, 0.25, "home"),  # fractions with articles
    ],
)
def test_forms(pipeline, text, expression, low, high, unit):
    claim = claims(pipeline, text)[expression]
    assert (claim.low, claim.high) == pytest.approx((low, high))
    assert claim.value == pytest.approx((low + high) / 2)
    assert claim.unit == unit


@pytest.mark.parametrize(
    ("text", "expression", "qualifier"),
    [
        ("More than 1,200 prosecutors attended.", "More than 1,200", ">"),
        ("Over 500 people came.", "Over 500", ">"),
        ("At least 20 people died.", "At least 20", ">="),
        ("Fewer than 50 cases fell under it.", "Fewer than 50", "<"),
        ("It costs less than $10.", "less than $10", "<"),
        ("No more than 25,000 would be deemed a threat.", "No more than 25,000", "<="),
        ("The grant is worth up to $8 million.", "up to $8 million", "<="),
        ("The army will respond within 48 hours.", "within 48 hours", "<="),  # a bound in time or amount
        ("Nearly 300 songs were recorded.", "Nearly 300", "~"),
        ("About 70% voted against.", "About 70%", "~"),
        ("Roughly 8 billion people live on Earth.", "Roughly 8 billion", "~"),
        ("Almost 40 players left.", "Almost 40", "~"),
        ("Some 600 people work there.", "Some 600", "~"),
        ("An estimated 5,000 people fled.", "An estimated 5,000", "~"),
        ("A 30 percent share changed hands.", "30 percent", "="),
        ("He has averaged 7.3 points this season.", "averaged 7.3 points", "~"),
        ("They earn an average of $500 a week.", "an average of $500 a week", "~"),
        ("The bill is north of $1 billion.", "north of $1 billion", ">"),
        ("Losses exceeded 10% of the harvest.", "exceeded 10%", ">"),  # every form of "exceed", as "exceeding"
        ("It costs in the region of $5 million.", "in the region of $5 million", "~"),
        ("The storm killed 20 or more people.", "20 or more", ">="),  # written after the number
        ("She has 50+ clients.", "50+", ">"),
        ("He has 30-plus years of experience.", "30-plus", ">"),
        ("Tickets cost $10 or less.", "$10 or less", "<="),
        ("The 40-odd members voted.", "40-odd", "~"),
        ("About 300 or so people came.", "About 300 or so", "~"),
        ("Residents aged 65 and over can get the vaccine.", "65 and over", ">="),
        ("Children 12 and under ride free.", "12 and under", "<="),
        ("Sales rose 5% and over the year they doubled.", "5%", "="),  # "over the year" opens a phrase of its own
        ("Sales rose 5% or over 50 in May.", "5%", "="),
        ("The levy will raise $5 billion over 10 years.", "10 years", "="),  # the period a sum is raised in
        ("He has worked there for over 3 years.", "over 3 years", ">"),
    ],
)
def test_qualifiers(pipeline, text, expression, qualifier):
    assert claims(pipeline, text)[expression].qualifier == qualifier


@pytest.mark.parametrize(
    ("text", "expression", "change", "factor"),
    [
        ("Tesla shares rose 8.5% on Monday.", "8.5%", "up", None),
        ("Exports fell by 7% last year.", "7%", "down", None),
        ("Blackmores was up 9.4 per cent.", "9.4 per cent", "up", None),
        ("The index was down 1.2% at noon.", "1.2%", "down", None),
        ("There was a 20 percent drop in sales.", "20 percent", "down", None),
        ("Closures are up fourfold from 2021.", "fourfold", "up", 4.0),
        ("Hunger would increase by either 49 percent or by 27 percent.", "49 percent", "up", None),  # "by either"
        ("Hunger would increase by either 49 percent or by 27 percent.", "27 percent", "up", None),  # a "by" joined on
        ("Its traffic has grown probably a thousand fold.", "a thousand fold", "up", 1000.0),  # spaced, after a scale word
        ("Visits rose 18 fold.", "18 fold", "up", 18.0),
        ("A hundredfold rise followed.", "A hundredfold", "up", 100.0),
        ("The company doubled its profit.", "doubled", "up", 2.0),
        ("The agency halved its budget.", "halved", "down", 0.5),
        # The parse hangs the size on its change verb with words between them.
        ("Prices rose a further 3% in May.", "3%", "up", None),
        ("The fund lost another $2 million in June.", "$2 million", "down", None),
        ("The vaccine cut deaths by about 30%.", "about 30%", "down", None),  # "by" past the verb's object
        ("The debt had increased by $2.5 billion to $40.1 billion.", "$40.1 billion", None, None),
        ("The charity's budget was slashed by $3 million.", "$3 million", "down", None),  # verbs of movement beyond rise/fall
        ("The trade gap narrowed 4% in May.", "4%", "down", None),
        ("Imports fell 3% in June and 5% in July.", "5%", "down", None),  # a size joined to the verb's size
        ("Costs rose 5% and margins were 3%.", "3%", None, None),  # a clause of its own: no change
        # Verbs of a change in worth or degree are verbs of movement too.
        ("The currency depreciated 12 percent in 2018.", "12 percent", "down", None),
        ("The peso appreciated by 4% against the dollar.", "4%", "up", None),
        # A verb whose noun names a thing is a change only as a verb.
        ("Output contracted by 3% in the second quarter.", "3%", "down", None),
        ("Costs ballooned by 40% last year.", "40%", "up", None),
        ("They signed a $5m contract.", "$5m", None, None),
        # "by" makes a range the size of a change; a range opened after "to" is a level.
        ("Prices rose by between 5 and 10 percent.", "between 5 and 10 percent", "up", None),
        ("Sales have fallen by between a quarter and a third.", "between a quarter and a third", "down", None),
        # An article and a modifier between "by" and the amount do not hide the change.
        ("The economy expanded by a breakneck 9.5% in 2004.", "9.5%", "up", None),
        ("Sales rose by a record 9% last year.", "9%", "up", None),
        ("The bill was passed by a record 90 votes.", "90", None, None),  # "passed" says no direction
        # "raise" is a change through its "by"; as its object an amount is what it gets.
        ("China raised rates by 0.27 percentage points to 5.8%.", "0.27 percentage points", "up", None),
        ("The firm hopes to raise $1bn from the flotation.", "$1bn", None, None),
        # "lift" likewise: a load lifted is what it moves; a percentage or points are a change's size with any of them.
        ("The rocket is capable of lifting 70 metric tons.", "70 metric tons", None, None),
        ("The bank lifted rates by 0.25 points.", "0.25 points", "up", None),
        ("The news lifted shares 5 percent on Monday.", "5 percent", "up", None),
        ("The Fed raised rates 0.25 points.", "0.25 points", "up", None),
        # A span of time of something is time spent or lost, no change in a level; without "of" it may be one.
        ("The Fed cut rates by a quarter percentage point.", "a quarter percentage point", "down", None),  # a fraction of a unit
        ("I lost three years of my life.", "three years", None, None),
        ("Life expectancy fell by two years.", "two years", "down", None),
        ("The boosters fall away around two minutes after liftoff.", "around two minutes", None, None),  # when, not how much
        # A fraction alone after "by" is the size of the change.
        ("Profits fell by a quarter in 2004.", "a quarter", "down", None),
        ("Costs were cut by half.", "half", "down", None),
        ("The bank wrote down its stake by $1bn.", "$1bn", "down", None),  # the particle says it, not the verb
        ("Its stake was written down by $2bn.", "$2bn", "down", None),
        ("The grocer marked up prices by 5%.", "5%", "up", None),
        ("Sales have fallen by between 40-70% this year.", "40-70%", "down", None),
        ("Prices rose to between $5 and $10.", "between $5 and $10", None, None),
        # The level a change reaches is a level: it compares with the same level stated without the change.
        ("Revenue rose to $7.36 billion.", "$7.36 billion", None, None),
        ("Nintendo plunged 4.28 percent to 28,030 yen.", "28,030 yen", None, None),
        ("Nintendo plunged 4.28 percent to 28,030 yen.", "4.28 percent", "down", None),
        ("Heineken rose 18 sen to RM23.50.", "RM23.50", None, None),
        ("Temperatures can dip down to minus-130 degrees.", "minus-130 degrees", None, None),
        ("The grant is worth up to $8 million.", "up to $8 million", None, None),  # "up to" bounds, it is no rise
        # A conversion in brackets restates its figure's change, rounded or not.
        ("Output fell 20 tonnes (about 22 tons) in May.", "about 22 tons", "down", None),
        ("Output fell 20 tonnes (22 tons) in May.", "22 tons", "down", None),
        # A distance before a bearing says where a thing is, not by how much it moved.
        ("The rocket fell into the sea 500 kilometers (310 miles) east of the coast.", "500 kilometers", None, None),
        ("The rocket fell into the sea 500 kilometers (310 miles) east of the coast.", "310 miles", None, None),
        ("The plane crashed 20 miles away.", "20 miles", None, None),
        ("The plane dropped 2,000 feet in a minute.", "2,000 feet", "down", None),
    ],
)
def test_changes(pipeline, text, expression, change, factor):
    claim = claims(pipeline, text)[expression]
    assert (claim.change, claim.factor) == (change, factor)


@pytest.mark.parametrize(("text", "expression", "value"), [("Sales rose by a fifth last year.", "a fifth", 0.2), ("Profits fell by a quarter in 2004.", "a quarter", 0.25)])
def test_a_fraction_after_by_is_read(pipeline, text, expression, value):
    assert claims(pipeline, text)[expression].value == pytest.approx(value)


@pytest.mark.parametrize("text", ["The firm was bought by a third party.", "They led by half-time."])
def test_a_fraction_word_after_by_before_a_noun_is_no_size(pipeline, text):
    assert claims(pipeline, text) == {}


@pytest.mark.parametrize(("text", "expression"), [("Traffic rose 18-fold.", "18-fold"), ("The shares trade at 6.5 times earnings.", "6.5 times")])
def test_a_multiplier_is_a_ratio_named_count(pipeline, text, expression):
    claim = claims(pipeline, text)[expression]
    assert (claim.unit, claim.unit_normalized) == ("times", "count")


@pytest.mark.parametrize(("text", "expression", "qualifier"), [("Tickets for children under 12 are free.", "under 12", "<"), ("Most women over 50 said no.", "over 50", ">")])
def test_a_bound_after_people_is_on_their_age(pipeline, text, expression, qualifier):
    claim = claims(pipeline, text)[expression]
    assert (claim.unit, claim.qualifier) == ("year of age", qualifier)


def test_change_then_level_is_not_a_range(pipeline):
    found = claims(pipeline, "Pluristem rose 8.15% to 3.65 after the meeting.")
    assert (found["8.15%"].change, found["3.65"].change) == ("up", None)


@pytest.mark.parametrize(
    "text",
    [
        "The order took effect April 25 and ends on Nov. 1, 2020.",
        "The election was held in 2021.",
        "She finished 2nd and he was third.",
        "COVID-19 cases rose among F-35 pilots.",
        "The Apollo 11 crew landed on the Moon.",
        "Call 555-123-4567 for details.",
        "He lives at 10 Downing Street in London.",
        "Copyright 2024 Example News. All rights reserved.",
        "No one knew, and one of them left.",
        "Read page 5 of the report.",
        "They agreed a five-year plan and a two-month delay.",
        # Ordinals that rank or label count nothing, and a span of years is no score.
        "They won the 2019-20 title.",
        "She finished 2nd on the 5th floor.",
        "It was built in the 19th century.",
        "Croydon tram derailment 1/8\nThe tram overturned.",  # a photo counter, not a fraction
        # A number after the singular noun it modifies labels it, words or digits.
        "On lap seven the safety car came in.",
        "He retired on lap 12.",
        # "the" before three bare digits that count nothing names a model or a title.
        "Boeing stopped building the 717, its smallest airliner.",
        "He bought the 757 in 2011.",
        # Idioms written with numbers state no amount, and are no score.
        "The pharmacy is open 24-7.",
        "She left a 9-to-5 office job.",
        "He gave it a 50-50 chance.",
        "The school has a zero tolerance policy on bullying.",
        "The climbers came back in one piece.",
        "It will be exciting, one way or another.",
        "At one point, he was the richest man in town.",
        "He was hurt during the first half of the game.",
        "The shows ran on May 22 and 23 at the Bowl.",  # days of a month closing a range
        "The Indians did one heck of a job.",
        "At one time the firm employed most of the town.",
        "Marca wrote that Rooney se volvi&#243; loco.",  # an HTML character reference a scraper left escaped
        # Places in a ranking: after "ranked", and "top N" before a singular noun.
        "Garcia-Lopez, ranked 106 in the world, won easily.",
        "Their debut was a UK top 10 hit in 1970.",
        # Digits and a letter in one word after a name, before the noun they modify, name a model.
        "A Long March 4C rocket will carry it.",
        "Arizona earned the No. 2 seed in the NFC.",  # a label's abbreviation the tokenizer splits from its stop
        # Betting odds are a bookmaker's price: no fraction, score or range.
        "Bookmakers offered odds of 7/4 on a home win.",
        "He was a 33-1 outsider.",
        "She is now the 5/2 favourite.",
    ],
)
def test_not_claims(pipeline, text):
    assert claims(pipeline, text) == {}


@pytest.mark.parametrize(("text", "expected"), [("They lost four or five.", {"four or five": (4, 5)}), ("One or two of them left.", {})])
def test_a_range_of_number_words_with_no_noun(pipeline, text, expected):
    assert {expression: (claim.low, claim.high) for expression, claim in claims(pipeline, text).items()} == expected


def test_a_count_of_the_top_things_still_counts(pipeline):
    assert claims(pipeline, "It is one of the top 100 companies.")["100"].unit == "company"


def test_a_score_the_recognizer_runs_into_a_name_is_read(pipeline):
    # "Peter Luczak 7-6" is one PERSON entity for the recognizer; a person's name holds no digits.
    found = [claim.value for claim in pipeline("Johansson beat Peter Luczak 7-6 4-6 6-3.")._.claims]
    assert found == [7, 6, 4, 6, 6, 3]


def test_a_number_before_its_plural_noun_still_counts_it(pipeline):
    assert claims(pipeline, "He led for seven laps.")["seven"].unit == "lap"


@pytest.mark.parametrize("text", ["The 300 who attended left early.", "Of the 500 surveyed, most agreed.", "Law Lords ruled that the 12 were held."])
def test_the_before_a_number_of_people_still_counts_them(pipeline, text):
    assert len(claims(pipeline, text)) == 1


@pytest.mark.parametrize(
    "text", ["1,00,0 people", "$", "5..6 votes", "$.", "between and 5", "-", "1,000,00.5.5%", "PS 5bn m k", "more-than 60%", "US-$5 in U.S.-dollars"]
)
def test_malformed_numbers_do_not_crash(pipeline, text):
    for claim in pipeline(text)._.claims:
        assert text[claim.start : claim.end] == claim.text


@pytest.mark.parametrize(
    ("text", "expression", "low", "high", "unit"),
    [
        ("Jane Smith, 30, was arrested on Monday.", "30", 30, 30, "year of age"),
        ("Police said a 31-year-old man was held.", "31-year-old", 31, 31, "year of age"),
        ("He will be 35 by the end of the year.", "35", 35, 35, "year of age"),
        ("The grandmother, 84, lives alone.", "84", 84, 84, "year of age"),  # after a noun for a person
        ("Mr Mubanga, 32, from Wembley, said he was beaten.", "32", 32, 32, "year of age"),  # a title makes it a person's name
        ("The driver was 45 at the time.", "45", 45, 45, "year of age"),
        ("She turned 18 last week.", "18", 18, 18, "year of age"),
        ("She joined the navy aged 19.", "19", 19, 19, "year of age"),  # at the end of a sentence, which reads as a date
        ("At age seventeen, he left home.", "seventeen", 17, 17, "year of age"),  # a number word with no noun
        ("He was sent there at the age of 16 for a month.", "16", 16, 16, "year of age"),
        ("Only players over the age of 21 may sign.", "21", 21, 21, "year of age"),  # the age a bound is set at
        ("Children under the age of 5 need a seat.", "5", 5, 5, "year of age"),
        ("Children aged 8-10 years took part.", "8-10 years", 8, 10, "year of age"),  # years after "aged" are an age
        ("They moved when she was six.", "six", 6, 6, "year of age"),
        ("The now-39-year-old has been the target of abuse.", "39-year-old", 39, 39, "year of age"),  # an age after "now-"
        ("Her then-25-year-old son left.", "25-year-old", 25, 25, "year of age"),
        ("The baby fell ill at the age of four months.", "four months", 4, 4, "month of age"),  # a shorter span names its unit
        ("The blast came at 3:45 p.m. on Friday.", "3:45 p.m.", 15.75, 15.75, "time of day"),
        ("Polls close at 8 o'clock.", "8 o'clock", 8, 8, "time of day"),
        ("The market opened at 9:30 ET.", "9:30", 9.5, 9.5, "time of day"),
        ("Protesters got in at 0300 GMT.", "0300", 3, 3, "time of day"),  # a 24-hour clock with no colon
        ("The talks ended at 1430 GMT.", "1430", 14.5, 14.5, "time of day"),
        ("The board is 10 1/2 inches wide.", "10 1/2 inches", 10.5, 10.5, "inch"),
        ("The recipe calls for 1/4 pound of butter.", "1/4 pound", 0.25, 0.25, "pound"),
        ("He ran 3½ miles.", "3½ miles", 3.5, 3.5, "mile"),
        # Half a unit more, in words or digits, spaced or hyphened, and "a half" before a unit.
        ("It took two and a half years.", "two and a half years", 2.5, 2.5, "year"),
        ("It took 2 and a half years.", "2 and a half years", 2.5, 2.5, "year"),
        ("The flight was an 11-and-a-half hour journey.", "11-and-a-half hour", 11.5, 11.5, "hour"),
        ("They spent a half hour on both.", "a half hour", 0.5, 0.5, "hour"),
        ("He ran a quarter mile.", "a quarter mile", 0.25, 0.25, "mile"),
        ("A boy fell into a 40-metre-deep well.", "40-metre", 40, 40, "metre"),  # a dimension after the unit
        # A count of quarters is of periods, unless hyphened or before "of".
        ("Growth slowed after six quarters.", "six", 6, 6, "quarter"),
        ("It may take one or two quarters.", "one or two", 1, 2, "quarter"),
        ("Three quarters of voters stayed home.", "Three quarters", 0.75, 0.75, "voter"),
        ("A 1/3 share of the voters stayed home.", "1/3", 1 / 3, 1 / 3, "share"),
        ("Dozens of people were hurt.", "Dozens", 12, 120, "people"),
        ("Scores of homes flooded.", "Scores", 20, 200, "home"),
        ("Tens of thousands of people marched.", "Tens of thousands", 1e4, 1e5, "people"),
        ("It was the 19th launch this year.", "19th", 19, 19, "launch"),
        ("It was their third straight win.", "third", 3, 3, "win"),
        ("It was a 30C day in London.", "30C", 30, 30, "degree Celsius"),  # no name before it: a temperature
        ("Temperatures hit Rome 30C, Madrid 35C on Friday.", "30C", 30, 30, "degree Celsius"),  # after a name, no noun after
        ("The trial lasted 2 hours.", "2 hours", 2, 2, "hour"),
    ],
)
def test_ages_times_fractions_vague_amounts_and_ordinals(pipeline, text, expression, low, high, unit):
    claim = claims(pipeline, text)[expression]
    assert (claim.low, claim.high, claim.unit, claim.qualifier) == pytest.approx((low, high, unit, "="))


# "year old" with a space, singular before the noun it describes, is an age as "year-old" and "years old" are.
@pytest.mark.parametrize("text, expression, value, unit", [
    ("A 5 year old pupil was hurt.", "5 year old", 5, "year of age"),
    ("A 6 month old baby was found.", "6 month old", 6, "month of age"),
])
def test_an_age_written_with_a_space_before_old(pipeline, text, expression, value, unit):
    claim = claims(pipeline, text)[expression]
    assert (claim.value, claim.unit) == (value, unit)


def test_clock_times_do_not_break_a_range_around_them(pipeline):
    found = claims(pipeline, "Shops open from 9am to 5pm.")
    assert {text: claim.value for text, claim in found.items()} == {"9am": 9.0, "5pm": 17.0}


@pytest.mark.parametrize(
    ("text", "expression", "quantity"),
    [
        ("Dozens of people were killed on Friday.", "Dozens", "people killed"),
        ("The storm killed 20 people.", "20", "people killed"),
        ("At least 12 people were injured.", "At least 12", "people injured"),
        ("Nearly 300 migrants died.", "Nearly 300", "migrants died"),
        ("One person was hurt.", "One", "person hurt"),
        ("There are three ways to do it.", "three", None),  # "way" names nothing
        ("It rose 5% last year.", "5%", None),  # a pronoun names nothing
        ("Sales rose 5% last year.", "5%", "Sales"),
        ("He hit a two-run homer.", "two", "run"),  # the noun joined by a hyphen, without the hyphen
        # Money and measures: the noun they modify, else the subject, else the subject the clause's verb leaves out.
        ("He threw a 97-mph fastball.", "97-mph", "fastball"),
        ("They bought a $5,000 car.", "$5,000", "car"),
        ("Sales saw a 20 percent drop.", "20 percent", "Sales"),  # a change noun is no thing measured
        ("The company, which is based in Ohio, raised $5 million.", "$5 million", "The company"),
        ("Prices on the widely followed Bitcoin Price Index (BPI) fell to $5,920.", "$5,920", "Prices"),  # too long with its phrase
        ("The truck drove on, mowing down groups at 40mph.", "40mph", "The truck"),
        ("The firm hopes to raise $5 million.", "$5 million", "The firm"),
    ],
)
def test_quantity_is_what_is_counted(pipeline, text, expression, quantity):
    assert claims(pipeline, text)[expression].quantity == quantity


@pytest.mark.parametrize(
    ("text", "expression", "context"),
    [
        ("Officials counted 1,049,532 migrants last year.", "1,049,532", "body"),
        ("Story text.\nImage 3 of 25 Photos\nMore text.", "3", "gallery"),
        ("Story text.\n(Photo: 12 firefighters at the scene. Getty Images)\n", "12", "caption"),
        ("By Jane Doe and 2 others\nThe story.", "2", "byline"),
        ("Updated 2:55 p.m. ET\nThe story.", "2:55 p.m.", "timestamp"),
        ("Copyright 2024 Example News. Call us at 5 stores. All rights reserved.", "5", "boilerplate"),
        ("Read more: Three Travel Tips\nFour people were taken to hospital.", "Four", "body"),  # the phrase is a line above
        ("Image copyright AP Image caption Dozens of rescuers worked overnight", "Dozens", "caption"),
        ("Story text.\nPhotos: 1 of 12\nMore text.", "1", "gallery"),  # the counter after the word and a colon
        ("Rescuers search the rubble. Hide Caption 25 of 25\nThe story goes on.", "25", "gallery"),  # a caption's counter
        # A video player scraped into the text counts through one total; prose's "3 of 10 shots" counts a noun.
        ("Launch video | 1:21 AP 1 of 9 Skip Next clip | 0:38 Time 2 of 9 Skip Another | 1:02 Time 3 of 9 Skip", "2", "gallery"),
        ("He made 3 of 10 shots, 4 of 10 free throws and 5 of 10 field goals.", "3", "body"),
    ],
)
def test_context_says_where_the_number_stands(pipeline, text, expression, context):
    assert claims(pipeline, text)[expression].context == context


@pytest.mark.parametrize(
    ("unit", "normalized"),
    [
        ("USD", "US Dollar"),
        ("dollar", "US Dollar"),
        ("GBP", "Pound Sterling"),
        ("pound sterling", "Pound Sterling"),
        ("japanese yen", "Yen"),
        ("australian dollar", "Australian Dollar"),
        ("USD per barrel", "US Dollar per barrel"),
        ("kilometre", "kilometre"),
        ("kilometer", "kilometre"),
        ("mile per hour", "mile per hour"),
        ("celsius", "degree Celsius"),
        ("degree Celsius", "degree Celsius"),
        ("percentage", "percent"),
        ("pound-mass", "pound"),
        ("square metre", "square metre"),
        ("case", "case"),
        ("year of age", "year of age"),
        ("unit", "unit"),  # not micro-nit: a name longer than a symbol must spell its prefix out
        ("gigapascal", "gigapascal"),
        (None, None),
    ],
)
def test_unit_names_come_from_the_libraries(unit, normalized):
    assert normalize_unit(unit) == normalized


def test_counted_money_takes_the_currency_name(pipeline):
    claim = claims(pipeline, "It cost tens of millions of dollars.")["tens of millions"]
    assert (claim.unit, claim.unit_normalized) == ("dollar", "US Dollar")


@pytest.mark.parametrize(
    ("text", "expression", "normalized"),
    [
        ("The boxer weighs 208 pounds.", "208 pounds", "pound"),
        ("He paid 500 pounds for the concert ticket.", "500 pounds", "Pound Sterling"),
        ("The club paid 2 million pounds for him.", "2 million pounds", "Pound Sterling"),
        ("The oven is preheated to 375 F.", "375 F", "degree Fahrenheit"),
        ("The capacitor holds 40 F of charge.", "40 F", "farad"),
        ("The yacht sailed at 5 kt in a calm sea.", "5 kt", "knot"),
        ("The bomb had a yield of 15 kt.", "15 kt", "kiloton"),
        ("The temperature outside is 20C today.", "20C", "degree Celsius"),
        ("The board is 30″ wide.", "30″", "inch"),
        ("Temperatures hit 40 degrees Celsius.", "40 degrees Celsius", "degree Celsius"),
        ("The launch angle was 15.9 degrees.", "15.9 degrees", "degree"),
        ("It costs $5 a share.", "$5 a share", "US Dollar per share"),
        ("The kiosk sells apples for 40 p each.", "40 p", "penny"),
        ("The afternoon high should reach 31 c near the coast.", "31 c", "degree Celsius"),
        ("The meeting opens at 5 p.m. sharp.", "5 p.m.", "time of day"),
    ],
)
def test_ambiguous_units_are_resolved_from_context(pipeline, text, expression, normalized):
    assert claims(pipeline, text)[expression].unit_normalized == normalized


def test_unit_senses_learn_a_symbol_from_its_sentences():
    examples = [("The boat sailed at 12 kt across the bay.", "knot")] * 4 + [("The warhead yield was 12 kt of TNT.", "kiloton")] * 4
    model = train(examples, lambda surface, unit: True)
    assert model.priors == {"kt": {"kiloton": 4, "knot": 4}} and model.surfaces == ["kt"]
    assert model.predict("kt", "a ship sailed the bay at 9 kt") == "knot"
    assert model.predict("kt", "a bomb with a yield of 9 kt") == "kiloton"
    assert model.predict("zz", "anything") is None


def test_unit_senses_choose_window_and_smoothing_on_held_out_folds():
    boats = [(f"The boat sailed at {n} kt across the bay.", "knot") for n in range(10, 20)]
    bombs = [(f"The warhead yield was {n} kt of TNT.", "kiloton") for n in range(10, 20)]
    window, alpha = choose_settings(boats + bombs, lambda surface, unit: True)
    assert window in WINDOWS and alpha in ALPHAS
    model = train(boats + bombs, lambda surface, unit: True, WINDOWS[0], alpha)
    assert (model.window, model.alpha) == (WINDOWS[0], alpha)
    # Words beyond the window (a warhead story further on) do not outvote the words around the number.
    far = " " + "x" * WINDOWS[0] + " the warhead yield of TNT, the warhead yield of TNT"
    assert held_out_accuracy(model, [(f"A yacht sailed at 7 kt across the bay.{far}", "knot")]) == (1, 1)


@pytest.mark.parametrize("text", ["1 2 3 4 5 6 7 8 9 10", "0", "4-1 4-1 4-1", "1/2/3/4", "½½½", "3:45:10 p.m.", "19th 20th 21st"])
def test_number_only_documents_give_rows_or_nothing(pipeline, text):
    for claim in pipeline(text)._.claims:
        assert text[claim.start : claim.end] == claim.text


def test_a_large_table_of_numbers_gives_rows_in_linear_time():
    """A 250 kB table is one long sentence: per-claim work must not scan the sentence (it took minutes when it did)."""
    import spacy

    rows = "\n".join(" | ".join(f"{row}.{column}5%" if column % 3 == 0 else f"${(row * 10 + column) * 1000:,}" for column in range(10)) for row in range(2000))
    blank = spacy.blank("en")
    blank.add_pipe("sentencizer")
    doc = extract_claims(blank(rows))
    assert len(doc._.claims) >= 2000 * 8
    assert all(rows[claim.start : claim.end] == claim.text for claim in doc._.claims[:: 97])
    # Each row carries the words around its number, not the whole table (that took gigabytes at 1 MB).
    assert all(len(claim.sentence_text) <= SENTENCE_TEXT_CHARS + 2 and claim.text in claim.sentence_text for claim in doc._.claims)


def test_context_quantity_time_and_according_to(pipeline):
    found = claims(
        pipeline, "The Examiner said that between 60,000 and 80,000 cases had been closed since the mandate took effect April 25."
    )
    claim = found["between 60,000 and 80,000"]
    assert (claim.quantity, claim.time, claim.sentence) == ("cases closed", "since April 25", 0)
    according = claims(pipeline, "Case closures were more than 97,000, according to data from the clearinghouse.")
    assert according["more than 97,000"].source == "data from the clearinghouse"


def test_source_is_the_speaker_of_the_enclosing_quote(pipeline):
    text = 'An official said: "We closed 5,000 cases." Another 300 were open.'
    doc = pipeline(text)
    content_start = text.index("We closed")
    doc._.quotes = [
        Quote(content_start, text.index('."') + 1, "We closed 5,000 cases.", "direct", "An official", 0, 11, "Jane Doe", None, "person", "said", 12, 16, 0, "")
    ]
    by_text = {claim.text: claim for claim in extract_claims(doc)._.claims}
    assert by_text["5,000"].source == "Jane Doe"
    assert by_text["300"].source is None
    assert by_text["5,000"].sentence == 0 and by_text["300"].sentence == 1


def test_seed_article(pipeline):
    text = SEED.read_text(encoding="utf-8")
    found = {(c.text, c.low, c.high, c.qualifier) for c in pipeline(text)._.claims}
    expected = {
        ("1 million", 1e6, 1e6, "="),
        ("tens of thousands", 1e4, 1e5, "="),  # a vague amount is stated by its explicit bounds
        ("2 million", 2e6, 2e6, "="),
        ("more than 1,200", 1200, 1200, ">"),
        ("between 60,000 and 80,000", 60000, 80000, "="),
        ("more than 97,000", 97000, 97000, ">"),
        ("fourfold", 4, 4, "="),
        ("360,000 to 480,000", 360000, 480000, "="),
        ("Fewer than 50", 50, 50, "<"),
        ("no more than 25,000", 25000, 25000, "<="),
        ("1,049,532", 1049532, 1049532, "="),
    }
    assert expected <= found
    assert {claim[0] for claim in found} - {claim[0] for claim in expected} == {"eight months"}
    by_text = {c.text: c for c in reversed(pipeline(text)._.claims)}  # the first "1 million" wins
    assert by_text["1 million"].time == "by 2024"
    assert by_text["2 million"].unit == "case"
    assert by_text["tens of thousands"].unit == by_text["no more than 25,000"].unit == "case"
    assert [c.unit for c in pipeline(text)._.claims if c.text == "1 million"] == ["migrant", "case"]
    assert by_text["1,049,532"].quantity == "migrants released into the U.S."


def test_scoring_matches_values_ranges_units_and_changes():
    gold = [GoldSentence("s", [Quantity(5.0, "percentage", "up"), Quantity((1.0, 2.0), "dollar", "="), Quantity(7.0, "mile", "=")])]
    predicted = [[Quantity(5.0, "percentage", "="), Quantity((1.0, 2.0), "dollar", "="), Quantity(9.0, "-", "=")]]
    scores = score_claims(gold, predicted)
    assert (scores.value.correct, scores.value_unit.correct, scores.value_change.correct) == (2, 2, 1)
    assert scores.value.precision == pytest.approx(2 / 3) and scores.value.recall == pytest.approx(2 / 3)


def test_newsquant_reader(tmp_path):
    gold = tmp_path / "gold.json"
    gold.write_text('[{"text": "t", "quantities": [{"value": "4.8-4.7", "normalized_unit": "Percentage", "change": "="}, {"value": "-3", "normalized_unit": "-", "change": "down"}]}]')
    quantities = read_newsquant(gold)[0].quantities
    assert quantities[0].value == (4.7, 4.8) and quantities[0].unit == "percent"  # the gold name, normalised as ours are
    assert quantities[1].value == -3.0
    (tmp_path / "bad.json").write_text('{"text": 1}')
    with pytest.raises(GoldDataError):
        read_newsquant(tmp_path / "bad.json")
    with pytest.raises(GoldDataError):
        read_newsquant(tmp_path / "missing.json")
    (tmp_path / "binary.json").write_bytes(b"\xff\xfe\x00\x01")
    with pytest.raises(GoldDataError, match="not UTF-8 text"):
        read_newsquant(tmp_path / "binary.json")


def test_protocol_halves_split_by_sentence_hash(tmp_path):
    texts = [f"Sentence {number} has {number} cases." for number in range(40)]
    gold = tmp_path / "gold.json"
    gold.write_text(json.dumps([{"text": text, "quantities": []} for text in texts]))
    tune, check = read_newsquant(gold, "tune"), read_newsquant(gold, "check")
    assert len(tune) + len(check) == 40 and tune and check
    assert {s.text for s in tune} == {text for text in texts if sentence_half(text) == "tune"}
    assert [s.text for s in read_newsquant(gold, "all")] == texts


def test_eval_claims_writes_misses_only_when_named(tmp_path, monkeypatch):
    gold = tmp_path / "gold.json"
    gold.write_text(json.dumps([{"text": "Police counted 12 cars and 3 trucks.", "quantities": [{"value": "12", "normalized_unit": "car", "change": "="}]}]))
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["eval", "claims", "--gold", str(gold), "--ner", "spacy"])
    assert result.exit_code == 0, result.output
    assert "value+unit" in result.output and sorted(path.name for path in tmp_path.iterdir()) == ["gold.json"]
    result = CliRunner().invoke(app, ["eval", "claims", "--gold", str(gold), "--ner", "spacy", "--half", "all", "--misses", "m.jsonl"])
    assert result.exit_code == 0 and json.loads((tmp_path / "m.jsonl").read_text())["spurious"][0]["value"] == 3.0
    assert CliRunner().invoke(app, ["eval", "claims", "--gold", str(gold), "--half", "dev"]).exit_code == 2


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
    ("text", "expression", "change"),
    [
        ("Women make up 40 percent of the workforce.", "40 percent", None),  # a share, not a rise
        ("Rent takes up 30% of income.", "30%", None),
        ("Prices went up 5% last year.", "5%", "up"),  # a movement
        # The amount as object of a phrasal verb is what it takes or gets, no size of a change.
        ("The startup picked up $5m in funding.", "$5m", None),
        ("The airline racked up $2bn in losses.", "$2bn", None),
        ("Shares shot up 12% on Monday.", "12%", "up"),
        # Points on a scale are a size, whatever the parse makes them ("25 points" is the object here).
        ("The Dow picked up 25 points on Monday.", "25 points", "up"),
        ("The team picked up 5 points in the second half.", "5 points", "up"),
    ],
)
def test_up_on_the_object_of_a_phrasal_verb_is_no_change(pipeline, text, expression, change):
    assert claims(pipeline, text)[expression].change == change


@pytest.mark.parametrize(
    ("text", "expression", "change"),
    [
        # An adverb right after its verb, before "by": the verb says the direction.
        ("Jobs were cut back by 5% in March.", "5%", "down"),  # a particle the parse reads as an adverb
        ("Shares fell back by 2% on Friday.", "2%", "down"),
        ("Sales fell sharply by 8% in May.", "8%", "down"),
        ("Shares closed higher by 2%.", "2%", None),  # "closed" says no direction
    ],
)
def test_an_adverb_between_a_change_verb_and_by(pipeline, text, expression, change):
    assert claims(pipeline, text)[expression].change == change


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
    ("text", "expression", "qualifier", "change"),
    [
        ("Bitcoin falls below $6,000.", "below $6,000", "<", None),  # the level a movement crosses
        ("Bitcoin plunged to a 12-week low below $6,000.", "below $6,000", "<", None),
        ("Inflation climbed above 4% in May.", "above 4%", ">", None),
        ("Shares rose more than 5% on Monday.", "more than 5%", ">", "up"),  # the size of the change, bounded
        ("Shares rose under 3% on Monday.", "under 3%", "<", "up"),
    ],
)
def test_a_level_crossed_after_a_change_word_has_no_change(pipeline, text, expression, qualifier, change):
    claim = claims(pipeline, text)[expression]
    assert (claim.qualifier, claim.change) == (qualifier, change)


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


def test_a_verb_only_change_word_leaves_an_of_amount_to_its_noun(pipeline):
    assert claims(pipeline, "He won a contract of $5m.")["$5m"].quantity == "a contract"  # no change noun, as "an increase of 5%" is


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

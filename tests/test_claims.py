"""Numeric claims: the forms the extractor reads, what it must not read, and bad input.
Changes, what a claim holds, audit forms and eval claims have files of their own (test_claim_*.py, test_claims_eval.py)."""

from __future__ import annotations

import pytest

from nlp.extract.claims import extract_claims
from nlp.schemas import SENTENCE_TEXT_CHARS


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
        ("It was a crowd of men between the ages of 18 and 35.", "between the ages of 18 and 35", 18, 35, "year of age"),  # round 40: an age
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


@pytest.mark.parametrize(("text", "expression", "qualifier"), [("Tickets for children under 12 are free.", "under 12", "<"), ("Most women over 50 said no.", "over 50", ">")])
def test_a_bound_after_people_is_on_their_age(pipeline, text, expression, qualifier):
    claim = claims(pipeline, text)[expression]
    assert (claim.unit, claim.qualifier) == ("year of age", qualifier)


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

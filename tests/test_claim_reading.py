"""What a numeric claim holds beyond its value: ages and times, what is counted, where it stands, its unit's name and sense, and its source."""

from __future__ import annotations

import pytest

from nlp.extract.claim_units import normalize_unit
from nlp.extract.claims import extract_claims
from nlp.extract.quotes import Quote
from nlp.extract.unit_senses import ALPHAS, WINDOWS, choose_settings, held_out_accuracy, train
from tests.test_claims import claims


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

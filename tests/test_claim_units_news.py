"""Ambiguous units in short news sentences: pounds weighed or paid, degrees of a body, the weather or an angle,
tons, knots, pence and cents, pounds of thrust, and product or model names ("PS4", "A380", "G7") that are neither units nor money.

Each case is a sentence, the value of one of its claims and the `unit_normalized` that claim must have; a unit of
None says that no claim may have that value (the digits belong to a name).
"""

from __future__ import annotations

import pytest


STERLING, POUND = "Pound Sterling", "pound"


def miss(*case):
    """A case the extractor still gets wrong: expected to fail, so that a fix shows."""
    return pytest.param(*case, marks=pytest.mark.xfail(strict=True, reason="not read yet"))


CASES = [
    # a pound weighed: the verb the number hangs on, or the noun a hyphened "N-pound" describes
    ("She lost 30 pounds in six months.", 30, POUND),
    ("A 10-pound turkey costs $25.", 10, POUND),
    ("The baby weighed 8 pounds at birth.", 8, POUND),
    ("He gained 15 pounds over the winter.", 15, POUND),
    ("Police seized 200 pounds of marijuana at the border.", 200, POUND),
    ("Keepers said the 400-pound-plus male gorilla was calm.", 400, POUND),
    ("The fisherman landed a 50-pound salmon on Sunday.", 50, POUND),
    ("The boxer weighed in at 208 pounds on Friday.", 208, POUND),
    # a pound paid: a money verb or noun, or a note
    ("The fine was 500 pounds.", 500, STERLING),
    ("Tickets cost 40 pounds each.", 40, STERLING),
    ("She was ordered to pay 300 pounds in costs.", 300, STERLING),
    ("The council spent 40,000 pounds on the new park.", 40000, STERLING),
    ("He found a 20-pound note in the street.", 20, STERLING),
    ("A pint of beer now costs 5 pounds in London.", 5, STERLING),
    # degrees: a body reads in Celsius between 35 and 42; weather needs its place; an angle stays a degree
    ("The patient's temperature was 39.5 degrees.", 39.5, "degree Celsius"),
    ("The boy was taken to hospital with a fever of 40 degrees.", 40, "degree Celsius"),
    ("Her body temperature dropped to 35 degrees.", 35, "degree Celsius"),
    ("It was 95 degrees in Phoenix on Monday.", 95, "degree Fahrenheit"),
    ("The plane banked 30 degrees to the left.", 30, "degree"),
    ("The road climbs at an angle of 12 degrees.", 12, "degree"),
    ("Temperatures reached 30C in Rome on Friday.", 30, "degree Celsius"),
    ("Set the oven to 350 degrees.", 350, "degree Fahrenheit"),
    # tons, knots, pence and cents
    ("The bridge can carry trucks of 40 tonnes.", 40, "metric ton"),
    ("The ship carried 3,000 tons of grain.", 3000, "ton"),
    ("Winds gusted to 60 knots off the coast.", 60, "knot"),
    ("The yacht was sailing at 12 knots.", 12, "knot"),
    ("A loaf of bread costs 95p in the shop.", 95, "penny"),
    ("Shares in the bank fell 12p to 240p.", 12, "penny"),
    ("The stamp now costs 60 cents.", 60, "cent"),
    ("Gasoline rose 5 cents a gallon last week.", 5, "cent per gallon"),
    # names with digits: neither a unit nor money
    ("He sold the PS4 for 200 dollars.", 200, "US Dollar"),
    ("He sold the PS4 for 200 dollars.", 4, None),
    ("Sony sold 5 million PS4 consoles.", 4, None),
    ("The airline ordered 10 A380 jets.", 380, None),
    ("The F-16 flew low over the city.", 16, None),
    ("Leaders of the G7 met in Italy on Friday.", 7, None),
    ("The G20 summit opened with a warning on trade.", 20, None),
    # NewsQuant writes the pound sign as "PS": before a number with a scale, it is sterling
    ("The firm raised PS4 million from investors.", 4e6, STERLING),
    ("The deal is worth PS2.5bn to the company.", 2.5e9, STERLING),
    ("The hospital will cost PS30m to build.", 3e7, STERLING),
]


# Written after the rules above were, as a check of them on sentences they were not fitted to: 13 of 14 passed at
# once; "The bill came to 85 pounds" led the subject of any verb, not only of "be", to count as a cue.
LATER_CASES = [
    ("The suspect, who weighs about 180 pounds, is still at large.", 180, POUND),
    ("Each sack holds 50 pounds of rice.", 50, POUND),
    ("She was awarded 5,000 pounds in damages.", 5000, STERLING),
    ("The bill came to 85 pounds.", 85, STERLING),
    ("Workers earn 9 pounds an hour.", 9, "Pound Sterling per hour"),
    ("A 5-pound bag of flour costs more now.", 5, POUND),
    ("He bet 100 pounds on the horse.", 100, STERLING),
    ("The dog gained 12 pounds during the lockdown.", 12, POUND),
    ("Doctors said the child had a fever of 103 degrees.", 103, "degree Fahrenheit"),
    ("The patient's temperature rose to 38 degrees overnight.", 38, "degree Celsius"),
    ("The ship turned 90 degrees to port.", 90, "degree"),
    ("The company grounded its A320 fleet.", 320, None),
    ("The PS5 went on sale in November.", 5, None),
    ("He bought two PS5 consoles.", 5, None),
]


# A third set, written after the rules of round 14 had been made: 17 of 20 passed at once. Left: "2p a pint" reads
# as points (tag rejected-h13r14-per-money: money before "per" cost 21 CQE sentences, "R per hour" among them), "her
# baby" is no person noun, "30 737 jets" counted jets as 737 (read since round 17: a model between a count and its noun).
THIRD_CASES = [
    ("The hurricane's winds reached 120 kt before landfall.", 120, "knot"),
    ("The bomb had a yield of 15 kt, like the one dropped on Hiroshima.", 15, "kiloton"),
    ("Highs of 35C are forecast for Madrid this weekend.", 35, "degree Celsius"),
    ("Phoenix hit 118F on Tuesday, a record.", 118, "degree Fahrenheit"),
    ("The capacitor is rated at 40 F.", 40, "farad"),
    ("A cup of tea costs 80p at the station.", 80, "penny"),
    ("Milk went up by 2p a pint.", 2, "penny per pint"),
    ("The ferry sails at 20 knots.", 20, "knot"),
    ("He weighed 14 stone before the diet.", 14, "stone"),
    ("The satellite weighs 3 tons.", 3, "ton"),
    ("The lorry was carrying 20 tonnes of sand.", 20, "metric ton"),
    ("Water boils at 100 degrees Celsius.", 100, "degree Celsius"),
    ("The thermometer read minus 5 degrees in Moscow on Monday.", -5, "degree"),
    ("Her baby had a temperature of 38.5 degrees.", 38.5, "degree Celsius"),
    ("The striker, who weighs 190 pounds, signed on Friday.", 190, POUND),
    ("The club paid 20 million pounds for the striker.", 2e7, STERLING),
    ("A 2-pound coin was found in the sofa.", 2, STERLING),
    ("The F-35 jets cost $80 million each.", 35, None),
    ("Boeing delivered 30 737 jets in March.", 737, None),
    ("The PS4 Pro costs 350 pounds.", 350, STERLING),
]

# A fourth set, written before the rules of round 16 (pence or points, spaced symbols through a prefix, a person's
# temperature): each is a sentence of a kind news prints, none fitted to a rule. 12 of 21 passed before them.
FOURTH_CASES = [
    ("BP shares closed up 3.5p at 245p.", 3.5, "penny"),
    ("The retailer's shares dropped 15p after the profit warning.", 15, "penny"),
    ("Tesco shares were 4p higher at 310p by midday.", 310, "penny"),
    ("The price of a loaf rose 6p in a year.", 6, "penny"),
    ("Petrol went up 3p a litre in March.", 3, "penny per litre"),
    ("Diesel is now 5p per litre dearer than petrol.", 5, "penny per litre"),
    ("The font size is set to 12 p.", 12, "point"),
    ("The FTSE 100 index fell 30 points to 7,500.", 30, "point"),
    ("Workers at the plant received 1.5 mSv during the repair.", 1.5, "millisievert"),
    ("The new 400 kV line will link the two substations.", 400, "kilovolt"),
    ("The capacitor is rated at 100 nF.", 100, "nanofarad"),
    ("The chip runs at 3.2 GHz.", 3.2, "gigahertz"),
    ("The phone has a 5,000 mAh battery.", 5000, "milliampere hour"),
    ("The wind farm will produce 50 MW of power.", 50, "megawatt"),
    ("The toddler had a temperature of 39 degrees.", 39, "degree Celsius"),
    ("The infant ran a temperature of 40 degrees overnight.", 40, "degree Celsius"),
    ("The city had a temperature of 35 degrees on Monday.", 35, "degree"),
]

# One case per form of the rules (tests of the rules themselves, beside the sets above).
RULE_CASES = [
    ("She bought 12 pounds of potatoes for dinner.", 12, POUND),  # "pounds of" a noun weigh it, whatever the verb
    ("The firm lost 2 million pounds last year.", 2e6, STERLING),  # a scale word: money, whatever the verb
    ("One pound sterling bought 1.4 dollars.", 1, STERLING),  # the currency's own name
    ("The council paid 300 pounds for the survey.", 300, STERLING),  # the verb the number hangs on
    ("He sold a pig of 250 pounds (113 kg).", 250, POUND),  # restated in brackets in a mass: before the verb's say
    ("He handed over 300 pounds ($390) to the driver.", 300, STERLING),  # ... or in money
    ("He ran a temperature of 39 degrees.", 39, "degree Celsius"),  # a temperature a person has is a body's
    ("The boy's temperature hit 40 degrees.", 40, "degree Celsius"),  # ... or owns
    ("Paris had a temperature of 35 degrees on Monday.", 35, "degree"),  # a place's is weather: either scale
    ("Fans queued for the PS5 on Friday.", 5, None),  # an article opens the name's noun phrase
    ("Its PS3 2.0 software fixed the fault.", 3, None),  # the name describes a noun after a number
    ("She was fined PS400 for speeding.", 400, STERLING),  # NewsQuant's "£400": no article, no noun after
    ("A PS50 ticket got you in.", 50, STERLING),  # a money noun after it
    ("He paid PS4 for a coffee.", 4, STERLING),
]


# A fifth set, written before its rule (round 22): a unit's name with a capital after a number names a person, a
# band, a film or a programme, unless the whole line is written in capitals as a headline is.
FIFTH_CASES = [
    ("The rapper 50 Cent released a new album on Tuesday.", 50, None),
    ("She starred in the drama 21 Grams before moving to television.", 21, None),
    ("The band 98 Degrees reunited for a tour.", 98, None),
    ("He told the programme 60 Minutes that he would run.", 60, None),
    ("Fans queued for the film 13 Hours in London.", 13, None),
    ("Man Loses 100 Pounds In A Year After Surgery", 100, POUND),
    ("Only 24 Percent Of Voters Trust Congress", 24, "percent"),
    ("The stamp now costs 50 cents.", 50, "cent"),
    ("Temperatures Reach 40 Degrees Across Spain", 40, "degree"),
]

# Round 24: letters a currency and a unit share, force in pounds, millions restated in money, a symbol over a slash,
# a symbol before the sentence's full stop.
SIXTH_CASES = [
    ("The new engine makes 300 PS at 6,000 rpm.", 300, "metric horsepower"),  # "PS" before a number is sterling
    ("The tickets cost PS300 each.", 300, STERLING),
    ("The rocket produces 5.1 million pounds of thrust at liftoff.", 5.1e6, "force pound"),
    ("Each booster gives 800,000 pounds of thrust.", 800000, "force pound"),
    ("The shuttle carried 50,000 pounds of cargo into orbit.", 50000, POUND),
    ("The club spent 5 million pounds on new players.", 5e6, STERLING),
    ("The sequel took $40.1m (£21.4m) at the weekend, making a total of 150.2m (£80m).", 150.2e6, "US Dollar"),
    ("The bridge spans 300m (about 984ft) across the bay.", 300, "metre"),
    ("The old modem sent data over the telephone network at 300 b/s.", 300, "bit per second"),
    ("Her winning time was 10.49 s. Nobody has run faster since.", 10.49, "second"),
    ("The climb took 6 h, the guide said.", 6, "hour"),
]

# Round 31: "C" read as coulombs in a sentence of the weather (a place or a temperature word, not a date) is Celsius in
# the range the air takes.
SEVENTH_CASES = [
    ("It was 25C in Madrid on Tuesday.", 25, "degree Celsius"),
    ("It was -5C in Oslo on Monday.", -5, "degree Celsius"),
    ("Tomorrow will be a chilly 8C.", 8, "degree Celsius"),  # a temperature word
    ("The capacitor stores 25C of charge.", 25, "coulomb"),  # no weather: charge
    ("Each cell holds a charge of 3C and runs for 5 hours.", 3, "coulomb"),  # a time is no setting for "C"
]

# Round 36 (issue-13-u36): a figure with a minus sign opens no name, though the recognizer calls "-N F last night" a
# product; a model's number in a name stays a label.
EIGHTH_CASES = [
    ("Thermometers in Bismarck showed -14 F last night.", -14, "degree Fahrenheit"),
    ("The wind chill reached -31 F last night near the lake.", -31, "degree Fahrenheit"),
    ("The Boeing 787 Dreamliner flew over the bay.", 787, None),
]


@pytest.mark.parametrize(("text", "value", "unit"), CASES + LATER_CASES + THIRD_CASES + FOURTH_CASES + RULE_CASES + FIFTH_CASES + SIXTH_CASES + SEVENTH_CASES + EIGHTH_CASES)
def test_ambiguous_units_in_news_sentences(pipeline, text, value, unit):
    claims = [claim for claim in pipeline(text)._.claims if claim.value == value]
    assert [claim.unit_normalized for claim in claims] == ([unit] if unit else [])


@pytest.mark.parametrize(
    "text",
    [
        "In the final count it was 12 Ms Hewitt, 9 Mr Jones.",  # a title after a number: "Ms" would be a megasecond
        "He was taken to 12 St Mary's Road.",
        "The 12 Dr Who films were shown again.",
        "Prices rose 4 In May.",  # a capitalised word after a number, as headlines write them
    ],
)
def test_a_title_or_a_capitalised_word_after_a_number_is_no_unit(pipeline, text):
    assert [claim.unit_normalized for claim in pipeline(text)._.claims if claim.unit_normalized not in (None, "year of age")] == []

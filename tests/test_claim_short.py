"""Short sentences about money, sizes, weights, temperatures and ages, each with a qualifier or a change: the
claims a reader expects, as `eval claims` compares them (value, unit or counted noun, change label).

The sentences and their claims were written before presslens was run on them, as a check of the rules on
text nobody tuned them on (the team's second held-out set is of this kind): 31 of 39 passed then (round 13),
35 after that round's changes, 36 since a body's temperature reads in Celsius (round 14);
`KNOWN_GAPS` holds the rest."""

from __future__ import annotations

import math

import pytest

from nlp.eval.claims import predicted_quantity

USD, GBP, EUR, AGE = "US Dollar", "Pound Sterling", "Euro", "year of age"

SENTENCES = [
    ("The house sold for nearly $450,000 last spring.", [(450000, USD, "~")]),
    ("Rents in the city rose 4.5% to an average of $2,100 a month.", [(4.5, "percent", "up"), (2100, f"{USD} per month", "~")]),
    ("The company's shares fell more than 12 percent on Tuesday.", [(12, "percent", "down")]),
    ("The painting fetched upwards of £2 million at auction.", [(2e6, GBP, ">")]),
    ("The suitcase weighed just under 23 kilograms.", [(23, "kilogram", "<")]),
    ("He lost 30 pounds after changing his diet.", [(30, "pound", "down")]),
    ("The baby weighed 7 pounds 4 ounces at birth.", [(7, "pound", "="), (4, "ounce", "=")]),
    ("Temperatures climbed to 104 degrees Fahrenheit in Phoenix.", [(104, "degree Fahrenheit", "=")]),
    ("Overnight lows dropped by about 10 degrees Celsius.", [(10, "degree Celsius", "down")]),
    ("The oven should be preheated to 220C.", [(220, "degree Celsius", "=")]),
    ("The victim, a 34-year-old woman, was taken to hospital.", [(34, AGE, "=")]),
    ("The suspect, 19, was arrested on Friday.", [(19, AGE, "=")]),
    ("Residents aged 65 and over can get the vaccine.", [(65, AGE, ">")]),
    ("Almost 40% of adults under 30 say they rent.", [(40, "percent", "~"), (30, AGE, "<")]),
    ("The bridge is roughly 1.2 kilometres long.", [(1.2, "kilometre", "~")]),
    ("The new tower will stand 310 metres tall, about 20 metres higher than its neighbour.", [(310, "metre", "="), (20, "metre", "~")]),
    ("The apartment measures 75 square metres.", [(75, "square metre", "=")]),
    ("Average salaries grew by 3.1 per cent last year.", [(3.1, "percent", "up")]),
    ("Inflation eased to 2.4% in March from 2.9% in February.", [(2.4, "percent", "="), (2.9, "percent", "=")]),
    ("Ticket prices jumped from $45 to $60.", [((45, 60), USD, "=")]),
    ("The charity's budget was slashed by $3 million.", [(3e6, USD, "down")]),
    ("Gold prices edged up 0.3% to $1,950 an ounce.", [(0.3, "percent", "up"), (1950, f"{USD} per ounce", "=")]),
    ("The river rose another 2 feet overnight.", [(2, "foot", "up")]),
    ("Home prices have dropped sharply, by 8 percent, since the peak.", [(8, "percent", "down")]),
    ("Sales were up nearly 15 percent compared with last year.", [(15, "percent", "up")]),
    ("The patient's temperature reached 39.5 degrees.", [(39.5, "degree Celsius", "=")]),
    ("Snowfall totals of up to 30 centimetres are expected.", [(30, "centimetre", "<")]),
    ("The parcel must weigh no more than 2 kg.", [(2, "kilogram", "<")]),
    ("The average household spends £120 a week on food.", [(120, f"{GBP} per week", "=")]),
    ("At least 3 tonnes of cocaine were seized.", [(3, "tonne", ">")]),
    ("The truck was carrying more than 20 tons of steel.", [(20, "ton", ">")]),
    ("The deficit widened by $12 billion to $98 billion.", [(12e9, USD, "up"), (98e9, USD, "=")]),
    ("The cost of the project has ballooned to €4.5 billion.", [(4.5e9, EUR, "=")]),
    ("Wages have fallen by an average of 2%.", [(2, "percent", "down")]),
    ("The youngest player is just 17 years old.", [(17, AGE, "=")]),
    ("The 6-foot forward weighs 220 pounds.", [(6, "foot", "="), (220, "pound", "=")]),
    ("The flight takes about 11 hours.", [(11, "hour", "~")]),
    ("Prices plunged 40% below last year's level.", [(40, "percent", "down")]),
    ("Shares closed down 1.5% at $14.20.", [(1.5, "percent", "down"), (14.2, USD, "=")]),
]


# Sentences presslens still gets wrong, with why; strict, so that a fix shows up as an unexpected pass.
KNOWN_GAPS = {
    "The river rose another 2 feet overnight.": "the parse hangs '2 feet' on 'overnight', not on 'rose'",
    "Home prices have dropped sharply, by 8 percent, since the peak.": "a 'by' away from its verb is not read (rejected-r13-change-by-parse)",
    "At least 3 tonnes of cocaine were seized.": "pint names the tonne 'metric ton' (units, issue-13-r12)",
}


def _cases() -> list:
    return [
        pytest.param(text, expected, id=text[:40], marks=[pytest.mark.xfail(reason=KNOWN_GAPS[text], strict=True)] if text in KNOWN_GAPS else [])
        for text, expected in SENTENCES
    ]


def _same(expected: tuple, quantity) -> bool:
    value, unit, change = expected
    values = value if isinstance(value, tuple) else (value,)
    found = quantity.value if isinstance(quantity.value, tuple) else (quantity.value,)
    return len(values) == len(found) and all(math.isclose(a, b, rel_tol=1e-6) for a, b in zip(values, found)) and (unit, change) == (quantity.unit, quantity.change)


def quantities(pipeline, text: str) -> list:
    return [predicted_quantity(claim) for claim in pipeline(text)._.claims if claim.context == "body"]


@pytest.mark.parametrize(("text", "expected"), _cases())
def test_short_sentence_claims(pipeline, text, expected):
    found = quantities(pipeline, text)
    assert len(found) == len(expected), found
    for want, quantity in zip(expected, found):
        assert _same(want, quantity), (want, quantity)

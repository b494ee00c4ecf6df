"""Forms of short news sentences that round 28 reads (issue 13): ages said without "year-old" or "aged" and ages in
weeks or days, sizes of change written after the amount or with a verb of lengthening or warming, a qualifier verb,
a second price after "against", an elided counted noun. Each sentence is our own, written for this test; each
expected claim is (value, unit or counted noun, change label) as `eval claims` compares them."""

from __future__ import annotations

import pytest

from tests.test_claim_short import AGE, _same, quantities

CASES = [
    # ages with no age word: the number a person turns, that an age is, or that bounds people named by a pronoun
    ("The actor, who turned 58 on Sunday, is filming in Rome.", [(58, AGE, "=")]),
    ("The average age of a new teacher is now 29.", [(29, AGE, "=")]),
    ("Those over 80 will be offered a jab first.", [(80, AGE, ">")]),
    ("Anyone under 18 needs a parent's consent.", [(18, AGE, "<")]),
    # a singular noun after a number above one is not what it counts: the parse took a verb for a noun
    ("Children under 10 travel free on trams.", [(10, AGE, "<")]),
    # ages in weeks and days, in digits and in words
    ("The two-week-old foal was found in a field.", [(2, "week of age", "=")]),
    ("A 3-week-old lamb was rescued.", [(3, "week of age", "=")]),
    ("A five-day-old baby was taken to hospital.", [(5, "day of age", "=")]),
    # a currency's symbol in letters opens no name, and a name the recognizer ends at the number does not go on into
    # a date after it
    ("A litre of milk costs Rs 60, against Rs 42 three years ago.", [(60, "Indian Rupee", "="), (42, "Indian Rupee", "="), (3, "year", "=")]),
    # verbs of lengthening and of warming or cooling move a measure; "extend" only through "by" ("extended 3 weeks"
    # may say for how long), and "warm" and "cool" only as verbs, as their adjectives say a level
    ("The runway will be lengthened by 300 metres.", [(300, "metre", "up")]),
    ("The border fence will be extended by 400 metres.", [(400, "metre", "up")]),
    ("The sea has cooled 2 degrees Celsius since June.", [(2, "degree Celsius", "down")]),
    ("The oceans have warmed 1.5 degrees since 1900.", [(1.5, "degree", "up")]),
    ("It was a warm 25C afternoon.", [(25, "degree Celsius", "=")]),
    ("Expect a cool 12C morning.", [(12, "degree Celsius", "=")]),
    # "top" as a verb bounds the amount as "exceed" does; as an adjective it ranks
    ("Wind speeds could top 70mph on Friday.", [(70, "mile per hour", ">")]),
    ("Sales topped $2bn in March.", [(2e9, "US Dollar", ">")]),
    ("The top 10 firms paid no tax.", [(10, "top firm", "=")]),
    # a verb that cuts a stock makes its counted object the size of a fall; a game lost or a user added stays a count
    ("The carmaker will cut 800 jobs.", [(800, "job", "down")]),
    ("The airline shed 400 staff last year.", [(400, "staff", "down")]),
    ("The team lost 5 games.", [(5, "game", "=")]),
    ("They added ten users.", [(10, "user", "=")]),
    # "off" is a fall as an adverb of the level, not as a particle
    ("The index was off 0.3 percent.", [(0.3, "percent", "down")]),
    ("Oil prices, off 4% this week, steadied.", [(4, "percent", "down")]),
    ("The plane took off 20 minutes late.", [(20, "minute", "=")]),
    ("He scored 100 off 119 balls.", [(100, "-", "="), (119, "ball", "=")]),
    # a tally names its noun once: "N votes to M"
    ("The bill was passed by 210 votes to 198.", [(210, "vote", "="), (198, "vote", "=")]),
]


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[text[:40] for text, _ in CASES])
def test_short_form_claims(pipeline, text, expected):
    found = quantities(pipeline, text)
    assert len(found) == len(expected), found
    for want, quantity in zip(expected, found):
        assert _same(want, quantity), (want, quantity)

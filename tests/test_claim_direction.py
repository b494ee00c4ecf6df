"""Changes in numeric claims: which numbers size a rise or a fall ("rose 5%", "cut by a quarter"), multipliers, and levels that are no change."""

from __future__ import annotations

import pytest

from tests.test_claims import claims


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


def test_change_then_level_is_not_a_range(pipeline):
    found = claims(pipeline, "Pluristem rose 8.15% to 3.65 after the meeting.")
    assert (found["8.15%"].change, found["3.65"].change) == ("up", None)


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


def test_a_verb_only_change_word_leaves_an_of_amount_to_its_noun(pipeline):
    assert claims(pipeline, "He won a contract of $5m.")["$5m"].quantity == "a contract"  # no change noun, as "an increase of 5%" is

"""What a count counts: the `counted` column in full beside the head noun in `unit`, and how eval scores it."""

from __future__ import annotations

import pytest

from nlp.eval.claims import predicted_quantity


def claim_of(pipeline, text: str, expression: str):
    return next(claim for claim in pipeline(text)._.claims if claim.text == expression)


@pytest.mark.parametrize(
    ("text", "expression", "unit", "counted"),
    [
        ("A survey of seven European countries was published.", "seven", "country", "european country"),
        ("As many as 14 first-team players left the club.", "As many as 14", "team player", "first-team player"),
        ("We expect the top three seeds to win.", "three", "seed", "top seed"),  # the kind stands before the number
        ("He netted a record 32 goals this season.", "32", "goal", "record goal"),
        # Words joined by "and" that say what kind, inside the noun phrase, with the noun they modify.
        ("She has scored 120 league and cup goals.", "120", "goal", "league and cup goal"),
        ("Some 400 large and small retailers signed.", "Some 400", "retailer", "large and small retailer"),
        ("The field produced about 1 million barrels of oil.", "about 1 million barrels", "barrel", None),  # a measure
        ("The lab can run three thousand tests per day.", "three thousand", "test", "test per day"),
        ("Brazil has played in 21 straight World Cups since 1930.", "21", "cup", "straight world cup"),
        ("The league now has five Premier League clubs in Europe.", "five", "club", "premier league club"),
        ("The played 65 snaps in the season.", "65", "snap", "snap"),  # a participle before the number says no kind
        ("Two million people voted.", "Two million", "people", "people"),
        ("The rate was 3.75 percent.", "3.75 percent", "percent", None),
    ],
)
def test_counted_keeps_the_words_that_say_what_kind(pipeline, text, expression, unit, counted):
    claim = claim_of(pipeline, text, expression)
    assert (claim.unit, claim.counted) == (unit, counted)


@pytest.mark.parametrize(
    ("text", "expression", "unit", "counted"),
    [
        ("The airline ordered 10 737-800 planes from Boeing.", "10", "plane", "737-800 plane"),
        ("Boeing delivered 30 737 jets in March.", "30", "jet", "737 jet"),
        ("The airline grounded two 747 jets.", "two", "jet", "747 jet"),  # a number word counts past the model too
        ("Sony sold 5 million PS4 consoles in Europe.", "5 million", "console", "ps4 console"),  # tagged a verb
        ("They bought 40 F-16 fighters.", "40", "fighter", "f-16 fighter"),
        ("The firm shipped 200,000 iPhone 6 handsets.", "200,000", "handset", "iphone 6 handset"),
        ("The carrier flies 12 A320 aircraft.", "12", "aircraft", "a320 aircraft"),  # a model is no compound of the unit
    ],
)
def test_a_model_between_a_count_and_its_noun_says_what_kind(pipeline, text, expression, unit, counted):
    found = pipeline(text)._.claims
    assert [claim.text for claim in found] == [expression]  # the model's number is no amount
    assert (found[0].unit, found[0].counted) == (unit, counted)


@pytest.mark.parametrize(
    ("text", "expressions"),
    [
        ("In 2019 300 people died on the roads.", ["300"]),  # a year is no count
        ("The team won 3 of 4 games.", ["3", "4"]),  # a count of a whole, no model
        ("Photo 7/8 40 people were injured in the crash.", ["40"]),  # a gallery's counter is no count
        ("Some 1 600 officers were deployed.", ["Some 1", "600"]),  # one counts a singular: no model follows it
    ],
)
def test_numbers_next_to_a_count_that_name_no_model_stay_claims(pipeline, text, expressions):
    assert [claim.text for claim in pipeline(text)._.claims] == expressions


def test_a_bare_of_complement_is_part_of_what_is_counted(pipeline):
    claim = claim_of(pipeline, "Officials seized 40 sacks of rice at the border.", "40")
    assert (claim.unit, claim.counted) == ("sack", "sack of rice")


def test_an_of_complement_with_a_determiner_names_a_whole_not_a_kind(pipeline):
    assert claim_of(pipeline, "Doctors saw 40 cases of the disease.", "40").counted == "case"


def test_eval_scores_the_counted_phrase_and_measures_by_their_canonical_unit(pipeline):
    assert predicted_quantity(claim_of(pipeline, "A survey of seven European countries was published.", "seven")).unit == "european country"
    assert predicted_quantity(claim_of(pipeline, "The road is 12 kilometres long.", "12 kilometres")).unit == "kilometre"


def test_a_claim_with_the_noun_left_out_takes_the_counted_phrase_too(pipeline):
    text = "They closed 360,000 backlogged cases by April and 1 million by summer."
    claim = claim_of(pipeline, text, "1 million")
    assert (claim.unit, claim.counted) == ("case", "backlogged case")


def test_a_number_after_a_noun_and_or_counts_that_noun(pipeline):
    claim = claim_of(pipeline, "They hope to add another pick or two.", "two")
    assert (claim.unit, claim.counted) == ("pick", "pick")


def test_the_size_of_a_change_without_a_unit_takes_the_unit_of_the_change_before_it(pipeline):
    text = "The DAX increased by 2 percent but the CAC decreased by 1."
    claim = claim_of(pipeline, text, "1")
    assert (claim.change, claim.unit) == ("down", "percent")


def test_a_level_without_a_unit_takes_no_unit_from_a_change(pipeline):
    assert claim_of(pipeline, "Shares rose 5% on Monday to close at 84.", "84").unit is None


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("Leeds dropped into the bottom three on Saturday.", False),  # a place in the table
        ("They finished in the top four last season.", False),
        ("The top three seeds all won.", True),  # a noun follows: a count
        ("The top 10 per cent of earners pay most.", True),  # a unit follows
    ],
)
def test_a_place_in_a_table_is_no_claim(pipeline, text, kept):
    numbers = {"three", "four", "10 per cent"}
    assert any(claim.text in numbers for claim in pipeline(text)._.claims) == kept


def test_the_numbers_own_scale_word_is_not_part_of_the_unit(pipeline):
    claim = claim_of(pipeline, "Sales rose to 1.2 lakh units.", "1.2 lakh")
    assert (claim.value, claim.unit, claim.counted) == (120000, "unit", "unit")


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("The firm builds a twelve-cylinder engine.", {"twelve": "cylinder"}),  # the hyphened noun, not the head
        ("Their flats have two-, three- and four-bedroom layouts.", {"two": "bedroom", "three": "bedroom", "four": "bedroom"}),
        ("They added 3- or 4-storey wings to the school.", {"3": "storey", "4": "storey"}),
        ("She sank a three-point basket to open a 9-point gap.", {"three": "point", "9": "point"}),
        ("The 200-metre final is a five-year high.", {"200-metre": "metre"}),  # a measure stays one; a term is none
    ],
)
def test_a_number_hyphened_to_a_noun_counts_it_and_so_does_a_suspended_series(pipeline, text, found):
    assert {claim.text: claim.unit for claim in pipeline(text)._.claims} == found


def test_a_hyphened_adjective_or_one_word_idiom_counts_nothing(pipeline):
    assert pipeline("Fans stood three-deep on a one-way street.")._.claims == []


@pytest.mark.parametrize(
    ("text", "expression", "value", "quantity"),
    [
        ("The 13-strong AFI jury took two days.", "13", 13, "AFI jury"),
        ("The 5,000-strong army crossed the river.", "5,000", 5000, "army"),  # a thousands separator before a hyphen
        ("A five-strong panel of experts chose it.", "five", 5, "panel"),
        ("The squad, 25-strong, flew out on Monday.", "25", 25, None),  # after its noun: no group it modifies
    ],
)
def test_a_group_size_in_strong_counts_its_members(pipeline, text, expression, value, quantity):
    claim = claim_of(pipeline, text, expression)
    assert (claim.value, claim.unit, claim.counted, claim.quantity) == (value, "member", None, quantity)


def test_a_thousands_separator_before_a_hyphened_noun(pipeline):
    assert claim_of(pipeline, "They built a 5,000-seat stadium.", "5,000").unit == "seat"


@pytest.mark.parametrize(
    ("text", "expression", "unit", "quantity"),
    [
        # A later conjunct's number counts the earlier conjunct's noun, with its own verb.
        ("The flood drowned at least 30 sheep and injured over 200.", "over 200", "sheep", "sheep injured"),
        ("Forty people were killed, and 312 were injured.", "312", "people", "people injured"),
        ("Police arrested 15 men and charged 9.", "9", "man", "men charged"),
        ("Officials said 40 people died, but 12 survived the crash.", "12", "people", "people survived"),
        # ... or the state its clause leaves them in.
        ("The blast hit the market, killing at least 12 people and leaving around 70 injured.", "around 70", "people", "people injured"),
        ("The storm swept through the county on Friday night, killing at least 12 people and leaving around 90 injured.", "around 90", "people", "people injured"),
        # "others" and "more" stand for the noun left out.
        ("The war caused the deaths of more than 9,000 people and displacement of 1.5 million others.", "1.5 million", "people", "people"),
        ("The fire destroyed 40 homes and damaged 75 more.", "75", "home", "homes damaged"),
        ("Five soldiers died and 12 more were hurt.", "12", "soldier", "soldiers hurt"),
        # A participle clause after the count leaves its noun out only when "others" or "more" says so.
        ("The gunman shot 14 people, wounding 22 others.", "22", "people", "people wounding"),
        ("The firm sold 500 cars last year, earning 3 million.", "3 million", None, "earning"),
    ],
)
def test_a_count_whose_noun_is_left_out_counts_its_conjuncts_noun(pipeline, text, expression, unit, quantity):
    claim = claim_of(pipeline, text, expression)
    assert (claim.unit, claim.quantity) == (unit, quantity)


def test_others_with_no_noun_in_its_sentence_counts_the_noun_of_the_sentence_before(pipeline):
    claim = claim_of(pipeline, "Forty people were killed in the attack on Sunday. More than 300 others were injured.", "More than 300")
    assert (claim.unit, claim.quantity) == ("people", "people injured")


def test_a_count_with_no_noun_anywhere_says_at_least_what_happened(pipeline):
    found = {claim.text: claim for claim in pipeline("At least 17 are dead and more than 300 were injured.")._.claims}
    assert [(found[text].unit, found[text].quantity) for text in ("At least 17", "more than 300")] == [(None, "dead"), (None, "injured")]


@pytest.mark.parametrize(
    ("text", "expression", "quantity"),
    [
        ("Ferry disaster: 40 killed, and 300 injured off the coast", "300", "injured"),
        ("Storm toll: 22 dead in county", "22", "dead"),  # the parser hangs the number on the adjective
        ("Hide Caption 25 of 25 • The minister returned to Paris", "25", None),  # a bullet is no word
    ],
)
def test_a_participle_or_adjective_after_a_bare_number_is_its_predicate(pipeline, text, expression, quantity):
    assert claim_of(pipeline, text, expression).quantity == quantity


def test_a_possessive_before_the_counted_noun_is_part_of_the_whole(pipeline):
    claim = claim_of(pipeline, "Rebels freed 21 of our soldiers on Monday.", "21")
    assert (claim.unit, claim.quantity) == ("soldier", "soldiers freed")


def test_the_state_a_verb_leaves_counted_things_in_is_their_predicate(pipeline):
    assert claim_of(pipeline, "The attack left 30 people dead.", "30").quantity == "people dead"


def test_a_participle_after_a_comma_is_no_state_of_the_counted_things(pipeline):
    assert claim_of(pipeline, "The company sold 500 cars, compared with 400 a year earlier.", "500").quantity == "cars sold"


def test_a_level_after_a_count_borrows_neither_its_noun_nor_a_predicate(pipeline):
    claim = claim_of(pipeline, "The index gained 5 points and closed at 300.", "300")
    assert (claim.unit, claim.quantity) == (None, None)


@pytest.mark.parametrize(
    ("text", "expression", "quantity"),
    [
        ("The driver steered the lorry into the market at 60 mph.", "60 mph", "the lorry"),  # what the act moved
        ("Jean Dupont drove at 80 km/h.", "80 km/h", None),  # a name measures nothing, and no object stands for it
        # A span of time no one is measured by is named by where it is spent or what passes it.
        ("A young nurse faces up to 12 years in jail.", "up to 12 years", "time in jail"),
        ("The nurse was sentenced to 7 years.", "7 years", "sentence"),
        ("The nurse faces up to 7 years.", "up to 7 years", None),
        ("A 45-year-old farmer carried 30 kilograms of rice.", "30 kilograms", "rice"),
        ("A 45-year-old farmer walked 30 kilometres.", "30 kilometres", None),  # an age says the subject is a person
        ("The ferry sailed at 20 knots.", "20 knots", "The ferry"),  # a thing is measured as before
    ],
)
def test_a_measure_never_measures_a_person(pipeline, text, expression, quantity):
    assert claim_of(pipeline, text, expression).quantity == quantity


def test_a_time_of_day_dates_an_act_not_its_subject(pipeline):
    assert claim_of(pipeline, "At 11:15 p.m., a grey van stopped outside the station.", "11:15 p.m.").quantity is None
    assert claim_of(pipeline, "At 9:40 a.m., the bank closed its doors.", "9:40 a.m.").quantity == "its doors"


@pytest.mark.parametrize(
    ("text", "expression", "quantity"),
    [
        ("The price of gold rose 3% on Friday.", "3%", "gold price"),
        ("Shares of Nokia fell 4 percent.", "4 percent", "Nokia shares"),
        ("The cost of the new bridge reached $900 million.", "$900 million", "new bridge cost"),
        ("The number of tourists rose 8%.", "8%", "The number of tourists"),  # a plural complement is what is counted
        ("The price of a ton of copper fell 2%.", "2%", "The price of a ton of copper"),  # its owner has phrases
    ],
)
def test_a_measured_thing_of_an_owner_names_the_owner_first(pipeline, text, expression, quantity):
    assert claim_of(pipeline, text, expression).quantity == quantity


@pytest.mark.parametrize(
    ("text", "expression", "counted"),
    [
        ("Hundreds of loyal fans and players gathered outside.", "Hundreds", "loyal fan and player"),
        ("There were 300 men and 20 women on board.", "300", "man"),  # the other noun has its own number
        ("Each buyer may choose 3 shirts or hats.", "3", "shirt"),  # either of them, not both
    ],
)
def test_a_plural_joined_by_and_without_a_number_is_counted_with_the_noun(pipeline, text, expression, counted):
    assert predicted_quantity(claim_of(pipeline, text, expression)).unit == counted


def test_a_count_inside_a_date_counts_its_noun_and_a_later_date_stops_it(pipeline):
    claim = claim_of(pipeline, "The form must be filed within fifteen working days.", "within fifteen")
    assert (claim.unit, predicted_quantity(claim).unit) == ("day", "working day")
    assert claim_of(pipeline, "The firm hired 40 engineers last year.", "40").unit == "engineer"
    # "the first half" is a period, no claim at all (round 23); before, its "of" ended the date and it counted no years.
    assert pipeline("It should be done within the first half of this year.")._.claims == []


def test_a_bare_level_of_a_change_counts_the_plural_subject(pipeline):
    claim = claim_of(pipeline, "The party's seats in the assembly rose from 12 to 15.", "from 12 to 15")
    assert (claim.unit, claim.quantity) == ("seat", "seats rose")
    assert claim_of(pipeline, "The index rose to 12.", "12").unit is None  # a singular subject is a measure


def test_a_one_word_name_the_number_modifies_is_what_it_counts(pipeline):
    assert claim_of(pipeline, "One Uyghur, a former teacher, was detained twice.", "One").unit == "uyghur"
    assert not [claim for claim in pipeline("The 2014 World Cup was held in Brazil.")._.claims if claim.text == "2014"]


def test_an_age_measures_its_person_and_no_pronoun_or_relative_is_measured(pipeline):
    assert claim_of(pipeline, "Anna Berg, 67, was arrested.", "67").quantity == "Anna Berg"
    assert claim_of(pipeline, "The driver pushed her at 30 mph.", "30 mph").quantity is None
    assert claim_of(pipeline, "The sale of which raised $4 million.", "$4 million").quantity == "The sale of which"
    assert claim_of(pipeline, "Filters reduce the number of spores to 300 per litre.", "300 per litre").unit is None


@pytest.mark.parametrize(
    ("text", "expression", "quantity"),
    [
        ("The council could spend £2bn on roads over the next 10 years.", "10 years", None),  # counted from now
        ("The festival is held once every four years.", "four years", None),  # a repeat
        ("Only five years ago cheap labour was called exploitation.", "five years", None),  # counted back from now
        ("Within two years, every school will have a nurse.", "Within two years", None),
        ("Two days later the club sold its stadium.", "Two days", None),
        ("The bridge took 18 months.", "18 months", "The bridge"),  # a span of time that measures its subject
    ],
)
def test_a_period_dates_an_act_not_its_subject(pipeline, text, expression, quantity):
    assert claim_of(pipeline, text, expression).quantity == quantity


@pytest.mark.parametrize(
    ("text", "expression", "quantity"),
    [
        ("The club reported pre-tax profits of £3.2m.", "£3.2m", "pre-tax profits"),  # the noun "of" completes
        ("The referee was handed a fine of about $9,000.", "about $9,000", "a fine"),
        ("Exports saw an increase of 12%.", "12%", "Exports"),  # a change noun: the subject changes
        ("Wages have grown by an average of 3%.", "an average of 3%", "Wages"),  # a statistic of the subject
    ],
)
def test_an_amount_after_of_measures_the_noun_before_it(pipeline, text, expression, quantity):
    assert claim_of(pipeline, text, expression).quantity == quantity


@pytest.mark.parametrize(
    ("text", "expression", "quantity"),
    [
        ("The bank agreed a $16bn (£8.5bn) takeover of its rival.", "$16bn", "takeover"),  # no bracket in it
        ("The bank agreed a $16bn (£8.5bn) takeover of its rival.", "£8.5bn", "takeover"),  # the conversion's too
        ("The town lies about 930 kilometres (580 miles) from the capital.", "580 miles", "The town"),
    ],
)
def test_a_conversion_in_brackets_measures_what_the_amount_before_it_measures(pipeline, text, expression, quantity):
    assert claim_of(pipeline, text, expression).quantity == quantity


@pytest.mark.parametrize(
    ("text", "expression", "quantity"),
    [
        ("Ticket sales fell, although 15% more passengers flew.", "15%", "more passengers"),  # a comparative's noun
        ("The new engine uses 30% less fuel.", "30%", "less fuel"),
        ("Growth was strong, with like-for-like sales up 6%.", "6%", "like-for-like sales"),  # "sales up 6%"
        ("Exports grew, compared with a 0.3% slide in private consumption.", "0.3%", "private consumption"),
        ("Ticket sales meant a 2% rise in railway revenue.", "2%", "railway revenue"),  # what the change is in
    ],
)
def test_an_amount_sizing_a_word_measures_the_noun_that_word_describes(pipeline, text, expression, quantity):
    assert claim_of(pipeline, text, expression).quantity == quantity


def test_a_phrase_with_its_own_number_is_no_place_of_a_count(pipeline):
    text = "The firm employs more than 50,000 people worldwide, with about 7,000 in the UK."
    assert claim_of(pipeline, text, "more than 50,000").quantity == "people employs"


@pytest.mark.parametrize(
    ("text", "counted"),
    [
        ("The other two team members were named on Friday.", "team member"),  # "the other" picks which two
        ("Five other countries joined the pact.", "other country"),  # after the number it stays, as written
    ],
)
def test_other_before_the_number_goes_with_the_article(pipeline, text, counted):
    claim = next(claim for claim in pipeline(text)._.claims if claim.counted is not None)
    assert claim.counted == counted


@pytest.mark.parametrize(
    "text",
    [
        'Agents copied 13 games and 178 "sound recordings" from the hubs.',  # not the games of the list before it
        "Agents copied 13 games and 178 'sound recordings' from the hubs.",
    ],
)
def test_a_quoted_noun_after_a_number_is_what_it_counts(pipeline, text):
    assert claim_of(pipeline, text, "178").counted == "sound recording"

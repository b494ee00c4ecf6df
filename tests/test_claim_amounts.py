"""Amount forms the claim regex reads (nlp/extract/claim_amounts.py), beyond those in test_claims.py."""

from __future__ import annotations

import re

import pytest

from nlp.extract.claim_amounts import claim_lexicons
from nlp.extract.claim_regex import alternation, ignores_case, line_matches, line_starts, may_hold
from nlp.extract.claim_scores import SCORE_QUANTITY


@pytest.mark.parametrize(
    ("text", "expression", "value", "unit"),
    [
        ("Half a million people marched.", "Half a million", 500_000, "people"),
        ("They waited half an hour.", "half an hour", 0.5, "hour"),  # half of one unit
        ("He ran half a mile.", "half a mile", 0.5, "mile"),
        ("She bought half a dozen eggs.", "half a dozen", 6, "egg"),
        ("A million people came.", "A million", 1_000_000, "people"),
        ("She took a $100,000-a-year job.", "$100,000-a-year", 100_000, "USD per year"),
        ("It was a £50-a-head dinner.", "£50-a-head", 50, "GBP per head"),
        ("They bought a 5,000-square-foot house.", "5,000-square-foot", 5000, "square foot"),  # a unit's words hyphened
        ("The ship carried 3,000 metric tons of wheat.", "3,000 metric tons", 3000, "tonne"),
        ("They opened a 240,000 square meter park.", "240,000 square meter", 240000, "square metre"),  # singular before a noun
        ("It has a 30 cubic foot boot.", "30 cubic foot", 30, "cubic foot"),
        ("He weighs 13st 4lb.", "13st", 13, "stone"),  # 13 has no ordinal in "st"
        ("It costs 5 quid.", "5 quid", 5, "GBP"),
        ("The bill came to 2,000 kronor.", "2,000 kronor", 2000, "SEK"),
        # a part of one unit written in words, in a unit pint names where units.tsv has none, and one and a half
        ("Stir in half a dram of vanilla.", "half a dram", 0.5, "dram"),
        ("He poured a quarter pint of cream.", "a quarter pint", 0.25, "pint"),
        ("The governor voted for a quarter point rise.", "a quarter point", 0.25, "point"),
        ("The fish weighed a pound and a half.", "a pound and a half", 1.5, "pound"),
        ("The hearing lasted an hour and a half.", "an hour and a half", 1.5, "hour"),
        ("The euro slipped a cent and a half.", "a cent and a half", 1.5, "cent"),
    ],
)
def test_amount_forms(pipeline, text, expression, value, unit):
    claim = next(claim for claim in pipeline(text)._.claims if claim.text == expression)
    assert (claim.value, claim.unit) == (value, unit)


@pytest.mark.parametrize(
    "text",
    [
        "He scored a third try before half-time.",  # an ordinal, and a currency's code in lower case
        "Less than a quarter are updated each week.",  # a verb pint reads as a unit (the are)
        "She had half a chance to win.",  # no unit
        "He ordered a pint of stout.",  # the article alone states no amount, as "an hour later" does
    ],
)
def test_an_article_or_fraction_before_a_word_that_names_no_unit_here_is_no_amount(pipeline, text):
    assert pipeline(text)._.claims == []


def test_a_number_word_after_an_article_keeps_its_own_amount(pipeline):
    claim = next(iter(pipeline("A two and a half inch needle went in.")._.claims))
    assert (claim.text, claim.value, claim.unit) == ("two and a half inch", 2.5, "inch")


def test_a_hyphenated_rate_without_a_unit_is_a_compound_adjective(pipeline):
    assert pipeline("They play 5-a-side football on Sundays.")._.claims == []


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("The population grew by 1.5 million to 66 million.", {"1.5 million": "up", "66 million": None}),
        ("Membership rose by 2,000 to 45,000 last year.", {"2,000": "up", "45,000": None}),
        ("Temperatures rose by 1 to 1.5 degrees.", {"1 to 1.5 degrees": "up"}),  # ends close together: a range
        ("Sales rose by 3 to 4 million.", {"3 to 4 million": "up"}),  # the low end takes the scale word
        ("Viewers fell by 400,000 to 6.2 million.", {"400,000": "down", "6.2 million": None}),  # written in full: no scale
    ],
)
def test_a_change_and_the_level_it_reaches_are_no_range(pipeline, text, found):
    assert {claim.text: claim.change for claim in pipeline(text)._.claims} == found


@pytest.mark.parametrize(
    ("text", "expression", "unit"),
    [
        ("The phone has a 12-megapixel camera.", "12-megapixel", "megapixel"),
        ("Workers got doses of 20 millisieverts.", "20 millisieverts", "millisievert"),
        ("The plant makes 3 terawatt-hours a year.", "3 terawatt-hours a year", "terawatt hour per year"),
        ("He bought 5 microphones for the band.", "5", "microphone"),  # no unit in pint: a counted noun
        ("They found 40 nanoparticles per cell.", "40", "nanoparticle"),  # pint's particle counts things
    ],
)
def test_a_word_with_an_si_prefix_is_a_unit_when_pint_knows_it(pipeline, text, expression, unit):
    claim = next(claim for claim in pipeline(text)._.claims if claim.text == expression)
    assert claim.unit == unit


def test_the_first_character_test_keeps_each_variant_in_its_case():
    """The lookahead before an alternation lets through every start its variants match, in the case they match it:
    a case-blind variant in any case, a case-kept one ("USD") only as written."""
    pattern = re.compile(rf"(?:{alternation(['USD', 'euros', 'Rs'])})\s?\d+", re.IGNORECASE)
    found = [match.group() for match in pattern.finditer("USD 5, usd 6, EUROS 7, euros 8, Rs 9, rs 10, xUSD 11")]
    assert found == ["USD 5", "EUROS 7", "euros 8", "Rs 9", "USD 11"]


def test_grouping_variants_by_first_letter_keeps_what_the_alternation_matches():
    """`alternation` groups its variants by first letter for speed: it must match what the plain ordered
    alternation does, longest variant first, in each variant's case, "µ" (micro sign) and "μ" (mu) alike."""
    variants = ["km", "km/h", "kilometres", "K", "mile", "miles", "M", "µm", "μg", "%", "knots"]
    ordered = sorted(set(variants), key=len, reverse=True)
    plain = "|".join(re.escape(variant) if ignores_case(variant) else f"(?-i:{re.escape(variant)})" for variant in ordered)
    text = "5 km/h, 6 KM, 7 Kilometres, 8 K, 9 k, 10 Miles, 11 M, 12 m, 13 μm, 14 µg, 15 %, 16 knots"
    grouped = re.compile(rf"\d+ (?:{alternation(variants, whole_words=False)})", re.IGNORECASE)
    assert [match.group() for match in grouped.finditer(text)] == [match.group() for match in re.finditer(rf"\d+ (?:{plain})", text, re.IGNORECASE)]
    assert "5 km/h" in [match.group() for match in grouped.finditer(text)]


@pytest.mark.parametrize("text", ["Sales DOUBLED.", "Sales doubled.", "Sales ſoared and doubled.", "İmage 3 of 9", "ſlide 2 of 5"])
def test_may_hold_passes_every_text_a_case_blind_pattern_of_its_words_matches(text):
    """The substring test before a scan may pass a text the pattern does not match, never skip one it does: in a
    text with other than ASCII, re's case folding ("ſ" is "s", "İ" is "i") is not str.lower's."""
    assert re.search(r"doubled|image|slide", text, re.IGNORECASE)
    assert may_hold(text, ["doubled", "image", "slide"])


def test_line_matches_finds_what_a_scan_finds_for_a_line_start_pattern():
    pattern = re.compile(r"^[ \t]*\d{1,3}(?=\.[ \t]+[A-Z])", re.MULTILINE)
    text = "1. Ann Lee 6.72\n 2. Jo Fox 6.65\n\nThe 3. row\n4. Kim Oh"
    assert [match.span() for match in line_matches(pattern, text)] == [match.span() for match in pattern.finditer(text)] == [(0, 1), (16, 18), (44, 45)]


def test_line_starts_are_the_text_start_and_each_place_after_a_line_break():
    assert line_starts("Rates rose 2%.") == [0]
    assert line_starts("Rates\nrose 2%.\n") == [0, 6, 15]


def test_may_hold_skips_an_ascii_text_without_the_words():
    assert not may_hold("Sales rose 5% to $3 billion.", ["doubled", "halved"])
    assert may_hold("Sales Halved.", ["doubled", "halved"])


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("THIRTY-TWO people came.", "THIRTY-TWO"),
        ("Half a million people came.", "Half a million"),
        ("An eighteenfold rise.", "eighteenfold"),
        ("A dozen eggs.", "A dozen"),
        ("It fell to minus 5C.", "minus 5C"),
        ("They hired thousands.", "thousands"),
        ("The three-quarters mark.", "three-quarters"),
    ],
)
def test_the_start_test_lets_through_every_way_an_amount_starts(text, amount):
    """The regex tests a word's first three letters before trying the number words: capitals, "a"/"an", "half"
    and "minus" pass it, and "the", "this", "there" (which share a first letter with "three") do not match."""
    found = [match.group() for match in claim_lexicons().amount.finditer(text)]
    assert found == [amount]


@pytest.mark.parametrize("text", ["She won on the 21st.", "It was his 1st title.", "the 31st of May"])
def test_st_after_a_number_whose_ordinal_it_ends_is_no_stone(pipeline, text):
    assert all(claim.unit != "stone" for claim in pipeline(text)._.claims)


@pytest.mark.parametrize(
    ("text", "sides"),
    [
        ("Chelsea won 4-1 on Saturday.", [4, 1]),
        ("The Yankees beat Boston 13-3.", [13, 3]),  # after a name, yet no label
        ("They tied the game at 2-2.", [2, 2]),
        ("Sweden went 1–0 up after a 112-98 win.", [1, 0, 112, 98]),
        # Set scores: a pair next to another is a score whichever number is higher.
        ("He won the match 6-7 6-4.", [6, 7, 6, 4]),
        # Written low to high, a pair between two names or before a singular noun it modifies is no range either.
        ("Arsenal 1-2 Chelsea", [1, 2]),
        ("The coach was fired after a 5-11 season.", [5, 11]),
        ("Leeds lost 1-2 to Chelsea.", [1, 2]),  # before an opponent: no range, no fall
        ("The Jets won 24-7 at home.", [24, 7]),  # an idiom's numbers after a verb of a result are a score
        # A record of wins, losses and ties, before "record" or after "went"/"was".
        ("He leaves with a 50-32-1 record.", [50, 32, 1]),
        ("The Cardinals went 7-8-1 in 2016.", [7, 8, 1]),
    ],
)
def test_a_score_is_one_claim_per_side_with_no_unit_range_or_change(pipeline, text, sides):
    found = pipeline(text)._.claims
    assert [claim.value for claim in found] == sides
    for claim in found:
        assert claim.low == claim.high and claim.unit is None and claim.counted is None and claim.change is None
        assert claim.quantity == SCORE_QUANTITY and claim.text == text[claim.start : claim.end]


@pytest.mark.parametrize("text", ["The summit was held in London 12-14 March.", "Gates 3-4 to London are closed.", "They play a 4-4-2 formation."])
def test_days_of_a_month_and_labels_before_a_name_are_no_score(pipeline, text):
    assert [claim.quantity for claim in pipeline(text)._.claims] == []


@pytest.mark.parametrize(("text", "low", "high"), [("He wrote a 10-12 page report.", 10, 12), ("Around 5-10 people came.", 5, 10)])
def test_a_pair_before_the_noun_of_a_compound_or_a_plural_is_still_a_range(pipeline, text, low, high):
    (claim,) = pipeline(text)._.claims
    assert (claim.low, claim.high, claim.quantity != SCORE_QUANTITY) == (low, high, True)


def test_a_score_borrows_no_unit_and_a_win_counts_nothing(pipeline):
    text = "Shares rose 5% and the team won a 3-1 victory and 2-0."
    assert [(claim.value, claim.unit) for claim in pipeline(text)._.claims] == [(5, "percent"), (3, None), (1, None), (2, None), (0, None)]


@pytest.mark.parametrize(
    ("text", "expression", "low", "high"),
    [
        ("Hundreds dead after the bridge collapse", "Hundreds", 100, 1000),  # a headline's subject
        ("The fair drew thousands to the city centre.", "thousands", 1000, 10000),
        ("Thousands marched through the capital on Sunday.", "Thousands", 1000, 10000),
    ],
)
def test_a_vague_plural_is_an_amount_without_of(pipeline, text, expression, low, high):
    claim = next(claim for claim in pipeline(text)._.claims if claim.text == expression)
    assert (claim.low, claim.high) == (low, high)


def test_scores_and_tens_without_of_are_no_amounts(pipeline):
    assert pipeline("Their test scores rose, and the tens were printed in red.")._.claims == []


def test_a_dash_between_spaces_after_a_unit_word_sets_off_an_aside(pipeline):
    found = {claim.text: claim.value for claim in pipeline("They sit on 40 points - six points clear of the pack.")._.claims}
    assert found == {"40 points": 40, "six points": 6}
    assert [claim.text for claim in pipeline("Rates of 5% - 6% were seen.")._.claims] == ["5% - 6%"]  # a symbol: a range


@pytest.mark.parametrize(
    ("text", "expression", "value", "unit"),
    [
        ("The stadium cost 12.5m (£8m) to build.", "12.5m", 12_500_000, None),  # millions of a currency no one names
        ("The film took $2m (£1.1m) on Friday and 6.2m (£3.3m) over the weekend.", "6.2m", 6_200_000, "USD"),
        ("The film took 6.2m (about £3.3m) in all.", "6.2m", 6_200_000, None),  # a qualifier opens the conversion
        ("The tower is 300m (984ft) tall.", "300m", 300, "metre"),  # restated as a length: metres
    ],
)
def test_a_bare_m_restated_in_money_is_millions(pipeline, text, expression, value, unit):
    claim = next(claim for claim in pipeline(text)._.claims if claim.text == expression)
    assert (claim.value, claim.unit) == (value, unit)


def test_a_lone_letter_is_a_unit_only_at_a_clause_end_and_never_a_constant():
    lex = claim_lexicons()
    assert lex.amount.search("She ran it in 9.58 s. Then")[0] == "9.58 s"
    assert lex.amount.search("a score of 5 s and 6")[0] == "5"  # a word may follow: no symbol
    from nlp.extract.claim_amounts import read_amount

    constant = read_amount(lex.amount.search("worth 3 e, he said"), lex)
    assert (constant.unit, constant.end) == (None, len("worth 3"))  # "e" is the elementary charge's symbol: no unit


@pytest.mark.parametrize(
    ("text", "expression", "value", "unit"),
    [
        ("Ministers said the change could hit up to 44million Brits who pay the levy.", "up to 44million", 44_000_000, "brit"),
        ("The firm said that some 2.5Billion users log in each day.", "some 2.5Billion", 2_500_000_000, "user"),
        ("They borrowed 5bn dollars from banks.", "5bn dollars", 5_000_000_000, "USD"),
    ],
)
def test_a_scale_word_glued_to_its_digits_is_a_token_of_its_own(pipeline, text, expression, value, unit):
    doc = pipeline(text)
    number = next(token for token in doc if token.text[0].isdigit())
    assert number.nbor().text.lower() in ("million", "billion", "bn")  # split as "44km" is, not one token
    assert len(list(doc.sents)) == 1  # "44million" read as punctuation had opened a sentence at "Brits"
    claim = next(claim for claim in doc._.claims if claim.text == expression)
    assert (claim.value, claim.unit) == (value, unit)


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Between two and three people were hurt.", {"Between two and three": (2, 3)}),  # a range's two ends
        ("They rent one and two bedroom flats.", {"one": (1, 1), "two": (2, 2)}),  # two numbers, not three
        ("One hundred and five people came.", {"One hundred and five": (105, 105)}),  # after a scale word: one number
        ("It cost two thousand and ten pounds.", {"two thousand and ten pounds": (2010, 2010)}),
    ],
)
def test_and_joins_number_words_only_after_a_scale_word(pipeline, text, found):
    assert {claim.text: (claim.low, claim.high) for claim in pipeline(text)._.claims} == found

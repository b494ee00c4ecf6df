"""Unit names from the libraries: spellings a gold file or a user writes that must reach pint's or ISO 4217's name."""

from __future__ import annotations

import json

import pytest

from nlp.extract.claim_units import normalize_unit, prefixed_symbol
from nlp.extract.pipeline import load_pipeline, resolve_model


@pytest.mark.parametrize(
    ("unit", "normalized"),
    [
        ("degree celsius", "degree Celsius"),  # pint's name in another case, not a degree times a Celsius degree
        ("degree fahrenheit", "degree Fahrenheit"),
        ("british pound", "Pound Sterling"),  # the adjective names a word of the country's official name
        ("american dollar", "US Dollar"),  # one country, two codes (USD and the fund code USN): the first
        ("new israeli shekel", "New Israeli Sheqel"),
        ("north korean won", "North Korean Won"),
        ("south korean won", "Won"),
        ("scottish pound", "scottish pound"),  # no country's name: left as written
        ("times", "count"),  # a multiplier ("6.5 times earnings", "18-fold"): CQE's name, pint's dimensionless count
    ],
)
def test_unit_spellings_reach_the_library_name(unit, normalized):
    assert normalize_unit(unit) == normalized


def test_singular_rouble_is_money():
    pipeline = load_pipeline(resolve_model(None))
    claim = next(claim for claim in pipeline("The fare rose to 1 rouble.")._.claims)
    assert claim.unit_normalized == "Russian Ruble"


@pytest.mark.parametrize(
    ("text", "expression", "normalized"),
    [
        ("A bowl of noodles from a street stall in Beijing costs ¥12.", "¥12", "Yuan Renminbi"),
        ("The ramen shop near Tokyo station charges ¥800 a bowl.", "¥800 a bowl", "Yen per bowl"),
        ("A train ticket from Shanghai to Beijing is 553 ¥ in China.", "553 ¥", "Yuan Renminbi"),  # the sign after the number
        ("He paid 799 ¥ for a camera in Tokyo.", "799 ¥", "Yen"),
    ],
)
def test_the_yen_sign_is_yen_or_yuan_from_the_words_around_it(text, expression, normalized):
    assert _normalized_unit(text, expression) == normalized


def test_a_sense_rare_for_its_symbol_is_left_out_as_label_noise():
    from nlp.extract.unit_senses import train

    points = [(f"The index rose {n} p on the day.", "point") for n in range(40)]
    noise = [(f"The sale price was {n} p.", "pound") for n in range(3)]  # three examples, but under a tenth of them
    model = train(points + noise, lambda surface, unit: True)
    assert model.priors == {"p": {"point": 40}}


def test_a_currency_sign_learns_only_the_currencies_it_is_written_for(tmp_path):
    from nlp.extract.unit_senses import train_from_file

    yen = [{"text": f"A room in Tokyo costs ¥{n}00, about ${n}.", "unit": "japanese yen"} for n in range(1, 7)]
    yuan = [{"text": f"A meal in Beijing costs {n}0 ¥ there.", "unit": "chinese yuan"} for n in range(1, 7)]
    (tmp_path / "train.json").write_text(json.dumps(yen + yuan), encoding="utf-8")
    model = train_from_file(tmp_path / "train.json", tmp_path)
    # "$" in a yen sentence is the sentence's other number: the lexicon's dollar sign learns nothing from it.
    assert model.priors == {"¥": {"chinese yuan": 6, "japanese yen": 6}}


@pytest.mark.parametrize(
    ("text", "expression", "normalized"),
    [
        ("The ticket costs 30 Egyptian pounds.", "30 Egyptian pounds", "Egyptian Pound"),  # not a weight, not sterling
        ("He was paid 500 Kenyan shillings.", "500 Kenyan shillings", "Kenyan Shilling"),
        ("The deal is worth 2 billion Philippine pesos.", "2 billion Philippine pesos", "Philippine Peso"),
        # Any ISO 4217 code in capitals after the number, from the library, not only the lexicon's.
        ("The exchange rate was 480 AMD to the dollar.", "480 AMD", "Armenian Dram"),
        ("Dinner cost 1,200 CZK for two.", "1,200 CZK", "Czech Koruna"),
        # A unit symbol pint defines, written against the number.
        ("The new tablet has an 11in screen.", "11in", "inch"),
        ("The ball travelled 30yds before stopping.", "30yds", "yard"),  # ... in the plural
        ("He rode a 250cc scooter to work.", "250cc", "cubic centimetre"),
        ("The estate covers 40ha of woodland.", "40ha", "hectare"),
        # A length's power written after its symbol, and after "per" or "/".
        ("The tank holds 30 m3 of water.", "30 m3", "cubic metre"),
        ("It holds 5 m³ of water.", "5 m³", "cubic metre"),  # not 5 metres
        ("The cell is 10 cm2 wide.", "10 cm2", "square centimetre"),
        ("Flats sell for 4,000 euros/m2 there.", "4,000 euros/m2", "Euro per square metre"),
        # Temperature scales written short.
        ("It reached 30 degrees C in Madrid on Sunday.", "30 degrees C", "degree Celsius"),  # the scale's letter after "degrees"
        ("Set the oven to 350 deg F.", "350 deg F", "degree Fahrenheit"),
        ("It was 30ºC in Seville.", "30ºC", "degree Celsius"),  # the ordinal sign written for the degree sign
        ("Temperatures hovered around 20 degrees centigrade.", "around 20 degrees centigrade", "degree Celsius"),
    ],
)
def test_currencies_unit_symbols_and_scales_reach_the_library_names(text, expression, normalized):
    assert _normalized_unit(text, expression) == normalized


@pytest.mark.parametrize(
    ("text", "expression", "normalized"),
    [
        ("Shares in Qantas rose 30c to $4.10.", "30c", "cent"),  # the subject says money
        ("The bus fare went up 20c.", "20c", "cent"),
        ("Temperatures rose to 30c in London.", "30c", "degree Celsius"),  # no money word: the sense model's reading
    ],
)
def test_a_figure_in_c_tied_to_money_by_the_parse_is_cents(text, expression, normalized):
    assert _normalized_unit(text, expression) == normalized


def test_an_iso_code_that_is_also_a_word_is_money_only_in_capitals():
    pipeline = load_pipeline(resolve_model(None))
    assert [claim.unit_normalized for claim in pipeline("The menu lists 10 top dishes.")._.claims] == ["dish"]
    assert [claim.unit_normalized for claim in pipeline("A room costs 80 TOP a night in Nuku'alofa.")._.claims] == ["Pa’anga per night"]


@pytest.mark.parametrize(
    "text",
    [
        "It came 4th on the 22nd and 3rd on the 31st.",  # ordinal suffixes: no rod, no thou
        "Doors open at 7pm and close at 11am.",  # times (a clock claim), not picometres or attometres
        "They stayed at a 5star hotel.",  # letters pint does not know
        "It weighs 5 kg2 here.",  # a power of a unit that is no length
    ],
)
def test_letters_against_a_number_that_name_no_unit_give_no_measure(text):
    pipeline = load_pipeline(resolve_model(None))
    assert [claim.unit for claim in pipeline(text)._.claims if claim.unit not in (None, "time of day")] == []


@pytest.mark.parametrize(
    ("text", "normalized"),
    [
        ("It was 95 degrees in Phoenix on Monday.", "degree Fahrenheit"),  # above any Celsius weather: one scale left
        ("The forecast calls for highs near 90 degrees.", "degree Fahrenheit"),
        ("Roast the lamb in the oven at 425 degrees.", "degree Fahrenheit"),  # no Celsius oven is that hot
        ("Temperatures reached 30C in Rome on Friday, and 35 degrees in Naples.", "degree Celsius"),  # the scale the text names
        ("It was 30 degrees in London on Monday.", "degree"),  # either scale: left as written
        ("The car turned 90 degrees at the junction in Leeds.", "degree"),  # an angle
        ("The company made a 180 degree change of course in March.", "degree"),  # hotter than any weather
    ],
)
def test_bare_degrees_take_a_scale_only_where_one_is_possible(text, normalized):
    pipeline = load_pipeline(resolve_model(None))
    claims = [claim for claim in pipeline(text)._.claims if "degree" in claim.text]
    assert [claim.unit_normalized for claim in claims][-1] == normalized


def test_words_no_sense_was_seen_with_do_not_choose_the_sense():
    from nlp.extract.unit_senses import train

    # Celsius is written with many words, the coulomb with few: unseen words would favour the coulomb.
    celsius = [(f"The weather today in the city and the region was a sunny {n} C afternoon.", "celsius") for n in range(8)]
    coulomb = [(f"A charge of {n} C.", "coulomb") for n in range(6)]
    model = train(celsius + coulomb, lambda surface, unit: True)
    assert model.predict("C", "Temperatures reached 30 C in Rome on a Friday in June, said forecasters.") == "celsius"


def test_typewriter_marks_train_as_the_primes_they_stand_for():
    from nlp.extract.unit_senses import train

    feet = [(f"The fence is {n}' high.", "foot") for n in range(6)]
    inches = [(f"The shelf is {n}\" deep.", "inch") for n in range(4)] + [(f"The bolt is {n}″ long.", "inch") for n in range(2)]
    model = train(feet + inches, lambda surface, unit: True)
    assert model.priors == {"′": {"foot": 6}, "″": {"inch": 6}}
    assert {"'", '"'} <= set(model.surfaces)


@pytest.mark.parametrize(
    ("text", "expression", "normalized"),
    [
        ("The garden shed is 12' wide and has a tin roof.", "12'", "foot"),
        ("The new tablet has a 11\" screen.", "11\"", "inch"),
        ('The coach said "we need 40" before the game.', "40", None),  # the mark closes a quotation
        ("She told them 'it cost me 300' at the door.", "300", None),
        ("The contractor's crew put up a 'temporary' 8' fence.", "8'", "foot"),  # the quotation before it is closed
    ],
)
def test_a_typewriter_mark_after_a_number_is_a_prime_unless_it_closes_a_quotation(text, expression, normalized):
    assert _normalized_unit(text, expression) == normalized


@pytest.mark.parametrize(
    ("text", "expression", "normalized"),
    [
        ("The parcel weighed 12  kilograms at the depot.", "12  kilograms", "kilogram"),  # two spaces, as scraped text leaves them
        ("A ferry ticket now costs 900  rubles.", "900  rubles", "Russian Ruble"),
    ],
)
def test_two_spaces_between_a_number_and_its_unit_still_join_them(text, expression, normalized):
    assert _normalized_unit(text, expression) == normalized


@pytest.mark.parametrize(
    ("text", "expression", "normalized"),
    [
        ("The farmer owns 40 a of hillside near the river.", "40 a", "acre"),  # no article before "of"
        ("My uncle has kept bees for 12 a and sells the honey.", "12 a", "year"),
        ("The stock closed at $5 a share.", "$5 a share", "US Dollar per share"),  # the article before a noun
    ],
)
def test_a_lone_a_before_a_word_no_article_precedes_is_a_symbol(text, expression, normalized):
    assert _normalized_unit(text, expression) == normalized


@pytest.mark.parametrize(
    ("text", "expression", "normalized"),
    [
        ("Gusts of 25 m/s hit the harbour overnight.", "25 m/s", "metre per second"),  # not "metre per " ("s" less its "s")
        ("The new drive copies files at 300 MB/s.", "300 MB/s", "megabyte per second"),
        ("A room at the inn costs $90 per night.", "$90 per night", "US Dollar per night"),
    ],
)
def test_the_unit_after_per_or_a_slash_is_read_as_pint_reads_a_symbol(text, expression, normalized):
    assert _normalized_unit(text, expression) == normalized


@pytest.mark.parametrize(
    ("text", "expression", "normalized"),
    [
        ("The foundry now etches 3 nm transistors.", "3 nm", "nanometre"),  # the lexicon's "nm", not its "Nm"
        ("The diesel delivers 350 Nm of torque.", "350 Nm", "metre-newton"),
    ],
)
def test_unit_symbols_that_differ_only_in_case_keep_their_own_units(text, expression, normalized):
    assert _normalized_unit(text, expression) == normalized


@pytest.mark.parametrize(
    ("text", "expression", "normalized"),
    [
        ("The cheapest model stores 256mb of songs.", "256mb", "megabyte"),  # "MB" typed fast: a size, not millibarns
        ("Its rival holds 20 gb for the same price.", "20 gb", "gigabyte"),
        ("The old modem kept a 16 kb buffer.", "16 kb", "kilobyte"),
        ("The laptop runs a 2.2ghz processor.", "2.2ghz", "gigahertz"),
        ("Rural lines still crawl at 2mbps.", "2mbps", "megabit per second"),
        ("The tuner reaches 108 mhz at the top of the dial.", "108 mhz", "megahertz"),
        ("The fast lane moves 40 Mb of data.", "40 Mb", "megabit"),  # the case as written keeps its own unit
        ("The box copies files at 30 MBps.", "30 MBps", None),  # a mixed case the lexicon lacks: no megabit rate
        ("THE LINK RUNS AT 40 MBPS.", "40 MBPS", "megabit per second"),  # capitals typed as capitals
    ],
)
def test_data_and_frequency_symbols_typed_in_lower_case_are_read(text, expression, normalized):
    assert _normalized_unit(text, expression) == normalized


@pytest.mark.parametrize(
    ("text", "expression", "normalized"),
    [
        ("Gamers complained of a 90 ms lag on the new servers.", "90 ms", "millisecond"),
        ("The switch answers in 15ms.", "15ms", "millisecond"),
        ("Each flash lasts 5 ns.", "5 ns", "nanosecond"),
        ("Soot levels hit 60 µg/m3 near the ring road.", "60 µg/m3", "microgram per cubic metre"),
        ("Doctors advise 10 mcg of vitamin D a day.", "10 mcg", "microgram"),
    ],
)
def test_the_second_and_the_gram_take_small_prefixes(text, expression, normalized):
    assert _normalized_unit(text, expression) == normalized


@pytest.mark.parametrize(
    ("text", "expression", "normalized"),
    [
        ("A taxi fare in Soweto rose to R14.50 this week.", "R14.50", "Rand"),  # cents: a sum written as money
        ("The club paid R3,200 for new kit.", "R3,200", "Rand"),
        ("The metro will spend R1.8bn on buses.", "R1.8bn", "Rand"),
    ],
)
def test_a_lone_r_before_a_sum_written_as_money_is_the_rand(text, expression, normalized):
    assert _normalized_unit(text, expression) == normalized


@pytest.mark.parametrize("text", ["Officials said the R0 was near 3 in March.", "The R62 was shut after the crash.", "A boy dressed as R2-D2 won.", "The XR1.25 lens is new."])
def test_a_lone_r_before_a_plain_number_is_a_name(text):
    pipeline = load_pipeline(resolve_model(None))
    assert [claim.unit_normalized for claim in pipeline(text)._.claims if claim.unit_normalized == "Rand"] == []


@pytest.mark.parametrize(
    ("text", "expression", "normalized"),
    [
        ("The new well pumps 65 L/min at full power.", "65 L/min", "litre per minute"),  # a symbol over a symbol
        ("The cell reached 2.5 A/cm2 in the lab.", "2.5 A/cm2", "ampere per square centimetre"),
        ("The village finally got 50 Mbps broadband.", "50 Mbps", "megabit per second"),
        ("The backbone moves 40 Gb/s of traffic.", "40 Gb/s", "gigabit per second"),  # the lexicon's, not pint's gilbert
        ("The depot runs 4 in/out shuttles.", "4", None),  # "out" is no unit: no ratio
    ],
)
def test_a_symbol_over_a_symbol_is_a_unit_when_both_are_units(text, expression, normalized):
    assert _normalized_unit(text, expression) == normalized


def test_a_factor_is_a_count_in_unit_normalized():
    pipeline = load_pipeline(resolve_model(None))
    claim = next(claim for claim in pipeline("Exports to the region grew sevenfold in a decade.")._.claims)
    assert (claim.unit, claim.unit_normalized) == ("times", "count")


@pytest.mark.parametrize(
    ("letters", "unit"),
    [
        ("mSv", "millisievert"),
        ("kV", "kilovolt"),
        ("MeV", "megaelectron volt"),  # the unit's own symbol, "eV", has a capital
        ("Ms", None),  # megasecond: a second's symbol is lower case, so the title stays a word
        ("Mt", None),
        ("Mr", None),  # no unit at all
        ("TV", None),  # all capitals: left to the unit lexicon
        ("kv", None),  # all lower case: likewise
        ("mR", "milliroentgen"),  # pint's "R" is the gas constant, which takes no prefix: the unit "R" names alone
        ("mc", None),  # a constant's lower-case symbol (the speed of light)
    ],
)
def test_a_mixed_case_symbol_is_a_unit_through_a_prefix_only_when_its_unit_symbol_has_a_capital(letters, unit):
    assert prefixed_symbol(letters) == unit


def _normalized_unit(text: str, expression: str) -> str | None:
    """unit_normalized of the claim whose text is `expression` in `text`."""
    pipeline = load_pipeline(resolve_model(None))
    return next(claim for claim in pipeline(text)._.claims if claim.text == expression).unit_normalized


@pytest.mark.parametrize(
    ("letters", "reading"),
    [("b", ("", "b")), ("kb", ("kilo", "b")), ("Mb", ("mega", "b")), ("zz", None)],
)
def test_a_symbol_reads_as_a_prefix_and_the_units_own_symbol(letters, reading):
    from nlp.extract.claim_units import symbol_reading

    assert symbol_reading(letters) == reading


@pytest.mark.parametrize(("letter", "unit"), [("s", "second"), ("h", "hour"), ("g", "gram"), ("c", None), ("e", None), ("k", None)])
def test_a_lone_letter_names_pints_unit_but_no_constant(letter, unit):
    from nlp.extract.claim_units import spaced_symbol

    assert spaced_symbol(letter) == unit


def test_a_symbol_over_a_slash_goes_through_the_unit_sense_model():
    from nlp.extract.claim_amounts import claim_lexicons, read_amount

    lex = claim_lexicons()
    data = "The old modem sent data over the telephone network at 56 kb/s."
    physics = "The neutron beam met a target with a cross section of 3 b/s in the collider experiment."
    assert read_amount(lex.amount.search(data), lex).unit == "kilobit per second"
    assert read_amount(lex.amount.search(physics), lex).unit == "barn per second"

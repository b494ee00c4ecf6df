"""Unit names: a unit as presslens or a gold file writes it, under one canonical name (`unit_normalized`).

`normalize_unit(name)` takes a unit as the claims table's `unit` column holds
it ("kilometre", "mile per hour", "USD", "USD per barrel", "percent", "year of
age", or a counted noun's lemma) or as a gold file names it ("japanese yen",
"pound-mass", "percentage") and returns its canonical name, from maintained
libraries rather than hand tables:

- a currency (an ISO 4217 code, its ISO name, a news spelling from
  `models/lexicons/currencies.tsv`, or "<country adjective> <currency word>")
  becomes its ISO 4217 name from pycountry: "US Dollar", "Pound Sterling", "Yen"
  (a withdrawn one, which pycountry drops, CLDR's English name through babel: "German Mark");
- a physical unit becomes the name of pint's registry entry, in British
  spelling, with "per" for division and "-" for products: "metre",
  "kilometre per hour", "degree Celsius", "pound" (mass), "pound-foot", "percent";
- "X per Y" is normalised part by part ("US Dollar per barrel");
- a name neither library knows ("year of age") is returned lower-cased, as
  written; `count_name` names a counted noun (lower-cased, or its currency).

`models/lexicons/unit_synonyms.tsv` holds the few names a library spells
differently ("percentage" -> percent, "pound-mass" -> pound).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import cache

from nlp.extract.unit_senses import surface_key, unit_senses
from nlp.lexicons import field_rows, pair_table

CURRENCY_CODE = re.compile(r"[A-Z]{3}")
MULTI_WORD_NAME = re.compile(r"[A-Z][a-z]+(?: [A-Z][a-z]+)+")  # "Kenyan Shilling", not "Euro" or "WIR Euro"
POWERS = {"2": "square", "²": "square", "3": "cubic", "³": "cubic"}  # pint's "** 2", and a power after a length's symbol
SI_PREFIXES = ("yocto", "zepto", "atto", "femto", "pico", "nano", "micro", "milli", "centi", "deci", "deca", "hecto",
               "kilo", "mega", "giga", "tera", "peta", "exa", "zetta", "yotta")
ORDINAL_SUFFIXES = frozenset({"st", "nd", "rd", "th"})
COUNTRY_PREFIX_LETTERS = 4  # "Japanese" names Japan, "Australian" Australia: compare the first letters


_EXPECTED: set[str] = set()  # the names `expect_units` was given, normalised when pint's registry is built


def expect_units(names: Iterable[str]) -> None:
    """Have `normalize_unit` read `names` as soon as pint's registry is built (now, if it is): pint parses a name slowly
    the first time, which would otherwise fall in the first documents with units. pint (and the dask it imports)
    still loads only when a unit is first read."""
    _EXPECTED.update(names)
    if _registry.cache_info().currsize:
        unit_registry()


def unit_registry():
    """pint's unit registry, built once (it takes a good part of a second); the expected unit names are normalised
    right after."""
    registry = _registry()
    if _EXPECTED:
        names = sorted(_EXPECTED)
        _EXPECTED.clear()  # first: normalising asks for the registry again
        for name in names:
            normalize_unit(name)
    return registry


@cache
def _registry():
    import pint

    return pint.UnitRegistry()


@cache
def _currency_names() -> dict[str, str]:
    """Lower-cased ISO 4217 name, and news spelling from currencies.tsv, -> ISO code."""
    import pycountry

    names = {currency.name.lower(): currency.alpha_3 for currency in pycountry.currencies}
    for code, written in _cldr_names().items():
        for name in written:
            names.setdefault(name, code)
    for variant, code, _ in field_rows("lexicons/currencies.tsv"):
        if len(variant) > 3 and variant.replace(" ", "").replace(".", "").isalpha():
            names.setdefault(variant.lower(), code)
    return names


def iso_currency_words() -> list[tuple[str, str, str]]:
    """Rows like currencies.tsv's (variant, code, "after") for every ISO 4217 name of two or more capitalised words,
    singular and plural: "kenyan shilling(s)", "egyptian pound(s)", "philippine peso(s)" (not "WIR Euro"), then
    CLDR's English names of withdrawn currencies ("German marks", "Italian lira": older text names them), and for
    every ISO 4217 code in capitals after the number ("500 AMD", "1,200 CZK"; not X codes, which are metals and
    units of account). A code matches in its case only (see claim_regex.alternation): "10 top" is no pa'anga."""
    import pycountry

    rows = []
    for currency in pycountry.currencies:
        if MULTI_WORD_NAME.fullmatch(currency.name):
            rows += [(currency.name.lower(), currency.alpha_3, "after"), (currency.name.lower() + "s", currency.alpha_3, "after")]
        if not currency.alpha_3.startswith("X"):
            rows.append((currency.alpha_3, currency.alpha_3, "after"))
    named = {variant for variant, _, _ in rows}
    return rows + [(name, code, "after") for code, written in _cldr_names().items() for name in written if name not in named]


@cache
def _cldr_names() -> dict[str, tuple[str, ...]]:
    """Withdrawn ISO 4217 code -> CLDR's English name and plural, lower-cased, for names of two or more capitalised
    words and codes that are no metals or units of account (X codes). CLDR keeps the currencies that pycountry's
    ISO 4217 list drops: "DEM" is "german mark", "german marks"."""
    import pycountry
    from babel import Locale
    from babel.numbers import get_currency_name

    english, current = Locale("en"), {currency.alpha_3 for currency in pycountry.currencies}
    return {
        code: (name.lower(), get_currency_name(code, count=2, locale=english).lower())
        for code, name in english.currencies.items()
        if CURRENCY_CODE.fullmatch(code) and code not in current and not code.startswith("X") and MULTI_WORD_NAME.fullmatch(name)
    }


def currency_name(code: str) -> str | None:
    """The ISO 4217 name of a currency code ("USD" -> "US Dollar", "DEM" -> "German Mark"), None when it is no code."""
    import pycountry

    if not CURRENCY_CODE.fullmatch(code):
        return None
    currency = pycountry.currencies.get(alpha_3=code)
    return currency.name if currency is not None else _cldr_names().get(code, ("",))[0].title() or None  # "German Mark"


@cache  # read_amount asks it for each unit the sense model gives
def currency_code(name: str) -> str | None:
    """ISO code of a currency named by code, ISO name, news spelling or "<country adjective> <currency word>"."""
    if currency_name(name):
        return name
    names = _currency_names()
    lowered = name.lower()
    if lowered in names:
        return names[lowered]
    adjective, _, word = lowered.rpartition(" ")
    if not adjective:
        return None
    import pycountry

    # "japanese yen", "hong kong dollar": the currency word's currencies ("pound": Pound Sterling, Egyptian Pound),
    # of the country the adjective names.
    candidates = {code for currency, code in names.items() if word in (currency, *currency.split())}
    countries = {code: pycountry.countries.get(alpha_2=code[:2]) for code in sorted(candidates)}
    for code, country in countries.items():
        if country is not None and _prefix(country.name) == _prefix(adjective):
            return code
    # "british pound" (the United Kingdom of Great Britain ...), "new israeli shekel": any word of the adjective
    # against any word of the country's names, when that singles out one country (its first code: USD, not the
    # fund code USN).
    words = {_prefix(written) for written in adjective.split()}
    named = [code for code, country in countries.items() if country is not None and words & _name_prefixes(country)]
    return named[0] if len({code[:2] for code in named}) == 1 else None


def _prefix(word: str) -> str:
    return word.lower()[:COUNTRY_PREFIX_LETTERS]


def _name_prefixes(country) -> set[str]:
    """The first letters of each word of a pycountry country's name and official name."""
    names = f"{country.name} {getattr(country, 'official_name', '')}"
    return {_prefix(word) for word in re.findall(r"[A-Za-z]+", names) if len(word) >= COUNTRY_PREFIX_LETTERS}


def _pint_name(name: str) -> str | None:
    """pint's name for a unit in British spelling ("kilometre", "degree Celsius", "pound-foot"), None when unknown."""
    registry = unit_registry()
    underscored = name.replace(" ", "_").replace("-", "_")
    if underscored == name and not _any_case_name(underscored):
        return None  # one word pint knows in no case: the parses below would only fail, slowly
    for written in _spellings(name, underscored):
        try:
            unit = registry.parse_units(written)
        except Exception:  # pint raises several error types (undefined unit, syntax, definition) for a non-unit
            continue
        parsed = str(unit)  # pint formats the unit anew on each str(): once is enough
        if parsed == "dimensionless" and unit.dimensionless:  # the text first: pint works dimensions out slowly
            continue
        if _invented_prefix(name, parsed):
            return None
        text = re.sub(r"(\w+) \*\* ([23])", lambda power: f"{POWERS[power[2]]} {power[1]}", parsed)
        text = text.replace(" * ", "-").replace(" / ", " per ").replace("_", " ")
        return text.replace("meter", "metre").replace("liter", "litre")
    return None


def _spellings(name: str, underscored: str) -> Iterator[str]:
    """The spellings of a unit name to ask pint for, in order; the case-blind lookup, the slowest, only when needed.
    Each is asked once, and an empty one (no unit of that name in any case) not at all: pint fails on a spelling again
    as it did before, and reads an empty one as dimensionless, which `_pint_name` passes over."""
    tried = [underscored]
    yield underscored
    for spelling in (underscored.lower, lambda: _any_case_name(underscored), lambda: name.lower().replace("-", " ")):
        written = spelling()
        if written and written not in tried:
            tried.append(written)
            yield written


@cache
def _any_case_name(underscored: str) -> str:
    """pint's one unit whose name is `underscored` in any case ("degree_celsius" is degree_Celsius), else ""; read
    before the name is split at its spaces, which would make "degree celsius" a degree times a Celsius degree."""
    try:
        found = unit_registry().parse_unit_name(underscored, case_sensitive=False)
    except Exception:  # see _pint_name
        return ""
    return "".join(found[0]) if len(found) == 1 else ""


def _invented_prefix(name: str, parsed: str) -> bool:
    """Whether pint read a prefix into a word that has none: "unit" as micro-nit. A symbol (three characters at
    most: "mAh", "kW") may carry its prefix as a letter; a longer name must spell it out ("kilometre")."""
    if len(name) <= 3:
        return False
    prefix = next((prefix for prefix in SI_PREFIXES if parsed.startswith(prefix)), None)
    return prefix is not None and not name.lower().startswith(prefix)


@cache
def glued_unit(letters: str) -> str | None:
    """pint's name for the letters of a unit written against the number ("6in", "40mins", "125cc", "3oz"): a unit's
    own symbol, name or alias, in its case, with a dimension. None for a reading through a prefix ("3pm" is no
    picometre, "10am" no attometre), for an ordinal's suffix ("21st", "3rd" is no rod; "2/3rds") and for a constant
    ("2pi")."""
    if letters.removesuffix("s") in ORDINAL_SUFFIXES:
        return None
    try:
        readings = unit_registry().parse_unit_name(letters)
    except Exception:  # see _pint_name
        return None
    units = {unit for prefix, unit, _ in readings if not prefix}
    if len(units) != 1:
        return None
    unit = units.pop()
    if not dict(unit_registry().parse_units(unit).dimensionality):
        return None
    return normalize_unit(unit.replace("_", " "))


@cache
def prefixed_symbol(letters: str) -> str | None:
    """pint's name for a unit symbol written in mixed case through an SI prefix, when the unit's own symbol has a
    capital, as the symbols of units named after people do: "mSv", "kV", "nF", "GHz", "mAh", "MeV". None for any
    other letters, so that a title or a capitalised word after a number stays a word: "Ms" would be a megasecond,
    "Mt" a megatonne, "Ma" a million years, but "s", "t" and "a" are lower-case symbols; "Mr", "St", "Dr" are no
    prefixed units at all. All capitals ("TV", "PM") and all lower case are left to the unit lexicon. A physical
    constant takes no prefix: "10 mR" is no milli- gas constant but the one measure the unit-sense model knows "R"
    for (milliroentgen)."""
    reading = _one_reading(letters) if not (letters.isupper() or letters.islower()) else None
    if reading is None or not reading[0]:
        return None
    prefix, unit = reading
    registry = unit_registry()
    try:
        if registry.get_symbol(prefix + unit) != letters or registry.get_symbol(unit).islower():
            return None
        if unit in _constants():  # "10 mR": no milli- gas constant; the unit the symbol names alone, if one
            sensed = _measure_sense(registry.get_symbol(unit))
            return normalize_unit(prefix + sensed) if sensed else None
        measured = bool(dict(registry.parse_units(prefix + unit).dimensionality))
    except Exception:  # see _pint_name
        return None
    return normalize_unit((prefix + unit).replace("_", " ")) if measured else None


@cache
def _constants() -> frozenset[str]:
    """The names pint's constants file defines (speed_of_light "c", molar_gas_constant "R", elementary_charge "e"):
    physical constants, which no one writes after a number with a prefix."""
    from importlib.resources import files

    lines = files("pint").joinpath("constants_en.txt").read_text(encoding="utf-8").splitlines()
    return frozenset(line.split("=")[0].strip() for line in lines if "=" in line and not line.lstrip().startswith(("#", "@")))


def _measure_sense(symbol: str) -> str | None:
    """The one measure among the units the unit-sense model knows `symbol` for ("R": roentgen, besides the rand),
    as pint names it; None when it knows none or several."""
    senses = unit_senses().priors.get(surface_key(symbol), {})
    measures = {_pint_name(sense) for sense in senses if currency_code(sense) is None} - {None}
    return measures.pop() if len(measures) == 1 else None


@cache
def symbol_reading(letters: str) -> tuple[str, str] | None:
    """pint's one reading of a unit symbol as an SI prefix (maybe none) and the unit's own symbol: "kb" -> ("kilo",
    "b"), "b" -> ("", "b"); None for letters pint reads several ways or not at all."""
    reading = _one_reading(letters)
    return (reading[0], unit_registry().get_symbol(reading[1])) if reading else None


@cache
def spaced_symbol(letter: str) -> str | None:
    """pint's unit for a lone letter after a number and a space at a clause's end ("9.58 s.", "2 h,"), as for one
    against the digits; None for a physical constant's symbol ("3 c." is no speed of light)."""
    reading = _one_reading(letter)
    return glued_unit(letter) if reading and reading[1] not in _constants() else None


def _one_reading(letters: str) -> tuple[str, str] | None:
    """pint's reading of a unit symbol as an SI prefix (maybe "") and a unit name, when pint reads it one way only:
    "kb" -> ("kilo", "barn"), "s" -> ("", "second"); None for letters it reads several ways or not at all."""
    try:
        readings = unit_registry().parse_unit_name(letters)
    except Exception:  # see _pint_name
        return None
    return (readings[0][0], readings[0][1]) if len(readings) == 1 else None


def stone(digits: str, letters: str) -> str | None:
    """ "13st" is 13 stone: "st" after a whole number that no English ordinal ends in "st" ("21st", "1st" are
    ordinals; "11st", "13st", "9st" cannot be)."""
    if letters != "st" or not digits.isdigit():
        return None
    return None if digits.endswith("1") and not digits.endswith("11") else "stone"


def prefixed_unit(word: str) -> str | None:
    """pint's name for a word with an SI prefix that names a unit ("megapixels" -> megapixel, "millisieverts" ->
    millisievert), None for one that does not ("microphones") or that counts particles ("nanoparticles")."""
    try:
        unit = unit_registry().parse_units(word.replace("-", "_"))
    except Exception:  # see _pint_name
        return None
    if dict(unit.dimensionality) == {"[substance]": 1}:
        return None
    return normalize_unit(word)


def powered_unit(unit: str | None, power: str) -> str | None:
    """ "m3", "cm²", "ft2": a length written with its power, as pint names it ("cubic metre", "square centimetre");
    None for a unit that is no length ("kg2")."""
    length = unit is not None and _dimensions(unit) == {"[length]": 1}
    return f"{POWERS[power]} {unit}" if length else None


@cache
def is_mass(unit: str) -> bool:
    """Whether pint reads a unit name ("kilogram", "metric ton") as a mass."""
    return _dimensions(unit) == {"[mass]": 1}


@cache  # powered_unit asks it for each "m3", "cm²" read; callers only compare what it returns
def _dimensions(unit: str) -> dict[str, float] | None:
    """pint's dimensions of a unit name, its words joined as one unit ("metric ton" -> {"[mass]": 1}); None for a
    name pint does not read."""
    try:
        return dict(unit_registry().parse_units(unit.replace(" ", "_")).dimensionality)
    except Exception:  # see _pint_name
        return None


def count_name(noun: str) -> str:
    """The canonical name of a counted noun: the ISO name when it names money ("tens of millions of dollars"),
    else the noun lower-cased. Counted nouns skip pint: they are things, not measures."""
    code = _currency_names().get(noun.lower())
    return (currency_name(code) or code) if code else noun.lower()


@cache
def _normalize_part(name: str) -> str:
    synonyms = pair_table("lexicons/unit_synonyms.tsv")
    name = synonyms.get(name.lower(), name)
    code = currency_code(name)
    if code is not None:
        return currency_name(code) or code
    if re.fullmatch(r"[A-Za-z][A-Za-z -]*", name) and len(name) > 2:
        named = _pint_name(name)
        if named is not None:
            return named
    return name.lower()


@cache
def normalize_unit(unit: str | None) -> str | None:
    """The canonical name of a unit: ISO 4217 name for money, pint's name for measures, else the name lower-cased."""
    if not unit:
        return None
    unit = pair_table("lexicons/unit_synonyms.tsv").get(unit.lower(), unit)
    return " per ".join(_normalize_part(part.strip()) for part in unit.split(" per "))

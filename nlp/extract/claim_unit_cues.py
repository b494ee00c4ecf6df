"""Pounds weighed or paid, from the parse: "She lost 30 pounds" is a weight, "The fine was 500 pounds" money.

`resolve_pounds(claims, context)` takes the document's claims and its
`ClaimContext` and, in place, sets pound (mass) or Pound Sterling on each claim
in pounds whose parse ties the number to a word of
`models/lexicons/pound_cues.tsv`: the verb or noun the unit hangs on, up the
parse to its clause ("paid 30 pounds for it", "weighed in at 208 pounds"), the
subject of that verb ("The fine was 500 pounds", "The bill came to 85
pounds"), or the noun a hyphened "N-pound" describes: a money noun ("a 20-pound
note") makes it money, any other noun ("a 10-pound turkey", "a 400-pound-plus
gorilla") a weight, as a measure before a noun gives its size. "Pounds of" a
noun weigh it ("bought 12 pounds of potatoes") and "pound sterling" is money.
A figure restated right after in brackets says it first ("400 pounds (181
kg)", "30,000 pounds (about $1,680)"). Claims with a scale word ("2 million
pounds", money whatever the verb) and claims with no cue keep the unit the
unit-sense model gave them. A figure in "p" the sense model reads as points
is pence when it is a rate per a thing ("2p a pint", "5p per litre") or when
the same words tie it to money ("Shares fell 12p", "the price rose 6p"):
indices move by points, which news spells out ("the FTSE 100 fell 30 points").
Likewise a figure in "c" read as degrees Celsius is cents ("Shares in Qantas
rose 30c"); "Temperatures rose to 30c" has no money word and stays Celsius.

`drop_product_names(claims, context)` returns the claims less the money read
into a product or model name ("the PS4", "PS4 consoles") and less the units
read into a name that a unit's word with a capital ends ("the rapper 50
Cent", "the film 21 Grams", "the band 98 Degrees"), unless the words next
to it have capitals too, as a headline's do ("Man Loses 100 Pounds In A Year").
"""

from __future__ import annotations

import re

from spacy.tokens import Span, Token

from nlp.extract.claim_filters import ClaimContext
from nlp.extract.claim_units import currency_code, is_mass, normalize_unit
from nlp.lexicons import pair_table
from nlp.schemas import Claim

POUND_WORDS = frozenset({"pound", "pounds"})
MONEY, WEIGHT, FORCE = "money", "weight", "force"
UNITS = {MONEY: "GBP", WEIGHT: "pound", FORCE: "pound-force"}
CLAUSE_STEPS = 4  # heads climbed from the unit towards its clause's verb ("lost" <- "pounds"; "at" <- "in" <- "weighed")
NOUN_MODIFIER_DEPS = frozenset({"compound", "amod", "nmod"})
RESTATED = re.compile(r"\s*\(\s*")  # "400 pounds (181 kg)": the restatement, with its qualifier, starts its claim
# One token of capitals against digits, as product and model names are written ("PS4", "A380"), and as NewsQuant
# writes sterling ("PS400", for "£400").
LETTERS_AND_DIGITS = re.compile(r"[A-Z]{1,3}\d{1,4}")
# A small coin's symbol the sense model may read as another unit, against the number or after a space: "12p" pence
# or points, "30c" cents or degrees Celsius; (other reading, coin, the symbol after a number).
COIN_SYMBOLS = (("point", "penny", re.compile(r"\d\s?p\b")), ("degree Celsius", "cent", re.compile(r"\d\s?c\b")))
# A unit's word written with a capital at the end of an amount ("50 Cent", "21 Grams"): a word, not a symbol, as a
# symbol has no vowel after its first letter ("40 Mph", "18 Mbps") or fewer letters ("50 Hz").
CAPITALISED_UNIT_WORD = re.compile(r"\b[A-Z][a-z]*[aeiouy][a-z]*\Z")
LINE_WORD = re.compile(r"\b[A-Za-z][a-z]{3,}\b")  # the words a headline writes with a capital: not "of", "in", "a"


def resolve_pounds(claims: list[Claim], context: ClaimContext) -> None:
    """Set pound or Pound Sterling on claims in pounds whose parse names what the pounds measure, and penny on
    claims in "p" read as points whose words say money."""
    for claim, following in zip(claims, [*claims[1:], None]):
        _resolve_pence(claim, context)
        if claim.unit not in UNITS.values():
            continue
        span = context.span(claim.start, claim.end)
        unit = next((token for token in span or () if token.lower_ in POUND_WORDS or token.lower_.endswith("-pound")), None)
        if unit is None:
            continue
        if any(context.lex.numbers.get(token.lower_, (0, ""))[1] == "scale" for token in span):
            kind = _measured_stuff(unit)  # "5.1 million pounds of thrust"; "2 million pounds" alone is money
        else:
            kind = _restated_as(claim, following, context.text) or _pound_cue(unit)
        if kind is not None:
            claim.unit = UNITS[kind]
            claim.unit_normalized = normalize_unit(claim.unit)


def _resolve_pence(claim: Claim, context: ClaimContext) -> None:
    """Penny for a claim in "p" read as points, cent for one in "c" read as degrees Celsius, that is a rate per a
    thing or that the parse ties to money ("Shares rose 30c", "the bus fare went up 20c")."""
    unit, _, per = (claim.unit or "").partition(" per ")
    coin = next((coin for other, coin, symbol in COIN_SYMBOLS if unit == other and symbol.search(claim.text)), None)
    if coin is None:
        return
    span = context.span(claim.start, claim.end)
    if per or span is not None and _pound_cue(span.root) == MONEY:
        claim.unit = f"{coin} per {per}" if per else coin
        claim.unit_normalized = normalize_unit(claim.unit)


def _restated_as(claim: Claim, following: Claim | None, text: str) -> str | None:
    """ "money" or "weight" when the figure is restated right after it in brackets in another unit: "400 pounds
    (181 kg)", "30,000 pounds (about $1,680)"."""
    if following is None or not RESTATED.fullmatch(text, claim.end, following.start):
        return None
    if following.unit and currency_code(following.unit):
        return MONEY
    return WEIGHT if following.unit_normalized and is_mass(following.unit_normalized) else None


def drop_product_names(claims: list[Claim], context: ClaimContext) -> list[Claim]:
    """The claims less money read into a product or model name: "the PS4", "a PS5", "5 million PS4 consoles" name a
    games console, not 4 pounds. A currency written as letters against a plain number is a name when an article or
    possessive opens its noun phrase, it describes a noun other than a money word or it is joined by "and"/"or" to
    a name ("PS3 and Xbox 2"); a scale word ("PS4 million"), a separator ("PS2.50") or a money noun after it ("a
    PS50 ticket") keeps it money. A story names its product more than once, and the parse tells the name in only
    some of its mentions ("PS3 will ..."): once one mention is a name, every mention written alike is."""
    spans = [_glued_money(claim, context) for claim in claims]
    names = {claim.text for claim, span in zip(claims, spans) if span is not None and len(span) == 1 and _names_a_product(span[0])}
    return [claim for claim, span in zip(claims, spans) if not (span is not None and claim.text in names) and not _unit_names_a_name(claim)]


def _glued_money(claim: Claim, context: ClaimContext) -> Span | None:
    """The span of a claim in money written as capitals against digits ("PS4"), else None."""
    return context.span(claim.start, claim.end) if LETTERS_AND_DIGITS.fullmatch(claim.text) and currency_code(claim.unit or "") else None


def _unit_names_a_name(claim: Claim) -> bool:
    """Whether a measure's unit word has a capital that only a name gives it: "the rapper 50 Cent", "the film 21
    Grams", "the programme 60 Minutes"; not where the longer words next to it have capitals too, as in a headline
    ("Man Loses 100 Pounds In A Year")."""
    word = CAPITALISED_UNIT_WORD.search(claim.text) if claim.unit and not claim.counted else None
    if word is None or len(word[0]) < 3 or normalize_unit(word[0]) != claim.unit_normalized:
        return False  # no unit word, a symbol, or a word that is no unit ("$5 Million": the scale, not the unit)
    if not claim.unit_normalized.islower():
        return False  # a unit whose own name has its capital: "100 degrees Celsius", "30 Fahrenheit"
    before, _, after = claim.sentence_text.partition(claim.text)
    # The nearest longer word either side: a headline run into the next sentence by a scraper ("Nasa Celebrates 50
    # Years of Spacewalking For 50 years, ...") still has capitals next to the number.
    neighbours = [*LINE_WORD.findall(before)[-1:], *LINE_WORD.findall(after)[:1]]
    return any(word.islower() for word in neighbours)


def _names_a_product(token: Token) -> bool:
    """Whether a letters-and-digits token read as money is a name, by the noun phrase around it (see above)."""
    following = token.nbor() if token.i + 1 < len(token.doc) else None
    noun_after = following is not None and following.is_alpha and following.is_lower and not following.is_stop
    modified = token.head if token.dep_ in NOUN_MODIFIER_DEPS and token.head.i > token.i else None  # "the PS4 5.50 update"
    described = following if noun_after else modified
    # A verb after it is what the name does ("the PS2 sold well"): no money noun, though "sell" is a money cue.
    money_noun = described is not None and described.pos_ != "VERB" and pair_table("lexicons/pound_cues.tsv").get(described.lemma_.lower()) == MONEY
    if money_noun:
        return False  # "a PS50 ticket"
    joined = [child for child in token.children if child.dep_ == "conj"] + ([token.head] if token.dep_ == "conj" else [])
    named_peer = any(peer.pos_ == "PROPN" and not LETTERS_AND_DIGITS.fullmatch(peer.text) for peer in joined)  # "PS3 and Xbox 2"
    return described is not None or named_peer or any(child.dep_ in ("det", "poss") for child in token.children)


def _measured_stuff(unit: Token) -> str | None:
    """ "weight" or "force" when "pounds of" a noun the cues call a weight or a force ("5.1 million pounds of thrust",
    "pounds of cargo"): what is measured says so, even after a scale word; None for any other noun."""
    cues = pair_table("lexicons/pound_cues.tsv")
    nouns = (grand for child in unit.children if child.lower_ == "of" for grand in child.children if grand.pos_ == "NOUN")
    return next((kind for noun in nouns if (kind := cues.get(noun.lemma_.lower())) in (WEIGHT, FORCE)), None)


def _pound_cue(unit: Token) -> str | None:
    """ "money" or "weight" from the words the parse ties the unit to, None when none of them says."""
    cues = pair_table("lexicons/pound_cues.tsv")
    following = unit.nbor() if unit.i + 1 < len(unit.doc) else None
    if following is not None and following.lower_ == "sterling":
        return MONEY  # the currency's own name
    if any(child.lower_ == "of" and any(grand.pos_ == "NOUN" for grand in child.children) for child in unit.children):
        return _measured_stuff(unit) or WEIGHT  # "sold 50 pounds of strawberries": a weight of stuff, whatever the verb
    if unit.dep_ in NOUN_MODIFIER_DEPS and unit.head.pos_ in ("NOUN", "PROPN") and unit.head.i > unit.i:
        return cues.get(unit.head.lemma_.lower()) or cues.get(unit.head.lower_) or WEIGHT  # "a 10-pound turkey"
    token = unit
    for _ in range(CLAUSE_STEPS):
        if token.head is token:
            break
        token = token.head
        kind = cues.get(token.lemma_.lower()) or cues.get(token.lower_)
        if kind is None and token.pos_ in ("VERB", "AUX"):  # "The fine was 500 pounds", "The bill came to": the subject says
            kind = next((cues.get(child.lemma_.lower()) for child in token.children if child.dep_ in ("nsubj", "nsubjpass")), None)
        if kind is not None or token.pos_ in ("VERB", "AUX"):
            return kind
    return None

"""Text shapes that state no claim, found in a document's text before any amount is read: takes the text, returns
the character spans whose numbers are no claims (`ClaimContext.excluded` in claim_filters).

Phone numbers, street addresses, betting odds, HTML character references and markup tags, labels of a format or a
plan ("a 401(k) plan", "4K TVs", "1080p video"), and the labels of tables
in agency results: a row's run of numbers, a seeding before a player's name, a place in a numbered list; the goals
and behinds of an Australian rules tally.
"""

from __future__ import annotations

import re

from nlp.extract.claim_regex import line_matches, may_hold

# Phone numbers open with a test of the characters they may start with, addresses with a digit (the word boundary
# before it tested after it, as TABLE_CELLS does): a cheap skip elsewhere.
# North American numbers ("(212) 555-0134"), and others by their shape, ending in a group of four or more digits,
# which no score has: a "+" and a country code ("+49 69 7565"), a bracketed code ("(852) 2843 6368") or three or more
# groups in brackets ("(81-3 3432 6179)"), a code joined to its area by a hyphen ("61-2 9373-1800").
PHONE = re.compile(
    r"(?=[+(\d])(?<!\d)(?:(?:\+\d{1,3}[\s.-]?)?\(?\d{3}\)?[\s.-]\d{3}[\s.-]\d{4}(?!\d)"
    r"|\+\d{1,4}(?:[\s.-]\(?\d{1,5}\)?)*[\s.-]\d{4,8}(?!\d)|\(\d{1,5}(?:[\s.-]\d{1,5})+[\s.-]\d{4,8}\)"
    r"|\(\d{1,5}\)\s?\d{2,5}(?:[\s.-]\d{2,5})*[\s.-]\d{4,8}(?!\d)|\d{2,4}-\d{1,4}\s\d{3,4}-\d{4}(?!\d))"
)
# Every phone number has a group of four digits or more: a text with none has no phone. Written out, not "\d{4}", so
# that the pattern opens with a digit's class and the engine skips to the text's digits.
FOUR_DIGITS = re.compile(r"\d\d\d\d")
STREET_TYPES = ("Street", "St", "Avenue", "Ave", "Road", "Rd", "Boulevard", "Blvd", "Lane", "Ln", "Drive", "Dr", "Way", "Place", "Pl", "Court", "Ct", "Square", "Terrace")
ADDRESS = re.compile(rf"\d(?<!\w\d)\d{{0,4}}\s+(?:[A-Z][\w.'-]*\s+){{1,3}}(?:{'|'.join(STREET_TYPES)})\b")
# Betting odds ("odds of 7/4", "slashing his odds to 8-1", "a 33-1 outsider", "the 5/2 favourite") state a bookmaker's
# price, no fraction, score or range.
ODDS_PAIR = r"\d{1,3}[/-]\d{1,3}(?![\d/-])"
ODDS_WORDS = ("odds", "favorite", "favourite", "outsider", "shot")  # one stands in every ODDS match
ODDS = re.compile(
    rf"(?=[\dOo])(?:\bodds\s+(?:(?:of|to|at|as\s+(?:short|long)\s+as)\s+)?{ODDS_PAIR}|\b{ODDS_PAIR}(?=\s+(?:favou?rites?|outsiders?|shots?|odds)\b))",
    re.IGNORECASE,
)
CHARACTER_REFERENCE = re.compile(r"&#(?:\d+|x[0-9a-f]+);", re.IGNORECASE)  # "Bernab&#233;u": HTML a scraper left escaped
# A markup tag a scraper left in the text, with its attributes ('<tweet id="6611961" datetime="2016-02-09">'): ids
# and dates of the markup, no claims. A name after "<" and quoted or bare values on one line, so "if x <5 and y> 3"
# and a tag a scraper left open ('tweet-date="' and the article's next lines) are none.
MARKUP_TAG = re.compile(r"</?[A-Za-z][\w-]*(?:\s+[\w:-]+(?:=(?:\"[^\"<>\n]*\"|'[^'<>\n]*'|[^\s\"'<>]+))?)*\s*/?>")
# A table row's cells: three or more numbers with only spaces between ("Ajax 4 3 1 0 10 2 10", a golfer's "67 65 67"),
# which state nothing without the table's column heads; spaced thousands ("1 250 000") are one number.
# It opens with its first digit and then looks behind it: a pattern that opens with a digit lets the regex engine skip
# to the next digit, where one that opens with a lookbehind is tried at every character.
TABLE_CELLS = re.compile(r"\d(?<![\w.,:/-]\d)\d*(?:\.\d+)?(?:[ \t]+\d+(?:\.\d+)?){2,}(?![\w.,:/%-]*\w)")
SPACED_THOUSANDS = re.compile(r"\d{1,3}(?: \d{3})+")
# A seeding before a player's name in a draw's results ("1 - Jane Hill (Canada) beat ...", "beat 3/4 - Ann Fox"):
# a number and a spaced dash before a capitalised name, where a score has its second number.
SEEDING = re.compile(r"\d(?<![\w.,/-]\d)\d?(?:/\d{1,2})?(?= - [A-Z])")
# A place in a numbered list, opening its line ("1. Damon Hill (Britain) Williams 1:54.012", "2. England 8.61").
LIST_PLACE = re.compile(r"^[ \t]*\d{1,3}(?=\.[ \t]+[A-Z])", re.MULTILINE)
# An Australian rules football tally: goals and behinds, then the points they make ("14.12 (96)", 6 x 14 + 12 = 96).
# Only the points are a score (claim_scores.tally_points); goals and behinds written so would read as a decimal.
TALLY = re.compile(r"(?P<goals>\d(?<![\w.,]\d)\d?)\.(?P<behinds>\d{1,2})[ \t]?\((?P<points>\d{1,3})\)")
GOAL_POINTS = 6
# Labels of a format or a plan, no amounts: a US tax code's section ("a 401(k) plan", "a 501(c)(3) charity"), a
# screen's resolution ("4K TVs", "8K video", "1080p"; "720p" only near a word of screens, as pence are written so too).
CODE_SECTION = re.compile(r"\d(?<![\w.,]\d)\d{2}\([a-z]\)(?:\(\d{1,2}\))?")
SCREEN_K = re.compile(r"(?<![\w.,$£€])[48]K(?=[\s-]+(?:TVs?|televisions?|resolution|video|displays?|screens?|monitors?|UHD|HDR|Ultra)\b)")
SCREEN_LINES = re.compile(r"(?<![\w.,])(?:720|1080|1440|2160)[pi](?!\w)")
SCREEN_WORDS = re.compile(r"\b(?:video|resolution|HD|HDTVs?|TVs?|screens?|displays?|monitors?|cameras?|consoles?|games?|pixels|stream\w*)\b", re.IGNORECASE)
SCREEN_REACH = 80  # characters either side of "720p" where a word of screens makes it a resolution


def format_labels(text: str) -> list[tuple[int, int]]:
    """The spans of `text` that name a tax code's section or a screen's resolution (`CODE_SECTION`, `SCREEN_K`,
    `SCREEN_LINES` near a word of `SCREEN_WORDS`)."""
    spans = [match.span() for match in CODE_SECTION.finditer(text)] if "(" in text else []
    spans += [match.span() for match in SCREEN_K.finditer(text)] if "K" in text else []
    lines = SCREEN_LINES.finditer(text)
    return spans + [match.span() for match in lines if SCREEN_WORDS.search(text, max(0, match.start() - SCREEN_REACH), match.end() + SCREEN_REACH)]


def tallies(text: str) -> list[re.Match]:
    """The tallies (`TALLY`) of `text` whose points are six a goal and one a behind: that sum is what sets them apart."""
    found = TALLY.finditer(text) if "(" in text else ()
    return [match for match in found if GOAL_POINTS * int(match["goals"]) + int(match["behinds"]) == int(match["points"])]


def shapes_of_no_claim(text: str) -> list[tuple[int, int]]:
    """The spans of `text` that match one of the shapes above (spaced thousands, "1 250 000", are one number)."""
    odds = ODDS.finditer(text) if may_hold(text, ODDS_WORDS) else ()  # most texts name no odds: no scan
    # A scan costs a call and a pass over the text even where it finds nothing: a shape that holds a fixed piece of
    # text ("&#", "<", " - ") is looked for only in a text that holds that piece, which a substring test finds in C.
    references = CHARACTER_REFERENCE.finditer(text) if "&#" in text else ()
    tags = MARKUP_TAG.finditer(text) if "<" in text else ()
    seedings = SEEDING.finditer(text) if " - " in text else ()
    phones = PHONE.finditer(text) if FOUR_DIGITS.search(text) else ()  # PHONE opens with a lookahead: no fast skip
    addresses = ADDRESS.finditer(text) if any(map(text.__contains__, STREET_TYPES)) else ()  # one stands in each
    found = (phones, addresses, references, tags, odds, seedings, line_matches(LIST_PLACE, text))
    spans = [match.span() for matches in found for match in matches] + format_labels(text)
    spans += [(match.start(), match.start("points")) for match in tallies(text)]  # the points stay: a score's side
    return spans + [match.span() for match in TABLE_CELLS.finditer(text) if not SPACED_THOUSANDS.fullmatch(match[0])]

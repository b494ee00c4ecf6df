"""Quotation marks: where quotations open and close, and what kind of attribution a text is.

`find_quotations(text)` takes a document's text and returns its `Quotation`s
(character spans, marks included), paired paragraph by paragraph so that an
unbalanced mark never reaches past its paragraph. `quotation_kind(text)` takes
an attribution's content and returns direct, mixed or indirect. Needs no model.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

OPENING_MARKS = "“„«"
CLOSING_MARKS = "”»"
# Straight marks, and the doubled single marks of older newswire text, open or close by position.
QUOTATION_MARK = re.compile(r"``|''|[\"“”„«»]")
SINGLE_MARK = re.compile(r"[‘’']")
PARAGRAPH_BREAK = re.compile(r"\n")
INTRODUCING_MARK = re.compile(r"\s*(?::|―|—|–|--|\s-)$")  # what sets a quotation off after its speaker


@dataclass
class Quotation:
    """Characters between a pair of quotation marks, marks included; `closed` is False when the paragraph ended first."""

    start: int
    end: int
    closed: bool


def find_quotations(text: str) -> list[Quotation]:
    """Quotation spans of `text`, paired within each paragraph (a line).

    Double marks pair first; single marks ('British style') pair only in a
    paragraph without double marks, where they cannot be nested quotations.
    """
    quotations = []
    paragraph_start = 0
    for paragraph_end in [match.start() for match in PARAGRAPH_BREAK.finditer(text)] + [len(text)]:
        found = _pair_marks(text, paragraph_start, paragraph_end, QUOTATION_MARK, _can_open, _can_close)
        if not found and not QUOTATION_MARK.search(text, paragraph_start, paragraph_end):
            found = _pair_marks(text, paragraph_start, paragraph_end, SINGLE_MARK, _can_open_single, _can_close_single)
        quotations.extend(found)
        paragraph_start = paragraph_end + 1
    return quotations


def _pair_marks(text: str, start: int, end: int, marks: re.Pattern, can_open, can_close) -> list[Quotation]:
    """Pair marks left to right; a quotation still open at the paragraph's end stops there."""
    found = []
    opened: int | None = None
    for mark in marks.finditer(text, start, end):
        if opened is None:
            if can_open(text, mark.start(), mark.group()):
                opened = mark.start()
        elif can_close(text, mark.end(), mark.group()):
            found.append(Quotation(opened, mark.end(), True))
            opened = None
        elif can_open(text, mark.start(), mark.group()):  # a second opening mark: the first one was stray
            opened = mark.start()
    if opened is not None and text[opened:end].strip(" \"“”„«»'`‘’"):
        found.append(Quotation(opened, end, False))
    return found


def _can_open(text: str, position: int, mark: str) -> bool:
    follows_space = position == 0 or not text[position - 1].isalnum()
    if mark in CLOSING_MARKS:  # a mismatched mark ('”Mr. Trump ...') opens only where a word starts right after it
        after = position + len(mark)
        return follows_space and after < len(text) and text[after].isalnum()
    return mark in OPENING_MARKS or mark == "``" or follows_space


def _can_close(text: str, end: int, mark: str) -> bool:
    if mark in CLOSING_MARKS or mark == "''":
        return True
    if mark in OPENING_MARKS or mark == "``":
        return False
    return end >= len(text) or not text[end].isalnum()  # a straight mark closes unless a word follows at once


def _can_open_single(text: str, position: int, mark: str) -> bool:
    # An apostrophe sits inside or at the end of a word; an opening mark starts one.
    before_ok = position == 0 or not text[position - 1].isalnum()
    return before_ok and position + 1 < len(text) and text[position + 1].isalnum()


def _can_close_single(text: str, end: int, mark: str) -> bool:
    return end >= 2 and not text[end - 2].isspace() and (end >= len(text) or not text[end].isalnum())


def quotation_kind(text: str) -> str:
    """direct (opens with a quotation mark), mixed (marks inside) or indirect (none).

    Single marks count only around the whole text: inside, they are apostrophes as often as not.
    """
    stripped = text.strip()
    if len(stripped) > 2 and stripped[0] in "‘'" and stripped[1].isalnum() and stripped[-1] in "’'":
        return "direct"
    match = QUOTATION_MARK.search(stripped)
    if match is None:
        return "indirect"
    return "direct" if match.start() == 0 else "mixed"


"""Where a number stands in an article: the `context` column of the claims table.

`ContextFinder(text, boilerplate_phrases)` reads a document's lines once;
`finder.context(start, end)` returns one of `CONTEXTS` for the claim at those
character offsets:

- `gallery`: a photo counter ("3 of 25 Photos", "Image 4 of 10", "Photos: 1 of 12", "Hide Caption 25 of 25"), or
  a slideshow's or video player's "N of M" that counts through one M ("AP 1 of 41 ... Time 6 of 41 ...");
- `timestamp`: a line that dates the article ("Updated 2:55 p.m. ET",
  "Published March 3, 2017 5:31 PM");
- `byline`: a short line that names the writer ("By Jane Doe, Reuters");
- `caption`: a line with a photo credit or caption marker ("(Photo: AP)",
  "Getty Images", "FILE PHOTO");
- `boilerplate`: a sentence with a boilerplate phrase ("All rights reserved");
- `body`: anywhere else.

Comparison across articles leaves every context but `body` out.
"""

from __future__ import annotations

import calendar
import re
from bisect import bisect_right

from nlp.extract.claim_regex import line_starts, may_hold
from nlp.lexicons import word_list

CONTEXTS = ("body", "caption", "gallery", "byline", "timestamp", "boilerplate")
SHORT_LINE_WORDS = 15  # bylines and timestamps are short lines; a sentence of the story is not one

GALLERY_WORDS = ("photo", "image", "picture", "slide", "video", "caption")  # one stands in every GALLERY match
GALLERY = re.compile(  # opens with a test of the characters it may start with: a cheap skip everywhere else
    r"(?=[cpisv\d])(?:\b(?:photo|image|picture|slide|video|caption)s?:?\s*#?\d+\s*(?:of|/)\s*\d+\b|\b\d+\s*(?:of|/)\s*\d+\s+(?:photos|images|pictures|slides)\b)",
    re.IGNORECASE,
)
# "6 of 41" with no word in lower case after it (prose counts something: "3 of 10 shots", "7 of 10 from the field").
# It opens with a digit, and the word boundary before it is tested after it ("no word character before this digit"):
# a pattern that opens with a character class lets the engine skip to the next digit in one step, where one that
# opens with a test is tried at every character.
BARE_COUNTER = re.compile(r"(\d(?<!\w\d)\d{0,2}) of (\d{1,3})\b(?!\s+[a-z])")
COUNTER_RUN = 3  # a slideshow counts through its items: three counters of one total are no coincidence of prose
TIMESTAMP_LINE = re.compile(
    r"^\W*(?:(?:first\s+|last\s+)?(?:published|updated|posted|modified|created)(?:\s+on|\s+at)?\b|\d{1,2}:\d{2}\s*(?:[ap]\.?m\.?)?\s*(?:[ECMP][SD]?T|GMT|UTC|BST)?\W*$)",
    re.IGNORECASE,
)
# "By" and a name; a day or month after it sets a time ("By Wednesday, the eight hostages ...", "By March 3 ..."),
# which names no writer.
CALENDAR_NAMES = "|".join(name for name in (*calendar.day_name, *calendar.month_name) if name)
BYLINE_LINE = re.compile(
    rf"^\W*(?:(?:written|reporting|additional\s+reporting|editing|photos?)\s+by|by)\s+(?!(?:{CALENDAR_NAMES})\b)[A-Z]", re.IGNORECASE
)


def _counter_runs(text: str) -> list[tuple[int, int]]:
    """The spans of "N of M" counters that count through one total M at least `COUNTER_RUN` times: a slideshow or a
    video player scraped into the text ("AP 1 of 41 ... Time 6 of 41 ... Newslook 20 of 41")."""
    by_total: dict[str, list[re.Match]] = {}
    for match in BARE_COUNTER.finditer(text) if " of " in text else ():  # most texts count nothing: no scan
        if int(match[1]) <= int(match[2]):
            by_total.setdefault(match[2], []).append(match)
    runs = [matches for matches in by_total.values() if len({match[1] for match in matches}) >= COUNTER_RUN]
    return [match.span() for matches in runs for match in matches]


class ContextFinder:
    """The context of any span of one document, from the line and sentence it stands in."""

    def __init__(self, text: str, sentence_bounds: list[tuple[int, int]]) -> None:
        self.text = text
        self.line_starts = line_starts(text)
        # In text order; a counter may stand inside a photo counter ("Image 3 of 25") and ends where it does.
        galleries = GALLERY.finditer(text) if may_hold(text, GALLERY_WORDS) else ()
        self.galleries = sorted([match.span() for match in galleries] + _counter_runs(text))
        self.gallery_starts = [start for start, _ in self.galleries]
        self.sentence_bounds = sentence_bounds
        self.sentence_starts = [start for start, _ in sentence_bounds]
        self.caption_markers = word_list("lexicons/caption_markers.txt")
        self.boilerplate = word_list("lexicons/boilerplate.txt")
        self._boilerplate_sentences: dict[tuple[int, int], bool] = {}
        self._lines: dict[int, str | None] = {}

    def _line_end(self, index: int) -> int:
        return self.line_starts[index + 1] if index + 1 < len(self.line_starts) else len(self.text)

    def _line_context(self, char: int) -> str | None:
        """timestamp, byline or caption for the line at `char`, else None; worked out once per line."""
        index = bisect_right(self.line_starts, char) - 1
        if index not in self._lines:
            line = self.text[self.line_starts[index] : self._line_end(index)].strip()
            short = len(line.split(None, SHORT_LINE_WORDS + 1)) <= SHORT_LINE_WORDS
            lowered = line.lower()
            if short and TIMESTAMP_LINE.search(line):
                self._lines[index] = "timestamp"
            elif short and BYLINE_LINE.search(line):
                self._lines[index] = "byline"
            elif any(map(lowered.__contains__, self.caption_markers)):  # map: no Python frame per marker
                self._lines[index] = "caption"
            else:
                self._lines[index] = None
        return self._lines[index]

    def _in_boilerplate(self, char: int) -> bool:
        """Whether the claim's sentence, within its line, holds a boilerplate phrase ("Read more: ..." on the line
        above is not the story's sentence); worked out once per sentence and line."""
        if not self.sentence_bounds:
            return False
        sentence = max(bisect_right(self.sentence_starts, char) - 1, 0)
        line = bisect_right(self.line_starts, char) - 1
        if (sentence, line) not in self._boilerplate_sentences:
            start, end = max(self.sentence_bounds[sentence][0], self.line_starts[line]), min(self.sentence_bounds[sentence][1], self._line_end(line))
            words = self.text[start:end].lower()
            self._boilerplate_sentences[(sentence, line)] = any(map(words.__contains__, self.boilerplate))
        return self._boilerplate_sentences[(sentence, line)]

    def context(self, start: int, end: int) -> str:
        """One of `CONTEXTS` for the claim at text[start:end]."""
        gallery = bisect_right(self.gallery_starts, start) - 1
        if gallery >= 0 and end <= self.galleries[gallery][1]:
            return "gallery"
        line_context = self._line_context(start)
        if line_context is not None:
            return line_context
        if self._in_boilerplate(start):
            return "boilerplate"
        return "body"

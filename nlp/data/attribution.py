"""Attribution data: brat standoff folders (PolNeAR's layout) -> words, BIO tags and windows for a tagger.

`read_brat(folder)` reads `text/*.txt` with `attributions/*.ann` (an article
with two annotation files uses the first in name order) and returns
`{stem: BratArticle(text, attributions)}`; each `BratAttribution` holds the
character spans of its content, source and cue. A file with offsets outside
its text, or an event naming a span that does not exist, raises `BratError`
with one line naming the file.

`words_of(text)` splits a text into `Word`s (text, start, end, paragraph);
`tag_words(words, attributions)` gives each word one BIO tag of SOURCE, CUE or
CONTENT; `windows(words, max_words)` returns paragraph-aligned, overlapping
(start, end) word windows; `decode(tags)` turns a tag sequence back into
`TaggedSpan`s; `trimmed_for_exact_match(text, span)` is how exact content matches compare. Needs neither spaCy nor torch.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from nlp.data.ner import WORD, NerDataError

SPAN_LINE = re.compile(r"^(T\d+)\t([\w-]+) ([\d ;]+)\t")
EVENT_LINE = re.compile(r"^E\d+\t(Attribution[\w-]*):")
ROLES = ("SOURCE", "CUE", "CONTENT")
CONTENT_GAP_WORDS = 30  # a reporting clause with a long description of its speaker
LABELS = ["O", *(f"{prefix}-{role}" for role in ROLES for prefix in ("B", "I"))]

Spans = list[tuple[int, int]]
EXACT_TRIM = " \t\n\"“”„«»'‘’`,.;:"  # what an exact content match ignores at either end


class BratError(NerDataError):
    """A brat folder or file cannot be used (one line naming the file)."""


@dataclass
class BratAttribution:
    """One attribution: character spans of content, source and cue (source and cue may be empty)."""

    content: Spans
    source: Spans
    cue: Spans


@dataclass
class BratArticle:
    text: str
    attributions: list[BratAttribution]


class Word(NamedTuple):
    text: str
    start: int
    end: int
    paragraph: int


class TaggedSpan(NamedTuple):
    """A run of words with one role: words [first, last) ; content may skip source/cue words in between."""

    role: str
    first: int
    last: int


def read_brat(folder: str | Path) -> dict[str, BratArticle]:
    """Articles by text file stem, with their attributions; see the module docstring."""
    folder = Path(folder)
    texts, annotations = folder / "text", folder / "attributions"
    if not texts.is_dir() or not annotations.is_dir():
        raise BratError(f"{folder} needs text/ and attributions/ folders (brat standoff, PolNeAR's layout).")
    articles = {}
    for text_path in sorted(texts.glob("*.txt")):
        candidates = sorted(annotations.glob(f"{text_path.stem}_*.ann")) or sorted(annotations.glob(f"{text_path.stem}.ann"))
        if candidates:
            try:
                text = text_path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as error:
                raise BratError(f"Cannot read {text_path}: {' '.join(str(error).split())}") from None
            articles[text_path.stem] = BratArticle(text, read_annotations(candidates[0], text))
    if not articles:
        raise BratError(f"No article in {texts} has an annotation file in {annotations}.")
    return articles


def read_annotations(path: Path, text: str) -> list[BratAttribution]:
    """The attributions of one .ann file over `text`, its offsets checked."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as error:
        raise BratError(f"Cannot read {path}: {' '.join(str(error).split())}") from None
    spans: dict[str, Spans] = {}
    for number, line in enumerate(lines, start=1):  # events may name spans defined further down
        match = SPAN_LINE.match(line)
        if match:
            spans[match.group(1)] = _offsets(match.group(3), len(text), f"{path}, line {number}")
    attributions = []
    for number, line in enumerate(lines, start=1):
        if not EVENT_LINE.match(line):
            continue
        roles: dict[str, Spans] = defaultdict(list)
        for argument in line.split("\t")[1].split()[1:]:
            role, _, span_id = argument.partition(":")
            if span_id not in spans:
                raise BratError(f"{path}, line {number}: the event names {span_id or argument!r}, which no span line defines.")
            roles[role.rstrip("0123456789")].extend(spans[span_id])
        if roles["Content"]:
            attributions.append(BratAttribution(roles["Content"], roles["Source"], roles["Cue"]))
    return attributions


def _offsets(field: str, length: int, where: str) -> Spans:
    pieces = []
    for piece in field.split(";"):
        numbers = piece.split()
        if len(numbers) != 2 or not 0 <= int(numbers[0]) < int(numbers[1]) <= length:
            raise BratError(f"{where}: span '{piece.strip()}' is not 'start end' within the text ({length} characters).")
        pieces.append((int(numbers[0]), int(numbers[1])))
    return pieces


def words_of(text: str) -> list[Word]:
    """The text's words (runs of word characters, or single marks), each with its paragraph (line) number."""
    words = []
    paragraph = 0
    position = 0
    for match in WORD.finditer(text):
        paragraph += text.count("\n", position, match.start())
        position = match.start()
        words.append(Word(match.group(), match.start(), match.end(), paragraph))
    return words


def tag_words(words: list[Word], attributions: list[BratAttribution]) -> list[str]:
    """One BIO tag per word. Longer contents are laid first and keep their words (an attribution nested in
    another's content keeps only its source and cue); sources and cues override content.

    A discontinuous content's later pieces continue with I-CONTENT after the source or cue between them.
    """
    starts = [word.start for word in words]
    tags = ["O"] * len(words)
    for attribution in sorted(attributions, key=lambda a: -sum(end - start for start, end in a.content)):
        covered = [i for start, end in attribution.content for i in _covered(starts, words, start, end)]
        free = [i for i in sorted(set(covered)) if tags[i] == "O"]
        for position, i in enumerate(free):
            tags[i] = "B-CONTENT" if position == 0 else "I-CONTENT"
    for role, field in (("CUE", "cue"), ("SOURCE", "source")):
        for attribution in attributions:
            for start, end in getattr(attribution, field):
                for position, i in enumerate(_covered(starts, words, start, end)):
                    tags[i] = f"{'B' if position == 0 else 'I'}-{role}"
    return tags


def _covered(starts: list[int], words: list[Word], start: int, end: int) -> list[int]:
    first = max(0, bisect_left(starts, start) - 1)
    return [i for i in range(first, bisect_left(starts, end)) if words[i].end > start and words[i].start < end]


def windows(words: list[Word], max_words: int, step: float = 0.5) -> list[tuple[int, int]]:
    """Overlapping word windows: each starts at a paragraph and packs whole paragraphs up to `max_words`;
    the next starts at the first paragraph past `step` of the window (0.5: its middle), or right there
    inside a paragraph longer than that."""
    if not words:
        return []
    paragraph_starts = [i for i, word in enumerate(words) if i == 0 or word.paragraph != words[i - 1].paragraph]
    found = []
    start = 0
    while True:
        end = min(start + max_words, len(words))
        later = [p for p in paragraph_starts if start < p <= end]
        if end < len(words) and later:
            end = later[-1]  # end where a paragraph starts
        found.append((start, end))
        if end >= len(words):
            return found
        cut = start + int((end - start) * step)
        following = [p for p in paragraph_starts if cut < p < end]
        start = following[0] if following else max(cut, start + 1)


def decode(tags: list[str]) -> list[TaggedSpan]:
    """Sources, cues and contents in a tag sequence. Only B-CONTENT starts a content: an I-CONTENT run
    after other words continues the content before it (the later piece of '"A," said X on Monday, "b"')."""
    found: list[list] = []
    open_content: list | None = None
    for i, tag in enumerate(tags):
        prefix, _, role = tag.partition("-")
        if prefix == "O":
            continue
        previous = found[-1] if found else None
        if role == "CONTENT" and prefix == "I" and open_content is not None and i - open_content[2] <= CONTENT_GAP_WORDS:
            open_content[2] = i + 1
            previous = None
        elif prefix == "I" and previous is not None and previous[0] == role and previous[2] == i:
            previous[2] = i + 1
        else:
            found.append([role, i, i + 1])
            if role == "CONTENT":
                open_content = found[-1]
    return [TaggedSpan(*span) for span in found]


def trimmed_for_exact_match(text: str, span: tuple[int, int]) -> tuple[int, int]:
    """`span` without spaces, quotation marks and `, . ; :` at its ends: how exact content matches compare."""
    start, end = span
    while start < end and text[start] in EXACT_TRIM:
        start += 1
    while end > start and text[end - 1] in EXACT_TRIM:
        end -= 1
    return start, end

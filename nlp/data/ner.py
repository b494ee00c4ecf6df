"""NER training data: CoNLL or JSONL span files -> sentences of words with IOB2 tags.

`read_sentences(path)` picks the reader by suffix (`.jsonl`/`.json`: one
`{"text": str, "entities": [[start, end, label], ...]}` object a line; anything
else: CoNLL columns, word first and tag last, blank lines between sentences)
and returns a list of `Sentence(words, tags)` whose tags are IOB2, whether the
file used IOB1 (as CoNLL-2003's eng.train does) or IOB2. `to_iob2(tags)`
repairs a tag sequence to IOB2; `spans(tags)` returns its entities as
`(type, start_word, end_word)` with `end_word` exclusive. Unusable input raises
`NerDataError` with a one-line reason that names the file and line.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import NamedTuple

from nlp.errors import PresslensError

JSONL_SUFFIXES = {".jsonl", ".json"}
DOCSTART = "-DOCSTART-"
# Runs of word characters, or single punctuation marks: close enough to CoNLL's tokens.
WORD = re.compile(r"\w+|[^\w\s]")


# An uncased model never sees capitals. Models trained here get the one cue back
# through BERT's token-type embedding: type 1 for the sub-words of a word that
# starts with a capital letter. The config records it under this name, so that
# whatever runs the model feeds it the same way.
CASE_FEATURE = "capitalised_word_as_token_type"


def case_token_types(words: list[str], word_ids: list[int | None]) -> list[int]:
    """Token-type ids for one encoded sentence: 1 on sub-words of capitalised words, else 0."""
    return [int(word is not None and words[word][:1].isupper()) for word in word_ids]


def first_subwords(word_ids: list[int | None]) -> list[tuple[int, int]]:
    """(sub-word position, word index) of each word's first sub-word: where a word's label is trained and read."""
    return [
        (position, word)
        for position, word in enumerate(word_ids)
        if word is not None and (position == 0 or word_ids[position - 1] != word)
    ]


class NerDataError(PresslensError, ValueError):
    """An NER training input cannot be used: missing, empty or malformed."""


class Sentence(NamedTuple):
    """One training example: its words and one IOB2 tag per word."""

    words: list[str]
    tags: list[str]


def read_sentences(path: str | Path) -> list[Sentence]:
    """All sentences in `path` (CoNLL, or JSONL spans for .jsonl/.json), with IOB2 tags."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise NerDataError(f"No such file: {path}") from None
    except (OSError, UnicodeDecodeError) as error:
        raise NerDataError(f"Cannot read {path}: {' '.join(str(error).split())}") from None
    reader = _read_jsonl if path.suffix.lower() in JSONL_SUFFIXES else _read_conll
    sentences = reader(text, path)
    if not sentences:
        raise NerDataError(f"{path} has no sentences.")
    return sentences


def to_iob2(tags: list[str]) -> list[str]:
    """`tags` with every I-X that starts an entity (after O or another type) turned into B-X."""
    repaired = []
    previous_type = None
    for tag in tags:
        prefix, _, entity_type = tag.partition("-")
        if prefix == "I" and entity_type != previous_type:
            tag = f"B-{entity_type}"
        repaired.append(tag)
        previous_type = entity_type if prefix in ("B", "I") else None
    return repaired


def spans(tags: list[str]) -> list[tuple[str, int, int]]:
    """Entities in an IOB1 or IOB2 tag sequence as (type, start_word, end_word exclusive), as conlleval reads them."""
    found = []
    for index, tag in enumerate(to_iob2(tags)):
        prefix, _, entity_type = tag.partition("-")
        if prefix == "B":
            found.append([entity_type, index, index + 1])
        elif prefix == "I":
            found[-1][2] = index + 1
    return [(entity_type, start, end) for entity_type, start, end in found]


def _check_tag(tag: str, where: str) -> None:
    prefix, dash, entity_type = tag.partition("-")
    if tag != "O" and not (prefix in ("B", "I") and dash and entity_type):
        raise NerDataError(f"{where}: tag '{tag}' is not O, B-TYPE or I-TYPE.")


def _read_conll(text: str, path: Path) -> list[Sentence]:
    sentences = []
    words: list[str] = []
    tags: list[str] = []
    # A trailing blank line closes the last sentence like any other.
    for number, line in enumerate([*text.splitlines(), ""], start=1):
        columns = line.split()
        if not columns or columns[0] == DOCSTART:
            if words:
                sentences.append(Sentence(words, to_iob2(tags)))
                words, tags = [], []
            continue
        if len(columns) < 2:
            raise NerDataError(f"{path}, line {number}: expected a word and a tag, found '{line.strip()}'.")
        _check_tag(columns[-1], f"{path}, line {number}")
        words.append(columns[0])
        tags.append(columns[-1])
    return sentences


def _read_jsonl(text: str, path: Path) -> list[Sentence]:
    sentences = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{path}, line {number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            raise NerDataError(f"{where}: not JSON ({error.msg}).") from None
        if not isinstance(record, dict) or not isinstance(record.get("text"), str):
            raise NerDataError(f'{where}: expected an object with a "text" string.')
        sentence = _tag_words(record["text"], record.get("entities", []), where)
        # A record without words teaches nothing and would give the model an empty input.
        if sentence.words:
            sentences.append(sentence)
    return sentences


def _tag_words(text: str, entities: object, where: str) -> Sentence:
    """Split `text` into words and tag those overlapping each [start, end, label] span."""
    matches = list(WORD.finditer(text))
    tags = ["O"] * len(matches)
    if not isinstance(entities, list):
        raise NerDataError(f'{where}: "entities" must be a list of [start, end, label].')
    for entity in entities:
        if not (
            isinstance(entity, list)
            and len(entity) == 3
            and all(isinstance(offset, int) for offset in entity[:2])
            and isinstance(entity[2], str)
            and entity[2].strip()
            and 0 <= entity[0] < entity[1] <= len(text)
        ):
            raise NerDataError(f"{where}: entity {json.dumps(entity)} is not [start, end, label] within the text.")
        start, end, label = entity
        covered = [i for i, match in enumerate(matches) if match.start() < end and match.end() > start]
        for position, i in enumerate(covered):
            if tags[i] != "O":
                raise NerDataError(f"{where}: entity {json.dumps(entity)} overlaps another entity.")
            tags[i] = f"{'B' if position == 0 else 'I'}-{label}"
    return Sentence([match.group() for match in matches], tags)

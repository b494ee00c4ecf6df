"""Table schemas: the one place that names every output table and its columns.

Each table's columns are declared once, as a dataclass whose fields are the
columns in order; `arrow_schema` derives the table's Arrow schema from it, so
adding a column is one edit here. The extractors' rows (`EntityMention`,
`Quote`, `Claim`) are what the spaCy components put on `Doc._`; their tables
add `doc_id` and a row id in front. `TABLE_ROWS` maps each table of `analyze`
to its row class and `TABLES` to its Arrow schema, in the order tables are
written; `COMPARE_ROWS` and `COMPARE_TABLES` do the same for `compare`.

Offsets (`start`, `end`, and `speaker_*`/`cue_*` in quotes) are character
offsets into the document's text as read, so `text[start:end]` equals the
row's `text`. `sentence` is the 0-based index of the sentence where a row
starts; `sentence_text` repeats that sentence so a table can be read without
the article (at most SENTENCE_TEXT_CHARS of it around the row: `excerpt`).
`quote_id` and `claim_id` are unique across the corpus ("<doc_id>:q3"). This
module imports no NLP library: a run's driver and the readers of an out folder
use it without loading spaCy.
"""

from __future__ import annotations

import types
import typing
from dataclasses import dataclass, field, fields
from datetime import datetime

import pyarrow as pa

# Python type of a field -> Arrow type of its column; every column may be null, whatever the field's type.
ARROW_TYPES = {
    str: pa.string(),
    int: pa.int64(),
    float: pa.float64(),
    bool: pa.bool_(),
    datetime: pa.timestamp("us"),
    list[str]: pa.list_(pa.string()),
}


def arrow_schema(row: type, leading: tuple[str, ...] = ()) -> pa.Schema:
    """The Arrow schema of a table of `row` dataclasses, after the string columns `leading` (keys the table adds)."""
    hints = typing.get_type_hints(row)
    columns = [(name, pa.string()) for name in leading]
    columns += [(column.name, ARROW_TYPES[_without_none(hints[column.name])]) for column in fields(row)]
    return pa.schema(columns)


def _without_none(hint: object) -> object:
    """`int | None` -> int; a hint without None is returned as it is."""
    if isinstance(hint, types.UnionType):
        (kept,) = [member for member in typing.get_args(hint) if member is not type(None)]
        return kept
    return hint


@dataclass
class DocumentRow:
    """One input document: its metadata as read, its size, and whether it could be analysed."""

    doc_id: str
    path: str | None
    title: str | None
    outlet: str | None  # a host name becomes its registered domain: edition.cnn.com -> cnn.com
    domain: str | None  # the URL's host (or the outlet's host name as given): edition.cnn.com
    published: datetime | None  # in UTC; a date alone is its midnight; other values go to meta's published_raw
    url: str | None
    authors: str | None
    n_chars: int | None
    n_words: int | None
    sha256: str | None
    status: str  # "ok" | "error"
    error: str | None
    meta: str | None  # JSON object: input fields without a column of their own


# The documents columns that come from the input's metadata: an edit there updates the row without new NLP.
METADATA_COLUMNS = ("path", "title", "outlet", "domain", "published", "url", "authors", "meta")


@dataclass
class EntityMention:
    """One entity mention: offsets into the document text, label, sentence and cluster identity."""

    start: int
    end: int
    text: str
    label: str
    sentence: int
    canonical: str
    entity_key: str


@dataclass
class Quote:
    """One attribution; offsets are characters of the document text (None when there is no span)."""

    start: int  # the content: quotation or reported speech
    end: int
    text: str
    kind: str  # "direct" | "indirect" | "mixed"
    speaker: str | None  # the source as written: "she", "an ICE federal prosecutor"
    speaker_start: int | None
    speaker_end: int | None
    speaker_canonical: str | None  # resolved: "she" -> "Kerry Doyle"
    speaker_key: str | None  # the entity_key when the speaker is an entity
    speaker_type: str  # person | organization | outlet | anonymous | document | unknown
    # People: True for a name, False for a description ("a flight attendant"); None without a person.
    # Keyword-only, so that it stands here in column order while positional calls may leave it out.
    speaker_named: bool | None = field(default=None, kw_only=True)
    cue: str | None  # "said", "according to", ":"
    cue_start: int | None
    cue_end: int | None
    sentence: int
    sentence_text: str


@dataclass
class Claim:
    """One numeric expression; offsets are characters of the document text."""

    start: int  # the numeric expression: "between 60,000 and 80,000"
    end: int
    text: str
    value: float  # the midpoint of a range
    low: float
    high: float
    qualifier: str  # = ~ > >= < <=
    change: str | None  # "up" | "down" | None
    factor: float | None  # multiplicative change: fourfold -> 4, halved -> 0.5
    unit: str | None  # percent, USD, kilometre, year of age, or the counted noun's lemma
    # The unit's canonical name (nlp/extract/claim_units.py): the ISO 4217 name for money ("US Dollar"), pint's name
    # for a measure in British spelling ("metre", "kilometre per hour", "degree Celsius", "percent"), else the
    # unit lower-cased ("case", "year of age"); None when the claim has no unit.
    unit_normalized: str | None
    # What a count counts, in full: the counted noun's lemma with the words that say what kind ("european
    # country", "first-team player", "barrel of oil"); None for money, percentages and measures. `unit` keeps
    # the noun alone, so that counts group.
    counted: str | None
    quantity: str | None  # what is counted or measured: "closed cases"
    time: str | None  # "since April 25"
    source: str | None  # who claims it, when the number is quoted or attributed
    # Where the number stands (nlp/extract/claim_context.py): body | caption | gallery | byline | timestamp | boilerplate.
    context: str
    sentence: int
    sentence_text: str


@dataclass
class TextRow:
    """The text as analysed, so that offsets can be checked and searched (for HTML input: the extracted text)."""

    doc_id: str
    text: str


# Extractor tables: the Doc extension that holds their rows, and the id column they number.
EXTRACTIONS: dict[str, str | None] = {"entities": None, "quotes": "quote_id", "claims": "claim_id"}


SENTENCE_TEXT_CHARS = 600  # a longer "sentence" is a table or a list the parser could not split
SENTENCE_TEXT_BEFORE = 200  # of which at most this much comes before the row


def excerpt(text: str, sentence: tuple[int, int], start: int, end: int) -> str:
    """The `sentence_text` of the row at text[start:end] in the sentence text[sentence[0]:sentence[1]].

    The sentence itself, or, when it is longer than SENTENCE_TEXT_CHARS, that much of it around the
    row, cut at spaces and marked with "…": one 20,000-character "sentence" repeated in each of a
    number table's 140,000 claims took 3 GB.
    """
    first, last = sentence
    if last - first <= SENTENCE_TEXT_CHARS:
        return text[first:last]
    left = max(first, start - SENTENCE_TEXT_BEFORE)
    right = min(last, left + SENTENCE_TEXT_CHARS)
    left = max(first, min(left, right - SENTENCE_TEXT_CHARS))
    if left > first:
        space = text.find(" ", left, start)
        left = space + 1 if space >= 0 else left
    if right < last:
        space = text.rfind(" ", max(end, left), right)
        right = space if space >= 0 else right
    return ("…" if left > first else "") + text[left:right] + ("…" if right < last else "")


def _table_schema(name: str, row: type) -> pa.Schema:
    """An analyze table's schema: an extractor table starts with `doc_id` and its id column, if it has one."""
    if name not in EXTRACTIONS:
        return arrow_schema(row)
    id_column = EXTRACTIONS[name]
    return arrow_schema(row, ("doc_id", id_column) if id_column else ("doc_id",))


# Each analyze table's row, in the order tables are written.
TABLE_ROWS: dict[str, type] = {"documents": DocumentRow, "entities": EntityMention, "quotes": Quote, "claims": Claim, "texts": TextRow}
TABLES: dict[str, pa.Schema] = {name: _table_schema(name, row) for name, row in TABLE_ROWS.items()}
DOCUMENTS, ENTITIES, QUOTES, CLAIMS, TEXTS = TABLES.values()


# Tables `presslens compare` adds to the out folder; `group` is the value of
# the --group-by field (outlet, event, or any documents column or meta key),
# "(none)" for documents without it. Lists of outlets are "; "-joined.
@dataclass
class EntitySummaryRow:
    """One entity across the corpus."""

    entity_key: str
    canonical: str  # the most frequent canonical name of the key
    label: str  # the most frequent label
    n_docs: int
    n_mentions: int
    n_outlets: int
    outlets: str
    first_published: str
    last_published: str


@dataclass
class CoverageRow:
    """How often one group's documents name one entity."""

    entity_key: str
    group: str
    n_docs: int
    n_mentions: int


@dataclass
class SpeakerRow:
    """One source across the corpus."""

    speaker: str  # speaker_key, else speaker_canonical, else the speaker as written
    speaker_canonical: str  # the most frequent resolved name
    speaker_type: str
    n_quotes: int
    n_docs: int
    n_outlets: int
    outlets: str


@dataclass
class SourceMixRow:
    """The share of one speaker type among one group's quotes."""

    group: str
    speaker_type: str
    n_quotes: int
    share: float  # of the group's quotes


@dataclass
class QuoteMatchRow:
    """The same statement quoted in two documents of one story."""

    story_id: int  # quotes are matched within a story
    quote_id_a: str
    quote_id_b: str
    doc_id_a: str
    doc_id_b: str
    group_a: str
    group_b: str
    match: str  # exact | contained | partial | paraphrase
    score: float  # cosine similarity of the two quotes' embeddings
    speaker_a: str
    speaker_b: str
    different_speakers: bool  # both speakers are named entities, and not the same name
    text_a: str
    text_b: str


@dataclass
class ClaimGroupRow:
    """Claims about one quantity across a story's documents, and whether they agree."""

    claim_group: int  # 1, 2, ...: conflicts first, then differences, then agreements
    story_id: int
    unit: str
    quantity: str  # the most frequent quantity phrase of the members
    time: str  # the most frequent time phrase, if any
    n_claims: int
    n_docs: int
    groups: str
    min: float  # of the members' values
    max: float
    spread: float  # (max - min) / max: 0 when all agree on one number
    status: str  # agree | differ | conflict
    reason: str  # one line: why this status
    claim_ids: list[str]


@dataclass
class StoryRow:
    """A document's story: articles about the same event."""

    story_id: int  # 1 is the story with the most documents
    doc_id: str
    label: str  # the story's most shared named entities, " / "-joined


COMPARE_ROWS: dict[str, type] = {
    "stories": StoryRow,
    "entity_summary": EntitySummaryRow,
    "coverage": CoverageRow,
    "speakers": SpeakerRow,
    "source_mix": SourceMixRow,
    "quote_matches": QuoteMatchRow,
    "claim_groups": ClaimGroupRow,
}
COMPARE_TABLES: dict[str, pa.Schema] = {name: arrow_schema(row) for name, row in COMPARE_ROWS.items()}
STORIES, ENTITY_SUMMARY, COVERAGE, SPEAKERS, SOURCE_MIX, QUOTE_MATCHES, CLAIM_GROUPS = COMPARE_TABLES.values()

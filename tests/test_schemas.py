"""One schema: each table's columns are declared once, as a row dataclass, and its Arrow schema is derived from it."""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import datetime

import pyarrow as pa
import pytest

from nlp.schemas import COMPARE_ROWS, COMPARE_TABLES, EXTRACTIONS, SENTENCE_TEXT_CHARS, TABLE_ROWS, TABLES, Quote, arrow_schema, excerpt


@pytest.mark.parametrize("name", list(TABLES))
def test_an_analyze_tables_columns_are_its_keys_then_its_row_fields(name):
    id_column = EXTRACTIONS.get(name)
    keys = [] if name not in EXTRACTIONS else ["doc_id", id_column] if id_column else ["doc_id"]
    assert TABLES[name].names == keys + [column.name for column in fields(TABLE_ROWS[name])]


@pytest.mark.parametrize("name", list(COMPARE_TABLES))
def test_a_compare_tables_columns_are_its_row_fields(name):
    assert COMPARE_TABLES[name].names == [column.name for column in fields(COMPARE_ROWS[name])]


def test_adding_a_field_adds_a_typed_column():
    @dataclass
    class Row:
        name: str
        count: int | None
        share: float
        flag: bool | None
        when: datetime | None
        members: list[str]

    @dataclass
    class Wider(Row):
        note: str | None = None

    assert arrow_schema(Row, ("doc_id",)) == pa.schema(
        [("doc_id", pa.string()), ("name", pa.string()), ("count", pa.int64()), ("share", pa.float64()), ("flag", pa.bool_()), ("when", pa.timestamp("us")), ("members", pa.list_(pa.string()))]
    )
    assert arrow_schema(Wider).names == [*arrow_schema(Row).names, "note"]
    assert arrow_schema(Wider).field("note").type == pa.string()


def test_every_column_is_nullable_whatever_its_field_type():
    assert all(column.nullable for schema in [*TABLES.values(), *COMPARE_TABLES.values()] for column in schema)


def test_a_field_of_a_type_without_a_column_type_is_refused():
    @dataclass
    class Row:
        mapping: dict

    with pytest.raises(KeyError):
        arrow_schema(Row)


def test_a_quote_built_positionally_may_leave_speaker_named_out():
    quote = Quote(0, 5, "Hello", "direct", "she", 7, 10, "Jane Doe", None, "person", "said", 11, 15, 0, "Hello, she said.")
    assert quote.speaker_named is None and quote.cue == "said"
    assert TABLES["quotes"].names.index("speaker_named") == TABLES["quotes"].names.index("speaker_type") + 1


def test_sentence_text_is_the_sentence_or_the_words_around_the_row():
    text = "Short one. " + " ".join(f"w{n}" for n in range(1000)) + "."
    assert excerpt(text, (0, 10), 6, 9) == "Short one."
    long_sentence = (11, len(text))
    start = text.index("w500")
    around = excerpt(text, long_sentence, start, start + 4)
    assert around.startswith("…w") and around.endswith("…") and len(around) <= SENTENCE_TEXT_CHARS + 2
    assert " w500 " in around and text[start - 150 : start] in around  # whole words, with words before the row
    assert excerpt(text, long_sentence, 11, 13).startswith("w0 w1")  # at the sentence's start: no mark there
    assert excerpt(text, long_sentence, len(text) - 5, len(text) - 1).endswith("w999.")

"""Hostile inputs: random bytes and unicode through the readers and the pipeline, and fixed worst cases end to end.

Every input must give an article (or an error row), never an exception or a
hang, and every offset in every table must slice the document's text back to
the row's text.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nlp.extract.pipeline import resolve_model
from nlp.run.process import BatchJob, process_batch
from nlp.io.read import SUPPORTED_SUFFIXES, Article, Source, discover, read_articles, text_sha256
from nlp.run.runner import RunOptions, run
from nlp.schemas import TABLES
from nlp.io.tables import document_rows, merge_rows, to_arrow

FUZZ = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# (start column, end column, text column) of every span a table records.
SPANS = [("start", "end", "text"), ("speaker_start", "speaker_end", "speaker"), ("cue_start", "cue_end", "cue")]

BIDI_AND_INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u00ad"
NEWLINES = ["\n", "\r\n", "\r", "\u2028", "\u2029", "\x85", "\x0b", "\x0c"]
NEWS_WORDS = ["Joe Biden", "Angela Merkel", "Berlin", "said", "on Tuesday", "the United Nations", "40%", "$2 billion", '"', "."]

# Text that looks like news, broken up with control, bidi and zero-width characters and every kind of line break.
newsy_text = st.lists(
    st.one_of(st.sampled_from(NEWS_WORDS), st.sampled_from(NEWLINES), st.sampled_from(BIDI_AND_INVISIBLE), st.text(max_size=8)),
    min_size=1,
    max_size=60,
).map(" ".join)


def read_file(path: Path) -> list[Article]:
    return list(read_articles([Source(path, path.parent)]))


def assert_article_or_error(articles: list[Article]) -> None:
    assert articles
    for article in articles:
        assert (article.text is None) != (article.error is None), article
        if article.error:
            assert "\n" not in article.error
        else:
            assert article.text.strip()


def assert_offsets_slice_the_text(rows_by_table: dict[str, list[dict]], text: str) -> None:
    for name, rows in rows_by_table.items():
        for row in rows:
            for start, end, covered in SPANS:
                if row.get(start) is not None:
                    assert text[row[start] : row[end]] == row[covered], (name, row)


def process(texts: list[str]) -> list[dict[str, list[dict]]]:
    articles = [(Article(f"d{i}", f"d{i}", text=text), text_sha256(text)) for i, text in enumerate(texts)]
    return process_batch(BatchJob(articles, resolve_model(None), max_chars=None, doc_timeout=60))


# --- the readers --------------------------------------------------------------------------------


@FUZZ
@given(content=st.binary(max_size=2000), suffix=st.sampled_from(sorted(SUPPORTED_SUFFIXES)))
def test_random_bytes_in_any_format_read_as_an_article_or_an_error(content, suffix):
    with tempfile.TemporaryDirectory() as scratch:
        path = Path(scratch) / f"input{suffix}"
        path.write_bytes(content)
        assert_article_or_error(read_file(path))


@FUZZ
@given(text=st.text(max_size=500) | newsy_text, suffix=st.sampled_from(sorted(SUPPORTED_SUFFIXES)))
def test_random_unicode_in_any_format_reads_as_an_article_or_an_error(text, suffix):
    with tempfile.TemporaryDirectory() as scratch:
        path = Path(scratch) / f"input{suffix}"
        path.write_text(text, encoding="utf-8", errors="surrogatepass")
        articles = read_file(path)
        assert_article_or_error(articles)
        if suffix in (".txt", ".md") and text.strip() and articles[0].text:
            assert articles[0].text == text.removeprefix("\ufeff")  # kept exactly, line breaks included


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.sampled_from(["text", "maintext", "title", "id", "authors", "x"]), children, max_size=5),
    max_leaves=20,
)


@FUZZ
@given(record=json_values)
def test_random_json_records_read_as_an_article_or_an_error(record):
    with tempfile.TemporaryDirectory() as scratch:
        single, lines = Path(scratch) / "one.json", Path(scratch) / "many.jsonl"
        single.write_text(json.dumps(record), encoding="utf-8")
        lines.write_text(json.dumps(record) + "\n" + json.dumps(record)[:-1] + "\n", encoding="utf-8")
        assert_article_or_error(read_file(single))
        assert_article_or_error(read_file(lines))


# File names as bytes (what a disk from another system may hold: not UTF-8), and ids with any code point, lone surrogates too.
file_names = st.binary(min_size=1, max_size=80).filter(lambda name: b"/" not in name and b"\0" not in name and name not in (b".", b"..")).map(os.fsdecode)
record_ids = st.text(st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF) | st.characters(), min_size=1, max_size=20) | st.integers()


@FUZZ
@given(name=file_names, record_id=record_ids)
def test_random_file_names_and_ids_give_rows_arrow_can_store(name, record_id):
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        (root / f"{name}.txt").write_text("Joe Biden spoke in Ohio.", encoding="utf-8")
        (root / "feed.jsonl").write_text(json.dumps({"id": record_id, "text": "Angela Merkel spoke."}) + "\n", encoding="utf-8")
        articles = list(read_articles(discover([root])))
        assert len(articles) == (1 if name.startswith(".") else 2)  # hidden files are skipped
        assert len({article.doc_id for article in articles}) == len(articles)
        rows = merge_rows([document_rows(article, text_sha256(article.text)) for article in articles])
        tables = to_arrow(rows)  # a lone surrogate anywhere fails here
        assert tables["documents"].num_rows == len(articles)


# --- the pipeline -------------------------------------------------------------------------------


@FUZZ
@given(texts=st.lists(newsy_text | st.text(min_size=1, max_size=300), min_size=1, max_size=4))
def test_random_text_through_the_pipeline_gives_rows_whose_offsets_slice_the_text(texts):
    for text, rows in zip(texts, process(texts), strict=True):
        (document,) = rows["documents"]
        assert document["status"] in ("ok", "error")
        assert_offsets_slice_the_text(rows, text)


# --- fixed worst cases, end to end --------------------------------------------------------------

NEWS = "President Joe Biden met Angela Merkel in Berlin on Tuesday. Biden said the talks were productive."
HOSTILE_INPUTS: dict[str, str | bytes] = {
    "one-10mb-line.txt": "Joe Biden " * 1_048_576,
    "deep.json": "[" * 100_000 + "]" * 100_000,
    "deep-record.json": '{"text": "Merkel spoke.", "meta": ' + "[" * 100_000 + "]" * 100_000 + "}",
    "deep-line.jsonl": '{"text": "Joe Biden spoke in Ohio."}\n' + "{" * 100_000 + "\n" + '{"text": "' + NEWS + '"}\n',
    "malformed.json": '{"text": "Joe Biden", "title": [1, 2, {"a": }',
    "nested-tags.html": "<html><body>" + "<div><span>" * 5_000 + f"<p>{NEWS} {NEWS}</p>" + "</span></div>" * 5_000 + "</body></html>",
    "unclosed-tags.html": "<html><body>" + "<div><b><i>" * 5_000 + f"<p>{NEWS} {NEWS}</p>",
    "zero-width.txt": "\u200b".join(NEWS) + "\n\ufeffAngela\u200dMerkel\u2060visited\u00adParis.\n",
    "bidi.txt": f"\u202eJoe Biden\u202c met \u2067Angela Merkel\u2069 in \u200fBerlin\u200e. {NEWS}\n",
    "mixed-newlines.md": NEWS.replace(". ", ".\r\n", 1) + "\rAngela Merkel\u2028spoke in\x85Paris.\r\n\n\u2029Biden left.\r",
    "controls.txt": f"{NEWS} " * 10 + "\x01\x1b[31m Joe Biden \x7f\n",  # a few controls in text (many make it binary)
}


@pytest.fixture(scope="module")
def hostile_run(tmp_path_factory, write_articles):
    src = write_articles(tmp_path_factory.mktemp("hostile") / "src", HOSTILE_INPUTS)
    out = src.parent / "out"
    return src, run([src], RunOptions(out=out, workers=1, ner="spacy", doc_timeout=120))


def test_hostile_files_each_give_rows_not_a_crash(hostile_run):
    src, result = hostile_run
    documents = result.tables["documents"].set_index("doc_id")
    assert documents.loc["one-10mb-line.txt", "error"].startswith("document too long")
    assert documents.loc["deep.json", "status"] == "error"
    assert documents.loc["malformed.json", "status"] == "error"
    for name in ("zero-width.txt", "bidi.txt", "mixed-newlines.md", "controls.txt"):
        assert documents.loc[name, "status"] == "ok", (name, documents.loc[name, "error"])
    for name in ("nested-tags.html", "unclosed-tags.html"):  # lxml keeps 255 levels of nesting: the text may be lost
        assert documents.loc[name, "status"] == "ok" or documents.loc[name, "error"] == "no main text found in the HTML"
    assert "deep-line.jsonl#3" in documents.index and documents.loc["deep-line.jsonl#2", "status"] == "error"


def test_hostile_files_offsets_slice_the_text_in_every_table(hostile_run):
    src, result = hostile_run
    texts = {article.doc_id: article.text for article in read_articles([Source(path, src) for path in sorted(src.iterdir())])}
    checked = 0
    for name in TABLES:
        if name == "documents":
            continue
        for row in result.tables[name].to_dict("records"):
            assert_offsets_slice_the_text({name: [row]}, texts[row["doc_id"]])
            checked += 1
    assert checked > 0

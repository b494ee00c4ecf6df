"""The tables for daily use: texts to check offsets against, outlets merged by publisher, lists in CSV as JSON."""

from __future__ import annotations

import json

import pandas as pd
import pyarrow as pa
import pytest

from nlp.io.export import write_small_table
from nlp.run.runner import RunOptions, run
from nlp.io.tables import outlet_and_domain

ARTICLE_HTML = """<html><head><title>Council approves budget</title>
<meta property="og:url" content="https://edition.cnn.com/2024/05/01/budget.html"></head>
<body><article><h1>Council approves budget</h1>
<p>Mayor Anna Lopez said on Tuesday that the council approved a budget of $2 billion for the city of Springfield.</p>
<p>The vote followed a long debate in which Councillor Tom Baker argued that the plan spent too much on roads.</p>
</article></body></html>"""


@pytest.fixture(scope="module")
def analyzed(tmp_path_factory, write_articles):
    src = write_articles(tmp_path_factory.mktemp("tables") / "src")
    (src / "page.html").write_text(ARTICLE_HTML, encoding="utf-8")
    lines = [
        {"id": "money", "outlet": "money.cnn.com", "url": "https://money.cnn.com/a", "text": "Joe Biden spoke in Ohio on Tuesday."},
        {"id": "named", "outlet": "The Guardian", "url": "https://www.theguardian.com/b", "text": "Angela Merkel spoke in Berlin."},
        {"id": "bare", "url": "https://news.bbc.co.uk/c", "text": "Emmanuel Macron spoke in Paris."},
    ]
    (src / "feed.jsonl").write_text("\n".join(json.dumps(line) for line in lines) + "\n", encoding="utf-8")
    return run([src], RunOptions(out=src.parent / "out", workers=1, ner="spacy", formats=("parquet", "csv")))


def test_texts_table_holds_the_text_every_offset_points_into(analyzed):
    texts = analyzed.tables["texts"].set_index("doc_id")["text"]
    documents = analyzed.tables["documents"]
    assert set(texts.index) == set(documents["doc_id"])
    assert "Mayor Anna Lopez said" in texts["page.html"]  # for HTML, the extracted text
    checked = 0
    for name in ("entities", "quotes", "claims"):
        for row in analyzed.tables[name].itertuples():
            assert texts[row.doc_id][row.start : row.end] == row.text
            checked += 1
    assert checked > 10


def test_one_publishers_subdomains_merge_into_one_outlet(analyzed):
    documents = analyzed.tables["documents"].set_index("doc_id")
    assert (documents.loc["money", "outlet"], documents.loc["money", "domain"]) == ("cnn.com", "money.cnn.com")
    assert (documents.loc["named", "outlet"], documents.loc["named", "domain"]) == ("The Guardian", "www.theguardian.com")
    assert (documents.loc["bare", "outlet"], documents.loc["bare", "domain"]) == ("bbc.co.uk", "news.bbc.co.uk")


@pytest.mark.parametrize(
    ("outlet", "url", "expected"),
    [
        ("edition.cnn.com", None, ("cnn.com", "edition.cnn.com")),
        ("www.bbc.co.uk", "https://www.bbc.co.uk/news/1", ("bbc.co.uk", "www.bbc.co.uk")),
        ("CNN", "https://edition.cnn.com/x", ("CNN", "edition.cnn.com")),
        (None, "http://[::1", (None, None)),  # a malformed URL is no host
        (None, None, (None, None)),
    ],
)
def test_outlet_and_domain(outlet, url, expected):
    assert outlet_and_domain(outlet, url) == expected


def test_list_columns_are_json_arrays_in_csv(tmp_path):
    table = pa.table({"claim_group": [1, 2], "claim_ids": pa.array([["a:c1", 'b:c"2'], []], pa.list_(pa.string()))})
    write_small_table(table, tmp_path / "groups.csv", "csv")
    cells = pd.read_csv(tmp_path / "groups.csv")["claim_ids"]
    assert [json.loads(cell) for cell in cells] == [["a:c1", 'b:c"2'], []]


def test_published_is_a_timestamp_in_parquet_and_duckdb(tmp_path):
    import duckdb

    src = tmp_path / "src"
    src.mkdir()
    lines = [
        {"id": "day", "published": "2024-05-01", "text": "Joe Biden spoke in Ohio."},
        {"id": "zoned", "published": "2024-05-01T10:00:00+02:00", "text": "Angela Merkel spoke in Berlin."},
        {"id": "vague", "published": "last Tuesday", "text": "Emmanuel Macron spoke in Paris."},
    ]
    (src / "feed.jsonl").write_text("\n".join(json.dumps(line) for line in lines) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    documents = run([src], RunOptions(out=out, workers=1, ner="spacy")).tables["documents"].set_index("doc_id")
    assert str(documents["published"].dtype).startswith("datetime64")
    assert documents.loc["day", "published"] == pd.Timestamp("2024-05-01 00:00:00")
    assert documents.loc["zoned", "published"] == pd.Timestamp("2024-05-01 08:00:00")  # in UTC
    assert pd.isna(documents.loc["vague", "published"]) and json.loads(documents.loc["vague", "meta"]) == {"published_raw": "last Tuesday"}
    with duckdb.connect(str(out / "presslens.duckdb"), read_only=True) as connection:
        (column_type,) = connection.execute("SELECT data_type FROM information_schema.columns WHERE table_name = 'documents' AND column_name = 'published'").fetchone()
    assert column_type == "TIMESTAMP"

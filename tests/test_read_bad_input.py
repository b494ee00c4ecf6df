"""nlp.io.read on bad inputs: each empty, binary, vanished, unreadable, oversized or unsupported file, bad JSON
record and bad JSON Lines line becomes one error Article with a one-line reason, and the rest is still read."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from nlp.io import read
from nlp.io.read import discover, read_articles
from tests.test_read import assert_read_error, read_all, read_one, write

PNG_AND_NOISE = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + random.Random(0).randbytes(4000)


@pytest.mark.parametrize(
    "content",
    [
        pytest.param(b"", id="empty"),
        pytest.param(b" \n\t\r\n  ", id="whitespace"),
        pytest.param("\u00a0\u2003\n".encode("utf-8"), id="unicode-whitespace"),
        pytest.param(b"\xef\xbb\xbf", id="bom-only"),
        pytest.param(PNG_AND_NOISE, id="binary"),
        pytest.param(b"text\x00with a NUL byte", id="nul-byte"),
    ],
)
@pytest.mark.parametrize("suffix", [".txt", ".md", ".html", ".json"])
def test_bad_file_gives_one_error_article(tmp_path, content, suffix):
    article = read_one(write(tmp_path / f"bad{suffix}", content))

    assert_read_error(article)
    assert article.doc_id == f"bad{suffix}"


@pytest.mark.parametrize("name", ["gone.txt", "gone.jsonl"])
def test_file_deleted_after_discover_is_an_error(tmp_path, name):
    path = write(tmp_path / name, '{"text": "x"}')
    sources = discover([tmp_path])
    path.unlink()

    [article] = read_articles(sources)

    assert_read_error(article)
    assert article.doc_id == name


def test_unreadable_file_is_an_error(tmp_path, monkeypatch):
    locked = write(tmp_path / "locked.txt", "secret")
    write(tmp_path / "open.txt", "fine")
    real_read_bytes = Path.read_bytes

    def read_bytes(self):
        if self == locked:
            raise PermissionError(13, "Permission denied", str(self))
        return real_read_bytes(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)

    locked_article, open_article = read_all(tmp_path)

    assert_read_error(locked_article)
    assert locked_article.error == "permission denied"
    assert open_article.text == "fine"


@pytest.mark.parametrize("size, ok", [(100, True), (101, False)])
def test_file_size_limit(tmp_path, monkeypatch, size, ok):
    monkeypatch.setattr(read, "MAX_ARTICLE_FILE_BYTES", 100)
    article = read_one(write(tmp_path / "a.txt", "x" * size))

    if ok:
        assert article.text == "x" * size
    else:
        assert_read_error(article)
        assert article.error.startswith("file too large")


@pytest.mark.parametrize("name, reason", [("doc.pdf", "'.pdf'"), ("README", "'(none)'")])
def test_unsupported_file_given_explicitly_is_an_error(tmp_path, name, reason):
    article = read_one(write(tmp_path / name, "text"))

    assert_read_error(article)
    assert article.error == f"unsupported file type {reason}"


@pytest.mark.parametrize(
    "raw, reason",
    [
        pytest.param('{"title": "x", "maintext": ', "invalid JSON", id="broken"),
        pytest.param('[{"maintext": "x"}]', "JSON is not an object", id="list"),
        pytest.param('"just a string"', "JSON is not an object", id="string"),
        pytest.param("[" * 100_000, "recursion", id="deeply-nested"),
        pytest.param('{"title": "No body"}', "no article text", id="no-text"),
        pytest.param('{"maintext": ["not", "a", "string"]}', "no article text", id="text-not-string"),
        pytest.param('{"maintext": " \\n "}', "article text is empty", id="blank-text"),
    ],
)
def test_json_bad_record_is_an_error(tmp_path, raw, reason):
    article = read_one(write(tmp_path / "a.json", raw))

    assert_read_error(article)
    assert reason in article.error
    if reason == "invalid JSON":
        assert article.error.startswith("invalid JSON")


@pytest.mark.parametrize(
    "bad_line, reason",
    [
        pytest.param('{"id": "x", "text": ', "invalid JSON", id="broken"),
        pytest.param('{"id": "x", "title": "no text"}', "no article text", id="no-text"),
        pytest.param('{"id": "x", "text": 42}', "no article text", id="text-not-string"),
        pytest.param('{"id": "x", "text": "  "}', "article text is empty", id="blank-text"),
        pytest.param('["a", "list"]', "not a JSON object", id="list"),
        pytest.param("[" * 100_000, "recursion", id="deeply-nested"),
        pytest.param("\x00\x01\x02 binary junk", "binary", id="binary"),
    ],
)
def test_jsonl_bad_line_fails_alone(tmp_path, bad_line, reason):
    good = [json.dumps({"id": "before", "text": "Before."}), json.dumps({"text": "After."})]
    write(tmp_path / "f.jsonl", "\n".join([good[0], bad_line, good[1]]) + "\n")

    before, bad, after = read_all(tmp_path)

    assert (before.doc_id, before.text, before.error) == ("before", "Before.", None)
    assert (after.doc_id, after.text, after.error) == ("f.jsonl#3", "After.", None)
    assert_read_error(bad)
    assert bad.error.startswith("line 2: ")
    assert reason in bad.error
    # The id is used when the line parsed far enough to have one.
    assert bad.doc_id == ("x" if reason in {"no article text", "article text is empty"} else "f.jsonl#2")


@pytest.mark.parametrize("content", ["", "\n  \n\n"], ids=["empty", "blank-lines"])
def test_jsonl_empty_file_is_an_error(tmp_path, content):
    assert_read_error(read_one(write(tmp_path / "f.jsonl", content)))

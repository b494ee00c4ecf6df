"""The Python API: `nlp.analyze_text`, `nlp.compare`, and the README's example run as written."""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

import pytest

import nlp

README = Path(__file__).parent.parent / "README.md"


def test_analyze_text_returns_the_tables_of_a_string():
    tables = nlp.analyze_text("Angela Merkel met Emmanuel Macron in Paris. Merkel said the talks cost $2 billion.", doc_id="note", ner="spacy")
    (document,) = tables["documents"].to_dict("records")
    assert (document["doc_id"], document["status"]) == ("note", "ok")
    assert "person:angela-merkel" in set(tables["entities"]["entity_key"])
    assert tables["texts"]["text"].tolist() == ["Angela Merkel met Emmanuel Macron in Paris. Merkel said the talks cost $2 billion."]
    assert 2e9 in set(tables["claims"]["value"])


def test_analyze_text_refuses_what_is_not_a_string():
    with pytest.raises(TypeError, match="takes a str"):
        nlp.analyze_text(["a", "list"])


def test_readme_python_example_runs(tmp_path, monkeypatch, write_articles):
    code = re.search(r"```python\n(.*?)```", README.read_text(encoding="utf-8"), re.S).group(1)
    write_articles(tmp_path / "articles")
    monkeypatch.chdir(tmp_path)
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        exec(compile(code, "README.md", "exec"), {})
    assert "Joe Biden" in printed.getvalue()
    assert "Angela Merkel" in printed.getvalue()
    assert (tmp_path / "out" / "claim_groups.parquet").exists()

"""Tests for nlp.io.read: discovering input files and reading them into Articles."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from nlp.io import read
from nlp.io.read import InputError, Source, discover, normalise_date, read_articles


def write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, str):
        path.write_bytes(content.encode("utf-8"))
    else:
        path.write_bytes(content)
    return path


def read_all(*paths: Path) -> list[read.Article]:
    return list(read_articles(discover(paths)))


def read_one(path: Path) -> read.Article:
    articles = read_all(path)
    assert len(articles) == 1, articles
    return articles[0]


def assert_read_error(article: read.Article) -> None:
    """A read failure: a one-line reason, and no text to process."""
    assert article.error
    assert "\n" not in article.error and "\r" not in article.error
    assert article.text is None


# --- discover() ---------------------------------------------------------------


def test_discover_walks_folders_recursively_sorted_supported_only(tmp_path):
    for name in ["b.txt", "a.md", "z.jsonl", "UPPER.TXT", "sub/c.html", "sub/deeper/d.json", "sub/e.htm"]:
        write(tmp_path / name, "x")
    for name in ["notes.pdf", "README", "data.csv", "sub/image.png"]:
        write(tmp_path / name, "x")
    (tmp_path / "folder.txt").mkdir()  # a folder with a supported suffix is not a file

    sources = discover([tmp_path])

    assert [s.relative_id for s in sources] == [
        "UPPER.TXT",
        "a.md",
        "b.txt",
        "sub/c.html",
        "sub/deeper/d.json",
        "sub/e.htm",
        "z.jsonl",
    ]
    assert all(s.root == tmp_path for s in sources)


def test_discover_skips_hidden_files_and_folders(tmp_path):
    write(tmp_path / "keep.txt", "x")
    write(tmp_path / ".hidden.txt", "x")
    write(tmp_path / ".git" / "x.txt", "x")
    write(tmp_path / "sub" / ".cache" / "deep" / "y.txt", "x")

    assert [s.relative_id for s in discover([tmp_path])] == ["keep.txt"]


def test_discover_hidden_input_root_is_still_read(tmp_path):
    """Only entries below the given folder count as hidden, not the folder itself."""
    root = tmp_path / ".inbox"
    write(root / "a.txt", "x")

    assert [s.relative_id for s in discover([root])] == ["a.txt"]


def test_discover_never_enters_excluded_folder(tmp_path):
    inp = tmp_path / "in"
    write(inp / "a.txt", "x")
    write(inp / "out" / "documents.json", "{}")
    write(inp / "out" / "nested" / "b.txt", "x")

    # Spelled differently from the walked path: exclusion compares resolved paths.
    sources = discover([inp], exclude=[inp / "sub" / ".." / "out"])

    assert [s.relative_id for s in sources] == ["a.txt"]


def test_discover_missing_path_raises_input_error(tmp_path):
    missing = tmp_path / "nope"
    with pytest.raises(InputError, match="nope"):
        discover([missing])


def test_discover_single_file_roots_at_its_parent(tmp_path):
    path = write(tmp_path / "sub" / "a.txt", "x")

    [source] = discover([path])

    assert source.root == tmp_path / "sub"
    assert source.relative_id == "a.txt"


def test_discover_nested_doc_id_is_posix_relative_path(tmp_path):
    write(tmp_path / "sub" / "a.txt", "Hello")

    [article] = read_all(tmp_path)

    assert article.doc_id == "sub/a.txt"
    assert article.path == str(tmp_path / "sub" / "a.txt")


def test_discover_keeps_order_of_given_paths(tmp_path):
    write(tmp_path / "b" / "1.txt", "x")
    write(tmp_path / "a" / "2.txt", "x")

    sources = discover([tmp_path / "b", tmp_path / "a"])

    assert [s.path.name for s in sources] == ["1.txt", "2.txt"]


# --- plain text ---------------------------------------------------------------


@pytest.mark.parametrize("suffix", [".txt", ".md"])
def test_text_is_kept_exactly_as_decoded(tmp_path, suffix):
    """No normalisation (CRLF, tabs, runs of spaces), so offsets into the file stay valid."""
    content = "\r\n  \n  First  line \r\n\r\nBody\twith  spaces, ünïcode — and CRLF.\r\n"
    article = read_one(write(tmp_path / f"a{suffix}", content))

    assert article.error is None
    assert article.text == content
    assert article.title == "First  line"
    assert article.doc_id == f"a{suffix}"


def test_text_utf8_bom_is_stripped(tmp_path):
    article = read_one(write(tmp_path / "a.txt", b"\xef\xbb\xbf" + "Héllo wörld\n".encode("utf-8")))

    assert article.text == "Héllo wörld\n"
    assert article.title == "Héllo wörld"


FRENCH = (
    "Le ministre a déclaré à la presse que la réforme des retraites serait présentée en conseil "
    "des ministres à la fin de l'été. « Nous avons écouté les syndicats », a-t-il ajouté, précisant "
    "que l'âge légal de départ ne changerait pas. Les élèves et les enseignants étaient très inquiets.\n"
)
SPANISH = (
    "El presidente anunció el miércoles que el Gobierno aprobará una nueva ley de vivienda. "
    "«Es una decisión histórica», afirmó la ministra, quien añadió que la reforma llegará a más "
    "de un millón de familias en España.\n"
)


@pytest.mark.parametrize(
    "content",
    [
        pytest.param(FRENCH, id="french-paragraph"),
        pytest.param("café déjà vu\n" * 30, id="cafe-deja-vu"),
        pytest.param(SPANISH, id="spanish-paragraph"),
    ],
)
@pytest.mark.parametrize("encoding", ["latin-1", "cp1252"])
def test_text_legacy_encoding_decodes_to_right_characters(tmp_path, content, encoding):
    article = read_one(write(tmp_path / "a.txt", content.encode(encoding)))

    assert article.error is None
    assert article.text == content


# --- HTML ---------------------------------------------------------------------

ARTICLE_HTML = """<!DOCTYPE html>
<html lang="en"><head>
<meta charset="utf-8">
<title>Council approves new bridge | Riverside Gazette</title>
<meta property="og:title" content="Council approves new bridge">
<meta property="og:site_name" content="Riverside Gazette">
<meta property="og:url" content="https://gazette.example.com/news/bridge">
<meta property="article:published_time" content="2023-06-14T08:30:00+00:00">
<meta name="author" content="Jane Doe">
</head><body>
<nav><a href="/">Home</a> <a href="/news">Navigation menu entry</a></nav>
<article>
<h1>Council approves new bridge</h1>
<p>The city council voted on Tuesday to approve the construction of a new pedestrian bridge
across the river, ending a debate that lasted almost three years.</p>
<p>Mayor Anna Lopez said the bridge would cost 12 million euros and open in 2026. Opponents
argued that the money should have gone to schools instead.</p>
<p>Construction is expected to begin next spring, according to the city engineering department,
which published its plans on Monday evening.</p>
</article>
<footer>Copyright 2023 Riverside Gazette footer text</footer>
</body></html>
"""


def test_html_article_text_and_metadata(tmp_path):
    article = read_one(write(tmp_path / "bridge.html", ARTICLE_HTML))

    assert article.error is None
    assert article.doc_id == "bridge.html"
    for phrase in ["ending a debate that lasted", "Mayor Anna Lopez said", "published its plans on Monday"]:
        assert phrase in " ".join(article.text.split())
    assert "Navigation menu entry" not in article.text
    assert "footer text" not in article.text
    assert article.title == "Council approves new bridge"
    assert article.outlet == "Riverside Gazette"
    assert article.published == "2023-06-14"
    assert article.url == "https://gazette.example.com/news/bridge"
    assert article.authors == "Jane Doe"


@pytest.mark.parametrize(
    "html",
    [
        pytest.param("<html><head><title>Empty</title></head><body></body></html>", id="empty-body"),
        pytest.param("<", id="truncated"),
        pytest.param("<div>" * 5000, id="deeply-nested"),
        pytest.param(
            "<html><body><nav><a href='/'>Home</a> <a href='/news'>News</a></nav></body></html>",
            id="nav-only",
        ),
    ],
)
def test_html_without_main_text_is_an_error(tmp_path, html):
    article = read_one(write(tmp_path / "page.htm", html))

    assert_read_error(article)
    assert article.error == "no main text found in the HTML"


# --- news-please JSON ---------------------------------------------------------


def test_json_news_please_record(tmp_path):
    record = {
        "title": "Storm hits coast",
        "maintext": "A storm hit the coast on Friday.\n\nThousands lost power.",
        "text": "ignored when maintext is present",
        "date_publish": "2017-05-05 00:00:00",
        "source_domain": "www.example.com",
        "url": "https://www.example.com/storm",
        "authors": ["Ann Smith", "", "Bob Jones"],
        "description": "Short summary",
        "newsCluster": {"Event": "storm-2017"},
        "language": None,
    }
    article = read_one(write(tmp_path / "storm.json", json.dumps(record)))

    assert article.error is None
    assert article.text == record["maintext"]
    assert article.title == "Storm hits coast"
    assert article.published == "2017-05-05"
    assert article.outlet == "www.example.com"
    assert article.url == "https://www.example.com/storm"
    assert article.authors == "Ann Smith; Bob Jones"
    assert article.meta == {"description": "Short summary", "newsCluster": {"Event": "storm-2017"}, "language": None}


def test_json_text_used_when_maintext_missing(tmp_path):
    article = read_one(write(tmp_path / "a.json", json.dumps({"text": "Body text.", "authors": "Solo Writer"})))

    assert article.text == "Body text."
    assert article.authors == "Solo Writer"
    assert article.title is None and article.published is None
    assert article.meta == {}


# --- JSON Lines ---------------------------------------------------------------


def test_jsonl_one_article_per_line(tmp_path):
    lines = [
        json.dumps(
            {
                "id": "n1",
                "text": "First article.",
                "title": "First",
                "outlet": "Gazette",
                "published": "2020-01-02 00:00:00",
                "authors": ["A", "B"],
                "url": "https://example.com/1",
                "section": "politics",
                "date_publish": "kept in meta",
            }
        ),
        "",
        "   ",
        json.dumps({"text": "Fourth line, no id."}),
        json.dumps({"id": 7, "text": "Numeric id."}),
    ]
    write(tmp_path / "sub" / "feed.jsonl", "\n".join(lines) + "\n")

    articles = read_all(tmp_path)

    assert [a.doc_id for a in articles] == ["n1", "sub/feed.jsonl#4", "7"]
    assert all(a.error is None for a in articles)
    first, second, _ = articles
    assert (first.text, first.title, first.outlet, first.published, first.authors, first.url) == (
        "First article.",
        "First",
        "Gazette",
        "2020-01-02",
        "A; B",
        "https://example.com/1",
    )
    assert first.meta == {"section": "politics", "date_publish": "kept in meta"}
    assert (second.title, second.outlet, second.published, second.authors, second.meta) == (None, None, None, None, {})
    assert all(a.path == str(tmp_path / "sub" / "feed.jsonl") for a in articles)


# --- doc_id uniqueness --------------------------------------------------------


def test_duplicate_doc_ids_from_two_roots_are_made_unique(tmp_path):
    write(tmp_path / "one" / "a.txt", "From one")
    write(tmp_path / "two" / "a.txt", "From two")
    write(tmp_path / "two" / "b.txt", "Unique")

    articles = read_all(tmp_path / "one", tmp_path / "two")

    assert [(a.doc_id, a.text) for a in articles] == [("a.txt", "From one"), ("a.txt~2", "From two"), ("b.txt", "Unique")]


def test_doc_ids_unique_even_when_an_id_looks_like_a_suffixed_one(tmp_path):
    lines = [json.dumps({"id": doc_id, "text": "t"}) for doc_id in ["x", "x", "x~2"]]
    write(tmp_path / "f.jsonl", "\n".join(lines))

    doc_ids = [a.doc_id for a in read_all(tmp_path)]

    assert len(set(doc_ids)) == 3, doc_ids


# --- normalise_date -----------------------------------------------------------


@pytest.mark.parametrize(
    "value, expected",
    [
        ("2017-05-05", "2017-05-05"),
        ("2017-05-05 00:00:00", "2017-05-05"),
        ("2017-05-05T13:45:00", "2017-05-05T13:45:00"),
        ("2021-03-04T10:00:00Z", "2021-03-04T10:00:00+00:00"),
        ("2021-03-04T00:00:00+02:00", "2021-03-04T00:00:00+02:00"),
        ("  2017-05-05  ", "2017-05-05"),
        ("last Tuesday", "last Tuesday"),
        ("Zulu 5", "Zulu 5"),
        ("", None),
        (None, None),
    ],
)
def test_normalise_date(value, expected):
    assert normalise_date(value) == expected


def test_source_relative_id_is_posix():
    assert Source(Path("/r/sub/deeper/a.txt"), Path("/r")).relative_id == "sub/deeper/a.txt"

"""Readers: from files and folders on disk to `Article` records.

`discover(paths)` takes the user's paths and returns the files to read, each
with the root its doc_id is relative to. `read_articles(sources)` lazily yields
one `Article` per article found (a .jsonl file yields one a line). A file that
cannot be read yields an `Article` with `error` set instead of raising, so one
bad input never stops a batch.
"""

from __future__ import annotations

import hashlib
import json
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from urllib.parse import urlparse

import charset_normalizer

TEXT_SUFFIXES = {".txt", ".md"}
HTML_SUFFIXES = {".html", ".htm"}
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | {".json", ".jsonl"}

# A single-article file beyond this size is refused before it is read, to keep
# memory bounded; the per-document character limit is applied later, in processing.
MAX_ARTICLE_FILE_BYTES = 256 * 1024 * 1024

# trafilatura falls back to navigation text on pages without an article; fewer
# words than this is not an article.
MIN_HTML_WORDS = 10

# Article attribute -> field name in the record, for the two JSON layouts we read.
NEWS_PLEASE_FIELDS = {"title": "title", "outlet": "source_domain", "published": "date_publish", "url": "url", "authors": "authors"}
JSONL_FIELDS = {"title": "title", "outlet": "outlet", "published": "published", "url": "url", "authors": "authors"}


class InputError(Exception):
    """A user mistake in the paths given (reported as a one-line error)."""


class ReadError(Exception):
    """A file that cannot become an article; the message is the one-line reason."""


@dataclass
class Article:
    """One article as read: its text and metadata, or the reason it could not be read."""

    doc_id: str
    path: str
    text: str | None = None
    title: str | None = None
    outlet: str | None = None
    published: str | None = None
    url: str | None = None
    authors: str | None = None
    meta: dict = field(default_factory=dict)
    error: str | None = None


@dataclass(frozen=True)
class Source:
    """A file to read and the input root that its doc_id is relative to."""

    path: Path
    root: Path

    @property
    def relative_id(self) -> str:
        return self.path.relative_to(self.root).as_posix()

    @property
    def absolute_path(self) -> str:
        """The file's absolute path: what `documents.path` records, so `show` works from any folder."""
        return str(self.path.absolute())


def discover(paths: Iterable[str | Path], exclude: Iterable[Path] = ()) -> list[Source]:
    """Expand files and folders (recursively, supported suffixes, hidden entries skipped) into sources.

    Raises InputError for a path that does not exist. Folders in `exclude` (the
    output folder, say) are never entered.
    """
    excluded = {Path(p).resolve() for p in exclude}
    sources: list[Source] = []
    for given in paths:
        path = Path(given)
        if not path.exists():
            raise InputError(f"No such file or folder: {given}")
        if path.is_file():
            sources.append(Source(path, path.parent))
            continue
        for candidate in sorted(path.rglob("*")):
            relative_parts = candidate.relative_to(path).parts
            if any(part.startswith(".") for part in relative_parts):
                continue
            if any(parent in excluded for parent in candidate.resolve().parents):
                continue
            if candidate.suffix.lower() in SUPPORTED_SUFFIXES and candidate.is_file():
                sources.append(Source(candidate, path))
    return sources


def read_articles(sources: Iterable[Source]) -> Iterator[Article]:
    """Yield the articles in `sources`, in order, doc_ids made unique within the run."""
    seen: set[str] = set()
    for source in sources:
        for article in _read_source(source):
            # Two inputs with the same relative path or id: keep both, deterministically.
            base, count = article.doc_id, 1
            while article.doc_id in seen:
                count += 1
                article.doc_id = f"{base}~{count}"
            seen.add(article.doc_id)
            yield article


def _read_source(source: Source) -> Iterator[Article]:
    suffix = source.path.suffix.lower()
    doc_id, path = source.relative_id, source.absolute_path
    try:
        if suffix == ".jsonl":
            yield from _read_jsonl(source)
            return
        if suffix not in SUPPORTED_SUFFIXES:
            raise ReadError(f"unsupported file type '{suffix or '(none)'}'")
        data = _read_bytes(source.path, MAX_ARTICLE_FILE_BYTES)
        if suffix in TEXT_SUFFIXES:
            yield _article_from_text(doc_id, path, decode(data))
        elif suffix in HTML_SUFFIXES:
            yield _article_from_html(doc_id, path, decode(data))
        else:
            yield _article_from_json(doc_id, path, decode(data))
    except ReadError as error:
        yield Article(doc_id, path, error=str(error))
    except (OSError, ValueError, RecursionError, MemoryError) as error:
        yield Article(doc_id, path, error=_one_line(error))


def _read_bytes(path: Path, limit: int | None) -> bytes:
    try:
        if limit is not None and path.stat().st_size > limit:
            raise ReadError(f"file too large ({path.stat().st_size:,} bytes; the limit is {limit:,})")
        data = path.read_bytes()
    except FileNotFoundError:
        raise ReadError("file disappeared before it could be read") from None
    except PermissionError:
        raise ReadError("permission denied") from None
    except IsADirectoryError:
        raise ReadError("is a folder, not a file") from None
    if not data.strip():
        raise ReadError("empty file")
    return data


def decode(data: bytes) -> str:
    """Bytes to text: UTF-8 first, then charset-normalizer's best guess; binary data is refused."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = _decode_legacy(data)
    if _looks_binary(text):
        raise ReadError("binary file, not text")
    return text


def _decode_legacy(data: bytes) -> str:
    match = charset_normalizer.from_bytes(data).best()
    if match is None:
        raise ReadError("undecodable bytes: not UTF-8 and no other text encoding fits")
    text = str(match)
    # Short Western European texts are often guessed as another Latin code page
    # (cp1250, cp1257: "España" -> "Espańa"); Windows-1252 is far more common in news.
    if all(_is_latin(char) for char in text if ord(char) > 127):
        try:
            return data.decode("cp1252")
        except UnicodeDecodeError:
            pass
    return text


def _is_latin(char: str) -> bool:
    return not char.isalpha() or unicodedata.name(char, "").startswith("LATIN")


def _looks_binary(text: str) -> bool:
    sample = text[:65536]
    controls = sum(1 for char in sample if unicodedata.category(char) == "Cc" and char not in "\t\n\r\f\v")
    return "\x00" in sample or controls > 0.01 * max(len(sample), 1)


def _article_from_text(doc_id: str, path: str, text: str) -> Article:
    _require_text(text)
    title = next((line.strip() for line in text.splitlines() if line.strip()), None)
    return Article(doc_id, path, text=text, title=title)


def _article_from_html(doc_id: str, path: str, html: str) -> Article:
    import trafilatura  # imported here: it is slow to import and only HTML needs it

    extracted = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False)
    text = getattr(extracted, "text", None) if extracted is not None else None
    if not text or len(text.split()) < MIN_HTML_WORDS:
        raise ReadError("no main text found in the HTML")
    url = extracted.url
    outlet = extracted.sitename or (urlparse(url).hostname if url else None)
    return Article(
        doc_id,
        path,
        text=text,
        title=extracted.title,
        outlet=outlet,
        published=normalise_date(extracted.date),
        url=url,
        authors=extracted.author,
    )


def _article_from_json(doc_id: str, path: str, raw: str) -> Article:
    try:
        record = json.loads(raw)
    except json.JSONDecodeError as error:
        raise ReadError(f"invalid JSON: {error}") from None
    if not isinstance(record, dict):
        raise ReadError("JSON is not an object with article fields")
    return _article_from_record(_record_id(record, doc_id), path, record, NEWS_PLEASE_FIELDS, ("maintext", "text"))


def _article_from_record(doc_id: str, path: str, record: dict, fields: dict[str, str], text_fields: tuple[str, ...]) -> Article:
    """An article from a JSON object; fields without a column of their own go to `meta`."""
    text = next((record[name] for name in text_fields if record.get(name)), None)
    _require_text(text)
    value = {attribute: record.get(name) for attribute, name in fields.items()}
    known = {*fields.values(), *text_fields, "id"}
    return Article(
        doc_id,
        path,
        text=text,
        title=_as_str(value["title"]),
        outlet=_as_str(value["outlet"]),
        published=normalise_date(value["published"]),
        url=_as_str(value["url"]),
        authors=_join_authors(value["authors"]),
        meta={key: item for key, item in record.items() if key not in known},
    )


def _read_jsonl(source: Source) -> Iterator[Article]:
    relative, path = source.relative_id, source.absolute_path
    try:
        data = _read_bytes(source.path, None)
    except ReadError as error:
        yield Article(relative, path, error=str(error))
        return
    for number, line in enumerate(data.splitlines(), start=1):
        if not line.strip():
            continue
        doc_id = f"{relative}#{number}"
        try:
            record = json.loads(decode(line))
            if not isinstance(record, dict):
                raise ReadError("line is not a JSON object")
            doc_id = _record_id(record, doc_id)
            yield _article_from_record(doc_id, path, record, JSONL_FIELDS, ("text",))
        except json.JSONDecodeError as error:
            yield Article(doc_id, path, error=f"line {number}: invalid JSON: {error}")
        except (ReadError, RecursionError, ValueError) as error:
            yield Article(doc_id, path, error=f"line {number}: {_one_line(error)}")


def _record_id(record: dict, fallback: str) -> str:
    return fallback if record.get("id") in (None, "") else str(record["id"])


def _require_text(text: object) -> None:
    if not isinstance(text, str):
        raise ReadError("no article text (expected a 'text' or 'maintext' string field)")
    if not text.strip():
        raise ReadError("article text is empty")


def _as_str(value: object) -> str | None:
    return None if value is None or value == "" else str(value)


def _join_authors(value: object) -> str | None:
    if isinstance(value, list):
        return "; ".join(str(name) for name in value if name) or None
    return _as_str(value)


def text_sha256(text: str) -> str:
    """The hash that identifies a document's text across runs."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def normalise_date(value: object) -> str | None:
    """An ISO 8601 string for dates Python can parse; other values as given."""
    text = _as_str(value)
    if text is None:
        return None
    try:
        parsed = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        return text.strip()
    if parsed.time() == datetime.min.time() and parsed.tzinfo is None:
        return parsed.date().isoformat()
    return parsed.isoformat()


def _one_line(error: BaseException) -> str:
    message = " ".join(str(error).split()) or type(error).__name__
    return message[:300]

"""Readers: from files and folders on disk to `Article` records.

`discover(paths)` takes the user's paths and returns the files to read, each
with the root its doc_id is relative to; what it leaves out (symlink loops,
broken links, FIFOs, unsupported files, old out folders) it lists as `Skipped`.
`read_articles(sources)` lazily yields one `Article` per article found (a
.jsonl file yields one a line, streamed). A file that cannot be read yields an
`Article` with `error` set instead of raising, so one bad input never stops a
batch. Text and metadata never hold lone surrogates: in texts they become
U+FFFD (one character for one, so offsets hold), in ids and paths an escape
(`caf\\xe9.txt` for a file name that is not UTF-8).
"""

from __future__ import annotations

import errno
import hashlib
import io
import json
import stat
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from urllib.parse import urlparse

from nlp.io.encoding import bom_encoding, escape_surrogates, legacy_decode, looks_binary, replace_surrogates
from nlp.errors import PresslensError

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


OUT_FOLDER_MARKERS = (".presslens", "manifest.json")  # a folder holding either is an out folder of presslens


class InputError(PresslensError):
    """A user mistake in the paths given (reported as a one-line error)."""


class ReadError(PresslensError):
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
class Skipped:
    """An input left out of a run, and why (listed in the run's summary and manifest)."""

    path: str
    reason: str


@dataclass(frozen=True)
class Source:
    """A file to read and the input root that its doc_id is relative to."""

    path: Path
    root: Path

    @property
    def relative_id(self) -> str:
        return escape_surrogates(self.path.relative_to(self.root).as_posix())

    @property
    def absolute_path(self) -> str:
        """The file's absolute path: what `documents.path` records, so `show` works from any folder."""
        return escape_surrogates(str(self.path.absolute()))


def discover(paths: Iterable[str | Path], exclude: Iterable[Path] = (), skipped: list[Skipped] | None = None) -> list[Source]:
    """Expand files and folders (recursively, sorted, hidden entries skipped) into sources.

    Raises InputError for a path that does not exist. Folders in `exclude` (the
    output folder, say) are never entered. Links to folders are followed, except
    a link back to a folder above it (a loop); every other entry left out is
    appended to `skipped` with its reason.
    """
    excluded = {Path(p).resolve() for p in exclude}
    skipped = [] if skipped is None else skipped
    sources: list[Source] = []
    for given in paths:
        path = Path(given)
        if not path.exists():
            raise InputError(f"No such file or folder: {escape_surrogates(str(given))}")
        if not path.is_dir():
            sources.append(Source(path, path.parent))
        elif is_out_folder(path):
            skipped.append(Skipped(escape_surrogates(str(path)), "a presslens out folder"))
        else:
            sources.extend(_walk(path, path, excluded, skipped, {_inode(path)}))
    return sources


def _walk(folder: Path, root: Path, excluded: set[Path], skipped: list[Skipped], above: set[tuple[int, int]]) -> Iterator[Source]:
    """The supported files under `folder`, depth first in name order; `above` holds the folders entered on the way."""
    try:
        children = sorted(folder.iterdir())
    except OSError as error:
        skipped.append(Skipped(escape_surrogates(str(folder)), f"cannot list the folder: {error.strerror or error}"))
        return
    for child in children:
        if child.name.startswith("."):
            continue
        shown = escape_surrogates(str(child))
        try:
            status = child.stat()
        except OSError as error:
            reason = "symlink loop" if error.errno == errno.ELOOP else "broken link" if child.is_symlink() else error.strerror
            skipped.append(Skipped(shown, str(reason)))
            continue
        if stat.S_ISDIR(status.st_mode):
            if child.resolve() in excluded:
                continue
            if (status.st_dev, status.st_ino) in above:
                skipped.append(Skipped(shown, "symlink loop: a link back to a folder above it"))
            elif is_out_folder(child):
                skipped.append(Skipped(shown, "a presslens out folder"))
            else:
                yield from _walk(child, root, excluded, skipped, above | {(status.st_dev, status.st_ino)})
        elif not stat.S_ISREG(status.st_mode):
            skipped.append(Skipped(shown, "not a regular file (a FIFO, socket or device)"))
        elif child.suffix.lower() not in SUPPORTED_SUFFIXES:
            skipped.append(Skipped(shown, f"unsupported file type '{escape_surrogates(child.suffix) or '(none)'}'"))
        else:
            yield Source(child, root)


def _inode(path: Path) -> tuple[int, int]:
    status = path.stat()
    return status.st_dev, status.st_ino


def is_out_folder(folder: Path) -> bool:
    """Whether `folder` is where presslens wrote tables: its tables must not be read back as articles."""
    if (folder / OUT_FOLDER_MARKERS[0]).is_dir():
        return True
    manifest = folder / OUT_FOLDER_MARKERS[1]
    try:
        return manifest.is_file() and manifest.stat().st_size < 1_000_000 and json.loads(manifest.read_bytes()).get("tool") == "presslens"
    except (OSError, ValueError, AttributeError):
        return False


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
    with _read_errors():
        _check_file(path, limit)
        data = path.read_bytes()
    if not data.strip():
        raise ReadError("empty file")
    return data


def _check_file(path: Path, limit: int | None) -> None:
    status = path.stat()
    if not stat.S_ISREG(status.st_mode) and not stat.S_ISDIR(status.st_mode):
        raise ReadError("not a regular file (a FIFO, socket or device)")  # reading a FIFO would wait forever
    if limit is not None and status.st_size > limit:
        raise ReadError(f"file too large ({status.st_size:,} bytes; the limit is {limit:,})")


@contextmanager
def _read_errors() -> Iterator[None]:
    """The errors of opening and reading a file, as ReadErrors with a one-line reason."""
    try:
        yield
    except FileNotFoundError:
        raise ReadError("file disappeared before it could be read") from None
    except PermissionError:
        raise ReadError("permission denied") from None
    except IsADirectoryError:
        raise ReadError("is a folder, not a file") from None


def decode(data: bytes) -> str:
    """Bytes to text: UTF-16/32 by their BOM, UTF-8, then charset-normalizer's best guess; binary data is refused."""
    try:
        encoding = bom_encoding(data)
        text = data.decode(encoding) if encoding else data.decode("utf-8-sig")
    except UnicodeDecodeError:
        if encoding:
            raise ReadError(f"undecodable bytes: the file starts with a {encoding.upper()} byte order mark but is not {encoding.upper()}") from None
        text = legacy_decode(data)
        if text is None:
            raise ReadError("undecodable bytes: not UTF-8 and no other text encoding fits")
    if looks_binary(text):
        raise ReadError("binary file, not text")
    return text


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
    text = replace_surrogates(text)
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
    """One article a line, read as a stream: a file of any size holds one line in memory at a time."""
    relative, path = source.relative_id, source.absolute_path
    try:
        handle = _open(source.path)
    except (ReadError, OSError) as error:
        yield Article(relative, path, error=_one_line(error))
        return
    found = False
    with handle:
        for number, line in enumerate(_lines(handle), start=1):
            if not line.strip():
                continue
            found = True
            doc_id = f"{relative}#{number}"
            try:
                record = json.loads(line if isinstance(line, str) else decode(line))
                if not isinstance(record, dict):
                    raise ReadError("line is not a JSON object")
                doc_id = _record_id(record, doc_id)
                yield _article_from_record(doc_id, path, record, JSONL_FIELDS, ("text",))
            except json.JSONDecodeError as error:
                yield Article(doc_id, path, error=f"line {number}: invalid JSON: {error}")
            except (ReadError, RecursionError, ValueError) as error:
                yield Article(doc_id, path, error=f"line {number}: {_one_line(error)}")
    if not found:
        yield Article(relative, path, error="empty file")


def _open(path: Path) -> io.BufferedReader:
    with _read_errors():
        _check_file(path, None)
        return path.open("rb")


def _lines(handle: io.BufferedReader) -> Iterator[bytes | str]:
    """The file's lines: bytes, decoded one by one, or for UTF-16/32 (by their BOM) text."""
    encoding = bom_encoding(handle.peek(4)[:4])
    if encoding:
        yield from (line for chunk in io.TextIOWrapper(handle, encoding=encoding, errors="replace") for line in chunk.splitlines())
        return
    for chunk in handle:
        yield from chunk.splitlines()


def _record_id(record: dict, fallback: str) -> str:
    return fallback if record.get("id") in (None, "") else escape_surrogates(str(record["id"]))


def _require_text(text: object) -> None:
    if not isinstance(text, str):
        raise ReadError("no article text (expected a 'text' or 'maintext' string field)")
    if not text.strip():
        raise ReadError("article text is empty")


def _as_str(value: object) -> str | None:
    return None if value is None or value == "" else replace_surrogates(str(value))


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

"""Tables: from processed documents to rows, and from rows to corpus-wide DataFrames.

`document_rows(article, sha256, doc)` takes an article and its spaCy `Doc` (or
an error reason instead) and returns `{table name: [row dict, ...]}` in the
shapes of `nlp.schemas`: a `DocumentRow`, each extractor's rows from its
`Doc._` extension, and a `TextRow` with the text itself. A host name as outlet
("edition.cnn.com") becomes its publisher's registered domain ("cnn.com"), the
host kept in `domain`. `to_arrow(rows)` makes typed Arrow tables, and
`surname_links(full_names)` maps short person names to the one full name they
match anywhere in the corpus.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime, timezone
from typing import TYPE_CHECKING
from urllib.parse import urlparse

import pyarrow as pa
import tld

from nlp.io.encoding import escape_surrogates
from nlp.extract.entity_keys import entity_key
from nlp.io.read import Article
from nlp.schemas import EXTRACTIONS, TABLES, DocumentRow, TextRow

if TYPE_CHECKING:  # a run's driver builds rows without importing spaCy
    from spacy.tokens import Doc

Rows = dict[str, list[dict]]
HOST_NAME = re.compile(r"^(?:www\.)?(?:[a-z0-9-]+\.)+[a-z]{2,}\.?$", re.IGNORECASE)


def document_rows(article: Article, sha256: str | None, doc: Doc | None = None, error: str | None = None) -> Rows:
    """All table rows for one article: a `documents` row, plus extractor rows when it was processed."""
    error = error or article.error
    outlet, domain = outlet_and_domain(article.outlet, article.url)
    published = published_timestamp(article.published)
    meta = article.meta if published or not article.published else {**article.meta, "published_raw": article.published}
    document = DocumentRow(
        doc_id=article.doc_id,
        path=article.path,
        title=article.title,
        outlet=outlet,
        domain=domain,
        published=published,
        url=article.url,
        authors=article.authors,
        n_chars=len(article.text) if article.text is not None else None,
        n_words=sum(1 for token in doc if not (token.is_punct or token.is_space)) if doc is not None else None,
        sha256=sha256,
        status="error" if error else "ok",
        error=error,
        meta=json.dumps(meta, ensure_ascii=False, default=str) if meta else None,
    )
    rows: Rows = {name: [] for name in TABLES}
    rows["documents"].append({column: escape_surrogates(value) if isinstance(value, str) else value for column, value in vars(document).items()})
    if article.text is not None:
        rows["texts"].append(vars(TextRow(doc_id=article.doc_id, text=article.text)))
    if doc is not None and not error:
        for name, id_column in EXTRACTIONS.items():
            rows[name] = [{"doc_id": article.doc_id, **vars(item)} for item in doc._.get(name) or []]
            if id_column:
                for number, row in enumerate(rows[name], start=1):
                    row[id_column] = f"{article.doc_id}:{name[0]}{number}"
    return rows


def outlet_and_domain(outlet: str | None, url: str | None) -> tuple[str | None, str | None]:
    """(outlet, domain): a host name as outlet becomes its registered domain, so one publisher's
    subdomains merge (money.cnn.com -> cnn.com); `domain` is the URL's host, else that host name."""
    try:
        host = urlparse(url).hostname if url else None
    except ValueError:  # a malformed URL ("http://[::1") names no host
        host = None
    if outlet and HOST_NAME.match(outlet.strip()):
        host = host or outlet.strip().lower().rstrip(".")
        outlet = tld.get_fld(outlet.strip().lower(), fix_protocol=True, fail_silently=True) or outlet
    elif not outlet and host:
        outlet = tld.get_fld(host, fix_protocol=True, fail_silently=True)
    return outlet, host


def published_timestamp(value: str | None) -> datetime | None:
    """An ISO 8601 date or time as a UTC timestamp without zone (a bare date is its midnight); None otherwise."""
    try:
        parsed = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except (AttributeError, ValueError):
        return None
    return parsed.astimezone(timezone.utc).replace(tzinfo=None) if parsed.tzinfo else parsed


def merge_rows(batches: list[Rows]) -> Rows:
    """Concatenate per-document rows table by table."""
    merged: Rows = defaultdict(list)
    for rows in batches:
        for name, table_rows in rows.items():
            merged[name].extend(table_rows)
    return {name: merged.get(name, []) for name in TABLES}


def to_arrow(rows: Rows) -> dict[str, pa.Table]:
    """Rows as Arrow tables with the declared schemas (missing tables come out empty)."""
    return {name: pa.Table.from_pylist(rows.get(name, []), schema=schema) for name, schema in TABLES.items()}


def surname_links(full_names: Iterable[tuple[str, str] | tuple[str, str, int]]) -> dict[str, tuple[str, str]]:
    """The key of a one-word person name -> the (entity_key, canonical) of the full name ending with it.

    `full_names` are the corpus's distinct (entity_key, canonical) pairs of
    persons with a space in their name, optionally with the number of documents
    that name them. Within an article "Biden" already joins "Joe Biden"; this
    links articles that only ever say "Biden". A surname that several full
    names end with goes to the one named in at least three times as many
    documents as all the others together ("Trump": Donald Trump, not Melania
    Trump), and is left out when none dominates so. Names that start with the
    word count among the others ("Kim": Jack Kim, but also Kim Jong Un).
    """
    by_surname: dict[str, dict[str, tuple[str, int]]] = defaultdict(dict)
    starting_with: dict[str, int] = defaultdict(int)
    for key, canonical, *count in full_names:
        documents = count[0] if count else 1
        words = canonical.split()
        keyed = by_surname[entity_key(words[-1], "person")]
        keyed[key] = (canonical, keyed.get(key, (canonical, 0))[1] + documents)
        starting_with[entity_key(words[0], "person")] += documents
    links = {}
    for short, keyed in by_surname.items():
        best = max(keyed, key=lambda key: keyed[key][1])
        others = sum(documents for key, (_, documents) in keyed.items() if key != best) + starting_with[short]
        if keyed[best][1] >= 3 * others:
            links[short] = (best, keyed[best][0])
    return links

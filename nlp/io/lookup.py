"""Lookup: one analysed document back from an out folder, for `presslens show`.

`load_document(out_dir, doc)` takes a doc_id, a file path, or a substring of
the title or URL of exactly one document, and returns the
article text (read again from its source file and checked against the stored
sha256), its `documents` row, and its rows of every extractor table
(entities, quotes, claims). A doc_id may be given without its file extension.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from nlp.io.read import Source, is_out_folder, read_articles, text_sha256
from nlp.schemas import EXTRACTIONS
from nlp.io.store import StoreError, read_table

MATCHES_SHOWN = 5  # candidates named when a title or URL substring matches several documents


def load_document(out_dir: Path, doc: str) -> tuple[str, pd.Series, dict[str, pd.DataFrame]]:
    """(text, documents row, {table: rows}) of `doc`; StoreError with a one-line reason otherwise."""
    if is_out_folder(Path(doc)):  # `show out/`: the folder given where the document goes
        raise StoreError(f"'{doc}' is an out folder, not a document; name the document first: presslens show DOC {doc}")
    documents = read_table(out_dir, "documents")
    match = documents[documents["doc_id"] == doc]
    if match.empty:
        match = documents[documents["doc_id"].map(lambda doc_id: Path(doc_id).with_suffix("").as_posix()) == doc]
    if match.empty and Path(doc).exists():
        match = documents[documents["path"].map(lambda p: Path(p).resolve()) == Path(doc).resolve()]
    if match.empty:
        match = _by_title_or_url(documents, doc)
    if match.empty:
        raise StoreError(f"No document '{doc}' in {out_dir}; give a doc_id, a file path, or words of its title or URL.")
    if len(match) > 1:
        shown = "; ".join(f"{row.doc_id} ({row.title})" for row in match.head(MATCHES_SHOWN).itertuples())
        raise StoreError(f"'{doc}' matches {len(match)} documents' titles or URLs: {shown}; give more of it, or a doc_id.")
    document = match.iloc[0]
    if document["status"] != "ok":
        raise StoreError(f"Document '{document['doc_id']}' could not be analysed: {document['error']}")
    text = source_text(Path(document["path"]), document["sha256"])
    rows = {}
    for name in EXTRACTIONS:
        table = read_table(out_dir, name)
        rows[name] = table[table["doc_id"] == document["doc_id"]].reset_index(drop=True)
    return text, document, rows


def _by_title_or_url(documents: pd.DataFrame, words: str) -> pd.DataFrame:
    """The documents whose title or URL contains `words` (any case)."""
    needle = words.casefold()
    contains = documents[["title", "url"]].apply(lambda column: column.fillna("").astype(str).str.casefold().str.contains(needle, regex=False))
    return documents[contains.any(axis=1)]


def source_text(path: Path, sha256: str) -> str:
    """The article's text read again from `path`, if it still hashes to `sha256`; StoreError otherwise."""
    if not path.exists():
        raise StoreError(f"The source file {path} is gone; the tables cannot be shown against its text.")
    for article in read_articles([Source(path, path.parent)]):
        if article.text is not None and text_sha256(article.text) == sha256:
            return article.text
    raise StoreError(f"{path} changed since it was analysed; run `presslens analyze` again.")

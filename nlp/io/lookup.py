"""Lookup: one analysed document back from an out folder, for `presslens show`.

`load_document(out_dir, doc)` takes a doc_id, a file path, or a substring of
the title or URL of exactly one document, and returns the
article text (from the `texts` table, so the tables' offsets hold even after
the source file moved or changed), its `documents` row, and its rows of every
extractor table (entities, quotes, claims). A doc_id may be given without its
file extension. `article_texts(out_dir)` gives every analysed text by doc_id.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from nlp.io.read import is_out_folder
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
    text = article_texts(out_dir, document["doc_id"])[document["doc_id"]]
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


def article_texts(out_dir: Path, doc_id: str | None = None) -> dict[str, str]:
    """{doc_id: text} of the analysed documents (only `doc_id`'s when given); StoreError when one is missing."""
    texts = read_table(out_dir, "texts")
    if doc_id is not None:
        texts = texts[texts["doc_id"] == doc_id]
        if texts.empty:
            raise StoreError(f"No text of '{doc_id}' in {out_dir}; run `presslens analyze` again.")
    return dict(zip(texts["doc_id"], texts["text"].fillna("")))  # CSV reads an empty text as missing

"""Table schemas: the one place that names every output table and its columns.

Each schema is a pyarrow schema; `TABLES` maps table name to schema in the
order tables are written. Later stages (quotes, claims) add theirs here.
Offsets (`start`, `end`) are character offsets into the document's text as read,
so `text[start:end]` equals the row's `text`.
"""

from __future__ import annotations

import pyarrow as pa

DOCUMENTS = pa.schema(
    [
        ("doc_id", pa.string()),
        ("path", pa.string()),
        ("title", pa.string()),
        ("outlet", pa.string()),
        ("published", pa.string()),
        ("url", pa.string()),
        ("authors", pa.string()),
        ("n_chars", pa.int64()),
        ("n_words", pa.int64()),
        ("sha256", pa.string()),
        ("status", pa.string()),  # "ok" | "error"
        ("error", pa.string()),
        ("meta", pa.string()),  # JSON object: input fields without a column of their own
    ]
)

ENTITIES = pa.schema(
    [
        ("doc_id", pa.string()),
        ("start", pa.int64()),
        ("end", pa.int64()),
        ("text", pa.string()),
        ("label", pa.string()),
        ("sentence", pa.int64()),
        ("canonical", pa.string()),
        ("entity_key", pa.string()),
    ]
)

TABLES: dict[str, pa.Schema] = {"documents": DOCUMENTS, "entities": ENTITIES}

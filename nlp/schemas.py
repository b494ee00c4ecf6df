"""Table schemas: the one place that names every output table and its columns.

Each schema is a pyarrow schema; `TABLES` maps table name to schema in the
order tables are written. Offsets (`start`, `end`, and `speaker_*`/`cue_*` in
quotes) are character offsets into the document's text as read, so
`text[start:end]` equals the row's `text`. `sentence` is the 0-based index of
the sentence where a row starts; `sentence_text` repeats that sentence so a
table can be read without the article. `quote_id` and `claim_id` are unique
across the corpus ("<doc_id>:q3").
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

QUOTES = pa.schema(
    [
        ("doc_id", pa.string()),
        ("quote_id", pa.string()),
        ("start", pa.int64()),  # the content: quotation or reported speech
        ("end", pa.int64()),
        ("text", pa.string()),
        ("kind", pa.string()),  # "direct" | "indirect" | "mixed"
        ("speaker", pa.string()),  # the source as written: "she", "an ICE federal prosecutor"
        ("speaker_start", pa.int64()),
        ("speaker_end", pa.int64()),
        ("speaker_canonical", pa.string()),  # resolved: "she" -> "Kerry Doyle"
        ("speaker_key", pa.string()),  # the entity_key when the speaker is an entity
        ("speaker_type", pa.string()),  # person | organization | outlet | anonymous | document | unknown
        ("cue", pa.string()),  # "said", "according to", ":"
        ("cue_start", pa.int64()),
        ("cue_end", pa.int64()),
        ("sentence", pa.int64()),
        ("sentence_text", pa.string()),
    ]
)

CLAIMS = pa.schema(
    [
        ("doc_id", pa.string()),
        ("claim_id", pa.string()),
        ("start", pa.int64()),  # the numeric expression: "between 60,000 and 80,000"
        ("end", pa.int64()),
        ("text", pa.string()),
        ("value", pa.float64()),  # the midpoint of a range
        ("low", pa.float64()),
        ("high", pa.float64()),
        ("qualifier", pa.string()),  # = ~ > >= < <=
        ("change", pa.string()),  # "up" | "down" | null
        ("factor", pa.float64()),  # multiplicative change: fourfold -> 4, halved -> 0.5
        ("unit", pa.string()),  # percent, USD, kilometre, year of age, or the counted noun's lemma
        ("quantity", pa.string()),  # what is counted or measured: "closed cases"
        ("time", pa.string()),  # "since April 25"
        ("source", pa.string()),  # who claims it, when the number is quoted or attributed
        ("sentence", pa.int64()),
        ("sentence_text", pa.string()),
    ]
)

TABLES: dict[str, pa.Schema] = {"documents": DOCUMENTS, "entities": ENTITIES, "quotes": QUOTES, "claims": CLAIMS}

# Extractor tables: the Doc extension that holds their rows, and the id column they number.
EXTRACTIONS: dict[str, str | None] = {"entities": None, "quotes": "quote_id", "claims": "claim_id"}

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
        ("outlet", pa.string()),  # a host name becomes its registered domain: edition.cnn.com -> cnn.com
        ("domain", pa.string()),  # the URL's host (or the outlet's host name as given): edition.cnn.com
        ("published", pa.timestamp("us")),  # in UTC; a date alone is its midnight; other values go to meta's published_raw
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

# The documents columns that come from the input's metadata: an edit there updates the row without new NLP.
METADATA_COLUMNS = ("path", "title", "outlet", "domain", "published", "url", "authors", "meta")

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
        ("speaker_named", pa.bool_()),  # people: true for a name, false for a description ("a flight attendant")
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
        # The unit's canonical name (nlp/claim_units.py): the ISO 4217 name for money ("US Dollar"), pint's name
        # for a measure in British spelling ("metre", "kilometre per hour", "degree Celsius", "percent"), else the
        # unit lower-cased ("case", "year of age"); null when the claim has no unit.
        ("unit_normalized", pa.string()),
        # What a count counts, in full: the counted noun's lemma with the words that say what kind ("european
        # country", "first-team player", "barrel of oil"); null for money, percentages and measures.
        ("counted", pa.string()),
        ("quantity", pa.string()),  # what is counted or measured: "closed cases"
        ("time", pa.string()),  # "since April 25"
        ("source", pa.string()),  # who claims it, when the number is quoted or attributed
        # Where the number stands (nlp/claim_context.py): body | caption | gallery | byline | timestamp | boilerplate.
        ("context", pa.string()),
        ("sentence", pa.int64()),
        ("sentence_text", pa.string()),
    ]
)

# The text as analysed, so that offsets can be checked and searched (for HTML input: the extracted text).
TEXTS = pa.schema([("doc_id", pa.string()), ("text", pa.string())])

TABLES: dict[str, pa.Schema] = {"documents": DOCUMENTS, "entities": ENTITIES, "quotes": QUOTES, "claims": CLAIMS, "texts": TEXTS}

# Extractor tables: the Doc extension that holds their rows, and the id column they number.
EXTRACTIONS: dict[str, str | None] = {"entities": None, "quotes": "quote_id", "claims": "claim_id"}

# Tables `presslens compare` adds to the out folder; `group` is the value of
# the --group-by field (outlet, event, or any documents column or meta key),
# "(none)" for documents without it. Lists of outlets are "; "-joined.
ENTITY_SUMMARY = pa.schema(
    [
        ("entity_key", pa.string()),
        ("canonical", pa.string()),  # the most frequent canonical name of the key
        ("label", pa.string()),  # the most frequent label
        ("n_docs", pa.int64()),
        ("n_mentions", pa.int64()),
        ("n_outlets", pa.int64()),
        ("outlets", pa.string()),
        ("first_published", pa.string()),
        ("last_published", pa.string()),
    ]
)

COVERAGE = pa.schema(
    [
        ("entity_key", pa.string()),
        ("group", pa.string()),
        ("n_docs", pa.int64()),
        ("n_mentions", pa.int64()),
    ]
)

SPEAKERS = pa.schema(
    [
        ("speaker", pa.string()),  # speaker_key, else speaker_canonical, else the speaker as written
        ("speaker_canonical", pa.string()),  # the most frequent resolved name
        ("speaker_type", pa.string()),
        ("n_quotes", pa.int64()),
        ("n_docs", pa.int64()),
        ("n_outlets", pa.int64()),
        ("outlets", pa.string()),
    ]
)

SOURCE_MIX = pa.schema(
    [
        ("group", pa.string()),
        ("speaker_type", pa.string()),
        ("n_quotes", pa.int64()),
        ("share", pa.float64()),  # of the group's quotes
    ]
)

QUOTE_MATCHES = pa.schema(
    [
        ("story_id", pa.int64()),  # quotes are matched within a story
        ("quote_id_a", pa.string()),
        ("quote_id_b", pa.string()),
        ("doc_id_a", pa.string()),
        ("doc_id_b", pa.string()),
        ("group_a", pa.string()),
        ("group_b", pa.string()),
        ("match", pa.string()),  # exact | contained | partial | paraphrase
        ("score", pa.float64()),  # cosine similarity of the two quotes' embeddings
        ("speaker_a", pa.string()),
        ("speaker_b", pa.string()),
        ("different_speakers", pa.bool_()),  # both speakers are named entities, and not the same name
        ("text_a", pa.string()),
        ("text_b", pa.string()),
    ]
)

CLAIM_GROUPS = pa.schema(
    [
        ("claim_group", pa.int64()),  # 1, 2, ...: conflicts first, then differences, then agreements
        ("story_id", pa.int64()),
        ("unit", pa.string()),
        ("quantity", pa.string()),  # the most frequent quantity phrase of the members
        ("time", pa.string()),  # the most frequent time phrase, if any
        ("n_claims", pa.int64()),
        ("n_docs", pa.int64()),
        ("groups", pa.string()),
        ("min", pa.float64()),  # of the members' values
        ("max", pa.float64()),
        ("spread", pa.float64()),  # (max - min) / max: 0 when all agree on one number
        ("status", pa.string()),  # agree | differ | conflict
        ("reason", pa.string()),  # one line: why this status
        ("claim_ids", pa.list_(pa.string())),
    ]
)

STORIES = pa.schema(
    [
        ("story_id", pa.int64()),  # 1 is the story with the most documents
        ("doc_id", pa.string()),
        ("label", pa.string()),  # the story's most shared named entities, " / "-joined
    ]
)

COMPARE_TABLES: dict[str, pa.Schema] = {
    "stories": STORIES,
    "entity_summary": ENTITY_SUMMARY,
    "coverage": COVERAGE,
    "speakers": SPEAKERS,
    "source_mix": SOURCE_MIX,
    "quote_matches": QUOTE_MATCHES,
    "claim_groups": CLAIM_GROUPS,
}

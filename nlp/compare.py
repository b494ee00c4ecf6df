"""Compare: cross-article tables from what `analyze` wrote.

`compare(out_dir, group_by, embedder)` reads the documents, entities, quotes and
claims tables of an out folder and returns the tables of
`nlp.schemas.COMPARE_TABLES` as DataFrames:

- entity_summary and coverage: who and what each group (outlet, event, ...) mentions;
- speakers and source_mix: who is quoted, and each group's share of quotes by speaker type;
- quote_matches: the same quote in two articles, exact (after normalising),
  contained in a longer quote, or paraphrased (embedding cosine ≥ PARAPHRASE_MIN);
- claim_groups: numeric claims about the same quantity in several articles,
  `agree` when one number fits all of them, else `conflict`.

`write_compare_tables(frames, out_dir)` adds them to the out folder in the
formats analyze used and to presslens.duckdb. Everything is pandas and numpy;
the only model is the sentence embedder.
"""

from __future__ import annotations

import json
import re
import shutil
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa

from nlp.embed import Embedder
from nlp.schemas import COMPARE_TABLES
from nlp.export import write_small_table
from nlp.store import FORMATS, StoreError, read_table, replace_atomically

NO_GROUP = "(none)"
NOT_NAMES = ("date:", "number:")  # entity keys of dates and numbers: shared by chance, not coverage
SPEAKER_ENTITY_LABELS = ("person", "org", "group", "place")  # the entity keys a quote's speaker may have
MIN_QUOTE_WORDS = 5  # shorter quotes ("a disaster") repeat by chance
BOILERPLATE_DOCS = 3  # documents of one outlet with the same quote text from which it is boilerplate
MIN_CONTAINED_WORDS = 8  # a shorter quote inside a longer one counts from this length on
CANDIDATE_MIN = 0.5  # cosine below which two quotes are never compared word by word
PARAPHRASE_MIN = 0.85  # cosine of two quotes' embeddings from which they are one quote
CLAIM_SIMILAR_MIN = 0.6  # cosine of two claims' sentences from which they may measure the same thing
CLAIM_SIMILAR_ALONE = 0.85  # ... from which they do without a shared entity
QUANTITY_SIMILAR_MIN = 0.6  # cosine of the two quantity phrases ("people killed", "the death toll")
# Two claims whose numbers disagree are one quantity only on stronger evidence: related
# numbers (an altitude and a range, two players' sacks) fill a story's similar sentences.
CONFLICT_SIMILAR_MIN = 0.8  # cosine of their sentences
CONFLICT_QUANTITY_MIN = 0.9  # cosine of their quantity phrases, unless these are equal without numbers and articles
ROUNDING = 0.05  # relative tolerance of an exact number ("60,000" may be 57,000 to 63,000)
APPROXIMATE = 0.15  # relative tolerance of an approximate one ("about 60,000")


@dataclass
class Corpus:
    """The analyze tables of an out folder, documents with their `group`."""

    documents: pd.DataFrame
    entities: pd.DataFrame
    quotes: pd.DataFrame
    claims: pd.DataFrame


def load_corpus(out_dir: Path, group_by: str = "outlet") -> Corpus:
    """The analyze tables of `out_dir` (ok documents only), each documents row with its group."""
    documents = read_table(out_dir, "documents")
    documents = documents[documents["status"] == "ok"].reset_index(drop=True)
    documents["group"] = document_groups(documents, group_by)
    documents["published"] = documents["published"].map(lambda value: None if pd.isna(value) else pd.Timestamp(value).isoformat())
    return Corpus(documents, *(read_table(out_dir, name) for name in ("entities", "quotes", "claims")))


def document_groups(documents: pd.DataFrame, group_by: str) -> pd.Series:
    """Each document's group: a documents column, `event` (news-please's newsCluster.Event), or a meta key."""
    if group_by in documents.columns and group_by != "meta":
        values = documents[group_by]
    else:
        path = ("newsCluster", "Event") if group_by == "event" else (group_by,)
        values = documents["meta"].map(lambda meta: _meta_value(meta, path))
    return values.map(lambda value: NO_GROUP if value is None or pd.isna(value) or str(value) == "" else str(value))


def _meta_value(meta: str | None, path: tuple[str, ...]):
    value = json.loads(meta) if isinstance(meta, str) and meta else {}
    for key in path:
        if not isinstance(value, dict):
            return None
        value = value.get(key)
    return value


def compare(out_dir: Path, group_by: str = "outlet", embedder: Embedder | None = None) -> dict[str, pd.DataFrame]:
    """All compare tables for the analysis in `out_dir`; `embedder` is made (packaged MiniLM) when needed and not given."""
    corpus = load_corpus(out_dir, group_by)
    quotes = _with_documents(corpus.quotes, corpus.documents)
    claims = _with_documents(corpus.claims, corpus.documents)
    if embedder is None and (len(quotes) or len(claims)):
        embedder = Embedder(cache_dir=out_dir / ".presslens")
    frames = {
        "entity_summary": entity_summary(corpus),
        "coverage": coverage(corpus),
        "speakers": speakers(quotes),
        "source_mix": source_mix(quotes),
        "quote_matches": quote_matches(quotes, embedder),
        "claim_groups": claim_groups(claims, corpus.entities, embedder),
    }
    return {name: frames[name].reindex(columns=COMPARE_TABLES[name].names) for name in COMPARE_TABLES}


def _with_documents(rows: pd.DataFrame, documents: pd.DataFrame) -> pd.DataFrame:
    """Rows of ok documents with the document's outlet, group and published date."""
    return rows.merge(documents[["doc_id", "outlet", "group", "published"]], on="doc_id", how="inner")


def _outlets(values: pd.Series) -> str:
    return "; ".join(sorted(values.dropna().astype(str).unique()))


def _most_frequent(values: pd.Series):
    counts = values.dropna().value_counts()
    return counts.index[0] if len(counts) else None


def _most_frequent_by(rows: pd.DataFrame, key: str, column: str) -> pd.Series:
    """For each `key`, its most frequent `column` value (ties: the first in sort order); one groupby, no Python loop."""
    counts = rows.groupby([key, column]).size().rename("n").reset_index()
    counts = counts.sort_values(["n", column], ascending=[False, True]).drop_duplicates(key)
    return counts.set_index(key)[column]


def entity_summary(corpus: Corpus) -> pd.DataFrame:
    """One row per named entity key: its name, label, documents, mentions, outlets and first and last dates."""
    named = _with_documents(corpus.entities[~corpus.entities["entity_key"].str.startswith(NOT_NAMES)], corpus.documents)
    if named.empty:
        return pd.DataFrame(columns=COMPARE_TABLES["entity_summary"].names)
    grouped = named.groupby("entity_key")
    summary = grouped.agg(
        n_docs=("doc_id", "nunique"),
        n_mentions=("doc_id", "size"),
        n_outlets=("outlet", "nunique"),
        outlets=("outlet", _outlets),
        first_published=("published", "min"),
        last_published=("published", "max"),
    )
    summary["canonical"] = _most_frequent_by(named, "entity_key", "canonical")
    summary["label"] = _most_frequent_by(named, "entity_key", "label")
    return summary.reset_index().sort_values(["n_docs", "n_mentions", "entity_key"], ascending=[False, False, True], ignore_index=True)


def coverage(corpus: Corpus) -> pd.DataFrame:
    """Long form: documents and mentions of each named entity key in each group."""
    named = _with_documents(corpus.entities[~corpus.entities["entity_key"].str.startswith(NOT_NAMES)], corpus.documents)
    counts = named.groupby(["entity_key", "group"]).agg(n_docs=("doc_id", "nunique"), n_mentions=("doc_id", "size"))
    return counts.reset_index().sort_values(["entity_key", "n_mentions"], ascending=[True, False], ignore_index=True)


def _speaker_identity(quotes: pd.DataFrame) -> pd.Series:
    return quotes["speaker_key"].fillna(quotes["speaker_canonical"]).fillna(quotes["speaker"]).fillna("(unknown)")


def speakers(quotes: pd.DataFrame) -> pd.DataFrame:
    """One row per speaker (entity key, else resolved name): quotes, documents and outlets."""
    if quotes.empty:
        return pd.DataFrame(columns=COMPARE_TABLES["speakers"].names)
    quotes = quotes.assign(speaker=_speaker_identity(quotes))
    table = quotes.groupby("speaker").agg(
        n_quotes=("quote_id", "size"),
        n_docs=("doc_id", "nunique"),
        n_outlets=("outlet", "nunique"),
        outlets=("outlet", _outlets),
    )
    table["speaker_canonical"] = _most_frequent_by(quotes, "speaker", "speaker_canonical")
    table["speaker_type"] = _most_frequent_by(quotes, "speaker", "speaker_type")
    return table.reset_index().sort_values(["n_quotes", "speaker"], ascending=[False, True], ignore_index=True)


def source_mix(quotes: pd.DataFrame) -> pd.DataFrame:
    """Per group, the quotes by speaker type and their share of the group's quotes."""
    counts = quotes.groupby(["group", "speaker_type"]).size().rename("n_quotes").reset_index()
    counts["share"] = counts["n_quotes"] / counts.groupby("group")["n_quotes"].transform("sum")
    return counts.sort_values(["group", "n_quotes"], ascending=[True, False], ignore_index=True)


def normalise_quote(text: str) -> str:
    """Lower case, no punctuation or quotation marks, one space between words."""
    text = unicodedata.normalize("NFKC", text).lower()
    text = "".join(" " if unicodedata.category(char).startswith("P") else char for char in text)
    return " ".join(text.split())


def quote_matches(quotes: pd.DataFrame, embedder: Embedder | None) -> pd.DataFrame:
    """Pairs of quotes in different documents that are the same quote: exact, contained, or paraphrase."""
    quotes = quotes.assign(normal=quotes["text"].map(normalise_quote), speaker_id=_speaker_identity(quotes)).reset_index(drop=True)
    quotes = quotes[quotes["normal"].str.count(" ") + 1 >= MIN_QUOTE_WORDS]
    # A text one outlet prints in many articles is its boilerplate ("You agree to receive occasional updates ..."), not a quote.
    outlet_docs = quotes.groupby(["outlet", "normal"], dropna=False)["doc_id"].transform("nunique")
    quotes = quotes[outlet_docs < BOILERPLATE_DOCS].reset_index(drop=True)
    if len(quotes) < 2:
        return pd.DataFrame(columns=COMPARE_TABLES["quote_matches"].names)
    vectors = embedder.embed(quotes["text"].tolist())
    similarity = vectors @ vectors.T
    normal = quotes["normal"].tolist()
    doc = quotes["doc_id"].to_numpy()
    # Only pairs this close can match: a quote inside a longer one scores well above it.
    candidates = np.triu((similarity >= CANDIDATE_MIN) & (doc[:, None] != doc[None, :]), k=1)
    rows = []
    for i, j in zip(*np.nonzero(candidates)):
        kind = _quote_match_kind(normal[i], normal[j], float(similarity[i, j]))
        if kind:
            rows.append(_quote_pair(quotes.iloc[i], quotes.iloc[j], kind, float(similarity[i, j])))
    if not rows:
        return pd.DataFrame(columns=COMPARE_TABLES["quote_matches"].names)
    order = {"exact": 0, "contained": 1, "paraphrase": 2}
    matches = pd.DataFrame(rows)
    return matches.sort_values(["match", "score"], key=lambda c: c.map(order) if c.name == "match" else -c, ignore_index=True)


def _quote_match_kind(a: str, b: str, score: float) -> str | None:
    if a == b:
        return "exact"
    shorter, longer = sorted((a, b), key=len)
    if shorter.count(" ") + 1 >= MIN_CONTAINED_WORDS and f" {shorter} " in f" {longer} ":
        return "contained"
    return "paraphrase" if score >= PARAPHRASE_MIN else None


def _quote_pair(a: pd.Series, b: pd.Series, kind: str, score: float) -> dict:
    return {
        "quote_id_a": a["quote_id"],
        "quote_id_b": b["quote_id"],
        "doc_id_a": a["doc_id"],
        "doc_id_b": b["doc_id"],
        "group_a": a["group"],
        "group_b": b["group"],
        "match": kind,
        "score": round(score, 4),
        "speaker_a": a["speaker_id"],
        "speaker_b": b["speaker_id"],
        "different_speakers": different_speakers(a["speaker_id"], b["speaker_id"]),
        "text_a": a["text"],
        "text_b": b["text"],
    }


def different_speakers(a: str, b: str) -> bool:
    """Whether two speaker ids are two different named entities.

    Only entity keys ("person:…", "org:…") can tell: a pronoun, a description
    ("the airline") or an unresolved speaker may be anyone. Names whose words
    one contains the other's are one speaker ("person:trump",
    "person:donald-j-trump"), whatever the label says.
    """
    names = [_entity_name_words(speaker) for speaker in (a, b)]
    if not all(names):
        return False
    return not (names[0] <= names[1] or names[1] <= names[0])


def _entity_name_words(speaker: str) -> frozenset[str]:
    label, _, name = speaker.partition(":")
    return frozenset(name.split("-")) if label in SPEAKER_ENTITY_LABELS and name else frozenset()


def claim_groups(claims: pd.DataFrame, entities: pd.DataFrame, embedder: Embedder | None) -> pd.DataFrame:
    """Groups of claims from several documents about one quantity, with their range and agree|conflict.

    Claims need a unit and a quantity phrase. Two are linked when they have
    the same unit and change (cheap blocking), come from different documents,
    their times do not differ, their quantity phrases are close
    (QUANTITY_SIMILAR_MIN) and their sentences' embeddings are close:
    CLAIM_SIMILAR_MIN with an entity key shared by the two sentences,
    CLAIM_SIMILAR_ALONE without. Two claims whose numbers disagree need more
    (`_may_conflict`). Groups grow from the closest pairs, and only where every
    two members are linked, so a chain of loosely related claims never becomes
    one group.
    """
    # Without a quantity phrase a claim says how much but not of what: "770 kilometers" may be an altitude or a range.
    claims = claims[claims["unit"].notna() & claims["quantity"].notna() & claims["low"].notna() & claims["factor"].isna()]
    block_of = claims["unit"].astype(str) + "|" + claims["change"].fillna("").astype(str)
    # Only blocks with claims from two documents can make a group: embed no other claim.
    comparable = claims.groupby(block_of)["doc_id"].transform("nunique") > 1
    claims, block_of = claims[comparable].reset_index(drop=True), block_of[comparable].reset_index(drop=True)
    if claims.empty:
        return pd.DataFrame(columns=COMPARE_TABLES["claim_groups"].names)
    sentences = embedder.embed([_masked_sentence(claim) for claim in claims.to_dict("records")])
    quantities = embedder.embed(claims["quantity"].astype(str).tolist())
    sentence_keys = _sentence_entity_keys(claims, entities)
    claims["claim_group"] = range(len(claims))
    for members in claims.groupby(block_of).indices.values():
        if len(members) > 1:
            block = claims.iloc[members]
            similarity = sentences[members] @ sentences[members].T
            quantity_similarity = quantities[members] @ quantities[members].T
            links = _claim_links(block, similarity, quantity_similarity, [sentence_keys[i] for i in members])
            claims.loc[members, "claim_group"] = members[_complete_linkage(links, similarity)]
    groups = [_claim_group_row(members) for _, members in claims.groupby("claim_group") if members["doc_id"].nunique() > 1]
    if not groups:
        return pd.DataFrame(columns=COMPARE_TABLES["claim_groups"].names)
    table = pd.DataFrame(groups).sort_values(["status", "n_docs", "spread"], ascending=[False, False, False], ignore_index=True)
    table["claim_group"] = range(1, len(table) + 1)
    return table


def _claim_links(block: pd.DataFrame, similarity: np.ndarray, quantity_similarity: np.ndarray, keys: list[frozenset[str]]) -> np.ndarray:
    """Which pairs of one block's claims may measure the same thing (a symmetric boolean matrix)."""
    doc = block["doc_id"].to_numpy()
    links = (similarity >= CLAIM_SIMILAR_MIN) & (quantity_similarity >= QUANTITY_SIMILAR_MIN) & (doc[:, None] != doc[None, :])
    rows = block.to_dict("records")
    bounds = [claim_bounds(row) for row in rows]
    for x, y in zip(*np.nonzero(np.triu(links, k=1))):
        shared_entity = bool(keys[x] & keys[y])
        linked = _times_compatible(rows[x]["time"], rows[y]["time"]) and (similarity[x, y] >= CLAIM_SIMILAR_ALONE or shared_entity)
        if linked and not _overlap(bounds[x], bounds[y]):
            linked = _may_conflict(rows[x], rows[y], float(similarity[x, y]), float(quantity_similarity[x, y]), shared_entity)
        links[x, y] = links[y, x] = linked
    return links


def _may_conflict(a: dict, b: dict, similarity: float, quantity_similarity: float, shared_entity: bool) -> bool:
    """Whether two linked claims whose numbers disagree are close enough to be one quantity reported two ways.

    Their sentences must be very close and name a common entity, and their
    quantity phrases must be nearly the same ("a 4-year-old boy", "a 3-year-old
    boy"). Neither may count a part of a whole ("21 of the schoolgirls"), nor
    state the other's number too (then it tells the two apart: "Hilton had three
    sacks, Heyward two"), and a change ("fell 4.3 percent") needs the same
    stated time in both, since two reports may measure different periods.
    """
    if similarity < CONFLICT_SIMILAR_MIN or not shared_entity:
        return False
    if _is_partitive(a) or _is_partitive(b) or _states(a, b["text"]) or _states(b, a["text"]):
        return False
    if quantity_similarity < CONFLICT_QUANTITY_MIN and _bare_quantity(a["quantity"]) != _bare_quantity(b["quantity"]):
        return False
    if isinstance(a["change"], str) and a["change"]:
        return isinstance(a["time"], str) and isinstance(b["time"], str) and normalise_quote(a["time"]) == normalise_quote(b["time"])
    return True


DIGITS = re.compile(r"\d[\d,.]*")
ARTICLES_AND_NUMBERS = re.compile(r"\b(?:a|an|the|its|their|his|her|\w*\d\w*|year old)\b")
PARTITIVE = re.compile(r"\s+of\s+(?:the|those|them|these|its|their|whom|which|all|\d)", re.IGNORECASE)


def _masked_sentence(claim: dict) -> str:
    """The claim's sentence with the digits of its number and its source masked: "Police said 60,000 people
    ..." and "Organisers said 97,000 people ..." are one sentence about one quantity, which is what linking asks."""
    sentence = str(claim["sentence_text"] or "")
    text, source = claim["text"], claim.get("source")
    if isinstance(text, str) and text:
        sentence = sentence.replace(text, DIGITS.sub("N", text), 1)
    if isinstance(source, str) and source:
        sentence = sentence.replace(source, "someone", 1)
    return sentence


def _bare_quantity(quantity: str) -> str:
    """A quantity phrase without articles, possessives and numbers: "a 4-year-old boy" -> "boy"."""
    return " ".join(ARTICLES_AND_NUMBERS.sub(" ", normalise_quote(quantity)).split())


def _is_partitive(claim: dict) -> bool:
    """Whether the claim's number may count a part: "21 of the schoolgirls", "20 of those injured", "15 of 25"."""
    sentence, text = str(claim["sentence_text"] or ""), str(claim["text"])
    return any(PARTITIVE.match(sentence, found.end()) for found in re.finditer(re.escape(text), sentence))


def _states(claim: dict, number: str) -> bool:
    """Whether the claim's sentence also states `number` (as a whole word)."""
    return re.search(rf"(?<![\w.,]){re.escape(number)}(?![\w]|[.,]\d)", str(claim["sentence_text"] or "")) is not None


def _overlap(a: tuple[float, float], b: tuple[float, float]) -> bool:
    return max(a[0], b[0]) <= min(a[1], b[1])


def _complete_linkage(links: np.ndarray, similarity: np.ndarray) -> np.ndarray:
    """A cluster label per row: pairs join closest first, and two clusters merge only when all their members are linked."""
    label = np.arange(len(links))
    pairs = [(x, y) for x, y in zip(*np.nonzero(np.triu(links, k=1)))]
    for x, y in sorted(pairs, key=lambda pair: -similarity[pair]):
        left, right = label == label[x], label == label[y]
        if label[x] != label[y] and links[np.ix_(left, right)].all():
            label[right] = label[x]
    return label


def _sentence_entity_keys(claims: pd.DataFrame, entities: pd.DataFrame) -> list[frozenset[str]]:
    named = entities[~entities["entity_key"].str.startswith(NOT_NAMES)]
    keys = named.groupby(["doc_id", "sentence"])["entity_key"].agg(frozenset).to_dict()
    return [keys.get((doc_id, sentence), frozenset()) for doc_id, sentence in zip(claims["doc_id"], claims["sentence"])]


def _times_compatible(a, b) -> bool:
    """Times differ only when both claims give one and the two share no word with a digit or a month name."""
    if pd.isna(a) or pd.isna(b):
        return True
    return bool(_time_words(a) & _time_words(b)) or normalise_quote(a) == normalise_quote(b)


MONTHS = {"january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"}


def _time_words(time: str) -> set[str]:
    return {word for word in normalise_quote(time).split() if word in MONTHS or re.search(r"\d", word)}


def claim_bounds(row: pd.Series | dict) -> tuple[float, float]:
    """The values a claim allows: its number or range widened for rounding, or open-ended for "more/less than"."""
    low, high = float(row["low"]), float(row["high"])
    qualifier = row["qualifier"] if isinstance(row["qualifier"], str) else "="
    tolerance = APPROXIMATE if qualifier == "~" else ROUNDING
    if qualifier in (">", ">="):
        return low * (1 - ROUNDING), np.inf
    if qualifier in ("<", "<="):
        return -np.inf, high * (1 + ROUNDING)
    return low - abs(low) * tolerance, high + abs(high) * tolerance


def _claim_group_row(members: pd.DataFrame) -> dict:
    bounds = [claim_bounds(row) for _, row in members.iterrows()]
    agree = max(low for low, _ in bounds) <= min(high for _, high in bounds)
    smallest, largest = float(members["value"].min()), float(members["value"].max())
    return {
        "unit": members["unit"].iloc[0],
        "quantity": _most_frequent(members["quantity"]),
        "time": _most_frequent(members["time"]),
        "n_claims": len(members),
        "n_docs": members["doc_id"].nunique(),
        "groups": _outlets(members["group"]),
        "min": smallest,
        "max": largest,
        "spread": 0.0 if largest == 0 else round((largest - smallest) / abs(largest), 4),
        "status": "agree" if agree else "conflict",
        "claim_ids": members["claim_id"].tolist(),
    }


def analyze_formats(out_dir: Path) -> tuple[str, ...]:
    """The formats analyze wrote the documents table in."""
    formats = tuple(file_format for file_format in FORMATS if (out_dir / f"documents.{file_format}").exists())
    if not formats:
        raise StoreError(f"No 'documents' table in {out_dir}; run `presslens analyze ... --out {out_dir}` first.")
    return formats


def write_compare_tables(frames: dict[str, pd.DataFrame], out_dir: Path) -> list[Path]:
    """Write the compare tables next to analyze's, in its formats, and into presslens.duckdb; returns the files."""
    written = []
    tables = {name: pa.Table.from_pandas(frame, schema=COMPARE_TABLES[name], preserve_index=False) for name, frame in frames.items()}
    for name, table in tables.items():
        for file_format in analyze_formats(out_dir):
            target = out_dir / f"{name}.{file_format}"
            replace_atomically(target, lambda tmp: write_small_table(table, tmp, file_format))  # noqa: B023 (called at once)
            written.append(target)
    database = out_dir / "presslens.duckdb"
    replace_atomically(database, lambda tmp: _add_to_duckdb(database, tables, tmp))
    written.append(database)
    return written


def _add_to_duckdb(database: Path, tables: dict[str, pa.Table], tmp: Path) -> None:
    """A copy of analyze's database with the compare tables added (replacing those of an earlier compare)."""
    if database.exists():
        shutil.copyfile(database, tmp)
    with duckdb.connect(str(tmp)) as connection:
        for name, arrow_table in tables.items():
            connection.register("compare_rows", arrow_table)
            connection.execute(f'CREATE OR REPLACE TABLE "{name}" AS SELECT * FROM compare_rows')
            connection.unregister("compare_rows")

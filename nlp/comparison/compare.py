"""Compare: cross-article tables from what `analyze` wrote.

`compare(out_dir, group_by, embedder, find)` reads the documents,
entities, quotes and claims tables of an out folder and returns the tables of
`nlp.schemas.COMPARE_TABLES` as DataFrames:

- stories: which articles report the same story (the input's event field, else
  found from titles, leads, entities and dates: `nlp.comparison.stories`);
- entity_summary and coverage: who and what each group (outlet, event, story, ...) mentions;
- speakers and source_mix: who is quoted, and each group's share of quotes by speaker type;
- quote_matches: the same quote in two articles of a story, exact (after
  normalising), contained in a longer quote, partial (a run of words two
  excerpts of one statement share, or a phrase both put in quotation marks),
  or paraphrased (embedding cosine ≥
  PARAPHRASE_MIN; less when both quotes are given to one named speaker, as a
  translation printed two ways is). A side whose speaker is not a named
  entity carries the other side's named speaker, the two being one statement;
- claim_groups: numeric claims about one quantity in several articles of a
  story, and whether they agree, differ or conflict (`nlp.comparison.claim_groups`).

`write_compare_tables(frames, out_dir)` adds them to the out folder in the
formats analyze used and to presslens.duckdb. Everything is pandas and numpy;
the only model is the sentence embedder.
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterable
from dataclasses import dataclass
from difflib import SequenceMatcher
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa

from nlp.comparison.group_filters import in_speaker
from nlp.comparison.claim_groups import claim_groups
from nlp.comparison.embed import Embedder
from nlp.schemas import COMPARE_TABLES
from nlp.comparison.stories import document_leads, event_stories, find_stories, named_entities
from nlp.comparison.text import normal_text
from nlp.io.export import write_small_table
from nlp.io.lookup import article_texts
from nlp.io.store import FORMATS, StoreError, read_table, replace_atomically

NO_GROUP = "(none)"
SPEAKER_ENTITY_LABELS = ("person", "org", "group", "place")  # the entity keys a quote's speaker may have
MIN_QUOTE_WORDS = 5  # shorter quotes ("a disaster") repeat by chance
BOILERPLATE_DOCS = 3  # documents of one outlet with the same quote text from which it is boilerplate
MIN_CONTAINED_WORDS = 8  # a shorter quote inside a longer one counts from this length on
CANDIDATE_MIN = 0.5  # cosine below which two quotes are never compared word by word
PARAPHRASE_MIN = 0.85  # cosine of two quotes' embeddings from which they are one quote
SHARED_RUN_MIN = 6  # words in a row two quotes share from which they excerpt one statement ("very tired coming out of the process")
SAME_SPEAKER_RUN_MIN = 5  # ... when both quotes are given to one named speaker and the run is ...
SAME_SPEAKER_RUN_SHARE = 0.3  # ... this share of the shorter quote's words at least (not a stock phrase of a long quote)
SAME_SPEAKER_PARAPHRASE_MIN = 0.7  # cosine from which two quotes of one named speaker are one statement (two translations of it)
SHINGLE_QUOTES_MAX = 50  # quotes sharing one run of words beyond which the run is a stock phrase, not a statement
QUOTED_WORDS = (2, 6)  # words of a phrase quoted inside a reported statement ("a “lone wolf” attack"): a speaker's own words
QUOTED_SPAN = re.compile(r"[“\"]([^“”\"]+)[”\"]")


@dataclass
class Corpus:
    """The analyze tables of an out folder, documents with their `group`."""

    documents: pd.DataFrame
    entities: pd.DataFrame
    quotes: pd.DataFrame
    claims: pd.DataFrame


def load_corpus(out_dir: Path, group_by: str = "outlet", embedder: Embedder | None = None, find: bool = False) -> tuple[Corpus, pd.DataFrame]:
    """(the analyze tables of `out_dir`, ok documents only, each with its story_id and group; the stories table)."""
    documents = read_table(out_dir, "documents")
    documents = documents[documents["status"] == "ok"].reset_index(drop=True)
    documents["published"] = documents["published"].map(lambda value: None if pd.isna(value) else pd.Timestamp(value).isoformat())
    entities = read_table(out_dir, "entities")
    events = document_groups(documents, "event")
    if not find and len(documents) and (events != NO_GROUP).all():
        stories = event_stories(documents, events, entities)
    else:
        stories = find_stories(documents, entities, embedder, document_leads(documents, article_texts(out_dir)))
    documents = documents.merge(stories, on="doc_id", how="left")
    if group_by == "story":
        documents["group"] = documents["story_id"].astype(str) + ": " + documents["label"].fillna("").astype(str)
    else:
        documents["group"] = document_groups(documents, group_by)
    return Corpus(documents, entities, *(read_table(out_dir, name) for name in ("quotes", "claims"))), stories


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


def compare(out_dir: Path, group_by: str = "outlet", embedder: Embedder | None = None, find: bool = False) -> dict[str, pd.DataFrame]:
    """All compare tables for the analysis in `out_dir`; `embedder` is made (packaged MiniLM) when needed and not given.

    Stories come from the input's event field when every document has one, else
    (or with `find`) from the articles' titles, leads, entities and dates.
    """
    if embedder is None:
        embedder = Embedder(cache_dir=out_dir / ".presslens")
    corpus, stories = load_corpus(out_dir, group_by, embedder, find)
    quotes = _with_documents(corpus.quotes, corpus.documents)
    claims = _with_documents(corpus.claims, corpus.documents)
    claims["in_speaker"] = in_speaker(claims, corpus.quotes)
    frames = {
        "stories": stories,
        "entity_summary": entity_summary(corpus),
        "coverage": coverage(corpus),
        "speakers": speakers(quotes),
        "source_mix": source_mix(quotes),
        "quote_matches": quote_matches(quotes, embedder),
        "claim_groups": claim_groups(claims, corpus.entities, embedder),
    }
    return {name: frames[name].reindex(columns=COMPARE_TABLES[name].names) for name in COMPARE_TABLES}


def _with_documents(rows: pd.DataFrame, documents: pd.DataFrame) -> pd.DataFrame:
    """Rows of ok documents with the document's outlet, group, published date and story."""
    return rows.merge(documents[["doc_id", "outlet", "group", "published", "story_id"]], on="doc_id", how="inner")


def _outlets(values: pd.Series) -> str:
    return "; ".join(sorted(values.dropna().astype(str).unique()))


def _most_frequent_by(rows: pd.DataFrame, key: str, column: str) -> pd.Series:
    """For each `key`, its most frequent `column` value (ties: the first in sort order); one groupby, no Python loop."""
    counts = rows.groupby([key, column]).size().rename("n").reset_index()
    counts = counts.sort_values(["n", column], ascending=[False, True]).drop_duplicates(key)
    return counts.set_index(key)[column]


def entity_summary(corpus: Corpus) -> pd.DataFrame:
    """One row per named entity key: its name, label, documents, mentions, outlets and first and last dates."""
    named = _with_documents(named_entities(corpus.entities), corpus.documents)
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
    named = _with_documents(named_entities(corpus.entities), corpus.documents)
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


def quote_matches(quotes: pd.DataFrame, embedder: Embedder | None) -> pd.DataFrame:
    """Pairs of quotes in different documents of one story that are one statement: exact, contained, partial or paraphrase."""
    quotes = quotes.assign(normal=quotes["text"].map(normal_text), speaker_id=_speaker_identity(quotes)).reset_index(drop=True)
    quotes = quotes[quotes["normal"].str.count(" ") + 1 >= MIN_QUOTE_WORDS]
    # A text one outlet prints in many articles is its boilerplate ("You agree to receive occasional updates ..."), not a quote.
    outlet_docs = quotes.groupby(["outlet", "normal"], dropna=False)["doc_id"].transform("nunique")
    quotes = quotes[outlet_docs < BOILERPLATE_DOCS].reset_index(drop=True)
    if len(quotes) < 2:
        return pd.DataFrame(columns=COMPARE_TABLES["quote_matches"].names)
    vectors = embedder.embed(quotes["text"].tolist())
    similarity = vectors @ vectors.T
    normal, speaker = quotes["normal"].tolist(), quotes["speaker_id"].tolist()
    doc, story = quotes["doc_id"].to_numpy(), quotes["story_id"].to_numpy()
    # Only pairs this close, or sharing a run of words, can match (a quote inside a longer one scores well above it), and only within a story.
    same_story = story[:, None] == story[None, :]
    quoted = _sharing_quoted_words(quotes["text"].tolist())
    candidates = (similarity >= CANDIDATE_MIN) | _sharing_runs(normal, SAME_SPEAKER_RUN_MIN) | quoted
    candidates = np.triu(candidates & (doc[:, None] != doc[None, :]) & same_story, k=1)
    rows = []
    for i, j in zip(*np.nonzero(candidates)):
        one_speaker = same_speaker(speaker[i], speaker[j])
        kind = quote_match_kind(normal[i], normal[j], float(similarity[i, j]), one_speaker, quoted[i, j] and not different_speakers(speaker[i], speaker[j]))
        if kind:
            rows.append(_quote_pair(quotes.iloc[i], quotes.iloc[j], kind, float(similarity[i, j])))
    if not rows:
        return pd.DataFrame(columns=COMPARE_TABLES["quote_matches"].names)
    order = {"exact": 0, "contained": 1, "partial": 2, "paraphrase": 3}
    matches = pd.DataFrame(rows)
    return matches.sort_values(["match", "score"], key=lambda c: c.map(order) if c.name == "match" else -c, ignore_index=True)


def _sharing_runs(normal: list[str], length: int) -> np.ndarray:
    """Which pairs of normalised quotes share `length` words in a row (a boolean matrix), from an index of word runs."""
    holders = _run_holders(((index, text.split()) for index, text in enumerate(normal)), range(length, length + 1))
    sharing = np.zeros((len(normal), len(normal)), dtype=bool)
    for members in holders.values():
        if 1 < len(members) <= SHINGLE_QUOTES_MAX:
            listed = list(members)
            sharing[np.ix_(listed, listed)] = True
    return sharing


def _run_holders(owned_words: Iterable[tuple[int, list[str]]], lengths: range) -> dict[tuple[str, ...], set[int]]:
    """Every run of consecutive words, of each length in `lengths`, in each (owner, words) pair, with the owners
    holding it: the index `_sharing_runs` and `_sharing_quoted_words` look shared phrases up in."""
    holders: dict[tuple[str, ...], set[int]] = {}
    for owner, words in owned_words:
        for length in lengths:
            for start in range(len(words) - length + 1):
                holders.setdefault(tuple(words[start : start + length]), set()).add(owner)
    return holders


def _sharing_quoted_words(texts: list[str]) -> np.ndarray:
    """Which pairs of quotes both put one phrase of QUOTED_WORDS words in quotation marks, as reporters lift a
    speaker's own words into a reported statement ("a “lone wolf” attack", "as a “lone wolf” whose ..."); a boolean matrix."""
    spans = [[normal_text(found).split() for found in QUOTED_SPAN.findall(text)] for text in texts]
    # An index of every run of QUOTED_WORDS words inside a quoted span, so each phrase looks up its holders at once.
    holders = _run_holders(((index, words) for index, found in enumerate(spans) for words in found), range(QUOTED_WORDS[0], QUOTED_WORDS[1] + 1))
    sharing = np.zeros((len(texts), len(texts)), dtype=bool)
    for index, found in enumerate(spans):
        for words in found:
            if QUOTED_WORDS[0] <= len(words) <= QUOTED_WORDS[1]:
                others = [other for other in holders[tuple(words)] if other != index]
                sharing[index, others] = sharing[others, index] = True
    return sharing


def quote_match_kind(a: str, b: str, score: float, one_speaker: bool = False, shared_quoted: bool = False) -> str | None:
    """How two normalised quotes are one statement (exact, contained, partial, paraphrase), or None when they are not.

    `one_speaker`: both are given to one named speaker, so fewer shared words
    or a looser paraphrase (a translation printed two ways) will do.
    `shared_quoted`: both put one phrase of the speaker's in quotation marks
    (`_sharing_quoted_words`) and name no two different speakers: excerpts of one statement.
    """
    if a == b:
        return "exact"
    shorter, longer = sorted((a, b), key=len)
    if shorter.count(" ") + 1 >= MIN_CONTAINED_WORDS and f" {shorter} " in f" {longer} ":
        return "contained"
    if score >= PARAPHRASE_MIN:
        return "paraphrase"
    first, second = a.split(), b.split()
    shared = SequenceMatcher(None, first, second, autojunk=False).find_longest_match(0, len(first), 0, len(second)).size
    if shared >= SHARED_RUN_MIN or (one_speaker and shared >= max(SAME_SPEAKER_RUN_MIN, SAME_SPEAKER_RUN_SHARE * min(len(first), len(second)))) or shared_quoted:
        return "partial"
    return "paraphrase" if one_speaker and score >= SAME_SPEAKER_PARAPHRASE_MIN else None


def _quote_pair(a: pd.Series, b: pd.Series, kind: str, score: float) -> dict:
    speaker_a, speaker_b = carried_speaker(a["speaker_id"], b["speaker_id"]), carried_speaker(b["speaker_id"], a["speaker_id"])
    return {
        "story_id": a["story_id"],
        "quote_id_a": a["quote_id"],
        "quote_id_b": b["quote_id"],
        "doc_id_a": a["doc_id"],
        "doc_id_b": b["doc_id"],
        "group_a": a["group"],
        "group_b": b["group"],
        "match": kind,
        "score": round(score, 4),
        "speaker_a": speaker_a,
        "speaker_b": speaker_b,
        "different_speakers": different_speakers(a["speaker_id"], b["speaker_id"]),
        "text_a": a["text"],
        "text_b": b["text"],
    }


def carried_speaker(own: str, other: str) -> str:
    """A side's speaker in a quote match: its own when named (an entity key), else the other side's named speaker,
    since the two quotes are one statement ("he" or "the statement" in one outlet, "person:jonathan-blake" in another)."""
    return own if _entity_name_words(own) or not _entity_name_words(other) else other


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


def same_speaker(a: str, b: str) -> bool:
    """Whether two speaker ids name one entity: both entity keys, one's name words within the other's."""
    return bool(_entity_name_words(a) and _entity_name_words(b)) and not different_speakers(a, b)


def _entity_name_words(speaker: str) -> frozenset[str]:
    label, _, name = speaker.partition(":")
    return frozenset(name.split("-")) if label in SPEAKER_ENTITY_LABELS and name else frozenset()


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

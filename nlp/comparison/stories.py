"""Stories: which articles report the same story, for comparing them with each other.

`find_stories(documents, entities, embedder, leads)` takes the documents and
entities tables of an analysis and each document's lead passages (title and
first paragraph, then the next stretch of text), and returns the `stories`
table (story_id, doc_id, label). Two articles are one story when their leads
say the same thing (cosine of the mean of the passages' embeddings), with
named entities in common counting for them and publication dates far apart
counting against them; stories are the clusters of average linkage over that
score, so one loosely related article cannot chain two stories together.

`event_stories(documents)` makes the same table from a given event field (one
story per event) for inputs that have one. The label is a story's most shared
named entities ("Croydon / Sandilands / British Transport Police").
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from nlp.comparison.embed import Embedder
from nlp.schemas import COMPARE_TABLES

LEAD_CHARS = 400  # of the article text after the title: the lead says what the story is
# Passages of LEAD_CHARS embedded per article, their mean its vector. The embedder reads 128 tokens (about 500
# characters), so a longer single lead is cut; a second passage adds the background that follow-ups and reports
# from another angle share with the first report (tuning half of news_cluster, bench/stories_accuracy.py: pair
# recall 72.7% -> 81.5% at 99.4% precision; 3 passages let unrelated stories on one country join).
LEAD_PASSAGES = 2
STORY_SIMILAR_MIN = 0.55  # average combined score from which two clusters are one story
ENTITY_BONUS = 0.05  # added to the cosine per named entity the two articles share ...
ENTITY_BONUS_MAX = 0.2  # ... up to this much
TOP_ENTITIES = 8  # an article's most mentioned named entities, the ones that say what it is about
DATE_WINDOW_DAYS = 30  # articles published further apart than this (follow-ups come within weeks; 14 days: tune recall 81.5%, 30: 82.7%) ...
DATE_PENALTY = 0.15  # ... lose this much of their score
LABEL_ENTITIES = 3
NOT_NAMES = ("date:", "number:")  # entity keys of dates and numbers: shared by chance, not coverage



def named_entities(entities: pd.DataFrame) -> pd.DataFrame:
    """The rows of an entities table that name something: dates and numbers (NOT_NAMES keys) left out."""
    return entities[~entities["entity_key"].astype(str).str.startswith(NOT_NAMES)]

def lead_passages(title: str | None, text: str | None) -> tuple[str, ...]:
    """What an article is about: its title with the start of its text, then up to LEAD_PASSAGES - 1 further stretches."""
    text = text or ""
    first = " ".join(part for part in (title or "", text[:LEAD_CHARS]) if part).strip()
    rest = (text[index * LEAD_CHARS : (index + 1) * LEAD_CHARS].strip() for index in range(1, LEAD_PASSAGES))
    return tuple(passage for passage in (first, *rest) if passage)


def find_stories(documents: pd.DataFrame, entities: pd.DataFrame, embedder: Embedder | None, leads: list[tuple[str, ...]]) -> pd.DataFrame:
    """The stories table for `documents` (one row per document; its lead passages in `leads`, in the same order)."""
    if documents.empty:
        return pd.DataFrame(columns=COMPARE_TABLES["stories"].names)
    if len(documents) == 1 or embedder is None:
        labels = np.arange(len(documents))
    else:
        vectors = _lead_vectors(embedder, [lead or (str(doc_id),) for lead, doc_id in zip(leads, documents["doc_id"])])
        score = vectors @ vectors.T + _entity_bonus(documents, entities) - _date_penalty(documents["published"])
        labels = _average_linkage(score, STORY_SIMILAR_MIN)
    return _stories_table(documents["doc_id"], labels, entities)


def event_stories(documents: pd.DataFrame, events: pd.Series, entities: pd.DataFrame) -> pd.DataFrame:
    """The stories table from a given event per document (documents without one are stories of their own)."""
    codes = pd.factorize(events.where(events.notna(), documents["doc_id"].map(lambda doc_id: f"\0{doc_id}")))[0]
    return _stories_table(documents["doc_id"], codes, entities)


def _lead_vectors(embedder: Embedder, leads: list[tuple[str, ...]]) -> np.ndarray:
    """Per article, the unit-length mean of its passages' vectors."""
    vectors = embedder.embed([passage for lead in leads for passage in lead])
    owner = np.repeat(np.arange(len(leads)), [len(lead) for lead in leads])
    summed = np.zeros((len(leads), vectors.shape[1]), dtype=np.float32)
    np.add.at(summed, owner, vectors)
    return summed / np.linalg.norm(summed, axis=1, keepdims=True)


def _top_entities(documents: pd.DataFrame, entities: pd.DataFrame) -> list[frozenset[str]]:
    named = named_entities(entities)
    counts = named.groupby(["doc_id", "entity_key"]).size().rename("n").reset_index()
    counts = counts.sort_values(["doc_id", "n"], ascending=[True, False]).groupby("doc_id").head(TOP_ENTITIES)
    top = counts.groupby("doc_id")["entity_key"].agg(frozenset).to_dict()
    return [top.get(doc_id, frozenset()) for doc_id in documents["doc_id"]]


def _entity_bonus(documents: pd.DataFrame, entities: pd.DataFrame) -> np.ndarray:
    """Per pair of documents, ENTITY_BONUS per shared top entity, at most ENTITY_BONUS_MAX."""
    top = _top_entities(documents, entities)
    keys = sorted(set().union(*top))
    if not keys:
        return np.zeros((len(documents), len(documents)))
    column = {key: index for index, key in enumerate(keys)}
    member = np.zeros((len(documents), len(keys)))
    for row, doc_keys in enumerate(top):
        member[row, [column[key] for key in doc_keys]] = 1
    return np.minimum((member @ member.T) * ENTITY_BONUS, ENTITY_BONUS_MAX)


def _date_penalty(published: pd.Series) -> np.ndarray:
    """DATE_PENALTY for pairs published more than DATE_WINDOW_DAYS apart (0 where a date is missing)."""
    days = pd.to_datetime(published, errors="coerce", utc=True, format="mixed")
    stamp = days.map(lambda day: day.timestamp() / 86400 if pd.notna(day) else np.nan).to_numpy(dtype=float)
    apart = np.abs(stamp[:, None] - stamp[None, :])
    return np.where(np.nan_to_num(apart, nan=0.0) > DATE_WINDOW_DAYS, DATE_PENALTY, 0.0)


def _average_linkage(score: np.ndarray, threshold: float) -> np.ndarray:
    """Cluster labels: average-linkage clusters whose members score at least `threshold` on average."""
    from scipy.cluster.hierarchy import fcluster, linkage
    from scipy.spatial.distance import squareform

    distance = np.clip(1.0 - (score + score.T) / 2, 0.0, None)
    np.fill_diagonal(distance, 0.0)
    tree = linkage(squareform(distance, checks=False), method="average")
    return fcluster(tree, t=1.0 - threshold, criterion="distance")


def _stories_table(doc_ids: pd.Series, labels: np.ndarray, entities: pd.DataFrame) -> pd.DataFrame:
    """story_id (numbered by size, largest first), doc_id and a label per document."""
    table = pd.DataFrame({"doc_id": doc_ids.to_numpy(), "cluster": labels})
    sizes = table.groupby("cluster")["doc_id"].transform("size")
    order = table.assign(size=sizes).sort_values(["size", "cluster"], ascending=[False, True])["cluster"].drop_duplicates()
    table["story_id"] = table["cluster"].map({cluster: number for number, cluster in enumerate(order, start=1)})
    table["label"] = table["story_id"].map(_labels(table, entities))
    return table.sort_values(["story_id", "doc_id"], ignore_index=True)[COMPARE_TABLES["stories"].names]


def _labels(table: pd.DataFrame, entities: pd.DataFrame) -> dict[int, str]:
    """Per story, its LABEL_ENTITIES named entities found in the most of its documents."""
    named = named_entities(entities).merge(table[["doc_id", "story_id"]], on="doc_id")
    if named.empty:
        return {}
    spread = named.groupby(["story_id", "entity_key"]).agg(n_docs=("doc_id", "nunique"), n=("doc_id", "size"), name=("canonical", "first"))
    spread = spread.reset_index().sort_values(["story_id", "n_docs", "n"], ascending=[True, False, False])
    return {story: " / ".join(rows["name"].astype(str).head(LABEL_ENTITIES)) for story, rows in spread.groupby("story_id")}


def document_leads(documents: pd.DataFrame, texts: dict[str, str]) -> list[tuple[str, ...]]:
    """Each document's lead passages (`texts`: analyze's texts by doc_id; the title alone without one)."""
    return [lead_passages(document.get("title"), texts.get(document["doc_id"])) for document in documents.to_dict("records")]
